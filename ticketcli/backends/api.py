"""The provider's support API (docs/support-api.yaml): the channel rule 4 prefers.

httpx with TLS always verified (the profile's ``ca_bundle`` adds a self-hosted desk's CA; there
is no switch to turn verification off), bounded time-outs, the ticket UUID as
``Idempotency-Key``, attachments streamed from disk in a multipart body after their sizes are
checked against ``max_attachment_mb``. Plain ``http://`` is accepted only for loopback hosts,
so the bearer token never crosses a network in clear text.
"""

from __future__ import annotations

import json
import mimetypes
import ssl
import uuid as uuidlib
from contextlib import ExitStack
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urlsplit

import httpx

from .. import __version__
from ..compose import render_text
from ..config import Profile
from ..i18n import register, t
from .base import Attachment, Backend, Outgoing, PermanentError, Receipt, RetryableError, check_sizes

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
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - (now or datetime.now(timezone.utc))).total_seconds())


def problem_reason(response: httpx.Response) -> str:
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


def http_transport(verify: "ssl.SSLContext | bool", max_idle: int = 32) -> "httpx.BaseTransport":
    """The transport every HTTP channel uses (:mod:`ticketcli.backends.transport`): TLS as given,
    no Nagle delay, up to ``max_idle`` keep-alive connections per host."""
    from .transport import StdlibTransport

    return StdlibTransport(verify, max_idle=max_idle)


def ca_verify(profile: Profile) -> "ssl.SSLContext | bool":
    """What an HTTP channel verifies TLS with: the profile's ``ca_bundle``, else the system's CAs."""
    ca = profile.get("ca_bundle")
    if not ca:
        return True
    try:
        return ssl.create_default_context(cafile=ca)
    except (OSError, ssl.SSLError) as exc:
        raise PermanentError(t("api_ca_bad", path=ca, reason=getattr(exc, "strerror", None) or exc), kind="config") from None


def _scalar(value: Any) -> bool:
    """A non-empty string or number (not a bool): what an id, number, URL or status can be."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value) != ""


class ApiBackend(Backend):
    name = "api"
    secret_kind = "api"
    #: One ``httpx.Client`` (thread-safe, pooled keep-alive connections) serves every sending
    #: thread of a run, so ``ticket send --all`` reuses connections.
    thread_safe = True

    def __init__(self, profile: Profile, secret: str | None = None, *, transport: httpx.BaseTransport | None = None):
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
        # The system's CAs are loaded on the first https connection (none for loopback http).
        verify = ca_verify(profile)
        seconds = float(profile.get("timeout", "30"))
        headers = {"User-Agent": f"ticketcli/{__version__}", "Accept": "application/json"}
        if secret:
            headers["Authorization"] = f"Bearer {secret}"
        self.client = httpx.Client(
            base_url=self.base,
            verify=verify,
            timeout=httpx.Timeout(seconds, connect=min(seconds, 10.0)),
            headers=headers,
            follow_redirects=False,
            transport=transport or http_transport(verify),
        )

    def close(self) -> None:
        self.client.close()

    # -- requests --------------------------------------------------------------------------
    def _post(self, path: str, doc: dict[str, Any], attachments: list[Attachment], key: str) -> httpx.Response:
        check_sizes(attachments, self.profile.max_attachment_bytes)
        headers = {"Idempotency-Key": key}
        with ExitStack() as stack:
            if attachments:
                files: list[tuple[str, Any]] = [
                    ("ticket", (None, json.dumps(doc, ensure_ascii=False).encode("utf-8"), "application/json"))
                ]
                for att in attachments:
                    # An open file: httpx reads it in chunks while sending, never whole.
                    files.append(("attachments", (att.name, stack.enter_context(open(att.path, "rb")), mime_type(att.name))))
                return self._call("POST", path, headers=headers, files=files)
            return self._call("POST", path, headers=headers, json=doc)

    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.TimeoutException:
            raise RetryableError(t("api_timeout", url=self.base), kind="timeout") from None
        except httpx.ConnectError as exc:
            if isinstance(exc.__context__, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(exc):
                reason = getattr(exc.__context__, "verify_message", None) or "certificate verify failed"
                raise PermanentError(t("api_tls", reason=reason), kind="tls") from None
            raise RetryableError(t("api_network", url=self.base, reason=_short(exc)), kind="network") from None
        except httpx.TransportError as exc:
            raise RetryableError(t("api_network", url=self.base, reason=_short(exc)), kind="network") from None
        self._raise_for(response)
        return response

    def _raise_for(self, response: httpx.Response) -> None:
        code = response.status_code
        if code < 300:
            return
        if code in (429, 503):
            after = parse_retry_after(response.headers.get("Retry-After"))
            when = t("api_after", seconds=f"{after:g}") if after is not None else ""
            raise RetryableError(t("api_busy", status=code, after=when), kind="rate_limited" if code == 429 else "server", status=code, retry_after=after)
        if code >= 500:
            raise RetryableError(t("api_server", status=code), kind="server", status=code)
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

    def _receipt(self, response: httpx.Response) -> Receipt:
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
        response = self._post(f"/tickets/{segment(receipt.id)}/messages", {"text": text}, attachments, key or str(uuidlib.uuid4()))
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
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _short(exc: Exception) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0][:200]
