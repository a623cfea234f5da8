"""Each hosted helpdesk's public replies, read its own way, from fake desks over real sockets on
127.0.0.1 (tests/servers/helpdesk.py) answering in the shapes the vendors document:

* Freshdesk — developers.freshdesk.com/api, "List All Conversations of a Ticket" (``body``,
  ``body_text``, ``incoming``, ``private``, ``from_email``, ``attachments[].attachment_url``;
  ``Link`` header for the next page; "Pagination": ``per_page`` up to 100);
* Zammad — docs.zammad.org, API "Ticket Article": "List by ticket"
  (``GET /api/v1/ticket_articles/by_ticket/{id}``: ``sender``, ``internal``, ``from``,
  ``content_type``, ``attachments``) and the attachment download
  (``GET /api/v1/ticket_attachment/{ticket}/{article}/{attachment}``);
* Jira Service Management — developer.atlassian.com, "Get request comments"
  (``/rest/servicedeskapi/request/{key}/comment``, ``public``, ``internal``, ``expand=attachment``,
  paged with ``start``/``limit``/``isLastPage``; ``author.displayName``, ``created.iso8601``)
  and "Get customer request by id or key" (``reporter``);
* GitHub — docs.github.com, "List issue comments" (``since``, ``per_page``, ``Link``) and
  "Get an issue" (``user.login``);
* GitLab — docs.gitlab.com, Notes API "List project issue notes" (``sort``, ``order_by``,
  ``system``, ``internal``, ``author``; ``Link`` header) and "Single project issue" (``author``);
* osTicket — its API creates tickets only (setup/doc/api.md): reading answers is refused, saying so.

Freshdesk is also followed end to end: the ticket delivered to the fake desk by ``ticket send``,
an agent's answer arriving, ``ticket inbox --fetch`` listing it and ``ticket show`` showing it.
"""

from __future__ import annotations

import json

import httpx
import pytest
from servers.helpdesk import SECRET, Desk, basic, profile, reply
from servers.helpers import configure, queue

from ticketcli.channels.base import PermanentError, Receipt
from ticketcli.channels.helpdesk.freshdesk import FreshdeskBackend
from ticketcli.channels.helpdesk.github import GitHubBackend
from ticketcli.channels.helpdesk.gitlab import GitLabBackend
from ticketcli.channels.helpdesk.jira import JiraBackend
from ticketcli.channels.helpdesk.osticket import OsTicketBackend
from ticketcli.channels.helpdesk.zammad import ZammadBackend


def _fd_conversation(id_, *, incoming, private=False, body="", body_text=None, when="2030-01-01T10:00:00Z", files=()):
    return {"id": id_, "body": body, "body_text": body_text if body_text is not None else body, "incoming": incoming,
            "private": private, "user_id": 43000001, "from_email": "support@example.freshdesk.com" if not incoming else "owner@example.ru",
            "created_at": when, "updated_at": when, "source": 0 if not incoming else 2, "ticket_id": 1,
            "attachments": [{"id": 5000 + i, "name": name, "content_type": "text/plain", "size": 4, "attachment_url": url,
                             "created_at": when, "updated_at": when} for i, (name, url) in enumerate(files)]}


