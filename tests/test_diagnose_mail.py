"""`ticket diagnose mail` against real servers on 127.0.0.1: a DNS server serving MX and A
records, aiosmtpd with STARTTLS and AUTH, Dovecot IMAP (STARTTLS and IMAPS), closed ports and a
server that never answers. Each test asserts the exact text the diagnosis reports; the login test
never shows the password."""

from __future__ import annotations

import json
import time

import pytest
from servers import dovecot as dv
from servers.diag_servers import CA_NAME, SilentServer, closed_port
from servers.smtp_server import PASSWORD, USER, SmtpServer

from ticketcli.diagnose.lines import ticket_lines
from ticketcli.diagnose.mail import Credentials, diagnose_mail, scrub

ZONE = {
    "example.test": {"MX": [(20, "mx2.example.test"), (10, "mx.example.test")], "A": ["127.0.0.1"]},
    "mx.example.test": {"A": ["127.0.0.1"]},
    "mx2.example.test": {"A": ["127.0.0.1"]},
    "nomx.test": {"A": ["127.0.0.1"]},
}


@pytest.fixture(scope="module")
def leaf(pki):
    return pki.leaf("mx", ["mx.example.test", "localhost", "127.0.0.1"])


@pytest.fixture
def smtp(leaf):
    with SmtpServer(leaf.context()) as server:
        yield server


@pytest.fixture(scope="module")
def imap(leaf):
    if dv.dovecot_binary() is None:
        pytest.skip("Dovecot is not installed (Debian: apt-get install dovecot-imapd; .ci/run installs it)")
    with dv.Dovecot(leaf.cert, leaf.key) as server:
        yield server


def by_name(diag) -> dict:
    return {c.name.split(":")[0]: c for c in diag.checks}


def test_mx_records_pick_the_server(dns, pki, smtp):
    diag = diagnose_mail(
        address="owner@example.test", dns_server=dns.address, ca_bundle=str(pki.ca_path),
        services=["submission"], ports={"submission": smtp.port}, timeout=5,
    )
    checks = by_name(diag)
    assert checks["mx"].facts["mx"] == [{"preference": 10, "exchange": "mx.example.test"}, {"preference": 20, "exchange": "mx2.example.test"}]
    assert checks["dns"].facts["host"] == "mx.example.test" and checks["dns"].facts["a"] == ["127.0.0.1"]
    sub = checks["submission"]
    assert sub.status == "ok", sub.error
    assert sub.facts["banner"].startswith("220 ") and "Python SMTP" in sub.facts["banner"]
    assert sub.facts["starttls"] is True
    tls = sub.facts["tls"]
    assert tls["verified"] is True and tls["subject"] == "CN=mx.example.test" and tls["issuer"] == f"CN={CA_NAME}"
    lines = ticket_lines(diag, "en")
    assert "MX example.test: 10 mx.example.test, 20 mx2.example.test" in lines
    assert any(line.startswith(f"SUBMISSION mx.example.test:{smtp.port}: 220 ") and "STARTTLS offered; TLS: TLSv1.3, certificate CN=mx.example.test" in line for line in lines)


def test_no_mx_records_and_unknown_domain(dns):
    diag = diagnose_mail(address="a@nomx.test", dns_server=dns.address, services=["smtp"], ports={"smtp": closed_port()}, timeout=3)
    assert by_name(diag)["mx"].error == "no MX records for nomx.test"
    assert by_name(diag)["dns"].facts["host"] == "nomx.test"  # falls back to the domain itself
    diag = diagnose_mail(address="a@missing.test", dns_server=dns.address, services=["smtp"], timeout=3)
    assert by_name(diag)["mx"].error == "The DNS query name does not exist: missing.test."


def test_starttls_certificate_for_another_host(dns, smtp, pki):
    diag = diagnose_mail(server="mx2.example.test", dns_server=dns.address, ca_bundle=str(pki.ca_path), services=["submission"], ports={"submission": smtp.port}, timeout=5)
    sub = by_name(diag)["submission"]
    assert sub.status == "failed"
    assert sub.error == "Hostname mismatch, certificate is not valid for 'mx2.example.test'."
    assert sub.facts["banner"].startswith("220 ") and sub.facts["starttls"] is True
    assert sub.facts["tls"]["subject"] == "CN=mx.example.test"  # read without trusting it


