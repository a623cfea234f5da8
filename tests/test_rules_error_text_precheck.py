"""error_text._has_digit(): CODE_THEN_TEXT runs only over texts with a digit, which every match
of it holds (in its code); the pre-check is exactly "some character that \\d matches"."""

from __future__ import annotations

import re

from conftest import corpus_texts
from hypothesis import given, settings
from hypothesis import strategies as st

from ticketcli.rules import error_text as E


def _check(text: str) -> None:
    """No match (the pattern as written, or over the lower-cased text) where _has_digit is False."""
    if E._has_digit(text):
        return
    rx = E.CODE_THEN_TEXT
    assert re.compile(rx.pattern, rx.flags).search(text) is None, text
    assert re.compile(rx.pattern, rx.flags & ~re.IGNORECASE).search(text.lower()) is None, text


def test_has_digit_is_backslash_d():
    """Each code point on its own: _has_digit holds exactly for the characters \\d matches."""
    every = "".join(chr(i) for i in range(0x110000))
    digits = {m.group() for m in re.finditer(r"\d", every)}
    assert len(digits) > 600 and "٣" in digits and "5" in digits
    assert all(E._has_digit(c) for c in digits)
    assert not any(E._has_digit(c) for c in set(every) - digits)
    assert not E._has_digit("Please restore the site from yesterday's backup.")
    assert E._has_digit("Сайт отдаёт ٥٠٢ Bad Gateway") and E._has_digit("error 0x800CCC0E")


def testcorpus_texts():
    texts = corpus_texts()
    assert len(texts) > 200
    for text in texts:
        _check(text)
        _check(re.sub(r"\d", "", text))


_PIECES = st.sampled_from([
    "502", "Bad Gateway", "#2006", " - ", ": ", " (", "0x800CCC0F", "The connection", "5.7.1", "550 5.7.1", "٥٠٢",
    "#٢٠٠٦", "٥.٧.١", "०", "x", "Ошибка", "ошибка сервера", " ", "\t", "\n", "—", "«", "»", ".", "0X8007", "Sender rejected",
])


@settings(max_examples=1500, deadline=None)
@given(st.lists(_PIECES, min_size=1, max_size=10).map("".join))
def test_generated_texts(text):
    _check(text)
