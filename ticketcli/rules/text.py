"""Text analysis shared by the rules: tokens with stems, sentences, quotes, lexicons.

Word forms are handled by the Snowball stemmers (Russian for Cyrillic words, English for
Latin ones) through PyStemmer (``import Stemmer``), Snowball's own C binding: it imports in
about a millisecond and stems the lexicons at start-up in a few, where the pure-Python
``snowballstemmer`` took some 80 ms of a short ``ticket`` run. It is imported on first use,
not when the package is imported.

Lexicons are lists of phrases. A word in a phrase is matched by its stem ("браузер"
matches "браузере", "браузеров"); ``word*`` matches any word beginning with ``word``
(derivational families: ``отправ*`` for отправка/отправлять/отправить); ``=Word`` matches
only that exact, case-sensitive token (``=Edge``, a browser, not "edge").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable


class cached_property:  # noqa: N801  (a drop-in for functools.cached_property)
    """``functools.cached_property`` without its lock: computes a value on first access and
    stores it in the instance's ``__dict__``, where later accesses find it directly.

    Every property cached this way is a pure function of its instance, so two threads that
    race compute the same value; the lock of the standard one (Python 3.11) cost more than
    many of the values themselves.
    """

    def __init__(self, func) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name) -> None:
        self.name = name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.func(instance)
        return value

# --------------------------------------------------------------------------- regexes


# Characters for which lower-casing a text and matching it case-sensitively is NOT the same
# as matching the text itself with re.IGNORECASE: "İ" lower-cases to two characters, and
# sre takes "ı" and "ſ" for "i" and "s", and the old Cyrillic letter forms U+1C80..U+1C88 for
# "в", "д", "о", "с", "т", "ъ", "ѣ", "ꙋ" (its extra case equivalences). A text that holds one of
# them is matched the original way. tests/test_rules_lowered.py derives this set from ``re``
# itself over every code point, and checks that lower-casing keeps every other character's
# length and class (word, space, digit).
ODD_CASE = "\u0130\u0131\u017f" + "".join(chr(c) for c in range(0x1C80, 0x1C89))

# The strings lower-cased lately (rules ask about the same text many times, and loops
# alternate between a text and pieces of it): id → (string, lower-cased, plain), least
# recently used first. Holding the string keeps its id from being reused while it is here.
_LOWERED: dict[int, tuple] = {}
_LOWERED_MAX = 8
_LAST: tuple = (None, "", True)  # the entry of the latest call
_ODD_RX = None


def _odd_case(s: str):
    """The first character of ODD_CASE in ``s`` (a match), or None."""
    global _ODD_RX
    if _ODD_RX is None:
        _ODD_RX = re.compile("[" + ODD_CASE + "]")
    return _ODD_RX.search(s)


def _lowered(s: str) -> tuple[str, bool]:
    """``(s.lower(), plain)``; plain: lower-cased char by char and none of ODD_CASE in it."""
    global _LAST
    entry = _LAST
    if entry[0] is s:  # most calls ask about the string of the call before
        return entry[1], entry[2]
    key = id(s)
    entry = _LOWERED.pop(key, None)
    if entry is None or entry[0] is not s:
        low = s.lower()
        plain = len(low) == len(s) and (s.isascii() or _odd_case(s) is None)
        entry = (s, low, plain)
        if len(_LOWERED) >= _LOWERED_MAX:
            try:
                del _LOWERED[next(iter(_LOWERED))]
            except (KeyError, RuntimeError, StopIteration):  # another thread got there first
                pass
    _LOWERED[key] = entry
    _LAST = entry  # one tuple, replaced whole: a racing thread sees an old or a new entry
    return entry[1], entry[2]


def _lower(s: str) -> str:
    return _lowered(s)[0]


class _Match:
    """A match found in the lower-cased copy of a string; its groups are the original's text."""

    __slots__ = ("_m", "string")

    def __init__(self, m: re.Match, string: str) -> None:
        self._m = m
        self.string = string

    def group(self, *groups):
        if len(groups) > 1:
            return tuple(self.group(g) for g in groups)
        a, b = self._m.span(*groups)
        return None if a < 0 else self.string[a:b]

    def span(self, group=0):
        return self._m.span(group)

    def start(self, group=0):
        return self._m.start(group)

    def end(self, group=0):
        return self._m.end(group)


