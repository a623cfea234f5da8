"""The conversation of a sent ticket: the ticket as sent, the desk's answers, the client's
follow-ups, and which answers the client has not seen yet.

Each channel reads a ticket's public messages its own way (:meth:`Backend.messages
<ticketcli.channels.base.Backend.messages>`: the support API's ``GET /tickets/{id}/messages``,
Request Tracker's Correspond transactions, a helpdesk's comments); a ticket sent by e-mail is
answered by e-mail, so its answers are read from the client's own mailbox over IMAP
(:mod:`ticketcli.channels.imap`). What they return is made printable
(:func:`ticketcli.validate.printable`) and kept in the ticket's history entry
(:mod:`ticketcli.store.history`), so :func:`show` works offline after a :func:`fetch`; a desk's
message is unseen until the conversation is shown.

Nothing here prints: the CLI (``ticket show``, ``ticket inbox``) renders what these functions
return, and a script can call them the same way.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from pathlib import Path

from .errors import ConfigError, DeliveryError
from .i18n import register, t
from .store.config import Profile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .store.history import History

register(
    {
        "conv_you": ("you", "вы"),
        "conv_save_failed": (
            "Cannot write {path}: {reason}. Nothing else was saved after it.",
            "Не удаётся записать {path}: {reason}. Остальные файлы не сохранены.",
        ),
        "conv_save_dir": (
            "{path} is not a folder that can be written to: {reason}.",
            "{path} — не папка, в которую можно писать: {reason}.",
        ),
    }
)

#: The version of :meth:`Conversation.to_dict`'s shape (``ticket show --json``).
JSON_VERSION = 1


class CannotRead(DeliveryError):
    """The ticket's channel has no way to read the desk's answers (osTicket, a plugin without
    :meth:`~ticketcli.channels.base.Backend.messages`)."""


# ---- reading the desk ----------------------------------------------------------------------
def reader_for(entry: dict[str, Any], profile: Profile | None = None):
    """What reads a sent ticket's conversation: its channel, or for a ticket sent by e-mail the
    client's mailbox (:class:`ticketcli.channels.imap.ImapReader`). ``profile``: the one to use
    instead of the ticket's own. Raises :class:`~ticketcli.errors.ConfigError` when it cannot be
    set up (no channel, a missing setting or secret)."""
    from . import service
    from .channels.base import PermanentError

    channel = (entry.get("receipt") or {}).get("channel", "")
    used = profile if profile is not None else service._profile_of(entry.get("profile"))
    if channel == "email":
        from .channels.imap import ImapReader

        try:
            return ImapReader.for_profile(used)
        except PermanentError as exc:
            raise ConfigError(exc.message) from None
    backend, used = service._channel(entry, profile)
    if backend is None:
        raise service._no_channel(used)
    return backend


@dataclasses.dataclass(slots=True)
class Fetched:
    """What one fetch brought: the new messages (dicts as the history keeps them) and the
    ticket's status now."""

    uuid: str
    channel: str
    added: list[dict[str, Any]]
    status: str


def fetch(ticket_id: str, *, profile: Profile | None = None, mark_read: bool = False) -> Fetched:
    """Ask the desk (or the mailbox) for a sent ticket's messages and status; the history keeps
    them. ``mark_read``: for answers read from a mailbox, flag them read (\\Seen) on the server
    (by default nothing changes there). Raises :class:`CannotRead` for a channel that cannot
    read answers, :class:`~ticketcli.errors.DeliveryError` when the desk fails."""
    from .store.history import History

    history = History()
    return _fetch(history, history.get(ticket_id), profile, mark_read=mark_read)


def _fetch(history: History, entry: dict[str, Any], profile: Profile | None, *, mark_read: bool = False, reader=None) -> Fetched:
    from .channels.base import DeliveryFailure, Receipt
    from .model import now_iso
    from .store.history import merge_messages

    own = reader is None
    if own:
        reader = reader_for(entry, profile)
    receipt = Receipt.from_dict(entry.get("receipt") or {})
    stored = [m for m in entry.get("messages") or [] if isinstance(m, dict) and m.get("source") == reader.name]
    since = max((m.get("created") or "" for m in stored), default="") or None
    status = entry.get("status", "")
    try:
        if getattr(reader, "marks_read", None) is not None:
            reader.marks_read = mark_read
        got = reader.messages(receipt, since=since)
        if getattr(reader, "reads_status", False):
            try:
                status = reader.status(receipt) or status
            except DeliveryFailure:
                pass  # the answers came; the last known status stays
    except DeliveryFailure as exc:
        if exc.kind == "unsupported":
            raise CannotRead(exc.message) from None
        raise DeliveryError(exc.message) from None
    finally:
        if own:
            reader.close()
    added = merge_messages(entry, [m.clean().to_dict() for m in got], reader.name)
    number = getattr(reader, "learned_number", "")
    if number and not (entry.get("receipt") or {}).get("number"):
        entry.setdefault("receipt", {})["number"] = number
    if status and status != entry.get("status"):
        entry["status"] = status
        entry.setdefault("receipt", {})["status"] = status
    entry["fetched"] = now_iso()
    history.save(entry)
    return Fetched(entry["uuid"], reader.name, added, entry.get("status", ""))


