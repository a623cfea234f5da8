"""Jira Service Management (the customer-facing ``/rest/servicedeskapi``).

* attachments first, as temporary files: ``POST
  /rest/servicedeskapi/servicedesk/{serviceDeskId}/attachTemporaryFile`` — multipart, the part
  named ``file`` (streamed from disk), headers ``X-Atlassian-Token: no-check`` and
  ``X-ExperimentalApi: opt-in``; answers ``{"temporaryAttachments": [{"temporaryAttachmentId",
  "fileName"}]}``. Nothing exists at the desk yet, so a failure here costs nothing;
* create: ``POST /rest/servicedeskapi/request`` ``{"serviceDeskId", "requestTypeId",
  "requestFieldValues": {"summary", "description"}}``; answers ``201`` with ``issueKey``,
  ``currentStatus.status`` and ``_links.web`` (the customer portal page);
* then ``POST /rest/servicedeskapi/request/{key}/attachment`` ``{"temporaryAttachmentIds",
  "public": true}`` turns the temporary files into the request's attachments. If this last step
  fails the request exists: the failure is permanent (no second request) and names the key;
* status: ``GET /rest/servicedeskapi/request/{key}`` → ``currentStatus.status``;
* follow-up: ``POST /rest/servicedeskapi/request/{key}/comment`` ``{"body", "public": true}``, or
  with files the attachment call with an ``additionalComment``;
* the conversation: ``GET /rest/servicedeskapi/request/{key}/comment?public=true&internal=false
  &expand=attachment`` (paged: ``start``, ``limit``, ``isLastPage``): the public comments only,
  each with ``author`` (``displayName``), ``created.iso8601``, ``body`` and its attachments
  (``filename``, ``_links.content``); a comment by the request's ``reporter`` is the client's;
* auth: Jira Cloud — basic ``{helpdesk_user}:{API token}``; Data Center — without helpdesk_user,
  ``Authorization: Bearer <personal access token>``; rate limits: 429 with ``Retry-After`` (and
  ``X-RateLimit-Reset``).

Sources: developer.atlassian.com, Jira Service Management REST API — "Request: Create customer
request", "Get customer request by id or key", "Create request comment", "Get request comments", "Servicedesk: Attach
temporary file", "Request: Create attachment"; "Rate limiting" for Jira Cloud.
"""

from __future__ import annotations

from contextlib import ExitStack
from typing import Any

import httpx

from ...i18n import t
from ...message import render_text
from ..base import Attachment, DeliveryFailure, Message, Outgoing, PermanentError, Receipt
from .common import MAX_PAGES, HelpdeskBackend, after, segment, subject_of

API = "/rest/servicedeskapi"