class LazyRe:
    """A regular expression compiled on first use (keeps ``import`` cheap).

    A case-insensitive pattern (``re.I``) runs *case-sensitively over the lower-cased text*
    whenever the text is plain (see ``ODD_CASE``): the same spans and groups, for a fraction of
    the cost (sre's IGNORECASE matching lower-cases every character it compares, and cannot
    skip alternatives by their first letter). Such a pattern must be written in lower case
    (escapes such as ``\\W`` and group names aside); tests/test_rules_lowered.py checks it.
    Groups of its matches are the original text's characters.

    ``hints``: lower-case substrings one of which every match contains; a text with none
    of them is skipped without running the (slower) pattern, or compiling it. They are
    looked for with ``in`` (no pattern of their own to compile).

    ``guard``: like ``hints``, but used only for plain texts (where the lower-cased text that
    the pattern runs over is known to contain the literal letters of any match); a guard may
    thus name any literal that every match must contain. Several guards (a tuple of tuples)
    must all hold: every match contains a word of each (a code *and* a verb before it).

    ``precheck``: a function of the text, False when no match can exist in it, for what words
    cannot say (a digit of any script, a "." before a letter). It speaks of the whole text
    only, so :meth:`possible` (which answers for its pieces too) does not use it.
    """

    __slots__ = ("pattern", "flags", "_rx", "_lrx", "hints", "guard", "_more", "_ci", "_last", "precheck")

    def __init__(self, pattern: str, flags: int = 0, hints: tuple[str, ...] = (),
                 guard: tuple[str, ...] | tuple[tuple[str, ...], ...] = (),
                 precheck: Callable[[str], bool] | None = None) -> None:
        self.pattern = pattern
        self.flags = flags
        self._rx = None
        self._lrx = None
        self.hints = hints
        self.precheck = precheck
        # the first guard, and the others (usually none) that must hold as well
        self._more: tuple[tuple[str, ...], ...] = ()
        if guard and not isinstance(guard[0], str):
            guard, self._more = guard[0], tuple(guard[1:])
        self.guard = guard
        #: the string last prepared, the answer, and whether hints and guard alone rule it out
        #: (a loop asks about one text sentence by sentence)
        self._last: tuple = (None, None, None)
        # a plain bool: "flags & re.IGNORECASE" on every call would run RegexFlag's Python-level __and__
        self._ci = bool(flags & re.IGNORECASE)

    @property
    def rx(self) -> re.Pattern:
        """The pattern as written, with its flags (used for texts that are not plain)."""
        rx = self._rx
        if rx is None:
            rx = self._rx = re.compile(self.pattern, self.flags)
        return rx

    @property
    def lrx(self) -> re.Pattern:
        """The pattern without re.IGNORECASE, for lower-cased plain texts."""
        rx = self._lrx
        if rx is None:
            rx = self._lrx = re.compile(self.pattern, self.flags & ~re.IGNORECASE)
        return rx

    def _entry(self, s: str) -> tuple:
        last = self._last
        if last[0] is not s:
            by_words, low = self._answer(s)
            skip = by_words or (self.precheck is not None and not self.precheck(s))
            last = self._last = (s, (skip, low), by_words)  # one tuple, replaced whole (threads)
        return last

    def _prepare(self, s: str):
        """``(skip, low)``: whether no match can exist, and the lower-cased text to run over
        (None: run the original pattern over ``s``)."""
        return self._entry(s)[1]

    def _answer(self, s: str):
        low, plain = _lowered(s)
        hints = self.hints
        if hints and not any(map(low.__contains__, hints)):  # "h in low" for each, in C
            return True, None
        if not plain:
            return False, None
        guard = self.guard
        if guard and not any(map(low.__contains__, guard)):
            return True, None
        for guard in self._more:
            if not any(map(low.__contains__, guard)):
                return True, None
        return False, (low if self._ci else None)

    def possible(self, s: str) -> bool:
        """False when no match can exist in ``s``, nor in any piece of it, by the hints and
        guard alone (the pattern is not run). A piece is plain when ``s`` is, and holds the
        hints and guard words only where the lower-cased ``s`` does: lower-casing maps every
        character on its own except the final-sigma rule, which yields only Greek letters."""
        return not self._entry(s)[2]

    def search(self, s, pos=0, endpos=None):
        skip, low = self._prepare(s)
        if skip:
            return None
        if endpos is None:
            endpos = len(s)
        if low is None:
            return self.rx.search(s, pos, endpos)
        m = self.lrx.search(low, pos, endpos)
        return None if m is None else _Match(m, s)

    def match(self, s, pos=0):
        skip, low = self._prepare(s)
        if skip:
            return None
        if low is None:
            return self.rx.match(s, pos)
        m = self.lrx.match(low, pos)
        return None if m is None else _Match(m, s)

    def fullmatch(self, s):
        skip, low = self._prepare(s)
        if skip:
            return None
        if low is None:
            return self.rx.fullmatch(s)
        m = self.lrx.fullmatch(low)
        return None if m is None else _Match(m, s)

    def finditer(self, s, pos=0):
        skip, low = self._prepare(s)
        if skip:
            return iter(())
        if low is None:
            return self.rx.finditer(s, pos)
        return (_Match(m, s) for m in self.lrx.finditer(low, pos))

    def findall(self, s):
        skip, low = self._prepare(s)
        if skip:
            return []
        if low is None:
            return self.rx.findall(s)
        rx = self.lrx
        n = rx.groups
        out = []
        for m in rx.finditer(low):
            if n == 0:
                out.append(s[m.start():m.end()])
            elif n == 1:
                a, b = m.span(1)
                out.append("" if a < 0 else s[a:b])
            else:
                out.append(tuple("" if m.start(g) < 0 else s[m.start(g):m.end(g)] for g in range(1, n + 1)))
        return out

    def sub(self, repl, s, count=0):
        skip, low = self._prepare(s)
        if skip:
            return s
        if low is None or not isinstance(repl, str) or "\\" in repl:
            return self.rx.sub(repl, s, count)
        out, pos = [], 0
        for i, m in enumerate(self.lrx.finditer(low)):
            if count and i >= count:
                break
            out.append(s[pos:m.start()])
            out.append(repl)
            pos = m.end()
        out.append(s[pos:])
        return "".join(out)


