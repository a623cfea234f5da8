"""Issue 14, the wizard as a client meets it: through a real pseudo-terminal (pexpect), the screen
read through a terminal emulator (pyte) where it matters, in both languages.

Each test names the item of the issue it covers ("item 1", "texts", "build: …").
"""

from __future__ import annotations

import email
import json
import re
from email import policy
from pathlib import Path

import pytest
from terminal import CTRL_C, CTRL_U, DOWN, ENTER, UP, Terminal

from ticketcli.store import config

STRICT = policy.default.clone(raise_on_defect=True)


def set_profile(**values: str) -> None:
    """The default profile, written as ``ticket config set`` writes it."""
    cfg = config.load()
    for key, value in values.items():
        cfg.set("default", key, value)
    config.save(cfg)


@pytest.fixture
def addresses(ticket_home):
    """A profile with the addresses message.eml needs (the tests of other steps)."""
    set_profile(contact_email="owner@example.ru", desk_email="support@example-hosting.ru")


def outbox_ticket(home: Path) -> tuple[dict, Path]:
    [folder] = list((home / "outbox" / "new").iterdir())
    return json.loads((folder / "ticket.json").read_text()), folder


def strict_message(folder: Path) -> email.message.EmailMessage:
    """message.eml parsed back with the email package's strict policy (a defect raises)."""
    return email.message_from_bytes((folder / "message.eml").read_bytes(), policy=STRICT)


def send_from_preview(term: Terminal, lang: str) -> None:
    term.answer("What next" if lang == "en" else "Что дальше", ENTER)


def send_as_proposed(term: Terminal, home: Path, lang: str) -> dict:
    """Keep the proposed subject, send from the preview; the ticket as the outbox holds it."""
    term.answer("Subject" if lang == "en" else "Тема", ENTER)
    send_from_preview(term, lang)
    assert term.finish() == 0
    return outbox_ticket(home)[0]


RU, EN = "ru_RU.UTF-8", "en_US.UTF-8"


# ---- item 1: diagnostics add evidence, never replace the client's words ---------------------
@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("pick", ["said", "measured"])
def test_item1_measured_error_is_offered_beside_the_described_one(ticket_home, addresses, lang, pick):
    from servers.diag_servers import HttpServer

    said = "500 Internal Server Error"
    description = {"en": f"Since the morning the admin panel shows {said} in Chrome",
                   "ru": f"С утра админка показывает {said} в Chrome"}[lang]
    with HttpServer() as srv:
        term = Terminal(ticket_home, "new", "--type", "site-access", "--contract", "12-345", "--description", description,
                        lang=RU if lang == "ru" else EN, TICKETCLI_DIAGNOSE="ask")
        term.answer("Which address" if lang == "en" else "Какой адрес", srv.url("/404") + ENTER)
        term.answer("from this computer" if lang == "en" else "с этого компьютера", "y" + ENTER if lang == "en" else ENTER)
        term.expect("404 Not Found")
        term.answer("installed browsers" if lang == "en" else "установленные браузеры", "n" + ENTER if lang == "en" else DOWN + ENTER)
        term.answer("Diagnostics" if lang == "en" else "Диагностика", "y" + ENTER if lang == "en" else ENTER)
        term.answer("Lines to include" if lang == "en" else "Какие строки", ENTER)
        term.answer("Which browser" if lang == "en" else "В каком браузере", ENTER)  # Chrome, as said
        term.expect("you described" if lang == "en" else "а вы описали")
        term.expect("What exactly appears" if lang == "en" else "Что именно появляется")
        screen = term.text().split("What exactly appears" if lang == "en" else "Что именно появляется")[-1]
        # both are offered, the client's words first and chosen unless the client moves
        assert f"«{said}»" in screen and "«404 Not Found»" in screen
        assert screen.index(f"«{said}»") < screen.index("«404 Not Found»")
        term.send(ENTER if pick == "said" else DOWN + ENTER)
        term.answer("File to attach" if lang == "en" else "Файл для вложения", ENTER)
        term.answer("Internet access" if lang == "en" else "интернет-провайдер", "MTS" + ENTER)
        term.answer("Since when" if lang == "en" else "С какого времени", ENTER)
        term.answer("What have you tried" if lang == "en" else "Что уже пробовали", ENTER)
        term.answer("Subject" if lang == "en" else "Тема", ENTER)
        send_from_preview(term, lang)
        term.expect("is in the outbox" if lang == "en" else "в исходящих")
        assert term.finish() == 0
    record, _ = outbox_ticket(ticket_home)
    chosen = said if pick == "said" else "404 Not Found"
    assert record["fields"]["error"] == chosen
    assert chosen in record["subject"]
    assert any("404 Not Found" in line for line in record["diagnostics"]), "the measurement is in the Diagnostics section"


# ---- item 2: "there is no error text" is an answer; filler is never the error -----------------
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_item2_no_error_text_is_a_real_answer_with_its_own_wording(ticket_home, addresses, lang):
    term = Terminal(ticket_home, "new", "--type", "site-access", "--domain", "пример.рф", "--field", "browser=Chromium 120",
                    "--field", "isp=Rostelecom", "--description",
                    "The page stays white since 9:00" if lang == "en" else "Страница с 9:00 остаётся белой",
                    lang=RU if lang == "ru" else EN)
    # the address is the profile's domain (not asked); the error question offers "no error text"
    term.expect("What exactly appears" if lang == "en" else "Что именно появляется")
    assert ("There is no error text (blank page, nothing shown, it just hangs)" if lang == "en"
            else "Текста ошибки нет (пустая страница, ничего не показывается, всё зависает)") in term.text()
    term.send(DOWN + ENTER)  # past "type it" to "there is no error text"
    term.answer("Since when" if lang == "en" else "С какого времени", ENTER)
    term.answer("What have you tried" if lang == "en" else "Что уже пробовали", ENTER)
    term.expect("Subject" if lang == "en" else "Тема")
    term.send(ENTER)
    send_from_preview(term, lang)
    term.expect("is in the outbox" if lang == "en" else "в исходящих")
    assert term.finish() == 0
    record, folder = outbox_ticket(ticket_home)
    assert record["fields"]["error"] == "none"
    assert record["overrides"] == [], "no rule holds 'no error text' against the ticket"
    if lang == "en":
        assert record["subject"] == "пример.рф: page does not open, no error shown, in Chromium 120"
        assert "Error text: none, no error is shown (a blank page, nothing at all, or it just hangs)" in strict_message(folder).get_content()
    else:
        assert record["subject"] == "пример.рф: страница не открывается без сообщения об ошибке в браузере Chromium 120"
        assert "Текст ошибки: нет, ошибка не показывается (пустая страница, ничего не видно или всё зависает)" in strict_message(folder).get_content()


