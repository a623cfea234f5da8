"""Diagnostics against hostile or broken servers (issue 16): the whole truth about a certificate
and the page behind it, nothing a server says reaching the terminal raw, a redirect to an
address that cannot exist, and the budget held over TLS too.

Real servers on 127.0.0.1: tests/servers/diag_servers.py (a test CA, leaves with any dates, the
stdlib HTTP server), tests/servers/hostile_desk.py (raw HTTP answers), aiosmtpd.
"""

from __future__ import annotations

import json
import socket
import time

import pytest
from servers import hostile_desk as hd
from servers.diag_servers import HttpServer, SilentServer
from servers.smtp_server import SmtpServer

from ticketcli.diagnose.lines import ticket_lines
from ticketcli.diagnose.mail import diagnose_mail
from ticketcli.diagnose.site import diagnose_site

ZONE = {name: {"A": ["127.0.0.1"]} for name in ("old.test", "later.test", "wrong.test", "evil.test", "mx.test")}
ESC = "\x1b"
HOSTILE = f"{ESC}[2J{ESC}]0;pwned{ESC}\\\x9b31mRED\x07\x08"  # clear screen, set the title, CSI, BEL, BS


def problems(check) -> list[str]:
    return [p["problem"] for p in check.facts.get("problems", [])]


# ---- the whole truth about a certificate --------------------------------------------------
def test_a_self_signed_certificate_that_expired_30_days_ago_is_both_and_the_page_is_still_read(pki, dns, run_cli):
    """It was reported only as "self-signed certificate" (the JSON had days_left: -31 and
    nothing said expired), and the HTTP step was skipped."""
    leaf = pki.leaf("old", ["old.test"], self_signed=True, days=(-395, -30))
    with HttpServer(leaf, host="old.test") as srv:
        diag = diagnose_site(srv.url("/502"), timeout=5, dns_server=dns.address)
        code, out, err = run_cli("diagnose", "site", srv.url("/502"), "--dns-server", dns.address, "--json")
        code_ru, _, err_ru = run_cli("--lang", "ru", "diagnose", "site", srv.url("/502"), "--dns-server", dns.address)
    tls = diag.check("tls")
    assert tls.error == "self-signed certificate"  # OpenSSL's own words stay
    assert problems(tls) == ["expired", "self_signed"]
    expired_on = tls.facts["not_after"][:10]
    assert tls.facts["problems"][0]["date"] == expired_on
    # the page behind the warning: its status and title, marked as not verified
    http = diag.check("http")
    assert http.status == "failed" and http.error == "502 Bad Gateway"
    assert http.facts["verified"] is False and http.facts["title"] == "502 Bad Gateway"
    en = ticket_lines(diag, "en", when="now")
    assert f"TLS: self-signed certificate; what is wrong with the certificate: it expired on {expired_on}; it is self-signed (certificate CN=old.test, issued by CN=old.test, valid until {expired_on})" in en
    assert any(line.startswith("HTTP without verifying the certificate (what the browser shows after its warning is accepted): HTTP/1.0 502 Bad Gateway, server nginx") for line in en)
    assert "Error page title: \u201c502 Bad Gateway\u201d" in en
    ru = ticket_lines(diag, "ru", when="now")
    assert any(f"что не так с сертификатом: срок действия истёк {expired_on}; он самоподписанный" in line for line in ru)
    assert any(line.startswith("HTTP без проверки сертификата") for line in ru)
    # the JSON and the terminal say the same
    doc = json.loads(out)
    assert code == 1 and [p["problem"] for p in doc["checks"][2]["facts"]["problems"]] == ["expired", "self_signed"]
    assert doc["checks"][3]["facts"]["verified"] is False
    assert code_ru == 1


def test_not_yet_valid_unknown_issuer_and_wrong_names_are_each_said(pki, dns):
    """Without the test CA trusted, a leaf for other.test, valid from next week, shown by
    later.test: three problems, each in words; the page is still read (200, its title)."""
    leaf = pki.leaf("later", ["other.test", "www.other.test"], days=(7, 30))
    with HttpServer(leaf, host="later.test") as srv:
        diag = diagnose_site(srv.url("/"), timeout=5, dns_server=dns.address)
    tls = diag.check("tls")
    assert problems(tls) == ["not_yet_valid", "unknown_issuer", "wrong_host"]
    starts = tls.facts["not_before"][:10]
    en = " ".join(ticket_lines(diag, "en"))
    assert f"it is not valid until {starts}" in en
    assert "it is issued by a certificate authority this computer does not trust" in en
    assert "it is for other.test, www.other.test, not for later.test" in en
    ru = " ".join(ticket_lines(diag, "ru"))
    assert f"он действует только с {starts}" in ru and "он выдан для other.test, www.other.test, а не для later.test" in ru
    http = diag.check("http")
    assert http.status == "ok" and http.facts["verified"] is False and http.facts["title"] == "It works"
    assert "Page title: \u201cIt works\u201d" in ticket_lines(diag, "en")