def test_freshdesk_end_to_end_an_agents_reply_arrives_and_is_shown(monkeypatch, run_cli, tmp_path):
    store = Desk()  # Freshdesk's file store: another host (here another port), reached without the key
    store.routes[("GET", "/fd-attachments/5000/fix.txt")] = lambda r: httpx.Response(200, content=b"fixed\n")
    conversations = [
        _fd_conversation(101, incoming=False, private=True, body="<p>Internal: call the DC.</p>", when="2030-01-01T10:05:00Z"),
        _fd_conversation(102, incoming=False, body="<div>Hello!<br>We raised the memory limit.</div>", body_text="Hello!\nWe raised the memory limit.",
                         when="2030-01-01T10:10:00Z", files=[("fix.txt", f"{store.url}/fd-attachments/5000/fix.txt?X-Amz-Signature=abc")]),
    ]
    desk = Desk({
        ("POST", "/api/v2/tickets"): reply(201, {"id": 1, "status": 2}),
        ("GET", "/api/v2/tickets/1"): reply(200, {"id": 1, "status": 3}),
        ("GET", "/api/v2/tickets/1/conversations"): lambda r: httpx.Response(200, json=conversations),
    })
    monkeypatch.setenv("TICKETCLI_HELPDESK_TOKEN", SECRET)
    item = queue(configure(backend="freshdesk", helpdesk_url=desk.url), description="The shop page of example.ru shows a 500 error. Please check it.")
    code, out, err = run_cli("send", "--all")
    assert code == 0, err + out
    code, out, err = run_cli("inbox", "--fetch")
    assert code == 0, err
    (row,) = out.splitlines()[1:]
    assert row.startswith(item.short_id) and "\tfreshdesk\t1\tpending\t1\t" in row and "support@example.freshdesk.com" in row

    code, out, err = run_cli("show", item.short_id, "--save-attachments", str(tmp_path / "files"))
    assert code == 0, err
    assert "Hello!\nWe raised the memory limit." in out and "Internal" not in out and "[file] fix.txt" in out
    assert "status: pending" in out
    assert (tmp_path / "files" / "fix.txt").read_bytes() == b"fixed\n"
    (download,) = store.requests
    assert "authorization" not in download.headers  # the API key never leaves the desk's host
    (listing,) = desk.only("GET", "/api/v2/tickets/1/conversations")
    assert listing.headers["authorization"] == basic(SECRET, "X") and listing.url.params["per_page"] == "100"


def test_freshdesk_follows_the_link_header_to_the_next_page():
    def page(request):
        if request.url.params.get("page") == "2":
            return httpx.Response(200, json=[_fd_conversation(3, incoming=False, body="third")])
        return httpx.Response(200, json=[_fd_conversation(1, incoming=True, body="first"), _fd_conversation(2, incoming=False, body="second")],
                              headers={"Link": f'<{desk.url}/api/v2/tickets/1/conversations?per_page=100&page=2>; rel="next"'})

    desk = Desk({("GET", "/api/v2/tickets/1/conversations"): page})
    with FreshdeskBackend(profile(helpdesk_url=desk.url), SECRET) as fd:
        got = fd.messages(Receipt("freshdesk", "1", "1"))
    assert [(m.text, m.from_desk) for m in got] == [("first", False), ("second", True), ("third", True)]
    assert len(desk.requests) == 2


def test_zammad_articles_without_internal_ones_and_the_ticket_itself():
    articles = [
        {"id": 11, "ticket_id": 7, "sender": "Customer", "from": "owner@example.ru", "internal": False, "type": "note",
         "content_type": "text/html", "body": "<p>The ticket as sent</p>", "created_at": "2030-01-01T09:00:00.000Z", "attachments": []},
        {"id": 12, "ticket_id": 7, "sender": "Agent", "from": "Anna Agent", "internal": True, "type": "note",
         "content_type": "text/plain", "body": "Internal note", "created_at": "2030-01-01T09:30:00.000Z", "attachments": []},
        {"id": 13, "ticket_id": 7, "sender": "Agent", "from": "Anna Agent <support@zammad.example.ru>", "internal": False, "type": "email",
         "content_type": "text/html", "body": "<div>Fixed &amp; <b>tested</b>.</div>", "created_at": "2030-01-01T10:00:00.000Z",
         "attachments": [{"id": 99, "filename": "report.txt", "size": "6", "preferences": {"Content-Type": "text/plain"}}]},
        {"id": 14, "ticket_id": 7, "sender": "Customer", "from": "owner@example.ru", "internal": False, "type": "web",
         "content_type": "text/plain", "body": "Thank you!", "created_at": "2030-01-01T11:00:00.000Z", "attachments": []},
    ]
    desk = Desk({
        ("GET", "/api/v1/ticket_articles/by_ticket/7"): reply(200, articles),
        ("GET", "/api/v1/ticket_attachment/7/13/99"): lambda r: httpx.Response(200, content=b"report"),
    })
    with ZammadBackend(profile(helpdesk_url=desk.url), SECRET) as zm:
        got = zm.messages(Receipt("zammad", "7", "10007"))
        assert [(m.id, m.from_desk, m.text) for m in got] == [("13", True, "Fixed & tested."), ("14", False, "Thank you!")]
        assert got[0].author == "Anna Agent <support@zammad.example.ru>"
        import io

        buf = io.BytesIO()
        zm.download(got[0].attachments[0][1], buf)
    assert got[0].attachments[0][0] == "report.txt" and buf.getvalue() == b"report"
    assert all(r.headers["authorization"] == f"Token token={SECRET}" for r in desk.requests)


