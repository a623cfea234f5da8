"""`ticket diagnose site` against real servers on 127.0.0.1: certificates (valid, expired,
self-signed, wrong host, unknown CA), a closed port, a server that never answers, redirects, an
error page, and a DNS server on a loopback port. Each test asserts the exact error text."""

from __future__ import annotations

import json
import time

import pytest
from servers.diag_servers import CA_NAME, DnsServer, HttpServer, Pki, SilentServer, closed_port

from ticketcli.diagnose.lines import ticket_lines
from ticketcli.diagnose.site import diagnose_site

ZONE = {
    "valid.test": {"A": ["127.0.0.1"]},
    "expired.test": {"A": ["127.0.0.1"]},
    "selfsigned.test": {"A": ["127.0.0.1"]},
    "wrong.test": {"A": ["127.0.0.1"]},
    "v6.test": {"AAAA": ["::1"], "A": ["127.0.0.1"]},
    "empty.test": {},
}


def run(url: str, dns: DnsServer, pki: Pki | None = None, timeout: float = 5.0):
    return diagnose_site(url, timeout=timeout, dns_server=dns.address, ca_bundle=str(pki.ca_path) if pki else None)


def statuses(diag) -> dict[str, str]:
    return {c.name: c.status for c in diag.checks}


def test_valid_certificate_and_page(pki, dns):
    with HttpServer(pki.leaf("valid", ["valid.test"]), host="valid.test") as srv:
        diag = run(srv.url("/"), dns, pki)
    assert statuses(diag) == {"dns": "ok", "tcp": "ok", "tls": "ok", "http": "ok"}
    assert diag.check("dns").facts["a"] == ["127.0.0.1"]
    assert diag.check("dns").facts["resolver"] == dns.address
    tls = diag.check("tls").facts
    assert tls["subject"] == "CN=valid.test" and tls["issuer"] == f"CN={CA_NAME}"
    assert tls["protocol"] == "TLSv1.3" and tls["verified"] is True and tls["days_left"] >= 9
    http = diag.check("http").facts
    assert http["status_line"] == "HTTP/1.0 200 OK" and http["server"] == "nginx"
    assert diag.ok and diag.first_error() == ""


def test_expired_certificate(pki, dns):
    with HttpServer(pki.leaf("expired", ["expired.test"], expired=True), host="expired.test") as srv:
        diag = run(srv.url("/"), dns, pki)
    tls = diag.check("tls")
    assert tls.status == "failed"
    assert tls.error == "certificate has expired"
    assert tls.facts["verified"] is False
    # described through a second, non-verifying handshake: facts, not trust
    assert tls.facts["subject"] == "CN=expired.test" and tls.facts["days_left"] < 0
    # every problem, in words (issue 16): here the one OpenSSL named
    assert [p["problem"] for p in tls.facts["problems"]] == ["expired"]
    # and the page as the client sees it after clicking through, marked unverified
    http = diag.check("http")
    assert http.status == "ok" and http.facts["verified"] is False and http.facts["title"] == "It works"
    lines = ticket_lines(diag, "ru", when="2026-01-01 10:00")
    assert any(line.startswith("TLS: certificate has expired; что не так с сертификатом: срок действия истёк ") and
               "(сертификат CN=expired.test, выдан CN=ticketcli diagnose test CA, действует до" in line for line in lines)
    en = ticket_lines(diag, "en", when="2026-01-01 10:00")
    assert en[0] == f"Checked {srv.url('/')} from the client's computer, 2026-01-01 10:00"


def test_self_signed_certificate(pki, dns):
    with HttpServer(pki.leaf("selfsigned", ["selfsigned.test"], self_signed=True), host="selfsigned.test") as srv:
        diag = run(srv.url("/"), dns, pki)
    tls = diag.check("tls")
    assert tls.error == "self-signed certificate"
    assert tls.facts["issuer"] == "CN=selfsigned.test"


def test_wrong_host_certificate(pki, dns):
    with HttpServer(pki.leaf("other", ["other.test"]), host="wrong.test") as srv:
        diag = run(srv.url("/"), dns, pki)
    tls = diag.check("tls")
    assert tls.error == "Hostname mismatch, certificate is not valid for 'wrong.test'."
    assert tls.facts["names"] == ["other.test"]


def test_unknown_ca_without_the_bundle(pki, dns):
    with HttpServer(pki.leaf("valid2", ["valid.test"]), host="valid.test") as srv:
        diag = run(srv.url("/"), dns, None)
    assert diag.check("tls").error == "unable to get local issuer certificate"


