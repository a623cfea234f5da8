"""Local servers the benchmarks run (127.0.0.1 only).

* :func:`support_api` — the real support-API server of the tests (``tests/servers/api_server.py``:
  JSON and multipart bodies, ``Idempotency-Key``, tickets kept in memory), in a thread of the
  runner; the ``ticket`` processes measured are separate processes. The runner only waits while
  one runs, so the server has its process's GIL to itself. It is not what limits the
  ``send --all`` figure: a trivial client (8 threads, ``http.client``, keep-alive) gets
  1,400-1,900 POST /tickets per second from it on the 2-CPU machine, and during ``send --all``
  it uses about 0.46 ms of CPU per ticket, against 3-4 ms in the ``ticket`` process.
* :class:`UploadSink` — ``POST /tickets`` that reads the body in 1 MB pieces and keeps only its
  size, for the 200 MB upload: the test server parses bodies in memory, and the figure measured is
  the *client's* memory, which should not depend on how much memory the server wastes.
"""

from __future__ import annotations

import json
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "bench-token"


def support_api(max_bytes: int = 50 * 2**20):
    """The tests' ApiServer (a context manager), with this benchmark's token."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from servers.api_server import ApiServer
    finally:
        sys.path.remove(str(ROOT / "tests"))
    return ApiServer(token=TOKEN, max_bytes=max_bytes)


class UploadSink:
    def __init__(self) -> None:
        self.received: list[int] = []
        self.keys: dict[str, dict] = {}
        self.lock = threading.Lock()
        sink = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _reply(self, status: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                left = length
                while left:
                    chunk = self.rfile.read(min(left, 2**20))
                    if not chunk:
                        break
                    left -= len(chunk)
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    self._reply(401, {"title": "Unauthorized"})
                    return
                key = self.headers.get("Idempotency-Key", "")
                with sink.lock:
                    sink.received.append(length - left)
                    public = sink.keys.get(key)
                    if public is None:
                        number = str(1000 + len(sink.keys) + 1)
                        # The receipt echoes the ticket's uuid (support API 1.1); ticketcli's
                        # Idempotency-Key for POST /tickets is that uuid, and the body is not parsed here.
                        public = sink.keys[key] = {"id": str(uuid.uuid4()), "number": number, "status": "open", "uuid": key}
                self._reply(201, public)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "UploadSink":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
