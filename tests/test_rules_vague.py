"""vague: "it doesn't work" without any concrete detail."""

import pytest

from ticketcli.rules import check


def fires(text, type="other", **kw):
    return "vague" in {f.rule for f in check(text, type=type, **kw).findings}


@pytest.mark.parametrize("text,type_", [
    ("Сайт не работает второй день, сделайте что-нибудь!", "site-access"),
    ("Опять упал сайт лесопилка-урал.рф, что случилось?", "site-access"),  # a domain alone
    ("Договор 55-120. Почта не работает, срочно почините.", "mail"),        # a contract alone
    ("Ошибка 500 со вчерашнего дня.", "site-access"),                    # a code alone
    ("Проблема с хостингом, ничего не работает!!!", "other"),
    ("my site is broken, fix it now", "site-access"),
    ("Email stopped working. Need this sorted today.", "mail"),
    ("hosting doesnt work again", "other"),
    ("Сайт не работет, клиенты жалуются", "site-access"),                 # a typo
    ("Не работает почта. Интернет от Ростелекома.", "mail"),             # an ISP alone
    # the program that fails, named, and nothing else: as vague as "my mail doesn't work" (the
    # labelling of the real reports: "Outlook is not working" is vague); "since when" alone adds nothing
    ("Почта не работает в Thunderbird с утра.", "mail"),
    ("Outlook is not working. Regards, Ivan", "mail"),
    ("It looks like SMTP sending does not work.", "mail"),                # one direction alone
    ("The website can't be reached on all browser platforms, both PC and mobile.", "site-access"),  # everywhere
])
def test_fires(text, type_):
    assert fires(text, type_)


@pytest.mark.parametrize("text,type_", [
    ("Сайт не работает: в Firefox пишет «Соединение сброшено».", "site-access"),
    ("После обновления темы сайт не открывается, белый экран.", "site-access"),
    ("The site is down on mobile, but loads on my laptop.", "site-access"),
    ("Thunderbird с утра не получает почту.", "mail"),                    # the program and what fails
    ("Не приходят письма на ящик zakaz@ferma-pro.ru, отправка работает.", "mail"),
    ("Письма не приходят, а отправка вроде работает.", "mail"),            # a contrast of directions
    ("Форма обратной связи на сайте перестала отправлять письма.", "mail"),  # the site's form, what fails
    ("The site is down on my phone; on the laptop it opens fine.", "site-access"),
    ("Product pages load for 40 seconds, the rest is fine.", "site-access"),
    ("Admin panel at https://ferma-pro.ru/bitrix/admin is not loading.", "site-access"),
    ("Пожалуйста, продлите домен пример.рф на год.", "other"),               # nothing is broken
    ("FTP не работает: FileZilla пишет «530 Login incorrect».", "other"),
])
def test_passes(text, type_):
    assert not fires(text, type_)


@pytest.mark.parametrize("text,subject", [
    ("Ведет ошибку 500 что не так с сервером(", "500 (Internal Server Error)"),  # the words, in the subject
    ("The site is down. It only responds with 502.", "Bad Gateway 502"),
])
def test_error_text_in_the_subject_is_a_detail(text, subject):
    assert fires(text, "site-access")
    assert not fires(text, "site-access", subject=subject)


def test_a_long_description_is_not_vague(monkeypatch):
    from ticketcli.rules import vague

    assert fires("Сайт не работает, сделайте что-нибудь.", "site-access")
    story = ("Сайт не работает. Вчера вечером мы с коллегами заметили, что у части покупателей он не "
             "открывается, а у других открывается; звонили знакомым из разных городов, у кого-то так же, "
             "у кого-то нормально, мы не понимаем, с чем это связано, что делать дальше и к кому идти.")
    assert not fires(story, "site-access")
    monkeypatch.setattr(vague, "LONG", 10_000)  # its length is the only detail found
    assert fires(story, "site-access")


def test_fields_give_details():
    assert fires("Сайт не работает", "site-access")
    assert not fires("Сайт не работает", "site-access", fields={"error": "ERR_CONNECTION_RESET"})
    assert not fires("Mail doesn't work", "mail", fields={"client": "Outlook"})
