"""The HTTP stack every channel shares (ticketcli/channels/http.py: one httpx client, httpx's own
transport), over real sockets on 127.0.0.1: proxies from the environment (and never for a
loopback desk), TLS and the one meaning of ``ca_bundle``, redirects, time-outs, keep-alive, and a
desk that sends more than its ``Content-Length``.

A desk behind a proxy needs a name that is not loopback (loopback is never proxied): the tests
use ``desk.example.test`` and map that one name to 127.0.0.1 inside the test process
(``socket.getaddrinfo``), where both the client and the test proxy resolve it. No DNS query is
ever sent.
"""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest
from conftest import REPO, ticket_env
from servers.api_server import TOKEN, ApiServer
from servers.certs import make_certs, server_context
from servers.diag_servers import SilentServer, closed_port
from servers.helpdesk import Desk, reply
from servers.helpers import configure, queue
from servers.overrun import OverrunDesk
from servers.proxy import Proxy

from ticketcli import __version__
from ticketcli.channels.api import ApiBackend
from ticketcli.channels.base import Attachment, Outgoing, PermanentError, RetryableError
from ticketcli.delivery import Sender
from ticketcli.model import Ticket
from ticketcli.store.config import Profile
from ticketcli.store.history import History
from ticketcli.store.outbox import Outbox

PROXY_VARS = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "http_proxy", "https_proxy", "all_proxy", "no_proxy")
NAME = "desk.example.test"
HD_TOKEN = "hd-s3cr3t-token-for-tests"
ZD_CREATED = {"request": {"id": 35436, "status": "new"}}


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in PROXY_VARS + ("SSL_CERT_FILE", "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TICKETCLI_API_TOKEN", TOKEN)
    monkeypatch.setenv("TICKETCLI_HELPDESK_TOKEN", HD_TOKEN)


@pytest.fixture
def desk_name(monkeypatch):
    """``desk.example.test`` resolves to 127.0.0.1 in this process; any other name as before."""
    real = socket.getaddrinfo

    def getaddrinfo(host, *args, **kwargs):
        if isinstance(host, (str, bytes)) and (host.decode() if isinstance(host, bytes) else host).lower() == NAME:
            host = "127.0.0.1"
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    return NAME


@pytest.fixture
def pki(tmp_path):
    """(ca.pem, an ssl server context) for localhost, 127.0.0.1 and desk.example.test."""
    ca, cert, key = make_certs(tmp_path, names=(NAME,))
    return ca, server_context(cert, key)


def sent_states():
    return sorted(i.state for i in Outbox().items())


# ---- a loopback desk never goes through a proxy ---------------------------------------------------
@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_a_loopback_api_url_never_goes_through_a_proxy(host, monkeypatch, run_cli, sleeps):
    """HTTP_PROXY / ALL_PROXY set: the token to a desk on this machine still goes direct (it
    went to the proxy, in clear text, before)."""
    with ApiServer() as srv, Proxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("ALL_PROXY", proxy.url)
        profile = configure(backend="api", api_url=srv.url.replace("127.0.0.1", host))
        queue(profile)
        code, _, err = run_cli("send", "--all")
        assert code == 0, err
        assert proxy.seen == [] and len(srv.tickets) == 1


