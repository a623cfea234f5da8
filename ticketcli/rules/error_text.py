"""error-text [5]: an error is given by its words, not only by its number or code.

The text is scanned in three steps:

1. *message spans*: the places that carry an error's words: quoted strings with words in
   them, symbolic names (``ERR_CONNECTION_TIMED_OUT``), a code followed by its text
   (``502 Bad Gateway``, ``0x800CCC0F: The connection…``, ``#2006 - MySQL server…``), the
   value of an ``Error:`` label, and what follows "пишет:" / "says that …";
2. *code mentions* outside them: ``ошибка 403``, ``error 0x80042109``, ``код 5``,
   ``500 ошибка``, ``shows 503``, a bare ``0x800CCC0E``. A code is fine when the same code
   also appears with its text;
3. *bare mentions*: "выдаёт ошибку", "I get an error": fine when some message span, an
   ``error`` field with words, or a screenshot stands in the ticket; negations
   ("ошибок нет", "no error, just a long wait") are not mentions.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from . import screenshot
from .text import IX, Doc, I, LazyRe, SpanSet, WordMemo, in_spans

ERROR_WORD = LazyRe(
    r"\b(?:ошибк(?:а|и|у|ой|ою|е|ам|ами|ах)|ошибок|errors?|err|сбо[йяюе]|oshibk[aiueoy]|oshibok)\b", I,
    guard=("ошиб", "err", "сбо", "oshib"))
_CODE_WORDS = r"(?:код\w*|code|status|статус\w*|errno)"

SYMBOLIC = LazyRe(r"\b(?:ERR|NS|SSL|SEC|PR|DNS|NET|MOZILLA|HTTP|ERROR)_[A-Z0-9_]{3,}\b|\b[A-Z]{2,}(?:_[A-Z0-9]{2,}){2,}\b",
                  hints=("_",))

# a code, then (optionally ':' or '-') the message's words on the same line
def _has_digit(text: str) -> bool:
    """Whether ``text`` holds a character ``\\d`` matches (str.isdecimal() holds for it): every
    CODE_THEN_TEXT match does, in its code (tests/test_rules_error_text_precheck.py checks it)."""
    if any(map(text.__contains__, "0123456789")):
        return True
    return not text.isascii() and any(map(str.isdecimal, text))


CODE_THEN_TEXT = LazyRe(r"""
    (?<![\w.\#№/-])(?P<code>\#?0x[0-9a-f]{4,8}|\#\d{3,5}|[1-5]\d\d(?:[\s-]+\d\.\d{1,3}\.\d{1,3})?|\d\.\d{1,3}\.\d{1,3})
    (?P<sep>[ \t]*[:\-—–][ \t]*|[ \t]+|[ \t]*\([ \t]*)
    (?P<msg>[^\W\d_][^\n.!?;«»"”]{3,})
""", IX, precheck=_has_digit)

LABEL = LazyRe(r"(?:^[ \t]*|(?<=[.!?;,(])[ \t]*|\b)(?:error|ошибка|текст\s+ошибки|сообщение(?:\s+об\s+ошибке)?|message)[ \t]*:[ \t]*(?P<v>\S[^\n]*)", I | re.M,
               guard=((":",), ("error", "ошибк", "сообщение", "message")))

SAYS = LazyRe(r"""
    \b(?:пишет|выда[её]т|выдал[оа]?|показывает|сообщает|ругается|отвечает|says|said|shows|displays|reads|returns|
       gives|tells\s+me|writes|reports|throws|prints|outputs|logs)
    (?:\s+(?:в|на|in|to|into)\s+(?:лог\w*|консол\w*|журнал\w*|logs?|console|the\s+logs?|the\s+console))?
    (?P<sep>\s*:\s*|,?\s+(?:что|that)\s+|[ \t]+)
    (?P<msg>(?:[^\n.!?;]|\.(?=\w)){6,})  # a dot inside a host name or a version goes on (imap.example.ru)
""", IX, guard=("пишет", "выда", "показывает", "сообщает", "ругается", "отвечает", "says", "said", "shows", "displays",
                "reads", "returns", "gives", "tells", "writes", "reports", "throws", "prints", "outputs", "logs"))

# "выдаёт эту ошибку Не удаётся установить соединение", "I get the following error: Relay access
# denied": a message named as "this error" and given right after it (after a colon, or starting
# with a capital letter as a copied message does).
THIS_ERROR = LazyRe(r"""
    (?:\b(?:эту|такую|следующую|вот\s+эту|вот\s+такую|this|the\s+following|following)\s+
     | \b(?:выда\w*|показыва\w*|пишет|shows?|showing|gives?|giving|throws?|throwing|returns?|get|gets|getting|got)\s+
       (?:me\s+|мне\s+|an?\s+|the\s+)?
     | \b(?:с|со|with)\s+(?:an?\s+|the\s+)?)
    (?:ошибк\w*|error|message|сообщени\w*|response|ответ|warning|предупреждени\w*)
    [ \t]*(?P<sep>[:\-—–]?)[ \t]*(?P<msg>(?:[^\n.!?;]|\.(?=\w)){6,})
""", IX, guard=(("эту", "такую", "следующ", "this", "following", "выда", "показыва", "пишет", "show", "giv", "throw",
                "return", "get", "got", "с", "with"),
               ("ошибк", "error", "message", "сообщени", "response", "ответ", "warning", "предупреждени")))

# An error mentioned at the end of a line, its words on the next one (a tracker's layout):
# "…my password return a simple error message:\n\nlogin failed", "выходит такая ошибка**\n\nExpected…".
NEXT_LINE = LazyRe(r"""
    (?:ошибк\w*|error\w*|сообщени\w*|message|response|ответ|following|следующ\w*|пишет|выда[её]т|выдало|says|said|
       shows|reports|returns|reads|надпись)
    [^\S\n]*[:*]*[^\S\n]*\n(?:[^\S\n]*\n)*[^\S\n]*(?P<msg>[^\s`>\#*][^\n]{3,})
""", IX, guard=(("\n",), ("ошибк", "error", "сообщени", "message", "response", "ответ", "following", "следующ", "пишет",
                         "выда", "says", "said", "shows", "reports", "returns", "reads", "надпись")))

# The body points at the subject for the error's words: "пишет то, что в сабже", "the message in
# the subject above", "ошибку из заголовка".
SUBJECT_REF = LazyRe(r"""
    \b(?:в|из|см\.?)\s+(?:теме|темы|тему|заголовк\w*|сабж\w*|названи\w*)\b
  | \b(?:in|from)\s+the\s+(?:subject|title|heading|topic)\b | \b(?:subject|title)\s+(?:above|says)\b
""", IX, guard=("тем", "заголов", "сабж", "назван", "subject", "title", "heading", "topic"))

_NE_BEFORE = LazyRe(r"\bне\s+$", I)  # "не" right before a message written without it

# A code right before or after a known message's words: "Error 502: Bad Gateway", "Bad Gateway (502)".
_CODE_BEFORE_PHRASE = LazyRe(r"(?:\d{3,4}|0x[0-9a-f]{8})\W{0,4}$", I)
_CODE_AFTER_PHRASE = LazyRe(r"\W{0,4}(?:(?:error|ошибка|code|код)\W{1,3})?(?:\d{3,4}|0x[0-9a-f]{8})\b", I)

# words that start a continuation of the sentence, not an error message
_CONT = frozenset("""
when on in at for with since after before while and or but if from to of the a an is was
when it this that every all my our your
при в во на с со у для из и или но когда после до уже если что это то всех всё все каждый
уже из-за потому так
""".split())

_UNIT = LazyRe(r"\s*(?:дн|день|дня|дней|час|мин|сек|раз|руб|р\b|%|days?|hours?|min|sec|times|rub|mb|мб|gb|гб|писем|emails?|letters?|users?)", I)

CODE_MENTION = LazyRe(rf"""
    (?:(?P<w1>\bошибк\w*|\berror|\berr\b|\bсбо\w*|\boshibk\w*)(?:\s+{_CODE_WORDS})?|(?P<w2>\b{_CODE_WORDS})(?:\s+(?:ошибки|error))?)
    \s*(?:№|\#|:|-|number|номер|no\.?)?\s*
    (?P<code>\#?0x[0-9a-f]{{4,8}}|\#?\d{{1,5}}(?:\.\d{{1,3}}\.\d{{1,3}})?)\b
""", IX, hints=("ошиб", "err", "сбо", "код", "code", "status", "статус", "oshib"))
# "500 ошибка", "403 error": on one line ("Chromium 120" above "Error text: …" is a version)
CODE_BEFORE = LazyRe(r"(?<![\w.#])(?P<code>\d{3}|0x[0-9a-f]{4,8})(?:-?(?:я|ая|ю|ую|й|ой))?[ \t]+(?:ошибк\w*|error)\b", I, hints=("ошиб", "error"))
VERB_CODE = LazyRe(r"""
    \b(?:выда\w*|показыва\w*|пишет|возвраща\w*|отда[её]т|отдаю\w*|получа\w*|shows?|showing|returns?|returning|
       gives?|giving|throws?|throwing|displays?|gets?|getting|got|receiv\w+|with)
    \s+(?:мне\s+|me\s+|us\s+|an?\s+|the\s+|http\s+|код\s+|code\s+)?(?P<code>[45]\d\d)\b
""", IX, guard=(("4", "5"), ("выда", "показыва", "пишет", "возвраща", "отда", "получа", "show", "return", "giv", "throw",
                 "display", "get", "got", "receiv", "with")))
BARE_HEX = LazyRe(r"(?<![\w])(?P<code>0x[0-9a-f]{8})\b", I, hints=("0x",))

_STARTS_WITH_CODE = LazyRe(r"\W*(?:(?:код\w*|code|status|статус\w*|ошибк\w*|error)\W*)*(?:\#|№)?\s*(?:0x[0-9a-f]+|\d+)\b(?![ \t]*[:\-—–]?[ \t]*[a-zа-яё])", I)

_WORDS = LazyRe(r"[^\W_]+")

# "логи ошибок", "журнал ошибок", "вывод ошибок", "the error log", "error reporting"
_LOG_WORDS = frozenset("лог логи логах логов логе журнал журнале журнала вывод вывода отображение".split())
_LOG_AFTER = LazyRe(r"[ \t]*[_ ]?(?:logs?|logging|reporting|level|handler|handling)\b", I)

NEG_BEFORE = frozenset("не нет без никаких никакой ни no without not never t nothing".split())
NEG_AFTER_GEN = LazyRe(r"\s*(?:нет|не\b|никаких|никакой|not\b|none)", I)


def _is_message(s: str, quoted: bool = False) -> bool:
    """Does a string hold an error's words (not only error words and codes)?

    A quoted string was copied from the screen: one word besides "error" will do
    («Ошибка авторизации»); unquoted text needs two, and is no message when it only says
    that there is some error ("ошибка какая-то", "some kind of error").
    """
    words = Doc(s).lows
    if _CONTENT.over(words).count(True) >= (1 if quoted else 2):
        return quoted or not _INDEFINITE.intersection(words[:4]) or bool(SYMBOLIC.search(s))
    return bool(SYMBOLIC.search(s))


# "какая-то ошибка", "some error": words that say the message was not read
_INDEFINITE = frozenset("какая какой какую какое какие something some kind sort".split())


_NOT_CONTENT = frozenset(("код", "кода", "code", "status", "статус", "номер", "number", "the", "an", "a"))


def _is_content(w: str) -> bool:
    return not any(c.isdigit() for c in w) and not ERROR_WORD.fullmatch(w) and w not in _NOT_CONTENT


# word -> whether it is a message's word: no digit in it, not an error word, not "code" or "number"
_CONTENT = WordMemo(_is_content)


def _first_word(msg: str) -> str:
    parts = msg.split(None, 1)
    return parts[0].lower().strip(",:") if parts else ""


def message_spans(text: str, doc: Doc) -> SpanSet:
    spans = []
    for a, b in doc.quotes:
        if _is_message(text[a:b], quoted=True):
            spans.append((a, b))
    for m in SYMBOLIC.finditer(text):
        spans.append(m.span())
    # the words of a well-known message, with a code right beside them
    found = [(h.start, h.end) for h in doc.find("error-message")]
    for h in doc.find("error-message-neg"):  # written without their "не": only right after one
        head = text[max(0, h.start - 6):h.start]
        m = _NE_BEFORE.search(head)
        if m is not None:
            found.append((h.start - len(head) + m.start(), h.end))
    for a, b in found:
        head = text[max(0, a - 16):a]
        m = _CODE_BEFORE_PHRASE.search(head) if _has_digit(head) else None
        if m is not None:
            a -= len(head) - m.start()
        m = _CODE_AFTER_PHRASE.match(text, b) if _has_digit(text[b:b + 8]) else None
        if m is not None:
            b = m.end()
        spans.append((a, b))
    for m in CODE_THEN_TEXT.finditer(text):
        msg = m.group("msg")
        first = _first_word(msg)
        if first in _CONT or len(first) < 2 or ERROR_WORD.match(first) or not _is_message(msg):
            continue
        sep = m.group("sep")
        if sep.strip() == "" and ((_UNIT.match(msg) and "." not in m.group("code")) or not (msg[0].isupper() or m.group("code")[:1] in "#0" or "." in m.group("code"))):
            continue  # "500 на всех страницах" is not a message; "502 Bad Gateway" is
        if "(" in sep and not msg[0].isupper():
            continue  # "0x800ccc0e (always the same)": a remark, not the message
        spans.append((m.start(), m.end()))
    for rx, group in ((LABEL, "v"), (SAYS, "msg")):
        for m in rx.finditer(text):
            v = m.group(group)
            if _STARTS_WITH_CODE.match(v):
                continue  # "Ошибка: 0x800CCC0E, …" / "ругается: код ошибки 10053": a code
            if rx is SAYS and not m.group("sep").strip() and not (v[0].isupper() and not _program_first(v)):
                continue  # "shows Sending of the message failed" is copied; "shows up after login" is not
            if _is_message(v):
                spans.append(m.span(group))
    for m in THIS_ERROR.finditer(text):
        v = m.group("msg")
        if (m.group("sep") or (v[0].isupper() and not _program_first(v))) and _first_word(v) not in _CONT \
                and not _STARTS_WITH_CODE.match(v) and _is_message(v):
            spans.append(m.span("msg"))
    if "\n" in text:
        for m in NEXT_LINE.finditer(text):
            v = m.group("msg")
            if _first_word(v) not in _CONT and not _STARTS_WITH_CODE.match(v) and _is_message(v):
                spans.append(m.span("msg"))
    return SpanSet(spans)


def _program_first(s: str) -> bool:
    """Does ``s`` begin with a program's name ("ошибку Outlook при отправке": whose error, not its
    words)?"""
    hits = Doc(s).hits
    return any(h.start == 0 for lex in ("mail-client", "browser", "site-mailer", "program") for h in hits.get(lex, ()))


def subject_gives_error(t) -> bool:
    """Does the subject carry the error's words: a message in it (a quote, a code with its
    text, a known message), or the body pointing at a subject that is more than a code?"""
    s = t.subject
    if not s or not s.strip():
        return False
    if message_spans(s, t.sdoc):
        return True
    if not SUBJECT_REF.search(t.text) or not _is_message(s):
        return False
    from .subject import is_generic  # noqa: PLC0415

    return not is_generic(s)  # "see the subject" over "Проблема с почтой" gives no words


def _code_mentions(text: str, spans, skip):
    """Codes named as errors outside message spans: ``(start, end, code)``."""
    out = []
    seen = set()
    for rx in (CODE_MENTION, CODE_BEFORE, VERB_CODE, BARE_HEX):
        for m in rx.finditer(text):
            a, b = m.span("code")
            if (a, b) in seen or in_spans(a, spans) or in_spans(a, skip):
                continue
            code = m.group("code")
            digits = code.lstrip("#")
            if len(digits) == 3 and digits[0] == "2":
                continue  # "expected response code 250": a success, not an error
            if rx is CODE_MENTION:
                is_code_word = m.group("w2") is not None
                if not is_code_word and not (len(digits) >= 3 or code.startswith("#") or digits.lower().startswith("0x")):
                    continue
                if _UNIT.match(text, b):
                    continue
            seen.add((a, b))
            out.append((a, b, code))
    return out


def _near_code(a: int, starts: list[int], ends: list[int]) -> bool:
    """Is position ``a`` within a code mention or up to 40 characters before one?"""
    i = bisect_right(starts, a + 40)
    return any(ends[j] >= a for j in range(max(0, i - 3), i))


# A message mentioned without its words: "пишет что-то про сертификат", "shows some kind of
# warning", "a certificate warning pops up", "не помню, что там написано".
VAGUE_MESSAGE = LazyRe(r"""
    \b(?:пишет|писал[оа]?|выда[её]т|выдавал[оа]?|показыва\w*|ругается|вылезает|выскакивает|появляется|
       says|said|shows|showed|showing|displays|displaying|gives|giving|pops\s+up|popped\s+up|comes\s+up|came\s+up)
    \s+(?:что-?\s?то|какую-?\s?то|какое-?\s?то|какой-?\s?то|something|some(?:\s+kind\s+of|\s+sort\s+of)?\s+(?:message|warning|notice|alert)
       |an?\s+(?:\w+\s+)?(?:warning|alert))\b
  | \b(?:shows?|showing|gives?|giving|get|gets|getting|got|displays?)\s+(?:me\s+)?an?\s+(?:[\w-]+\s+)?warning\b(?!\s+(?:e-?mails?|letters?|messages?|notices?|from|about|that\s+my))
  | \b(?:[\w-]+\s+)?warning\s+(?:pops\s+up|appears|comes\s+up|keeps\s+(?:popping|showing|coming))
  | \bне\s+помню,?\s+(?:что|как|какая|какую)\s+(?:именно|там|было|она|написан\w*|пишет)
  | \b(?:can'?t|cannot|don'?t|didn'?t)\s+remember\s+(?:what|exactly\s+what)\s+(?:it|the\s+\w+)\s+(?:said|says|was)
""", IX, guard=("пишет", "писал", "выда", "показыва", "ругается", "вылезает", "выскакивает", "появляется", "says",
                "said", "shows", "showed", "showing", "displays", "displaying", "gives", "giving", "pops", "popped",
                "comes", "came", "warning", "помню", "remember"))


def _bare_mentions(doc: Doc, spans, skip, code_spans):
    out = []
    for m in VAGUE_MESSAGE.finditer(doc.text):
        if not in_spans(m.start(), spans) and not in_spans(m.start(), skip):
            out.append(m.span())
    code_spans = sorted(code_spans)
    starts = [a for a, _b in code_spans]
    ends = [b for _a, b in code_spans]
    for m in ERROR_WORD.finditer(doc.low):
        a, b = m.span()
        if in_spans(a, spans) or in_spans(a, skip):
            continue
        if code_spans and _near_code(a, starts, ends):
            continue  # the error word of a code mention: "ошибка 403", "500-я ошибка"
        # negation: "без ошибок", "no error", "doesn't show any error", "ошибок нет"
        before = doc.low[max(0, a - 40):a]
        clause = before.replace(";", ",").split(",")[-1]
        prev = _WORDS.findall(clause)[-3:]
        if prev and (prev[-1] in NEG_BEFORE or (len(prev) > 1 and prev[-2] in NEG_BEFORE)
                     or (prev[-1] in ("any", "an", "a") and any(w in NEG_BEFORE for w in prev))):
            continue
        w = m.group()
        if w in ("ошибок", "ошибки", "ошибка", "errors", "error") and NEG_AFTER_GEN.match(doc.low, b):
            continue
        if (prev and prev[-1] in _LOG_WORDS) or _LOG_AFTER.match(doc.low, b):
            continue  # "логи ошибок", "the error log": where errors are written, not an error
        out.append((a, b))
    return out


def analyse(text: str, doc: Doc, skip=()):
    spans = message_spans(text, doc)
    codes = _code_mentions(text, spans, skip)
    # a code that is also given with its words elsewhere is fine
    with_text = {text[a:b].lower() for a, b in spans}
    bad_codes = []
    for a, b, code in codes:
        c = code.lstrip("#").lower()
        if any(c in s for s in with_text):
            continue
        if spans and _status_line_of_message(text, a, spans):
            continue
        bad_codes.append((a, b, code))
    bare = _bare_mentions(doc, spans, skip, [(a, b) for a, b, _code in codes])
    return spans, bad_codes, bare


def _status_line_of_message(text: str, pos: int, spans) -> bool:
    """Is the code at ``pos`` on a short line (four words or fewer: "HTTP ERROR 500") right
    above or below a line with an error's words: the status line of a pasted error page?"""
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    end = len(text) if end < 0 else end
    if len(text[start:end].split()) > 4:
        return False
    prev_start = text.rfind("\n", 0, max(0, start - 1)) + 1 if start else start
    next_end = text.find("\n", end + 1) if end < len(text) else end
    next_end = len(text) if next_end < 0 else next_end
    for a, b in ((prev_start, start - 1), (end + 1, next_end)):
        if a < b and any(x < b and a < y for x, y in spans):
            return True
    return False


def has_error_text(t) -> bool:
    spans = t.facts.get("error_spans")
    if spans is None:
        spans = message_spans(t.text, t.doc)
    return bool(spans) or _subject_error(t)


def _subject_error(t) -> bool:
    known = t.facts.get("subject_error")
    if known is None:
        known = t.facts["subject_error"] = subject_gives_error(t)
    return known


def check(t):
    field_err = t.field("error")
    if field_err:
        fdoc = Doc(field_err)
        fspans, fcodes, _ = analyse(field_err, fdoc)
        if not fspans and (fcodes or not _is_message(field_err)):
            code = fcodes[0][2] if fcodes else field_err.strip()[:20]
            return t.finding("error-text", "error-text.code", field="error", code=code)
    spans, bad_codes, bare = analyse(t.text, t.doc, t.domains.spans)
    t.facts["error_spans"] = spans
    t.facts["error_mentioned"] = bool(spans or bad_codes or bare)
    if (bad_codes or bare) and _subject_error(t):
        # the subject gives the words: the body's bare mentions are answered, and so are its
        # codes that the subject names too ("Bad Gateway 502" over "it responds with 502")
        subject = t.subject.lower()
        bad_codes = [c for c in bad_codes if c[2].lstrip("#").lower() not in subject]
        bare = []
    if bad_codes:
        a, b, code = bad_codes[0]
        codes = ", ".join(dict.fromkeys(c for _a, _b, c in bad_codes))
        return t.finding("error-text", "error-text.code", span=(a, b), code=codes)
    if bare and not spans and not field_err and not screenshot.refers_to_picture(t.text):
        a, b = bare[0]
        return t.finding("error-text", "error-text.none", span=(a, b))
    return None


# What a person writes where the error's text goes when there is none: "Белый экран, никакого
# текста", "nothing", "просто висит", "blank page". Only a whole answer that gives no message and no
# code counts (see says_no_error).
NO_ERROR = LazyRe(r"""
    ^\W*(?:нет|no|none|nothing|ничего|n/?a|-+|—)\W*$
  | \bничего\b | \bникак\w*\s+(?:текст\w*|ошиб\w*|сообщени\w*|надпис\w*)
  | \b(?:нет|без)\s+(?:никак\w*\s+)?(?:текст\w*|ошиб\w*|сообщени\w*|надпис\w*)
  | \b(?:ошиб\w*|текст\w*|сообщени\w*)\s+(?:нет|не\s+(?:показыва|выда|пиш|появля)\w*)
  | \bбел\w*\s+(?:экран\w*|лист\w*|страниц\w*|фон\w*) | \bпуст\w*\s+(?:экран\w*|страниц\w*|окн\w*|лист\w*)
  | \bзавис\w* | \bвисит\b | \bгрузит\w*\s+(?:бесконечно|долго|и\s+не) | \bбесконечн\w*\s+(?:загруз|грузит)\w*
  | \bnothing\b | \bno\s+(?:error|text|message|warning)s?\b | \bnone\b
  | \b(?:blank|white|empty)\s+(?:page|screen|window)s?\b | \bhang(?:s|ing)?\b | \bhung\b
  | \b(?:keeps|just)\s+(?:loading|spinning)\b | \bloads\s+forever\b
""", IX)


def says_no_error(text: str) -> bool:
    """Does an answer given as the error's text say that there is none ("Белый экран, никакого
    текста", "nothing", "it just hangs"): words of that kind, and no message or code of an error
    in it (a copied message is an error's text, whatever else it says)."""
    text = (text or "").strip()
    if not text or not NO_ERROR.search(text):
        return False
    spans, codes, _bare = analyse(text, Doc(text))
    return not spans and not codes


def names_no_words(text: str) -> bool:
    """Does an answer given as the error's text only say that some error appears, without its
    words ("FileZilla пишет ошибку", "I get an error")? Such an answer is a mention, not the text."""
    text = (text or "").strip()
    if not text:
        return False
    doc = Doc(text)
    spans, codes, bare = analyse(text, doc)
    if spans or codes or not bare:
        return False
    programs = [(h.start, h.end) for lex in ("mail-client", "browser", "site-mailer", "program") for h in doc.hits.get(lex, ())]
    rest = "".join(" " if any(a <= i < b for a, b in programs) else c for i, c in enumerate(text))
    words = [w for w in _WORDS.findall(ERROR_WORD.sub(" ", rest.lower())) if w not in _SAY_WORDS and _is_content(w)]
    return not words


# the words around a mention of an error that give none of its own ("пишет ошибку", "I get an error")
_SAY_WORDS = frozenset("""
пишет выдает выдаёт выдаст показывает появляется вылезает выскакивает возникает какая-то какую-то какой-то
мне у меня там тут при постоянно всегда опять снова просто
i get gets got getting it shows says there is an a some appears comes up pops always again just
""".split())
