"""The wizard as a person uses it: a real pseudo-terminal, real keys (pexpect)."""

from __future__ import annotations

import email
import json
import shutil
import sys
from email import policy
from pathlib import Path

import pexpect
from conftest import ticket_env
from terminal import CTRL_C, CTRL_U, DOWN, ENTER, UP

TIMEOUT = 20


def spawn(home: Path, *args: str, lang: str = "en_US.UTF-8") -> pexpect.spawn:
    exe = shutil.which("ticket")
    cmd, argv = (exe, list(args)) if exe else (sys.executable, ["-m", "ticketcli", *args])
    child = pexpect.spawn(cmd, argv, env=ticket_env(home, LANG=lang), encoding="utf-8", timeout=TIMEOUT, dimensions=(50, 140))
    return child


def answer(child: pexpect.spawn, question: str, keys: str) -> None:
    child.expect(question)
    child.send(keys)


def outbox_ticket(home: Path) -> tuple[dict, Path]:
    [folder] = list((home / "outbox" / "new").iterdir())
    return json.loads((folder / "ticket.json").read_text()), folder


def finish(child: pexpect.spawn) -> int:
    child.expect(pexpect.EOF)
    child.close()
    return child.exitstatus


def test_full_site_access_ticket(ticket_home, tmp_path):
    shot = tmp_path / "error.png"
    shot.write_bytes(b"png")
    child = spawn(ticket_home, "new")
    answer(child, "What is the problem about", ENTER)  # site-access is first
    answer(child, "Contract number", "12-345" + ENTER)
    answer(child, "What happens", "The admin panel does not open since the morning" + ENTER)
    answer(child, "Which address", "https://пример.рф/admin" + ENTER)
    answer(child, "Which browser", DOWN + ENTER)  # Mozilla Firefox
    answer(child, "What exactly appears", ENTER)  # type it
    answer(child, "The error's text", "502 Bad Gateway" + ENTER)
    answer(child, "File to attach", str(shot) + ENTER)
    answer(child, "Internet access", "Rostelecom" + ENTER)
    answer(child, "Since when", CTRL_U + "today 9:00" + ENTER)  # "the morning", as said, replaced by a closer time
    answer(child, "What have you tried", ENTER)
    child.expect("Subject")
    child.expect("502 Bad Gateway")  # the proposal is pre-filled
    child.send(ENTER)
    child.expect("Ticket preview")
    answer(child, "What next", ENTER)  # Send
    child.expect("is in the outbox")
    assert finish(child) == 0

    record, folder = outbox_ticket(ticket_home)
    assert record["contract"] == "12-345"
    assert record["fields"] == {"url": "https://пример.рф/admin", "browser": "Mozilla Firefox", "error": "502 Bad Gateway", "isp": "Rostelecom", "since": "today 9:00"}
    # an English interface with nothing configured writes the ticket in English
    assert record["lang"] == "en"
    assert record["subject"] == 'пример.рф: "502 Bad Gateway" in Mozilla Firefox'
    assert (folder / "attachments" / "error.png").read_bytes() == b"png"
    msg = email.message_from_bytes((folder / "message.eml").read_bytes(), policy=policy.default)
    body = msg.get_body(("plain",)).get_content()
    assert "Browser: Mozilla Firefox" in body and "Internet provider: Rostelecom" in body
    assert not list((ticket_home / "drafts").glob("*.json")), "the draft is dropped once queued"


def send_without_files_ru(child: pexpect.spawn, home: Path) -> dict:
    """No attachment, the proposed subject, Send (the Russian interface); the ticket as queued."""
    answer(child, "Файл для вложения", ENTER)
    child.expect("Тема")
    child.send(ENTER)
    child.expect("Предпросмотр заявки")
    answer(child, "Что дальше", ENTER)
    child.expect("в исходящих")
    assert finish(child) == 0
    return outbox_ticket(home)[0]


