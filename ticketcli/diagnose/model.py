"""Pure result objects of a diagnosis (the run's deadline is :class:`ticketcli.deadline.Deadline`).

A :class:`Check` is one measured step (DNS, TCP, TLS, HTTP, a mail port…): its status
(``ok`` / ``failed`` / ``skipped``), the facts it measured, the exact error text when it failed
and how long it took. A :class:`Diagnosis` is the list of checks of one run. Nothing here does
I/O; ``to_dict()`` is the ``--json`` shape.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from ..deadline import Deadline, OutOfTime  # noqa: F401 - the run's budget (ticketcli/deadline.py)

OK = "ok"
FAILED = "failed"
SKIPPED = "skipped"

#: Version of the ``--json`` document.
JSON_VERSION = 1


@dataclass(slots=True)
class Check:
    #: Stable id of the step: "dns", "tcp", "tls", "http", "mx", "smtp:587", "imap:993", "login:smtp"…
    name: str
    status: str = SKIPPED
    #: What the step measured (addresses, protocol, certificate, status line…), JSON-ready.
    facts: dict[str, Any] = field(default_factory=dict)
    #: The exact error text (OpenSSL's, the OS's, the server's), empty when none.
    error: str = ""
    #: Seconds the step took.
    duration: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status == OK

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "status": self.status,
            "facts": self.facts,
            "error": self.error,
            "duration_ms": round(self.duration * 1000, 1),
        }


@dataclass(slots=True)
class Diagnosis:
    #: "site" or "mail"
    kind: str
    #: The URL, or the address/domain of the mail diagnosis.
    target: str
    checks: list[Check] = field(default_factory=list)
    budget: float = 10.0
    duration: float = 0.0
    #: Optional client facts (OS, browsers, time zone), present only with consent.
    client: dict[str, Any] | None = None

    def check(self, name: str) -> Check | None:
        for c in self.checks:
            if c.name == name:
                return c
        return None

    @property
    def ok(self) -> bool:
        return all(c.status != FAILED for c in self.checks)

    def first_error(self) -> str:
        """The first failed check's exact error text (what the wizard offers as the error answer)."""
        for c in self.checks:
            if c.status == FAILED and c.error:
                return c.error
        return ""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "version": JSON_VERSION,
            "kind": self.kind,
            "target": self.target,
            "ok": self.ok,
            "budget_s": self.budget,
            "duration_ms": round(self.duration * 1000, 1),
            "checks": [c.to_dict() for c in self.checks],
        }
        if self.client is not None:
            out["client"] = self.client
        return out


class Step:
    """Times one check: ``with Step(check):`` sets its duration; exceptions stay the caller's."""

    def __init__(self, check: Check, clock=time.monotonic):
        self.check = check
        self._clock = clock

    def __enter__(self) -> Check:
        self._t0 = self._clock()
        return self.check

    def __exit__(self, *exc: object) -> None:
        self.check.duration = self._clock() - self._t0
