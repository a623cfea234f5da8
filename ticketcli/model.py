"""The ticket: one document from the first draft to the outbox.

The same JSON shape is a draft on disk, the input of ``ticket new --from-file`` (where only
``type`` is required) and ``ticket.json`` in the outbox. Its JSON Schema is published by
``ticket schema``; :func:`ticket_from_dict` enforces the same constraints with messages a person
can act on.
"""

from __future__ import annotations

import uuid as uuidlib
from dataclasses import asdict, dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import datetime, timezone
from typing import Any

from . import validate
from .errors import UsageError
from .i18n import t

SCHEMA_VERSION = 1


def new_uuid() -> str:
    """A random (version 4) UUID in its canonical text form."""
    return str(uuidlib.uuid4())


def canonical_uuid(value: object) -> str | None:
    """``value`` as a canonical UUID (lower-case ``8-4-4-4-12`` hex digits), or None.

    Only the hyphenated form is taken, in either case: :class:`uuid.UUID` alone also accepts
    braces, a ``urn:uuid:`` prefix, no hyphens and, through ``int(x, 16)``, a ``0x`` prefix and
    surrounding whitespace, none of which may name a folder or a file.
    """
    if not isinstance(value, str) or len(value) != 36:
        return None
    try:
        parsed = str(uuidlib.UUID(value))
    except ValueError:
        return None
    return parsed if parsed == value.lower() else None


def is_uuid(value: object) -> bool:
    """True for a UUID in canonical form, the only form ticket ids take on disk."""
    return isinstance(value, str) and canonical_uuid(value) == value


def now_iso() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


@dataclass(slots=True)
class Ticket:
    type: str
    uuid: str = field(default_factory=new_uuid)
    #: The language the ticket is written in (the desk's language): "ru" or "en".
    lang: str = "ru"
    contract: str = ""
    domain: str = ""
    contact_email: str = ""
    subject: str | None = None
    description: str = ""
    fields: dict[str, str] = field(default_factory=dict)
    attachments: list[str] = field(default_factory=list)
    profile: str = ""
    #: Rule ids whose errors the user chose to override when sending.
    overrides: list[str] = field(default_factory=list)
    #: Lines of the "Diagnostics" section the user chose to include (``ticket diagnose``).
    diagnostics: list[str] = field(default_factory=list)
    created: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)
    version: int = SCHEMA_VERSION
    #: The interface language of the wizard session that wrote the draft ("" when none did):
    #: ``ticket resume`` speaks it again.
    ui_lang: str = ""

    @property
    def short_id(self) -> str:
        return self.uuid[:8]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def touch(self) -> None:
        self.updated = now_iso()


_STRING_KEYS = ("type", "uuid", "lang", "contract", "domain", "contact_email", "description", "profile", "created", "updated", "ui_lang")