@pytest.mark.parametrize(("lang", "filler"), [("ru", "Белый экран, никакого текста"), ("en", "nothing")])
def test_item2_filler_typed_as_the_error_becomes_no_error_text(ticket_home, addresses, lang, filler):
    term = Terminal(ticket_home, "new", "--type", "site-access", "--domain", "example.ru", "--field", "browser=Firefox",
                    "--field", "isp=MTS", "--field", "since=9:00", "--field", "tried=phone",
                    "--description", "The site does not open" if lang == "en" else "Сайт не открывается",
                    lang=RU if lang == "ru" else EN)
    term.answer("What exactly appears" if lang == "en" else "Что именно появляется", ENTER)  # type it
    term.answer("The error's text" if lang == "en" else "Текст ошибки, как он показан", filler + ENTER)
    term.expect("reads as: there is no error text" if lang == "en" else "читается так: текста ошибки нет")
    term.send("y" + ENTER if lang == "en" else ENTER)
    record = send_as_proposed(term, ticket_home, lang)
    assert record["fields"]["error"] == "none"
    assert filler not in record["subject"] and "«" not in record["subject"] and '"' not in record["subject"]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_item2_an_error_named_without_its_words_is_asked_again_at_the_error(ticket_home, addresses, lang):
    term = Terminal(ticket_home, "new", "--type", "hosting", "--domain", "example.ru", lang=RU if lang == "ru" else EN)
    term.answer("Which part of the hosting" if lang == "en" else "Какая часть хостинга", ENTER)  # FTP, asked first
    term.answer("Describe the problem" if lang == "en" else "Опишите проблему",
                ("I cannot upload files over FTP since Monday" if lang == "en" else "С понедельника не могу загрузить файлы по FTP") + ENTER)
    term.answer("Which program" if lang == "en" else "Какой программой", "FileZilla" + ENTER)
    term.answer("Error text, if any" if lang == "en" else "Текст ошибки, если есть", DOWN + ENTER)  # from "— (skip)" to "type it"
    term.answer("The error's text" if lang == "en" else "Текст ошибки, как он показан",
                ("FileZilla shows an error" if lang == "en" else "FileZilla пишет ошибку") + ENTER)
    term.expect("says that an error appears, not what it says" if lang == "en" else "говорит, что ошибка есть, но не что в ней написано")
    term.answer("The error's text" if lang == "en" else "Текст ошибки, как он показан",
                CTRL_U + "530 Login authentication failed" + ENTER)
    term.answer("File to attach" if lang == "en" else "Файл для вложения", ENTER)
    term.answer("Since when" if lang == "en" else "С какого времени", ENTER)
    record = send_as_proposed(term, ticket_home, lang)
    assert record["fields"]["error"] == "530 Login authentication failed"
    assert record["subject"] == ("example.ru: FTP access: \"530 Login authentication failed\"" if lang == "en"
                                 else "example.ru: доступ по FTP: «530 Login authentication failed»")


# ---- item 3: what the description says is offered, not asked blank ---------------------------
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_item3_answers_in_the_description_are_offered_pre_filled(ticket_home, addresses, lang):
    description = {
        "ru": "Thunderbird перестал получать письма на info@ромашка.рф, раньше всё работало.",
        "en": "Thunderbird stopped receiving mail for info@ромашка.рф, it worked before.",
    }[lang]
    term = Terminal(ticket_home, "new", "--type", "mail", "--contract", "12-345", lang=RU if lang == "ru" else EN)
    term.answer("What happens" if lang == "en" else "Что происходит", description + ENTER)
    # every answer the description gives: one Enter each
    for question in (["Who sends", "Which mailbox", "Which mail program", "What fails", "Did mail work before"] if lang == "en"
                     else ["Кто отправляет", "Какого почтового ящика", "Какой почтовой программой", "Что не работает", "Раньше почта"]):
        term.expect(question)
        term.settle()
        term.send(ENTER)
    term.answer("Which error" if lang == "en" else "Какую ошибку", DOWN + ENTER)  # no error text
    record = send_as_proposed(term, ticket_home, lang)
    assert record["fields"] == {"sender": "program", "mailbox": "info@ромашка.рф", "client": "Mozilla Thunderbird",
                                "direction": "receiving", "worked_before": "yes", "error": "none"}
    assert ("From your description: info@ромашка.рф" if lang == "en" else "Из вашего описания: info@ромашка.рф") in term.plain()


@pytest.mark.parametrize(("lang", "description", "said"), [
    ("ru", "Со вчерашнего дня Thunderbird перестал получать письма на info@ромашка.рф, пишет: "
           "Не удалось подключиться к серверу imap.ромашка.рф.", "Не удалось подключиться к серверу imap.ромашка.рф"),
    ("en", "Since Monday Outlook says: Cannot send to info@example.ru, relay denied. Please check.",
     "Cannot send to info@example.ru, relay denied"),
])
def test_item3_the_error_offered_keeps_the_names_and_addresses_in_its_words(ticket_home, addresses, lang, description, said):
    """A host name, an address or a word like "send" inside the error's words is part of them:
    the error offered "as in your description" is the whole message, not cut where they begin."""
    term = Terminal(ticket_home, "new", "--type", "mail", "--contract", "12-345", lang=RU if lang == "ru" else EN)
    term.answer("What happens" if lang == "en" else "Что происходит", description + ENTER)
    for question in (["Who sends", "Which mailbox", "Which mail program", "What fails", "Did mail work before"] if lang == "en"
                     else ["Кто отправляет", "Какого почтового ящика", "Какой почтовой программой", "Что не работает", "Раньше почта"]):
        term.answer(question, ENTER)
    term.expect("Which error" if lang == "en" else "Какую ошибку")
    assert f"«{said}»" in term.text()
    term.settle()
    term.send(ENTER)  # as in the description
    term.answer("File to attach" if lang == "en" else "Файл для вложения", ENTER)
    record = send_as_proposed(term, ticket_home, lang)
    assert record["fields"]["error"] == said


@pytest.mark.parametrize(("text", "type_name", "lang", "error"), [
    ("Thunderbird пишет: Не удалось подключиться к серверу imap.ромашка.рф.", "mail", "ru",
     "Не удалось подключиться к серверу imap.ромашка.рф"),                       # a host inside the words
    ("Outlook says: Cannot send to info@example.ru, relay denied.", "mail", "en",
     "Cannot send to info@example.ru, relay denied"),                             # an address and "send"
    ("Since this morning Chrome shows ERR_CONNECTION_RESET on example.ru", "site-access", "en",
     "ERR_CONNECTION_RESET"),                                                     # where it happens: not the words
    ("Хром пишет: Не удается получить доступ к сайту на пример.рф", "site-access", "ru",
     "Не удается получить доступ к сайту"),
    ("The admin panel shows 502 Bad Gateway in Firefox 128 since 9:00.", "site-access", "en", "502 Bad Gateway"),
])
def test_item3_the_errors_words_end_where_they_end(text, type_name, lang, error):
    from ticketcli.cli.wizard.session import suggestions

    assert suggestions(text, type_name, lang)["error"] == error


