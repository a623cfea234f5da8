"""A forwarding HTTP proxy on 127.0.0.1 for tests: CONNECT tunnels (https) and absolute-form
requests (http), optionally asking for Basic credentials. It records what it was asked."""

from __future__ import annotations

import base64
import socket
import socketserver
import threading


class Proxy:
    def __init__(self, user: str = "", password: str = ""):
        self.seen: list[tuple[str, str, str]] = []  # (method, target, Proxy-Authorization)
        self.expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode() if user else ""
        proxy = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                line = self.rfile.readline().decode("latin-1").rstrip("\r\n")
                if not line:
                    return
                method, target, version = line.split(" ", 2)
                head = []
                auth = ""
                while True:
                    header = self.rfile.readline()
                    if header in (b"\r\n", b"\n", b""):
                        break
                    name, _, value = header.decode("latin-1").partition(":")
                    if name.strip().lower() == "proxy-authorization":
                        auth = value.strip()
                    else:
                        head.append(header)
                proxy.seen.append((method, target, auth))
                if proxy.expected and auth != proxy.expected:
                    self.wfile.write(b"HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\nContent-Length: 0\r\n\r\n")
                    return
                if method == "CONNECT":
                    host, _, port = target.rpartition(":")
                    upstream = socket.create_connection((host.strip("[]"), int(port)))
                    self.wfile.write(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    self.wfile.flush()
                else:
                    rest = target.split("://", 1)[1]
                    netloc, _, path = rest.partition("/")
                    host, _, port = netloc.rpartition(":")
                    upstream = socket.create_connection((host.strip("[]"), int(port or 80)))
                    upstream.sendall(f"{method} /{path} {version}\r\n".encode("latin-1") + b"".join(head) + b"\r\n")
                _pipe(self.rfile.read1, self.connection, upstream)

        class Server(socketserver.ThreadingTCPServer):
            daemon_threads = True
            allow_reuse_address = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Proxy":
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def _pipe(read_client, client: socket.socket, upstream: socket.socket) -> None:
    """Copy bytes both ways until either side closes (the client's side through its buffered
    reader, which may hold bytes already read with the request's head)."""

    def copy(read, dst: socket.socket) -> None:
        try:
            while data := read(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (client, upstream):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    other = threading.Thread(target=copy, args=(upstream.recv, client), daemon=True)
    other.start()
    copy(read_client, upstream)
    other.join(5)
    upstream.close()
