"""The support-API channel against a real HTTP server on 127.0.0.1 (tests/servers/api_server.py)."""

from __future__ import annotations

import json
import time

import pytest
from servers.api_server import TOKEN, ApiServer
from servers.helpers import configure, queue

from ticketcli.delivery import RetryPolicy, Sender
from ticketcli.store.history import History
from ticketcli.store.outbox import Outbox


@pytest.fixture
def api_profile(server):
    return configure(backend="api", api_url=server.url)


def states():
    return {i.uuid: i.state for i in Outbox().items()}


def test_500_then_201_delivers_once_and_records_history(server, api_profile, sleeps, run_cli):
    item = queue(api_profile)
    server.script = ["500"]
    code, out, err = run_cli("send", "--all")
    assert code == 0, err
    assert len(server.tickets) == 1
    posts = server.posts()
    assert len(posts) == 2 and {p["key"] for p in posts} == {item.uuid}
    assert len(sleeps) == 1
    assert states() == {item.uuid: "sent"}
    public = next(iter(server.tickets.values()))["public"]
    assert f"#{public['number']}" in out and public["url"] in out
    entry = History().get(item.uuid)
    assert entry["receipt"]["number"] == public["number"] and entry["receipt"]["url"] == public["url"]
    assert (History().path(item.uuid).stat().st_mode & 0o777) == 0o600
    code, out, _ = run_cli("list")
    assert code == 0 and public["number"] in out and item.short_id in out
    code, out, _ = run_cli("show", item.short_id, "--json")
    assert json.loads(out)["receipt"]["id"] == public["id"]


def test_idempotency_key_is_on_disk_before_the_first_attempt(server, api_profile, sleeps):
    """The key the desk gets is the ticket's UUID, already in ticket.json (fsynced at queuing)
    and the folder's name when the first attempt starts; a failed attempt records it too."""
    item = queue(api_profile)
    seen = {}

    class Spy:
        name = "api"

        def submit(self, out):
            found = Outbox().find(item.uuid)
            seen["state"] = found.state
            seen["key"] = out.idempotency_key
            seen["on_disk"] = json.loads((found.path / "ticket.json").read_text())["uuid"]
            seen["folder"] = found.path.name
            from ticketcli.channels.base import PermanentError

            raise PermanentError("stop here", kind="rejected")

        def close(self):
            pass

    with Sender(backend_factory=lambda p: Spy()) as sender:
        result = sender.send(item.uuid)
    assert seen["state"] == "sending"
    assert seen["key"] == seen["on_disk"] == seen["folder"] == item.uuid
    assert result.state == "failed"
    assert Outbox().find(item.uuid).record()["idempotency_key"] == item.uuid


def test_429_retry_after_is_a_floor_for_the_delay(server, api_profile, sleeps, run_cli):
    item = queue(api_profile)
    server.script = ["429:2"]
    code, _, err = run_cli("send", item.short_id)
    assert code == 0, err
    assert sleeps and sleeps[0] >= 2.0
    assert len(server.tickets) == 1


def test_retry_policy_backoff_grows_with_jitter_and_honours_retry_after():
    policy = RetryPolicy(base=1.0, cap=30.0)
    assert [policy.delay(n, rng=lambda: 1.0) for n in range(6)] == [1, 2, 4, 8, 16, 30]
    assert [policy.delay(n, rng=lambda: 0.0) for n in range(3)] == [0.5, 1, 2]
    assert policy.delay(0, retry_after=7, rng=lambda: 1.0) == 7
    from datetime import datetime, timezone

    from ticketcli.channels.api import parse_retry_after

    now = datetime(2025, 1, 1, 12, 0, 0, tzinfo=timezone.utc)
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Wed, 01 Jan 2025 12:00:30 GMT", now) == 30


def test_429_really_waits_retry_after(server, api_profile):
    """The one test that sleeps for real: the second request comes ≥ 2 s after the first."""
    item = queue(api_profile)
    server.script = ["429:2"]
    with Sender(policy=RetryPolicy(base=0.01)) as sender:
        result = sender.send(item.uuid)
    assert result.state == "sent"
    first, second = server.posts()
    assert second["time"] - first["time"] >= 2.0


def test_dropped_connection_after_store_creates_no_second_ticket(server, api_profile, sleeps, run_cli):
    item = queue(api_profile)
    server.script = ["drop"]
    code, _, err = run_cli("send", "--all")
    assert code == 0, err
    assert len(server.posts()) == 2
    assert len(server.tickets) == 1
    assert states() == {item.uuid: "sent"}


