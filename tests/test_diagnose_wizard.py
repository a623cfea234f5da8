"""The wizard offers the diagnosis for site-access and mail tickets: results first, the lines go
into the ticket only with the user's consent, any line can be left out, and the measured error
text pre-fills the error answer (still asked). A real pseudo-terminal (pexpect) and a real local
HTTP server answering 502."""

from __future__ import annotations

import email
import json
import shutil
import sys
from email import policy
from pathlib import Path

import pexpect
import pytest
from conftest import ticket_env
from servers.diag_servers import HttpServer

from ticketcli import service
from ticketcli.cli.wizard import Wizard
from ticketcli.store.config import Profile

ENTER = "\r"
SPACE = " "
TIMEOUT = 30


def spawn(home: Path, *args: str) -> pexpect.spawn:
    exe = shutil.which("ticket")
    cmd, argv = (exe, list(args)) if exe else (sys.executable, ["-m", "ticketcli", *args])
    env = ticket_env(home, TICKETCLI_DIAGNOSE="ask")
    return pexpect.spawn(cmd, argv, env=env, encoding="utf-8", timeout=TIMEOUT, dimensions=(50, 160))


def answer(child: pexpect.spawn, question: str, keys: str) -> None:
    child.expect(question)
    child.send(keys)


def test_wizard_offers_the_diagnosis_and_the_section_lands_in_the_outbox(ticket_home):
    with HttpServer() as srv:
        url = srv.url("/502")
        child = spawn(ticket_home, "new", "--type", "site-access", "--contract", "12-345", "--ticket-lang", "ru",
                      "--description", "The site shows an error page since the morning")
        answer(child, "Which address", url + ENTER)
        answer(child, "from this computer now", "y" + ENTER)  # a "y" waits for its Enter
        child.expect("502 Bad Gateway")  # the results are shown first
        answer(child, "installed browsers", "n" + ENTER)
        answer(child, "Diagnostics", "y" + ENTER)
        answer(child, "Lines to include", SPACE + ENTER)  # leave out the first line (the heading)
        answer(child, "Which browser", ENTER)
        child.expect("What exactly appears")
        child.expect("«502 Bad Gateway» — measured by the check just now")  # offered, the client chooses
        child.send(ENTER)
        answer(child, "File to attach", ENTER)
        answer(child, "Internet access", "Rostelecom" + ENTER)
        answer(child, "Since when", ENTER)
        answer(child, "What have you tried", ENTER)
        answer(child, "Subject", ENTER)
        answer(child, "What next", ENTER)
        child.expect("is in the outbox")
        child.expect(pexpect.EOF)
        child.close()
    assert child.exitstatus == 0

    [folder] = list((ticket_home / "outbox" / "new").iterdir())
    record = json.loads((folder / "ticket.json").read_text())
    assert record["fields"]["error"] == "502 Bad Gateway"
    lines = record["diagnostics"]
    assert not any(line.startswith("Проверка ") for line in lines), "the unticked line stays out"
    assert lines[0].startswith(f"Соединение с 127.0.0.1, порт {srv.port}: установлено за ")
    assert lines[1].startswith("HTTP: HTTP/1.0 502 Bad Gateway, сервер nginx, ")
    assert lines[2] == "Заголовок страницы ошибки: «502 Bad Gateway»"
    msg = email.message_from_bytes((folder / "message.eml").read_bytes(), policy=policy.default)
    body = msg.get_body(("plain",)).get_content()
    section = body.replace("\r\n", "\n").split("\n\nДиагностика:\n", 1)[1]
    assert section.strip().splitlines() == [f"- {line}" for line in lines]


class Script:
    """The wizard's ``ask`` with scripted answers: (kind, start of the message) → answer."""

    def __init__(self, answers):
        self.answers = list(answers)
        self.asked = []

    def __call__(self, kind, message, **kwargs):
        self.asked.append((kind, message))
        expected_kind, start, value = self.answers.pop(0)
        assert kind == expected_kind and message.startswith(start), (kind, message)
        return value(kwargs) if callable(value) else value


def _ticket(url: str):
    ticket = service.new_ticket("site-access", Profile("default", {"lang": "en"}))
    ticket.contract = "1-1"
    ticket.fields["url"] = url
    return ticket


def test_declining_runs_nothing_and_adds_nothing(ticket_home):
    ticket = _ticket("http://127.0.0.1:9/")
    ask = Script([("confirm", "Check http://127.0.0.1:9/", False)])
    Wizard(ticket, Profile(), ask=ask).offer_diagnostics()
    assert ticket.diagnostics == [] and "error" not in ticket.fields and len(ask.asked) == 1


def test_results_stay_out_without_consent_and_the_error_is_only_offered(ticket_home):
    with HttpServer() as srv:
        ticket = _ticket(srv.url("/502"))
        ask = Script([("confirm", "Check", True), ("confirm", "Also add", False), ("confirm", "Add the results", False)])
        wizard = Wizard(ticket, Profile(), ask=ask)
        wizard.offer_diagnostics()
    assert ticket.diagnostics == []
    # the measurement is offered at the error question, never written in the client's place
    assert "error" not in ticket.fields and wizard.measured_error == "502 Bad Gateway"


def test_client_facts_only_with_consent(ticket_home):
    with HttpServer() as srv:
        ticket = _ticket(srv.url("/"))
        ask = Script([
            ("confirm", "Check", True), ("confirm", "Also add", True), ("confirm", "Add the results", True),
            ("checkbox", "Lines to include", lambda kw: [v for v, _ in kw["choices"]]),
        ])
        Wizard(ticket, Profile(), ask=ask).offer_diagnostics()
    assert any(line.startswith("Operating system: ") for line in ticket.diagnostics)
    assert any(line.startswith("Time zone: ") for line in ticket.diagnostics)
    assert "error" not in ticket.fields  # nothing failed: nothing to pre-fill


@pytest.mark.parametrize("mode, expected", [("never", "never"), ("NEVER", "never"), ("", "ask"), ("ask", "ask"), ("bogus", "ask")])
def test_offered_by_default_and_can_be_turned_off(ticket_home, monkeypatch, mode, expected):
    monkeypatch.setenv("TICKETCLI_DIAGNOSE", mode)
    assert Wizard._diagnose_mode() == expected
