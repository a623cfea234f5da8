"""`ticket check`: every rule of the desk over tickets, drafts, e-mails or plain text."""

from __future__ import annotations

from typing import List, Optional

import typer

from . import commands
from .cli import app


@app.command()
def check(
    inputs: List[str] = typer.Argument(None, help="Ticket JSON files, draft ids, .eml files, text files, or '-' for stdin (the default)."),
    type: Optional[str] = typer.Option(None, "--type", "-t", help="Problem type of plain text (default: inferred from the text)."),
    lang: Optional[str] = typer.Option(None, "--lang", help="Language of messages and suggestions: ru or en."),
    subject: Optional[str] = typer.Option(None, "--subject", "-s", help="The subject, for plain text."),
    format: str = typer.Option("text", "--format", help="text or json."),
) -> None:
    """Check tickets against the desk's rules. Exit 0: no errors; 1: errors found; 2: bad input."""
    commands.check(inputs=inputs, type=type, lang=lang, subject=subject, format=format)
