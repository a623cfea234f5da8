"""Reading ``config.toml`` without importing :mod:`tomllib` when the file is as ticketcli writes it.

``tomli_w`` writes the configuration as top-level ``key = "string"`` lines and one
``[profiles.NAME]`` table of such lines per profile. :func:`loads` reads exactly that shape line
by line; a file with anything else in it (comments, escapes, numbers, quoted or dotted keys,
other tables, a key or table given twice, ...) goes to :func:`tomllib.loads` whole, so every
file gives the same result, or the same error, as tomllib's. Importing tomllib (its parser and
the regular expressions it compiles at import) was about 8 M instructions of a scripted
``ticket new``.
"""

from __future__ import annotations

import re

# One line of the shape ticketcli writes. A bare key is ASCII letters, digits, "_" and "-"; a
# basic string without escapes holds any character but '"', '\' and the control characters
# TOML refuses in it (all of U+0000..U+001F but tab, and U+007F). Spaces and tabs around.
_LINE = re.compile(
    r'[ \t]*(?:'
    r'(?P<key>[A-Za-z0-9_-]+)[ \t]*=[ \t]*"(?P<value>[^"\\\x00-\x08\x0a-\x1f\x7f]*)"'
    r'|\[[ \t]*profiles\.(?P<table>[A-Za-z0-9_-]+)[ \t]*\]'
    r')?[ \t]*'
)


def fast_loads(text: str) -> dict | None:
    """The document, when every line is of the simple shape; None otherwise."""
    data: dict = {}
    profiles: dict | None = None
    current = data
    fullmatch = _LINE.fullmatch
    lines = text.split("\n")
    last = len(lines) - 1
    for n, line in enumerate(lines):
        if n < last and line.endswith("\r"):  # CRLF; a CR anywhere else is refused below
            line = line[:-1]
        m = fullmatch(line)
        if m is None:
            return None
        key = m.group("key")
        if key is not None:
            if key in current:
                return None  # a key given twice: tomllib says where
            current[key] = m.group("value")
            continue
        table = m.group("table")
        if table is None:
            continue  # an empty line
        if profiles is None:
            if "profiles" in data:
                return None  # "profiles = ..." then a [profiles.x] table: tomllib's error
            profiles = data["profiles"] = {}
        if table in profiles:
            return None  # a table defined twice
        current = profiles[table] = {}
    return data


def loads(text: str) -> dict:
    """``tomllib.loads(text)``; raises tomllib.TOMLDecodeError as it does."""
    data = fast_loads(text)
    if data is None:
        import tomllib

        data = tomllib.loads(text)
    return data
