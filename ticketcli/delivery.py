"""The send loop: moves outbox items new → sending → sent | failed, exactly once.

For each ticket :meth:`Sender.send`:

1. takes the ticket's exclusive lock (:meth:`Outbox.lock`, an ``flock`` on the item's folder,
   which the kernel releases when the holder dies); a ticket another process holds is skipped;
2. renames ``new/<uuid>`` to ``sending/<uuid>`` (an item already in ``sending/`` whose lock we
   could take is a stale claim of a dead process: it is resumed);
3. uses the ticket's UUID as the idempotency key: it is on disk since the ticket was queued (the
   folder's name, and ``ticket.json``, fsynced then), so nothing is written before the first
   attempt, and every attempt, resumed or not, carries the same key;
4. if the history entry (or ``delivery.json``) already holds the desk's receipt (a crash after
   the desk answered), goes straight to 6 without asking the desk again;
5. calls the channel, retrying :class:`RetryableError` with exponential backoff and jitter, never
   shorter than the server's Retry-After; a :class:`PermanentError` moves the item to ``failed/``
   with the reason; retries used up move it back to ``new/`` to wait for the next run (a failed
   attempt is recorded, fsynced, in ``delivery.json``; the first one also writes the ticket's
   ``message.eml`` if it has none: see :mod:`ticketcli.store.outbox`);
6. writes the history entry with the receipt, fsynced (the one fact we cannot rebuild: written
   before anything else is touched); if ``delivery.json`` holds earlier failed attempts, adds the
   receipt there too (not fsynced: a power cut that loses it is repaired from the history entry
   at step 4); then renames to ``sent/``.

Every step is idempotent, so a process killed anywhere ends, after another ``ticket send``, with
exactly one ticket at a desk that honours ``Idempotency-Key`` (the e-mail channel re-sends the
same Message-ID, which lets a desk drop the duplicate). What a power cut may undo (the claim,
``delivery.json``, the move to ``sent/``) is either redone or rebuilt from the fsynced history
entry; a power cut before that entry is on disk leaves the ticket to be sent again with the same
key, as a kill would.

:meth:`Sender.send_many` (``ticket send --all``) runs up to ``workers`` tickets at once in
threads. Each ticket still goes through the steps above under its own lock, so concurrency
changes nothing about exactly-once, and two ``ticket send --all`` at once each skip the
tickets the other holds. Channels that declare ``thread_safe`` (the API channel: one shared
``httpx.Client``, so connections are reused) are called in parallel; the others (e-mail) one
ticket at a time. The first ticket through a channel goes alone: if it fails with a
configuration error (``auth``, ``tls``, ``config``) the run stops before any other ticket is
claimed, as a sequential run would.

A ticket delivered at its first attempt costs one new file (the history entry), one fsynced
file and one fsynced folder; the claim and the moves create nothing. (Creating a file is the
dear part: ext4 without a journal looks for each new inode past the recently deleted ones, and
the lock file and two delivery.json writes per ticket of earlier versions were a third of the
loop's CPU.)

``TICKETCLI_TEST_CRASH_AT`` is a TEST-ONLY hook: set to one of :data:`CRASH_POINTS` it makes the
process kill itself (SIGKILL) at that point, so tests can check recovery from every step.
"""

from __future__ import annotations

import os
import random
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from .channels.base import Attachment, Backend, DeliveryFailure, Outgoing, PermanentError
from .errors import ConfigError, TicketError
from .i18n import register, t
from .model import now_iso
from .store.config import Profile
from .store.history import History
from .store.outbox import Outbox, OutboxItem

CRASH_ENV = "TICKETCLI_TEST_CRASH_AT"
CRASH_POINTS = ("after-claim", "before-request", "after-response", "after-history", "after-receipt")
#: Failures that concern the configuration, not this ticket: the run stops after the first.
STOP_KINDS = ("auth", "tls", "config")
#: Tickets ``send_many`` delivers at once (threads sharing one client per channel).
DEFAULT_WORKERS = 8

