"""The desk's answers by e-mail, read from the client's mailbox: a real Dovecot on 127.0.0.1
(tests/servers/dovecot.py; IMAPS and STARTTLS with the tests' CA), the ticket sent through a
real SMTP server (aiosmtpd). What is read is what the test appended to the mailbox with
imaplib as a desk's mail would arrive; what changed on the server is read back from Dovecot
itself (flags, and the per-session counters Dovecot logs at logout: ``body_count`` is the
number of messages whose body was fetched)."""

from __future__ import annotations

import imaplib
import json
import re
import ssl
import time
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid

import pytest
from servers import dovecot as dv
from servers.certs import make_certs
from servers.helpers import configure, queue
from servers.smtp_server import SmtpServer

from ticketcli.store.history import History

DESK = "support@desk.test"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_certs(tmp_path_factory.mktemp("imap-pki"))


@pytest.fixture(scope="module")
def dovecot(pki):
    if dv.dovecot_binary() is None:
        pytest.skip("Dovecot is not installed (Debian: apt-get install dovecot-imapd; .ci/run installs it)")
    _, cert, key = pki
    with dv.Dovecot(cert, key) as server:
        yield server


@pytest.fixture
def mailbox(dovecot, pki, request):
    """A folder of its own in the test user's mailbox, and an IMAP connection of the test's."""
    conn = imaplib.IMAP4_SSL("127.0.0.1", dovecot.imaps_port, ssl_context=ssl.create_default_context(cafile=str(pki[0])))
    conn.login(dv.USER, dv.PASSWORD)
    folder = re.sub(r"\W", "", request.node.name)[:40]
    assert conn.create(folder)[0] == "OK"
    yield conn, folder
    try:
        conn.logout()
    except (OSError, imaplib.IMAP4.error):
        pass


@pytest.fixture
def sent(pki, mailbox, dovecot, monkeypatch):
    """A ticket sent by e-mail (a real SMTP server on 127.0.0.1), the profile reading the
    mailbox folder over IMAPS; returns (outbox item, the message as the desk got it)."""
    _, folder = mailbox
    monkeypatch.setenv("TICKETCLI_IMAP_PASSWORD", dv.PASSWORD)
    with SmtpServer() as smtp:
        profile = configure(backend="email", smtp_host="127.0.0.1", smtp_port=str(smtp.port), smtp_security="none", desk_email=DESK,
                            imap_host="127.0.0.1", imap_port=str(dovecot.imaps_port), imap_user=dv.USER, imap_folder=folder,
                            ca_bundle=str(pki[0]))
        item = queue(profile, description="The site example.ru shows a 500 error since 10:00. Please look at it.")
        from ticketcli import service

        assert service.send().ok
        from email import policy
        from email.parser import BytesParser

        (got,) = smtp.messages
        return item, BytesParser(policy=policy.default).parsebytes(got["data"])


def _mail(subject: str, *, text: str | None = None, html: str | None = None, sender: str = f"Anna Petrova <{DESK}>",
          reply_to: str | None = None, files: dict[str, bytes] | None = None, when: float | None = None) -> bytes:
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = sender, "owner@example.ru", subject
    msg["Date"] = format_datetime(datetime.fromtimestamp(when or time.time()).astimezone())
    msg["Message-ID"] = make_msgid(domain="desk.test")
    if reply_to:
        msg["In-Reply-To"], msg["References"] = reply_to, reply_to
    if text is not None:
        msg.set_content(text)
        if html is not None:
            msg.add_alternative(html, subtype="html")
    elif html is not None:
        msg.set_content(html, subtype="html")
    for name, data in (files or {}).items():
        msg.add_attachment(data, maintype="text", subtype="plain", filename=name)
    return bytes(msg)


def _append(conn, folder: str, raw: bytes) -> None:
    typ, data = conn.append(folder, None, None, raw)
    assert typ == "OK", data


def _flags(conn, folder: str) -> dict[str, str]:
    """Subject -> flags of every message in ``folder`` (read with the test's own connection)."""
    conn.select(folder, readonly=True)
    typ, data = conn.uid("FETCH", "1:*", "(FLAGS BODY.PEEK[HEADER.FIELDS (SUBJECT)])")
    out = {}
    for part in data:
        if isinstance(part, tuple):
            flags = re.search(rb"FLAGS \(([^)]*)\)", part[0]).group(1).decode()
            flags = " ".join(f for f in flags.split() if f != "\\Recent")  # a session flag, not kept on the message
            out[re.sub(r"\r\n\s", " ", part[1].decode()).split(":", 1)[1].strip()] = flags
    return out


