"""Freshdesk adapter: requests checked against developers.freshdesk.com's documented shapes.

No registry serves a description of Freshdesk's API: the fake desk checks every request against
the operations as that page documents them (tests/servers/contracts.py: ``freshdesk()``) and
answers with the page's examples.
"""

from __future__ import annotations

import httpx
import pytest
from servers import contracts
from servers.helpdesk import LOG, PNG, SECRET, basic, json_body, multipart, outgoing, profile, reply

from ticketcli.channels.base import Attachment, PermanentError, Receipt, RetryableError
from ticketcli.channels.helpdesk.freshdesk import FreshdeskBackend

DOC = contracts.FRESHDESK_DOC
URL = "https://example.freshdesk.com"
#: "View a Ticket" (trimmed to the fields the channel reads and a few around them).
CREATED = {"id": 1, "status": 2, "priority": 1, "subject": "x", "requester_id": 1000, "source": 2, "type": None,
           "created_at": "2015-08-24T11:56:51Z", "updated_at": "2015-08-24T11:59:05Z", "attachments": []}


def Desk(routes=None, **kw):  # noqa: N802 - every desk of this module checks Freshdesk's contract
    from servers.helpdesk import Desk as Plain

    return Plain(routes, contract=contracts.freshdesk(), **kw)


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


def test_status_numbers_and_a_public_incoming_note_in_the_requesters_name(tmp_path):
    desk = Desk(
        {
            ("GET", "/api/v2/tickets/1"): reply(200, {**CREATED, "status": 4}),
            ("POST", "/api/v2/tickets/1/notes"): reply(201, {"id": 5001, "body": "<p>x</p>", "incoming": True, "private": False,
                                                             "user_id": 1000, "ticket_id": 1}),
        }
    )
    receipt = Receipt("freshdesk", "1", "1")
    with backend(desk) as fd:
        assert fd.status(receipt) == "resolved"
        assert fd.follow_up(receipt, "Still <broken>.", [], "k") == {"id": "5001"}
        fd.follow_up(receipt, "With the log.", outgoing(tmp_path).attachments[:1], "k2")
    first, second = desk.only("POST", "/api/v2/tickets/1/notes")
    doc = json_body(first)
    # The client's message: public, from outside, in the requester's name (not the key's agent).
    assert doc == {"body": "<p>Still &lt;broken&gt;.</p>\n", "private": False, "incoming": True, "user_id": 1000}
    parts = multipart(second)
    assert ("attachments[]", "error.log") in [(n, f) for n, f, _, _ in parts]
    assert ("private", None, b"false") in [(n, f, d) for n, f, _, d in parts]
    assert ("user_id", None, b"1000") in [(n, f, d) for n, f, _, d in parts]
    assert not desk.only("POST", "/api/v2/tickets/1/reply")  # an agent's answer to the requester: never


def test_fields_freshdesk_does_not_document_are_caught():
    desk = Desk({("POST", "/api/v2/tickets"): reply(201, CREATED)})
    httpx.post(desk.url + "/api/v2/tickets", auth=(SECRET, "X"), timeout=10,
               json={"email": "a@b.c", "subject": "s", "description": "d", "status": 2, "priority": 9, "requester": "a@b.c"})
    problems = "\n".join(desk.take_violations())
    assert "'requester' was unexpected" in problems and "9 is not one of [1, 2, 3, 4]" in problems
