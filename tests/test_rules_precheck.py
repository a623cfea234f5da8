"""LazyRe's ``precheck``: a text it rules out is never searched, and the pattern never compiled."""

from __future__ import annotations

import subprocess
import sys

import pytest

from ticketcli.rules.text import I, LazyRe


def test_a_text_the_precheck_rules_out_finds_nothing_and_compiles_nothing():
    seen: list[str] = []

    def has_x(text: str) -> bool:
        seen.append(text)
        return "x" in text

    rx = LazyRe(r"a+", I, precheck=has_x)
    text = "aaa"
    assert rx.search(text) is None and rx.match(text) is None and rx.fullmatch(text) is None
    assert list(rx.finditer(text)) == [] and rx.findall(text) == []
    assert rx._rx is None and rx._lrx is None
    assert seen == ["aaa"]  # asked once for the text, the answer kept
    assert rx.possible(text)  # the precheck speaks of the whole text, not of its pieces
    assert [m.span() for m in rx.finditer("xaa")] == [(1, 3)]


@pytest.mark.parametrize("lowered", [True, False])  # a plain text, and one with an odd-case letter
def test_the_precheck_holds_for_both_ways_of_matching(lowered):
    rx = LazyRe(r"b\d", I, precheck=lambda s: any(c.isdigit() for c in s))
    text = "B7 b" if lowered else "İ B7 b"
    assert [m.group() for m in rx.finditer(text)] == ["B7"]
    assert list(rx.finditer(text.replace("7", "z"))) == []


def test_a_short_ticket_compiles_none_of_the_prechecked_patterns():
    """The first check of a text without a dotted name, digit, list, quote or reply marker
    leaves the patterns those pre-checks guard uncompiled (each costs millions of instructions)."""
    code = (
        "from ticketcli.rules import check\n"
        "from ticketcli.rules.domains import _HOST\n"
        "from ticketcli.rules.error_text import CODE_THEN_TEXT\n"
        "from ticketcli.rules.one_question import ITEM\n"
        "from ticketcli.rules.subject import REPLY\n"
        "from ticketcli.rules.text import _QUOTED\n"
        "check(\"Please restore the site from yesterday's backup\", type='other', subject='Backup')\n"
        "print([n for n, p in (('host', _HOST), ('code', CODE_THEN_TEXT), ('item', ITEM), ('reply', REPLY),"
        " ('quoted', _QUOTED)) if p._rx is not None or p._lrx is not None])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
