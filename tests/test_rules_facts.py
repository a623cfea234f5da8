"""facts(): what a ticket's text already says, each with its span, in both languages.

The facts come from the rules' own recognisers, so they agree with the rules: a ticket that
names a browser has a browser fact and no site-browser finding, and so on (checked over every
labelled corpus present).
"""

import dataclasses
import json
from pathlib import Path

import pytest

from conftest import CORPORA
from ticketcli.rules import Fact, check, facts

REAL = Path(__file__).resolve().parents[2] / "shared/corpus/real-reports.jsonl"
REAL_LIKE = Path(__file__).resolve().parent / "data/real_like_tickets.jsonl"


def found(text, subject="", lang=None):
    """(kind, value, the words at the span) of every fact, after checking each span."""
    out = []
    for f in facts(text, subject, lang):
        src = subject if f.source == "subject" else text
        assert 0 <= f.start < f.end <= len(src), f
        out.append((f.kind, f.value, src[f.start:f.end]))
    return out


def kinds(text, subject=""):
    return {k for k, _v, _w in found(text, subject)}


RU = ("Здравствуйте! Договор № 12-345. С понедельника Outlook не отправляет письма с ящика "
      "info@ромашка.рф, пишет «Сервер отклонил адрес отправителя». Сайт https://ромашка.рф/contacts "
      "открываю в хроме. Провайдер Билайн.")
EN = ("Hi, since we moved the site to your hosting, WordPress (Contact Form 7) no longer sends mail to "
      "info@harbor-demo.com. The log says: SMTP connect() failed. I read mail in Thunderbird; receiving "
      "works. Contract #AB-77. Tried Firefox and Chrome, ISP is Comcast.")


def test_russian_ticket():
    got = found(RU)
    assert ("contract", "12-345", "12-345") in got
    assert ("url", "https://ромашка.рф/contacts", "https://ромашка.рф/contacts") in got
    assert ("domain", "ромашка.рф", "ромашка.рф") in got
    assert ("mailbox", "info@ромашка.рф", "info@ромашка.рф") in got
    assert ("mail_client", "Microsoft Outlook", "Outlook") in got
    assert ("browser", "Google Chrome", "хроме") in got
    assert ("direction", "sending", "отправляет") in got
    assert ("worked_before", "yes", "С понедельника") in got
    assert ("error_text", "Сервер отклонил адрес отправителя", "Сервер отклонил адрес отправителя") in got
    assert ("isp", "Билайн", "Билайн") in got


def test_english_ticket():
    got = found(EN)
    assert ("contract", "AB-77", "AB-77") in got
    assert ("site_mailer", "WordPress", "WordPress") in got
    assert ("site_mailer", "Contact Form 7", "Contact Form 7") in got
    assert ("mail_client", "Mozilla Thunderbird", "Thunderbird") in got
    assert {("browser", "Mozilla Firefox", "Firefox"), ("browser", "Google Chrome", "Chrome")} <= set(got)
    assert ("direction", "sending", "sends") in got and ("direction", "receiving", "receiving") in got
    assert ("worked_before", "yes", "since we moved") in got
    assert ("error_text", "SMTP connect() failed", "SMTP connect() failed") in got
    assert ("isp", "Comcast", "Comcast") in got  # without the sentence's full stop
    assert not {"url", "domain"} & kinds(EN)  # the only domain is a mailbox's


def test_facts_come_in_order_of_kinds_then_place_and_overlaps_collapse():
    fs = facts(EN)
    order = ["url", "domain", "contract", "browser", "mail_client", "site_mailer", "mailbox", "direction",
             "worked_before", "error_text", "isp", "since"]
    keys = [(order.index(f.kind), f.source != "text", f.start) for f in fs]
    assert keys == sorted(keys)
    # "Contact Form 7" and "Contact Form", "since we moved" and "since": one fact each
    assert [w for k, _v, w in found(EN) if k == "site_mailer"] == ["WordPress", "Contact Form 7"]
    assert [w for k, _v, w in found(EN) if k == "worked_before"] == ["since we moved", "no longer"]


def test_subject_facts_have_their_own_spans():
    subject = "shop-demo.ru: Bad Gateway 502"
    fs = [f for f in facts("The site is down since noon.", subject) if f.source == "subject"]
    got = {(f.kind, subject[f.start:f.end]) for f in fs}
    assert ("domain", "shop-demo.ru") in got
    assert ("error_text", "Bad Gateway 502") in got


