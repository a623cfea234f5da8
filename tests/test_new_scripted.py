"""`ticket new` from a script: flags, --from-file, stdin, and the errors a script gets."""

import email
import json
from email import policy
from pathlib import Path

import pytest

SITE_ARGS = [
    "new", "--type", "site-access", "--domain", "example.ru",
    "--field", "url=https://example.ru", "--field", "browser=Firefox 128",
    "--field", "error=502 Bad Gateway", "--field", "isp=Rostelecom",
    "--description", "The site shows an error on every page since 9:00.",
    "--no-input", "--json",
]


def test_scripted_site_ticket_lands_in_the_outbox(run_cli, ticket_home, tmp_path):
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"\x89PNG\r\n\x1a\n fake")
    code, out, err = run_cli(*SITE_ARGS, "--attach", str(shot))
    assert code == 0, err
    result = json.loads(out)
    folder = Path(result["path"])
    assert folder.parent == ticket_home / "outbox" / "new"
    assert folder.name == result["id"]
    assert (folder / "attachments" / "shot.png").read_bytes() == shot.read_bytes()
    record = json.loads((folder / "ticket.json").read_text())
    assert record["uuid"] == result["id"] and record["attachments"] == ["attachments/shot.png"]
    assert "502 Bad Gateway" in result["text"] and result["subject"].startswith("example.ru:")

    msg = email.message_from_bytes((folder / "message.eml").read_bytes(), policy=policy.default)
    body = msg.get_body(("plain",)).get_content()
    for expected in ("example.ru", "https://example.ru", "Firefox 128", "502 Bad Gateway", "Rostelecom"):
        assert expected in body
    assert msg["Message-ID"] == f"<{result['id']}@ticketcli.invalid>"
    assert msg["Subject"] == result["subject"]
    [part] = list(msg.iter_attachments())
    assert part.get_filename() == "shot.png" and part.get_content() == shot.read_bytes()


def test_eml_uses_profile_addresses(run_cli):
    assert run_cli("config", "set", "contact_email", "owner@example.ru")[0] == 0
    assert run_cli("config", "set", "desk_email", "support@hosting.example")[0] == 0
    code, out, _ = run_cli(*SITE_ARGS)
    msg = email.message_from_bytes((Path(json.loads(out)["path"]) / "message.eml").read_bytes(), policy=policy.default)
    assert msg["From"] == "owner@example.ru" and msg["To"] == "support@hosting.example"


def test_profile_supplies_identification_and_language(run_cli):
    run_cli("config", "set", "contract", "12-345")
    run_cli("config", "set", "lang", "en")
    code, out, err = run_cli(
        "new", "--type", "mail", "--field", "mailbox=info@shop.example", "--field", "client=thunderbird",
        "--field", "direction=sending", "--field", "worked_before=no",
        "--field", "error=550 5.7.1 Relaying denied", "--description", "First setup of the mailbox.",
        "--no-input", "--json",
    )
    assert code == 0, err
    result = json.loads(out)
    assert result["text"].startswith("Contract: 12-345\n")
    assert "What fails: sending" in result["text"] and "no, this is the first setup" in result["text"]
    assert result["subject"] == "info@shop.example: mail is not sent in Mozilla Thunderbird"


def test_from_file_and_stdin(run_cli, tmp_path):
    doc = {
        "type": "site-access", "domain": "пример.рф", "lang": "ru", "description": "Не открывается админка.",
        "fields": {"url": "https://пример.рф/admin", "browser": "Safari", "error": "ERR_CONNECTION_TIMED_OUT", "isp": "МТС"},
    }
    path = tmp_path / "t.json"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    code, out, err = run_cli("new", "--from-file", str(path), "--no-input", "--json")
    assert code == 0, err
    assert "Браузер: Safari" in json.loads(out)["text"]
    code, out, err = run_cli("new", "--from-file", "-", "--json", stdin=json.dumps(doc))
    assert code == 0, err
    assert "Интернет-провайдер: МТС" in json.loads(out)["text"]


def test_missing_answers_name_fields_and_flags(run_cli):
    code, out, err = run_cli("new", "--type", "site-access", "--domain", "example.ru", "--field", "url=example.ru", "--no-input")
    assert code == 4
    assert "browser" in err and "--field browser=" in err and "--field isp=" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) <= 3


def test_without_terminal_and_without_type_it_fails_instead_of_waiting(run_cli):
    code, _, err = run_cli("new", stdin="")
    assert code == 4 and "--type" in err


def test_identification_is_required(run_cli):
    code, _, err = run_cli("new", "--type", "other", "--description", "Please send the invoice.", "--no-input")
    assert code == 4 and "--contract" in err and "--domain" in err