register(
    {
        "no_channel": (
            "No delivery channel is configured (profile '{profile}' uses the outbox only); tickets stay in {path}. Configure one: 'ticket config set backend api' with 'ticket config set api_url https://…' and 'ticket auth set api', or 'ticket config set backend email' with desk_email, smtp_host and 'ticket auth set smtp'.",
            "Канал доставки не настроен (профиль «{profile}» только складывает заявки в исходящие); заявки лежат в {path}. Настройте канал: «ticket config set backend api», «ticket config set api_url https://…» и «ticket auth set api» либо «ticket config set backend email» с desk_email, smtp_host и «ticket auth set smtp».",
        ),
        "sent_ok": (
            "Ticket {id} delivered via {channel}{number}{url}.",
            "Заявка {id} доставлена через {channel}{number}{url}.",
        ),
        "sent_waiting": (
            "Ticket {id} was not delivered and waits in the outbox: {reason} Run 'ticket send' again later.",
            "Заявка {id} не доставлена и ждёт в исходящих: {reason} Повторите «ticket send» позже.",
        ),
        "sent_failed": (
            "Ticket {id} was refused: {reason} Fix the cause, then 'ticket outbox retry {id}'.",
            "Заявка {id} отклонена: {reason} Устраните причину, затем «ticket outbox retry {id}».",
        ),
        "sent_busy": (
            "Ticket {id} is being sent by another process; skipped.",
            "Заявку {id} уже отправляет другой процесс; пропущена.",
        ),
        "sent_already": ("Ticket {id} was already delivered.", "Заявка {id} уже доставлена."),
        "stopped_run": (
            "Stopped after a configuration error; the other tickets wait in the outbox.",
            "Остановлено из-за ошибки настройки; остальные заявки ждут в исходящих.",
        ),
        "wait_too_long": (
            "{reason} (the desk asks to wait {seconds} s; not waiting that long now).",
            "{reason} (техподдержка просит подождать {seconds} с; сейчас ждать не будем).",
        ),
    }
)


def _sleep(seconds: float) -> None:
    """The back-off sleep (one place, so tests can record the delays instead of waiting)."""
    time.sleep(seconds)


def crash_point(name: str) -> None:
    """TEST-ONLY: die here (SIGKILL, no clean-up) when TICKETCLI_TEST_CRASH_AT names this point."""
    if os.environ.get(CRASH_ENV) == name:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(slots=True)
class RetryPolicy:
    """Exponential backoff with jitter; a Retry-After is a floor, not a suggestion."""

    attempts: int = 4
    base: float = 1.0
    cap: float = 30.0
    #: A Retry-After longer than this ends the run for the ticket (it waits in the outbox).
    max_wait: float = 120.0

    def delay(self, attempt: int, retry_after: float | None = None, rng: Callable[[], float] = random.random) -> float:
        """Seconds to sleep before attempt ``attempt + 1`` (``attempt`` counts from 0)."""
        ceiling = min(self.cap, self.base * (2**attempt))
        wait = ceiling / 2 + rng() * ceiling / 2
        if retry_after is not None:
            wait = max(wait, retry_after)
        return wait

    @classmethod
    def for_profile(cls, profile: Profile) -> "RetryPolicy":
        return cls(attempts=int(profile.get("send_attempts", "4")))


@dataclass(slots=True)
class SendResult:
    uuid: str
    #: sent | waiting | failed | busy (another process holds it) | skipped (already done) | no-channel
    state: str
    channel: str = ""
    receipt: dict[str, Any] | None = None
    error: dict[str, Any] | None = None
    attempts: int = 0
    path: str = ""
    recovered: bool = False

    @property
    def short_id(self) -> str:
        return self.uuid[:8]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.uuid,
            "state": self.state,
            "channel": self.channel,
            "receipt": self.receipt,
            "error": self.error,
            "attempts": self.attempts,
            "path": self.path,
        }

    def message(self) -> str:
        if self.state == "sent":
            r = self.receipt or {}
            number = f" #{r['number']}" if r.get("number") else (f" id {r['id']}" if r.get("id") else "")
            url = f" {r['url']}" if r.get("url") else ""
            note = f" {r['note']}" if r.get("note") else ""
            return t("sent_ok", id=self.short_id, channel=self.channel, number=number, url=url) + note
        reason = _sentence((self.error or {}).get("reason", ""))
        if self.state == "failed":
            return t("sent_failed", id=self.short_id, reason=reason)
        if self.state == "busy":
            return t("sent_busy", id=self.short_id)
        return t("sent_waiting", id=self.short_id, reason=reason)


def _sentence(text: str) -> str:
    text = text.strip()
    return text if not text or text[-1] in ".!?…" else text + "."


