"""The API channel's transport (ticketcli/backends/keepalive.py) against real servers on 127.0.0.1:
keep-alive reuse, connections the server closed, bounds, bodies, and failures as httpx reports them."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from servers.api_server import TOKEN, ApiServer
from servers.helpers import configure

from ticketcli.backends.base import RetryableError
from ticketcli.backends.keepalive import KeepAliveTransport


class Echo:
    """A keep-alive HTTP/1.1 server that answers every request with what it received; it counts
    connections, and can close a connection after answering without saying so."""

    def __init__(self, close_silently: bool = False):
        self.connections = 0
        self.bodies: list[bytes] = []
        echo = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def log_message(self, *args: object) -> None:
                pass

            def setup(self) -> None:
                super().setup()
                echo.connections += 1

            def _body(self) -> bytes:
                if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                    out = b""
                    while True:
                        size = int(self.rfile.readline().split(b";")[0], 16)
                        chunk = self.rfile.read(size + 2)[:size]
                        if not size:
                            return out
                        out += chunk
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))

            def do_POST(self) -> None:
                body = self._body()
                echo.bodies.append(body)
                if self.path == "/no-length":  # the body ends when the connection does
                    self.send_response(200)
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self.wfile.write(b"until-eof")
                    self.close_connection = True
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                if close_silently:
                    self.close_connection = True  # no "Connection: close": the client cannot know

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self) -> "Echo":
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def client(url: str, **limits) -> httpx.Client:
    return httpx.Client(base_url=url, transport=KeepAliveTransport(limits=httpx.Limits(**limits)), timeout=5)


def test_sequential_requests_reuse_one_connection():
    with Echo() as server, client(server.url) as c:
        for n in range(10):
            assert c.post("/", content=f"ticket {n}".encode()).content == f"ticket {n}".encode()
    assert server.connections == 1


def test_a_connection_the_server_closed_while_idle_is_not_reused():
    with Echo(close_silently=True) as server, client(server.url) as c:
        for n in range(5):
            assert c.post("/", content=b"x").status_code == 200
            time.sleep(0.05)  # the server's FIN arrives while the connection is idle
    assert server.connections == 5  # each request on a fresh connection, none failed


def test_a_body_without_length_is_read_to_the_end_and_its_connection_not_reused():
    with Echo() as server, client(server.url) as c:
        assert c.post("/no-length", content=b"a").content == b"until-eof"
        assert c.post("/", content=b"b").content == b"b"
    assert server.connections == 2


def test_an_answer_closed_before_its_end_does_not_leave_its_connection_to_the_next_request():
    with Echo() as server, client(server.url) as c:
        with c.stream("POST", "/", content=b"x" * 200_000) as unread:
            assert unread.status_code == 200  # closed without reading the body
        assert c.post("/", content=b"next").content == b"next"
    assert server.connections == 2


def test_a_streamed_body_is_sent_chunked_piece_by_piece():
    pieces = [b"first ", b"second ", b"third"]
    with Echo() as server, client(server.url) as c:
        response = c.post("/", content=iter(pieces))
        assert response.content == b"".join(pieces)
        assert c.post("/", content=b"after").content == b"after"  # the connection is still in step
    assert server.bodies == [b"first second third", b"after"] and server.connections == 1


def test_connections_are_bounded_and_a_request_waits_at_most_the_pool_timeout():
    with Echo() as server:
        with httpx.Client(base_url=server.url, transport=KeepAliveTransport(limits=httpx.Limits(max_connections=1)),
                          timeout=httpx.Timeout(5, pool=0.2)) as c:
            with c.stream("POST", "/", content=b"held") as held:  # the only connection, not released yet
                with pytest.raises(httpx.PoolTimeout):
                    c.post("/", content=b"waits")
                held.read()
            assert c.post("/", content=b"now").content == b"now"  # released when the first closed


def test_eight_threads_share_at_most_eight_connections():
    with Echo() as server, client(server.url, max_connections=32) as c:
        def work(n: int) -> None:
            for i in range(20):
                assert c.post("/", content=f"{n}-{i}".encode()).content == f"{n}-{i}".encode()

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert len(server.bodies) == 160 and 1 <= server.connections <= 8


def test_nothing_listening_is_a_connect_error():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with client(f"http://127.0.0.1:{port}") as c, pytest.raises(httpx.ConnectError):
        c.post("/", content=b"x")


def test_a_server_that_closes_without_answering_is_a_protocol_error():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()

    def close_after_reading() -> None:
        conn, _ = listener.accept()
        conn.recv(65536)
        conn.close()

    threading.Thread(target=close_after_reading, daemon=True).start()
    try:
        with client(f"http://127.0.0.1:{listener.getsockname()[1]}") as c, pytest.raises(httpx.RemoteProtocolError):
            c.post("/", content=b"x")
    finally:
        listener.close()


def test_a_slow_desk_is_a_read_timeout_and_the_ticket_waits(monkeypatch, run_cli):
    monkeypatch.setenv("TICKETCLI_API_TOKEN", TOKEN)
    from ticketcli import delivery

    monkeypatch.setattr(delivery, "_sleep", lambda s: None)
    with ApiServer() as server:
        profile = configure(backend="api", api_url=server.url, timeout="1", send_attempts="1")
        from servers.helpers import queue

        item = queue(profile)
        server.script = ["delay:2"]
        from ticketcli.delivery import Sender

        with Sender() as sender:
            result = sender.send(item.uuid)
    assert result.state == "waiting" and result.error["kind"] == "timeout"


def test_closing_the_transport_closes_idle_connections():
    with Echo() as server:
        transport = KeepAliveTransport()
        with httpx.Client(base_url=server.url, transport=transport) as c:
            c.post("/", content=b"x")
            (_, conn, _), = transport._idle
        assert transport._idle == [] and conn.sock is None


def test_verification_cannot_be_turned_off():
    with pytest.raises(ValueError):
        KeepAliveTransport(verify=False)


def test_the_api_channel_uses_it(monkeypatch):
    from ticketcli.backends.api import ApiBackend
    from ticketcli.config import Profile

    backend = ApiBackend(Profile("default", {"api_url": "http://127.0.0.1:9"}), "tok")
    assert isinstance(backend.client._transport, KeepAliveTransport)
    backend.close()


def test_retryable_error_is_what_the_channel_reports_for_a_dropped_answer(monkeypatch):
    """The 'drop' script: the desk stores the ticket and closes without answering."""
    from ticketcli.backends.api import ApiBackend
    from ticketcli.backends.base import Outgoing
    from ticketcli import core

    monkeypatch.setenv("TICKETCLI_API_TOKEN", TOKEN)
    with ApiServer() as server:
        profile = configure(backend="api", api_url=server.url)
        ticket = core.new_ticket("other", profile)
        ticket.description = "Please restore the site from yesterday's backup."
        core.finalize_subject(ticket)
        server.script = ["drop"]
        with ApiBackend(profile, TOKEN) as backend:
            with pytest.raises(RetryableError) as caught:
                backend.submit(Outgoing(ticket, ticket.uuid, []))
            assert caught.value.kind == "network"
            assert backend.submit(Outgoing(ticket, ticket.uuid, [])).id  # the replay, on a new connection
    assert len(server.tickets) == 1
