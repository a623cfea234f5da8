"""Network primitives of the diagnosis: DNS (dnspython), TCP and TLS (stdlib socket/ssl).

Sockets and :mod:`ssl` are used directly here, not through httpx, because the diagnosis reports
what only the low level sees: which address answered and how fast, OpenSSL's verification code
and words, the certificate a server presents even when it does not verify. The HTTP request of
``diagnose site`` goes through httpx (:mod:`ticketcli.diagnose.site`).

Every function takes a timeout in seconds (the caller passes what is left of the run's budget)
and reports failures with the exact text of the library that failed: the OS's ("Connection
refused"), OpenSSL's ("certificate has expired", "self-signed certificate", "Hostname
mismatch, certificate is not valid for 'x'."), dnspython's ("The DNS query name does not
exist: x."). Certificates are always verified; a second, non-verifying handshake may read the
certificate of a server that failed verification, only to describe it.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from typing import Any

DEFAULT_DNS_ENV = "TICKETCLI_DNS_SERVER"


class StepError(Exception):
    """A failed step: ``text`` is the exact error text; ``facts`` what was measured before."""

    def __init__(self, text: str, facts: dict[str, Any] | None = None):
        super().__init__(text)
        self.text = text
        self.facts = facts or {}


_SSL_LOCATION = re.compile(r"\s*\(_ssl\.c:\d+\)$")


def timeout_text(limit: float) -> str:
    """A step that got no answer: every step may use what is left of the run's limit."""
    return f"timed out: no answer within the {limit:g} s limit"


def failure_text(exc: BaseException, deadline) -> str:
    """:func:`error_text`, or the time-out's text when the run's budget ran out (the deadline then
    shut the connection down, and what the library says about that is not the cause)."""
    return timeout_text(deadline.seconds) if deadline.expired() else error_text(exc, deadline.seconds)


def error_text(exc: BaseException, limit: float | None = None) -> str:
    """The exact, human text of a network error (no errno numbers, no source locations)."""
    import ssl

    if isinstance(exc, ssl.SSLCertVerificationError):
        return getattr(exc, "verify_message", "") or _SSL_LOCATION.sub("", str(exc))
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return timeout_text(limit) if limit is not None else "timed out"
    if isinstance(exc, ssl.SSLError):
        return _SSL_LOCATION.sub("", str(exc.args[1] if len(exc.args) > 1 and isinstance(exc.args[1], str) else exc))
    if isinstance(exc, socket.gaierror):
        return exc.strerror or str(exc)
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror
    return str(exc) or type(exc).__name__


# ---- DNS ---------------------------------------------------------------------------------
def parse_hostport(value: str, default_port: int) -> tuple[str, int]:
    """``127.0.0.1:5353``, ``[::1]:53``, ``::1`` or ``host`` → (host, port); ValueError when bad."""
    value = value.strip()
    if value.startswith("["):
        host, _, rest = value[1:].partition("]")
        port = int(rest[1:]) if rest.startswith(":") else default_port
    elif value.count(":") == 1:
        host, _, p = value.partition(":")
        port = int(p)
    else:
        host, port = value, default_port
    if not host or not 0 < port < 65536:
        raise ValueError(value)
    return host, port


def is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def ascii_host(host: str) -> str:
    """The IDNA form of a host name (IP literals unchanged)."""
    if is_ip(host):
        return host
    try:
        return host.encode("idna").decode("ascii").lower()
    except UnicodeError:
        return host.lower()


@dataclass(slots=True)
class ResolverSpec:
    """Which DNS server to ask: an explicit ``host:port``, or the system's configuration."""

    server: str | None = None

    def make(self, timeout: float):
        import dns.resolver

        if self.server:
            host, port = parse_hostport(self.server, 53)
            resolver = dns.resolver.Resolver(configure=False)
            resolver.nameservers = [host]
            resolver.port = port
        else:
            resolver = dns.resolver.Resolver()
        # dnspython may overrun its lifetime by a retry's wait: keep a margin inside the budget
        resolver.timeout = resolver.lifetime = max(0.05, timeout - min(0.3, timeout / 5))
        return resolver

    def describe(self) -> str:
        if self.server:
            return self.server
        try:
            import dns.resolver

            r = dns.resolver.Resolver()
            return ", ".join(str(ns) for ns in r.nameservers) or "system"
        except Exception:  # noqa: BLE001 - no resolv.conf: say so
            return "system"