class Sender:
    """Delivers outbox items through the channel of each ticket's profile."""

    def __init__(
        self,
        outbox: Outbox | None = None,
        history: History | None = None,
        *,
        profile: Profile | None = None,
        sleep: Callable[[float], None] | None = None,
        rng: Callable[[], float] = random.random,
        backend_factory: Callable[[Profile], Backend | None] | None = None,
        policy: RetryPolicy | None = None,
        workers: int = DEFAULT_WORKERS,
    ):
        from . import channels

        self.outbox = outbox or Outbox()
        self.history = history or History()
        self.profile = profile
        self.sleep = sleep or _sleep
        self.rng = rng
        self.backend_factory = backend_factory or channels.load
        self.policy = policy
        self.workers = max(1, int(workers))
        self._backends: dict[str, Backend | None] = {}
        self._profiles: dict[str, Profile] = {}
        self._lock = threading.RLock()  # guards the two caches above
        #: per channel instance: a lock serialising its calls (channels not thread-safe) and the
        #: "first ticket goes alone" gate
        self._gates: dict[int, _Gate] = {}
        self._stop = threading.Event()

    # -- channels ------------------------------------------------------------------------------
    def profile_for(self, profile_name: str) -> Profile:
        if self.profile is not None:
            return self.profile
        with self._lock:
            return self._profile_for(profile_name)

    def _profile_for(self, profile_name: str) -> Profile:
        if profile_name not in self._profiles:
            from .store import config

            self._profiles[profile_name] = config.load().profile_or_default(profile_name)
        return self._profiles[profile_name]

    def backend_for(self, profile: Profile) -> Backend | None:
        with self._lock:
            if profile.name not in self._backends:
                try:
                    self._backends[profile.name] = self.backend_factory(profile)
                except PermanentError as exc:
                    raise ConfigError(exc.message) from None
            return self._backends[profile.name]

    def _gate(self, backend: Backend) -> "_Gate":
        with self._lock:
            gate = self._gates.get(id(backend))
            if gate is None:
                gate = self._gates[id(backend)] = _Gate(bool(getattr(backend, "thread_safe", False)))
            return gate

    def close(self) -> None:
        for backend in self._backends.values():
            if backend is not None:
                backend.close()
        self._backends.clear()

    def __enter__(self) -> "Sender":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- the loop ------------------------------------------------------------------------------
    def pending(self) -> list[OutboxItem]:
        """Items to send: waiting ones and stale claims, oldest first."""
        items = self.outbox.items(("sending", "new"))
        return sorted(items, key=lambda i: _mtime(i.path))

    def send_many(self, uuids: Iterable[str]) -> list[SendResult]:
        """Deliver ``uuids`` with up to ``workers`` at once; results in the order given.

        A configuration failure (:data:`STOP_KINDS`) ends the run: tickets not yet started are
        left untouched (no result), and that failure is the last result.
        """
        uuids = list(uuids)
        self._stop.clear()
        if self.workers == 1 or len(uuids) < 2:
            results = []
            for uuid in uuids:
                result = self.send(uuid)
                results.append(result)
                if _stops(result):
                    break
            return results
        slots: list[SendResult | None] = [None] * len(uuids)
        failure: list[BaseException] = []
        order = iter(range(len(uuids)))
        take = threading.Lock()

        def worker() -> None:
            # Each worker takes the next ticket until none is left or the run stops: a few
            # long-lived threads, and no future per ticket for the main thread to wake up for.
            while not self._stop.is_set():
                with take:
                    index = next(order, None)
                if index is None:
                    return
                try:
                    result = self._send(uuids[index], stoppable=True)
                except BaseException as exc:  # noqa: BLE001 - re-raised in the caller's thread
                    self._stop.set()
                    failure.append(exc)
                    return
                slots[index] = result
                if result is not None and _stops(result):
                    self._stop.set()

        threads = [
            threading.Thread(target=worker, name=f"ticket-send-{n}", daemon=True)
            for n in range(min(self.workers, len(uuids)))
        ]
        for thread in threads:
            thread.start()
        try:
            for thread in threads:
                thread.join()
        except BaseException:  # Ctrl-C: no new ticket is started; those in flight finish
            self._stop.set()
            for thread in threads:
                thread.join()
            raise
        if failure:
            raise failure[0]
        results = [r for r in slots if r is not None]
        stopping = [r for r in results if _stops(r)]
        if stopping:  # the failure that ended the run comes last, as in a sequential run
            results = [r for r in results if r is not stopping[0]] + [stopping[0]]
        return results

    def send(self, uuid: str) -> SendResult:
        """Deliver one outbox item; ``skipped`` when another process has it or had it."""
        result = self._send(uuid, stoppable=False)
        assert result is not None
        return result

    def _send(self, uuid: str, *, stoppable: bool) -> SendResult | None:
        """:meth:`send`; with ``stoppable``, None when the run stopped before this ticket was claimed."""
        with self.outbox.lock(uuid) as held:
            if not held:
                return SendResult(uuid, "busy")
            item = self.outbox.find(uuid)  # where it is now that we hold the lock
            if item is None or item.state in ("sent", "failed"):
                return SendResult(uuid, "skipped", path=str(item.path) if item else "")
            try:
                ticket = item.ticket()
            except TicketError as exc:  # a damaged ticket.json: leave it where it is, go on
                return SendResult(uuid, "waiting", error={"kind": "damaged", "reason": exc.message}, path=str(item.path))
            profile = self.profile_for(ticket.profile)
            backend = self.backend_for(profile)  # ConfigError here: nothing moved yet
            if backend is None:
                return SendResult(uuid, "no-channel", channel="outbox", path=str(item.path))
            gate = self._gate(backend)
            with gate.enter(self._stop if stoppable else None) as admitted:
                if not admitted:
                    return None  # the run stopped while this ticket waited: never claimed
                recovered = item.state == "sending"
                # Not fsynced: a power cut that undoes the claim leaves the ticket in new/, and
                # the resend carries the same idempotency key (the UUID, durable since queuing).
                item = self.outbox.move(item, "sending", durable=False)
                crash_point("after-claim")
                result = self._deliver(item, ticket, profile, backend, recovered, gate)
                gate.done(result)
                if stoppable and _stops(result):
                    self._stop.set()  # before the gate opens for the tickets waiting behind this one
                return result

    def _deliver(self, item: OutboxItem, ticket, profile: Profile, backend: Backend, recovered: bool, gate: "_Gate | None" = None) -> SendResult:
        record = item.stored_record()
        stored = bool(record)
        key = record.get("idempotency_key") or item.uuid
        record["idempotency_key"] = key
        record.setdefault("attempts", [])
        record["channel"] = backend.name
        record["profile"] = profile.name
        # A receipt already on disk means the desk has this ticket (a crash after it answered):
        # finish the bookkeeping without asking it again. The history entry is where the receipt
        # is durable first; delivery.json may hold it too (or have been lost with a power cut).
        entry = self.history.load_uuid(item.uuid)
        in_history = History.receipt_of(entry)
        receipt_data = record.get("receipt") or in_history
        if not receipt_data:
            # Nothing is written before the first attempt: the key is the ticket's UUID, on
            # disk since the ticket was queued (ticket.json was fsynced then).
            crash_point("before-request")
            out = Outgoing(ticket, key, [Attachment(p.name, p) for p in item.attachment_paths()])
            policy = self.policy or RetryPolicy.for_profile(profile)
            attempt = 0
            while True:
                try:
                    if gate is None:
                        receipt = backend.submit(out)
                    else:
                        with gate.calling():
                            receipt = backend.submit(out)
                except DeliveryFailure as exc:
                    attempt += 1
                    if attempt == 1 and not item.has_message():
                        # The ticket is going to wait (or be refused): it gets its message.eml,
                        # which a ticket delivered at the first attempt goes without.
                        self.outbox.write_message(item, profile, ticket)
                    self._note(record, exc)
                    record["last_error"] = exc.to_dict()
                    if not exc.retryable:
                        item.write_record(record)
                        failed = self.outbox.move(item, "failed")
                        return SendResult(item.uuid, "failed", backend.name, error=exc.to_dict(), attempts=attempt, path=str(failed.path), recovered=recovered)
                    wait = policy.delay(attempt - 1, exc.retry_after, self.rng)
                    if attempt >= policy.attempts or (exc.retry_after or 0) > policy.max_wait:
                        if (exc.retry_after or 0) > policy.max_wait:
                            record["last_error"]["reason"] = t("wait_too_long", reason=exc.message, seconds=f"{exc.retry_after:g}")
                        item.write_record(record)
                        back = self.outbox.move(item, "new")
                        return SendResult(item.uuid, "waiting", backend.name, error=record["last_error"], attempts=attempt, path=str(back.path), recovered=recovered)
                    item.write_record(record)
                    stored = True
                    self.sleep(wait)
                    continue
                break
            crash_point("after-response")
            receipt_data = receipt.to_dict()
            record["delivered"] = now_iso()
            record["attempts"].append({"at": record["delivered"], "outcome": "delivered"})
            # Durable (fsynced): the desk's receipt is the one fact we cannot rebuild.
            self.history.record(ticket, receipt_data, profile.name, absent=entry is None)
        elif not in_history:  # in delivery.json only (written so by an older version)
            self.history.record(ticket, receipt_data, profile.name)
        crash_point("after-history")
        if stored and record.get("receipt") != receipt_data:
            # Earlier attempts failed (their record is in delivery.json): it gets the receipt
            # too, and loses the last error. Not fsynced: the history entry has the receipt.
            # A first attempt that succeeds writes no delivery.json (OutboxItem.record reads
            # the receipt from the history entry).
            record["receipt"] = receipt_data
            record.setdefault("delivered", now_iso())
            record.pop("last_error", None)
            item.write_record(record, durable=False)
        crash_point("after-receipt")
        done = self.outbox.move(item, "sent", durable=False)  # undone by a power cut: recovered from the receipt
        return SendResult(item.uuid, "sent", backend.name, receipt=receipt_data, attempts=len(record["attempts"]), path=str(done.path), recovered=recovered)

    @staticmethod
    def _note(record: dict[str, Any], exc: DeliveryFailure) -> None:
        record["attempts"].append({"at": now_iso(), "outcome": exc.kind, "status": exc.status, "reason": exc.message})
        del record["attempts"][:-20]


