"""Request Tracker end to end: a real RT 5 (Debian packages, SQLite) started on 127.0.0.1.

One RT for the whole session (tests/servers/rt.py), served under ``/rt`` as Debian configures it,
its outgoing mail kept by a sendmail of the test's own; the tests skip with the reason when RT is
not installed. Everything the adapter claims is read back from RT through its own REST2 API.
"""

from __future__ import annotations

import base64
import json
import time

import httpx

import pytest
from servers.helpers import configure, queue
from servers.rt import RtServer, spool_files_naming, unavailable

from ticketcli.store.history import History
from ticketcli.store.outbox import Outbox

pytestmark = pytest.mark.skipif(unavailable() is not None, reason=unavailable() or "")

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@pytest.fixture(scope="session")
def rt(tmp_path_factory):
    server = RtServer(tmp_path_factory.mktemp("rt"))
    try:
        server.start()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    print(f"\nRT started in {server.started_in:.1f} s at {server.url}")
    yield server
    server.stop()


@pytest.fixture
def rt_profile(rt, monkeypatch):
    monkeypatch.setenv("TICKETCLI_HELPDESK_TOKEN", rt.token)
    return configure(backend="rt", helpdesk_url=rt.url, helpdesk_queue="General")


def _attachments_of(rt: RtServer, number: str) -> dict[str, dict]:
    """File name -> {content, type, transaction} of every named attachment of the ticket."""
    listing = rt.get(f"/ticket/{number}/attachments", fields="Filename", per_page=100)
    assert listing.status_code == 200, listing.text
    out = {}
    for item in listing.json()["items"]:
        if item.get("Filename"):
            out[item["Filename"]] = _attachment(rt, item["id"])
    return out


def _attachment(rt: RtServer, att_id) -> dict:
    """One attachment as RT serves it (GET /attachment/{id}: Content in base64)."""
    full = rt.get(f"/attachment/{att_id}").json()
    txn = full["TransactionId"]
    return {
        "content": base64.b64decode(full.get("Content") or ""),
        "type": full["ContentType"],
        "transaction": txn["id"] if isinstance(txn, dict) else txn,
    }


def test_create_with_two_attachments_status_and_follow_up(rt, rt_profile, sleeps, run_cli, tmp_path):
    log = tmp_path / "error.log"
    log.write_text("PHP Fatal error: Allowed memory size exhausted\n", encoding="utf-8")
    shot = tmp_path / "screen.png"
    shot.write_bytes(PNG)
    item = queue(rt_profile, description="The site shows a 500 error since 10:00. Please look at the attached log.", attachments=[log, shot])

    code, out, err = run_cli("send", "--all")
    assert code == 0, err + out
    assert {i.uuid: i.state for i in Outbox().items()} == {item.uuid: "sent"}
    receipt = History().get(item.uuid)["receipt"]
    number = receipt["number"]
    assert receipt["channel"] == "rt" and number.isdigit()
    assert receipt["url"] == f"{rt.url}/Ticket/Display.html?id={number}"
    assert f"#{number}" in out and receipt["url"] in out

    # What RT holds: queue, subject, requestor, the text with the identification, both files.
    ticket = rt.get(f"/ticket/{number}").json()
    assert ticket["Queue"]["id"] in ("1", 1) or ticket["Queue"].get("Name") == "General"
    assert ticket["Subject"] == Outbox().find(item.uuid).ticket().subject
    assert [r["id"] for r in ticket["Requestor"]] == ["owner@example.ru"]
    files = _attachments_of(rt, number)
    assert files["error.log"]["content"] == log.read_bytes()
    assert files["screen.png"]["content"] == PNG and files["screen.png"]["type"] == "image/png"
    history = rt.get(f"/ticket/{number}/history", fields="Type", per_page=100).json()["items"]
    creates = [h for h in history if h["Type"] == "Create"]
    assert len(creates) == 1
    parts = rt.get(f"/transaction/{creates[0]['id']}/attachments").json()["items"]
    texts = [_attachment(rt, p["id"])["content"].decode("utf-8", "replace") for p in parts]
    assert any("12-345" in text and "500 error since 10:00" in text for text in texts)

    # Status read back through the adapter.
    code, out, err = run_cli("status", item.short_id, "--json")
    assert code == 0, err
    assert json.loads(out)["status"] == "new" and json.loads(out)["refreshed"] is True
    code, out, err = run_cli("status", item.short_id)
    assert code == 0 and "new" in out and "unknown" not in out + err

    # A follow-up with a third file: a Correspond transaction carrying it.
    extra = tmp_path / "traceroute.txt"
    extra.write_text("1  gw 0.3 ms\n2  * * *\n", encoding="utf-8")
    code, out, err = run_cli("reply", item.short_id, "-m", "The error is still there at 12:00.", "--attach", str(extra))
    assert code == 0, err + out
    history = rt.get(f"/ticket/{number}/history", fields="Type", per_page=100).json()["items"]
    corresponds = [h for h in history if h["Type"] == "Correspond"]
    assert len(corresponds) == 1
    files = _attachments_of(rt, number)
    assert files["traceroute.txt"]["content"] == extra.read_bytes()
    assert str(files["traceroute.txt"]["transaction"]) == str(corresponds[0]["id"])
    parts = rt.get(f"/transaction/{corresponds[0]['id']}/attachments").json()["items"]
    texts = [_attachment(rt, p["id"])["content"].decode("utf-8", "replace") for p in parts]
    assert any(text.startswith("The error is still there") for text in texts)

    # RT's status changes are read back too (a correspondence from the requestor leaves it 'new';
    # set it open through REST2 directly and ask again).
    r = rt_put_status(rt, number, "open")
    assert r.status_code == 200, r.text
    code, out, err = run_cli("status", item.short_id, "--json")
    assert json.loads(out)["status"] == "open"


