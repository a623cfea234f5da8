"""Helpers for the helpdesk adapter tests that check requests against the vendors' documented shapes.

:class:`Desk` is an ``httpx.MockTransport`` with routes ``(METHOD, path) -> responder``; it records
every request with its body read, so a test can assert method, path, headers and body, and answer
as the vendor's documentation shows.
"""

from __future__ import annotations

import base64
import json
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any, Callable

import httpx

from ticketcli.channels.base import Attachment, Outgoing
from ticketcli.config import Profile
from ticketcli.model import Ticket

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


class Desk(httpx.MockTransport):
    """A scripted desk: ``routes[(method, path)]`` answers; unknown routes answer 404."""

    def __init__(self, routes: dict[tuple[str, str], Callable[[httpx.Request], httpx.Response]] | None = None):
        self.routes = dict(routes or {})
        self.requests: list[httpx.Request] = []
        super().__init__(self._handle)

    def _handle(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        route = self.routes.get((request.method, request.url.path))
        if route is None:
            return httpx.Response(404, json={"error": "no such route in the test", "path": request.url.path})
        return route(request)

    def only(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == path]


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
