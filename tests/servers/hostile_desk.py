"""A hostile desk on 127.0.0.1: it reads each HTTP/1.1 request properly and answers with whatever
bytes the test scripts, on raw sockets (no HTTP server library sends an endless body, a chunk
size of -1 or a ``Content-Length`` of 10^18).

``HostileDesk(answer)``: ``answer(desk, conn, request)`` writes the answer to the socket ``conn``
(``request``: method, path, headers, body). The answers below make the cases of issue 16:

* :func:`endless_chunks`: ``201`` and chunks of 64 KiB until the client hangs up (or, for a
  client that would read it all, :data:`ENOUGH` bytes: a test of old code must not take the
  machine's memory);
* :func:`raw`: any bytes (``-1`` as a chunk size, say);
* :func:`sized`: ``size`` bytes of body, generated as they are sent (a 512 MB answer costs the
  desk nothing), announced by ``Content-Length`` (or a false one) or chunked;
* :func:`trickle`: an answer sent one byte at a time;
* :func:`json_answer`: a JSON document with any status (a receipt or a problem).

``desk.sent`` counts the body bytes written, ``desk.requests`` the requests read. The desk stops
writing when the client closes the connection (a write fails), when the test ends, or
``give_up`` seconds after it started (then it closes every connection: a client that would wait
for ever gets an end, and the test its failure instead of a hang). ``tls``: an
:class:`ssl.SSLContext` to serve HTTPS with; ``read_rate``: read request bodies at that many
bytes a second (a slow link).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable
from typing import Any

TOKEN = "s3cr3t-token-for-tests"
BLOCK = b"x" * 65536
#: What an "endless" answer sends at most.
ENOUGH = 600 * 2**20


class HostileDesk:
    def __init__(self, answer: Callable[["HostileDesk", socket.socket, dict[str, Any]], None], host: str = "127.0.0.1",
                 *, give_up: float = 30.0, tls=None, read_rate: int | None = None):
        self.answer = answer
        self.listener = socket.create_server((host, 0), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
        self.port = self.listener.getsockname()[1]
        self.url = f"{'https' if tls else 'http'}://{'[' + host + ']' if ':' in host else host}:{self.port}"
        self.tls = tls
        self.give_up = give_up
        self.read_rate = read_rate
        if read_rate:  # a narrow link holds little: the client's writes wait for the desk's reads
            self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 16384)
        self.requests: list[dict[str, Any]] = []
        self.connections = 0
        self.sent = 0
        self.stop = threading.Event()
        self._conns: list[socket.socket] = []

    def __enter__(self) -> "HostileDesk":
        threading.Thread(target=self._accept, daemon=True).start()
        self._timer = threading.Timer(self.give_up, self.__exit__)
        self._timer.daemon = True
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()
        self.stop.set()
        self.listener.close()
        for conn in self._conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            conn.close()

    def _accept(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        if self.tls is not None:
            try:
                conn.settimeout(5)
                conn = self.tls.wrap_socket(conn, server_side=True)
                conn.settimeout(None)
            except (OSError, ValueError):
                conn.close()
                return
        self._conns.append(conn)
        reader = conn.makefile("rb")
        try:
            while not self.stop.is_set():
                line = reader.readline()
                if not line:
                    return
                method, path, headers = read_head(line, reader)
                body = self._body(conn, reader, int(headers.get("content-length") or 0))
                request = {"method": method, "path": path, "headers": headers, "body": body}
                self.requests.append(request)
                self.answer(self, conn, request)
        except (OSError, ValueError):
            return
        finally:
            reader.close()

    def _body(self, conn: socket.socket, reader, length: int) -> bytes:
        if not self.read_rate:
            return reader.read(length)
        body = bytearray()  # a desk that reads slowly: read_rate bytes a second, 16 KiB at a time
        while len(body) < length:
            piece = reader.read1(min(16384, length - len(body)))
            if not piece:
                break
            body += piece
            time.sleep(len(piece) / self.read_rate)
        return bytes(body)

    def write(self, conn: socket.socket, data: bytes, body: bool = True) -> bool:
        """Send ``data``; False once the client has gone (or the test ended)."""
        if self.stop.is_set():
            return False
        try:
            conn.sendall(data)
        except OSError:
            return False
        if body:
            self.sent += len(data)
        return True


def read_head(line: bytes, reader) -> tuple[str, str, dict[str, str]]:
    """A request's method, path and headers (names lower-cased), its request ``line`` read."""
    method, path, _ = line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while (header := reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = header.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    return method, path, headers


def head(status: int = 201, **headers: str) -> bytes:
    lines = [f"HTTP/1.1 {status} {'Created' if status == 201 else 'Whatever'}"]
    lines += [f"{name.replace('_', '-')}: {value}" for name, value in headers.items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def endless_chunks(desk: HostileDesk, conn: socket.socket, request: dict[str, Any]) -> None:
    desk.write(conn, head(201, Content_Type="application/json", Transfer_Encoding="chunked"), body=False)
    chunk = b"%x\r\n" % len(BLOCK) + BLOCK + b"\r\n"
    while desk.sent < ENOUGH and desk.write(conn, chunk):
        pass


def raw(data: bytes, then: bytes = b"") -> Callable:
    """``data``, then ``then`` over and over until the client hangs up (nothing more when empty)."""

    def answer(desk: HostileDesk, conn: socket.socket, request: dict[str, Any]) -> None:
        desk.write(conn, data)
        while then and desk.sent < ENOUGH and desk.write(conn, then):
            pass
        desk.stop.wait()

    return answer


def sized(size: int, *, chunked: bool = False, announce: int | None = None) -> Callable:
    """A ``201`` whose body is ``size`` bytes, announced as ``announce`` bytes (default: the
    truth) or sent chunked."""

    def answer(desk: HostileDesk, conn: socket.socket, request: dict[str, Any]) -> None:
        if chunked:
            desk.write(conn, head(201, Content_Type="application/json", Transfer_Encoding="chunked"), body=False)
        else:
            desk.write(conn, head(201, Content_Type="application/json", Content_Length=str(size if announce is None else announce)), body=False)
        left = size
        while left > 0:
            block = BLOCK[:left]
            if not desk.write(conn, (b"%x\r\n" % len(block) + block + b"\r\n") if chunked else block):
                return
            left -= len(block)
        if chunked:
            desk.write(conn, b"0\r\n\r\n", body=False)

    return answer


def trickle(data: bytes, interval: float = 0.1, *, from_byte: int = 0) -> Callable:
    """``data`` with every byte from ``from_byte`` on sent alone, ``interval`` seconds apart."""

    def answer(desk: HostileDesk, conn: socket.socket, request: dict[str, Any]) -> None:
        if not desk.write(conn, data[:from_byte]):
            return
        for byte in data[from_byte:]:
            if desk.stop.wait(interval) or not desk.write(conn, bytes([byte])):
                return

    return answer


def json_answer(status: int, doc: Any, **headers: str) -> Callable:
    """``doc`` (or, for bytes, those bytes) as the body of a ``status`` answer; a receipt's
    ``uuid`` is the ticket's when ``doc`` says ``"uuid": "ECHO"``."""

    def answer(desk: HostileDesk, conn: socket.socket, request: dict[str, Any]) -> None:
        if isinstance(doc, (bytes, bytearray)):
            body = bytes(doc)
        else:
            value = dict(doc) if isinstance(doc, dict) else doc
            if isinstance(value, dict) and value.get("uuid") == "ECHO":
                value["uuid"] = json.loads(request["body"] or b"{}").get("uuid")
            body = json.dumps(value).encode()
        desk.write(conn, head(status, Content_Type=headers.pop("Content_Type", "application/json"), Content_Length=str(len(body)), **headers), body=False)
        desk.write(conn, body)

    return answer
