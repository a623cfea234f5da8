"""The vendors' API contracts the fake desks check every request against.

A :class:`~servers.helpdesk.Desk` given a contract checks each request it receives before it
answers: the operation must exist (method and path), the headers the vendor requires must be
there, and the body must fit the vendor's schema for that operation. A request that does not
fit is answered ``400 {"error": "contract", ...}`` and recorded; the desk fails the test when it
is closed (``Desk.close``), so a payload that drifts from the vendor's contract fails a test even
where the channel would swallow the 400.

Two kinds of contract:

* :class:`OpenApiContract` — the vendor's own machine-readable description, validated with
  openapi-core (a maintained OpenAPI 3 validator): GitHub's REST API description as GitHub
  publishes it on npm (``@octokit/openapi``). The successful answers the fake desk gives are
  checked against the same description, and tests answer with the description's own examples.
  ``.ci/run`` installs the package into ``.cache/vendor-specs`` (or ``$TICKETCLI_VENDOR_SPECS``);
  without it the tests that need it skip, saying how to install it.
* :class:`DocContract` — for desks whose vendors publish no description a registry serves
  (Zendesk, Freshdesk, Zammad, osTicket, Jira Service Management, GitLab: checked on npm and
  PyPI): each operation is written down from the vendor's documentation page, whose address it
  carries — method, path template, required headers, query parameters, and a JSON Schema of the
  body with only the documented fields (validated with jsonschema). Multipart bodies are checked
  as ``{field name: [values]}`` where a file part is ``{"filename", "content_type", "size"}``;
  a binary body must carry a ``Content-Length`` (no chunked upload).
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl

import httpx

REPO = Path(__file__).resolve().parents[2]
#: Where ``.ci/run`` installs the vendors' descriptions (npm packages).
SPECS = Path(os.environ.get("TICKETCLI_VENDOR_SPECS") or REPO / ".cache" / "vendor-specs")
GITHUB_PACKAGE = "@octokit/openapi"
GITHUB_VERSION = "23.0.2"
GITHUB_SPEC = SPECS / "node_modules" / "@octokit" / "openapi" / "generated" / "api.github.com.json"
INSTALL = f"npm install --no-save --prefix {SPECS} {GITHUB_PACKAGE}@{GITHUB_VERSION}"


class Contract:
    """What a desk checks: :meth:`check` (a request) and :meth:`check_answer` (its own answer)."""

    #: Where the contract comes from: a package and version, or the documentation's address.
    source = ""

    def check(self, request: httpx.Request, prefix: str = "") -> list[str]:
        raise NotImplementedError

    def check_answer(self, request: httpx.Request, response: httpx.Response, prefix: str = "") -> list[str]:
        return []


def _path(request: httpx.Request, prefix: str) -> str:
    path = request.url.raw_path.split(b"?", 1)[0].decode("ascii")
    if prefix:
        if not path.startswith(prefix + "/"):
            return ""
        path = path[len(prefix):]
    return path


# -- the vendor's own OpenAPI description ---------------------------------------------------------


def github_unavailable() -> str | None:
    """Why GitHub's OpenAPI description cannot be used here, or None."""
    if not GITHUB_SPEC.is_file():
        return f"GitHub's OpenAPI description ({GITHUB_PACKAGE}@{GITHUB_VERSION}) is not installed: {INSTALL} (.ci/run does)"
    try:
        import openapi_core  # noqa: F401
    except ImportError:
        return "openapi-core is not installed: pip install -e '.[test]'"
    return None


@functools.lru_cache(maxsize=None)
def github() -> "OpenApiContract":
    """GitHub's REST API (api.github.com) as ``@octokit/openapi`` describes it."""
    return OpenApiContract(GITHUB_SPEC, source=f"{GITHUB_PACKAGE}@{GITHUB_VERSION} (generated/api.github.com.json)")


class _Request:
    """An :class:`httpx.Request` in the shape openapi-core reads (its ``Request`` protocol),
    presented on the description's own server so that only path, method, headers and body are
    compared (the fake desk runs on 127.0.0.1)."""

    def __init__(self, request: httpx.Request, server: str, path: str):
        from openapi_core.datatypes import RequestParameters
        from werkzeug.datastructures import Headers, ImmutableMultiDict

        self.host_url = server
        self.path = path
        self.method = request.method.lower()
        self.body = request.content or None
        self.content_type = request.headers.get("content-type", "").lower()
        self.parameters = RequestParameters(
            query=ImmutableMultiDict(parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True)),
            header=Headers(list(request.headers.multi_items())),
            cookie=ImmutableMultiDict(),
        )


