"""Secrets in a real keyring backend (keyrings.alt's plaintext file in a tmp folder), never elsewhere."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import keyring
import pytest
from conftest import ticket_env
from keyring.backends import fail, null
from servers.api_server import ApiServer
from servers.helpers import agree_to_clear_text, all_bytes, configure, plaintext_keyring, queue

from ticketcli.errors import ConfigError
from ticketcli.store import secrets

TOKEN = "kr-token-7f3a9c"


@pytest.fixture
def kr(tmp_path, monkeypatch):
    monkeypatch.delenv("TICKETCLI_API_TOKEN", raising=False)
    monkeypatch.delenv("TICKETCLI_SMTP_PASSWORD", raising=False)
    previous = keyring.get_keyring()
    backend = plaintext_keyring(tmp_path)
    keyring.set_keyring(backend)
    agree_to_clear_text("default", "work")  # it stores in clear text (test_hostile_keyring.py)
    yield backend
    keyring.set_keyring(previous)


def test_auth_set_status_rm_through_the_cli(kr, run_cli):
    code, out, err = run_cli("auth", "set", "api", "--stdin", stdin=TOKEN + "\n")
    assert code == 0, err
    assert kr.get_password("ticketcli", "default:api") == TOKEN
    assert TOKEN not in out + err
    code, out, _ = run_cli("auth", "status", "--json")
    assert json.loads(out)["secrets"] == {"api": "keyring", "smtp": "missing", "helpdesk": "missing", "imap": "missing"}
    code, out, _ = run_cli("auth", "status")
    assert "set (keyring)" in out and "ticket auth set smtp" in out and TOKEN not in out
    code, _, err = run_cli("auth", "set", "smtp", "--profile", "work", "--stdin", stdin="pw\n")
    assert code == 0 and kr.get_password("ticketcli", "work:smtp") == "pw"
    assert run_cli("auth", "rm", "api")[0] == 0
    assert kr.get_password("ticketcli", "default:api") is None
    code, _, err = run_cli("auth", "rm", "api")
    assert code == 3 and "No api secret" in err


def test_resolution_order_env_then_keyring_then_an_error_naming_the_command(kr, monkeypatch):
    with pytest.raises(ConfigError) as exc:
        secrets.get_secret("api", "work")
    assert "ticket auth set api --profile work" in exc.value.message and "TICKETCLI_API_TOKEN" in exc.value.message
    secrets.set_secret("api", "work", TOKEN)
    assert secrets.get_secret("api", "work") == TOKEN
    monkeypatch.setenv("TICKETCLI_API_TOKEN", "from-env")
    assert secrets.get_secret("api", "work") == "from-env"
    assert secrets.status("work")["api"] == "env"


def test_no_usable_keyring_gives_one_clear_message(kr, run_cli):
    keyring.set_keyring(fail.Keyring())
    code, out, err = run_cli("auth", "set", "api", "--stdin", stdin=TOKEN + "\n")
    assert code == 6
    assert "TICKETCLI_API_TOKEN" in err and "Secret Service" in err and "Traceback" not in err
    assert "keyrings.alt" not in err  # it no longer recommends a backend that stores in clear text
    assert len(err.strip().splitlines()) == 1
    assert json.loads(run_cli("auth", "status", "--json")[1])["secrets"]["api"] == "no-keyring"


def test_no_usable_keyring_names_every_secret_variable(kr, run_cli):
    keyring.set_keyring(fail.Keyring())
    code, _, err = run_cli("auth", "rm", "smtp")
    assert code == 6 and len(err.strip().splitlines()) == 1
    assert all(env in err for env in secrets.ENV.values())


def test_a_failing_keyring_is_one_line_naming_the_variable(kr, run_cli):
    from keyring.backend import KeyringBackend
    from keyring.errors import KeyringError

    class Broken(KeyringBackend):
        priority = 1

        def get_password(self, service, username):
            raise KeyringError("locked")

        def set_password(self, service, username, password):
            raise KeyringError("locked")

        def delete_password(self, service, username):
            raise KeyringError("locked")

    keyring.set_keyring(Broken())
    with pytest.raises(ConfigError) as exc:
        secrets.get_secret("helpdesk", "default")
    assert "TICKETCLI_HELPDESK_TOKEN" in exc.value.message and "KeyringError" in exc.value.message
    for args in (("auth", "set", "smtp", "--stdin"), ("auth", "rm", "api")):
        code, _, err = run_cli(*args, stdin="x\n")
        assert code == 6 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err


def test_a_backend_that_keeps_nothing_is_detected(kr, run_cli):
    keyring.set_keyring(null.Keyring())
    code, _, err = run_cli("auth", "set", "api", "--stdin", stdin=TOKEN + "\n")
    assert code == 6 and "did not keep it" in err


def test_no_terminal_and_no_stdin_flag_asks_for_stdin(kr, run_cli):
    code, _, err = run_cli("auth", "set", "api", stdin="")
    assert code == 4 and "--stdin" in err


def test_a_secret_is_never_accepted_as_an_argument(kr, run_cli):
    code, _, _ = run_cli("auth", "set", "api", TOKEN)
    assert code == 2
    assert kr.get_password("ticketcli", "default:api") is None


def test_the_token_goes_from_the_keyring_to_the_desk_and_nowhere_else(tmp_path, ticket_home):
    """Real processes: PYTHON_KEYRING_BACKEND + XDG_DATA_HOME select a plaintext keyring in tmp."""
    data = tmp_path / "xdg"
    env = ticket_env(ticket_home, PYTHON_KEYRING_BACKEND="keyrings.alt.file.PlaintextKeyring", XDG_DATA_HOME=str(data))
    env.pop("TICKETCLI_API_TOKEN", None)
    setter = subprocess.run([sys.executable, "-m", "ticketcli", "auth", "set", "api", "--stdin", "--allow-insecure-keyring"], input=TOKEN + "\n",
                            env=env, capture_output=True, text=True, timeout=60)
    assert setter.returncode == 0, setter.stderr
    import base64

    encoded = base64.b64encode(TOKEN.encode())
    assert encoded in all_bytes(data)  # it is in the keyring's own file (base64) …
    with ApiServer(token=TOKEN) as server:
        item = queue(configure(backend="api", api_url=server.url))
        server.script = ["delay:1.5"]
        proc = subprocess.Popen([sys.executable, "-m", "ticketcli", "send", "--all"], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 20
        while not server.posts() and time.monotonic() < deadline:
            time.sleep(0.02)
        cmdline = Path(f"/proc/{proc.pid}/cmdline").read_bytes()
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        assert len(server.tickets) == 1  # the desk got the right bearer token
    assert b"send" in cmdline and TOKEN.encode() not in cmdline
    # … and nowhere in what ticketcli writes: config, outbox, history
    everything = all_bytes(ticket_home)
    assert b"config.toml" in everything and b'"receipt"' in everything and item.uuid.encode() in everything
    assert TOKEN.encode() not in everything and encoded not in everything
    assert TOKEN not in out + err