@pytest.mark.parametrize(("lang", "description", "since"), [
    ("en", "Since this morning the admin panel shows 502 Bad Gateway in Firefox 128.", "this morning"),
    ("ru", "Со вчерашнего дня админка показывает 502 Bad Gateway в Firefox 128.", "со вчерашнего дня"),
])
def test_item3_since_when_is_offered_from_the_description(ticket_home, addresses, lang, description, since):
    term = Terminal(ticket_home, "new", "--type", "site-access", "--contract", "12-345", lang=RU if lang == "ru" else EN)
    term.answer("What happens" if lang == "en" else "Что происходит", description + ENTER)
    term.answer("Which address" if lang == "en" else "Какой адрес", "https://example.ru/admin" + ENTER)
    term.answer("Which browser" if lang == "en" else "В каком браузере", ENTER)
    term.answer("What exactly appears" if lang == "en" else "Что именно появляется", ENTER)
    term.answer("File to attach" if lang == "en" else "Файл для вложения", ENTER)
    term.answer("Internet access" if lang == "en" else "интернет-провайдер", "MTS" + ENTER)
    term.expect("Since when" if lang == "en" else "С какого времени")
    term.settle()
    assert ("From your description: " if lang == "en" else "Из вашего описания: ") + since in term.text()
    term.send(ENTER)  # kept as said
    term.answer("What have you tried" if lang == "en" else "Что уже пробовали", ENTER)
    record = send_as_proposed(term, ticket_home, lang)
    assert record["fields"]["since"] == since


def test_item3_the_mailbox_defaults_to_the_profile_when_the_description_is_silent(ticket_home):
    set_profile(contact_email="owner@example.ru", desk_email="support@example-hosting.ru")
    term = Terminal(ticket_home, "new", "--type", "mail", "--contract", "1-1", "--description", "Mail does not go out",
                    "--field", "sender=program")
    term.expect("From your profile: owner@example.ru")
    term.expect("Which mailbox")
    term.settle()
    term.send(ENTER)
    term.expect("Which mail program")
    term.child.terminate(force=True)
    [draft] = list((ticket_home / "drafts").glob("*.json"))
    assert json.loads(draft.read_text())["fields"]["mailbox"] == "owner@example.ru"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_item3_account_change_asks_what_before_describing_it(ticket_home, addresses, lang):
    term = Terminal(ticket_home, "new", "--type", "account-change", "--contract", "12-345", lang=RU if lang == "ru" else EN)
    first = term.expect("What should be changed|Describe the change" if lang == "en" else "Что нужно изменить|Опишите изменение")
    assert first.group(0) in ("What should be changed", "Что нужно изменить")
    term.settle()
    term.send(DOWN * 2 + ENTER)  # password
    term.answer("Describe the change" if lang == "en" else "Опишите изменение",
                ("Please reset the control panel password for user admin." if lang == "en"
                 else "Пожалуйста, сбросьте пароль панели управления для пользователя admin.") + ENTER)
    record = send_as_proposed(term, ticket_home, lang)
    # item 6 too: a subject opens with a capital letter
    assert record["subject"] == ("Contract 12-345: password reset" if lang == "en" else "Договор 12-345: смена пароля")


# ---- item 4: the ticket's language is chosen once and shown -----------------------------------
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_item4_ticket_follows_the_interface_language_and_says_so(ticket_home, addresses, lang):
    term = Terminal(ticket_home, "new", "--type", "other", "--contract", "12-345", lang=RU if lang == "ru" else EN)
    term.answer("Describe your question" if lang == "en" else "Опишите ваш вопрос",
                ("Please send the invoice for November." if lang == "en" else "Пожалуйста, пришлите счёт за ноябрь.") + ENTER)
    term.answer("Subject" if lang == "en" else "Тема", ENTER)
    term.expect("What next" if lang == "en" else "Что дальше")
    screen = term.text()
    assert ("Ticket preview · written in English" if lang == "en" else "Предпросмотр заявки · на русском языке") in screen
    assert ("Contract: 12-345" if lang == "en" else "Договор: 12-345") in screen
    term.settle()
    term.send(ENTER)
    assert term.finish() == 0
    record, _ = outbox_ticket(ticket_home)
    assert record["lang"] == lang


def test_item4_client_writing_another_language_chooses_the_tickets(ticket_home, addresses):
    term = Terminal(ticket_home, "new", "--type", "other", "--contract", "12-345", lang=RU)
    term.answer("Опишите ваш вопрос", "Please send the invoice for November to my e-mail." + ENTER)
    term.expect("Вы пишете на английском, а подписи заявки — на русском")
    term.settle()
    term.send(ENTER)  # English, as written
    term.answer("Тема", ENTER)
    term.expect("Предпросмотр заявки · на английском языке")
    term.expect("Contract: 12-345")
    term.answer("Что дальше", ENTER)
    assert term.finish() == 0
    record, _ = outbox_ticket(ticket_home)
    assert record["lang"] == "en"


def test_item4_profile_language_and_ticket_lang_flag_are_not_second_guessed(ticket_home, addresses):
    set_profile(lang="ru")
    term = Terminal(ticket_home, "new", "--type", "other", "--contract", "12-345")
    term.answer("Describe your question", "Please send the invoice for November." + ENTER)
    term.answer("Subject", ENTER)  # no language question: the profile chose Russian
    term.expect("Ticket preview · written in Russian")
    term.expect("Договор: 12-345")
    term.answer("What next", ENTER)
    assert term.finish() == 0
    assert outbox_ticket(ticket_home)[0]["lang"] == "ru"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_item4_config_init_asks_the_ticket_language_defaulting_to_the_interface(ticket_home, lang):
    term = Terminal(ticket_home, "config", "init", lang=RU if lang == "ru" else EN)
    for _ in range(4):  # contract, domain, contact e-mail, desk e-mail
        term.expect(r"\?")
        term.settle()
        term.send(ENTER)
    term.expect("Language you write tickets in" if lang == "en" else "Язык заявок")
    assert (" » English" if lang == "en" else " » Русский") in term.text()
    term.send(ENTER)
    assert term.finish() == 0
    assert config.load().profile().values["lang"] == lang