class _Response:
    def __init__(self, response: httpx.Response):
        from werkzeug.datastructures import Headers

        self.status_code = response.status_code
        self.data = response.content
        self.content_type = response.headers.get("content-type", "").lower()
        self.headers = Headers(list(response.headers.multi_items()))


class OpenApiContract(Contract):
    def __init__(self, path: Path, *, source: str):
        from openapi_core import Config, OpenAPI

        self.document = json.loads(path.read_text(encoding="utf-8"))
        self.source = source
        self.server = self.document["servers"][0]["url"].rstrip("/")
        # The description is the vendor's, generated and published by it: it is not re-validated
        # as a document on every run (that takes minutes for GitHub's 13 MB one).
        self.app = OpenAPI.from_dict(self.document, config=Config(spec_validator_cls=None))

    def _explain(self, error: Exception) -> str:
        cause = error.__cause__
        details = getattr(cause, "schema_errors", None)
        if details:
            return f"{type(error).__name__}: " + "; ".join(
                f"{'/'.join(map(str, e.absolute_path)) or '(body)'}: {e.message[:300]}" for e in details)
        text = f"{type(error).__name__}: {error}"
        return text + (f" — {cause}" if cause is not None else "")

    def check(self, request: httpx.Request, prefix: str = "") -> list[str]:
        path = _path(request, prefix)
        if not path:
            return [f"{request.method} {request.url.path}: not under {prefix}"]
        subject = _Request(request, self.server, path)
        return [f"{request.method} {path}: {self._explain(e)}" for e in self.app.iter_request_errors(subject)]

    def check_answer(self, request: httpx.Request, response: httpx.Response, prefix: str = "") -> list[str]:
        """The fake desk's own answer against the description's answer for that status (a status
        the operation does not describe, such as 429 or 500, is the test's to stage)."""
        path = _path(request, prefix)
        subject = _Request(request, self.server, path)
        return [f"the fake desk's answer {response.status_code} to {request.method} {path}: {self._explain(e)}"
                for e in self.app.iter_response_errors(subject, _Response(response))
                if type(e).__name__ != "ResponseNotFound"]

    def _resolve(self, node: Any) -> Any:
        while isinstance(node, dict) and "$ref" in node:
            target: Any = self.document
            for part in node["$ref"].lstrip("#/").split("/"):
                target = target[part]
            node = target
        return node

    def operation(self, operation_id: str) -> tuple[str, str, dict[str, Any]]:
        for path, item in self.document["paths"].items():
            for method, op in item.items():
                if isinstance(op, dict) and op.get("operationId") == operation_id:
                    return method.upper(), path, op
        raise KeyError(operation_id)

    def example(self, operation_id: str, status: int = 200) -> Any:
        """The description's own example answer of an operation (a fresh copy)."""
        _, _, op = self.operation(operation_id)
        content = self._resolve(op["responses"][str(status)])["content"]
        media = content.get("application/json") or next(iter(content.values()))
        examples = media.get("examples") or {}
        if examples:
            value = self._resolve(next(iter(examples.values())))["value"]
            if isinstance(value, dict) and str(value.get("$ref", "")).startswith("#/components/examples/"):
                value = self._resolve(value)["value"]  # a value that points at a whole Example object
        else:
            value = media["example"]
        return json.loads(json.dumps(value))


# -- operations written down from the vendor's documentation ------------------------------------


@dataclass
class Operation:
    method: str
    #: The path with ``{name}`` for each segment parameter.
    template: str
    #: The documentation page (with its anchor) this operation follows.
    doc: str
    #: Header name -> regular expression its value must match (fullmatch, case-insensitive).
    headers: dict[str, str] = field(default_factory=dict)
    #: JSON Schema of the query parameters (as a name -> value object); None: none documented.
    query: dict[str, Any] | None = None
    #: JSON Schema of a JSON body; None: the operation takes none.
    body: dict[str, Any] | None = None
    #: JSON Schema of a multipart/form-data body, as {field: [values]}; None: not multipart.
    form: dict[str, Any] | None = None
    #: The body is the raw bytes of a file (any Content-Type), sent with a Content-Length.
    binary: bool = False

    def matches(self, method: str, path: str) -> dict[str, str] | None:
        if method != self.method:
            return None
        pattern = "^" + re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(self.template)) + "$"
        found = re.match(pattern, path)
        return found.groupdict() if found else None


