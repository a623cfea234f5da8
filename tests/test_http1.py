"""ticketcli.backends.http1 against http.client, over real sockets on 127.0.0.1.

http1 replaces http.client inside wire.py and promises the same answers: the same status,
reason, headers, body framing, keep-alive decision (``will_close``) and the same refusals of a
request head. Each test here sends one request through both clients to a raw TCP server that
answers with crafted bytes, then compares what the two made of it. Where the two differ by
design, the test asserts each side's own behaviour and says why; nothing is skipped quietly.
"""

from __future__ import annotations

import http.client
import queue
import socket
import threading

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ticketcli.backends import http1
from ticketcli.backends.http1 import Connection, ProtocolError, request_head

TIMEOUT = 3  # seconds; nothing here should ever wait for it


# --------------------------------------------------------------------------- the raw server


class RawServer:
    """Accepts any number of connections on 127.0.0.1; on each one, for every reply in
    ``replies`` it reads one request head, records it in ``heads`` and writes the reply's exact
    bytes. Then it half-closes (``close=True``: the client sees the end of the stream) or leaves
    the connection open; either way it reads until the client goes away, so that closing never
    resets the connection under data the client has not read yet."""

    def __init__(self, replies: list[bytes], *, close: bool = True) -> None:
        self.replies = list(replies)
        self.close = close
        self.heads: queue.Queue[bytes] = queue.Queue()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.threads: list[threading.Thread] = []
        self._start(self._accept)

    def _start(self, target, *args) -> None:
        thread = threading.Thread(target=target, args=args, daemon=True)
        thread.start()
        self.threads.append(thread)

    def _accept(self) -> None:
        while True:
            try:
                sock, _ = self.listener.accept()
            except OSError:
                return
            self._start(self._serve, sock)

    def _serve(self, sock: socket.socket) -> None:
        with sock:
            sock.settimeout(TIMEOUT)
            buffered = b""
            try:
                for reply in self.replies:
                    while b"\r\n\r\n" not in buffered:
                        data = sock.recv(65536)
                        if not data:
                            return
                        buffered += data
                    head, _, buffered = buffered.partition(b"\r\n\r\n")
                    self.heads.put(head + b"\r\n\r\n")
                    sock.sendall(reply)
                if self.close:
                    sock.shutdown(socket.SHUT_WR)
                while sock.recv(65536):
                    pass
            except OSError:  # the client hung up first (a refused answer, a test's end)
                pass

    def head(self) -> bytes:
        """The next request head the server received."""
        return self.heads.get(timeout=TIMEOUT)

    def __enter__(self) -> RawServer:
        return self

    def __exit__(self, *exc) -> None:
        try:
            self.listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept()
        except OSError:
            pass
        self.listener.close()
        for thread in self.threads:
            thread.join(TIMEOUT)


# --------------------------------------------------------------------------- both clients


def family(exc: BaseException) -> str:
    """Which kind of failure: "protocol" (http.client.HTTPException, http1.ProtocolError; a
    RemoteDisconnected is both an HTTPException and an OSError, and counts as protocol) or
    "os". A timeout means a client waited for bytes that never come: always a failure here."""
    if isinstance(exc, TimeoutError):
        return "timeout"
    if isinstance(exc, (http.client.HTTPException, ProtocolError)):
        return "protocol"
    if isinstance(exc, OSError):
        return "os"
    raise exc


def read_body(response, pieces: bool) -> tuple[bytes | None, str | None]:
    """(body, None) or (None, failure family). In pieces: read(7) until b""; whole: read()."""
    out = []
    try:
        if pieces:
            while piece := response.read(7):
                assert len(piece) <= 7
                out.append(piece)
        else:
            out.append(response.read())
        assert response.read() == b"" and response.read(7) == b""
    except Exception as exc:  # noqa: BLE001 - sorted into families, anything else re-raised
        return None, family(exc)
    return b"".join(out), None


def outcome(response, pieces: bool) -> dict:
    body, body_error = read_body(response, pieces)
    result = {
        "status": response.status,
        "reason": response.reason,
        "headers": list(response.getheaders()),
        "will_close": response.will_close,
        "body": body,
        "body_error": body_error,
    }
    if body_error is None:  # after a failure the connection is dropped, whatever isclosed() says
        result["closed"] = response.isclosed()
    return result


