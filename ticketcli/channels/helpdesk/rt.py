"""Request Tracker 5 through its REST2 API (``/REST/2.0``), core since RT 5.0.

* create: ``POST /REST/2.0/ticket`` with Queue, Subject, Requestor, Content (text/plain) and
  ``Attachments`` inline (FileName, FileType, FileContent in base64; sizes checked first);
  answers ``201 {"id": …, "_url": …}``;
* status: ``GET /REST/2.0/ticket/{id}`` → ``Status``;
* follow-up: ``POST /REST/2.0/ticket/{id}/correspond`` (Content, ContentType, Attachments);
* the conversation: ``GET /REST/2.0/ticket/{id}/history`` (paged: ``page``, ``per_page``,
  ``pages``) with ``fields=Type,Creator,Created``; every ``Correspond`` transaction is a public
  message (``Comment`` is RT's internal note and is never read; ``Create`` is the ticket
  itself). Its parts: ``GET /REST/2.0/transaction/{id}/attachments?fields=Filename,ContentType``;
  the text is the first part without a file name (text/plain, else text/html turned into text),
  read from ``GET /REST/2.0/attachment/{id}`` (``Content`` in base64); a part with a file name
  is a file, downloaded the same way. A message is the client's when its creator created the
  ticket or is one of its Requestors; any other creator is the desk's staff (shown by the
  RealName RT gives, when the client may see it);
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

from ...i18n import register, t
from ...message import render_text
from ..base import Attachment, Message, Outgoing, PermanentError, Receipt
from .common import HelpdeskBackend, b64_file, mime_type, segment, subject_of

register(
    {
        "rt_not_attachment": (
            "{url} is not one of this Request Tracker's attachments: not downloaded.",
            "{url} — не вложение этого Request Tracker: не скачано.",
        ),
    }
)

#: Pages of a ticket's history read at most (100 transactions each).
MAX_PAGES = 100


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

    # -- the conversation --------------------------------------------------------------------
    def _pages(self, path: str, fields: str) -> list[dict[str, Any]]:
        """Every item of a paged REST2 collection."""
        items: list[dict[str, Any]] = []
        page = 1
        while page <= MAX_PAGES:
            response = self.call("GET", path, params={"fields": fields, "per_page": "100", "page": str(page)})
            body = self.json_of(response)
            if not isinstance(body, dict) or not isinstance(body.get("items"), list):
                raise self.bad_answer(response)
            items.extend(i for i in body["items"] if isinstance(i, dict))
            pages = body.get("pages")
            if not isinstance(pages, int) or page >= pages:
                break
            page += 1
        return items

    def _content(self, attachment_id: str) -> bytes:
        import base64
        import binascii

        body = self.json_of(self.call("GET", f"/attachment/{segment(attachment_id)}"))
        content = body.get("Content") if isinstance(body, dict) else None
        try:
            return base64.b64decode(content or "")
        except (binascii.Error, ValueError, TypeError):
            return b""

    def _name_of(self, user: str, names: dict[str, str]) -> str:
        """A user's RealName as RT shows it (the id when the client may not see the user)."""
        if user not in names:
            names[user] = user
            try:
                response = self.client.get(f"/user/{segment(user)}")
            except httpx.TransportError:
                return user
            body = self.json_of(response) if response.status_code == 200 else None
            if isinstance(body, dict) and isinstance(body.get("RealName"), str) and body["RealName"].strip():
                names[user] = body["RealName"].strip()
        return names[user]

    def messages(self, receipt: Receipt, since: str | None = None) -> list[Message]:
        from ..plaintext import html_to_text

        number = segment(receipt.id)
        ticket = self.json_of(self.call("GET", f"/ticket/{number}"))
        if not isinstance(ticket, dict):
            raise PermanentError(t("hd_bad_answer", desk=self.title, status=200), kind="protocol")
        client = {_user(ticket.get("Creator"))} | {_user(r) for r in ticket.get("Requestor") or [] if isinstance(r, dict)}
        client.discard("")
        after = _when(since) if since else None
        names: dict[str, str] = {}
        found: list[Message] = []
        for txn in self._pages(f"/ticket/{number}/history", "Type,Creator,Created"):
            if txn.get("Type") != "Correspond" or not txn.get("id"):
                continue
            created = str(txn.get("Created") or "")
            if after is not None and _when(created) < after:
                continue
            creator = _user(txn.get("Creator"))
            parts = self._pages(f"/transaction/{segment(str(txn['id']))}/attachments", "Filename,ContentType")
            text, files = "", []
            bodies = [p for p in parts if not p.get("Filename") and str(p.get("ContentType", "")).startswith("text/")]
            body = next((p for p in bodies if p.get("ContentType") == "text/plain"), None) or next(iter(bodies), None)
            if body is not None:
                text = self._content(str(body["id"])).decode("utf-8", "replace")
                if body.get("ContentType") == "text/html":
                    text = html_to_text(text)
            for part in parts:
                if part.get("Filename"):
                    files.append((str(part["Filename"]), f"{self.base}/attachment/{segment(str(part['id']))}"))
            found.append(Message(id=str(txn["id"]), author=self._name_of(creator, names) if creator else "", from_desk=creator not in client,
                                 created=created, text=text.strip("\n"), attachments=files))
        return found

    def download(self, url: str, into) -> None:
        prefix = f"{self.base}/attachment/"
        ident = url[len(prefix):] if url.startswith(prefix) else ""
        if not (ident.isascii() and ident.isdigit()):
            raise PermanentError(t("rt_not_attachment", url=url[:200]), kind="config")
        into.write(self._content(ident))  # REST2 serves an attachment as JSON, its Content in base64


def _user(value: Any) -> str:
    """The id of a REST2 user reference (``{"id": "root", "type": "user", ...}``)."""
    return str(value.get("id") or "") if isinstance(value, dict) else str(value or "")


def _when(value: str):
    from datetime import datetime, timezone

    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return datetime.min.replace(tzinfo=timezone.utc)
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)
