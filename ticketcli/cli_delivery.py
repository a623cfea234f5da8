"""Delivery commands: ``send``, ``auth``, ``list``, ``show``, ``status``, ``reply``, ``outbox retry``.

Registered on :data:`ticketcli.cli.app` when :mod:`ticketcli.cli_more` imports this module. Like
the other command modules it imports only typer at the top; the channel, keyring and httpx are
imported inside the commands.
"""

from __future__ import annotations

import re
import sys
from typing import List, Optional

import typer

from . import commands
from .cli import app, outbox_app, group
from .errors import ExitCode, MissingInput, TicketError, UsageError
from .i18n import register, t

auth_app = group(help="API token and SMTP password, kept in the OS keyring.", no_args_is_help=True)
app.add_typer(auth_app, name="auth")

register(
    {
        "retry_moved": ("Ticket {id} is back in the queue.", "Заявка {id} снова в очереди."),
        "auth_prompt": ("{what} for profile '{profile}' (input hidden): ", "{what} для профиля «{profile}» (ввод скрыт): "),
        "auth_no_tty": (
            "No terminal to ask for the secret in. Pipe it with --stdin, e.g.: printenv TOKEN | ticket auth set api --stdin",
            "Нет терминала, чтобы спросить секрет. Передайте его через --stdin, например: printenv TOKEN | ticket auth set api --stdin",
        ),
        "auth_saved": ("{what} for profile '{profile}' saved in the keyring ({backend}).", "{what} для профиля «{profile}» сохранён в хранилище ключей ({backend})."),
        "auth_removed": ("{what} for profile '{profile}' removed from the keyring.", "{what} для профиля «{profile}» удалён из хранилища ключей."),
        "auth_src_env": ("set (environment variable {env})", "задан (переменная окружения {env})"),
        "auth_src_keyring": ("set (keyring)", "задан (хранилище ключей)"),
        "auth_src_missing": ("not set: ticket auth set {kind}{flag}", "не задан: ticket auth set {kind}{flag}"),
        "auth_src_no-keyring": ("no usable keyring; use {env}", "нет хранилища ключей; используйте {env}"),
        "no_history": ("No sent tickets yet.", "Отправленных заявок пока нет."),
        "status_now": ("Ticket {id} (#{number}): {status}", "Заявка {id} (№{number}): {status}"),
        "status_unknown": (
            "The {channel} channel cannot report a status; last known: {status}",
            "Канал {channel} не сообщает статус; последний известный: {status}",
        ),
        "reply_empty": ("Give the reply's text with --message (or --message - to read stdin).", "Укажите текст ответа через --message (или --message -, чтобы прочитать stdin)."),
        "reply_sent": ("Reply sent to ticket {id} via {channel}.", "Ответ к заявке {id} отправлен через {channel}."),
        "reply_new_problem": (
            "This reply looks like a new question. Rule 3: one request per question; for a new problem open a new ticket ('ticket new') with the problem in its subject.",
            "Похоже, это новый вопрос. Правило 3: один вопрос — одно обращение; о новой проблеме создайте новую заявку («ticket new») и укажите её в теме.",
        ),
        "col_channel": ("Channel", "Канал"),
        "col_number": ("Number", "Номер"),
        "col_status": ("Status", "Статус"),
        "col_sent": ("Sent", "Отправлена"),
        "delivery_key": ("Idempotency key: {key}", "Ключ идемпотентности: {key}"),
        "delivery_reason": ("Reason: {reason}", "Причина: {reason}"),
        "delivery_attempts": ("Attempts: {n}", "Попыток: {n}"),
        "delivery_receipt": ("Delivered via {channel}: {where}", "Доставлена через {channel}: {where}"),
    }
)


