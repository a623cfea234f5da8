"""The library (``import ticketcli``): a script composes, checks and submits through the same gate
as the wizard and the scripted commands."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import REPO, ticket_env

import ticketcli
from ticketcli.store.outbox import Outbox

INSULT = "Вы там совсем идиоты? Верните деньги за ноябрь."


@pytest.fixture
def profile(ticket_home):
    return ticketcli.Profile("default", {"contract": "12-345", "lang": "en", "contact_email": "owner@example.ru",
                                         "desk_email": "support@example-hosting.ru"})


def ticket_with(profile, description: str):
    ticket = ticketcli.new_ticket("other", profile)
    ticketcli.apply_answers(ticket, description=description, profile=profile)
    return ticket


@pytest.mark.parametrize("force", [False, True])
def test_submit_refuses_an_insult_whoever_asks(profile, force):
    ticket = ticket_with(profile, INSULT)
    with pytest.raises(ticketcli.Impolite) as caught:
        ticketcli.submit(ticket, profile, force=force)
    assert caught.value.rules == ("polite",) and caught.value.exit_code == ticketcli.ExitCode.RULES
    assert [f.rule for f in caught.value.report.findings] == ["polite"]
    assert Outbox().items() == [] and ticket.overrides == []


def test_rule_errors_block_unless_forced_and_the_override_is_recorded(profile):
    ticket = ticket_with(profile, "Nothing works.")
    with pytest.raises(ticketcli.RuleErrors) as caught:
        ticketcli.submit(ticket, profile)
    assert not isinstance(caught.value, ticketcli.Impolite)
    assert caught.value.rules == ("vague",) and "--force" in caught.value.message
    assert Outbox().items() == []
    done = ticketcli.submit(ticket, profile, force=True)
    assert done.state == "new" and done.verdict.errors == ("vague",) and done.delivery is None
    stored = json.loads((done.item.path / "ticket.json").read_text())
    assert stored["overrides"] == ["vague"]


def test_check_and_assess_say_what_the_gate_will_do(profile):
    clean = ticket_with(profile, "Please send the invoice for November.")
    assert ticketcli.assess(ticketcli.check(clean, profile)).ok
    vague = ticketcli.assess(ticketcli.check(ticket_with(profile, "Nothing works."), profile))
    assert vague.may_override and not vague.insult
    rude = ticketcli.assess(ticketcli.check(ticket_with(profile, INSULT), profile))
    assert rude.insult and not rude.may_override


def test_an_incomplete_ticket_names_what_is_missing(ticket_home):
    ticket = ticketcli.new_ticket("other", ticketcli.Profile())
    with pytest.raises(ticketcli.MissingInput, match="--contract/--domain"):
        ticketcli.submit(ticket, ticketcli.Profile())
    assert Outbox().items() == []


SCRIPT = """
import json, sys
import ticketcli

profile = ticketcli.load_profile()
ticket = ticketcli.new_ticket("other", profile)
ticketcli.apply_answers(ticket, description="Please send the invoice for November.", profile=profile)
done = ticketcli.submit(ticket, profile)
rude = ticketcli.new_ticket("other", profile)
ticketcli.apply_answers(rude, description=sys.argv[1], profile=profile)
try:
    ticketcli.submit(rude, profile, force=True)
except ticketcli.Impolite as exc:
    refused = list(exc.rules)
print(json.dumps({"state": done.state, "path": str(done.item.path), "refused": refused,
                  "receipt": done.delivery.receipt if done.delivery else None}))
"""


def run_script(home, **env: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", SCRIPT, INSULT], capture_output=True, text=True,
                          env=ticket_env(home, **env), cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def configure(home, **values: str) -> None:
    for key, value in {"contract": "12-345", "lang": "en", **values}.items():
        subprocess.run([sys.executable, "-m", "ticketcli", "config", "set", key, value],
                       env=ticket_env(home), check=True, capture_output=True, timeout=60)


def test_a_script_queues_a_complete_ticket_and_never_an_insult(ticket_home):
    configure(ticket_home)
    result = run_script(ticket_home)
    assert result["state"] == "new" and result["refused"] == ["polite"]
    [item] = Outbox().items()
    assert str(item.path) == result["path"]
    assert "invoice for November" in json.loads((item.path / "ticket.json").read_text())["description"]
    assert (item.path / "message.eml").exists()


def test_a_script_delivers_through_the_profiles_channel(ticket_home, server):
    from servers.api_server import TOKEN

    configure(ticket_home, backend="api", api_url=server.url)
    result = run_script(ticket_home, TICKETCLI_API_TOKEN=TOKEN)
    assert result["state"] == "sent" and result["receipt"]["number"]
    assert len(server.tickets) == 1 and [i.state for i in Outbox().items()] == ["sent"]


def test_import_is_lazy_and_the_exports_resolve():
    code = (
        "import sys, ticketcli\n"
        "before = sorted(m for m in sys.modules if m.startswith('ticketcli.'))\n"
        "ticketcli.submit, ticketcli.RuleErrors\n"
        "print(before, 'ticketcli.service' in sys.modules)\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True)
    assert proc.stdout.strip() == "[] True"
    assert set(ticketcli.__all__) <= set(dir(ticketcli))
    for name in ticketcli.__all__:
        assert getattr(ticketcli, name) is not None
    with pytest.raises(AttributeError):
        ticketcli.no_such_thing  # noqa: B018


def test_retry_refuses_a_ticket_edited_into_an_insult(profile, run_cli):
    ticket = ticket_with(profile, "Please send the invoice for November.")
    item = ticketcli.submit(ticket, profile).item
    path = item.path / "ticket.json"
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "description": INSULT}, ensure_ascii=False))
    with pytest.raises(ticketcli.Impolite):
        ticketcli.retry(item.uuid, profile=profile)
    code, out, err = run_cli("outbox", "retry", item.short_id)
    assert code == 1 and "impolite" in err and len(err.strip().splitlines()) == 1


def test_the_readme_example_runs(ticket_home):
    """The example under "From Python" in the README, as it is written there."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    example = text.split("### From Python", 1)[1].split("```python\n", 1)[1].split("```", 1)[0]
    proc = subprocess.run([sys.executable, "-c", example], capture_output=True, text=True,
                          env=ticket_env(ticket_home), cwd=REPO, timeout=60)
    assert proc.returncode == 0, proc.stderr
    state, path = proc.stdout.splitlines()[-1].split(" ", 1)
    assert state == "new" and [str(i.path) for i in Outbox().items()] == [path]
