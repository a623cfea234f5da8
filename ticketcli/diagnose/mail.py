"""Mail server diagnostics: MX records, SMTP/IMAP/POP3 reachability, banners, STARTTLS,
certificates, and an optional login test that never shows the password.

The ports are probed at the same time (one thread each), each with what is left of the run's
budget, so one silent port cannot starve the others. Protocols use the stdlib clients
(smtplib, imaplib, poplib) over the run's own connections, so the resolver, the CA bundle and
the exact error texts are the same as for the site diagnosis.
"""

from __future__ import annotations

import base64
import imaplib
import poplib
import smtplib
import socket
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Callable

from . import net
from .model import Check, Deadline, Diagnosis
from .net import ResolverSpec, StepError
from .site import Progress, execute, resolve_step, run_step, skip

#: name: (default port, protocol, how TLS starts)
SERVICES: dict[str, tuple[int, str, str]] = {
    "smtp": (25, "smtp", "starttls"),
    "smtps": (465, "smtp", "tls"),
    "submission": (587, "smtp", "starttls"),
    "imaps": (993, "imap", "tls"),
    "imap": (143, "imap", "starttls"),
    "pop3s": (995, "pop3", "tls"),
    "pop3": (110, "pop3", "starttls"),
}


@dataclass(slots=True)
class Credentials:
    user: str
    password: str


# ---- protocol clients over a given socket ------------------------------------------------
def _local_name(sock: socket.socket) -> str:
    try:
        addr = sock.getsockname()[0]
    except OSError:
        return "localhost"
    return f"[IPv6:{addr}]" if ":" in addr else f"[{addr}]"


class _SMTP(smtplib.SMTP):
    def __init__(self, sock: socket.socket, host: str, timeout: float):
        super().__init__(local_hostname=_local_name(sock), timeout=timeout)
        self._host = net.ascii_host(host)
        self.sock = sock
        code, msg = self.getreply()
        self.banner = _text(f"{code} {msg.decode('utf-8', 'replace')}")
        if code != 220:
            raise StepError(self.banner)


class _IMAP(imaplib.IMAP4):
    def __init__(self, sock: socket.socket, host: str, timeout: float):
        self._given = sock
        super().__init__(net.ascii_host(host), 0, timeout)

    def _create_socket(self, timeout):  # noqa: D401 - imaplib's hook
        return self._given


class _POP3(poplib.POP3):
    def __init__(self, sock: socket.socket, host: str, timeout: float):
        self._given = sock
        super().__init__(net.ascii_host(host), 0, timeout)

    def _create_socket(self, timeout):
        return self._given


def _text(value: Any) -> str:
    """What a mail server said, :func:`~ticketcli.validate.printable` (it is shown, and goes into
    the ticket)."""
    from ..validate import printable

    if isinstance(value, bytes):
        return printable(value[:4096].decode("utf-8", "replace"), 300, one_line=True)
    if isinstance(value, (list, tuple)) and value:
        return printable(" ".join(_text(v) for v in value), 300, one_line=True)
    return printable(value, 300, one_line=True)


def protocol_error(exc: BaseException, deadline) -> str:
    """The exact text of a protocol failure (the server's own words when it sent any), or the
    time-out's when the run's budget ran out."""
    if deadline.expired():
        return net.timeout_text(deadline.seconds)
    timeout = deadline.seconds
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}".strip()
    if isinstance(exc, smtplib.SMTPServerDisconnected):
        cause = exc.__context__
        if isinstance(cause, (socket.timeout, TimeoutError)):
            return net.timeout_text(timeout)
        if isinstance(cause, OSError) and not str(exc):
            return net.error_text(cause, timeout)
        return _text(str(exc))
    if isinstance(exc, (imaplib.IMAP4.error, poplib.error_proto)):
        return _text(exc.args[0] if exc.args else exc)
    if isinstance(exc, StepError):
        return exc.text
    return _text(net.error_text(exc, timeout))  # smtplib's and imaplib's errors quote the server


