"""What every command module shares: the canonical command order, the group class, and the
root options (``--lang``, ``--profile``, ``--debug``) as the commands read them.

Light on purpose (typer and the standard library only): every command module imports it at
the top, and ``ticket --help`` imports every command module.
"""

from __future__ import annotations

import sys

import typer
from typer.core import TyperGroup

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..store.config import Profile
    from .context import Root

#: The order commands are listed in (help, completion), per group; others come after, by name.
COMMAND_ORDER: dict[str, tuple[str, ...]] = {
    "ticket": ("new", "resume", "check", "send", "list", "show", "inbox", "status", "reply", "drafts", "outbox",
               "types", "schema", "diagnose", "config", "auth", "completion"),
    "drafts": ("list", "show", "edit", "rm"),
    "outbox": ("list", "show", "retry"),
    "types": ("show",),
    "config": ("init", "show", "set", "use"),
    "auth": ("set", "status", "rm"),
    "diagnose": ("site", "mail"),
    "completion": ("show", "install"),
}


class OrderedGroup(TyperGroup):
    """A command group that lists its commands in :data:`COMMAND_ORDER`."""

    def list_commands(self, ctx) -> list[str]:
        order = COMMAND_ORDER.get(self.name or "", ())
        rank = {name: i for i, name in enumerate(order)}
        return sorted(self.commands, key=lambda name: (rank.get(name, len(order)), name))


def group(**kwargs) -> typer.Typer:
    """A Typer app for a command group, listed in the canonical order."""
    return typer.Typer(cls=OrderedGroup, **kwargs)


def root(ctx: typer.Context) -> Root:
    """The root options of this command line (:class:`.context.Root`, in ``ctx.obj``)."""
    from .context import Root

    obj = ctx.find_root().obj
    return obj if isinstance(obj, Root) else Root()


def active_profile(ctx: typer.Context, name: str | None = None) -> Profile:
    """The profile a command works with: ``name``, else ``--profile``, else the default."""
    from ..service import load_profile

    return load_profile(name or root(ctx).profile)


def chosen_profile(ctx: typer.Context) -> Profile | None:
    """The profile ``--profile`` names, or None (each ticket then keeps its own)."""
    return active_profile(ctx) if root(ctx).profile else None


def check_lang(value: str, flag: str = "--lang") -> str:
    """``value`` when it is a language the tool speaks (ru, en); else a usage error naming ``flag``."""
    if value not in ("ru", "en"):
        from ..errors import UsageError

        raise UsageError(f"{flag} takes ru or en / {flag} принимает ru или en")
    return value


def interactive(no_input: bool = False) -> bool:
    """Whether the command may ask: not ``--no-input``, and stdin is a terminal."""
    return not no_input and sys.stdin.isatty()