# ---- send ----------------------------------------------------------------------------------
@app.command()
def send(
    item_id: Optional[str] = typer.Argument(None, help="The outbox ticket to send (a unique prefix is enough)."),
    all_: bool = typer.Option(False, "--all", help="Send every waiting ticket (and recover interrupted ones)."),
    json_output: bool = typer.Option(False, "--json", help="Print the results as JSON."),
) -> None:
    """Deliver tickets from the outbox through the profile's channel (api or email)."""
    commands.send(item_id=item_id, all_=all_, json_output=json_output)


# ---- outbox retry / show -------------------------------------------------------------------
@outbox_app.command("retry")
def outbox_retry(
    item_id: str = typer.Argument(..., help="The failed ticket's id."),
    no_send: bool = typer.Option(False, "--no-send", help="Only put it back in the queue."),
    json_output: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Put a refused ticket back in the queue (after fixing the cause) and send it again."""
    from . import render
    from .delivery import retry_failed
    from .outbox import Outbox

    item = Outbox().get(item_id)
    moved = retry_failed(item)
    profile = commands.override_profile() or _profile_or_default(moved.ticket().profile)
    if no_send or profile.get("backend", "outbox") == "outbox":
        render.ok_line(t("retry_moved", id=moved.short_id))
        return
    commands.send(item_id=moved.uuid, json_output=json_output)


@outbox_app.command("show")
def outbox_show(item_id: str, json_output: bool = typer.Option(False, "--json", help="Print ticket.json and the delivery record.")) -> None:
    """Show a ticket in the outbox, its state, where its files are and how delivery went."""
    from . import render
    from .compose import render_text
    from .outbox import Outbox

    item = Outbox().get(item_id)
    ticket = item.ticket()
    record = item.record()
    # message.eml exists only for a ticket that waited in the outbox (not for one delivered at
    # its first attempt): its path is given only when it is there.
    message = str(item.message_path) if item.has_message() else None
    if json_output:
        render.json_out({"id": item.uuid, "state": item.state, "path": str(item.path), "message": message, "ticket": ticket.to_dict(), "delivery": record or None})
        return
    render.ticket_preview(ticket.subject or "", render_text(ticket), f"{item.short_id} · {item.state}")
    render.plain(message or str(item.path))
    if record:
        render.plain(t("delivery_key", key=record.get("idempotency_key", "")))
        attempts = [a for a in record.get("attempts", []) if a.get("outcome") != "delivered"]
        if attempts:
            render.plain(t("delivery_attempts", n=len(attempts)))
        error = record.get("last_error")
        if error:
            render.plain(t("delivery_reason", reason=error.get("reason", "")))
        receipt = record.get("receipt")
        if receipt:
            render.plain(t("delivery_receipt", channel=receipt.get("channel", ""), where=_where(receipt)))


def _where(receipt: dict) -> str:
    parts = []
    if receipt.get("number"):
        parts.append(f"#{receipt['number']}")
    elif receipt.get("id"):
        parts.append(f"id {receipt['id']}")
    if receipt.get("url"):
        parts.append(receipt["url"])
    return " ".join(parts) or "—"


# ---- auth ----------------------------------------------------------------------------------
def _auth_profile(profile: Optional[str]) -> str:
    from . import config
    from .fsutil import is_safe_id

    name = profile or commands.state.get("profile") or config.load().default
    if not is_safe_id(name):
        raise UsageError(t("bad_id", value=name))
    return name


@auth_app.command("set")
def auth_set(
    kind: str = typer.Argument(..., help="api (the support API token) or smtp (the SMTP password)."),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="Profile the secret belongs to."),
    stdin: bool = typer.Option(False, "--stdin", help="Read the secret from the first line of stdin (for scripts)."),
) -> None:
    """Store a secret in the OS keyring; asked with hidden input, never taken as an argument."""
    from . import render, secrets

    secrets._check_kind(kind)
    name = _auth_profile(profile)
    if stdin:
        value = sys.stdin.readline().rstrip("\r\n")
    else:
        if not sys.stdin.isatty():
            raise MissingInput(t("auth_no_tty"))
        import getpass

        try:
            value = getpass.getpass(t("auth_prompt", what=t(f"secret_what_{kind}"), profile=name))
        except (EOFError, KeyboardInterrupt):
            raise TicketError(t("stopped"), exit_code=ExitCode.INTERRUPTED) from None
    backend = secrets.set_secret(kind, name, value)
    render.ok_line(t("auth_saved", what=t(f"secret_what_{kind}"), profile=name, backend=backend))


@auth_app.command("rm")
def auth_rm(
    kind: str = typer.Argument(..., help="api or smtp."),
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="Profile the secret belongs to."),
) -> None:
    """Remove a secret from the keyring."""
    from . import render, secrets

    name = _auth_profile(profile)
    secrets.delete_secret(kind, name)
    render.ok_line(t("auth_removed", what=t(f"secret_what_{kind}"), profile=name))


@auth_app.command("status")
def auth_status(
    profile: Optional[str] = typer.Option(None, "--profile", "-p", help="Profile to check."),
    json_output: bool = typer.Option(False, "--json", help="Print as JSON."),
) -> None:
    """Which secrets are set and where they come from (never their values)."""
    from . import render, secrets

    name = _auth_profile(profile)
    state = secrets.status(name)
    if json_output:
        render.json_out({"profile": name, "keyring": _backend_name(), "secrets": state})
        return
    flag = "" if name == "default" else f" --profile {name}"
    rows = [(kind, t(f"auth_src_{src}", env=secrets.ENV[kind], kind=kind, flag=flag)) for kind, src in state.items()]
    render.table(["secret", f"profile '{name}' · {_backend_name()}"], rows)


def _backend_name() -> str:
    from . import secrets

    try:
        return secrets.backend_name()
    except Exception:  # noqa: BLE001 - a broken keyring must not break a status report
        return "?"


# ---- history: list / show / status / reply -------------------------------------------------
@app.command("list")
def list_sent(json_output: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Sent tickets, newest first, with the desk's number and last known status."""
    from . import render
    from .history import History

    entries = History().list()
    if json_output:
        render.json_out(entries)
        return
    if not entries:
        render.info_line(t("no_history"))
        return
    render.table(
        [t("col_id"), t("col_channel"), t("col_number"), t("col_status"), t("col_subject"), t("col_sent")],
        [
            (e["uuid"][:8], e.get("receipt", {}).get("channel", ""), e.get("receipt", {}).get("number", ""), e.get("status", ""), e.get("subject", ""), e.get("sent", ""))
            for e in entries
        ],
    )


@app.command("show")
def show_sent(ticket_id: str, json_output: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """A sent ticket: where it went, its status, replies, and its text."""
    from . import render
    from .compose import render_text
    from .history import History
    from .outbox import Outbox

    entry = History().get(ticket_id)
    item = Outbox().find(entry["uuid"])
    if json_output:
        render.json_out({**entry, "path": str(item.path) if item else None})
        return
    receipt = entry.get("receipt", {})
    title = f"{entry['uuid'][:8]} · {receipt.get('channel', '')} {_where(receipt)} · {entry.get('status', '')}"
    if item is not None:
        ticket = item.ticket()
        render.ticket_preview(ticket.subject or "", render_text(ticket), title)
    else:
        render.plain(title)
    for reply in entry.get("replies", []):
        render.plain(f"— {reply.get('at', '')}: {reply.get('text', '')}")


def _entry_backend(entry):
    from . import channels as backends

    profile = commands.override_profile() or _profile_or_default(entry.get("profile"))
    from .channels.base import PermanentError
    from .errors import ConfigError

    try:
        return backends.load(profile, entry.get("receipt", {}).get("channel", "")), profile
    except PermanentError as exc:
        raise ConfigError(exc.message) from None


def _profile_or_default(name):
    from . import config

    return config.load().profile_or_default(name)


@app.command("status")
def status_cmd(ticket_id: str, json_output: bool = typer.Option(False, "--json", help="Print as JSON.")) -> None:
    """Ask the desk for a sent ticket's current status."""
    from . import render
    from .channels.base import DeliveryFailure, Receipt
    from .errors import DeliveryError
    from .history import History

    hist = History()
    entry = hist.get(ticket_id)
    receipt = Receipt.from_dict(entry.get("receipt", {}))
    backend, _ = _entry_backend(entry)
    refreshed = False
    if backend is not None:
        with backend:
            try:
                now = backend.status(receipt)
            except DeliveryFailure as exc:
                raise DeliveryError(exc.message) from None
        if now and now != entry.get("status"):
            entry["status"] = now
            entry.setdefault("receipt", {})["status"] = now
            hist.save(entry)
        refreshed = backend.reads_status
    if json_output:
        render.json_out({"id": entry["uuid"], "status": entry.get("status", ""), "refreshed": refreshed, "receipt": entry.get("receipt")})
    elif refreshed:
        render.ok_line(t("status_now", id=entry["uuid"][:8], number=receipt.number or receipt.id, status=entry.get("status", "")))
    else:
        render.info_line(t("status_unknown", channel=receipt.channel, status=entry.get("status", "") or "—"))


_NEW_PROBLEM = re.compile(
    r"\b(another (problem|question|issue)|new (problem|question|issue)|one more (thing|question)|by the way|"
    r"unrelated|different (problem|issue|question)|also)\b|"
    r"(друг(ая|ой|ое) (проблем|вопрос|сайт|домен)|нов(ая|ый) (проблем|вопрос)|ещё (один )?вопрос|еще (один )?вопрос|"
    r"кстати|заодно|ещё одна проблема|еще одна проблема|а также)",
    re.IGNORECASE,
)


def looks_like_new_problem(text: str) -> bool:
    """Rule 3's heuristic: words that announce a new, unrelated question."""
    return bool(_NEW_PROBLEM.search(text))


@app.command("reply")
def reply(
    ticket_id: str,
    message: Optional[str] = typer.Option(None, "--message", "-m", help="The reply's text ('-' reads stdin)."),
    attach: List[str] = typer.Option([], "--attach", "-a", help="A file to attach; repeatable."),
    json_output: bool = typer.Option(False, "--json", help="Print the result as JSON."),
) -> None:
    """Send a follow-up on a sent ticket (a new problem deserves a new ticket: rule 3)."""
    import uuid as uuidlib
    from pathlib import Path

    from . import render, validate
    from .channels.base import Attachment, DeliveryFailure, Receipt
    from .errors import ConfigError, DeliveryError
    from .history import History
    from .model import now_iso
    from .store import check_attachment

    if message == "-":
        message = sys.stdin.read()
    if not message or not message.strip():
        raise MissingInput(t("reply_empty"))
    text = validate.text(message, "message")
    hist = History()
    entry = hist.get(ticket_id)
    backend, profile = _entry_backend(entry)
    if backend is None:
        raise ConfigError(t("no_channel", profile=profile.name, path="outbox"))
    files = [Path(check_attachment(a, profile.max_attachment_bytes)) for a in attach]
    if looks_like_new_problem(text):
        render.info_line(t("reply_new_problem"))
    key = str(uuidlib.uuid4())
    with backend:
        try:
            answer = backend.follow_up(Receipt.from_dict(entry["receipt"]), text, [Attachment(p.name, p) for p in files], key, subject=entry.get("subject", ""))
        except DeliveryFailure as exc:
            raise DeliveryError(exc.message) from None
    entry.setdefault("replies", []).append({"at": now_iso(), "id": str(answer.get("id", "")), "text": text, "attachments": [p.name for p in files]})
    hist.save(entry)
    if json_output:
        render.json_out({"id": entry["uuid"], "reply": answer, "channel": backend.name})
    else:
        render.ok_line(t("reply_sent", id=entry["uuid"][:8], channel=backend.name))