class AnyRe:
    """Patterns that stand for their alternation, where only whether one matches counts
    (``found``). Each is compiled and searched only when the ones before found nothing and
    its own hints and guard let it: a short text often compiles none of them."""

    __slots__ = ("parts",)

    def __init__(self, *parts: LazyRe) -> None:
        self.parts = parts

    def found(self, s: str) -> bool:
        for p in self.parts:
            if p.search(s) is not None:
                return True
        return False


I = re.IGNORECASE
IX = re.IGNORECASE | re.VERBOSE

#: Every character ``\s`` matches in a str pattern (those for which str.isspace() holds), for
#: guards that spell out a pattern's whitespace; tests/test_rules_lowered.py derives it from re.
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
              "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")

# --------------------------------------------------------------------------- stemming

_STEMMERS: dict[str, object] = {}
_STEM_CACHE: dict[str, str] = {}
_STEM_CACHE_MAX = 50_000


def _stemmer(lang: str):
    st = _STEMMERS.get(lang)
    if st is None:
        name = "russian" if lang == "ru" else "english"
        import Stemmer  # PyStemmer: the Snowball algorithms in C

        st = _STEMMERS[lang] = Stemmer.Stemmer(name)
    return st


_CYR = LazyRe(r"[а-яё]")
_LAT = LazyRe(r"[a-z]")


def stem(word: str) -> str:
    """Stem one lower-cased word (``ё`` folded to ``е``) with the matching language."""
    s = _STEM_CACHE.get(word)
    if s is not None:
        return s
    if word.isdigit():
        s = word
    elif _CYR.rx.search(word):
        s = _stemmer("ru").stemWord(word)
    elif _LAT.rx.search(word):
        s = _stemmer("en").stemWord(word)
    else:
        s = word
    if len(_STEM_CACHE) >= _STEM_CACHE_MAX:
        _STEM_CACHE.clear()
    _STEM_CACHE[word] = s
    return s


