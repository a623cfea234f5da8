"""Channels are plugins (entry-point group ``ticketcli.channels``): the built-in ones are found
that way, and a third party's distribution adds a desk without editing the package. The third
party here is real: a package and its ``.dist-info`` (METADATA, entry_points.txt) written into
a folder put on ``sys.path``, found by importlib.metadata as an installed distribution is."""

from __future__ import annotations

import json
import textwrap

import pytest
from servers.helpers import configure, queue

from ticketcli import channels
from ticketcli.store.history import History
from ticketcli.store.outbox import Outbox

BUILT_IN = ["api", "email", "freshdesk", "github", "gitlab", "jira", "osticket", "rt", "zammad", "zendesk"]

PLUGIN = '''
import json
import os
from pathlib import Path

from ticketcli.channels.base import Backend, Receipt


class PigeonChannel(Backend):
    """Delivers a ticket by writing it into $PIGEON_LOFT (one file per ticket)."""

    name = "pigeon"
    secret_kind = None

    def submit(self, out):
        loft = Path(os.environ["PIGEON_LOFT"])
        path = loft / f"{out.idempotency_key}.json"
        path.write_text(json.dumps({"subject": out.ticket.subject, "attachments": [a.name for a in out.attachments]}))
        return Receipt(channel=self.name, id=out.idempotency_key, number=str(len(list(loft.iterdir()))), status="landed")

    def status(self, receipt):
        return "read by the desk"
'''


def install(folder, name: str, entry_points: str, module: str | None = None, code: str = "") -> None:
    """A distribution ``name`` in ``folder``: its module and its dist-info, as pip leaves them."""
    if module:
        (folder / f"{module}.py").write_text(textwrap.dedent(code), encoding="utf-8")
    info = folder / f"{name}-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {name}\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text(textwrap.dedent(entry_points), encoding="utf-8")


@pytest.fixture
def plugin_dir(tmp_path, monkeypatch):
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.syspath_prepend(str(folder))
    return folder


def test_the_built_in_channels_register_through_the_entry_point_group():
    from importlib.metadata import entry_points

    registered = {ep.name: ep.value for ep in entry_points(group=channels.GROUP)}
    assert sorted(registered) == BUILT_IN
    assert all(value.startswith("ticketcli.channels.") for value in registered.values())
    assert channels.names() == ["outbox", *BUILT_IN]
    assert channels.channel_class("outbox") is None


def test_a_third_party_channel_is_registered_chosen_and_delivers(plugin_dir, tmp_path, monkeypatch, run_cli, sleeps):
    loft = tmp_path / "loft"
    loft.mkdir()
    monkeypatch.setenv("PIGEON_LOFT", str(loft))
    code, _, err = run_cli("config", "set", "backend", "pigeon")
    assert code != 0 and "pigeon" not in channels.names() and "use one of" in err

    install(plugin_dir, "ticketcli_pigeon", """
        [ticketcli.channels]
        pigeon = ticketcli_pigeon:PigeonChannel
    """, module="ticketcli_pigeon", code=PLUGIN)
    assert "pigeon" in channels.names()
    code, _, err = run_cli("config", "set", "backend", "pigeon")
    assert code == 0, err

    item = queue(configure(backend="pigeon"))
    code, out, err = run_cli("send", "--all")
    assert code == 0, err
    assert "delivered via pigeon" in out
    assert json.loads((loft / f"{item.uuid}.json").read_text())["subject"]
    assert {i.uuid: i.state for i in Outbox().items()} == {item.uuid: "sent"}
    receipt = History().load_uuid(item.uuid)["receipt"]
    assert receipt["channel"] == "pigeon" and receipt["status"] == "landed"
    code, out, err = run_cli("status", item.short_id)  # found again by the receipt's channel name
    assert code == 0 and "read by the desk" in out, err


def test_a_broken_plugin_is_one_clear_line(plugin_dir, run_cli, sleeps):
    install(plugin_dir, "ticketcli_broken", """
        [ticketcli.channels]
        broken = ticketcli_no_such_module:Channel
    """)
    queue(configure(backend="broken"))
    code, out, err = run_cli("send", "--all")
    assert code != 0 and "Traceback" not in err
    assert "'broken'" in err and "ticketcli_no_such_module" in err and len(err.strip().splitlines()) == 1
    assert [i.state for i in Outbox().items()] == ["new"]


def test_an_entry_point_that_is_not_a_channel_is_refused(plugin_dir):
    install(plugin_dir, "ticketcli_odd", """
        [ticketcli.channels]
        odd = json:dumps
    """)
    from ticketcli.errors import ConfigError

    with pytest.raises(ConfigError, match="not a ticketcli.channels.base.Backend subclass"):
        channels.channel_class("odd")


def test_a_channel_removed_later_leaves_the_config_readable_and_says_what_is_missing(plugin_dir, tmp_path, monkeypatch, run_cli, sleeps):
    """Reading the configuration does not look the channels up (only choosing or using one
    does): after the plugin is uninstalled, other commands still work, and delivery says which
    channel is missing in one line."""
    import shutil

    monkeypatch.setenv("PIGEON_LOFT", str(tmp_path))
    install(plugin_dir, "ticketcli_pigeon", """
        [ticketcli.channels]
        pigeon = ticketcli_pigeon:PigeonChannel
    """, module="ticketcli_pigeon", code=PLUGIN)
    item = queue(configure(backend="pigeon"))
    shutil.rmtree(plugin_dir / "ticketcli_pigeon-1.0.dist-info")
    code, out, err = run_cli("outbox", "list")
    assert code == 0 and item.short_id in out, err
    code, _, err = run_cli("send", "--all")
    assert code != 0 and "No delivery channel is named 'pigeon'" in err and len(err.strip().splitlines()) == 1
    assert [i.state for i in Outbox().items()] == ["new"]
