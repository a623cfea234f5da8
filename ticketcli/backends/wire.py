"""HTTP/1.1 connections, pooled: the network layer of every HTTP channel.

The support-API channel (:mod:`ticketcli.backends.api`) talks to the desk through :class:`Client`
directly; the helpdesk channels use httpx, whose requests go through :class:`Pool` as well (the
transport in :mod:`ticketcli.backends.transport`). Why not httpx everywhere: a scripted
``ticket new`` that delivers to the API spends a quarter of its instructions importing httpx
(and httpcore, h11) and ``ticket send --all`` a good part of its CPU in their per-request
object model, while the API channel needs little of what they offer: JSON or a multipart body
to one host, a JSON answer. The messages themselves are written and read by
:mod:`ticketcli.backends.http1` (http.client's rules, without importing ssl for plain http or
the email package for headers).

:class:`Pool` keeps connections alive per (scheme, host, port, proxy), shared by threads: a
connection is taken from the idle list (or opened), used by one request, and put back once its
response has been read to the end; an idle connection the server has closed meanwhile is dropped
before use. Every socket has ``TCP_NODELAY`` (a request's body never waits for the server's
delayed ACK). TLS uses the :class:`ssl.SSLContext` it is given; ``True`` means the context httpx
builds by default (``SSL_CERT_FILE`` or ``SSL_CERT_DIR`` when set, else certifi's CAs), made on
the first https connection, so both kinds of channels trust the same authorities and plain http
to a loopback desk never loads a CA bundle. Verification cannot be turned off.

Proxies come from the environment as httpx and urllib read them (``HTTPS_PROXY``, ``HTTP_PROXY``,
``ALL_PROXY``, ``NO_PROXY``; an ``http://`` proxy, with ``user:password@`` if it wants one): a
CONNECT tunnel for https, the absolute URL for http. The environment is only parsed when one of
those variables is set.

Failures are :class:`WireError` with a ``kind``: ``connect`` (refused, unreachable, no such host),
``tls`` (the certificate did not verify: ``verify_message`` says why), ``proxy_auth`` (the proxy
refused the credentials), ``timeout`` and ``broken`` (the connection failed mid-way or the
answer was not HTTP). Nothing is retried here.
"""

from __future__ import annotations

import json as jsonlib
import os
import select
import socket
import sys
import threading
from pathlib import Path
from collections.abc import Iterable, Iterator
from urllib.parse import quote, urlsplit

from dataclasses import dataclass
from .http1 import Connection, Headers, ProtocolError, Response as Answer, request_head

TYPE_CHECKING = False  # typing is for type checkers: importing it slows every command
if TYPE_CHECKING:
    import ssl

DEFAULT_PORT = {"http": 80, "https": 443}
#: Bytes of a file sent at once in a multipart body.
CHUNK = 1024 * 1024


class WireError(Exception):
    """A request that got no HTTP answer. ``kind``: connect | tls | proxy_auth | timeout | broken."""

    def __init__(self, kind: str, message: str, verify_message: str = "", during: str = "connecting"):
        super().__init__(message)
        self.kind = kind
        self.verify_message = verify_message
        #: connecting | sending | waiting for the answer | reading the answer
        self.during = during


def _error(exc: BaseException, during: str) -> WireError:
    ssl = sys.modules.get("ssl")  # imported only if an https connection was made
    if ssl is not None and isinstance(exc, ssl.SSLCertVerificationError):
        return WireError("tls", str(exc), getattr(exc, "verify_message", "") or "certificate verify failed", during)
    if isinstance(exc, TimeoutError):
        return WireError("timeout", f"timed out while {during}", during=during)
    if str(exc).startswith("Tunnel connection failed: 407"):  # http.client's words for a CONNECT refused
        return WireError("proxy_auth", str(exc), during=during)
    if isinstance(exc, ProtocolError) or during != "connecting":
        return WireError("broken", str(exc) or type(exc).__name__, during=during)
    return WireError("connect", str(exc) or type(exc).__name__, during=during)


