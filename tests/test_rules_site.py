"""site-url, site-browser and isp: the three facts a site-access ticket needs."""

import pytest

from ticketcli.rules import check


def fired(text, type="site-access", **kw):
    return {f.rule for f in check(text, type=type, **kw).findings}


@pytest.mark.parametrize("text", [
    "Не открывается в хроме, провайдер Билайн.",
    "Пробовал в яндекс браузере и в Опере — то же самое.",
    "Only happens in Safari on my iPad.",
    "В мозилле всё ок, а в Edge пусто.",
    "Tried Google Chrome and Microsoft Edge.",
    "Ни в одном браузере не открывается.",
    "It fails in every browser I tried.",
    "Браузер: Vivaldi 6.5",
    "Открываю через Яндекс.Браузер на работе.",
    "Сайт не грузится в браузере Firefox.",
])
def test_browser_named(text):
    assert "site-browser" not in fired(text)


@pytest.mark.parametrize("text", [
    "Сайт не открывается в огнелисе.", "Opens in FF only after a reload.", "В мозилке белый экран.",
    "Не работают некоторые сайты в Яндексе, ошибка соединения.", "Tried all browser platforms.",
    "Пробовал с разных браузеров, не помогает.", "Открываю в ЯБраузере.",
])
def test_browser_by_nickname(text):
    assert "site-browser" not in fired(text)


@pytest.mark.parametrize("text", [
    "В браузере на телефоне не открывается.",
    "The browser just spins forever.",
    "Сайт открывается через раз, жду на краю (edge) терпения.",  # "edge" in lower case is no browser
    "Открываю с рабочего компьютера — белый экран.",
])
def test_browser_missing(text):
    assert "site-browser" in fired(text)


def test_browser_field():
    assert "site-browser" not in fired("Сайт не открывается", fields={"browser": "Arc"})


@pytest.mark.parametrize("text", [
    "Сайт https://ferma-pro.ru/catalog не открывается.",
    "Не открывается www.orchard-market.com.",
    "Сайт котики.рф в Chrome пишет ERR_EMPTY_RESPONSE.",
    "xn--80aaxgrpt.xn--p1ai shows a blank page.",
])
def test_url_given(text):
    assert "site-url" not in fired(text)


@pytest.mark.parametrize("text", [
    "Мой сайт не открывается в Chrome.",
    "The admin panel does not load, Comcast, Firefox.",
    "Пишите мне на ivan@ferma-pro.ru, сайт не открывается.",  # an address to write to is not the site opened
    "Google.com opens fine but my site does not.",
])
def test_url_missing(text):
    assert "site-url" in fired(text)


@pytest.mark.parametrize("text", [
    # a page linked for reference is not the site opened
    "После выполнения инструкции https://forum.vesta-demo.com/viewtopic.php?p=77189 сайты не открываются.",
    "[This post](https://askubuntu.com/questions/951057/dns-error) did not help me.",
    "See https://github.com/foo/bar/issues/12 — the same error on my site.",
    "Сайт ***.ru не открывается.",  # a masked domain
])
def test_reference_links_are_not_the_site(text):
    assert "site-url" in fired(text)


@pytest.mark.parametrize("text", [
    "When I visit https://docs.lumen-demo.dev in Firefox I get a blank page.",  # a docs site can be the client's
    "Не грузят некоторые сайты, например https://word.cloud.microsoft/?wdOrigin=WORD",  # any TLD in a URL
    "Сайты не открываются, например twitter.com",
])
def test_opened_addresses(text):
    assert "site-url" not in fired(text)


def test_url_field():
    assert "site-url" not in fired("Сайт не открывается", fields={"url": "https://a.example/"})


@pytest.mark.parametrize("text", [
    "Интернет от Ростелекома.", "Провайдер — МегаФон.", "Мобильный интернет Билайн.",
    "Подключение через ТТК.", "У меня Дом.ру.", "Интернет у нас от «Сибирских сетей».",
    "My ISP is Vodafone.", "I'm on Comcast Xfinity.", "Internet via BT broadband.",
    "ISP: Kvantum Telecom", "Провайдер: ЛокалНет", "Через мобильный МТС.",
    "At home I use T-Mobile home internet.", "Провайдер Уфанет, тариф 100 Мбит.",
    "Домашний интернет Теле2.", "Using AT&T fiber.",
    # nicknames and derived words
    "Интернет ростеловский.", "Провайдер Ростел.", "Через билайновский модем.", "We are on Charter Spectrum.",
])
def test_isp_named(text):
    assert "isp" not in fired("Сайт пример.рф не открывается в Chrome. " + text)


@pytest.mark.parametrize("text", [
    "Пробовал с мобильного интернета — то же самое.",
    "У прошлого провайдера хостинга такого не было.",  # the web host, not the access provider
    "Our previous hosting provider never had this.",
    "Интернет домашний, провайдер не знаю.",
    "Tried from home and from the office.",
])
def test_isp_missing(text):
    assert "isp" in fired("Сайт пример.рф не открывается в Chrome. " + text)


@pytest.mark.parametrize("text", [
    "### VestaCP Version:\n\n24\n\n### Installed Software:\n\napache, nginx, mysql",  # "version" is no Verizon
    "PHP Version 8.1, Server version: Apache/2.4",
])
def test_template_words_are_no_provider(text):
    assert "isp" in fired("Сайт пример.рф не открывается в Chrome. " + text)


def test_isp_field_and_only_site_access():
    assert "isp" not in fired("Сайт не открывается", fields={"isp": "Local Net"})
    assert "isp" not in fired("Сайт не открывается", type="mail")
    assert not {"site-url", "site-browser", "isp"} & fired("Сайт не открывается", type="other")


def test_severities_and_fields():
    fs = {f.rule: f for f in check("Сайт не открывается", type="site-access", ui_lang="ru").findings}
    assert fs["isp"].severity == "warning" and fs["isp"].field == "isp"
    assert fs["site-url"].severity == "error" and fs["site-url"].field == "url"
    assert fs["site-browser"].severity == "error" and fs["site-browser"].field == "browser"
    assert "браузер" in fs["site-browser"].message.lower()