class WordMemo:
    """A pure function of a word, remembered for the words seen lately (at most ``limit``; the
    memo starts over when full): rules ask the same question about the same words input after
    input."""

    __slots__ = ("fn", "limit", "known")

    def __init__(self, fn, limit: int = 50_000) -> None:
        self.fn = fn
        self.limit = limit
        self.known: dict[str, object] = {}

    def over(self, words: list[str]) -> list:
        """``[fn(w) for w in words]``, computing only the words not seen lately."""
        known = self.known
        out = list(map(known.get, words))
        if None in out:
            if len(known) >= self.limit:
                known.clear()
            fn = self.fn
            for i, value in enumerate(out):
                if value is None:
                    out[i] = known[words[i]] = fn(words[i])
        return out


def fold(s: str) -> str:
    return s.lower().replace("ё", "е")


# Latin letters that look like Cyrillic ones: "Хромe" typed with a Latin "e" is "хроме".
_LAT2CYR = str.maketrans("aeopcxykmthb", "аеорсхукмтнв")
_CYR2LAT = str.maketrans("аеорсхукмтнв", "aeopcxykmthb")


def unmix(word: str) -> str:
    """Fold a mixed-script word to the script most of its letters use."""
    if word.isascii():
        return word
    lat = sum(1 for c in word if "a" <= c <= "z")
    if not lat:
        return word
    cyr = sum(1 for c in word if "а" <= c <= "я")
    return word.translate(_LAT2CYR) if cyr >= lat else word.translate(_CYR2LAT)


def _deletes(w: str) -> set[str]:
    return {w} | {w[:i] + w[i + 1:] for i in range(len(w))}