@pytest.mark.unconfigured
# ---- item 5 and build: message.eml is always a valid message ----------------------------------
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_item5_first_run_asks_the_addresses_saves_them_and_the_message_is_valid(ticket_home, lang):
    term = Terminal(ticket_home, "new", lang=RU if lang == "ru" else EN)
    term.answer("What is the problem about" if lang == "en" else "С чем проблема", UP + ENTER)  # Something else
    term.answer("Contract number" if lang == "en" else "Номер договора", "12-345" + ENTER)
    term.answer("Describe your question" if lang == "en" else "Опишите ваш вопрос",
                ("Please send the invoice for November." if lang == "en" else "Пожалуйста, пришлите счёт за ноябрь.") + ENTER)
    term.expect("message.eml")
    term.answer("Your contact e-mail" if lang == "en" else "Ваш контактный e-mail", "owner@ромашка.рф" + ENTER)
    term.answer("support desk's e-mail" if lang == "en" else "Адрес техподдержки", "support@хостинг.рф" + ENTER)
    term.answer("Save these addresses" if lang == "en" else "Сохранить эти адреса", ("y" + ENTER) if lang == "en" else ENTER)
    term.answer("Subject" if lang == "en" else "Тема", ENTER)
    send_from_preview(term, lang)
    assert term.finish() == 0
    profile = config.load().profile()
    assert profile.values["contact_email"] == "owner@ромашка.рф" and profile.values["desk_email"] == "support@хостинг.рф"
    _, folder = outbox_ticket(ticket_home)
    raw = (folder / "message.eml").read_bytes()
    assert b"=?" not in raw.split(b"\r\n\r\n")[0].split(b"Subject:")[0], "no encoded word before the subject (the addresses)"
    msg = strict_message(folder)
    assert msg["From"].addresses[0].domain == "xn--80aa3agjl3d.xn--p1ai"
    assert msg["To"].addresses[0].addr_spec == "support@xn--c1ajpcpgs.xn--p1ai"


@pytest.mark.unconfigured
def test_item5_scripted_without_addresses_is_refused_with_one_line(run_cli, ticket_home):
    code, out, err = run_cli("new", "--type", "other", "--contract", "1-1", "--description", "Please send the invoice.", "--no-input")
    assert code != 0
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "contact_email" in err and "desk_email" in err and "ticket config set" in err
    assert not (ticket_home / "outbox").exists()


def test_item5_message_eml_delivered_to_a_real_smtp_server(ticket_home, run_cli):
    """The outbox's message.eml, as it is, accepted by a real SMTP server (aiosmtpd) and read back
    strictly on the other side: international domains in IDNA form, no encoded word in an address."""
    import smtplib

    from servers.smtp_server import SmtpServer

    set_profile(contact_email="owner@ромашка.рф", desk_email="support@хостинг.рф")
    code, out, err = run_cli("new", "--type", "other", "--contract", "1-1", "--description", "Пожалуйста, пришлите счёт за ноябрь.",
                             "--no-input")
    assert code == 0, err
    _, folder = outbox_ticket(ticket_home)
    msg = strict_message(folder)
    sender, recipient = msg["From"].addresses[0].addr_spec, msg["To"].addresses[0].addr_spec
    assert (sender, recipient) == ("owner@xn--80aa3agjl3d.xn--p1ai", "support@xn--c1ajpcpgs.xn--p1ai")
    with SmtpServer() as srv:
        with smtplib.SMTP("127.0.0.1", srv.port) as conn:
            conn.sendmail(sender, [recipient], (folder / "message.eml").read_bytes())
        [got] = srv.messages
    assert (got["mail_from"], got["rcpt_tos"]) == (sender, [recipient])
    back = email.message_from_bytes(got["data"], policy=STRICT)
    assert back["Subject"] == msg["Subject"]
    assert back.get_content().replace("\r\n", "\n") == msg.get_content().replace("\r\n", "\n")


def test_item5_an_address_outside_ascii_makes_an_rfc6532_message():
    """A local part outside ASCII (which a library caller may give) is never an encoded word: the
    message is RFC 6532, UTF-8 headers, and parses back strictly."""
    from ticketcli.message import build_email
    from ticketcli.model import Ticket

    msg = build_email(Ticket(type="other", contract="1-1", description="x", subject="Счёт"),
                      sender="владелец@ромашка.рф", recipient="support@хостинг.рф")
    raw = msg.as_bytes()
    assert b"=?" not in raw.split(b"\r\n\r\n")[0]
    back = email.message_from_string(raw.decode("utf-8"), policy=STRICT)
    assert back["From"].addresses[0].username == "владелец"
    assert back["To"].addresses[0].domain == "xn--c1ajpcpgs.xn--p1ai"


@pytest.mark.parametrize("stop", ["ctrl-c", "declined"])
def test_build_a_password_never_reaches_the_draft_on_disk(ticket_home, addresses, stop):
    """Stopped before the offer to redact the password is answered, or with the offer declined
    and the draft saved: the draft on disk has the password redacted, and resume shows that."""
    term = Terminal(ticket_home, "new", "--type", "account-change", "--contract", "12-345")
    term.answer("What should be changed", DOWN * 2 + ENTER)  # a password
    term.answer("Describe the change", "Please reset the panel password. My current password is Hunter2-secret and it fails." + ENTER)
    term.expect("secret data")
    term.expect("Use this text instead")
    term.settle()
    if stop == "ctrl-c":
        term.send(CTRL_C)
        term.expect("ticket resume")
    else:
        term.send("n" + ENTER)
        term.answer("Subject", ENTER)
        term.answer("What next", UP * 2 + ENTER)  # Save as draft and quit
        term.expect("draft")
    term.finish()
    [draft] = list((ticket_home / "drafts").glob("*.json"))
    stored = draft.read_text()
    assert "Hunter2-secret" not in stored and "[REDACTED]" in stored
    resumed = Terminal(ticket_home, "resume", draft.stem[:8])
    resumed.expect("REDACTED")
    assert "Hunter2-secret" not in resumed.plain()
    resumed.child.terminate(force=True)


# ---- item 6: subjects --------------------------------------------------------------------
def test_item6_subjects_cut_at_a_word_and_open_with_a_capital():
    from ticketcli.problems import HOSTING, shorten

    long = "530 Login authentication failed because the password of the account is wrong for this user"
    subject = HOSTING.propose_subject({"host": "example.ru", "area": "ftp", "error": long}, "en")
    quoted = subject.split('"')[1]
    assert quoted.endswith("…") and long.startswith(quoted[:-1]) and long[len(quoted) - 1] == " "
    assert shorten("530 Login authentication failed", 20) == "530 Login…"


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_item6_hosting_subject_by_contract_never_copies_the_description(lang):
    from ticketcli.message import propose_subject
    from ticketcli.model import Ticket

    ticket = Ticket(type="hosting", lang=lang, contract="12-345", description="I cannot upload files over FTP since Monday.",
                    fields={"area": "ftp", "program": "FileZilla"})
    assert propose_subject(ticket) == ("Contract 12-345: FTP access (FileZilla)" if lang == "en" else "Договор 12-345: доступ по FTP (FileZilla)")
    ticket.fields["error"] = "none"
    assert "none" not in propose_subject(ticket) and "upload" not in propose_subject(ticket)


