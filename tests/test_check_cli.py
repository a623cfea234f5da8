"""`ticket check`: inputs of every kind, the JSON shape, exit statuses."""

import json
from email.message import EmailMessage

import pytest

GOOD_SITE = (
    "Contract 12-345. Since 9:00 https://example.ru shows \"502 Bad Gateway\" in Firefox 128 on every page. "
    "My ISP is Vodafone. Please check the server."
)
VAGUE = "Сайт не работает, сделайте что-нибудь!"


def test_plain_text_from_stdin_json_shape(run_cli):
    code, out, err = run_cli("check", "--format", "json", "--type", "site-access", stdin=GOOD_SITE)
    assert code == 0, out + err
    data = json.loads(out)
    assert data == {"ok": True, "type": "site-access", "findings": data["findings"]}
    for finding in data["findings"]:
        assert set(finding) == {"rule", "severity", "message", "suggestion", "field"}
        assert finding["severity"] in ("warning", "info")


def test_errors_exit_1_and_carry_rule_ids(run_cli):
    code, out, _ = run_cli("check", "-", "--format", "json", stdin=VAGUE)
    assert code == 1
    data = json.loads(out)
    assert data["ok"] is False
    rules = {f["rule"] for f in data["findings"]}
    assert {"identify", "vague"} <= rules
    assert all(f["message"] and f["suggestion"] for f in data["findings"] if f["severity"] == "error")


def test_messages_follow_lang(run_cli):
    code, out, _ = run_cli("check", "--lang", "ru", "--format", "json", stdin=VAGUE)
    messages = " ".join(f["message"] for f in json.loads(out)["findings"])
    assert any("а" <= ch <= "я" for ch in messages.lower())
    code, out, _ = run_cli("check", "--lang", "en", "--format", "json", stdin=VAGUE)
    messages = " ".join(f["message"] for f in json.loads(out)["findings"])
    assert not any("а" <= ch <= "я" for ch in messages.lower())


def test_subject_rule_only_when_a_subject_is_given(run_cli):
    code, out, _ = run_cli("check", "--format", "json", "--subject", "Re: помогите", stdin=GOOD_SITE)
    assert "subject" in {f["rule"] for f in json.loads(out)["findings"]}
    code, out, _ = run_cli("check", "--format", "json", stdin=GOOD_SITE)
    assert "subject" not in {f["rule"] for f in json.loads(out)["findings"]}


def test_several_inputs_one_line_each_with_input_key(run_cli, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD_SITE, encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(VAGUE, encoding="utf-8")
    doc = tmp_path / "ticket.json"
    doc.write_text(json.dumps({
        "type": "mail", "contract": "7-7", "description": "Since yesterday Outlook cannot send.",
        "fields": {"mailbox": "a@example.ru", "client": "outlook", "direction": "sending", "worked_before": "yes", "error": "0x800CCC0E"},
    }), encoding="utf-8")
    code, out, _ = run_cli("check", str(good), str(bad), str(doc), "--format", "json")
    assert code == 1
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["input"] for line in lines] == [str(good), str(bad), str(doc)]
    assert lines[0]["ok"] is True and lines[1]["ok"] is False
    assert lines[2]["type"] == "mail"
    assert "error-text" in {f["rule"] for f in lines[2]["findings"]}


def test_eml_input_and_channel(run_cli, tmp_path):
    run_cli("config", "set", "contact_email", "owner@example.ru")
    msg = EmailMessage()
    msg["From"] = "someone@else.example"
    msg["To"] = "support@hosting.example"
    msg["Subject"] = "example.ru: change of the contact e-mail"
    msg.set_content("Contract 12-345. Please change the contact e-mail of my contract to new@example.org.")
    path = tmp_path / "m.eml"
    path.write_bytes(bytes(msg))
    code, out, _ = run_cli("check", str(path), "--format", "json")
    data = json.loads(out)
    assert "written-channel" in {f["rule"] for f in data["findings"] if f["severity"] == "error"}
    assert code == 1


