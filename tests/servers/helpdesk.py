"""Helpers for the helpdesk adapter tests that check requests against the vendors' documented shapes.

:class:`Desk` is a real HTTP/1.1 server on 127.0.0.1 (a thread per connection; https with the
tests' CA when given a server context) with routes ``(METHOD, path) -> responder``. It records
every request as an :class:`httpx.Request` with its body read (method, URL, headers, content),
so a test can assert what went over the socket, and a responder answers with an
:class:`httpx.Response` built as the vendor's documentation shows; the desk writes it back as
bytes. The channels reach it over their real transport: TLS, proxies and multipart included.

A desk given a ``contract`` (:mod:`servers.contracts`: the vendor's OpenAPI description, or the
operations as its documentation pages describe them) checks every request against it before
routing: a request that does not fit is answered ``400 {"error": "contract"}`` and recorded in
``violations``, and so is a successful answer of the test's own that does not fit the vendor's
description. Closing a desk with violations fails the test (a test that sends a drifting request
on purpose takes them with :meth:`Desk.take_violations`).

Desks are closed after each test (an autouse fixture in conftest.py calls :func:`close_all`).
"""

from __future__ import annotations

import base64
import json
import threading
from email import policy
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Callable

import httpx

from ticketcli.channels.base import Attachment, Outgoing
from ticketcli.model import Ticket
from ticketcli.store.config import Profile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from servers.contracts import Contract

SECRET = "hd-s3cr3t-token-for-tests"
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
LOG = b"PHP Fatal error: <script>alert(1)</script> memory exhausted\n"


def profile(**values: str) -> Profile:
    base = {"contract": "12-345", "domain": "example.ru", "contact_email": "owner@example.ru", "lang": "en"}
    base.update(values)
    return Profile("default", base)


def ticket(**overrides: Any) -> Ticket:
    tk = Ticket(
        type="other",
        lang="en",
        contract="12-345",
        domain="example.ru",
        contact_email="owner@example.ru",
        subject="example.ru: 500 error on the <b>shop</b> page",
        description="Since 10:00 the shop page answers 500 & shows <b>nothing</b>.\nPlease check the log.",
    )
    for key, value in overrides.items():
        setattr(tk, key, value)
    return tk


def files(tmp_path: Path) -> list[Attachment]:
    log = tmp_path / "error.log"
    log.write_bytes(LOG)
    shot = tmp_path / "screen.png"
    shot.write_bytes(PNG)
    return [Attachment("error.log", log), Attachment("screen.png", shot)]


def outgoing(tmp_path: Path | None = None, **overrides: Any) -> Outgoing:
    tk = ticket(**overrides)
    return Outgoing(tk, tk.uuid, files(tmp_path) if tmp_path else [])


def reply(status: int = 200, body: Any = None, headers: dict[str, str] | None = None, text: str | None = None) -> Callable[[httpx.Request], httpx.Response]:
    def respond(request: httpx.Request) -> httpx.Response:
        if text is not None:
            return httpx.Response(status, text=text, headers=headers)
        return httpx.Response(status, json=body if body is not None else {}, headers=headers)

    return respond


_OPEN: list["Desk"] = []


class Desk:
    """A scripted desk: ``routes[(method, path)]`` answers; unknown routes answer 404."""

    def __init__(self, routes: dict[tuple[str, str], Callable[[httpx.Request], httpx.Response]] | None = None, *, tls=None,
                 host: str = "127.0.0.1", contract: "Contract | None" = None, prefix: str = "", raw_paths: bool = False):
        self.routes = dict(routes or {})
        self.requests: list[httpx.Request] = []
        #: The vendor's contract every request is checked against, and the path prefix the
        #: desk's API sits under here (GitHub Enterprise Server's /api/v3).
        self.contract = contract
        self.prefix = prefix
        self.violations: list[str] = []
        #: Route on the path as sent, percent-encoding kept (GitLab's "example%2Fsupport").
        self.raw_paths = raw_paths
        self.lock = threading.Lock()
        self.scheme = "https" if tls is not None else "http"
        self.host = host
        server = ThreadingHTTPServer
        if ":" in host:  # ::1
            import socket

            server = type("ThreadingHTTPServer6", (ThreadingHTTPServer,), {"address_family": socket.AF_INET6})
        self.httpd = server((host, 0), _handler(self))
        self.httpd.daemon_threads = True
        if tls is not None:
            self.httpd.socket = tls.wrap_socket(self.httpd.socket, server_side=True)
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
        _OPEN.append(self)

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"

    def close(self) -> None:
        if self in _OPEN:
            _OPEN.remove(self)
            self.httpd.shutdown()
            self.httpd.server_close()
        found, self.violations = self.violations, []
        if found:
            raise AssertionError(f"requests that break {self.contract.source}:\n" + "\n".join(found))

    def take_violations(self) -> list[str]:
        """The contract violations seen so far (and forget them: a test that staged them)."""
        with self.lock:
            found, self.violations = self.violations, []
        return found

    def __enter__(self) -> "Desk":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def handle(self, request: httpx.Request) -> httpx.Response:
        with self.lock:
            self.requests.append(request)
        if self.contract is not None:
            problems = self.contract.check(request, self.prefix)
            if problems:
                with self.lock:
                    self.violations.extend(problems)
                return httpx.Response(400, json={"error": "contract", "problems": problems})
        path = request.url.raw_path.decode("ascii").split("?")[0] if self.raw_paths else request.url.path
        route = self.routes.get((request.method, path))
        if route is None:
            return httpx.Response(404, json={"error": "no such route in the test", "path": path})
        response = route(request)
        if self.contract is not None:
            response.read()
            problems = self.contract.check_answer(request, response, self.prefix)
            if problems:
                with self.lock:
                    self.violations.extend(problems)
        return response

    def only(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == path]


def close_all() -> None:
    """Close every desk still open; then fail with the contract violations any of them saw."""
    failures = []
    for desk in list(_OPEN):
        try:
            desk.close()
        except AssertionError as exc:
            failures.append(str(exc))
    if failures:
        raise AssertionError("\n".join(failures))


def _handler(desk: Desk):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *args: object) -> None:  # quiet
            pass

        def _body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
                out = b""
                while True:
                    size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                    if size == 0:
                        while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                            pass
                        return out
                    out += self.rfile.read(size)
                    self.rfile.readline()
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def _serve(self) -> None:
            body = self._body()
            request = httpx.Request(
                self.command,
                f"{desk.scheme}://{self.headers.get('Host') or '127.0.0.1'}{self.path}",
                headers=[(k.encode("latin-1"), v.encode("latin-1")) for k, v in self.headers.raw_items()],
                content=body,
            )
            response = desk.handle(request)
            data = response.read()
            self.send_response(response.status_code)
            for name, value in response.headers.multi_items():
                if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve

    return Handler


def json_body(request: httpx.Request) -> Any:
    assert request.headers["content-type"].startswith("application/json"), request.headers.get("content-type")
    return json.loads(request.content)


def multipart(request: httpx.Request) -> list[tuple[str, str | None, str, bytes]]:
    """(field name, file name, content type, bytes) of each part of a multipart/form-data body."""
    ctype = request.headers["content-type"]
    assert ctype.startswith("multipart/form-data"), ctype
    msg = BytesParser(policy=policy.HTTP).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + request.content)
    parts = []
    for part in msg.iter_parts():
        parts.append((part.get_param("name", header="content-disposition"), part.get_filename(), part.get_content_type(), part.get_payload(decode=True)))
    return parts


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
