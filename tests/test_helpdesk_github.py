"""GitHub issues adapter: every request checked against GitHub's own OpenAPI description.

The fake desk validates each request the channel sends (path, method, parameters, body schema)
against ``@octokit/openapi`` (GitHub's REST API description, published on npm; installed by
.ci/run), answers with the description's own examples, and its answers are checked against the
description too (tests/servers/contracts.py).
"""

from __future__ import annotations

import time

import httpx
import pytest
from servers import contracts
from servers.helpdesk import SECRET, Desk, json_body, outgoing, profile, reply
from servers.helpers import configure, queue

from ticketcli.channels.base import PermanentError, Receipt, RetryableError
from ticketcli.channels.helpdesk.github import GitHubBackend

pytestmark = pytest.mark.skipif(contracts.github_unavailable() is not None, reason=contracts.github_unavailable() or "")

PATH = "/repos/example/support/issues"
DOCS = "https://docs.github.com/rest/issues/issues#create-an-issue"


def spec() -> contracts.OpenApiContract:
    return contracts.github()


def desk(routes=None, **kw) -> Desk:
    return Desk(routes, contract=spec(), **kw)


def issue(**changes):
    body = spec().example("issues/create", 201)
    body.update(changes)
    return body


def backend(d: Desk, **settings) -> GitHubBackend:
    values = {"helpdesk_url": d.url, "helpdesk_queue": "example/support"}
    values.update(settings)
    return GitHubBackend(profile(**values), SECRET)


def refused_labels(status: int):
    """GitHub's answers about labels: 403 for a label the token may not create (as reported by
    GitHub's users; actions/labeler#870), 422 for an invalid one (validation-error schema)."""
    if status == 403:
        body = {"message": "You do not have permission to create labels on this repository.",
                "errors": [{"resource": "Repository", "field": "label", "code": "unauthorized"}],
                "documentation_url": DOCS, "status": "403"}
    else:
        body = {"message": "Validation Failed", "documentation_url": DOCS,
                "errors": [{"resource": "Label", "field": "name", "code": "invalid", "value": "no such label"}]}
    return reply(status, body)


def test_the_description_is_the_vendors():
    method, path, op = spec().operation("issues/create")
    assert (method, path) == ("POST", "/repos/{owner}/{repo}/issues")
    assert op["externalDocs"]["url"].startswith("https://docs.github.com/")


def test_issue_with_labels_and_text_attachment_inlined(tmp_path):
    d = desk({("POST", PATH): reply(201, issue())})
    out = outgoing(tmp_path)
    out.attachments = out.attachments[:1]  # error.log: text
    with backend(d, helpdesk_labels="support,hosting") as gh:
        receipt = gh.submit(out)
    (create,) = d.requests
    assert create.headers["authorization"] == f"Bearer {SECRET}"
    assert create.headers["accept"] == "application/vnd.github+json" and create.headers["x-github-api-version"] == "2022-11-28"
    doc = json_body(create)
    assert doc["title"] == out.ticket.subject and doc["labels"] == ["support", "hosting"]
    assert "12-345" in doc["body"] and "**error.log**" in doc["body"] and "memory exhausted" in doc["body"]
    assert receipt.number == "1347" and receipt.url == "https://github.com/octocat/Hello-World/issues/1347"
    assert receipt.status == "open" and receipt.note == ""


def test_a_payload_that_drifts_from_githubs_description_is_caught():
    """The check itself: labels as one comma-separated string (GitLab's form) and no title."""
    d = desk({("POST", PATH): reply(201, issue())})
    answer = httpx.post(d.url + PATH, json={"body": "x", "labels": "support,hosting"}, timeout=10)
    assert answer.status_code == 400 and answer.json()["error"] == "contract"
    problems = "\n".join(d.take_violations())
    assert "'title' is a required property" in problems and "is not of type 'array'" in problems


@pytest.mark.parametrize("status", [403, 422])
def test_labels_refused_retries_once_without_them_and_says_so(status):
    answers = iter([refused_labels(status), reply(201, issue())])
    d = desk({("POST", PATH): lambda r: next(answers)(r)})
    with backend(d, helpdesk_labels="support,no such label") as gh:
        receipt = gh.submit(outgoing())
    first, second = d.requests
    assert json_body(first)["labels"] == ["support", "no such label"]
    assert "labels" not in json_body(second) and json_body(second)["title"] == json_body(first)["title"]
    assert receipt.number == "1347"
    assert "support, no such label" in receipt.note and f"HTTP {status}" in receipt.note and "without them" in receipt.note


