"""The public interface of ticketcli.rules: types, metadata, helpers, purity, import cost."""

import subprocess
import sys
from dataclasses import FrozenInstanceError

import pytest

from ticketcli.rules import RULES, Finding, Report, check, detect_lang, infer_type, redact_secrets

IDS = ["identify", "subject", "one-question", "vague", "error-text", "isp", "screenshot", "site-url",
       "site-browser", "mail-client", "mail-direction", "mail-history", "please", "polite",
       "written-channel", "secret"]


def test_rule_ids_in_catalogue_order():
    assert list(RULES) == IDS
    for rid, rule in RULES.items():
        assert rule.id == rid
        assert rule.severity in ("error", "warning", "info")
        assert rule.title("ru") and rule.title("en") and rule.source
    assert RULES["site-url"].types == ("site-access",)
    assert RULES["mail-history"].types == ("mail",)
    assert RULES["secret"].types is None
    with pytest.raises(TypeError):
        RULES["new"] = None  # read-only


def test_finding_is_frozen_and_serialises():
    f = Finding("vague", "error", "m", "s", "description", span=(0, 3), replacement="x")
    with pytest.raises(FrozenInstanceError):
        f.rule = "other"
    assert f.to_dict() == {"rule": "vague", "severity": "error", "message": "m", "suggestion": "s",
                           "field": "description"}


def test_report_ok_and_to_dict():
    good = check("Договор № 12-345. Пожалуйста, продлите домен пример.рф на год.", type="other")
    assert good.ok and good.findings == []
    assert good.to_dict() == {"ok": True, "type": "other", "findings": []}
    bad = check("my mail doesn't work")
    assert not bad.ok
    d = bad.to_dict()
    assert d["ok"] is False and d["type"] == "mail"
    assert {f["rule"] for f in d["findings"]} >= {"identify", "vague", "mail-client"}
    warn_only = Report(type="other", lang="en", findings=[Finding("isp", "warning", "m", "s", "isp")])
    assert warn_only.ok


def test_findings_follow_catalogue_order():
    r = check("my website is down. fix it.", type="site-access")
    order = [IDS.index(f.rule) for f in r.findings]
    assert order == sorted(order)


@pytest.mark.parametrize("text,want", [
    ("Не открывается сайт в хроме, пишет ERR_CONNECTION_RESET", "site-access"),
    ("The page shows 502 Bad Gateway in Firefox", "site-access"),
    ("Outlook перестал получать письма", "mail"),
    ("I can't send emails from Thunderbird", "mail"),
    ("Хочу перенести домен к другому регистратору и оплатить счёт", "other"),
    ("Please issue an invoice for the annual plan", "other"),
])
def test_infer_type(text, want):
    assert infer_type(text) == want
    assert check(text).type == want


def test_given_type_wins():
    assert check("Outlook перестал получать письма", type="site-access").type == "site-access"


@pytest.mark.parametrize("text,want", [
    ("Сайт не открывается", "ru"),
    ("Site is down", "en"),
    ("Сайт пишет «This site can’t be reached», провайдер Билайн", "ru"),
    ("My site магазин.рф is down", "en"),
    ("", "en"),
])
def test_detect_lang(text, want):
    assert detect_lang(text) == want
    assert check(text).lang == want


def test_ui_lang_switches_messages_only():
    ru = check("my mail doesn't work", ui_lang="ru")
    en = check("my mail doesn't work", ui_lang="en")
    assert [f.rule for f in ru.findings] == [f.rule for f in en.findings]
    assert ru.findings[0].message != en.findings[0].message
    assert any(ch in ru.findings[0].message for ch in "абвгдеёжзийклмнопрстуфхцчшщыэюя")


def test_redact_secrets_is_pure():
    text = "пароль Qwerty123"
    assert redact_secrets(text) == "пароль [REDACTED]"
    assert text == "пароль Qwerty123"


def test_check_has_no_side_effects(capsys):
    a = check("Можете ли вы перезапустить сервер? пароль Qwerty123", type="other").to_dict()
    b = check("Можете ли вы перезапустить сервер? пароль Qwerty123", type="other").to_dict()
    assert a == b
    out = capsys.readouterr()
    assert out.out == "" and out.err == ""


def test_empty_and_odd_inputs():
    assert check("").type in ("site-access", "mail", "other")
    check("\n\n\t  ", subject="", fields={"browser": None}, attachments=[], channel=None)
    check("x" * 20000)
    check("🙂 " * 500 + "?" * 100)


@pytest.mark.parametrize("text", [
    "a" * 50000, "x." * 20000, "ERR_" + "A_" * 10000, "a@" * 20000, "password: " * 5000,
    "пароль Qwerty1! " * 3000, " ".join(str(i % 10) for i in range(20000)), "Можете ли вы " * 3000,
    "«" + "слово " * 5000, "0x" * 20000, "ошибка 404 " * 5000, "info@a.ru ошибка " * 4000,
    '"Bad Gateway now" error 404 ' * 3000,
    # a tracker's quoting: backticks, fences, quoted lines (in capitals too)
    "`" * 50000, "```\n" * 10000, "> x\n" * 10000, "> X ERROR HERE\n" * 5000, "```a\n" + "x\n" * 20000,
    "mail() " * 5000, "не удается " * 5000, "error message:\n\n" * 3000, "б..ть " * 5000, "says Error " * 5000,
], ids=lambda s: repr(s[:12]))
def test_hostile_input_stays_fast(text):
    import time

    from ticketcli.rules import facts

    t0 = time.perf_counter()
    check(text, subject=text[:200])
    facts(text, text[:200])
    assert time.perf_counter() - t0 < 3.0  # linear-ish, no catastrophic backtracking


def test_import_is_light():
    code = ("import sys, time; t=time.perf_counter(); import ticketcli.rules; dt=time.perf_counter()-t; "
            "heavy=[m for m in ('rich','typer','httpx','questionary','keyring','Stemmer') "
            "if m in sys.modules]; print(heavy); print(dt)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split("\n")
    assert out[0] == "[]"
    assert float(out[1]) < 0.5  # generous: the benchmark reports the real figure
