"""site-url and site-browser (example 1): which address is opened, in which browser."""

from __future__ import annotations

from .lexicons import BROWSER_TYPO


def check_url(t):
    if t.field("url") or t.field("domain"):
        return None
    if t.domains.opened_hosts() or t.extra_domains.opened_hosts():
        return None
    return t.finding("site-url", field="url")


def check_browser(t):
    if t.field("browser"):
        return None
    for doc in (t.doc, t.sdoc):
        if doc.has("browser") or doc.has("all-browsers"):
            return None
    if BROWSER_TYPO.find(t.doc, t.domains.spans):
        return None
    return t.finding("site-browser", field="browser")