def via_stdlib(port: int, method: str, pieces: bool) -> dict:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=TIMEOUT)
    try:
        conn.putrequest(method, "/", skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", "x")
        conn.endheaders()
        try:
            response = conn.getresponse()
        except Exception as exc:  # noqa: BLE001
            return {"head_error": family(exc)}
        return outcome(response, pieces)
    finally:
        conn.close()


def via_http1(port: int, method: str, pieces: bool) -> dict:
    conn = Connection("127.0.0.1", port, timeout=TIMEOUT)
    conn.connect()
    try:
        conn.send(request_head(method, "/", [("Host", "x")]))
        try:
            response = conn.get_response(method)
        except Exception as exc:  # noqa: BLE001
            return {"head_error": family(exc)}
        return outcome(response, pieces)
    finally:
        conn.close()


RUNS = [("GET", False), ("GET", True), ("HEAD", False)]


def both(reply: bytes, method: str, pieces: bool) -> tuple[dict, dict]:
    with RawServer([reply]) as server:
        stdlib = via_stdlib(server.port, method, pieces)
        ours = via_http1(server.port, method, pieces)
    for side in (stdlib, ours):
        assert "timeout" not in (side.get("head_error"), side.get("body_error")), side
    return stdlib, ours


def without(result: dict, *keys: str) -> dict:
    return {k: v for k, v in result.items() if k not in keys}


# --------------------------------------------------------------------------- crafted replies

BIG = bytes(range(256)) * 4096  # 1 MiB, every byte value


def many_headers(count: int, line: str = "X-H{i}: {i}\r\n") -> bytes:
    """A 200 with ``count`` headers (``line`` each but the last, Content-Length: 2)."""
    return b"HTTP/1.1 200 OK\r\n" + "".join(line.format(i=i) for i in range(count - 1)).encode() + (
        b"Content-Length: 2\r\n\r\nhi")



def chunked(*chunks: bytes, ext: bytes = b"", trailer: bytes = b"") -> bytes:
    return b"".join(b"%x%s\r\n%s\r\n" % (len(c), ext, c) for c in chunks) + b"0\r\n" + trailer + b"\r\n"


OK_CHUNKED = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"

SAME = {
    # Content-Length
    "length-0": b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    "length-small": b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 13\r\n\r\nhello, world!",
    "length-1MiB": b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(BIG) + BIG,
    "length-then-extra-bytes": b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhelloEXTRA",
    "length-plus-sign": b"HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello",
    "length-twice-first-wins": b"HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 5\r\n\r\nhello",
    "length-abc": b"HTTP/1.1 200 OK\r\nContent-Length: abc\r\n\r\nuntil the end",
    "length-minus-1": b"HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\nuntil the end",
    "length-empty": b"HTTP/1.1 200 OK\r\nContent-Length:\r\n\r\nuntil the end",
    # chunked
    "chunked": OK_CHUNKED + chunked(b"hello", b", world"),
    "chunked-extensions": OK_CHUNKED + chunked(b"hello", b", world", ext=b";a=b"),
    "chunked-extension-quoted": OK_CHUNKED + b'5;name="x;y"\r\nhello\r\n0;last\r\n\r\n',
    "chunked-trailers": OK_CHUNKED + chunked(b"hello", trailer=b"X-Sum: 1\r\nX-Other: 2\r\n"),
    "chunked-hex-cases": OK_CHUNKED + b"A\r\n0123456789\r\na\r\nabcdefghij\r\n1F\r\n" + b"F" * 31
    + b"\r\n1f\r\n" + b"f" * 31 + b"\r\n0\r\n\r\n",
    "chunked-many-tiny": OK_CHUNKED + chunked(*[bytes([65 + i % 26]) for i in range(300)]),
    "chunked-large": OK_CHUNKED + chunked(BIG[:300000], BIG[300000:]),
    "chunked-leading-zeros": OK_CHUNKED + b"0005\r\nhello\r\n000\r\n\r\n",
    "chunked-capital-C": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: Chunked\r\n\r\n" + chunked(b"hello"),
    "chunked-over-length": b"HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: chunked\r\n\r\n"
    + chunked(b"hello"),
    "chunked-then-extra-bytes": OK_CHUNKED + chunked(b"hello") + b"HTTP/1.1 200 OK\r\n",
    "transfer-encoding-gzip-chunked": b"HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\nraw",
    # read until the server closes
    "until-close": b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nthe body ends when the server closes",
    "until-close-empty": b"HTTP/1.1 200 OK\r\n\r\n",
    # versions and the keep-alive decision
    "http10": b"HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nhi",
    "http10-connection-keep-alive": b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi",
    "http10-connection-Keep-Alive": b"HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 2\r\n\r\nhi",
    "http10-keep-alive-header": b"HTTP/1.0 200 OK\r\nKeep-Alive: timeout=5\r\nContent-Length: 2\r\n\r\nhi",
    "http10-keep-alive-empty": b"HTTP/1.0 200 OK\r\nKeep-Alive:\r\nContent-Length: 2\r\n\r\nhi",
    "http10-keep-alive-no-length": b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\nuntil close",
    "http10-proxy-connection": b"HTTP/1.0 200 OK\r\nProxy-Connection: keep-alive\r\nContent-Length: 2\r\n\r\nhi",
    "http10-proxy-connection-list": b"HTTP/1.0 200 OK\r\nProxy-Connection: Keep-Alive, x\r\n"
    b"Content-Length: 2\r\n\r\nhi",
    "http10-connection-close": b"HTTP/1.0 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nhi",
    "http11-connection-close": b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nhi",
    "http11-connection-Keep-Alive-close": b"HTTP/1.1 200 OK\r\nConnection: Keep-Alive, close\r\n"
    b"Content-Length: 2\r\n\r\nhi",
    "http11-connection-CLOSE": b"HTTP/1.1 200 OK\r\nconnection: CLOSE\r\nContent-Length: 2\r\n\r\nhi",
    "http11-connection-keep-alive": b"HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nhi",
    "http11-two-connection-headers": b"HTTP/1.1 200 OK\r\nConnection: keep-alive\r\nConnection: close\r\n"
    b"Content-Length: 2\r\n\r\nhi",
    "http12": b"HTTP/1.2 200 OK\r\nContent-Length: 2\r\n\r\nhi",
    # informational answers (100 only: see test_103_early_hints for the others)
    "100-continue": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
    "100-continue-with-headers": b"HTTP/1.1 100 Continue\r\nX-Note: early\r\nConnection: close\r\n\r\n"
    b"HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nhi",
    "100-continue-twice": b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 100 Continue\r\n\r\n"
    b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(b"hi"),
    "101-switching": b"HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: Upgrade\r\n\r\nraw",
    # no body whatever the headers say
    "204-with-length": b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\nhello",
    "304-with-length": b"HTTP/1.1 304 Not Modified\r\nContent-Length: 100\r\n\r\n",
    "204-http10": b"HTTP/1.0 204 No Content\r\n\r\n",
    # status line and reason
    "no-reason": b"HTTP/1.1 200\r\nContent-Length: 2\r\n\r\nhi",
    "no-reason-trailing-space": b"HTTP/1.1 200 \r\nContent-Length: 2\r\n\r\nhi",
    "reason-with-spaces": b"HTTP/1.1 404 Not  Found  Here \r\nContent-Length: 2\r\n\r\nhi",
    "reason-latin-1": b"HTTP/1.1 200 D\xe9j\xe0 vu\r\nContent-Length: 2\r\n\r\nhi",
    "status-599": b"HTTP/1.1 599 Odd\r\nContent-Length: 2\r\n\r\nhi",
    "leading-space-status-line": b" HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi",
    "bare-LF-lines": b"HTTP/1.1 200 OK\nX-A: 1\nContent-Length: 2\n\nhi",
    # headers
    "value-leading-spaces": b"HTTP/1.1 200 OK\r\nX-A:    spaced\r\nX-B:\ttabbed\r\nContent-Length: 0\r\n\r\n",
    "set-cookie-twice": b"HTTP/1.1 200 OK\r\nSet-Cookie: a=1; Path=/\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n",
    "name-case-kept": b"HTTP/1.1 200 OK\r\nx-MiXeD: v\r\ncontent-LENGTH: 2\r\n\r\nhi",
    "no-space-after-colon": b"HTTP/1.1 200 OK\r\nX-A:v\r\nContent-Length: 0\r\n\r\n",
    "empty-value": b"HTTP/1.1 200 OK\r\nX-Empty:\r\nContent-Length: 0\r\n\r\n",
    "colon-in-value": b"HTTP/1.1 200 OK\r\nLocation: http://h:8080/a?b=c:d\r\nContent-Length: 0\r\n\r\n",
    "latin-1-value": b"HTTP/1.1 200 OK\r\nX-A: caf\xe9\r\nContent-Length: 0\r\n\r\n",
    # http.client's limit of 100 counts every line read, the blank one that ends the head too
    "99-headers": many_headers(99),
    "100-headers": many_headers(100),
    "101-headers": many_headers(101),
    "51-folded-headers": many_headers(51, "X-H{i}: {i}\r\n more\r\n"),  # 50 folded: 101 lines
    "99-headers-and-a-junk-line": many_headers(99).replace(b"X-H0: 0\r\n", b"X-H0: 0\r\njunk\r\n"),
    "longest-header-line": b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * (65536 - 12) + b"\r\nContent-Length: 0\r\n\r\n",
    "header-line-too-long": b"HTTP/1.1 200 OK\r\nX-Long: " + b"a" * 65536 + b"\r\nContent-Length: 0\r\n\r\n",
    "status-line-too-long": b"HTTP/1.1 200 " + b"O" * 65536 + b"\r\nContent-Length: 0\r\n\r\n",
    # malformed answers
    "not-http": b"hello\r\n",
    "status-2000": b"HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n",
    "status-99": b"HTTP/1.1 99 Low\r\nContent-Length: 0\r\n\r\n",
    "status-abc": b"HTTP/1.1 abc OK\r\nContent-Length: 0\r\n\r\n",
    "version-only": b"HTTP/1.1\r\n\r\n",
    "http2": b"HTTP/2.0 200 OK\r\nContent-Length: 0\r\n\r\n",
    "http-lowercase": b"http/1.1 200 OK\r\nContent-Length: 0\r\n\r\n",
    "closed-without-answer": b"",
    "closed-inside-head": b"HTTP/1.1 200 OK\r\nContent-Len",
    "closed-after-100": b"HTTP/1.1 100 Continue\r\n\r\n",
    "chunked-cut-in-data": OK_CHUNKED + b"a\r\nhello",
    "chunked-cut-before-last-chunk": OK_CHUNKED + b"5\r\nhello\r\n",
    "chunked-cut-in-size": OK_CHUNKED + b"5\r\nhello\r\n1",
    "chunked-cut-in-trailers": OK_CHUNKED + b"5\r\nhello\r\n0\r\nX-T: 1\r\n",
    "chunked-bad-size": OK_CHUNKED + b"zz\r\nhello\r\n0\r\n\r\n",
    "chunked-empty-size": OK_CHUNKED + b"\r\nhello\r\n0\r\n\r\n",
    "chunk-size-line-too-long": OK_CHUNKED + b"5;" + b"e" * 65536 + b"\r\nhello\r\n0\r\n\r\n",
    "trailer-line-too-long": OK_CHUNKED + b"5\r\nhello\r\n0\r\nX-T: " + b"t" * 65536 + b"\r\n\r\n",
}


@pytest.mark.parametrize("method,pieces", RUNS, ids=["GET", "GET-read7", "HEAD"])
@pytest.mark.parametrize("reply", list(SAME.values()), ids=list(SAME))
def test_same_answer(reply, method, pieces):
    stdlib, ours = both(reply, method, pieces)
    assert ours == stdlib


def test_body_shorter_than_its_length():
    """Read whole, both refuse a body cut short of its Content-Length. Read in pieces,
    http.client (3.11) hands out what came and then b"" (its own comment: "Ideally, we would
    raise IncompleteRead ... but it might break compatibility"); http1 raises ProtocolError, so
    that wire.py never takes a truncated body for a whole one."""
    reply = b"HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\nonly twelve."
    stdlib, ours = both(reply, "GET", False)
    assert stdlib["body_error"] == ours["body_error"] == "protocol"
    assert without(ours, "closed") == without(stdlib, "closed")

    stdlib, ours = both(reply, "GET", True)
    assert (stdlib["body"], stdlib["body_error"]) == (b"only twelve.", None)
    assert (ours["body"], ours["body_error"]) == (None, "protocol")
    assert without(ours, "body", "body_error") == without(stdlib, "body", "body_error", "closed")

    stdlib, ours = both(reply, "HEAD", False)  # no body expected: nothing is short
    assert ours == stdlib and ours["body"] == b""


@pytest.mark.parametrize("method,pieces", RUNS, ids=["GET", "GET-read7", "HEAD"])
def test_103_early_hints(method, pieces):
    """http.client 3.11 skips only 100 Continue: a 103 comes back as the final answer (with no
    body, so the real answer is left unread on the wire). http1 skips every 1xx but 101, as
    RFC 9110 15.2 says a client must, and returns the 200 that follows."""
    final = b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"
    reply = b"HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n" + final
    stdlib, ours = both(reply, method, pieces)
    assert (stdlib["status"], stdlib["reason"], stdlib["body"]) == (103, "Early Hints", b"")
    assert stdlib["headers"] == [("Link", "</s.css>; rel=preload")]
    # http1 answers exactly what both answer for the final reply alone
    alone_stdlib, alone_ours = both(final, method, pieces)
    assert ours == alone_ours == alone_stdlib
    assert ours["status"] == 200


def test_102_processing_then_answer():
    """The same for 102 (and any 1xx but 100 and 101): skipped by http1 only."""
    reply = (b"HTTP/1.1 102 Processing\r\n\r\nHTTP/1.1 102 Processing\r\n\r\n"
             b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi")
    stdlib, ours = both(reply, "GET", False)
    assert stdlib["status"] == 102
    assert (ours["status"], ours["body"]) == (200, b"hi")


@pytest.mark.parametrize("method,pieces", RUNS, ids=["GET", "GET-read7", "HEAD"])
def test_folded_header(method, pieces):
    """An obs-fold continuation line: http.client (through email's parser) keeps the raw fold,
    CRLF and indentation included; http1 joins the pieces with one space, as RFC 9112 5.2 asks
    of a user agent that accepts obs-fold. Everything else is the same."""
    reply = (b"HTTP/1.1 200 OK\r\nX-Folded: first\r\n   second\r\n\tthird\r\nX-After: 1\r\n"
             b"Content-Length: 2\r\n\r\nhi")
    stdlib, ours = both(reply, method, pieces)
    assert stdlib["headers"][0] == ("X-Folded", "first\r\n   second\r\n\tthird")
    assert ours["headers"][0] == ("X-Folded", "first second third")
    assert ours["headers"][1:] == stdlib["headers"][1:] == [("X-After", "1"), ("Content-Length", "2")]
    assert without(ours, "headers") == without(stdlib, "headers")


def test_folded_headers_at_the_limit():
    """50 header lines, 49 of them folded: 100 lines with the blank one, both accept (the
    101-line head is in SAME), with each side's own fold (see test_folded_header)."""
    reply = many_headers(50, "X-H{i}: {i}\r\n more\r\n")
    stdlib, ours = both(reply, "GET", False)
    assert len(stdlib["headers"]) == len(ours["headers"]) == 50
    assert stdlib["headers"][0] == ("X-H0", "0\r\n more") and ours["headers"][0] == ("X-H0", "0 more")
    assert without(ours, "headers") == without(stdlib, "headers")


def test_value_trailing_white_space():
    """Leading white space of a value is dropped by both; trailing white space is kept by
    http.client (email's compat32 policy strips only the line end) and dropped by http1 (RFC
    9112 5: "field-name ":" OWS field-value OWS"). Framing is unaffected: int() ignores it."""
    reply = b"HTTP/1.1 200 OK\r\nX-A:   v  \r\nX-B:\tw\t\r\nContent-Length: 2  \r\n\r\nhi"
    stdlib, ours = both(reply, "GET", False)
    assert stdlib["headers"] == [("X-A", "v  "), ("X-B", "w\t"), ("Content-Length", "2  ")]
    assert ours["headers"] == [("X-A", "v"), ("X-B", "w"), ("Content-Length", "2")]
    assert without(ours, "headers") == without(stdlib, "headers")


def test_line_that_is_not_a_header():
    """A head line without a colon: email's parser takes it for the start of the body and drops
    every header after it (here the Content-Length, so http.client reads until the server
    closes); http1 skips just that line. Both get the same body here."""
    reply = b"HTTP/1.1 200 OK\r\nX-A: 1\r\nnot a header\r\nContent-Length: 2\r\n\r\nhi"
    stdlib, ours = both(reply, "GET", False)
    assert stdlib["headers"] == [("X-A", "1")] and stdlib["will_close"] is True
    assert ours["headers"] == [("X-A", "1"), ("Content-Length", "2")] and ours["will_close"] is False
    assert ours["body"] == stdlib["body"] == b"hi"


def test_status_with_underscore():
    """int() takes "2_00" for 200, so http.client accepts it; http1 wants three ASCII digits
    (RFC 9110 15: status-code = 3DIGIT) and refuses the answer."""
    stdlib, ours = both(b"HTTP/1.1 2_00 OK\r\nContent-Length: 2\r\n\r\nhi", "GET", False)
    assert stdlib["status"] == 200 and stdlib["body"] == b"hi"
    assert ours == {"head_error": "protocol"}


def test_http09_status_line():
    """http.client takes an "HTTP/0.9" status line for HTTP/1.0; http1 reads HTTP/1.x only."""
    stdlib, ours = both(b"HTTP/0.9 200 OK\r\nContent-Length: 2\r\n\r\nhi", "GET", False)
    assert stdlib["status"] == 200 and stdlib["will_close"] is True
    assert ours == {"head_error": "protocol"}


def test_204_with_chunked():
    """A 204 that says Transfer-Encoding: chunked has no body (RFC 9112 6.3). http1 reads none;
    http.client checks chunked before the status and tries to read chunks, which fails here on
    the end of the stream."""
    reply = b"HTTP/1.1 204 No Content\r\nTransfer-Encoding: chunked\r\n\r\n"
    stdlib, ours = both(reply, "GET", False)
    assert stdlib["body_error"] == "protocol"
    assert (ours["body"], ours["body_error"], ours["closed"]) == (b"", None, True)
    assert without(ours, "body", "body_error", "closed") == without(stdlib, "body", "body_error", "closed")


def test_chunk_data_ended_by_a_bare_LF():
    """http.client drops exactly two bytes after a chunk's data (its CRLF), so a chunk ended by
    a bare LF desynchronises it; http1 drops the rest of that line and reads on."""
    reply = OK_CHUNKED + b"3\nfir\n2\nst\n0\n\n"
    stdlib, ours = both(reply, "GET", False)
    assert stdlib["body_error"] == "protocol"
    assert (ours["body"], ours["body_error"], ours["closed"]) == (b"first", None, True)
    assert without(ours, "body", "body_error", "closed") == without(stdlib, "body", "body_error")


# --------------------------------------------------------------------------- keep-alive

SECOND = b"HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond"

FIRST = {
    "length": (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst", "GET", b"first"),
    "length-0": (b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", "GET", b""),
    "chunked": (OK_CHUNKED + chunked(b"fir", b"st"), "GET", b"first"),
    "chunked-extensions-trailers": (OK_CHUNKED + b"3;x=y\r\nfir\r\n2;z\r\nst\r\n0;end=1\r\nX-T: 1\r\n\r\n",
                                    "GET", b"first"),
    "100-continue": (b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst",
                     "GET", b"first"),
    "204": (b"HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", "GET", b""),
    "304": (b"HTTP/1.1 304 Not Modified\r\nContent-Length: 5\r\n\r\n", "GET", b""),
    "HEAD": (b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", "HEAD", b""),
    "http10-keep-alive": (b"HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 5\r\n\r\nfirst",
                          "GET", b"first"),
}


def keep_alive_http1(replies, method, body, pieces) -> list[bytes]:
    with RawServer(replies, close=False) as server:
        conn = Connection("127.0.0.1", server.port, timeout=TIMEOUT)
        conn.connect()
        try:
            conn.send(request_head(method, "/", [("Host", "x")]))
            response = conn.get_response(method)
            assert read_body(response, pieces) == (body, None)
            assert response.isclosed() and not response.will_close
            conn.send(request_head("GET", "/2", [("Host", "x")]))
            response = conn.get_response("GET")
            assert (response.status, read_body(response, pieces)) == (200, (b"second", None))
            assert response.isclosed() and not response.will_close
        finally:
            conn.close()
        return [server.head(), server.head()]


def keep_alive_stdlib(replies, method, body, pieces) -> list[bytes]:
    with RawServer(replies, close=False) as server:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        try:
            conn.putrequest(method, "/", skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", "x")
            conn.endheaders()
            sock = conn.sock
            response = conn.getresponse()
            assert read_body(response, pieces) == (body, None)
            assert response.isclosed() and not response.will_close
            conn.putrequest("GET", "/2", skip_host=True, skip_accept_encoding=True)
            conn.putheader("Host", "x")
            conn.endheaders()
            assert conn.sock is sock  # the same connection, not a new one
            response = conn.getresponse()
            assert (response.status, read_body(response, pieces)) == (200, (b"second", None))
        finally:
            conn.close()
        return [server.head(), server.head()]


@pytest.mark.parametrize("pieces", [False, True], ids=["whole", "read7"])
@pytest.mark.parametrize("first,method,body", list(FIRST.values()), ids=list(FIRST))
def test_keep_alive(first, method, body, pieces):
    """Two requests on one connection. For http1 the two answers are also written at once,
    right after the first request: a client that reads a byte too many or too few of the first
    one then misreads the second. http.client cannot take that (each response reads through a
    buffered file of its own, and the first one's buffer swallows the second answer), so it
    gets each answer after its request, which http1 must handle as well."""
    heads = keep_alive_http1([first + SECOND, b""], method, body, pieces)
    assert keep_alive_http1([first, SECOND], method, body, pieces) == heads
    assert keep_alive_stdlib([first, SECOND], method, body, pieces) == heads
    assert heads[1] == b"GET /2 HTTP/1.1\r\nHost: x\r\n\r\n"


def test_keep_alive_read_until_close_is_not_kept():
    with RawServer([b"HTTP/1.1 200 OK\r\n\r\nall of it"]) as server:
        conn = Connection("127.0.0.1", server.port, timeout=TIMEOUT)
        conn.connect()
        try:
            conn.send(request_head("GET", "/", [("Host", "x")]))
            response = conn.get_response("GET")
            assert not response.isclosed() and response.will_close
            assert response.read() == b"all of it" and response.isclosed()
        finally:
            conn.close()


# --------------------------------------------------------------------------- request heads


def stdlib_head(method, target, headers, port=None) -> bytes | None:
    """What http.client sends (through the server at ``port``), or raises what it raises."""
    conn = http.client.HTTPConnection("127.0.0.1", port or 9, timeout=TIMEOUT)
    try:
        conn.putrequest(method, target, skip_host=True, skip_accept_encoding=True)
        for name, value in headers:
            conn.putheader(name, value)
        if port is None:
            return None
        conn.endheaders()
    finally:
        conn.close()


def sent_bytes(method, target, headers) -> tuple[bytes, bytes]:
    """(what the server received from http.client, from http1) for a head both accept."""
    with RawServer([b""]) as server:
        stdlib_head(method, target, headers, server.port)
        from_stdlib = server.head()
        conn = Connection("127.0.0.1", server.port, timeout=TIMEOUT)
        conn.connect()
        try:
            conn.send(request_head(method, target, headers))
            from_ours = server.head()
        finally:
            conn.close()
    return from_stdlib, from_ours


def refusals(method, target, headers) -> tuple[BaseException | None, BaseException | None]:
    try:
        stdlib_head(method, target, headers)
        stdlib_error = None
    except Exception as exc:  # noqa: BLE001
        stdlib_error = exc
    try:
        request_head(method, target, headers)
        ours_error = None
    except Exception as exc:  # noqa: BLE001
        ours_error = exc
    return stdlib_error, ours_error


def check_head(method, target, headers) -> None:
    stdlib_error, ours_error = refusals(method, target, headers)
    # http.client refuses with ValueError (UnicodeEncodeError included) or, for a target,
    # InvalidURL (an HTTPException); http1 always with ValueError
    assert stdlib_error is None or isinstance(stdlib_error, (ValueError, http.client.InvalidURL)), stdlib_error
    assert ours_error is None or isinstance(ours_error, ValueError), ours_error
    assert (stdlib_error is None) == (ours_error is None), (stdlib_error, ours_error)
    if ours_error is None:
        from_stdlib, from_ours = sent_bytes(method, target, headers)
        assert from_ours == from_stdlib


HEADS = {
    "plain": ("GET", "/", [("Host", "x"), ("Accept", "*/*")]),
    "no-headers": ("POST", "/a?b=c", []),
    "absolute-target": ("GET", "http://h:8080/p?q=1", [("Host", "h:8080")]),
    "asterisk": ("OPTIONS", "*", [("Host", "x")]),
    "method-DEL": ("GE\x7fT", "/", []),
    "method-CR": ("GE\rT", "/", []),
    "method-LF": ("GE\nT", "/", []),
    "method-NUL": ("GE\x00T", "/", []),
    "method-tab": ("GE\tT", "/", []),
    "method-non-ascii": ("G\xc9T", "/", []),
    "target-space": ("GET", "/a b", []),
    "target-CR": ("GET", "/a\r", []),
    "target-LF": ("GET", "/a\nb", []),
    "target-NUL": ("GET", "/\x00", []),
    "target-tab": ("GET", "/\t", []),
    "target-DEL": ("GET", "/\x7f", []),
    "target-non-ascii": ("GET", "/caf\xe9", []),
    "target-injection": ("GET", "/ HTTP/1.1\r\nX-Evil: 1\r\n\r\nGET /", []),
    "name-space": ("GET", "/", [("X A", "v")]),
    "name-leading-space": ("GET", "/", [(" X", "v")]),
    "name-tab-inside": ("GET", "/", [("X\tA", "v")]),
    "name-colon": ("GET", "/", [("X:A", "v")]),
    "name-CR": ("GET", "/", [("X\rA", "v")]),
    "name-LF": ("GET", "/", [("X\nA", "v")]),
    "name-NUL": ("GET", "/", [("X\x00A", "v")]),
    "name-empty": ("GET", "/", [("", "v")]),
    "name-non-ascii": ("GET", "/", [("X-\xe9", "v")]),
    "name-bytes": ("GET", "/", [(b"X-Bytes", b"v")]),
    "value-CR": ("GET", "/", [("X", "a\rb")]),
    "value-LF": ("GET", "/", [("X", "a\nb")]),
    "value-CRLF": ("GET", "/", [("X", "a\r\nb")]),
    "value-CRLF-space": ("GET", "/", [("X", "a\r\n b")]),
    "value-CRLF-tab": ("GET", "/", [("X", "a\r\n\tb")]),
    "value-LF-space": ("GET", "/", [("X", "a\n b")]),
    "value-CR-space": ("GET", "/", [("X", "a\r b")]),
    "value-ends-CR": ("GET", "/", [("X", "a\r")]),
    "value-ends-LF": ("GET", "/", [("X", "a\n")]),
    "value-ends-CRLF": ("GET", "/", [("X", "a\r\n")]),
    "value-injection": ("GET", "/", [("X", "a\r\n\r\nGET /evil HTTP/1.1")]),
    "value-NUL": ("GET", "/", [("X", "a\x00b")]),
    "value-empty": ("GET", "/", [("X", "")]),
    "value-spaces": ("GET", "/", [("X", "  a  ")]),
    "value-latin-1": ("GET", "/", [("X", "caf\xe9")]),
    "value-not-latin-1": ("GET", "/", [("X", "\u20ac")]),
    "value-bytes-utf8": ("GET", "/", [("X", "caf\xe9".encode())]),
    "value-int": ("GET", "/", [("Content-Length", 42)]),
    "value-int-negative": ("GET", "/", [("X", -7)]),
    "value-bool": ("GET", "/", [("X", True)]),
    "many": ("PUT", "/x", [("Host", "x"), ("A", "1"), ("A", "2"), ("b", "3")]),
}


@pytest.mark.parametrize("method,target,headers", list(HEADS.values()), ids=list(HEADS))
def test_request_head(method, target, headers):
    check_head(method, target, headers)


@pytest.mark.parametrize("method", ["G ET", "GET ", " GET", ""])
def test_method_refused_by_http1_only(method):
    """http.client checks a method for control characters only, and sends "G ET / HTTP/1.1" or
    " / HTTP/1.1" as asked; http1 also refuses a space in it or an empty one: either turns the
    request line into a different one."""
    stdlib_error, ours_error = refusals(method, "/", [])
    assert stdlib_error is None
    assert isinstance(ours_error, ValueError)


def test_empty_target():
    """http.client sends "/" for an empty target; http1 is never given one by wire.py (a URL's
    path is "/" at least) and sends what it is given: the difference is documented here."""
    with RawServer([b""]) as server:
        stdlib_head("GET", "", [], server.port)
        assert server.head() == b"GET / HTTP/1.1\r\n\r\n"
    assert request_head("GET", "", []) == b"GET  HTTP/1.1\r\n\r\n"


ALPHABET = "aZ:- \t\r\n\x00\xe9"


TEXT = st.text(ALPHABET, max_size=8)
VALUE = st.one_of(TEXT, st.integers(-5, 5), st.binary(max_size=4))


@settings(max_examples=150, deadline=None)
@given(name=TEXT)
def test_random_header_name(name):
    """A random header name (the rest of the head valid): http1 refuses iff http.client does,
    and when both accept, the bytes on the wire are the same."""
    check_head("GET", "/", [("X-First", "1"), (name, "v")])


@settings(max_examples=150, deadline=None)
@given(value=VALUE)
@example(value="a\r\n b")
@example(value="\r\n\t")
def test_random_header_value(value):
    """The same for a random header value."""
    check_head("GET", "/", [("X-First", "1"), ("X", value)])


@settings(max_examples=100, deadline=None)
@given(
    # half the names valid, so that the values behind them get checked too
    headers=st.lists(st.tuples(st.one_of(st.sampled_from(["X", "Host", "a-Z"]), TEXT), VALUE), max_size=3),
    target=st.text("/" + ALPHABET, min_size=1, max_size=5),
)
def test_random_heads(headers, target):
    """The same for random targets and lists of headers."""
    check_head("GET", target, headers)


@settings(max_examples=60, deadline=None)
@given(method=st.text("GETP " + "\t\r\n\x00\x7f\xe9", max_size=5))
def test_random_methods(method):
    """The same for methods, but for the documented refusals of http1 alone (a space, empty)."""
    stdlib_error, ours_error = refusals(method, "/", [])
    if stdlib_error is None and ours_error is not None:
        assert " " in method or not method
    else:
        assert (stdlib_error is None) == (ours_error is None), (stdlib_error, ours_error)


# --------------------------------------------------------------------------- CONNECT tunnels


def test_tunnel_through_a_proxy():
    """A CONNECT, then a plain request through the tunnel, on one connection; the proxy's 200
    head is consumed exactly. http1 sends the CONNECT as HTTP/1.1 with a Host header (RFC 9110
    9.3.6), as http.client does from Python 3.12 on; 3.11's sends HTTP/1.0 without Host. The
    target and Proxy-Authorization are the same in both."""
    established = b"HTTP/1.1 200 Connection established\r\nX-Proxy: p\r\n\r\n"
    with RawServer([established, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"], close=False) as server:
        conn = Connection("127.0.0.1", server.port, timeout=TIMEOUT, tunnel=("desk.example", 8080, "Basic eA=="))
        conn.connect()
        try:
            assert server.head() == (b"CONNECT desk.example:8080 HTTP/1.1\r\nHost: desk.example:8080\r\n"
                                     b"Proxy-Authorization: Basic eA==\r\n\r\n")
            conn.send(request_head("GET", "/", [("Host", "desk.example:8080")]))
            response = conn.get_response("GET")
            assert (response.status, response.read()) == (200, b"hi")
        finally:
            conn.close()

    # http.client's tunnel over the same script: the same target and Proxy-Authorization
    with RawServer([established, b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi"], close=False) as server:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        conn.set_tunnel("desk.example", 8080, {"Proxy-Authorization": "Basic eA=="})
        try:
            conn.connect()
            head = server.head()
            assert head.startswith(b"CONNECT desk.example:8080 HTTP/1.0\r\n") or head.startswith(
                b"CONNECT desk.example:8080 HTTP/1.1\r\n")
            assert b"Proxy-Authorization: Basic eA==\r\n" in head
        finally:
            conn.close()


@pytest.mark.parametrize("reply", [b"HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n",
                                   b"HTTP/1.0 403 Forbidden\r\n\r\n"], ids=["407", "403"])
def test_tunnel_refused(reply):
    """A refused CONNECT is an OSError in the words http.client uses (wire.py reads them)."""
    with RawServer([reply]) as server:
        conn = Connection("127.0.0.1", server.port, timeout=TIMEOUT, tunnel=("h", 443, ""))
        with pytest.raises(OSError) as ours:
            conn.connect()
        assert conn.sock is None
        stdlib = http.client.HTTPConnection("127.0.0.1", server.port, timeout=TIMEOUT)
        stdlib.set_tunnel("h", 443)
        with pytest.raises(OSError) as theirs:
            stdlib.connect()
        stdlib.close()
    assert str(ours.value) == str(theirs.value)


def test_tunnel_ipv6_host():
    with RawServer([b"HTTP/1.1 200 OK\r\n\r\n"], close=False) as server:
        conn = Connection("127.0.0.1", server.port, timeout=TIMEOUT, tunnel=("::1", 8443, ""))
        conn.connect()
        conn.close()
        assert server.head() == b"CONNECT [::1]:8443 HTTP/1.1\r\nHost: [::1]:8443\r\n\r\n"


def test_limits_are_http_clients():
    assert (http1.MAX_LINE, http1.MAX_HEADERS) == (http.client._MAXLINE, http.client._MAXHEADERS)