# ---- one port ----------------------------------------------------------------------------
class _Session:
    """An open protocol session: greeting read, capabilities known, TLS started if asked."""

    def __init__(self, protocol: str, client: Any):
        self.protocol = protocol
        self.client = client

    @classmethod
    def open(cls, protocol: str, sock: socket.socket, host: str, timeout: float) -> tuple["_Session", dict[str, Any]]:
        facts: dict[str, Any] = {}
        if protocol == "smtp":
            client = _SMTP(sock, host, timeout)
            facts["banner"] = client.banner
            code, _ = client.ehlo()
            if code != 250:
                client.helo()
            facts["starttls"] = client.has_extn("starttls")
            if client.has_extn("auth"):
                facts["auth"] = client.esmtp_features.get("auth", "").split()
        elif protocol == "imap":
            client = _IMAP(sock, host, timeout)
            facts["banner"] = _text(client.welcome)
            facts["starttls"] = "STARTTLS" in client.capabilities
            facts["auth"] = sorted(c[5:] for c in client.capabilities if c.startswith("AUTH="))
        else:
            client = _POP3(sock, host, timeout)
            facts["banner"] = _text(client.welcome)
            try:
                caps = client.capa()
            except poplib.error_proto:
                caps = {}
            facts["starttls"] = "STLS" in caps
            if "SASL" in caps:
                facts["auth"] = caps["SASL"]
        return cls(protocol, client), facts

    @property
    def sock(self):
        return self.client.sock

    def starttls(self, ctx) -> None:
        if self.protocol == "smtp":
            self.client.starttls(context=ctx)
            self.client.ehlo()
        elif self.protocol == "imap":
            self.client.starttls(ssl_context=ctx)
        else:
            self.client.stls(context=ctx)

    def login(self, user: str, password: str) -> str:
        if self.protocol == "smtp":
            code, msg = self.client.login(user, password)
            return f"{code} {_text(msg)}"
        if self.protocol == "imap":
            typ, data = self.client.login(user, password)
            return f"{typ} {_text(data)}"
        self.client.user(user)
        return _text(self.client.pass_(password))

    def close(self) -> None:
        try:
            if self.protocol == "smtp":
                self.client.quit()
            elif self.protocol == "imap":
                self.client.logout()
            else:
                self.client.quit()
        except Exception:  # noqa: BLE001 - closing is best effort
            pass
        try:
            self.client.sock.close()
        except Exception:  # noqa: BLE001
            pass


def _raw_starttls(protocol: str) -> Callable[[socket.socket, Any], None]:
    """The upgrade to TLS on a bare socket, to read a certificate that failed verification."""

    def readline(sock: socket.socket) -> bytes:
        line = b""
        while not line.endswith(b"\n") and len(line) < 4096:
            chunk = sock.recv(1)
            if not chunk:
                break
            line += chunk
        return line

    def run(sock: socket.socket, deadline) -> None:
        sock.settimeout(deadline.timeout())
        if protocol == "smtp":
            while readline(sock)[3:4] == b"-":
                pass
            sock.sendall(b"EHLO " + _local_name(sock).encode() + b"\r\n")
            while readline(sock)[3:4] == b"-":
                pass
            sock.sendall(b"STARTTLS\r\n")
            readline(sock)
        elif protocol == "imap":
            readline(sock)
            sock.sendall(b"t1 STARTTLS\r\n")
            while not readline(sock).startswith(b"t1 "):
                pass
        else:
            readline(sock)
            sock.sendall(b"STLS\r\n")
            readline(sock)

    return run


def probe(service: str, host: str, addrs: list[str], port: int, ctx, deadline, ca_bundle: str | None = None) -> dict[str, Any]:
    """Connect to one mail port: banner, STARTTLS, certificate (with every problem it has, when it
    does not verify: ``ca_bundle`` is what ``ctx`` trusts). StepError with the exact text."""
    _, protocol, mode = SERVICES[service]
    sock, facts = net.connect(addrs, port, deadline)
    facts = {"service": service, **facts}
    addr = facts["address"]
    if mode == "tls":
        try:
            sock, facts["tls"] = net.handshake(sock, host, ctx, deadline)
        except StepError as exc:
            tls = dict(exc.facts)
            if tls.get("verified") is False:
                tls.update(net.peek_certificate(addr, port, host, deadline, ca_bundle=ca_bundle))
            raise StepError(exc.text, {**facts, "tls": tls}) from None
    timeout = deadline.timeout()
    try:
        session, more = _Session.open(protocol, sock, host, timeout)
    except Exception as exc:  # noqa: BLE001 - every protocol failure becomes its exact text
        sock.close()
        raise StepError(protocol_error(exc, deadline), facts) from None
    facts.update(more)
    try:
        if mode == "starttls" and facts.get("starttls"):
            timeout = deadline.timeout()
            session.sock.settimeout(timeout)
            try:
                session.starttls(ctx)
            except Exception as exc:  # noqa: BLE001
                text = protocol_error(exc, deadline)
                tls: dict[str, Any] = {"verified": False} if _is_verify(exc) else {}
                if _is_verify(exc):
                    tls["verify_code"] = exc.verify_code  # type: ignore[attr-defined]
                    tls.update(net.peek_certificate(addr, port, host, deadline, starttls=_raw_starttls(protocol), ca_bundle=ca_bundle))
                facts["tls"] = tls
                raise StepError(text, facts) from None
            facts["tls"] = net.session_facts(session.sock)
    finally:
        session.close()
    return facts


def _is_verify(exc: BaseException) -> bool:
    import ssl

    return isinstance(exc, ssl.SSLCertVerificationError)


def scrub(text: str, secret: str, user: str = "") -> str:
    """``text`` without the password, in clear or in the base64 forms AUTH uses
    (:func:`ticketcli.store.secrets.redact`, which hides every secret this process has read)."""
    from ..store import secrets

    if secret:
        secrets.remember(secret, base64.b64encode(f"\0{user}\0{secret}".encode()).decode())
    return secrets.redact(text)


