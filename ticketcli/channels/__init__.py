"""Delivery channels behind one small interface (:mod:`ticketcli.channels.base`), as plugins.

Every finished ticket is first published into the local outbox. ``outbox`` (the default) is
the channel that stops there: the ticket waits as a folder with ``message.eml``, ready for any
mail client, with nothing to configure. Every other channel delivers from the outbox and is
found through the entry-point group ``ticketcli.channels``, the built-in ones (``api``,
``email``, the helpdesks) exactly as a third party's: a distribution that declares

    [project.entry-points."ticketcli.channels"]
    mydesk = "ticketcli_mydesk:MyDeskChannel"

adds ``ticket config set backend mydesk`` without editing this package. The class subclasses
:class:`ticketcli.channels.base.Backend` and its ``name`` is the entry point's name (receipts
record it, and ``ticket status`` / ``ticket reply`` find the channel again by it).

Entry points are looked up only here, by the commands that need a channel or its name
(delivery, ``status``, ``reply``, ``config set backend``); nothing else pays for scanning the
installed distributions.
"""

from __future__ import annotations

from ..i18n import register, t

TYPE_CHECKING = False  # typing is for type checkers: importing it slows every command
if TYPE_CHECKING:
    from .base import Backend

GROUP = "ticketcli.channels"
#: The built-in channel that delivers nothing further: the ticket stays in the outbox.
DEFAULT = "outbox"

register(
    {
        "channel_unknown": (
            "No delivery channel is named '{name}' (installed: {names}). Choose one with 'ticket config set backend NAME'.",
            "Канала доставки «{name}» нет (установлены: {names}). Выберите канал: «ticket config set backend ИМЯ».",
        ),
        "channel_broken": (
            "The delivery channel '{name}' ({target}) cannot be loaded: {reason}",
            "Канал доставки «{name}» ({target}) не загружается: {reason}",
        ),
    }
)


def _entry_points() -> dict:
    from importlib.metadata import entry_points

    found = {}
    for ep in entry_points(group=GROUP):
        found.setdefault(ep.name, ep)  # the first distribution on sys.path wins, as for imports
    return found


def names() -> list[str]:
    """Every channel a profile can name: ``outbox``, then the registered ones."""
    return [DEFAULT, *sorted(n for n in _entry_points() if n != DEFAULT)]


def channel_class(name: str) -> "type[Backend] | None":
    """The class registered under ``name`` (None for ``outbox``); ConfigError when there is no
    such channel or it cannot be loaded."""
    from ..errors import ConfigError

    if name == DEFAULT:
        return None
    points = _entry_points()
    ep = points.get(name)
    if ep is None:
        raise ConfigError(t("channel_unknown", name=name, names=", ".join([DEFAULT, *sorted(points)])))
    try:
        cls = ep.load()
    except Exception as exc:  # noqa: BLE001 - a third party's import error: one line, not a traceback
        raise ConfigError(t("channel_broken", name=name, target=ep.value, reason=f"{type(exc).__name__}: {exc}")) from None
    from .base import Backend

    if not (isinstance(cls, type) and issubclass(cls, Backend)) or cls.name != name:
        reason = f"not a ticketcli.channels.base.Backend subclass whose name is '{name}'"
        raise ConfigError(t("channel_broken", name=name, target=ep.value, reason=reason))
    return cls


def load(profile, channel: str | None = None):
    """An instance of the profile's channel (or of ``channel``, e.g. the one a sent ticket went
    through) with its secret resolved, or None for ``outbox``.

    Raises ConfigError when the channel is unknown, or needs a secret that is not set (naming
    the command that sets it).
    """
    from ..store import secrets

    cls = channel_class(profile.get("backend", DEFAULT) if channel is None else channel)
    if cls is None:
        return None
    secret = None
    if cls.secret_kind and cls.needs_secret(profile):
        secret = secrets.get_secret(cls.secret_kind, profile.name)
    return cls(profile, secret)
