"""Properties that hold for any input: no crash, spans inside the text, secrets never echoed."""

from hypothesis import given, settings
from hypothesis import strategies as st

from ticketcli.rules import RULES, check, detect_lang, infer_type, redact_secrets

WORDS = st.sampled_from([
    "сайт", "не", "работает", "почта", "Outlook", "ошибка", "500", "0x800CCC0E", "пароль", "Qwerty123!",
    "договор", "№", "12-345", "пример.рф", "example.org", "можете", "ли", "вы", "проверить", "?", "!",
    "Can", "you", "restart", "the", "server", "х**ня", "СРОЧНО", "ПОЧИНИТЕ", "4111 1111 1111 1111",
    "«502 Bad Gateway»", "\n", "1)", "2)", "Также", "Also", "скриншот", "Chrome", "Билайн", "info@пример.рф",
])
TEXTS = st.one_of(st.text(max_size=300), st.lists(WORDS, max_size=40).map(" ".join))


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, subject=st.one_of(st.none(), st.text(max_size=40)),
       type_=st.sampled_from([None, "site-access", "mail", "other", "domain", "ssl"]),
       channel=st.sampled_from([None, "api", "email-registered", "email-other", "phone"]),
       ui_lang=st.sampled_from(["ru", "en"]))
def test_check_is_total_and_consistent(text, subject, type_, channel, ui_lang):
    report = check(text, subject=subject, type=type_, channel=channel, ui_lang=ui_lang)
    assert report.type == type_ if type_ else report.type in ("site-access", "mail", "other")
    assert report.lang in ("ru", "en")
    assert report.ok == all(f.severity != "error" for f in report.findings)
    seen = [f.rule for f in report.findings]
    assert len(seen) == len(set(seen))  # one finding per rule
    for f in report.findings:
        assert f.rule in RULES
        assert RULES[f.rule].applies_to(report.type)
        assert f.severity in ("error", "warning", "info")
        assert f.message and f.suggestion
        if f.span is not None:
            a, b = f.span
            assert 0 <= a <= b <= len(text)
    assert check(text, subject=subject, type=type_, channel=channel, ui_lang=ui_lang).to_dict() == report.to_dict()


@settings(max_examples=300, deadline=None)
@given(text=TEXTS)
def test_redaction_is_idempotent_and_hides_what_it_found(text):
    once = redact_secrets(text)
    assert redact_secrets(once) == once
    report = check(text, type="other")
    secret = [f for f in report.findings if f.rule == "secret"]
    if secret:
        assert secret[0].replacement == once
        a, b = secret[0].span
        assert text[a:b] not in secret[0].message + secret[0].suggestion


@settings(max_examples=200, deadline=None)
@given(text=TEXTS)
def test_helpers_total(text):
    assert detect_lang(text) in ("ru", "en")
    assert infer_type(text) in ("site-access", "mail", "other")
