"""Drafts and the attachments they name.

A draft is the ticket's JSON document in the drafts folder, named by the ticket's UUID and
written atomically (0600 in a 0700 folder) after every answer. Users name drafts by any unique
prefix of the UUID (the first 8 characters are shown), like git commits.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

from . import paths
from .errors import NotFound, TicketError, UsageError
from .fsutil import atomic_write_json, ensure_dir, is_safe_id, read_regular
from .i18n import t
from .model import Ticket, ticket_from_dict

MIN_PREFIX = 4
MAX_DRAFT_BYTES = 16 * 1024 * 1024




def resolve_id(value: str, candidates: list[str], not_found_key: str) -> str:
    """The one candidate that ``value`` names (a full id or a unique prefix)."""
    if not is_safe_id(value):
        raise UsageError(t("bad_id", value=value))
    if value in candidates:
        return value
    matches = [c for c in candidates if c.startswith(value)] if len(value) >= MIN_PREFIX else []
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise UsageError(t("ambiguous_id", value=value, matches=", ".join(m[:12] for m in matches[:5])))
    raise NotFound(t(not_found_key, value=value))


class DraftStore:
    def __init__(self, root: Path | None = None):
        self.root = root or paths.drafts_dir()

    def path(self, uuid: str) -> Path:
        if not is_safe_id(uuid):
            raise UsageError(t("bad_id", value=uuid))
        return self.root / f"{uuid}.json"

    def ids(self) -> list[str]:
        try:
            names = os.listdir(self.root)
        except FileNotFoundError:
            return []
        return sorted(n[:-5] for n in names if n.endswith(".json") and not n.startswith("."))

    def resolve(self, value: str) -> str:
        return resolve_id(value, self.ids(), "draft_not_found")

    def save(self, ticket: Ticket) -> Path:
        ticket.touch()
        path = self.path(ticket.uuid)
        ensure_dir(self.root)
        try:
            atomic_write_json(path, ticket.to_dict())
        except OSError as exc:
            raise TicketError(t("disk_error", path=path, reason=exc.strerror or exc)) from None
        return path

    def load(self, value: str) -> Ticket:
        uuid = self.resolve(value)
        path = self.path(uuid)
        try:
            raw = read_regular(path, MAX_DRAFT_BYTES).decode("utf-8")
            data = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError, ValueError) as exc:
            raise UsageError(t("draft_corrupt", path=path, reason=_short(exc), id=uuid[:8])) from None
        except FileNotFoundError:
            raise NotFound(t("draft_not_found", value=value)) from None
        except OSError as exc:
            raise UsageError(t("draft_corrupt", path=path, reason=exc.strerror or exc, id=uuid[:8])) from None
        try:
            return ticket_from_dict(data, str(path))
        except UsageError as exc:
            raise UsageError(t("draft_corrupt", path=path, reason=exc.message, id=uuid[:8])) from None

    def list(self) -> list[tuple[str, Ticket | None]]:
        """Every draft, newest first; a damaged one is listed with None."""
        items: list[tuple[str, Ticket | None]] = []
        for uuid in self.ids():
            try:
                items.append((uuid, self.load(uuid)))
            except TicketError:
                items.append((uuid, None))
        items.sort(key=lambda it: it[1].updated if it[1] else "", reverse=True)
        return items

    def remove(self, value: str) -> str:
        uuid = self.resolve(value)
        self.path(uuid).unlink(missing_ok=True)
        return uuid


def _short(exc: Exception) -> str:
    return str(exc).splitlines()[0][:200]


def check_attachment(raw: str, limit_bytes: int) -> str:
    """Validate a file to attach and return its absolute path.

    Only regular files (a symlink is followed to what it names, which must be a regular file);
    folders, devices, FIFOs and sockets are refused, and the size is checked before reading.
    """
    path = Path(raw).expanduser()
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(path.parent.resolve()):
            raise UsageError(t("attachment_link", path=raw, target=target))
    try:
        st = path.stat()
    except FileNotFoundError:
        raise UsageError(t("attachment_missing", path=raw)) from None
    except OSError as exc:
        raise UsageError(t("attachment_unreadable", path=raw, reason=exc.strerror or exc)) from None
    if not stat.S_ISREG(st.st_mode):
        raise UsageError(t("attachment_not_file", path=raw))
    if st.st_size > limit_bytes:
        raise UsageError(
            t("attachment_too_big", path=raw, size=round(st.st_size / 2**20, 1), limit=limit_bytes // 2**20)
        )
    if not os.access(path, os.R_OK):
        raise UsageError(t("attachment_unreadable", path=raw, reason="permission denied"))
    return str(path.resolve())
