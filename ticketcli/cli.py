"""The ``ticket`` command: Typer commands only. Each one parses, calls the core, renders.

Heavy modules (questionary, httpx, keyring, the rule engine) are imported inside the commands
that use them, so ``ticket --help`` stays fast.
"""

from __future__ import annotations

import sys
from typing import List, Optional

import typer
from typer.core import TyperGroup

from . import __version__, commands
from .errors import ExitCode, TicketError
from .i18n import t

#: The order commands are listed in (help, completion). Registration order would depend on
#: which command module happens to be imported first; this does not.
COMMAND_ORDER: dict[str, tuple[str, ...]] = {
    "ticket": ("new", "resume", "check", "send", "list", "show", "status", "reply", "drafts", "outbox",
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
    """A command group that lists its commands in :data:`COMMAND_ORDER` (others: by name)."""

    def list_commands(self, ctx) -> list[str]:
        order = COMMAND_ORDER.get(self.name or "", ())
        rank = {name: i for i, name in enumerate(order)}
        return sorted(self.commands, key=lambda name: (rank.get(name, len(order)), name))


def group(**kwargs) -> typer.Typer:
    """A Typer app for a command group, listed in the canonical order."""
    return typer.Typer(cls=OrderedGroup, **kwargs)


app = typer.Typer(
    cls=OrderedGroup,
    name="ticket",
    help="Compose support tickets that follow the desk's rules, interactively or from scripts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
drafts_app = group(help="Saved drafts: list, show, edit, remove.", no_args_is_help=True)
outbox_app = group(help="Finished tickets waiting in the local outbox.", no_args_is_help=True)
types_app = group(help="Problem types and their questions.", invoke_without_command=True)
config_app = group(help="Profiles: contract, domain, contact e-mail, desk language.", no_args_is_help=True)
app.add_typer(drafts_app, name="drafts")
app.add_typer(outbox_app, name="outbox")
app.add_typer(types_app, name="types")
app.add_typer(config_app, name="config")

def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ticket {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    lang: Optional[str] = typer.Option(None, "--lang", help="Interface language: ru or en (default: from LANG)."),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="Profile to use (default: the configured default)."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for internal errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    commands.root(lang=lang, profile=profile, debug=debug)


# ---- new / resume ------------------------------------------------------------------------
@app.command()
def new(
    type: Optional[str] = typer.Option(None, "--type", "-t", help="Problem type (see 'ticket types')."),
    contract: Optional[str] = typer.Option(None, "--contract", help="Contract number."),
    domain: Optional[str] = typer.Option(None, "--domain", help="The site's domain name."),
    field: List[str] = typer.Option([], "--field", "-f", help="An answer as KEY=VALUE; repeatable."),
    description: Optional[str] = typer.Option(None, "--description", "-d", help="The description, in your words."),
    subject: Optional[str] = typer.Option(None, "--subject", "-s", help="The subject (default: proposed from the answers)."),
    attach: List[str] = typer.Option([], "--attach", "-a", help="A file to attach; repeatable."),
    from_file: Optional[str] = typer.Option(None, "--from-file", help="Read the ticket from a JSON file ('-' for stdin); see 'ticket schema'."),
    ticket_lang: Optional[str] = typer.Option(None, "--ticket-lang", help="Language the ticket is written in: ru or en (default: the profile's)."),
    no_input: bool = typer.Option(False, "--no-input", help="Never ask; fail naming what is missing."),
    force: bool = typer.Option(False, "--force", help="Send even when rule errors remain (recorded in the ticket); never for insults."),
    json_output: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Compose a new ticket: asks what the desk would ask, then puts it in the outbox."""
    commands.new(
        type=type, contract=contract, domain=domain, field=field, description=description, subject=subject,
        attach=attach, from_file=from_file, ticket_lang=ticket_lang, no_input=no_input, force=force,
        json_output=json_output,
    )


@app.command()
def resume(draft_id: str = typer.Argument(..., help="The draft's id (a unique prefix is enough).")) -> None:
    """Continue a saved draft in the wizard."""
    from .store import DraftStore

    ticket = DraftStore().load(draft_id)
    profile = commands.active_profile(ticket.profile)
    if not sys.stdin.isatty():
        raise TicketError(t("no_tty"), exit_code=ExitCode.MISSING_INPUT)
    commands.finish(ticket, profile, interactive=True, json_output=False)


# ---- drafts -------------------------------------------------------------------------------
@drafts_app.command("list")
def drafts_list(json_output: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List saved drafts, newest first."""
    from . import render
    from .store import DraftStore

    items = DraftStore().list()
    if json_output:
        render.json_out([{"id": u, "type": tk.type if tk else None, "subject": tk.subject if tk else None, "updated": tk.updated if tk else None, "damaged": tk is None} for u, tk in items])
        return
    if not items:
        render.info_line(t("no_drafts"))
        return
    render.table(
        [t("col_id"), t("col_type"), t("col_subject"), t("col_updated")],
        [(u[:8], tk.type if tk else "?", (tk.subject or "") if tk else "(damaged)", tk.updated if tk else "") for u, tk in items],
    )


@drafts_app.command("show")
def drafts_show(draft_id: str, json_output: bool = typer.Option(False, "--json", help="Print the draft's JSON.")) -> None:
    """Show a draft as the desk would read it."""
    from . import render
    from .compose import propose_subject, render_text
    from .store import DraftStore

    ticket = DraftStore().load(draft_id)
    if json_output:
        render.json_out(ticket.to_dict())
        return
    render.ticket_preview(ticket.subject or propose_subject(ticket), render_text(ticket), f"{t('preview_title')} · {ticket.short_id}")


@drafts_app.command("edit")
def drafts_edit(draft_id: str) -> None:
    """Open a draft in the wizard to change answers (same as 'ticket resume')."""
    resume(draft_id)


@drafts_app.command("rm")
def drafts_rm(draft_ids: List[str] = typer.Argument(..., help="Draft ids to remove.")) -> None:
    """Remove drafts."""
    from . import render
    from .store import DraftStore

    store = DraftStore()
    for draft_id in draft_ids:
        removed = store.remove(draft_id)
        render.ok_line(t("removed", id=removed[:8]))


# ---- outbox -------------------------------------------------------------------------------
@outbox_app.command("list")
def outbox_list(json_output: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List tickets in the outbox with their state."""
    from . import render
    from .outbox import Outbox

    rows = []
    for item in Outbox().items():
        try:
            tk = item.ticket()
            rows.append((item, tk.subject or "", tk.updated, tk.type))
        except TicketError:
            rows.append((item, "(damaged)", "", "?"))
    rows.sort(key=lambda r: r[2], reverse=True)
    if json_output:
        render.json_out([{"id": i.uuid, "state": i.state, "type": ty, "subject": s, "updated": u, "path": str(i.path)} for i, s, u, ty in rows])
        return
    if not rows:
        render.info_line(t("no_outbox"))
        return
    render.table(
        [t("col_id"), t("col_state"), t("col_type"), t("col_subject"), t("col_updated")],
        [(i.short_id, i.state, ty, s, u) for i, s, u, ty in rows],
    )


# ---- types --------------------------------------------------------------------------------
@types_app.callback()
def types_list(ctx: typer.Context, json_output: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List problem types."""
    if ctx.invoked_subcommand is not None:
        return
    from . import render
    from .i18n import pick
    from .problems import TYPES

    if json_output:
        render.json_out([{"name": p.name, "title": dict(p.title), "fields": p.field_keys()} for p in TYPES.values()])
        return
    render.table([t("col_name"), t("col_title"), t("col_key")], [(p.name, pick(p.title), ", ".join(p.field_keys()) or "—") for p in TYPES.values()])


@types_app.command("show")
def types_show(type_name: str = typer.Argument(..., metavar="TYPE"), json_output: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Show the questions a problem type asks, with their field keys for --field."""
    from . import render
    from .i18n import pick
    from .problems import get_type

    ptype = get_type(type_name)
    if json_output:
        render.json_out(
            {
                "name": ptype.name,
                "title": dict(ptype.title),
                "rules": list(ptype.rules),
                "confidential": ptype.confidential,
                "questions": [
                    {
                        "key": q.key,
                        "prompt": dict(q.prompt),
                        "kind": q.kind,
                        "required": q.required,
                        "choices": [c.value for c in q.choices],
                        "other_allowed": q.allow_other,
                        "when": {"field": q.when[0], "values": list(q.when[1])} if q.when else None,
                    }
                    for q in ptype.questions
                ],
            }
        )
        return
    rows = []
    for q in ptype.questions:
        kind = q.kind
        if q.choices:
            kind = " | ".join(c.value for c in q.choices) + (" | …" if q.allow_other else "")
        rows.append((q.key, pick(q.prompt), kind, t("required_mark") if q.required else t("optional")))
    render.table([t("col_key"), t("col_question"), t("col_kind"), ""], rows, title=f"{ptype.name}: {pick(ptype.title)}")


# ---- schema -------------------------------------------------------------------------------
@app.command()
def schema() -> None:
    """Print the JSON Schema of ticket documents (for --from-file)."""
    from . import render
    from .model import ticket_schema

    render.json_out(ticket_schema())


# ---- config -------------------------------------------------------------------------------
@config_app.command("show")
def config_show(json_output: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Show the profiles and which one is the default."""
    from . import config, render

    cfg = config.load()
    if json_output:
        render.json_out({"path": str(cfg.path), **cfg.to_toml()})
        return
    render.plain(f"# {cfg.path}")
    rows = [(name, key, value) for name, prof in cfg.profiles.items() for key, value in sorted(prof.values.items())]
    render.table(["profile (* default)", "key", "value"], [((n + " *" if n == cfg.default else n), k, v) for n, k, v in rows])


@config_app.command("set")
def config_set(key: str, value: str, profile: Optional[str] = typer.Option(None, "--profile", "-p", help="Profile to change.")) -> None:
    """Set one setting of a profile (creates the profile if needed)."""
    from . import config, render

    cfg = config.load()
    name = profile or commands.state["profile"] or cfg.default
    clean = cfg.set(name, key, value)
    config.save(cfg)
    render.ok_line(t("config_set", key=key, value=clean, name=name))


@config_app.command("use")
def config_use(profile: str) -> None:
    """Make a profile the default."""
    from . import config, render

    cfg = config.load()
    cfg.profile(profile)
    cfg.default = profile
    config.save(cfg)
    render.ok_line(t("config_set", key="default_profile", value=profile, name=profile))


@config_app.command("init")
def config_init(profile: Optional[str] = typer.Option(None, "--profile", "-p", help="Profile to create or update.")) -> None:
    """Create or update a profile by answering a few questions."""
    from . import config, render
    from .wizard import Wizard, prompt

    if not sys.stdin.isatty():
        raise TicketError(t("no_tty"), exit_code=ExitCode.MISSING_INPUT)
    cfg = config.load()
    name = profile or commands.state["profile"] or cfg.default
    current = cfg.profiles.get(name, config.Profile(name))
    try:
        for key, label in (
            ("contract", "ask_profile_contract"),
            ("domain", "ask_profile_domain"),
            ("contact_email", "ask_profile_contact"),
            ("desk_email", "ask_profile_desk"),
        ):
            check = config.SETTINGS[key]
            value = prompt("text", f"{t(label)} {t('optional')}", default=current.get(key), validate=Wizard._validator(lambda v, c=check, k=key: c(v, k), False))
            cfg.set(name, key, value)
        lang = prompt("select", t("ask_profile_lang"), choices=[("ru", "Русский"), ("en", "English")], default=current.lang)
        cfg.set(name, "lang", lang)
    except (KeyboardInterrupt, EOFError):
        raise TicketError(t("stopped"), exit_code=ExitCode.INTERRUPTED) from None
    if not cfg.profiles or name not in cfg.profiles:
        cfg.profiles[name] = config.Profile(name)
    path = config.save(cfg)
    render.ok_line(t("config_saved", name=name, path=path))


# Commands defined in their own modules register themselves on ``app`` when imported; the
# modules import only typer at the top, so this costs nothing at start-up.
from . import cli_more  # noqa: E402,F401

def main(argv: Optional[List[str]] = None) -> int:
    """Entry point: runs the app, turns the project's errors into one line and an exit code.

    Usage errors (unknown option, missing argument) are reported by Typer itself with exit
    status 2; everything else a user can cause is a TicketError (see :func:`commands.guarded`).
    """
    args = sys.argv[1:] if argv is None else argv
    return commands.guarded(lambda: app(args=args, prog_name="ticket", standalone_mode=True), "--debug" in args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
