"""The support-API channel's HTTP layer (ticketcli/backends/wire.py) against real servers on
127.0.0.1: proxies from the environment (CONNECT for https, absolute URLs for http, NO_PROXY,
credentials), multipart bodies, answers, failures."""

from __future__ import annotations

import pytest

from servers.api_server import TOKEN, ApiServer
from servers.certs import make_certs, server_context
from servers.diag_servers import closed_port
from servers.helpers import configure, queue
from servers.proxy import Proxy

from ticketcli.backends import wire
from ticketcli.history import History

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy")


@pytest.fixture(autouse=True)
def no_proxy_env(monkeypatch):
    for name in PROXY_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TICKETCLI_API_TOKEN", TOKEN)


def test_http_through_a_proxy_from_the_environment(monkeypatch, run_cli):
    with ApiServer() as srv, Proxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        profile = configure(backend="api", api_url=srv.url)
        item = queue(profile)
        code, _, err = run_cli("send", "--all")
        assert code == 0, err
        assert len(srv.tickets) == 1
        assert proxy.seen and proxy.seen[0][0] == "POST" and proxy.seen[0][1] == f"{srv.url}/tickets"
        assert History().load_uuid(item.uuid)["receipt"]["id"]


def test_https_through_a_proxy_tunnel_with_credentials(tmp_path, monkeypatch, run_cli):
    ca, cert, key = make_certs(tmp_path)
    with ApiServer(tls_context=server_context(cert, key)) as srv, Proxy(user="me", password="p@ss") as proxy:
        monkeypatch.setenv("HTTPS_PROXY", f"http://me:p%40ss@127.0.0.1:{proxy.port}")
        assert srv.url.startswith("https://127.0.0.1:")
        profile = configure(backend="api", api_url=srv.url, ca_bundle=str(ca))
        queue(profile)
        code, _, err = run_cli("send", "--all")
        assert code == 0, err
        assert len(srv.tickets) == 1
        method, target, auth = proxy.seen[0]
        assert (method, target) == ("CONNECT", srv.url.split("://", 1)[1])
        assert auth == proxy.expected  # the password never appears anywhere else


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_proxy_that_refuses_the_credentials_stops_the_run_naming_the_fix(scheme, tmp_path, monkeypatch, run_cli):
    ca, cert, key = make_certs(tmp_path)
    tls = server_context(cert, key) if scheme == "https" else None
    with ApiServer(tls_context=tls) as srv, Proxy(user="me", password="right") as proxy:
        monkeypatch.setenv(f"{scheme.upper()}_PROXY", f"http://me:wrong@127.0.0.1:{proxy.port}")
        profile = configure(backend="api", api_url=srv.url, ca_bundle=str(ca))
        queue(profile)
        queue(profile)
        code, _, err = run_cli("send", "--all")
        assert code == 5 and "The proxy refused the credentials (HTTP 407)" in err and "HTTPS_PROXY" in err
        assert not srv.tickets and len(proxy.seen) == 1  # the run stopped after the first ticket
        assert "wrong" not in err


def test_no_proxy_is_honoured(monkeypatch, run_cli):
    with ApiServer() as srv, Proxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
        profile = configure(backend="api", api_url=srv.url)
        queue(profile)
        code, _, err = run_cli("send", "--all")
        assert code == 0, err
        assert len(srv.tickets) == 1 and proxy.seen == []


def test_an_https_proxy_address_is_refused_clearly(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "https://proxy.example:8443")
    with pytest.raises(wire.WireError, match="an http:// proxy is needed"):
        wire.proxy_for("https", "desk.example")


def test_multipart_names_survive_quotes_line_breaks_and_cyrillic(tmp_path):
    """A file name a person typed arrives as they typed it (quotes and breaks escaped as
    browsers do), next to the JSON part, whatever the bytes of the file."""
    data = bytes(range(256)) * 64
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    with ApiServer() as srv:
        client = wire.Client(srv.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5, connect_timeout=5)
        parts = [
            wire.Part("ticket", "application/json", data=wire.json_body({"type": "other", "subject": "s"})),
            wire.Part("attachments", "application/octet-stream", path=path, filename='скрин "1".png'),
        ]
        answer = client.request("POST", "/tickets", headers={"Idempotency-Key": "k1"}, parts=parts)
        client.close()
    assert answer.status_code == 201 and answer.json()["id"]
    (stored,) = srv.tickets.values()
    assert stored["files"] == {"скрин %221%22.png": data}


def test_answers_are_read_as_their_charset_says(tmp_path):
    import http.client

    headers = http.client.HTTPMessage()
    headers["Content-Type"] = "text/plain; charset=koi8-r"
    answer = wire.Response(200, "OK", headers, "Привет".encode("koi8-r"))
    assert answer.text == "Привет"
    headers.replace_header("Content-Type", "text/plain; charset=no-such-charset")
    assert wire.Response(200, "OK", headers, "Привет".encode()).text == "Привет"


def test_a_refused_connection_and_a_plain_http_server_on_the_tls_port():
    client = wire.Client(f"http://127.0.0.1:{closed_port()}", headers={}, timeout=2, connect_timeout=2)
    with pytest.raises(wire.WireError) as info:
        client.request("GET", "/tickets/1")
    assert info.value.kind == "connect"
    with ApiServer() as srv:  # plain http where https is expected: not a certificate problem
        client = wire.Client(srv.url.replace("http://", "https://"), headers={}, timeout=2, connect_timeout=2)
        with pytest.raises(wire.WireError) as info:
            client.request("GET", "/tickets/1")
        assert info.value.kind == "connect"


def test_keep_alive_connections_are_reused_across_requests():
    with ApiServer() as srv:
        client = wire.Client(srv.url, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=5, connect_timeout=5)
        for i in range(5):
            answer = client.request("POST", "/tickets", headers={"Idempotency-Key": f"k{i}"}, json={"type": "other", "subject": f"s{i}"})
            assert answer.status_code == 201
        idle = [conn for conns in client.pool._idle.values() for conn in conns]
        client.close()
    assert len(idle) == 1 and len(srv.tickets) == 5