# ---- item 7: one question per ticket ------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Как подключить второй домен к моему тарифу? И ещё: почему у меня списали деньги дважды за этот месяц?",
    "How do I add a second domain to my plan? And also: why was I charged twice this month?",
])
def test_item7_one_question_finds_the_pair_in_check(run_cli, text):
    code, out, err = run_cli("check", "--type", "other", "--format", "json", "-", stdin=text)
    assert "one-question" in [f["rule"] for f in json.loads(out)["findings"]]


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_item7_one_question_pair_is_split_in_the_wizard(ticket_home, addresses, lang):
    text = {"ru": "Как подключить второй домен к моему тарифу? И ещё: почему у меня списали деньги дважды за этот месяц?",
            "en": "How do I add a second domain to my plan? And also: why was I charged twice this month?"}[lang]
    term = Terminal(ticket_home, "new", "--type", "other", "--contract", "12-345", lang=RU if lang == "ru" else EN)
    term.answer("Describe your question" if lang == "en" else "Опишите ваш вопрос", text + ENTER)
    term.expect("one-question")
    term.answer("Split it" if lang == "en" else "Разделить", ("y" + ENTER) if lang == "en" else ENTER)
    term.answer("Text of the second question" if lang == "en" else "Текст второго вопроса", ENTER)
    term.expect(r"The second question is draft|Второй вопрос — черновик")
    # the split gave the first question its subject: the preview comes next
    term.answer("What next" if lang == "en" else "Что дальше", DOWN * 4 + ENTER)  # save as draft
    assert term.finish() == 0
    drafts = [json.loads(p.read_text()) for p in (ticket_home / "drafts").glob("*.json")]
    assert len(drafts) == 2
    assert sorted(("дважды" in d["description"] or "twice" in d["description"]) for d in drafts) == [False, True]


# ---- item 8: a ticket.json's attachments are beside it -----------------------------------
def test_item8_check_resolves_attachments_beside_the_json(run_cli, ticket_home, tmp_path, monkeypatch):
    set_profile(contact_email="owner@example.ru", desk_email="support@example-hosting.ru")
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"\x89PNG fake")
    code, out, err = run_cli("new", "--type", "other", "--contract", "1-1", "--description", "Please see the screenshot.",
                             "--attach", str(shot), "--no-input")
    assert code == 0, err
    _, folder = outbox_ticket(ticket_home)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    code, out, err = run_cli("check", str(folder / "ticket.json"))
    assert code == 0, err
    assert "Attachment" not in err