def test_closed_port(dns):
    diag = run(f"https://valid.test:{closed_port()}/", dns)
    tcp = diag.check("tcp")
    assert tcp.status == "failed" and tcp.error == "Connection refused"
    assert tcp.facts["tried"] == [{"address": "127.0.0.1", "error": "Connection refused"}]
    assert statuses(diag)["tls"] == statuses(diag)["http"] == "skipped"
    assert "Connection to valid.test port" in ticket_lines(diag, "en")[2] and ticket_lines(diag, "en")[2].endswith(": Connection refused")


@pytest.mark.parametrize("scheme,step", [("http", "http"), ("https", "tls")])
def test_server_that_never_answers_is_bounded_by_the_budget(dns, scheme, step):
    with SilentServer() as srv:
        t0 = time.monotonic()
        diag = run(f"{scheme}://127.0.0.1:{srv.port}/", dns, timeout=1.5)
        took = time.monotonic() - t0
    check = diag.check(step)
    assert check.status == "failed"
    assert check.error == "timed out: no answer within the 1.5 s limit"
    assert took < 1.5 + 0.5, took
    assert diag.check("tcp").status == "ok"


def test_redirect_chain_is_recorded(pki, dns):
    with HttpServer(pki.leaf("valid3", ["valid.test"]), host="valid.test") as srv:
        diag = run(srv.url("/r1"), dns, pki)
    http = diag.check("http").facts
    assert [(e["status"], e["url"]) for e in http["chain"]] == [(301, srv.url("/r1")), (302, srv.url("/r2")), (200, srv.url("/ok"))]
    assert http["final_url"] == srv.url("/ok")
    lines = ticket_lines(diag, "en")
    assert f"Redirects: {srv.url('/r1')} (301) → {srv.url('/r2')} (302) → {srv.url('/ok')} (200)" in lines


def test_redirect_loop(dns):
    with HttpServer() as srv:
        diag = run(srv.url("/loop"), dns)
    http = diag.check("http")
    assert http.error == "more than 10 redirects" and len(http.facts["chain"]) == 11


def test_error_page_status_and_title(dns):
    with HttpServer() as srv:
        diag = run(srv.url("/502"), dns)
    http = diag.check("http")
    assert http.status == "failed"
    assert http.error == "502 Bad Gateway"
    assert http.facts["status_line"] == "HTTP/1.0 502 Bad Gateway"
    assert http.facts["title"] == "502 Bad Gateway"
    assert diag.first_error() == "502 Bad Gateway"
    assert diag.check("dns").status == "skipped" and diag.check("dns").facts["reason"] == "ip_literal"
    ru = ticket_lines(diag, "ru")
    assert "Заголовок страницы ошибки: «502 Bad Gateway»" in ru


def test_unknown_name(dns):
    diag = run("https://missing.test/", dns)
    assert diag.check("dns").error == "The DNS query name does not exist: missing.test."
    assert statuses(diag) == {"dns": "failed", "tcp": "skipped", "tls": "skipped", "http": "skipped"}


def test_name_without_addresses(dns):
    diag = run("https://empty.test/", dns)
    assert diag.check("dns").error == "no A or AAAA records for empty.test"


def test_ipv6_records_are_reported(dns):
    with HttpServer() as srv:
        diag = run(f"http://v6.test:{srv.port}/", dns)
    assert diag.check("dns").facts["aaaa"] == ["::1"]
    assert diag.check("tcp").facts["address"] == "127.0.0.1"


# ---- the command -----------------------------------------------------------------------------
def test_cli_json(run_cli, dns):
    with HttpServer() as srv:
        code, out, err = run_cli("diagnose", "site", srv.url("/502"), "--json", "--dns-server", dns.address, "--timeout", "3")
    assert code == 1, err
    doc = json.loads(out)
    assert doc["kind"] == "site" and doc["ok"] is False and doc["budget_s"] == 3
    http = [c for c in doc["checks"] if c["name"] == "http"][0]
    assert http["error"] == "502 Bad Gateway" and http["status"] == "failed"


def test_cli_people_view_and_ok_exit(run_cli, pki, dns):
    with HttpServer(pki.leaf("valid4", ["valid.test"]), host="valid.test") as srv:
        code, out, err = run_cli("diagnose", "site", srv.url("/"), "--ca-bundle", str(pki.ca_path), "--dns-server", dns.address)
    assert code == 0, err
    assert "HTTP/1.0 200 OK" in out and "CN=valid.test" in out and "All checks passed" in out


