"""Drafts and the attachments they name.

A draft is the ticket's JSON document in the drafts folder, named by the ticket's UUID and
written atomically (0600 in a 0700 folder) after every answer. Users name drafts by any unique
prefix of the UUID (the first 8 characters are shown), like git commits.
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

from ..errors import NotFound, TicketError, UsageError
from ..i18n import t
from ..model import Ticket, is_uuid, ticket_from_dict
from . import paths
from .files import atomic_write_json, ensure_dir, is_safe_id, read_regular, scan, storage_error

MIN_PREFIX = 4
MAX_DRAFT_BYTES = 16 * 1024 * 1024


def resolve_id(value: str, candidates: list[str], not_found_key: str, skipped: list[tuple[str, str]] = ()) -> str:
    """The one candidate that ``value`` names (a full id or a unique prefix). ``skipped``: the
    entries a listing left out (see :func:`fsutil.scan`); one that ``value`` names is reported."""
    if not is_safe_id(value):
        raise UsageError(t("bad_id", value=value))
    if value in candidates:
        return value
    if len(value) < MIN_PREFIX:
        raise UsageError(t("id_too_short", value=value, min=MIN_PREFIX))
    matches = [c for c in candidates if c.startswith(value)] if len(value) >= MIN_PREFIX else []
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        raise UsageError(t("ambiguous_id", value=value, matches=", ".join(m[:12] for m in matches[:5])))
    for path, reason in skipped:
        if os.path.basename(path).startswith(value):
            raise UsageError(t("entry_skipped", path=path, reason=t(f"skip_{reason}")))
    raise NotFound(t(not_found_key, value=value))


def _without_secrets(data: dict, lang: str) -> dict:
    from ..rules import redact_secrets

    for key in ("subject", "description"):
        if isinstance(data.get(key), str):
            data[key] = redact_secrets(data[key], lang)
    data["fields"] = {k: redact_secrets(v, lang) if isinstance(v, str) else v for k, v in (data.get("fields") or {}).items()}
    return data


class DraftStore:
    def __init__(self, root: Path | None = None):
        self.root = root or paths.drafts_dir()
        #: Entries left out of listings (a link, a FIFO...): (path, reason), for commands to report.
        self.skipped: list[tuple[str, str]] = []

    def path(self, uuid: str) -> Path:
        if not is_safe_id(uuid):
            raise UsageError(t("bad_id", value=uuid))
        return self.root / f"{uuid}.json"

    def ids(self) -> list[str]:
        return [n[:-5] for n in scan(self.root, "file", self.skipped) if n.endswith(".json") and is_uuid(n[:-5])]

    def resolve(self, value: str) -> str:
        return resolve_id(value, self.ids(), "draft_not_found", self.skipped)

    def save(self, ticket: Ticket) -> Path:
        """Write the draft. A password, token, key or card number in its texts is written
        redacted (the secret rule's own redaction): a draft stopped before the wizard's offer
        to redact it, or with the offer declined, never holds one on disk."""
        ticket.touch()
        path = self.path(ticket.uuid)
        try:
            ensure_dir(self.root)
            atomic_write_json(path, _without_secrets(ticket.to_dict(), ticket.lang), parent_ready=True)
        except OSError as exc:
            raise storage_error(exc, path) from None
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


#: Folders under the home whose files are secrets (keys, credentials, password stores).
SECRET_FOLDERS = (".ssh", ".gnupg", ".aws", ".azure", ".kube", ".docker", ".password-store", ".config/gcloud")
#: Names of files that hold secrets whatever their content: SSH keys, .env files, credential
#: stores, key containers (PKCS #12, Java key stores, PuTTY keys, KeePass databases).
SECRET_NAMES = re.compile(
    r"id_(rsa|dsa|ecdsa|ed25519)(_sk)?|\.env(\..*)?|.*\.env|\.netrc|_netrc|\.pgpass|\.git-credentials|\.npmrc|\.pypirc"
    r"|.*\.(p12|pfx|jks|keystore|ppk|kdbx|gpg)",
    re.IGNORECASE,
)
#: What the first part of a private key file says (PEM, OpenSSH, PGP, PuTTY).
SECRET_CONTENT = re.compile(rb"-----BEGIN [A-Z0-9 ]*PRIVATE KEY|PuTTY-User-Key-File-")


def secret_reason(path: Path) -> str | None:
    """Why the file at ``path`` (a resolved path) looks like a secret, or None."""
    home = Path.home()
    for folder in SECRET_FOLDERS:
        if path.is_relative_to(home / folder):
            return t("secret_folder", folder=f"~/{folder}")
    if SECRET_NAMES.fullmatch(path.name):
        return t("secret_name", name=path.name)
    try:
        with open(path, "rb") as fh:
            head = fh.read(64 * 1024)
    except OSError:
        return None
    if SECRET_CONTENT.search(head):
        return t("secret_content")
    return None


def check_attachment(raw: str, limit_bytes: int, *, force: bool = False) -> str:
    """Validate a file to attach and return its absolute path.

    Only regular files (a symlink is followed to what it names, which must be a regular file in
    the link's own folder); folders, devices, FIFOs and sockets are refused, and the size is
    checked before reading. The file's name must be fit for a mail header (:func:`validate.filename`).
    A file that looks like a secret, judged on the real path after every link in it is followed
    (under ``~/.ssh`` and the like, an SSH key or ``.env`` by its name, a private key by its
    content), is refused unless ``force``.
    """
    from .. import validate

    path = Path(raw).expanduser()
    validate.filename(path.name, "attachment")
    if path.is_symlink() and not force:
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
    real = path.resolve()
    if not force:
        reason = secret_reason(real)
        if reason:
            raise UsageError(t("attachment_secret", path=raw, reason=reason))
    return str(real)
