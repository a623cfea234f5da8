"""GitLab issues adapter: requests checked against docs.gitlab.com's REST API.

GitLab generates an OpenAPI file in its own repository, but no registry (npm, PyPI) serves it:
the fake desk checks every request against the operations as GitLab's API pages describe them
(tests/servers/contracts.py: ``gitlab()``) and answers with their examples.
"""

from __future__ import annotations

import httpx
import pytest
from servers import contracts
from servers.helpdesk import LOG, PNG, SECRET, Desk, json_body, multipart, outgoing, profile, reply

from ticketcli.channels.base import PermanentError, Receipt, RetryableError
from ticketcli.channels.helpdesk.gitlab import GitLabBackend

ISSUE = {"id": 84, "iid": 14, "project_id": 4, "web_url": "https://gitlab.example.ru/example/support/-/issues/14", "state": "opened"}
PROJECT = "/api/v4/projects/example%2Fsupport"


def upload_answer(request):
    import httpx

    (name, filename, _, _), = multipart(request)
    assert name == "file"
    return httpx.Response(201, json={"alt": filename, "url": f"/uploads/abc/{filename}", "markdown": f"[{filename}](/uploads/abc/{filename})"})


def backend(desk: Desk, **settings) -> GitLabBackend:
    values = {"helpdesk_url": desk.url, "helpdesk_queue": "example/support"}
    values.update(settings)
    return GitLabBackend(profile(**values), SECRET)


def raw(request) -> str:
    return request.url.raw_path.decode().split("?")[0]


DOC = contracts.GITLAB_DOC


def PathDesk(routes=None, **kw) -> Desk:  # noqa: N802
    """A desk that checks GitLab's documented API and routes on the raw (still percent-encoded)
    path: GitLab wants 'example%2Fsupport'."""
    return Desk(routes, contract=contracts.gitlab(), raw_paths=True, **kw)


def test_uploads_then_issue_with_markdown_links_and_labels(tmp_path):
    desk = PathDesk({("POST", PROJECT + "/uploads"): upload_answer, ("POST", PROJECT + "/issues"): reply(201, ISSUE)})
    out = outgoing(tmp_path)
    with backend(desk, helpdesk_labels="support,hosting") as gl:
        receipt = gl.submit(out)
    up1, up2, create = desk.requests
    assert [raw(r) for r in desk.requests] == [PROJECT + "/uploads", PROJECT + "/uploads", PROJECT + "/issues"]
    assert [(f, d) for _, f, _, d in multipart(up1) + multipart(up2)] == [("error.log", LOG), ("screen.png", PNG)]
    for r in desk.requests:
        assert r.headers["private-token"] == SECRET and "authorization" not in r.headers
    doc = json_body(create)
    assert doc["title"] == out.ticket.subject and doc["labels"] == "support,hosting"
    assert "12-345" in doc["description"]
    assert "[error.log](/uploads/abc/error.log)" in doc["description"] and "[screen.png](/uploads/abc/screen.png)" in doc["description"]
    assert receipt.number == "14" and receipt.url == ISSUE["web_url"] and receipt.status == "opened"


def test_default_is_gitlab_com_and_numeric_project():
    desk = PathDesk({("POST", "/api/v4/projects/4/issues"): reply(201, ISSUE)})
    with GitLabBackend(profile(helpdesk_queue="4"), SECRET) as gl:
        assert gl.base == "https://gitlab.com/api/v4"  # no request made: only the default
    with backend(desk, helpdesk_queue="4") as gl:
        gl.submit(outgoing())
    assert raw(desk.requests[0]) == "/api/v4/projects/4/issues"


def test_429_retry_after():
    desk = PathDesk({("POST", PROJECT + "/issues"): reply(429, {"message": "Retry later"}, {"Retry-After": "45", "RateLimit-Reset": "1700000000"})})
    with backend(desk) as gl, pytest.raises(RetryableError) as caught:
        gl.submit(outgoing())
    assert caught.value.retry_after == 45


def test_401_permanent_with_the_command():
    desk = PathDesk({("POST", PROJECT + "/issues"): reply(401, {"message": "401 Unauthorized"})})
    with backend(desk) as gl, pytest.raises(PermanentError) as caught:
        gl.submit(outgoing())
    assert caught.value.kind == "auth" and "ticket auth set helpdesk" in caught.value.message


def test_status_and_note_with_a_file(tmp_path):
    desk = PathDesk(
        {
            ("GET", PROJECT + "/issues/14"): reply(200, {**ISSUE, "state": "closed"}),
            ("POST", PROJECT + "/uploads"): upload_answer,
            ("POST", PROJECT + "/issues/14/notes"): reply(201, {"id": 302, "body": "x"}),
        }
    )
    receipt = Receipt("gitlab", "14", "14")
    with backend(desk) as gl:
        assert gl.status(receipt) == "closed"
        assert gl.follow_up(receipt, "Still broken.", outgoing(tmp_path).attachments[:1], "k") == {"id": "302"}
    (note_request,) = [r for r in desk.requests if raw(r) == PROJECT + "/issues/14/notes"]
    note = json_body(note_request)
    assert note["body"].startswith("Still broken.") and "[error.log](/uploads/abc/error.log)" in note["body"]


def test_what_gitlab_does_not_document_is_caught():
    desk = PathDesk({("POST", PROJECT + "/issues"): reply(201, ISSUE)})
    httpx.post(desk.url + PROJECT + "/issues", headers={"PRIVATE-TOKEN": SECRET}, timeout=10,
               json={"description": "x", "labels": ["support", "hosting"]})
    problems = "\n".join(desk.take_violations())
    assert "'title' is a required property" in problems and "is not of type 'string'" in problems
