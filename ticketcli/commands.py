"""What ``ticket new``, ``ticket check`` and ``ticket send`` do, free of Typer.

These are the commands scripts run in bulk. Their Typer declarations (``cli.py``,
``cli_check.py``, ``cli_delivery.py``) parse the command line and call the functions here; the
start-up fast path (:mod:`ticketcli.argv`, called by :mod:`ticketcli.__main__`) parses the same
arguments without importing Typer (about a third of a scripted ``ticket new``) and calls the same
functions. Every argument has the same default here as in its Typer declaration, so a parser
passes only what was given (``tests/test_fast_commands.py`` holds the two paths equal).

:func:`guarded` turns what a command raises into one line and an exit code, for both paths.
A command ends with a status other than 0 by raising ``SystemExit(code)``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from .errors import ExitCode, TicketError, UsageError
from .i18n import register, set_lang, t

register(
    {
        "send_what": (
            "Say what to send: a ticket id from 'ticket outbox list', or --all.",
            "Укажите, что отправить: id заявки из «ticket outbox list» или --all.",
        ),
        "send_nothing": ("Nothing to send: the outbox has no waiting tickets.", "Отправлять нечего: в исходящих нет ожидающих заявок."),
        "send_failed_item": (
            "Ticket {id} was refused earlier: {reason} Fix the cause, then 'ticket outbox retry {id}'.",
            "Заявка {id} ранее отклонена: {reason} Устраните причину, затем «ticket outbox retry {id}».",
        ),
    }
)

#: Set by the root options (``--profile``, ``--debug``) before a command runs.
state: dict = {"debug": False, "profile": None}


# ---- the root options and errors ---------------------------------------------------------
def root(lang: str | None = None, profile: str | None = None, debug: bool = False) -> None:
    """The options given before the command: ``--lang``, ``--profile``, ``--debug``."""
    if lang is not None:
        set_lang(check_lang(lang))
    state["debug"] = debug
    state["profile"] = profile


def check_lang(value: str, flag: str = "--lang") -> str:
    """``value`` when it is a language the tool speaks (ru, en); else a usage error naming ``flag``."""
    if value not in ("ru", "en"):
        raise TicketError(f"{flag} takes ru or en / {flag} принимает ru или en")
    return value


def guarded(call: Callable[[], object], debug: bool) -> int:
    """Run ``call``; the exit status, with the project's errors as one line and no traceback."""
    try:
        call()
    except SystemExit as exc:
        code = exc.code
        if code is None:
            return ExitCode.OK
        return code if isinstance(code, int) else ExitCode.USAGE
    except TicketError as exc:
        from . import render

        render.error_line(exc.message)
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
            raise
        from . import render

        render.error_line(t("internal", reason=type(exc).__name__))
        return ExitCode.USAGE
    return ExitCode.OK


def active_profile(name: str | None = None):
    """The profile a command works with: ``name``, else ``--profile``, else the default."""
    from . import config

    return config.load().profile(name or state["profile"])


def override_profile():
    """The profile ``--profile`` names, or None (each ticket then uses its own)."""
    return active_profile() if state.get("profile") else None


def interactive(no_input: bool) -> bool:
    return not no_input and sys.stdin.isatty()


# ---- new ---------------------------------------------------------------------------------
def new(
    type: str | None = None,
    contract: str | None = None,
    domain: str | None = None,
    field: Sequence[str] = (),
    description: str | None = None,
    subject: str | None = None,
    attach: Sequence[str] = (),
    from_file: str | None = None,
    ticket_lang: str | None = None,
    no_input: bool = False,
    force: bool = False,
    json_output: bool = False,
) -> None:
    """``ticket new``: compose a ticket from the options, asking what is missing on a terminal."""
    from . import core

    profile = active_profile()
    if ticket_lang is not None:
        check_lang(ticket_lang, "--ticket-lang")
    if from_file is not None:
        if from_file == "-" and not no_input:
            no_input = True
        ticket = core.ticket_from_input(core.read_json_input(from_file), from_file, profile, force)
        if type and type != ticket.type:
            ticket = core.ticket_from_input({**ticket.to_dict(), "type": type}, from_file, profile, force)
    elif type is not None:
        ticket = core.new_ticket(type, profile, ticket_lang)
    else:
        ticket = None
    if ticket is not None and ticket_lang:
        ticket.lang = ticket_lang
    fields = core.parse_field_flags(list(field))
    asking = interactive(no_input)
    if ticket is None:
        if not asking:
            from .errors import MissingInput
            from .problems import TYPES

            raise MissingInput(t("missing_fields", fields="type", flags=f"--type ({', '.join(TYPES)})"))
        from .wizard import ask_type_or_stop

        ticket = core.new_ticket(ask_type_or_stop(), profile, ticket_lang)
    core.apply_answers(
        ticket, fields=fields, contract=contract, domain=domain, description=description,
        subject=subject, attachments=list(attach), profile=profile, force=force,
    )
    core.apply_defaults(ticket)
    finish(ticket, profile, interactive=asking, json_output=json_output, force=force)


