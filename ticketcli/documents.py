"""Glue between tickets and the rule engine: what ``ticket check`` reads, and how a composed
ticket is checked (its rendered text, subject, type, answers, attachments and channel).
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import UsageError
from .i18n import get_lang, t
from .model import Ticket

MAX_INPUT = 10 * 1024 * 1024

#: Which answer a finding asks for, when the engine does not say.
RULE_FIELDS = {
    "identify": "contract",
    "subject": "subject",
    "vague": "description",
    "error-text": "error",
    "isp": "isp",
    "site-url": "url",
    "site-browser": "browser",
    "mail-client": "client",
    "mail-direction": "direction",
    "mail-history": "worked_before",
    "screenshot": "attachments",
    "please": "description",
    "polite": "description",
    "secret": "description",
    "one-question": "description",
}


@dataclass(slots=True)
class CheckInput:
    """One thing to check: a name for reports and the arguments of ``rules.check``."""

    name: str
    text: str
    subject: str | None = None
    type: str | None = None
    fields: dict[str, str] | None = None
    attachments: list[str] | None = None
    channel: str | None = None


def ticket_channel(ticket: Ticket, profile=None) -> str | None:
    """How a composed ticket will travel, for the ``written-channel`` rule."""
    backend = profile.get("backend", "outbox") if profile is not None else "outbox"
    if backend not in ("outbox", "email"):
        return "api"
    contact = (profile.get("contact_email") if profile is not None else "") or ticket.contact_email
    return "email-registered" if contact else None


def ticket_input(ticket: Ticket, name: str = "", profile=None) -> CheckInput:
    from .message import render_text

    fields = dict(ticket.fields)
    if fields.get("error") == "none":
        # "there is no error text" is an answer, not an error's code: the rules read it in words
        from .problems import NO_ERROR_SHOWN

        fields["error"] = NO_ERROR_SHOWN.get(ticket.lang, NO_ERROR_SHOWN["en"])
    if ticket.contract:
        fields["contract"] = ticket.contract
    if ticket.domain:
        fields["domain"] = ticket.domain
    return CheckInput(
        name=name or ticket.short_id,
        text=render_text(ticket),
        subject=ticket.subject,
        type=ticket.type,
        fields=fields,
        attachments=[Path(a).name for a in ticket.attachments],
        channel=ticket_channel(ticket, profile),
    )


def run(item: CheckInput, ui_lang: str | None = None):
    from .rules import check

    return check(
        item.text,
        subject=item.subject,
        type=item.type,
        fields=item.fields,
        attachments=item.attachments,
        channel=item.channel,
        ui_lang=ui_lang or get_lang(),
    )


def facts(item: CheckInput, type_name: str | None = None) -> list:
    """What the text (and subject) of ``item`` already says: :func:`ticketcli.rules.facts`, each
    fact with its span."""
    from .rules import facts as text_facts

    return text_facts(item.text, item.subject or "", type=type_name or item.type)


def check_ticket(ticket: Ticket, profile=None, ui_lang: str | None = None):
    return run(ticket_input(ticket, profile=profile), ui_lang)


def _read_at_most(fh, limit: int) -> bytes:
    """``fh.read(limit)``, without taking ``limit`` bytes of memory first for a smaller file
    (BufferedReader.read(n) allocates n bytes up front: a 10 MB map and unmap per input)."""
    try:
        size = os.fstat(fh.fileno()).st_size
    except OSError:
        size = 0
    if not 0 < size < limit:
        return fh.read(limit)
    raw = fh.read(size + 1)
    if len(raw) > size:  # the file grew since: read on, up to the limit
        raw += fh.read(limit - len(raw))
    return raw


def _decode(raw: bytes, name: str) -> str:
    if len(raw) > MAX_INPUT:
        raise UsageError(t("text_too_long", field=name, size=len(raw), limit=MAX_INPUT))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(t("not_utf8", path=name)) from None
    if "\x00" in text:
        raise UsageError(t("bad_text", field=name))
    return text


def _from_json(data: Any, name: str, profile) -> CheckInput:
    if profile is not None:
        from .service import ticket_from_document

        ticket = ticket_from_document(data, profile, name)
    else:
        from .model import ticket_from_dict

        ticket = ticket_from_dict(data, name)
    return ticket_input(ticket, name, profile)


def _from_eml(raw: bytes, name: str, profile) -> CheckInput:
    try:
        from email import policy
        from email.parser import BytesParser

        msg = BytesParser(policy=policy.default).parsebytes(raw)
        subject = msg.get("Subject")
        sender = msg.get("From")
        body_part = msg.get_body(("plain", "html"))
        body = body_part.get_content() if body_part is not None else ""
        if body_part is not None and body_part.get_content_subtype() == "html":
            import re
            from html import unescape

            body = unescape(re.sub(r"<[^>]+>", " ", body))
        attachments = [part.get_filename() or "attachment" for part in msg.iter_attachments()]
    except Exception as exc:  # the email package raises many kinds on hostile input
        raise UsageError(t("file_unreadable", path=name, reason=f"not a readable e-mail message ({type(exc).__name__})")) from None
    channel = None
    if sender:
        from email.utils import parseaddr

        address = parseaddr(str(sender))[1].lower()
        contact = (profile.get("contact_email") if profile is not None else "").lower()
        if contact:
            channel = "email-registered" if address == contact else "email-other"
    ttype = msg.get("X-Ticket-Type")
    return CheckInput(name=name, text=str(body), subject=str(subject) if subject is not None else None, type=str(ttype) if ttype else None, attachments=attachments, channel=channel)


def load_input(source: str, *, profile=None, subject: str | None = None, type_name: str | None = None) -> CheckInput:
    """Resolve one INPUT of ``ticket check``: a ticket JSON file, a draft id, an .eml file,
    a plain text file, or ``-`` for stdin."""
    if source == "-":
        text = _decode(sys.stdin.buffer.read(MAX_INPUT + 1), "stdin")
        stripped = text.lstrip()
        if stripped.startswith("{"):
            try:
                data = json.loads(text)
            except (json.JSONDecodeError, RecursionError):  # not a ticket JSON: checked as text
                data = None
            if isinstance(data, dict) and "type" in data:
                return _override(_from_json(data, "stdin", profile), subject, type_name)
        return CheckInput("stdin", text, subject=subject, type=type_name)
    path = Path(source)
    try:
        kind = "file" if path.is_file() or (path.exists() and not path.is_dir()) else "folder" if path.is_dir() else ""
    except (OSError, ValueError):  # a name too long, a NUL in it: no such file
        kind = ""
    if kind == "file":
        try:
            with open(path, "rb") as fh:
                raw = _read_at_most(fh, MAX_INPUT + 1)
        except OSError as exc:
            raise UsageError(t("file_unreadable", path=source, reason=exc.strerror or exc)) from None
        suffix = path.suffix.lower()
        if suffix == ".eml":
            return _override(_from_eml(raw, source, profile), subject, type_name)
        text = _decode(raw, source)
        if suffix == ".json":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise UsageError(t("json_bad", source=source, reason=f"line {exc.lineno}, column {exc.colno}: {exc.msg}")) from None
            except RecursionError:  # [[[[… deeper than Python's parser goes
                raise UsageError(t("json_bad", source=source, reason="nested too deeply")) from None
            return _override(_from_json(_beside(data, path), source, profile), subject, type_name)
        return CheckInput(source, text, subject=subject, type=type_name)
    if kind == "folder":
        raise UsageError(t("file_unreadable", path=source, reason="it is a folder"))
    from .store.drafts import DraftStore
    from .store.files import is_safe_id

    if is_safe_id(source):
        from .errors import NotFound

        try:
            ticket = DraftStore().load(source)
        except NotFound:
            pass
        else:
            return _override(ticket_input(ticket, source, profile), subject, type_name)
    raise UsageError(t("file_unreadable", path=source, reason="no such file or draft"))


def _beside(data: Any, path: Path) -> Any:
    """A ticket document's relative attachment paths, resolved against the folder of its file
    (``outbox/new/<uuid>/ticket.json`` names ``attachments/shot.png`` beside it), not against
    the current directory."""
    if not isinstance(data, dict) or not isinstance(data.get("attachments"), list):
        return data
    folder = path.parent
    fixed = [str(folder / a) if isinstance(a, str) and a and not os.path.isabs(os.path.expanduser(a)) else a
             for a in data["attachments"]]
    return {**data, "attachments": fixed}


def _override(item: CheckInput, subject: str | None, type_name: str | None) -> CheckInput:
    if subject is not None:
        item.subject = subject
    if type_name is not None:
        item.type = type_name
    return item