def _form(request: httpx.Request) -> dict[str, list[Any]]:
    ctype = request.headers["content-type"]
    msg = BytesParser(policy=policy.HTTP).parsebytes(b"Content-Type: " + ctype.encode() + b"\r\n\r\n" + request.content)
    fields: dict[str, list[Any]] = {}
    for part in msg.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True) or b""
        if part.get_filename() is not None:
            value: Any = {"filename": part.get_filename(), "content_type": part.get_content_type(), "size": len(payload)}
        else:
            value = payload.decode("utf-8")
        fields.setdefault(name, []).append(value)
    return fields


class DocContract(Contract):
    """A desk's operations as its vendor's documentation describes them (see the module)."""

    def __init__(self, vendor: str, operations: list[Operation], *, headers: dict[str, str] | None = None):
        self.vendor = vendor
        self.operations = operations
        #: Headers every operation requires (authentication, Accept).
        self.headers = headers or {}
        self.source = ", ".join(sorted({op.doc.split("#")[0] for op in operations}))

    def find(self, method: str, path: str) -> tuple[Operation, dict[str, str]] | None:
        for op in self.operations:
            params = op.matches(method, path)
            if params is not None:
                return op, params
        return None

    def check(self, request: httpx.Request, prefix: str = "") -> list[str]:
        import jsonschema

        path = _path(request, prefix)
        where = f"{request.method} {path or request.url.path}"
        found = self.find(request.method, path) if path else None
        if found is None:
            return [f"{where}: {self.vendor} documents no such operation (pages: {self.source})"]
        op, _ = found
        problems: list[str] = []
        for name, pattern in {**self.headers, **op.headers}.items():
            value = request.headers.get(name)
            if value is None:
                problems.append(f"{where}: header {name} missing ({op.doc})")
            elif not re.fullmatch(pattern, value, re.IGNORECASE | re.DOTALL):
                problems.append(f"{where}: header {name} is {value[:60]!r}, not what {op.doc} shows")
        query = dict(parse_qsl(request.url.query.decode("ascii"), keep_blank_values=True))
        if op.query is None and query:
            problems.append(f"{where}: query parameters {sorted(query)} are not documented ({op.doc})")
        elif op.query is not None:
            problems += [f"{where}: query {e.json_path}: {e.message} ({op.doc})"
                         for e in jsonschema.Draft202012Validator(op.query).iter_errors(query)]
        ctype = request.headers.get("content-type", "")
        if op.body is None and op.form is None and not op.binary:
            if request.content:
                problems.append(f"{where}: a body where {op.doc} documents none")
            return problems
        if request.headers.get("transfer-encoding", "").lower() == "chunked" or "content-length" not in request.headers:
            problems.append(f"{where}: the body has no Content-Length (sent chunked); {op.doc} sends a body with a length")
        if op.binary:
            return problems if request.content else problems + [f"{where}: an empty upload"]
        if ctype.startswith("application/json") and op.body is not None:
            try:
                document: Any = json.loads(request.content)
            except ValueError as exc:
                return problems + [f"{where}: the body is not JSON: {exc}"]
            schema = op.body
        elif ctype.startswith("multipart/form-data") and op.form is not None:
            document, schema = _form(request), op.form
        else:
            return problems + [f"{where}: Content-Type {ctype!r} is not what {op.doc} sends"]
        problems += [f"{where}: body {e.json_path}: {e.message} ({op.doc})"
                     for e in jsonschema.Draft202012Validator(schema).iter_errors(document)]
        return problems


def obj(properties: dict[str, Any], required: tuple[str, ...] = (), *, extra: bool = False) -> dict[str, Any]:
    """A JSON Schema object with exactly the documented ``properties`` (unless ``extra``)."""
    return {"type": "object", "properties": properties, "required": list(required), "additionalProperties": extra}