def test_422_fails_without_retry_and_shows_the_reason(server, api_profile, sleeps, run_cli):
    item = queue(api_profile)
    server.script = ["422"]
    code, _, err = run_cli("send", "--all")
    assert code == 5
    assert "no such domain" in err and f"ticket outbox retry {item.short_id}" in err
    assert len(server.posts()) == 1 and not sleeps
    assert states() == {item.uuid: "failed"}
    code, out, _ = run_cli("outbox", "show", item.short_id)
    assert code == 0 and "the contract 12-345 has no such domain" in out
    code, out, _ = run_cli("outbox", "show", item.short_id, "--json")
    assert json.loads(out)["delivery"]["last_error"]["status"] == 422
    # `ticket send` does not silently resend a refused ticket …
    code, _, err = run_cli("send", item.short_id)
    assert code == 5 and "outbox retry" in err
    # … `ticket outbox retry` does, once the cause is fixed.
    code, out, err = run_cli("outbox", "retry", item.short_id)
    assert code == 0, err
    assert states() == {item.uuid: "sent"} and len(server.tickets) == 1


@pytest.mark.parametrize("code_", ["400", "403", "409", "413"])
def test_other_permanent_errors_are_not_retried(server, api_profile, sleeps, run_cli, code_):
    item = queue(api_profile)
    server.script = [code_]
    code, _, err = run_cli("send", "--all")
    assert code == 5 and f"HTTP {code_}" in err
    assert len(server.posts()) == 1 and not sleeps
    assert states() == {item.uuid: "failed"}


def test_401_names_the_command_and_stops_the_run(server, api_profile, sleeps, run_cli, monkeypatch):
    monkeypatch.setenv("TICKETCLI_API_TOKEN", "wrong")
    queue(api_profile)
    time.sleep(0.01)
    queue(api_profile)
    code, _, err = run_cli("send", "--all")
    assert code == 5
    assert "ticket auth set api" in err
    assert len(server.posts()) == 1
    assert sorted(states().values()) == ["failed", "new"]


def test_unreachable_channel_keeps_the_ticket_waiting(api_profile, sleeps, run_cli, monkeypatch):
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()  # nothing listens there now
    profile = configure(backend="api", api_url=f"http://127.0.0.1:{port}", send_attempts="3")
    item = queue(profile)
    code, _, err = run_cli("send", "--all")
    assert code == 5
    assert "waits in the outbox" in err and "ticket send" in err
    assert len(sleeps) == 2
    assert states() == {item.uuid: "new"}


def test_default_outbox_backend_says_no_channel(run_cli):
    configure()
    code, out, err = run_cli("new", "--type", "other", "--description", "Please check my site.", "--no-input")
    assert code == 0 and "outbox" in out
    code, _, err = run_cli("send", "--all")
    assert code == 6
    assert "No delivery channel" in err and "ticket config set backend api" in err
    assert [i.state for i in Outbox().items()] == ["new"]


