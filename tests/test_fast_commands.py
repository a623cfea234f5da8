"""The hot commands (``new``, ``check``, ``send``) run without Typer, and exactly as with it.

:mod:`ticketcli.argv` parses their command lines from the generated table; the Typer commands
and the fast path call the same functions in :mod:`ticketcli.commands`. These tests hold the two
parsers equal over generated command lines (the fast one may decline, never disagree), check
that the fast path is really taken (no Typer imported), and that what it declines still gets
Typer's own messages.
"""

from __future__ import annotations

import inspect
import json
import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, ticket_env

from ticketcli import _help, argv, commands

#: Tokens a command line is made of: every option of the fast commands and of the root, their
#: look-alikes, and values that look like options.
TOKENS = sorted(
    {opt for spec in _help.COMMANDS.values() for opt in spec["options"]}
    | {"new", "check", "send", "drafts", "--help", "-h", "--version", "--", "-", "--bogus", "-x", "-tother",
       "-fa", "--type=", "--type=site-access", "--json=1", "--field=a=b", "--no-input=", "--lang=ru",
       "ru", "en", "xx", "site-access", "other", "a=b", "url=https://example.ru", "file.txt", "-1", "ab12",
       "Сайт не открывается", "--description", "", " "}
)
line = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=8)


def typer_calls(args: list[str], monkeypatch) -> tuple[dict, str, dict] | None:
    """What the Typer app passes to :mod:`ticketcli.commands` for ``args``; None if it refuses."""
    import typer.main

    from ticketcli.cli import app

    calls: list[tuple[str, dict]] = []
    for name in ("root", *commands.FAST):
        monkeypatch.setattr(commands, name, lambda _n=name, **kw: calls.append((_n, kw)))
    try:
        typer.main.get_command(app).main(args=args, prog_name="ticket", standalone_mode=False)
    except Exception:  # noqa: BLE001 - a usage error, help, version: Typer refused or answered
        return None
    finally:
        monkeypatch.undo()
    if len(calls) != 2 or calls[1][0] not in commands.FAST:
        return None
    return calls[0][1], calls[1][0], calls[1][1]


def with_defaults(name: str, values: dict) -> dict:
    """The arguments a function in :mod:`ticketcli.commands` receives: given ones and defaults."""
    bound = inspect.signature(getattr(commands, name)).bind(**values)
    bound.apply_defaults()
    return {k: list(v) if isinstance(v, tuple) else v for k, v in bound.arguments.items()}


def check_same(args: list[str], monkeypatch) -> bool:
    """Assert the fast parser agrees with Typer on ``args``; True when it took the line."""
    fast = argv.parse(args, _help.COMMANDS)
    if fast is None:
        return False
    slow = typer_calls(args, monkeypatch)
    assert slow is not None, f"the fast parser took {args!r}, Typer refuses it"
    root, name, values = fast
    assert (with_defaults("root", root), name, with_defaults(name, values)) == slow, args
    return True


@settings(max_examples=400, deadline=None)
@given(tokens=line)
def test_fast_parser_agrees_with_typer_or_declines(tokens):
    with pytest.MonkeyPatch.context() as mp:
        check_same(tokens, mp)


@settings(max_examples=200, deadline=None)
@given(cmd=st.sampled_from(sorted(commands.FAST)), tokens=line)
def test_fast_parser_agrees_with_typer_after_a_command_name(cmd, tokens):
    with pytest.MonkeyPatch.context() as mp:
        check_same([cmd, *tokens], mp)


@pytest.mark.parametrize(
    "args",
    [
        ["new"],
        ["new", "--type", "site-access", "--domain", "example.ru", "-f", "url=https://example.ru",
         "--field", "browser=Firefox 128", "--description", "Every page shows an error", "--no-input", "--json"],
        ["new", "--type=other", "-d", "--starts-with-a-dash", "--attach", "a.png", "-a", "b.png", "--force"],
        ["--lang", "ru", "-p", "shop", "--debug", "new", "-t", "mail", "--from-file", "-"],
        ["check"],
        ["check", "-", "--format", "json", "a.txt", "-t", "site-access", "--lang=en", "-s", "Subject"],
        ["send", "--all", "--json"],
        ["send", "5f0c2a1e"],
        ["--profile=shop", "send", "--json", "5f0c"],
    ],
)
def test_typical_lines_take_the_fast_path_and_agree(args, monkeypatch):
    assert check_same(args, monkeypatch)


