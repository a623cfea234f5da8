"""Hostile input and faults: nothing lost, nothing leaked, never a traceback (issue 8)."""

from __future__ import annotations

import email
import errno
import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from email import policy
from pathlib import Path

import pytest
from conftest import ticket_env

TRAVERSALS = ["../../etc/passwd", "/etc/passwd", "..", "a/../../b", "drafts/../../x", "x" * 300, "-"]

# Every command that takes an id the user names, with {} for the id.
ID_COMMANDS = [
    ["resume", "{}"],
    ["drafts", "show", "{}"],
    ["drafts", "edit", "{}"],
    ["drafts", "rm", "{}"],
    ["outbox", "show", "{}"],
    ["outbox", "retry", "{}"],
    ["send", "{}"],
    ["show", "{}"],
    ["status", "{}"],
    ["reply", "{}", "--message", "Still broken."],
    ["--profile", "{}", "new", "--type", "other", "--no-input"],
    ["config", "use", "{}"],
    ["config", "set", "contract", "1-1", "--profile", "{}"],
]


CASES = [(c, b) for c in ID_COMMANDS for b in TRAVERSALS]


@pytest.mark.parametrize("command, bad", CASES, ids=[f"{' '.join(c).replace('{}', 'ID')}-{i % len(TRAVERSALS)}" for i, (c, _) in enumerate(CASES)])
def test_ids_never_name_a_path_outside_their_folder(run_cli, ticket_home, tmp_path, command, bad):
    outside = tmp_path / "outside.json"
    outside.write_text('{"type": "other"}')
    args = [a.replace("{}", bad) for a in command]
    code, out, err = run_cli(*args)
    assert code != 0
    assert "Traceback" not in out + err
    assert len(err.strip().splitlines()) <= 2
    assert outside.read_text() == '{"type": "other"}'
    assert not Path("/etc/passwd.json").exists()


def test_a_draft_that_is_a_symlink_is_not_followed(run_cli, ticket_home, tmp_path):
    secret = tmp_path / "id_rsa"
    secret.write_text('{"type": "other", "description": "PRIVATE KEY MATERIAL"}')
    drafts = ticket_home / "drafts"
    drafts.mkdir(parents=True)
    uuid = "0123abcd-0000-4000-8000-000000000000"
    os.symlink(secret, drafts / f"{uuid}.json")
    code, out, err = run_cli("drafts", "show", uuid[:8])
    assert code == 2 and "PRIVATE KEY" not in out + err


@pytest.fixture
def odd_files(tmp_path):
    folder = tmp_path / "odd"
    folder.mkdir()
    fifo = folder / "fifo.png"
    os.mkfifo(fifo)
    sock_path = folder / "sock.png"
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(sock_path))
    secret = tmp_path / "secret-key"
    secret.write_text("-----BEGIN PRIVATE KEY-----")
    link = folder / "innocent.png"
    os.symlink(secret, link)
    yield {"folder": folder, "fifo": fifo, "socket": sock_path, "link": link, "device": Path("/dev/null")}
    sock.close()


@pytest.mark.parametrize("kind, needle", [("folder", "not a regular file"), ("fifo", "not a regular file"), ("socket", "not a regular file"), ("device", "not a regular file"), ("link", "link to a file elsewhere")])
def test_attachment_kinds_refused(run_cli, odd_files, kind, needle):
    started = time.monotonic()
    code, out, err = run_cli("new", "--type", "other", "--contract", "1-1", "--description", "Invoice please.", "--attach", str(odd_files[kind]), "--no-input")
    assert code == 2 and needle in err
    assert time.monotonic() - started < 5, "a FIFO must not block"
    assert "Traceback" not in err


def test_a_link_inside_the_same_folder_is_fine_and_the_original_is_untouched(run_cli, tmp_path):
    real = tmp_path / "shot.png"
    real.write_bytes(b"PNG data")
    before = real.stat()
    os.symlink(real, tmp_path / "latest.png")
    code, out, err = run_cli("new", "--type", "other", "--contract", "1-1", "--description", "Invoice please.", "--attach", str(tmp_path / "latest.png"), "--no-input", "--json")
    assert code == 0, err
    after = real.stat()
    assert real.read_bytes() == b"PNG data" and after.st_mtime_ns == before.st_mtime_ns and stat.S_IMODE(after.st_mode) == stat.S_IMODE(before.st_mode)