# ---- the conversation as shown -------------------------------------------------------------
@dataclasses.dataclass(frozen=True, slots=True)
class Item:
    """One message of the conversation as shown. ``kind``: ``ticket`` (the ticket as sent),
    ``reply`` (a follow-up sent with ``ticket reply``, as recorded here) or ``message`` (read
    from the desk); ``seen``: whether the client had seen it before this view."""

    id: str
    author: str
    from_desk: bool
    created: str
    text: str
    attachments: tuple[tuple[str, str], ...] = ()
    kind: str = "message"
    seen: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "role": "desk" if self.from_desk else "client",
            "author": self.author,
            "created": self.created,
            "text": self.text,
            "attachments": [{"name": n, "url": u} for n, u in self.attachments],
            "seen": self.seen,
        }


@dataclasses.dataclass(slots=True)
class Conversation:
    uuid: str
    subject: str
    channel: str
    number: str
    url: str
    status: str
    profile: str
    sent: str
    #: when the desk was last asked (None: never)
    fetched: str | None
    items: list[Item]
    #: a fetch asked for that failed (the conversation is what was kept before)
    error: str | None = None
    #: the desk's receipt as recorded at delivery, and the ticket's outbox folder (if kept)
    receipt: dict[str, Any] = dataclasses.field(default_factory=dict)
    path: str | None = None

    @property
    def unseen(self) -> int:
        return sum(1 for i in self.items if i.from_desk and not i.seen)

    def to_dict(self) -> dict[str, Any]:
        """The documented shape of ``ticket show --json`` (README, "Reading the desk's answers")."""
        return {
            "version": JSON_VERSION,
            "id": self.uuid,
            "subject": self.subject,
            "channel": self.channel,
            "number": self.number,
            "url": self.url,
            "status": self.status,
            "profile": self.profile,
            "sent": self.sent,
            "fetched": self.fetched,
            "unseen": self.unseen,
            "error": self.error,
            "receipt": self.receipt,
            "path": self.path,
            "messages": [i.to_dict() for i in self.items],
        }


def _when(value: str) -> datetime:
    """A sortable time for ``value`` (ISO 8601; a naive one is taken as UTC; unreadable: last)."""
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return datetime.max.replace(tzinfo=timezone.utc)
    return when if when.tzinfo is not None else when.replace(tzinfo=timezone.utc)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def build(entry: dict[str, Any]) -> Conversation:
    """The conversation of a history entry, in order: the ticket as sent, then every message."""
    from .message import render_text
    from .service import _sent_ticket
    from .validate import printable

    from .store.outbox import Outbox

    receipt = entry.get("receipt") or {}
    item = Outbox().find(entry["uuid"])
    sent_ticket = _sent_ticket(entry["uuid"])
    author = (sent_ticket.contact_email if sent_ticket else "") or t("conv_you")
    first = Item(
        id="ticket",
        author=author,
        from_desk=False,
        created=str(entry.get("sent") or (sent_ticket.created if sent_ticket else "")),
        text=render_text(sent_ticket).rstrip("\n") if sent_ticket else "",
        attachments=tuple((Path(a).name, "") for a in (sent_ticket.attachments if sent_ticket else [])),
        kind="ticket",
    )
    read = [m for m in entry.get("messages") or [] if isinstance(m, dict)]
    mine = [m for m in read if not m.get("from_desk")]
    items: list[Item] = []
    for reply in entry.get("replies") or []:
        if not isinstance(reply, dict):
            continue
        rid, text = str(reply.get("id") or ""), str(reply.get("text") or "")
        if any((rid and m.get("id") == rid) or _same_text(str(m.get("text") or ""), text) for m in mine):
            continue  # the desk lists it too: shown once, as the desk has it
        items.append(Item(id=rid or f"reply-{len(items) + 1}", author=author, from_desk=False, created=str(reply.get("at") or ""),
                          text=text, attachments=tuple((str(n), "") for n in reply.get("attachments") or []), kind="reply"))
    for m in read:
        files = tuple((str(a[0]), str(a[1])) for a in m.get("attachments") or [] if isinstance(a, (list, tuple)) and len(a) == 2)
        items.append(Item(id=str(m.get("id") or ""), author=str(m.get("author") or ""), from_desk=bool(m.get("from_desk")),
                          created=str(m.get("created") or ""), text=str(m.get("text") or ""), attachments=files,
                          seen=bool(m.get("seen", True))))
    items.sort(key=lambda i: _when(i.created))
    return Conversation(
        uuid=entry["uuid"],
        subject=printable(entry.get("subject") or "", 1000, one_line=True),
        channel=str(receipt.get("channel") or ""),
        number=printable(receipt.get("number") or "", 200, one_line=True),
        url=printable(receipt.get("url") or "", 2000, one_line=True),
        status=printable(entry.get("status") or "", 200, one_line=True),
        profile=str(entry.get("profile") or ""),
        sent=str(entry.get("sent") or ""),
        fetched=entry.get("fetched"),
        items=[first, *items],
        receipt={k: printable(v, 2000, one_line=True) for k, v in receipt.items() if isinstance(v, str)},
        path=str(item.path) if item is not None else None,
    )