def test_unknown_ca_on_starttls(smtp):
    diag = diagnose_mail(server="127.0.0.1", services=["submission"], ports={"submission": smtp.port}, timeout=5)
    sub = by_name(diag)["submission"]
    assert sub.error == "unable to get local issuer certificate"
    assert sub.facts["tls"]["issuer"] == f"CN={CA_NAME}"


def test_closed_ports_and_silent_server_within_budget():
    closed = closed_port()
    with SilentServer() as silent:
        t0 = time.monotonic()
        diag = diagnose_mail(
            server="127.0.0.1", services=["smtp", "smtps", "pop3"], ports={"smtp": silent.port, "smtps": closed, "pop3": closed}, timeout=1.5,
        )
        took = time.monotonic() - t0
    checks = by_name(diag)
    assert checks["smtps"].error == "Connection refused" and checks["pop3"].error == "Connection refused"
    assert checks["smtp"].error == "timed out: no answer within the 1.5 s limit"
    assert took < 2.0, took
    assert [c.name for c in diag.checks] == ["mx", "dns", f"smtp:{silent.port}", f"smtps:{closed}", f"pop3:{closed}"]


def test_smtp_login_wrong_password_never_shows_it(smtp, pki):
    secret = "wrong-secret-123"
    diag = diagnose_mail(
        server="127.0.0.1", ca_bundle=str(pki.ca_path), services=["submission"], ports={"submission": smtp.port},
        credentials=Credentials(USER, secret), timeout=5,
    )
    login = diag.check("login:smtp")
    assert login.status == "failed"
    assert login.error == "535 5.7.8 Authentication credentials invalid"
    assert secret not in json.dumps(diag.to_dict())
    assert by_name(diag)["submission"].status == "ok"


def test_scrub_removes_the_password_in_clear_and_base64():
    import base64

    secret = "s3cret!"
    plain = base64.b64encode(secret.encode()).decode()
    auth = base64.b64encode(b"\0u\0" + secret.encode()).decode()
    text = f"535 bad {secret} {plain} {auth}"
    assert scrub(text, secret, "u").split(" ", 2)[2].replace("[secret]", "").strip("= ") == ""


def test_cli_login_with_the_stored_password(run_cli, smtp, pki, monkeypatch):
    monkeypatch.setenv("TICKETCLI_SMTP_PASSWORD", PASSWORD)
    assert run_cli("config", "set", "smtp_user", USER)[0] == 0
    code, out, err = run_cli(
        "diagnose", "mail", "--server", "127.0.0.1", "--service", "submission",
        "--port", f"submission={smtp.port}", "--ca-bundle", str(pki.ca_path), "--login", "--json",
    )
    doc = json.loads(out)
    logins = {c["name"]: c for c in doc["checks"] if c["name"].startswith("login:")}
    assert logins["login:smtp"]["status"] == "ok" and logins["login:smtp"]["facts"]["result"] == "login ok"
    assert logins["login:imap"]["status"] == "skipped" and logins["login:imap"]["facts"]["reason"] == "no_tls_port"
    assert PASSWORD not in out and PASSWORD not in err
    assert code == 0, err


def test_cli_login_without_a_stored_password(run_cli, smtp, pki, monkeypatch):
    monkeypatch.delenv("TICKETCLI_SMTP_PASSWORD", raising=False)
    import keyring
    from keyring.backends import null

    monkeypatch.setattr(keyring, "get_keyring", lambda: null.Keyring())
    code, out, err = run_cli(
        "diagnose", "mail", "--server", "127.0.0.1", "--service", "submission", "--port", f"submission={smtp.port}",
        "--ca-bundle", str(pki.ca_path), "--login", "--json",
    )
    login = [c for c in json.loads(out)["checks"] if c["name"] == "login:smtp"][0]
    assert login["status"] == "failed"
    assert "TICKETCLI_SMTP_PASSWORD" in login["error"]


