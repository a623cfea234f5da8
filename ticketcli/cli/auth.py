"""``ticket auth``: the channels' secrets in the OS keyring (never in the config, argv or logs)."""

import sys

import typer

from ..i18n import register
from .base import group, root

app = group(help="Tokens and passwords (API, SMTP, helpdesk, IMAP), kept in the OS keyring.", no_args_is_help=True)

register(
    {
        "auth_prompt": ("{what} for profile '{profile}' (input hidden): ", "{what} для профиля «{profile}» (ввод скрыт): "),
        "auth_no_tty": (
            "No terminal to ask for the secret in. Pipe it with --stdin, e.g.: printenv TOKEN | ticket auth set api --stdin",
            "Нет терминала, чтобы спросить секрет. Передайте его через --stdin, например: printenv TOKEN | ticket auth set api --stdin",
        ),
        "auth_saved": ("{what} for profile '{profile}' saved in the keyring ({backend}).", "{what} для профиля «{profile}» сохранён в хранилище ключей ({backend})."),
        "auth_removed": ("{what} for profile '{profile}' removed from the keyring.", "{what} для профиля «{profile}» удалён из хранилища ключей."),
        "auth_src_env": ("set (environment variable {env})", "задан (переменная окружения {env})"),
        "auth_src_keyring": ("set (keyring)", "задан (хранилище ключей)"),
        "auth_src_missing": ("not set: ticket auth set {kind}{flag}", "не задан: ticket auth set {kind}{flag}"),
        "auth_src_no-keyring": ("no usable keyring; use {env}", "нет хранилища ключей; используйте {env}"),
        "auth_src_insecure-keyring": (
            "the keyring stores in clear text: use {env}, or agree with 'ticket auth set {kind}{flag} --allow-insecure-keyring'",
            "хранилище ключей хранит открытым текстом: используйте {env} или согласитесь: «ticket auth set {kind}{flag} --allow-insecure-keyring»",
        ),
    }
)


def _profile_name(ctx: typer.Context, profile: str | None) -> str:
    from ..errors import UsageError
    from ..i18n import t
    from ..store import config
    from ..store.files import is_safe_id

    name = profile or root(ctx).profile or config.load().default
    if not is_safe_id(name):
        raise UsageError(t("bad_id", value=name))
    return name


@app.command("set")
def set_(
    ctx: typer.Context,
    kind: str = typer.Argument(..., help="api (the support API token), smtp (the SMTP password), helpdesk (the helpdesk token) or imap (the mailbox password)."),
    profile: str | None = typer.Option(None, "--profile", "-p", help="Profile the secret belongs to."),
    stdin: bool = typer.Option(False, "--stdin", help="Read the secret from the first line of stdin (for scripts)."),
    allow_insecure_keyring: bool = typer.Option(
        False, "--allow-insecure-keyring",
        help="Agree to a keyring backend that stores secrets in clear text (keyrings.alt's PlaintextKeyring); remembered for the profile.",
    ),
) -> None:
    """Store a secret in the OS keyring; asked with hidden input, never taken as an argument."""
    from ..errors import ExitCode, MissingInput, TicketError
    from ..i18n import t
    from ..store import secrets
    from . import output

    secrets._check_kind(kind)
    name = _profile_name(ctx, profile)
    secrets.check_backend(kind, name, allow_insecure_keyring)  # before the secret is typed
    if stdin:
        value = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise MissingInput(t("auth_no_tty"))
        import getpass

        try:
            value = getpass.getpass(t("auth_prompt", what=t(f"secret_what_{kind}"), profile=name))
        except (EOFError, KeyboardInterrupt):
            raise TicketError(t("stopped"), exit_code=ExitCode.INTERRUPTED) from None
    backend = secrets.set_secret(kind, name, value, allow_insecure=allow_insecure_keyring)
    output.ok_line(t("auth_saved", what=t(f"secret_what_{kind}"), profile=name, backend=backend))
    note = secrets.clear_text_note(kind, name)
    if note:
        output.info_line(note)


@app.command("rm")
def rm(
    ctx: typer.Context,
    kind: str = typer.Argument(..., help="api, smtp, helpdesk or imap."),
    profile: str | None = typer.Option(None, "--profile", "-p", help="Profile the secret belongs to."),
) -> None:
    """Remove a secret from the keyring."""
    from ..i18n import t
    from ..store import secrets
    from . import output

    name = _profile_name(ctx, profile)
    secrets.delete_secret(kind, name)
    output.ok_line(t("auth_removed", what=t(f"secret_what_{kind}"), profile=name))


@app.command("status")
def status(
    ctx: typer.Context,
    profile: str | None = typer.Option(None, "--profile", "-p", help="Profile to check."),
    json_output: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Which secrets are set and where they come from (never their values)."""
    from ..i18n import t
    from ..store import secrets
    from . import output

    name = _profile_name(ctx, profile)
    state = secrets.status(name)
    if json_output:
        output.json_out({"profile": name, "keyring": _backend_name(), "secrets": state})
        return
    flag = "" if name == "default" else f" --profile {name}"
    rows = [(kind, t(f"auth_src_{src}", env=secrets.ENV[kind], kind=kind, flag=flag)) for kind, src in state.items()]
    output.table(["secret", f"profile '{name}' · {_backend_name()}"], rows)


def _backend_name() -> str:
    from ..store import secrets

    try:
        return secrets.backend_name()
    except Exception:  # noqa: BLE001 - a broken keyring must not break a status report
        return "?"
