"""All terminal output goes through here (rich), so colour, NO_COLOR and width are decided once.

The only module that prints with rich: status lines, tables, the ticket preview, the rules'
findings, delivery results and the live view of a diagnosis. Machine-readable output
(``--json``) is plain ``json.dumps`` on stdout, never styled.
"""

from __future__ import annotations

import json
import sys
import threading
from collections.abc import Iterable

from ..i18n import get_lang, register, register_plural, t, tn

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from ..diagnose.model import Check, Diagnosis

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


def table(columns: Iterable[str], rows: Iterable[Iterable[str]], title: str | None = None, no_wrap: Iterable[int] = ()) -> None:
    """A table; the columns numbered in ``no_wrap`` (ids, times) are never broken across lines."""
    from rich.table import Table

    keep = set(no_wrap)
    tbl = Table(title=title, show_lines=False, header_style="bold")
    for i, col in enumerate(columns):
        tbl.add_column(col, overflow="fold", no_wrap=i in keep, min_width=None)
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
register(
    {
        "sev_error": ("error", "ошибка"),
        "sev_warning": ("warning", "внимание"),
        "sev_info": ("info", "заметка"),
    }
)


def findings(report, title: str | None = None, console=None) -> None:
    """The findings of a rule check, one per line with its suggestion under it."""
    from rich.markup import escape

    con = console or out()
    if title:
        con.print(f"[bold]{escape(title)}[/]")
    if not report.findings:
        con.print(f"[green]✓[/] {escape(t('check_clean', type=report.type))}")
        return
    width = max(len(t(f"sev_{s}")) for s in _SEVERITY_STYLE)
    for f in report.findings:
        mark, style = _SEVERITY_STYLE.get(f.severity, ("-", ""))
        word = t(f"sev_{f.severity}") if f.severity in _SEVERITY_STYLE else f.severity
        con.print(f"[{style}]{mark} {word:<{width}}[/] [bold]{escape(f.rule)}[/] {escape(f.message)}", soft_wrap=True)
        if f.suggestion:
            con.print(f"    → {escape(f.suggestion)}", soft_wrap=True, style="dim")


def plain(text: str) -> None:
    out().print(text, markup=False, highlight=False, soft_wrap=True)


def where(receipt: dict) -> str:
    """Where the desk filed a ticket: its number (or id) and web address."""
    parts = []
    if receipt.get("number"):
        parts.append(f"#{receipt['number']}")
    elif receipt.get("id"):
        parts.append(f"id {receipt['id']}")
    if receipt.get("url"):
        parts.append(receipt["url"])
    return " ".join(parts) or "—"


# ---- the conversation of a sent ticket (``ticket show``, ``ticket inbox``) -------------------
register(
    {
        "conv_title": ("Ticket {id}: {subject}", "Заявка {id}: {subject}"),
        "conv_where": ("{channel} {where} · status: {status}", "{channel} {where} · статус: {status}"),
        "conv_fetched": ("answers last read from the desk {when}", "ответы последний раз прочитаны {when}"),
        "conv_never": ("answers not read from the desk yet: ticket show {id} --fetch", "ответы ещё не читались: ticket show {id} --fetch"),
        "conv_kind_ticket": ("the ticket as sent", "заявка как отправлена"),
        "conv_kind_reply": ("your follow-up", "ваше дополнение"),
        "conv_role_desk": ("desk", "техподдержка"),
        "conv_role_client": ("you", "вы"),
        "conv_new": ("new", "новое"),
        "conv_file": ("file", "файл"),
        "conv_no_text": ("(the ticket's text is no longer in the outbox)", "(текста заявки уже нет в исходящих)"),
    }
)

register_plural(
    {
        "conv_counts": (
            {"one": "{count} message, {new} new", "other": "{count} messages, {new} new"},
            {"one": "{count} сообщение, новых: {new}", "few": "{count} сообщения, новых: {new}",
             "many": "{count} сообщений, новых: {new}", "other": "{count} сообщения, новых: {new}"},
        ),
    }
)


def local_time(value: str) -> str:
    """An ISO 8601 time as this machine's local time, to the minute (as given when unreadable)."""
    from datetime import datetime, timezone

    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return value or "—"
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


def _item_head(item) -> tuple[str, bool]:
    """The heading of one message (when · who · what) and whether it is new."""
    role = t("conv_role_desk") if item.from_desk else t("conv_role_client")
    parts = [local_time(item.created), item.author or role]
    if item.kind == "ticket":
        parts.append(t("conv_kind_ticket"))
    elif item.kind == "reply":
        parts.append(t("conv_kind_reply"))
    else:
        parts.append(role)
    new = item.from_desk and not item.seen
    if new:
        parts.append(t("conv_new"))
    return " · ".join(parts), new


