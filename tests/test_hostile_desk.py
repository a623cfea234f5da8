"""A hostile desk (issue 16): whatever it answers, delivery is bounded in time and memory and the
ticket is left pending in ``new/`` with one line saying why — never stuck in ``sending/``, never
``Internal error: MemoryError``.

The desk (tests/servers/hostile_desk.py) speaks raw HTTP/1.1 on 127.0.0.1; the channel's reading
is ticketcli/channels/http.py (``DeskClient``: a whole request bounded by the profile's
``timeout``, an answer by ``MAX_ANSWER``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zlib

import pytest
from conftest import ticket_env
from servers import hostile_desk as hd
from servers.certs import make_certs, server_context
from servers.diag_servers import SilentServer
from servers.helpers import configure, queue

from ticketcli.channels.api import ApiBackend
from ticketcli.channels.base import Outgoing, RetryableError
from ticketcli.model import Ticket
from ticketcli.store.config import Profile
from ticketcli.store.outbox import Outbox

#: Peak RSS of a `ticket send` that reads at most 1 MiB of answer. A normal delivery peaks
#: near 30 MB here; the answers below would take hundreds of megabytes (or all memory) if read.
RSS_LIMIT_MB = 60
RECEIPT = b'{"id": "7", "number": "1007", "status": "open"}'


@pytest.fixture(autouse=True)
def token(monkeypatch):
    monkeypatch.setenv("TICKETCLI_API_TOKEN", hd.TOKEN)


def states():
    return {i.uuid: i.state for i in Outbox().items()}


#: Runs a command and writes its peak RSS (KB, from wait4's rusage) to the file named first. A
#: small launcher of its own, because a child's peak RSS counts the memory of the process that
#: forked it until it calls exec (and pytest's is large).
LAUNCHER = (
    "import os, subprocess, sys\n"
    "p = subprocess.Popen(sys.argv[2:])\n"
    "_, status, usage = os.wait4(p.pid, 0)\n"
    "open(sys.argv[1], 'w').write(str(usage.ru_maxrss))\n"
    "sys.exit(os.waitstatus_to_exitcode(status))\n"
)


def send_process(home) -> tuple[int, str, float]:
    """``ticket send --all`` as a real process: exit code, stderr, peak RSS in MB."""
    env = ticket_env(home, TICKETCLI_API_TOKEN=hd.TOKEN)
    ticket = os.path.join(os.path.dirname(sys.executable), "ticket")
    rss = home.parent / "rss"
    proc = subprocess.run([sys.executable, "-I", "-S", "-c", LAUNCHER, str(rss), ticket, "send", "--all"], env=env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=120)
    return proc.returncode, proc.stderr.decode("utf-8", "replace"), int(rss.read_text()) / 1024


def _gzip_of_zeros(size: int) -> bytes:
    pack = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = bytes(2**20)
    return b"".join(pack.compress(block) for _ in range(size // len(block))) + pack.flush()


GZIP_BOMB = _gzip_of_zeros(200 * 2**20)  # 200 MB of zeros in 200 KB

ENDLESS = {
    "an endless chunked body": hd.endless_chunks,
    "Content-Length: 10^18": hd.raw(hd.head(201, Content_Type="application/json", Content_Length=str(10**18)), hd.BLOCK),
    "a 512 MB answer": hd.sized(512 * 2**20),
    "a 512 MB chunked answer": hd.sized(512 * 2**20, chunked=True),
    "a gzip bomb (200 MB from 200 KB)": hd.raw(hd.head(201, Content_Type="application/json", Content_Encoding="gzip",
                                                       Content_Length=str(len(GZIP_BOMB))) + GZIP_BOMB),
}


@pytest.mark.parametrize("answer", list(ENDLESS), ids=list(ENDLESS))
def test_a_huge_answer_is_read_up_to_1_mib_and_the_ticket_waits(answer, ticket_home):
    with hd.HostileDesk(ENDLESS[answer]) as desk:
        item = queue(configure(backend="api", api_url=desk.url, send_attempts="1"))
        code, err, rss = send_process(ticket_home)
    assert code == 5, err
    assert "Traceback" not in err and "Internal error" not in err and len(err.strip().splitlines()) == 1, err
    assert "longer than 1024 KiB" in err and "waits in the outbox" in err
    assert states() == {item.uuid: "new"}
    assert rss < RSS_LIMIT_MB, f"peak RSS {rss:.0f} MB"
    assert desk.sent < 64 * 2**20  # it stopped reading (what is left is the sockets' buffers)


def test_a_chunk_size_of_minus_one_is_a_broken_answer_and_the_ticket_waits(run_cli, sleeps):
    """(This one held before issue 16: h11 refuses the chunk header.)"""
    with hd.HostileDesk(hd.raw(hd.head(201, Transfer_Encoding="chunked") + b"-1\r\n", hd.BLOCK)) as desk:
        item = queue(configure(backend="api", api_url=desk.url, send_attempts="1"))
        code, _, err = run_cli("send", "--all")
    assert code == 5 and len(err.strip().splitlines()) == 1 and "Internal error" not in err, err
    assert states() == {item.uuid: "new"}


def _backend(url: str, timeout: str = "1", **values: str) -> ApiBackend:
    return ApiBackend(Profile("default", {"api_url": url, "timeout": timeout, **values}), hd.TOKEN)


def _ticket() -> Ticket:
    return Ticket(type="other", contract="1", description="x", subject="s")


ANSWER = hd.head(201, Content_Type="application/json", Content_Length=str(len(RECEIPT))) + RECEIPT
TRICKLED = {
    "the body a byte at a time": hd.trickle(ANSWER, 0.2, from_byte=len(ANSWER) - len(RECEIPT)),
    "the status line a byte at a time": hd.trickle(ANSWER, 0.2),
    "100 Continue without end": hd.raw(b"", b"HTTP/1.1 100 Continue\r\n\r\n"),
}


@pytest.mark.parametrize("answer", list(TRICKLED), ids=list(TRICKLED))
def test_a_trickled_answer_holds_a_request_no_longer_than_the_timeout(answer):
    """Each read of the old client got the whole time-out again: 47 bytes at 0.2 s a byte took
    9 s with a time-out of 1 s (and 100 Continue without end never ended)."""
    with hd.HostileDesk(TRICKLED[answer], give_up=15) as desk:
        backend = _backend(desk.url)
        t0 = time.monotonic()
        with pytest.raises(RetryableError) as exc:
            backend.submit(Outgoing(_ticket(), "k"))
        took = time.monotonic() - t0
        backend.close()
    assert exc.value.kind == "timeout" and "did not answer in time" in exc.value.message
    assert took < 1.0 + 0.7, took


def test_the_timeout_holds_on_a_kept_alive_connection_and_over_tls(tmp_path):
    """The second request goes on the connection the first one opened (the socket to watch is
    not a new one), and the desk speaks TLS (the socket to shut down is the TLS one)."""
    ca, cert, key = make_certs(tmp_path)
    calls = []

    def answer(desk, conn, request):
        calls.append(request["path"])
        if len(calls) == 1:
            body = json.dumps({"id": "7", "number": "1007", "uuid": json.loads(request["body"])["uuid"]}).encode()
            desk.write(conn, hd.head(201, Content_Type="application/json", Content_Length=str(len(body))) + body)
        else:
            hd.trickle(ANSWER, 0.2, from_byte=len(ANSWER) - len(RECEIPT))(desk, conn, request)

    with hd.HostileDesk(answer, host="127.0.0.1", tls=server_context(cert, key), give_up=15) as desk:
        backend = _backend(desk.url, ca_bundle=str(ca))
        assert backend.submit(Outgoing(_ticket(), "k1")).number == "1007"
        t0 = time.monotonic()
        with pytest.raises(RetryableError) as exc:
            backend.submit(Outgoing(_ticket(), "k2"))
        took = time.monotonic() - t0
        backend.close()
        assert desk.connections == 1  # kept alive: the trickled answer came on the first connection
    assert exc.value.kind == "timeout" and took < 1.0 + 0.7, took


def test_a_trickling_desk_holds_each_ticket_of_send_all_for_the_timeout_only(run_cli, sleeps):
    """Several tickets at once (threads sharing the channel): each request is bounded, and the
    tickets wait in the outbox."""
    with hd.HostileDesk(hd.trickle(ANSWER, 0.2, from_byte=len(ANSWER) - len(RECEIPT)), give_up=30) as desk:
        profile = configure(backend="api", api_url=desk.url, timeout="1", send_attempts="1")
        items = [queue(profile) for _ in range(4)]
        t0 = time.monotonic()
        code, _, err = run_cli("send", "--all")
        took = time.monotonic() - t0
    assert code == 5 and "Internal error" not in err
    assert states() == {i.uuid: "new" for i in items}
    # the first ticket goes alone (the probe), the three others together: two time-outs
    assert took < 2 * 1.0 + 1.5, took


def test_a_slow_upload_gets_time_for_its_size(tmp_path):
    """An attachment of 12 MB read by the desk at 4 MB/s takes 3 s; the time-out is 2 s. A
    request gets a second more per 64 KiB it uploads, so the upload is not cut. (The system's
    buffers, megabytes of them on loopback, take what the desk has not read yet: httpx's read
    time-out would stop a desk that needs longer than ``timeout`` for what is left in them.)"""
    from ticketcli.channels.base import Attachment

    big = tmp_path / "dump.bin"
    big.write_bytes(os.urandom(12_000_000))
    with hd.HostileDesk(hd.json_answer(201, {"id": "7", "number": "1007"}), read_rate=4_000_000) as desk:
        backend = _backend(desk.url, timeout="2", max_attachment_mb="20")
        t0 = time.monotonic()
        receipt = backend.submit(Outgoing(_ticket(), "k", [Attachment("dump.bin", big)]))
        took = time.monotonic() - t0
        backend.close()
    assert receipt.number == "1007" and took > 2.0, took


@pytest.mark.parametrize("status", [201, 422])
def test_deeply_nested_json_from_the_desk_is_one_line_not_a_crash(status, run_cli, sleeps):
    """``json.loads`` raises RecursionError for ``[[[[…``: it was ``Internal error`` with the
    ticket stuck in ``sending/``."""
    with hd.HostileDesk(hd.json_answer(status, b"[" * 100_000)) as desk:
        item = queue(configure(backend="api", api_url=desk.url, send_attempts="1"))
        code, _, err = run_cli("send", "--all")
    assert code == 5 and "Internal error" not in err and len(err.strip().splitlines()) == 1, err
    assert states() == {item.uuid: "failed"}  # a refusal (422), or a 201 without the ticket's id


def test_an_error_answer_is_cut_not_refused(run_cli, sleeps):
    """A 422 whose problem document is 50 MB: the desk's refusal still counts (the ticket goes to
    failed/ with the desk's words, cut short), and no more than 1 MiB of it was read."""
    detail = "x" * (50 * 2**20)

    with hd.HostileDesk(hd.json_answer(422, {"title": "Unprocessable", "detail": detail})) as desk:
        item = queue(configure(backend="api", api_url=desk.url, send_attempts="1"))
        code, _, err = run_cli("send", "--all")
    assert code == 5 and len(err) < 2000, len(err)
    assert states() == {item.uuid: "failed"}
    record = (Outbox().find(item.uuid).path / "delivery.json").stat().st_size
    assert record < 20_000 and desk.sent < 64 * 2**20


def test_max_answer_is_the_documented_mebibyte():
    from conftest import REPO

    from ticketcli.channels.http import MAX_ANSWER

    assert MAX_ANSWER == 2**20
    assert "1 MiB" in (REPO / "README.md").read_text() and "1 MiB" in (REPO / "docs/support-api.yaml").read_text()


# ---- nothing a desk says reaches the terminal or the disk raw ---------------------------------
ESC = "\x1b"
HOSTILE = f"{ESC}[2J{ESC}]0;pwned{ESC}\\\x9b31mRED\x07\x08\x00\r\nX-Forged: yes"


def raw_bytes_in(folder) -> bytes:
    return b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())


def assert_clean(*texts: str) -> None:
    for text in texts:
        assert not any((ord(ch) < 32 and ch not in "\n") or 127 <= ord(ch) < 160 for ch in text), repr(text[:300])


def test_a_desks_refusal_reaches_the_terminal_and_delivery_json_printable(run_cli, sleeps, ticket_home):
    problem = {"title": "Bad", "detail": f"Refused {HOSTILE}", "errors": [{"pointer": f"/x{HOSTILE}", "detail": HOSTILE}]}
    with hd.HostileDesk(hd.json_answer(422, problem)) as desk:
        item = queue(configure(backend="api", api_url=desk.url, send_attempts="1"))
        code, out, err = run_cli("send", "--all")
        code2, shown, err2 = run_cli("outbox", "show", item.short_id)
    assert code == 5 and states() == {item.uuid: "failed"}
    assert "Refused" in err and "RED" in err and len(err.strip().splitlines()) == 1
    assert_clean(out, err, shown, err2)
    stored = raw_bytes_in(ticket_home / "outbox")
    assert b"\x1b" not in stored and b"\\u001b" not in stored and b"\\u009b" not in stored and b"\\u0000" not in stored


def test_a_receipts_number_url_and_status_are_printable(run_cli, sleeps, ticket_home):
    calls = []

    def answer(desk, conn, request):
        calls.append(request["method"])
        if request["method"] == "POST":
            doc = {"id": "7", "number": f"10{HOSTILE}07", "url": f"https://desk/7{HOSTILE}", "status": f"open{HOSTILE}",
                   "uuid": json.loads(request["body"])["uuid"]}
        else:
            doc = {"id": "7", "number": "1007", "status": f"solved {HOSTILE}" + "y" * 10_000}
        hd.json_answer(201 if request["method"] == "POST" else 200, doc)(desk, conn, request)

    with hd.HostileDesk(answer) as desk:
        item = queue(configure(backend="api", api_url=desk.url))
        code, out, err = run_cli("send", "--all")
        assert code == 0, err
        code2, out2, err2 = run_cli("status", item.short_id)
        code3, out3, _ = run_cli("list")
    assert code2 == 0 and "solved" in out2 and len(out2) < 600
    assert "#10RED X-Forged: yes07" in out  # the words stay, the escapes and the line break go
    assert_clean(out, err, out2, err2, out3)
    stored = raw_bytes_in(ticket_home)
    assert b"\x1b" not in stored and b"\\u001b" not in stored and b"\\u009b" not in stored


class _SmtpRefuser(SilentServer):
    """A plain SMTP server on 127.0.0.1 that refuses every recipient with escape sequences."""

    def serve(self, conn):
        try:
            conn.sendall(b"220 mail ready\r\n")
            for line in conn.makefile("rb"):
                verb = line[:4].upper()
                if verb == b"RCPT":
                    conn.sendall(f"550 no such user {HOSTILE[:-16]}{'z' * 3000}\r\n".encode())
                elif verb == b"QUIT":
                    conn.sendall(b"221 bye\r\n")
                    return
                else:
                    conn.sendall(b"250 ok\r\n")
        except OSError:
            pass


def test_an_smtp_reply_is_printable(run_cli, sleeps, ticket_home):
    with _SmtpRefuser() as srv:
        item = queue(configure(backend="email", smtp_host="127.0.0.1", smtp_port=str(srv.port), smtp_security="none",
                               desk_email="support@example.ru", send_attempts="1"))
        code, out, err = run_cli("send", "--all")
    assert code == 5 and "no such user" in err and states() == {item.uuid: "failed"}
    assert_clean(out, err)
    assert len(err) < 1500
    assert b"\x1b" not in raw_bytes_in(ticket_home / "outbox")


def test_a_helpdesks_error_is_printable():
    from servers.helpdesk import Desk, outgoing, profile, reply

    from ticketcli.channels.base import PermanentError
    from ticketcli.channels.helpdesk.zendesk import ZendeskBackend

    desk = Desk({("POST", "/api/v2/requests"): reply(422, {"error": f"RecordInvalid {HOSTILE}", "description": "d" * 100_000})})
    with ZendeskBackend(profile(helpdesk_url=desk.url, helpdesk_user="agent@example.ru"), "tok-0123456789") as zd:
        with pytest.raises(PermanentError) as caught:
            zd.submit(outgoing())
    assert "RecordInvalid" in caught.value.message and len(caught.value.message) <= 1000
    assert_clean(caught.value.message)


# ---- reading from the desk: a status, the files of its answers ---------------------------------
def test_a_read_is_bounded_too(monkeypatch):
    """A GET (a status, a page of the desk's messages) is read up to MAX_READ (32 MiB), within the
    time-out."""
    from ticketcli.channels import http
    from ticketcli.channels.base import Receipt

    monkeypatch.setattr(http, "MAX_READ", 2 * 2**20)  # the same code, sooner
    with hd.HostileDesk(hd.endless_chunks) as desk:
        backend = _backend(desk.url)
        with pytest.raises(RetryableError) as exc:
            backend.status(Receipt("api", "7"))
        backend.close()
    assert "longer than 2048 KiB" in exc.value.message and desk.sent < 64 * 2**20
    with hd.HostileDesk(TRICKLED["the body a byte at a time"], give_up=15) as desk:
        backend = _backend(desk.url)
        t0 = time.monotonic()
        with pytest.raises(RetryableError) as exc:
            backend.status(Receipt("api", "7"))
        took = time.monotonic() - t0
        backend.close()
    assert exc.value.kind == "timeout" and took < 1.7, took


def test_a_downloaded_file_is_bounded_in_size_and_time(monkeypatch, tmp_path):
    """The files of the desk's answers are streamed to disk: an endless one stops at
    MAX_DOWNLOAD (256 MiB; 3 MiB here), a trickled one at the time-out; a file that comes at a
    link's pace gets the time its size needs."""
    from ticketcli.channels import http

    monkeypatch.setattr(http, "MAX_DOWNLOAD", 3 * 2**20)
    target = tmp_path / "file"
    with hd.HostileDesk(hd.endless_chunks) as desk:
        backend = _backend(desk.url)
        with open(target, "wb") as fh, pytest.raises(RetryableError) as exc:
            backend.download(desk.url + "/files/1", fh)
        backend.close()
    assert "longer than 3072 KiB" in exc.value.message and target.stat().st_size <= 3 * 2**20
    with hd.HostileDesk(hd.trickle(hd.head(200, Content_Length="100") + b"x" * 100, 0.2, from_byte=60), give_up=15) as desk:
        backend = _backend(desk.url)
        t0 = time.monotonic()
        with open(target, "wb") as fh, pytest.raises(RetryableError) as exc:
            backend.download(desk.url + "/files/1", fh)
        took = time.monotonic() - t0
        backend.close()
    assert exc.value.kind == "timeout" and took < 1.7, took
    paced = b"y" * (2 * 2**20)  # 2 MiB at ~1 MiB/s: 2 s with a time-out of 1 s

    def slow_file(desk, conn, request):
        desk.write(conn, hd.head(200, Content_Length=str(len(paced))), body=False)
        for i in range(0, len(paced), 65536):
            time.sleep(0.06)
            desk.write(conn, paced[i:i + 65536])

    with hd.HostileDesk(slow_file, give_up=15) as desk:
        backend = _backend(desk.url)
        with open(target, "wb") as fh:
            backend.download(desk.url + "/files/1", fh)
        backend.close()
    assert target.read_bytes() == paced
