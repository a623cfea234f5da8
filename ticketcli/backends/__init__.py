"""Delivery channels behind one small interface (:mod:`ticketcli.backends.base`).

Every finished ticket is first published into the local outbox. ``outbox`` (the default) is
the channel that stops there: the ticket waits as a folder with ``message.eml``, ready for any
mail client, with nothing to configure. Other channels deliver from the outbox.
"""

from __future__ import annotations

#: backend name -> "module:attribute" of its class, imported only when that backend is used;
#: None for the built-in outbox, which delivers nothing further.
BACKENDS: dict[str, str | None] = {
    "outbox": None,
    "api": "ticketcli.backends.api:ApiBackend",
    "email": "ticketcli.backends.smtp:SmtpBackend",
    "rt": "ticketcli.backends.rt:RtBackend",
    "zendesk": "ticketcli.backends.zendesk:ZendeskBackend",
    "freshdesk": "ticketcli.backends.freshdesk:FreshdeskBackend",
    "zammad": "ticketcli.backends.zammad:ZammadBackend",
    "osticket": "ticketcli.backends.osticket:OsTicketBackend",
    "jira": "ticketcli.backends.jira:JiraBackend",
    "github": "ticketcli.backends.github:GitHubBackend",
    "gitlab": "ticketcli.backends.gitlab:GitLabBackend",
}


def backend_class(name: str):
    """The class registered under ``name`` (None for ``outbox``)."""
    import importlib

    target = BACKENDS.get(name)
    if target is None:
        return None
    module, _, attr = target.partition(":")
    return getattr(importlib.import_module(module), attr)


def load(profile, channel: str | None = None):
    """An instance of the profile's channel (or of ``channel``, e.g. the one a sent ticket went
    through) with its secret resolved, or None for ``outbox``.

    Raises ConfigError when the channel needs a secret that is not set (naming the command
    that sets it).
    """
    from .. import secrets

    cls = backend_class(profile.get("backend", "outbox") if channel is None else channel)
    if cls is None:
        return None
    secret = None
    if cls.secret_kind and cls.needs_secret(profile):
        secret = secrets.get_secret(cls.secret_kind, profile.name)
    return cls(profile, secret)