def test_an_ipv6_loopback_desk_never_goes_through_a_proxy(monkeypatch):
    with Desk({("POST", "/tickets"): reply(201, {"id": "t-1", "status": "open"})}, host="::1") as desk, Proxy() as proxy:
        monkeypatch.setenv("HTTP_PROXY", proxy.url)
        monkeypatch.setenv("ALL_PROXY", proxy.url)
        with ApiBackend(Profile("default", {"api_url": desk.url}), TOKEN) as backend:
            assert backend.submit(_outgoing()).id == "t-1"
    assert proxy.seen == [] and desk.requests[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_a_loopback_https_desk_never_goes_through_a_proxy(pki, monkeypatch, run_cli, sleeps):
    ca, tls = pki
    with ApiServer(tls_context=tls) as srv, Proxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        queue(configure(backend="api", api_url=srv.url, ca_bundle=str(ca)))
        code, _, err = run_cli("send", "--all")
        assert code == 0, err
        assert proxy.seen == [] and len(srv.tickets) == 1


# ---- environment proxies: the API channel and a helpdesk ----------------------------------------
def test_api_channel_through_a_proxy_tunnel_with_credentials(desk_name, pki, monkeypatch, run_cli, sleeps):
    ca, tls = pki
    with ApiServer(tls_context=tls) as srv, Proxy(user="me", password="p@ss") as proxy:
        monkeypatch.setenv("HTTPS_PROXY", f"http://me:p%40ss@127.0.0.1:{proxy.port}")
        port = srv.httpd.server_address[1]
        item = queue(configure(backend="api", api_url=f"https://{desk_name}:{port}", ca_bundle=str(ca)))
        code, _, err = run_cli("send", "--all")
        assert code == 0, err
        assert len(srv.tickets) == 1 and History().load_uuid(item.uuid)["receipt"]["id"]
        method, target, auth = proxy.seen[0]
        assert (method, target) == ("CONNECT", f"{desk_name}:{port}")
        assert auth == proxy.expected


def test_a_proxy_that_refuses_the_credentials_stops_the_run_naming_the_fix(desk_name, pki, monkeypatch, run_cli, sleeps):
    ca, tls = pki
    with ApiServer(tls_context=tls) as srv, Proxy(user="me", password="right") as proxy:
        monkeypatch.setenv("HTTPS_PROXY", f"http://me:wrong@127.0.0.1:{proxy.port}")
        profile = configure(backend="api", api_url=f"https://{desk_name}:{srv.httpd.server_address[1]}", ca_bundle=str(ca))
        queue(profile)
        queue(profile)
        code, _, err = run_cli("send", "--all")
        assert code == 5 and "The proxy refused the credentials (HTTP 407)" in err and "HTTPS_PROXY" in err
        assert not srv.tickets and len(proxy.seen) == 1  # the run stopped after the first ticket
        assert "wrong" not in err and "Traceback" not in err


def test_no_proxy_bypasses_the_proxy_for_the_api_channel(desk_name, pki, monkeypatch, run_cli, sleeps):
    ca, tls = pki
    with ApiServer(tls_context=tls) as srv, Proxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        monkeypatch.setenv("NO_PROXY", f"other.example.test,{desk_name}")
        queue(configure(backend="api", api_url=f"https://{desk_name}:{srv.httpd.server_address[1]}", ca_bundle=str(ca)))
        code, _, err = run_cli("send", "--all")
        assert code == 0, err
        assert len(srv.tickets) == 1 and proxy.seen == []


def zendesk(desk_url: str, **extra: str):
    return configure(backend="zendesk", helpdesk_url=desk_url, helpdesk_user="agent@example.ru", **extra)


def test_a_helpdesk_goes_through_the_proxy_from_the_environment(desk_name, pki, monkeypatch, run_cli, sleeps):
    """Zendesk behind HTTPS_PROXY: a CONNECT tunnel, the credentials inside it (the channel went
    straight to the desk before, whatever the environment said)."""
    ca, tls = pki
    with Desk({("POST", "/api/v2/requests"): reply(201, ZD_CREATED)}, tls=tls) as desk, Proxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        item = queue(zendesk(f"https://{desk_name}:{desk.port}", ca_bundle=str(ca)))
        code, _, err = run_cli("send", "--all")
        assert code == 0, err
        assert [(m, t) for m, t, _ in proxy.seen] == [("CONNECT", f"{desk_name}:{desk.port}")]
        (create,) = desk.requests
        assert create.headers["authorization"].startswith("Basic ")
        assert History().load_uuid(item.uuid)["receipt"]["number"] == "35436"


def test_no_proxy_bypasses_the_proxy_for_a_helpdesk(desk_name, pki, monkeypatch, run_cli, sleeps):
    ca, tls = pki
    with Desk({("POST", "/api/v2/requests"): reply(201, ZD_CREATED)}, tls=tls) as desk, Proxy() as proxy:
        monkeypatch.setenv("HTTPS_PROXY", proxy.url)
        monkeypatch.setenv("no_proxy", ".example.test")
        queue(zendesk(f"https://{desk_name}:{desk.port}", ca_bundle=str(ca)))
        code, _, err = run_cli("send", "--all")
        assert code == 0, err
        assert proxy.seen == [] and len(desk.requests) == 1


# ---- TLS: always verified; ca_bundle means "these CAs only" --------------------------------------
def test_tls_refusal_names_ca_bundle_for_a_helpdesk(pki, run_cli, sleeps):
    ca, tls = pki
    with Desk({("POST", "/api/v2/requests"): reply(201, ZD_CREATED)}, tls=tls) as desk:
        item = queue(zendesk(desk.url))
        code, _, err = run_cli("send", "--all")
        assert code == 5 and "certificate" in err and "ca_bundle" in err
        assert desk.requests == [] and sent_states() == ["failed"]
        zendesk(desk.url, ca_bundle=str(ca))
        code, _, err = run_cli("outbox", "retry", item.short_id)
        assert code == 0, err
        assert len(desk.requests) == 1


@pytest.mark.parametrize("channel", ["api", "zendesk"])
def test_ca_bundle_replaces_the_platform_trust_store(channel, tmp_path, monkeypatch, run_cli, sleeps):
    """The platform's store (here SSL_CERT_FILE, which OpenSSL's defaults honour) trusts the
    desk's CA; a ca_bundle naming another CA makes that CA the only one trusted: refused."""
    ca, cert, key = make_certs(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    other_ca, _, _ = make_certs(other)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca))
    routes = {("POST", "/api/v2/requests"): reply(201, ZD_CREATED)}
    server = ApiServer(tls_context=server_context(cert, key)) if channel == "api" else Desk(routes, tls=server_context(cert, key))
    with server:
        def setup(**extra):
            if channel == "api":
                return configure(backend="api", api_url=server.url, **extra)
            return zendesk(server.url, **extra)

        queue(setup())
        code, _, err = run_cli("send", "--all")
        assert code == 0, err  # the platform's store: trusted
        item = queue(setup(ca_bundle=str(other_ca)))
        code, _, err = run_cli("send", item.short_id)
        assert code == 5 and "ca_bundle" in err  # only the other CA: refused
        assert [i.state for i in Outbox().items() if i.uuid == item.uuid] == ["failed"]


