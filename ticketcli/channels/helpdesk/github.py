"""GitHub issues, for projects that take support there.

* create: ``POST /repos/{owner}/{repo}/issues`` ``{"title", "body", "labels"}``; answers ``201``
  with ``number``, ``html_url`` and ``state``. GitHub's description of ``labels`` says they are
  "silently dropped" without push access, but a token that may not create labels has been seen
  to get ``403 {"message": "You do not have permission to create labels on this repository.",
  "errors": [{"resource": "Repository", "field": "label", "code": "unauthorized"}]}`` for a label
  the repository lacks, and a bad label a ``422`` validation error. Such a refusal about labels
  is retried once without them; the receipt's note says which labels were not set, and why;
* status: ``GET /repos/{owner}/{repo}/issues/{number}`` → ``state`` (open, closed);
* follow-up: ``POST /repos/{owner}/{repo}/issues/{number}/comments`` ``{"body"}``;
* the conversation: ``GET /repos/{owner}/{repo}/issues/{number}/comments`` (``per_page=100``,
  ``since``; further pages in the ``Link`` header): each comment's ``body`` (Markdown, shown as
  it is), ``user.login``, ``created_at``; a comment by the issue's author (``user`` of ``GET
  …/issues/{number}``) is the client's, any other is the desk's. GitHub comments carry no files
  of their own (links in the text);
* auth: ``Authorization: Bearer <token>`` with ``Accept: application/vnd.github+json`` and
  ``X-GitHub-Api-Version: 2022-11-28``; rate limits: 403/429 with ``x-ratelimit-remaining: 0``
  and ``x-ratelimit-reset`` (epoch seconds), or ``retry-after`` (secondary limits).
* attachments: GitHub's REST API has no way to upload files to an issue. Small UTF-8 text files
  (logs, traceroutes) are put into the body as fenced blocks; any other file is refused before
  anything is sent, with a message saying so — never silently dropped.

Sources: docs.github.com REST API — "Issues: Create an issue", "Get an issue", "Issue comments:
Create an issue comment", "Issue comments: List issue comments", "Rate limits for the REST API", "Authenticating to the REST API".
``helpdesk_url`` defaults to https://api.github.com (GitHub Enterprise Server:
https://HOST/api/v3); ``helpdesk_queue`` is ``owner/repo``.
"""

from __future__ import annotations

import re
from typing import Any

import httpx

from ...i18n import register, t
from ...message import render_text
from ..base import Attachment, Message, Outgoing, PermanentError, Receipt
from .common import HelpdeskBackend, after, desk_reason, labels_of, segment, subject_of

register(
    {
        "gh_repo": (
            "helpdesk_queue for GitHub is the repository as owner/name, not '{value}': ticket config set helpdesk_queue example/support",
            "helpdesk_queue для GitHub — репозиторий в виде владелец/имя, а не «{value}»: ticket config set helpdesk_queue example/support",
        ),
        "gh_labels_dropped": (
            "GitHub refused the labels {labels} ({reason}); the issue was created without them.",
            "GitHub отказался ставить метки {labels} ({reason}); задача создана без них.",
        ),
        "gh_no_files": (
            "GitHub's API cannot attach files to an issue; {names} cannot be sent this way (only small UTF-8 text files go into the issue text). Remove them from the ticket, or send them another way once the issue exists.",
            "API GitHub не умеет прикладывать файлы к задаче; {names} так не отправить (в текст задачи попадают только небольшие текстовые файлы UTF-8). Уберите их из заявки или передайте иначе, когда задача будет создана.",
        ),
    }
)

_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
#: GitHub's issue body limit is 65536 characters; inline text files only within this budget.
INLINE_BUDGET = 60_000


class _LabelsRefused(PermanentError):
    """A 403/422 whose reason is the labels (GitHub's ``field``/``resource`` name a label)."""

    reason = ""


def _about_labels(response: httpx.Response) -> bool:
    try:
        body = response.json()
    except ValueError:
        return False
    if not isinstance(body, dict):
        return False
    for err in body.get("errors") or []:
        if isinstance(err, dict) and any("label" in str(err.get(k, "")).lower() for k in ("field", "resource")):
            return True
    return "label" in str(body.get("message", "")).lower()


