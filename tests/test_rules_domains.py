"""domains.py: the host and e-mail patterns with a label written as one character class find
what the patterns as first written found, and the pre-check of _HOST never hides a host."""

from __future__ import annotations

import re

import pytest
from conftest import corpus_texts
from hypothesis import given, settings
from hypothesis import strategies as st

from ticketcli.rules import domains as D

# The patterns as first written (the reference): a label is a letter or digit, optionally
# followed by up to 61 letters, digits or hyphens and a letter or digit.
OLD_LABEL = r"[a-z0-9а-яёәіңғүұқөһ](?:[a-z0-9а-яёәіңғүұқөһ-]{0,61}[a-z0-9а-яёәіңғүұқөһ])?"
OLD_HOST = rf"(?<![\w.\-])((?:{OLD_LABEL}\.)+({OLD_LABEL}))(?![\w\-]|\.[a-z0-9а-яё])"
OLD_EMAIL = rf"(?<![\w.+\-])[\w.+\-]+@((?:{OLD_LABEL}\.)+{OLD_LABEL})"
LABEL_CLASS = "[a-z0-9а-яёәіңғүұқөһ]"

PAIRS = [(OLD_HOST, D._HOST), (OLD_EMAIL, D._EMAIL)]


CORPUS = corpus_texts()


def _matches(rx: re.Pattern, text: str) -> list:
    groups = range(rx.groups + 1)
    return [tuple((m.span(g), m.group(g)) for g in groups) for m in rx.finditer(text)]


def _same(text: str) -> None:
    """Old and new patterns: the same spans and groups, with re.IGNORECASE over the text and
    without it over the lower-cased text (the two ways LazyRe runs them), and through LazyRe."""
    for old, lazy in PAIRS:
        for flags, s in ((re.IGNORECASE, text), (0, text.lower()), (0, text)):
            assert _matches(re.compile(old, flags), s) == _matches(re.compile(lazy.pattern, flags), s), (old[:40], s)
        groups = range(re.compile(old).groups + 1)
        got = [tuple((m.span(g), m.group(g)) for g in groups) for m in lazy.finditer(text)]
        assert got == _matches(re.compile(old, re.IGNORECASE), text), text


def _host_precheck(text: str) -> None:
    """may_have_host() is False only where _HOST (either way it is run) finds nothing."""
    if D.may_have_host(text):
        return
    assert re.compile(OLD_HOST, re.IGNORECASE).search(text) is None, text
    assert re.compile(OLD_HOST).search(text.lower()) is None, text
    assert D.Domains(text).hosts == [], text


def testcorpus_texts():
    assert len(CORPUS) > 200
    for text in CORPUS:
        _same(text)
        _host_precheck(text)


def test_long_labels():
    """Labels around the 63-character limit, with hyphens at either end or inside."""
    for n in (1, 2, 61, 62, 63, 64, 65, 130):
        for body in ("a" * n, "я" * n, "-" + "a" * n, "a" * n + "-", "a-" * (n // 2) + "b", "ә" * n):
            for text in (f"{body}.ru", f"x.{body}", f"x.{body}.com", f"{body}.{body}.рф", f"mail@{body}.com",
                         f"go to {body}.{body}", f"-{body}.de-", f"{body.upper()}.COM"):
                _same(text)
                _host_precheck(text)


def test_label_characters_are_alphanumeric():
    """Every character a label may start with (the class, with or without re.IGNORECASE)
    is one str.isalnum() holds for: what may_have_host() looks for after a "."."""
    every = "".join(chr(i) for i in range(0x110000))
    for flags in (0, re.IGNORECASE):
        chars = {m.group() for m in re.finditer(LABEL_CLASS, every, flags)}
        assert chars and all(c.isalnum() for c in chars), sorted(c for c in chars if not c.isalnum())


def test_precheck_skips_texts_without_a_dot_before_a_letter_or_digit():
    assert not D.may_have_host("Please restore the site from yesterday's backup.")
    assert not D.may_have_host("Nothing here. Or here... (really.) ")
    assert D.may_have_host("the site example.com is down") and D.Domains("example.com").hosts
    assert D.may_have_host("пример.рф") and D.may_have_host("a.1")


# letters, digits, hyphens and dots most of all; Cyrillic and Kazakh IDN letters, capitals,
# characters that IGNORECASE folds (İ ı ſ K Kelvin ᲀ), "@", "_", "+" and spaces
_ALPHABET = ("abcxyz019-.-." + "..." + "абвяёжЁЯ" + "әіңғүұқөһӘІҢ" + "ABCZ" + "İıſ\u212a\u1c80" + "@_+ \n'\"/:"
             + "ѐђ")
_PIECES = st.one_of(
    st.text(alphabet=_ALPHABET, min_size=1, max_size=6),
    st.sampled_from(["example", ".com", ".ru", ".рф", "пример", "xn--p1ai", "xn--80aswg", "www.", "https://",
                     "mail@", "info@x.ru", "fine.It was", "a" * 62, "б" * 31 + "-", "-" * 3, "index.php",
                     "Яндекс.Вебмастер", "қазақ.қаз", ". ", "..", ".-", "-.", "1.2.3", "e.g."]),
)


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=10).map("".join))
def test_generated_texts(text):
    _same(text)
    _host_precheck(text)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40))
def test_generated_strings(text):
    _same(text)
    _host_precheck(text)


@pytest.mark.parametrize("text", ["a.b", "A.B", "a-.b", "-a.b", "a.b-", "ab.cd.ef.", "ſ.ᲀ", "K.İ", "x@y.z", "a..b"])
def test_small_cases(text):
    _same(text)
    _host_precheck(text)
