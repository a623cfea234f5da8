"""What every command module shares: the canonical command order, the group class, and the
root options (``--lang``, ``--profile``, ``--debug``) as the commands read them.

Light on purpose (typer and the standard library only): every command module imports it at
the top, and ``ticket --help`` imports every command module.
"""

from __future__ import annotations

import sys

import typer
from typer.core import TyperCommand, TyperGroup, TyperOption

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


#: Metavars of options and arguments, by option or argument name (others: the name in capitals).
METAVARS = {
    "--type": "TYPE", "--field": "KEY=VALUE", "--attach": "FILE", "--from-file": "FILE", "--lang": "ru|en",
    "--ticket-lang": "ru|en", "--profile": "NAME", "--format": "text|json", "--description": "TEXT",
    "--subject": "TEXT", "--contract": "NUMBER", "--domain": "DOMAIN", "--message": "TEXT",
    "--save-attachments": "DIR", "--timeout": "SECONDS", "--ca-bundle": "FILE", "--dns-server": "IP[:PORT]",
    "--address": "ADDRESS", "--server": "HOST", "--service": "SERVICE", "--port": "SERVICE=PORT",
    "draft_id": "ID", "draft_ids": "ID...", "item_id": "ID", "item_ids": "ID...", "ticket_id": "ID",
    "inputs": "[INPUT]...", "kind": "KIND", "type_name": "TYPE", "shell": "SHELL", "key": "KEY", "value": "VALUE",
    "profile": "PROFILE", "url": "URL",
}

LANG_HELP = "Interface language: ru or en (default: from LANG); also after the command."


def _set_lang(ctx, param, value):
    """``--lang`` wherever it stands: applied as soon as it is read (before ``--help``)."""
    if value is not None:
        from ..i18n import set_lang

        set_lang(check_lang(value), explicit=True)
    return value


def tidy_params(cmd) -> None:
    """Give every option and argument a metavar that says what it takes (``TYPE``, ``ID``,
    ``KEY=VALUE``), never Typer's ``<str>`` or ``{draft_id}``."""
    for param in cmd.params:
        if param.metavar is not None:
            continue
        if param.param_type_name == "option" and not getattr(param, "is_flag", False):
            name = param.opts[0]
            param.metavar = METAVARS.get(name, name.lstrip("-").upper().replace("-", "_"))
        elif param.param_type_name == "argument":
            param.metavar = METAVARS.get(param.name or "", (param.name or "").upper())


def _add_lang(cmd) -> None:
    if not any(p.name == "lang" for p in cmd.params):
        cmd.params.append(TyperOption(param_decls=["--lang"], default=None, expose_value=False, is_eager=True,
                                      callback=_set_lang, help=LANG_HELP))


class _Localised:
    """Help in the interface language: the texts from :mod:`.help_ru` and click's headings."""

    def _swap(self, ctx):
        from ..i18n import get_lang

        if get_lang() != "ru":
            return []
        from .help_ru import HELP_RU

        saved = []
        for obj in (self, *self.get_params(ctx)):
            text = getattr(obj, "help", None)
            if text and text in HELP_RU:
                saved.append((obj, text))
                obj.help = HELP_RU[text]
        return saved

    def format_help(self, ctx, formatter) -> None:
        saved = self._swap(ctx)
        try:
            super().format_help(ctx, formatter)
        finally:
            for obj, text in saved:
                obj.help = text

    def get_short_help_str(self, limit: int = 45) -> str:
        from ..i18n import get_lang

        if get_lang() == "ru" and self.help:
            from .help_ru import HELP_RU

            text = HELP_RU.get(self.help, self.help).split("\n\n")[0].replace("\n", " ")
            first = text.split(". ")[0].rstrip(".")
            from ..validate import shorten

            return shorten(first, limit)
        return super().get_short_help_str(limit)

    @staticmethod
    def _heading(text: str) -> str:
        from ..i18n import get_lang

        if get_lang() != "ru":
            return text
        from .help_ru import HEADINGS_RU

        return HEADINGS_RU.get(text, text)

    def collect_usage_pieces(self, ctx) -> list[str]:
        # Typer writes a required argument as {NAME}: the usage line says ID, as man pages do
        import re

        return [re.sub(r"\{([^{}]+)\}", r"\1", piece) for piece in super().collect_usage_pieces(ctx)]

    def format_usage(self, ctx, formatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=self._heading("Usage: "))

    def format_options(self, ctx, formatter) -> None:
        from ..i18n import get_lang

        args, opts = [], []
        for param in self.get_params(ctx):
            rv = param.get_help_record(ctx)
            if rv is None:
                continue
            name, text = rv
            if get_lang() == "ru":
                text = text.replace("[required]", "[обязательно]").replace("[default: ", "[по умолчанию: ")
            (args if param.param_type_name == "argument" else opts).append((name, text))
        if args:
            with formatter.section(self._heading("Arguments")):
                formatter.write_dl(args)
        if opts:
            with formatter.section(self._heading("Options")):
                formatter.write_dl(opts)
        if hasattr(self, "commands"):
            self.format_commands(ctx, formatter)

    def format_commands(self, ctx, formatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            cmd = self.get_command(ctx, name)
            if cmd is None or cmd.hidden:
                continue
            rows.append((name, cmd))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _ in rows)
            with formatter.section(self._heading("Commands")):
                formatter.write_dl([(name, cmd.get_short_help_str(limit)) for name, cmd in rows])


class Command(_Localised, TyperCommand):
    """Every ``ticket`` command: takes ``--lang`` after its name too (``ticket new --lang ru``),
    says what its options take, and speaks the interface language in its help."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _add_lang(self)
        tidy_params(self)


class OrderedGroup(_Localised, TyperGroup):
    """A command group that lists its commands in :data:`COMMAND_ORDER`."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _add_lang(self)
        tidy_params(self)

    def list_commands(self, ctx) -> list[str]:
        order = COMMAND_ORDER.get(self.name or "", ())
        rank = {name: i for i, name in enumerate(order)}
        return sorted(self.commands, key=lambda name: (rank.get(name, len(order)), name))


class App(typer.Typer):
    """A Typer app whose commands are :class:`Command` (``--lang`` after the command, metavars,
    help in the interface language)."""

    def command(self, *args, cls=None, **kwargs):
        return super().command(*args, cls=cls or Command, **kwargs)


def group(**kwargs) -> typer.Typer:
    """A Typer app for a command group, listed in the canonical order."""
    return App(cls=OrderedGroup, **kwargs)


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
