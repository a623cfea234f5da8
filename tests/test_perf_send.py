"""``ticket send --all`` with bounded concurrency: threads, one shared client, exactly once.

Against the real local API server (tests/servers/api_server.py) and a recording channel: every
ticket is POSTed once, the connections are reused (far fewer than the tickets), no more than
``workers`` calls run at once, a channel that is not thread-safe is called one at a time, and a
configuration failure still stops the run after one ticket.
"""

from __future__ import annotations

import json
import threading
import time

import pytest
from servers.api_server import TOKEN, ApiServer
from servers.helpers import configure, queue

from ticketcli.channels.base import Backend, Receipt
from ticketcli.delivery import DEFAULT_WORKERS, Sender
from ticketcli.store.history import History
from ticketcli.store.outbox import Outbox


@pytest.fixture
def server(monkeypatch):
    monkeypatch.setenv("TICKETCLI_API_TOKEN", TOKEN)
    with ApiServer() as srv:
        connections: list = []
        accept = srv.httpd.process_request

        def counting(request, client_address):
            connections.append(client_address)
            accept(request, client_address)

        srv.httpd.process_request = counting
        srv.connections = connections
        yield srv


def test_send_all_delivers_150_tickets_exactly_once_over_reused_connections(server, run_cli):
    profile = configure(backend="api", api_url=server.url)
    uuids = {queue(profile).uuid for _ in range(150)}
    code, out, err = run_cli("send", "--all", "--json")
    assert code == 0, err
    keys = [p["key"] for p in server.posts()]
    assert len(keys) == 150 and set(keys) == uuids
    assert len(server.tickets) == 150
    assert {i.state for i in Outbox().items()} == {"sent"}
    assert len(History().list()) == 150
    # keep-alive: at most one connection per worker (a dropped one may be replaced), never one per ticket
    assert 1 <= len(server.connections) <= DEFAULT_WORKERS + 2


def test_a_wrong_token_fails_one_ticket_and_leaves_the_rest_untouched(server, monkeypatch, run_cli):
    profile = configure(backend="api", api_url=server.url)
    uuids = [queue(profile).uuid for _ in range(20)]
    monkeypatch.setenv("TICKETCLI_API_TOKEN", "wrong")
    code, out, err = run_cli("send", "--all")
    assert code == 5
    states = [i.state for i in Outbox().items()]
    assert states.count("failed") == 1 and states.count("new") == 19
    assert len(server.posts()) == 1 and server.posts()[0]["key"] in uuids
    assert "401" in err


class Recorder(Backend):
    name = "recorder"

    def __init__(self, thread_safe: bool, delay: float = 0.01):
        super().__init__(None)
        self.thread_safe = thread_safe
        self.delay = delay
        self.lock = threading.Lock()
        self.active = 0
        self.peak = 0
        self.keys: list[str] = []

    def submit(self, out):
        with self.lock:
            self.active += 1
            self.peak = max(self.peak, self.active)
            self.keys.append(out.idempotency_key)
        time.sleep(self.delay)
        with self.lock:
            self.active -= 1
        return Receipt(channel=self.name, id=out.idempotency_key[:8], number="1")


@pytest.mark.parametrize("thread_safe", [True, False])
def test_concurrency_is_bounded_and_respects_channels_that_are_not_thread_safe(thread_safe):
    profile = configure()
    uuids = [queue(profile).uuid for _ in range(40)]
    spy = Recorder(thread_safe)
    with Sender(backend_factory=lambda p: spy, workers=4) as sender:
        results = sender.send_many(uuids)
    assert [r.uuid for r in results] == uuids  # results in the order given
    assert {r.state for r in results} == {"sent"}
    assert sorted(spy.keys) == sorted(uuids)  # each once
    if thread_safe:
        assert 1 < spy.peak <= 4
    else:
        assert spy.peak == 1


def test_workers_1_is_the_sequential_loop():
    profile = configure()
    uuids = [queue(profile).uuid for _ in range(5)]
    spy = Recorder(True, delay=0)
    with Sender(backend_factory=lambda p: spy, workers=1) as sender:
        results = sender.send_many(uuids)
    assert spy.keys == uuids and spy.peak == 1
    assert [r.state for r in results] == ["sent"] * 5


def test_a_first_attempt_delivery_writes_only_the_history_entry(server, run_cli, ticket_home):
    """Per delivered ticket, send --all creates one file (history/<uuid>.json, the receipt's
    durable home) and moves the item folder; the outbox gets no new file."""
    profile = configure(backend="api", api_url=server.url)
    uuids = [queue(profile).uuid for _ in range(20)]
    outbox = ticket_home / "outbox"

    def files(root):
        return sorted(p.name for p in root.rglob("*") if p.is_file())

    before = files(outbox)
    code, out, err = run_cli("send", "--all")
    assert code == 0, err
    assert files(outbox) == before
    assert sorted(p.name for p in (ticket_home / "history").iterdir()) == sorted(f"{u}.json" for u in uuids)
    # what `ticket outbox show` reports comes from the history entry
    item = Outbox().find(uuids[0])
    assert item.state == "sent" and not (item.path / "delivery.json").exists()
    record = item.record()
    assert record["idempotency_key"] == uuids[0] and record["channel"] == "api"
    assert record["receipt"] == History().get(uuids[0])["receipt"] and record["receipt"]["id"] in server.tickets
    code, out, _ = run_cli("outbox", "show", uuids[0][:8], "--json")
    assert code == 0 and json.loads(out)["delivery"]["receipt"]["id"] in server.tickets


def test_a_delivery_after_failed_attempts_keeps_their_record_with_the_receipt(server, run_cli, monkeypatch):
    from ticketcli import delivery

    monkeypatch.setattr(delivery, "_sleep", lambda s: None)
    item = queue(configure(backend="api", api_url=server.url))
    server.script = ["500", "503:1"]
    code, out, err = run_cli("send", "--all")
    assert code == 0, err
    found = Outbox().find(item.uuid)
    stored = json.loads((found.path / "delivery.json").read_text())
    assert [a["outcome"] for a in stored["attempts"]] == ["server", "server", "delivered"]
    assert "last_error" not in stored and stored["receipt"]["id"] in server.tickets
    assert stored["receipt"] == History().get(item.uuid)["receipt"]
