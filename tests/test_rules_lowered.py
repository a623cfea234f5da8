"""LazyRe runs case-insensitive patterns case-sensitively over the lower-cased text, and skips
patterns by hints and guards: these tests check that it finds exactly what the patterns as
written (``re.compile(pattern, flags)`` over the original text) find."""

from __future__ import annotations

import importlib
import pkgutil
import random
import re
from collections import defaultdict

import pytest
from conftest import corpus_texts
from hypothesis import given, settings
from hypothesis import strategies as st

import ticketcli.rules as rules_pkg
from ticketcli.rules import text as T


def _all_patterns() -> dict[str, T.LazyRe]:
    found = {}
    for info in pkgutil.iter_modules(rules_pkg.__path__):
        mod = importlib.import_module("ticketcli.rules." + info.name)
        for name, value in vars(mod).items():
            items = [(name, value)]
            if isinstance(value, dict):
                items = [(f"{name}[{k}]", v) for k, v in value.items()]
            elif isinstance(value, (list, tuple)):
                items = [(f"{name}[{i}]", v) for i, v in enumerate(value)]
            elif isinstance(value, T.AnyRe):
                items = [(f"{name}.parts[{i}]", v) for i, v in enumerate(value.parts)]
            for n, v in items:
                if isinstance(v, T.LazyRe):
                    found.setdefault(id(v), (f"{info.name}.{n}", v))
    return dict(found.values())


PATTERNS = _all_patterns()
CASELESS = {n: p for n, p in PATTERNS.items() if p.flags & re.IGNORECASE}


def _literal_chars(pattern: str) -> str:
    """The pattern's characters other than escapes and group names."""
    return re.sub(r"\\.|\(\?P<\w+>|\(\?P=\w+\)", "", pattern)


def test_patterns_were_found():
    assert len(PATTERNS) > 60 and len(CASELESS) > 40


@pytest.mark.parametrize("name", sorted(CASELESS))
def test_caseless_patterns_are_written_in_lower_case(name):
    upper = sorted({c for c in _literal_chars(CASELESS[name].pattern) if c.lower() != c})
    assert not upper, f"{name}: write re.I patterns in lower case (LazyRe runs them over lower-cased text): {upper}"


def test_odd_case_is_every_character_where_lowering_differs_from_ignorecase():
    """Derive, from ``re`` itself, every character for which "lower-case the text, then match
    case-sensitively" differs from "match with re.IGNORECASE", for every character the
    case-insensitive patterns use (and whole alphabets, for their ranges)."""
    every = "".join(chr(i) for i in range(0x110000))
    by_lower = defaultdict(set)
    odd = set()
    for c in every:
        low = c.lower()
        if len(low) != 1:
            odd.add(c)  # changes a string's length: offsets would shift
            continue
        by_lower[low].add(c)
        # \w, \s, \d and \b must see the same classes in the lower-cased text
        if ((c.isalnum() or c == "_") != (low.isalnum() or low == "_") or c.isspace() != low.isspace()
                or c.isdecimal() != low.isdecimal()):
            odd.add(c)
    alphabet = set("abcdefghijklmnopqrstuvwxyz0123456789абвгдеёжзийклмнопрстуфхцчшщъыьэюя")
    for p in CASELESS.values():
        alphabet |= set(_literal_chars(p.pattern))
    for x in sorted(c for c in alphabet if c.lower() == c):
        caseless = {m.group() for m in re.compile(re.escape(x), re.IGNORECASE).finditer(every)}
        lowered = by_lower[x]
        odd |= caseless ^ lowered
    assert odd <= set(T.ODD_CASE), sorted(hex(ord(c)) for c in odd - set(T.ODD_CASE))


# ------------------------------------------------------------------ differential checks

def _texts() -> list[str]:
    out = corpus_texts()
    rnd = random.Random(7)
    more = []
    for t in out:
        more.append(t.upper())
        more.append("".join(c.upper() if rnd.random() < 0.3 else c for c in t))
        words = t.split()
        rnd.shuffle(words)
        more.append(" ".join(words))
    # the odd characters themselves, in words the patterns look for
    more += ["ſays ſomething", "ТАК ЖЕ İS ıt", "пᲂчта не ᲂтправляется", "dᲂesn't wᲂrk", "Σίσυφος ΟΔΟΣ"]
    return [t for t in out + more if t]


TEXTS = _texts()


def _same_matches(lazy: T.LazyRe, text: str) -> None:
    rx = re.compile(lazy.pattern, lazy.flags)
    groups = range(rx.groups + 1)
    want = [tuple((m.span(g), m.group(g)) for g in groups) for m in rx.finditer(text)]
    got = [tuple((m.span(g), m.group(g)) for g in groups) for m in lazy.finditer(text)]
    # hints skip a text without a match; otherwise every match is the same
    assert got == want or (not got and lazy.hints), (lazy.pattern[:80], text[:200])
    first = rx.search(text)
    found = lazy.search(text)
    if first is None or found is None:
        assert found is None and (first is None or lazy.hints)
    else:
        assert (found.span(), found.group()) == (first.span(), first.group())
    m1, m2 = rx.match(text), lazy.match(text)
    assert (m1 is None) == (m2 is None) and (m1 is None or (m1.span(), m1.group()) == (m2.span(), m2.group()))
    assert lazy.sub(" ", text) == rx.sub(" ", text) or (lazy.hints and lazy.sub(" ", text) == text)