@pytest.mark.parametrize("text,kind,value,words", [
    # browsers by nickname, and "every browser" in the text's language
    ("Сайт не открывается в огнелисе.", "browser", "Mozilla Firefox", "огнелисе"),
    ("Opens fine in FF, not in Safari.", "browser", "Mozilla Firefox", "FF"),
    ("Не грузится ни в одном браузере.", "browser", "во всех браузерах", "ни в одном браузере"),
    ("It fails in every browser I tried.", "browser", "every browser", "every browser"),
    ("Пробовал в Firefx и в Опере.", "browser", "Mozilla Firefox", "Firefx"),  # a typo
    # mail programs and phones; webmail's login page
    ("Почта на айфоне не обновляется.", "mail_client", "phone", "айфоне"),
    ("В аутлуке не отправляются письма.", "mail_client", "Microsoft Outlook", "аутлуке"),
    ("Roundcube shows an empty inbox.", "mail_client", "Roundcube", "Roundcube"),
    # the site as the sender
    ("Письма с сайта не доходят до клиентов.", "site_mailer", "Письма с сайта", "Письма с сайта"),
    ("PHP mail() returns false on every call.", "site_mailer", "PHP mail", "PHP mail"),
    ("Битрикс не присылает уведомления о заказах.", "site_mailer", "Битрикс", "Битрикс"),
    ("The cron script sends nothing since Monday.", "site_mailer", "cron", "cron"),
    # what fails
    ("Не приходят письма на ящик.", "direction", "receiving", "приходят"),
    ("Login failed in webmail.", "direction", "login", "Login"),
    # whether it worked before, and a first setup
    ("Перестали приходить письма.", "worked_before", "yes", "Перестали"),
    ("После обновления Windows Outlook молчит.", "worked_before", "yes", "После обновления"),
    ("Настраиваю почту впервые.", "worked_before", "no", "Настраиваю"),
    ("I just set up Thunderbird for this account.", "worked_before", "no", "just set up"),
    # the error's words: quoted, after a label, a browser's page, in a log line
    ("Chrome пишет: Не удаётся получить доступ к сайту", "error_text",
     "Не удаётся получить доступ к сайту", "Не удаётся получить доступ к сайту"),
    ("Error: Relay access denied", "error_text", "Relay access denied", "Relay access denied"),
    ("The page says `ERR_CONNECTION_RESET`.", "error_text", "ERR_CONNECTION_RESET", "ERR_CONNECTION_RESET"),
    ("Сайт падает с ошибкой Allowed memory size of 134217728 bytes exhausted", "error_text",
     "Allowed memory size of 134217728 bytes exhausted", "Allowed memory size of 134217728 bytes exhausted"),
    # a host name inside the words goes with them; the sentence's own full stop ends them
    ("Thunderbird пишет: Не удалось подключиться к серверу imap.ромашка.рф. Со вчерашнего дня.", "error_text",
     "Не удалось подключиться к серверу imap.ромашка.рф", "Не удалось подключиться к серверу imap.ромашка.рф"),
    ("Outlook says: Cannot connect to server mail.example.com. Since Monday.", "error_text",
     "Cannot connect to server mail.example.com", "Cannot connect to server mail.example.com"),
    # when it started: English without its "since", Russian with its preposition, lower-case
    ("Since this morning the site shows a white screen.", "since", "this morning", "this morning"),
    ("The admin panel shows 502 since 9:00.", "since", "9:00", "9:00"),
    ("Mail fails since we moved the site to you.", "since", "we moved the site", "we moved the site"),
    ("Со вчерашнего дня Thunderbird не получает письма.", "since", "со вчерашнего дня", "Со вчерашнего дня"),
    ("Не приходят письма с 12 марта.", "since", "с 12 марта", "с 12 марта"),
    ("После обновления WordPress сайт не открывается.", "since", "после обновления WordPress", "После обновления WordPress"),
    ("Перестало работать вчера вечером.", "since", "вчера вечером", "вчера вечером"),
    # the provider: by name, and after a keyword
    ("Интернет от Ростелекома.", "isp", "Ростелекома", "Ростелекома"),
    ("Провайдер: ЛокалНет", "isp", "ЛокалНет", "ЛокалНет"),
    ("My ISP is Kvant.", "isp", "Kvant", "Kvant"),
    # addresses
    ("Договор N 5/2023, нужен акт.", "contract", "5/2023", "5/2023"),
    ("Сайт пример.рф открывается медленно.", "domain", "пример.рф", "пример.рф"),
    ("Reply to anna@bright-dental.co.uk please.", "mailbox", "anna@bright-dental.co.uk", "anna@bright-dental.co.uk"),
])
def test_one_fact(text, kind, value, words):
    assert (kind, value, words) in found(text)


