"""The network layer under httpx for every HTTP channel: the standard library's ``http.client``.

httpx stays the HTTP client of the channels (requests and responses, multipart bodies streamed
from disk, time-outs, proxies from the environment). What it delegates to a *transport* (httpx's
documented extension point) is opening connections and moving bytes. Its default transport,
httpcore with h11, costs more to import than anything else a scripted ``ticket new`` does (about
a fifth of the whole process) and a good deal of CPU per request in ``ticket send --all``.
:class:`StdlibTransport` does that part with ``http.client`` (which httpx imports anyway, and on
which urllib3 and so ``requests`` are built):

* keep-alive connections per (scheme, host, port), shared by threads: a connection is taken
  from the idle list (or opened), used by one request, and put back once its response has been
  read to the end; an idle connection the server has closed meanwhile is dropped before use;
* ``TCP_NODELAY`` on every socket, so a request's body never waits for the server's delayed ACK;
* TLS with the :class:`ssl.SSLContext` it is given (verification on; ``verify=True`` means
  httpx's own default context, built on first use);
* request bodies streamed as httpx produces them (``Content-Length`` or chunked, as httpx set
  the headers), responses streamed to httpx;
* httpx's time-outs (connect, write, read) as socket time-outs, and failures raised as httpx's
  exceptions (:class:`httpx.ConnectError` with the :mod:`ssl` error as its context, so a
  certificate failure can be told apart; :class:`httpx.ConnectTimeout`, ``ReadTimeout``, …).

Requests through a proxy (``HTTPS_PROXY`` and the like) are not this transport's business: httpx
mounts its own proxy transport for them.
"""

from __future__ import annotations

import http.client
import select
import socket
import ssl
import threading
from typing import Iterator

import httpx

_DEFAULT_PORT = {"http": 80, "https": 443}


class StdlibTransport(httpx.BaseTransport):
    def __init__(self, verify: "ssl.SSLContext | bool" = True, *, max_idle: int = 32):
        if verify is False:
            raise ValueError("TLS verification cannot be turned off")
        self._verify = verify
        self._max_idle = max_idle
        self._idle: dict[tuple[str, str, int], list[http.client.HTTPConnection]] = {}
        self._lock = threading.Lock()

    # -- connections ---------------------------------------------------------------------------
    def _context(self) -> ssl.SSLContext:
        if self._verify is True:
            with self._lock:
                if self._verify is True:
                    self._verify = httpx.create_ssl_context()
        return self._verify  # type: ignore[return-value]

    def _checkout(self, key: tuple[str, str, int], timeout: dict) -> http.client.HTTPConnection:
        with self._lock:
            idle = self._idle.get(key, [])
            while idle:
                conn = idle.pop()
                if conn.sock is not None and not _readable(conn.sock):
                    return conn
                conn.close()  # closed by the server while idle (or sent something unasked)
        scheme, host, port = key
        seconds = timeout.get("connect")
        if scheme == "https":
            conn: http.client.HTTPConnection = http.client.HTTPSConnection(host, port, timeout=seconds, context=self._context())
        else:
            conn = http.client.HTTPConnection(host, port, timeout=seconds)
        try:
            conn.connect()
        except TimeoutError as exc:
            conn.close()
            raise httpx.ConnectTimeout(str(exc) or "timed out") from exc
        except OSError as exc:  # refused, unreachable, no such host, TLS (ssl.SSLError is an OSError)
            conn.close()
            raise httpx.ConnectError(str(exc) or type(exc).__name__) from exc
        conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return conn

    def _checkin(self, key: tuple[str, str, int], conn: http.client.HTTPConnection) -> None:
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

    # -- one request ---------------------------------------------------------------------------
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme not in _DEFAULT_PORT:
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {url.scheme!r}")
        key = (url.scheme, url.host, url.port or _DEFAULT_PORT[url.scheme])
        timeout = request.extensions.get("timeout", {})
        conn = self._checkout(key, timeout)
        try:
            _set_timeout(conn.sock, timeout.get("write"))
            conn.putrequest(request.method, url.raw_path.decode("ascii"), skip_host=True, skip_accept_encoding=True)
            for name, value in request.headers.raw:
                conn.putheader(name, value)
            conn.endheaders()
            chunked = request.headers.get("Transfer-Encoding", "").lower() == "chunked"
            for chunk in request.stream:
                if chunked and chunk:
                    conn.send(b"%x\r\n%b\r\n" % (len(chunk), chunk))
                elif chunk:
                    conn.send(chunk)
            if chunked:
                conn.send(b"0\r\n\r\n")
        except TimeoutError as exc:
            conn.close()
            raise httpx.WriteTimeout(str(exc) or "timed out") from exc
        except OSError as exc:
            conn.close()
            raise httpx.WriteError(str(exc) or type(exc).__name__) from exc
        try:
            _set_timeout(conn.sock, timeout.get("read"))
            response = conn.getresponse()
        except TimeoutError as exc:
            conn.close()
            raise httpx.ReadTimeout(str(exc) or "timed out") from exc
        except (OSError, http.client.HTTPException) as exc:
            conn.close()
            raise httpx.RemoteProtocolError(str(exc) or type(exc).__name__) from exc
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.getheaders()]
        return httpx.Response(
            status_code=response.status,
            headers=headers,
            stream=_ResponseBody(self, key, conn, response),
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": (response.reason or "").encode("latin-1", "replace")},
        )


class _ResponseBody(httpx.SyncByteStream):
    """A response's body, read as httpx asks; the connection goes back to the idle list only
    when the body was read to its end."""

    def __init__(self, transport: StdlibTransport, key, conn: http.client.HTTPConnection, response: http.client.HTTPResponse):
        self._transport, self._key, self._conn, self._response = transport, key, conn, response

    def __iter__(self) -> Iterator[bytes]:
        try:
            while chunk := self._response.read(65536):
                yield chunk
        except TimeoutError as exc:
            raise httpx.ReadTimeout(str(exc) or "timed out") from exc
        except (OSError, http.client.HTTPException) as exc:
            raise httpx.ReadError(str(exc) or type(exc).__name__) from exc

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is None:
            return
        if self._response.isclosed():
            self._transport._checkin(self._key, conn)
        else:  # closed before the end: what is left on the wire cannot be skipped reliably
            self._response.close()
            conn.close()


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
