"""identify: a contract number or a domain must appear somewhere in the ticket."""

import pytest

from ticketcli.rules import check


def fires(text, **kw):
    return "identify" in {f.rule for f in check(text, type="other", **kw).findings}


@pytest.mark.parametrize("text", [
    "Прошу продлить хостинг для сайта лесопилка-урал.рф на год.",
    "Please renew hosting for sawmill-demo.net, thanks.",
    "Нужна помощь с сайтом xn--80aaxgrpt.xn--p1ai, не работает форма.",
    "Пишу с адреса buhgalter@kontora-vesna.ru — не приходят счета.",  # domain only in an e-mail
    "Reply to me at anna.k@bright-dental.co.uk please.",
    "По договору № 77-3021 не прошла оплата.",
    "Номер договора: 99120, вопрос по счёту.",
    "Договор N 5/2023, нужен акт сверки.",
    "our agreement no. 8812 — billing question",
    "Client contract #ZX-9001: invoice is missing.",
    "Contract number is 31337, the invoice is wrong.",
    "по договору 4400-17 нужна выписка",
    "дог. № 4471, сайт грузится долго",
    "Номер договора — 12-345.",
    "See https://www.orchard-market.com/shop/ — slow today.",
    "Сайт Магазин-Игрушек.РФ открывается медленно.",
    # a domain counts wherever it stands (the catalogue), a third party's too: the labelling notes
    # of the real reports apply the rule to the letter
    "Письма на gmail.com и mail.ru не доходят.",
    "My emails from john.smith@gmail.com bounce.",
    "Host is smtp.gmail.com, port 465, and the script says it could not instantiate mail function.",
    "The error links to https://support.google.com/mail/?p=BadCredentials",
    "A URL's host is a domain whatever its top-level domain: https://word.cloud.microsoft/?a=1",
    "The server log names it: /var/log/nginx/shop-demo.ru.access.log",
])
def test_satisfied(text):
    assert not fires(text)


@pytest.mark.parametrize("text", [
    "Не работает сайт, помогите.",
    "Мой договор потерялся, номер не помню. Как продлить хостинг?",
    "I forgot my contract number; how do I pay the invoice?",
    "Договор от 12.03.2021 — нужна копия.",  # a date, not a number
    "Файл index.php не загружается, и config.yml тоже.",  # file names are no domains
    "Не приходят уведомления от Яндекс.Вебмастера.",
    "Below is the mail.info log from the time the error occurred.",  # a log file, not a domain
    "Настройки лежат в файле config.tpl, путь /var/www/ваш_домен/mail/SendMailSmtpClass.php",
    "Сайт ***.ru не открывается",  # a masked domain
    "Версия PHP 8.2.1 на сервере устарела?",
    "See README.md and deploy.sh in the archive.",
    "It was fine yesterday.It broke this morning.",   # a missing space is not a domain ".It"
])
def test_fires(text):
    assert fires(text)


def test_fields_satisfy():
    assert not fires("Не работает сайт", fields={"contract": "12-345"})
    assert not fires("Site is down", fields={"domain": "example.org"})
    assert not fires("Site is down", fields={"url": "https://example.org/a"})
    assert fires("Site is down", fields={"browser": "Firefox"})


def test_subject_counts():
    assert not fires("Не открывается главная страница", subject="Ошибка на пример.рф")
    assert not fires("Please check the invoice", subject="Contract 4711 invoice")


def test_finding_shape_and_languages():
    ru = [f for f in check("Помогите с почтой", ui_lang="ru").findings if f.rule == "identify"][0]
    en = [f for f in check("Помогите с почтой", ui_lang="en").findings if f.rule == "identify"][0]
    assert ru.severity == "error" and ru.field == "contract"
    assert "договор" in ru.message.lower()
    assert "contract" in en.message.lower()
    assert ru.to_dict().keys() == {"rule", "severity", "message", "suggestion", "field"}
