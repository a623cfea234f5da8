"""The one module that builds HTTP clients.

Every HTTP request ticketcli makes — the support API (:mod:`.api`), every helpdesk
(:mod:`.helpdesk`), the HTTP step of ``ticket diagnose site`` — goes through an
:class:`httpx.Client` made by :func:`client`, on httpx's own transport (httpcore). Nothing here
speaks HTTP: it only chooses httpx's options, the same for every channel.

* **Time-outs**: ``timeout`` seconds to write the request, to wait for each piece of the answer
  and to wait for a free pooled connection; connecting gets at most 10 s of it. A channel's
  requests go through :class:`DeskClient`, which also bounds each *whole* request by
  ``timeout`` (a desk that trickles its answer) and each answer by :data:`MAX_ANSWER` bytes.
* **TLS** (:func:`ssl_context`): certificates are always verified; there is no switch to turn
  that off. By default against the platform's trust store (truststore: the OS certificate store
  on Windows and macOS; on Linux OpenSSL's default locations, ``SSL_CERT_FILE`` /
  ``SSL_CERT_DIR`` honoured). **``ca_bundle``** (a profile setting, and ``ticket diagnose
  --ca-bundle``) has one meaning everywhere — the support API, the helpdesks, e-mail and
  diagnostics: the PEM file's CAs are the *only* ones trusted; they replace the platform's
  store, as curl's ``--cacert`` and ``SSL_CERT_FILE`` do. A self-hosted desk's private CA thus
  pins the connection to that desk's certificates.
* **Only what a request can use.** A client for plain ``http://`` to a loopback host never
  makes a TLS connection: it gets a context that trusts no CA at all (so any https request it
  were asked to make would fail verification), and no CA file is read — loading the platform's
  store costs tens of milliseconds that a desk on this machine should not pay.
* **Proxies** from the environment the way httpx reads them (``trust_env``: ``HTTPS_PROXY``,
  ``HTTP_PROXY``, ``ALL_PROXY``, ``NO_PROXY``, in either case) — except that **a loopback host
  (127.0.0.1, ::1, localhost) is never reached through a proxy**, whatever the environment
  says: those hosts are mounted on the direct transport (httpx's ``mounts``), so a token sent
  to a desk on this machine never travels to a proxy in clear text.
* a ``User-Agent`` naming ticketcli and its version; connection limits sized for the workers
  of ``ticket send --all`` (:data:`LIMITS`); redirects never followed, so a desk's token never
  goes to another address; no connect retries (the send loop retries, with the idempotency key).

A connection httpx would keep alive can carry bytes a desk sent beyond its answer's
``Content-Length``. What covers that, case by case (httpcore 1.0, h11 0.16):

* bytes that arrive while the connection is idle in the pool: httpcore drops an idle
  connection whose socket is readable before reusing it (``HTTP11Connection.has_expired``);
* bytes that arrive in the same read as the answer's body, or after the next request was sent
  on the connection: they wait in h11's receive buffer (or the socket) and are read as the
  *next* request's answer. No public httpx or httpcore interface shows that buffer, so the
  check has to be on the answer itself: the support API echoes the ticket's ``uuid`` in its
  receipt (docs/support-api.yaml, 1.1), and :mod:`.api` treats an answer that is not for the
  request it sent as a broken connection — :func:`discard` closes it through httpx's
  ``network_stream`` response extension, so the pool never hands it out again, and the ticket
  is sent again with its idempotency key.
"""

from __future__ import annotations

import sys
from contextlib import contextmanager
from urllib.parse import urlsplit

from .. import __version__
from ..i18n import register

TYPE_CHECKING = False  # typing is for type checkers: importing it slows every command
if TYPE_CHECKING:
    import socket
    import ssl
    from collections.abc import Callable, Iterator
    from typing import Any

    import httpx

    from ..deadline import Deadline

