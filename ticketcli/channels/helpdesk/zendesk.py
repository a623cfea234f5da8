"""Zendesk Support (Ticketing API v2).

* attachments first: ``POST /api/v2/uploads?filename=NAME`` with the file's bytes as the body
  (streamed from disk) and its MIME type; each answer ``201 {"upload": {"token": …}}`` gives a
  token that the ticket's first comment lists in ``uploads``;
* create: ``POST /api/v2/tickets`` ``{"ticket": {"subject", "comment": {"html_body",
  "uploads"}, "requester": {"email", "name"}, "tags"}}`` with ``Idempotency-Key: <ticket UUID>``
  (a repeat with the same key returns the first ticket); answers ``201 {"ticket": {"id",
  "status", …}}``;
* status: ``GET /api/v2/tickets/{id}`` → ``ticket.status``;
* follow-up: ``PUT /api/v2/tickets/{id}`` with a new public ``comment`` (and its uploads);
* auth: basic ``{helpdesk_user}/token:{API token}``; rate limits: 429 with ``Retry-After``.

Sources: developer.zendesk.com — "Ticket Attachments" (Upload Files), "Adding ticket attachments
with the API", the Tickets API, and the API introduction (Idempotency, rate limits). The page a
requester opens is ``{helpdesk_url}/hc/requests/{id}``.
"""

from __future__ import annotations

from typing import Any

import httpx

from ..base import Attachment, Outgoing, Receipt
from .common import HelpdeskBackend, iter_chunks, labels_of, mime_type, render_html, requester_name, segment, subject_of, text_html


class ZendeskBackend(HelpdeskBackend):
    name = "zendesk"
    title = "Zendesk"
    example_url = "https://example.zendesk.com"

    def check_settings(self) -> None:
        self.user = self.require("helpdesk_user", "the Zendesk user's e-mail", "owner@example.ru")

    def auth(self, secret: str) -> httpx.Auth | None:
        return httpx.BasicAuth(f"{self.user}/token", secret) if secret else None

    def _uploads(self, attachments: list[Attachment]) -> list[str]:
        self.check_sizes(attachments)
        tokens = []
        for att in attachments:
            response = self.call(
                "POST",
                "/api/v2/uploads",
                params={"filename": att.name},
                headers={"Content-Type": mime_type(att.name)},
                content=iter_chunks(att.path),
            )
            body = self.json_of(response)
            token = (body or {}).get("upload", {}).get("token") if isinstance(body, dict) else None
            if not token:
                raise self.bad_answer(response)
            tokens.append(str(token))
        return tokens

    def _ticket(self, response: httpx.Response) -> dict[str, Any]:
        body = self.json_of(response)
        ticket = body.get("ticket") if isinstance(body, dict) else None
        if not isinstance(ticket, dict) or not ticket.get("id"):
            raise self.bad_answer(response)
        return ticket

    def submit(self, out: Outgoing) -> Receipt:
        tk = out.ticket
        comment: dict[str, Any] = {"html_body": render_html(tk), "public": True}
        if out.attachments:
            comment["uploads"] = self._uploads(out.attachments)
        doc: dict[str, Any] = {"subject": subject_of(tk), "comment": comment}
        email = self.profile.get("contact_email") or tk.contact_email
        if email:
            doc["requester"] = {"email": email, "name": requester_name(tk)}
        tags = labels_of(self.profile)
        if tags:
            doc["tags"] = tags
        response = self.call("POST", "/api/v2/tickets", json={"ticket": doc}, headers={"Idempotency-Key": out.idempotency_key})
        ticket = self._ticket(response)
        number = str(ticket["id"])
        return self.receipt(number, number, f"{self.web}/hc/requests/{segment(number)}", ticket.get("status") or "new")

    def status(self, receipt: Receipt) -> str:
        return str(self._ticket(self.call("GET", f"/api/v2/tickets/{segment(receipt.id)}")).get("status") or "")

    def follow_up(self, receipt: Receipt, text: str, attachments: list[Attachment], key: str | None = None, *, subject: str = "") -> dict[str, Any]:
        comment: dict[str, Any] = {"html_body": text_html(text), "public": True}
        if attachments:
            comment["uploads"] = self._uploads(attachments)
        response = self.call("PUT", f"/api/v2/tickets/{segment(receipt.id)}", json={"ticket": {"comment": comment}})
        body = self.json_of(response)
        audit = body.get("audit") if isinstance(body, dict) else None
        return {"id": str((audit or {}).get("id") or "")}