STRING = {"type": "string"}
NONEMPTY = {"type": "string", "minLength": 1}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}
STRINGS = {"type": "array", "items": STRING}
#: A multipart text field, sent once.
ONE = {"type": "array", "items": STRING, "minItems": 1, "maxItems": 1}
ONE_INT = {"type": "array", "items": {"type": "string", "pattern": "^[0-9]+$"}, "minItems": 1, "maxItems": 1}
ONE_BOOL = {"type": "array", "items": {"enum": ["true", "false"]}, "minItems": 1, "maxItems": 1}
FILES = {"type": "array", "minItems": 1, "items": obj({"filename": NONEMPTY, "content_type": STRING, "size": {"type": "integer", "minimum": 1}}, ("filename",))}


# -- per vendor ---------------------------------------------------------------------------------

ZENDESK_REQUESTS = "https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-requests/"
ZENDESK_UPLOADS = "https://developer.zendesk.com/api-reference/ticketing/tickets/ticket-attachments/#upload-files"
ZENDESK_FORMAT = "https://developer.zendesk.com/api-reference/introduction/requests/"
#: A request comment as an end user writes it ("Request comments": the text, or HTML, and the
#: upload tokens; an end user's comments are always public).
_ZENDESK_COMMENT = {
    "type": "object",
    "properties": {"body": NONEMPTY, "html_body": NONEMPTY, "uploads": {"type": "array", "items": NONEMPTY}},
    "anyOf": [{"required": ["body"]}, {"required": ["html_body"]}],
    "additionalProperties": False,
}


@functools.lru_cache(maxsize=None)
def zendesk() -> DocContract:
    """Zendesk's Requests API, as an end user calls it (no machine-readable description of it is
    served by npm or PyPI; Zendesk's own OpenAPI file, downloadable from its reference, describes
    no request bodies for these operations anyway)."""
    paging = obj({"include": {"const": "users"}, "since": NONEMPTY, "role": {"enum": ["agent", "end_user"]},
                  "sort": {"enum": ["created_at", "-created_at"]}, "page[size]": {"type": "string", "pattern": "^[0-9]+$"},
                  "page[after]": NONEMPTY})
    return DocContract(
        "Zendesk",
        [
            Operation("POST", "/api/v2/uploads", ZENDESK_UPLOADS, query=obj({"filename": NONEMPTY, "token": NONEMPTY}, ("filename",)),
                      binary=True),
            # "Create Request": subject and comment are mandatory; the other writable properties
            # are the documented ones (an end user cannot set tags, assignee, status...).
            Operation("POST", "/api/v2/requests", ZENDESK_REQUESTS + "#create-request",
                      headers={"Content-Type": r"application/json.*"},
                      body=obj({"request": obj({
                          "subject": NONEMPTY, "comment": _ZENDESK_COMMENT, "collaborators": {"type": "array"},
                          "email_ccs": {"type": "array"}, "requester": obj({"name": STRING, "email": STRING}, ("name",), extra=True),
                          "priority": STRING, "type": STRING, "custom_fields": {"type": "array"}, "fields": {"type": "array"},
                          "due_at": STRING, "ticket_form_id": INTEGER, "recipient": STRING, "via_followup_source_id": INTEGER,
                          "brand_id": INTEGER,
                      }, ("subject", "comment"))}, ("request",))),
            Operation("GET", "/api/v2/requests/{request_id}", ZENDESK_REQUESTS + "#show-request", query=obj({"include": STRING})),
            # "Update Request": only comment, solved and additional_collaborators are writable.
            Operation("PUT", "/api/v2/requests/{request_id}", ZENDESK_REQUESTS + "#update-request",
                      headers={"Content-Type": r"application/json.*"},
                      body=obj({"request": obj({"comment": _ZENDESK_COMMENT, "solved": BOOLEAN,
                                                "additional_collaborators": {"type": "array"}})}, ("request",))),
            Operation("GET", "/api/v2/requests/{request_id}/comments", ZENDESK_REQUESTS + "#list-comments", query=paging),
        ],
        # "You must set an Accept: application/json header on all requests"; every request of an
        # end user is authenticated (basic with {email}/token, or an OAuth bearer token).
        headers={"Accept": r".*application/json.*", "Authorization": r"(Basic [A-Za-z0-9+/=]+|Bearer \S+)"},
    )


