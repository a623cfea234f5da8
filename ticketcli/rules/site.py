"""site-url and site-browser (example 1): which address is opened, in which browser."""

from __future__ import annotations

from .lexicons import BROWSER_TYPO


def check_url(t):
    if t.field("url") or t.field("domain"):
        return None
    if t.domains.opened_hosts() or t.extra_domains.opened_hosts():
        return None
    return t.finding("site-url", field="url")


def browser_hits(t):
    """Where the ticket names the browser, or says "every browser": ``(lex, start, end,
    in_subject, typo_name)`` in order (``typo_name``: the name a misspelt word stands for)."""
    for doc in (t.doc, t.sdoc):
        for lex in ("browser", "all-browsers"):
            for h in doc.find(lex):
                yield lex, h.start, h.end, doc is t.sdoc, None
    hit = BROWSER_TYPO.find_hit(t.doc, t.domains.spans)
    if hit is not None:
        yield "browser", hit[1], hit[2], False, hit[0]


def check_browser(t):
    if t.field("browser"):
        return None
    for doc in (t.doc, t.sdoc):
        if doc.has("browser") or doc.has("all-browsers"):
            return None
    if BROWSER_TYPO.find(t.doc, t.domains.spans):
        return None
    return t.finding("site-browser", field="browser")
