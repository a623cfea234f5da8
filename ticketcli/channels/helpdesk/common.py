"""Shared HTTP plumbing of the helpdesk channels (Request Tracker, Zendesk, Freshdesk, Zammad,
osTicket, Jira Service Management, GitHub, GitLab).

One place for what every helpdesk adapter needs and the support-API channel already does in
:mod:`ticketcli.channels.api`: the profile's ``helpdesk_url`` (``http://`` only for loopback
hosts), TLS always verified with the profile's ``ca_bundle``, bounded time-outs, and the mapping
of transport failures and HTTP statuses to :class:`RetryableError` / :class:`PermanentError`.

The helpers of ``api.py`` are imported, not copied: what a failed request means for delivery
(:func:`request_failure`), the status mapping (:meth:`ApiBackend._raise_for`), the Retry-After
parser and the problem-document reader. Requests go through the httpx client every channel
gets from :mod:`ticketcli.channels.http` (httpx's own transport: environment proxies, but never
for a loopback desk). On top of them this module adds what helpdesks send and the support API
does not: ``X-RateLimit-Remaining: 0`` with ``X-RateLimit-Reset`` (epoch seconds, delta seconds
or an ISO date), and a 401 message that names ``ticket auth set helpdesk``.

Rendering for desks that want HTML (:func:`render_html`) escapes every character of the user's
text: no user HTML ever reaches a desk as markup.
"""

from __future__ import annotations

import base64
import html
import math
import time
from contextlib import ExitStack
from datetime import datetime, timezone
from typing import Any, Iterator
from urllib.parse import urlsplit

import httpx

from ...i18n import register, t
from ...message import identification, propose_subject, render_text
from ...model import Ticket
from ...store.config import Profile
from .. import http
from ...validate import printable
from ..api import REASON_LIMIT, _PERMANENT_KIND, ApiBackend, build_client, download, mime_type, parse_retry_after, problem_reason, request_failure, segment
from ..base import Attachment, Backend, PermanentError, Receipt, RetryableError, check_sizes

#: Pages of a desk's list (comments, conversations, notes) read at most for one ticket.
MAX_PAGES = 100

register(
    {
        "hd_no_url": (
            "The {desk} channel needs the desk's address: ticket config set helpdesk_url {example}",
            "Для канала {desk} нужен адрес техподдержки: ticket config set helpdesk_url {example}",
        ),
        "hd_missing": (
            "The {desk} channel needs {what}: ticket config set {key} {example}",
            "Для канала {desk} нужно {what}: ticket config set {key} {example}",
        ),
        "hd_plain_http": (
            "helpdesk_url {url} is plain http to a remote host: the credentials would travel in clear text. Use https://.",
            "helpdesk_url {url} — незащищённый http к удалённому узлу: учётные данные ушли бы открытым текстом. Используйте https://.",
        ),
        "hd_auth": (
            "{desk} refused the credentials (HTTP 401{reason}). Set a valid token with 'ticket auth set helpdesk{flag}' (and check helpdesk_user), then 'ticket outbox retry ID'.",
            "{desk} отклонил учётные данные (HTTP 401{reason}). Задайте верный токен: «ticket auth set helpdesk{flag}» (и проверьте helpdesk_user), затем «ticket outbox retry ID».",
        ),
        "hd_rate_limited": (
            "{desk} rate limit reached (HTTP {status}); it resets{after}.",
            "Исчерпан лимит запросов {desk} (HTTP {status}); он сбросится{after}.",
        ),
        "hd_bad_answer": (
            "{desk} answered HTTP {status} without the ticket's number.",
            "{desk} ответил HTTP {status} без номера заявки.",
        ),
        "hd_total_too_big": (
            "The attachments total {size} MB; {desk} accepts at most {limit} MB per ticket. Send fewer or smaller files.",
            "Вложения занимают {size} МБ, а {desk} принимает не больше {limit} МБ на заявку. Приложите меньше файлов или файлы поменьше.",
        ),
        "hd_partial": (
            "{desk} created ticket {number} ({url}), but adding its attachments failed: {reason} Do not retry the ticket (that would open a second one); send the files with 'ticket reply ID --attach FILE'.",
            "{desk} создал заявку {number} ({url}), но вложения добавить не удалось: {reason} Не повторяйте отправку (откроется вторая заявка); пришлите файлы командой «ticket reply ID --attach ФАЙЛ».",
        ),
    }
)


def parse_rate_reset(value: str | None, now: float | None = None) -> float | None:
    """Seconds until an ``X-RateLimit-Reset`` (epoch seconds, delta seconds or an ISO 8601 date)."""
    if not value:
        return None
    value = value.strip()
    now = time.time() if now is None else now
    try:
        number = float(value)
        if not math.isfinite(number):
            return None
    except ValueError:
        try:
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        return max(0.0, when.timestamp() - now)
    # Epoch seconds are large; a small number is a delta (GitLab's RateLimit-Reset is epoch too).
    if number > 1_000_000_000:
        return max(0.0, number - now)
    return max(0.0, number)