def dns_error_text(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text


def query(spec: ResolverSpec, name: str, rdtype: str, timeout: float) -> list:
    """The answer records (empty when the name exists but has none of ``rdtype``)."""
    import dns.resolver

    resolver = spec.make(timeout)
    try:
        answer = resolver.resolve(name, rdtype, search=False, raise_on_no_answer=False)
    except dns.resolver.NoAnswer:
        return []
    return list(answer.rrset) if answer.rrset is not None else []


def resolve_host(spec: ResolverSpec, host: str, deadline) -> dict[str, Any]:
    """A and AAAA of ``host``: facts ``a``, ``aaaa``, ``resolver``; StepError when none.

    Without an explicit DNS server, a name the DNS cannot resolve is looked up once more
    through the system (``getaddrinfo``: the hosts file), as a browser would.
    """
    name = ascii_host(host)
    facts: dict[str, Any] = {"host": host, "resolver": spec.describe(), "a": [], "aaaa": []}
    if name != host:
        facts["idna"] = name
    errors = []
    from .model import OutOfTime

    for rdtype, key in (("A", "a"), ("AAAA", "aaaa")):
        try:
            timeout = deadline.timeout()
        except OutOfTime:
            if errors or facts["a"]:  # the A query used the budget: report what it found
                break
            raise
        try:
            facts[key] = [r.to_text() for r in query(spec, name, rdtype, timeout)]
        except Exception as exc:  # noqa: BLE001 - dnspython's own errors carry the text
            errors.append(dns_error_text(exc))
            if _is_nxdomain(exc):
                break
    if facts["a"] or facts["aaaa"]:
        return facts
    if not spec.server and deadline.remaining() >= 0.05:
        found = _system_lookup(name, deadline.remaining())
        if found:
            facts["resolver"] = "system (getaddrinfo)"
            facts["a"] = [a for a in found if ":" not in a]
            facts["aaaa"] = [a for a in found if ":" in a]
            if errors:
                facts["dns_error"] = errors[0]
            return facts
    raise StepError(errors[0] if errors else f"no A or AAAA records for {name}", facts)


def _is_nxdomain(exc: BaseException) -> bool:
    import dns.resolver

    return isinstance(exc, dns.resolver.NXDOMAIN)


def _system_lookup(name: str, timeout: float) -> list[str]:
    import threading

    result: list[str] = []

    def run() -> None:
        try:
            for info in socket.getaddrinfo(name, None, proto=socket.IPPROTO_TCP):
                addr = info[4][0]
                if addr not in result:
                    result.append(addr)
        except OSError:
            pass

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout)
    return list(result)


def addresses(host: str, facts: dict[str, Any] | None) -> list[str]:
    if is_ip(host):
        return [host]
    facts = facts or {}
    return [*facts.get("a", []), *facts.get("aaaa", [])]


# ---- TCP ---------------------------------------------------------------------------------
def connect(addrs: list[str], port: int, deadline) -> tuple[socket.socket, dict[str, Any]]:
    """Connect to the first address that answers; facts: address, port, connect_ms, tried."""
    tried = []
    last = ""
    for addr in addrs:
        timeout = deadline.timeout()
        family = socket.AF_INET6 if ":" in addr else socket.AF_INET
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.settimeout(timeout)
        t0 = time.monotonic()
        try:
            sock.connect((addr, port))
        except OSError as exc:
            sock.close()
            last = error_text(exc, deadline.seconds)
            tried.append({"address": addr, "error": last})
            continue
        deadline.watch(sock)
        facts = {"address": addr, "port": port, "connect_ms": round((time.monotonic() - t0) * 1000, 1)}
        if tried:
            facts["tried"] = tried
        return sock, facts
    raise StepError(last or "no address to connect to", {"port": port, "tried": tried})


# ---- TLS ---------------------------------------------------------------------------------
def tls_context(ca_bundle: str | None = None):
    """The verifying context every channel uses (:func:`ticketcli.channels.http.ssl_context`):
    the platform's trust store, or the CAs of ``ca_bundle`` only."""
    from ..channels.http import ssl_context

    return ssl_context(ca_bundle)


