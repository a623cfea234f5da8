"""Zendesk adapter: requests checked against developer.zendesk.com's documented shapes."""

from __future__ import annotations

import json

import pytest
from servers.helpdesk import LOG, PNG, SECRET, Desk, basic, json_body, outgoing, profile, reply
from servers.helpers import configure, queue

from ticketcli import delivery
from ticketcli.channels.base import PermanentError, Receipt, RetryableError
from ticketcli.channels.helpdesk.zendesk import ZendeskBackend
from ticketcli.delivery import Sender
from ticketcli.store.history import History

URL = "https://example.zendesk.com"
CREATED = {"ticket": {"id": 35436, "url": f"{URL}/api/v2/tickets/35436.json", "status": "new", "subject": "x"}}


def upload_answer(request):
    import httpx

    name = request.url.params["filename"]
    return httpx.Response(201, json={"upload": {"token": f"tok-{name}", "attachment": {"file_name": name}}})


def backend(desk: Desk, **settings) -> ZendeskBackend:
    values = {"helpdesk_url": desk.url, "helpdesk_user": "agent@example.ru"}
    values.update(settings)
    return ZendeskBackend(profile(**values), SECRET)


def test_uploads_first_then_ticket_with_tokens_idempotency_key_and_escaped_html(tmp_path):
    desk = Desk({("POST", "/api/v2/uploads"): upload_answer, ("POST", "/api/v2/tickets"): reply(201, CREATED)})
    out = outgoing(tmp_path)
    with backend(desk, helpdesk_labels="hosting,shop") as zd:
        receipt = zd.submit(out)

    assert [r.url.path for r in desk.requests] == ["/api/v2/uploads", "/api/v2/uploads", "/api/v2/tickets"]
    up_log, up_png, create = desk.requests
    assert up_log.url.params["filename"] == "error.log" and up_log.content == LOG
    assert up_png.url.params["filename"] == "screen.png" and up_png.content == PNG
    assert up_png.headers["content-type"] == "image/png"
    for r in desk.requests:
        assert r.headers["authorization"] == basic("agent@example.ru/token", SECRET)
    assert create.headers["idempotency-key"] == out.ticket.uuid
    doc = json_body(create)["ticket"]
    assert doc["subject"] == out.ticket.subject
    assert doc["comment"]["uploads"] == ["tok-error.log", "tok-screen.png"]
    assert doc["requester"] == {"email": "owner@example.ru", "name": "example.ru"}
    assert doc["tags"] == ["hosting", "shop"]
    body = doc["comment"]["html_body"]
    assert "&lt;b&gt;nothing&lt;/b&gt;" in body and "<b>nothing" not in body and "500 &amp; shows" in body
    assert "<p>" in body and "12-345" in body

    assert receipt.channel == "zendesk" and receipt.number == "35436" and receipt.id == "35436"
    assert receipt.url == f"{desk.url}/hc/requests/35436" and receipt.status == "new"


def test_429_retry_after_is_retryable_with_the_wait():
    desk = Desk({("POST", "/api/v2/tickets"): reply(429, {"error": "TooManyRequests"}, {"Retry-After": "93"})})
    with backend(desk) as zd, pytest.raises(RetryableError) as caught:
        zd.submit(outgoing())
    assert caught.value.retry_after == 93 and caught.value.kind == "rate_limited" and caught.value.status == 429


def test_401_is_permanent_and_names_the_command():
    desk = Desk({("POST", "/api/v2/tickets"): reply(401, {"error": "Couldn't authenticate you"})})
    with backend(desk) as zd, pytest.raises(PermanentError) as caught:
        zd.submit(outgoing())
    assert caught.value.kind == "auth" and "ticket auth set helpdesk" in caught.value.message
    assert SECRET not in caught.value.message


def test_422_is_a_refusal_with_the_desks_reason():
    desk = Desk({("POST", "/api/v2/tickets"): reply(422, {"error": "RecordInvalid", "description": "Record validation errors"})})
    with backend(desk) as zd, pytest.raises(PermanentError) as caught:
        zd.submit(outgoing())
    assert caught.value.kind == "rejected" and caught.value.status == 422


def test_missing_user_is_a_config_error():
    with pytest.raises(PermanentError) as caught:
        ZendeskBackend(profile(helpdesk_url=URL), SECRET)
    assert caught.value.kind == "config" and "helpdesk_user" in caught.value.message


def test_status_and_follow_up(tmp_path):
    desk = Desk(
        {
            ("GET", "/api/v2/tickets/35436"): reply(200, {"ticket": {"id": 35436, "status": "pending"}}),
            ("POST", "/api/v2/uploads"): upload_answer,
            ("PUT", "/api/v2/tickets/35436"): reply(200, {"ticket": {"id": 35436}, "audit": {"id": 777}}),
        }
    )
    receipt = Receipt("zendesk", "35436", "35436")
    with backend(desk) as zd:
        assert zd.status(receipt) == "pending"
        answer = zd.follow_up(receipt, "Still broken <i>now</i>.", outgoing(tmp_path).attachments[:1], "k1")
    assert answer == {"id": "777"}
    put = desk.only("PUT", "/api/v2/tickets/35436")[0]
    comment = json_body(put)["ticket"]["comment"]
    assert comment["uploads"] == ["tok-error.log"] and comment["public"] is True
    assert "&lt;i&gt;now&lt;/i&gt;" in comment["html_body"]


def test_send_loop_honours_retry_after_and_keeps_the_idempotency_key(monkeypatch, run_cli):
    """Through the real send loop: 429 then 201, one ticket, the same key twice, waited ≥ Retry-After."""
    waited: list[float] = []
    monkeypatch.setattr(delivery, "_sleep", waited.append)
    answers = iter([reply(429, {}, {"Retry-After": "7"}), reply(201, CREATED)])
    desk = Desk({("POST", "/api/v2/tickets"): lambda r: next(answers)(r)})
    prof = configure(backend="zendesk", helpdesk_url=desk.url, helpdesk_user="agent@example.ru")
    item = queue(prof)
    with Sender(backend_factory=lambda p: ZendeskBackend(p, SECRET)) as sender:
        result = sender.send(item.uuid)
    assert result.state == "sent" and waited and waited[0] >= 7
    keys = {r.headers["idempotency-key"] for r in desk.requests}
    assert keys == {item.uuid} and len(desk.requests) == 2
    assert History().get(item.uuid)["receipt"]["number"] == "35436"