#: Hosts that are this machine: plain http is allowed to them, and no proxy is ever used.
LOOPBACK = frozenset({"127.0.0.1", "::1", "localhost"})
#: The httpx ``mounts`` patterns of :data:`LOOPBACK` (an IPv6 host is written in brackets).
_LOOPBACK_MOUNTS = ("all://127.0.0.1", "all://localhost", "all://[::1]")
USER_AGENT = f"ticketcli/{__version__}"
#: Connecting never waits longer than this, whatever the profile's ``timeout``.
CONNECT_TIMEOUT = 10.0
#: Connections per client: ``ticket send --all`` runs 8 workers (delivery.DEFAULT_WORKERS).
MAX_CONNECTIONS = 16
MAX_KEEPALIVE = 8
KEEPALIVE_SECONDS = 5.0
#: The longest answer a channel reads from a desk, in bytes (as received, and once decoded): a
#: receipt or a problem document is a few kilobytes (docs/support-api.yaml). Also where an error
#: answer is cut.
MAX_ANSWER = 1 << 20
#: The longest answer to a read (GET): a status, a page of the desk's messages, a file sent as
#: JSON (Request Tracker's base64 of an attachment of up to 20 MB).
MAX_READ = 32 << 20
#: The largest file downloaded from a desk (the files of its answers).
MAX_DOWNLOAD = 256 << 20
#: The slowest upload a request is given time for, in bytes per second (512 kbit/s): a request
#: with a body gets one second more than ``timeout`` per this many bytes.
MIN_UPLOAD_RATE = 64 * 1024

register(
    {
        "http_too_large": (
            "The desk's answer is longer than {limit} KiB ({url}); nothing more was read. A ticket is sent again later with the same key.",
            "Ответ техподдержки длиннее {limit} КиБ ({url}); дальше он не читался. Заявка будет отправлена повторно позже с тем же ключом.",
        ),
        "http_bad_encoding": (
            "The desk's answer could not be unpacked ({url}). The ticket will be sent again with the same key.",
            "Ответ техподдержки не удалось распаковать ({url}). Заявка будет отправлена повторно с тем же ключом.",
        ),
    }
)


class CaBundleError(Exception):
    """``ca_bundle`` cannot be used (missing, unreadable, not PEM): ``path`` and ``reason``."""

    def __init__(self, path: str, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def is_loopback(host: str) -> bool:
    return host.strip("[]").lower() in LOOPBACK


def ssl_context(ca_bundle: str | None = None) -> "ssl.SSLContext":
    """The verifying TLS context of every channel and of diagnostics.

    Without ``ca_bundle``: the platform's trust store (truststore). With it: the CAs in that
    PEM file, and only those. Raises :class:`CaBundleError` when the file cannot be used.
    """
    import ssl

    if not ca_bundle:
        import truststore

        return truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    try:
        # cafile= alone: the default context then loads no other CA (verification and host
        # name checks stay on, as in every context made here).
        return ssl.create_default_context(cafile=ca_bundle)
    except (OSError, ssl.SSLError) as exc:
        reason = getattr(exc, "strerror", None) or getattr(exc, "reason", None) or str(exc)
        raise CaBundleError(ca_bundle, str(reason)) from None


def _trust_nothing() -> "ssl.SSLContext":
    """A context that verifies against no CA: any TLS handshake made with it fails. For a
    client that only ever speaks plain http to this machine (nothing to load)."""
    import ssl

    return ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)


def _verify(base_url: str, ca_bundle: str | None, tls: bool | None) -> "ssl.SSLContext":
    if tls is None:
        parts = urlsplit(base_url)
        tls = not (parts.scheme == "http" and is_loopback(parts.hostname or ""))
    return ssl_context(ca_bundle) if tls else _trust_nothing()


def client(
    base_url: str,
    *,
    timeout: float,
    ca_bundle: str | None = None,
    headers: dict[str, str] | None = None,
    auth: "httpx.Auth | None" = None,
    tls: bool | None = None,
    direct: bool = False,
    verify: "ssl.SSLContext | None" = None,
    connections: int = MAX_CONNECTIONS,
) -> "httpx.Client":
    """An :class:`httpx.Client` on ``base_url`` with the options described in the module.

    ``tls``: whether requests may use TLS (default: unless ``base_url`` is plain http to a
    loopback host). ``direct``: no proxy at all, whatever the environment says (diagnostics,
    which report the path from this machine). ``verify``: a context made already (by
    :func:`ssl_context` or for a plain loopback client), instead of ``ca_bundle`` and ``tls``.
    ``connections``: how many connections the client may hold. Raises :class:`CaBundleError`
    for an unusable ``ca_bundle``.
    """
    import httpx

    if verify is None:
        verify = _verify(base_url, ca_bundle, tls)
    sent = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    sent.update(headers or {})
    return httpx.Client(
        base_url=base_url,
        headers=sent,
        auth=auth,
        verify=verify,
        timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)),
        limits=httpx.Limits(max_connections=connections, max_keepalive_connections=min(connections, MAX_KEEPALIVE),
                            keepalive_expiry=KEEPALIVE_SECONDS),
        follow_redirects=False,
        trust_env=not direct,
        # None: the client's own, direct transport. Listed here, these hosts win over any
        # proxy httpx takes from the environment (a host pattern outranks a scheme pattern).
        mounts={pattern: None for pattern in _LOOPBACK_MOUNTS},
    )


