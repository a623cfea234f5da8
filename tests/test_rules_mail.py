"""mail-client, mail-direction, mail-history: the facts a mail ticket needs."""

import pytest

from ticketcli.rules import check


def fired(text, **kw):
    return {f.rule for f in check(text, type="mail", **kw).findings}


@pytest.mark.parametrize("text", [
    "В аутлуке не отправляются письма.", "Thunderbird'е не видно новых писем.",
    "В The Bat! висят письма.", "Apple Mail won't send.", "eM Client cannot fetch mail.",
    "Почта на iPhone в стандартном приложении не обновляется.",
    "The mail app on my Android phone says login failed.",
    "В веб-почте (Roundcube) не видно писем.", "Webmail shows an empty inbox.",
    "Письма с формы обратной связи на сайте (1С-Битрикс) не приходят.",
    "WordPress contact form mails never arrive.", "Mailbird keeps asking for the password.",
])
def test_client_named(text):
    assert "mail-client" not in fired(text)


@pytest.mark.parametrize("text", [
    "Письма на адреса @outlook.com возвращаются.",  # an address, not the program
    "Mails to Gmail users bounce.",
    "В почтовой программе не уходят письма.",
    "Не приходят письма на ящик info@ferma-pro.ru.",
])
def test_client_missing(text):
    assert "mail-client" in fired(text)


@pytest.mark.parametrize("text", [
    "Письма не уходят.", "Не могу отправить письмо.", "Не приходят письма.", "Перестали поступать письма.",
    "Входящие пустые с утра.", "Outgoing mail is stuck.", "I can't receive anything.",
    "Emails bounce back.", "Nothing arrives in my inbox.", "Login failed in webmail.",
    "Не могу войти в веб-почту.", "Ни отправить, ни получить.", "Recieving is broken.",
])
def test_direction_given(text):
    assert "mail-direction" not in fired(text)


@pytest.mark.parametrize("text", [
    "Outlook постоянно просит пароль.", "Thunderbird shows a certificate warning.",
    "Почта глючит в The Bat!.", "Outlook times out every few minutes.",
    "Outlook keeps asking for the password. Could you send me the right settings?",  # "send me" is a request
    "Thunderbird просит пароль. Отправьте мне, пожалуйста, настройки.",
])
def test_direction_missing(text):
    assert "mail-direction" in fired(text)


@pytest.mark.parametrize("text", [
    "Раньше всё работало.", "До вчерашнего дня всё было нормально.", "Настраиваю впервые.",
    "Перестали приходить письма.", "It used to work.", "Worked fine until Friday.",
    "First time setting it up.", "This stopped after the update.", "Ящик новый, только что настроил.",
    "It has worked for years.", "С понедельника не уходят письма.",
])
def test_history_given(text):
    assert "mail-history" not in fired(text)


@pytest.mark.parametrize("text", [
    "Письма не уходят из Outlook.", "Outlook can't receive mail.",
    "Можете ли вы с 1 числа перевести ящик на другой тариф?",
])
def test_history_missing(text):
    assert "mail-history" in fired(text)


def test_fields_satisfy_mail_rules():
    out = fired("Почта не работает", fields={"client": "Evolution", "direction": "both", "worked_before": "no"})
    assert not {"mail-client", "mail-direction", "mail-history"} & out


def test_mail_rules_only_for_mail():
    out = {f.rule for f in check("Почта не работает", type="site-access").findings}
    assert not {"mail-client", "mail-direction", "mail-history"} & out


def test_severities():
    fs = {f.rule: f for f in check("Почта не работает", type="mail").findings}
    assert fs["mail-client"].severity == "error" and fs["mail-client"].field == "client"
    assert fs["mail-direction"].severity == "error" and fs["mail-direction"].field == "direction"
    assert fs["mail-history"].severity == "warning" and fs["mail-history"].field == "worked_before"
