"""Freshdesk (API v2).

* create: ``POST /api/v2/tickets`` — JSON without attachments; with attachments a
  multipart/form-data body whose files are ``attachments[]`` parts streamed from disk (the
  documented way), fields ``email``, ``subject``, ``description`` (HTML), ``status`` (2 = Open),
  ``priority`` (1 = Low), ``group_id`` (``helpdesk_queue``), ``tags[]``; answers ``201`` with the
  ticket (``id``, ``status``). Freshdesk takes at most 20 MB of attachments per ticket: checked
  before anything is sent;
* status: ``GET /api/v2/tickets/{id}`` → ``status`` (2 open, 3 pending, 4 resolved, 5 closed);
* follow-up: ``POST /api/v2/tickets/{id}/notes`` — a public (``private: false``) note marked
  ``incoming`` ("appear as being created from outside") and written in the requester's name
  (``user_id``: the ``requester_id`` read from the ticket first), so the desk sees the client's
  message, not its own agent's. Not ``/reply``: that is an agent's answer e-mailed *to* the
  requester;
* the conversation: ``GET /api/v2/tickets/{id}/conversations`` ("List all Conversations of a
  Ticket"; ``per_page`` up to 100, further pages in the ``Link: <…>; rel="next"`` header): each
  conversation's ``body_text`` (else its HTML ``body`` as text), ``incoming`` (true: from the
  requester), ``private`` (a private note is the desk's own and is never read), ``from_email``,
  ``created_at``, ``attachments`` (``name``, ``attachment_url``: a signed link on Freshdesk's
  file store, downloaded without the key);
* auth: basic with the API key as the user name and ``X`` as the password; rate limits: 429 with
  ``Retry-After``.

Who holds the key: Freshdesk gives API keys to agents only ("An API key is a unique alphanumeric
identifier, for each agent on your Freshdesk Account", support.freshdesk.com article 225435
"Where can I find my API key?"; "The API key will be displayed only when the agent is verified.
Any activities via API are allowed as per the role assigned to the agent", "How To Find Your API
Key"). A customer's portal login has none, so there is no endpoint a requester may call himself:
the channel works with a key the provider issues for this use (an agent with a restricted role),
and a client without one writes through the desk's portal or by e-mail (README, "Freshdesk").

Sources: developers.freshdesk.com/api ("Create a Ticket", "Create a ticket with attachments",
"View a Ticket", "Create a Note", "Authentication", "Rate Limit") and Freshdesk's own samples
(github.com/freshdesk/fresh-samples: ``-F "attachments[]=@…"``, ``-u API_KEY:X``). The page a
requester opens is ``{helpdesk_url}/support/tickets/{id}``.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import httpx

from ...i18n import register, t
from ..base import Attachment, Outgoing, PermanentError, Receipt
from ..base import Message
from .common import HelpdeskBackend, after, check_total, labels_of, render_html, requester_name, segment, subject_of, text_html

register(
    {
        "fd_group": (
            "helpdesk_queue for Freshdesk is the group's numeric id, not '{value}': ticket config set helpdesk_queue 43000123456",
            "helpdesk_queue для Freshdesk — числовой id группы, а не «{value}»: ticket config set helpdesk_queue 43000123456",
        ),
    }
)

#: Freshdesk's limit for all attachments of one ticket.
LIMIT = 20 * 2**20
STATUSES = {2: "open", 3: "pending", 4: "resolved", 5: "closed"}


class FreshdeskBackend(HelpdeskBackend):
    name = "freshdesk"
    title = "Freshdesk"
    example_url = "https://example.freshdesk.com"

    def check_settings(self) -> None:
        group = self.profile.get("helpdesk_queue")
        if group and not group.isdigit():
            raise PermanentError(t("fd_group", value=group), kind="config")

    def auth(self, secret: str) -> httpx.Auth | None:
        return httpx.BasicAuth(secret, "X") if secret else None

    def _send(self, path: str, fields: dict[str, Any], attachments: list[Attachment]) -> httpx.Response:
        if not attachments:
            return self.call("POST", path, json=fields)
        self.check_sizes(attachments)
        check_total(attachments, LIMIT, self.title)
        data: dict[str, Any] = {}
        for key, value in fields.items():
            if isinstance(value, list):
                data[f"{key}[]"] = [str(v) for v in value]
            elif isinstance(value, bool):
                data[key] = "true" if value else "false"
            else:
                data[key] = str(value)
        with ExitStack() as stack:
            files = self.open_files(stack, attachments, "attachments[]")
            return self.call("POST", path, data=data, files=files)

    def submit(self, out: Outgoing) -> Receipt:
        tk = out.ticket
        fields: dict[str, Any] = {
            "email": self.profile.get("contact_email") or tk.contact_email,
            "name": requester_name(tk),
            "subject": subject_of(tk),
            "description": render_html(tk),
            "status": 2,
            "priority": 1,
        }
        group = self.profile.get("helpdesk_queue")
        if group:
            fields["group_id"] = int(group)
        tags = labels_of(self.profile)
        if tags:
            fields["tags"] = tags
        response = self._send("/api/v2/tickets", fields, out.attachments)
        body = self.json_of(response)
        if not isinstance(body, dict) or not body.get("id"):
            raise self.bad_answer(response)
        number = str(body["id"])
        return self.receipt(number, number, f"{self.web}/support/tickets/{segment(number)}", _status(body.get("status")) or "open")

    def status(self, receipt: Receipt) -> str:
        response = self.call("GET", f"/api/v2/tickets/{segment(receipt.id)}")
        body = self.json_of(response)
        if not isinstance(body, dict):
            raise self.bad_answer(response)
        return _status(body.get("status"))

    def follow_up(self, receipt: Receipt, text: str, attachments: list[Attachment], key: str | None = None, *, subject: str = "") -> dict[str, Any]:
        ticket = self.json_of(self.call("GET", f"/api/v2/tickets/{segment(receipt.id)}"))
        requester = ticket.get("requester_id") if isinstance(ticket, dict) else None
        fields: dict[str, Any] = {"body": text_html(text), "private": False, "incoming": True}
        if isinstance(requester, int) and not isinstance(requester, bool):
            fields["user_id"] = requester
        response = self._send(f"/api/v2/tickets/{segment(receipt.id)}/notes", fields, attachments)
        body = self.json_of(response)
        return {"id": str(body.get("id") or "")} if isinstance(body, dict) else {}

    def messages(self, receipt: Receipt, since: str | None = None) -> list[Message]:
        found: list[Message] = []
        for response in self.linked_pages(f"/api/v2/tickets/{segment(receipt.id)}/conversations", {"per_page": "100"}):
            body = self.json_of(response)
            if not isinstance(body, list):
                raise self.bad_answer(response)
            for item in body:
                message = _conversation(item)
                if message is not None and after(message.created, since):
                    found.append(message)
        return found


def _conversation(item: Any) -> Message | None:
    if not isinstance(item, dict) or item.get("private") or not item.get("id"):
        return None
    text = item.get("body_text")
    if not isinstance(text, str) or not text.strip():
        from ..plaintext import html_to_text

        text = html_to_text(str(item.get("body") or ""))
    files = [(str(a.get("name")), str(a.get("attachment_url")))
             for a in item.get("attachments") or [] if isinstance(a, dict) and a.get("name") and a.get("attachment_url")]
    author = item.get("from_email") or (f"user {item['user_id']}" if item.get("user_id") else "")
    return Message(id=str(item["id"]), author=str(author), from_desk=not item.get("incoming"), created=str(item.get("created_at") or ""),
                   text=text, attachments=files)


def _status(value: Any) -> str:
    try:
        return STATUSES.get(int(value), str(value))
    except (TypeError, ValueError):
        return str(value or "")
