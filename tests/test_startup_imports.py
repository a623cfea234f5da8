"""Start-up: ``ticket --help`` and ``--version`` import nothing heavy, and their fast path prints
exactly what Typer prints.

The import checks run a fresh interpreter with ``-X importtime`` (every module it imports is
listed on stderr), so a top-level import of typer, httpx or the rule engine on these paths fails
here rather than slowing every shell that calls ``ticket``.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO, ticket_env

import ticketcli.__main__ as entry
from ticketcli import _help

#: Never imported by ``ticket --help`` / ``--version``.
HEAVY = (
    "typer",
    "click",
    "rich",
    "rich.table",
    "pydantic",
    "questionary",
    "prompt_toolkit",
    "httpx",
    "keyring",
    "ticketcli.cli",
    "ticketcli.rules",
    "ticketcli.problems",
    "ticketcli.config",
    "email",
)
#: Never imported by commands that neither ask, send nor check.
NEVER_WITHOUT_NEED = ("questionary", "prompt_toolkit", "httpx", "keyring", "ticketcli.rules")


def imported_modules(args: list[str], home, **env: str) -> set[str]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ticketcli", *args],
        capture_output=True,
        text=True,
        env=ticket_env(home, **env),
        cwd=REPO,
        timeout=60,
    )
    modules = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                modules.add(name)
    assert modules, proc.stderr
    return modules


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["--version"], ["new", "--help"], ["send", "--help"], []])
def test_fast_paths_import_nothing_heavy(args, ticket_home):
    modules = imported_modules(args, ticket_home, COLUMNS="100")
    found = sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))
    assert not found, f"ticket {' '.join(args)} imports {found}"


@pytest.mark.parametrize("args", [["types"], ["schema"], ["drafts", "list"], ["outbox", "list"]])
def test_plain_commands_skip_wizard_network_keyring_and_rules(args, ticket_home):
    modules = imported_modules(args, ticket_home)
    found = sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in NEVER_WITHOUT_NEED))
    assert not found, f"ticket {' '.join(args)} imports {found}"


def test_help_table_is_up_to_date():
    with open(_help.__file__, encoding="utf-8") as f:
        shipped = f.read()
    assert shipped == entry.help_module(), (
        "ticketcli/_help.py is stale: run python -c \"import ticketcli.__main__ as m; m.write_help()\""
    )


def test_help_table_covers_every_command():
    pages = entry.help_pages()
    for key in ("", "--help", "-h", "new --help", "config set --help", "outbox retry -h", "drafts", "completion show --help"):
        assert key in pages
    assert pages["--help"][0].startswith("Usage: ticket [OPTIONS] COMMAND [ARGS]...")
    assert pages["--help"][2] == 0
    assert pages[""][2] == 2 and pages[""][1].startswith("Usage: ticket")  # bare 'ticket': help on stderr, status 2


@pytest.mark.parametrize("args", [["--help"], ["new", "--help"], ["drafts"], [], ["--version"], ["config", "set", "-h"]])
def test_fast_path_output_equals_typer(args, ticket_home, capfd):
    """The real process (fast path) against Typer itself, same arguments, 80+ columns."""
    env = ticket_env(ticket_home, COLUMNS="120")
    fast = subprocess.run([sys.executable, "-m", "ticketcli", *args], capture_output=True, text=True, env=env, cwd=REPO, timeout=60)
    typer_run = subprocess.run(
        [sys.executable, "-c", "import sys; from ticketcli.cli import main; sys.exit(main(sys.argv[1:]))", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=60,
    )
    assert (fast.stdout, fast.stderr, fast.returncode) == (typer_run.stdout, typer_run.stderr, typer_run.returncode)


def test_narrow_terminal_and_edited_commands_fall_back_to_typer(monkeypatch):
    monkeypatch.setenv("COLUMNS", "60")
    assert entry._fast(["--help"]) is None  # Typer wraps at 58 columns here: let it
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setattr(_help, "FINGERPRINT", "00000000")
    monkeypatch.setattr(entry, "_TABLE", [])  # forget what an earlier call found
    assert entry._fast(["new", "--help"]) is None  # the table belongs to other sources
    assert entry._fast(["new", "--type", "other"]) is None
    assert entry._fast(["--version"]) == 0  # the version needs no table


def test_console_script_points_at_the_fast_entry():
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'ticket = "ticketcli.__main__:main"' in text
