"""The rule engine: checks a support ticket against the desk's rules.

Public API (stable; ids as in ``shared/docs/rules.md``)::

    from ticketcli.rules import check, Finding, Report, RULES, infer_type, detect_lang, redact_secrets

    report = check(text, subject=None, type=None, fields=None, attachments=None,
                   channel=None, ui_lang="en")
    found = facts(text, subject="", lang=None, type=None)  # [Fact(kind, value, start, end, source), …]

Pure functions: no I/O, no printing. Regular expressions and the stemmers are prepared
on first use, so importing this package is cheap.
"""

from .catalogue import RULES, Rule
from .engine import check
from .model import Finding, Report
from .secret import redact_secrets
from .text import detect_lang
from .typeinfer import infer_type

__all__ = ["check", "facts", "Fact", "Finding", "Report", "RULES", "Rule", "infer_type", "detect_lang",
           "redact_secrets"]


def facts(text: str, subject: str | None = "", lang: str | None = None, *, type: str | None = None):  # noqa: A002
    """What the text already says (see :mod:`ticketcli.rules.textfacts`): a list of :class:`Fact`."""
    from .textfacts import facts as _facts  # noqa: PLC0415  (dataclasses only when asked)

    return _facts(text, subject, lang, type=type)


def __getattr__(name: str):
    if name == "Fact":
        from .textfacts import Fact  # noqa: PLC0415

        return Fact
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