def desk_reason(response: httpx.Response) -> str:
    """The human part of a desk's error answer: an RFC 9457 problem (``detail``/``title``), or the
    ``message`` / ``error`` / ``description`` / ``errors`` the helpdesks send, or the first line of
    a text answer."""
    try:
        body = response.json()
    except ValueError:
        return problem_reason(response)
    if not isinstance(body, dict):
        return problem_reason(response)
    parts: list[str] = []
    for key in ("detail", "title", "message", "error", "description", "errorMessage"):
        value = body.get(key)
        if isinstance(value, dict):
            value = value.get("message") or value.get("title")
        if isinstance(value, str) and value.strip() and value.strip() not in parts:
            parts.append(value.strip()[:300])
    errors = body.get("errors") or body.get("errorMessages")
    if isinstance(errors, list):
        for err in errors[:5]:
            if isinstance(err, str):
                parts.append(err[:300])
            elif isinstance(err, dict):
                where = err.get("pointer") or err.get("field") or err.get("resource") or ""
                what = err.get("detail") or err.get("message") or err.get("code") or ""
                parts.append(f"{where}: {what}".strip(": ")[:300])
    elif isinstance(errors, dict):
        parts.extend(f"{k}: {v}"[:300] for k, v in list(errors.items())[:5])
    return printable("; ".join(p for p in parts if p) or response.reason_phrase, REASON_LIMIT, one_line=True)


def render_html(ticket: Ticket) -> str:
    """The ticket's text (:func:`render_text`) as HTML (see :func:`text_html`)."""
    return text_html(render_text(ticket))


def text_html(text: str) -> str:
    """Plain text as HTML: every character escaped, paragraphs as ``<p>``, line breaks as ``<br>``."""
    blocks = [b for b in text.strip("\n").split("\n\n") if b.strip()]
    return "".join("<p>" + "<br>\n".join(html.escape(line) for line in block.split("\n")) + "</p>\n" for block in blocks)


def subject_of(ticket: Ticket) -> str:
    return ticket.subject or propose_subject(ticket)


def requester_name(ticket: Ticket) -> str:
    """How the client is named to a desk that wants a name: the identification (domain, contract)."""
    return identification(ticket, ticket.lang) or ticket.contact_email or "ticketcli"


def b64_file(att: Attachment) -> str:
    """A file's content in base64 (sizes must have been checked first: it is read whole)."""
    with open(att.path, "rb") as fh:
        return base64.b64encode(fh.read()).decode("ascii")