@pytest.mark.parametrize("name", sorted(PATTERNS))
def test_lazy_patterns_find_what_the_patterns_find(name):
    lazy = PATTERNS[name]
    for text in TEXTS:
        _same_matches(lazy, text)


_PIECES = st.sampled_from([
    "не ", "НЕ ", "работает", "Работает", "ошибка", "ОШИБКА", "error", "Error 550", "пишет", "says",
    "shows", "warning", "_", "-", ".", ",", ":", "?", "!", "\n", " ", "  ", "'", '"', "«", "»", "0x800CCC0E",
    "502", "Bad Gateway", "ſ", "ı", "İ", "\u1c82", "Σ", "раньше", "отправ", "receive", "login", "пароль",
    "Qwerty123!", "example.ru", "http://x.ru/a", "info@x.ru", "договор", "№ 12-345", "PROVIDER", "провайдер",
    "Можете ли вы", "could you", "Please", "also", "Также", "p.s.", "1)", "• ", "ERR_CONNECTION_RESET",
])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=14).map("".join))
def test_lazy_patterns_on_generated_texts(text):
    for lazy in PATTERNS.values():
        _same_matches(lazy, text)


def _plain(text: str) -> bool:
    return T._lowered(text)[1]


@pytest.mark.parametrize("name", sorted(n for n, p in PATTERNS.items() if p.hints or p.guard))
def test_hints_and_guards_skip_only_texts_without_a_match(name):
    """On a plain text (no ODD_CASE character) a pattern's hints and guard are words that every
    match contains: skipping by them never loses a match (strictly: the same matches as re)."""
    lazy = PATTERNS[name]
    rx = re.compile(lazy.pattern, lazy.flags)
    for text in TEXTS:
        if not _plain(text):
            continue
        want = [m.span() for m in rx.finditer(text)]
        assert [m.span() for m in lazy.finditer(text)] == want, (name, text[:200])
        assert lazy.possible(text) or not want, (name, text[:200])


@settings(max_examples=150, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=14).map("".join))
def test_hints_and_guards_on_generated_texts(text):
    if not _plain(text):
        return
    for lazy in PATTERNS.values():
        if lazy.hints or lazy.guard:
            rx = re.compile(lazy.pattern, lazy.flags)
            assert [m.span() for m in lazy.finditer(text)] == [m.span() for m in rx.finditer(text)], lazy.pattern[:80]


# ------------------------------------------------------------------ pre-checks outside LazyRe

def test_whitespace_is_every_character_backslash_s_matches():
    every = "".join(chr(i) for i in range(0x110000))
    assert T.WHITESPACE == "".join(m.group() for m in re.finditer(r"\s", every))


_QUOTE_PIECES = st.sampled_from(["'", "''", "a'", "a", "_", "1", " ", "\n", "x'y", "'s", "it's", "«", "»", "\"", "“", "”",
                                 "„", "‘", "’", "Ж", "ё'", "!", "(", "Login failed.", "é"])


def _quotes_check(text: str) -> None:
    """_may_quote is False only where _QUOTED finds nothing."""
    assert T._may_quote(text) or T._QUOTED.search(text) is None, text


def test_quote_precheck_never_hides_a_quote():
    for text in TEXTS:
        _quotes_check(text)
    assert not T._may_quote("Please restore yesterday's backup, it's urgent.")
    assert T._may_quote("It says 'Login failed.' now") and T._may_quote("'Login failed' again")


@settings(max_examples=1500, deadline=None)
@given(st.lists(_QUOTE_PIECES, max_size=12).map("".join))
def test_quote_precheck_on_generated_texts(text):
    _quotes_check(text)


_SUBJECT_PIECES = st.sampled_from(["Re", "RE", "re", "Fwd", "FW", "fw", "AW", "wg", "SV", "vs", "tr", "RV", "Antw", "Ответ",
                                   "отв", "Пересл", "переслано", "Пересылка", ":", " ", "\t", "\u3000", "[2]", "(3)", "ſv",
                                   "İ", "example.ru", "Please", "restore", "ТЕМА", "x"])


@settings(max_examples=2000, deadline=None)
@given(st.lists(_SUBJECT_PIECES, max_size=6).map("".join))
def test_reply_precheck_never_hides_a_reply_marker(subject):
    from ticketcli.rules import subject as S

    assert S._may_be_reply(subject) or S.REPLY.search(subject) is None, subject


def test_reply_precheck_on_corpus_subjects():
    from ticketcli.rules import subject as S

    for text in TEXTS:
        first = text.split("\n", 1)[0]
        assert S._may_be_reply(first) or S.REPLY.search(first) is None, first
    assert not S._may_be_reply("example.ru: please restore the site")
    assert S._may_be_reply("  RE: site") and S.REPLY.search("  RE: site")


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(["A", "B", "Ж", "Ё", "a", "ж", " ", "É", "Σ", "1", "ᲀ", "İ", "ABCDE", "ПРИВЕТ"]), max_size=12).map("".join))
def test_five_capitals_precheck_answers_as_the_pattern(text):
    from ticketcli.rules import polite

    assert polite._caps5(text) == (polite._CAPS5.rx.search(text) is not None), text