class JiraBackend(HelpdeskBackend):
    name = "jira"
    title = "Jira Service Management"
    example_url = "https://example.atlassian.net"

    def check_settings(self) -> None:
        self.desk_id = self.require("helpdesk_queue", "the service desk id", "4")
        self.request_type = self.require("jira_request_type", "the request type id", "25")

    def auth_headers(self, secret: str) -> dict[str, str]:
        if secret and not self.profile.get("helpdesk_user"):
            return {"Authorization": f"Bearer {secret}"}
        return {}

    def auth(self, secret: str) -> httpx.Auth | None:
        user = self.profile.get("helpdesk_user")
        return httpx.BasicAuth(user, secret) if user and secret else None

    def _temporary(self, attachments: list[Attachment]) -> list[str]:
        self.check_sizes(attachments)
        ids: list[str] = []
        headers = {"X-Atlassian-Token": "no-check", "X-ExperimentalApi": "opt-in"}
        for att in attachments:
            with ExitStack() as stack:
                response = self.call(
                    "POST", f"{API}/servicedesk/{segment(self.desk_id)}/attachTemporaryFile", headers=headers, files=self.open_files(stack, [att], "file")
                )
            body = self.json_of(response)
            temps = body.get("temporaryAttachments") if isinstance(body, dict) else None
            if not temps or not isinstance(temps, list) or not temps[0].get("temporaryAttachmentId"):
                raise self.bad_answer(response)
            ids.extend(str(x["temporaryAttachmentId"]) for x in temps)
        return ids

    def _attach(self, key: str, ids: list[str], comment: str = "") -> httpx.Response:
        doc: dict[str, Any] = {"temporaryAttachmentIds": ids, "public": True}
        if comment:
            doc["additionalComment"] = {"body": comment}
        return self.call("POST", f"{API}/request/{segment(key)}/attachment", json=doc)

    def submit(self, out: Outgoing) -> Receipt:
        tk = out.ticket
        temporary = self._temporary(out.attachments) if out.attachments else []
        doc = {
            "serviceDeskId": self.desk_id,
            "requestTypeId": self.request_type,
            "requestFieldValues": {"summary": subject_of(tk), "description": render_text(tk)},
        }
        response = self.call("POST", f"{API}/request", json=doc)
        body = self.json_of(response)
        if not isinstance(body, dict) or not body.get("issueKey"):
            raise self.bad_answer(response)
        key = str(body["issueKey"])
        url = str((body.get("_links") or {}).get("web") or f"{self.web}/browse/{segment(key)}")
        receipt = self.receipt(body.get("issueId") or key, key, url, _status(body))
        if temporary:
            try:
                self._attach(key, temporary)
            except DeliveryFailure as exc:
                raise PermanentError(t("hd_partial", desk=self.title, number=key, url=url, reason=exc.message), kind="partial", status=exc.status) from None
        return receipt

    def status(self, receipt: Receipt) -> str:
        response = self.call("GET", f"{API}/request/{segment(receipt.number or receipt.id)}")
        body = self.json_of(response)
        if not isinstance(body, dict):
            raise self.bad_answer(response)
        return _status(body)

    def follow_up(self, receipt: Receipt, text: str, attachments: list[Attachment], key: str | None = None, *, subject: str = "") -> dict[str, Any]:
        issue = receipt.number or receipt.id
        if attachments:
            response = self._attach(issue, self._temporary(attachments), text)
            body = self.json_of(response)
            comment = body.get("comment") if isinstance(body, dict) else None
            return {"id": str((comment or {}).get("id") or "")}
        response = self.call("POST", f"{API}/request/{segment(issue)}/comment", json={"body": text, "public": True})
        body = self.json_of(response)
        return {"id": str(body.get("id") or "")} if isinstance(body, dict) else {}

    def messages(self, receipt: Receipt, since: str | None = None) -> list[Message]:
        issue = segment(receipt.number or receipt.id)
        request = self.json_of(self.call("GET", f"{API}/request/{issue}"))
        client = _who(request.get("reporter")) if isinstance(request, dict) else set()
        found: list[Message] = []
        start = 0
        for _ in range(MAX_PAGES):
            params = {"public": "true", "internal": "false", "expand": "attachment", "start": str(start), "limit": "100"}
            response = self.call("GET", f"{API}/request/{issue}/comment", params=params)
            page = self.json_of(response)
            values = page.get("values") if isinstance(page, dict) else None
            if not isinstance(values, list):
                raise self.bad_answer(response)
            for c in values:
                if not isinstance(c, dict) or not c.get("id") or c.get("public") is False:
                    continue
                created = c.get("created")
                created = str(created.get("iso8601") or "") if isinstance(created, dict) else str(created or "")
                files = c.get("attachments")
                files = files.get("values") if isinstance(files, dict) else files
                attachments = [(str(f["filename"]), str((f.get("_links") or {}).get("content") or ""))
                               for f in files or [] if isinstance(f, dict) and f.get("filename") and (f.get("_links") or {}).get("content")]
                author = c.get("author") if isinstance(c.get("author"), dict) else {}
                if after(created, since):
                    found.append(Message(id=str(c["id"]), author=str(author.get("displayName") or ""), from_desk=not (_who(author) & client),
                                         created=created, text=str(c.get("body") or ""), attachments=attachments))
            if page.get("isLastPage", True) or not values:
                break
            start += len(values)
        return found


def _who(user: Any) -> set[str]:
    """The identifiers of a JSM user object (Cloud: accountId; Data Center: key, name; both: e-mail)."""
    if not isinstance(user, dict):
        return set()
    return {f"{k}:{user[k]}" for k in ("accountId", "key", "name", "emailAddress") if isinstance(user.get(k), str) and user[k]}


def _status(body: dict[str, Any]) -> str:
    current = body.get("currentStatus")
    return str(current.get("status") or "") if isinstance(current, dict) else ""
