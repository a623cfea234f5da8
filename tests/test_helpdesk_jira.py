"""Jira Service Management adapter: requests checked against developer.atlassian.com's servicedeskapi.

Atlassian publishes an OpenAPI file for this API on its developer site, but no registry (npm,
PyPI) serves it: the fake desk checks every request against the operations as those reference
pages describe them (tests/servers/contracts.py: ``jira()``) and answers with their examples.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx
import pytest
from servers import contracts
from servers.helpdesk import LOG, PNG, SECRET, basic, json_body, multipart, outgoing, profile, reply

from ticketcli.channels.base import PermanentError, Receipt, RetryableError
from ticketcli.channels.helpdesk.jira import JiraBackend

DOC = contracts.JSM_DOC
URL = "https://example.atlassian.net"


def Desk(routes=None, **kw):  # noqa: N802 - every desk of this module checks the documented servicedeskapi
    from servers.helpdesk import Desk as Plain

    return Plain(routes, contract=contracts.jira(), **kw)
API = "/rest/servicedeskapi"
CREATED = {
    "_expands": ["participant", "status"],
    "issueId": "107001",
    "issueKey": "HELPDESK-1",
    "requestTypeId": "25",
    "serviceDeskId": "10",
    "currentStatus": {"status": "Waiting for support", "statusCategory": "NEW"},
    "_links": {"web": f"{URL}/servicedesk/customer/portal/10/HELPDESK-1", "self": f"{URL}/rest/servicedeskapi/request/107001"},
}


def temp_answer(request):
    import httpx

    (name, filename, _, _), = multipart(request)
    assert name == "file"
    return httpx.Response(201, json={"temporaryAttachments": [{"temporaryAttachmentId": f"temp-{filename}", "fileName": filename}]})


def backend(desk: Desk, **settings) -> JiraBackend:
    values = {"helpdesk_url": desk.url, "helpdesk_user": "owner@example.ru", "helpdesk_queue": "10", "jira_request_type": "25"}
    values.update(settings)
    return JiraBackend(profile(**values), SECRET)


def routes(extra=None):
    base = {
        ("POST", f"{API}/servicedesk/10/attachTemporaryFile"): temp_answer,
        ("POST", f"{API}/request"): reply(201, CREATED),
        ("POST", f"{API}/request/HELPDESK-1/attachment"): reply(201, {"comment": {"id": "1000"}, "attachments": {"values": []}}),
    }
    base.update(extra or {})
    return base


def test_temporary_files_then_request_then_attachment(tmp_path):
    desk = Desk(routes())
    out = outgoing(tmp_path)
    with backend(desk) as jira:
        receipt = jira.submit(out)
    paths = [r.url.path for r in desk.requests]
    assert paths == [f"{API}/servicedesk/10/attachTemporaryFile"] * 2 + [f"{API}/request", f"{API}/request/HELPDESK-1/attachment"]
    t1, t2, create, attach = desk.requests
    for r in (t1, t2):
        assert r.headers["x-atlassian-token"] == "no-check" and r.headers["x-experimentalapi"] == "opt-in"
    assert [(f, d) for _, f, _, d in multipart(t1) + multipart(t2)] == [("error.log", LOG), ("screen.png", PNG)]
    for r in desk.requests:
        assert r.headers["authorization"] == basic("owner@example.ru", SECRET)
    doc = json_body(create)
    assert doc["serviceDeskId"] == "10" and doc["requestTypeId"] == "25"
    assert doc["requestFieldValues"]["summary"] == out.ticket.subject
    assert "12-345" in doc["requestFieldValues"]["description"]
    assert json_body(attach) == {"temporaryAttachmentIds": ["temp-error.log", "temp-screen.png"], "public": True}
    assert receipt.number == "HELPDESK-1" and receipt.id == "107001"
    assert receipt.url == f"{URL}/servicedesk/customer/portal/10/HELPDESK-1" and receipt.status == "Waiting for support"


def test_bearer_token_without_user():
    desk = Desk(routes())
    with backend(desk, helpdesk_user="") as jira:
        jira.submit(outgoing())
    assert desk.requests[0].headers["authorization"] == f"Bearer {SECRET}"


def test_failed_attach_after_creation_is_permanent_and_names_the_request(tmp_path):
    desk = Desk(routes({("POST", f"{API}/request/HELPDESK-1/attachment"): reply(500, {"errorMessage": "boom"})}))
    with backend(desk) as jira, pytest.raises(PermanentError) as caught:
        jira.submit(outgoing(tmp_path))
    assert caught.value.kind == "partial" and "HELPDESK-1" in caught.value.message and "ticket reply" in caught.value.message
    assert len(desk.only("POST", f"{API}/request")) == 1


def test_failed_temporary_upload_creates_nothing(tmp_path):
    desk = Desk(routes({("POST", f"{API}/servicedesk/10/attachTemporaryFile"): reply(503, {}, {"Retry-After": "5"})}))
    with backend(desk) as jira, pytest.raises(RetryableError) as caught:
        jira.submit(outgoing(tmp_path))
    assert caught.value.retry_after == 5 and desk.only("POST", f"{API}/request") == []


def test_429_retry_after_and_rate_limit_reset():
    desk = Desk({("POST", f"{API}/request"): reply(429, {}, {"Retry-After": "17"})})
    with backend(desk) as jira, pytest.raises(RetryableError) as caught:
        jira.submit(outgoing())
    assert caught.value.retry_after == 17 and caught.value.kind == "rate_limited"
    reset = (datetime.now(timezone.utc) + timedelta(seconds=120)).strftime("%Y-%m-%dT%H:%M:%SZ")
    desk = Desk({("POST", f"{API}/request"): reply(429, {}, {"X-RateLimit-Reset": reset})})
    with backend(desk) as jira, pytest.raises(RetryableError) as caught:
        jira.submit(outgoing())
    assert 100 < caught.value.retry_after <= 120


def test_401_permanent_with_the_command():
    desk = Desk({("POST", f"{API}/request"): reply(401, {"errorMessage": "Client must be authenticated"})})
    with backend(desk) as jira, pytest.raises(PermanentError) as caught:
        jira.submit(outgoing())
    assert caught.value.kind == "auth" and "ticket auth set helpdesk" in caught.value.message


def test_settings_required():
    with pytest.raises(PermanentError) as caught:
        backend(Desk(), jira_request_type="")
    assert "jira_request_type" in caught.value.message


def test_status_and_comment():
    desk = Desk(
        {
            ("GET", f"{API}/request/HELPDESK-1"): reply(200, {**CREATED, "currentStatus": {"status": "Resolved"}}),
            ("POST", f"{API}/request/HELPDESK-1/comment"): reply(201, {"id": "1001", "body": "x", "public": True}),
        }
    )
    receipt = Receipt("jira", "107001", "HELPDESK-1")
    with backend(desk) as jira:
        assert jira.status(receipt) == "Resolved"
        assert jira.follow_up(receipt, "Still broken.", [], "k") == {"id": "1001"}
    assert json_body(desk.only("POST", f"{API}/request/HELPDESK-1/comment")[0]) == {"body": "Still broken.", "public": True}


def test_what_the_servicedeskapi_does_not_document_is_caught():
    desk = Desk(routes())
    httpx.post(desk.url + f"{API}/request", auth=("owner@example.ru", SECRET), timeout=10,
               json={"serviceDeskId": 10, "requestTypeId": "25", "fields": {"summary": "x"}})
    problems = "\n".join(desk.take_violations())
    assert "10 is not of type 'string'" in problems and "'requestFieldValues' is a required property" in problems
