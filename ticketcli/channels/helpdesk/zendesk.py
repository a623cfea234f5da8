"""Zendesk Support, as the desk's customers use it: the Requests API (an end user's view of a ticket).

The desk's customers are Zendesk *end users*. Zendesk's Tickets API always needs an agent; end
users create, read and update their own tickets through the Requests API ("Tickets vs Requests
APIs: How to select the right option for your project"; the Requests reference, section
"Authentication"). So:

* attachments first: ``POST /api/v2/uploads?filename=NAME`` with the file's bytes as the body and
  its MIME type, sent with a ``Content-Length`` (as the docs' ``curl --data-binary`` does; never
  chunked); each answer ``201 {"upload": {"token": …}}`` gives a token the comment lists in
  ``uploads`` ("Ticket Attachments: Upload Files", allowed for end users);
* create: ``POST /api/v2/requests`` ``{"request": {"subject", "comment": {"body", "uploads"}}}``
  (subject and comment are mandatory; the requester is the authenticated user) with
  ``Idempotency-Key: <ticket UUID>`` (Zendesk documents the key for ticket creation in the
  Ticketing API; a desk that ignores it on requests just creates the request); answers
  ``201 {"request": {"id", "status", "url", …}}``. End users cannot set tags: ``helpdesk_labels``
  is not sent;
* status: ``GET /api/v2/requests/{id}`` → ``request.status``;
* follow-up: ``PUT /api/v2/requests/{id}`` ``{"request": {"comment": {"body", "uploads"}}}``
  ("Update Request": a comment is one of the properties an end user may write);
* the conversation: ``GET /api/v2/requests/{id}/comments`` (public comments only: what an end
  user sees), with ``include=users`` so each author's name and whether they are staff come along,
  cursor-paginated (``page[size]``, ``meta.has_more``/``after_cursor``), ``since`` passed on;
* auth, the two ways the Requests reference names: an **OAuth access token** issued to the
  customer's own Zendesk user (``Authorization: Bearer``; used when ``helpdesk_user`` is empty),
  or an **API token** with the end user's e-mail, ``{email}/token:{api_token}`` (``helpdesk_user``
  set). API tokens are made by a Zendesk admin for the whole account and authenticate as any
  user, so a desk hands one out only to an integration it runs itself; README, "Zendesk";
* rate limits: 429 with ``Retry-After``.

The web link: the API answers with the request's API URL only, and Help Center (where
``/hc/requests/{id}`` would be) may be switched off, so the receipt carries no web address.

Sources: developer.zendesk.com — api-reference/ticketing/tickets/ticket-requests/ (Create, Show,
Update Request, List Comments), api-reference/ticketing/tickets/ticket-attachments/ (Upload
Files), documentation/ticketing/managing-tickets/tickets-vs-requests-apis-how-to-select-the-right-option-for-your-project,
api-reference/ticketing/introduction/ (Idempotency), api-reference/introduction/pagination/.
"""

from __future__ import annotations

from typing import Any

import httpx

from ...message import render_text
from ..base import Attachment, Message, Outgoing, Receipt
from .common import HelpdeskBackend, mime_type, segment, subject_of

#: Comments per page (Zendesk's cursor pagination allows up to 100) and pages read at most.
PAGE_SIZE = 100
MAX_PAGES = 50


