"""The provider's support API (docs/support-api.yaml): the channel rule 4 prefers.

TLS always verified (the profile's ``ca_bundle`` adds a self-hosted desk's CA; there is no switch
to turn verification off), bounded time-outs, the ticket UUID as ``Idempotency-Key``,
attachments streamed from disk in a multipart body after their sizes are checked against
``max_attachment_mb``. Plain ``http://`` is accepted only for loopback hosts, so the bearer token
never crosses a network in clear text.

The requests go over :mod:`ticketcli.backends.wire` (HTTP/1.1 with keep-alive connections
shared by the sending threads), not httpx: this is the channel a
scripted ``ticket new`` and ``ticket send --all`` use, and httpx's import alone was a quarter of
the former. The helpdesk channels (:mod:`ticketcli.backends.http`) use httpx over the same wire.
This module's helpers (status mapping, problem documents, Retry-After) read only what both kinds
of response have: ``status_code``, ``headers.get``, ``json()``, ``text``, ``reason_phrase``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlsplit

from .. import __version__
from ..compose import render_text
from ..config import Profile
from ..i18n import register, t
from ..model import new_uuid
from .base import Attachment, Backend, Outgoing, PermanentError, Receipt, RetryableError, check_sizes
from .wire import Client, Part, WireError, json_body

TYPE_CHECKING = False  # typing is for type checkers: importing it slows every command
if TYPE_CHECKING:
    import ssl
    from typing import Any

LOOPBACK = {"127.0.0.1", "::1", "localhost"}

register(
    {
        "api_no_url": (
            "The API channel needs the desk's address: ticket config set api_url https://support.example.ru/api",
            "Для канала API нужен адрес техподдержки: ticket config set api_url https://support.example.ru/api",
        ),
        "api_plain_http": (
            "api_url {url} is plain http to a remote host: the token would travel in clear text. Use https://.",
            "api_url {url} — незащищённый http к удалённому узлу: токен ушёл бы открытым текстом. Используйте https://.",
        ),
        "api_ca_bad": (
            "ca_bundle {path} cannot be used: {reason}. Point it to the desk's CA certificate (PEM).",
            "ca_bundle {path} не подходит: {reason}. Укажите сертификат УЦ техподдержки (PEM).",
        ),
        "api_auth": (
            "The desk refused the API token (HTTP 401{reason}). Set a valid one with 'ticket auth set api{flag}', then 'ticket outbox retry ID'.",
            "Техподдержка отклонила API-токен (HTTP 401{reason}). Задайте верный: «ticket auth set api{flag}», затем «ticket outbox retry ID».",
        ),
        "api_refused": (
            "The desk refused the ticket (HTTP {status}): {reason}",
            "Техподдержка отклонила заявку (HTTP {status}): {reason}",
        ),
        "api_busy": (
            "The desk is busy (HTTP {status}); it asks to retry{after}.",
            "Техподдержка перегружена (HTTP {status}); просит повторить{after}.",
        ),
        "api_after": (" in {seconds} s", " через {seconds} с"),
        "api_server": (
            "The desk's server failed (HTTP {status}).",
            "Сбой сервера техподдержки (HTTP {status}).",
        ),
        "api_timeout": (
            "The desk did not answer in time ({url}).",
            "Техподдержка не ответила вовремя ({url}).",
        ),
        "api_network": (
            "Cannot reach the desk at {url}: {reason}.",
            "Не удаётся связаться с техподдержкой по адресу {url}: {reason}.",
        ),
        "api_tls": (
            "The desk's TLS certificate cannot be verified ({reason}). For a self-hosted desk set its CA: ticket config set ca_bundle /path/ca.pem",
            "Сертификат TLS техподдержки не прошёл проверку ({reason}). Для собственной техподдержки укажите её УЦ: ticket config set ca_bundle /путь/ca.pem",
        ),
        "api_proxy_auth": (
            "The proxy refused the credentials (HTTP 407). Check the user and password in HTTPS_PROXY / HTTP_PROXY, then 'ticket outbox retry ID'.",
            "Прокси-сервер отклонил учётные данные (HTTP 407). Проверьте имя и пароль в HTTPS_PROXY / HTTP_PROXY, затем «ticket outbox retry ID».",
        ),
        "api_bad_answer": (
            "The desk answered HTTP {status} without the ticket's id.",
            "Техподдержка ответила HTTP {status} без номера заявки.",
        ),
    }
)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²".isdigit() is True, and float() refuses it
        return float(value)
    from email.utils import parsedate_to_datetime  # only for a Retry-After given as a date

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def problem_reason(response) -> str:
    """The human part of an RFC 9457 problem document (or of whatever the server sent)."""
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip().splitlines()
        return (text[0][:300] if text else "") or response.reason_phrase
    if not isinstance(body, dict):
        return response.reason_phrase
    parts = [str(body.get("detail") or body.get("title") or response.reason_phrase)]
    errors = body.get("errors")
    if isinstance(errors, list):
        for err in errors[:5]:
            if isinstance(err, dict):
                where = err.get("pointer") or err.get("field") or ""
                parts.append(f"{where}: {err.get('detail') or err.get('message') or ''}".strip(": "))
    return "; ".join(p for p in parts if p)


_PERMANENT_KIND = {400: "rejected", 403: "forbidden", 404: "not_found", 409: "conflict", 413: "too_large", 422: "rejected"}


def ca_verify(profile: Profile) -> "ssl.SSLContext | bool":
    """What an HTTP channel verifies TLS with: the profile's ``ca_bundle``, else True (the CAs
    httpx trusts by default: see :func:`wire.default_context`)."""
    ca = profile.get("ca_bundle")
    if not ca:
        return True
    import ssl  # only with a CA bundle to load: plain http to a loopback desk never needs it

    try:
        return ssl.create_default_context(cafile=ca)
    except (OSError, ssl.SSLError) as exc:
        raise PermanentError(t("api_ca_bad", path=ca, reason=getattr(exc, "strerror", None) or exc), kind="config") from None


def transport_failure(kind: str, url: str, reason: str, verify_message: str = "") -> "PermanentError | RetryableError":
    """What a request that got no answer means for delivery. ``kind``: tls (the desk's
    certificate did not verify) and proxy_auth (the proxy wants other credentials) are
    configuration problems, not retried; timeout, or anything else (the network), is retried."""
    if kind == "tls":
        return PermanentError(t("api_tls", reason=verify_message or "certificate verify failed"), kind="tls")
    if kind == "proxy_auth":
        return PermanentError(t("api_proxy_auth"), kind="config", status=407)
    if kind == "timeout":
        return RetryableError(t("api_timeout", url=url), kind="timeout")
    return RetryableError(t("api_network", url=url, reason=reason), kind="network")


def _scalar(value: Any) -> bool:
    """A non-empty string or number (not a bool): what an id, number, URL or status can be."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value) != ""