# ---- item 9: no usable keyring is said before the secret is typed --------------------------
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_item9_auth_set_says_no_keyring_before_asking(ticket_home, lang):
    term = Terminal(ticket_home, "auth", "set", "api", lang=RU if lang == "ru" else EN,
                    PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    code = term.finish()
    assert code != 0
    out = term.plain()
    assert "input hidden" not in out and "ввод скрыт" not in out
    assert "TICKETCLI_API_TOKEN" in out


# ---- item 10: --lang after the command -----------------------------------------------------
@pytest.mark.parametrize("args", [["new", "--lang", "ru"], ["new", "--type", "other", "--lang", "ru"], ["drafts", "list", "--lang", "ru"]])
def test_item10_lang_after_the_command(run_cli, args):
    code, out, err = run_cli(*args, "--no-input") if args[0] == "new" else run_cli(*args)
    assert "No such option" not in err
    assert re.search(r"[а-яё]{4}", out + err), out + err


# ---- item 11: the choices fit the terminal -------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("cols", [80, 120])
def test_item11_type_choices_are_whole_at_80_and_120_columns(ticket_home, lang, cols):
    from ticketcli.i18n import pick
    from ticketcli.problems import TYPES

    term = Terminal(ticket_home, "new", lang=RU if lang == "ru" else EN, cols=cols)
    term.expect("What is the problem about" if lang == "en" else "С чем проблема")
    screen = term.screen()
    for ptype in TYPES.values():
        line = pick(ptype.choice, lang)
        assert any(row.strip().lstrip("» ").strip() == line for row in screen), f"{line!r} is not whole on the screen:\n" + "\n".join(screen)
    term.child.terminate(force=True)


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("cols", [80, 120])
def test_item11_an_answers_error_fits_the_line_with_how_to_fix_it(ticket_home, lang, cols):
    """A description typed where the domain is asked: the error's one line under the answer still
    says what is wrong and how to fix it (the answer quoted in it is cut, not the advice)."""
    term = Terminal(ticket_home, "new", "--type", "site-access", lang=RU if lang == "ru" else EN, cols=cols)
    term.answer("Contract number" if lang == "en" else "Номер договора", ENTER)
    term.answer("Your site's domain" if lang == "en" else "Домен вашего сайта",
                "Since this morning the site shows a white screen, no text at all, and my provider is Rostelecom" + ENTER)
    advice = "Example: example.ru or пример.рф." if lang == "en" else "Пример: example.ru или пример.рф."
    term.expect(re.escape(advice))
    [line] = [row for row in term.screen() if advice in row]
    assert ("Since this morning" in line) and ("is not a domain name" if lang == "en" else "не доменное имя") in line
    term.child.terminate(force=True)


# ---- item 12: a "y" and an Enter answer one question -------------------------------------
def test_item12_y_then_enter_answers_one_question(ticket_home, addresses):
    from servers.diag_servers import HttpServer

    with HttpServer() as srv:
        term = Terminal(ticket_home, "new", "--type", "site-access", "--contract", "1-1", "--description", "Site is slow",
                        TICKETCLI_DIAGNOSE="ask")
        term.answer("Which address", srv.url("/") + ENTER)
        term.answer("from this computer now", "y")
        term.settle(0.5)
        assert "Result" not in term.text() and "installed browsers" not in term.plain(), "nothing runs before Enter"
        term.send(ENTER)
        term.expect("installed browsers")
        term.settle(0.5)
        # the Enter after "y" did not answer the next question: it still waits
        assert "installed browsers" in term.text() and not re.search(r"time zone\? (Yes|No)", term.text())
        term.send("n" + ENTER)
        term.expect("Diagnostics")
        term.child.terminate(force=True)


# ---- item 13: the insult flow ---------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_item13_insult_must_be_rephrased_and_the_rude_words_are_named(ticket_home, addresses, lang):
    text = {"ru": "Вы там совсем идиоты? Верните деньги за ноябрь.", "en": "Are you idiots? Give back my money for November."}[lang]
    better = {"ru": "Пожалуйста, верните деньги за ноябрь на баланс договора.", "en": "Please refund November to the contract's balance."}[lang]
    term = Terminal(ticket_home, "new", "--type", "other", "--contract", "12-345", lang=RU if lang == "ru" else EN)
    term.answer("Describe your question" if lang == "en" else "Опишите ваш вопрос", text + ENTER)
    term.expect("Words the desk reads as rude: «idiots»" if lang == "en" else "Слова, которые поддержка сочтёт грубыми: «идиоты»")
    term.answer("Please rephrase" if lang == "en" else "Переформулируйте", ENTER)  # unchanged
    term.expect("The text is unchanged" if lang == "en" else "Текст не изменился")
    term.answer("Please rephrase" if lang == "en" else "Переформулируйте", CTRL_U + better + ENTER)
    term.answer("Subject" if lang == "en" else "Тема", ENTER)
    send_from_preview(term, lang)
    assert term.finish() == 0
    assert outbox_ticket(ticket_home)[0]["description"] == better


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_item13_an_insult_left_in_the_subject_is_framed_as_impolite(ticket_home, addresses, lang):
    term = Terminal(ticket_home, "new", "--type", "other", "--contract", "12-345",
                    "--description", "Please refund November." if lang == "en" else "Пожалуйста, верните деньги за ноябрь.",
                    "--subject", "Idiots, refund November" if lang == "en" else "Идиоты, верните деньги", lang=RU if lang == "ru" else EN)
    send_from_preview(term, lang)
    term.expect("The ticket is impolite" if lang == "en" else "Заявка невежлива")
    out = term.plain()
    assert "will make the desk ask back" not in out and "поддержка переспросит" not in out
    assert "Send anyway" not in out and "Всё равно отправить" not in out
    term.child.terminate(force=True)


@pytest.mark.parametrize(("lang", "count", "words"), [
    ("en", 1, "1 problem will make the desk ask back"), ("en", 2, "2 problems will make"),
    ("ru", 1, "Найдена 1 проблема, из-за которой поддержка переспросит. Что сделать?"),
    ("ru", 3, "Найдены 3 проблемы, из-за которых"), ("ru", 5, "Найдено 5 проблем, из-за которых"),
    ("ru", 21, "Найдена 21 проблема, из-за которой"),
])
def test_texts_plural_forms(lang, count, words):
    from ticketcli.i18n import tn

    assert tn("has_errors", count, lang=lang).startswith(words)


@pytest.mark.parametrize(("lang", "count", "words"), [
    ("en", 1, "1 message, 0 new"), ("en", 3, "3 messages, 0 new"),
    ("ru", 1, "1 сообщение, новых: 0"), ("ru", 3, "3 сообщения, новых: 0"), ("ru", 5, "5 сообщений, новых: 0"),
    ("ru", 21, "21 сообщение, новых: 0"),
])
def test_texts_conversation_counts_in_plural_forms(lang, count, words):
    import ticketcli.cli.output  # noqa: F401  (registers the conversation's words)
    from ticketcli.i18n import tn

    assert tn("conv_counts", count, lang=lang, new=0) == words


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_texts_one_error_is_counted_in_words_in_the_wizard(ticket_home, addresses, lang):
    term = Terminal(ticket_home, "new", "--type", "mail", "--contract", "1-1",
                    "--description", "Since today Outlook does not send." if lang == "en" else "С сегодняшнего дня Outlook не отправляет почту.",
                    "--field", "mailbox=a@example.ru", "--field", "client=outlook", "--field", "direction=sending",
                    "--field", "worked_before=yes", "--field", "error=0x800CCC0E", lang=RU if lang == "ru" else EN)
    term.answer("Subject" if lang == "en" else "Тема", ENTER)
    send_from_preview(term, lang)
    term.expect("1 problem will make the desk ask back. What now?" if lang == "en"
                else "Найдена 1 проблема, из-за которой поддержка переспросит. Что сделать?")
    term.child.terminate(force=True)


# ---- item 14: completion -------------------------------------------------------------------
def test_item14_readme_shows_completion_for_three_shells():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for line in ("source <(ticket completion show bash)", "source <(ticket completion show zsh)",
                 "ticket completion show fish | source", "bash-completion"):
        assert line in readme


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_item14_completion_install_bash_says_what_bash_needs(run_cli, ticket_home, tmp_path, monkeypatch, lang):
    from ticketcli.cli.completion import bash_completion_loader

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    code, out, err = run_cli("--lang", lang, "completion", "install", "bash")
    assert code == 0
    if bash_completion_loader() is None:
        assert "bash-completion" in err and "source <(ticket completion show bash)" in err
    else:
        assert bash_completion_loader() in err


# ---- item 15: resume, drafts -----------------------------------------------------------------
def test_item15_resume_keeps_the_interface_language_and_recaps(ticket_home, addresses):
    term = Terminal(ticket_home, "--lang", "ru", "new", "--type", "site-access", "--contract", "77-1")
    term.answer("Что происходит", "Сайт не открывается с утра" + ENTER)
    term.answer("Какой адрес", "example.ru" + ENTER)
    term.expect("В каком браузере")
    term.settle()
    term.send("\x03")
    m = term.expect(r"ticket resume (\w+)")
    draft_id = m.group(1)
    assert term.finish() == 130
    # drafts list: the interrupted draft shows the subject that would be proposed
    list_term = Terminal(ticket_home, "drafts", "list", cols=100)
    list_term.finish()
    assert "example.ru: site does not open" in list_term.text() or "example.ru: сайт не открывается" in list_term.text()

    term = Terminal(ticket_home, "resume", draft_id)  # LANG is English; the draft's session was Russian
    term.expect(f"Черновик {draft_id}: ваши ответы")
    term.expect("Номер договора: 77-1")
    term.expect("Адрес: example.ru")
    term.expect("В каком браузере")
    term.child.terminate(force=True)


def test_item15_drafts_show_asks_for_four_characters(run_cli):
    code, out, err = run_cli("drafts", "show", "6f6")
    assert code != 0 and "at least 4 characters" in err
    code, out, err = run_cli("--lang", "ru", "drafts", "show", "6f6")
    assert "не меньше 4 символов" in err


# ---- item 16: diagnostics in the Russian interface -----------------------------------------
@pytest.mark.parametrize("cols", [80, 120])
def test_item16_russian_diagnosis_has_unicode_names_russian_errors_one_header(ticket_home, cols):
    from servers.diag_servers import DnsServer

    with DnsServer({}) as dns:
        term = Terminal(ticket_home, "diagnose", "site", "http://пример.рф/", "--dns-server", dns.address, "--lang", "ru",
                        lang=RU, cols=cols, rows=24)
        term.finish()
    screen = term.text()
    assert "xn--" not in term.plain()
    assert "такого имени в DNS нет (NXDOMAIN)" in screen and "does not exist" not in term.plain()
    assert len([row for row in term.screen() if "Проверка" in row and "Результат" in row]) == 1


def test_item16_ticket_lines_in_russian_and_the_title_in_the_table(ticket_home):
    from ticketcli.diagnose.lines import ticket_lines
    from ticketcli.diagnose.model import FAILED, OK, Check, Diagnosis

    diag = Diagnosis(kind="site", target="https://xn--e1afmkfd.xn--p1ai/")
    diag.checks = [Check("dns", FAILED, {"host": "xn--e1afmkfd.xn--p1ai"}, error="The DNS query name does not exist: xn--e1afmkfd.xn--p1ai."),
                   Check("http", FAILED, {"title": "Сайт на обслуживании"}, error="503 Service Unavailable")]
    lines = ticket_lines(diag, "ru", when="2026-12-04 10:00")
    assert lines[0].startswith("Проверка https://пример.рф/")
    assert lines[1] == "DNS пример.рф: такого имени в DNS нет (NXDOMAIN)"
    from ticketcli.cli.output import result_text

    assert result_text(diag.checks[1], "ru") == "503 Service Unavailable — «Сайт на обслуживании»"
    ok = Check("http", OK, {"status_line": "HTTP/1.1 200 OK", "title": "Главная"})
    assert "«Главная»" in result_text(ok, "ru")


# ---- item 17: help ----------------------------------------------------------------------------
def _help_tree():
    import typer.main

    from ticketcli.cli.app import app

    root = typer.main.get_command(app)
    out = []

    def walk(cmd, path):
        out.append((path, cmd))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk(sub, [*path, name])

    walk(root, [])
    return out


def test_item17_every_help_text_has_its_russian_and_every_metavar_says_what_it_takes(run_cli):
    from ticketcli.cli.help_ru import HELP_RU

    missing = []
    for path, cmd in _help_tree():
        for text in [cmd.help] + [getattr(p, "help", None) for p in cmd.params]:
            if text and text not in HELP_RU:
                missing.append((path, text))
        code, out, err = run_cli(*path, "--help")
        assert code == 0, (path, err)
        assert "<str>" not in out and "{" not in out.split("\n")[0], (path, out)
    assert not missing


@pytest.mark.parametrize("where", ["before", "after"])
def test_item17_help_in_russian(run_cli, where):
    args = ["--lang", "ru", "new", "--help"] if where == "before" else ["new", "--lang", "ru", "--help"]
    code, out, err = run_cli(*args)
    assert code == 0
    assert "Использование:" in out and "Параметры:" in out and "Составить новую заявку" in out
    assert "Options:" not in out and "Show this message" not in out


def test_item17_types_tables_and_auth_set_help(run_cli):
    code, out, err = run_cli("types")
    assert "Fields" in out.splitlines()[1]
    code, out, err = run_cli("types", "show", "domain")
    header = next(line for line in out.splitlines() if "Question" in line)
    assert "Required" in header
    code, out, err = run_cli("types", "show", "other")
    assert "no questions beyond the description" in out and "┃" not in out
    code, out, err = run_cli("auth", "set", "--help")
    for kind in ("api", "smtp", "helpdesk", "imap"):
        assert kind in out


def test_item17_outbox_list_times_do_not_wrap_at_80_columns(ticket_home, run_cli):
    set_profile(contact_email="owner@example.ru", desk_email="support@example-hosting.ru")
    code, out, err = run_cli("new", "--type", "other", "--contract", "1-1", "--no-input", "--description",
                             "Please send the invoice for November, with the payment details of the contract and the stamp.")
    assert code == 0, err
    term = Terminal(ticket_home, "outbox", "list", cols=80)
    term.finish()
    rows = [row for row in term.screen() if re.search(r"\d{4}-\d\d-\d\d", row)]
    assert rows and all(re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", row) for row in rows), term.text()


# ---- item 18 and texts: the browser question --------------------------------------------
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_item18_browser_version_from_the_description_and_no_stray_hint(ticket_home, addresses, lang):
    term = Terminal(ticket_home, "new", "--type", "site-access", "--domain", "example.ru",
                    "--description", ("The admin panel shows 502 Bad Gateway in Chrome 120" if lang == "en"
                                      else "Админка показывает 502 Bad Gateway в Chrome 120"), lang=RU if lang == "ru" else EN)
    term.expect("Which browser" if lang == "en" else "В каком браузере")
    screen = term.text()
    assert "Firefox 128" not in screen
    assert " » Google Chrome 120" in screen
    assert ("All browsers" if lang == "en" else "Во всех браузерах") in screen
    term.child.terminate(force=True)


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_texts_russian_interface_is_russian_and_english_choices_capitalised(ticket_home, lang):
    term = Terminal(ticket_home, "new", "--type", "mail", "--contract", "1-1", "--description", "x y z",
                    "--field", "sender=program", "--field", "mailbox=a@example.ru", lang=RU if lang == "ru" else EN)
    term.expect("Which mail program" if lang == "en" else "Какой почтовой программой")
    screen = term.text()
    if lang == "ru":
        assert "(Use arrow keys)" not in term.plain() and "(стрелки — выбор, Enter — ответ)" in screen
    else:
        assert "Phone's mail app" in screen and "Webmail (in the browser)" in screen
    term.child.terminate(force=True)


def test_texts_ticket_wording():
    from ticketcli.message import render_text
    from ticketcli.model import Ticket
    from ticketcli.rules import redact_secrets

    mail = Ticket(type="mail", lang="ru", contract="1-1", description="x", fields={"worked_before": "yes"})
    assert "Раньше работало: да\n" in render_text(mail)
    mail.lang = "en"
    assert "Worked before: yes\n" in render_text(mail)
    domain = Ticket(type="domain", lang="ru", contract="1-1", description="x", fields={"topic": "renewal"})
    assert "Вопрос: продление домена" in render_text(domain)
    assert redact_secrets("пароль Qwerty123!", "ru") == "пароль [скрыт]"
    from ticketcli.problems import MAIL

    assert MAIL.question("worked_before").find_choice("yes").label["ru"] == "да, раньше работала"


def test_texts_severities_and_check_without_input_in_one_language(ticket_home):
    term = Terminal(ticket_home, "check", "--lang", "ru", lang=RU)
    term.finish()
    out = term.plain()
    assert "Укажите, что проверить" in out and "Give the text" not in out
    term = Terminal(ticket_home, "check", lang=EN)
    term.finish()
    assert "Give the text to check" in term.plain() and "Укажите" not in term.plain()


def test_texts_russian_findings_say_oshibka_not_error(run_cli):
    code, out, err = run_cli("--lang", "ru", "check", "--type", "other", "-", stdin="Сайт не работает.")
    assert "✗ ошибка" in out and "error   " not in out


# ---- done when: a new user goes through every problem type in both languages -------------------
TOUR = {
    # type: (position in the list, description (en, ru), steps: (prompt en, prompt ru, keys))
    "site-access": (0, ("The admin panel shows 502 Bad Gateway in Firefox 128 since 9:00.",
                        "Админка с 9:00 показывает 502 Bad Gateway в Firefox 128."), [
        ("Which address", "Какой адрес", "https://пример.рф/admin" + ENTER),
        ("Which browser", "В каком браузере", ENTER),  # Mozilla Firefox 128, as said
        ("What exactly appears", "Что именно появляется", ENTER),  # «502 Bad Gateway», as said
        ("File to attach", "Файл для вложения", ENTER),
        ("Internet access", "интернет-провайдер", "Rostelecom" + ENTER),
        ("Since when", "С какого времени", ENTER),
        ("What have you tried", "Что уже пробовали", ENTER),
    ]),
    "mail": (1, ("Messages from the contact form on the site stopped arriving since Monday.",
                 "С понедельника перестали приходить письма с формы обратной связи на сайте."), [
        ("Who sends", "Кто отправляет", ENTER),  # the site, as said
        ("What on the site sends", "Что на сайте отправляет", ENTER),  # the contact form
        ("Which address should receive", "На какой адрес должны приходить", "zakaz@пример.рф" + ENTER),
        ("Did mail work before", "Раньше почта работала", ENTER),  # yes, as said
        ("Which error", "Какую ошибку", DOWN + ENTER),  # there is no error text
    ]),
    "domain": (2, ("Please renew the domain example.ru for one more year.", "Пожалуйста, продлите домен example.ru ещё на год."), [
        ("What is it about", "О чём запрос", DOWN + ENTER),  # renewal (asked before the description)
        ("DESCRIPTION", "DESCRIPTION", ""),
        ("Error text, if any", "Текст ошибки, если есть", ENTER),  # skip
    ]),
    "hosting": (3, ("I cannot upload files over FTP since Monday.", "С понедельника не могу загрузить файлы по FTP."), [
        ("Which part of the hosting", "Какая часть хостинга", ENTER),  # FTP
        ("DESCRIPTION", "DESCRIPTION", ""),
        ("Which program", "Какой программой", "FileZilla" + ENTER),
        ("Error text, if any", "Текст ошибки, если есть", DOWN + ENTER),  # type it
        ("The error's text", "Текст ошибки, как он показан", "530 Login authentication failed" + ENTER),
        ("File to attach", "Файл для вложения", ENTER),
        ("Since when", "С какого времени", ENTER),
    ]),
    "ssl": (4, ("Please renew the certificate of example.ru, it expires next week.",
                "Пожалуйста, продлите сертификат example.ru, он истекает через неделю."), [
        ("What is it about", "О чём запрос", DOWN + ENTER),  # renew
        ("DESCRIPTION", "DESCRIPTION", ""),
        ("Which address shows it", "На каком адресе", "https://example.ru" + ENTER),
        ("warning text, if any", "Текст предупреждения браузера", ENTER),  # skip
    ]),
    "account-change": (5, ("Please change the contact phone in the contract to +7 900 000-00-00.",
                           "Пожалуйста, замените контактный телефон в договоре на +7 900 000-00-00."), [
        ("What should be changed", "Что нужно изменить", ENTER),  # contact data
        ("DESCRIPTION", "DESCRIPTION", ""),
    ]),
    "other": (6, ("Please send the invoice for November.", "Пожалуйста, пришлите счёт за ноябрь."), [
        ("DESCRIPTION", "DESCRIPTION", ""),
    ]),
}

DESCRIBE = {"en": "Describe|What happens", "ru": "Опишите|Что происходит"}


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("type_name", list(TOUR))
def test_done_when_every_type_goes_through_in_both_languages(ticket_home, run_cli, type_name, lang):
    position, descriptions, steps = TOUR[type_name]
    description = descriptions[0 if lang == "en" else 1]
    term = Terminal(ticket_home, "new", lang=RU if lang == "ru" else EN, cols=80, rows=40)
    term.answer("What is the problem about" if lang == "en" else "С чем проблема", DOWN * position + ENTER)
    term.answer("Contract number" if lang == "en" else "Номер договора", "12-345" + ENTER)
    if steps[0][0] != "DESCRIPTION" and not any(s[0] == "DESCRIPTION" for s in steps):
        steps = [("DESCRIPTION", "DESCRIPTION", ""), *steps]
    for en, ru, keys in steps:
        if en == "DESCRIPTION":
            term.answer(DESCRIBE[lang], description + ENTER)
            continue
        term.answer(en if lang == "en" else ru, keys)
    term.answer("Subject" if lang == "en" else "Тема", ENTER)
    term.expect("What next" if lang == "en" else "Что дальше")
    screen = term.text()
    assert ("written in English" if lang == "en" else "на русском языке") in screen
    assert "(Use arrow keys)" not in term.plain() and "(Y/n)" not in term.plain() if lang == "ru" else True
    term.settle()
    term.send(ENTER)
    term.expect("is in the outbox" if lang == "en" else "в исходящих")
    assert term.finish() == 0
    record, folder = outbox_ticket(ticket_home)
    assert record["lang"] == lang and record["type"] == type_name
    subject = record["subject"]
    assert subject[0].isupper() or "." in subject.split(":")[0], subject
    assert "none" not in subject and "«нет" not in subject
    msg = strict_message(folder)
    assert msg["From"].addresses and msg["To"].addresses
    body = msg.get_content()
    label = "Contract: 12-345" if lang == "en" else "Договор: 12-345"
    assert label in body
    other_labels = ("Договор:", "Браузер:", "Текст ошибки:") if lang == "en" else ("Contract:", "Browser:", "Error text:")
    assert not any(word in body for word in other_labels), body
    code, out, err = run_cli("check", str(folder / "ticket.json"), "--format", "json")
    assert code == 0, out


def test_item11_a_choice_longer_than_the_terminal_is_cut_at_a_word_with_an_ellipsis():
    from ticketcli.cli.wizard.prompt import fit

    line = "Соединение с 127.0.0.1, порт 8080: установлено за 1 мс; сервер nginx; заголовок «Сайт на обслуживании»"
    cut = fit(line, 80)
    assert len(cut) <= 74 and cut.endswith("…") and line.startswith(cut[:-1]) and not line[len(cut) - 1].isalnum()
    assert fit("Short line", 80) == "Short line"


@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("cols", [80, 120])
def test_item11_error_choices_are_whole_at_80_and_120_columns(ticket_home, lang, cols):
    from ticketcli.problems import NO_ERROR_CHOICE

    term = Terminal(ticket_home, "new", "--type", "mail", "--contract", "1-1", "--description", "x y z", "--field", "sender=site",
                    "--field", "site_mailer=CMS", "--field", "recipient=a@example.ru", "--field", "worked_before=yes",
                    lang=RU if lang == "ru" else EN, cols=cols)
    term.expect("Which error" if lang == "en" else "Какую ошибку")
    assert any(row.strip().lstrip("» ").strip() == NO_ERROR_CHOICE[lang] for row in term.screen()), term.text()
    term.child.terminate(force=True)