def rt_put_status(rt: RtServer, number: str, status: str):
    return httpx.put(
        f"{rt.url}/REST/2.0/ticket/{number}",
        json={"Status": status},
        headers={"Authorization": f"token {rt.token}"},
        timeout=30,
    )


def test_wrong_token_is_a_permanent_auth_failure(rt, monkeypatch, sleeps, run_cli):
    monkeypatch.setenv("TICKETCLI_HELPDESK_TOKEN", "1-1-00000000000000000000000000000000")
    profile = configure(backend="rt", helpdesk_url=rt.url, helpdesk_queue="General")
    item = queue(profile)
    code, out, err = run_cli("send", "--all")
    assert {i.uuid: i.state for i in Outbox().items()} == {item.uuid: "failed"}
    assert "ticket auth set helpdesk" in out + err
    assert sleeps == []


def test_unknown_queue_is_refused_not_retried(rt, rt_profile, sleeps, run_cli):
    profile = configure(backend="rt", helpdesk_url=rt.url, helpdesk_queue="No Such Queue")
    item = queue(profile)
    started = time.monotonic()
    run_cli("send", "--all")
    assert {i.uuid: i.state for i in Outbox().items()} == {item.uuid: "failed"}
    assert sleeps == [] and time.monotonic() - started < 30


def test_rt_is_served_under_rt_and_the_channel_finds_it_there(rt, rt_profile, sleeps, run_cli):
    token = {"Authorization": f"token {rt.token}"}
    assert rt.url.endswith("/rt")
    assert httpx.get(f"{rt.url}/REST/2.0/queues/all", headers=token, timeout=30).status_code == 200
    assert httpx.get(f"{rt.root}/REST/2.0/queues/all", headers=token, timeout=30).status_code == 404
    item = queue(rt_profile)
    code, out, err = run_cli("send", "--all")
    assert code == 0, err + out
    receipt = History().get(item.uuid)["receipt"]
    assert receipt["url"] == f"{rt.root}/rt/Ticket/Display.html?id={receipt['number']}"


def test_rt_mails_nothing_through_this_machine(rt, rt_profile, sleeps, run_cli):
    """RT's auto-reply to the requestor is kept by the test sendmail; nothing of this RT reaches
    the machine's MTA or its local mail spool (where bounces of RT's mail used to land)."""
    before = len(rt.sent_mail())
    item = queue(rt_profile, description="The site shows a 500 error since 10:00. Please check the PHP log.")
    code, out, err = run_cli("send", "--all")
    assert code == 0, err + out
    number = History().get(item.uuid)["receipt"]["number"]
    kept = rt.sent_mail()[before:]
    autoreply = [m for m in kept if f"[{rt.name} #{number}]".encode() in m and b"owner@example.ru" in m]
    assert autoreply, f"RT sent no mail for #{number} to the test sendmail: {[m[:200] for m in kept]}"
    assert spool_files_naming(rt.name) == []
