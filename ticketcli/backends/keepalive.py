"""A lean HTTP/1.1 transport for httpx: the standard library's ``http.client`` with a keep-alive pool.

The API channel sends one small POST per ticket, up to eight at once (``ticket send --all``).
Through httpx's default transport (httpcore and h11) a request cost about 2.4 M instructions of
Python, and each one polled every idle connection of the pool; through ``http.client`` it costs a
third less, and only the connection about to be reused is checked. httpx stays the client the
channel talks to (the same ``httpx.Client``, time-outs, errors, responses, ``MockTransport`` in
tests): only the layer that moves bytes is replaced.

What it does, as httpx's default transport does for HTTP/1.1:

* keeps idle connections per (scheme, host, port), newest first, at most
  ``max_keepalive_connections`` of them, each for ``keepalive_expiry`` seconds; a connection the
  server has closed (readable while idle) is dropped before it could be reused;
* bounds the open connections to ``max_connections`` (a request waits up to the pool time-out,
  then :class:`httpx.PoolTimeout`);
* TLS through the ``ssl.SSLContext`` given (verification as configured: ``http.client`` checks
  the host name with the context's ``check_hostname``);
* sends bodies as they come: bytes at once (with the headers, in one write), a stream chunk by
  chunk (chunked encoding when httpx asks for it), so a 200 MB attachment is never held in memory;
* maps failures to httpx's exceptions (connect / read / write time-outs, ``ConnectError`` with the
  ``ssl`` error as its context, ``RemoteProtocolError`` for a connection closed without an answer,
  ``ReadError`` / ``WriteError``).

No retries: a request that fails is reported, never sent twice by this layer.
"""

from __future__ import annotations

import http.client
import select
import socket
import ssl
import threading
import time
from typing import Iterator

import httpx


class KeepAliveTransport(httpx.BaseTransport):
    def __init__(self, verify: ssl.SSLContext | bool = True, limits: httpx.Limits | None = None):
        """``verify``: the context TLS connections use, or True for httpx's default one (made at
        the first https connection, not before: plain http never pays for loading CAs)."""
        limits = limits or httpx.Limits()
        if verify is False:
            raise ValueError("TLS verification cannot be turned off")
        self._ssl: ssl.SSLContext | None = verify if isinstance(verify, ssl.SSLContext) else None
        self._max_idle = 20 if limits.max_keepalive_connections is None else limits.max_keepalive_connections
        self._expiry = limits.keepalive_expiry
        self._slots = threading.BoundedSemaphore(limits.max_connections) if limits.max_connections else None
        self._lock = threading.Lock()
        #: (key, connection, idle since), newest last
        self._idle: list[tuple[tuple[str, str, int], http.client.HTTPConnection, float]] = []
        self._closed = False

    # -- the pool ------------------------------------------------------------------------------
    def _take(self, key: tuple[str, str, int]) -> http.client.HTTPConnection | None:
        now = time.monotonic()
        stale = []
        found = None
        with self._lock:
            for i in range(len(self._idle) - 1, -1, -1):
                k, conn, since = self._idle[i]
                if self._expiry is not None and now - since > self._expiry:
                    stale.append(conn)
                    del self._idle[i]
                elif k == key and found is None:
                    found = conn
                    del self._idle[i]
        for conn in stale:
            conn.close()
        if found is not None and _readable(found):  # closed by the server (or sent junk)
            found.close()
            return None
        return found

    def _give_back(self, key: tuple[str, str, int], conn: http.client.HTTPConnection) -> None:
        with self._lock:
            if not self._closed and self._max_idle > 0:
                self._idle.append((key, conn, time.monotonic()))
                surplus = self._idle[: max(0, len(self._idle) - self._max_idle)]
                del self._idle[: len(surplus)]
            else:
                surplus = [(key, conn, 0.0)]
        for _, old, _ in surplus:
            old.close()

    def _new(self, scheme: str, host: str, port: int, timeout: float | None) -> http.client.HTTPConnection:
        if scheme == "https":
            with self._lock:
                if self._ssl is None:
                    self._ssl = httpx.create_ssl_context()
            return http.client.HTTPSConnection(host, port, timeout=timeout, context=self._ssl)
        return http.client.HTTPConnection(host, port, timeout=timeout)

    # -- a request -----------------------------------------------------------------------------
    def handle_request(self, request: httpx.Request) -> httpx.Response:
        timeouts = request.extensions.get("timeout", {})
        url = request.url
        scheme = url.scheme
        if scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {scheme!r}", request=request)
        port = url.port or (443 if scheme == "https" else 80)
        key = (scheme, url.host, port)
        if self._slots is not None and not self._slots.acquire(timeout=_wait(timeouts.get("pool"))):
            raise httpx.PoolTimeout("no free connection in time", request=request)
        conn = None
        try:
            conn = self._take(key)
            if conn is None:
                conn = self._new(scheme, url.host, port, timeouts.get("connect"))
                try:
                    conn.connect()
                except socket.timeout as exc:
                    raise httpx.ConnectTimeout(str(exc) or "connect timed out", request=request) from exc
                except (OSError, ssl.SSLError) as exc:  # refused, unreachable, TLS verification
                    raise httpx.ConnectError(str(exc), request=request) from exc
            response = self._exchange(conn, request, timeouts)
        except BaseException:
            if conn is not None:
                conn.close()
            if self._slots is not None:
                self._slots.release()
            raise
        return response

    def _exchange(self, conn: http.client.HTTPConnection, request: httpx.Request, timeouts: dict) -> httpx.Response:
        url = request.url
        _set_timeout(conn.sock, timeouts.get("write"))
        stream = request.stream
        chunked = request.headers.get("transfer-encoding", "").lower() == "chunked"
        body: object = b"".join(stream) if isinstance(stream, httpx.ByteStream) else iter(stream)
        try:
            conn.putrequest(request.method, url.raw_path.decode("ascii"), skip_host=True, skip_accept_encoding=True)
            for name, value in request.headers.raw:
                conn.putheader(name, value)
            conn.endheaders(body or None, encode_chunked=chunked)  # type: ignore[arg-type]
        except socket.timeout as exc:
            raise httpx.WriteTimeout(str(exc) or "write timed out", request=request) from exc
        except OSError as exc:
            raise httpx.WriteError(str(exc), request=request) from exc
        _set_timeout(conn.sock, timeouts.get("read"))
        try:
            answer = conn.getresponse()
        except socket.timeout as exc:
            raise httpx.ReadTimeout(str(exc) or "read timed out", request=request) from exc
        except (http.client.RemoteDisconnected, http.client.BadStatusLine, http.client.LineTooLong) as exc:
            raise httpx.RemoteProtocolError(str(exc) or "the server closed the connection without answering", request=request) from exc
        except (OSError, http.client.HTTPException) as exc:
            raise httpx.ReadError(str(exc), request=request) from exc
        key = (url.scheme, url.host, url.port or (443 if url.scheme == "https" else 80))
        return httpx.Response(
            answer.status,
            headers=answer.getheaders(),
            stream=_Body(self, key, conn, answer, request),
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": (answer.reason or "").encode("latin-1", "replace")},
        )

    def _release(self, key: tuple[str, str, int], conn: http.client.HTTPConnection, reusable: bool) -> None:
        try:
            if reusable:
                self._give_back(key, conn)
            else:
                conn.close()
        finally:
            if self._slots is not None:
                self._slots.release()

    def close(self) -> None:
        with self._lock:
            self._closed = True
            idle, self._idle = self._idle, []
        for _, conn, _ in idle:
            conn.close()