def test_imap_starttls_imaps_and_login(imap, pki):
    diag = diagnose_mail(
        server="127.0.0.1", ca_bundle=str(pki.ca_path), services=["imap", "imaps"],
        ports={"imap": imap.imap_port, "imaps": imap.imaps_port}, credentials=Credentials(dv.USER, dv.PASSWORD), timeout=8,
    )
    checks = {c.name.split(":")[0]: c for c in diag.checks}
    plain, tls = checks["imap"], checks["imaps"]
    assert plain.status == "ok", plain.error
    assert plain.facts["banner"].startswith("* OK [CAPABILITY IMAP4rev1") and plain.facts["banner"].endswith(dv.GREETING)
    assert plain.facts["starttls"] is True and plain.facts["tls"]["verified"] is True
    assert tls.status == "ok", tls.error
    assert tls.facts["tls"]["subject"] == "CN=mx.example.test" and tls.facts["banner"].endswith(dv.GREETING)
    login = diag.check("login:imap")
    assert login.status == "ok" and login.facts["result"] == "login ok" and login.facts["service"] == "imaps"
    assert dv.PASSWORD not in json.dumps(diag.to_dict())


def test_imap_login_refused_reports_the_servers_text(imap, pki):
    secret = "not-the-imap-password"
    diag = diagnose_mail(
        server="localhost", ca_bundle=str(pki.ca_path), services=["imap"], ports={"imap": imap.imap_port},
        credentials=Credentials(dv.USER, secret), timeout=8,
    )
    login = diag.check("login:imap")
    assert login.status == "failed"
    assert login.error == "[AUTHENTICATIONFAILED] Authentication failed."
    assert secret not in json.dumps(diag.to_dict())


def test_imap_untrusted_certificate(imap):
    diag = diagnose_mail(server="127.0.0.1", services=["imaps", "imap"], ports={"imaps": imap.imaps_port, "imap": imap.imap_port}, timeout=8)
    checks = {c.name.split(":")[0]: c for c in diag.checks}
    assert checks["imaps"].error == "unable to get local issuer certificate"
    assert checks["imap"].error == "unable to get local issuer certificate"
    assert checks["imap"].facts["tls"]["subject"] == "CN=mx.example.test"


@pytest.mark.parametrize(
    "args,message",
    [
        ([], "Give the mailbox (--address user@domain) or the mail server (--server HOST)."),
        (["--server", "bad host!"], "'bad host!' is not a host name or an IP address."),
        (["--server", "127.0.0.1", "--service", "gopher"], "Unknown mail service 'gopher'. Use: smtp, smtps, submission, imaps, imap, pop3s, pop3."),
        (["--server", "127.0.0.1", "--port", "submission"], "--port takes SERVICE=PORT (e.g. submission=2525), got 'submission'."),
        (["--address", "nobody"], "'nobody' is not an e-mail address"),
    ],
)
def test_cli_bad_input_is_one_line(run_cli, args, message):
    code, out, err = run_cli("diagnose", "mail", *args)
    assert code == 2
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("service", ["smtp", "imap"])
def test_a_trickled_banner_is_bounded_by_the_budget(service):
    """Issue 16: `diagnose mail --timeout 3` against a banner sent a byte a second ran 40 s."""
    from servers.diag_servers import TrickleServer

    banner = b"220 mail.example.ru ESMTP ready\r\n" if service == "smtp" else b"* OK IMAP4rev1 ready\r\n"
    with TrickleServer(banner, interval=0.1) as srv:
        t0 = time.monotonic()
        diag = diagnose_mail(server="127.0.0.1", timeout=1.5, services=[service], ports={service: srv.port})
        took = time.monotonic() - t0
    assert took < 1.5 + 0.5, took
    check = diag.checks[-1]
    assert check.status == "failed" and check.error == "timed out: no answer within the 1.5 s limit"
