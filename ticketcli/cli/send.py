"""Delivery and sent tickets: ``send``, ``list``, ``status``, ``reply`` (``show`` and ``inbox``:
:mod:`.conversation`)."""

import sys

import typer

from ..i18n import register
from .base import active_profile, chosen_profile

register(
    {
        "send_what": (
            "Say what to send: a ticket id from 'ticket outbox list', or --all.",
            "Укажите, что отправить: id заявки из «ticket outbox list» или --all.",
        ),
        "send_nothing": ("Nothing to send: the outbox has no waiting tickets.", "Отправлять нечего: в исходящих нет ожидающих заявок."),
        "no_history": ("No sent tickets yet.", "Отправленных заявок пока нет."),
        "status_now": ("Ticket {id} (#{number}): {status}", "Заявка {id} (№{number}): {status}"),
        "status_unknown": (
            "The {channel} channel cannot report a status; last known: {status}",
            "Канал {channel} не сообщает статус; последний известный: {status}",
        ),
        "reply_sent": ("Reply sent to ticket {id} via {channel}.", "Ответ к заявке {id} отправлен через {channel}."),
        "col_channel": ("Channel", "Канал"),
        "col_number": ("Number", "Номер"),
        "col_status": ("Status", "Статус"),
        "col_sent": ("Sent", "Отправлена"),
    }
)


def send(
    ctx: typer.Context,
    item_id: str | None = typer.Argument(None, help="The outbox ticket to send (a unique prefix is enough)."),
    all_: bool = typer.Option(False, "--all", help="Send every waiting ticket (and recover interrupted ones)."),
    json_output: bool = typer.Option(False, "--json", help="Print the results as JSON."),
) -> None:
    """Deliver tickets from the outbox through the profile's channel (api or email)."""
    from ..errors import UsageError
    from ..i18n import t

    if bool(item_id) == all_:
        raise UsageError(t("send_what"))
    active_profile(ctx)  # a --profile that does not exist is an error before anything moves
    deliver(ctx, item_id, json_output)


def deliver(ctx: typer.Context, item_id: str | None, json_output: bool) -> None:
    """Send one outbox ticket (or every waiting one) and report; exit 5 if any did not go."""
    from .. import service
    from ..errors import ExitCode
    from ..i18n import t
    from . import output

    run = service.send(item_id, profile=chosen_profile(ctx))
    if json_output:
        output.json_out({"results": [r.to_dict() for r in run.results]})
    elif not run.results and not item_id:
        output.info_line(t("send_nothing"))
    else:
        for result in run.results:
            output.send_result(result)
        if run.stopped:
            output.error_line(t("stopped_run"))
    if not run.ok:
        raise SystemExit(int(ExitCode.DELIVERY))


def list_sent(json_output: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Sent tickets, newest first, with the desk's number and last known status."""
    from ..i18n import t
    from ..store.history import History
    from . import output

    entries = History().list()
    if json_output:
        output.json_out(entries)
        return
    if not entries:
        output.info_line(t("no_history"))
        return
    output.table(
        [t("col_id"), t("col_channel"), t("col_number"), t("col_status"), t("col_subject"), t("col_sent")],
        [
            (e["uuid"][:8], e.get("receipt", {}).get("channel", ""), e.get("receipt", {}).get("number", ""), e.get("status", ""), e.get("subject", ""), e.get("sent", ""))
            for e in entries
        ],
    )


def status(ctx: typer.Context, ticket_id: str, json_output: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Ask the desk for a sent ticket's current status."""
    from .. import service
    from ..i18n import t
    from . import output

    now = service.status(ticket_id, profile=chosen_profile(ctx))
    if json_output:
        output.json_out({"id": now.uuid, "status": now.status, "refreshed": now.refreshed, "receipt": now.receipt})
    elif now.refreshed:
        output.ok_line(t("status_now", id=now.uuid[:8], number=now.receipt.get("number") or now.receipt.get("id"), status=now.status))
    else:
        output.info_line(t("status_unknown", channel=now.receipt.get("channel", ""), status=now.status or "—"))


def reply(
    ctx: typer.Context,
    ticket_id: str,
    message: str | None = typer.Option(None, "--message", "-m", help="The reply's text ('-' reads stdin)."),
    attach: list[str] = typer.Option([], "--attach", "-a", help="A file to attach; repeatable."),
    force: bool = typer.Option(False, "--force", help="Send even when the rules find errors, such as a new question (recorded with the reply); never for insults."),
    json_output: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Send a follow-up on a sent ticket (a new problem deserves a new ticket: rule 3)."""
    from .. import service
    from ..errors import RuleErrors
    from ..i18n import t
    from . import output

    if message == "-":
        message = sys.stdin.read()
    try:
        done = service.reply(ticket_id, message or "", attachments=attach, force=force, profile=chosen_profile(ctx))
    except RuleErrors as exc:
        output.findings(exc.report, console=output.err())
        raise
    if done.verdict.errors:  # overridden with --force
        output.findings(done.verdict.report, console=output.err())
    if json_output:
        output.json_out({"id": done.uuid, "reply": done.answer, "channel": done.channel})
    else:
        output.ok_line(t("reply_sent", id=done.uuid[:8], channel=done.channel))