def _one_edit(a: str, b: str) -> bool:
    """At most one letter missing, extra, wrong, or two neighbours swapped. A shared delete
    alone also pairs words two edits apart ("version" and "verizon": each without one letter
    is "verion")."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    i = 0
    while i < min(la, lb) and a[i] == b[i]:
        i += 1
    if la == lb:
        if a[i + 1:] == b[i + 1:]:
            return True  # one wrong letter
        return a[i + 2:] == b[i + 2:] and a[i] == b[i + 1] and a[i + 1] == b[i]  # a swap
    return (a[i + 1:] == b[i:]) if la > lb else (a[i:] == b[i + 1:])


class Fuzzy:
    """Names matched with one typo ("Outlok", "Thunderbrd", "Firefx"): one letter missing,
    extra, wrong or swapped. Only words of five letters or more, to keep it safe."""

    _MEMO_MAX = 50_000

    def __init__(self, names) -> None:
        self.names = tuple(names)
        # a word longer than this is more than one letter away from every name
        self.longest = max(map(len, self.names), default=0) + 1
        self._index: dict[str, str] | None = None
        self._memo: dict[str, str | None] = {}  # word -> the name it matches, or None

    def index(self) -> dict[str, str]:
        if self._index is None:
            idx = {}
            for n in self.names:
                for v in _deletes(fold(n)):
                    idx.setdefault(v, n)
            self._index = idx
        return self._index

    def _word(self, w: str) -> str | None:
        idx = self.index()
        for v in _deletes(w):
            name = idx.get(v)
            if name is not None and _one_edit(w, fold(name)):
                return name
        return None

    def find(self, doc: "Doc", skip=()) -> str | None:
        """The first name found with at most one typo, outside the ``skip`` spans."""
        memo = self._memo
        longest = self.longest
        for w in doc.lows_outside(skip):
            if len(w) < 5 or len(w) > longest or w.isdigit():
                continue
            name = memo.get(w, memo)
            if name is memo:  # a word not seen lately
                if len(memo) >= self._MEMO_MAX:
                    memo.clear()
                name = memo[w] = self._word(w)
            if name is not None:
                return name
        return None

    def find_hit(self, doc: "Doc", skip=()) -> tuple[str, int, int] | None:
        """Like :meth:`find`, with where the word stands: ``(name, start, end)``."""
        if self.find(doc, skip) is None:  # the usual answer, from the memo
            return None
        for w, (a, b) in zip(doc.lows, doc.tokens):
            if len(w) < 5 or len(w) > self.longest or w.isdigit() or (skip and in_spans(a, skip)):
                continue
            name = self._memo.get(w)
            if name is not None:
                return name, a, b
        return None


# --------------------------------------------------------------------------- language

_WORD = LazyRe(r"[^\W\d_]{2,}")
_ADDRESS = LazyRe(r"(?<!\S)\S*[^\W_]\.[^\W\d_]\S*", hints=(".",))  # domains, e-mail addresses, URLs: no language


def lang_of_words(words) -> str:
    cyr = lat = 0
    for w in words:
        if len(w) < 2 or not w.isalpha():
            continue
        if "а" <= w[0] <= "я" or w[0] == "ё":
            cyr += 1
        else:
            lat += 1
    return _lang_by_share(cyr, lat)


def _lang_by_share(cyr: int, lat: int) -> str:
    """Russian wins at a lower share: Russian tickets often quote English error messages."""
    if cyr + lat == 0:
        return "en"
    return "ru" if cyr >= 0.3 * (cyr + lat) else "en"


def detect_lang(text: str) -> str:
    """``"ru"`` when a fair share of the words are Cyrillic, else ``"en"``.

    Russian tickets often quote English error messages, so Russian wins at a lower share.
    """
    cyr = lat = 0
    text = _ADDRESS.sub(" ", text or "")
    for m in _WORD.finditer(text):
        w = m.group()
        if _CYR.rx.match(w.lower()):
            cyr += 1
        else:
            lat += 1
    return _lang_by_share(cyr, lat)


# --------------------------------------------------------------------------- lexicons


class Lexicon:
    """A named list of phrases, matched over a document's tokens (see module doc)."""

    registry: list["Lexicon"] = []
    _index = None  # (by_stem, by_exact, by_prefix3) over all registered lexicons

    def __init__(self, name: str, phrases) -> None:
        self.name = name
        self.phrases = tuple(phrases)
        Lexicon.registry.append(self)
        Lexicon._index = None

    @classmethod
    def index(cls):
        """``(by_stem, by_exact, by_prefix3)``: each maps a token's stem, exact text or first
        three letters to the phrases that can start there, as ``(lex, elems, phrase, k, d0)``:
        ``k`` elements, of which the first ``d0`` are already matched by the key itself."""
        if cls._index is None:
            by_stem: dict[str, list] = {}
            by_exact: dict[str, list] = {}
            by_prefix: dict[str, list] = {}
            targets = {"s": by_stem, "c": by_exact, "p": by_prefix}
            for lex in cls.registry:
                name = lex.name
                for phrase in lex.phrases:
                    elems = []
                    for w in phrase.split():
                        if w.startswith("=") and len(w) > 1:
                            elems.append(("c", w[1:]))
                        elif w.endswith("*") and len(w) > 1:
                            p = fold(w[:-1])
                            assert len(p) >= 3, phrase
                            elems.append(("p", p))
                        else:
                            elems.append(("s", stem(fold(w))))
                    kind, val = elems[0]
                    # a stem or an exact token is the key itself; a prefix longer than
                    # the three letters of its key is still to be checked
                    d0 = 0 if kind == "p" else 1
                    entry = (name, tuple(elems), phrase, len(elems), d0)
                    key = val[:3] if kind == "p" else val
                    targets[kind].setdefault(key, []).append(entry)
            cls._index = (by_stem, by_exact, by_prefix)
        return cls._index


# --------------------------------------------------------------------------- document

_TOKEN = LazyRe(r"[^\W_]+")
_SPAN = re.Match.span
# Where a sentence ends: a run of . ! ? … before a space, a closing quote or bracket or the end
# (with those marks), or line breaks. It runs over the text with "…" written "." and "”" written
# '"' (sentence_ends()), which the pattern treats alike, so that its classes hold Latin-1
# characters only: sre turns a class of characters beyond Latin-1 in several runs into a
# 64K-entry table, in pure Python, about a million instructions each (the pattern had three:
# r"[.!?…]+(?=[\s\"'»”)\]]|$)[\"'»”)\]]*|\n+"; tests/test_rules_sentences.py runs both).
_SENT_END = LazyRe(r"[.!?]+(?=[\s\"'»)\]]|$)[\"'»)\]]*|\n+")


def sentence_ends(text: str) -> list[int]:
    """Where the matches of _SENT_END (as written in the comment above) end in ``text``."""
    if "…" in text:
        text = text.replace("…", ".")
    if "”" in text:
        text = text.replace("”", '"')
    return [m.end() for m in _SENT_END.finditer(text)]


_QUOTE_OPENERS = ("«", '"', "“", "„", "‘")