def check_total(attachments: list[Attachment], limit_bytes: int, desk: str) -> None:
    total = sum(a.size for a in attachments)
    if total > limit_bytes:
        raise PermanentError(
            t("hd_total_too_big", size=f"{total / 2**20:.1f}", desk=desk, limit=limit_bytes // 2**20), kind="too_large"
        )


def labels_of(profile: Profile) -> list[str]:
    return [x.strip() for x in profile.get("helpdesk_labels").split(",") if x.strip()]


class HelpdeskBackend(Backend):
    """Base of the helpdesk adapters: an httpx client on ``helpdesk_url`` and error mapping.

    Subclasses set ``name``, ``title`` (the desk's name in messages), ``default_url`` (for hosted
    services such as GitHub) and implement :meth:`auth_headers`, :meth:`submit` and friends.
    """

    secret_kind = "helpdesk"
    title = "The helpdesk"
    default_url = ""
    example_url = "https://helpdesk.example.ru"
    #: The path under helpdesk_url where the API lives (e.g. "/REST/2.0").
    api_path = ""

    def __init__(self, profile: Profile, secret: str | None = None):
        super().__init__(profile, secret)
        web = profile.get("helpdesk_url") or self.default_url
        if not web:
            raise PermanentError(t("hd_no_url", desk=self.title, example=self.example_url), kind="config")
        if "://" not in web:
            web = "https://" + web
        parts = urlsplit(web)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PermanentError(t("hd_no_url", desk=self.title, example=self.example_url), kind="config")
        if parts.scheme == "http" and not http.is_loopback(parts.hostname):
            raise PermanentError(t("hd_plain_http", url=web), kind="config")
        self.web = web.rstrip("/")
        self.base = self.web + self.api_path
        self.check_settings()
        self.client = build_client(profile, self.base, self.auth_headers(secret or ""), self.auth(secret or ""))

    # -- what subclasses provide ----------------------------------------------------------------
    def check_settings(self) -> None:
        """Raise PermanentError(kind="config") when a required setting is missing."""

    def auth_headers(self, secret: str) -> dict[str, str]:
        return {}

    def auth(self, secret: str) -> httpx.Auth | None:
        return None

    def require(self, key: str, what: str, example: str) -> str:
        value = self.profile.get(key)
        if not value:
            raise PermanentError(t("hd_missing", desk=self.title, what=what, key=key, example=example), kind="config")
        return value

    # -- requests ---------------------------------------------------------------------------------
    def _call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise request_failure(exc, self.base) from None
        self._raise_for(response)
        return response

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        return self._call(method, path, **kwargs)

    def _raise_for(self, response: httpx.Response) -> None:
        code = response.status_code
        if code < 300:
            return
        headers = response.headers
        limited = headers.get("X-RateLimit-Remaining", "").strip() == "0" or "Retry-After" in headers
        if code == 429 or (code == 403 and limited):
            after = parse_retry_after(headers.get("Retry-After"))
            if after is None:
                after = parse_rate_reset(headers.get("X-RateLimit-Reset") or headers.get("RateLimit-Reset"))
            when = t("api_after", seconds=f"{after:g}") if after is not None else ""
            raise RetryableError(t("hd_rate_limited", desk=self.title, status=code, after=when), kind="rate_limited", status=code, retry_after=after)
        if code >= 500 or code == 429:
            ApiBackend._raise_for(self, response)  # 503 + Retry-After, other 5xx: retry later
        reason = desk_reason(response)
        if code == 401:
            flag = "" if self.profile.name == "default" else f" --profile {self.profile.name}"
            raise PermanentError(t("hd_auth", desk=self.title, reason=f": {reason}" if reason else "", flag=flag), kind="auth", status=code)
        raise PermanentError(t("api_refused", status=code, reason=reason), kind=_PERMANENT_KIND.get(code, "rejected"), status=code)

    def json_of(self, response: httpx.Response) -> Any:
        try:
            return response.json()
        except ValueError:
            return None

    def bad_answer(self, response: httpx.Response) -> PermanentError:
        return PermanentError(t("hd_bad_answer", desk=self.title, status=response.status_code), kind="protocol", status=response.status_code)

    def open_files(self, stack: ExitStack, attachments: list[Attachment], field: str) -> list[tuple[str, Any]]:
        """Multipart file parts streamed from disk (httpx reads open files in chunks)."""
        return [(field, (a.name, stack.enter_context(open(a.path, "rb")), mime_type(a.name))) for a in attachments]

    def check_sizes(self, attachments: list[Attachment]) -> None:
        check_sizes(attachments, self.profile.max_attachment_bytes)

    def receipt(self, id: Any, number: Any = "", url: str = "", status: Any = "") -> Receipt:
        return Receipt(channel=self.name, id=str(id), number=str(number or id), url=url, status=str(status or ""))

    def close(self) -> None:
        self.client.close()

    # -- reading the conversation ---------------------------------------------------------------
    def linked_pages(self, path: str, params: dict[str, str] | None = None) -> Iterator[httpx.Response]:
        """Each page of a list the desk pages with RFC 8288 ``Link: <…>; rel="next"`` headers
        (GitHub, GitLab, Freshdesk), first to last, at most :data:`MAX_PAGES`. A next link to
        another origin is not followed (the credentials stay with the desk)."""
        url: str | None = path
        own = urlsplit(self.base)
        seen: set[str] = set()
        for _ in range(MAX_PAGES):
            response = self.call("GET", url, params=params if url == path else None)
            yield response
            nxt = response.links.get("next", {}).get("url")
            if not nxt:
                return
            parts = urlsplit(nxt)
            if (parts.scheme, parts.hostname, parts.port) != (own.scheme, own.hostname, own.port) or nxt in seen:
                return
            seen.add(nxt)
            url = nxt

    def download(self, url: str, into) -> None:
        """A file of a message: on the desk's own host with the credentials, elsewhere (a desk's
        file store) without them (:func:`ticketcli.channels.api.download`)."""
        download(self.client, self.base, url, into, self.profile, self._raise_for)


def after(created: str, since: str | None) -> bool:
    """Whether ``created`` is at or after ``since`` (ISO 8601 both; True without ``since`` or
    when either cannot be read: a merge by id drops what was already known)."""
    if not since:
        return True
    try:
        a = datetime.fromisoformat(created.replace("Z", "+00:00"))
        b = datetime.fromisoformat(since.replace("Z", "+00:00"))
        if (a.tzinfo is None) != (b.tzinfo is None):
            a, b = a.replace(tzinfo=a.tzinfo or timezone.utc), b.replace(tzinfo=b.tzinfo or timezone.utc)
        return a >= b
    except (ValueError, TypeError, AttributeError):
        return True


def iter_chunks(path, size: int = 64 * 1024) -> Iterator[bytes]:
    with open(path, "rb") as fh:
        while chunk := fh.read(size):
            yield chunk
