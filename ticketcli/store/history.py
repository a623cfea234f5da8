"""The local history of delivered tickets: one 0600 JSON file per ticket in ``history/``.

Each entry keeps what the user needs to follow the ticket up: the subject, the channel, the
desk's id, number and URL, the last known status, the replies sent and the conversation read
from the desk (``messages``: each a :class:`ticketcli.channels.base.Message` as a dict, with
``seen`` and ``source``; ``fetched``: when the desk was last asked). Never a secret.

The entry is written (fsynced) as soon as the desk has answered, before the outbox item is
touched again: it is where the desk's receipt is durable first, and the send loop looks here
before asking a desk again about a ticket it may already have delivered (see
:mod:`ticketcli.delivery`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import NotFound, UsageError
from ..i18n import register, t
from ..model import Ticket, is_uuid, now_iso
from . import paths
from .drafts import resolve_id
from .files import atomic_write_json, ensure_dir, read_record, scan, storage_error

register(
    {
        "history_not_found": (
            "No sent ticket '{value}'. See 'ticket list'.",
            "Отправленной заявки «{value}» нет. См. «ticket list».",
        ),
    }
)


class History:
    def __init__(self, root: Path | None = None):
        self.root = root or paths.history_dir()
        self._ready = False  # root made sure of (exists, 0700) by this instance
        #: Entries left out of listings (a link, a FIFO...): (path, reason), for commands to report.
        self.skipped: list[tuple[str, str]] = []

    def _ensure_root(self) -> None:
        if not self._ready:
            try:
                ensure_dir(self.root)
            except OSError as exc:
                raise storage_error(exc, self.root) from None
            self._ready = True

    def path(self, uuid: str) -> Path:
        if not is_uuid(uuid):
            raise UsageError(t("bad_id", value=uuid))
        return self.root / f"{uuid}.json"

    def record(self, ticket: Ticket, receipt: dict[str, Any], profile: str, *, absent: bool = False) -> dict[str, Any]:
        """Add (or refresh) the entry of a delivered ticket, durably (fsynced); idempotent.

        ``absent``: the caller has just seen that there is no entry (saves reading again).
        """
        self._ensure_root()
        entry = (None if absent else self.load_uuid(ticket.uuid)) or {
            "uuid": ticket.uuid,
            "type": ticket.type,
            "subject": ticket.subject or "",
            "profile": profile,
            "sent": now_iso(),
            "replies": [],
        }
        entry["receipt"] = receipt
        entry["status"] = receipt.get("status") or entry.get("status", "")
        entry["updated"] = now_iso()
        atomic_write_json(self.path(ticket.uuid), entry, parent_ready=True)
        return entry

    def save(self, entry: dict[str, Any]) -> None:
        entry["updated"] = now_iso()
        atomic_write_json(self.path(entry["uuid"]), entry)

    def load_uuid(self, uuid: str) -> dict[str, Any] | None:
        try:
            data = json.loads(read_record(self.path(uuid)))
        except (OSError, ValueError, RecursionError):
            return None
        return data if isinstance(data, dict) else None

    @staticmethod
    def receipt_of(entry: dict[str, Any] | None) -> dict[str, Any] | None:
        """The desk's receipt in a history entry (from :meth:`load_uuid`), or None."""
        receipt = entry.get("receipt") if entry else None
        return receipt if isinstance(receipt, dict) and receipt else None

    def ids(self) -> list[str]:
        return [n[:-5] for n in scan(self.root, "file", self.skipped) if n.endswith(".json") and is_uuid(n[:-5])]

    def get(self, value: str) -> dict[str, Any]:
        uuid = resolve_id(value, self.ids(), "history_not_found", self.skipped)
        entry = self.load_uuid(uuid)
        if entry is None:
            raise NotFound(t("history_not_found", value=value))
        return entry

    def list(self) -> list[dict[str, Any]]:
        entries = [e for e in (self.load_uuid(u) for u in self.ids()) if e]
        entries.sort(key=lambda e: e.get("sent", ""), reverse=True)
        return entries


def merge_messages(entry: dict[str, Any], messages: list[dict[str, Any]], source: str) -> list[dict[str, Any]]:
    """Add ``messages`` (dicts of :class:`~ticketcli.channels.base.Message`, already made
    printable) to the entry's conversation, by ``id``: a known message is updated (its text or
    files may have changed) and keeps its ``seen`` mark; a new one from the desk is unseen, a new
    one from the client seen. Returns the new messages."""
    stored = entry.get("messages")
    if not isinstance(stored, list):
        stored = entry["messages"] = []
    by_id = {m.get("id"): m for m in stored if isinstance(m, dict)}
    added = []
    for message in messages:
        known = by_id.get(message["id"])
        if known is not None:
            known.update({k: v for k, v in message.items() if k != "seen"})
            continue
        item = {**message, "source": source, "seen": not message.get("from_desk")}
        stored.append(item)
        by_id[message["id"]] = item
        added.append(item)
    return added


def unseen(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """The desk's messages of the entry the client has not seen yet."""
    stored = entry.get("messages")
    return [m for m in stored if isinstance(m, dict) and m.get("from_desk") and not m.get("seen")] if isinstance(stored, list) else []
