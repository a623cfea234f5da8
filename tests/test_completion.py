"""Completion scripts: up to date with the command tree, and bash's answers checked for real."""

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import REPO

from ticketcli.cli.shells import SCRIPTS


def test_shipped_scripts_are_up_to_date():
    for shell, (name, make) in SCRIPTS.items():
        shipped = (REPO / "completions" / name).read_text(encoding="utf-8")
        assert shipped == make(), f"completions/{name} is stale: run python scripts/gen_completions.py"


def fake_uname(folder: Path, system: str) -> str:
    """A PATH whose ``uname`` answers ``system`` (a macOS layout, tested on any machine)."""
    bin_dir = folder / f"uname-{system}"
    bin_dir.mkdir(exist_ok=True)
    uname = bin_dir / "uname"
    uname.write_text(f"#!/bin/sh\necho {system}\n")
    uname.chmod(0o755)
    return f"{bin_dir}:/usr/bin:/bin"


def bash(program: str, env: dict[str, str]) -> str:
    script = REPO / "completions" / "ticket.bash"
    result = subprocess.run(["bash", "--norc", "-c", f"source {script}\n{program}"], capture_output=True, text=True, env=env, timeout=10)
    assert result.returncode == 0, result.stderr
    return result.stdout


def complete(line: str, home: Path, env: dict[str, str] | None = None) -> list[str]:
    """Run bash's completion function of the shipped script on ``line`` (cursor at the end)."""
    program = f"""
COMP_LINE={line!r}
read -r -a COMP_WORDS <<< "$COMP_LINE"
if [[ "$COMP_LINE" == *" " ]]; then COMP_WORDS+=(""); fi
COMP_CWORD=$(( ${{#COMP_WORDS[@]}} - 1 ))
_ticket
printf '%s\\n' "${{COMPREPLY[@]}}"
"""
    env = env or {"PATH": "/usr/bin:/bin", "TICKETCLI_HOME": str(home), "HOME": str(home)}
    return [w for w in bash(program, env).split("\n") if w]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash not installed")
def test_bash_completes_commands_options_types_and_ids(ticket_home, run_cli):
    assert {"new", "drafts", "outbox", "types", "config"} <= set(complete("ticket ", ticket_home))
    assert complete("ticket dr", ticket_home) == ["drafts"]
    assert set(complete("ticket drafts ", ticket_home)) >= {"list", "show", "edit", "rm"}
    assert "--type" in complete("ticket new --t", ticket_home)
    assert set(complete("ticket new --type ", ticket_home)) == {"site-access", "mail", "domain", "hosting", "ssl", "account-change", "other"}
    assert complete("ticket new --type ma", ticket_home) == ["mail"]
    assert complete("ticket --lang ", ticket_home) == ["ru", "en"]
    assert "worked_before=" in complete("ticket new --field w", ticket_home)
    # an option's value is skipped when finding the command path
    assert complete("ticket --profile work dr", ticket_home) == ["drafts"]

    # dynamic ids come from the data folder, without Python
    assert complete("ticket drafts show ", ticket_home) == []
    code, out, _ = run_cli("new", "--type", "other", "--contract", "1", "--description", "Invoice please.", "--no-input", "--json")
    import json

    uuid = json.loads(out)["id"]
    assert complete("ticket outbox show ", ticket_home) == [uuid[:8]]
    from ticketcli.model import Ticket
    from ticketcli.store.drafts import DraftStore

    draft = Ticket(type="mail")
    DraftStore().save(draft)
    assert complete("ticket resume ", ticket_home) == [draft.short_id]
    assert complete("ticket types show s", ticket_home) == ["site-access", "ssl"]