def test_labels_refused_twice_is_permanent_and_not_retried_again():
    d = desk({("POST", PATH): refused_labels(403)})
    with backend(d, helpdesk_labels="support") as gh, pytest.raises(PermanentError) as caught:
        gh.submit(outgoing())
    assert len(d.requests) == 2 and caught.value.status == 403


def test_a_403_without_labels_is_not_retried():
    d = desk({("POST", PATH): refused_labels(403)})
    with backend(d) as gh, pytest.raises(PermanentError) as caught:
        gh.submit(outgoing())
    assert len(d.requests) == 1 and caught.value.kind == "forbidden"


@pytest.mark.parametrize("lang, words", [("en", "GitHub refused the labels support"), ("ru", "GitHub отказался ставить метки support")])
def test_the_send_result_says_the_labels_were_dropped(lang, words, monkeypatch, run_cli):
    monkeypatch.setenv("TICKETCLI_HELPDESK_TOKEN", SECRET)
    monkeypatch.setenv("TICKETCLI_LANG", lang)
    answers = iter([refused_labels(422), reply(201, issue())])
    d = desk({("POST", PATH): lambda r: next(answers)(r)})
    prof = configure(backend="github", helpdesk_url=d.url, helpdesk_queue="example/support", helpdesk_labels="support")
    queue(prof)
    code, out, err = run_cli("send", "--all")
    assert code == 0, err + out
    assert words in out and "#1347" in out


def test_binary_attachment_refused_clearly_before_sending(tmp_path):
    d = desk({("POST", PATH): reply(201, issue())})
    with backend(d) as gh, pytest.raises(PermanentError) as caught:
        gh.submit(outgoing(tmp_path))
    assert caught.value.kind == "unsupported" and "screen.png" in caught.value.message and "cannot attach files" in caught.value.message
    assert d.requests == []


def test_enterprise_url():
    d = desk({("POST", "/api/v3" + PATH): reply(201, issue())}, prefix="/api/v3")
    with backend(d, helpdesk_url=f"{d.url}/api/v3") as gh:  # GitHub Enterprise Server: https://HOST/api/v3
        gh.submit(outgoing())
    assert d.requests[0].url.path == "/api/v3" + PATH


def test_default_is_api_github_com():
    with GitHubBackend(profile(helpdesk_queue="example/support"), SECRET) as gh:  # no request made
        assert gh.base == "https://api.github.com"


def test_rate_limit_403_with_remaining_zero_waits_until_reset():
    reset = str(int(time.time()) + 300)
    d = desk({("POST", PATH): reply(403, {"message": "API rate limit exceeded", "documentation_url": DOCS},
                                    {"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset})})
    with backend(d, helpdesk_labels="support") as gh, pytest.raises(RetryableError) as caught:
        gh.submit(outgoing())
    assert caught.value.kind == "rate_limited" and 290 <= caught.value.retry_after <= 300
    assert len(d.requests) == 1


def test_429_retry_after():
    d = desk({("POST", PATH): reply(429, {"message": "secondary rate limit"}, {"retry-after": "60"})})
    with backend(d) as gh, pytest.raises(RetryableError) as caught:
        gh.submit(outgoing())
    assert caught.value.retry_after == 60


def test_plain_403_is_forbidden_not_retried():
    d = desk({("POST", PATH): reply(403, {"message": "Resource not accessible by personal access token", "documentation_url": DOCS})})
    with backend(d, helpdesk_labels="support") as gh, pytest.raises(PermanentError) as caught:
        gh.submit(outgoing())
    assert caught.value.kind == "forbidden" and "not accessible" in caught.value.message and len(d.requests) == 1


def test_401_permanent_with_the_command():
    d = desk({("POST", PATH): reply(401, {"message": "Bad credentials"})})
    with backend(d) as gh, pytest.raises(PermanentError) as caught:
        gh.submit(outgoing())
    assert caught.value.kind == "auth" and "ticket auth set helpdesk" in caught.value.message and "Bad credentials" in caught.value.message


def test_repo_setting_checked():
    with pytest.raises(PermanentError):
        backend(desk(), helpdesk_queue="not a repo")


def test_status_and_comment():
    d = desk(
        {
            ("GET", PATH + "/1347"): reply(200, {**spec().example("issues/get"), "state": "closed"}),
            ("POST", PATH + "/1347/comments"): reply(201, spec().example("issues/create-comment", 201)),
        }
    )
    receipt = Receipt("github", "1347", "1347")
    with backend(d) as gh:
        assert gh.status(receipt) == "closed"
        answer = gh.follow_up(receipt, "Still broken.", [], "k")
    assert answer == {"id": "1", "url": "https://github.com/octocat/Hello-World/issues/1347#issuecomment-1"}
    assert json_body(d.only("POST", PATH + "/1347/comments")[0]) == {"body": "Still broken."}
