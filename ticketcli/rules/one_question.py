"""one-question [3]: one ticket, one problem.

The text is cut where a new question is announced: numbered or bulleted items, and
sentences opening with "Also", "И ещё", "Также", "Ещё вопрос", "P.S.", "Second…".
Each part gets the problem areas it talks about (mail, the site, a domain transfer,
billing, SSL, DNS, database, FTP, account data). Two parts whose areas are unrelated
(mail and a plan change; a site error and a domain transfer) make separate problems.
Related areas (the site and its SSL certificate, mail and its DNS records) are one problem.
Without such cuts, two questions or requests in different, unrelated areas count too.
"""

from __future__ import annotations

import re
from itertools import combinations

from .lexicons import TOPICS
from .text import IX, WHITESPACE, I, LazyRe, in_spans

RELATED = {
    frozenset(p) for p in (
        ("site", "ssl"), ("site", "dns"), ("site", "db"), ("site", "ftp"), ("mail", "dns"),
        ("domain", "dns"), ("domain", "billing"), ("billing", "account"), ("ssl", "dns"),
        ("ssl", "billing"), ("db", "ftp"), ("domain", "account"), ("ssl", "domain"),
        ("plan", "billing"),
    )
}
# When the site sends the mail (a form, the CMS), mail is part of the site's problem.
SITE_MAIL_RELATED = {frozenset(("mail", "site"))} | {frozenset(("mail", x)) for p in RELATED if "site" in p
                                                      for x in p if x != "site"}

def _may_have_items(text: str) -> bool:
    """False when ITEM cannot match: it needs ")" and a space or tab after it, or a line that
    starts (after spaces and tabs) with a digit or a bullet. Lower-casing changes none of these
    characters, so the answer holds for the text ITEM runs over."""
    if ") " in text or ")\t" in text:
        return True
    for line in text.split("\n"):
        head = line.lstrip(" \t")[:1]
        if head and (head in "-•*–—" or head.isdecimal()):
            return True
    return False


ITEM = LazyRe(r"^[ \t]*(?:\d{1,2}[.)]|[-•*–—]|[a-zа-я]\))[ \t]+|(?<=[\s:;,.])\(?\d{1,2}\)[ \t]+(?=\w)", I | re.M,
              precheck=_may_have_items)
MARKER = LazyRe(r"""
    \W*(?:also|additionally|another\s+(?:question|thing|issue)|one\s+more\s+(?:thing|question)|
        p\.?\s?s\.?|second(?:ly)?|separately|unrelated|
        и\s+ещ[её]|ещ[её]\s+(?:один\s+)?вопрос|ещ[её]\s+одно|также|так\s+же|кроме\s+того|
        помимо\s+этого|другой\s+вопрос|отдельный\s+вопрос|во-?вторых|второй\s+вопрос|
        и\s+(?:ещ[её]\s+)?(?:один\s+)?(?:вопрос\s+)?не\s+по\s+теме|не\s+по\s+теме|
        (?:и\s+)?ещ[её]\s+(?:одна\s+)?проблем\w*|друг\w+\s+проблем\w*|отдельн\w+\s+проблем\w*|
        (?:another|one\s+more|a\s+second|second|other|separate|different)\s+(?:problem|issue|question))\b
""", IX, guard=(
    "also", "additionally", "another", "one", "second", "separately", "unrelated", "ещ", "так", "кроме", "помимо",
    "другой", "отдельный", "вторых", "второй", "теме", "ps", "p.s", "друг", "отдельн", "problem", "issue", "question",
    # P.S. with a space: "p", an optional ".", one whitespace character (\s), "s"
    *(p + c + "s" for p in ("p", "p.") for c in WHITESPACE)))
ANNOUNCE = LazyRe(r"\b(?:two|three|several|a\s+couple\s+of)\s+(?:more\s+)?(?:questions|things|issues|problems|requests)\b"
                  r"|\b(?:два|две|три|несколько|пару)\s+(?:ещ[её]\s+)?(?:вопрос\w*|проблем\w*|просьб\w*)\b", I,
                  guard=("questions", "things", "issues", "problems", "requests", "вопрос", "проблем", "просьб"))
