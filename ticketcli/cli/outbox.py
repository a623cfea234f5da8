"""``ticket outbox``: finished tickets in the local outbox, their state, and a retry."""

import typer

from ..i18n import register
from .base import chosen_profile, group

app = group(help="Finished tickets waiting in the local outbox.", no_args_is_help=True)

register(
    {
        "retry_moved": ("Ticket {id} is back in the queue.", "Заявка {id} снова в очереди."),
        "delivery_key": ("Idempotency key: {key}", "Ключ идемпотентности: {key}"),
        "delivery_reason": ("Reason: {reason}", "Причина: {reason}"),
        "delivery_attempts": ("Attempts: {n}", "Попыток: {n}"),
        "delivery_receipt": ("Delivered via {channel}: {where}", "Доставлена через {channel}: {where}"),
    }
)


@app.command("list")
def list_outbox(json_output: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """List tickets in the outbox with their state."""
    from ..errors import TicketError
    from ..i18n import t
    from ..store.outbox import Outbox
    from . import output

    rows = []
    for item in Outbox().items():
        try:
            tk = item.ticket()
            rows.append((item, tk.subject or "", tk.updated, tk.type))
        except TicketError:
            rows.append((item, "(damaged)", "", "?"))
    rows.sort(key=lambda r: r[2], reverse=True)
    if json_output:
        output.json_out([{"id": i.uuid, "state": i.state, "type": ty, "subject": s, "updated": u, "path": str(i.path)} for i, s, u, ty in rows])
        return
    if not rows:
        output.info_line(t("no_outbox"))
        return
    output.table(
        [t("col_id"), t("col_state"), t("col_type"), t("col_subject"), t("col_updated")],
        [(i.short_id, i.state, ty, s, output.local_time(u) if u else "") for i, s, u, ty in rows],
        no_wrap=(0, 1, 4),
    )


@app.command("show")
def show(item_id: str, json_output: bool = typer.Option(False, "--json", help="Print ticket.json and the delivery record.")) -> None:
    """Show a ticket in the outbox, its state, where its files are and how delivery went."""
    from ..i18n import t
    from ..message import render_text
    from ..store.outbox import Outbox
    from . import output

    item = Outbox().get(item_id)
    ticket = item.ticket()
    record = item.record()
    # message.eml exists only for a ticket that waited in the outbox (not for one delivered at
    # its first attempt): its path is given only when it is there.
    message = str(item.message_path) if item.has_message() else None
    if json_output:
        output.json_out({"id": item.uuid, "state": item.state, "path": str(item.path), "message": message, "ticket": ticket.to_dict(), "delivery": record or None})
        return
    output.ticket_preview(ticket.subject or "", render_text(ticket), f"{item.short_id} · {item.state}")
    output.plain(message or str(item.path))
    if record:
        output.plain(t("delivery_key", key=record.get("idempotency_key", "")))
        attempts = [a for a in record.get("attempts", []) if a.get("outcome") != "delivered"]
        if attempts:
            output.plain(t("delivery_attempts", n=len(attempts)))
        error = record.get("last_error")
        if error:
            output.plain(t("delivery_reason", reason=error.get("reason", "")))
        receipt = record.get("receipt")
        if receipt:
            output.plain(t("delivery_receipt", channel=receipt.get("channel", ""), where=output.where(receipt)))


@app.command("retry")
def retry(
    ctx: typer.Context,
    item_id: str = typer.Argument(..., help="The failed ticket's id."),
    no_send: bool = typer.Option(False, "--no-send", help="Only put it back in the queue."),
    json_output: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Put a refused ticket back in the queue (after fixing the cause) and send it again."""
    from .. import service
    from ..i18n import t
    from ..store import config
    from . import output
    from .send import deliver

    override = chosen_profile(ctx)
    moved = service.retry(item_id, profile=override)
    profile = override or config.load().profile_or_default(moved.ticket().profile)
    if no_send or profile.get("backend", "outbox") == "outbox":
        output.ok_line(t("retry_moved", id=moved.short_id))
        return
    deliver(ctx, moved.uuid, json_output)