OSTICKET_DOC = "https://github.com/osTicket/osTicket/blob/develop/setup/doc/api/tickets.md"


@functools.lru_cache(maxsize=None)
def osticket() -> DocContract:
    """osTicket's HTTP API as its own documentation (setup/doc/api/tickets.md, "Create a Ticket",
    "Fields" and "JSON Payload Example") describes it: the required fields, the optional ones
    (an "Unsupported field sent" is an error), attachments as one-entry objects of RFC 2397 data
    URLs, and the key in ``X-API-Key`` (setup/doc/api.md)."""
    data_url = {"type": "string", "pattern": "^data:"}
    return DocContract(
        "osTicket",
        [
            Operation("POST", "/api/tickets.json", OSTICKET_DOC + "#create-a-ticket",
                      headers={"X-API-Key": r"\S+", "Content-Type": r"application/json.*"},
                      body=obj({
                          "email": NONEMPTY, "name": NONEMPTY, "subject": NONEMPTY, "message": NONEMPTY,
                          "alert": BOOLEAN, "autorespond": BOOLEAN, "ip": STRING, "phone": STRING, "phone_ext": STRING,
                          "priorityId": {"type": ["integer", "string"]}, "source": STRING,
                          "topicId": {"type": ["integer", "string"]},
                          "attachments": {"type": "array", "items": {"type": "object", "minProperties": 1, "maxProperties": 1,
                                                                     "additionalProperties": data_url}},
                      }, ("email", "name", "subject", "message"))),
        ],
    )


FRESHDESK_DOC = "https://developers.freshdesk.com/api/"


@functools.lru_cache(maxsize=None)
def freshdesk() -> DocContract:
    """Freshdesk's API v2 as developers.freshdesk.com/api documents it ("Create a Ticket", "Create
    a ticket with attachments", "View a Ticket", "Create a Note", "List All Conversations of a
    Ticket"; "Authentication": the API key as the basic user name). Only the documented fields."""
    requester = [{"required": [k]} for k in ("requester_id", "email", "phone", "twitter_id", "facebook_id", "unique_external_id")]
    ticket_json = obj({
        "name": STRING, "requester_id": INTEGER, "email": NONEMPTY, "facebook_id": STRING, "phone": STRING, "twitter_id": STRING,
        "unique_external_id": STRING, "subject": NONEMPTY, "type": STRING, "status": INTEGER, "priority": {"enum": [1, 2, 3, 4]},
        "description": NONEMPTY, "responder_id": INTEGER, "cc_emails": STRINGS, "custom_fields": {"type": "object"},
        "due_by": STRING, "email_config_id": INTEGER, "fr_due_by": STRING, "group_id": INTEGER, "parent_id": INTEGER,
        "product_id": INTEGER, "source": INTEGER, "tags": STRINGS, "company_id": INTEGER,
    }, ("subject", "description", "status", "priority"))
    ticket_json["anyOf"] = requester
    ticket_form = obj({
        "name": ONE, "email": ONE, "subject": ONE, "description": ONE, "status": ONE_INT, "priority": ONE_INT,
        "group_id": ONE_INT, "type": ONE, "source": ONE_INT, "tags[]": {"type": "array", "items": STRING, "minItems": 1},
        "cc_emails[]": STRINGS, "attachments[]": FILES,
    }, ("email", "subject", "description", "status", "priority", "attachments[]"))
    note_json = obj({"body": NONEMPTY, "incoming": BOOLEAN, "notify_emails": STRINGS, "private": BOOLEAN, "user_id": INTEGER}, ("body",))
    note_form = obj({"body": ONE, "incoming": ONE_BOOL, "notify_emails[]": STRINGS, "private": ONE_BOOL, "user_id": ONE_INT,
                     "attachments[]": FILES}, ("body", "attachments[]"))
    return DocContract(
        "Freshdesk",
        [
            # JSON, or multipart/form-data when files go with it ("Create a ticket with attachments").
            Operation("POST", "/api/v2/tickets", FRESHDESK_DOC + "#create_ticket", body=ticket_json, form=ticket_form),
            Operation("GET", "/api/v2/tickets/{id}", FRESHDESK_DOC + "#view_a_ticket", query=obj({"include": STRING})),
            Operation("POST", "/api/v2/tickets/{id}/notes", FRESHDESK_DOC + "#add_note_to_a_ticket", body=note_json, form=note_form),
            Operation("GET", "/api/v2/tickets/{id}/conversations", FRESHDESK_DOC + "#list_all_ticket_notes",
                      query=obj({"page": STRING, "per_page": STRING})),
        ],
        headers={"Authorization": r"Basic [A-Za-z0-9+/=]+"},
    )


