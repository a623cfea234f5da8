"""text.sentence_ends(): where the sentence-end pattern as first written ends its matches, with
"…" and "”" written "." and '"' before a pattern of Latin-1 classes runs over the text."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings, strategies as st

from ticketcli.rules import text as T

ROOT = Path(__file__).resolve().parents[1]

OLD_SENT_END = re.compile(r"[.!?…]+(?=[\s\"'»”)\]]|$)[\"'»”)\]]*|\n+")  # the reference


def _corpus_texts() -> list[str]:
    out = []
    for path in (ROOT.parent / "shared/corpus/tickets.jsonl", ROOT / "tests/data/fresh_tickets.jsonl"):
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    item = json.loads(line)
                    out += [item["text"], item.get("subject") or ""]
    return out


def _same(text: str) -> None:
    assert T.sentence_ends(text) == [m.end() for m in OLD_SENT_END.finditer(text)], text


def test_corpus_texts():
    texts = _corpus_texts()
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
