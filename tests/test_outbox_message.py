"""message.eml is written for the tickets that wait in the outbox, and only for them.

A ticket the channel accepts at its first attempt goes without; the outbox channel, a failed
attempt and a delivery that could not start write it. Against the real support-API server on
127.0.0.1 (tests/servers/api_server.py) and real processes for the kill -9 case.
"""

from __future__ import annotations

import json
import subprocess
import sys
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from conftest import ticket_env
from servers.api_server import TOKEN, ApiServer
from servers.helpers import configure

from ticketcli.message import build_email
from ticketcli.store.outbox import MESSAGE, Outbox

ARGS = ("new", "--type", "other", "--description", "Please restore the site from yesterday's backup.", "--no-input", "--json")


@pytest.fixture
def api_profile(server):
    return configure(backend="api", api_url=server.url, desk_email="desk@example.net")


def only_item():
    items = Outbox().items()
    assert len(items) == 1
    return items[0]


def attachments(tmp_path: Path) -> list[str]:
    """Three files, two of them with the same name (the outbox renames the second copy)."""
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "shot.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 40)
    (second / "shot.png").write_bytes(b"\x89PNG\r\n\x1a\n second")
    (tmp_path / "notes.txt").write_text("Журнал за 12 марта\n", encoding="utf-8")
    return [str(first / "shot.png"), str(tmp_path / "notes.txt"), str(second / "shot.png")]


def expected_message(item, profile, raw: bytes) -> bytes:
    """What build_email makes of the queued ticket, with the boundary the file has."""
    ticket = item.ticket()
    folder = item.path / "attachments"
    files = [(Path(a).name, folder / Path(a).name) for a in ticket.attachments]
    msg = build_email(ticket, sender=profile.get("contact_email"), recipient=profile.get("desk_email"), attachments=files)
    if msg.is_multipart():
        msg.set_boundary(BytesParser(policy=policy.SMTP).parsebytes(raw).get_boundary())
    return bytes(msg)


