"""identify [2]: every ticket names the contract number or the site's domain."""

from __future__ import annotations

from .text import IX, LazyRe

# A number introduced as a contract number: "договор № 12-345", "по договору 55120",
# "contract #AB-1234", "номер договора: 4711", "agreement no. 77/12". A date after
# "договор от" is not a number; "I don't remember my contract number" has none.
CONTRACT = LazyRe(r"""
    (?<![\w])(?:договор\w*|дог\.|контракт\w*|contracts?|agreement|соглашени\w*)
    (?:\s*(?:number|num\.?|no\.?|nr\.?|номер|мой|моего|наш\w*|my|our|is|id|клиента|client)\b)*
    \s*(?:[:#№—–=]|n\b|no\.?|nr\.?|-)?\s*[:#№]?\s*
    (?P<num>[a-zа-яё]{0,4}[-\s]?\d[\da-zа-яё]*(?:[-/][\da-zа-яё]+)*)
    (?![.,:]\d|\w)
""", IX, guard=("дог", "контракт", "contract", "agreement", "соглашени"))  # the words a match starts with


def contracts(text: str):
    """Contract numbers in ``text``: ``(start, end, number)``, in order."""
    for m in CONTRACT.finditer(text):
        num = m.group("num")
        if any(c.isdigit() for c in num):
            yield m.start("num"), m.end("num"), num


def has_contract(text: str) -> bool:
    return next(contracts(text), None) is not None


def check(t):
    if t.field("contract") or t.field("domain"):
        return None
    # a domain counts wherever it stands (the catalogue): bare, in a URL, in an e-mail address,
    # a third party's (gmail.com, a forum's) as well
    if t.domains.any_hosts() or t.extra_domains.any_hosts():
        return None
    if has_contract(t.text) or (t.subject and has_contract(t.subject)):
        return None
    if any(has_contract(v) for v in t.fields.values()):
        return None
    return t.finding("identify", field="contract")