ASKING = LazyRe(r"\?|\b(?:пожалуйста|please|хочу|хотим|хотел\w*|нужно|нужен|нужна|need|would\s+like|i'?d\s+like|want)\b", I,
                guard=("?", "пожалуйста", "please", "хочу", "хотим", "хотел", "нужн", "нужен", "need", "like", "want"))


def _segments(t):
    """Spans of the parts of the text, cut at items and markers; ``t.facts["items"]``: how many
    parts are list items."""
    text = t.text
    cuts = {0}
    items = 0
    for m in ITEM.finditer(text):
        a = m.start()
        line = text[text.rfind("\n", 0, a) + 1:a]
        if line.count("(") > line.count(")"):
            continue  # "(Contact Form 7) sends…", "(Windows 10)": a number closing a parenthesis
        cuts.add(a)
        items += 1
    t.facts["items"] = items
    announce = ANNOUNCE.possible(text)
    for a, b in t.doc.sentences:
        if MARKER.match(text, a):
            cuts.add(a)
        m = ANNOUNCE.search(text, a, b) if announce else None
        if m:
            cuts.add(m.start())
    cuts = sorted(cuts)
    return [(a, b) for a, b in zip(cuts, cuts[1:] + [len(text)]) if text[a:b].strip()]


# A cut that says a new problem starts ("ещё проблема", "another issue", "unrelated"): what follows
# is a problem of its own unless it shares an area with the rest.
NEW_PROBLEM = LazyRe(r"""
    \W*(?:(?:и\s+)?ещ[её]\s+(?:одна\s+|один\s+)?(?:проблем|вопрос)\w*|друг\w+\s+(?:проблем|вопрос)\w*|
        отдельн\w+\s+(?:проблем|вопрос)\w*|второй\s+вопрос|не\s+по\s+теме|
        (?:another|one\s+more|a\s+second|second|other|separate|different)\s+(?:problem|issue|question)|unrelated)\b
""", IX, guard=("ещ", "друг", "отдельн", "второй", "теме", "problem", "issue", "question", "unrelated"))


def _topic_hits(t) -> list[tuple[int, str]]:
    hits = t.facts.get("topic_hits")
    if hits is None:
        # areas named by the client, not inside an address or a pasted log or configuration
        skip = t.domains.spans
        code = t.doc.code_quotes
        hits = sorted({(h.start, name) for name in TOPICS for h in t.doc.find("t:" + name)
                       if not in_spans(h.start, skip) and not in_spans(h.start, code)})
        t.facts["topic_hits"] = hits
    return hits


def _topics_in(t, a: int, b: int) -> dict:
    """Problem areas mentioned in ``text[a:b]``: area → (mentions, first position)."""
    out = {}
    for pos, name in _topic_hits(t):
        if a <= pos < b:
            n, first = out.get(name, (0, pos))
            out[name] = (n + 1, first)
    return out


def _primary(topics: dict) -> str:
    return min(topics, key=lambda k: (-topics[k][0], topics[k][1]))


def _unrelated(x: dict, y: dict, site_mail: bool = False) -> bool:
    """Is the main area of one part foreign to the other part?"""
    if not x or not y:
        return False
    px, py = _primary(x), _primary(y)
    if px == py or px in y or py in x:
        return False
    pair = frozenset((px, py))
    return pair not in RELATED and not (site_mail and pair in SITE_MAIL_RELATED)


def _site_mail(t) -> bool:
    from . import mail  # noqa: PLC0415

    return t.type == "mail" and mail.site_sends(t)


