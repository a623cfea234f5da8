"""HTTP/1.1 messages over a socket: a request's head out, a response's head and body in.

The part of :mod:`http.client` that :mod:`ticketcli.backends.wire` uses, with the same rules:
a request head is refused (``ValueError``) when its method, target, a header name or a header
value could smuggle a line break or a second request; a response is framed as RFC 9112 says
(no body for HEAD, 1xx, 204 and 304; ``Transfer-Encoding: chunked``; ``Content-Length``; else
until the server closes), informational answers (100 Continue, 103 Early Hints) are skipped,
and whether the connection may carry another request follows the version and ``Connection``
header exactly as http.client decides it. ``tests/test_http1.py`` holds the two to the same
answers over crafted server replies, and asserts where they differ on purpose: every 1xx but
101 is skipped (http.client skips only 100), folded header values are joined with a space,
values lose trailing spaces, and a body shorter than its Content-Length is an error however
it is read.

Why not http.client itself: importing it imports :mod:`ssl` and most of the :mod:`email`
package (it parses headers with email's parser): about 80 M instructions, more than a quarter
of a scripted ``ticket new`` delivered to a plain-http desk, which needs neither. Here the
headers are a list of pairs, and :mod:`ssl` is imported only for an https connection.
"""

from __future__ import annotations

import re
import socket

TYPE_CHECKING = False  # typing is for type checkers: importing it slows every command
if TYPE_CHECKING:
    from collections.abc import Iterable

#: http.client's limits: the longest line of a head, and the most headers in one
MAX_LINE = 65536
MAX_HEADERS = 100

# As http.client checks a request (a space or control character in the target, a line break
# in a header value that does not continue it, a header name with a colon or white space).
_BAD_TARGET = re.compile("[\x00-\x20\x7f]").search
_BAD_METHOD = re.compile("[\x00-\x1f]").search
_GOOD_NAME = re.compile(rb"[^:\s][^:\r\n]*").fullmatch
_BAD_VALUE = re.compile(rb"\n(?![ \t])|\r(?![ \t\n])").search


class ProtocolError(Exception):
    """The server's answer is not HTTP/1.x, or stopped short."""