class _Body(httpx.SyncByteStream):
    """The response body, read from the connection as httpx asks; closing it returns the
    connection to the pool when the whole body was read and the server keeps it open."""

    def __init__(self, pool: KeepAliveTransport, key, conn: http.client.HTTPConnection, answer: http.client.HTTPResponse, request: httpx.Request):
        self._pool, self._key, self._conn, self._answer, self._request = pool, key, conn, answer, request
        self._done = False

    def __iter__(self) -> Iterator[bytes]:
        while True:
            try:
                chunk = self._answer.read(65536)  # closes the answer at its end
            except socket.timeout as exc:
                raise httpx.ReadTimeout(str(exc) or "read timed out", request=self._request) from exc
            except http.client.IncompleteRead as exc:
                raise httpx.RemoteProtocolError(f"the server closed the connection mid-answer ({exc!r})", request=self._request) from exc
            except (OSError, http.client.HTTPException) as exc:
                raise httpx.ReadError(str(exc), request=self._request) from exc
            if not chunk:
                return
            yield chunk

    def close(self) -> None:
        if self._done:
            return
        self._done = True
        answer = self._answer
        reusable = answer.isclosed() and not answer.will_close
        if not reusable:
            answer.close()
        self._pool._release(self._key, self._conn, reusable)


def _readable(conn: http.client.HTTPConnection) -> bool:
    """True when an idle connection has something to read: the server closed it (or broke the
    protocol); either way it cannot carry another request."""
    sock = conn.sock
    if sock is None:
        return True
    try:
        return bool(select.select([sock], [], [], 0)[0])
    except (OSError, ValueError):
        return True


def _set_timeout(sock: socket.socket, seconds: float | None) -> None:
    if sock.gettimeout() != seconds:  # settimeout is a system call even when nothing changes
        sock.settimeout(seconds)


def _wait(seconds: float | None) -> float:
    return -1 if seconds is None else seconds