ZAMMAD_TICKETS = "https://docs.zammad.org/en/latest/api/ticket/index.html"
ZAMMAD_ARTICLES = "https://docs.zammad.org/en/latest/api/ticket/articles.html"
_ZAMMAD_ATTACHMENT = obj({"filename": NONEMPTY, "data": {"type": "string", "contentEncoding": "base64"}, "mime-type": STRING},
                         ("filename", "data"))
_ZAMMAD_ARTICLE = {
    "subject": STRING, "body": NONEMPTY, "content_type": {"enum": ["text/plain", "text/html"]}, "type": STRING,
    "internal": BOOLEAN, "sender": STRING, "to": STRING, "cc": STRING, "time_unit": STRING,
    "attachments": {"type": "array", "items": _ZAMMAD_ATTACHMENT},
}


@functools.lru_cache(maxsize=None)
def zammad() -> DocContract:
    """Zammad's REST API as docs.zammad.org documents it (api/ticket/index "Create", "Show";
    api/ticket/articles "Create" with attachments, "By Ticket"; api/intro authentication)."""
    ticket = obj({"title": NONEMPTY, "group": NONEMPTY, "group_id": INTEGER, "customer": STRING, "customer_id": {"type": ["integer", "string"]},
                  "article": obj(_ZAMMAD_ARTICLE, ("body",)), "state": STRING, "state_id": INTEGER, "priority": STRING,
                  "priority_id": INTEGER, "owner_id": INTEGER},
                 ("title", "article"), extra=True)  # a desk's own ticket attributes are accepted too
    ticket["anyOf"] = [{"required": ["group"]}, {"required": ["group_id"]}]
    return DocContract(
        "Zammad",
        [
            Operation("POST", "/api/v1/tickets", ZAMMAD_TICKETS + "#create", headers={"Content-Type": r"application/json.*"}, body=ticket),
            Operation("GET", "/api/v1/tickets/{id}", ZAMMAD_TICKETS + "#show", query=obj({"expand": {"enum": ["true", "false"]}, "all": STRING})),
            Operation("POST", "/api/v1/ticket_articles", ZAMMAD_ARTICLES + "#create", headers={"Content-Type": r"application/json.*"},
                      body=obj({"ticket_id": {"type": ["integer", "string"]}, **_ZAMMAD_ARTICLE}, ("ticket_id", "body"))),
            Operation("GET", "/api/v1/ticket_articles/by_ticket/{ticket_id}", ZAMMAD_ARTICLES + "#by-ticket",
                      query=obj({"expand": STRING, "page": STRING, "per_page": STRING})),
        ],
        headers={"Authorization": r"(Token token=\S+|Bearer \S+|Basic [A-Za-z0-9+/=]+)"},
    )


JSM_DOC = "https://developer.atlassian.com/cloud/jira/service-desk/rest/"


