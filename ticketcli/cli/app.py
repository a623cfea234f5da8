"""The ``ticket`` command: the root Typer app, assembled here from one module per command group.

Every command is a Typer command, defined once, parsed by Typer. The command modules import
only typer and light modules of ours at the top; what a command needs (the rule engine, rich,
questionary, keyring, the channels and their HTTP client) it imports when it runs. So
``ticket --help`` builds the whole command tree and nothing else.

:func:`main` is the console script's entry point: it runs the app and turns what a command
raises into one line and an exit code (a traceback only with ``--debug``).
"""

import sys
from collections.abc import Callable

import typer

from .. import __version__
from . import auth, check, completion, config, conversation, diagnose, drafts, new, outbox, send, types
from .base import LANG_HELP, App, OrderedGroup, _set_lang

app = App(
    cls=OrderedGroup,
    name="ticket",
    help="Compose support tickets that follow the desk's rules, interactively or from scripts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ticket {__version__}\n")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    lang: str | None = typer.Option(None, "--lang", help=LANG_HELP, is_eager=True, callback=_set_lang),
    profile: str | None = typer.Option(None, "--profile", "-p", help="Profile to use (default: the configured default)."),
    debug: bool = typer.Option(False, "--debug", help="Show tracebacks for internal errors."),
    version: bool = typer.Option(False, "--version", callback=_version, is_eager=True, help="Show the version and exit."),
) -> None:
    from .context import Root

    ctx.obj = Root(profile=profile, debug=debug)


# The command tree, in one place. Help and completion list it in base.COMMAND_ORDER.
app.command("new")(new.new)
app.command("resume")(new.resume)
app.command("check")(check.check)
app.command("send")(send.send)
app.command("list")(send.list_sent)
app.command("show")(conversation.show)
app.command("inbox")(conversation.inbox)
app.command("status")(send.status)
app.command("reply")(send.reply)
app.add_typer(drafts.app, name="drafts")
app.add_typer(outbox.app, name="outbox")
app.add_typer(types.app, name="types")
app.command("schema")(types.schema)
app.add_typer(diagnose.app, name="diagnose")
app.add_typer(config.app, name="config")
app.add_typer(auth.app, name="auth")
app.add_typer(completion.app, name="completion")


def main(argv: list[str] | None = None) -> int:
    """Run ``ticket`` with ``argv`` (default: the process's arguments); the exit status.

    Usage errors (an unknown option, a missing argument) are Typer's own, with status 2;
    everything else a user can cause is a TicketError: one line, its own status."""
    args = sys.argv[1:] if argv is None else list(argv)
    # httpx's package imports its own command-line client (httpx._main: click, rich and pygments,
    # about 35 ms here) whenever those are installed, as they are beside Typer. ticket never runs
    # it: for this process it is marked absent, and httpx defines its stub as it does when they
    # are not installed. A script importing ticketcli is not affected.
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
    return guarded(lambda: app(args=args, prog_name="ticket", standalone_mode=True), "--debug" in args)


def guarded(call: Callable[[], object], debug: bool) -> int:
    """Run ``call``; the exit status, with the project's errors as one line and no traceback."""
    from ..errors import ExitCode, TicketError

    try:
        call()
    except SystemExit as exc:
        code = exc.code
        if code is None:
            return ExitCode.OK
        return code if isinstance(code, int) else ExitCode.USAGE
    except TicketError as exc:
        from . import output

        output.error_line(exc.message)
        return exc.exit_code
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    except EOFError:  # what Typer does with it too
        sys.stderr.write("\nAborted!\n")
        return 1
    except BrokenPipeError:
        # The reader went away (``ticket check … | head``): nothing more can be shown. Status 1,
        # as Python itself and Typer use, and no second error when stdout is flushed at exit.
        import os

        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no tracebacks for users
        if debug:
            import traceback

            from ..store.secrets import redact

            # A library's message may quote what it was given (a header value, a command): the
            # traceback is printed without any secret this process has read.
            sys.stderr.write(redact("".join(traceback.format_exception(exc))))
            return ExitCode.USAGE
        from ..i18n import t
        from . import output

        output.error_line(t("internal", reason=type(exc).__name__))
        return ExitCode.USAGE
    return ExitCode.OK
