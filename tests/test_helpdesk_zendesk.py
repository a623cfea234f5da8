"""Zendesk adapter, as an end user: the Requests API.

No registry serves a machine-readable description of Zendesk's Requests API, so the fake desk
checks every request against the operations as Zendesk's documentation pages describe them
(tests/servers/contracts.py: ``zendesk()``, each operation naming its page), and answers with the
examples those pages show.
"""

from __future__ import annotations

import httpx
import pytest
from servers import contracts
from servers.helpdesk import LOG, PNG, SECRET, Desk, basic, json_body, outgoing, profile, reply
from servers.helpers import configure, queue

from ticketcli import delivery
from ticketcli.channels.base import Message, PermanentError, Receipt, RetryableError
from ticketcli.channels.helpdesk.zendesk import ZendeskBackend
from ticketcli.delivery import Sender
from ticketcli.store.history import History

DOC = contracts.ZENDESK_REQUESTS
URL = "https://example.zendesk.com"
#: The Requests reference's example request ("JSON format", "Show Request").
REQUEST = {
    "id": 35436,
    "url": f"{URL}/api/v2/requests/35436.json",
    "created_at": "2009-07-20T22:55:29Z",
    "updated_at": "2011-05-05T10:38:52Z",
    "subject": "Help, my printer is on fire!",
    "description": "The fire is very colorful.",
    "status": "new",
    "priority": "normal",
    "type": "problem",
    "requester_id": 1462,
    "organization_id": 509974,
    "can_be_solved_by_me": False,
    "via": {"channel": "api"},
}
CREATED = {"request": REQUEST}


def desk(routes=None, **kw) -> Desk:
    return Desk(routes, contract=contracts.zendesk(), **kw)


def upload_answer(request):
    """"Upload Files": 201 with the upload's token and the attachment it made."""
    name = request.url.params["filename"]
    return httpx.Response(201, json={"upload": {"token": f"tok-{name}", "expires_at": "2026-12-31T00:00:00Z", "attachments": [
        {"id": 498483, "file_name": name, "content_type": request.headers["content-type"], "size": len(request.content),
         "content_url": f"{URL}/attachments/token/x/?name={name}"}]}})


def backend(d: Desk, **settings) -> ZendeskBackend:
    values = {"helpdesk_url": d.url}
    values.update(settings)
    return ZendeskBackend(profile(**values), SECRET)


def test_uploads_then_request_as_an_end_user_with_an_oauth_token(tmp_path):
    d = desk({("POST", "/api/v2/uploads"): upload_answer, ("POST", "/api/v2/requests"): reply(201, CREATED)})
    out = outgoing(tmp_path)
    with backend(d, helpdesk_labels="hosting,shop") as zd:
        receipt = zd.submit(out)

    assert [r.url.path for r in d.requests] == ["/api/v2/uploads", "/api/v2/uploads", "/api/v2/requests"]
    up_log, up_png, create = d.requests
    assert up_log.url.params["filename"] == "error.log" and up_log.content == LOG
    assert up_png.url.params["filename"] == "screen.png" and up_png.content == PNG and up_png.headers["content-type"] == "image/png"
    for upload in (up_log, up_png):  # a body with a length, as the docs' curl --data-binary sends it
        assert upload.headers["content-length"] == str(len(upload.content)) and "transfer-encoding" not in upload.headers
    for r in d.requests:
        assert r.headers["authorization"] == f"Bearer {SECRET}"
    assert create.headers["idempotency-key"] == out.ticket.uuid
    doc = json_body(create)["request"]
    assert set(doc) == {"subject", "comment"}  # no tags, no requester: an end user's request
    assert doc["subject"] == out.ticket.subject
    assert doc["comment"]["uploads"] == ["tok-error.log", "tok-screen.png"]
    assert "12-345" in doc["comment"]["body"] and "shows <b>nothing</b>" in doc["comment"]["body"]  # plain text, as typed

    assert receipt.channel == "zendesk" and receipt.number == "35436" and receipt.id == "35436"
    assert receipt.url == "" and receipt.status == "new"  # no Help Center page is assumed


def test_an_api_token_goes_with_the_end_users_email():
    d = desk({("POST", "/api/v2/requests"): reply(201, CREATED)})
    with backend(d, helpdesk_user="owner@example.ru") as zd:
        zd.submit(outgoing())
    assert d.requests[0].headers["authorization"] == basic("owner@example.ru/token", SECRET)


def test_what_drifts_from_the_documented_requests_api_is_caught():
    """The check itself: the Tickets API an end user may not use, a tag an end user cannot set,
    and a chunked upload."""
    d = desk({("POST", "/api/v2/requests"): reply(201, CREATED), ("POST", "/api/v2/uploads"): upload_answer})
    auth = {"Authorization": f"Bearer {SECRET}"}
    with httpx.Client(base_url=d.url, headers=auth, timeout=10) as client:
        assert client.post("/api/v2/tickets", json={"ticket": {"comment": {"body": "x"}}}).status_code == 400
        assert client.post("/api/v2/requests", json={"request": {"subject": "s", "comment": {"body": "x"}, "tags": ["a"]}}).status_code == 400
        assert client.post("/api/v2/uploads", params={"filename": "a.log"}, content=iter([LOG])).status_code == 400
    problems = "\n".join(d.take_violations())
    assert "POST /api/v2/tickets: Zendesk documents no such operation" in problems
    assert "'tags' was unexpected" in problems
    assert "no Content-Length (sent chunked)" in problems


