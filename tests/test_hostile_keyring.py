"""A keyring that stores in clear text (issue 16): keyrings.alt's PlaintextKeyring keeps the token
base64-encoded in a dotfile. It is refused unless the user agrees for the profile
(``ticket auth set KIND --allow-insecure-keyring``, remembered as the profile's
``allow_insecure_keyring``), and the messages recommend the environment variables or a keyring
that encrypts, never installing keyrings.alt.

Real processes: ``PYTHON_KEYRING_BACKEND`` selects the backend and ``XDG_DATA_HOME`` puts its file
in the test's folder.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys

import pytest
from conftest import ticket_env
from servers.api_server import ApiServer
from servers.helpers import all_bytes, configure, queue

from ticketcli.store import config
from ticketcli.store.outbox import Outbox

TOKEN = "clear-text-token-4d2a"
PLAINTEXT = "keyrings.alt.file.PlaintextKeyring"


@pytest.fixture
def data(tmp_path):
    return tmp_path / "xdg"


@pytest.fixture
def ticket(ticket_home, data):
    env = ticket_env(ticket_home, PYTHON_KEYRING_BACKEND=PLAINTEXT, XDG_DATA_HOME=str(data))
    for name in ("TICKETCLI_API_TOKEN", "TICKETCLI_SMTP_PASSWORD", "TICKETCLI_HELPDESK_TOKEN"):
        env.pop(name, None)

    def run(*args: str, stdin: str = "", **extra: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "ticketcli", *args], input=stdin, env={**env, **extra},
                              capture_output=True, text=True, timeout=60)

    return run


def stored(data) -> bool:
    return base64.b64encode(TOKEN.encode()) in all_bytes(data) if data.exists() else False


def test_a_keyring_that_stores_in_clear_is_refused_and_says_so(ticket, data):
    done = ticket("auth", "set", "api", "--stdin", stdin=TOKEN + "\n")
    assert done.returncode == 6, done.stderr
    err = done.stderr.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert f"The keyring backend {PLAINTEXT} stores secrets in clear text" in err
    assert "TICKETCLI_API_TOKEN" in err and "Secret Service" in err
    assert "ticket auth set api --allow-insecure-keyring" in err
    assert "pip install keyrings.alt" not in err
    assert not stored(data) and TOKEN not in err
    # refused before the secret is asked for: with no terminal and no --stdin, this is what is said
    assert "stores secrets in clear text" in ticket("auth", "set", "smtp").stderr


def test_the_agreement_is_given_once_per_profile_and_remembered(ticket, data, ticket_home):
    done = ticket("auth", "set", "api", "--stdin", "--allow-insecure-keyring", stdin=TOKEN + "\n")
    assert done.returncode == 0, done.stderr
    assert stored(data)
    assert "Stored in clear text by" in done.stderr and "TICKETCLI_API_TOKEN" in done.stderr
    assert config.load().profiles["default"].get("allow_insecure_keyring") == "yes"
    # remembered: the next secret of the profile needs no flag, and reading it back works
    assert ticket("auth", "set", "smtp", "--stdin", stdin="pw-1234\n").returncode == 0
    status = json.loads(ticket("auth", "status", "--json").stdout)
    assert status["secrets"]["api"] == "keyring" and status["secrets"]["smtp"] == "keyring"
    # another profile has not agreed
    other = ticket("auth", "set", "api", "--profile", "work", "--stdin", stdin=TOKEN + "\n")
    assert other.returncode == 6 and "ticket auth set api --profile work --allow-insecure-keyring" in other.stderr
    assert json.loads(ticket("auth", "status", "--profile", "work", "--json").stdout)["secrets"]["api"] == "insecure-keyring"
    # the agreement is a setting like the others: it can be withdrawn
    assert ticket("config", "set", "allow_insecure_keyring", "no").returncode == 0
    assert ticket("auth", "set", "api", "--stdin", stdin=TOKEN + "\n").returncode == 6


def test_delivery_does_not_read_a_secret_kept_in_clear_without_the_agreement(ticket, data):
    from keyrings.alt.file import PlaintextKeyring

    kr = PlaintextKeyring()
    kr.file_path = str(data / "python_keyring" / "keyring_pass.cfg")
    kr.set_password("ticketcli", "default:api", TOKEN)  # stored by an older version, say
    with ApiServer(token=TOKEN) as server:
        item = queue(configure(backend="api", api_url=server.url))
        refused = ticket("send", "--all")
        assert refused.returncode == 6 and "stores secrets in clear text" in refused.stderr
        assert not server.posts() and Outbox().find(item.uuid).state == "new"
        # the environment variable needs no keyring at all
        assert ticket("send", "--all", TICKETCLI_API_TOKEN=TOKEN).returncode == 0
        assert len(server.posts()) == 1


def test_a_secret_kept_in_clear_can_be_removed_without_agreeing(ticket, data):
    assert ticket("auth", "set", "api", "--stdin", "--allow-insecure-keyring", stdin=TOKEN + "\n").returncode == 0
    assert ticket("config", "set", "allow_insecure_keyring", "no").returncode == 0
    assert ticket("auth", "rm", "api").returncode == 0
    assert not stored(data)