def test_new_delivers_right_away_and_reports_where(server, api_profile, run_cli):
    code, out, err = run_cli("new", "--type", "other", "--description", "Please check my site.", "--no-input", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["state"] == "sent" and doc["channel"] == "api"
    public = next(iter(server.tickets.values()))["public"]
    assert doc["receipt"]["number"] == public["number"] and doc["receipt"]["url"] == public["url"]
    code, out, err = run_cli("new", "--type", "other", "--description", "Please check my site again.", "--no-input")
    assert code == 0 and "delivered via api" in out and "#" in out


def test_new_with_channel_down_keeps_ticket_and_says_so(api_profile, run_cli, sleeps, monkeypatch):
    monkeypatch.delenv("TICKETCLI_API_TOKEN")
    code, out, err = run_cli("new", "--type", "other", "--description", "Please check my site.", "--no-input")
    assert code == 5
    assert "ticket auth set api" in err
    assert [i.state for i in Outbox().items()] == ["new"]


def test_attachments_arrive_intact_and_size_is_checked_before_upload(server, api_profile, sleeps, run_cli, tmp_path):
    png = tmp_path / "screen.png"
    png.write_bytes(bytes(range(256)) * 4000)
    log = tmp_path / "error.log"
    log.write_text("Ошибка 500: internal error\n", encoding="utf-8")
    item = queue(api_profile, attachments=[png, log])
    code, _, err = run_cli("send", "--all")
    assert code == 0, err
    stored = next(iter(server.tickets.values()))
    assert stored["files"] == {"screen.png": png.read_bytes(), "error.log": log.read_bytes()}
    assert stored["doc"]["uuid"] == item.uuid and stored["doc"]["subject"]
    # a limit lowered after queuing: refused before any byte is uploaded
    big = queue(api_profile, attachments=[png])
    configure(backend="api", api_url=server.url, max_attachment_mb="1")
    png.write_bytes(b"x")  # the outbox keeps its own copy
    (Outbox().find(big.uuid).path / "attachments" / "screen.png").write_bytes(b"0" * (2 * 2**20))
    posts = len(server.posts())
    code, _, err = run_cli("send", big.short_id)
    assert code == 5 and "limit is 1 MB" in err
    assert len(server.posts()) == posts


def test_status_and_reply(server, api_profile, sleeps, run_cli, tmp_path):
    item = queue(api_profile)
    assert run_cli("send", "--all")[0] == 0
    stored = next(iter(server.tickets.values()))
    stored["public"]["status"] = "resolved"
    code, out, err = run_cli("status", item.short_id)
    assert code == 0 and "resolved" in out
    assert History().get(item.uuid)["status"] == "resolved"
    shot = tmp_path / "after.png"
    shot.write_bytes(b"\x89PNG fake")
    code, out, err = run_cli("reply", item.short_id, "--message", "The error is still there after the restore.", "--attach", str(shot))
    assert code == 0, err
    assert "new question" not in err
    assert stored["messages"][0]["text"].startswith("The error is still there")
    assert stored["messages"][0]["files"] == {"after.png": shot.read_bytes()}
    # A new question is refused (rule 3) unless forced; forced, it goes and the override is kept.
    code, _, err = run_cli("reply", item.short_id, "-m", "Another question: my mail does not work.")
    assert code == 1 and "Rule 3" in err and "ticket new" in err and "--force" in err
    assert len(stored["messages"]) == 1 and len(History().get(item.uuid)["replies"]) == 1
    code, _, err = run_cli("reply", item.short_id, "-m", "Another question: my mail does not work.", "--force")
    assert code == 0, err
    assert stored["messages"][1]["text"] == "Another question: my mail does not work."
    replies = History().get(item.uuid)["replies"]
    assert len(replies) == 2 and "overrides" not in replies[0] and replies[1]["overrides"] == ["one-question"]


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_reply_that_insults_the_desk_never_goes(server, api_profile, sleeps, run_cli, force):
    item = queue(api_profile)
    assert run_cli("send", "--all")[0] == 0
    stored = next(iter(server.tickets.values()))
    code, out, err = run_cli("reply", item.short_id, "-m", "Вы там совсем идиоты? Верните деньги.", *force)
    assert code == 1 and "polite" in err and "impolite" in err and "Traceback" not in err
    assert stored["messages"] == [] and History().get(item.uuid)["replies"] == []


def test_a_reply_is_checked_by_the_rule_engine_not_a_word_list(server, api_profile, sleeps, run_cli):
    """Words the old list matched ("also", "by the way") do not make a follow-up a new
    question; the rules decide, against the ticket it follows."""
    item = queue(api_profile, type_name="site-access", description="The site example.ru shows 502 Bad Gateway since 9:00 in Firefox.",
                 fields={"url": "https://example.ru", "browser": "Firefox", "error": "502 Bad Gateway", "isp": "MTS"})
    assert run_cli("send", "--all")[0] == 0
    stored = next(iter(server.tickets.values()))
    code, _, err = run_cli("reply", item.short_id, "-m", "It also happens in Chrome, by the way, same 502 on every page.")
    assert code == 0 and "Rule 3" not in err, err
    code, _, err = run_cli("reply", item.short_id, "-m", "Also, my mail does not work.")
    assert code == 1 and "Rule 3" in err
    code, _, err = run_cli("reply", item.short_id, "-m", "The admin panel password is Qwerty123!, please check the login.")
    assert code == 1 and "secret" in err
    assert len(stored["messages"]) == 1


def test_status_and_reply_when_the_desk_refuses_are_one_line_and_change_nothing(server, api_profile, sleeps, run_cli):
    item = queue(api_profile)
    assert run_cli("send", "--all")[0] == 0
    before = History().get(item.uuid)
    server.tickets.clear()  # the desk no longer knows the ticket: 404 on every follow-up
    for args in (("status", item.short_id), ("reply", item.short_id, "-m", "Still broken.")):
        code, out, err = run_cli(*args)
        assert code == 5 and len(err.strip().splitlines()) == 1 and "404" in err and "Traceback" not in err, (args, err)
    after = History().get(item.uuid)
    assert after["status"] == before["status"] and after["replies"] == []


def test_tls_is_verified_and_ca_bundle_trusts_a_self_hosted_desk(tmp_path, monkeypatch, sleeps, run_cli):
    from servers.certs import make_certs, server_context

    ca, cert, key = make_certs(tmp_path)
    monkeypatch.setenv("TICKETCLI_API_TOKEN", TOKEN)
    with ApiServer(tls_context=server_context(cert, key)) as srv:
        profile = configure(backend="api", api_url=srv.url)
        item = queue(profile)
        code, _, err = run_cli("send", "--all")
        assert code == 5 and "certificate" in err and "ca_bundle" in err
        assert not srv.tickets
        configure(backend="api", api_url=srv.url, ca_bundle=str(ca))
        code, _, err = run_cli("outbox", "retry", item.short_id)
        assert code == 0, err
        assert len(srv.tickets) == 1


def test_plain_http_to_a_remote_host_is_refused(run_cli, monkeypatch):
    monkeypatch.setenv("TICKETCLI_API_TOKEN", TOKEN)
    profile = configure(backend="api", api_url="http://support.example.ru/api")
    queue(profile)
    code, _, err = run_cli("send", "--all")
    assert code == 6 and "https" in err
    assert [i.state for i in Outbox().items()] == ["new"]


def test_a_long_retry_after_leaves_the_ticket_waiting_without_sleeping(server, api_profile, sleeps, run_cli):
    item = queue(api_profile)
    server.script = ["503:3600"]
    code, _, err = run_cli("send", "--all")
    assert code == 5 and "3600" in err and "waits in the outbox" in err
    assert not sleeps and len(server.posts()) == 1
    assert states() == {item.uuid: "new"}
    code, _, err = run_cli("send", "--all")  # the next run delivers it
    assert code == 0, err
    assert states() == {item.uuid: "sent"} and len(server.tickets) == 1


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '{"id": {"x": 1}}', '{"id": ""}', '{"id": true}', "{}"])
def test_a_201_without_a_usable_id_is_a_clear_protocol_failure(body, server):
    from ticketcli.channels.api import ApiBackend
    from ticketcli.channels.base import Outgoing, PermanentError
    from ticketcli.model import Ticket
    from ticketcli.store.config import Profile

    server.script = [f"answer:{body}"]
    backend = ApiBackend(Profile("default", {"api_url": server.url}), TOKEN)
    ticket = Ticket(type="other", contract="1", description="x", subject="s")
    with pytest.raises(PermanentError, match="without the ticket's id") as exc:
        backend.submit(Outgoing(ticket, ticket.uuid))
    assert exc.value.kind == "protocol"


def test_odd_receipt_fields_are_dropped_not_echoed(server):
    from ticketcli.channels.api import ApiBackend
    from ticketcli.channels.base import Outgoing
    from ticketcli.model import Ticket
    from ticketcli.store.config import Profile

    server.script = ['answer:{"id": 7, "number": ["x"], "url": {"evil": 1}, "status": "new"}']
    backend = ApiBackend(Profile("default", {"api_url": server.url}), TOKEN)
    ticket = Ticket(type="other", contract="1", description="x", subject="s")
    receipt = backend.submit(Outgoing(ticket, ticket.uuid))
    assert (receipt.id, receipt.number, receipt.url, receipt.status) == ("7", "", "", "new")


def test_an_api_url_that_is_not_http_is_a_configuration_error():
    """A hand-edited config can hold what 'ticket config set' refuses: one line, not a crash."""
    from ticketcli.channels.api import ApiBackend
    from ticketcli.channels.base import PermanentError
    from ticketcli.store.config import Profile

    with pytest.raises(PermanentError, match="not an http") as exc:
        ApiBackend(Profile("default", {"api_url": "ftp://desk.example/api"}), "tok")
    assert exc.value.kind == "config"
