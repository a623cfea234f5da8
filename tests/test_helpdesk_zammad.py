"""Zammad adapter: requests checked against Zammad's documented API (docs.zammad.org).

No registry serves a description of Zammad's API: the fake desk checks every request against the
operations as Zammad's documentation pages describe them (tests/servers/contracts.py:
``zammad()``) and answers with the pages' examples.
"""

from __future__ import annotations

import base64

import httpx
import pytest
from servers import contracts
from servers.helpdesk import LOG, PNG, SECRET, json_body, outgoing, profile, reply

from ticketcli.channels.base import PermanentError, Receipt, RetryableError
from ticketcli.channels.helpdesk.zammad import ZammadBackend

DOC = contracts.ZAMMAD_TICKETS
URL = "https://zammad.example.ru"


def Desk(routes=None, **kw):  # noqa: N802 - every desk of this module checks Zammad's documented API
    from servers.helpdesk import Desk as Plain

    return Plain(routes, contract=contracts.zammad(), **kw)
CREATED = {"id": 123, "number": "31001", "title": "x", "group_id": 1, "state_id": 1, "customer_id": 2}


def backend(desk: Desk, **settings) -> ZammadBackend:
    values = {"helpdesk_url": desk.url}
    values.update(settings)
    return ZammadBackend(profile(**values), SECRET)


def test_ticket_with_html_article_and_base64_attachments(tmp_path):
    desk = Desk({("POST", "/api/v1/tickets"): reply(201, CREATED)})
    out = outgoing(tmp_path)
    with backend(desk, helpdesk_queue="Hosting") as zm:
        receipt = zm.submit(out)
    (create,) = desk.requests
    assert create.headers["authorization"] == f"Token token={SECRET}"
    doc = json_body(create)
    assert doc["title"] == out.ticket.subject and doc["group"] == "Hosting"
    assert doc["customer_id"] == "guess:owner@example.ru"
    article = doc["article"]
    assert article["content_type"] == "text/html" and article["internal"] is False and article["subject"] == out.ticket.subject
    assert "&lt;b&gt;nothing&lt;/b&gt;" in article["body"] and "<b>nothing" not in article["body"]
    assert [(a["filename"], base64.b64decode(a["data"]), a["mime-type"]) for a in article["attachments"]] == [
        ("error.log", LOG, "application/octet-stream"),
        ("screen.png", PNG, "image/png"),
    ]
    assert receipt.id == "123" and receipt.number == "31001" and receipt.url == f"{desk.url}/#ticket/zoom/123"


def test_default_group_is_users():
    desk = Desk({("POST", "/api/v1/tickets"): reply(201, CREATED)})
    with backend(desk) as zm:
        zm.submit(outgoing())
    assert json_body(desk.requests[0])["group"] == "Users"


def test_oversized_file_refused_before_sending(tmp_path):
    big = tmp_path / "dump.bin"
    with open(big, "wb") as fh:
        fh.truncate(3 * 2**20)
    out = outgoing()
    from ticketcli.channels.base import Attachment

    out.attachments = [Attachment("dump.bin", big)]
    desk = Desk({("POST", "/api/v1/tickets"): reply(201, CREATED)})
    with backend(desk, max_attachment_mb="2") as zm, pytest.raises(PermanentError) as caught:
        zm.submit(out)
    assert caught.value.kind == "too_large" and desk.requests == []


def test_429_retry_after():
    desk = Desk({("POST", "/api/v1/tickets"): reply(429, {"error": "too many"}, {"Retry-After": "12"})})
    with backend(desk) as zm, pytest.raises(RetryableError) as caught:
        zm.submit(outgoing())
    assert caught.value.retry_after == 12


def test_401_permanent_with_the_command():
    desk = Desk({("POST", "/api/v1/tickets"): reply(401, {"error": "Invalid token!"})})
    with backend(desk) as zm, pytest.raises(PermanentError) as caught:
        zm.submit(outgoing())
    assert caught.value.kind == "auth" and "ticket auth set helpdesk" in caught.value.message and "Invalid token" in caught.value.message


def test_status_and_follow_up_article(tmp_path):
    def show(request):
        assert request.url.params["expand"] == "true"
        return reply(200, {"id": 123, "number": "31001", "state": "open", "state_id": 2})(request)

    desk = Desk({("GET", "/api/v1/tickets/123"): show, ("POST", "/api/v1/ticket_articles"): reply(201, {"id": 9, "ticket_id": 123})})
    receipt = Receipt("zammad", "123", "31001")
    with backend(desk) as zm:
        assert zm.status(receipt) == "open"
        assert zm.follow_up(receipt, "Still <down>.", outgoing(tmp_path).attachments[1:], "k", subject="Re: x") == {"id": "9"}
    doc = json_body(desk.only("POST", "/api/v1/ticket_articles")[0])
    assert doc["ticket_id"] == 123 and doc["content_type"] == "text/html" and "&lt;down&gt;" in doc["body"]
    assert doc["attachments"][0]["filename"] == "screen.png"


def test_what_zammad_does_not_document_is_caught():
    desk = Desk({("POST", "/api/v1/ticket_articles"): reply(201, {"id": 9})})
    httpx.post(desk.url + "/api/v1/ticket_articles", headers={"Authorization": f"Token token={SECRET}"}, timeout=10,
               json={"ticket_id": 1, "body": "x", "content_type": "text/markdown", "attachments": [{"name": "a.txt", "data": "eA=="}]})
    problems = "\n".join(desk.take_violations())
    assert "'text/markdown' is not one of" in problems and "'filename' is a required property" in problems