@pytest.mark.parametrize(
    "args",
    [
        ["new", "--help"], ["new", "-h"], ["--version", "new"], ["new", "--bogus"], ["new", "-tother"],
        ["new", "--type"], ["new", "--", "x"], ["new", "stray"], ["send", "a", "b"], ["check", "--json"],
        ["new", "--force=yes"], ["drafts", "list"], ["--bogus", "new"], [],
    ],
)
def test_what_the_fast_parser_declines(args):
    assert argv.parse(args, _help.COMMANDS) is None


def test_table_knows_every_fast_command():
    assert set(_help.COMMANDS) == {"", *commands.FAST}
    assert _help.COMMANDS["new"]["options"]["--field"] == ("field", argv.MULTIPLE)
    assert _help.COMMANDS["send"]["arguments"] == [("item_id", 1)]


# ---- the real process -----------------------------------------------------------------------
def imported(args: list[str], home, stdin: str | None = None, **env: str) -> tuple[subprocess.CompletedProcess, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "ticketcli", *args],
        input=stdin, capture_output=True, text=True, env=ticket_env(home, **env), cwd=REPO, timeout=60,
    )
    modules = {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}
    proc.stderr = "\n".join(line for line in proc.stderr.splitlines() if not line.startswith("import time:"))
    return proc, modules


def test_scripted_new_check_and_send_run_without_typer(ticket_home, tmp_path):
    subprocess.run([sys.executable, "-m", "ticketcli", "config", "set", "contract", "12-345"],
                   env=ticket_env(ticket_home), check=True, capture_output=True)
    proc, modules = imported(["new", "--type", "other", "--description", "Please restore yesterday's backup.",
                              "--no-input", "--json"], ticket_home)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["state"] == "new"
    assert not {"typer", "click"} & modules

    text = tmp_path / "t.txt"
    text.write_text("Сайт example.ru не открывается, договор 12-345.", encoding="utf-8")
    proc, modules = imported(["check", "--format", "json", str(text)], ticket_home)
    assert proc.returncode == 1 and json.loads(proc.stdout)["ok"] is False
    assert not {"typer", "click", "email", "httpx", "rich"} & modules  # plain text needs none of them

    proc, modules = imported(["send", "--all"], ticket_home)
    assert proc.returncode == 6 and "ticket config set backend" in proc.stderr  # no channel configured
    assert not {"typer", "click"} & modules


def test_declined_lines_get_typers_own_messages(ticket_home):
    proc, modules = imported(["new", "--bogus"], ticket_home)
    assert proc.returncode == 2 and "No such option: --bogus" in proc.stderr
    assert "typer" in modules


def test_a_stale_table_falls_back_to_typer(monkeypatch, run_cli):
    import ticketcli.__main__ as entry

    monkeypatch.setattr(_help, "FINGERPRINT", "00000000")
    monkeypatch.setattr(entry, "_TABLE", [])  # forget what an earlier call found
    assert entry._fast_command(["send", "--all"]) is None
    monkeypatch.setenv(entry.COMPLETE_VAR, "bash_complete")
    monkeypatch.setattr(_help, "FINGERPRINT", entry.fingerprint())
    monkeypatch.setattr(entry, "_TABLE", [])
    assert entry._fast_command(["send", "--all"]) is None  # Click answers completion requests


