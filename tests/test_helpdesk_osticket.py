"""osTicket adapter: requests checked against osTicket's documented API (setup/doc/api/tickets.md)."""

from __future__ import annotations

import base64

import pytest
from servers.helpdesk import LOG, PNG, SECRET, Desk, json_body, outgoing, profile, reply

from ticketcli.channels.base import PermanentError, Receipt, RetryableError
from ticketcli.channels.helpdesk.osticket import OsTicketBackend

URL = "https://support.example.ru"


def backend(desk: Desk, **settings) -> OsTicketBackend:
    values = {"helpdesk_url": desk.url}
    values.update(settings)
    return OsTicketBackend(profile(**values), SECRET)


def test_create_with_api_key_and_data_url_attachments(tmp_path):
    desk = Desk({("POST", "/api/tickets.json"): reply(201, text="123456")})
    out = outgoing(tmp_path)
    with backend(desk, helpdesk_queue="2") as ost:
        receipt = ost.submit(out)
    (create,) = desk.requests
    assert create.headers["x-api-key"] == SECRET and "authorization" not in create.headers
    doc = json_body(create)
    assert doc["alert"] is True and doc["autorespond"] is True and doc["source"] == "API"
    assert doc["email"] == "owner@example.ru" and doc["name"] == "example.ru" and doc["subject"] == out.ticket.subject
    assert doc["topicId"] == 2
    head, _, payload = doc["message"].partition(",")
    assert head == "data:text/html;charset=utf-8;base64"
    html = base64.b64decode(payload).decode("utf-8")
    assert "&lt;b&gt;nothing&lt;/b&gt;" in html and "<b>nothing" not in html
    assert doc["attachments"] == [
        {"error.log": "data:application/octet-stream;base64," + base64.b64encode(LOG).decode()},
        {"screen.png": "data:image/png;base64," + base64.b64encode(PNG).decode()},
    ]
    assert receipt.number == "123456" and receipt.url == f"{desk.url}/view.php"


def test_status_and_follow_up_say_create_only():
    receipt = Receipt("osticket", "123456", "123456", f"{URL}/view.php")
    with backend(Desk()) as ost:
        with pytest.raises(PermanentError) as caught:
            ost.status(receipt)
        assert caught.value.kind == "unsupported" and "only creates tickets" in caught.value.message and "123456" in caught.value.message
        with pytest.raises(PermanentError) as caught:
            ost.follow_up(receipt, "more", [], "k")
        assert "only creates tickets" in caught.value.message


def test_429_retry_after():
    desk = Desk({("POST", "/api/tickets.json"): reply(429, text="slow down", headers={"Retry-After": "60"})})
    with backend(desk) as ost, pytest.raises(RetryableError) as caught:
        ost.submit(outgoing())
    assert caught.value.retry_after == 60


def test_401_invalid_key_is_permanent():
    desk = Desk({("POST", "/api/tickets.json"): reply(401, text="API key not authorized")})
    with backend(desk) as ost, pytest.raises(PermanentError) as caught:
        ost.submit(outgoing())
    assert caught.value.kind == "auth" and "ticket auth set helpdesk" in caught.value.message and "API key not authorized" in caught.value.message


def test_400_reason_is_shown():
    desk = Desk({("POST", "/api/tickets.json"): reply(400, text="Valid email required")})
    with backend(desk) as ost, pytest.raises(PermanentError) as caught:
        ost.submit(outgoing())
    assert caught.value.kind == "rejected" and "Valid email required" in caught.value.message


def test_topic_must_be_numeric():
    with pytest.raises(PermanentError):
        backend(Desk(), helpdesk_queue="Billing")