def _may_quote(text: str) -> bool:
    """False when _QUOTED cannot match: no opening quote mark, and every "'" follows a word
    character (\\w: a letter, digit or "_") or another "'", as in "yesterday's" or "can't"."""
    if any(map(text.__contains__, _QUOTE_OPENERS)):
        return True
    i = text.find("'")
    while i >= 0:
        if i == 0:
            return True
        c = text[i - 1]
        if not (c.isalnum() or c == "_" or c == "'"):
            return True
        i = text.find("'", i + 1)
    return False


_QUOTED = LazyRe(r"«([^«»]{2,400})»|\"([^\"\n]{2,400})\"|“([^“”\n]{2,400})”|„([^„“\n]{2,400})“"
                 # single quotes: 'Login failed.', ‘Relay access denied’ (an apostrophe inside a
                 # word, "can't", "Thunderbird'е", neither opens nor closes one)
                 r"|(?<![\w'])'(?=\S)([^'\n]{2,400}?)(?<=\S)'(?![\w'])|‘([^‘’\n]{2,400})’",
                 precheck=_may_quote)


# What a report quotes the way a tracker does: a fenced code block (```…```, to the end of the
# text when it is not closed; after the fence, a language's name at most), an inline `code
# span`, and a line quoted with ">" (markdown).
_CODE_QUOTED = LazyRe(r"```[^\n`]{0,40}\n(.*?)(?:```|\Z)|`([^`\n]{2,400})`|^[ \t]*>[ \t]?([^\n]*[^\W_][^\n]*)$",
                      re.S | re.M, hints=("`", ">"))


class Hit:
    __slots__ = ("lex", "phrase", "i", "j", "start", "end")

    def __init__(self, lex, phrase, i, j, start, end):
        self.lex, self.phrase, self.i, self.j, self.start, self.end = lex, phrase, i, j, start, end

    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return f"Hit({self.lex!r}, {self.phrase!r}, {self.start}:{self.end})"


