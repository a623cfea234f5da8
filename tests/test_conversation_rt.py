"""The desk's answers from a real Request Tracker 5, end to end (tests/servers/rt.py).

The client files a ticket and follows it up through ``ticket``; a desk agent (a second RT user,
privileged, with its own auth token, made with RT's own libraries) comments internally and
answers through REST2 (``POST /ticket/{id}/correspond``, HTML with a file), as RT's staff
would. ``ticket inbox --fetch`` then lists the answer, ``ticket show`` shows it (the comment
never), and ``--save-attachments`` saves the agent's file byte for byte. Source for what is read:
RT's REST2 documentation (``perldoc RT::REST2``: "Tickets" history, "Transactions",
"Attachments").
"""

from __future__ import annotations

import base64
import json
import os
import subprocess

import httpx
import pytest
from servers.helpers import configure, queue
from servers.rt import RT_LIB, RtServer, unavailable

from ticketcli.store.history import History

pytestmark = pytest.mark.skipif(unavailable() is not None, reason=unavailable() or "")

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)

_AGENT_PERL = r"""
use strict; use warnings;
use RT; RT::LoadConfig(); RT::Init();
my $user = RT::User->new(RT->SystemUser);
my ($ok, $msg) = $user->Create(Name => 'anna', EmailAddress => 'anna@desk.test', RealName => 'Anna (support)', Privileged => 1);
$ok or die "user: $msg\n";
my $queue = RT::Queue->new(RT->SystemUser); $queue->Load('General') or die "no queue General\n";
for my $right (qw(SeeQueue ShowTicket ReplyToTicket CommentOnTicket ModifyTicket)) {
    my ($r, $m) = $user->PrincipalObj->GrantRight(Right => $right, Object => $queue);
    $r or die "right $right: $m\n";
}
my $token = RT::AuthToken->new(RT->SystemUser);
my ($t, $tm, $secret) = $token->Create(Owner => $user->Id, Description => 'desk agent, ticketcli tests');
$t or die "token: $tm\n";
print $secret;
"""


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    """A real RT and the token of one of its agents."""
    server = RtServer(tmp_path_factory.mktemp("rt-conversation"))
    try:
        server.start()
    except RuntimeError as exc:
        pytest.fail(str(exc))
    env = dict(os.environ, RT_SITE_CONFIG_DIR=str(server.folder / "RT_SiteConfig.d"), PERL5LIB=str(RT_LIB))
    made = subprocess.run(["perl", "-e", _AGENT_PERL], env=env, capture_output=True, text=True, timeout=120)
    if made.returncode != 0 or not made.stdout.strip():
        server.stop()
        pytest.fail(f"cannot make the RT agent: {made.stderr[-500:]}")
    yield server, made.stdout.strip()
    server.stop()


def _as_agent(server: RtServer, token: str, number: str, action: str, doc: dict) -> None:
    r = httpx.post(f"{server.url}/REST/2.0/ticket/{number}/{action}", json=doc, headers={"Authorization": f"token {token}"}, timeout=30)
    assert r.status_code == 201, r.text


def test_an_agents_answer_arrives_and_is_shown(desk, monkeypatch, run_cli, tmp_path):
    server, agent = desk
    monkeypatch.setenv("TICKETCLI_HELPDESK_TOKEN", server.token)
    profile = configure(backend="rt", helpdesk_url=server.url, helpdesk_queue="General")
    item = queue(profile, description="The site example.ru shows a 500 error since 10:00. Please look at the log.")
    code, out, err = run_cli("send", "--all")
    assert code == 0, err + out
    number = History().get(item.uuid)["receipt"]["number"]
    code, out, err = run_cli("reply", item.short_id, "-m", "The error is still there at 12:00.")
    assert code == 0, err

    code, out, err = run_cli("inbox", "--fetch")
    assert code == 0 and "No unseen answers" in err, out + err

    _as_agent(server, agent, number, "comment", {"Content": "Internal: check the PHP limits first.", "ContentType": "text/plain"})
    _as_agent(server, agent, number, "correspond", {
        "Content": "<p>Hello!</p><p>The PHP memory limit was raised to <b>256M</b>; the shop opens now.</p>",
        "ContentType": "text/html",
        "Attachments": [{"FileName": "after.png", "FileType": "image/png", "FileContent": base64.b64encode(PNG).decode()}],
    })

    code, out, err = run_cli("inbox", "--fetch")
    assert code == 0, err
    (row,) = out.splitlines()[1:]
    assert row.startswith(item.short_id) and f"\trt\t{number}\t" in row and "\t1\t" in row and "Anna (support)" in row

    code, out, err = run_cli("show", item.short_id)
    assert code == 0, err
    assert "Internal" not in out
    assert out.count("The error is still there at 12:00.") == 1
    assert out.index("Contract: 12-345") < out.index("The error is still there") < out.index("Hello!\n\nThe PHP memory limit was raised to 256M")
    assert "· Anna (support) · desk · new ──" in out and "[file] after.png" in out

    code, out, err = run_cli("show", item.short_id, "--json", "--save-attachments", str(tmp_path / "files"))
    assert code == 0, err
    doc = json.loads(out)
    roles = [(m["kind"], m["role"], m["author"]) for m in doc["messages"]]
    assert roles[0][:2] == ("ticket", "client") and roles[1][:2] == ("message", "client") and roles[2] == ("message", "desk", "Anna (support)")
    assert len(roles) == 3 and doc["unseen"] == 0
    assert (tmp_path / "files" / "after.png").read_bytes() == PNG
