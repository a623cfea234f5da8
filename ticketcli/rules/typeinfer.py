"""infer_type: "mail", "site-access" or "other", from the words of a ticket."""

from __future__ import annotations

from . import lexicons  # noqa: F401  (registers the topic lexicons)
from .domains import Domains
from .text import Doc, in_spans

_OTHER_AREAS = ("t:domain", "t:billing", "t:plan", "t:ssl", "t:dns", "t:db", "t:ftp", "t:account")


def _count(doc: Doc, lex: str, skip) -> int:
    return sum(1 for h in doc.find(lex) if not in_spans(h.start, skip))


def infer_type_doc(doc: Doc, domains: Domains) -> str:
    skip = domains.spans
    mail = _count(doc, "t:mail", skip) + 2 * len(doc.find("mail-client"))
    site = _count(doc, "t:site", skip) + 2 * len(doc.find("browser"))
    other = sum(_count(doc, lex, skip) for lex in _OTHER_AREAS)
    if mail == 0 and site == 0:
        return "other"
    if other > max(mail, site):
        return "other"
    return "mail" if mail > site else "site-access"


def infer_type(text: str) -> str:
    """Guess a ticket's type from its text: ``site-access``, ``mail`` or ``other``."""
    return infer_type_doc(Doc(text), Domains(text))
