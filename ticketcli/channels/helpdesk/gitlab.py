"""GitLab issues, for projects that take support there.

* attachments first: ``POST /api/v4/projects/:id/uploads`` — multipart, the part named ``file``
  (streamed from disk); answers ``201 {"markdown": "[name](/uploads/…)", …}``; the markdown links
  go into the issue's description (GitLab's own way of attaching files to issues);
* create: ``POST /api/v4/projects/:id/issues`` ``{"title", "description", "labels": "a,b"}``;
  answers ``201`` with ``iid`` (the issue number in the project), ``web_url`` and ``state``;
* status: ``GET /api/v4/projects/:id/issues/:iid`` → ``state`` (opened, closed);
* follow-up: ``POST /api/v4/projects/:id/issues/:iid/notes`` ``{"body"}`` (files uploaded first,
  their links appended);
* the conversation: ``GET /api/v4/projects/:id/issues/:iid/notes?sort=asc&order_by=created_at
  &per_page=100`` (further pages in the ``Link`` header): system notes (``system: true``:
  "changed the label", …) and internal notes (``internal``/``confidential``) are never read;
  each note's ``body`` (Markdown), ``author.name``, ``created_at``; a note by the issue's author
  (``author.id`` of the issue) is the client's;
* auth: ``PRIVATE-TOKEN: <personal/project access token>``; rate limits: 429 with
  ``Retry-After`` and ``RateLimit-Reset``.

Sources: docs.gitlab.com REST API — "Issues API: New issue, Single project issue", "Notes API:
Create new issue note, List project issue notes", "Projects API: Upload a file" (now "Project markdown uploads"),
"Authentication: personal/project access tokens", "Rate limits". ``:id`` is the project's
numeric id or its URL-encoded path; ``helpdesk_url`` defaults to https://gitlab.com.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

from ...message import render_text
from ..base import Attachment, Message, Outgoing, Receipt
from .common import HelpdeskBackend, after, labels_of, segment, subject_of


class GitLabBackend(HelpdeskBackend):
    name = "gitlab"
    title = "GitLab"
    default_url = "https://gitlab.com"
    example_url = "https://gitlab.example.ru"
    api_path = "/api/v4"

    def check_settings(self) -> None:
        project = self.require("helpdesk_queue", "the project (its path or numeric id)", "example/support")
        self.project_path = f"/projects/{segment(project.strip('/'))}"

    def auth_headers(self, secret: str) -> dict[str, str]:
        return {"PRIVATE-TOKEN": secret} if secret else {}

    def _with_uploads(self, text: str, attachments: list[Attachment]) -> str:
        if not attachments:
            return text
        self.check_sizes(attachments)
        links = []
        for att in attachments:
            with ExitStack() as stack:
                response = self.call("POST", f"{self.project_path}/uploads", files=self.open_files(stack, [att], "file"))
            body = self.json_of(response)
            if not isinstance(body, dict) or not body.get("markdown"):
                raise self.bad_answer(response)
            links.append(f"- {body['markdown']}")
        return text.rstrip("\n") + "\n\n" + "\n".join(links) + "\n"

    def submit(self, out: Outgoing) -> Receipt:
        tk = out.ticket
        doc: dict[str, Any] = {"title": subject_of(tk), "description": self._with_uploads(render_text(tk), out.attachments)}
        labels = labels_of(self.profile)
        if labels:
            doc["labels"] = ",".join(labels)
        response = self.call("POST", f"{self.project_path}/issues", json=doc)
        body = self.json_of(response)
        if not isinstance(body, dict) or not body.get("iid"):
            raise self.bad_answer(response)
        iid = str(body["iid"])
        return self.receipt(iid, iid, str(body.get("web_url") or ""), body.get("state") or "opened")

    def status(self, receipt: Receipt) -> str:
        response = self.call("GET", f"{self.project_path}/issues/{segment(receipt.number or receipt.id)}")
        body = self.json_of(response)
        if not isinstance(body, dict):
            raise self.bad_answer(response)
        return str(body.get("state") or "")

    def follow_up(self, receipt: Receipt, text: str, attachments: list[Attachment], key: str | None = None, *, subject: str = "") -> dict[str, Any]:
        body_text = self._with_uploads(text, attachments)
        response = self.call("POST", f"{self.project_path}/issues/{segment(receipt.number or receipt.id)}/notes", json={"body": body_text})
        body = self.json_of(response)
        return {"id": str(body.get("id") or "")} if isinstance(body, dict) else {}

    def messages(self, receipt: Receipt, since: str | None = None) -> list[Message]:
        issue = f"{self.project_path}/issues/{segment(receipt.number or receipt.id)}"
        body = self.json_of(self.call("GET", issue))
        author = (body.get("author") or {}).get("id") if isinstance(body, dict) else None
        found: list[Message] = []
        for response in self.linked_pages(f"{issue}/notes", {"sort": "asc", "order_by": "created_at", "per_page": "100"}):
            page = self.json_of(response)
            if not isinstance(page, list):
                raise self.bad_answer(response)
            for note in page:
                if not isinstance(note, dict) or not note.get("id") or note.get("system") or note.get("internal") or note.get("confidential"):
                    continue
                who = note.get("author") if isinstance(note.get("author"), dict) else {}
                created = str(note.get("created_at") or "")
                if after(created, since):
                    found.append(Message(id=str(note["id"]), author=str(who.get("name") or who.get("username") or ""),
                                         from_desk=author is None or who.get("id") != author, created=created, text=str(note.get("body") or "")))
        return found