def conversation(conv, console=None) -> None:
    """A sent ticket's conversation (a :class:`ticketcli.conversation.Conversation`): plain text
    for a pipe or a file, rich panels on a terminal. Everything in it was made printable when it
    was read from the desk."""
    head = t("conv_title", id=conv.uuid[:8], subject=conv.subject or "—")
    where_line = t("conv_where", channel=conv.channel, where=where({"number": conv.number, "url": conv.url}), status=conv.status or "—")
    counts = tn("conv_counts", len(conv.items) - 1, new=conv.unseen)
    fetched = t("conv_fetched", when=local_time(conv.fetched)) if conv.fetched else t("conv_never", id=conv.uuid[:8])
    if console is None and not _is_terminal(sys.stdout):
        lines = [head, where_line, f"{counts}; {fetched}"]
        for item in conv.items:
            title, _ = _item_head(item)
            lines += ["", f"── {title} ──"]
            text = item.text or (t("conv_no_text") if item.kind == "ticket" else "")
            if text:
                lines.append(text.rstrip("\n"))
            lines += [f"  [{t('conv_file')}] {name}" for name, _ in item.attachments]
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()
        return
    from rich.panel import Panel
    from rich.text import Text

    con = console or out()
    con.print(Text(head, style="bold"))
    con.print(Text(f"{where_line}\n{counts}; {fetched}", style="dim"))
    for item in conv.items:
        title, new = _item_head(item)
        body = Text(item.text or (t("conv_no_text") if item.kind == "ticket" else ""))
        for name, _ in item.attachments:
            body.append(f"\n📎 {name}", style="cyan")
        style = "yellow" if new else ("blue" if item.from_desk else "")
        con.print(Panel(body, title=Text(title, style="bold" if new else ""), title_align="left", border_style=style, expand=True))


def inbox(items, console=None) -> None:
    """The tickets with unseen answers (:class:`ticketcli.conversation.InboxItem`), newest first."""
    rows = [(i.uuid[:8], i.channel, i.number or "—", i.status or "—", str(i.unseen), local_time(i.latest), i.author, i.subject) for i in items]
    columns = [t("col_id"), t("col_channel"), t("col_number"), t("col_status"), t("col_unseen"), t("col_latest"), t("col_from"), t("col_subject")]
    if console is None and not _is_terminal(sys.stdout):
        sys.stdout.write("\n".join("\t".join(row) for row in [columns, *rows]) + "\n")
        sys.stdout.flush()
        return
    table(columns, rows)


