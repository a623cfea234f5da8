import pytest

from ticketcli import validate
from ticketcli.errors import UsageError


@pytest.mark.parametrize("value", ["example.ru", "https://example.ru/admin?x=1", "пример.рф", "http://xn--e1afmkfd.xn--p1ai/", "магазин.рф/каталог", "127.0.0.1:8080", "http://localhost:5000"])
def test_urls_accepted(value):
    assert validate.url(value) == value


@pytest.mark.parametrize("value", ["", "site", "ftp://example.ru", "http://", "exa mple.ru", "https://-bad-.ru", "http://example.ru:99999"])
def test_urls_refused_with_a_hint(value):
    with pytest.raises(UsageError, match="not a web address"):
        validate.url(value)


def test_domain_normalised_and_idn():
    assert validate.domain("Пример.РФ.") == "пример.рф"
    assert validate.to_ascii_domain("пример.рф") == "xn--e1afmkfd.xn--p1ai"
    with pytest.raises(UsageError):
        validate.domain("localhost")


def test_email():
    assert validate.email("Info@Пример.рф") == "Info@пример.рф"
    for bad in ["info", "a@b", "a b@c.ru", "a@b.ru\nBcc: x@y.ru"]:
        with pytest.raises(UsageError):
            validate.email(bad)


def test_contract_forms():
    assert validate.contract("№ 12-345") == "12-345"
    assert validate.contract("#AB-1234") == "AB-1234"
    with pytest.raises(UsageError):
        validate.contract("12 345; drop")


def test_text_refuses_control_characters_and_huge_input():
    with pytest.raises(UsageError, match="control characters"):
        validate.text("hello\x00world", "description")
    with pytest.raises(UsageError, match="too long"):
        validate.text("a" * (validate.MAX_TEXT + 1), "description")
    assert validate.text("line 1\r\nline 2  ", "description") == "line 1\nline 2"
    with pytest.raises(UsageError, match="single line"):
        validate.line("a\nb", "subject")


def test_control_characters_are_exactly_unicodes_cc():
    """The control-character patterns match what unicodedata calls Cc, for every code point."""
    import sys
    import unicodedata

    from ticketcli.validate import _has_controls

    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        cc = unicodedata.category(ch) == "Cc"
        assert _has_controls(ch, allow_newlines=False) == cc, hex(code)
        assert _has_controls(ch, allow_newlines=True) == (cc and ch not in "\t\n\r"), hex(code)
