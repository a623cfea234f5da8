"""isp [5]: a site-access ticket says who provides the client's Internet access."""

from __future__ import annotations

from .lexicons import ISP_TYPO
from .text import IX, LazyRe

# "Провайдер: ЛокалНет", "my ISP is Kvant", "интернет у нас от «Сети»", "connected via
# NetCity": a provider keyword followed by a name. "провайдер хостинга" / "hosting
# provider" is the web host, not the access provider.
NAMED = LazyRe(r"""
    (?<!hosting\s)(?<!хостинг\s)(?<!хостинга\s)
    (?:(?P<kw>интернет[\s-]*провайдер\w*|провайдер\w*|\bisp\b|internet\s+(?:service\s+)?provider|
       (?<!dns\s)(?<!web\s)(?<!mail\s)(?<!email\s)(?<!e-mail\s)(?<!domain\s)(?<!cloud\s)(?<!payment\s)(?<!vpn\s)(?<!ssl\s)\bprovider)|
       (?:мобильн\w+|сотов\w+)\s+оператор\w*|оператор\w*\s+связи|mobile\s+(?:operator|carrier)|
       интернет\w*(?:\s+у\s+(?:меня|нас))?\s+(?:от|через)|
       (?:мобильн\w+|домашн\w+)\s+интернет\w*|
       internet\s+(?:is\s+|comes\s+)?(?:from|via|through|by)|
       (?:connect\w*|on)\s+(?:via|through)|подключ\w*\s+(?:через|от|к)|сеть)
    (?!\s+хостинг)(?!\s+hosting)
    \s*(?P<sep>[:\-—–(]|\bis\b|\bэто\b)?\s*[«"“(]?
    (?P<name>[a-zа-яё][\w&.\-]*)
""", IX, guard=("провайдер", "isp", "provider", "оператор", "mobile", "интернет", "internet", "via", "through", "подключ",
                "сеть"))

_NOT_NAMES = frozenset("""
не нет no not unknown неизвестно the a my our мой наш i я и and also тоже
dont don't знаю know sure уверен уверена какой-то какой some same тот
""".split())


def named(text: str):
    """Providers named after a keyword ("провайдер Сеть-Плюс", "my ISP is Kvant"): ``(start,
    end)`` of each name, in order."""
    for m in NAMED.finditer(text):
        name = m.group("name")
        if name.lower() in _NOT_NAMES:
            continue
        # "Провайдер: местный, «Сеть-Плюс»", "Provider: local cable company, Ziply Fiber": an
        # explicit "провайдер:" / "ISP is" answers the question whatever the name's case
        if name[0].isupper() or (m.group("kw") and m.group("sep")):
            a, b = m.span("name")
            yield a, a + len(name.rstrip(".-"))  # "Comcast." at a sentence's end


def isp_hits(t):
    """Where the ticket names the Internet provider: ``(start, end, in_subject)``, in order."""
    for h in t.doc.find("isp"):
        yield h.start, h.end, False
    if t.subject:
        for h in t.sdoc.find("isp"):
            yield h.start, h.end, True
    hit = ISP_TYPO.find_hit(t.doc, t.domains.spans)
    if hit is not None:
        yield hit[1], hit[2], False
    for a, b in named(t.text):
        yield a, b, False


def check(t):
    if t.field("isp"):
        return None
    if t.doc.has("isp") or (t.subject and t.sdoc.has("isp")) or ISP_TYPO.find(t.doc, t.domains.spans):
        return None
    if next(named(t.text), None) is not None:
        return None
    return t.finding("isp", field="isp")
