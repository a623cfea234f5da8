"""The httpx transport of the helpdesk channels: their requests go through :class:`wire.Pool`.

httpx stays the HTTP client of the helpdesk channels (requests and responses, multipart bodies
streamed from disk, auth, time-outs, proxies from the environment). What it delegates to a
*transport*, its documented extension point, is opening connections and moving bytes; its
default one, httpcore with h11, is the heaviest thing to import on the way to a desk. This
transport hands that part to :class:`ticketcli.backends.wire.Pool` (keep-alive
connections shared by threads, ``TCP_NODELAY``, verified TLS), the layer the support-API channel
uses directly, and turns its failures into httpx's exceptions (a certificate that did not verify
is an :class:`httpx.ConnectError` raised from the :class:`ssl.SSLCertVerificationError`).

Requests through a proxy are not this transport's business: httpx mounts its own proxy
transport for them.
"""

from __future__ import annotations

import ssl
from typing import Iterator

import httpx

from .wire import DEFAULT_PORT, Pool, WireError, read_body

_HTTPX_ERROR = {"connect": httpx.ConnectError, "tls": httpx.ConnectError, "proxy_auth": httpx.ProxyError, "timeout": httpx.TimeoutException, "broken": httpx.RemoteProtocolError}


def _httpx_error(exc: WireError) -> httpx.TransportError:
    if exc.kind == "timeout":
        return {"connecting": httpx.ConnectTimeout, "sending": httpx.WriteTimeout}.get(exc.during, httpx.ReadTimeout)(str(exc))
    return _HTTPX_ERROR[exc.kind](str(exc))


class StdlibTransport(httpx.BaseTransport):
    def __init__(self, verify: "ssl.SSLContext | bool" = True, *, max_idle: int = 32):
        self._pool = Pool(verify, max_idle=max_idle)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        if url.scheme not in DEFAULT_PORT:
            raise httpx.UnsupportedProtocol(f"unsupported URL scheme {url.scheme!r}")
        timeout = request.extensions.get("timeout", {})
        chunked = request.headers.get("Transfer-Encoding", "").lower() == "chunked"
        try:
            key, conn, response = self._pool.send(
                request.method, url.scheme, url.host, url.port or DEFAULT_PORT[url.scheme], url.raw_path.decode("ascii"),
                request.headers.raw, request.stream, chunked=chunked,
                timeouts=(timeout.get("connect"), timeout.get("write"), timeout.get("read")),
            )
        except WireError as exc:
            # Raised from what the wire met (for TLS, the ssl error), as httpx's own transport does.
            raise _httpx_error(exc) from exc.__cause__
        headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.getheaders()]
        return httpx.Response(
            status_code=response.status,
            headers=headers,
            stream=_ResponseBody(self._pool, key, conn, response),
            extensions={"http_version": b"HTTP/1.1", "reason_phrase": (response.reason or "").encode("latin-1", "replace")},
        )

    def close(self) -> None:
        self._pool.close()


class _ResponseBody(httpx.SyncByteStream):
    """A response's body, read as httpx asks; the connection goes back to the pool only when the
    body was read to its end."""

    def __init__(self, pool: Pool, key, conn, response):
        self._pool, self._key, self._conn, self._response = pool, key, conn, response

    def __iter__(self) -> Iterator[bytes]:
        try:
            yield from read_body(self._response)
        except WireError as exc:
            raise _httpx_error(exc) from exc.__cause__

    def close(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            self._pool.release(self._key, conn, self._response)