def test_jira_public_comments_paged_and_the_reporter_is_the_client():
    reporter = {"accountId": "5b10a2844c20165700ede21g", "displayName": "Owner", "emailAddress": "owner@example.ru"}
    agent = {"accountId": "5b10ac8d82e05b22cc7d4ef5", "displayName": "Anna (agent)"}

    def comments(request):
        assert request.url.params["public"] == "true" and request.url.params["internal"] == "false"
        assert request.url.params["expand"] == "attachment"
        start = int(request.url.params["start"])
        values = [
            {"id": "1001", "body": "Any news?", "public": True, "author": reporter,
             "created": {"iso8601": "2030-01-01T10:00:00+0000", "epochMillis": 1893492000000, "friendly": "Today 10:00"}},
            {"id": "1002", "body": "Fixed, see the log.", "public": True, "author": agent,
             "created": {"iso8601": "2030-01-01T11:00:00+0000", "epochMillis": 1893495600000, "friendly": "Today 11:00"},
             "attachments": {"size": 1, "start": 0, "limit": 50, "isLastPage": True, "values": [
                 {"filename": "fix.log", "size": 3, "mimeType": "text/plain", "author": agent,
                  "_links": {"content": f"{desk.url}/rest/servicedeskapi/request/SD-7/attachment/10001"}}]}},
        ][start : start + 1]
        return httpx.Response(200, json={"size": len(values), "start": start, "limit": 1, "isLastPage": start >= 1, "values": values,
                                         "_links": {"base": desk.url, "context": ""}})

    desk = Desk({
        ("GET", "/rest/servicedeskapi/request/SD-7"): reply(200, {"issueId": "10007", "issueKey": "SD-7", "reporter": reporter,
                                                                  "currentStatus": {"status": "Waiting for customer"}}),
        ("GET", "/rest/servicedeskapi/request/SD-7/comment"): comments,
    })
    with JiraBackend(profile(helpdesk_url=desk.url, helpdesk_queue="4", jira_request_type="25", helpdesk_user="owner@example.ru"), SECRET) as jr:
        got = jr.messages(Receipt("jira", "10007", "SD-7"))
    assert [(m.id, m.author, m.from_desk) for m in got] == [("1001", "Owner", False), ("1002", "Anna (agent)", True)]
    assert got[1].attachments == [("fix.log", f"{desk.url}/rest/servicedeskapi/request/SD-7/attachment/10001")]
    assert got[1].created == "2030-01-01T11:00:00+0000"
    assert [r.url.params["start"] for r in desk.only("GET", "/rest/servicedeskapi/request/SD-7/comment")] == ["0", "1"]


def test_github_comments_by_others_are_the_desks():
    def comments(request):
        assert request.url.params["per_page"] == "100" and request.url.params["since"] == "2030-01-01T00:00:00Z"
        return httpx.Response(200, json=[
            {"id": 1, "user": {"login": "owner", "type": "User"}, "body": "Still broken.", "created_at": "2030-01-01T10:00:00Z",
             "author_association": "NONE"},
            {"id": 2, "user": {"login": "support-bot", "type": "User"}, "body": "Fixed in **production**.", "created_at": "2030-01-01T11:00:00Z",
             "author_association": "MEMBER"},
        ])

    desk = Desk({
        ("GET", "/repos/example/support/issues/42"): reply(200, {"number": 42, "state": "open", "user": {"login": "owner"}}),
        ("GET", "/repos/example/support/issues/42/comments"): comments,
    })
    with GitHubBackend(profile(helpdesk_url=desk.url, helpdesk_queue="example/support"), SECRET) as gh:
        got = gh.messages(Receipt("github", "42", "42"), since="2030-01-01T00:00:00Z")
    assert [(m.author, m.from_desk, m.text) for m in got] == [("owner", False, "Still broken."), ("support-bot", True, "Fixed in **production**.")]
    assert desk.requests[1].headers["x-github-api-version"] == "2022-11-28"


