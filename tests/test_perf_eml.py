"""message.eml is written by streaming: byte for byte what build_email makes, without holding
an attachment in memory."""

from __future__ import annotations

import io
import os
import tracemalloc
from email import policy
from email.parser import BytesParser

import pytest
from servers.helpers import configure, queue

from ticketcli import service
from ticketcli.message import build_email, write_email
from ticketcli.store.outbox import Outbox


def make_ticket(profile):
    ticket = service.new_ticket("other", profile)
    ticket.description = "Please restore the site from yesterday's backup."
    service.finalize_subject(ticket)
    return ticket


FILES = {
    "empty.bin": b"",
    "one.bin": b"\x00",
    "line.bin": bytes(range(256)) * 2 + b"x" * 57,  # around the 57-byte base64 line
    "notes.txt": "Журнал: ошибка 500\nsecond line\n".encode("utf-8"),
    "latin1.txt": "caf\xe9 cr\xe8me".encode("latin-1"),  # text by name, not UTF-8: sent as binary
    "page.html": b"<html><body>ok</body></html>",
    "shot.png": b"\x89PNG\r\n\x1a\n" + os.urandom(3000),
}


@pytest.fixture
def files(tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    out = []
    for name, data in FILES.items():
        (folder / name).write_bytes(data)
        out.append((name, folder / name))
    return out


@pytest.mark.parametrize("count", [0, 1, 3, len(FILES)])
def test_streamed_message_is_byte_identical_to_build_email(files, count):
    profile = configure(desk_email="desk@example.net")
    ticket = make_ticket(profile)
    chosen = files[:count]
    whole = build_email(ticket, sender="owner@example.ru", recipient="desk@example.net", attachments=chosen)
    expected = bytes(whole)
    out = io.BytesIO()
    write_email(out, ticket, sender="owner@example.ru", recipient="desk@example.net", attachments=chosen, boundary=whole.get_boundary())
    assert out.getvalue() == expected


def test_chunk_boundaries_do_not_change_the_encoding(files, monkeypatch):
    """Chunks of one base64 line each: the same bytes as one big chunk."""
    from ticketcli import message as compose

    profile = configure()
    ticket = make_ticket(profile)
    whole = build_email(ticket, attachments=files)
    expected = bytes(whole)
    monkeypatch.setattr(compose, "_CHUNK_LINES", 1)
    out = io.BytesIO()
    write_email(out, ticket, attachments=files, boundary=whole.get_boundary())
    assert out.getvalue() == expected


def test_outbox_message_parses_back_to_the_attached_files(files):
    profile = configure()
    item = queue(profile, attachments=[str(p) for _, p in files])
    raw = (item.path / "message.eml").read_bytes()
    assert (os.stat(item.path / "message.eml").st_mode & 0o777) == 0o600
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    got = {part.get_filename(): part.get_content() for part in msg.iter_attachments()}
    for name, data in FILES.items():
        content = got[name]
        assert (content.encode("utf-8") if isinstance(content, str) else content) == data
    assert msg["X-Ticket-UUID"] == item.uuid
    assert msg.get_body(("plain",)).get_content().startswith("Contract: 12-345")


def test_writing_a_20_mb_attachment_allocates_a_few_mb_at_most(tmp_path):
    profile = configure()
    ticket = make_ticket(profile)
    big = tmp_path / "big.bin"
    with open(big, "wb") as fh:
        for _ in range(20):
            fh.write(os.urandom(2**20))
    with open(tmp_path / "out.eml", "wb") as out:
        tracemalloc.start()
        try:
            write_email(out, ticket, attachments=[("big.bin", big)])
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MB"
    msg = BytesParser(policy=policy.default).parsebytes((tmp_path / "out.eml").read_bytes())
    (part,) = list(msg.iter_attachments())
    assert part.get_content() == big.read_bytes()


def test_outbox_put_streams_large_attachments(tmp_path):
    profile = configure()
    big = tmp_path / "big.bin"
    with open(big, "wb") as fh:
        for _ in range(12):
            fh.write(os.urandom(2**20))
    tracemalloc.start()
    try:
        item = queue(profile, attachments=[str(big)])
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2**20, f"peak {peak / 2**20:.1f} MB"
    assert (item.path / "attachments" / "big.bin").read_bytes() == big.read_bytes()
    assert Outbox().find(item.uuid).state == "new"
