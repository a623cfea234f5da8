"""The desk's answers through the support API (docs/support-api.yaml 1.2): listed in pages,
kept in the history, shown by ``ticket show`` and counted by ``ticket inbox``; the desk's files
saved under safe names. The tests' API server runs on 127.0.0.1 (tests/servers/api_server.py)."""

from __future__ import annotations

import json
import re

import pytest
from servers.helpers import configure, queue

from ticketcli.store.history import History
from ticketcli.validate import printable


@pytest.fixture
def api_profile(server):
    return configure(backend="api", api_url=server.url)


def _sent(server, api_profile, run_cli):
    item = queue(api_profile, description="The site example.ru shows a 500 error since 10:00. Please look at it.")
    code, out, err = run_cli("send", "--all")
    assert code == 0, err + out
    tid = next(iter(server.tickets))
    return item, tid


def _message_gets(server):
    return [r for r in server.requests if r["method"] == "GET" and "/messages" in r["path"] and "/attachments/" not in r["path"]]


def test_an_answer_arrives_is_listed_in_the_inbox_and_shown(server, api_profile, run_cli):
    item, tid = _sent(server, api_profile, run_cli)
    code, out, err = run_cli("reply", item.short_id, "-m", "The error is still there at 12:00.")
    assert code == 0, err
    code, out, err = run_cli("inbox")
    assert code == 0 and "No unseen answers" in err and out == ""

    server.answer(tid, "Hello! The PHP memory limit was raised to 256M; the shop opens now.", files={"php.ini.diff": b"-128M\n+256M\n"})
    code, out, err = run_cli("inbox", "--fetch")
    assert code == 0, err
    lines = out.splitlines()
    assert len(lines) == 2 and lines[1].startswith(item.short_id) and "\t1\t" in lines[1] and "Anna (support)" in lines[1]

    code, out, err = run_cli("show", item.short_id)
    assert code == 0, err
    # The ticket as sent, the client's follow-up, then the desk's answer with its file; plain text.
    assert out.index("Contract: 12-345") < out.index("The error is still there") < out.index("The PHP memory limit was raised")
    assert re.search(r"── \d{4}-\d\d-\d\d \d\d:\d\d · Anna \(support\) · desk · new ──", out)
    assert "[file] php.ini.diff" in out and "status: open" in out and "╭" not in out
    assert "2 messages, 1 new" in out  # the reply and the answer
    # Seen now: the inbox is empty, the mark is gone.
    code, out, err = run_cli("inbox")
    assert "No unseen answers" in err
    code, out, _ = run_cli("show", item.short_id)
    assert "· desk ──" in out and "new ──" not in out


