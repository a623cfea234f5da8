"""The http.client transport under httpx (ticketcli/backends/transport.py), against real servers
on 127.0.0.1: keep-alive reuse, connections the server closed, chunked and streamed bodies,
time-outs, refused connections, TLS verification."""

from __future__ import annotations

import socket
import ssl
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from servers.certs import make_certs, server_context
from servers.diag_servers import SilentServer, closed_port

from ticketcli.backends.transport import StdlibTransport


class Recorder(ThreadingHTTPServer):
    """An HTTP/1.1 server that remembers each request's client port and body."""

    daemon_threads = True

    def __init__(self, close_after: int = 0, tls: ssl.SSLContext | None = None):
        self.peers: list[int] = []
        self.bodies: list[bytes] = []
        self.close_after = close_after  # answer "Connection: close" on every n-th request (0: never)
        self.lock = threading.Lock()
        self.connections: list[socket.socket] = []
        super().__init__(("127.0.0.1", 0), _Handler)
        if tls is not None:
            self.socket = tls.wrap_socket(self.socket, server_side=True)

    def __enter__(self):
        threading.Thread(target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()

    def drop_connections(self) -> None:
        for conn in self.connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:
        pass

    def setup(self) -> None:
        super().setup()
        self.server.connections.append(self.connection)  # type: ignore[attr-defined]

    def _body(self) -> bytes:
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = b""
            while True:
                size = int(self.rfile.readline().strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    return out
                out += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def do_GET(self) -> None:
        self.do_POST()

    def do_POST(self) -> None:
        server: Recorder = self.server  # type: ignore[assignment]
        body = self._body()
        with server.lock:
            server.peers.append(self.client_address[1])
            server.bodies.append(body)
            n = len(server.peers)
        size = int(self.path.rsplit("/", 1)[-1]) if self.path.startswith("/size/") else 0
        data = b"x" * size if size else b'{"n": %d}' % n
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Odd", "caf\xe9")
        if server.close_after and n % server.close_after == 0:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        self.wfile.write(data)


def client(server_url: str, **kwargs) -> httpx.Client:
    return httpx.Client(base_url=server_url, transport=StdlibTransport(**kwargs), timeout=5)


def test_requests_reuse_one_keep_alive_connection():
    with Recorder() as srv, client(srv.url) as c:
        for i in range(20):
            r = c.post("/t", json={"i": i})
            assert r.status_code == 200 and r.json() == {"n": i + 1}
        assert len(set(srv.peers)) == 1
        assert r.headers["X-Odd"] == "caf\xe9"  # header bytes arrive as sent (latin-1)


def test_a_connection_the_server_closed_is_replaced():
    with Recorder(close_after=3) as srv, client(srv.url) as c:
        for i in range(9):
            assert c.get("/t").status_code == 200
        assert len(set(srv.peers)) == 3  # a new connection after every "Connection: close"


def test_an_idle_connection_closed_by_the_server_is_not_used_again():
    with Recorder() as srv, client(srv.url) as c:
        assert c.get("/t").status_code == 200
        srv.drop_connections()  # as a server does when a keep-alive connection idles too long
        assert c.get("/t").status_code == 200
        assert len(set(srv.peers)) == 2


def test_a_chunked_body_arrives_whole():
    parts = [b"alpha,", b"", b"beta," * 1000, b"gamma"]
    with Recorder() as srv, client(srv.url) as c:
        r = c.post("/t", content=iter(parts))
        assert r.status_code == 200
        assert srv.bodies == [b"".join(parts)]
        assert c.post("/t", content=b"again").status_code == 200  # the connection is still good
        assert len(set(srv.peers)) == 1


def test_a_streamed_multipart_file_arrives_whole(tmp_path):
    data = bytes(range(256)) * 4096  # 1 MB
    path = tmp_path / "shot.bin"
    path.write_bytes(data)
    with Recorder() as srv, client(srv.url) as c, open(path, "rb") as fh:
        r = c.post("/t", files={"attachments": ("shot.bin", fh, "application/octet-stream")})
        assert r.status_code == 200
    assert data in srv.bodies[0]


def test_a_response_closed_before_its_end_does_not_poison_the_pool():
    with Recorder() as srv, client(srv.url) as c:
        with c.stream("GET", "/size/1000000") as r:
            assert next(r.iter_bytes())  # read a little, then leave
        assert c.get("/t").json() == {"n": 2}
        assert len(set(srv.peers)) == 2  # the half-read connection was closed, not reused


def test_threads_share_the_transport():
    with Recorder() as srv, client(srv.url, max_idle=4) as c:
        errors: list[BaseException] = []

        def work():
            try:
                for _ in range(25):
                    assert c.get("/t").status_code == 200
            except BaseException as exc:  # noqa: BLE001
                errors.append(exc)

        threads = [threading.Thread(target=work) for _ in range(8)]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
        assert not errors
        assert len(srv.peers) == 200
        assert len(set(srv.peers)) <= 8 + 4 * 50  # connections are reused, not one per request
        assert len(set(srv.peers)) < 200


def test_refused_connection_is_a_connect_error():
    with client(f"http://127.0.0.1:{closed_port()}") as c, pytest.raises(httpx.ConnectError):
        c.get("/t")


def test_a_silent_server_is_a_read_timeout():
    with SilentServer() as srv, httpx.Client(transport=StdlibTransport(), timeout=0.3) as c:
        with pytest.raises(httpx.ReadTimeout):
            c.get(f"http://127.0.0.1:{srv.port}/t")


def test_tls_verified_with_the_given_ca_and_refused_without(tmp_path):
    ca, cert, key = make_certs(tmp_path)
    with Recorder(tls=server_context(cert, key)) as srv:
        url = f"https://localhost:{srv.server_address[1]}"
        with client(url, verify=ssl.create_default_context(cafile=str(ca))) as c:
            assert c.get("/t").status_code == 200
        with client(url, verify=ssl.create_default_context()) as c:  # system CAs: not ours
            with pytest.raises(httpx.ConnectError) as info:
                c.get("/t")
        assert isinstance(info.value.__cause__, ssl.SSLCertVerificationError)


def test_verification_cannot_be_turned_off():
    with pytest.raises(ValueError):
        StdlibTransport(verify=False)
