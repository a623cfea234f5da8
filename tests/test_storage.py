"""Drafts on disk: atomic, private, and safe against hostile ids."""

import json
import os
import stat

import pytest

from ticketcli.errors import NotFound, UsageError
from ticketcli.model import Ticket
from ticketcli.store import files as fsutil
from ticketcli.store.drafts import DraftStore


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o000])
def test_permissions_hold_whatever_the_umask(tmp_path, umask):
    old = os.umask(umask)
    try:
        store = DraftStore(tmp_path / "a" / "drafts")
        path = store.save(Ticket(type="other", description="x"))
    finally:
        os.umask(old)
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700


def test_crash_between_write_and_rename_keeps_previous_draft(tmp_path, monkeypatch):
    store = DraftStore(tmp_path)
    ticket = Ticket(type="other", description="first version")
    path = store.save(ticket)
    ticket.description = "second version"

    def crash(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(Exception, match="No space left"):
        store.save(ticket)
    monkeypatch.undo()
    assert json.loads(path.read_text())["description"] == "first version"
    assert store.load(ticket.uuid).description == "first version"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in (path.name, "home")]  # home: the tests' TICKETCLI_HOME
    assert all(name.startswith(".") for name in leftovers)


def test_draft_roundtrip_and_prefix_ids(tmp_path):
    store = DraftStore(tmp_path)
    ticket = Ticket(type="mail", contract="1-2", fields={"direction": "both"}, description="Привет 👋")
    store.save(ticket)
    loaded = store.load(ticket.uuid[:6])
    assert loaded == ticket
    with pytest.raises(NotFound):
        store.load("0000abcd")


@pytest.mark.parametrize("bad", ["../../etc/passwd", "/etc/passwd", "..", "a/b", "x" * 200, ""])
def test_ids_cannot_escape_the_folder(tmp_path, bad):
    store = DraftStore(tmp_path / "drafts")
    with pytest.raises(UsageError):
        store.load(bad)
    with pytest.raises(UsageError):
        store.remove(bad)


def test_damaged_draft_gives_a_way_out(tmp_path, run_cli, ticket_home):
    store = DraftStore()
    ticket = Ticket(type="other", description="x")
    path = store.save(ticket)
    path.write_text("{ half a draft")
    code, _, err = run_cli("drafts", "show", ticket.uuid[:8])
    assert code == 2 and "damaged" in err and f"ticket drafts rm {ticket.uuid[:8]}" in err
    code, out, _ = run_cli("drafts", "list", "--json")
    assert json.loads(out)[0]["damaged"] is True
    assert run_cli("drafts", "rm", ticket.uuid[:8])[0] == 0
    assert not path.exists()


def test_atomic_write_does_not_follow_a_planted_symlink(tmp_path):
    """A link planted where the temporary file used to be named (.NAME.<pid>.tmp) is not used:
    the temporary name is fresh and opened exclusively."""
    target = tmp_path / "victim"
    target.write_text("keep")
    path = tmp_path / "draft.json"
    os.symlink(target, tmp_path / f".draft.json.{os.getpid()}.tmp")
    fsutil.atomic_write(path, b"new")
    assert target.read_text() == "keep" and path.read_bytes() == b"new" and not path.is_symlink()
