"""please [6]: an action asked for as a question about ability ("Можете ли вы…?", "Can you…?").

A question about the desk's ability ("Не могли бы вы посмотреть логи?", "Could you renew
my domain?", "Есть возможность поднять лимит?", "Can this be fixed?") is a request in
disguise. A question for information is not: "Можно ли самому редактировать DNS, или это
делается через поддержку?", "Is it possible to pay by card or only by transfer?",
"Can I transfer my domain myself?". The suggestion rewrites the sentence as a request.
"""

from __future__ import annotations

from .imperative import _SKIP, en_base, en_gerund_base, is_ru_infinitive, ru_imperative
from .text import IX, LazyRe

RU_MODAL = LazyRe(r"""
    (?P<m>
      (?:(?:а|и|так|тогда|также|еще|ещё)\s+)?
      (?:
         (?P<ability>(?:вы\s+)?(?:не\s+)?(?:можете|сможете|могли\s+бы|смогли\s+бы)(?:\s+ли)?(?:\s+вы)?)
       | (?P<poss>(?:не\s+)?(?:можно|нельзя|возможно|получится|реально)(?:\s+ли)?(?:\s+у\s+вас)?
       | (?:есть|имеется|нет)\s+(?:ли\s+)?(?:у\s+вас\s+)?возможност\w*(?:\s+у\s+вас)?)
      )
      (?:\s*,?\s*пожалуйста\s*,?)?
    )
    \s+(?P<rest>[^?]*)
""", IX, hints=("мож", "мог", "возможн", "нельз", "получит", "реальн"))

_RU_INTERROGATIVE = LazyRe(r"\bли\b|\bмогли\s+бы\b|\bсмогли\s+бы\b", IX)

EN_MODAL = LazyRe(r"""
    (?P<m>
      (?:
         (?P<mind>would\s+you\s+mind)
       | (?:can|could|would|will)\s+(?:you|u|you\s+guys|your\s+team|someone|somebody|anyone)
           (?:\s+please)?(?:\s+(?:kindly|possibly|maybe|perhaps|also|just|quickly))?(?:\s+be\s+able\s+to)?
       | (?P<poss>(?:is|would)\s+it\s+(?:be\s+)?possible\s+(?:for\s+you\s+)?to
       | is\s+there\s+(?:a|any)\s+(?:way|chance|possibility)\s+(?:for\s+you\s+)?(?:to|you\s+could)
       | any\s+chance\s+(?:you\s+(?:could|can)|to))
       | are\s+you\s+able\s+to | do\s+you\s+think\s+you\s+could
       | (?P<give>(?:can|could|may)\s+(?:i|we)\s+(?:please\s+)?(?:get|have|receive|obtain))
      )
      (?:\s*,?\s*please\s*,?)?
    )
    \s+(?P<rest>[^?]*)
""", IX, hints=("can", "could", "would", "will", "possib", "way", "chance", "able", "may"))

EN_PASSIVE = LazyRe(r"""
    (?P<m>(?:can|could)\s+(?P<obj>this|it|that|these|they|(?:the|my|our|this|that)\s+[\w-]+(?:\s+[\w-]+)?)
    \s+(?:please\s+)?be\s+(?P<pp>[a-z]+(?:ed|en|t|ne|wn|de)))\b(?P<rest>[^?]*)
""", IX, hints=("can", "could"))

# Before the modal, these make it a subordinate clause: "if you could check", "если сможете"
_SUBORDINATE = LazyRe(r"\b(?:if|whether|how|what|where|when|why|that|wonder|если|когда)\b[^,]*$"
                      # a Russian question word just before the modal asks for information:
                      # "Как можно ускорить?", "Что можно сделать?", "Сколько можно ждать?"
                      r"|\b(?:как|что|чем|сколько|где|куда|откуда|зачем|почему|когда|кто|какой|какая|какое|какие|каким|каких)"
                      r"(?!-)\s+(?:(?:же|ещё|еще|тут|здесь|вообще|теперь|сейчас)\s+)?$", IX)

# "Can I do it myself?", "…, или это делается через поддержку?": questions for information
_INFO = LazyRe(r"""
    \b(?:сам|сама|сами|самому|самой|самим|самостоятельно|своими\s+силами|собственными\s+силами)\b
  | \bили\b | \bна\s+ваш\w+\s+(?:хостинг\w*|тариф\w*|сервер\w*|платформ\w*)
  | \b(?:myself|ourselves|yourself|on\s+my\s+own|on\s+our\s+own|by\s+myself)\b | \bor\b
  | \bon\s+your\s+(?:hosting|servers?|plans?|platform|shared)
""", IX)
_RU_INFO_VERB = LazyRe(r"^(?:оплат|плат|использ|пользова|узна|уточн|запуска|работа|держать|хранить)", IX)
_EN_INFO_VERB = LazyRe(r"^(?:pay|use|run|host|know|find\s+out|learn|see\s+(?:what|why|how))\b", IX)
# "Can you tell me…?", "Не могли бы вы подсказать…?": a question for information
_TELL = LazyRe(r"^(?:(?:please\s+)?(?:tell|explain|advise|clarify|let\s+me\s+know|confirm\s+(?:whether|if))\b"
               r"|(?:мне\s+)?(?:подсказать|сказать|объяснить|пояснить|рассказать|уточнить|ответить)\b)", IX)