def default_context() -> "ssl.SSLContext":
    """The verifying context httpx makes by default (so every channel trusts the same CAs)."""
    import ssl

    if os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    if os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


# ---- proxies ------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Proxy:
    host: str
    port: int
    #: the value of Proxy-Authorization, or ""
    auth: str = ""


def proxy_for(scheme: str, host: str) -> Proxy | None:
    """The proxy the environment asks for a request to ``scheme://host``, or None."""
    if not any(name.lower().endswith("_proxy") for name in os.environ):
        return None
    import urllib.request  # only when a *_proxy variable is set

    proxies = urllib.request.getproxies_environment()
    url = proxies.get(scheme) or proxies.get("all")
    if not url or urllib.request.proxy_bypass_environment(host, proxies):
        return None
    if "://" not in url:
        url = "http://" + url
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise WireError("connect", f"unsupported proxy {parts.scheme}://{parts.hostname or ''} (an http:// proxy is needed)")
    auth = ""
    if parts.username is not None:
        import base64
        from urllib.parse import unquote

        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
        auth = "Basic " + base64.b64encode(pair).decode("ascii")
    return Proxy(parts.hostname, parts.port or 80, auth)


# ---- connections --------------------------------------------------------------------------------
class Pool:
    def __init__(self, verify: "ssl.SSLContext | bool" = True, *, max_idle: int = 32):
        if verify is False:
            raise ValueError("TLS verification cannot be turned off")
        self._verify = verify
        self._max_idle = max_idle
        self._idle: dict[tuple, list[Connection]] = {}
        self._lock = threading.Lock()

    def _context(self) -> "ssl.SSLContext":
        if self._verify is True:
            with self._lock:
                if self._verify is True:
                    self._verify = default_context()
        return self._verify  # type: ignore[return-value]

    def _open(self, scheme: str, host: str, port: int, proxy: Proxy | None, seconds: float | None) -> Connection:
        context = self._context() if scheme == "https" else None
        if proxy is None:
            return Connection(host, port, timeout=seconds, context=context)
        if scheme == "https":
            return Connection(proxy.host, proxy.port, timeout=seconds, context=context, tunnel=(host, port, proxy.auth))
        return Connection(proxy.host, proxy.port, timeout=seconds)

    def checkout(self, key: tuple, connect_timeout: float | None) -> Connection:
        """An idle connection for ``key`` = (scheme, host, port, proxy), or a new one."""
        with self._lock:
            idle = self._idle.get(key, [])
            while idle:
                conn = idle.pop()
                if conn.sock is not None and not _readable(conn.sock):
                    return conn
                conn.close()  # closed by the server while idle (or it sent something unasked)
        conn = self._open(*key, connect_timeout)
        try:
            conn.connect()
        except (OSError, ProtocolError) as exc:  # refused, unreachable, no such host, TLS, a proxy's refusal
            conn.close()
            raise _error(exc, "connecting") from exc
        return conn

    def checkin(self, key: tuple, conn: Connection) -> None:
        with self._lock:
            idle = self._idle.setdefault(key, [])
            if conn.sock is not None and len(idle) < self._max_idle:
                idle.append(conn)
                return
        conn.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, {}
        for conns in idle.values():
            for conn in conns:
                conn.close()

    def send(
        self,
        method: str,
        scheme: str,
        host: str,
        port: int,
        target: str,
        headers: Iterable[tuple],
        body: Iterable[bytes] = (),
        *,
        chunked: bool = False,
        timeouts: tuple[float | None, float | None, float | None] = (None, None, None),
        proxy: Proxy | None = None,
    ) -> tuple[tuple, Connection, Answer]:
        """Send one request; ``(key, connection, response)`` with the response's head read.

        ``headers`` are (name, value) pairs, str or bytes, sent as given (``Host`` included);
        ``body`` an iterable of bytes, sent chunk-encoded when ``chunked``. ``timeouts`` are
        (connect, write, read) seconds; ``proxy`` the one to go through (see :func:`proxy_for`).
        The caller reads the response, then gives the connection back with :meth:`release`.
        """
        if scheme not in DEFAULT_PORT:
            raise WireError("connect", f"unsupported URL scheme {scheme!r}")
        key = (scheme, host, port, proxy)
        connect, write, read = timeouts
        conn = self.checkout(key, connect)
        if proxy is not None and scheme == "http":
            target = f"http://{_netloc(host, port, 80)}{target}"
            headers = [*headers, ("Proxy-Authorization", proxy.auth)] if proxy.auth else headers
        try:
            _set_timeout(conn.sock, write)
            head = request_head(method, target, headers)
            conn.send(head)
            for chunk in body:
                if chunk:
                    conn.send(b"%x\r\n%b\r\n" % (len(chunk), chunk) if chunked else chunk)
            if chunked:
                conn.send(b"0\r\n\r\n")
        except OSError as exc:
            conn.close()
            raise _error(exc, "sending") from exc
        except BaseException:  # a header refused (ValueError), Ctrl-C: the connection is spent
            conn.close()
            raise
        try:
            _set_timeout(conn.sock, read)
            response = conn.get_response(method)
        except (OSError, ProtocolError) as exc:
            conn.close()
            raise _error(exc, "waiting for the answer") from exc
        except BaseException:
            conn.close()
            raise
        return key, conn, response

    def release(self, key: tuple, conn: Connection, response: Answer) -> None:
        """Give a connection back: kept alive when its response was read to the end."""
        if response.isclosed() and not response.will_close:
            self.checkin(key, conn)
        else:  # closed before the end: what is left on the wire cannot be skipped reliably
            response.close()
            conn.close()