def describing_context():
    """A context that accepts any certificate: only to read and describe one that failed."""
    import ssl

    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return ctx


def handshake(sock: socket.socket, host: str, ctx, deadline):
    """Wrap ``sock`` in TLS for ``host``; returns the TLS socket and its facts."""
    timeout = deadline.timeout()
    sock.settimeout(timeout)
    try:
        tls = ctx.wrap_socket(sock, server_hostname=ascii_host(host))
    except Exception as exc:
        sock.close()
        raise StepError(failure_text(exc, deadline), _verify_facts(exc)) from None
    return tls, session_facts(tls)


def _verify_facts(exc: BaseException) -> dict[str, Any]:
    import ssl

    if isinstance(exc, ssl.SSLCertVerificationError):
        return {"verified": False, "verify_code": getattr(exc, "verify_code", None)}
    return {}


def session_facts(tls) -> dict[str, Any]:
    facts: dict[str, Any] = {"protocol": tls.version(), "verified": True}
    cipher = tls.cipher()
    if cipher:
        facts["cipher"] = cipher[0]
    der = tls.getpeercert(binary_form=True)
    if der:
        facts.update(describe_cert(der))
    return facts


def peek_certificate(addr: str, port: int, host: str, deadline, starttls=None, ca_bundle: str | None = None) -> dict[str, Any]:
    """Describe the certificate a server presents, without trusting it (a new connection), with
    every problem it has (:func:`certificate_problems`).

    ``starttls(sock, deadline)`` runs the protocol's upgrade first (SMTP/IMAP/POP3).
    ``ca_bundle``: the CAs the verification trusted (None: the platform's store).
    """
    der = _handshake_with(describing_context(), addr, port, host, deadline, starttls)
    if not isinstance(der, bytes):
        return {}
    facts = describe_cert(der)
    facts["problems"] = certificate_problems(der, facts, addr, port, host, deadline, starttls, ca_bundle)
    return facts


#: OpenSSL's ``X509_V_FLAG_NO_CHECK_TIME``: verify a chain without its dates (they are judged
#: apart, from the certificate), so one verification tells whether the issuer is trusted.
_NO_CHECK_TIME = 0x200000
#: OpenSSL's verify codes that say the chain leads to no CA this machine trusts.
_UNTRUSTED_CODES = frozenset({2, 18, 19, 20, 21, 27})
#: ... and that say the certificate is for other names (host name, IP address).
_NAME_CODES = frozenset({62, 64})


def certificate_problems(der: bytes, facts: dict[str, Any], addr: str, port: int, host: str, deadline, starttls=None,
                         ca_bundle: str | None = None) -> list[dict[str, Any]]:
    """Every problem of the certificate ``der`` that ``host`` presented, not only the first one
    OpenSSL stops at: ``expired`` (``date``), ``not_yet_valid`` (``date``), ``self_signed``,
    ``unknown_issuer`` (the chain leads to no trusted CA), ``wrong_host`` (``host``, ``names``).

    The dates and the signature are read from the certificate (``facts``: :func:`describe_cert`);
    the trust in its issuer and its names are OpenSSL's verdicts, from two more handshakes: one
    that verifies the chain without its dates or names, one that trusts this very certificate
    and checks only the name. A verdict that cannot be had (no time left, the server hung up) is
    left out, never guessed.
    """
    import ssl
    from datetime import datetime, timezone

    now = datetime.now(timezone.utc)
    problems: list[dict[str, Any]] = []
    after, before = _when(facts.get("not_after")), _when(facts.get("not_before"))
    if after is not None and after < now:
        problems.append({"problem": "expired", "date": after.date().isoformat()})
    if before is not None and before > now:
        problems.append({"problem": "not_yet_valid", "date": before.date().isoformat()})
    chain = tls_context(ca_bundle)
    chain.check_hostname = False
    chain.verify_flags |= _NO_CHECK_TIME
    if _handshake_with(chain, addr, port, host, deadline, starttls) in _UNTRUSTED_CODES:
        # (a self-signed certificate that is trusted, in ca_bundle say, is no problem)
        problems.append({"problem": "self_signed" if _self_signed(der, facts) else "unknown_issuer"})
    names = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)  # trusts this certificate alone: checks its name
    names.load_verify_locations(cadata=der)
    names.verify_flags |= ssl.VERIFY_X509_PARTIAL_CHAIN | _NO_CHECK_TIME
    if _handshake_with(names, addr, port, host, deadline, starttls) in _NAME_CODES:
        problems.append({"problem": "wrong_host", "host": host, "names": facts.get("names", [])})
    return problems


