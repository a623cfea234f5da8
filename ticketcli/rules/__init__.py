"""The rule engine: checks a support ticket against the desk's rules.

Public API (stable; ids as in ``shared/docs/rules.md``)::

    from ticketcli.rules import check, Finding, Report, RULES, infer_type, detect_lang, redact_secrets

    report = check(text, subject=None, type=None, fields=None, attachments=None,
                   channel=None, ui_lang="en")

Pure functions: no I/O, no printing. Regular expressions and the stemmers are prepared
on first use, so importing this package is cheap.
"""

from .catalogue import RULES, Rule
from .engine import check
from .model import Finding, Report
from .secret import redact_secrets
from .text import detect_lang
from .typeinfer import infer_type

__all__ = ["check", "Finding", "Report", "RULES", "Rule", "infer_type", "detect_lang", "redact_secrets"]