def test_a_certificate_that_verifies_has_no_problems_and_no_unverified_fetch(pki, dns):
    with HttpServer(pki.leaf("fine", ["old.test"]), host="old.test") as srv:
        diag = diagnose_site(srv.url("/"), timeout=5, dns_server=dns.address, ca_bundle=str(pki.ca_path))
    assert diag.check("tls").status == "ok" and "problems" not in diag.check("tls").facts
    assert "verified" not in diag.check("http").facts and "title" not in diag.check("http").facts


def test_mail_ports_say_every_problem_of_the_certificate_too(pki, dns):
    leaf = pki.leaf("mxold", ["mx.test"], self_signed=True, days=(-100, -30))
    with SmtpServer(leaf.context()) as smtp:
        diag = diagnose_mail(server="mx.test", dns_server=dns.address, services=["submission"],
                             ports={"submission": smtp.port}, timeout=5)
    sub = diag.checks[-1]
    assert sub.status == "failed" and [p["problem"] for p in sub.facts["tls"]["problems"]] == ["expired", "self_signed"]
    line = [x for x in ticket_lines(diag, "en") if x.startswith("SUBMISSION")][0]
    assert "what is wrong with the certificate: it expired on" in line and "it is self-signed" in line


# ---- nothing a server says reaches the terminal raw ------------------------------------------
def test_a_sites_reason_phrase_server_header_and_title_are_printable(dns, run_cli):
    page = f"<html><title>Down {HOSTILE} {'x' * 5000}</title></html>".encode()
    answer = (f"HTTP/1.1 503 Busy {HOSTILE}\r\nServer: nginx {HOSTILE}\r\nContent-Type: text/html\r\n"
              f"Content-Length: {len(page)}\r\n\r\n").encode("latin-1", "replace") + page
    with hd.HostileDesk(hd.raw(answer)) as site:
        url = site.url.replace("127.0.0.1", "evil.test") + "/"
        diag = diagnose_site(url, timeout=5, dns_server=dns.address)
        code, out, err = run_cli("diagnose", "site", url, "--dns-server", dns.address)
    http = diag.check("http").facts
    for text in (http["reason"], http["server"], http["title"], *ticket_lines(diag, "en")):
        assert not any(ord(ch) < 32 or 127 <= ord(ch) < 160 for ch in text), repr(text)
    assert http["reason"].startswith("Busy") and http["server"].startswith("nginx") and "RED" in http["server"]
    assert len(http["title"]) <= 200
    assert code == 1 and ESC not in out + err and "\x9b" not in out + err


class _BannerServer(SilentServer):
    """An SMTP server whose every reply carries escape sequences."""

    def serve(self, conn: socket.socket) -> None:
        try:
            conn.sendall(f"220 mail {HOSTILE} ready\r\n".encode("utf-8"))
            for line in conn.makefile("rb"):
                if line.upper().startswith(b"QUIT"):
                    conn.sendall(b"221 bye\r\n")
                    return
                conn.sendall(f"250 ok {HOSTILE}\r\n".encode("utf-8"))
        except OSError:
            pass


def test_an_smtp_banner_is_printable(dns):
    with _BannerServer() as srv:
        diag = diagnose_mail(server="127.0.0.1", services=["smtp"], ports={"smtp": srv.port}, timeout=3)
    check = diag.checks[-1]
    texts = [check.error, str(check.facts.get("banner", "")), *ticket_lines(diag, "en")]
    assert any("220 mail" in text for text in texts)
    for text in texts:
        assert ESC not in text and "\x9b" not in text and "\x07" not in text, repr(text)


# ---- an address no browser could open ----------------------------------------------------------
@pytest.mark.parametrize("location", ["http://127.0.0.1:99999/", "http://[::1/", "ftp://127.0.0.1/"])
def test_a_redirect_to_an_impossible_address_is_a_failed_step_not_a_crash(location, dns, run_cli):
    answer = f"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n\r\n".encode()
    with hd.HostileDesk(hd.raw(answer)) as site:
        url = site.url + "/"
        diag = diagnose_site(url, timeout=5, dns_server=dns.address)
        code, out, err = run_cli("diagnose", "site", url, "--dns-server", dns.address)
    http = diag.check("http")
    # ours, or httpx's own words when it already refuses the Location header
    assert http.status == "failed" and http.error in (f"the redirect leads to an address that cannot be opened: {location}",
                                                      "bad HTTP answer: Invalid URL in location header: Invalid port: ':1'.")
    assert code == 1 and "Internal error" not in err and "Traceback" not in err


# ---- the budget over TLS ---------------------------------------------------------------------
def test_the_budget_holds_over_tls_too(pki, dns):
    """The deadline watched the plain socket, which TLS detaches: a site that trickles its
    answer over https ran as long as it liked."""
    leaf = pki.leaf("slow", ["old.test"])
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n" + b"x" * 40
    with hd.HostileDesk(hd.trickle(answer, 0.2), tls=leaf.context(), give_up=20) as site:
        url = site.url.replace("127.0.0.1", "old.test") + "/"
        t0 = time.monotonic()
        diag = diagnose_site(url, timeout=1.5, dns_server=dns.address, ca_bundle=str(pki.ca_path))
        took = time.monotonic() - t0
    assert diag.check("tls").status == "ok"
    assert diag.check("http").error == "timed out: no answer within the 1.5 s limit"
    assert took < 1.5 + 0.5, took