class GitHubBackend(HelpdeskBackend):
    name = "github"
    title = "GitHub"
    default_url = "https://api.github.com"
    example_url = "https://api.github.com"

    def check_settings(self) -> None:
        repo = self.require("helpdesk_queue", "the repository", "example/support")
        if not _REPO.match(repo):
            raise PermanentError(t("gh_repo", value=repo), kind="config")
        owner, _, name = repo.partition("/")
        self.repo_path = f"/repos/{segment(owner)}/{segment(name)}"

    def auth_headers(self, secret: str) -> dict[str, str]:
        headers = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
        if secret:
            headers["Authorization"] = f"Bearer {secret}"
        return headers

    def _inline(self, body: str, attachments: list[Attachment]) -> str:
        """The body with text attachments appended as fenced blocks; refuses other files."""
        if not attachments:
            return body
        self.check_sizes(attachments)
        blocks, refused, used = [], [], len(body)
        for att in attachments:
            try:
                text = att.path.read_bytes().decode("utf-8") if att.size <= INLINE_BUDGET else None
            except UnicodeDecodeError:
                text = None
            if text is None or "\x00" in text or used + len(text) + 200 > INLINE_BUDGET:
                refused.append(att.name)
                continue
            fence = "````" if "```" in text else "```"
            blocks.append(f"**{att.name}**\n\n{fence}text\n{text.rstrip()}\n{fence}")
            used += len(text) + 200
        if refused:
            raise PermanentError(t("gh_no_files", names=", ".join(refused)), kind="unsupported")
        return body.rstrip("\n") + "\n\n" + "\n\n".join(blocks) + "\n"

    def _raise_for(self, response: httpx.Response) -> None:
        try:
            super()._raise_for(response)
        except PermanentError as exc:
            if exc.status in (403, 422) and _about_labels(response):
                refused = _LabelsRefused(exc.message, kind=exc.kind, status=exc.status)
                refused.reason = f"HTTP {exc.status}: {desk_reason(response)}"
                raise refused from None
            raise

    def submit(self, out: Outgoing) -> Receipt:
        tk = out.ticket
        doc: dict[str, Any] = {"title": subject_of(tk), "body": self._inline(render_text(tk), out.attachments)}
        labels = labels_of(self.profile)
        note = ""
        if labels:
            doc["labels"] = labels
        try:
            response = self.call("POST", f"{self.repo_path}/issues", json=doc)
        except _LabelsRefused as refused:
            if not labels:
                raise
            # Once more without the labels: the issue matters more than its labels.
            note = t("gh_labels_dropped", labels=", ".join(labels), reason=refused.reason)
            del doc["labels"]
            response = self.call("POST", f"{self.repo_path}/issues", json=doc)
        body = self.json_of(response)
        if not isinstance(body, dict) or not body.get("number"):
            raise self.bad_answer(response)
        number = str(body["number"])
        receipt = self.receipt(number, number, str(body.get("html_url") or ""), body.get("state") or "open")
        receipt.note = note
        return receipt

    def status(self, receipt: Receipt) -> str:
        response = self.call("GET", f"{self.repo_path}/issues/{segment(receipt.number or receipt.id)}")
        body = self.json_of(response)
        if not isinstance(body, dict):
            raise self.bad_answer(response)
        return str(body.get("state") or "")

    def follow_up(self, receipt: Receipt, text: str, attachments: list[Attachment], key: str | None = None, *, subject: str = "") -> dict[str, Any]:
        response = self.call("POST", f"{self.repo_path}/issues/{segment(receipt.number or receipt.id)}/comments", json={"body": self._inline(text, attachments)})
        body = self.json_of(response)
        return {"id": str(body.get("id") or ""), "url": str(body.get("html_url") or "")} if isinstance(body, dict) else {}

    def messages(self, receipt: Receipt, since: str | None = None) -> list[Message]:
        issue = f"{self.repo_path}/issues/{segment(receipt.number or receipt.id)}"
        body = self.json_of(self.call("GET", issue))
        author = str((body.get("user") or {}).get("login") or "") if isinstance(body, dict) else ""
        params = {"per_page": "100"}
        if since:
            params["since"] = since
        found: list[Message] = []
        for response in self.linked_pages(f"{issue}/comments", params):
            page = self.json_of(response)
            if not isinstance(page, list):
                raise self.bad_answer(response)
            for c in page:
                if not isinstance(c, dict) or not c.get("id"):
                    continue
                login = str((c.get("user") or {}).get("login") or "")
                created = str(c.get("created_at") or "")
                if after(created, since):
                    found.append(Message(id=str(c["id"]), author=login, from_desk=not author or login != author, created=created,
                                         text=str(c.get("body") or "")))
        return found