def _when(value: Any):
    from datetime import datetime

    try:
        return datetime.fromisoformat(str(value))
    except ValueError:
        return None


def _self_signed(der: bytes, facts: dict[str, Any]) -> bool:
    """Whether the certificate is its own issuer, and (when cryptography is there to check it)
    signed by its own key."""
    if not facts.get("subject") or facts.get("issuer") != facts.get("subject"):
        return False
    try:
        from cryptography import x509
    except ImportError:  # pragma: no cover - cryptography comes with keyring's SecretStorage on Linux
        return True
    cert = x509.load_der_x509_certificate(der)
    try:
        cert.verify_directly_issued_by(cert)
    except Exception:  # noqa: BLE001 - cryptography's InvalidSignature, ValueError, TypeError
        return False
    return True


def _handshake_with(ctx, addr: str, port: int, host: str, deadline, starttls=None) -> bytes | int | None:
    """A TLS handshake with ``host`` at ``addr`` under ``ctx``: the certificate presented (DER)
    when it succeeds, OpenSSL's verify code when verification fails, None for anything else."""
    import ssl

    from .model import OutOfTime

    try:
        sock, _ = connect([addr], port, deadline)
    except (StepError, OutOfTime):
        return None
    try:
        if starttls is not None:
            starttls(sock, deadline)
        sock.settimeout(deadline.timeout())
        tls = ctx.wrap_socket(sock, server_hostname=ascii_host(host))
    except ssl.SSLCertVerificationError as exc:
        sock.close()
        return exc.verify_code
    except Exception:  # noqa: BLE001 - only a verdict: none to give
        sock.close()
        return None
    try:
        return tls.getpeercert(binary_form=True) or None
    finally:
        tls.close()


def describe_cert(der: bytes) -> dict[str, Any]:
    """Subject, issuer, validity and names of a DER certificate."""
    from datetime import datetime, timezone

    try:
        from cryptography import x509
    except ImportError:  # pragma: no cover - cryptography ships with most systems
        return _describe_with_ssl(der)
    cert = x509.load_der_x509_certificate(der)
    not_after = cert.not_valid_after_utc
    not_before = cert.not_valid_before_utc
    facts: dict[str, Any] = {
        "subject": cert.subject.rfc4514_string(),
        "issuer": cert.issuer.rfc4514_string(),
        "not_before": not_before.isoformat(),
        "not_after": not_after.isoformat(),
        "days_left": (not_after - datetime.now(timezone.utc)).days,
    }
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        facts["names"] = [str(v) for v in san.get_values_for_type(x509.DNSName)] + [
            str(v) for v in san.get_values_for_type(x509.IPAddress)
        ]
    except x509.ExtensionNotFound:
        facts["names"] = []
    return facts


def _describe_with_ssl(der: bytes) -> dict[str, Any]:  # pragma: no cover - fallback
    import os
    import ssl
    import tempfile

    pem = ssl.DER_cert_to_PEM_cert(der)
    fd, name = tempfile.mkstemp(suffix=".pem")
    try:
        with os.fdopen(fd, "w") as fh:
            fh.write(pem)
        info = ssl._ssl._test_decode_cert(name)  # type: ignore[attr-defined]
    except Exception:  # noqa: BLE001
        return {}
    finally:
        os.unlink(name)

    def flat(rdns) -> str:
        return ",".join(f"{k}={v}" for rdn in rdns for k, v in rdn)

    from datetime import datetime, timezone

    def iso(value: str) -> str:
        try:
            return datetime.fromtimestamp(ssl.cert_time_to_seconds(value), timezone.utc).isoformat()
        except (ValueError, OverflowError):
            return value

    return {
        "subject": flat(info.get("subject", ())),
        "issuer": flat(info.get("issuer", ())),
        "not_before": iso(info.get("notBefore", "")),
        "not_after": iso(info.get("notAfter", "")),
        "names": [v for _, v in info.get("subjectAltName", ())],
    }