def test_draft_id_input(run_cli):
    from ticketcli.model import Ticket
    from ticketcli.store.drafts import DraftStore

    ticket = Ticket(type="site-access", domain="example.ru", description="Не открывается сайт, выдаёт ошибку.", fields={"url": "example.ru"})
    DraftStore().save(ticket)
    code, out, _ = run_cli("check", ticket.short_id, "--format", "json")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert {"site-browser", "error-text"} <= rules and "identify" not in rules and code == 1


@pytest.mark.parametrize("args, stdin", [(["check", "/no/such/file"], None), (["check", "--type", "printer", "-"], "x"), (["check", "--format", "xml", "-"], "x"), (["check", "-"], "\x00binary")])
def test_bad_input_exit_2(run_cli, args, stdin):
    code, out, err = run_cli(*args, stdin=stdin)
    assert code == 2 and "Traceback" not in err


def test_text_output_lists_rules_and_suggestions(run_cli):
    code, out, _ = run_cli("check", stdin="Can you restart the server of example.ru?")
    assert "please" in out and "Please restart the server" in out


def test_scripted_new_is_stopped_by_rule_errors_unless_forced(run_cli):
    args = ["new", "--type", "mail", "--contract", "1-1", "--description", "Since today Outlook stopped sending.",
            "--field", "mailbox=a@example.ru", "--field", "client=outlook", "--field", "direction=sending",
            "--field", "worked_before=yes", "--field", "error=0x800CCC0E", "--no-input", "--json"]
    code, out, err = run_cli(*args)
    assert code == 1 and "error-text" in err and "--force" in err
    code, out, err = run_cli(*args, "--force")
    assert code == 0, err
    from pathlib import Path

    record = json.loads((Path(json.loads(out)["path"]) / "ticket.json").read_text())
    assert "error-text" in record["overrides"]


def test_insults_are_never_sent_even_forced(run_cli):
    code, out, err = run_cli("new", "--type", "other", "--contract", "1-1", "--description",
                             "Вы там совсем идиоты? Верните деньги за хостинг за ноябрь.", "--no-input", "--force")
    assert code == 1 and "polite" in err


def test_several_inputs_with_an_unreadable_one_exit_2_after_the_others(run_cli, tmp_path):
    good = tmp_path / "good.txt"
    good.write_text(GOOD_SITE, encoding="utf-8")
    missing = tmp_path / "missing.txt"
    code, out, err = run_cli("check", str(missing), str(good), "--format", "json")
    assert code == 2 and "Traceback" not in err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [line["input"] for line in lines] == [str(good), str(missing)]
    assert lines[0]["ok"] is True
    assert lines[1]["ok"] is False and "missing.txt" in lines[1]["error"]


def test_facts_list_what_the_text_already_says_with_where(run_cli):
    text = "Thunderbird stopped receiving mail to info@example.ru yesterday. Contract 12-345."
    code, out, err = run_cli("check", "--format", "json", "--facts", stdin=text)
    facts = {f["kind"]: f for f in json.loads(out)["facts"]}
    assert facts["mail_client"]["value"] == "Mozilla Thunderbird"
    assert facts["direction"]["value"] == "receiving" and facts["worked_before"]["value"] == "yes"
    for fact in facts.values():
        assert fact["source"] == "text" and text[fact["start"]:fact["end"]]
    assert text[facts["mailbox"]["start"]:facts["mailbox"]["end"]] == "info@example.ru"
    code, out, _ = run_cli("--lang", "ru", "check", "--facts", "--subject", "Ошибка «502 Bad Gateway» в хроме", stdin="Сайт пример.рф не открывается.")
    assert "Что уже сказано в тексте:" in out and "browser: Google Chrome" in out and "в теме" in out
    code, out, _ = run_cli("check", "--format", "json", stdin=text)
    assert "facts" not in json.loads(out)  # only when asked
