"""The library API: everything a command does, a script can do by importing ``ticketcli``.

>>> from ticketcli import config
>>> from ticketcli.core import apply_answers, new_ticket, submit
>>> profile = config.load().profile()
>>> ticket = new_ticket("site-access", profile)
>>> apply_answers(ticket, domain="example.ru", fields={...}, description="...", profile=profile)
>>> item = submit(ticket, profile)   # into the local outbox (and on through a configured channel)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable

from . import config as configmod
from . import validate
from .config import Profile
from .errors import MissingInput, UsageError
from .i18n import t
from .model import Ticket, ticket_from_dict
from .problems import get_type
from .store import DraftStore, check_attachment

TYPE_CHECKING = False  # typing is for type checkers: importing it slows every command
if TYPE_CHECKING:
    from typing import Any

MAX_INPUT_BYTES = 20 * 1024 * 1024


def parse_field_flags(values: Iterable[str]) -> dict[str, str]:
    """``["browser=Firefox 128", …]`` → ``{"browser": "Firefox 128"}``."""
    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(t("field_syntax", value=item))
        out[key] = value
    return out


def read_json_input(source: str) -> Any:
    """Read a JSON document from a path or ``-`` (stdin), with one-line errors."""
    name = "stdin" if source == "-" else source
    try:
        if source == "-":
            raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            with open(source, "rb") as fh:
                raw = fh.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(t("file_unreadable", path=name, reason="no such file")) from None
    except IsADirectoryError:
        raise UsageError(t("file_unreadable", path=name, reason="it is a folder")) from None
    except OSError as exc:
        raise UsageError(t("file_unreadable", path=name, reason=exc.strerror or exc)) from None
    if len(raw) > MAX_INPUT_BYTES:
        raise UsageError(t("json_shape", source=name, reason=f"larger than {MAX_INPUT_BYTES // 2**20} MB"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(t("not_utf8", path=name)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(t("json_bad", source=name, reason=f"line {exc.lineno}, column {exc.colno}: {exc.msg}")) from None
    except RecursionError:
        raise UsageError(t("json_bad", source=name, reason="nested too deeply")) from None


def apply_answers(
    ticket: Ticket,
    *,
    fields: dict[str, str] | None = None,
    contract: str | None = None,
    domain: str | None = None,
    description: str | None = None,
    subject: str | None = None,
    attachments: Iterable[str] = (),
    profile: Profile | None = None,
    force: bool = False,
) -> Ticket:
    """Validate and merge answers into ``ticket`` (the same checks as the wizard's)."""
    ptype = get_type(ticket.type)
    for key, value in (fields or {}).items():
        clean = ptype.question(key).validate(value)
        if clean:
            ticket.fields[key] = clean
        else:
            ticket.fields.pop(key, None)
    if contract is not None:
        ticket.contract = validate.contract(contract) if contract.strip() else ""
    if domain is not None:
        ticket.domain = validate.domain(domain) if domain.strip() else ""
    if description is not None:
        ticket.description = validate.text(description, "description")
    if subject is not None:
        ticket.subject = validate.header_value(subject, "subject") or None
    limit = (profile or Profile()).max_attachment_bytes
    for raw in attachments:
        path = check_attachment(raw, limit, force=force)
        if path not in ticket.attachments:
            ticket.attachments.append(path)
    return ticket


def new_ticket(type_name: str, profile: Profile, lang: str | None = None) -> Ticket:
    """An empty ticket of ``type_name`` carrying the profile's identification."""
    get_type(type_name)
    return Ticket(
        type=type_name,
        lang=lang or profile.lang,
        contract=profile.get("contract"),
        domain=profile.get("domain"),
        contact_email=profile.get("contact_email"),
        profile=profile.name,
    )


def apply_defaults(ticket: Ticket) -> None:
    """Fill answers that have a default derived from the profile (``url`` ← the domain)."""
    ptype = get_type(ticket.type)
    for q in ptype.questions:
        if q.default and not ticket.fields.get(q.key) and q.applies(ticket.fields):
            value = q.default.format(domain=ticket.domain, contract=ticket.contract)
            if value.strip():
                try:
                    ticket.fields[q.key] = q.validate(value)
                except UsageError:
                    pass


def missing(ticket: Ticket) -> list[str]:
    """Names of the answers the ticket still needs: the type's required fields and more."""
    ptype = get_type(ticket.type)
    needed: list[str] = []
    if not ticket.contract and not ticket.domain:
        needed.append("contract|domain")
    if ptype.description_required and not ticket.description:
        needed.append("description")
    needed.extend(ptype.missing(ticket.fields))
    return needed


def flags_for(names: list[str]) -> str:
    flags = []
    for name in names:
        if name == "contract|domain":
            flags.append("--contract/--domain")
        elif name == "description":
            flags.append("--description")
        else:
            flags.append(f"--field {name}=…")
    return ", ".join(flags)


def require_complete(ticket: Ticket) -> None:
    gaps = missing(ticket)
    if gaps:
        if gaps == ["contract|domain"]:
            raise MissingInput(t("missing_ident"))
        raise MissingInput(t("missing_fields", fields=", ".join(gaps), flags=flags_for(gaps)))


def finalize_subject(ticket: Ticket) -> None:
    if not ticket.subject:
        from .compose import propose_subject

        ticket.subject = propose_subject(ticket)


def submit(ticket: Ticket, profile: Profile | None = None, drafts: DraftStore | None = None):
    """Publish a complete ticket into the outbox, drop its draft and, when the profile has a
    delivery channel, send it. Returns the OutboxItem (``item.delivery``: the SendResult or None)."""
    from .outbox import Outbox

    profile = profile or configmod.load().profile(ticket.profile or None)
    require_complete(ticket)
    finalize_subject(ticket)
    # message.eml is for a ticket that waits in the outbox: written now for the outbox channel,
    # and by the delivery below only if the channel does not take the ticket at once.
    channel = profile.get("backend", "outbox")
    item = Outbox().put(ticket, profile, message=channel == "outbox")
    store = drafts or DraftStore()
    try:
        store.path(ticket.uuid).unlink(missing_ok=True)
    except OSError:
        pass
    # A configured channel (not the default "outbox") delivers right away; the result (or None)
    # rides on the item. Whatever happens, the ticket is safe in the outbox.
    from .delivery import deliver_now

    item.delivery = deliver_now(item, profile)
    return item


def ticket_from_input(data: Any, source: str, profile: Profile, force: bool = False) -> Ticket:
    """A ticket from a ``--from-file`` document, completed from the profile."""
    ticket = ticket_from_dict(data, source)
    if isinstance(data, dict):
        if "lang" not in data:
            ticket.lang = profile.lang
        for key in ("contract", "domain", "contact_email"):
            if key not in data:
                setattr(ticket, key, profile.get(key))
        if "profile" not in data:
            ticket.profile = profile.name
    checked = []
    for raw in ticket.attachments:
        checked.append(check_attachment(raw, profile.max_attachment_bytes, force=force))
    ticket.attachments = checked
    return ticket