def test_show_json_shape(server, api_profile, run_cli):
    item, tid = _sent(server, api_profile, run_cli)
    run_cli("reply", item.short_id, "-m", "The error is still there at 12:00.")
    server.answer(tid, "Restarted PHP-FPM.", files={"fpm.log": b"ok\n"})
    code, out, err = run_cli("show", item.short_id, "--fetch", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["version"] == 1 and doc["id"] == item.uuid and doc["channel"] == "api" and doc["status"] == "open"
    assert doc["unseen"] == 1 and doc["fetched"] and doc["error"] is None
    assert doc["receipt"]["id"] == tid
    kinds = [(m["kind"], m["role"]) for m in doc["messages"]]
    # The follow-up is listed by the desk too: shown once, as the desk has it.
    assert kinds == [("ticket", "client"), ("message", "client"), ("message", "desk")]
    desk = doc["messages"][2]
    assert set(desk) == {"id", "kind", "role", "author", "created", "text", "attachments", "seen"}
    assert desk["author"] == "Anna (support)" and desk["text"] == "Restarted PHP-FPM." and desk["seen"] is False
    assert desk["attachments"] == [{"name": "fpm.log", "url": f"{server.url}/tickets/{tid}/messages/{desk['id']}/attachments/fpm.log"}]
    assert doc["messages"][0]["text"].startswith("Contract: 12-345")


def test_every_page_is_read_and_since_narrows_the_next_fetch(server, api_profile, run_cli, monkeypatch):
    from ticketcli.channels import api

    monkeypatch.setattr(api, "PAGE_SIZE", 2)
    item, tid = _sent(server, api_profile, run_cli)
    for n in range(5):
        server.answer(tid, f"Answer {n}", created=f"2030-01-01T10:0{n}:00Z")
    code, out, err = run_cli("show", item.short_id, "--fetch", "--json")
    assert code == 0, err
    assert [m["text"] for m in json.loads(out)["messages"][1:]] == [f"Answer {n}" for n in range(5)]
    gets = _message_gets(server)
    assert len(gets) == 3 and "cursor=" not in gets[0]["path"] and "cursor=4" in gets[2]["path"]

    server.answer(tid, "Answer 5", created="2030-01-01T10:09:00Z")
    code, out, err = run_cli("show", item.short_id, "--fetch", "--json")
    texts = [m["text"] for m in json.loads(out)["messages"][1:]]
    assert texts == [f"Answer {n}" for n in range(6)]
    later = _message_gets(server)[3:]
    assert later and all("since=2030-01-01T10%3A04%3A00Z" in r["path"] for r in later)


def test_a_desk_whose_cursor_repeats_is_not_followed_forever(server, api_profile, run_cli, monkeypatch):
    from ticketcli.channels import api

    item, tid = _sent(server, api_profile, run_cli)
    server.answer(tid, "Once.")
    original = server.page
    monkeypatch.setattr(server, "page", lambda *a: {**original(*a), "next_cursor": "0"})
    code, out, err = run_cli("show", item.short_id, "--fetch", "--json")
    assert code == 0, err
    assert [m["text"] for m in json.loads(out)["messages"][1:]] == ["Once."]
    assert len(_message_gets(server)) == 2 and api.MAX_PAGES > 2


def test_what_the_desk_says_is_printed_and_stored_without_control_characters(server, api_profile, run_cli):
    item, tid = _sent(server, api_profile, run_cli)
    server.answer(tid, "Fixed.\x1b]0;pwned\x07\x1b[2J\x1b[31m Red\x1b[0m\x07 bell\r\nnext\u202eline\x9b1m",
                  author="Anna\x1b[8m hidden\x1b[0m\nroot", files={"re\x01port\n.txt": b"x"})
    code, out, err = run_cli("show", item.short_id, "--fetch")
    assert code == 0, err
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202e]", out)
    assert "Fixed. Red bell\nnext" in out and "Anna hidden root · desk" in out and "[file] report .txt" in out
    stored = json.dumps(History().get(item.uuid)["messages"], ensure_ascii=False)
    assert "\\u001b" not in stored and "\\u0007" not in stored and "pwned" not in stored


def test_show_works_offline_after_a_fetch(server, api_profile, run_cli):
    item, tid = _sent(server, api_profile, run_cli)
    server.answer(tid, "We restored yesterday's backup.")
    assert run_cli("inbox", "--fetch")[0] == 0
    server.__exit__()  # the desk is gone
    code, out, err = run_cli("show", item.short_id)
    assert code == 0 and "We restored yesterday's backup." in out
    code, out, err = run_cli("show", item.short_id, "--fetch")
    assert code == 5 and "We restored yesterday's backup." in out and "Cannot reach the desk" in err
    code, out, err = run_cli("inbox", "--fetch")
    assert code == 5 and item.short_id in err


def test_save_attachments_safe_names_never_outside_never_over(server, api_profile, run_cli, tmp_path):
    item, tid = _sent(server, api_profile, run_cli)
    server.answer(tid, "Here are the logs.", files={"../../evil.sh": b"#!/bin/sh\n", "access.log": b"GET / 500\n", "..": b"dots"})
    folder = tmp_path / "files"
    folder.mkdir()
    (folder / "access.log").write_bytes(b"mine, keep it")
    code, out, err = run_cli("show", item.short_id, "--fetch", "--save-attachments", str(folder))
    assert code == 0, err
    assert sorted(p.name for p in folder.iterdir()) == ["_.._evil.sh", "access (1).log", "access.log", "attachment-3"]
    assert (folder / "access.log").read_bytes() == b"mine, keep it"
    assert (folder / "access (1).log").read_bytes() == b"GET / 500\n"
    assert (folder / "_.._evil.sh").read_bytes() == b"#!/bin/sh\n" and (folder / "attachment-3").read_bytes() == b"dots"
    assert not (tmp_path / "evil.sh").exists() and "Saved" in err


def test_printable():
    assert printable("a\x1b[1;31mb\x1b[0m\x1b]8;;http://x\x1b\\c\x1b]8;;\x07d") == "abcd"
    assert printable("tab\tand\nline\r\nwin\rmac\x00\x7f\x85") == "tab\tand\nline\nwin\nmac"
    assert printable("one\nline\tname", one_line=True) == "one line name"
    assert printable("\u202eevil\u2066") == "evil" and printable("x" * 10, 4) == "xxx…"
    assert printable(None) == "" and printable(42) == "42" and printable("\ud800") == "?"