@pytest.mark.parametrize("entry", ["fast", "typer"])
def test_a_reader_that_goes_away_ends_quietly(entry, ticket_home, tmp_path):
    """``ticket check … | head -c 1``: status 1, no traceback, no second error at exit."""
    files = []
    for i in range(300):
        path = tmp_path / f"{i}.txt"
        path.write_text(f"Сайт example.ru не открывается, договор 12-345 ({i}).", encoding="utf-8")
        files.append(str(path))
    code = "import sys; from ticketcli.cli import main; sys.exit(main(sys.argv[1:]))"
    cmd = [sys.executable, "-m", "ticketcli"] if entry == "fast" else [sys.executable, "-c", code]
    proc = subprocess.Popen([*cmd, "check", "--format", "json", *files], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=ticket_env(ticket_home), cwd=REPO)
    assert proc.stdout.read(1)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=60) == 1
    assert "Traceback" not in err and "Exception ignored" not in err, err


def test_scripted_new_delivered_to_the_api_imports_no_framework(ticket_home):
    """The hot path a script runs most: typer, httpx, rich, questionary and keyring stay out, and
    so do the parts of the email package that build a message, and uuid."""
    from servers.api_server import TOKEN, ApiServer

    with ApiServer() as srv:
        for key, value in (("contract", "12-345"), ("backend", "api"), ("api_url", srv.url)):
            subprocess.run([sys.executable, "-m", "ticketcli", "config", "set", key, value],
                           env=ticket_env(ticket_home), check=True, capture_output=True)
        proc, modules = imported(["new", "--type", "other", "--description", "Please restore yesterday's backup.",
                                  "--no-input", "--json"], ticket_home, TICKETCLI_API_TOKEN=TOKEN)
        assert proc.returncode == 0, proc.stderr
        assert json.loads(proc.stdout)["state"] == "sent" and len(srv.tickets) == 1
    # httpx is the HTTP client of every channel (ticketcli/channels/http.py); truststore (the
    # platform's CAs) is loaded only for a request that can use TLS, which a plain-http loopback
    # desk never does.
    heavy = {"typer", "click", "truststore", "rich", "questionary", "prompt_toolkit", "keyring"}
    assert not heavy & modules, sorted(heavy & modules)
    # Delivered at once, the ticket needs no message.eml, so no email package of our own (httpx's
    # imports are not counted: see startup_modules(httpx=True)). Ticket ids are made
    # without uuid (which imports platform). shutil (with bz2 and lzma) and mimetypes serve only
    # tickets with attachments; the configuration ticketcli wrote is read without tomllib. The
    # project's classes are records, not dataclasses (which import inspect), and typing is
    # imported by type checkers only.
    # (Less what the interpreter imports before any of ours: a site-packages .pth may import shutil.)
    unneeded = {"email", "http.client", "shutil", "bz2", "lzma", "mimetypes"} - startup_modules(httpx=True)
    assert not unneeded & modules, sorted(unneeded & modules)


def startup_modules(httpx: bool = False) -> set[str]:
    """The modules a bare interpreter (site and .pth files included) imports (and, with
    ``httpx``, what importing httpx and building its client with its transport import)."""
    code = "import httpx; httpx.Client(verify=__import__('ssl').SSLContext(16))" if httpx else "pass"
    proc = subprocess.run([sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True, timeout=60)
    return {line.rsplit("|", 1)[1].strip() for line in proc.stderr.splitlines() if line.startswith("import time:")}


def test_guarded_turns_what_a_command_raises_into_a_status(capsys):
    """The one wrapper both paths use: end of input as Typer reports it, internal errors as one
    line without a traceback, the project's errors with their own status."""
    from ticketcli.errors import ExitCode, NotFound

    def raises(exc):
        def call():
            raise exc
        return call

    assert commands.guarded(raises(EOFError()), debug=False) == 1
    assert capsys.readouterr().err == "\nAborted!\n"
    assert commands.guarded(raises(RuntimeError("boom")), debug=False) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "RuntimeError" in err and "Traceback" not in err and "boom" not in err
    assert commands.guarded(raises(NotFound("no such draft")), debug=False) == ExitCode.NOT_FOUND
    assert "no such draft" in capsys.readouterr().err
    assert commands.guarded(raises(SystemExit(5)), debug=False) == 5
    assert commands.guarded(raises(KeyboardInterrupt()), debug=False) == ExitCode.INTERRUPTED
    with pytest.raises(RuntimeError):
        commands.guarded(raises(RuntimeError("shown with --debug")), debug=True)
