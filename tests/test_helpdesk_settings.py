"""Helpdesk channels through the CLI: settings, the 'helpdesk' secret in a real keyring backend,
the shared plumbing (rate-limit reset, HTML escaping, plain-http refusal)."""

from __future__ import annotations

import time

import keyring
import pytest
from servers.helpers import agree_to_clear_text, all_bytes, plaintext_keyring

from ticketcli import channels
from ticketcli.channels.base import PermanentError
from ticketcli.channels.helpdesk.common import parse_rate_reset, render_html
from ticketcli.model import Ticket
from ticketcli.store import config

TOKEN = "hd-kr-token-5e1b"


@pytest.fixture
def kr(tmp_path, monkeypatch):
    monkeypatch.delenv("TICKETCLI_HELPDESK_TOKEN", raising=False)
    previous = keyring.get_keyring()
    backend = plaintext_keyring(tmp_path)
    keyring.set_keyring(backend)
    agree_to_clear_text("default")  # it stores in clear text (test_hostile_keyring.py)
    yield backend
    keyring.set_keyring(previous)


@pytest.mark.parametrize("name", ["rt", "zendesk", "freshdesk", "zammad", "osticket", "jira", "github", "gitlab"])
def test_each_backend_is_registered_and_settable(name, run_cli):
    code, _, err = run_cli("config", "set", "backend", name)
    assert code == 0, err
    assert channels.channel_class(name).name == name


def test_settings_and_secret_through_the_cli(kr, run_cli, ticket_home):
    for key, value in [
        ("backend", "zendesk"),
        ("helpdesk_url", "https://example.zendesk.com"),
        ("helpdesk_user", "agent@example.ru"),
        ("helpdesk_labels", "support, hosting ,support"),
    ]:
        code, _, err = run_cli("config", "set", key, value)
        assert code == 0, err
    code, out, err = run_cli("auth", "set", "helpdesk", "--stdin", stdin=TOKEN + "\n")
    assert code == 0, err
    assert kr.get_password("ticketcli", "default:helpdesk") == TOKEN
    profile = config.load().profile()
    assert profile.get("helpdesk_labels") == "support,hosting"
    with channels.load(profile) as zd:
        assert zd.secret == TOKEN and zd.name == "zendesk"
    assert TOKEN.encode() not in all_bytes(ticket_home)


def test_missing_secret_names_the_command(kr, run_cli):
    profile = config.Profile("default", {"backend": "gitlab", "helpdesk_queue": "example/support"})
    from ticketcli.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        channels.load(profile)
    assert "ticket auth set helpdesk" in str(caught.value) and "TICKETCLI_HELPDESK_TOKEN" in str(caught.value)


def test_bad_labels_refused(run_cli):
    code, _, err = run_cli("config", "set", "helpdesk_labels", " , ")
    assert code != 0


def test_plain_http_only_for_loopback():
    from ticketcli.channels.helpdesk.zammad import ZammadBackend

    with pytest.raises(PermanentError) as caught:
        ZammadBackend(config.Profile("default", {"helpdesk_url": "http://zammad.example.ru"}), "x")
    assert caught.value.kind == "config" and "https://" in caught.value.message
    ZammadBackend(config.Profile("default", {"helpdesk_url": "http://127.0.0.1:8080"}), "x").close()


def test_rate_limit_reset_forms():
    now = 1_700_000_000.0
    assert parse_rate_reset(str(int(now) + 90), now) == 90
    assert parse_rate_reset("30", now) == 30
    assert parse_rate_reset("2023-11-14T22:15:20Z", now) == 120
    assert parse_rate_reset("garbage", now) is None and parse_rate_reset(None) is None
    assert parse_rate_reset(str(int(time.time()) - 10)) == 0


def test_html_rendering_escapes_user_text():
    tk = Ticket(type="other", lang="en", contract="12-345", description='<img src=x onerror="alert(1)"> & "quotes"\nsecond line')
    out = render_html(tk)
    assert "<img" not in out and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; &quot;quotes&quot;" in out
    assert "<br>" in out and out.count("<p>") >= 2


@pytest.mark.parametrize("name, settings", [
    ("api", {"api_url": "https://desk.example.ru"}),
    ("zendesk", {"helpdesk_url": "https://example.zendesk.com", "helpdesk_user": "agent@example.ru"}),
])
def test_an_unreadable_ca_bundle_is_a_config_error_naming_it(tmp_path, name, settings):
    missing = tmp_path / "no-such-ca.pem"
    profile = config.Profile("default", {"backend": name, "ca_bundle": str(missing), **settings})
    with pytest.raises(PermanentError) as caught:
        channels.channel_class(name)(profile, "token")
    assert caught.value.kind == "config" and str(missing) in caught.value.message