def _mark_seen(history: History, entry: dict[str, Any]) -> None:
    from .store.history import unseen

    fresh = unseen(entry)
    if fresh:
        for m in fresh:
            m["seen"] = True
        history.save(entry)


def show(ticket_id: str, *, fetch: bool = False, profile: Profile | None = None, mark_read: bool = False,
         mark_seen: bool = True) -> Conversation:
    """The whole conversation of a sent ticket (``ticket_id``: a unique prefix of its id).

    ``fetch``: ask the desk first (a failure is kept in :attr:`Conversation.error`, and what
    was read before is shown); ``mark_seen``: the desk's answers count as seen from now on
    (``ticket inbox`` no longer lists them)."""
    from .store.history import History

    history = History()
    entry = history.get(ticket_id)
    error = None
    if fetch:
        try:
            _fetch(history, entry, profile, mark_read=mark_read)
        except (DeliveryError, ConfigError) as exc:
            error = exc.message
    conv = build(entry)
    conv.error = error
    if mark_seen:
        _mark_seen(history, entry)
    return conv


# ---- the inbox -----------------------------------------------------------------------------
@dataclasses.dataclass(frozen=True, slots=True)
class InboxItem:
    uuid: str
    subject: str
    channel: str
    number: str
    status: str
    profile: str
    unseen: int
    #: the newest unseen answer: when and who
    latest: str
    author: str

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclasses.dataclass(slots=True)
class Inbox:
    items: list[InboxItem]
    #: tickets whose fetch failed: (uuid, channel, reason)
    errors: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    #: channels that cannot read answers, with their reason (once per channel)
    unsupported: dict[str, str] = dataclasses.field(default_factory=dict)
    fetched: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {
            "version": JSON_VERSION,
            "tickets": [i.to_dict() for i in self.items],
            "fetched": self.fetched,
            "errors": [{"id": u, "channel": c, "reason": r} for u, c, r in self.errors],
            "unsupported": [{"channel": c, "reason": r} for c, r in sorted(self.unsupported.items())],
        }


