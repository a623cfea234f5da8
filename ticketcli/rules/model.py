"""Result types of the rule engine: :class:`Finding` and :class:`Report`."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as _field

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a ticket.

    ``span`` (character offsets in the checked ``text``) and ``replacement`` (a fixed
    version of the whole description, for ``please`` and ``secret``) are for the wizard
    to offer fixes; they are left out of :meth:`to_dict`.
    """

    rule: str
    severity: str
    message: str
    suggestion: str
    field: str | None = None
    span: tuple[int, int] | None = None
    replacement: str | None = None

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "suggestion": self.suggestion,
            "field": self.field,
        }


@dataclass(slots=True)
class Report:
    """All findings for one ticket, with its (given or inferred) type and language."""

    type: str
    lang: str
    findings: list[Finding] = _field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)

    def rule_ids(self, *, include_info: bool = True) -> list[str]:
        return [f.rule for f in self.findings if include_info or f.severity != "info"]

    def to_dict(self) -> dict:
        return {
            "ok": self.ok,
            "type": self.type,
            "findings": [f.to_dict() for f in self.findings],
        }