def _is_terminal(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def send_result(result) -> None:
    """One line for a delivery attempt (a :class:`ticketcli.delivery.SendResult`)."""
    if result.state == "sent":
        ok_line(result.message())
    elif result.state in ("waiting", "failed"):
        error_line(result.message())
    elif result.state == "busy":
        info_line(result.message())


# ---- the live view of a diagnosis (``ticket diagnose``, the wizard's offer) ---------------
register(
    {
        "diag_col_check": ("Check", "Проверка"),
        "diag_col_result": ("Result", "Результат"),
        "diag_col_time": ("Time", "Время"),
        "diag_running": ("checking…", "проверяется…"),
        "diag_skipped": ("skipped", "пропущено"),
        "diag_reason_ip_literal": ("an IP address: nothing to resolve", "IP-адрес: разрешать нечего"),
        "diag_reason_not_https": ("not HTTPS", "не HTTPS"),
        "diag_reason_after_failure": ("an earlier step failed", "предыдущий шаг не удался"),
        "diag_reason_no_time": ("the time limit ran out", "истёк лимит времени"),
        "diag_reason_no_address": ("no address given", "адрес не указан"),
        "diag_reason_no_tls_port": ("no port with TLS: the password is never sent unencrypted", "нет порта с TLS: пароль не отправляется без шифрования"),
        "diag_summary_ok": ("All checks passed ({seconds} s).", "Все проверки пройдены ({seconds} с)."),
        "diag_summary_failed": ("{failed} of {total} checks failed ({seconds} s).", "Не пройдено проверок: {failed} из {total} ({seconds} с)."),
    }
)


def result_text(check: Check, lang: str | None = None) -> str:
    from ..diagnose.model import FAILED, OK

    if check.status in (FAILED, OK):
        from ..diagnose.lines import problem_words, worded  # (also registers the words)

        lang = lang or get_lang()
        if check.status == FAILED:
            text = worded(check.error, lang)
            title = check.facts.get("title") if check.name == "http" else None
            if title and title not in text:
                text = f"{text} — «{title}»"
        else:
            text = _ok_text(check)
        words = problem_words(check.facts.get("tls") or check.facts, lang)
        if words:
            text = f"{text}: {words}"
        if check.facts.get("verified") is False and check.name == "http":
            text = f"{text} ({t('diag_unverified_mark', lang=lang)})"
        return text
    reason = check.facts.get("reason", "")
    key = f"diag_reason_{reason}"
    try:
        return f"{t('diag_skipped', lang=lang)}: {t(key, lang=lang)}"
    except KeyError:
        return t("diag_skipped", lang=lang)


def _ok_text(check: Check) -> str:
    f = check.facts
    name = check.name
    if name == "dns":
        return ", ".join([*f.get("a", []), *f.get("aaaa", [])]) + f"  ({f.get('resolver', '')})"
    if name == "mx":
        return ", ".join(f"{m['preference']} {m['exchange']}" for m in f.get("mx", []))
    if name == "tcp":
        return f"{f.get('address')}:{f.get('port')} {f.get('connect_ms')} ms"
    if name == "tls":
        return f"{f.get('protocol')}, {f.get('subject')}, {f.get('issuer')}, → {str(f.get('not_after', ''))[:10]}"
    if name == "http":
        text = f"{f.get('status_line')} {f.get('server', '')}".strip()
        return f"{text} — «{f['title']}»" if f.get("title") else text
    if name.startswith("login:"):
        return str(f.get("result", "ok"))
    parts = [str(f.get("banner", ""))]
    if "starttls" in f:
        parts.append("STARTTLS" if f["starttls"] else "no STARTTLS")
    tls = f.get("tls") or {}
    if tls.get("protocol"):
        parts.append(str(tls["protocol"]))
    return "; ".join(p for p in parts if p)


class LiveView:
    """``with LiveView(console) as view: run(progress=view.progress)``."""

    def __init__(self, console, live: bool = True):
        self.console = console
        self.live = live
        self.checks: list[Check] = []
        self.running: set[int] = set()
        self._lock = threading.Lock()
        self._live = None

    def progress(self, event: str, check: Check) -> None:
        with self._lock:
            if all(c is not check for c in self.checks):
                self.checks.append(check)
            if event == "start":
                self.running.add(id(check))
            else:
                self.running.discard(id(check))
        if self._live is not None:
            self._live.update(self.render())

    def render(self):
        from rich.markup import escape
        from rich.spinner import Spinner
        from rich.table import Table

        from ..diagnose.model import FAILED, OK

        marks = {OK: ("✓", "green"), FAILED: ("✗", "bold red")}
        with self._lock:
            started = bool(self.checks)
        if not started:
            # nothing to show yet: no header alone, which a redraw could leave behind above the table
            from rich.text import Text

            return Text("")
        table = Table(show_header=True, header_style="bold", box=None, padding=(0, 1))
        table.add_column("")
        table.add_column(t("diag_col_check"))
        table.add_column(t("diag_col_result"), overflow="fold")
        table.add_column(t("diag_col_time"), justify="right")
        with self._lock:
            rows = list(self.checks)
            running = set(self.running)
        for check in rows:
            if id(check) in running:
                table.add_row(Spinner("dots"), check.name, t("diag_running"), "")
                continue
            mark, style = marks.get(check.status, ("–", "dim"))
            ms = f"{check.duration * 1000:.0f} ms" if check.status != "skipped" else ""
            table.add_row(f"[{style}]{mark}[/]", escape(check.name), escape(result_text(check)), ms)
        return table

    def __enter__(self) -> "LiveView":
        if self.live:
            from rich.live import Live

            self._live = Live(self.render(), console=self.console, refresh_per_second=12, transient=False)
            self._live.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._live is not None:
            self._live.update(self.render())
            self._live.__exit__(*exc)
            self._live = None
        else:
            self.console.print(self.render())


def diagnosis_summary(diag: Diagnosis) -> tuple[bool, str]:
    from ..diagnose.model import FAILED

    failed = [c for c in diag.checks if c.status == FAILED]
    seconds = f"{diag.duration:.1f}"
    if not failed:
        return True, t("diag_summary_ok", seconds=seconds)
    return False, t("diag_summary_failed", failed=len(failed), total=len(diag.checks), seconds=seconds)


def run_with_view(fn, *, json_output: bool = False, console=None):
    """Run ``fn(progress=…)`` under the live view (a terminal) or silently (JSON, pipes)."""
    if json_output:
        return fn(progress=None)
    console = console or out()
    with LiveView(console, live=console.is_terminal) as view:
        return fn(progress=view.progress)
