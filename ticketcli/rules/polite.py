"""polite [7]: no insults or profanity (error); no shouting, a whole sentence in capitals (warning).

Masked profanity counts ("х**ня", "б***ь", "f***ing"); polite criticism ("немного
разочарован скоростью ответа", "I'm a bit disappointed") does not. Words that insult
only when aimed at someone ("useless", "бесполезные", "garbage") count when the same
sentence addresses the company or its staff.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import islice, repeat

from .text import I, LazyRe, WordMemo

# Profanity: always rude, whatever it is aimed at. Matched on words: a word is rude when,
# after at most one verbal prefix ("на", "за", "вы", …), it begins with one of these roots.
_PREFIXES = ("", "на", "по", "за", "от", "вы", "у", "до", "при", "рас", "раз", "пере", "съ", "въ",
             "объ", "из", "ни", "рас", "под", "про", "о", "впиз")
_PROFANE_ROOTS = (
    "хуй", "хуя", "хуе", "хуи", "хую", "пизд", "пезд", "еба", "ебу", "ебл", "ебн", "ебись", "ебет", "ебут",
    "ебо", "ебк", "долбое", "долбан", "бляд", "блят", "мудак", "мудач", "мудил", "мудо", "говн", "гавн", "говен",
    "гавен", "дерьм", "жоп", "срань", "сран", "засранц", "засран", "гандон", "пидор", "пидар", "залуп", "херн",
    "херов", "херац", "хера", "охерен", "охирен", "ахрен", "шлюх", "сучк", "сучар", "сучь", "гребан", "гребучий",
    "fuck", "fuk", "motherf", "shit", "bullshit", "horseshit", "asshole", "bitch", "cunt", "dickhead",
    "goddamn", "crap", "bastard", "jackass", "dumbass",
)
_PROFANE_WORDS = frozenset("""
бля блять блядь бле сука суки суку хер хера херу хрен хрена хреново хренов хреновый нахер похер
нахрена нахрен wtf stfu
""".split())
# Insults aimed at people: always rude.
_INSULT_ROOTS = (
    "идиот", "дебил", "кретин", "придур", "дегенерат", "тупиц", "тупорыл", "криворук", "рукожоп",
    "бездар", "бездельник", "лодыр", "халтурщик", "урод", "кидал", "мошенник", "жулик", "ворюг",
    "шарашк", "дармоед", "негодя", "сволоч", "скотин", "охренел", "охреневш", "офигел", "обнаглел",
    "обнаглевш", "оборзел", "мраз", "ублюд", "гнид", "чмо", "чмошн", "падл", "паскуд", "лохотрон", "зажрал",
    "idiot", "moron", "imbecile", "cretin",
    "retard", "incompetent", "scammer", "worthless", "clueless", "pathetic",
)
_INSULT_WORDS = frozenset("""
дурак дураки дураков лох лохи лохов козлы козлов тварь твари clown clowns crook crooks thieves
loser losers amateurs
""".split())
# Words that insult when aimed at the company or its staff ("your support is useless").
_TARGETED_ROOTS = (
    "garbage", "rubbish", "useless", "stupid", "dumb", "lazy", "joke", "suck", "worst", "disgrace",
    "хлам", "отстой", "помойк", "бесполезн", "тупые", "тупой", "тупая", "ленив", "позор", "убог",
    "никчемн", "обленил", "лентя", "разгильдя", "раздолба", "никудышн", "бестолков", "поган", "паршив",
    "ripoff", "shambles",
)
_TARGET_WORDS = frozenset("""
you your you re yours u ya guys people host team staff вы вас вам ваш ваша ваше ваши вашей вашего
вашу вашим ваших вашими
""".split())
_TARGET_ROOTS = (
    "support", "compan", "admin", "operator", "hosting", "service", "engineer", "поддержк",
    "саппорт", "компани", "сотрудник", "админ", "оператор", "хостинг", "сервис", "специалист",
    "техподдержк", "контор",
)


_BY_START: dict[str, tuple[str, ...]] = {}


def _profane_index() -> dict[str, tuple[str, ...]]:
    """Every prefix+root, grouped by its first two letters (built on first use)."""
    if not _BY_START:
        groups: dict[str, list[str]] = {}
        for p in _PREFIXES:
            for r in _PROFANE_ROOTS:
                w = p + r
                groups.setdefault(w[:2], []).append(w)
        _BY_START.update({k: tuple(v) for k, v in groups.items()})
    return _BY_START


def _is_profane(w: str) -> bool:
    if w in _PROFANE_WORDS:
        return True
    cands = _profane_index().get(w[:2])
    return bool(cands) and w.startswith(cands)


# Masked: letters with a run of mask characters among them (х**ня, б***ь, нах*р, охр*нели,
# f***ing, s**t, б..ть). A run of k marks stands for one to k + 2 letters; the word is rude
# when, so read, it is one of MASKABLE (as a whole, or followed by an ending of up to three letters).
MASKED = LazyRe(r"(?<![\w*#@$%.])[а-яёa-z]{1,6}(?:[*#@$%]{1,6}(?:[а-яёa-z]{1,8}(?:[*#@$%]{1,6}[а-яёa-z]{0,6})?)?|\.{2,4}[а-яёa-z]{1,8})(?![\w*#@$%])",
                I, guard=("*", "#", "@", "$", "%", ".."))
MASKABLE = tuple("""
хуй хуя хую хуе хуем хуйня хуйню хуево хуевый хуевая хуета хер херня херню хрен хрена нахер нахрен нахуй нахуя похер
похуй охренели охренеть охерели охуели охуеть пизда пизды пизде пиздец пиздеж пиздят блядь блять бля
ебать ебаный ебанный ебанутый ебут заебали заебало заебал наебали уебки уебок уебан выебон долбоеб долбоебы
сука суки сучка сучара говно говна гавно гавна говняный дерьмо дерьмовый жопа жопу мудак мудаки мудила срань сраный
пидор пидоры гандон залупа шлюха тварь
fuck fucking fucked fucker fuckers motherfucker shit shitty bullshit asshole ass bitch bitches cunt dick dickhead
bastard crap crappy wtf
""".split())
_MASK_RUN = LazyRe(r"[*#@$%]+|\.{2,}")
_MASK_CONTEXT = LazyRe(r"(?:парол\w*|password|passwd|pass|pwd|логин\w*|login|user(?:name)?|пин|pin)\W{0,3}$", I)

# Insults aimed at people: always rude.
_LETTER = LazyRe(r"[^\W\d_]")
_SHOUT_SKIP = LazyRe(r"\b[a-z0-9_]*_[a-z0-9_]+\b|\b[\w.+-]+@[\w.-]+|\bhttps?://\S+|\b[\w-]+\.[a-zа-я]{2,}\b", I)


_CAPS5 = LazyRe(r"[A-ZА-ЯЁ]{5}")


def _caps5(s: str) -> bool:
    """``_CAPS5.search(s)``, without compiling it for a text of fewer than five capitals
    (every letter it matches is one: str.isupper)."""
    if next(islice(filter(str.isupper, s), 4, None), None) is None:
        return False
    return _CAPS5.rx.search(s) is not None


def _sentence_shouts(s: str) -> bool:
    if not _caps5(s):
        return False  # no word of five capitals: cannot shout
    if len(s.split()) <= 4 and any(c.isdigit() for c in s):
        return False  # the status line of an error ("HTTP ERROR 500"), not a shouted sentence
    s2 = _SHOUT_SKIP.sub(" ", s)
    words = [w for w in s2.split() if _LETTER.search(w)]
    letters = [c for c in s2 if c.isalpha()]
    if len(words) < 2 or len(letters) < 8:
        return False
    long_words = [w for w in words if sum(c.isalpha() for c in w) >= 2]
    if len(long_words) < 2 or max(sum(c.isalpha() for c in w) for w in long_words) < 5:
        return False
    # every word of two letters or more is in capitals (acronyms alone do not shout)
    return all(not any(c.islower() for c in w) for w in long_words)


def _is_rude(w: str) -> bool:
    return bool(_is_profane(w) or w in _INSULT_WORDS or w.startswith(_INSULT_ROOTS))


# word -> whether it is profane or an insult on its own (words recur from ticket to ticket)
_RUDE = WordMemo(_is_rude)


def is_rude(word: str) -> bool:
    """Is a lower-cased word profane, or an insult on its own?"""
    return _RUDE.over([word])[0]


def _masked_rude(word: str) -> bool:
    """Can a masked word be read as a word of MASKABLE?"""
    import re  # noqa: PLC0415

    if not any(c.isalpha() for c in word):
        return False  # "***.ru", "****": a mask and nothing to read
    parts, pos = [], 0
    for m in _MASK_RUN.rx.finditer(word):
        parts.append(re.escape(word[pos:m.start()]))
        k = len(m.group())
        parts.append(f"[а-яёa-z]{{1,{k + 2}}}")
        pos = m.end()
    parts.append(re.escape(word[pos:]))
    rx = re.compile("".join(parts) + "[а-яёa-z]{0,3}")
    return any(rx.fullmatch(w) for w in MASKABLE)


# masked word -> whether it reads as profanity
_MASKED_RUDE = WordMemo(_masked_rude, limit=5_000)


def _find_insult(text: str, low: str, doc):
    lows, toks = doc.lows, doc.tokens
    rude = _RUDE.over(lows)
    if True in rude:
        return toks[rude.index(True)]
    if "*" in low or "#" in low or "@" in low or "$" in low or "%" in low or ".." in low:
        for m in MASKED.finditer(low):
            if _MASK_CONTEXT.search(low[max(0, m.start() - 20):m.start()]):
                continue
            if _MASKED_RUDE.over([m.group().replace("ё", "е")])[0]:
                return m.span()
    if not any(map(str.startswith, lows, repeat(_TARGETED_ROOTS))):
        return None
    for i, w in enumerate(lows):
        if w.startswith(_TARGETED_ROOTS):
            if i + 1 < len(lows) and lows[i + 1] in ("question", "questions", "вопрос", "вопросы"):
                continue
            near = lows[max(0, i - 6):i + 7]
            if any(x in _TARGET_WORDS or x.startswith(_TARGET_ROOTS) for x in near):
                return toks[i]
    return None


def _find_shouting(t):
    text = t.text
    if not _caps5(text):
        return None  # no sentence has a word of five capitals (blanking quotes joins none)
    quotes = t.doc.quotes  # sorted by their starts
    starts = [qa for qa, _qb in quotes]
    secrets = t.secrets
    for a, b in t.doc.sentences:
        if any(x < b and a < y for _k, x, y in secrets):
            continue  # a key or token is not shouting
        s = text[a:b]
        # a quoted error message in capitals is not shouting
        for qa, qb in quotes[bisect_left(starts, a):bisect_left(starts, b)]:
            if qb <= b:
                s = s.replace(text[qa:qb], " ")
        if _sentence_shouts(s):
            return a, b
    return None


def _fix_case(s: str) -> str:
    low = s.lower()
    return low[:1].upper() + low[1:]


def check(t):
    span = _find_insult(t.text, t.doc.low, t.doc)
    if span is None and t.subject:
        sub = _find_insult(t.subject, t.sdoc.low, t.sdoc)
        if sub:
            return t.finding("polite", "polite.insult", field="subject")
    if span:
        return t.finding("polite", "polite.insult", span=span)
    shout = _find_shouting(t)
    if shout is None and t.subject and _sentence_shouts(t.subject):
        return t.finding("polite", "polite.shouting", severity="warning", field="subject",
                         fixed=_fix_case(t.subject.strip()))
    if shout:
        a, b = shout
        return t.finding("polite", "polite.shouting", severity="warning", span=shout,
                         fixed=_fix_case(t.text[a:b]))
    return None