def watcher(deadline: "Deadline", on_socket: "Callable[[socket.socket], None] | None" = None) -> "Callable[[str, dict], None]":
    """httpcore's ``trace`` extension (a documented request extension) that puts the socket of
    every connection the request opens under ``deadline``: the plain socket when it connects,
    and the TLS socket that replaces it (wrapping a socket in TLS detaches the original, which
    then can no longer be shut down). ``on_socket`` is told of each one."""

    def trace(event: str, info: dict) -> None:
        if event.endswith((".connect_tcp.complete", ".start_tls.complete")):
            stream = info.get("return_value")
            sock = stream.get_extra_info("socket") if stream is not None else None
            if sock is not None:
                deadline.watch(sock)
                if on_socket is not None:
                    on_socket(sock)

    return trace


class DeskClient:
    """The HTTP client of a delivery channel (the support API, every helpdesk): the options of
    :func:`client`, and every request bounded in time and size, whatever the desk sends.

    * **Time**: a request ends, answer included, within the profile's ``timeout`` seconds, and
      one more second for each :data:`MIN_UPLOAD_RATE` bytes it uploads (when the last byte has
      left httpx it may still wait in the system's buffers, megabytes of them: the time of the
      upload and of the answer cannot be told apart from here). httpx's own time-outs bound each read; this
      bounds the whole: a :class:`~ticketcli.deadline.Deadline` shuts the connection's socket
      down when the time is out (a desk that trickles its answer a byte at a time, or sends
      ``100 Continue`` without end), and the request fails as a time-out.
    * **Size**: the answer is read as a stream, at most :data:`MAX_ANSWER` bytes as received
      and as decoded (gzip or deflate, decompressed with zlib's output limit: a small
      compressed answer cannot unpack into gigabytes). A success answer that is longer is an
      error (a receipt is a few hundred bytes; the ticket is sent again later with its key);
      an error answer is cut there (its first bytes say why). ``Content-Length: 10^18``, an
      endless chunked body or a 512 MB answer cost at most that much memory.
    * **Its socket is known**: each thread gets its own httpx client holding one connection
      (kept alive from one request to the next), so the socket a request uses is the one that
      thread's client connected last (httpcore's ``trace`` extension reports it: :func:`watcher`).

    :meth:`request` takes :meth:`httpx.Client.request`'s arguments and returns a
    :class:`httpx.Response` whose body has been read (``.json()`` raises ValueError for a
    document nested too deeply to parse, as for any other bad JSON).
    """

    def __init__(self, base_url: str, *, timeout: float, ca_bundle: str | None = None,
                 headers: dict[str, str] | None = None, auth: "httpx.Auth | None" = None):
        import threading

        self.base_url = base_url
        self.timeout = float(timeout)
        self._verify = _verify(base_url, ca_bundle, None)  # CaBundleError now, not at the first request
        # Asked for nothing but the identity: a desk's answer is small, and one compressed
        # answer is one less thing to trust (what comes compressed all the same is decoded).
        self._options = {"timeout": self.timeout, "headers": {"Accept-Encoding": "identity", **(headers or {})}, "auth": auth}
        self._local = threading.local()
        self._clients: list[httpx.Client] = []
        self._lock = threading.Lock()

    def _mine(self):
        """This thread's client, and the socket it connected last."""
        local = self._local
        if getattr(local, "client", None) is None:
            local.client = client(self.base_url, verify=self._verify, connections=1, **self._options)
            local.sock = None
            with self._lock:
                self._clients.append(local.client)
        return local

    @contextmanager
    def _exchange(self, method: str, url: str, kwargs: dict) -> "Iterator[tuple[httpx.Response, Deadline]]":
        """Send a request under its deadline; the answer as a stream (closed on leaving). A
        transport error after the deadline is the time-out it is."""
        import httpx

        from ..deadline import Deadline

        mine = self._mine()
        request = mine.client.build_request(method, url, **kwargs)
        length = request.headers.get("Content-Length", "")
        upload = int(length) / MIN_UPLOAD_RATE if length.isascii() and length.isdigit() else 0.0
        deadline = Deadline(self.timeout + upload)
        request.extensions["trace"] = watcher(deadline, lambda sock: setattr(mine, "sock", sock))
        if mine.sock is not None and mine.sock.fileno() != -1:
            deadline.watch(mine.sock)  # the kept-alive connection this request will go on
        try:
            response = mine.client.send(request, stream=True)
            try:
                yield response, deadline
            finally:
                response.close()
        except httpx.TransportError as exc:
            if deadline.expired():
                raise httpx.ReadTimeout(f"no whole answer within {self.timeout:g} s", request=request) from exc
            raise
        finally:
            deadline.close()

    def request(self, method: str, url: str, *, limit: int | None = None, **kwargs: "Any") -> "httpx.Response":
        """:meth:`httpx.Client.request`, its answer read whole: at most ``limit`` bytes (default
        :data:`MAX_ANSWER` for what is sent — a POST's receipt — and :data:`MAX_READ` for a
        GET: a status, a page of the desk's messages, a file as JSON)."""
        if limit is None:
            limit = MAX_READ if method.upper() == "GET" else MAX_ANSWER
        with self._exchange(method, url, kwargs) as (response, deadline):
            body = _read(response, self.base_url, limit, deadline)
        headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() != "content-encoding"]
        return _answer_type()(response.status_code, headers=headers, content=body, request=response.request,
                              extensions=dict(response.extensions))

    def get(self, url: str, **kwargs: "Any") -> "httpx.Response":
        return self.request("GET", url, **kwargs)

    @contextmanager
    def stream(self, method: str, url: str, **kwargs: "Any") -> "Iterator[httpx.Response]":
        """:meth:`httpx.Client.stream` for a file: its body, however it is read, stops with an
        error past :data:`MAX_DOWNLOAD` bytes, and each byte received gives the deadline the time
        :data:`MIN_UPLOAD_RATE` allows for it (a file comes as slowly as the link is, a trickle
        does not)."""
        with self._exchange(method, url, kwargs) as (response, deadline):
            response.stream = _bounded_type()(response.stream, deadline, MAX_DOWNLOAD, self.base_url)
            yield response

    def close(self) -> None:
        with self._lock:
            clients, self._clients = self._clients, []
        for each in clients:
            each.close()


