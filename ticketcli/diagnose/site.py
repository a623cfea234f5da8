"""Site reachability: DNS, TCP, TLS and HTTP of one address, with the exact error texts.

``diagnose_site(url, timeout=10)`` runs the steps in order; a step that cannot run because an
earlier one failed is ``skipped``. The whole run is bounded by one :class:`Deadline`: each step
gets what is left of it. HTTP goes over the run's own connections (the resolver and the CA
bundle the other steps use), following redirects and recording the chain.
"""

from __future__ import annotations

import html
import re
import time
from typing import Any, Callable
from urllib.parse import urljoin, urlsplit

from . import net
from .model import FAILED, OK, SKIPPED, Check, Deadline, Diagnosis, OutOfTime
from .net import ResolverSpec, StepError

Progress = Callable[[str, Check], None]

MAX_REDIRECTS = 10
REDIRECTS = (301, 302, 303, 307, 308)
_TITLE = re.compile(rb"<title[^>]*>(.*?)</title", re.I | re.S)
TITLE_LIMIT = 200


def normalise_url(url: str) -> str:
    """A URL with a scheme: a bare domain becomes ``https://domain/``."""
    url = url.strip()
    if "://" not in url:
        url = "https://" + url
    return url


def run_step(diag: Diagnosis, name: str, fn: Callable[[], dict[str, Any] | None], progress: Progress | None) -> Check:
    """Run one step: its facts on success, the exact error text on StepError."""
    check = Check(name)
    diag.checks.append(check)
    return execute(check, fn, progress)


def execute(check: Check, fn: Callable[[], dict[str, Any] | None], progress: Progress | None) -> Check:
    """Fill ``check`` by running ``fn`` (thread-safe: touches only this check)."""
    if progress:
        progress("start", check)
    t0 = time.monotonic()
    try:
        check.facts.update(fn() or {})
        check.status = OK
    except StepError as exc:
        check.status = FAILED
        check.error = exc.text
        check.facts.update(exc.facts)
    except OutOfTime:
        check.status = SKIPPED
        check.facts["reason"] = "no_time"
    check.duration = time.monotonic() - t0
    if progress:
        progress("done", check)
    return check


def skip(diag: Diagnosis, name: str, reason: str, progress: Progress | None, **facts: Any) -> Check:
    check = Check(name, SKIPPED, {"reason": reason, **facts})
    diag.checks.append(check)
    if progress:
        progress("start", check)
        progress("done", check)
    return check


def resolve_step(diag: Diagnosis, spec: ResolverSpec, host: str, deadline, progress: Progress | None) -> list[str]:
    """The ``dns`` step: the host's addresses (an IP literal is its own, and the step is skipped)."""
    if net.is_ip(host):
        skip(diag, "dns", "ip_literal", progress, host=host)
        return [host]
    dns = run_step(diag, "dns", lambda: net.resolve_host(spec, host, deadline), progress)
    return net.addresses(host, dns.facts) if dns.ok else []


def diagnose_site(
    url: str,
    *,
    timeout: float = 10.0,
    dns_server: str | None = None,
    ca_bundle: str | None = None,
    progress: Progress | None = None,
) -> Diagnosis:
    url = normalise_url(url)
    diag = Diagnosis("site", url, budget=timeout)
    deadline = Deadline(timeout)
    parts = urlsplit(url)
    host = parts.hostname or ""
    https = parts.scheme.lower() == "https"
    port = parts.port or (443 if https else 80)
    spec = ResolverSpec(dns_server)
    state: dict[str, Any] = {}

    # DNS
    addrs = resolve_step(diag, spec, host, deadline, progress)

    # TCP
    if not addrs:
        skip(diag, "tcp", "after_failure", progress)
    else:

        def tcp() -> dict[str, Any]:
            sock, facts = net.connect(addrs, port, deadline)
            state["sock"] = sock
            return facts

        run_step(diag, "tcp", tcp, progress)

    # TLS
    if not https:
        skip(diag, "tls", "not_https", progress)
    elif "sock" not in state:
        skip(diag, "tls", "after_failure", progress)
    else:
        addr = diag.check("tcp").facts["address"]

        def tls() -> dict[str, Any]:
            sock = state.pop("sock")
            ctx = net.tls_context(ca_bundle)
            try:
                state["sock"], facts = net.handshake(sock, host, ctx, deadline)
            except StepError as exc:
                if exc.facts.get("verified") is False:
                    exc.facts.update(net.peek_certificate(addr, port, host, deadline))
                raise
            return facts

        run_step(diag, "tls", tls, progress)

    # HTTP
    if "sock" not in state:
        skip(diag, "http", "after_failure", progress)
    else:
        run_step(diag, "http", lambda: fetch(url, state.pop("sock"), spec, ca_bundle, deadline), progress)
    leftover = state.pop("sock", None)
    if leftover is not None:
        leftover.close()
    deadline.close()
    diag.duration = deadline.elapsed()
    return diag


