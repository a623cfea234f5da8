"""All terminal output goes through here (rich), so colour, NO_COLOR and width are decided once.

Machine-readable output (``--json``) is plain ``json.dumps`` on stdout, never styled.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import Any

_out = None
_err = None


def out():
    global _out
    if _out is None:
        from rich.console import Console

        _out = Console(highlight=False, soft_wrap=False)
    return _out


def err():
    global _err
    if _err is None:
        from rich.console import Console

        _err = Console(stderr=True, highlight=False)
    return _err


def reset() -> None:
    """Forget the consoles (tests that swap stdout)."""
    global _out, _err
    _out = _err = None


def _plain_line(stream, mark: str, message: str) -> bool:
    """One status line without rich when nobody will see colour (a pipe, a file, a script).

    Rich costs ~30 ms to import; scripts that run ``ticket`` many times should not pay it
    for a line of plain text. Returns False when the stream is a terminal (rich decides).
    """
    try:
        if stream.isatty():
            return False
    except (AttributeError, ValueError):
        pass
    stream.write(f"{mark} {message}\n" if mark else f"{message}\n")
    stream.flush()
    return True


def error_line(message: str) -> None:
    if _err is None and _plain_line(sys.stderr, "✗", message):
        return
    from rich.markup import escape

    err().print(f"[bold red]✗[/] {escape(message)}", soft_wrap=True)


def info_line(message: str) -> None:
    if _err is None and _plain_line(sys.stderr, "", message):
        return
    from rich.markup import escape

    err().print(escape(message), soft_wrap=True)


def ok_line(message: str) -> None:
    if _out is None and _plain_line(sys.stdout, "✓", message):
        return
    from rich.markup import escape

    out().print(f"[green]✓[/] {escape(message)}", soft_wrap=True)


def json_out(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2) + "\n")
    sys.stdout.flush()


def table(columns: Iterable[str], rows: Iterable[Iterable[str]], title: str | None = None) -> None:
    from rich.table import Table

    tbl = Table(title=title, show_lines=False, header_style="bold")
    for col in columns:
        tbl.add_column(col, overflow="fold")
    for row in rows:
        tbl.add_row(*[str(c) for c in row])
    out().print(tbl)


def ticket_preview(subject: str, text: str, title: str, console=None) -> None:
    from rich.panel import Panel
    from rich.text import Text

    body = Text()
    body.append(subject + "\n\n", style="bold")
    body.append(text.rstrip("\n"))
    (console or out()).print(Panel(body, title=title, title_align="left", expand=False))


_SEVERITY_STYLE = {"error": ("✗", "bold red"), "warning": ("!", "yellow"), "info": ("i", "cyan")}


def findings(report, title: str | None = None, console=None) -> None:
    """The findings of a rule check, one per line with its suggestion under it."""
    from rich.markup import escape

    from .i18n import t

    con = console or out()
    if title:
        con.print(f"[bold]{escape(title)}[/]")
    if not report.findings:
        con.print(f"[green]✓[/] {escape(t('check_clean', type=report.type))}")
        return
    for f in report.findings:
        mark, style = _SEVERITY_STYLE.get(f.severity, ("-", ""))
        con.print(f"[{style}]{mark} {f.severity:<7}[/] [bold]{escape(f.rule)}[/] {escape(f.message)}", soft_wrap=True)
        if f.suggestion:
            con.print(f"    → {escape(f.suggestion)}", soft_wrap=True, style="dim")


def plain(text: str) -> None:
    out().print(text, markup=False, highlight=False, soft_wrap=True)