def inbox(*, fetch: bool = False, profile: Profile | None = None, mark_read: bool = False) -> Inbox:
    """The sent tickets with answers the client has not seen, newest answer first, across
    channels and profiles (``profile``: only that profile's tickets). ``fetch``: ask every
    ticket's channel first; a failure is reported per ticket and the others go on."""
    from .errors import TicketError
    from .store.history import History, unseen
    from .validate import printable

    history = History()
    entries = history.list()
    if profile is not None:
        entries = [e for e in entries if e.get("profile", "default") == profile.name]
    result = Inbox([])
    if fetch:
        readers: dict[tuple[str, str], Any] = {}
        try:
            for entry in entries:
                channel = (entry.get("receipt") or {}).get("channel", "")
                if channel in result.unsupported:
                    continue
                key = (channel, profile.name if profile is not None else str(entry.get("profile") or ""))
                try:
                    if key not in readers:
                        readers[key] = reader_for(entry, profile)
                    _fetch(history, entry, profile, mark_read=mark_read, reader=readers[key])
                    result.fetched += 1
                except CannotRead as exc:
                    result.unsupported[channel] = exc.message
                except TicketError as exc:
                    result.errors.append((entry["uuid"], channel, exc.message))
        finally:
            for reader in readers.values():
                reader.close()
    for entry in entries:
        fresh = unseen(entry)
        if not fresh:
            continue
        newest = max(fresh, key=lambda m: _when(str(m.get("created") or "")))
        receipt = entry.get("receipt") or {}
        result.items.append(InboxItem(
            uuid=entry["uuid"],
            subject=printable(entry.get("subject") or "", 1000, one_line=True),
            channel=str(receipt.get("channel") or ""),
            number=printable(receipt.get("number") or "", 200, one_line=True),
            status=printable(entry.get("status") or "", 200, one_line=True),
            profile=str(entry.get("profile") or ""),
            unseen=len(fresh),
            latest=str(newest.get("created") or ""),
            author=str(newest.get("author") or ""),
        ))
    result.items.sort(key=lambda i: _when(i.latest), reverse=True)
    return result


# ---- the desk's files ----------------------------------------------------------------------
@dataclasses.dataclass(frozen=True, slots=True)
class Saved:
    message: str
    name: str
    path: Path


def safe_name(name: str, fallback: str) -> str:
    """A file name from a desk made safe to create: printable, one line, no path (a ``/`` or
    ``\\`` becomes ``_``), not hidden, and valid under the attachment rules
    (:func:`ticketcli.validate.filename`); ``fallback`` when nothing usable is left."""
    from .errors import UsageError
    from .validate import filename, printable

    clean = printable(name, 200, one_line=True).replace("/", "_").replace("\\", "_").strip().lstrip(".").strip()
    try:
        return filename(clean) if clean else fallback
    except UsageError:
        return fallback


def _create(folder: Path, name: str):
    """Open a new file for ``name`` in ``folder``, never replacing one: ``name (1).ext``, … when
    taken (O_EXCL: a link planted under that name is not followed either)."""
    stem, dot, ext = name.rpartition(".") if "." in name.strip(".") else (name, "", "")
    for n in range(1000):
        candidate = name if n == 0 else (f"{stem} ({n}).{ext}" if dot else f"{name} ({n})")
        path = folder / candidate
        try:
            return path, open(path, "xb")
        except FileExistsError:
            continue
    raise FileExistsError(str(folder / name))


def save_attachments(ticket_id: str, folder: str | Path, *, profile: Profile | None = None) -> list[Saved]:
    """Download the files of the desk's answers (as last fetched) into ``folder``: names made
    safe (:func:`safe_name`), never outside ``folder``, never over an existing file."""
    import os

    from .channels.base import DeliveryFailure
    from .store.history import History

    entry = History().get(ticket_id)
    wanted = [(m, a) for m in entry.get("messages") or [] if isinstance(m, dict) and m.get("from_desk")
              for a in m.get("attachments") or [] if isinstance(a, (list, tuple)) and len(a) == 2 and a[1]]
    if not wanted:
        return []
    target = Path(folder).expanduser()
    try:
        target.mkdir(parents=True, exist_ok=True)
        if not os.access(target, os.W_OK):
            raise PermissionError("permission denied")
    except OSError as exc:
        raise ConfigError(t("conv_save_dir", path=target, reason=getattr(exc, "strerror", None) or exc)) from None
    saved: list[Saved] = []
    reader = reader_for(entry, profile)
    try:
        for i, (message, (name, url)) in enumerate(wanted, 1):
            path, fh = _create(target, safe_name(str(name), f"attachment-{i}"))
            try:
                with fh:
                    reader.download(str(url), fh)
            except DeliveryFailure as exc:
                path.unlink(missing_ok=True)
                raise DeliveryError(exc.message) from None
            except OSError as exc:
                path.unlink(missing_ok=True)
                raise ConfigError(t("conv_save_failed", path=path, reason=exc.strerror or exc)) from None
            except BaseException:
                path.unlink(missing_ok=True)
                raise
            saved.append(Saved(str(message.get("id") or ""), str(name), path))
    finally:
        reader.close()
    return saved


#: The names the library exports (``ticketcli.fetch_answers``, ``ticketcli.show_conversation``).
fetch_answers = fetch
show_conversation = show