def gate(ticket, profile, force: bool) -> None:
    """Scripted sending: rule errors stop the ticket unless --force (never for insults)."""
    from . import render
    from .checks import check_ticket

    report = check_ticket(ticket, profile)
    errors = sorted({f.rule for f in report.findings if f.severity == "error"})
    if not errors:
        return
    render.findings(report, console=render.err())
    if "polite" in errors:
        raise TicketError(t("polite_blocks"), exit_code=ExitCode.RULES)
    if not force:
        raise TicketError(t("rule_errors", rules=", ".join(errors)), exit_code=ExitCode.RULES)
    ticket.overrides = sorted(set(ticket.overrides) | set(errors))


def finish(ticket, profile, *, interactive: bool, json_output: bool, force: bool = False) -> None:
    """Queue (and deliver) a composed ticket: at once when scripted, after the wizard otherwise."""
    from . import core, render

    if not interactive:
        core.require_complete(ticket)
        core.finalize_subject(ticket)
        gate(ticket, profile, force)
        item = core.submit(ticket, profile)
        report_queued(ticket, item, json_output)
        return
    from .wizard import Wizard

    result = Wizard(ticket, profile).run()
    if result.action == "queued":
        report_queued(result.ticket, result.item, json_output)
    elif result.action == "saved":
        render.ok_line(t("saved_draft", id=result.ticket.short_id))
    else:
        render.ok_line(t("discarded", id=result.ticket.short_id))


def report_queued(ticket, item, json_output: bool) -> None:
    from . import render
    from .compose import render_text

    if getattr(item, "delivery", None) is not None:  # a channel delivered (or tried): say where
        return report_delivered(ticket, item, json_output)
    if json_output:
        render.json_out(
            {
                "id": ticket.uuid,
                "short_id": ticket.short_id,
                "state": item.state,
                "channel": "outbox",
                "path": str(item.path),
                "subject": ticket.subject,
                "text": render_text(ticket),
            }
        )
    else:
        render.ok_line(t("queued", id=ticket.short_id, path=item.path))


def report_delivered(ticket, item, json_output: bool) -> None:
    """``ticket new`` with a channel configured: where the ticket went (or why it waits)."""
    from . import render
    from .compose import render_text

    sent = item.delivery
    if json_output:
        render.json_out(
            {
                "id": ticket.uuid,
                "short_id": ticket.short_id,
                "state": sent.state,
                "channel": sent.channel,
                "path": sent.path or str(item.path),
                "subject": ticket.subject,
                "text": render_text(ticket),
                "receipt": sent.receipt,
                "error": sent.error,
            }
        )
    else:
        if sent.state != "sent":
            render.ok_line(t("queued", id=ticket.short_id, path=sent.path or item.path))
        print_result(sent)
    if sent.state != "sent":
        raise SystemExit(int(ExitCode.DELIVERY))


# ---- send --------------------------------------------------------------------------------
def print_result(result) -> None:
    from . import render

    if result.state == "sent":
        render.ok_line(result.message())
    elif result.state in ("waiting", "failed"):
        render.error_line(result.message())
    elif result.state == "busy":
        render.info_line(result.message())


def no_channel(profile) -> None:
    from . import paths, render

    render.error_line(t("no_channel", profile=profile.name, path=paths.outbox_dir()))
    raise SystemExit(int(ExitCode.CONFIG))