# A part that only reports a problem solved ("Thanks, the certificate works now!") is not a
# question of its own.
_RESOLVED = LazyRe(r"""
    \b(?:works?|working|loads?|opens?)\s+(?:fine\s+|again\s+|well\s+)?now\b | \bis\s+(?:fixed|resolved|solved|sorted)\b
  | \b(?:problem|issue)\s+(?:is\s+|was\s+|has\s+been\s+)?(?:fixed|resolved|solved|gone)\b
  | \bзаработал\w* | \bтеперь\s+(?:всё\s+|все\s+)?работает | \bвс[её]\s+работает | \bпроблема\s+(?:решена|ушла|исчезла)
  | \bпомогло\b | \bисправилось\b
""", IX, guard=("now", "fixed", "resolved", "solved", "sorted", "gone", "заработал", "работает", "решена", "ушла", "исчезла",
                "помогло", "исправилось"))


def _is_question(t, a: int, b: int) -> bool:
    """Is the part a question or a problem of its own? Not a solved one, and not a short item
    that neither asks nor reports a fault: a step of "Steps to reproduce" ("3. Click Pay") or a
    template's fact ("- Browser: Chrome")."""
    from .vague import MALFUNCTION  # noqa: PLC0415

    s = t.text[a:b]
    if not _RESOLVED.search(s):
        if t.facts.get("items", 0) < 3 or len(_WORDS.findall(s)) >= _STATEMENT_WORDS:
            return True  # short items are steps or facts only in a list of three or more
        return bool(ASKING.search(s) or MALFUNCTION.found(s))
    return bool(ASKING.search(s) or MALFUNCTION.found(s))


_WORDS = LazyRe(r"[^\W\d_]+")
_STATEMENT_WORDS = 8  # a part this long states something, whatever its words
# A part that refers back to the problem before it ("it is also slow on my phone") is the same one.
_BACK = LazyRe(r"\b(?:also|too|as\s+well|same|it|this|that|тоже|также|так\s+же|этот|эта|это|он|она|оно|там|тут)\b", I)


def check(t):
    segs = _segments(t)
    parts = [(a, b, _topics_in(t, a, b)) for a, b in segs]
    asked = [p for p in parts if _is_question(t, p[0], p[1])]
    parts = [p for p in asked if p[2]]
    site_mail = _site_mail(t) if len(parts) >= 2 else False
    if len(parts) >= 2:
        for (a1, b1, x), (a2, b2, y) in combinations(parts, 2):
            if _unrelated(x, y, site_mail):
                return t.finding("one-question", span=(a2, b2), topics=_topic_names(t, x, y))
    # a part announced as another problem ("ещё проблемы с модулем OAuth — не работает") that
    # shares no area with what comes before it
    for i, (a, b, y) in enumerate(asked):
        if i and NEW_PROBLEM.match(t.text, a):
            before = {}
            for a0, b0, x in asked[:i]:
                before.update(x)
            if not before or set(before) & set(y):
                continue
            if not y and _BACK.search(t.text, NEW_PROBLEM.match(t.text, a).end(), b):
                continue  # "Another issue: it is also slow on my phone" is the same problem
            return t.finding("one-question", span=(a, b), topics=_topic_names(t, before, y))
    # no explicit cut: two questions/requests about unrelated areas
    asks = []
    for a, b in (t.doc.sentences if ASKING.possible(t.text) else ()):
        if ASKING.search(t.text[a:b]):
            tp = _topics_in(t, a, b)
            if tp:
                asks.append((a, b, tp))
    if len(asks) >= 2:
        for (a1, b1, x), (a2, b2, y) in combinations(asks, 2):
            # without a cut, money questions may well be about the same problem
            # ("the site is down — I paid yesterday, please check")
            if {"billing", "plan"} & {_primary(x), _primary(y)}:
                continue
            if _unrelated(x, y, _site_mail(t)):
                return t.finding("one-question", span=(a2, b2), topics=_topic_names(t, x, y))
    return None


def _topic_names(t, x, y) -> str:
    from . import messages  # noqa: PLC0415

    return messages.what(sorted(x) + sorted(y), t.ui_lang, messages.TOPICS)
