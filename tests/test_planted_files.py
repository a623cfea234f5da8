"""Planted files and odd characters (issue 16): every folder ticketcli makes is private whatever
the umask, temporary files never collide, nothing in the data folders is followed through a link
or opened when it is not a regular file, secrets are not attached by mistake, and text that would
break a mail header is refused with one line before anything is written."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from conftest import ticket_env

from ticketcli.store import files as fsutil

NEW = ["new", "--type", "other", "--contract", "12-345", "--description", "Please send the invoice for November.", "--no-input"]


def mode(path: Path) -> int:
    return stat.S_IMODE(os.lstat(path).st_mode)


def run(home: Path, *args: str, timeout: float = 20, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ticketcli", *args], env=ticket_env(home, **env),
                          capture_output=True, text=True, timeout=timeout)


# ---- folders and temporary files -------------------------------------------------------------
def test_first_run_under_umask_000_makes_every_folder_private_from_an_empty_home(tmp_path):
    home = tmp_path / "users" / "ann" / ".local" / "share" / "ticketcli"
    code = (
        "import os, sys\n"
        "os.umask(0)\n"
        "from ticketcli.__main__ import main\n"
        # message.eml's From and To: the profile's first settings, as a first user sets them
        "main(['config', 'set', 'contact_email', 'ann@example.ru'])\n"
        "main(['config', 'set', 'desk_email', 'support@example-hosting.ru'])\n"
        f"sys.exit(main({NEW!r}))\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], env=ticket_env(home), capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    made = [tmp_path / "users", tmp_path / "users" / "ann", home.parent.parent, home.parent, home]
    made += [Path(root) / d for root, dirs, _ in os.walk(home) for d in dirs]
    assert len(made) > 7
    for folder in made:
        assert mode(folder) == 0o700, folder


def test_concurrent_writers_of_one_file_never_tear_it(tmp_path):
    """Threads share a pid: with temporary names made from the pid they wrote into one file."""
    path = tmp_path / "draft.json"
    contents = [bytes([65 + i]) * 200_000 for i in range(4)]
    torn: list[bytes] = []
    stop = threading.Event()

    def write(data: bytes) -> None:
        for _ in range(30):
            fsutil.atomic_write(path, data, durable=False)

    def read() -> None:
        while not stop.is_set():
            try:
                seen = path.read_bytes()
            except FileNotFoundError:
                continue
            if seen not in contents:
                torn.append(seen[:20])

    reader = threading.Thread(target=read)
    reader.start()
    writers = [threading.Thread(target=write, args=(c,)) for c in contents]
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    stop.set()
    reader.join()
    assert not torn
    assert [n for n in os.listdir(tmp_path) if n.endswith(".tmp")] == []


@pytest.mark.unconfigured
def test_a_symlinked_drafts_folder_is_refused_and_its_target_left_alone(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    elsewhere = tmp_path / "shared"
    elsewhere.mkdir(mode=0o755)
    os.chmod(elsewhere, 0o755)
    os.symlink(elsewhere, home / "drafts")
    from ticketcli.errors import TicketError
    from ticketcli.model import Ticket
    from ticketcli.store.drafts import DraftStore

    with pytest.raises(TicketError) as err:
        DraftStore(home / "drafts").save(Ticket(type="other"))
    assert "symbolic link" in err.value.message
    assert mode(elsewhere) == 0o755 and os.listdir(elsewhere) == []


# ---- what a listing meets in the data folders ------------------------------------------------
def queue(home: Path) -> str:
    proc = run(home, *NEW, "--json")
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)["id"]


def test_a_fifo_as_a_history_entry_is_skipped_and_reported(tmp_path):
    home = tmp_path / "home"
    (home / "history").mkdir(parents=True)
    fifo_id = str(uuid.uuid4())
    os.mkfifo(home / "history" / f"{fifo_id}.json")
    proc = run(home, "list", "--json", timeout=10)  # a FIFO opened for reading blocks forever
    assert proc.returncode == 0 and json.loads(proc.stdout) == []
    proc = run(home, "show", fifo_id[:8], timeout=10)
    assert proc.returncode == 2 and "not a regular file" in proc.stderr and "Traceback" not in proc.stderr


def test_a_fifo_as_an_outbox_ticket_json_does_not_hang_list_or_send(tmp_path):
    home = tmp_path / "home"
    item = queue(home)
    ticket_json = home / "outbox" / "new" / item / "ticket.json"
    ticket_json.unlink()
    os.mkfifo(ticket_json)
    proc = run(home, "outbox", "list", "--json", timeout=10)
    assert proc.returncode == 0, proc.stderr
    assert [r["subject"] for r in json.loads(proc.stdout)] == ["(damaged)"]
    proc = run(home, "send", "--all", timeout=15, TICKETCLI_API_TOKEN="t")
    assert "Traceback" not in proc.stderr


def test_an_outbox_item_that_is_a_symlink_is_skipped_and_nothing_is_written_through_it(tmp_path):
    home = tmp_path / "home"
    item = queue(home)
    real = home / "outbox" / "new" / item
    elsewhere = tmp_path / "elsewhere"
    os.rename(real, elsewhere)
    os.symlink(elsewhere, real)
    before = sorted(os.listdir(elsewhere))
    proc = run(home, "outbox", "list", "--json", timeout=10)
    assert proc.returncode == 0 and json.loads(proc.stdout) == []
    proc = run(home, "outbox", "show", item[:8], timeout=10)
    assert proc.returncode == 2 and "symbolic link" in proc.stderr
    run(home, "config", "set", "backend", "api")
    run(home, "config", "set", "api_url", "http://127.0.0.1:9")
    proc = run(home, "send", "--all", timeout=15, TICKETCLI_API_TOKEN="t")
    assert "Traceback" not in proc.stderr
    assert sorted(os.listdir(elsewhere)) == before  # no delivery.json, no message.eml written there


@pytest.mark.parametrize("name", ["{%s}" % uuid.uuid4(), "0x" + str(uuid.uuid4())[2:], "notes"])
def test_an_outbox_folder_not_named_by_a_uuid_is_skipped(tmp_path, name):
    home = tmp_path / "home"
    item = queue(home)
    os.mkdir(home / "outbox" / "new" / name)
    proc = run(home, "outbox", "list", "--json", timeout=10)
    assert proc.returncode == 0 and [r["id"] for r in json.loads(proc.stdout)] == [item]


# ---- attachments that are secrets ------------------------------------------------------------
@pytest.fixture
def fake_home(tmp_path, monkeypatch):
    user = tmp_path / "user"
    (user / ".ssh").mkdir(parents=True)
    (user / ".ssh" / "config").write_text("Host example\n")
    (user / ".ssh" / "id_rsa").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nb3Blbn...\n")
    monkeypatch.setenv("HOME", str(user))
    return user


def test_anything_under_ssh_is_refused_even_through_a_linked_folder(run_cli, fake_home, tmp_path):
    os.symlink(fake_home / ".ssh", tmp_path / "shots")
    for path in (fake_home / ".ssh" / "config", tmp_path / "shots" / "config", "~/.ssh/config"):
        code, out, err = run_cli(*NEW, "--attach", str(path))
        assert code == 2 and "~/.ssh" in err and "--force" in err, err
    assert not (fake_home.parent / "home" / "outbox").exists()


def test_a_private_key_is_refused_by_its_content_and_by_its_name(run_cli, fake_home, tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("keys:\n-----BEGIN RSA PRIVATE KEY-----\nMIIE...\n")
    env_file = tmp_path / ".env"
    env_file.write_text("DB_PASSWORD=x\n")
    for path, needle in ((notes, "private key"), (env_file, ".env")):
        code, _, err = run_cli(*NEW, "--attach", str(path))
        assert code == 2 and needle in err, err


def test_a_from_file_list_naming_a_key_is_refused(run_cli, fake_home, tmp_path):
    doc = tmp_path / "t.json"
    doc.write_text(json.dumps({"type": "other", "contract": "12-345", "description": "Logs attached, please.",
                               "attachments": [str(fake_home / ".ssh" / "id_rsa")]}))
    code, _, err = run_cli("new", "--from-file", str(doc), "--no-input")
    assert code == 2 and "~/.ssh" in err


def test_force_attaches_a_file_that_only_looks_like_a_secret(run_cli, fake_home, tmp_path, ticket_home):
    cert = tmp_path / "cert-and-key.pem"
    cert.write_text("-----BEGIN CERTIFICATE-----\n...\n-----BEGIN PRIVATE KEY-----\n...\n")
    code, out, err = run_cli(*NEW, "--attach", str(cert), "--force", "--json")
    assert code == 0, err
    folder = Path(json.loads(out)["path"])
    assert (folder / "attachments" / "cert-and-key.pem").exists()


def test_a_certificate_alone_is_an_ordinary_attachment(run_cli, fake_home, tmp_path):
    cert = tmp_path / "site.pem"
    cert.write_text("-----BEGIN CERTIFICATE-----\nMIIB...\n-----END CERTIFICATE-----\n")
    code, _, err = run_cli(*NEW, "--attach", str(cert))
    assert code == 0, err


# ---- characters that break a mail header -------------------------------------------------------
@pytest.mark.parametrize("subject", ["Invoice\u2028Bcc: x@example.ru", "Invoice\u2029please", "Invoice\x85x", "Invoice \u202eexe.fdp"])
def test_line_breaking_and_direction_characters_in_the_subject_are_refused(run_cli, ticket_home, subject):
    code, out, err = run_cli(*NEW, "--subject", subject)
    assert code == 2 and len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert not (ticket_home / "outbox" / "new").exists() or os.listdir(ticket_home / "outbox" / "new") == []
    assert not (ticket_home / "outbox" / ".tmp").exists() or os.listdir(ticket_home / "outbox" / ".tmp") == []


@pytest.mark.parametrize("name", ["a\nb.txt", "invoice\u202efdp.exe", "=?UTF-8?B?aW52b2ljZS5wZGYuZXhl?=.txt", "log\x85.txt", "x\u2028y.txt"])
def test_attachment_names_follow_the_header_rules(run_cli, ticket_home, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"data")
    code, out, err = run_cli(*NEW, "--attach", str(path))
    assert code == 2 and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (ticket_home / "outbox" / ".tmp").exists() or os.listdir(ticket_home / "outbox" / ".tmp") == []


def test_a_direction_override_in_an_answer_never_reaches_the_subject(run_cli):
    code, out, err = run_cli("new", "--type", "site-access", "--domain", "example.ru", "--field", "url=https://example.ru",
                             "--field", "browser=Firefox \u202e821", "--field", "error=502 Bad Gateway", "--field", "isp=Rostelecom",
                             "--description", "Every page shows an error since 9:00.", "--no-input")
    assert code == 2 and "direction" in err


def test_a_line_separator_in_the_description_becomes_a_line_break(run_cli, ticket_home):
    code, out, err = run_cli("new", "--type", "other", "--contract", "12-345",
                             "--description", "Please send the invoice.\u2028For November.", "--no-input", "--json")
    assert code == 0, err
    assert "\u2028" not in json.loads(out)["text"] and "invoice.\nFor November" in json.loads(out)["text"]


def test_diagnostics_lines_of_a_ticket_document_are_validated(run_cli, tmp_path):
    doc = tmp_path / "t.json"
    doc.write_text(json.dumps({"type": "other", "contract": "12-345", "description": "Please check the site.",
                               "diagnostics": ["DNS: ok", "HTTP: \x1b[31m502\x1b[0m"]}))
    code, _, err = run_cli("new", "--from-file", str(doc), "--no-input")
    assert code == 2 and "diagnostics" in err


@pytest.mark.parametrize("value", ["99999999999999999999", "0", "1e9", "٣", "3601"])
def test_a_time_out_out_of_range_is_refused_when_set(run_cli, value):
    code, _, err = run_cli("config", "set", "timeout", value)
    assert code == 2 and "from 1 to 3600" in err
