"""Start-up: every command is Typer's, and each imports only what it needs.

The checks run a fresh interpreter with ``-X importtime`` (every module it imports is listed on
stderr), so a top-level import of a heavy library in a command module fails here rather than
slowing every shell that calls ``ticket``. Typer itself is always imported (it parses every
command line); the libraries below are imported inside the commands that use them.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import REPO, ticket_env

#: Never imported to print help or the version: the command tree is built from the command
#: modules alone, which import typer and light modules of ours at the top.
NOT_FOR_HELP = (
    "httpx",
    "httpcore",
    "questionary",
    "prompt_toolkit",
    "keyring",
    "rich",
    "pydantic",
    "email",
    "platformdirs",
    "ticketcli.rules",
    "ticketcli.service",
    "ticketcli.store.config",
    "ticketcli.problems",
)
#: Never imported by commands that neither ask, send nor check.
NEVER_WITHOUT_NEED = ("questionary", "prompt_toolkit", "httpx", "keyring", "ticketcli.rules")


def run(args: list[str], home, stdin: str | None = None, **env: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ticketcli", *args],
        input=stdin, capture_output=True, text=True, env=ticket_env(home, **env), cwd=REPO, timeout=60,
    )
    modules = set()
    for line in proc.stderr.splitlines():
        if line.startswith("import time:") and "|" in line:
            name = line.rsplit("|", 1)[1].strip()
            if name != "imported package":
                modules.add(name)
    proc.stderr = "\n".join(line for line in proc.stderr.splitlines() if not line.startswith("import time:"))
    assert modules, proc.stderr
    return proc, modules


def among(modules: set[str], names) -> list[str]:
    return sorted(m for m in modules if any(m == n or m.startswith(n + ".") for n in names))


@pytest.mark.parametrize(
    "args",
    [["--help"], ["-h"], ["--version"], ["new", "--help"], ["send", "--help"], ["reply", "-h"], ["diagnose", "site", "--help"], []],
)
def test_help_and_version_import_no_library(args, ticket_home):
    proc, modules = run(args, ticket_home, COLUMNS="100")
    assert proc.returncode in (0, 2), proc.stderr  # 2: bare 'ticket' prints its help as an error
    assert "Usage: ticket" in proc.stdout + proc.stderr or proc.stdout.startswith("ticket ")
    assert "typer" in modules  # one parser: Typer's, for every command line
    found = among(modules, NOT_FOR_HELP)
    assert not found, f"ticket {' '.join(args)} imports {found}"


@pytest.mark.parametrize("args", [["types"], ["schema"], ["drafts", "list"], ["outbox", "list"], ["inbox"]])
def test_plain_commands_skip_wizard_network_keyring_and_rules(args, ticket_home):
    proc, modules = run(args, ticket_home)
    assert proc.returncode == 0, proc.stderr
    found = among(modules, NEVER_WITHOUT_NEED)
    assert not found, f"ticket {' '.join(args)} imports {found}"


def configure(home, **values: str) -> None:
    for key, value in {"contract": "12-345", **values}.items():
        subprocess.run([sys.executable, "-m", "ticketcli", "config", "set", key, value],
                       env=ticket_env(home), check=True, capture_output=True, timeout=60)


NEW = ["new", "--type", "other", "--description", "Please restore yesterday's backup.", "--no-input", "--json"]


def test_scripted_new_asks_nothing_and_imports_no_prompt_library(ticket_home):
    configure(ticket_home)
    proc, modules = run(NEW, ticket_home)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["state"] == "new"
    assert "ticketcli.rules" in modules  # the gate checked it
    found = among(modules, ("questionary", "prompt_toolkit", "ticketcli.cli.wizard", "keyring", "httpx", "rich"))
    assert not found, found


def test_scripted_new_delivered_to_the_api_takes_the_token_from_the_environment(ticket_home, server):
    from servers.api_server import TOKEN

    configure(ticket_home, backend="api", api_url=server.url)
    proc, modules = run(NEW, ticket_home, TICKETCLI_API_TOKEN=TOKEN)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["state"] == "sent" and len(server.tickets) == 1
    # The environment gives the secret: no keyring. The desk is plain http on loopback: no CA store
    # (truststore) is loaded. Nothing is asked or drawn.
    found = among(modules, ("questionary", "prompt_toolkit", "ticketcli.cli.wizard", "keyring", "rich", "truststore"))
    assert not found, found


def test_check_of_plain_text_and_send_without_a_channel(ticket_home, tmp_path):
    text = tmp_path / "t.txt"
    text.write_text("Сайт example.ru не открывается, договор 12-345.", encoding="utf-8")
    proc, modules = run(["check", "--format", "json", str(text)], ticket_home)
    assert proc.returncode == 1 and json.loads(proc.stdout)["ok"] is False
    assert not among(modules, ("email", "httpx", "rich", "questionary", "keyring"))  # plain text needs none of them

    proc, _ = run(["send", "--all"], ticket_home)
    assert proc.returncode == 6 and "ticket config set backend" in proc.stderr  # no channel configured


def test_typers_own_messages_for_usage_errors(ticket_home):
    for args, needle in ((["new", "--bogus"], "No such option: --bogus"), (["send", "a", "b"], "Got unexpected extra argument"),
                         (["new", "--type"], "Option '--type' requires an argument")):
        proc, _ = run(args, ticket_home)
        assert proc.returncode == 2 and needle in proc.stderr, (args, proc.stderr)
        assert "Traceback" not in proc.stderr


def test_a_reader_that_goes_away_ends_quietly(ticket_home, tmp_path):
    """``ticket check … | head -c 1``: status 1, no traceback, no second error at exit."""
    files = []
    for i in range(300):
        path = tmp_path / f"{i}.txt"
        path.write_text(f"Сайт example.ru не открывается, договор 12-345 ({i}).", encoding="utf-8")
        files.append(str(path))
    proc = subprocess.Popen([sys.executable, "-m", "ticketcli", "check", "--format", "json", *files], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=ticket_env(ticket_home), cwd=REPO)
    assert proc.stdout.read(1)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in err and "Exception ignored" not in err, err


def test_guarded_turns_what_a_command_raises_into_a_status(capsys):
    """End of input as Typer reports it, internal errors as one line without a traceback, the
    project's errors with their own status."""
    from ticketcli.cli.app import guarded
    from ticketcli.errors import ExitCode, NotFound

    def raises(exc):
        def call():
            raise exc
        return call

    assert guarded(raises(EOFError()), debug=False) == 1
    assert capsys.readouterr().err == "\nAborted!\n"
    assert guarded(raises(RuntimeError("boom")), debug=False) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "RuntimeError" in err and "Traceback" not in err and "boom" not in err
    assert guarded(raises(NotFound("no such draft")), debug=False) == ExitCode.NOT_FOUND
    assert "no such draft" in capsys.readouterr().err
    assert guarded(raises(SystemExit(5)), debug=False) == 5
    assert guarded(raises(KeyboardInterrupt()), debug=False) == ExitCode.INTERRUPTED
    assert guarded(raises(RuntimeError("shown with --debug")), debug=True) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert err.startswith("Traceback") and "RuntimeError: shown with --debug" in err


def test_a_debug_traceback_never_shows_a_secret(capsys):
    from ticketcli.cli.app import guarded
    from ticketcli.store import secrets

    secrets.remember("tok-0123456789-secret")

    def leaky():
        raise ValueError("Invalid header value b'Bearer tok-0123456789-secret\\n'")

    guarded(leaky, debug=True)
    err = capsys.readouterr().err
    assert "Traceback" in err and "ValueError" in err and "tok-0123456789" not in err and "[secret]" in err


def test_the_console_script_and_python_m_are_one_entry(ticket_home):
    text = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'ticket = "ticketcli.cli.app:main"' in text
    proc, _ = run(["--version"], ticket_home)
    from ticketcli import __version__

    assert proc.returncode == 0 and proc.stdout == f"ticket {__version__}\n"

