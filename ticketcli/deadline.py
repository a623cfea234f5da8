"""Deadlines that hold whatever the other end does.

A socket's time-out bounds one call: a server that sends a byte a second keeps every read
alive, and the protocol libraries (httpx, smtplib, imaplib, ssl) read many times per answer. A
:class:`Deadline` is a time budget for a whole exchange; the sockets it :meth:`watches
<Deadline.watch>` are shut down when it runs out, which ends whatever call is blocked on them
(the library then reports a broken connection, and the caller, seeing :meth:`Deadline.expired`,
reports the time-out instead).

One daemon thread keeps every deadline of the process, on the standard library's
:mod:`sched` (started on first use): arming and cancelling a deadline costs no thread, so every
HTTP request of ``ticket send --all`` can have one. ``ticket diagnose`` gives its whole run one
deadline (:mod:`ticketcli.diagnose`); every channel request gets its own
(:mod:`ticketcli.channels.http`).
"""

from __future__ import annotations

import threading
import time

TYPE_CHECKING = False
if TYPE_CHECKING:
    import sched
    import socket


class OutOfTime(Exception):
    """The budget is spent: the step was not started."""


class _Watchdog:
    """The process's one thread that runs the deadlines' shut-downs at their time."""

    def __init__(self) -> None:
        import sched

        self._scheduler: sched.scheduler = sched.scheduler(time.monotonic, time.sleep)
        self._wake = threading.Condition()
        self._changed = False
        self._thread: threading.Thread | None = None

    def enter(self, when: float, action, *args) -> "sched.Event":
        event = self._scheduler.enterabs(when, 0, action, args)
        with self._wake:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="ticketcli-deadlines", daemon=True)
                self._thread.start()
            self._changed = True
            self._wake.notify()
        return event

    def cancel(self, event: "sched.Event") -> None:
        try:
            self._scheduler.cancel(event)
        except ValueError:  # it has run already
            pass

    def _run(self) -> None:
        while True:
            delay = self._scheduler.run(blocking=False)  # runs what is due; the wait until the next
            with self._wake:
                if not self._changed:
                    self._wake.wait(delay)
                self._changed = False


_WATCHDOG = _Watchdog()


class Deadline:
    """A budget of ``seconds`` from now: every step gets what is left of it, and no socket it
    watches outlives it."""

    def __init__(self, seconds: float):
        self.seconds = float(seconds)
        self.start = time.monotonic()
        self.end = self.start + self.seconds
        self._socks: list[socket.socket] = []
        self._event: sched.Event | None = None
        self._lock = threading.Lock()
        self._closed = False

    def watch(self, sock: "socket.socket") -> None:
        """Shut ``sock`` down when the budget runs out (at once if it already has)."""
        with self._lock:
            if self._closed:
                return
            self._socks.append(sock)
            if self._event is None:
                self._event = _WATCHDOG.enter(self.end, self._expire)
        if self.expired():
            _shutdown(sock)

    def extend(self, seconds: float) -> None:
        """``seconds`` more (the time a transfer is allowed for the bytes it moved)."""
        with self._lock:
            self.end += seconds

    def _expire(self) -> None:
        with self._lock:
            if self._closed:
                return
            if time.monotonic() < self.end:  # extended since: wait until the new end
                self._event = _WATCHDOG.enter(self.end, self._expire)
                return
            socks = list(self._socks)
        for sock in socks:
            _shutdown(sock)

    def expired(self) -> bool:
        return self.remaining() <= 0.0

    def close(self) -> None:
        """The exchange is over: no socket is shut down after this."""
        with self._lock:
            self._closed = True
            if self._event is not None:
                _WATCHDOG.cancel(self._event)
                self._event = None
            self._socks.clear()

    def remaining(self) -> float:
        return max(0.0, self.end - time.monotonic())

    def timeout(self, cap: float | None = None) -> float:
        """The time a step may take: what is left, at most ``cap``; OutOfTime when nothing is."""
        left = self.remaining()
        if left < 0.05:
            raise OutOfTime()
        return min(left, cap) if cap else left

    def elapsed(self) -> float:
        return time.monotonic() - self.start


def _shutdown(sock: "socket.socket") -> None:
    import socket

    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:  # already closed
        pass