def test_attachment_size_is_checked_before_reading(run_cli, tmp_path):
    run_cli("config", "set", "max_attachment_mb", "1")
    big = tmp_path / "big.bin"
    with open(big, "wb") as fh:
        fh.truncate(5 * 1024 * 1024)  # sparse: costs nothing, and would cost 5 MB to read
    code, _, err = run_cli("new", "--type", "other", "--contract", "1", "--description", "x y z", "--attach", str(big), "--no-input")
    assert code == 2 and "limit is 1 MB" in err


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_every_file_is_private_whatever_the_umask(run_cli, ticket_home, tmp_path, umask):
    shot = tmp_path / "a.png"
    shot.write_bytes(b"x")
    old = os.umask(umask)
    try:
        run_cli("config", "set", "contract", "12-345")
        code, out, err = run_cli("new", "--type", "other", "--description", "Please send the invoice for November.", "--attach", str(shot), "--no-input")
        assert code == 0, err
        from ticketcli.model import Ticket
        from ticketcli.store.drafts import DraftStore

        DraftStore().save(Ticket(type="mail"))
    finally:
        os.umask(old)
    seen = 0
    for root, dirs, files in os.walk(ticket_home):
        for d in dirs:
            assert stat.S_IMODE(os.stat(Path(root) / d).st_mode) == 0o700, Path(root) / d
        for f in files:
            assert stat.S_IMODE(os.stat(Path(root) / f).st_mode) == 0o600, Path(root) / f
            seen += 1
    assert seen >= 5  # config, draft, ticket.json, message.eml, the attachment copy


def test_disk_full_during_a_save_is_reported_and_the_old_version_survives(run_cli, ticket_home, monkeypatch):
    assert run_cli("config", "set", "contract", "12-345")[0] == 0
    path = ticket_home / "config" / "config.toml"
    before = path.read_text()
    real_write = os.write

    def full(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "write", full)
    code, out, err = run_cli("config", "set", "domain", "example.ru")
    monkeypatch.setattr(os, "write", real_write)
    assert code == 6 and "No space left on device" in err and "Traceback" not in err
    assert path.read_text() == before
    assert [p.name for p in path.parent.iterdir()] == ["config.toml"]


def test_disk_full_while_queuing_keeps_the_draft_state(run_cli, ticket_home, monkeypatch):
    import shutil

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", full)
    monkeypatch.setattr(os, "fsync", full)
    code, _, err = run_cli("new", "--type", "other", "--contract", "1", "--description", "Invoice please.", "--no-input")
    assert code != 0 and "No space left" in err and "Traceback" not in err
    assert not list((ticket_home / "outbox").glob("new/*"))


SAVER = r"""
import sys
from ticketcli.model import Ticket
from ticketcli.store.drafts import DraftStore
store = DraftStore()
ticket = Ticket(type="other", uuid="aaaaaaaa-0000-4000-8000-000000000000")
i = 0
print("ready", flush=True)
while True:
    ticket.description = ("A" if i % 2 else "B") * 60_000
    store.save(ticket)
    i += 1
"""


def test_kill_9_during_draft_saves_never_leaves_half_a_draft(ticket_home):
    from ticketcli.store.drafts import DraftStore

    for delay in (0.05, 0.13, 0.21, 0.37):
        proc = subprocess.Popen([sys.executable, "-c", SAVER], env=ticket_env(ticket_home), stdout=subprocess.PIPE)
        assert proc.stdout.readline().strip() == b"ready"
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        ticket = DraftStore().load("aaaaaaaa")
        assert ticket.description in ("A" * 60_000, "B" * 60_000)


@pytest.mark.parametrize(
    "content, needle",
    [
        (b'{"type": "other", "description": "a\\u0000b"}', "damaged"),
        (b'\xff\xfe garbage', "damaged"),
        (b'{"type": "other", "fields": []}', "damaged"),
        (b'{"type": "other", "description": 5}', "damaged"),
        (b'{"type": "other", "subject": "=?UTF-8?Q?=0A?=Bcc: x@example.org"}', "damaged"),
    ],
)
def test_hand_edited_drafts(run_cli, ticket_home, content, needle):
    drafts = ticket_home / "drafts"
    drafts.mkdir(parents=True)
    (drafts / "bbbbbbbb-0000-4000-8000-000000000000.json").write_bytes(content)
    code, out, err = run_cli("drafts", "show", "bbbbbbbb")
    assert code == 2 and needle in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "text",
    ["Сайт не открывается 🙁 совсем", "zero\u200bwidth\u200djoiner", "שלום עולם mixed עברית", "x" * 50_000 + " very long line"],
)
def test_unusual_but_valid_text_round_trips(run_cli, text):
    code, out, err = run_cli("new", "--type", "other", "--contract", "1", "--description", text, "--no-input", "--json", "--force")
    assert code in (0, 1), err
    if code == 0:
        record = json.loads((Path(json.loads(out)["path"]) / "ticket.json").read_text())
        assert record["description"] == text


