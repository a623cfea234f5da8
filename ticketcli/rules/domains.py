"""Domain names, URLs and e-mail addresses (including IDN ``пример.рф`` and punycode)."""

from __future__ import annotations

import re

from .text import I, LazyRe, SpanSet, cached_property

# Top-level domains accepted in running text. A closed list, so that file names
# (index.php, backup.tar.gz, README.md) and "Яндекс.Вебмастер" are not taken for domains.
_GENERIC = """
com net org info biz pro name mobi app dev io co me tv cc ai xyz club top site online
website web tech space store shop blog cloud host hosting email agency studio design media
news travel tours law dental cafe photo photos art live life world today group company center
solutions services ltd inc academy school edu gov int moscow tatar spb su ru rf ua by kz uz
am ge az kg tj lv lt ee fi se no dk de at ch nl be fr es pt it pl cz sk hu ro bg gr tr il
uk us ca au nz jp cn kr in sg hk tw ie is lu eu asia pw ws fm to ly gg im je mx br ar cl pe
vn th id my ph rs si hr ba mk al cy mt family fit fun games guru health help house land link
live market marketing money network one page plus press pub red rocks run sale social software
support systems team tips tools top town toys video vip wiki work works zone digital finance
global expert events estate energy city click casino bar beauty bike blue care cars chat
clinic codes coffee community computer construction consulting cool deals dog education
engineering express farm fashion fish florist gallery garden gift gifts gold golf graphics
green hotel hotels house immo jobs kitchen legal lighting limited love luxury management
menu mobi moda movie music ninja partners parts pet pics pizza place plumbing productions
properties property realty recipes rent repair report rest restaurant review reviews rip
school science security shoes show ski soccer solar style sucks surf tax taxi tech tennis
theater tickets tires trade training tube university vacations vet vision watch wedding win
wine yoga fitness salon auto car cars bank events church dance band reisen berlin london nyc
paris tokyo amsterdam kiwi lol ooo pictures photography
firm llc gmbh capital ventures fund holdings investments lawyer attorney doctor dentist accountant
consulting builders contractors industries enterprises institute foundation international
associates center centre studio cafe bio eco organic fashion boutique jewelry photo audio
radio film art gallery ink tattoo bakery catering delivery flowers florist garden homes
haus kaufen shopping store sarl nrw bayern wien koeln hamburg scot wales cymru quebec
moe app cloud run host cz lt
рф рус москва онлайн сайт орг ком дети бел укр срб қаз
"""
TLDS = frozenset(_GENERIC.split())

# Well-known third-party services: a mention of them is not "the client's site".
THIRD_PARTY = frozenset(
    """
gmail.com googlemail.com google.com yandex.ru ya.ru yandex.com mail.ru bk.ru list.ru inbox.ru
rambler.ru outlook.com hotmail.com live.com msn.com yahoo.com icloud.com me.com aol.com
protonmail.com proton.me gmx.com gmx.de gmx.net zoho.com dom.ru asp.net ado.net socket.io
microsoft.com apple.com letsencrypt.org wordpress.org wordpress.com php.net github.com
""".split()
)

# A label: 1 to 63 letters, digits and hyphens, neither first nor last a hyphen. Written with one
# character class where "[C](?:[C-]{0,61}[C])?" had three: the same matches, tried in the same
# order (longest first; tests/test_rules_domains.py runs both), for half the cost of compiling
# (sre turns a class of characters beyond Latin-1 in several runs into a 64K-entry table, in
# pure Python: about a million instructions each).
_LABEL = r"(?!-)[a-z0-9а-яёәіңғүұқөһ-]{1,63}(?<!-)"
def may_have_host(text: str) -> bool:
    """False when _HOST cannot match: every match has a "." followed by a label's first
    character, a letter or a digit (str.isalnum() holds for every character the label's class
    matches, with or without re.IGNORECASE; tests/test_rules_domains.py checks each code point)."""
    i = text.find(".")
    while i >= 0:
        if text[i + 1:i + 2].isalnum():
            return True
        i = text.find(".", i + 1)
    return False


