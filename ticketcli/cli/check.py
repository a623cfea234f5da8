"""``ticket check``: every rule of the desk over tickets, drafts, e-mails or plain text."""

import sys

import typer

from ..i18n import register

from .base import check_lang, root

register(
    {
        "facts_title": ("What the text already says:", "Что уже сказано в тексте:"),
        "facts_in_subject": (" in the subject", " в теме"),
    }
)


def check(
    ctx: typer.Context,
    inputs: list[str] = typer.Argument(None, help="Ticket JSON files, draft ids, .eml files, text files, or '-' for stdin (the default)."),
    type: str | None = typer.Option(None, "--type", "-t", help="Problem type of plain text (default: inferred from the text)."),
    lang: str | None = typer.Option(None, "--lang", help="Language of messages and suggestions: ru or en."),
    subject: str | None = typer.Option(None, "--subject", "-s", help="The subject, for plain text."),
    format: str = typer.Option("text", "--format", help="text or json."),
    with_facts: bool = typer.Option(False, "--facts", help="Also list what the text already says (address, browser, mail program, error text, provider...), with where it says it."),
) -> None:
    """Check tickets against the desk's rules. Exit 0: no errors; 1: errors found; 2: bad input."""
    from .. import documents as checks
    from ..errors import ExitCode, TicketError, UsageError
    from ..i18n import get_lang, set_lang
    from ..store import config

    if format not in ("text", "json"):
        raise UsageError("--format takes text or json / --format принимает text или json")
    if lang is not None:
        set_lang(check_lang(lang))
    if type is not None:
        from ..problems import get_type

        get_type(type)
    try:
        profile = config.load().profile(root(ctx).profile)
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
        found = checks.facts(item, report.type) if with_facts else None
        _emit(source, report, None, format, many, found)
    for source, exc in unreadable:
        _emit(source, None, exc, format, many)
    if worst != ExitCode.OK:
        raise SystemExit(int(worst))


def _emit(source, report, exc, format: str, many: bool, facts=None) -> None:
    import json

    from . import output

    if format == "json":
        if exc is not None:
            obj = {"input": source, "ok": False, "error": exc.message}
        else:
            obj = report.to_dict()
            if facts is not None:
                obj["facts"] = [fact.to_dict() for fact in facts]
            if many:
                obj = {"input": source, **obj}
        line = json.dumps(obj, ensure_ascii=False, indent=None if many else 2)
        sys.stdout.write(line + "\n")
        return
    if exc is not None:
        output.error_line(f"{source}: {exc.message}")
        return
    output.findings(report, title=source if many else None)
    if facts:
        from ..i18n import t

        output.plain(t("facts_title"))
        for fact in facts:
            where = t("facts_in_subject") if fact.source == "subject" else ""
            output.plain(f"  {fact.kind}: {fact.value}  [{fact.start}–{fact.end}{where}]")
