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
from ticketcli.store.history import History
from ticketcli.store.outbox import Outbox


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


# ---- the claim is a lock on the item's own folder ---------------------------------------------
HOLD = """
import sys, time
from ticketcli.store.outbox import Outbox
with Outbox().lock(sys.argv[1]) as held:
    print("held" if held else "busy", flush=True)
    sys.stdin.read()  # hold the claim until the test closes our stdin
"""


def test_a_claim_held_by_another_process_excludes_a_sender_whatever_state_the_folder_is_in(server, ticket_home):
    """The lock is taken on new/<uuid> and the folder then moves to sending/: a second sender
    that finds it there must see a live claim (busy), not a stale one to resume."""
    item = queue(configure(backend="api", api_url=server.url))
    holder = subprocess.Popen([sys.executable, "-c", HOLD, item.uuid], env=ticket_env(ticket_home),
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        box = Outbox()
        for state in ("new", "sending"):
            box.move(box.find(item.uuid), state)
            done = ticket(ticket_home, "send", "--all", "--json")
            assert done.returncode == 0, done.stderr
            assert server.posts() == []
            assert box.find(item.uuid).state == state  # untouched
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    # the holder is gone (the kernel dropped its lock): the claim in sending/ is stale now
    done = ticket(ticket_home, "send", "--all")
    assert done.returncode == 0, done.stderr
    assert [p["key"] for p in server.posts()] == [item.uuid]
    assert Outbox().find(item.uuid).state == "sent"


def test_the_claim_locks_the_folder_and_creates_no_file(ticket_home):
    item = queue(configure())
    box = Outbox()
    def files():
        return sorted(p.name for p in ticket_home.rglob("*") if not p.is_dir())

    before = files()
    with box.lock(item.uuid) as held:
        assert held
        box.move(box.find(item.uuid), "sending", durable=False)
        with Outbox().lock(item.uuid) as again:  # another open file description: excluded
            assert again is False
    with Outbox().lock(item.uuid) as after:  # released on exit
        assert after
    assert files() == before and "ticket.json" in before  # the same files, none added
    assert not (ticket_home / "outbox" / ".locks").exists()


def test_a_ticket_in_no_state_is_skipped(ticket_home):
    configure()
    with Outbox().lock("0" * 32) as held:
        assert held  # nothing to claim; find() says it is gone
    from ticketcli.delivery import Sender

    with Sender(backend_factory=lambda p: pytest.fail("no channel needed")) as sender:
        assert sender.send("0" * 32).state == "skipped"


# ---- a power cut after the desk answered -------------------------------------------------------
@pytest.mark.parametrize("point", ["after-history", "after-receipt"])
def test_power_cut_after_the_answer_loses_only_what_the_history_entry_rebuilds(server, ticket_home, point):
    """What is not fsynced (the claim, delivery.json, the move to sent/) may be undone by a power
    cut; simulated here by undoing it after a kill -9. The fsynced history entry holds the
    receipt, so the resend does not ask the desk again."""
    item = queue(configure(backend="api", api_url=server.url))
    crashed = ticket(ticket_home, "send", "--all", crash=point)
    assert crashed.returncode == -9, crashed.stderr
    receipt = History().get(item.uuid)["receipt"]
    box = Outbox()
    found = box.find(item.uuid)
    (found.path / "delivery.json").unlink(missing_ok=True)
    box.move(found, "new")
    done = ticket(ticket_home, "send", "--all")
    assert done.returncode == 0, done.stderr
    assert len(server.posts()) == 1 and len(server.tickets) == 1
    sent = Outbox().find(item.uuid)
    assert sent.state == "sent" and sent.record()["receipt"] == receipt
    assert History().get(item.uuid)["receipt"] == receipt


def test_a_receipt_only_in_delivery_json_is_not_asked_for_again(server, ticket_home):
    """An item left by an older version (the receipt in delivery.json, no history entry yet):
    the resend records the history from it without a request."""
    item = queue(configure(backend="api", api_url=server.url))
    box = Outbox()
    found = box.move(box.find(item.uuid), "sending")
    receipt = {"channel": "api", "id": "t-1", "number": "1001", "url": "", "status": "open"}
    found.write_record({"idempotency_key": item.uuid, "attempts": [], "receipt": receipt})
    done = ticket(ticket_home, "send", "--all")
    assert done.returncode == 0, done.stderr
    assert server.posts() == []
    assert Outbox().find(item.uuid).state == "sent"
    assert History().get(item.uuid)["receipt"] == receipt


def test_kill_9_in_the_middle_of_a_send_all_then_again_gives_each_ticket_once(server, ticket_home):
    """SIGKILL at an arbitrary moment of a threaded run (up to 8 tickets in flight, each at its
    own step), then another send --all: every ticket at the desk once, every one in sent/ with its
    history entry; only tickets that were in flight may have been POSTed a second time (same key)."""
    import os
    import signal

    profile = configure(backend="api", api_url=server.url)
    uuids = {queue(profile).uuid for _ in range(300)}
    first = spawn(ticket_home, "send", "--all")
    deadline = time.monotonic() + 60
    while len(server.posts()) < 100 and time.monotonic() < deadline:
        time.sleep(0.005)
    os.kill(first.pid, signal.SIGKILL)
    first.communicate(timeout=30)
    assert first.returncode == -9
    killed_at = len(server.posts())
    assert 100 <= killed_at < 300, "the run ended before it could be killed mid-way"
    done = ticket(ticket_home, "send", "--all")
    assert done.returncode == 0, done.stderr
    keys = [p["key"] for p in server.posts()]
    assert set(keys) == uuids and len(server.tickets) == 300  # each ticket once at the desk
    assert len(keys) - 300 <= 8  # a second POST (same key) only for a ticket that was in flight
    assert {i.state for i in Outbox().items()} == {"sent"}
    assert {e["uuid"] for e in History().list()} == uuids


def test_where_a_folder_cannot_be_locked_a_lock_file_still_excludes_a_second_holder(monkeypatch, ticket_home):
    """NFS cannot flock a directory (EBADF): the claim falls back to .locks/<uuid>.lock."""
    import errno
    import fcntl
    import os
    import stat

    real = fcntl.flock

    def no_folder_locks(fd, op):
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            raise OSError(errno.EBADF, "Bad file descriptor")
        return real(fd, op)

    monkeypatch.setattr(fcntl, "flock", no_folder_locks)
    item = queue(configure())
    with Outbox().lock(item.uuid) as held:
        assert held and (ticket_home / "outbox" / ".locks" / f"{item.uuid}.lock").exists()
        with Outbox().lock(item.uuid) as again:
            assert again is False
    with Outbox().lock(item.uuid) as after:
        assert after
