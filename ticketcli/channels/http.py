"""The one module that builds HTTP clients.

Every HTTP request ticketcli makes — the support API (:mod:`.api`), every helpdesk
(:mod:`.helpdesk`), the HTTP step of ``ticket diagnose site`` — goes through an
:class:`httpx.Client` made by :func:`client`, on httpx's own transport (httpcore). Nothing here
speaks HTTP: it only chooses httpx's options, the same for every channel.

* **Time-outs**: ``timeout`` seconds to write the request, to wait for each piece of the answer
  and to wait for a free pooled connection; connecting gets at most 10 s of it.
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
from urllib.parse import urlsplit

from .. import __version__

TYPE_CHECKING = False  # typing is for type checkers: importing it slows every command
if TYPE_CHECKING:
    import ssl

    import httpx

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


def client(
    base_url: str,
    *,
    timeout: float,
    ca_bundle: str | None = None,
    headers: dict[str, str] | None = None,
    auth: "httpx.Auth | None" = None,
    tls: bool | None = None,
    direct: bool = False,
) -> "httpx.Client":
    """An :class:`httpx.Client` on ``base_url`` with the options described in the module.

    ``tls``: whether requests may use TLS (default: unless ``base_url`` is plain http to a
    loopback host). ``direct``: no proxy at all, whatever the environment says (diagnostics,
    which report the path from this machine). Raises :class:`CaBundleError` for an unusable
    ``ca_bundle``.
    """
    import httpx

    parts = urlsplit(base_url)
    if tls is None:
        tls = not (parts.scheme == "http" and is_loopback(parts.hostname or ""))
    verify = ssl_context(ca_bundle) if tls else _trust_nothing()
    sent = {"User-Agent": USER_AGENT, "Accept": "application/json"}
    sent.update(headers or {})
    return httpx.Client(
        base_url=base_url,
        headers=sent,
        auth=auth,
        verify=verify,
        timeout=httpx.Timeout(timeout, connect=min(timeout, CONNECT_TIMEOUT)),
        limits=httpx.Limits(max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_KEEPALIVE,
                            keepalive_expiry=KEEPALIVE_SECONDS),
        follow_redirects=False,
        trust_env=not direct,
        # None: the client's own, direct transport. Listed here, these hosts win over any
        # proxy httpx takes from the environment (a host pattern outranks a scheme pattern).
        mounts={pattern: None for pattern in _LOOPBACK_MOUNTS},
    )


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
