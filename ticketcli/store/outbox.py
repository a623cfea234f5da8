"""The local outbox: every finished ticket lands here first.

Each ticket is one self-contained folder, ``outbox/<state>/<uuid>/``, holding ``ticket.json``
and ``attachments/`` with copies of the attached files. A folder is assembled under
``outbox/.tmp`` and published into ``new/`` by one atomic rename, so a crash never leaves a
half-written ticket in the queue. Delivery channels move folders between states
(new → sending → sent | failed) the same way.

``message.eml``, the ticket rendered as an RFC 5322 message ready for any mail client, is there
for the tickets that wait in the outbox, and only for them:

* with the ``outbox`` channel (the default) it is written with the ticket, before the folder is
  published;
* with any other channel it is written (by :meth:`Outbox.write_message`, under the ticket's lock)
  when a delivery attempt fails, before the ticket is put back in ``new/`` or moved to
  ``failed/``, and when ``ticket new`` could not deliver at all (a configuration error);
* a ticket the channel accepts at its first attempt never gets one.

A ticket whose process was killed during its first delivery may therefore be in ``new/`` or
``sending/`` without ``message.eml``: nothing needs it (every channel builds what it sends from
``ticket.json`` and the attachments), and it appears with the first failed attempt of a later
``ticket send``. It is written to a temporary name and renamed, so it is whole or absent.

The state machine (driven by :mod:`ticketcli.delivery`):

* ``new/``: waiting to be sent (freshly queued, or a retryable failure left it for later);
* ``sending/``: claimed by a sender. Claiming is an exclusive ``fcntl.flock`` on the item's own
  folder (:meth:`Outbox.lock`), taken *before* the rename ``new/ → sending/``. A rename keeps
  the folder (the same inode) whatever state it is in, so the one lock guards the ticket through
  all its moves, and the claim creates no file (on a file system that cannot lock a folder,
  NFS, it falls back to a lock file in ``.locks/``). The kernel drops the lock when its holder dies,
  so an item in ``sending/`` whose lock can be taken is a stale claim that the next
  ``ticket send`` recovers, with the same idempotency key;
* ``sent/``: the desk accepted it. The receipt is in the ticket's history entry
  (``history/<uuid>.json``, fsynced: its durable home); ``delivery.json`` holds it too when
  earlier attempts had failed, and :meth:`OutboxItem.record` reads it from either;
* ``failed/``: the desk refused it for good (``delivery.json`` holds the reason);
  ``ticket outbox retry`` moves it back to ``new/``.

The idempotency key is the ticket's UUID: the folder's name, and in ``ticket.json`` (fsynced
when the ticket was queued), so it is on disk before the first attempt without another write.
``delivery.json`` in the item folder records the key, every failed attempt's outcome and, once
known, the desk's receipt. It is first written when an attempt fails: a ticket the desk accepts
at the first attempt never gets one, so a delivery adds one file to the disk, the history entry.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import NotFound, TicketError, UsageError
from ..i18n import t
from ..model import Ticket, is_uuid, ticket_from_dict
from . import paths
from .config import Profile
from .drafts import resolve_id
from .files import FILE_MODE, atomic_write_json, ensure_dir, fsync_dir, read_record, scan, storage_error

STATES = ("new", "sending", "sent", "failed")
#: The rendered message in an item folder (see the module's docstring for when it exists).
MESSAGE = "message.eml"


@dataclass(slots=True)
class OutboxItem:
    uuid: str
    state: str
    path: Path

    def record(self) -> dict[str, Any]:
        """How delivery went: idempotency key, attempts, last error, receipt ({} before any).

        ``delivery.json`` when there is one. A ticket delivered at its first attempt has none:
        for an item in ``sent/`` the receipt comes from its history entry, where it is kept.
        """
        data = self.stored_record()
        if self.state == "sent" and not data.get("receipt"):
            from .history import History

            entry = History().load_uuid(self.uuid)
            receipt = History.receipt_of(entry)
            if receipt and entry:
                delivered = str(entry.get("sent", ""))
                data = {
                    "idempotency_key": self.uuid,
                    "attempts": [*data.get("attempts", []), {"at": delivered, "outcome": "delivered"}],
                    **{k: v for k, v in data.items() if k not in ("attempts", "last_error")},
                    "channel": receipt.get("channel") or data.get("channel", ""),
                    "profile": entry.get("profile", ""),
                    "receipt": receipt,
                    "delivered": delivered,
                }
        return data

    def stored_record(self) -> dict[str, Any]:
        """``delivery.json`` as it is on disk ({} when there is none, or it is unreadable)."""
        try:
            data = json.loads(read_record(os.path.join(self.path, "delivery.json")))
        except (OSError, ValueError, RecursionError):
            return {}
        return data if isinstance(data, dict) else {}

    def write_record(self, data: dict[str, Any], *, durable: bool = True) -> None:
        # The folder exists (the item is in it) and was made 0700 when it was queued.
        atomic_write_json(self.path / "delivery.json", data, durable=durable, parent_ready=True)

    @property
    def short_id(self) -> str:
        return self.uuid[:8]

    @property
    def message_path(self) -> Path:
        return self.path / MESSAGE

    def has_message(self) -> bool:
        """True when the folder holds ``message.eml`` (it may not: see the module's docstring)."""
        return _is_regular(os.path.join(self.path, MESSAGE))

    def ticket(self) -> Ticket:
        source = self.path / "ticket.json"
        try:
            data = json.loads(read_record(source))
        except RecursionError:
            raise UsageError(t("file_unreadable", path=source, reason="nested too deeply")) from None
        except (OSError, ValueError) as exc:
            raise UsageError(t("file_unreadable", path=source, reason=getattr(exc, "strerror", None) or exc)) from None
        return ticket_from_dict(data, str(source))

    def attachment_paths(self) -> list[Path]:
        folder = self.path / "attachments"
        return [folder / name for name in scan(folder, "file")]  # no folder: the usual case


def _is_regular(path: str) -> bool:
    """True for a regular file that is not a symbolic link."""
    import stat

    try:
        return stat.S_ISREG(os.lstat(path).st_mode)
    except OSError:
        return False


def _is_folder(path: str) -> bool:
    """True for a folder that is not a symbolic link."""
    import stat

    try:
        return stat.S_ISDIR(os.lstat(path).st_mode)
    except OSError:
        return False


def _unique_names(files: list[str]) -> list[tuple[str, Path]]:
    seen: set[str] = set()
    out = []
    for raw in files:
        path = Path(raw)
        name = path.name
        stem, suffix = os.path.splitext(name)
        n = 1
        while name in seen:
            n += 1
            name = f"{stem}-{n}{suffix}"
        seen.add(name)
        out.append((name, path))
    return out


def _write_message(fd: int, ticket: Ticket, profile: Profile, copies: list[tuple[str, Path]]) -> None:
    """Write the ticket's RFC 5322 message to the new file ``fd`` (closed here) and fsync it.

    Streamed: the attachments are base64-encoded chunk by chunk into the file, never held whole
    in memory (a 200 MB file costs a few MB here).
    """
    from ..message import write_email  # the email package: only to write a message
    
    with open(fd, "wb", buffering=1024 * 1024) as eml:
        os.fchmod(fd, FILE_MODE)
        write_email(
            eml,
            ticket,
            sender=profile.get("contact_email") or ticket.contact_email,
            recipient=profile.get("desk_email"),
            attachments=copies,
        )
        eml.flush()
        os.fsync(eml.fileno())


class Outbox:
    def __init__(self, root: Path | None = None):
        self.root = root or paths.outbox_dir()
        #: state folders this instance has made sure of (exist, 0700): a send loop moves a
        #: thousand items into the same two folders
        self._ready: set[str] = set()
        self._dirs = {state: self.root / state for state in STATES}
        self._names = {state: os.fspath(folder) for state, folder in self._dirs.items()}
        #: Entries left out of listings (a link, a FIFO, a name that is not a ticket's UUID):
        #: (path, reason), for commands to report.
        self.skipped: list[tuple[str, str]] = []

    def _state_dir(self, state: str) -> Path:
        return self._dirs.get(state) or self.root / state

    def put(self, ticket: Ticket, profile: Profile, *, message: bool = True) -> OutboxItem:
        """Publish a finished ticket into ``new/``; attachments are copied, originals untouched.

        ``message``: write ``message.eml`` too (:func:`ticketcli.service.submit` passes False when a
        channel is to deliver the ticket at once: it is written only if that fails).
        """
        if not is_uuid(ticket.uuid):
            raise UsageError(t("bad_id", value=ticket.uuid))
        try:
            ensure_dir(self.root)
            tmp_root = ensure_dir(self.root / ".tmp")
            staging = tmp_root / ticket.uuid
            if os.path.lexists(staging):
                import shutil  # shutil imports bz2 and lzma: only where a folder is removed or a file copied

                shutil.rmtree(staging)
            target = ensure_dir(self._state_dir("new")) / ticket.uuid
        except OSError as exc:
            raise storage_error(exc, self.root) from None
        if self.find(ticket.uuid) is not None:
            raise UsageError(t("json_shape", source=ticket.uuid[:8], reason="this ticket is already in the outbox"))
        try:
            ensure_dir(staging)
            named = _unique_names(ticket.attachments)
            copies: list[tuple[str, Path]] = []
            if named:
                import shutil

                folder = ensure_dir(staging / "attachments")
                for name, source in named:
                    dest = folder / name
                    with open(source, "rb") as src, open(
                        os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE), "wb"
                    ) as dst:
                        shutil.copyfileobj(src, dst, 1024 * 1024)
                        dst.flush()
                        os.fsync(dst.fileno())
                    copies.append((name, dest))
            record = ticket.to_dict()
            record["attachments"] = [f"attachments/{name}" for name, _ in copies]
            atomic_write_json(staging / "ticket.json", record)
            if message:
                fd = os.open(staging / MESSAGE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
                _write_message(fd, ticket, profile, copies)
            os.rename(staging, target)
        except OSError as exc:
            import shutil

            shutil.rmtree(staging, ignore_errors=True)
            raise storage_error(exc, target) from None
        return OutboxItem(ticket.uuid, "new", target)

    def write_message(self, item: OutboxItem, profile: Profile, ticket: Ticket | None = None) -> Path:
        """Write ``message.eml`` into the folder of ``item``, which is already in the outbox.

        The caller holds the item's lock (:meth:`lock`). ``ticket`` is the item's ``ticket.json``
        (read when not given); the attachments are the copies in the folder, in the ticket's
        order. Written to a temporary name, fsynced and renamed: a kill leaves the file whole
        or absent (the folder is not fsynced: a power cut that loses the file loses nothing that
        cannot be rebuilt).
        """
        ticket = ticket or item.ticket()
        present = {p.name: p for p in item.attachment_paths()}
        copies = []
        for listed in ticket.attachments:
            name = os.path.basename(listed)
            if name in present:
                copies.append((name, present.pop(name)))
        target = item.path / MESSAGE
        try:
            if not _is_folder(os.fspath(item.path)):
                raise OSError(40, "the outbox item is not a folder (a link?)")
            import tempfile

            fd, tmp = tempfile.mkstemp(prefix=f".{MESSAGE}.", suffix=".tmp", dir=item.path)
            try:
                _write_message(fd, ticket, profile, copies)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
            os.replace(tmp, target)
        except OSError as exc:
            raise TicketError(t("disk_error", path=target, reason=exc.strerror or exc)) from None
        return target

    def items(self, states: tuple[str, ...] = STATES) -> list[OutboxItem]:
        found = []
        for state in states:
            folder = self._state_dir(state)
            for name in scan(folder, "dir", self.skipped):
                if is_uuid(name):
                    found.append(OutboxItem(name, state, folder / name))
                else:
                    self.skipped.append((os.fspath(folder / name), "not_uuid"))
        return found

    def find(self, uuid: str) -> OutboxItem | None:
        if not is_uuid(uuid):
            return None
        for state in STATES:
            if _is_folder(os.path.join(self._names[state], uuid)):
                return OutboxItem(uuid, state, self._dirs[state] / uuid)
        return None

    def get(self, value: str) -> OutboxItem:
        uuid = resolve_id(value, [i.uuid for i in self.items()], "outbox_not_found", self.skipped)
        item = self.find(uuid)
        if item is None:
            raise NotFound(t("outbox_not_found", value=value))
        return item


    # -- the state machine ---------------------------------------------------------------------
    @contextmanager
    def lock(self, uuid: str) -> Iterator[bool]:
        """Try to take the exclusive claim on ``uuid``: yields True when held, False when busy.

        The lock is a ``flock`` on the item's folder, found in whichever state it is: the folder
        is renamed from state to state, never copied, so every process locks the same inode
        whatever path it found it by. Released on exit, or by the kernel if the process dies.
        Yields True for a ticket that is in no state (nothing to claim): the caller's
        :meth:`find` then says so.

        A file system that cannot lock a folder (NFS turns ``flock`` into a POSIX lock, which
        needs a descriptor open for writing) gets the lock file ``.locks/<uuid>.lock`` instead;
        every process sharing that outbox then makes the same choice.
        """
        import fcntl

        fd = self._open_folder(uuid)
        if fd is None:
            yield True
            return
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            except OSError:  # no lock on a folder here: lock a file
                os.close(fd)
                fd = -1
                fd = os.open(ensure_dir(self.root / ".locks") / f"{uuid}.lock", os.O_RDWR | os.O_CREAT, FILE_MODE)
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except BlockingIOError:
                    yield False
                    return
            yield True  # closing the descriptor below releases the lock
        finally:
            if fd >= 0:
                os.close(fd)

    def _open_folder(self, uuid: str) -> int | None:
        """A descriptor of the item folder ``uuid``, or None when it is in no state.

        Another process may move the folder while we look (new → sending → sent, failed → new),
        so a full miss is tried again a few times before it counts.
        """
        if not is_uuid(uuid):
            return None
        # O_NOFOLLOW: an item folder replaced by a link is not locked (nor, then, moved or written).
        flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
        for _ in range(3):
            for state in STATES:
                try:
                    return os.open(os.path.join(self._names[state], uuid), flags)
                except (FileNotFoundError, NotADirectoryError):
                    continue
                except OSError:  # ELOOP: a link where an item folder belongs
                    return None
        return None

    def move(self, item: OutboxItem, state: str, *, durable: bool = True) -> OutboxItem:
        """Move ``item`` to ``state`` by one atomic rename (the caller holds its lock).

        ``durable=False`` skips the folder fsyncs: for moves a power cut may undo harmlessly.
        """
        if state not in STATES:
            raise ValueError(state)
        if item.state == state:
            return item
        if state not in self._ready:
            ensure_dir(self._state_dir(state))
            self._ready.add(state)
        target = self._state_dir(state) / item.uuid
        try:
            os.rename(item.path, target)
        except FileNotFoundError:
            if item.path.exists():  # the state folder went away since we made sure of it
                ensure_dir(target.parent)
                os.rename(item.path, target)
            else:
                raise
        if durable:
            fsync_dir(target.parent)
            fsync_dir(item.path.parent)
        return OutboxItem(item.uuid, state, target)
