"""GitHub issues adapter: requests checked against docs.github.com's REST API shapes."""

from __future__ import annotations

import time

import pytest
from servers.helpdesk import SECRET, Desk, json_body, outgoing, profile, reply

from ticketcli.channels.base import PermanentError, Receipt, RetryableError
from ticketcli.channels.helpdesk.github import GitHubBackend

ISSUE = {"id": 1, "number": 1347, "html_url": "https://github.com/example/support/issues/1347", "state": "open", "title": "x"}
PATH = "/repos/example/support/issues"


def backend(desk: Desk, **settings) -> GitHubBackend:
    values = {"helpdesk_url": desk.url, "helpdesk_queue": "example/support"}
    values.update(settings)
    return GitHubBackend(profile(**values), SECRET)


def test_issue_with_labels_and_text_attachment_inlined(tmp_path):
    desk = Desk({("POST", PATH): reply(201, ISSUE)})
    out = outgoing(tmp_path)
    out.attachments = out.attachments[:1]  # error.log: text
    with backend(desk, helpdesk_labels="support,hosting") as gh:
        receipt = gh.submit(out)
    (create,) = desk.requests
    assert create.headers["authorization"] == f"Bearer {SECRET}"
    assert create.headers["accept"] == "application/vnd.github+json" and create.headers["x-github-api-version"] == "2022-11-28"
    doc = json_body(create)
    assert doc["title"] == out.ticket.subject and doc["labels"] == ["support", "hosting"]
    assert "12-345" in doc["body"] and "**error.log**" in doc["body"] and "memory exhausted" in doc["body"]
    assert receipt.number == "1347" and receipt.url == ISSUE["html_url"] and receipt.status == "open"


def test_binary_attachment_refused_clearly_before_sending(tmp_path):
    desk = Desk({("POST", PATH): reply(201, ISSUE)})
    with backend(desk) as gh, pytest.raises(PermanentError) as caught:
        gh.submit(outgoing(tmp_path))
    assert caught.value.kind == "unsupported" and "screen.png" in caught.value.message and "cannot attach files" in caught.value.message
    assert desk.requests == []


def test_enterprise_url():
    desk = Desk({("POST", "/api/v3" + PATH): reply(201, ISSUE)})
    with backend(desk, helpdesk_url=f"{desk.url}/api/v3") as gh:  # GitHub Enterprise Server: https://HOST/api/v3
        gh.submit(outgoing())
    assert desk.requests[0].url.path == "/api/v3" + PATH


def test_default_is_api_github_com():
    with GitHubBackend(profile(helpdesk_queue="example/support"), SECRET) as gh:  # no request made
        assert gh.base == "https://api.github.com"


def test_rate_limit_403_with_remaining_zero_waits_until_reset():
    reset = str(int(time.time()) + 300)
    desk = Desk({("POST", PATH): reply(403, {"message": "API rate limit exceeded"}, {"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset})})
    with backend(desk) as gh, pytest.raises(RetryableError) as caught:
        gh.submit(outgoing())
    assert caught.value.kind == "rate_limited" and 290 <= caught.value.retry_after <= 300


def test_429_retry_after():
    desk = Desk({("POST", PATH): reply(429, {"message": "secondary rate limit"}, {"retry-after": "60"})})
    with backend(desk) as gh, pytest.raises(RetryableError) as caught:
        gh.submit(outgoing())
    assert caught.value.retry_after == 60


def test_plain_403_is_forbidden_not_retried():
    desk = Desk({("POST", PATH): reply(403, {"message": "Resource not accessible by personal access token"})})
    with backend(desk) as gh, pytest.raises(PermanentError) as caught:
        gh.submit(outgoing())
    assert caught.value.kind == "forbidden" and "not accessible" in caught.value.message


def test_401_permanent_with_the_command():
    desk = Desk({("POST", PATH): reply(401, {"message": "Bad credentials"})})
    with backend(desk) as gh, pytest.raises(PermanentError) as caught:
        gh.submit(outgoing())
    assert caught.value.kind == "auth" and "ticket auth set helpdesk" in caught.value.message and "Bad credentials" in caught.value.message


def test_repo_setting_checked():
    with pytest.raises(PermanentError):
        backend(Desk(), helpdesk_queue="not a repo")


def test_status_and_comment():
    desk = Desk(
        {
            ("GET", PATH + "/1347"): reply(200, {**ISSUE, "state": "closed"}),
            ("POST", PATH + "/1347/comments"): reply(201, {"id": 99, "html_url": ISSUE["html_url"] + "#issuecomment-99"}),
        }
    )
    receipt = Receipt("github", "1347", "1347")
    with backend(desk) as gh:
        assert gh.status(receipt) == "closed"
        assert gh.follow_up(receipt, "Still broken.", [], "k")["id"] == "99"
    assert json_body(desk.only("POST", PATH + "/1347/comments")[0]) == {"body": "Still broken."}