_EN_BAD_REST = LazyRe(r"^(?:believe|imagine|see|hear)\b", IX)


def _ru_rewrite(rest: str) -> str | None:
    words = rest.split()
    # the infinitive may come after a pronoun or a short object: "можно ли это исправить"
    k = next((i for i, w in enumerate(words[:4]) if is_ru_infinitive(w.strip(","))), None)
    if k is None:
        return None
    pre = [w.strip(",") for w in words[:k]]
    words = words[k:]
    verb = words[0].strip(",")
    imp = ru_imperative(verb)
    if imp is None:
        return None
    out = [imp] + [p for p in pre if p.lower() not in ("пожалуйста", "пожалуй")] + words[1:]
    # "проверить и исправить" → "проверьте и исправьте"
    for i in range(1, len(out) - 1):
        if out[i].lower() == "и" and is_ru_infinitive(out[i + 1].strip(",")):
            nxt = ru_imperative(out[i + 1].strip(","))
            if nxt:
                out[i + 1] = nxt + ("," if out[i + 1].endswith(",") else "")
    body = " ".join(out).rstrip(" ,.!?")
    if body.lower().endswith("пожалуйста"):
        body = body[: -len("пожалуйста")].rstrip(" ,")
    return "Пожалуйста, " + body + "."


def _en_rewrite(rest: str, give: bool) -> str:
    body = rest.strip().rstrip(" ,.!?")
    if body.lower().startswith("please "):
        body = body[7:]
    if body.lower().endswith(" please"):
        body = body[:-7].rstrip(" ,")
    if body.lower().startswith(("get ", "have ", "receive ", "obtain ")):
        body = "provide " + body.split(None, 1)[1]
    if give:
        return "Please send me " + body + "."
    return "Please " + body + "."


def _find(sentence: str, ru: bool = True, en_passive: bool = True, en: bool = True):
    """``(start, end, rewritten)`` of the disguised request in one sentence, or None.

    ``ru``, ``en_passive``, ``en``: False when RU_MODAL, EN_PASSIVE or EN_MODAL is known not
    to match (its hints are nowhere in the whole text)."""
    is_question = sentence.rstrip().endswith("?")
    m = RU_MODAL.search(sentence) if ru else None
    if m:
        head = sentence[: m.start()]
        if not _SUBORDINATE.search(head):
            interrogative = is_question or bool(_RU_INTERROGATIVE.search(m.group("m")))
            rest = m.group("rest")
            first = next((w for w in rest.split() if w.lower().strip(",") not in _SKIP), "")
            info = (m.group("poss") and (_INFO.search(sentence) or _RU_INFO_VERB.search(first))) or _TELL.match(rest)
            if interrogative and not info:
                new = _ru_rewrite(rest)
                if new:
                    return m.start(), len(sentence), new
    m = EN_PASSIVE.search(sentence) if en_passive else None
    if m and (is_question or m.start() == 0) and not _SUBORDINATE.search(sentence[: m.start()]):
        obj = m.group("obj")
        obj = {"it": "it", "this": "this", "that": "that", "they": "them", "these": "these"}.get(obj.lower(), obj)
        new = "Please " + en_base(m.group("pp")) + " " + obj + m.group("rest").rstrip(" ,.!?") + "."
        return m.start(), len(sentence), new
    m = EN_MODAL.search(sentence) if en else None
    if m:
        head = sentence[: m.start()]
        clause_start = not head.strip() or head.rstrip().endswith((",", ":", ";", "—", "-")) or len(head.split()) <= 2
        rest = m.group("rest")
        if (is_question or clause_start) and not _SUBORDINATE.search(head) and not _EN_BAD_REST.match(rest):
            info = ((m.group("poss") or m.group("give")) and (_INFO.search(sentence) or _EN_INFO_VERB.match(rest))) \
                or _TELL.match(rest)
            if not info and rest.strip():
                if m.group("mind"):  # "would you mind checking" → "check"
                    first, _, tail = rest.strip().partition(" ")
                    rest = en_gerund_base(first) + (" " + tail if tail else "")
                return m.start(), len(sentence), _en_rewrite(rest, bool(m.group("give")))
    return None


def check(t):
    text = t.text
    # a pattern whose hints are nowhere in the text matches in none of its sentences
    ru, en_passive, en = RU_MODAL.possible(text), EN_PASSIVE.possible(text), EN_MODAL.possible(text)
    if not (ru or en_passive or en):
        return None
    hits = []
    for a, b in t.doc.sentences:
        found = _find(text[a:b], ru, en_passive, en)
        if found:
            s, e, new = found
            if text[a:a + s].strip():
                new = new[:1].lower() + new[1:]
            hits.append((a + s, a + e, new, text[a:b]))
    if not hits:
        return None
    out, pos = [], 0
    for s, e, new, _sent in hits:
        out.append(text[pos:s])
        out.append(new)
        pos = e
    out.append(text[pos:])
    replacement = "".join(out)
    s, e, new, sent = hits[0]
    question = text[s:e].strip()
    return t.finding("please", span=(s, e), replacement=replacement,
                     question=question, request=new)