_BOUNDED = None


def _bounded_type() -> type:
    """An :class:`httpx.SyncByteStream` (httpx's public stream interface) around a response's
    raw stream: it ends with an error past ``limit`` bytes, and extends ``deadline`` by the time
    the bytes received are allowed at :data:`MIN_UPLOAD_RATE`."""
    global _BOUNDED
    if _BOUNDED is None:
        import httpx

        class Bounded(httpx.SyncByteStream):
            def __init__(self, stream, deadline: "Deadline", limit: int, url: str):
                self._stream, self._deadline, self._limit, self._url = stream, deadline, limit, url

            def __iter__(self) -> "Iterator[bytes]":
                seen = 0
                for chunk in self._stream:
                    seen += len(chunk)
                    if seen > self._limit:
                        raise _too_large(self._url, self._limit)
                    self._deadline.extend(len(chunk) / MIN_UPLOAD_RATE)
                    yield chunk

            def close(self) -> None:
                self._stream.close()

        _BOUNDED = Bounded
    return _BOUNDED


def _read(response: "httpx.Response", url: str, limit: int = MAX_ANSWER, deadline: "Deadline | None" = None) -> bytes:
    """The body of ``response``, at most ``limit`` bytes (see :class:`DeskClient`): a success
    answer that is longer is an error, an error answer is cut at :data:`MAX_ANSWER`."""
    cut = response.status_code >= 300  # an error answer is cut; a receipt must be whole
    if cut:
        limit = min(limit, MAX_ANSWER)
    length = response.headers.get("Content-Length", "")
    if not cut and length.isascii() and length.isdigit() and int(length) > limit:
        raise _too_large(url, limit)
    raw = bytearray()
    for chunk in response.iter_raw():
        raw += chunk
        if len(raw) > limit:
            if not cut:
                raise _too_large(url, limit)
            del raw[limit:]
            break
        if deadline is not None:
            deadline.extend(len(chunk) / MIN_UPLOAD_RATE)
    return _decode(bytes(raw), response.headers.get("Content-Encoding", ""), cut, url, limit)


