"""Site reachability: DNS, TCP, TLS and HTTP of one address, with the exact error texts.

``diagnose_site(url, timeout=10)`` runs the steps in order; a step that cannot run because an
earlier one failed is ``skipped``. The whole run is bounded by one :class:`Deadline`: each step
gets what is left of it.

DNS, TCP and TLS are probed on raw sockets (:mod:`.net`: the facts only the low level gives).
The HTTP step is a request through httpx (a client from :mod:`ticketcli.channels.http`, with the
same trust: the platform's store or ``ca_bundle`` only), sent to the address the DNS step found
— the host name goes in ``Host`` and, for https, in httpx's ``sni_hostname`` extension, so the
certificate is checked against it — following redirects one by one (each target resolved with
the run's resolver) and recording the chain. No proxy: the diagnosis reports the path from this
machine, as its DNS, TCP and TLS steps do.

A certificate that does not verify is described with every problem it has
(:func:`ticketcli.diagnose.net.certificate_problems`), and the page is still fetched, without
verification and marked so (``"verified": false`` in the HTTP step's facts, with the page's
title): what the client sees after clicking through the browser's warning. What a server says
(reason phrase, ``Server``, ``Location``, the title) is kept :func:`~ticketcli.validate.printable`.
"""

from __future__ import annotations

import html
import re
import time
from typing import Any, Callable
from urllib.parse import urljoin, urlsplit

from ..validate import printable
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
                    exc.facts.update(net.peek_certificate(addr, port, host, deadline, ca_bundle=ca_bundle))
                raise
            return facts

        run_step(diag, "tls", tls, progress)

    # HTTP
    tls_check = diag.check("tls")
    untrusted = bool(tls_check and tls_check.status == FAILED and tls_check.facts.get("verified") is False)
    if "sock" in state:
        state.pop("sock").close()  # the TLS step's: the request gets an httpx connection of its own
        first = diag.check("tcp").facts["address"]
        run_step(diag, "http", lambda: fetch(url, spec, ca_bundle, deadline, first), progress)
    elif untrusted:
        # What the client sees after clicking through the browser's warning: the page fetched
        # without verifying the certificate, and marked so (facts "verified": false).
        first = diag.check("tcp").facts["address"]
        run_step(diag, "http", lambda: fetch(url, spec, ca_bundle, deadline, first, verify=False), progress)
    else:
        skip(diag, "http", "after_failure", progress)
    deadline.close()
    diag.duration = deadline.elapsed()
    return diag


def _addresses(url: str, spec: ResolverSpec, deadline) -> list[str]:
    """Where a redirect's target is, by the run's resolver (an IP literal is its own)."""
    host = urlsplit(url).hostname or ""
    if net.is_ip(host):
        return [host]
    return net.addresses(host, net.resolve_host(spec, host, deadline))


