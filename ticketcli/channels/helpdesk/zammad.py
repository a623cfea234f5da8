"""Zammad (REST API v1).

* create: ``POST /api/v1/tickets`` ``{"title", "group", "customer_id": "guess:<e-mail>",
  "article": {"subject", "body", "content_type": "text/html", "type": "note", "internal":
  false, "attachments": [{"filename", "data" (base64), "mime-type"}]}}``; answers ``201`` with
  ``id`` and ``number`` (the number people quote). Attachments travel in base64 inside JSON:
  their sizes are checked first;
* status: ``GET /api/v1/tickets/{id}?expand=true`` → ``state``;
* follow-up: ``POST /api/v1/ticket_articles`` with ``ticket_id`` (same article shape);
* the conversation: ``GET /api/v1/ticket_articles/by_ticket/{id}`` (every article of the
  ticket): ``internal`` articles are the desk's own notes and are never read; the first article
  is the ticket as sent; ``sender`` (Customer, Agent, System) tells the client from the desk,
  ``from`` names the author, ``body`` is HTML or text after ``content_type``; files
  (``attachments``: ``id``, ``filename``) are downloaded from ``GET
  /api/v1/ticket_attachment/{ticket id}/{article id}/{attachment id}``;
* auth: ``Authorization: Token token=<access token>``; rate limits: 429 with ``Retry-After``.

Sources: Zammad's API documentation (docs.zammad.org, repository zammad/zammad-documentation:
api/ticket/index.rst "Create", api/ticket/articles.rst "Create" with attachments, api/intro.rst
authentication, api/ticket/articles.rst "List by ticket" and "Attachment download"). The agent web page of a ticket is ``{helpdesk_url}/#ticket/zoom/{id}``.
"""

from __future__ import annotations

from typing import Any

from ..base import Attachment, Message, Outgoing, Receipt
from .common import HelpdeskBackend, after, b64_file, mime_type, render_html, segment, subject_of, text_html


class ZammadBackend(HelpdeskBackend):
    name = "zammad"
    title = "Zammad"
    example_url = "https://zammad.example.ru"

    def auth_headers(self, secret: str) -> dict[str, str]:
        return {"Authorization": f"Token token={secret}"} if secret else {}

    def _attachments(self, attachments: list[Attachment]) -> list[dict[str, str]]:
        self.check_sizes(attachments)
        return [{"filename": a.name, "data": b64_file(a), "mime-type": mime_type(a.name)} for a in attachments]

    def _article(self, subject: str, body: str, attachments: list[Attachment]) -> dict[str, Any]:
        article: dict[str, Any] = {"subject": subject, "body": body, "content_type": "text/html", "type": "note", "internal": False}
        if attachments:
            article["attachments"] = self._attachments(attachments)
        return article

    def submit(self, out: Outgoing) -> Receipt:
        tk = out.ticket
        subject = subject_of(tk)
        doc: dict[str, Any] = {
            "title": subject,
            "group": self.profile.get("helpdesk_queue") or "Users",
            "article": self._article(subject, render_html(tk), out.attachments),
        }
        email = self.profile.get("contact_email") or tk.contact_email
        if email:
            doc["customer_id"] = f"guess:{email}"
        response = self.call("POST", "/api/v1/tickets", json=doc)
        body = self.json_of(response)
        if not isinstance(body, dict) or not body.get("id"):
            raise self.bad_answer(response)
        ticket_id = str(body["id"])
        return self.receipt(ticket_id, body.get("number") or ticket_id, f"{self.web}/#ticket/zoom/{segment(ticket_id)}", body.get("state") or "new")

    def status(self, receipt: Receipt) -> str:
        response = self.call("GET", f"/api/v1/tickets/{segment(receipt.id)}", params={"expand": "true"})
        body = self.json_of(response)
        if not isinstance(body, dict):
            raise self.bad_answer(response)
        return str(body.get("state") or body.get("state_id") or "")

    def follow_up(self, receipt: Receipt, text: str, attachments: list[Attachment], key: str | None = None, *, subject: str = "") -> dict[str, Any]:
        doc = {"ticket_id": int(receipt.id) if receipt.id.isdigit() else receipt.id, **self._article(subject, text_html(text), attachments)}
        response = self.call("POST", "/api/v1/ticket_articles", json=doc)
        body = self.json_of(response)
        return {"id": str(body.get("id") or "")} if isinstance(body, dict) else {}

    def messages(self, receipt: Receipt, since: str | None = None) -> list[Message]:
        from ..plaintext import html_to_text

        ticket = segment(receipt.id)
        response = self.call("GET", f"/api/v1/ticket_articles/by_ticket/{ticket}")
        body = self.json_of(response)
        if not isinstance(body, list):
            raise self.bad_answer(response)
        articles = sorted((a for a in body if isinstance(a, dict) and str(a.get("id") or "").isdigit()), key=lambda a: int(a["id"]))
        found: list[Message] = []
        for article in articles[1:]:  # the first article is the ticket as sent
            if article.get("internal"):
                continue
            text = str(article.get("body") or "")
            if str(article.get("content_type") or "text/html") == "text/html":
                text = html_to_text(text)
            files = [(str(f.get("filename")), f"{self.base}/api/v1/ticket_attachment/{ticket}/{segment(str(article['id']))}/{segment(str(f.get('id')))}")
                     for f in article.get("attachments") or [] if isinstance(f, dict) and f.get("filename") and f.get("id")]
            created = str(article.get("created_at") or "")
            if after(created, since):
                found.append(Message(id=str(article["id"]), author=str(article.get("from") or article.get("created_by") or ""),
                                     from_desk=article.get("sender") != "Customer", created=created, text=text, attachments=files))
        return found