def test_a_ticket_delivered_at_once_has_no_message_and_shows_fine(server, api_profile, run_cli, tmp_path):
    files = attachments(tmp_path)
    code, out, err = run_cli(*ARGS, *[a for f in files for a in ("--attach", f)])
    assert code == 0, err
    assert json.loads(out)["state"] == "sent" and len(server.tickets) == 1
    item = only_item()
    assert item.state == "sent"
    assert sorted(p.name for p in item.path.iterdir()) == ["attachments", "ticket.json"]
    assert not item.has_message()

    code, out, err = run_cli("outbox", "show", item.short_id)
    assert code == 0, err
    assert "Please restore the site" in out and MESSAGE not in out and str(item.path) in out
    code, out, err = run_cli("outbox", "show", item.short_id, "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["message"] is None and doc["state"] == "sent" and doc["delivery"]["receipt"]


@pytest.mark.parametrize("script, state", [(["422"], "failed"), (["500"] * 4, "new"), (["500"], "sent")])
def test_a_ticket_whose_first_attempt_fails_gets_the_message_build_email_makes(server, api_profile, sleeps, run_cli, tmp_path, script, state):
    server.script = list(script)
    files = attachments(tmp_path)
    code, out, err = run_cli(*ARGS, *[a for f in files for a in ("--attach", f)])
    assert code == (0 if state == "sent" else 5), err
    item = only_item()
    assert item.state == state
    raw = item.message_path.read_bytes()
    assert raw == expected_message(item, api_profile, raw)
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    assert [p.get_filename() for p in msg.iter_attachments()] == ["shot.png", "notes.txt", "shot-2.png"]
    assert msg["To"] == "desk@example.net" and msg["X-Ticket-UUID"] == item.uuid
    assert (item.message_path.stat().st_mode & 0o777) == 0o600
    assert [p.name for p in item.path.iterdir() if p.name.startswith(".")] == []  # no temporary left

    code, out, err = run_cli("outbox", "show", item.short_id)
    assert code == 0 and str(item.message_path) in out, err
    code, out, err = run_cli("outbox", "show", item.short_id, "--json")
    assert json.loads(out)["message"] == str(item.message_path)


def test_a_delivery_that_cannot_start_leaves_the_message(api_profile, sleeps, run_cli, monkeypatch):
    monkeypatch.delenv("TICKETCLI_API_TOKEN")
    code, _, err = run_cli(*ARGS[:-1])
    assert code == 5 and "ticket auth set api" in err
    item = only_item()
    assert item.state == "new"
    raw = item.message_path.read_bytes()
    assert raw == expected_message(item, api_profile, raw)


def test_the_outbox_channel_still_writes_the_message(run_cli, tmp_path):
    profile = configure(desk_email="desk@example.net")
    files = attachments(tmp_path)
    code, out, err = run_cli(*ARGS, *[a for f in files for a in ("--attach", f)])
    assert code == 0, err
    item = only_item()
    assert item.state == "new" and json.loads(out)["state"] == "new"
    msg = BytesParser(policy=policy.default).parsebytes(item.message_path.read_bytes())
    assert msg["To"] == "desk@example.net" and msg["X-Ticket-UUID"] == item.uuid
    assert [p.get_filename() for p in msg.iter_attachments()] == ["shot.png", "notes.txt", "shot-2.png"]
    assert profile.get("backend", "outbox") == "outbox"


def test_a_ticket_new_killed_mid_delivery_has_no_message_and_every_command_copes(ticket_home):
    with ApiServer() as server:
        configure(backend="api", api_url=server.url)
        env = ticket_env(ticket_home, TICKETCLI_API_TOKEN=TOKEN)

        def ticket(*args, **extra):
            return subprocess.run([sys.executable, "-m", "ticketcli", *args], env={**env, **extra},
                                  capture_output=True, text=True, timeout=120)

        crashed = ticket(*ARGS, TICKETCLI_TEST_CRASH_AT="before-request")
        assert crashed.returncode == -9, crashed.stderr
        item = only_item()
        assert item.state == "sending" and not item.has_message()
        shown = ticket("outbox", "show", item.short_id)
        assert shown.returncode == 0 and str(item.path) in shown.stdout and MESSAGE not in shown.stdout, shown.stderr
        shown = ticket("outbox", "show", item.short_id, "--json")
        assert json.loads(shown.stdout)["message"] is None
        listed = ticket("outbox", "list", "--json")
        assert [i["id"] for i in json.loads(listed.stdout)] == [item.uuid]

        # The next `ticket send` is refused: the ticket now waits, with its message.
        server.script = ["422"]
        sent = ticket("send", "--all")
        assert sent.returncode == 5, sent.stderr
        item = only_item()
        assert item.state == "failed" and item.has_message()
        assert BytesParser(policy=policy.default).parsebytes(item.message_path.read_bytes())["X-Ticket-UUID"] == item.uuid
        retried = ticket("outbox", "retry", item.short_id)
        assert retried.returncode == 0, retried.stderr
        assert only_item().state == "sent" and len(server.tickets) == 1


def test_send_delivers_a_ticket_left_without_message(ticket_home):
    with ApiServer() as server:
        configure(backend="api", api_url=server.url)
        env = ticket_env(ticket_home, TICKETCLI_API_TOKEN=TOKEN)
        crashed = subprocess.run([sys.executable, "-m", "ticketcli", *ARGS], env={**env, "TICKETCLI_TEST_CRASH_AT": "after-claim"},
                                 capture_output=True, text=True, timeout=120)
        assert crashed.returncode == -9, crashed.stderr
        done = subprocess.run([sys.executable, "-m", "ticketcli", "send", "--all", "--json"], env=env,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        item = only_item()
        assert item.state == "sent" and not item.has_message() and len(server.tickets) == 1