def ticket_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of a ticket document."""
    from .problems import TYPES

    field_props: dict[str, Any] = {}
    for ptype in TYPES.values():
        for q in ptype.questions:
            prop: dict[str, Any] = {"type": "string"}
            field_props.setdefault(q.key, prop)
    conditional = []
    for ptype in TYPES.values():
        conditional.append(
            {
                "if": {"properties": {"type": {"const": ptype.name}}},
                "then": {
                    "properties": {
                        "fields": {
                            "type": "object",
                            "propertyNames": {"enum": ptype.field_keys()},
                            "properties": {
                                q.key: (
                                    {"type": "string", "enum": [c.value for c in q.choices]}
                                    if q.choices and not q.allow_other
                                    else {"type": "string"}
                                )
                                for q in ptype.questions
                            },
                        }
                    }
                },
            }
        )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://ticketcli.invalid/schema/ticket-v1.json",
        "title": "ticketcli ticket",
        "description": "A support ticket: input of 'ticket new --from-file', a draft, or ticket.json in the outbox.",
        "type": "object",
        "additionalProperties": False,
        "required": ["type"],
        "properties": {
            "version": {"const": SCHEMA_VERSION},
            "type": {"enum": list(TYPES)},
            "uuid": {"type": "string", "format": "uuid"},
            "lang": {"enum": ["ru", "en"]},
            "contract": {"type": "string", "maxLength": 100},
            "domain": {"type": "string", "maxLength": 300},
            "contact_email": {"type": "string", "maxLength": 320},
            "subject": {"type": ["string", "null"], "maxLength": validate.MAX_LINE},
            "description": {"type": "string", "maxLength": validate.MAX_TEXT},
            "fields": {"type": "object", "additionalProperties": {"type": "string"}},
            "attachments": {"type": "array", "items": {"type": "string"}},
            "profile": {"type": "string"},
            "overrides": {"type": "array", "items": {"type": "string"}},
            "diagnostics": {"type": "array", "items": {"type": "string", "maxLength": validate.MAX_LINE}},
            "created": {"type": "string", "format": "date-time"},
            "updated": {"type": "string", "format": "date-time"},
            "ui_lang": {"enum": ["", "ru", "en"]},
        },
        "allOf": conditional,
    }


def ticket_from_dict(data: Any, source: str) -> Ticket:
    """Build a Ticket from parsed JSON, validating every value.

    Raises UsageError with one line naming ``source`` and what is wrong.
    """
    from .problems import get_type

    def bad(reason: str) -> UsageError:
        return UsageError(t("json_shape", source=source, reason=reason))

    if not isinstance(data, dict):
        raise bad("the document must be a JSON object")
    known = {f.name for f in dataclass_fields(Ticket)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise bad(f"unknown key(s) {', '.join(map(repr, unknown))}")
    if "type" not in data:
        raise bad("'type' is required")
    for key in _STRING_KEYS:
        if key in data and not isinstance(data[key], str):
            raise bad(f"'{key}' must be a string")
    if "subject" in data and data["subject"] is not None and not isinstance(data["subject"], str):
        raise bad("'subject' must be a string or null")
    if "version" in data and data["version"] != SCHEMA_VERSION:
        raise bad(f"'version' must be {SCHEMA_VERSION}")
    for key in ("attachments", "overrides", "diagnostics"):
        if key in data and (not isinstance(data[key], list) or not all(isinstance(v, str) for v in data[key])):
            raise bad(f"'{key}' must be a list of strings")
    fields = data.get("fields", {})
    if not isinstance(fields, dict) or not all(isinstance(v, str) for v in fields.values()):
        raise bad("'fields' must be an object of strings")

    ptype = get_type(data["type"])
    if data.get("lang", "ru") not in ("ru", "en"):
        raise bad("'lang' must be \"ru\" or \"en\"")
    if data.get("ui_lang", "") not in ("", "ru", "en"):
        raise bad("'ui_lang' must be \"ru\", \"en\" or empty")
    if "uuid" in data:
        if canonical_uuid(data["uuid"]) is None:
            raise bad("'uuid' is not a UUID (8-4-4-4-12 hexadecimal digits)")
        data = {**data, "uuid": canonical_uuid(data["uuid"])}

    clean_fields: dict[str, str] = {}
    for key, value in fields.items():
        question = ptype.question(key)
        normalised = question.validate(value)
        if normalised:
            clean_fields[key] = normalised

    kwargs: dict[str, Any] = {k: data[k] for k in known if k in data and k != "fields"}
    kwargs["fields"] = clean_fields
    for key, check in (("contract", validate.contract), ("domain", validate.domain), ("contact_email", validate.email)):
        if kwargs.get(key):
            kwargs[key] = check(kwargs[key], key)
    if kwargs.get("description"):
        kwargs["description"] = validate.text(kwargs["description"], "description")
    if kwargs.get("subject"):
        kwargs["subject"] = validate.header_value(kwargs["subject"], "subject")
    if kwargs.get("diagnostics"):
        kwargs["diagnostics"] = [validate.line(line, "diagnostics") for line in kwargs["diagnostics"]]
    return Ticket(**kwargs)