def test_gitlab_notes_without_system_and_internal_ones():
    owner, agent = {"id": 7, "username": "owner", "name": "Owner"}, {"id": 9, "username": "anna", "name": "Anna Support"}
    notes = [
        {"id": 301, "body": "changed the description", "author": agent, "created_at": "2030-01-01T09:00:00.000Z", "system": True, "internal": False},
        {"id": 302, "body": "Internal: ask the DC", "author": agent, "created_at": "2030-01-01T09:30:00.000Z", "system": False, "internal": True,
         "confidential": True},
        {"id": 303, "body": "We fixed it.", "author": agent, "created_at": "2030-01-01T10:00:00.000Z", "system": False, "internal": False},
        {"id": 304, "body": "Thanks!", "author": owner, "created_at": "2030-01-01T11:00:00.000Z", "system": False, "internal": False},
    ]

    def page(request):
        assert request.url.params.get("sort", "asc") == "asc"
        if request.url.params.get("page") == "2":
            return httpx.Response(200, json=notes[2:])
        return httpx.Response(200, json=notes[:2], headers={
            "Link": f'<{desk.url}/api/v4/projects/4/issues/5/notes?page=2&per_page=100&sort=asc>; rel="next"'})

    desk = Desk({
        ("GET", "/api/v4/projects/4/issues/5"): reply(200, {"iid": 5, "state": "opened", "author": owner}),
        ("GET", "/api/v4/projects/4/issues/5/notes"): page,
    })
    with GitLabBackend(profile(helpdesk_url=desk.url, helpdesk_queue="4"), SECRET) as gl:  # the numeric project id
        got = gl.messages(Receipt("gitlab", "5", "5"))
    assert [(m.id, m.author, m.from_desk) for m in got] == [("303", "Anna Support", True), ("304", "Owner", False)]


def test_a_next_link_to_another_host_is_not_followed():
    other = Desk({("GET", "/repos/example/support/issues/42/comments"): reply(200, [])})
    desk = Desk({
        ("GET", "/repos/example/support/issues/42"): reply(200, {"number": 42, "user": {"login": "owner"}}),
        ("GET", "/repos/example/support/issues/42/comments"): reply(200, [], {"Link": f'<{other.url}/repos/example/support/issues/42/comments?page=2>; rel="next"'}),
    })
    with GitHubBackend(profile(helpdesk_url=desk.url, helpdesk_queue="example/support"), SECRET) as gh:
        assert gh.messages(Receipt("github", "42", "42")) == []
    assert other.requests == []


def test_osticket_says_it_cannot_read_answers(monkeypatch, run_cli):
    with OsTicketBackend(profile(helpdesk_url="https://support.example.ru"), SECRET) as ost, pytest.raises(PermanentError) as caught:
        ost.messages(Receipt("osticket", "123456", "123456"))
    assert caught.value.kind == "unsupported" and "only creates tickets" in caught.value.message

    desk = Desk({("POST", "/api/tickets.json"): reply(201, text="123456")})
    monkeypatch.setenv("TICKETCLI_HELPDESK_TOKEN", SECRET)
    item = queue(configure(backend="osticket", helpdesk_url=desk.url), description="The shop page of example.ru shows a 500 error. Please check it.")
    assert run_cli("send", "--all")[0] == 0
    code, out, err = run_cli("inbox", "--fetch")
    assert code == 0 and "osticket: osTicket's API only creates tickets" in err and "No unseen answers" in err
    code, out, err = run_cli("show", item.short_id, "--fetch", "--json")
    assert code == 5 and json.loads(out)["error"].startswith("osTicket's API only creates tickets")
