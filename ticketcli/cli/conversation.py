"""Following the conversation: ``show`` (a ticket with every message of the desk and of the
client) and ``inbox`` (the tickets with answers not seen yet). The logic is in
:mod:`ticketcli.conversation`; here only options and rendering."""

import typer

from ..i18n import register
from .base import chosen_profile

register(
    {
        "inbox_empty": ("No unseen answers.", "Непрочитанных ответов нет."),
        "inbox_fetch_failed": ("Ticket {id} ({channel}): {reason}", "Заявка {id} ({channel}): {reason}"),
        "inbox_unsupported": ("{channel}: {reason}", "{channel}: {reason}"),
        "col_unseen": ("New", "Новых"),
        "col_latest": ("Latest answer", "Последний ответ"),
        "col_from": ("From", "От кого"),
        "saved_file": ("Saved {path}", "Сохранено: {path}"),
        "saved_none": ("The desk's answers have no files.", "В ответах техподдержки нет файлов."),
    }
)


def show(
    ctx: typer.Context,
    ticket_id: str = typer.Argument(..., help="The sent ticket (a unique prefix of its id is enough)."),
    fetch: bool = typer.Option(False, "--fetch", help="Ask the desk (or your mailbox) for new answers first."),
    save_attachments: str | None = typer.Option(None, "--save-attachments", metavar="DIR",
                                                help="Download the desk's files into DIR (names made safe, nothing overwritten)."),
    mark_read: bool = typer.Option(False, "--mark-read", help="With --fetch of answers by e-mail: flag them read in the mailbox too."),
    json_output: bool = typer.Option(False, "--json", help="Print the conversation as JSON."),
) -> None:
    """A sent ticket's whole conversation: the ticket as sent, the desk's answers and your
    follow-ups in order, with authors, times, files and the status."""
    from .. import conversation
    from ..errors import ExitCode
    from ..i18n import t
    from . import output

    profile = chosen_profile(ctx)
    conv = conversation.show(ticket_id, fetch=fetch, profile=profile, mark_read=mark_read)
    if json_output:
        output.json_out(conv.to_dict())
    else:
        output.conversation(conv)
    if conv.error:
        output.error_line(conv.error)
    if save_attachments is not None:
        saved = conversation.save_attachments(conv.uuid, save_attachments, profile=profile)
        for item in saved:
            output.info_line(t("saved_file", path=item.path))
        if not saved:
            output.info_line(t("saved_none"))
    if conv.error:
        raise SystemExit(int(ExitCode.DELIVERY))


def inbox(
    ctx: typer.Context,
    fetch: bool = typer.Option(False, "--fetch", help="Ask every ticket's desk (and your mailbox) for new answers first."),
    mark_read: bool = typer.Option(False, "--mark-read", help="With --fetch of answers by e-mail: flag them read in the mailbox too."),
    json_output: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Sent tickets with answers you have not seen yet, newest first ('ticket show ID' reads them)."""
    from .. import conversation
    from ..errors import ExitCode
    from ..i18n import t
    from . import output

    box = conversation.inbox(fetch=fetch, profile=chosen_profile(ctx), mark_read=mark_read)
    if json_output:
        output.json_out(box.to_dict())
    else:
        for channel, reason in sorted(box.unsupported.items()):
            output.info_line(t("inbox_unsupported", channel=channel, reason=reason))
        if not box.items:
            output.info_line(t("inbox_empty"))
        else:
            output.inbox(box.items)
    for uuid, channel, reason in box.errors:
        if not json_output:
            output.error_line(t("inbox_fetch_failed", id=uuid[:8], channel=channel, reason=reason))
    if box.errors:
        raise SystemExit(int(ExitCode.DELIVERY))
