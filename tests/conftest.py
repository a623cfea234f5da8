"""Shared fixtures: every test runs with its own TICKETCLI_HOME, so no test touches the real home."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


#: The addresses every test's default profile has, so that a queued ticket's message.eml has its
#: From and To (issue 14); a test of a first run, with nothing configured, is marked
#: ``@pytest.mark.unconfigured``.
TEST_ADDRESSES = {"contact_email": "owner@example.ru", "desk_email": "support@example-hosting.ru"}


def pytest_configure(config):
    config.addinivalue_line("markers", "unconfigured: the test starts with no configuration at all (a first run)")


@pytest.fixture(autouse=True)
def ticket_home(tmp_path, monkeypatch, request):
    home = tmp_path / "home"
    monkeypatch.setenv("TICKETCLI_HOME", str(home))
    if request.node.get_closest_marker("unconfigured") is None:
        folder = home / "config"
        folder.mkdir(parents=True, mode=0o700)
        (folder / "config.toml").write_text(
            'default_profile = "default"\n\n[profiles.default]\n' + "".join(f'{k} = "{v}"\n' for k, v in TEST_ADDRESSES.items()))
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    monkeypatch.delenv("TICKETCLI_LANG", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("NO_COLOR", "1")
    from ticketcli import i18n
    from ticketcli.cli import output

    i18n.set_lang(None)
    output.reset()
    yield home
    i18n.set_lang(None)
    output.reset()


@pytest.fixture
def run_cli(capsys):
    """Run ``ticket`` in-process, through the console script's entry point: returns (exit
    code, stdout, stderr)."""
    from ticketcli.cli import output
    from ticketcli.cli.app import main

    def run(*args: str, stdin: str | None = None):
        import io

        output.reset()
        old_stdin = sys.stdin
        if stdin is not None:
            sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode("utf-8")), encoding="utf-8")
        try:
            code = main(list(args))
        finally:
            sys.stdin = old_stdin
        captured = capsys.readouterr()
        return int(code), captured.out, captured.err

    return run


def ticket_env(home: Path, **extra: str) -> dict[str, str]:
    """Environment for running ``ticket`` as a real subprocess."""
    env = dict(os.environ)
    env.update(TICKETCLI_HOME=str(home), LANG="en_US.UTF-8", TERM="xterm", NO_COLOR="1")
    # pexpect is a terminal that never answers cursor-position requests; say so, as a
    # terminal without CPR support would, instead of letting prompt_toolkit wait for it.
    env.setdefault("PROMPT_TOOLKIT_NO_CPR", "1")
    # The diagnosis offer has its own tests (test_diagnose_wizard.py); elsewhere it would add a
    # question and probe the tests' made-up domains.
    env.setdefault("TICKETCLI_DIAGNOSE", "never")
    env.pop("TICKETCLI_LANG", None)
    env.pop("LC_ALL", None)
    env.update(extra)
    return env


#: The labelled ticket corpora: the desk's shared one (outside the repository, when present) and
#: the repository's own fresh tickets.
CORPORA = (
    Path(__file__).resolve().parents[2] / "shared/corpus/tickets.jsonl",
    Path(__file__).resolve().parent / "data/fresh_tickets.jsonl",
)


def corpus_texts(subjects: bool = True) -> list[str]:
    """Every ticket text of the corpora present (and each one's subject, or "", after it), for
    tests that hold a rule's rewrite or pre-check to the original over real tickets."""
    import json

    out: list[str] = []
    for path in CORPORA:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    item = json.loads(line)
                    out.append(item["text"])
                    if subjects:
                        out.append(item.get("subject") or "")
    return out


@pytest.fixture(autouse=True)
def _close_desks():
    """Stop the fake helpdesks a test started (tests/servers/helpdesk.py)."""
    yield
    desks = sys.modules.get("servers.helpdesk")
    if desks is not None:
        desks.close_all()


@pytest.fixture
def sleeps(monkeypatch):
    """Record delivery's back-off delays instead of sleeping them."""
    from ticketcli import delivery

    waited: list[float] = []
    monkeypatch.setattr(delivery, "_sleep", waited.append)
    return waited


@pytest.fixture
def server(monkeypatch):
    """The tests' support-API server on 127.0.0.1, its token in the environment (a test module
    may define its own ``server``: a counting or crashing one)."""
    from servers.api_server import TOKEN, ApiServer

    monkeypatch.setenv("TICKETCLI_API_TOKEN", TOKEN)
    with ApiServer() as srv:
        yield srv


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    """A test CA and the certificates the diagnostics' servers present (servers.diag_servers.Pki);
    one per module. A module may define its own ``pki``."""
    from servers.diag_servers import Pki

    return Pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="module")
def dns(request):
    """A DNS server on 127.0.0.1 answering from the test module's ``ZONE``."""
    from servers.diag_servers import DnsServer

    with DnsServer(request.module.ZONE) as server:
        yield server

