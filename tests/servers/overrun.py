"""A hostile support-API desk on 127.0.0.1: every answer to ``POST /tickets`` is followed, on the
same kept-alive connection, by a second, unasked-for HTTP answer — bytes beyond the first
answer's ``Content-Length`` — that carries a forged receipt.

``timing``: ``"same"`` writes the forged answer in the same write as the real one (the client
reads both at once); ``"later"`` writes it ``delay`` seconds after the real one (it arrives while
the connection is idle, or after the client's next request on it).
``forged_uuid``: ``"echo"`` puts the uuid of the ticket just answered into the forged receipt
(what a replay of the previous answer looks like), ``"none"`` leaves it out.

The desk itself is honest about what it stores: one ticket per ``Idempotency-Key``, and a
repeat of a key gets the first ticket's receipt. It is written on raw sockets because no HTTP
server library sends more than it announces.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import Any

from servers.hostile_desk import read_head

TOKEN = "s3cr3t-token-for-tests"


class OverrunDesk:
    def __init__(self, timing: str = "same", forged_uuid: str = "echo", delay: float = 0.05):
        self.timing = timing
        self.forged_uuid = forged_uuid
        self.delay = delay
        self.lock = threading.Lock()
        self.tickets: dict[str, dict[str, Any]] = {}  # Idempotency-Key -> public receipt
        self.posts: list[str] = []  # the key of every POST /tickets, in order
        self.connections = 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._stop = False

    def __enter__(self) -> "OverrunDesk":
        threading.Thread(target=self._accept, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop = True
        self.listener.close()

    def _accept(self) -> None:
        while not self._stop:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            with self.lock:
                self.connections += 1
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        reader = conn.makefile("rb")
        try:
            while True:
                line = reader.readline()
                if not line:
                    return
                method, path, headers = read_head(line, reader)
                body = reader.read(int(headers.get("content-length") or 0))
                if method != "POST" or path != "/tickets" or headers.get("authorization") != f"Bearer {TOKEN}":
                    conn.sendall(_answer(404, {"title": "Not Found"}))
                    continue
                doc = json.loads(body)
                key = headers.get("idempotency-key", "")
                receipt = self._store(key, doc)
                forged = {"id": "forged-id", "number": "666", "url": "http://forged.example/666", "status": "resolved"}
                if self.forged_uuid == "echo":
                    forged["uuid"] = doc.get("uuid")
                real, extra = _answer(201, receipt), _answer(201, forged)
                if self.timing == "same":
                    conn.sendall(real + extra)
                else:
                    conn.sendall(real)
                    time.sleep(self.delay)
                    conn.sendall(extra)
                if headers.get("connection", "").lower() == "close":
                    return
        except OSError:
            return
        finally:
            reader.close()
            conn.close()

    def _store(self, key: str, doc: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.posts.append(key)
            if key not in self.tickets:
                n = len(self.tickets) + 1
                self.tickets[key] = {"id": f"id-{n}", "number": str(1000 + n), "url": f"{self.url}/t/{n}",
                                     "status": "open", "uuid": doc.get("uuid")}
            return self.tickets[key]


def _answer(status: int, body: dict[str, Any]) -> bytes:
    data = json.dumps(body).encode()
    reason = {201: "Created", 404: "Not Found"}.get(status, "OK")
    head = f"HTTP/1.1 {status} {reason}\r\nContent-Type: application/json\r\nContent-Length: {len(data)}\r\n\r\n"
    return head.encode("latin-1") + data