_HOST = LazyRe(rf"(?<![\w.\-])((?:{_LABEL}\.)+({_LABEL}))(?![\w\-]|\.[a-z0-9а-яё])", I, precheck=may_have_host)
_EMAIL = LazyRe(rf"(?<![\w.+\-])[\w.+\-]+@((?:{_LABEL}\.)+{_LABEL})", I, hints=("@",))
_URL = LazyRe(r"(?:https?|ftp)://[^\s<>\"«»]+|(?<![\w.@-])www\.[^\s<>\"«»]+", I, hints=("://", "www."))


# Two-letter TLDs that are also English words: "fine.It was" (a missing space) is no domain.
_WORDLIKE = frozenset("it is in to no me my am be at us so do go by".split())

# Names that are never a site on the Internet (RFC 2606, RFC 6761, RFC 6762, and the private-use
# suffixes in common use): "user@localhost.localdomain", "https://intranet.corp/".
_RESERVED_TLDS = frozenset("local localhost localdomain lan internal intranet corp home test invalid".split())

# A host name followed by one of these words is a file's name: "the mail.info log".
_FILE_WORDS = LazyRe(r"[ \t]+(?:log|logs|file|files|лог\w*|файл\w*|журнал\w*)\b", I)

# Pages a ticket links to for reference (a forum thread, an article, a code host, a checker),
# not the address the client opens: by the site, by the link's path, or by the words that
# introduce it ("после выполнения инструкции https://…", "[This post](https://…)", "see https://…").
_REFERENCE_SITES = frozenset("""
github.com gitlab.com bitbucket.org stackoverflow.com stackexchange.com askubuntu.com superuser.com
serverfault.com habr.com youtube.com youtu.be isitdownrightnow.com downforeveryoneorjustme.com
downdetector.com downdetector.ru
""".split())
_REFERENCE_PATH = LazyRe(r"/(?:viewtopic|showthread|showtopic|questions|issues|threads?|topics?|discussions?|wiki)\b", I,
                         hints=("viewtopic", "showthread", "showtopic", "questions", "issues", "thread", "topic",
                                "discussion", "wiki"))
_REFERENCE_BEFORE = LazyRe(r"""(?:инструкци\w*|стать[яеюи]\w*|форум\w*|документаци\w*|мануал\w*|гайд\w*|см\.|смотри\w*|
    по\s+ссылке|ссылк[аеуи]|according\s+to|see|this\s+(?:post|article|thread|guide|answer|issue)|article|thread|guide|
    tutorial|documentation|docs|described\s+(?:in|at|here)|following\s+(?:the\s+)?\w+)\W{0,6}$""",
    I | re.X, hints=("инструкц", "стат", "форум", "документац", "мануал", "гайд", "см", "ссылк", "according", "see", "this",
                      "article", "thread", "guide", "tutorial", "doc", "described", "following"))


def _is_reference(text: str, start: int, url: str | None, host: str) -> bool:
    """Is the host at ``start`` (in ``url``, when it stands in one) linked for reference?"""
    bare = host[4:] if host.startswith("www.") else host
    if bare in _REFERENCE_SITES or _third_party_suffix(bare, _REFERENCE_SITES):
        return True
    if url is not None and _REFERENCE_PATH.search(url):
        return True
    if start >= 2 and text[start - 2:start] == "](":
        return True  # a markdown link: "[This post](https://…)"
    return _REFERENCE_BEFORE.search(text[max(0, start - 60):start]) is not None


def _third_party_suffix(host: str, names=THIRD_PARTY) -> bool:
    """Does ``host`` end with "." and one of ``names`` (a subdomain of one)?"""
    p = host.find(".")
    while p != -1:
        if host[p + 1:] in names:
            return True
        p = host.find(".", p + 1)
    return False


def _tld_ok(tld: str, host: str = "") -> bool:
    low = tld.lower()
    if low in _WORDLIKE and tld != low and host != host.upper():
        return False
    return low in TLDS or low.startswith("xn--")