def send(item_id: str | None = None, all_: bool = False, json_output: bool = False) -> None:
    """``ticket send``: deliver one outbox ticket, or every waiting one, through the channel."""
    from . import render
    from .delivery import Sender
    from .outbox import Outbox

    if bool(item_id) == all_:
        raise UsageError(t("send_what"))
    outbox = Outbox()
    active = active_profile()
    override = override_profile()
    with Sender(outbox, profile=override) as sender:
        if item_id:
            item = outbox.get(item_id)
            if item.state == "failed":
                reason = (item.record().get("last_error") or {}).get("reason", "")
                raise TicketError(t("send_failed_item", id=item.short_id, reason=reason), exit_code=ExitCode.DELIVERY)
            results = [sender.send(item.uuid)]
        else:
            pending = sender.pending()
            if not pending:
                if active.get("backend", "outbox") == "outbox":
                    no_channel(active)
                if json_output:
                    render.json_out({"results": []})
                else:
                    render.info_line(t("send_nothing"))
                return
            results = sender.send_many([i.uuid for i in pending])
    if item_id and results[0].state == "skipped":
        results[0].state = "sent"
        found = outbox.find(results[0].uuid)
        if found is not None:
            rec = found.record()
            results[0].receipt, results[0].channel = rec.get("receipt"), rec.get("channel", "")
            results[0].path = str(found.path)
    shown = [r for r in results if r.state not in ("skipped", "no-channel")]
    if not shown and any(r.state == "no-channel" for r in results):
        no_channel(override or active)
    if json_output:
        render.json_out({"results": [r.to_dict() for r in shown]})
    else:
        for result in shown:
            print_result(result)
        if not item_id and results and results[-1].state in ("waiting", "failed") and len(results) < len(pending):
            render.error_line(t("stopped_run"))
    if any(r.state in ("waiting", "failed") for r in shown):
        raise SystemExit(int(ExitCode.DELIVERY))


# ---- check -------------------------------------------------------------------------------
def check(
    inputs: Sequence[str] | None = None,
    type: str | None = None,
    lang: str | None = None,
    subject: str | None = None,
    format: str = "text",
) -> None:
    """``ticket check``: every rule over each input. Exit 0: no errors; 1: errors; 2: bad input."""
    from . import checks, config
    from .i18n import get_lang

    if format not in ("text", "json"):
        raise UsageError("--format takes text or json / --format принимает text или json")
    if lang is not None:
        set_lang(check_lang(lang))
    if type is not None:
        from .problems import get_type

        get_type(type)
    try:
        profile = config.load().profile(state["profile"])
    except TicketError:
        profile = None
    sources = list(inputs or ()) or ["-"]
    if sources == ["-"] and sys.stdin.isatty():
        raise UsageError("Give the text to check: a file, a draft id, or pipe it to 'ticket check -'. / Укажите файл, черновик или передайте текст через «ticket check -».")
    many = len(sources) > 1
    worst = ExitCode.OK
    ui = get_lang()
    unreadable = []  # reported after the reports of the inputs that could be read
    for source in sources:
        try:
            item = checks.load_input(source, profile=profile, subject=subject, type_name=type)
        except TicketError as exc:
            if not many:
                raise
            unreadable.append((source, exc))
            worst = ExitCode.USAGE
            continue
        report = checks.run(item, ui)
        if not report.ok and worst == ExitCode.OK:
            worst = ExitCode.RULES
        _emit(source, report, None, format, many)
    for source, exc in unreadable:
        _emit(source, None, exc, format, many)
    if worst != ExitCode.OK:
        raise SystemExit(int(worst))


def _emit(source, report, exc, format: str, many: bool) -> None:
    import json

    from . import render

    if format == "json":
        if exc is not None:
            obj = {"input": source, "ok": False, "error": exc.message}
        else:
            obj = report.to_dict()
            if many:
                obj = {"input": source, **obj}
        line = json.dumps(obj, ensure_ascii=False, indent=None if many else 2)
        sys.stdout.write(line + "\n")
        return
    if exc is not None:
        render.error_line(f"{source}: {exc.message}")
        return
    render.findings(report, title=source if many else None)


#: The commands the start-up fast path may run without Typer, by command name.
FAST = {"new": new, "check": check, "send": send}
