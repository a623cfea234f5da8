"""Request Tracker 5 through its REST2 API (``/REST/2.0``), core since RT 5.0.

* create: ``POST /REST/2.0/ticket`` with Queue, Subject, Requestor, Content (text/plain) and
  ``Attachments`` inline (FileName, FileType, FileContent in base64; sizes checked first);
  answers ``201 {"id": …, "_url": …}``;
* status: ``GET /REST/2.0/ticket/{id}`` → ``Status``;
* follow-up: ``POST /REST/2.0/ticket/{id}/correspond`` (Content, ContentType, Attachments);
* auth: ``Authorization: token …`` (an RT auth token) or, when ``helpdesk_user`` is set, HTTP
  basic auth with that user and the secret as the password.

Source: RT's own REST2 documentation (``perldoc RT::REST2``, in Debian's request-tracker5 at
/usr/share/request-tracker5/lib/RT/REST2.pm): "Creating Tickets", "Replying/Commenting
Tickets", "Add Attachments", "Authentication Methods". The ticket's web page is
``{helpdesk_url}/Ticket/Display.html?id=N``.
"""

from __future__ import annotations

from typing import Any

import httpx

from ...message import render_text
from ..base import Attachment, Outgoing, Receipt
from .common import HelpdeskBackend, b64_file, mime_type, segment, subject_of


class RtBackend(HelpdeskBackend):
    name = "rt"
    title = "Request Tracker"
    example_url = "https://rt.example.ru/rt"
    api_path = "/REST/2.0"

    def check_settings(self) -> None:
        self.queue = self.require("helpdesk_queue", "the RT queue", "General")

    def auth_headers(self, secret: str) -> dict[str, str]:
        if secret and not self.profile.get("helpdesk_user"):
            return {"Authorization": f"token {secret}"}
        return {}

    def auth(self, secret: str) -> httpx.Auth | None:
        user = self.profile.get("helpdesk_user")
        return httpx.BasicAuth(user, secret) if user and secret else None

    def _attachments(self, attachments: list[Attachment]) -> list[dict[str, str]]:
        self.check_sizes(attachments)
        return [{"FileName": a.name, "FileType": mime_type(a.name), "FileContent": b64_file(a)} for a in attachments]

    def submit(self, out: Outgoing) -> Receipt:
        tk = out.ticket
        doc: dict[str, Any] = {
            "Queue": self.queue,
            "Subject": subject_of(tk),
            "Content": render_text(tk),
            "ContentType": "text/plain",
        }
        requestor = self.profile.get("contact_email") or tk.contact_email
        if requestor:
            doc["Requestor"] = requestor
        if out.attachments:
            doc["Attachments"] = self._attachments(out.attachments)
        response = self.call("POST", "/ticket", json=doc)
        body = self.json_of(response)
        if not isinstance(body, dict) or not body.get("id"):
            raise self.bad_answer(response)
        number = str(body["id"])
        return self.receipt(number, number, self.web_url(number), "new")

    def web_url(self, number: str) -> str:
        return f"{self.web}/Ticket/Display.html?id={segment(number)}"

    def status(self, receipt: Receipt) -> str:
        response = self.call("GET", f"/ticket/{segment(receipt.id)}")
        body = self.json_of(response)
        if not isinstance(body, dict):
            raise self.bad_answer(response)
        return str(body.get("Status") or "")

    def follow_up(self, receipt: Receipt, text: str, attachments: list[Attachment], key: str | None = None, *, subject: str = "") -> dict[str, Any]:
        doc: dict[str, Any] = {"Content": text, "ContentType": "text/plain"}
        if attachments:
            doc["Attachments"] = self._attachments(attachments)
        response = self.call("POST", f"/ticket/{segment(receipt.id)}/correspond", json=doc)
        body = self.json_of(response)
        # REST2 answers a list of messages ("Correspondence added").
        return {"id": "", "messages": body if isinstance(body, list) else []}