class Headers:
    """A response's headers in the order received; names are matched case-insensitively."""

    __slots__ = ("_items",)

    def __init__(self, items: list[tuple[str, str]]) -> None:
        self._items = items

    def get(self, name: str, default=None):
        """The first value of header ``name``, or ``default``."""
        name = name.lower()
        for key, value in self._items:
            if key.lower() == name:
                return value
        return default

    def items(self) -> list[tuple[str, str]]:
        return list(self._items)

    def get_content_charset(self, failobj=None):
        """The ``charset`` parameter of Content-Type, lower-cased, or ``failobj``."""
        for param in (self.get("content-type") or "").split(";")[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "charset":
                value = value.strip().strip('"').strip()
                return value.lower() or failobj
        return failobj


def _encode(value: str | bytes, codec: str) -> bytes:
    return value.encode(codec) if isinstance(value, str) else value


def request_head(method: str, target: str, headers: Iterable[tuple]) -> bytes:
    """The bytes of a request's head; ``ValueError`` for anything http.client would refuse."""
    if _BAD_METHOD(method) or " " in method or not method:
        raise ValueError(f"method can't contain control characters or spaces: {method!r}")
    if _BAD_TARGET(target):
        raise ValueError(f"URL can't contain control characters: {target!r}")
    lines = [f"{method} {target} HTTP/1.1".encode("ascii")]
    for name, value in headers:
        name_b = _encode(name, "ascii")
        if not _GOOD_NAME(name_b):
            raise ValueError(f"Invalid header name {name_b!r}")
        value_b = _encode(value if not isinstance(value, int) else str(value), "latin-1")
        if _BAD_VALUE(value_b):
            raise ValueError(f"Invalid header value {value_b!r}")
        lines.append(name_b + b": " + value_b)
    return b"\r\n".join(lines) + b"\r\n\r\n"


def _line(fp) -> bytes:
    line = fp.readline(MAX_LINE + 1)
    if len(line) > MAX_LINE:
        raise ProtocolError("got more than %d bytes in a line of the answer's head" % MAX_LINE)
    return line


def read_head(fp) -> tuple[int, int, str, Headers]:
    """(version 10 or 11, status, reason, headers) of the next final answer on ``fp``."""
    while True:
        line = _line(fp)
        if not line:
            raise ProtocolError("the server closed the connection without answering")
        text = line.decode("iso-8859-1")
        parts = text.split(None, 2)
        version, status = (parts + ["", ""])[:2]
        reason = parts[2].strip() if len(parts) > 2 else ""
        if not version.startswith("HTTP/1."):
            raise ProtocolError(f"not an HTTP/1.x answer: {text.strip()[:80]!r}")
        if not (len(status) == 3 and status.isascii() and status.isdigit() and status[0] != "0"):
            raise ProtocolError(f"bad status line: {text.strip()[:80]!r}")
        headers = _read_headers(fp)
        code = int(status)
        if 100 <= code < 200 and code != 101:
            continue  # informational: the final answer follows
        return (10 if version == "HTTP/1.0" else 11), code, reason, headers


def _read_headers(fp) -> Headers:
    items: list[tuple[str, str]] = []
    lines = 0
    while True:
        line = _line(fp)
        lines += 1  # as http.client counts: every line, a fold or the blank line that ends the head too
        if lines > MAX_HEADERS:
            raise ProtocolError("got more than %d headers" % MAX_HEADERS)
        if line in (b"\r\n", b"\n", b""):
            return Headers(items)
        text = line.decode("iso-8859-1").rstrip("\r\n")
        if text[:1] in (" ", "\t") and items:  # an obsolete folded line continues the last value
            name, value = items[-1]
            items[-1] = (name, f"{value} {text.strip()}")
            continue
        name, sep, value = text.partition(":")
        if not sep:
            continue  # not a header: skipped (http.client ignores every header after such a line)
        items.append((name.strip(), value.strip()))


class Response:
    """An answer whose head has been read; :meth:`read` its body, then check :meth:`isclosed`."""

    def __init__(self, fp, method: str) -> None:
        self.version, self.status, self.reason, self.headers = read_head(fp)
        self._fp = fp
        self.chunked = False
        self.length: int | None = None
        self._chunk_left: int | None = None
        self.will_close = self._will_close()
        encoding = self.headers.get("transfer-encoding")
        if method == "HEAD" or self.status in (204, 304) or 100 <= self.status < 200:
            self.length = 0
        elif encoding and encoding.lower() == "chunked":
            self.chunked = True
        else:
            try:
                length = int(self.headers.get("content-length") or "x")
            except ValueError:
                length = None
            self.length = length if length is not None and length >= 0 else None
            if self.length is None:
                self.will_close = True  # the body ends when the server closes
        if self.length == 0 and not self.chunked:
            self._fp = None

    def _will_close(self) -> bool:
        connection = (self.headers.get("connection") or "").lower()
        if self.version == 11:
            return "close" in connection
        if self.headers.get("keep-alive") or "keep-alive" in connection:
            return False
        return "keep-alive" not in (self.headers.get("proxy-connection") or "").lower()

    def getheaders(self) -> list[tuple[str, str]]:
        return self.headers.items()

    def isclosed(self) -> bool:
        """True once the body has been read to its end (or the answer has none)."""
        return self._fp is None

    def close(self) -> None:
        self._fp = None

    def read(self, amt: int | None = None) -> bytes:
        """Up to ``amt`` bytes of the body (all of it when None); b"" at its end."""
        if self._fp is None:
            return b""
        if self.chunked:
            return self._read_chunked(amt)
        if self.length is None:
            data = self._fp.read() if amt is None else self._fp.read1(amt) if amt else b""
            if amt is None or not data:
                self._fp = None
            return data
        want = self.length if amt is None else min(amt, self.length)
        data = self._fp.read(want)
        self.length -= len(data)
        if len(data) < want:
            self._fp = None
            raise ProtocolError(f"the answer stopped {self.length} bytes short of its Content-Length")
        if self.length == 0:
            self._fp = None
        return data

    def _read_chunked(self, amt: int | None) -> bytes:
        out = []
        left = amt
        while left is None or left > 0:
            if not self._chunk_left:
                if self._chunk_left == 0:  # the end of a chunk's data: its CRLF
                    _line(self._fp)
                size_line = _line(self._fp)
                try:
                    size = int(size_line.split(b";", 1)[0], 16)
                except ValueError:
                    self._fp = None
                    raise ProtocolError(f"bad chunk size {size_line[:40]!r}") from None
                if size == 0:
                    while _line(self._fp) not in (b"\r\n", b"\n", b""):  # trailers
                        pass
                    self._fp = None
                    break
                self._chunk_left = size
            take = self._chunk_left if left is None else min(left, self._chunk_left)
            data = self._fp.read(take)
            if len(data) < take:
                self._fp = None
                raise ProtocolError("the answer stopped inside a chunk")
            out.append(data)
            self._chunk_left -= take
            if left is not None:
                left -= take
                break  # one chunk's worth at most per call, as a stream reader expects
        return b"".join(out)


class Connection:
    """One TCP (or TLS) connection to ``host:port``, optionally through a CONNECT tunnel."""

    def __init__(self, host: str, port: int, *, timeout: float | None = None, context=None,
                 tunnel: tuple[str, int, str] | None = None) -> None:
        self.host, self.port, self.timeout = host, port, timeout
        self.context = context  # an ssl.SSLContext for https, else None
        self.tunnel = tunnel  # (host, port, Proxy-Authorization or "") through this proxy
        self.sock: socket.socket | None = None
        self._fp = None

    def connect(self) -> None:
        sock = socket.create_connection((self.host, self.port), self.timeout)
        try:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            server = self.host
            if self.tunnel is not None:
                host, port, auth = self.tunnel
                self._open_tunnel(sock, host, port, auth)
                server = host
            if self.context is not None:
                sock = self.context.wrap_socket(sock, server_hostname=server)
        except BaseException:
            sock.close()
            raise
        self.sock = sock
        self._fp = sock.makefile("rb")

    @staticmethod
    def _open_tunnel(sock: socket.socket, host: str, port: int, auth: str) -> None:
        where = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
        headers = [("Host", where)] + ([("Proxy-Authorization", auth)] if auth else [])
        sock.sendall(request_head("CONNECT", where, headers))
        fp = sock.makefile("rb")
        try:
            version, status, reason, _ = read_head(fp)
            if status != 200:
                # http.client's words, which wire.py reads for a 407
                raise OSError(f"Tunnel connection failed: {status} {reason}")
        finally:
            fp.close()

    def send(self, data: bytes) -> None:
        self.sock.sendall(data)

    def get_response(self, method: str) -> Response:
        return Response(self._fp, method)

    def close(self) -> None:
        sock, fp = self.sock, self._fp
        self.sock = self._fp = None
        if fp is not None:
            fp.close()
        if sock is not None:
            sock.close()