class ApiBackend(Backend):
    name = "api"
    secret_kind = "api"
    #: One :class:`wire.Client` (thread-safe, pooled keep-alive connections) serves every sending
    #: thread of a run, so ``ticket send --all`` reuses connections.
    thread_safe = True

    def __init__(self, profile: Profile, secret: str | None = None):
        super().__init__(profile, secret)
        base = profile.get("api_url")
        if not base:
            raise PermanentError(t("api_no_url"), kind="config")
        if "://" not in base:
            base = "https://" + base
        parts = urlsplit(base)
        if parts.scheme == "http" and (parts.hostname or "") not in LOOPBACK:
            raise PermanentError(t("api_plain_http", url=base), kind="config")
        self.base = base.rstrip("/")
        seconds = float(profile.get("timeout", "30"))
        headers = {"User-Agent": f"ticketcli/{__version__}", "Accept": "application/json"}
        if secret:
            headers["Authorization"] = f"Bearer {secret}"
        try:
            # The CAs are loaded on the first https connection (none for loopback http).
            self.client = Client(self.base, headers=headers, timeout=seconds, connect_timeout=min(seconds, 10.0), verify=ca_verify(profile))
        except WireError as exc:
            raise PermanentError(t("api_network", url=self.base, reason=exc), kind="config") from None

    def close(self) -> None:
        self.client.close()

    # -- requests --------------------------------------------------------------------------
    def _post(self, path: str, doc: dict[str, Any], attachments: list[Attachment], key: str):
        check_sizes(attachments, self.profile.max_attachment_bytes)
        headers = {"Idempotency-Key": key}
        if attachments:
            # Files are read from disk chunk by chunk while the body is sent, never whole.
            parts = [Part("ticket", "application/json", data=json_body(doc))]
            parts += [Part("attachments", mime_type(att.name), path=att.path, filename=att.name) for att in attachments]
            return self._call("POST", path, headers=headers, parts=parts)
        return self._call("POST", path, headers=headers, json=doc)

    def _call(self, method: str, path: str, **kwargs: Any):
        try:
            response = self.client.request(method, path, **kwargs)
        except WireError as exc:
            raise transport_failure(exc.kind, self.base, short_reason(exc), exc.verify_message) from None
        self._raise_for(response)
        return response

    def _raise_for(self, response) -> None:
        code = response.status_code
        if code < 300:
            return
        if code in (429, 503):
            after = parse_retry_after(response.headers.get("Retry-After"))
            when = t("api_after", seconds=f"{after:g}") if after is not None else ""
            raise RetryableError(t("api_busy", status=code, after=when), kind="rate_limited" if code == 429 else "server", status=code, retry_after=after)
        if code >= 500:
            raise RetryableError(t("api_server", status=code), kind="server", status=code)
        if code == 407:  # from a proxy on the way (plain http through HTTP_PROXY)
            raise transport_failure("proxy_auth", self.base, "")
        reason = problem_reason(response)
        if code == 401:
            flag = "" if self.profile.name == "default" else f" --profile {self.profile.name}"
            raise PermanentError(t("api_auth", reason=f": {reason}" if reason else "", flag=flag), kind="auth", status=code)
        raise PermanentError(t("api_refused", status=code, reason=reason), kind=_PERMANENT_KIND.get(code, "rejected"), status=code)

    # -- the interface -----------------------------------------------------------------------
    def submit(self, out: Outgoing) -> Receipt:
        tk = out.ticket
        doc = {
            "uuid": tk.uuid,
            "type": tk.type,
            "lang": tk.lang,
            "subject": tk.subject or "",
            "text": render_text(tk),
            "contract": tk.contract,
            "domain": tk.domain,
            "contact_email": self.profile.get("contact_email") or tk.contact_email,
            "fields": tk.fields,
            "created": tk.created,
        }
        response = self._post("/tickets", doc, out.attachments, out.idempotency_key)
        return self._receipt(response)

    def _receipt(self, response) -> Receipt:
        try:
            body = response.json()
        except ValueError:
            body = None
        if not isinstance(body, dict) or not _scalar(body.get("id")):
            raise PermanentError(t("api_bad_answer", status=response.status_code), kind="protocol", status=response.status_code)

        def text(key: str) -> str:  # a desk's odd value (an object, a list) is dropped, not echoed
            value = body.get(key)
            return str(value)[:2000] if _scalar(value) else ""

        return Receipt(channel=self.name, id=text("id"), number=text("number"), url=text("url"), status=text("status"))

    def status(self, receipt: Receipt) -> str:
        response = self._call("GET", f"/tickets/{segment(receipt.id)}")
        return self._receipt(response).status

    def follow_up(self, receipt: Receipt, text: str, attachments: list[Attachment], key: str | None = None, *, subject: str = "") -> dict[str, Any]:
        response = self._post(f"/tickets/{segment(receipt.id)}/messages", {"text": text}, attachments, key or new_uuid())
        try:
            body = response.json()
        except ValueError:
            body = {}
        return body if isinstance(body, dict) else {}


def segment(value: str) -> str:
    """``value`` as one URL path segment (every reserved character escaped)."""
    from urllib.parse import quote

    return quote(str(value), safe="")


def mime_type(name: str) -> str:
    import mimetypes  # only for a ticket with attachments

    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def short_reason(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