class Doc:
    """A piece of text analysed once: tokens, stems, sentences, lexicon hits (lazy)."""

    def __init__(self, text: str) -> None:
        self.text = text or ""

    @cached_property
    def low(self) -> str:
        return fold(self.text)

    @cached_property
    def tokens(self) -> list[tuple[int, int]]:
        return list(map(_SPAN, _TOKEN.rx.finditer(self.text)))

    @cached_property
    def raw(self) -> list[str]:
        t = self.text
        return [t[a:b] for a, b in self.tokens]

    @cached_property
    def lows(self) -> list[str]:
        t = self.low
        words = [t[a:b] for a, b in self.tokens]
        # unmix() changes only a word with both Latin letters and others: none where the text
        # is ASCII or has no Latin letter at all
        if t.isascii() or not _LAT.rx.search(t):
            return words
        for i, w in enumerate(words):
            if not w.isascii() and _LAT.rx.search(w):
                words[i] = unmix(w)
        return words

    def lows_outside(self, skip) -> list[str]:
        """``lows`` of the tokens that do not start inside one of the ``skip`` spans (a
        SpanSet or a list of spans); the latest answer is kept (rules ask with the same spans)."""
        if not skip:
            return self.lows
        last = self.__dict__.get("_outside")
        if last is not None and last[0] is skip:
            return last[1]
        out = []
        if isinstance(skip, SpanSet):  # disjoint and sorted, as the tokens are: one walk
            spans = list(skip)
            j, m = 0, len(spans)
            for w, (a, _b) in zip(self.lows, self.tokens):
                while j < m and spans[j][1] <= a:
                    j += 1
                if j < m and spans[j][0] <= a:
                    continue
                out.append(w)
        else:
            out = [w for w, (a, _b) in zip(self.lows, self.tokens) if not in_spans(a, skip)]
        self.__dict__["_outside"] = (skip, out)
        return out

    @cached_property
    def stems(self) -> list[str]:
        lows = self.lows
        out = list(map(_STEM_CACHE.get, lows))  # stem() of a word seen before, else None
        if None in out:
            for i, s in enumerate(out):
                if s is None:
                    out[i] = stem(lows[i])
        return out

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        """Character spans of sentences (split at . ! ? … and line breaks)."""
        spans = []
        pos = 0
        t = self.text
        for end in sentence_ends(t):
            if t[pos:end].strip():
                spans.append((pos, end))
            pos = end
        if t[pos:].strip():
            spans.append((pos, len(t)))
        # trim whitespace
        out = []
        for a, b in spans:
            while a < b and t[a].isspace():
                a += 1
            while b > a and t[b - 1].isspace():
                b -= 1
            out.append((a, b))
        return out

    def sentence_at(self, pos: int) -> tuple[int, int]:
        for a, b in self.sentences:
            if a <= pos < b:
                return a, b
        return pos, pos

    @cached_property
    def quotes(self) -> list[tuple[int, int]]:
        """Spans of quoted strings (inner text): in quotation marks, and in a tracker's code
        blocks, code spans and quoted lines."""
        out = []
        for m in _QUOTED.finditer(self.text):
            for g in range(1, 7):
                if m.group(g) is not None:
                    out.append(m.span(g))
                    break
        code = self.code_quotes
        if code:
            inside = SpanSet(out)
            out += [(a, b) for a, b in code if not inside.contains(a)]
            out.sort()
        return out

    @cached_property
    def code_quotes(self) -> "SpanSet":
        """Spans of a tracker's code blocks, code spans and ">" quoted lines (inner text): what
        was pasted from a screen, a log or a configuration."""
        out = []
        for m in _CODE_QUOTED.finditer(self.text):
            for g in range(1, 4):
                if m.group(g) is not None:
                    a, b = m.span(g)
                    if b > a:
                        out.append((a, b))
                    break
        return SpanSet(out)  # disjoint and sorted: "is this inside?" by bisection

    @cached_property
    def hits(self) -> dict[str, list[Hit]]:
        by_stem, by_exact, by_prefix = Lexicon.index()
        sget, eget, pget = by_stem.get, by_exact.get, by_prefix.get
        raw, lows, stems, toks = self.raw, self.lows, self.stems, self.tokens
        n = len(toks)
        out: dict[str, list[Hit]] = {}
        for i in range(n):
            cs, ce, cp = sget(stems[i]), eget(raw[i]), pget(lows[i][:3])
            if cs is None and ce is None and cp is None:
                continue  # most tokens start no phrase
            # candidates in this order: by stem, by exact token, by prefix (as always)
            for c in (cs, ce, cp):
                if not c:
                    continue
                for lex, elems, phrase, k, d0 in c:
                    if k == d0:  # one word, matched by the key itself
                        a, b = toks[i]
                        hit = Hit(lex, phrase, i, i + 1, a, b)
                    else:
                        j = i + k
                        if j > n:
                            continue
                        for d in range(d0, k):
                            kind, val = elems[d]  # s: stem, p: prefix, c: exact token
                            x = i + d
                            if kind == "s":
                                if stems[x] != val:
                                    break
                            elif kind == "p":
                                if not lows[x].startswith(val):
                                    break
                            elif raw[x] != val:
                                break
                        else:
                            hit = Hit(lex, phrase, i, j, toks[i][0], toks[j - 1][1])
                            lst = out.get(lex)
                            if lst is None:
                                out[lex] = [hit]
                            else:
                                lst.append(hit)
                        continue
                    lst = out.get(lex)
                    if lst is None:
                        out[lex] = [hit]
                    else:
                        lst.append(hit)
        return out

    def find(self, lex: str) -> list[Hit]:
        return self.hits.get(lex, [])

    def has(self, lex: str) -> bool:
        return lex in self.hits


class SpanSet(list):
    """Character spans merged into disjoint sorted ones, for fast "is this inside?" tests."""

    def __init__(self, spans=()) -> None:
        merged: list[tuple[int, int]] = []
        for a, b in sorted(spans):
            if merged and a <= merged[-1][1]:
                if b > merged[-1][1]:
                    merged[-1] = (merged[-1][0], b)
            else:
                merged.append((a, b))
        super().__init__(merged)
        self.starts = [a for a, _b in merged]

    def contains(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self[i][1]


def in_spans(pos: int, spans) -> bool:
    """Is ``pos`` inside one of ``spans`` (a list of ``(start, end)`` or a SpanSet)?"""
    if isinstance(spans, SpanSet):
        return spans.contains(pos)
    for a, b in spans:
        if a <= pos < b:
            return True
    return False
