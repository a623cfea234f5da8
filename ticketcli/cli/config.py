"""``ticket config``: profiles (contract, domain, contact e-mail, desk language, channel)."""

import typer

from .base import group, root

app = group(help="Profiles: contract, domain, contact e-mail, desk language.", no_args_is_help=True)


@app.command("show")
def show(json_output: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Show the profiles and which one is the default."""
    from ..store import config
    from . import output

    cfg = config.load()
    if json_output:
        output.json_out({"path": str(cfg.path), **cfg.to_toml()})
        return
    output.plain(f"# {cfg.path}")
    rows = [(name, key, value) for name, prof in cfg.profiles.items() for key, value in sorted(prof.values.items())]
    from ..i18n import t

    output.table([t("col_profile_default"), t("col_setting"), t("col_value")],
                 [((n + " *" if n == cfg.default else n), k, v) for n, k, v in rows])


@app.command("set")
def set_(ctx: typer.Context, key: str, value: str, profile: str | None = typer.Option(None, "--profile", "-p", help="Profile to change.")) -> None:
    """Set one setting of a profile (creates the profile if needed)."""
    from ..i18n import t
    from ..store import config
    from . import output

    cfg = config.load()
    name = profile or root(ctx).profile or cfg.default
    clean = cfg.set(name, key, value)
    config.save(cfg)
    output.ok_line(t("config_set", key=key, value=clean, name=name))


@app.command("use")
def use(profile: str) -> None:
    """Make a profile the default."""
    from ..i18n import t
    from ..store import config
    from . import output

    cfg = config.load()
    cfg.profile(profile)
    cfg.default = profile
    config.save(cfg)
    output.ok_line(t("config_set", key="default_profile", value=profile, name=profile))


@app.command("init")
def init(ctx: typer.Context, profile: str | None = typer.Option(None, "--profile", "-p", help="Profile to create or update.")) -> None:
    """Create or update a profile by answering a few questions."""
    from ..errors import ExitCode, MissingInput, TicketError
    from ..i18n import t
    from ..store import config
    from . import output
    from .base import interactive
    from .wizard import prompt, validator

    if not interactive():
        raise MissingInput(t("no_tty"))
    cfg = config.load()
    name = profile or root(ctx).profile or cfg.default
    current = cfg.profiles.get(name, config.Profile(name))
    try:
        for key, label in (
            ("contract", "ask_profile_contract"),
            ("domain", "ask_profile_domain"),
            ("contact_email", "ask_profile_contact"),
            ("desk_email", "ask_profile_desk"),
        ):
            check = config.SETTINGS[key]
            value = prompt("text", f"{t(label)} {t('optional')}", default=current.get(key), validate=validator(lambda v, c=check, k=key: c(v, k), False))
            cfg.set(name, key, value)
        lang = prompt("select", t("ask_profile_lang"), choices=[("ru", "Русский"), ("en", "English")], default=current.lang)
        cfg.set(name, "lang", lang)
    except (KeyboardInterrupt, EOFError):
        raise TicketError(t("stopped"), exit_code=ExitCode.INTERRUPTED) from None
    if not cfg.profiles or name not in cfg.profiles:
        cfg.profiles[name] = config.Profile(name)
    path = config.save(cfg)
    output.ok_line(t("config_saved", name=name, path=path))
