"""Every message of the delivery modules exists in English and Russian with the same placeholders."""

from __future__ import annotations

import string

import pytest

import ticketcli.channels.api  # noqa: F401 - registers its messages
import ticketcli.channels.smtp  # noqa: F401
import ticketcli.cli.auth  # noqa: F401
import ticketcli.cli.outbox  # noqa: F401
import ticketcli.cli.send  # noqa: F401
import ticketcli.delivery  # noqa: F401
import ticketcli.service  # noqa: F401
import ticketcli.store.history  # noqa: F401
import ticketcli.store.secrets  # noqa: F401
from ticketcli.i18n import MESSAGES

KEYS = [k for k in MESSAGES if k.split("_")[0] in {"api", "smtp", "sent", "send", "auth", "secret", "keyring", "no", "delivery", "reply", "status", "retry", "history", "stopped", "wait"}]


def fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", KEYS)
def test_both_languages_with_the_same_placeholders(key):
    en, ru = MESSAGES[key]
    assert en.strip() and ru.strip()
    assert fields(en) == fields(ru)


def test_keys_were_collected():
    assert {"no_channel", "sent_failed", "api_auth", "smtp_rule1", "no_keyring", "reply_new_problem"} <= set(KEYS)


def test_a_damaged_ticket_does_not_stop_the_run(run_cli, monkeypatch):
    from servers.api_server import TOKEN, ApiServer
    from servers.helpers import configure, queue

    from ticketcli.store.outbox import Outbox

    monkeypatch.setenv("TICKETCLI_API_TOKEN", TOKEN)
    with ApiServer() as server:
        profile = configure(backend="api", api_url=server.url)
        bad = queue(profile)
        good = queue(profile)
        (bad.path / "ticket.json").write_text("{not json")
        code, _, err = run_cli("send", "--all")
        assert code == 5 and "Cannot read" in err
        assert Outbox().find(good.uuid).state == "sent"
        assert Outbox().find(bad.uuid).state == "new"