def test_cli_dns_server_from_the_environment(run_cli, dns, monkeypatch):
    monkeypatch.setenv("TICKETCLI_DNS_SERVER", dns.address)
    code, out, _ = run_cli("diagnose", "site", "https://missing.test/", "--json")
    assert code == 1
    assert json.loads(out)["checks"][0]["error"] == "The DNS query name does not exist: missing.test."


@pytest.mark.parametrize(
    "args,message",
    [
        (["nota url"], "'nota url' is not a web address"),
        (["example.ru", "--timeout", "0"], "--timeout takes seconds above 0 and at most 300, got '0'."),
        (["example.ru", "--dns-server", "dns.example"], "The DNS server must be an IP address with an optional port (127.0.0.1:5353), got 'dns.example'."),
        (["example.ru", "--ca-bundle", "/nonexistent/ca.pem"], "Cannot read the CA bundle '/nonexistent/ca.pem': No such file or directory."),
    ],
)
def test_cli_bad_input_is_one_line(run_cli, args, message):
    code, out, err = run_cli("diagnose", "site", *args)
    assert code == 2
    assert message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_client_facts_only_when_asked(run_cli, dns):
    code, out, _ = run_cli("diagnose", "site", "https://missing.test/", "--json", "--dns-server", dns.address)
    assert "client" not in json.loads(out)
    code, out, _ = run_cli("diagnose", "site", "https://missing.test/", "--json", "--dns-server", dns.address, "--client-facts")
    client = json.loads(out)["client"]
    assert set(client) == {"os", "browsers", "timezone"} and "UTC" in client["timezone"]


def test_dns_server_that_never_answers_is_bounded_by_the_budget():
    import re
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        port = silent.getsockname()[1]
        t0 = time.monotonic()
        diag = diagnose_site("https://valid.test/", timeout=1.5, dns_server=f"127.0.0.1:{port}")
        took = time.monotonic() - t0
    dns = diag.check("dns")
    assert dns.status == "failed"
    assert re.fullmatch(rf"The resolution lifetime expired after \d+\.\d+ seconds: Server Do53:127\.0\.0\.1@{port} answered The DNS operation timed out\.", dns.error), dns.error
    assert took < 1.5 + 0.5, took


@pytest.mark.parametrize("payload, repeat", [
    (b"HTTP/1.1 200 OK\r\nServer: slow\r\nContent-Length: 5\r\n\r\nhello", False),  # a byte at a time
    (b"HTTP/1.1 100 Continue\r\n\r\n", True),  # an endless run of 100 Continue, fast
])
def test_the_budget_holds_for_the_whole_run_whatever_the_server_sends(dns, payload, repeat):
    """Issue 16: each read used to get the whole remaining budget again (45 s for --timeout 3)."""
    from servers.diag_servers import TrickleServer

    with TrickleServer(payload, interval=0.2 if not repeat else 0.001, repeat=repeat) as srv:
        t0 = time.monotonic()
        diag = run(f"http://127.0.0.1:{srv.port}/", dns, timeout=1.5)
        took = time.monotonic() - t0
    assert took < 1.5 + 0.5, took
    assert diag.check("http").status == "failed"
    assert diag.check("http").error == "timed out: no answer within the 1.5 s limit"
    assert diag.to_dict()["duration_ms"] <= 2000


def test_ca_bundle_means_these_cas_only_and_the_profiles_is_not_used(run_cli, pki, dns, tmp_path, monkeypatch):
    """The one meaning of a CA bundle (ticketcli/channels/http.py): it replaces the platform's
    trust store. Here the platform's store (SSL_CERT_FILE, honoured by OpenSSL's defaults)
    trusts the site's CA; --ca-bundle naming another CA is refused; the profile's ca_bundle (the
    desk's CA) does not change what a site check trusts."""
    from servers.certs import make_certs

    other_ca, _, _ = make_certs(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(pki.ca_path))
    code, _, err = run_cli("config", "set", "ca_bundle", str(other_ca))
    assert code == 0, err
    with HttpServer(pki.leaf("valid5", ["valid.test"]), host="valid.test") as srv:
        assert statuses(diagnose_site(srv.url("/"), dns_server=dns.address, timeout=5)) == {"dns": "ok", "tcp": "ok", "tls": "ok", "http": "ok"}
        diag = diagnose_site(srv.url("/"), dns_server=dns.address, timeout=5, ca_bundle=str(other_ca))
        assert diag.check("tls").error == "unable to get local issuer certificate"
        code, out, err = run_cli("diagnose", "site", srv.url("/"), "--dns-server", dns.address, "--json")
    assert code == 0, err + out