def _open(url: str, spec: ResolverSpec, ca_bundle: str | None, deadline):
    """A new connection for a redirect's target (same resolver, same CA bundle)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    https = parts.scheme.lower() == "https"
    port = parts.port or (443 if https else 80)
    if net.is_ip(host):
        addrs = [host]
    else:
        addrs = net.addresses(host, net.resolve_host(spec, host, deadline))
    sock, _ = net.connect(addrs, port, deadline)
    if https:
        sock, _ = net.handshake(sock, host, net.tls_context(ca_bundle), deadline)
    return sock


def _request(sock, url: str, deadline) -> dict[str, Any]:
    import http.client

    parts = urlsplit(url)
    host = net.ascii_host(parts.hostname or "")
    default = 443 if parts.scheme.lower() == "https" else 80
    host_header = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port and parts.port != default else "")
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    from .. import __version__

    conn = http.client.HTTPConnection(host, parts.port or default)
    conn.sock = sock
    t0 = time.monotonic()
    timeout = deadline.timeout()
    try:
        sock.settimeout(timeout)
        conn.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
        conn.putheader("Host", host_header)
        conn.putheader("User-Agent", f"ticketcli/{__version__} (diagnose)")
        conn.putheader("Accept", "text/html,*/*;q=0.8")
        conn.putheader("Connection", "close")
        conn.endheaders()
        resp = conn.getresponse()
        entry: dict[str, Any] = {
            "url": url,
            "status": resp.status,
            "reason": resp.reason,
            "version": "HTTP/1.0" if resp.version == 10 else "HTTP/1.1",
            "server": resp.getheader("Server") or "",
            "location": resp.getheader("Location") or "",
            "content_type": resp.getheader("Content-Type") or "",
        }
        body = b""
        if resp.status >= 400:
            sock.settimeout(deadline.timeout())
            try:
                body = resp.read(65536)
            except (OSError, http.client.HTTPException):
                body = b""
        entry["ms"] = round((time.monotonic() - t0) * 1000, 1)
        entry["_body"] = body
        return entry
    except (OSError, http.client.HTTPException) as exc:
        if deadline.expired():
            raise StepError(net.timeout_text(deadline.seconds), {"url": url}) from None
        if isinstance(exc, http.client.RemoteDisconnected):
            raise StepError("the server closed the connection without an answer", {"url": url}) from None
        if isinstance(exc, http.client.HTTPException) and not isinstance(exc, OSError):
            raise StepError(f"bad HTTP answer: {exc}", {"url": url}) from None
        raise StepError(net.error_text(exc, deadline.seconds), {"url": url}) from None
    finally:
        conn.close()


def page_title(body: bytes, content_type: str = "") -> str:
    match = _TITLE.search(body)
    if not match:
        return ""
    charset = "utf-8"
    m = re.search(r"charset=([\w-]+)", content_type or "", re.I)
    if m:
        charset = m.group(1)
    try:
        text = match.group(1).decode(charset, errors="replace")
    except LookupError:
        text = match.group(1).decode("utf-8", errors="replace")
    text = " ".join(html.unescape(text).split())
    return text[:TITLE_LIMIT]


def fetch(url: str, sock, spec: ResolverSpec, ca_bundle: str | None, deadline) -> dict[str, Any]:
    """GET ``url`` over ``sock``, following redirects; StepError for 4xx/5xx and failures."""
    chain: list[dict[str, Any]] = []
    current = url
    t0 = time.monotonic()
    for _ in range(MAX_REDIRECTS + 1):
        try:
            if sock is None:
                sock = _open(current, spec, ca_bundle, deadline)
            entry = _request(sock, current, deadline)
        except StepError as exc:
            exc.facts.update({"url": current, "chain": chain} if chain else {"url": current})
            raise
        finally:
            if sock is not None:
                sock.close()
            sock = None
        body = entry.pop("_body")
        chain.append(entry)
        if entry["status"] in REDIRECTS and entry["location"]:
            current = urljoin(current, entry["location"])
            continue
        break
    else:
        raise StepError(f"more than {MAX_REDIRECTS} redirects", {"chain": chain})
    last = chain[-1]
    facts: dict[str, Any] = {
        "status_line": f"{last['version']} {last['status']} {last['reason']}".rstrip(),
        "status": last["status"],
        "reason": last["reason"],
        "server": last["server"],
        "final_url": last["url"],
        "total_ms": round((time.monotonic() - t0) * 1000, 1),
        "chain": [{k: v for k, v in e.items() if k != "content_type"} for e in chain],
    }
    if last["status"] >= 400:
        title = page_title(body, last.get("content_type", ""))
        if title:
            facts["title"] = title
        raise StepError(f"{last['status']} {last['reason']}".rstrip(), facts)
    return facts
