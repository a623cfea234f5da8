"""polite [7]: no insults or profanity (error); no shouting, a whole sentence in capitals (warning).

Masked profanity counts ("х**ня", "б***ь", "f***ing"); polite criticism ("немного
разочарован скоростью ответа", "I'm a bit disappointed") does not. Words that insult
only when aimed at someone ("useless", "бесполезные", "garbage") count when the same
sentence addresses the company or its staff.
"""

from __future__ import annotations

from .text import I, IX, LazyRe

# Profanity: always rude, whatever it is aimed at.
PROFANITY = LazyRe(r"""
    \b(?:на|по|за|от|вы|у|до|при|рас|раз|пере|съ|въ|объ|из|ни)?ху[йяеёию]\w*
  | \bп[ие]зд\w* | \b(?:за|вы|у|от|на|по|до|при|раз|пере|съ|въ|объ|ра)?[её]б(?:а|у|ан|ат|ал|ну|ыв|ись|ет|ут|л)\w*
  | \bдолбо[её]\w* | \bбля(?:дь|ть|ди|дск\w*|ха)?\b | \bбл[яе]\b | \bсук[аиу]\b | \bсучк\w* | \bмуда[кч]\w* | \bмудил\w*
  | \bговн\w* | \bдерьм\w* | \bжоп\w* | \bсрань\w* | \bзасранц\w* | \bгандон\w* | \bпид[оа]р\w* | \bзалуп\w*
  | \b(?:на|по)?хер(?:ов|ня|н|а|у)?\w*\b | \bхрен(?:ов|ь|а)\w* | \bссан\w* | \bшлюх\w*
  | \bf+u+c+k+\w* | \bmotherf\w* | \bshit\w* | \bbullshit\w* | \bhorseshit | \bassholes?\b | \bbitch\w*
  | \bcunt\w* | \bdickhead\w* | \bwtf\b | \bstfu\b | \bgoddamn\w* | \bpiss(?:ed)?\s+off | \bcrap\w*
  | \bbastards?\b | \bjackass\w*
""", IX)

# Masked: a letter or three, asterisks, maybe more letters: х**ня, б***ь, f***ing, s**t.
MASKED = LazyRe(r"(?<![\w*])(?:х|ху|хе|б|бл|п|пи|пиз|е|ё|еб|м|муд|с|су|г|гов|ж|f|fu|s|sh|b|bi|a|as|c|d|wt)[*#@$%]{1,6}[а-яёa-z]{0,6}(?![\w*@])", I)
_MASK_CONTEXT = LazyRe(r"(?:парол\w*|password|passwd|pass|pwd|логин\w*|login|user(?:name)?|пин|pin)\W{0,3}$", I)

# Insults aimed at people: always rude.
INSULT = LazyRe(r"""
    \b(?:идиот\w*|дебил\w*|кретин\w*|придур\w*|дегенерат\w*|дура(?:к|ки|ков)\b|дураки|тупиц\w*|тупорыл\w*
       |криворук\w*|рукожоп\w*|бездар\w*|бездельник\w*|лодыр\w*|халтурщик\w*|лох(?:и|ов|ам)?\b|урод\w*|козл(?:ы|ов|ам)\b
       |кидал\w*|мошенник\w*|жулик\w*|ворюг\w*|шарашк\w*|дармоед\w*|негодя\w*|сволоч\w*|тварь|твари|скотин\w*
       |idiot\w*|moron\w*|imbecile\w*|cretin\w*|retard\w*|clowns?\b|dumbass\w*|incompetent\w*|scammers?\b|crooks?\b
       |thieves\b|losers?\b|amateurs\b|clueless\b|pathetic\b|worthless\b)
""", IX)

# Words that insult when aimed at the company or its staff.
TARGETED = LazyRe(r"""
    \b(?:garbage|rubbish|useless|stupid|dumb|lazy|joke|sucks?|suck(?:ed|ing)|worst|disgrace\w*
       |хлам\w*|отстой\w*|помойк\w*|бесполезн\w*|тупые|тупой|тупая|тупо|ленив\w*|позор\w*|убог\w*|никчемн\w*|никчёмн\w*)\b
    (?!\s+(?:question|вопрос))
""", IX)
TARGET = LazyRe(r"""
    \b(?:you|your|you're|yours|support|company|staff|team|admins?|operators?|hosting|host|service|guys|people|engineers?
       |вы|вас|вам|ваш\w*|поддержк\w*|саппорт\w*|компани\w*|сотрудник\w*|админ\w*|оператор\w*|хостинг\w*|сервис\w*|специалист\w*|техподдержк\w*|контор\w*)\b
""", IX)

_LETTER = LazyRe(r"[^\W\d_]")
_SHOUT_SKIP = LazyRe(r"\b[A-Z0-9_]*_[A-Z0-9_]+\b|\b[\w.+-]+@[\w.-]+|\bhttps?://\S+|\b[\w-]+\.[a-zа-я]{2,}\b", I)


def _sentence_shouts(s: str) -> bool:
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


def _find_insult(text: str, low: str, doc):
    m = PROFANITY.search(low) or INSULT.search(low)
    if m:
        return m.span()
    for m in MASKED.finditer(low):
        if _MASK_CONTEXT.search(low[max(0, m.start() - 20):m.start()]):
            continue
        return m.span()
    for m in TARGETED.finditer(low):
        # aimed at someone: a word for the company or its staff close by
        window = low[max(0, m.start() - 40):m.end() + 40]
        a, b = doc.sentence_at(m.start())
        lo, hi = max(a, m.start() - 40), min(b, m.end() + 40) if b > a else m.end() + 40
        if TARGET.search(low[lo:hi] if b > a else window):
            return m.span()
    return None


def _find_shouting(t):
    text = t.text
    quotes = t.doc.quotes
    for a, b in t.doc.sentences:
        s = text[a:b]
        # a quoted error message in capitals is not shouting
        for qa, qb in quotes:
            if a <= qa and qb <= b:
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
