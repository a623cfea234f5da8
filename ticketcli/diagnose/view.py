"""The live view of a diagnosis for people: one row per check, a spinner while it runs.

Rich is imported here only, and only when a terminal shows the view; scripts use ``--json``.
"""

from __future__ import annotations

import threading
from typing import Any

from ..i18n import register, t
from .model import FAILED, OK, Check, Diagnosis

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
    if check.status == FAILED:
        return check.error
    if check.status == OK:
        return _ok_text(check)
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
        return f"{f.get('status_line')} {f.get('server', '')}".strip()
    if name.startswith("login:"):
        return str(f.get("result", "ok"))
    parts = [str(f.get("banner", ""))]
    if "starttls" in f:
        parts.append("STARTTLS" if f["starttls"] else "no STARTTLS")
    tls = f.get("tls") or {}
    if tls.get("protocol"):
        parts.append(str(tls["protocol"]))
    return "; ".join(p for p in parts if p)


_MARK = {OK: ("✓", "green"), FAILED: ("✗", "bold red")}


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
            mark, style = _MARK.get(check.status, ("–", "dim"))
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


def summary(diag: Diagnosis) -> tuple[bool, str]:
    failed = [c for c in diag.checks if c.status == FAILED]
    seconds = f"{diag.duration:.1f}"
    if not failed:
        return True, t("diag_summary_ok", seconds=seconds)
    return False, t("diag_summary_failed", failed=len(failed), total=len(diag.checks), seconds=seconds)


def run_with_view(fn, *, json_output: bool = False, console=None):
    """Run ``fn(progress=…)`` under the live view (a terminal) or silently (JSON, pipes)."""
    from .. import render

    if json_output:
        return fn(progress=None)
    console = console or render.out()
    with LiveView(console, live=console.is_terminal) as view:
        return fn(progress=view.progress)