class ZendeskBackend(HelpdeskBackend):
    name = "zendesk"
    title = "Zendesk"
    example_url = "https://example.zendesk.com"

    def auth_headers(self, secret: str) -> dict[str, str]:
        if secret and not self.profile.get("helpdesk_user"):
            return {"Authorization": f"Bearer {secret}"}  # an OAuth access token
        return {}

    def auth(self, secret: str) -> httpx.Auth | None:
        user = self.profile.get("helpdesk_user")
        return httpx.BasicAuth(f"{user}/token", secret) if user and secret else None

    def _uploads(self, attachments: list[Attachment]) -> list[str]:
        self.check_sizes(attachments)
        tokens = []
        for att in attachments:
            with open(att.path, "rb") as fh:
                # An open file: httpx streams it from disk and sends its size as Content-Length.
                response = self.call(
                    "POST", "/api/v2/uploads", params={"filename": att.name}, headers={"Content-Type": mime_type(att.name)}, content=fh
                )
            body = self.json_of(response)
            upload = body.get("upload") if isinstance(body, dict) else None
            token = upload.get("token") if isinstance(upload, dict) else None
            if not token:
                raise self.bad_answer(response)
            tokens.append(str(token))
        return tokens

    def _comment(self, text: str, attachments: list[Attachment]) -> dict[str, Any]:
        comment: dict[str, Any] = {"body": text}
        if attachments:
            comment["uploads"] = self._uploads(attachments)
        return comment

    def _request(self, response: httpx.Response) -> dict[str, Any]:
        body = self.json_of(response)
        request = body.get("request") if isinstance(body, dict) else None
        if not isinstance(request, dict) or not request.get("id"):
            raise self.bad_answer(response)
        return request

    def submit(self, out: Outgoing) -> Receipt:
        tk = out.ticket
        doc = {"subject": subject_of(tk), "comment": self._comment(render_text(tk), out.attachments)}
        response = self.call("POST", "/api/v2/requests", json={"request": doc}, headers={"Idempotency-Key": out.idempotency_key})
        request = self._request(response)
        number = str(request["id"])
        return self.receipt(number, number, "", request.get("status") or "new")

    def status(self, receipt: Receipt) -> str:
        return str(self._request(self.call("GET", f"/api/v2/requests/{segment(receipt.id)}")).get("status") or "")

    def follow_up(self, receipt: Receipt, text: str, attachments: list[Attachment], key: str | None = None, *, subject: str = "") -> dict[str, Any]:
        response = self.call("PUT", f"/api/v2/requests/{segment(receipt.id)}", json={"request": {"comment": self._comment(text, attachments)}})
        request = self._request(response)
        return {"id": "", "status": str(request.get("status") or "")}

    def messages(self, receipt: Receipt, since: str | None = None) -> list[Message]:
        path = f"/api/v2/requests/{segment(receipt.id)}/comments"
        params: dict[str, str] = {"include": "users", "page[size]": str(PAGE_SIZE)}
        if since:
            params["since"] = since
        comments: list[dict[str, Any]] = []
        users: dict[str, dict[str, Any]] = {}
        for _ in range(MAX_PAGES):
            response = self.call("GET", path, params=params)
            body = self.json_of(response)
            if not isinstance(body, dict) or not isinstance(body.get("comments"), list):
                raise self.bad_answer(response)
            comments += [c for c in body["comments"] if isinstance(c, dict)]
            users.update({str(u.get("id")): u for u in body.get("users") or [] if isinstance(u, dict)})
            meta = body.get("meta") if isinstance(body.get("meta"), dict) else {}
            if not (meta.get("has_more") and meta.get("after_cursor")):
                break
            params["page[after]"] = str(meta["after_cursor"])
        requester = None
        if any(str(c.get("author_id")) not in users for c in comments):
            # No users sideloaded for some author: staff is anyone but the request's requester.
            requester = str(self._request(self.call("GET", f"/api/v2/requests/{segment(receipt.id)}")).get("requester_id") or "")
        return [self._message(c, users, requester) for c in comments if c.get("public", True)]

    @staticmethod
    def _message(comment: dict[str, Any], users: dict[str, dict[str, Any]], requester: str | None) -> Message:
        author_id = str(comment.get("author_id") or "")
        user = users.get(author_id)
        if user is not None:
            from_desk = bool(user.get("agent")) or user.get("role") in ("agent", "admin")
            author = str(user.get("name") or author_id)
        else:
            from_desk = author_id != requester
            author = author_id
        files = [(str(a.get("file_name") or ""), str(a.get("content_url") or "")) for a in comment.get("attachments") or [] if isinstance(a, dict)]
        text = comment.get("plain_body") or comment.get("body") or ""
        return Message(id=str(comment.get("id") or ""), author=author, from_desk=from_desk,
                       created=str(comment.get("created_at") or ""), text=str(text), attachments=files)