def test_threaded_and_numbered_answers_arrive_foreign_mail_is_ignored_nothing_changes(sent, mailbox, run_cli, tmp_path):
    item, ticket_mail = sent
    conn, folder = mailbox
    mid = ticket_mail["Message-ID"]
    subject = str(ticket_mail["Subject"])
    base = time.time()
    _append(conn, folder, _mail("Your invoice for June", text="Pay 100 RUB.", when=base - 60))
    _append(conn, folder, _mail("[Ticket#47110] Another client's ticket", text="Not yours.", when=base - 50))
    _append(conn, folder, _mail(f"[Ticket#4711] Re: {subject}", reply_to=mid, when=base - 40,
                                text="Hello!\nThe PHP memory limit was raised; the shop opens now.",
                                html="<p>Hello!</p><p>The PHP memory limit was <b>raised</b>.</p>", files={"fix.txt": b"memory_limit=256M\n"}))
    _append(conn, folder, _mail("[Ticket#4711] Your request was resolved", when=base - 30,
                                html="<html><body><p>Ticket <b>resolved</b>.</p><script>x()</script></body></html>"))

    code, out, err = run_cli("inbox", "--fetch")
    assert code == 0, err
    (row,) = out.splitlines()[1:]
    assert row.startswith(item.short_id) and "\temail\t4711\t" in row and "\t2\t" in row
    assert History().get(item.uuid)["receipt"]["number"] == "4711"  # learnt from the threaded answer

    code, out, err = run_cli("show", item.short_id)
    assert code == 0, err
    assert "The PHP memory limit was raised; the shop opens now." in out  # text/plain preferred
    assert "Ticket resolved." in out and "x()" not in out  # HTML as text
    assert "Pay 100 RUB" not in out and "Not yours" not in out
    assert "Anna Petrova <support@desk.test> · desk · new ──" in out and "[file] fix.txt" in out
    assert out.index("Contract: 12-345") < out.index("memory limit was raised") < out.index("Ticket resolved.")

    # Read with EXAMINE and BODY.PEEK: no flag changed on the server.
    assert set(_flags(conn, folder).values()) == {""}

    code, out, err = run_cli("show", item.short_id, "--save-attachments", str(tmp_path / "files"))
    assert code == 0, err
    assert (tmp_path / "files" / "fix.txt").read_bytes() == b"memory_limit=256M\n"
    assert set(_flags(conn, folder).values()) == {""}

    # --mark-read flags the answers (only them) \Seen.
    code, out, err = run_cli("show", item.short_id, "--fetch", "--mark-read", "--json")
    assert code == 0, err
    assert [m["role"] for m in json.loads(out)["messages"]] == ["client", "desk", "desk"]
    flags = _flags(conn, folder)
    assert flags == {"Your invoice for June": "", "[Ticket#47110] Another client's ticket": "",
                     f"[Ticket#4711] Re: {subject}": "\\Seen", "[Ticket#4711] Your request was resolved": "\\Seen"}


def test_a_large_mailbox_is_searched_on_the_server_not_downloaded(sent, mailbox, dovecot, run_cli):
    item, ticket_mail = sent
    conn, folder = mailbox
    filler = "Newsletter line. " * 60
    for n in range(3000):
        _append(conn, folder, _mail(f"Newsletter {n}", text=f"{n} {filler}"))
        if n == 1500:
            _append(conn, folder, _mail(f"Re: {ticket_mail['Subject']}", reply_to=ticket_mail["Message-ID"], text="We fixed it."))
    logged_out = dovecot.log().count("Logged out")
    conn.logout()
    deadline = time.monotonic() + 10  # Dovecot logs the test's own session as it closes
    while dovecot.log().count("Logged out") == logged_out and time.monotonic() < deadline:
        time.sleep(0.05)
    before = len(dovecot.log())

    started = time.monotonic()
    code, out, err = run_cli("show", item.short_id, "--fetch")
    took = time.monotonic() - started
    assert code == 0, err
    assert "We fixed it." in out and "Newsletter" not in out

    sessions = [line for line in dovecot.log()[before:].splitlines() if "Logged out" in line]
    assert len(sessions) == 1, sessions
    counters = dict(re.findall(r"(\w+)=(\d+)", sessions[0]))
    # One message's body fetched (the match); the 3,000 others never left the server.
    assert counters["body_count"] == "1", sessions[0]
    assert int(counters["out"]) < 20_000 < 3000 * len(filler), sessions[0]
    assert took < 10


def test_without_imap_settings_the_fetch_names_what_to_set(run_cli, monkeypatch):
    from ticketcli.channels.base import Receipt
    from ticketcli.store.outbox import Outbox

    profile = configure(backend="email", smtp_host="127.0.0.1", desk_email=DESK)
    item = queue(profile)
    History().record(Outbox().find(item.uuid).ticket(), Receipt("email", f"<{item.uuid}@ticketcli.invalid>", status="sent").to_dict(), "default")
    code, out, err = run_cli("show", item.short_id, "--fetch")
    assert code == 5 and "ticket config set imap_host imap.example.ru" in err and "Contract: 12-345" in out
    configure(imap_host="127.0.0.1")
    monkeypatch.delenv("TICKETCLI_IMAP_PASSWORD", raising=False)
    monkeypatch.setenv("TICKETCLI_IMAP_PASSWORD", "")
    code, out, err = run_cli("inbox", "--fetch")
    assert code == 5 and "ticket auth set imap" in err and "TICKETCLI_IMAP_PASSWORD" in err
