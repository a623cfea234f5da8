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
])
def test_fires(text, type_):
    assert fires(text, type_)


@pytest.mark.parametrize("text,type_", [
    ("Сайт не работает: в Firefox пишет «Соединение сброшено».", "site-access"),
    ("После обновления темы сайт не открывается, белый экран.", "site-access"),
    ("The site is down on mobile, but loads on my laptop.", "site-access"),
    ("Почта не работает в Thunderbird с утра.", "mail"),
    ("Не приходят письма на ящик zakaz@ferma-pro.ru, отправка работает.", "mail"),
    ("Product pages load for 40 seconds, the rest is fine.", "site-access"),
    ("Admin panel at https://ferma-pro.ru/bitrix/admin is not loading.", "site-access"),
    ("Пожалуйста, продлите домен пример.рф на год.", "other"),               # nothing is broken
    ("FTP не работает: FileZilla пишет «530 Login incorrect».", "other"),
])
def test_passes(text, type_):
    assert not fires(text, type_)


def test_fields_give_details():
    assert fires("Сайт не работает", "site-access")
    assert not fires("Сайт не работает", "site-access", fields={"error": "ERR_CONNECTION_RESET"})
    assert not fires("Mail doesn't work", "mail", fields={"client": "Outlook"})
