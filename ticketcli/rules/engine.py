"""check(): run every rule that applies to a ticket's type, in catalogue order."""

from __future__ import annotations

from . import (
    channel,
    error_text,
    identify,
    isp,
    lexicons,  # noqa: F401  (registers the shared word lists)
    mail,
    one_question,
    please,
    polite,
    screenshot,
    secret,
    site,
    subject,
    vague,
)
from .catalogue import RULES
from .context import Ticket
from .model import Report
from .text import detect_lang, lang_of_words
from .typeinfer import infer_type_doc

# rule id → function(ticket) -> Finding | None. Order: the catalogue's.
# `secret` runs before `written-channel`, which uses what it found, and error-text before vague.
CHECKS = {
    "identify": identify.check,
    "subject": subject.check,
    "one-question": one_question.check,
    "error-text": error_text.check,
    "vague": vague.check,
    "isp": isp.check,
    "screenshot": screenshot.check,
    "site-url": site.check_url,
    "site-browser": site.check_browser,
    "mail-client": mail.check_client,
    "mail-direction": mail.check_direction,
    "mail-history": mail.check_history,
    "please": please.check,
    "polite": polite.check,
    "secret": secret.check,
    "written-channel": channel.check,
}
assert set(CHECKS) == set(RULES)
_ORDER = {rid: i for i, rid in enumerate(RULES)}


def _lang(t: Ticket) -> str:
    """detect_lang() over the ticket's words, reusing its tokens (addresses left out)."""
    if t.subject:
        return detect_lang(t.text + "\n" + t.subject)
    return lang_of_words(t.doc.lows_outside(t.domains.spans))


def check(text: str, *, subject: str | None = None, type: str | None = None,  # noqa: A002
          fields: dict[str, str] | None = None, attachments: list[str] | None = None,
          channel: str | None = None, ui_lang: str = "en") -> Report:
    """Check a ticket against the desk's rules; see the package docstring."""
    text = text or ""
    t = Ticket(text, subject, type, fields, attachments, channel, ui_lang, "en")
    t.lang = lang = _lang(t)
    if not type:
        t.type = infer_type_doc(t.doc, t.domains)
    findings = []
    for rid, fn in CHECKS.items():
        if not RULES[rid].applies_to(t.type):
            continue
        f = fn(t)
        if f is not None:
            findings.append(f)
    findings.sort(key=lambda f: _ORDER[f.rule])
    return Report(type=t.type, lang=lang, findings=findings)