def test_a_plain_http_server_on_the_tls_port_is_a_network_failure_not_a_certificate():
    with ApiServer() as srv:
        backend = ApiBackend(Profile("default", {"api_url": srv.url.replace("http://", "https://"), "timeout": "5"}), TOKEN)
        with pytest.raises(RetryableError) as caught:
            backend.submit(_outgoing())
        backend.close()
    assert caught.value.kind == "network" and "certificate" not in caught.value.message


# ---- requests and answers -------------------------------------------------------------------------
def _outgoing(attachments=()):
    ticket = Ticket(type="other", contract="12-345", description="The site is down.", subject="Site down")
    return Outgoing(ticket, ticket.uuid, list(attachments))


def test_a_redirect_is_never_followed_so_the_token_stays_with_the_desk():
    with Desk() as elsewhere, Desk() as desk:
        desk.routes[("POST", "/tickets")] = reply(307, {}, {"Location": f"{elsewhere.url}/tickets"})
        backend = ApiBackend(Profile("default", {"api_url": desk.url}), TOKEN)
        with pytest.raises(PermanentError) as caught:
            backend.submit(_outgoing())
        backend.close()
    assert caught.value.status == 307
    assert elsewhere.requests == [] and len(desk.requests) == 1


def test_every_request_names_ticketcli_and_its_version(server):
    backend = ApiBackend(Profile("default", {"api_url": server.url}), TOKEN)
    backend.submit(_outgoing())
    backend.close()
    assert server.requests[0]["user_agent"] == f"ticketcli/{__version__}"


@pytest.mark.parametrize("channel", ["api", "zendesk"])
def test_a_silent_desk_is_a_retryable_time_out(channel):
    from ticketcli.channels.helpdesk.zendesk import ZendeskBackend

    with SilentServer() as srv:
        url = f"http://127.0.0.1:{srv.port}"
        if channel == "api":
            backend = ApiBackend(Profile("default", {"api_url": url, "timeout": "0.3"}), TOKEN)
        else:
            backend = ZendeskBackend(Profile("default", {"helpdesk_url": url, "helpdesk_user": "a@b.c", "timeout": "0.3"}), HD_TOKEN)
        with backend, pytest.raises(RetryableError) as caught:
            backend.submit(_outgoing())
    assert caught.value.kind == "timeout" and "did not answer in time" in caught.value.message


