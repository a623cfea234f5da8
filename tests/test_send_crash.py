"""`ticket send` as real processes: SIGKILL at every step, stale claims, two senders at once."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from conftest import ticket_env
from servers.api_server import TOKEN, ApiServer
from servers.helpers import configure, queue

from ticketcli.delivery import CRASH_POINTS
from ticketcli.history import History
from ticketcli.outbox import Outbox


@pytest.fixture
def server():
    with ApiServer() as srv:
        yield srv


def ticket(home, *args, crash: str | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    extra = {"TICKETCLI_API_TOKEN": TOKEN}
    if crash:
        extra["TICKETCLI_TEST_CRASH_AT"] = crash
    return subprocess.run(
        [sys.executable, "-m", "ticketcli", *args], env=ticket_env(home, **extra),
        capture_output=True, text=True, timeout=timeout,
    )


def spawn(home, *args) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ticketcli", *args], env=ticket_env(home, TICKETCLI_API_TOKEN=TOKEN),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_kill_9_at_each_step_then_send_again_gives_exactly_one_ticket(server, ticket_home, point):
    item = queue(configure(backend="api", api_url=server.url))
    crashed = ticket(ticket_home, "send", "--all", crash=point)
    assert crashed.returncode == -9, crashed.stderr
    assert Outbox().find(item.uuid).state == "sending"  # a stale claim
    posts_before = len(server.posts())
    done = ticket(ticket_home, "send", "--all")
    assert done.returncode == 0, done.stderr
    assert len(server.tickets) == 1
    assert [p["key"] for p in server.posts()] == [item.uuid] * len(server.posts())
    assert Outbox().find(item.uuid).state == "sent"
    assert History().get(item.uuid)["receipt"]["id"] in server.tickets
    if point in ("after-receipt", "after-history"):
        # the receipt was on disk: recovery does not ask the desk again
        assert len(server.posts()) == posts_before == 1
    if point in ("after-claim", "before-request"):
        assert posts_before == 0


def test_a_ticket_being_sent_is_not_sent_by_a_second_process(server, ticket_home):
    item = queue(configure(backend="api", api_url=server.url))
    server.script = ["delay:1.5"]
    first = spawn(ticket_home, "send", "--all")
    deadline = time.monotonic() + 20
    while not server.posts() and time.monotonic() < deadline:
        time.sleep(0.02)
    second = ticket(ticket_home, "send", "--all")
    assert second.returncode == 0, second.stderr
    out, err = first.communicate(timeout=30)
    assert first.returncode == 0, err
    assert len(server.posts()) == 1 and len(server.tickets) == 1
    assert Outbox().find(item.uuid).state == "sent"


def test_two_concurrent_send_all_deliver_200_tickets_exactly_once(server, ticket_home):
    profile = configure(backend="api", api_url=server.url)
    uuids = {queue(profile).uuid for _ in range(200)}
    procs = [spawn(ticket_home, "send", "--all") for _ in range(2)]
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    keys = [p["key"] for p in server.posts()]
    assert len(keys) == 200 and set(keys) == uuids  # every ticket POSTed once, none twice
    assert len(server.tickets) == 200
    assert {i.state for i in Outbox().items()} == {"sent"}
    assert len(History().list()) == 200
