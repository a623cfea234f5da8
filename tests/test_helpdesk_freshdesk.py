"""Freshdesk adapter: requests checked against developers.freshdesk.com's documented shapes."""

from __future__ import annotations

import pytest
from servers.helpdesk import LOG, PNG, SECRET, Desk, basic, json_body, multipart, outgoing, profile, reply

from ticketcli.channels.base import Attachment, PermanentError, Receipt, RetryableError
from ticketcli.channels.helpdesk.freshdesk import FreshdeskBackend

URL = "https://example.freshdesk.com"
CREATED = {"id": 1, "status": 2, "priority": 1, "subject": "x", "attachments": []}


def backend(desk: Desk, **settings) -> FreshdeskBackend:
    values = {"helpdesk_url": desk.url}
    values.update(settings)
    return FreshdeskBackend(profile(**values), SECRET)


def test_multipart_with_attachments_fields_and_api_key_auth(tmp_path):
    desk = Desk({("POST", "/api/v2/tickets"): reply(201, CREATED)})
    out = outgoing(tmp_path)
    with backend(desk, helpdesk_queue="43000123456", helpdesk_labels="hosting,shop") as fd:
        receipt = fd.submit(out)
    (create,) = desk.requests
    assert create.headers["authorization"] == basic(SECRET, "X")
    parts = multipart(create)
    fields = {}
    for name, filename, ctype, data in parts:
        if filename is None:
            fields.setdefault(name, []).append(data.decode("utf-8"))
    files = [(name, filename, ctype, data) for name, filename, ctype, data in parts if filename]
    assert [(n, f, d) for n, f, _, d in files] == [("attachments[]", "error.log", LOG), ("attachments[]", "screen.png", PNG)]
    assert files[1][2] == "image/png"
    assert fields["email"] == ["owner@example.ru"] and fields["subject"] == [out.ticket.subject]
    assert fields["status"] == ["2"] and fields["priority"] == ["1"] and fields["group_id"] == ["43000123456"]
    assert fields["tags[]"] == ["hosting", "shop"]
    description = fields["description"][0]
    assert "&lt;b&gt;nothing&lt;/b&gt;" in description and "<b>nothing" not in description and description.startswith("<p>")
    assert receipt.number == "1" and receipt.url == f"{desk.url}/support/tickets/1" and receipt.status == "open"


def test_without_attachments_a_json_body():
    desk = Desk({("POST", "/api/v2/tickets"): reply(201, CREATED)})
    with backend(desk) as fd:
        fd.submit(outgoing())
    doc = json_body(desk.requests[0])
    assert doc["email"] == "owner@example.ru" and doc["status"] == 2 and "group_id" not in doc


def test_20_mb_total_is_refused_before_any_upload(tmp_path):
    big = []
    for i in range(3):
        path = tmp_path / f"dump{i}.bin"
        with open(path, "wb") as fh:
            fh.truncate(8 * 2**20)  # 3 × 8 MB: each under max_attachment_mb, 24 MB together
        big.append(Attachment(path.name, path))
    out = outgoing()
    out.attachments = big
    desk = Desk({("POST", "/api/v2/tickets"): reply(201, CREATED)})
    with backend(desk) as fd, pytest.raises(PermanentError) as caught:
        fd.submit(out)
    assert caught.value.kind == "too_large" and "20 MB" in caught.value.message
    assert desk.requests == []


def test_429_retry_after():
    desk = Desk({("POST", "/api/v2/tickets"): reply(429, {"message": "rate limited"}, {"Retry-After": "30"})})
    with backend(desk) as fd, pytest.raises(RetryableError) as caught:
        fd.submit(outgoing())
    assert caught.value.retry_after == 30 and caught.value.kind == "rate_limited"


def test_401_permanent_with_the_command():
    desk = Desk({("POST", "/api/v2/tickets"): reply(401, {"code": "invalid_credentials", "message": "You have to be logged in to perform this action."})})
    with backend(desk) as fd, pytest.raises(PermanentError) as caught:
        fd.submit(outgoing())
    assert caught.value.kind == "auth" and "ticket auth set helpdesk" in caught.value.message


def test_group_must_be_numeric():
    with pytest.raises(PermanentError) as caught:
        backend(Desk(), helpdesk_queue="Support")
    assert caught.value.kind == "config"


def test_status_numbers_and_public_incoming_note(tmp_path):
    desk = Desk(
        {
            ("GET", "/api/v2/tickets/1"): reply(200, {"id": 1, "status": 4}),
            ("POST", "/api/v2/tickets/1/notes"): reply(201, {"id": 5001, "private": False}),
        }
    )
    receipt = Receipt("freshdesk", "1", "1")
    with backend(desk) as fd:
        assert fd.status(receipt) == "resolved"
        assert fd.follow_up(receipt, "Still <broken>.", [], "k") == {"id": "5001"}
        fd.follow_up(receipt, "With the log.", outgoing(tmp_path).attachments[:1], "k2")
    first, second = desk.only("POST", "/api/v2/tickets/1/notes")
    doc = json_body(first)
    assert doc["private"] is False and doc["incoming"] is True and "&lt;broken&gt;" in doc["body"]
    parts = multipart(second)
    assert ("attachments[]", "error.log") in [(n, f) for n, f, _, _ in parts]
    assert ("private", None) in [(n, f) for n, f, _, _ in parts]