def _decode(data: bytes, encoding: str, cut: bool, url: str, limit: int = MAX_ANSWER) -> bytes:
    """``data`` decoded from gzip or deflate (as httpx would), never into more than ``limit``
    bytes; an encoding httpx does not know leaves the bytes as they are."""
    import zlib

    for coding in reversed([c.strip().lower() for c in encoding.split(",") if c.strip()]):
        if coding in ("gzip", "x-gzip"):
            tries = (16 + zlib.MAX_WBITS,)
        elif coding == "deflate":  # zlib-wrapped, as the RFC says, or raw, as some servers send
            tries = (zlib.MAX_WBITS, -zlib.MAX_WBITS)
        else:
            continue
        for wbits in tries:
            unpack = zlib.decompressobj(wbits)
            try:
                out = unpack.decompress(data, limit + 1)
                break
            except zlib.error:
                continue
        else:
            if cut:  # an error page cut short, or badly packed: what it says is lost
                return b""
            raise _bad_answer(url)
        if len(out) > limit or unpack.unconsumed_tail:
            if not cut:
                raise _too_large(url, limit)
            out = out[:limit]
        data = out
    return data


def _too_large(url: str, limit: int = MAX_ANSWER):
    from ..i18n import t
    from .base import RetryableError

    return RetryableError(t("http_too_large", url=url, limit=limit // 1024), kind="protocol")


def _bad_answer(url: str):
    from ..i18n import t
    from .base import RetryableError

    return RetryableError(t("http_bad_encoding", url=url), kind="protocol")


_ANSWER = None


def _answer_type() -> type:
    """:class:`httpx.Response` whose ``json()`` raises ValueError, not RecursionError, for a
    document nested deeper than Python's parser goes (``[[[[…`` a megabyte deep)."""
    global _ANSWER
    if _ANSWER is None:
        import httpx

        class Answer(httpx.Response):
            def json(self, **kwargs: "Any") -> "Any":
                try:
                    return super().json(**kwargs)
                except RecursionError:
                    raise ValueError("the JSON document is nested too deeply") from None

        _ANSWER = Answer
    return _ANSWER


def discard(response: "httpx.Response") -> None:
    """Never reuse the connection ``response`` came on: close it through httpx's
    ``network_stream`` response extension (httpcore then drops it from the pool, as it does a
    connection the server closed)."""
    stream = response.extensions.get("network_stream")
    if stream is not None:
        try:
            stream.close()
        except OSError:
            pass


def failure_kind(exc: BaseException) -> tuple[str, str]:
    """What a request that got no answer means: (kind, OpenSSL's words for a certificate).

    ``tls``: the certificate did not verify; ``proxy_auth``: the proxy refused the credentials
    (HTTP 407 to a CONNECT); ``timeout``; ``network``: anything else (refused, unreachable, no
    such host, the connection broke).
    """
    ssl = sys.modules.get("ssl")
    seen: BaseException | None = exc
    while seen is not None:
        if ssl is not None and isinstance(seen, ssl.SSLCertVerificationError):
            return "tls", getattr(seen, "verify_message", "") or _first_line(seen)
        seen = seen.__cause__ or seen.__context__
    import httpx

    if isinstance(exc, httpx.ProxyError) and "407" in str(exc):
        return "proxy_auth", ""
    if isinstance(exc, httpx.TimeoutException):
        return "timeout", ""
    return "network", ""


def short_reason(exc: BaseException) -> str:
    """One line of what went wrong, for a message (never a traceback)."""
    return _first_line(exc)


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
