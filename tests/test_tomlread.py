"""config.toml read without tomllib when it has the shape ticketcli writes: whenever the short
reader answers, tomllib gives the same document; anything else goes to tomllib."""

from __future__ import annotations

import tomllib

import pytest
import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from ticketcli import config
from ticketcli.tomlread import fast_loads, loads

keys = st.text(alphabet="abz09_-Aé. \"'", min_size=0, max_size=6)
values = st.text(alphabet=st.sampled_from(list("ab é\"\\\t\r\n\x00\x01\x1f\x7f\u2028#=[]'ё") + ["\U0001f600"]), max_size=12)


@settings(max_examples=1500, deadline=None)
@given(st.dictionaries(st.sampled_from(["default_profile", "other", "profiles"]), values, max_size=2),
       st.dictionaries(st.text(alphabet="ab-_9", min_size=1, max_size=4),
                       st.dictionaries(st.text(alphabet="abz_-09", min_size=1, max_size=5), values, max_size=4), max_size=3))
def test_what_tomli_w_writes_is_read_as_tomllib_reads_it(top, profiles):
    doc = dict(top)
    if profiles and "profiles" not in doc:
        doc["profiles"] = profiles
    text = tomli_w.dumps(doc)
    assert loads(text) == tomllib.loads(text) == doc
    plain = [v for v in top.values()] + [v for table in profiles.values() for v in table.values()]
    if doc.get("profiles") is profiles and not any(set(v) & set('"\\\r\n\x00\x01\x1f\x7f') for v in plain):
        assert fast_loads(text) == doc  # no escape needed: read without tomllib


def pieces():
    """Lines of every kind: the simple ones, near misses, and what only tomllib reads."""
    simple = st.builds(lambda k, v, a, b: f'{a}{k}{b}="{v}"', st.sampled_from(["a", "b", "A-1", "default_profile", "profiles", "x_y"]),
                       st.text(alphabet="ab é\t\x01ё#", max_size=4), st.sampled_from(["", " ", "\t"]), st.sampled_from(["", " ", " \t"]))
    tables = st.builds(lambda n, a, b: f"{a}[{b}profiles.{n}{b}]{a}", st.sampled_from(["a", "b", "p-1", "x y", ""]),
                       st.sampled_from(["", " "]), st.sampled_from(["", " ", "\t"]))
    odd = st.sampled_from([
        "", " ", "\t", "# comment", 'a = "x" # comment', "a = 1", "a = true", 'a = "\\u00e9"', 'a = "\\n"', "a = 'lit'",
        '"a" = "x"', 'a.b = "x"', "[profiles]", "[other]", "[profiles.a.b]", "[[profiles.a]]", 'a = """x"""', "a =",
        '= "x"', 'a = "x', "\r", 'a = "x"\r', "\ufeff", 'profiles = "s"', '[ profiles . a ]', 'a = "x"  ', "a = 2024-01-01",
        'a="x"', "\x7f", 'ü = "x"', "[profiles.ü]",
    ])
    return st.one_of(simple, tables, odd)


@settings(max_examples=4000, deadline=None)
@given(st.lists(pieces(), max_size=8), st.sampled_from(["\n", "\r\n"]), st.booleans())
def test_any_document_reads_as_tomllib_reads_it(lines, newline, final):
    text = newline.join(lines) + (newline if final else "")
    try:
        expected = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        assert fast_loads(text) is None
        with pytest.raises(tomllib.TOMLDecodeError):
            loads(text)
        return
    fast = fast_loads(text)
    assert fast is None or fast == expected
    assert loads(text) == expected


def test_the_short_reader_answers_for_the_files_ticketcli_writes(ticket_home):
    cfg = config.load()
    for profile, key, value in [("default", "contract", "12-345"), ("default", "domain", "пример.рф"),
                                ("work", "api_url", "https://desk.example.ru/api"), ("work", "backend", "api")]:
        cfg.set(profile, key, value)
    path = config.save(cfg)
    text = path.read_text(encoding="utf-8")
    assert fast_loads(text) == tomllib.loads(text)
    assert config.load().profile("work").get("backend") == "api"


def test_a_broken_config_is_still_reported_by_tomllib(ticket_home):
    from ticketcli.errors import ConfigError

    path = ticket_home / "config" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text('[profiles.default]\ncontract = "1"\ncontract = "2"\n', encoding="utf-8")
    with pytest.raises(ConfigError) as info:
        config.load()
    expected = tomllib.TOMLDecodeError
    try:
        tomllib.loads(path.read_text(encoding="utf-8"))
    except expected as exc:
        assert str(exc) in info.value.message