@functools.lru_cache(maxsize=None)
def jira() -> DocContract:
    """Jira Service Management's servicedeskapi as developer.atlassian.com documents it
    (api-group-request: "Create customer request", "Get customer request by id or key", "Create
    request comment", "Get request comments", "Create attachment"; api-group-servicedesk: "Attach
    temporary file"; "Special headers": X-Atlassian-Token and X-ExperimentalApi). Atlassian
    publishes an OpenAPI file for this API on its site; no registry serves it."""
    api = "/rest/servicedeskapi"
    request_doc = JSM_DOC + "api-group-request/"
    return DocContract(
        "Jira Service Management",
        [
            Operation("POST", api + "/servicedesk/{serviceDeskId}/attachTemporaryFile", JSM_DOC + "api-group-servicedesk/#api-rest-servicedeskapi-servicedesk-servicedeskid-attachtemporaryfile-post",
                      headers={"X-Atlassian-Token": "no-check", "X-ExperimentalApi": "opt-in"},
                      form=obj({"file": FILES}, ("file",))),
            Operation("POST", api + "/request", request_doc + "#api-rest-servicedeskapi-request-post",
                      headers={"Content-Type": r"application/json.*"},
                      body=obj({"serviceDeskId": NONEMPTY, "requestTypeId": NONEMPTY, "requestFieldValues": {"type": "object"},
                                "requestParticipants": STRINGS, "raiseOnBehalfOf": STRING, "channel": STRING,
                                "form": {"type": "object"}, "isAdfRequest": BOOLEAN},
                               ("serviceDeskId", "requestTypeId", "requestFieldValues"))),
            Operation("GET", api + "/request/{issueIdOrKey}", request_doc + "#api-rest-servicedeskapi-request-issueidorkey-get",
                      query=obj({"expand": STRING})),
            Operation("POST", api + "/request/{issueIdOrKey}/attachment", request_doc + "#api-rest-servicedeskapi-request-issueidorkey-attachment-post",
                      headers={"Content-Type": r"application/json.*"},
                      body=obj({"temporaryAttachmentIds": {"type": "array", "items": NONEMPTY, "minItems": 1}, "public": BOOLEAN,
                                "additionalComment": obj({"body": NONEMPTY}, ("body",))}, ("temporaryAttachmentIds",))),
            Operation("POST", api + "/request/{issueIdOrKey}/comment", request_doc + "#api-rest-servicedeskapi-request-issueidorkey-comment-post",
                      headers={"Content-Type": r"application/json.*"}, body=obj({"body": NONEMPTY, "public": BOOLEAN}, ("body",))),
            Operation("GET", api + "/request/{issueIdOrKey}/comment", request_doc + "#api-rest-servicedeskapi-request-issueidorkey-comment-get",
                      query=obj({"public": STRING, "internal": STRING, "expand": STRING, "start": STRING, "limit": STRING})),
        ],
        headers={"Authorization": r"(Basic [A-Za-z0-9+/=]+|Bearer \S+)"},
    )


GITLAB_DOC = "https://docs.gitlab.com/api/"


@functools.lru_cache(maxsize=None)
def gitlab() -> DocContract:
    """GitLab's REST API v4 as docs.gitlab.com documents it (issues "New issue", "Single project
    issue"; notes "Create new issue note", "List project issue notes"; project markdown uploads
    "Upload a file"; rest/authentication: PRIVATE-TOKEN). GitLab generates an OpenAPI file in its
    own repository (doc/api/openapi/); no registry serves it."""
    project = "/api/v4/projects/{id}"
    return DocContract(
        "GitLab",
        [
            Operation("POST", project + "/uploads", GITLAB_DOC + "project_markdown_uploads/#upload-a-file", form=obj({"file": FILES}, ("file",))),
            Operation("POST", project + "/issues", GITLAB_DOC + "issues/#new-issue", headers={"Content-Type": r"application/json.*"},
                      body=obj({"title": NONEMPTY, "description": STRING, "labels": STRING, "confidential": BOOLEAN,
                                "assignee_id": INTEGER, "assignee_ids": {"type": "array", "items": INTEGER}, "milestone_id": INTEGER,
                                "due_date": STRING, "issue_type": STRING, "weight": INTEGER, "epic_id": INTEGER, "created_at": STRING,
                                "discussion_to_resolve": STRING, "merge_request_to_resolve_discussions_of": INTEGER, "iid": INTEGER},
                               ("title",))),
            Operation("GET", project + "/issues/{issue_iid}", GITLAB_DOC + "issues/#single-project-issue"),
            Operation("POST", project + "/issues/{issue_iid}/notes", GITLAB_DOC + "notes/#create-new-issue-note",
                      headers={"Content-Type": r"application/json.*"},
                      body=obj({"body": NONEMPTY, "confidential": BOOLEAN, "internal": BOOLEAN, "created_at": STRING}, ("body",))),
            Operation("GET", project + "/issues/{issue_iid}/notes", GITLAB_DOC + "notes/#list-project-issue-notes",
                      query=obj({"sort": {"enum": ["asc", "desc"]}, "order_by": STRING, "page": STRING, "per_page": STRING})),
        ],
        headers={"PRIVATE-TOKEN": r"\S+"},
    )
