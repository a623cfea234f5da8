"""written-channel: account changes and confidential data only in writing from the registered address or the form."""

import pytest

from ticketcli.rules import check


def finding(text, **kw):
    fs = [f for f in check(text, type="account-change", **kw).findings if f.rule == "written-channel"]
    return fs[0] if fs else None


SENSITIVE = [
    "Поменяйте, пожалуйста, контактный e-mail в договоре на new@ferma-pro.ru.",
    "Please change the contact email on my account to owner@example.org.",
    "Сбросьте пароль от панели управления.",
    "Please reset my control panel password.",
    "Хочу перенести домен пример.рф к другому регистратору.",
    "Send me the auth code for example.org.",
    "Смена владельца домена на ООО «Весна».",
    "Новые реквизиты для выставления счетов: ...",
    "Переведите нас на тариф «Старт».",
    "Please delete the mailbox old@example.org.",
    "Мой пароль от FTP Lesnik1977, проверьте доступ.",   # a secret is confidential too
]


@pytest.mark.parametrize("text", SENSITIVE)
@pytest.mark.parametrize("channel", ["phone", "email-other"])
def test_error_on_unsafe_channel(text, channel):
    f = finding(text, channel=channel)
    assert f is not None and f.severity == "error"


@pytest.mark.parametrize("text", SENSITIVE)
def test_info_when_channel_unknown(text):
    f = finding(text)
    assert f is not None and f.severity == "info"


def test_info_does_not_block_but_error_does():
    text = "Сбросьте пароль от панели. Договор 12-345."
    assert check(text, type="account-change").ok
    assert not check(text, type="account-change", channel="phone").ok
    assert check(text, type="account-change", channel="email-registered").ok


@pytest.mark.parametrize("text", SENSITIVE)
@pytest.mark.parametrize("channel", ["api", "email-registered"])
def test_never_on_written_channels(text, channel):
    assert finding(text, channel=channel) is None


@pytest.mark.parametrize("text", [
    "Сайт пример.рф открывается медленно в Chrome.",
    "What is the price of the Business plan?",
    "Outlook не отправляет письма, ошибка «535 Authentication failed».",
])
def test_ordinary_requests(text):
    assert finding(text, channel="phone") is None


def test_message_in_ui_language():
    ru = finding("Please reset my password", channel="phone", ui_lang="ru")
    en = finding("Сбросьте пароль", channel="phone", ui_lang="en")
    assert "письменн" in ru.message
    assert "writing" in en.message