def test_429_retry_after_is_retryable_with_the_wait():
    d = desk({("POST", "/api/v2/requests"): reply(429, {"error": "TooManyRequests"}, {"Retry-After": "93"})})
    with backend(d) as zd, pytest.raises(RetryableError) as caught:
        zd.submit(outgoing())
    assert caught.value.retry_after == 93 and caught.value.kind == "rate_limited" and caught.value.status == 429


def test_401_is_permanent_and_names_the_command():
    d = desk({("POST", "/api/v2/requests"): reply(401, {"error": "Couldn't authenticate you"})})
    with backend(d) as zd, pytest.raises(PermanentError) as caught:
        zd.submit(outgoing())
    assert caught.value.kind == "auth" and "ticket auth set helpdesk" in caught.value.message
    assert SECRET not in caught.value.message


def test_422_is_a_refusal_with_the_desks_reason():
    d = desk({("POST", "/api/v2/requests"): reply(422, {"error": "RecordInvalid", "description": "Record validation errors"})})
    with backend(d) as zd, pytest.raises(PermanentError) as caught:
        zd.submit(outgoing())
    assert caught.value.kind == "rejected" and caught.value.status == 422 and "Record validation errors" in caught.value.message


def test_status_and_follow_up(tmp_path):
    d = desk(
        {
            ("GET", "/api/v2/requests/35436"): reply(200, {"request": {**REQUEST, "status": "pending"}}),
            ("POST", "/api/v2/uploads"): upload_answer,
            ("PUT", "/api/v2/requests/35436"): reply(200, {"request": {**REQUEST, "status": "open"}}),
        }
    )
    receipt = Receipt("zendesk", "35436", "35436")
    with backend(d) as zd:
        assert zd.status(receipt) == "pending"
        answer = zd.follow_up(receipt, "Still broken <i>now</i>.", outgoing(tmp_path).attachments[:1], "k1")
    assert answer["status"] == "open"
    put = d.only("PUT", "/api/v2/requests/35436")[0]
    assert json_body(put) == {"request": {"comment": {"body": "Still broken <i>now</i>.", "uploads": ["tok-error.log"]}}}


def comment(id, author, when, text, files=()):
    return {"id": id, "type": "Comment", "author_id": author, "public": True, "created_at": when, "body": text,
            "html_body": f"<p>{text}</p>", "plain_body": text,
            "attachments": [{"id": 90 + i, "file_name": name, "content_url": f"{URL}/attachments/token/t{i}/?name={name}",
                             "content_type": "text/plain", "size": 10} for i, name in enumerate(files)]}


def test_messages_are_the_requests_public_comments_with_their_authors():
    pages = {
        None: {"comments": [comment(1, 1462, "2026-05-01T10:00:00Z", "The shop answers 500.")],
               "users": [{"id": 1462, "name": "example.ru", "agent": False}],
               "meta": {"has_more": True, "after_cursor": "xyz", "before_cursor": "abc"}},
        "xyz": {"comments": [comment(2, 7, "2026-05-01T11:30:00Z", "Fixed the PHP memory limit.", ["php.ini"])],
                "users": [{"id": 7, "name": "Anna (support)", "agent": True}],
                "meta": {"has_more": False, "after_cursor": None, "before_cursor": "xyz"}},
    }
    d = desk({("GET", "/api/v2/requests/35436/comments"): lambda r: httpx.Response(200, json=pages[r.url.params.get("page[after]")])})
    with backend(d) as zd:
        got = zd.messages(Receipt("zendesk", "35436", "35436"), since="2026-05-01T00:00:00Z")
    assert got == [
        Message("1", "example.ru", False, "2026-05-01T10:00:00Z", "The shop answers 500.", []),
        Message("2", "Anna (support)", True, "2026-05-01T11:30:00Z", "Fixed the PHP memory limit.",
                [("php.ini", f"{URL}/attachments/token/t0/?name=php.ini")]),
    ]
    first, second = d.requests
    assert first.url.params["since"] == "2026-05-01T00:00:00Z" and first.url.params["include"] == "users"
    assert second.url.params["page[after]"] == "xyz"


def test_messages_without_users_tell_the_desk_from_the_requester():
    d = desk(
        {
            ("GET", "/api/v2/requests/35436/comments"): reply(200, {"comments": [
                comment(1, 1462, "2026-05-01T10:00:00Z", "Hello"), comment(2, 7, "2026-05-01T11:00:00Z", "Hi")]}),
            ("GET", "/api/v2/requests/35436"): reply(200, CREATED),
        }
    )
    with backend(d) as zd:
        got = zd.messages(Receipt("zendesk", "35436", "35436"))
    assert [(m.author, m.from_desk) for m in got] == [("1462", False), ("7", True)]


def test_send_loop_honours_retry_after_and_keeps_the_idempotency_key(monkeypatch):
    """Through the real send loop: 429 then 201, one request, the same key twice, waited ≥ Retry-After."""
    waited: list[float] = []
    monkeypatch.setattr(delivery, "_sleep", waited.append)
    answers = iter([reply(429, {}, {"Retry-After": "7"}), reply(201, CREATED)])
    d = desk({("POST", "/api/v2/requests"): lambda r: next(answers)(r)})
    prof = configure(backend="zendesk", helpdesk_url=d.url)
    item = queue(prof)
    with Sender(backend_factory=lambda p: ZendeskBackend(p, SECRET)) as sender:
        result = sender.send(item.uuid)
    assert result.state == "sent" and waited and waited[0] >= 7
    keys = {r.headers["idempotency-key"] for r in d.requests}
    assert keys == {item.uuid} and len(d.requests) == 2
    assert History().get(item.uuid)["receipt"]["number"] == "35436"