def _stops(result: SendResult) -> bool:
    return result.state in ("waiting", "failed") and (result.error or {}).get("kind") in STOP_KINDS


class _Gate:
    """How tickets share one channel instance.

    * Until one ticket has gone through it without a configuration failure, the channel takes
      one ticket at a time (the "probe"): a wrong token fails one ticket, not ``workers`` of them.
    * A channel that is not ``thread_safe`` is always called by one thread at a time.
    """

    def __init__(self, thread_safe: bool):
        self.thread_safe = thread_safe
        self.proven = False
        self._probe = threading.Lock()
        self._call = threading.Lock()

    @contextmanager
    def enter(self, stop: threading.Event | None) -> Iterator[bool]:
        """Admission of one ticket; yields False when ``stop`` was set while it waited."""
        held = False
        if not self.proven:
            self._probe.acquire()
            held = not self.proven  # proven while we waited: go in parallel after all
            if not held:
                self._probe.release()
        try:
            yield not (stop is not None and stop.is_set())
        finally:
            if held:
                self._probe.release()

    def done(self, result: SendResult) -> None:
        if not _stops(result):
            self.proven = True

    @contextmanager
    def calling(self) -> Iterator[None]:
        if self.thread_safe:
            yield
        else:
            with self._call:
                yield


def _mtime(path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def retry_failed(item: OutboxItem, outbox: Outbox | None = None) -> OutboxItem:
    """``ticket outbox retry``: move a failed (or waiting) item back to ``new/``."""
    outbox = outbox or Outbox()
    with outbox.lock(item.uuid) as held:
        if not held:
            raise TicketError(t("sent_busy", id=item.short_id))
        current = outbox.find(item.uuid)
        if current is None:
            raise TicketError(t("sent_busy", id=item.short_id))
        if current.state == "sent":
            raise TicketError(t("sent_already", id=item.short_id))
        record = current.record()
        if "last_error" in record:
            record["previous_error"] = record.pop("last_error")
            current.write_record(record)
        return outbox.move(current, "new")


def deliver_now(item: OutboxItem, profile: Profile, **kwargs: Any) -> SendResult | None:
    """Right after ``ticket new``: deliver through the profile's channel, never losing the ticket.

    None for the ``outbox`` channel. A configuration problem leaves the ticket in ``new/`` and
    comes back as a ``waiting`` result carrying the reason.

    A ticket that is not delivered gets its ``message.eml`` (:meth:`Outbox.put` did not write
    it): a failed attempt writes it in :class:`Sender`, and any other outcome that leaves the
    ticket waiting (a configuration error, no channel) here.
    """
    if profile.get("backend", "outbox") == "outbox":
        return None
    try:
        with Sender(profile=profile, **kwargs) as sender:
            result = sender.send(item.uuid)
    except TicketError as exc:
        result = SendResult(item.uuid, "waiting", profile.get("backend"), error={"kind": "config", "reason": exc.message}, path=str(item.path))
    if result.state != "sent":
        keep_message(item.uuid, profile, kwargs.get("outbox"))
    return result


def keep_message(uuid: str, profile: Profile, outbox: Outbox | None = None) -> None:
    """Write ``message.eml`` for the waiting ticket ``uuid`` if it has none.

    Nothing is done for a delivered ticket, or one another process holds (that process writes
    it if its attempt fails).
    """
    outbox = outbox or Outbox()
    with outbox.lock(uuid) as held:
        if not held:
            return
        item = outbox.find(uuid)
        if item is None or item.state == "sent" or item.has_message():
            return
        outbox.write_message(item, profile)