def read_body(response: Answer) -> Iterator[bytes]:
    """A response's body in pieces; failures as :class:`WireError`."""
    try:
        while chunk := response.read(65536):
            yield chunk
    except (OSError, ProtocolError) as exc:
        raise _error(exc, "reading the answer") from exc


def _netloc(host: str, port: int, default: int) -> str:
    name = f"[{host}]" if ":" in host else host
    return name if port == default else f"{name}:{port}"


def _set_timeout(sock: socket.socket, seconds: float | None) -> None:
    """``sock.settimeout`` only when it changes (each call is a system call; the write and read
    time-outs of a client are usually the same, request after request)."""
    if sock.gettimeout() != seconds:
        sock.settimeout(seconds)


def _readable(sock: socket.socket) -> bool:
    """An idle keep-alive socket is readable only when the server closed it (or misbehaved)."""
    try:
        return bool(select.select([sock], [], [], 0)[0])
    except (OSError, ValueError):
        return True


# ---- the client of the support API --------------------------------------------------------------
class Response:
    """An answer read whole: what the channels read of httpx's ``Response``, same names."""

    __slots__ = ("status_code", "reason_phrase", "headers", "content")

    def __init__(self, status_code: int, reason_phrase: str, headers: Headers, content: bytes):
        self.status_code = status_code
        self.reason_phrase = reason_phrase
        self.headers = headers  # case-insensitive .get(), like httpx's Headers
        self.content = content

    @property
    def text(self) -> str:
        charset = self.headers.get_content_charset() or "utf-8"
        try:
            return self.content.decode(charset, "replace")
        except LookupError:
            return self.content.decode("utf-8", "replace")

    def json(self):
        return jsonlib.loads(self.content)