def _request(clients: dict, url: str, address: str, ca_bundle: str | None, deadline, verify: bool = True) -> dict[str, Any]:
    """GET ``url`` from ``address`` through httpx; the answer's facts (and up to 64 KiB of an
    error page's body, or of any page fetched without ``verify``-ing its certificate, to read its
    title)."""
    import httpx

    from .. import __version__
    from ..channels import http

    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    host = net.ascii_host(parts.hostname or "")
    default = 443 if scheme == "https" else 80
    port = parts.port or default
    host_header = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port and parts.port != default else "")
    target = parts.path or "/"
    if parts.query:
        target += "?" + parts.query
    where = f"[{address}]" if ":" in address else address
    if scheme not in clients:
        unverified = net.describing_context() if not verify and scheme == "https" else None
        clients[scheme] = http.client("", timeout=deadline.timeout(), ca_bundle=ca_bundle, tls=scheme == "https", direct=True,
                                      verify=unverified)
    headers = {"Host": host_header, "User-Agent": f"ticketcli/{__version__} (diagnose)", "Accept": "text/html,*/*;q=0.8", "Connection": "close"}
    # httpcore's documented "trace" extension hands over each new connection's socket, which the
    # deadline shuts down when the run's time is out (httpx's time-outs bound one read each).
    extensions: dict[str, Any] = {"trace": http.watcher(deadline)}
    if scheme == "https":
        extensions["sni_hostname"] = host
    t0 = time.monotonic()
    try:
        request = clients[scheme].build_request("GET", f"{scheme}://{where}:{port}{target}", headers=headers,
                                                timeout=deadline.timeout(), extensions=extensions)
        resp = clients[scheme].send(request, stream=True)
        try:
            # What the server says is shown and goes into the ticket: printable, and bounded.
            entry: dict[str, Any] = {
                "url": url,
                "status": resp.status_code,
                "reason": printable(resp.reason_phrase, 200, one_line=True),
                "version": resp.http_version,
                "server": printable(resp.headers.get("Server", ""), 200, one_line=True),
                "location": printable(resp.headers.get("Location", ""), 2000, one_line=True),
                "content_type": printable(resp.headers.get("Content-Type", ""), 200, one_line=True),
            }
            body = b""
            if resp.status_code >= 400 or not verify:
                try:
                    for chunk in resp.iter_bytes():
                        body += chunk
                        if len(body) >= 65536:
                            break
                except httpx.HTTPError:
                    pass
            entry["ms"] = round((time.monotonic() - t0) * 1000, 1)
            entry["_body"] = body[:65536]
            return entry
        finally:
            resp.close()
    except httpx.TransportError as exc:
        if isinstance(exc, httpx.TimeoutException) or deadline.expired():
            raise StepError(net.timeout_text(deadline.seconds), {"url": url}) from None
        if isinstance(exc, httpx.RemoteProtocolError):
            if "without sending a response" in str(exc) or "Server disconnected" in str(exc):
                raise StepError("the server closed the connection without an answer", {"url": url}) from None
            raise StepError(f"bad HTTP answer: {printable(str(exc), 300, one_line=True)}", {"url": url}) from None
        raise StepError(net.error_text(_root(exc), deadline.seconds), {"url": url}) from None


def _root(exc: BaseException) -> BaseException:
    """The OS's or OpenSSL's own error under httpx's (their texts are what the diagnosis shows)."""
    while (exc.__cause__ or exc.__context__) is not None:
        exc = exc.__cause__ or exc.__context__
    return exc


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
    return printable(html.unescape(text), TITLE_LIMIT, one_line=True)


def _redirect_target(current: str, location: str, chain: list[dict[str, Any]]) -> str:
    """Where a redirect leads; StepError when that is no address a browser could follow (a
    port of 99999, ``http://[::1/``, ``ftp:``), as the browser would stop there too."""
    try:
        target = urljoin(current, location)
        parts = urlsplit(target)
        parts.port  # noqa: B018 - raises ValueError for a port out of range
        ok = parts.scheme.lower() in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise StepError(f"the redirect leads to an address that cannot be opened: {location}", {"chain": chain})
    return target


def fetch(url: str, spec: ResolverSpec, ca_bundle: str | None, deadline, address: str | None = None,
          verify: bool = True) -> dict[str, Any]:
    """GET ``url`` (from ``address`` when given), following redirects; StepError for 4xx/5xx and
    failures. ``verify=False``: certificates are not verified (the TLS step said what is wrong
    with them), and the facts say so."""
    chain: list[dict[str, Any]] = []
    current = url
    clients: dict = {}
    t0 = time.monotonic()
    try:
        for _ in range(MAX_REDIRECTS + 1):
            try:
                entry = None
                for addr in [address] if address else _addresses(current, spec, deadline):
                    try:
                        entry = _request(clients, current, addr, ca_bundle, deadline, verify)
                        break
                    except StepError as exc:  # the next address, as the TCP step does
                        last = exc
                if entry is None:
                    raise last
            except StepError as exc:
                exc.facts.update({"url": current, "chain": chain} if chain else {"url": current})
                if not verify:
                    exc.facts["verified"] = False
                raise
            address = None
            body = entry.pop("_body")
            chain.append(entry)
            if entry["status"] in REDIRECTS and entry["location"]:
                current = _redirect_target(current, entry["location"], chain)
                continue
            break
        else:
            raise StepError(f"more than {MAX_REDIRECTS} redirects", {"chain": chain})
    finally:
        for client in clients.values():
            client.close()
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
    if not verify:
        facts["verified"] = False
    if last["status"] >= 400 or not verify:
        title = page_title(body, last.get("content_type", ""))
        if title:
            facts["title"] = title
    if last["status"] >= 400:
        raise StepError(f"{last['status']} {last['reason']}".rstrip(), facts)
    return facts
