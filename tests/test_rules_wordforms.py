"""Word forms, typos and mixed Russian/English texts across the rules."""

import pytest

from ticketcli.rules import check


def fired(text, type_):
    return {f.rule for f in check(text, type=type_).findings}


@pytest.mark.parametrize("text", [
    "Сайт пример.рф не открывается в браузере Хром.",
    "Сайт пример.рф не открывается в хроме.",
    "Сайт пример.рф не открывается в Хромe.",          # a Latin "e" inside a Russian word
    "Сайт пример.рф не открывается в Firefx.",         # one letter missing
    "Site example.org fails in Chorme.",               # two letters swapped
    "Сайт пример.рф не открывается в яндекс браузере.",
    "Сайт пример.рф не открывается в Яндекс.Браузере.",
])
def test_browser_forms_and_typos(text):
    assert "site-browser" not in fired(text, "site-access")


@pytest.mark.parametrize("text", [
    "Outlok не отправляет письма.", "В Тандерберде не приходят письма.", "Thunderbrd won't send.",
    "В аутлуке не уходят письма.",
])
def test_mail_client_typos(text):
    assert "mail-client" not in fired(text, "mail")


@pytest.mark.parametrize("text", [
    "Интернет от Ростелекома.", "Провайдер Ростелеком.", "У нас Билайн.", "Мы у Билайна.",
    "С МегаФоном то же самое.", "My provider is Vodafon.",
])
def test_isp_forms(text):
    assert "isp" not in fired("Сайт пример.рф не открывается в Chrome. " + text, "site-access")


@pytest.mark.parametrize("text", [
    "Договор 12-345.", "По договору 12-345.", "Номер договора — 12-345.", "В договоре № 12-345.",
    "Contract 12345.", "Our contract #XY-12.", "Договора №2024/7.",
])
def test_contract_forms(text):
    assert "identify" not in fired("Не приходят письма. " + text, "other")


def test_mixed_language_ticket():
    text = ("Добрый день, сайт shop-demo.ru не открывается in Chrome, ISP — Билайн. "
            "Error: \"ERR_CONNECTION_TIMED_OUT\". Can you check the server?")
    assert fired(text, "site-access") == {"please"}
    report = check(text, type="site-access", ui_lang="ru")
    assert report.lang == "ru"
    please = [f for f in report.findings if f.rule == "please"][0]
    assert please.replacement.endswith("Please check the server.")


def test_address_words_do_not_count_as_program_names():
    # "outlook" inside an address is not the program, even with fuzzy matching
    assert "mail-client" in fired("Письма на адреса @outlook.com и @hotmail.com возвращаются.", "mail")