@pytest.mark.parametrize("text,kind", [
    ("Мой сайт не открывается.", "domain"),
    ("Файл index.php не загружается.", "domain"),        # a file, not a domain
    ("Договор от 12.03.2021 — нужна копия.", "contract"),  # a date, not a number
    ("Письма на адреса @outlook.com возвращаются.", "mail_client"),  # an address, not the program
    ("Не приходят письма на ящик info@ferma-pro.ru.", "site_mailer"),
    ("Outlook постоянно просит пароль.", "direction"),
    ("Письма не уходят из Outlook.", "worked_before"),
    ("Сайт выдаёт ошибку 403.", "error_text"),            # a code is not the error's words
    ("У прошлого провайдера хостинга такого не было.", "isp"),  # the web host, not the ISP
    ("The browser just spins forever.", "browser"),
    ("С уважением, Иван.", "since"),                       # a greeting, not a time
    ("Письма с сайта не доходят.", "since"),
    ("I have been your client since 2015.", "since"),      # a year: not when this started
])
def test_no_such_fact(text, kind):
    assert kind not in kinds(text)


def test_fact_is_a_frozen_value_and_serialises():
    f = facts("Сайт пример.рф не открывается")[0]
    assert isinstance(f, Fact)
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.value = "other"
    d = f.to_dict()
    assert d == {"kind": "domain", "value": "пример.рф", "start": 5, "end": 14, "source": "text"}
    assert json.loads(json.dumps([x.to_dict() for x in facts(RU)], ensure_ascii=False))[0]["kind"] == "url"


def test_type_given_or_inferred():
    text = "All of a sudden there is a new log in page, and my password is rejected."
    assert "mail_client" in kinds_of(facts(text, type="mail"))  # a mail ticket's login page: webmail
    assert "mail_client" not in kinds_of(facts(text, type="site-access"))


def kinds_of(fs):
    return {f.kind for f in fs}


def test_lang_picks_our_words_not_the_recognition():
    assert ("browser", "every browser", "all browsers") in found("Broken in all browsers", lang="en")
    assert ("browser", "во всех браузерах", "all browsers") in found("Broken in all browsers", lang="ru")
    assert found("Сайт пример.рф в хроме", lang="en") == found("Сайт пример.рф в хроме", lang="ru")


def test_empty_and_odd_inputs():
    assert facts("") == [] and facts("", None) == []
    facts("x" * 20000, subject="y" * 500)
    facts("🙂 " * 500 + "?" * 100)


def _items():
    paths = [*CORPORA, REAL, REAL_LIKE]
    out = []
    for path in paths:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out.append(json.loads(line))
    return out


ITEMS = _items()


@pytest.mark.skipif(not ITEMS, reason="no labelled corpus present")
def test_facts_agree_with_the_rules_on_every_corpus():
    """A rule that asks for something fires exactly when the facts lack it (same recognisers)."""
    wanted = {  # rule -> the fact kinds any of which answers it, and the types it applies to
        "identify": ({"domain", "url", "contract", "mailbox"}, None),
        "site-browser": ({"browser"}, "site-access"),
        "isp": ({"isp"}, "site-access"),
        "mail-client": ({"mail_client", "site_mailer"}, "mail"),
        "mail-direction": ({"direction", "site_mailer"}, "mail"),
        "mail-history": ({"worked_before"}, "mail"),
    }
    disagree = []
    for item in ITEMS:
        subject = item.get("subject")
        fired = {f.rule for f in check(item["text"], subject=subject, type=item["type"]).findings}
        have = {f.kind for f in facts(item["text"], subject or "", type=item["type"])}
        for rule, (answers, type_) in wanted.items():
            if type_ and item["type"] != type_:
                continue
            if (rule in fired) == bool(answers & have):
                disagree.append((item["id"], rule, sorted(have)))
    assert not disagree