@pytest.mark.parametrize(
    "args, needle",
    [
        (["--subject", "Site down\nBcc: victim@example.org"], "single line"),
        (["--subject", "=?UTF-8?Q?=0A?=Bcc: victim@example.org"], "encoded-word"),
        (["--subject", "invoice \u202egpj.exe"], "text-direction"),
        (["--description", "x" * 10_000_000], "too long"),
        (["--description", "bad \udcff bytes"], "not valid UTF-8"),
        (["--domain", "exa\u200bmple.ru"], "not a domain name"),
    ],
)
def test_hostile_flags_are_one_clear_line(run_cli, args, needle):
    code, out, err = run_cli("new", "--type", "other", "--contract", "1", "--description", "Invoice please.", *args, "--no-input")
    assert code == 2 and needle in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_ten_megabyte_json_description_is_refused_cleanly(run_cli, tmp_path):
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"type": "other", "contract": "1", "description": "a" * 10_000_000}))
    code, _, err = run_cli("new", "--from-file", str(path), "--no-input")
    assert code == 2 and "too long" in err


def test_smtp_never_receives_an_injected_header(run_cli, tmp_path, monkeypatch):
    """A real SMTP server sees one clean message: every injection attempt is refused first."""
    from servers.certs import make_certs, server_context
    from servers.helpers import configure
    from servers.smtp_server import PASSWORD, USER, SmtpServer

    from ticketcli.channels.base import Outgoing, PermanentError
    from ticketcli.channels.smtp import SmtpBackend

    folder = tmp_path / "certs"
    folder.mkdir()
    ca, cert, key = make_certs(folder)
    desk = "support@provider.example"
    with SmtpServer(server_context(cert, key)) as smtp:
        monkeypatch.setenv("TICKETCLI_SMTP_PASSWORD", PASSWORD)
        profile = configure(backend="email", smtp_host="127.0.0.1", smtp_port=str(smtp.port), smtp_user=USER,
                            smtp_security="starttls", ca_bundle=str(ca), desk_email=desk, contact_email=USER)
        base = ["new", "--type", "other", "--contract", "12-345", "--description", "Please send the invoice for November.", "--no-input"]
        for subject in ("Invoice\r\nBcc: victim@example.org", "=?UTF-8?Q?Invoice=0ABcc:_victim@example.org?=", "Invoice =?utf-8?b?DQpCY2M6IHZpY3RpbUBleGFtcGxlLm9yZw==?="):
            code, _, err = run_cli(*base, "--subject", subject)
            assert code == 2, err
        # A subject planted by editing ticket.json in the outbox by hand is refused at send time.
        code, out, err = run_cli("config", "set", "backend", "outbox")
        code, out, err = run_cli(*base, "--json")
        item_path = Path(json.loads(out)["path"])
        record = json.loads((item_path / "ticket.json").read_text())
        record["subject"] = "=?UTF-8?Q?=0A?=Bcc: victim@example.org"
        (item_path / "ticket.json").write_text(json.dumps(record))
        run_cli("config", "set", "backend", "email")
        run_cli("send", "--all")
        # And the channel itself refuses, even if validation were bypassed.
        from ticketcli.model import Ticket

        bypass = Ticket(type="other", contract="1", description="x", subject="Hi =?UTF-8?Q?=0A?=Bcc: victim@example.org")
        with pytest.raises(PermanentError):
            SmtpBackend(profile, PASSWORD).submit(Outgoing(bypass, bypass.uuid))
        assert smtp.messages == []
        code, out, err = run_cli(*base, "--subject", "example: invoice for November")
        assert code == 0, err
        assert len(smtp.messages) == 1
        got = smtp.messages[0]
        assert got["rcpt_tos"] == [desk]
        msg = email.message_from_bytes(got["data"], policy=policy.default)
        assert msg.get_all("Subject") == ["example: invoice for November"]
        assert msg.get_all("Bcc") is None and msg.get_all("To") == [desk]


def test_internal_errors_show_no_traceback_and_no_secret(run_cli, monkeypatch):
    from ticketcli import service

    def explode(ticket, *args, **kwargs):
        token = "tok_" + "S3CR3T" * 4  # a local a pretty traceback would show
        raise RuntimeError(f"failed with {token}")

    monkeypatch.setattr(service, "submit", explode)
    code, out, err = run_cli("new", "--type", "other", "--contract", "1", "--description", "Invoice please.", "--no-input")
    assert code != 0
    assert err.strip() == "✗ Internal error: RuntimeError. Run again with --debug for details and report it."
    assert "S3CR3T" not in out + err
