"""SECURITY.md's table of promises names the tests that hold each one: every test it names exists."""

from __future__ import annotations

import re

from conftest import REPO


def test_every_test_security_md_names_exists():
    text = (REPO / "SECURITY.md").read_text(encoding="utf-8")
    table = text[text.index("## What is promised, and where it is tested"):]
    named = 0
    for row in table.splitlines():
        if not row.startswith("| "):
            continue
        current = None
        for ref in re.findall(r"`([\w./:]*(?:test_\w+\.py)?(?:::\w+)?)`", row):
            path, _, func = ref.partition("::")
            if path.endswith(".py"):
                current = REPO / "tests" / path
                assert current.exists(), ref
            if func:
                assert current is not None, row
                assert re.search(rf"^def {func}\(", current.read_text(encoding="utf-8"), re.M), f"{current.name}::{func}"
                named += 1
    assert named >= 40
