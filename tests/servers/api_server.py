"""A real support-API server implementing docs/support-api.yaml (1.1: receipts echo the
ticket's ``uuid``; 1.2: a ticket's messages are listed in pages and their files downloaded), for
tests. :meth:`ApiServer.answer` adds a desk's answer to a ticket, as the desk's staff would.

``ApiServer`` runs the stdlib ``ThreadingHTTPServer`` on 127.0.0.1, port 0, in a thread. It stores
tickets, honours ``Idempotency-Key`` (a repeat returns the first ticket, never a second one),
parses JSON and multipart bodies, and can be scripted by the test: ``server.script`` is a list of
actions consumed one per ``POST /tickets``:

* ``"500"`` / ``"502"``: a bare server error;
* ``"429:2"`` / ``"503:2"``: busy, with ``Retry-After: 2``;
* ``"drop"``: store the ticket, then close the connection without answering;
* ``"422"``, ``"400"``, ``"403"``, ``"409"``, ``"413"``: a problem+json refusal;
* ``"delay:S"``: sleep S seconds, then answer normally;
* ``"answer:TEXT"``: answer 201 with TEXT as the body, whatever it is (a desk's odd answers).
"""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid as uuidlib
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

TOKEN = "s3cr3t-token-for-tests"


class ApiServer:
    def __init__(self, token: str = TOKEN, max_bytes: int = 50 * 2**20, tls_context=None):
        self.token = token
        self.max_bytes = max_bytes
        self.lock = threading.Lock()
        self.tickets: dict[str, dict[str, Any]] = {}
        self.by_key: dict[str, str] = {}
        self.requests: list[dict[str, Any]] = []
        self.script: list[str] = []
        self.counter = 1000
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self.scheme = "http"
        if tls_context is not None:
            self.scheme = "https"
            self.httpd.socket = tls_context.wrap_socket(self.httpd.socket, server_side=True)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"{self.scheme}://{host}:{port}"

    def __enter__(self) -> "ApiServer":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def posts(self) -> list[dict[str, Any]]:
        return [r for r in self.requests if r["method"] == "POST" and r["path"] == "/tickets"]

    def next_action(self) -> str:
        with self.lock:
            return self.script.pop(0) if self.script else "ok"

    def store(self, key: str, doc: dict[str, Any], files: dict[str, bytes]) -> tuple[dict[str, Any], bool]:
        with self.lock:
            if key in self.by_key:
                return self.tickets[self.by_key[key]]["public"], True
            self.counter += 1
            tid = str(uuidlib.uuid4())
            public = {"id": tid, "number": str(self.counter), "url": f"{self.url}/t/{self.counter}", "status": "open"}
            if doc.get("uuid"):
                public["uuid"] = doc["uuid"]  # support API 1.1: the receipt echoes the ticket's uuid
            self.tickets[tid] = {"public": public, "key": key, "doc": doc, "files": files, "messages": []}
            self.by_key[key] = tid
            return public, False

    def add_message(self, tid: str, *, role: str, author: str, text: str, files: dict[str, bytes] | None = None,
                    key: str | None = None, created: str | None = None) -> dict[str, Any]:
        """Add a message to ticket ``tid`` (a client's follow-up or a desk's answer)."""
        from datetime import datetime, timezone

        with self.lock:
            ticket = self.tickets[tid]
            n = len(ticket["messages"]) + 1
            message = {"id": f"{tid}-m{n}", "key": key, "role": role, "author": author, "text": text, "files": dict(files or {}),
                       "created": created or datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")}
            ticket["messages"].append(message)
            return message

    def answer(self, tid: str, text: str, *, author: str = "Anna (support)", files: dict[str, bytes] | None = None,
               created: str | None = None) -> dict[str, Any]:
        """The desk's staff answer ticket ``tid``."""
        return self.add_message(tid, role="desk", author=author, text=text, files=files, created=created)

    def page(self, tid: str, since: str | None, cursor: str | None, limit: int) -> dict[str, Any]:
        from datetime import datetime

        with self.lock:
            listed = list(self.tickets[tid]["messages"])
        if since:
            after = datetime.fromisoformat(since.replace("Z", "+00:00"))
            listed = [m for m in listed if datetime.fromisoformat(m["created"].replace("Z", "+00:00")) >= after]
        start = int(cursor or 0)
        chunk = listed[start : start + limit]
        end = start + len(chunk)
        return {
            "messages": [
                {"id": m["id"], "author": m["author"], "role": m["role"], "created": m["created"], "text": m["text"],
                 "attachments": [{"name": name, "size": len(data)} for name, data in m["files"].items()]}
                for m in chunk
            ],
            "next_cursor": str(end) if end < len(listed) else None,
        }


def problem(status: int, title: str, detail: str = "", errors: list | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"type": "about:blank", "title": title, "status": status}
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = errors
    return body


def parse_body(ctype: str, body: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    if ctype.startswith("multipart/form-data"):
        msg = BytesParser(policy=policy.HTTP).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + body)
        doc: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        for part in msg.iter_parts():
            name = part.get_param("name", header="content-disposition")
            data = part.get_payload(decode=True) or b""
            if name == "ticket":
                doc = json.loads(data)
            elif name == "attachments":
                files[part.get_filename()] = data
        return doc, files
    return json.loads(body or b"{}"), {}


def _handler(server: ApiServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes: without this every response on a
        # keep-alive connection waits for the client's delayed ACK, as no real server does.
        disable_nagle_algorithm = True

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def _send(self, status: int, body: dict[str, Any] | None = None, headers: dict[str, str] | None = None) -> None:
            data = json.dumps(body).encode() if body is not None else b""
            self.send_response(status)
            ctype = "application/problem+json" if status >= 400 else "application/json"
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(data)

        def _read(self) -> bytes | None:
            length = int(self.headers.get("Content-Length") or 0)
            if length > server.max_bytes:
                self.close_connection = True
                self._send(413, problem(413, "Payload Too Large", f"at most {server.max_bytes} bytes"))
                return None
            return self.rfile.read(length)

        def _authorised(self) -> bool:
            if self.headers.get("Authorization") == f"Bearer {server.token}":
                return True
            self._send(401, problem(401, "Unauthorized", "invalid or missing token"), {"WWW-Authenticate": "Bearer"})
            return False

        def _log(self) -> dict[str, Any]:
            entry = {"method": self.command, "path": self.path, "key": self.headers.get("Idempotency-Key"), "time": time.monotonic(),
                     "peer": self.client_address[1], "user_agent": self.headers.get("User-Agent")}
            with server.lock:
                server.requests.append(entry)
            return entry

        def do_GET(self) -> None:
            from urllib.parse import parse_qs, unquote, urlsplit

            self._log()
            if not self._authorised():
                return
            url = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(url.query).items()}
            parts = [unquote(p) for p in url.path.strip("/").split("/")]
            if len(parts) == 2 and parts[0] == "tickets" and parts[1] in server.tickets:
                self._send(200, server.tickets[parts[1]]["public"])
            elif len(parts) == 3 and parts[0] == "tickets" and parts[1] in server.tickets and parts[2] == "messages":
                limit = int(query.get("limit") or 50)
                if not 1 <= limit <= 200:
                    self._send(400, problem(400, "Bad Request", "limit is 1 to 200"))
                    return
                self._send(200, server.page(parts[1], query.get("since"), query.get("cursor"), limit))
            elif len(parts) == 6 and parts[0] == "tickets" and parts[1] in server.tickets and parts[2] == "messages" and parts[4] == "attachments":
                found = [m for m in server.tickets[parts[1]]["messages"] if m["id"] == parts[3]]
                data = found[0]["files"].get(parts[5]) if found else None
                if data is None:
                    self._send(404, problem(404, "Not Found", "no such file"))
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            else:
                self._send(404, problem(404, "Not Found", "no such ticket"))

        def do_POST(self) -> None:
            self._log()
            body = self._read()
            if body is None:
                return
            if not self._authorised():
                return
            parts = self.path.strip("/").split("/")
            try:
                doc, files = parse_body(self.headers.get("Content-Type", ""), body)
            except (ValueError, KeyError):
                self._send(400, problem(400, "Bad Request", "malformed body"))
                return
            if parts == ["tickets"]:
                self._post_ticket(doc, files)
            elif len(parts) == 3 and parts[0] == "tickets" and parts[2] == "messages":
                ticket = server.tickets.get(parts[1])
                if ticket is None:
                    self._send(404, problem(404, "Not Found", "no such ticket"))
                    return
                if not doc.get("text"):
                    self._send(422, problem(422, "Unprocessable Content", "text is required"))
                    return
                key = self.headers.get("Idempotency-Key")
                with server.lock:
                    known = [m for m in ticket["messages"] if key and m.get("key") == key]
                message = known[0] if known else server.add_message(
                    parts[1], role="client", author=ticket["doc"].get("contact_email") or "client", text=doc["text"], files=files, key=key)
                self._send(201, {"id": message["id"], "ticket_id": parts[1]})
            else:
                self._send(404, problem(404, "Not Found", "no such resource"))

        def _post_ticket(self, doc: dict[str, Any], files: dict[str, bytes]) -> None:
            key = self.headers.get("Idempotency-Key")
            action = server.next_action()
            code, _, arg = action.partition(":")
            if code == "delay":
                time.sleep(float(arg))
                code = "ok"
            if code in ("500", "502"):
                self._send(int(code), problem(int(code), "Server Error"))
                return
            if code == "answer":
                data = arg.encode("utf-8")
                self.send_response(201)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                return
            if code in ("429", "503"):
                self._send(int(code), problem(int(code), "Busy", "slow down"), {"Retry-After": arg or "1"})
                return
            if code in ("400", "403", "409", "413", "422"):
                errors = [{"pointer": "/domain", "detail": "the contract 12-345 has no such domain"}] if code == "422" else None
                self._send(int(code), problem(int(code), "Refused", "the desk cannot accept this ticket", errors))
                return
            if not key:
                self._send(400, problem(400, "Bad Request", "Idempotency-Key is required"))
                return
            if not doc.get("subject") or not doc.get("type"):
                self._send(422, problem(422, "Unprocessable Content", "subject and type are required"))
                return
            public, replayed = server.store(key, doc, files)
            if code == "drop":
                # The ticket is stored, but the client never hears about it.
                self.close_connection = True
                self.connection.shutdown(socket.SHUT_RDWR)
                return
            self._send(201, public, {"Idempotent-Replayed": "true"} if replayed else None)

    return Handler