def login(service: str, host: str, addrs: list[str], port: int, ctx, creds: Credentials, deadline) -> dict[str, Any]:
    """Log in over TLS with the stored credentials: "login ok", or the server's text (scrubbed)."""
    _, protocol, mode = SERVICES[service]
    sock, facts = net.connect(addrs, port, deadline)
    facts = {"service": service, "port": port, "user": creds.user}
    try:
        if mode == "tls":
            sock, _ = net.handshake(sock, host, ctx, deadline)
        timeout = deadline.timeout()
        session, _ = _Session.open(protocol, sock, host, timeout)
    except StepError as exc:
        raise StepError(scrub(exc.text, creds.password, creds.user), facts) from None
    except Exception as exc:  # noqa: BLE001
        sock.close()
        raise StepError(scrub(protocol_error(exc, deadline), creds.password, creds.user), facts) from None
    try:
        timeout = deadline.timeout()
        session.sock.settimeout(timeout)
        if mode == "starttls":
            session.starttls(ctx)
        session.login(creds.user, creds.password)
    except Exception as exc:  # noqa: BLE001
        raise StepError(scrub(protocol_error(exc, deadline), creds.password, creds.user), facts) from None
    finally:
        session.close()
    facts["result"] = "login ok"
    return facts


# ---- the run -----------------------------------------------------------------------------
def mx_records(spec: ResolverSpec, domain: str, deadline) -> dict[str, Any]:
    name = net.ascii_host(domain)
    facts: dict[str, Any] = {"domain": domain, "resolver": spec.describe()}
    try:
        records = net.query(spec, name, "MX", deadline.timeout())
    except StepError:
        raise
    except Exception as exc:  # noqa: BLE001 - dnspython's text
        from .model import OutOfTime

        if isinstance(exc, OutOfTime):
            raise
        raise StepError(net.dns_error_text(exc), facts) from None
    mx = sorted(({"preference": r.preference, "exchange": r.exchange.to_text().rstrip(".")} for r in records), key=lambda m: (m["preference"], m["exchange"]))
    facts["mx"] = mx
    if not mx:
        raise StepError(f"no MX records for {domain}", facts)
    return facts


def diagnose_mail(
    *,
    address: str | None = None,
    server: str | None = None,
    timeout: float = 10.0,
    dns_server: str | None = None,
    ca_bundle: str | None = None,
    services: list[str] | None = None,
    ports: dict[str, int] | None = None,
    credentials: Credentials | Callable[[], Credentials] | None = None,
    progress: Progress | None = None,
) -> Diagnosis:
    """Diagnose the mail of ``address``'s domain, or of ``server``.

    ``services`` picks from :data:`SERVICES` (default: all), ``ports`` overrides their ports;
    ``credentials`` (or a function returning them, called only when a login can be tried) turns
    on the login test.
    """
    domain = address.rpartition("@")[2] if address else ""
    diag = Diagnosis("mail", address or server or "", budget=timeout)
    deadline = Deadline(timeout)
    spec = ResolverSpec(dns_server)
    chosen = services or list(SERVICES)
    ports = {name: (ports or {}).get(name, SERVICES[name][0]) for name in chosen}

    if domain:
        mx = run_step(diag, "mx", lambda: mx_records(spec, domain, deadline), progress)
    else:
        mx = skip(diag, "mx", "no_address", progress)
    host = server or (mx.facts["mx"][0]["exchange"] if mx.ok else "") or domain

    addrs = resolve_step(diag, spec, host, deadline, progress)

    checks = [Check(f"{name}:{ports[name]}") for name in chosen]
    diag.checks.extend(checks)
    ctx = net.tls_context(ca_bundle)
    if not addrs:
        for check in checks:
            check.facts["reason"] = "after_failure"
            if progress:
                progress("start", check)
                progress("done", check)
    else:
        with ThreadPoolExecutor(max_workers=len(checks) or 1) as pool:
            for name, check in zip(chosen, checks):
                pool.submit(execute, check, lambda n=name: probe(n, host, addrs, ports[n], ctx, deadline, ca_bundle), progress)

    if credentials is not None:
        by_name = dict(zip(chosen, checks))
        for kind, candidates in (("smtp", ("submission", "smtps")), ("imap", ("imaps", "imap"))):
            usable = [
                n for n in candidates
                if n in by_name and by_name[n].ok
                and (SERVICES[n][2] == "tls" or by_name[n].facts.get("starttls"))
            ]
            if not usable:
                skip(diag, f"login:{kind}", "no_tls_port", progress)
                continue
            service = usable[0]

            def attempt(service=service) -> dict[str, Any]:
                from ..errors import TicketError

                try:
                    creds = credentials() if callable(credentials) else credentials
                except TicketError as exc:  # no stored password: say which command sets it
                    raise StepError(exc.message, {"service": service}) from None
                return login(service, host, addrs, ports[service], ctx, creds, deadline)

            run_step(diag, f"login:{kind}", attempt, progress)
    deadline.close()
    diag.duration = deadline.elapsed()
    return diag