def _any_tld_ok(tld: str) -> bool:
    """A URL's or an e-mail address's top-level domain: any name of letters (".microsoft",
    ".museum") or punycode, not a reserved one. Bare words with a dot are held to the closed list
    (``_tld_ok``): "index.php" is a file."""
    low = tld.lower()
    if low.startswith("xn--"):
        return True
    return 2 <= len(tld) <= 63 and tld.isalpha() and low not in _RESERVED_TLDS


def _known_prefix(host: str) -> str | None:
    """The longest leading part of a dotted name that ends in a known top-level domain, of two
    labels or more: "mysite.ru" in "mysite.ru.access.log", a log file named after its site."""
    labels = host.split(".")
    for k in range(len(labels) - 1, 1, -1):
        if _tld_ok(labels[k - 1], host):
            return ".".join(labels[:k])
    return None


class Domains:
    """Every host name in a text, with where it stood (URL, e-mail address or bare)."""

    def __init__(self, text: str) -> None:
        self.text = text or ""

    @cached_property
    def emails(self) -> list[tuple[int, int, str]]:
        out = []
        for m in _EMAIL.finditer(self.text):
            host = m.group(1).lower().rstrip(".")
            if _any_tld_ok(host.rsplit(".", 1)[-1]):
                out.append((m.start(), m.end(), host))
        return out

    @cached_property
    def urls(self) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), m.group().rstrip(".,;:!?)")) for m in _URL.finditer(self.text)]

    @cached_property
    def hosts(self) -> list[tuple[int, int, str, str]]:
        """``(start, end, host, where)`` with ``where`` in ``email|url|bare``."""
        out = []
        t = self.text
        for m in _HOST.finditer(t):
            host = m.group(1).lower()
            a, b = m.start(1), m.end(1)
            where = "bare"
            authority = False  # the host part of a URL or of an e-mail address
            if a > 0 and t[a - 1] == "@":
                where = "email"
                authority = True
            else:
                for ua, ub, _ in self.urls:
                    if ua <= a < ub:
                        where = "url"
                        head = t[ua:a]
                        authority = head.endswith("://") or a == ua or head.endswith("@")
                        break
            if authority:
                if not _any_tld_ok(m.group(2)):
                    continue
            elif not _tld_ok(m.group(2), m.group(1)):
                prefix = _known_prefix(m.group(1))
                if prefix is None:
                    continue
                host, b = prefix.lower(), a + len(prefix)
            if where == "bare" and t[b:b + 1] in (" ", "\t") and _FILE_WORDS.match(t, b):
                continue  # "the mail.info log": a file
            out.append((a, b, host, where))
        return out

    def any_hosts(self) -> list[str]:
        """Every host name, the client's own or not (a domain counts wherever it stands)."""
        return [host for _a, _b, host, _w in self.hosts]

    def opened_hosts(self) -> list[str]:
        """Hosts that can be the address the client opens: their own (not gmail.com), not an
        e-mail address's, and not a page linked for reference (a forum thread, an article)."""
        own = set(self.own_hosts(include_email=False))
        out = []
        for a, _b, host, where in self.hosts:
            if host not in own:
                continue
            url, start = None, a
            if where == "url":
                for ua, ub, u in self.urls:
                    if ua <= a < ub:
                        url, start = u, ua
                        break
            if not _is_reference(self.text, start, url, host):
                out.append(host)
        return out

    def own_hosts(self, *, include_email: bool = True) -> list[str]:
        """Host names that can be the client's own (not gmail.com, mail.ru, …)."""
        out = []
        for _a, _b, host, where in self.hosts:
            if where == "email" and not include_email:
                continue
            bare = host[4:] if host.startswith("www.") else host
            if bare in THIRD_PARTY or _third_party_suffix(bare):
                continue
            out.append(host)
        return out

    @cached_property
    def spans(self) -> SpanSet:
        """Spans covered by URLs, e-mail addresses and host names (to mask them)."""
        sp = [(a, b) for a, b, _ in self.urls] + [(a, b) for a, b, _ in self.emails]
        sp += [(a, b) for a, b, _h, _w in self.hosts]
        return SpanSet(sp)