def test_a_refused_connection_is_a_retryable_network_failure():
    with ApiBackend(Profile("default", {"api_url": f"http://127.0.0.1:{closed_port()}"}), TOKEN) as backend:
        with pytest.raises(RetryableError) as caught:
            backend.submit(_outgoing())
    assert caught.value.kind == "network" and "Cannot reach the desk" in caught.value.message


def test_keep_alive_one_connection_for_a_run_of_tickets(server, sleeps):
    profile = configure(backend="api", api_url=server.url)
    for _ in range(12):
        queue(profile)
    with Sender(workers=1) as sender:
        results = sender.send_many(i.uuid for i in Outbox().items())
    assert [r.state for r in results] == ["sent"] * 12
    assert len({r["peer"] for r in server.posts()}) == 1


def test_multipart_names_survive_quotes_and_cyrillic_and_files_arrive_whole(server, tmp_path):
    data = bytes(range(256)) * 64
    path = tmp_path / "f.bin"
    path.write_bytes(data)
    with ApiBackend(Profile("default", {"api_url": server.url}), TOKEN) as backend:
        backend.submit(_outgoing([Attachment('скрин "1".png', path)]))
    (stored,) = server.tickets.values()
    assert stored["files"] == {"скрин %221%22.png": data}
    assert stored["doc"]["subject"] == "Site down"


def test_a_plain_http_loopback_desk_loads_no_trust_store(ticket_home):
    """Building the client for http://127.0.0.1 and delivering reads no CA file: truststore (and
    with it the platform's store) is never imported."""
    code = (
        "import sys\n"
        "from ticketcli.channels.api import ApiBackend\n"
        "from ticketcli.channels.base import Outgoing\n"
        "from ticketcli.store.config import Profile\n"
        "from ticketcli.model import Ticket\n"
        "t = Ticket(type='other', contract='1', description='x', subject='s')\n"
        "with ApiBackend(Profile('default', {'api_url': sys.argv[1]}), sys.argv[2]) as b:\n"
        "    print(b.submit(Outgoing(t, t.uuid)).id)\n"
        "print('truststore' in sys.modules)\n"
    )
    with ApiServer() as srv:
        proc = subprocess.run([sys.executable, "-c", code, srv.url, TOKEN], capture_output=True, text=True,
                              env=ticket_env(ticket_home), cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stderr
    receipt_id, imported = proc.stdout.split()
    assert receipt_id in srv.tickets and imported == "False"


# ---- a desk that sends more than its Content-Length ----------------------------------------------
@pytest.mark.parametrize("forged_uuid", ["echo", "none"])
@pytest.mark.parametrize("timing", ["same", "later"])
def test_bytes_beyond_an_answer_never_become_another_tickets_receipt(timing, forged_uuid, run_cli, sleeps, monkeypatch):
    """``ticket send --all`` of several tickets against a desk that follows every answer with a
    forged one on the same connection (in the same write, or a moment later): each ticket ends
    with its own receipt, none with the forged one or another ticket's, each exactly once."""
    from servers.overrun import TOKEN as OVERRUN_TOKEN

    monkeypatch.setenv("TICKETCLI_API_TOKEN", OVERRUN_TOKEN)
    with OverrunDesk(timing=timing, forged_uuid=forged_uuid) as desk:
        profile = configure(backend="api", api_url=desk.url)
        items = [queue(profile) for _ in range(8)]
        code, _, err = run_cli("send", "--all")
        assert code == 0, err
        stored = dict(desk.tickets)
    assert sent_states() == ["sent"] * len(items)
    assert len(stored) == len(items)  # one ticket per key at the desk
    for item in items:
        receipt = History().load_uuid(item.uuid)["receipt"]
        assert receipt["id"] == stored[item.uuid]["id"], (item.uuid, receipt)
        assert receipt["number"] != "666"
