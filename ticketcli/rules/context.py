"""The ticket being checked: its parts analysed once and shared by every rule."""

from __future__ import annotations

from . import messages
from .catalogue import RULES
from .domains import Domains
from .model import Finding
from .text import Doc, cached_property


class Ticket:
    def __init__(self, text, subject, type_, fields, attachments, channel, ui_lang, lang):
        self.text = text or ""
        self.subject = subject
        self.type = type_
        self.fields = {k: (v or "").strip() for k, v in (fields or {}).items() if v is not None}
        self.attachments = [a for a in (attachments or []) if a]
        self.channel = channel
        self.ui_lang = "ru" if ui_lang == "ru" else "en"
        self.lang = lang
        self.doc = Doc(self.text)

    # ------------------------------------------------------------------ parts
    def field(self, name: str) -> str:
        return self.fields.get(name, "")

    @cached_property
    def sdoc(self) -> Doc:
        return Doc(self.subject or "")

    @cached_property
    def domains(self) -> Domains:
        return Domains(self.text)

    @cached_property
    def extra_domains(self) -> Domains:
        """Domains in the subject and in every structured field."""
        parts = [self.subject or ""] + list(self.fields.values())
        return Domains("\n".join(parts))

    @cached_property
    def secrets(self) -> list[tuple[str, int, int]]:
        """Secrets in the text: ``(kind, start, end)``."""
        from .secret import find_secrets  # noqa: PLC0415

        return find_secrets(self.text)

    # ------------------------------------------------------------------ shared facts
    @cached_property
    def facts(self) -> dict:
        """Cross-rule results, filled by the rules as they run (e.g. secrets found)."""
        return {}

    # ------------------------------------------------------------------ findings
    def finding(self, rule: str, key: str | None = None, *, severity: str | None = None,
                field: str | None = "description", span=None, replacement=None, **kw) -> Finding:
        message, suggestion = messages.text(key or rule, self.ui_lang, **kw)
        return Finding(
            rule=rule,
            severity=severity or RULES[rule].severity,
            message=message,
            suggestion=suggestion,
            field=field,
            span=span,
            replacement=replacement,
        )