@dataclass(slots=True)
class Part:
    """One part of a multipart/form-data body: ``data`` in memory, or the file at ``path``."""

    name: str
    content_type: str
    data: bytes = b""
    path: Path | None = None
    filename: str | None = None

    def head(self, boundary: bytes) -> bytes:
        disposition = f'form-data; name="{_form_quote(self.name)}"'
        if self.filename is not None:
            disposition += f'; filename="{_form_quote(self.filename)}"'
        return b"--%b\r\nContent-Disposition: %b\r\nContent-Type: %b\r\n\r\n" % (
            boundary, disposition.encode("utf-8"), self.content_type.encode("ascii"))

    def size(self) -> int:
        return os.stat(self.path).st_size if self.path is not None else len(self.data)


def _form_quote(value: str) -> str:
    """A name or file name in a Content-Disposition, escaped as browsers do (HTML's rules)."""
    return value.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")


def multipart(parts: list[Part]) -> tuple[str, int, Iterator[bytes]]:
    """``(content type, length, body)`` of a multipart/form-data body whose files are read from
    disk chunk by chunk while it is sent (a 200 MB attachment is never in memory)."""
    boundary = os.urandom(16).hex().encode("ascii")
    heads = [p.head(boundary) for p in parts]
    tail = b"--%b--\r\n" % boundary
    length = sum(len(h) + p.size() + 2 for h, p in zip(heads, parts)) + len(tail)

    def body() -> Iterator[bytes]:
        for head, part in zip(heads, parts):
            yield head
            if part.path is None:
                yield part.data
            else:
                with open(part.path, "rb") as fh:
                    while chunk := fh.read(CHUNK):
                        yield chunk
            yield b"\r\n"
        yield tail

    return f"multipart/form-data; boundary={boundary.decode('ascii')}", length, body()


def json_body(doc) -> bytes:
    """A JSON request body: UTF-8, non-ASCII characters as they are."""
    return jsonlib.dumps(doc, ensure_ascii=False).encode("utf-8")


class Client:
    """Requests to one base URL with default headers and time-outs, over a shared :class:`Pool`."""

    def __init__(self, base_url: str, *, headers: dict[str, str], timeout: float, connect_timeout: float,
                 verify: "ssl.SSLContext | bool" = True, max_idle: int = 32):
        parts = urlsplit(base_url)
        if parts.scheme not in DEFAULT_PORT or not parts.hostname:
            raise WireError("connect", f"not an http(s) address: {base_url}")
        self.scheme = parts.scheme
        self.host = parts.hostname
        self.port = parts.port or DEFAULT_PORT[parts.scheme]
        self.prefix = parts.path.rstrip("/")
        self.headers = [("Host", _netloc(self.host, self.port, DEFAULT_PORT[self.scheme])), *headers.items()]
        self.timeouts = (connect_timeout, timeout, timeout)
        self.pool = Pool(verify, max_idle=max_idle)

    def request(self, method: str, path: str, *, headers: dict[str, str] | None = None, json=None,
                parts: list[Part] | None = None) -> Response:
        """Send a request (a JSON body, or a multipart one) and read the whole answer."""
        sent = [*self.headers, *(headers or {}).items()]
        body: Iterable[bytes] = ()
        if parts:
            ctype, length, body = multipart(parts)
            sent += [("Content-Type", ctype), ("Content-Length", str(length))]
        elif json is not None:
            data = json_body(json)
            sent += [("Content-Type", "application/json"), ("Content-Length", str(len(data)))]
            body = (data,)
        elif method in ("POST", "PUT", "PATCH"):
            sent.append(("Content-Length", "0"))
        target = quote(self.prefix + path, safe="/%:@!$&'()*+,;=-._~")
        key, conn, response = self.pool.send(method, self.scheme, self.host, self.port, target, sent, body,
                                             timeouts=self.timeouts, proxy=proxy_for(self.scheme, self.host))
        try:
            content = b"".join(read_body(response))
        except WireError:
            conn.close()
            raise
        self.pool.release(key, conn, response)
        return Response(response.status, response.reason or "", response.headers, content)

    def close(self) -> None:
        self.pool.close()
