"""``ticket new`` and ``ticket resume``: compose a ticket from options, a JSON document or the
wizard, then hand it to the library (:func:`ticketcli.service.submit`), which gates, queues and
delivers it."""

import sys
from collections.abc import Iterable

import typer

from .base import active_profile, check_lang, interactive

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..model import Ticket
    from ..store.config import Profile

#: The largest --from-file document read.
MAX_INPUT_BYTES = 20 * 1024 * 1024


def new(
    ctx: typer.Context,
    type: str | None = typer.Option(None, "--type", "-t", help="Problem type (see 'ticket types')."),
    contract: str | None = typer.Option(None, "--contract", help="Contract number."),
    domain: str | None = typer.Option(None, "--domain", help="The site's domain name."),
    field: list[str] = typer.Option([], "--field", "-f", help="An answer as KEY=VALUE; repeatable."),
    description: str | None = typer.Option(None, "--description", "-d", help="The description, in your words."),
    subject: str | None = typer.Option(None, "--subject", "-s", help="The subject (default: proposed from the answers)."),
    attach: list[str] = typer.Option([], "--attach", "-a", help="A file to attach; repeatable."),
    from_file: str | None = typer.Option(None, "--from-file", help="Read the ticket from a JSON file ('-' for stdin); see 'ticket schema'."),
    ticket_lang: str | None = typer.Option(None, "--ticket-lang", help="Language the ticket is written in: ru or en (default: the profile's, else the interface language)."),
    no_input: bool = typer.Option(False, "--no-input", help="Never ask; fail naming what is missing."),
    force: bool = typer.Option(False, "--force", help="Send even when rule errors remain (recorded in the ticket), and attach files that look like secrets; never for insults."),
    json_output: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Compose a new ticket: asks what the desk would ask, then puts it in the outbox."""
    from .. import service

    profile = active_profile(ctx)
    if ticket_lang is not None:
        check_lang(ticket_lang, "--ticket-lang")
    ticket = None
    document = None
    if from_file is not None:
        if from_file == "-":
            no_input = True  # stdin holds the document: nothing left to answer with
        document = read_json_input(from_file)
        if type:
            document = {**document, "type": type} if isinstance(document, dict) else document
        ticket = service.ticket_from_document(document, profile, from_file, force=force)
    elif type is not None:
        ticket = service.new_ticket(type, profile, ticket_lang)
    if ticket is not None and ticket_lang:
        ticket.lang = ticket_lang
    fields = parse_field_flags(field)
    asking = interactive(no_input)
    if ticket is None:
        if not asking:
            from ..errors import MissingInput
            from ..i18n import t
            from ..problems import TYPES

            raise MissingInput(t("missing_fields", fields="type", flags=f"--type ({', '.join(TYPES)})"))
        from .wizard import ask_type_or_stop

        ticket = service.new_ticket(ask_type_or_stop(), profile, ticket_lang)
    service.apply_answers(
        ticket, fields=fields, contract=contract, domain=domain, description=description,
        subject=subject, attachments=attach, profile=profile, force=force,
    )
    service.apply_defaults(ticket)
    if asking:
        lang_fixed = bool(ticket_lang) or bool(profile.values.get("lang")) or (isinstance(document, dict) and "lang" in document if from_file is not None else False)
        run_wizard(ticket, profile, force=force, json_output=json_output, lang_fixed=lang_fixed)
    else:
        queue(ticket, profile, force=force, json_output=json_output)


def resume(ctx: typer.Context, draft_id: str = typer.Argument(..., help="The draft's id (a unique prefix is enough).")) -> None:
    """Continue a saved draft in the wizard, in the language of the session that wrote it."""
    from ..errors import MissingInput
    from ..i18n import lang_explicit, set_lang, t
    from ..store.drafts import DraftStore

    ticket = DraftStore().load(draft_id)
    if ticket.ui_lang and not lang_explicit():
        set_lang(ticket.ui_lang)
    profile = active_profile(ctx, ticket.profile)
    if not interactive():
        raise MissingInput(t("no_tty"))
    run_wizard(ticket, profile, force=False, json_output=False, lang_fixed=True, recap=True)


def queue(ticket: "Ticket", profile: "Profile", *, force: bool, json_output: bool) -> None:
    """Scripted: submit at once; rule errors stop the ticket unless --force (never an insult)."""
    from .. import service
    from ..errors import RuleErrors
    from . import output

    try:
        done = service.submit(ticket, profile, force=force)
    except RuleErrors as exc:
        output.findings(exc.report, console=output.err())
        raise
    if done.verdict.errors:  # overridden with --force: say what the desk will find
        output.findings(done.verdict.report, console=output.err())
    report_submitted(done, json_output)


def run_wizard(ticket: "Ticket", profile: "Profile", *, force: bool, json_output: bool, lang_fixed: bool = False, recap: bool = False) -> None:
    from ..i18n import t
    from . import output
    from .wizard import Wizard

    result = Wizard(ticket, profile, force=force, lang_fixed=lang_fixed).run(recap=recap)
    if result.submitted is not None:
        report_submitted(result.submitted, json_output)
    elif result.action == "saved":
        output.ok_line(t("saved_draft", id=result.ticket.short_id))
    else:
        output.ok_line(t("discarded", id=result.ticket.short_id))


def report_submitted(done, json_output: bool) -> None:
    """Where the ticket is: the outbox, or the desk (exit 5 when delivery failed or waits)."""
    from ..errors import ExitCode
    from ..i18n import t
    from ..message import render_text
    from . import output

    ticket, item, sent = done.ticket, done.item, done.delivery
    if json_output:
        data = {
            "id": ticket.uuid,
            "short_id": ticket.short_id,
            "state": done.state,
            "channel": sent.channel if sent is not None else "outbox",
            "path": (sent.path if sent is not None else "") or str(item.path),
            "subject": ticket.subject,
            "text": render_text(ticket),
        }
        if sent is not None:
            data.update(receipt=sent.receipt, error=sent.error)
        output.json_out(data)
    elif sent is None:
        output.ok_line(t("queued", id=ticket.short_id, path=item.path))
    else:
        if sent.state != "sent":
            output.ok_line(t("queued", id=ticket.short_id, path=sent.path or item.path))
        output.send_result(sent)
    if sent is not None and sent.state != "sent":
        raise SystemExit(int(ExitCode.DELIVERY))


def parse_field_flags(values: Iterable[str]) -> dict[str, str]:
    """``["browser=Firefox 128", …]`` → ``{"browser": "Firefox 128"}``."""
    from ..errors import UsageError
    from ..i18n import t

    out: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        key = key.strip()
        if not sep or not key:
            raise UsageError(t("field_syntax", value=item))
        out[key] = value
    return out


def read_json_input(source: str) -> "Any":
    """A JSON document from a path or ``-`` (stdin), with one-line errors."""
    import json

    from ..errors import UsageError
    from ..i18n import t

    name = "stdin" if source == "-" else source
    try:
        if source == "-":
            raw = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
        else:
            with open(source, "rb") as fh:
                raw = fh.read(MAX_INPUT_BYTES + 1)
    except FileNotFoundError:
        raise UsageError(t("file_unreadable", path=name, reason="no such file")) from None
    except IsADirectoryError:
        raise UsageError(t("file_unreadable", path=name, reason="it is a folder")) from None
    except OSError as exc:
        raise UsageError(t("file_unreadable", path=name, reason=exc.strerror or exc)) from None
    except ValueError:  # a NUL in the path: no file can have that name
        raise UsageError(t("file_unreadable", path=name.replace("\0", "\\0"), reason="no such file")) from None
    if len(raw) > MAX_INPUT_BYTES:
        raise UsageError(t("json_shape", source=name, reason=f"larger than {MAX_INPUT_BYTES // 2**20} MB"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(t("not_utf8", path=name)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise UsageError(t("json_bad", source=name, reason=f"line {exc.lineno}, column {exc.colno}: {exc.msg}")) from None
    except RecursionError:
        raise UsageError(t("json_bad", source=name, reason="nested too deeply")) from None