def test_full_mail_ticket_in_russian(ticket_home):
    child = spawn(ticket_home, "new", "--type", "mail", lang="ru_RU.UTF-8")
    answer(child, "Номер договора", ENTER)
    answer(child, "Домен вашего сайта", "магазин.рф" + ENTER)
    answer(child, "Что происходит", "Письма клиентам не уходят" + ENTER)
    answer(child, "Кто отправляет письма", UP * 2 + ENTER)  # почтовая программа (the cursor starts on "—")
    answer(child, "Какого почтового ящика", "\x15" + "shop@магазин.рф" + ENTER)  # over the profile's address
    answer(child, "Какой почтовой программой", DOWN * 2 + ENTER)  # The Bat!
    answer(child, "Что не работает", ENTER)  # отправка, as the description says
    answer(child, "Раньше почта работала", ENTER)  # да
    answer(child, "Какую ошибку показывает программа", ENTER)  # ввести текст
    answer(child, "Текст ошибки, как он показан", "550 5.7.1 Relaying denied" + ENTER)
    record = send_without_files_ru(child, ticket_home)
    assert record["domain"] == "магазин.рф"
    assert record["fields"] == {"sender": "program", "mailbox": "shop@магазин.рф", "client": "The Bat!", "direction": "sending", "worked_before": "yes", "error": "550 5.7.1 Relaying denied"}
    assert record["subject"] == "shop@магазин.рф: не отправляется почта в The Bat!"


def test_mail_sent_by_the_site_asks_the_sites_questions(ticket_home):
    child = spawn(ticket_home, "new", "--type", "mail", lang="ru_RU.UTF-8")
    answer(child, "Номер договора", ENTER)
    answer(child, "Домен вашего сайта", "ромашка.рф" + ENTER)
    answer(child, "Что происходит", "С сайта перестали приходить заявки" + ENTER)
    answer(child, "Кто отправляет письма", UP + ENTER)  # сайт
    answer(child, "Что на сайте отправляет письма", ENTER)  # форма обратной связи
    answer(child, "На какой адрес должны приходить письма", "zakaz@ромашка.рф" + ENTER)
    answer(child, "Раньше почта работала", ENTER)  # да
    answer(child, "Какую ошибку показывает программа или сайт", ENTER)  # ввести текст
    answer(child, "Текст ошибки, как он показан", "SMTP Error: Could not authenticate." + ENTER)
    record = send_without_files_ru(child, ticket_home)
    assert record["fields"] == {"sender": "site", "site_mailer": "contact form", "recipient": "zakaz@ромашка.рф",
                                "worked_before": "yes", "error": "SMTP Error: Could not authenticate."}
    assert record["subject"] == "ромашка.рф: форма обратной связи не отправляет письма"


def test_ctrl_c_keeps_a_draft_and_resume_finishes_the_same_ticket(ticket_home):
    child = spawn(ticket_home, "new", "--type", "site-access", "--contract", "77-1")
    answer(child, "What happens", "Site is down" + ENTER)
    answer(child, "Which address", "example.ru" + ENTER)
    child.expect("Which browser")
    child.send(CTRL_C)
    child.expect(r"ticket resume (\w+)")
    draft_id = child.match.group(1)
    assert finish(child) == 130
    [draft] = list((ticket_home / "drafts").glob("*.json"))
    saved = json.loads(draft.read_text())
    assert saved["uuid"].startswith(draft_id)
    assert saved["fields"] == {"url": "example.ru"} and saved["description"] == "Site is down"

    child = spawn(ticket_home, "resume", draft_id)
    child.expect(f"Draft {draft_id}: your answers so far")  # a recap first
    child.expect("Site is down")
    answer(child, "Which browser", DOWN * 6 + ENTER)  # every browser
    answer(child, "What exactly appears", ENTER)  # type it
    answer(child, "The error's text", "ERR_CONNECTION_TIMED_OUT" + ENTER)
    answer(child, "File to attach", ENTER)
    answer(child, "Internet access", "Beeline" + ENTER)
    answer(child, "Since when", ENTER)
    answer(child, "What have you tried", "mobile network, same" + ENTER)
    answer(child, "Subject", ENTER)
    answer(child, "What next", ENTER)
    child.expect("is in the outbox")
    assert finish(child) == 0
    record, _ = outbox_ticket(ticket_home)
    assert record["uuid"] == saved["uuid"]
    assert record["contract"] == "77-1" and record["description"] == "Site is down"
    assert record["fields"] == {"url": "example.ru", "browser": "every browser", "error": "ERR_CONNECTION_TIMED_OUT", "isp": "Beeline", "tried": "mobile network, same"}


