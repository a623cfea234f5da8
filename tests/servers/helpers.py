"""Shared helpers for the delivery tests: a profile pointed at a local server, tickets, a keyring."""

from __future__ import annotations

from pathlib import Path

from ticketcli import service
from ticketcli.store import config
from ticketcli.store.outbox import Outbox


def configure(profile: str = "default", **values: str) -> config.Profile:
    cfg = config.load()
    base = {"contract": "12-345", "domain": "example.ru", "contact_email": "owner@example.ru",
            "desk_email": "support@example-hosting.ru", "lang": "en"}
    base.update(values)
    for key, value in base.items():
        cfg.set(profile, key, value)
    config.save(cfg)
    return config.load().profile(profile)


def queue(profile: config.Profile, *, type_name: str = "other", description: str = "Please restore the site from yesterday's backup.", attachments: list[str] = (), fields: dict[str, str] | None = None, deliver: bool = False):
    """Put a ticket in the outbox without delivering it (the profile's channel is not called)."""
    ticket = service.new_ticket(type_name, profile)
    ticket.description = description
    ticket.fields.update(fields or {})
    ticket.attachments = [str(a) for a in attachments]
    if type_name == "account-change":
        ticket.fields["change"] = "contact"
    service.require_complete(ticket)
    service.finalize_subject(ticket)
    if deliver:
        return service.submit(ticket, profile).item
    return Outbox().put(ticket, profile)


def plaintext_keyring(folder: Path):
    """A real keyring backend (keyrings.alt's plaintext file) kept in ``folder``. It stores in
    clear text: ticketcli uses it only for profiles that agreed (:func:`agree_to_clear_text`)."""
    from keyrings.alt.file import PlaintextKeyring

    kr = PlaintextKeyring()
    kr.file_path = str(folder / "keyring_pass.cfg")
    return kr


def agree_to_clear_text(*profiles: str) -> None:
    """What ``ticket auth set KIND --allow-insecure-keyring`` remembers: these profiles agreed to
    a keyring that stores in clear text (the tests' plaintext one)."""
    cfg = config.load()
    for name in profiles:
        cfg.set(name, "allow_insecure_keyring", "yes")
    config.save(cfg)


def all_bytes(root: Path) -> bytes:
    """Every file's content under ``root`` (to look for leaked secrets)."""
    out = b""
    for path in root.rglob("*"):
        if path.is_file():
            out += path.read_bytes() + path.name.encode() + b"\n"
    return out