@pytest.mark.parametrize(
    "args, needle",
    [
        (["new", "--type", "printer", "--no-input"], "Unknown problem type 'printer'"),
        (["new", "--type", "site-access", "--field", "colour=red", "--no-input"], "Unknown field 'colour'"),
        (["new", "--type", "site-access", "--field", "url=not a url", "--no-input"], "not a web address"),
        (["new", "--type", "mail", "--field", "mailbox=nobody", "--no-input"], "not an e-mail address"),
        (["new", "--type", "mail", "--field", "direction=sideways", "--no-input"], "sending, receiving, both"),
        (["new", "--type", "site-access", "--field", "url", "--no-input"], "KEY=VALUE"),
        (["new", "--type", "other", "--attach", "/nonexistent/shot.png", "--no-input"], "does not exist"),
        (["new", "--type", "other", "--attach", "/tmp", "--no-input"], "not a regular file"),
        (["--profile", "work", "new", "--type", "other", "--no-input"], "No profile named 'work'"),
        (["new", "--type", "other", "--domain", "bad_domain", "--no-input"], "not a domain name"),
    ],
)
def test_bad_input_gives_one_clear_line(run_cli, args, needle):
    code, out, err = run_cli(*args)
    assert code != 0
    assert needle in err
    assert "Traceback" not in err + out
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("content, needle", [("{", "not valid JSON"), ("[1]", "JSON object"), ('{"type": "mail", "x": 1}', "unknown key"), (b"\xff\xfe{", "not UTF-8"), ('{"type": "mail", "fields": {"direction": 5}}', "object of strings")])
def test_malformed_from_file(run_cli, tmp_path, content, needle):
    path = tmp_path / "bad.json"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    code, _, err = run_cli("new", "--from-file", str(path), "--no-input")
    assert code == 2 and needle in err and "Traceback" not in err


def test_errors_follow_the_interface_language(run_cli):
    code, _, err = run_cli("--lang", "ru", "new", "--type", "printer", "--no-input")
    assert code == 2 and "Неизвестный тип проблемы" in err


def test_schema_describes_fields_and_types(run_cli):
    code, out, _ = run_cli("schema")
    schema = json.loads(out)
    assert schema["required"] == ["type"] and "site-access" in schema["properties"]["type"]["enum"]
    site = next(c for c in schema["allOf"] if c["if"]["properties"]["type"]["const"] == "site-access")
    assert site["then"]["properties"]["fields"]["propertyNames"]["enum"] == ["url", "browser", "error", "isp", "since", "tried"]


def test_schema_agrees_with_the_parser(run_cli):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(run_cli("schema")[1])
    good = {"type": "mail", "fields": {"direction": "both"}}
    bad = {"type": "mail", "fields": {"direction": "sideways"}}
    jsonschema.validate(good, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"type": "mail", "fields": {"url": "x.ru"}}, schema)


def test_types_commands(run_cli):
    code, out, _ = run_cli("types", "--json")
    assert [t["name"] for t in json.loads(out)][:2] == ["site-access", "mail"]
    code, out, _ = run_cli("types", "show", "mail", "--json")
    data = json.loads(out)
    assert [q["key"] for q in data["questions"]] == ["sender", "mailbox", "client", "site_mailer", "recipient", "direction",
                                                   "worked_before", "error"]
    assert data["questions"][0]["when"] is None and data["questions"][1]["when"] == {"field": "sender", "values": ["program", None]}
    assert data["questions"][3]["when"] == {"field": "sender", "values": ["site"]}
    assert run_cli("types", "show", "nope")[0] == 2


def test_outbox_list_and_show(run_cli):
    code, out, _ = run_cli(*SITE_ARGS)
    uuid = json.loads(out)["id"]
    code, out, _ = run_cli("outbox", "list", "--json")
    assert [i["id"] for i in json.loads(out)] == [uuid]
    code, out, _ = run_cli("outbox", "show", uuid[:8], "--json")
    assert json.loads(out)["ticket"]["fields"]["isp"] == "Rostelecom"
    assert run_cli("outbox", "show", "../../etc")[0] == 2


def test_text_attachment_keeps_its_charset_in_the_eml(run_cli, tmp_path):
    log = tmp_path / "log.txt"
    log.write_text("Ошибка: доступ запрещён", encoding="utf-8")
    code, out, err = run_cli(*SITE_ARGS, "--attach", str(log))
    assert code == 0, err
    msg = email.message_from_bytes((Path(json.loads(out)["path"]) / "message.eml").read_bytes(), policy=policy.default)
    [part] = list(msg.iter_attachments())
    assert part.get_content_charset() == "utf-8"
    assert part.get_content() == "Ошибка: доступ запрещён"
