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
    # the site as the sender is the program (the catalogue: "a site's or CMS's own mailer")
    "Форма обратной связи на сайте перестала отправлять заявки.",
    "Битрикс не присылает уведомления о новых заказах.",
    "Используемая версия InstantCMS: 2.12, письма не уходят.",
    "PHP mail() returns false for every call.",
    "Our cron script sends the nightly report via PHPMailer; nothing arrives.",
    "New order notifications from WooCommerce stopped going out.",
    "Письма с сайта не доходят до клиентов.",
    "Системные письма от Весты уходят в спам.",
    "The control panel's own warning letters stopped coming.",
    "В профиле на сайте указан верный e-mail, но уведомления не приходят.",
    "Функцию mail дергает, но письма теряются.",
    "wp_mail fails silently since the update.",
])
def test_site_mailer_named(text):
    assert "mail-client" not in fired(text)


@pytest.mark.parametrize("text", [
    "После регистрации не приходит письмо с подтверждением.",  # no site, no program: which sender?
    "Customers get no order confirmation at all.",
    "My website email stopped receiving messages.",  # the mailbox of the site's domain, not the site sending
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
    # what real reports say instead
    "All of a sudden the login page is new and rejects me.", "Since we moved the site, no mail arrives.",
    "После переезда на новый хостинг письма не уходят.", "I have installed Vesta and Roundcube on my VPS.",
    "I just made a roundcube instance on my server.", "Поставил модуль на сайт, заявки не приходят.",
    "Прописываем настройки SMTP и тестируем: не уходит.", "Тестовое письмо из админки не отправляется.",
    "This mailer works great but only on my home wifi.", "It works fine most of the time, then times out.",
    "Не приходят с 12 марта.", "Outlook periodically fails to sync.", "Иногда письма теряются.",
    "I'm very new to this and set it up following your guide.", "Using the manual config in Thunderbird.",
    "On a new VPS postfix does not send mail from Roundcube.", "На новом сервере не уходят письма.",
    "Trying to add my work account on the iPhone.", "Третий раз за месяц не приходят письма.",
])
def test_history_given(text):
    assert "mail-history" not in fired(text)


@pytest.mark.parametrize("text", [
    "Письма не уходят из Outlook.", "Outlook can't receive mail.",
    "Можете ли вы с 1 числа перевести ящик на другой тариф?",  # a date ahead, not one it broke on
    "Устанавливаем галочку «Уведомить покупателя», но ничего не высылается.",  # a checkbox is no setup
    "Updated by release; the mail is not sent.",  # a program's "about" line, not a change made
    "Is it possible to set up forwarding? Receiving works fine.",
    "All emails from my domain go to spam in Gmail. How do I set up DKIM?",  # a question, not a setup made
])
def test_history_missing(text):
    assert "mail-history" in fired(text)


@pytest.mark.parametrize("text", [
    "Форма обратной связи на сайте молчит.", "PHP mail() returns false.", "WordPress: Could not instantiate mail function.",
])
def test_the_site_as_sender_says_what_fails(text):
    assert "mail-direction" not in fired(text)  # the site sends: its sending fails


def test_sender_fields_satisfy_mail_rules():
    for fields in ({"sender": "site"}, {"site_mailer": "WordPress"}, {"sender": "site", "site_mailer": "contact form"}):
        out = fired("Письма не доходят", fields=fields)
        assert not {"mail-client", "mail-direction"} & out, fields
    out = fired("Письма не доходят", fields={"sender": "program"})
    assert "mail-client" in out  # which program is still to be said


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