def test_completion_commands(run_cli, tmp_path, monkeypatch):
    code, out, _ = run_cli("completion", "show", "fish")
    assert code == 0 and out == SCRIPTS["fish"][1]()
    assert run_cli("completion", "show", "tcsh")[0] == 2
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert run_cli("completion", "install", "bash")[0] == 0
    installed = tmp_path / "data" / "bash-completion" / "completions" / "ticket"
    assert installed.read_text() == SCRIPTS["bash"][1]()


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish not installed")
def test_fish_script_parses():
    result = subprocess.run(["fish", "--no-execute", str(REPO / "completions" / "ticket.fish")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh not installed")
def test_zsh_script_parses():
    result = subprocess.run(["zsh", "-n", str(REPO / "completions" / "_ticket")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.skipif(shutil.which("fish") is None, reason="fish not installed")
def test_fish_completes_types_and_subcommands(ticket_home):
    program = f"source {REPO / 'completions' / 'ticket.fish'}; complete -C'ticket new --type '; echo ---; complete -C'ticket drafts '"
    result = subprocess.run(["fish", "--no-config", "-c", program], capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "TICKETCLI_HOME": str(ticket_home), "HOME": str(ticket_home)}, timeout=20)
    types, subs = result.stdout.split("---\n")
    assert set(types.split()) == {"site-access", "mail", "domain", "hosting", "ssl", "account-change", "other"}
    assert {line.split("\t")[0] for line in subs.splitlines()} == {"list", "show", "edit", "rm"}


#: Environments the folders depend on: TICKETCLI_HOME (also with a leading ~), the XDG
#: variables (also a relative one, which platformdirs ignores), or nothing but HOME.
ENVIRONMENTS = [
    {"TICKETCLI_HOME": "{tmp}/th"},
    {"TICKETCLI_HOME": "~/th"},
    {"XDG_DATA_HOME": "{tmp}/xdg-data", "XDG_CONFIG_HOME": "{tmp}/xdg-config"},
    {"XDG_DATA_HOME": "relative/data"},
    {},
]


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash not installed")
@pytest.mark.parametrize("system", ["Linux", "Darwin"])
@pytest.mark.parametrize("extra", ENVIRONMENTS)
def test_scripts_look_where_the_program_looks(system, extra, tmp_path, monkeypatch):
    """At Tab time the scripts name the folders ticketcli.store.paths names, on Linux and on macOS."""
    from ticketcli.store import paths

    extra = {k: v.format(tmp=tmp_path) for k, v in extra.items()}
    for var in ("TICKETCLI_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    for key, value in extra.items():
        monkeypatch.setenv(key, value)
    expected = [str(paths.data_dir(system)), str(paths.config_file(system))]
    env = {"PATH": fake_uname(tmp_path, system), "HOME": str(tmp_path), **extra}
    assert bash('_ticket_data_dir; echo; _ticket_config_file; echo', env).splitlines() == expected
    if shutil.which("fish"):
        program = f"source {REPO / 'completions' / 'ticket.fish'}; __ticket_data_dir"
        result = subprocess.run(["fish", "--no-config", "-c", program], capture_output=True, text=True, env=env, timeout=20)
        assert result.stdout.splitlines() == expected[:1], result.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash not installed")
def test_bash_completes_ids_from_the_macos_folders(tmp_path, monkeypatch):
    """On macOS platformdirs puts the data in ~/Library/Application Support/ticketcli: the ids
    of drafts and outbox tickets there complete (they did not when the scripts assumed XDG)."""
    from ticketcli.model import Ticket
    from ticketcli.store import paths
    from ticketcli.store.drafts import DraftStore

    for var in ("TICKETCLI_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    data = paths.data_dir("Darwin")
    assert data == tmp_path / "Library" / "Application Support" / "ticketcli"
    draft = Ticket(type="mail")
    DraftStore(data / paths.DRAFTS).save(draft)
    (data / paths.OUTBOX / "new" / "0123abcd-0000-4000-8000-000000000000").mkdir(parents=True)
    (paths.config_file("Darwin")).write_text('[profiles.shop]\ncontract = "1"\n')
    env = {"PATH": fake_uname(tmp_path, "Darwin"), "HOME": str(tmp_path)}
    assert complete("ticket resume ", tmp_path, env) == [draft.short_id]
    assert complete("ticket outbox show ", tmp_path, env) == ["0123abcd"]
    assert complete("ticket --profile ", tmp_path, env) == ["shop"]
    # The same folders on Linux are elsewhere: nothing there
    linux = {"PATH": fake_uname(tmp_path, "Linux"), "HOME": str(tmp_path)}
    assert complete("ticket resume ", tmp_path, linux) == []