def test_flags_are_not_asked_again_and_save_as_draft(ticket_home):
    child = spawn(
        ticket_home, "new", "--type", "site-access", "--domain", "example.ru", "--description", "Down",
        "--field", "browser=Opera", "--field", "error=503 Service Unavailable", "--field", "isp=MTS",
        "--field", "since=now", "--field", "tried=nothing",
    )
    # url defaults to the domain; nothing else is asked before the subject
    child.expect("Subject")
    child.send(ENTER)
    answer(child, "What next", DOWN * 4 + ENTER)  # Save as draft and quit
    child.expect(r"Draft (\w+) saved")
    assert finish(child) == 0
    [draft] = list((ticket_home / "drafts").glob("*.json"))
    assert json.loads(draft.read_text())["fields"]["url"] == "example.ru"
    assert not (ticket_home / "outbox").exists()


def test_invalid_answer_is_explained_and_asked_again(ticket_home):
    child = spawn(ticket_home, "new", "--type", "mail", "--contract", "1-1", "--description", "x")
    answer(child, "Who sends the mail", ENTER)  # "—": not said, a mail program's questions follow
    answer(child, "Which mailbox", "\x15" + "not-an-address" + ENTER)  # over the profile's address
    child.expect("not an e-mail address")
    child.send("\x15" + "a@example.ru" + ENTER)  # Ctrl-U clears the line
    child.expect("Which mail program")
    child.send(CTRL_C)
    child.expect("ticket resume")
    assert finish(child) == 130
    [draft] = list((ticket_home / "drafts").glob("*.json"))
    assert json.loads(draft.read_text())["fields"] == {"mailbox": "a@example.ru"}


def test_description_edited_in_editor(ticket_home, tmp_path):
    editor = tmp_path / "editor.sh"
    editor.write_text('#!/bin/sh\nprintf "%s\\n\\nSecond paragraph, from the editor." "$(cat "$1")" > "$1.new" && mv "$1.new" "$1"\n')
    editor.chmod(0o755)
    child = pexpect.spawn(
        shutil.which("ticket") or sys.executable, ["new", "--type", "other", "--contract", "5-5", "--description", "Please send the invoice for November."],
        env=ticket_env(ticket_home, EDITOR=str(editor)), encoding="utf-8", timeout=TIMEOUT, dimensions=(50, 140),
    )
    answer(child, "Subject", ENTER)
    answer(child, "What next", DOWN * 2 + ENTER)  # Edit the description in $EDITOR
    child.expect("Second paragraph, from the editor")  # the preview shows the new text
    answer(child, "What next", ENTER)
    child.expect("is in the outbox")
    assert finish(child) == 0
    record, _ = outbox_ticket(ticket_home)
    assert record["description"] == "Please send the invoice for November.\n\nSecond paragraph, from the editor."


def test_config_init_wizard(ticket_home):
    child = spawn(ticket_home, "config", "init", "--profile", "shop", lang="ru_RU.UTF-8")
    answer(child, "Номер договора", "№ 77-001" + ENTER)
    answer(child, "Домен сайта", "магазин.рф" + ENTER)
    answer(child, "Контактный e-mail из договора", "bad-address" + ENTER)
    child.expect("не адрес электронной почты")
    child.send("\x15" + "owner@магазин.рф" + ENTER)
    answer(child, "Адрес техподдержки", ENTER)
    answer(child, "Язык заявок", DOWN + ENTER)  # English
    child.expect("Профиль «shop» сохранён")
    assert finish(child) == 0
    import tomllib

    data = tomllib.loads((ticket_home / "config" / "config.toml").read_text())
    assert data["profiles"]["shop"] == {"contract": "77-001", "domain": "магазин.рф", "contact_email": "owner@магазин.рф", "lang": "en"}


def test_ctrl_c_at_the_hidden_secret_prompt_stops_and_stores_nothing(ticket_home):
    import signal

    # getpass leaves Ctrl-C to the terminal, which sends SIGINT; a shell running the tests in the
    # background ignores SIGINT for its children, so give the child the disposition a user has.
    exe = shutil.which("ticket")
    # (the agreement: this machine's keyring may be keyrings.alt's, which stores in clear text)
    args = ["auth", "set", "api", "--allow-insecure-keyring"]
    cmd, argv = (exe, args) if exe else (sys.executable, ["-m", "ticketcli", *args])
    child = pexpect.spawn(
        cmd, argv, env=ticket_env(ticket_home, LANG="en_US.UTF-8"), encoding="utf-8", timeout=TIMEOUT,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    child.expect("input hidden")
    child.send("half-typed-secret")
    child.send(CTRL_C)
    child.expect(pexpect.EOF)
    assert "Stopped; nothing was saved." in child.before
    assert "half-typed-secret" not in child.before and "Traceback" not in child.before
    child.close()
    assert child.exitstatus == 130
