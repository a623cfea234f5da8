"""text.sentence_ends(): where the sentence-end pattern as first written ends its matches, with
"…" and "”" written "." and '"' before a pattern of Latin-1 classes runs over the text."""

from __future__ import annotations

import re

from conftest import corpus_texts
from hypothesis import given, settings
from hypothesis import strategies as st

from ticketcli.rules import text as T

OLD_SENT_END = re.compile(r"[.!?…]+(?=[\s\"'»”)\]]|$)[\"'»”)\]]*|\n+")  # the reference


def _same(text: str) -> None:
    assert T.sentence_ends(text) == [m.end() for m in OLD_SENT_END.finditer(text)], text


def testcorpus_texts():
    texts = corpus_texts()
    assert len(texts) > 200
    for text in texts:
        _same(text)
        _same(text.replace(".", "…"))
        _same(text.replace("»", "”").replace("«", "“"))


def test_ellipsis_and_closing_quote():
    for text in ("Wait… what", "Wait…what", "He said “stop.” Then", "“Stop.”Then", "x…” y", "x.”…", "a?!… b",
                 "end…", "end”.", "“ok”\n\nnext", "…", "”", ".”", "x.\n"):
        _same(text)
    assert T.sentence_ends("Wait… what? Yes.") == [5, 11, 16]


def test_sentences_of_a_doc():
    doc = T.Doc("Не работает… Совсем. “Ошибка.” Дальше")
    assert [doc.text[a:b] for a, b in doc.sentences] == ["Не работает…", "Совсем.", "“Ошибка.”", "Дальше"]


_ALPHABET = ".!?…”\"'»«“)]( \t\n\u2028\u3000abЖ1"


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=30))
def test_generated_strings(text):
    _same(text)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["Hello", " world", ".", "…", "...", "!?", "”", '"', "'", "»", ")", "]", " ", "\n",
                                 "\n\n", "Ошибка", "“", "«", "x.y", "\u00a0"]), max_size=15).map("".join))
def test_generated_texts(text):
    _same(text)
