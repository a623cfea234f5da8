"""The provider's support API (docs/support-api.yaml): the channel rule 4 prefers.

Requests go through the httpx client of :mod:`ticketcli.channels.http` (TLS always verified,
``ca_bundle`` the only CAs when set, proxies from the environment but never for a loopback
desk, bounded time-outs). The ticket UUID is the ``Idempotency-Key``; attachments are streamed
from disk in a multipart body after their sizes are checked against ``max_attachment_mb``.
Plain ``http://`` is accepted only for loopback hosts, so the bearer token never crosses a
network in clear text, and redirects are never followed, so it never goes anywhere else.

Every answer is checked to be the answer to the request sent: a receipt carries the ticket's
``uuid`` (support API 1.1; a desk that never sends it, an older one, is trusted as before until
it does), a ticket read back carries the id asked for, a follow-up's answer the ticket's id. An
answer that is not is what a connection that went out of step gives (a desk or a box on the way
that sent more than it announced): the connection is closed, the client stops reusing
connections, and the request is sent again on a new one, with the same idempotency key.

This module's helpers (status mapping, problem documents, Retry-After) are shared with the
helpdesk channels (:mod:`ticketcli.channels.helpdesk.common`).
"""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

from ..i18n import register, t
from ..message import render_text
from ..model import new_uuid
from ..store.config import Profile
from . import http
from .base import Attachment, Backend, Message, Outgoing, PermanentError, Receipt, RetryableError, check_sizes

TYPE_CHECKING = False  # typing is for type checkers: importing it slows every command
if TYPE_CHECKING:
    from typing import Any

    import httpx

#: Pages of messages read for one ticket at most (a desk whose cursors never end is cut off).
MAX_PAGES = 200
#: Messages asked for per page (the API allows 1 to 200).
PAGE_SIZE = 100

#: Sending a request again after an answer that was not for it: each try closes one connection
#: that was out of step, and no more than the pool can hold can be (see ApiBackend._exchange).
CROSSED_TRIES = http.MAX_CONNECTIONS + 1

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
        "api_crossed": (
            "The desk's answers did not match the requests sent ({url}): the connection was out of step and was closed; the ticket will be sent again with the same key.",
            "Ответы техподдержки не соответствовали отправленным запросам ({url}): соединение рассинхронизировалось и закрыто; заявка будет отправлена повторно с тем же ключом.",
        ),
        "api_bad_page": (
            "The desk's list of messages is not what the API describes (HTTP {status}).",
            "Список сообщений от техподдержки не соответствует описанию API (HTTP {status}).",
        ),
        "download_elsewhere": (
            "The file {url} is on another host than the desk's, over plain http: not downloaded.",
            "Файл {url} лежит не на сервере техподдержки и доступен по незащищённому http: не скачан.",
        ),
        "api_not_http": (
            "api_url {url} is not an http(s) address. Set it: ticket config set api_url https://support.example.ru/api",
            "api_url {url} — не адрес http(s). Задайте его: ticket config set api_url https://support.example.ru/api",
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


#: How much of a desk's own words (its problem's detail, title, errors) a message carries.
REASON_LIMIT = 500


def problem_reason(response) -> str:
    """The human part of an RFC 9457 problem document (or of whatever the server sent), made
    :func:`~ticketcli.validate.printable` and at most :data:`REASON_LIMIT` characters."""
    from ..validate import printable

    try:
        body = response.json()
    except ValueError:
        text = response.text[: 4 * REASON_LIMIT].strip().splitlines()
        return printable((text[0] if text else "") or response.reason_phrase, REASON_LIMIT, one_line=True)
    if not isinstance(body, dict):
        return printable(response.reason_phrase, REASON_LIMIT, one_line=True)
    parts = [printable(body.get("detail") or body.get("title") or response.reason_phrase, 300, one_line=True)]
    errors = body.get("errors")
    if isinstance(errors, list):
        for err in errors[:5]:
            if isinstance(err, dict):
                where = printable(err.get("pointer") or err.get("field") or "", 100, one_line=True)
                parts.append(f"{where}: {printable(err.get('detail') or err.get('message') or '', 200, one_line=True)}".strip(": "))
    return printable("; ".join(p for p in parts if p), REASON_LIMIT, one_line=True)


_PERMANENT_KIND = {400: "rejected", 403: "forbidden", 404: "not_found", 409: "conflict", 413: "too_large", 422: "rejected"}


def build_client(profile: Profile, base: str, headers: dict[str, str], auth=None) -> http.DeskClient:
    """The channel's client (:class:`ticketcli.channels.http.DeskClient`: every request bounded
    by the profile's ``timeout`` and every answer by :data:`~ticketcli.channels.http.MAX_ANSWER`);
    an unusable ``ca_bundle`` is a configuration error naming it."""
    try:
        return http.DeskClient(base, timeout=float(profile.get("timeout", "30")), ca_bundle=profile.get("ca_bundle") or None,
                               headers=headers, auth=auth)
    except http.CaBundleError as exc:
        raise PermanentError(t("api_ca_bad", path=exc.path, reason=exc.reason), kind="config") from None


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


def request_failure(exc: BaseException, url: str) -> "PermanentError | RetryableError":
    """:func:`transport_failure` for an httpx ``TransportError``."""
    kind, verify_message = http.failure_kind(exc)
    return transport_failure(kind, url, http.short_reason(exc), verify_message)


def _scalar(value: Any) -> bool:
    """A non-empty string or number (not a bool): what an id, number, URL or status can be."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and str(value) != ""


class ApiBackend(Backend):
    name = "api"
    secret_kind = "api"
    #: One :class:`~ticketcli.channels.http.DeskClient` serves every sending thread of a run
    #: (a kept-alive connection per thread), so ``ticket send --all`` reuses connections.
    thread_safe = True

    def __init__(self, profile: Profile, secret: str | None = None):
        super().__init__(profile, secret)
        base = profile.get("api_url")
        if not base:
            raise PermanentError(t("api_no_url"), kind="config")
        if "://" not in base:
            base = "https://" + base
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PermanentError(t("api_not_http", url=base), kind="config")
        if parts.scheme == "http" and not http.is_loopback(parts.hostname):
            raise PermanentError(t("api_plain_http", url=base), kind="config")
        self.base = base.rstrip("/")
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        self.client = build_client(profile, self.base, headers)
        #: Set once the desk has echoed a ticket's uuid: from then on a receipt without it is
        #: not trusted either (a desk that echoes does so in every receipt).
        self._echoes_uuid = False
        #: Set after an answer that was not for its request: every later request asks for a
        #: connection of its own (``Connection: close``), so no connection is reused.
        self._fresh_connections = False

    def close(self) -> None:
        self.client.close()

    # -- requests --------------------------------------------------------------------------
    def _post(self, path: str, doc: dict[str, Any], attachments: list[Attachment], key: str, answers_to) -> "httpx.Response":
        check_sizes(attachments, self.profile.max_attachment_bytes)
        headers = {"Idempotency-Key": key}
        if not attachments:
            return self._exchange("POST", path, answers_to, headers=headers, json=doc)
        import json
        from contextlib import ExitStack

        # Files are read from disk chunk by chunk while the body is sent (httpx's multipart
        # stream, which rewinds each file for a request sent again), never whole.
        with ExitStack() as stack:
            files = [("ticket", (None, json.dumps(doc, ensure_ascii=False).encode("utf-8"), "application/json"))]
            files += [("attachments", (a.name, stack.enter_context(open(a.path, "rb")), mime_type(a.name))) for a in attachments]
            return self._exchange("POST", path, answers_to, headers=headers, files=files)

    def _exchange(self, method: str, path: str, answers_to, **kwargs: Any) -> "httpx.Response":
        """Send a request until an answer comes that ``answers_to(response)`` accepts as its own
        (see the module's docstring); each answer that is not closes its connection."""
        for _ in range(CROSSED_TRIES):
            response = self._answer(method, path, answers_to, **kwargs)
            if response is not None:
                return response
        raise self._crossed()

    def _answer(self, method: str, path: str, answers_to, **kwargs: Any) -> "httpx.Response | None":
        response = self._call(method, path, **kwargs)
        if answers_to is None or answers_to(response):
            return response
        http.discard(response)
        self._fresh_connections = True
        return None

    def _crossed(self) -> RetryableError:
        return RetryableError(t("api_crossed", url=self.base), kind="network")

    def _call(self, method: str, path: str, **kwargs: Any) -> "httpx.Response":
        import httpx

        if self._fresh_connections:
            kwargs["headers"] = {**kwargs.get("headers", {}), "Connection": "close"}
        try:
            response = self.client.request(method, path, **kwargs)
        except httpx.TransportError as exc:
            raise request_failure(exc, self.base) from None
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

    # -- what an answer must say to be this request's ----------------------------------------
    def _receipt_for(self, uuid: str):
        def answers_to(response) -> bool:
            body = _json(response)
            echoed = body.get("uuid") if isinstance(body, dict) else None
            if echoed is None:
                return not self._echoes_uuid  # a desk before 1.1 does not echo it
            if str(echoed).lower() != uuid.lower():
                return False
            self._echoes_uuid = True
            return True

        return answers_to

    @staticmethod
    def _field_is(key: str, expected: str):
        def answers_to(response) -> bool:
            body = _json(response)
            value = body.get(key) if isinstance(body, dict) else None
            return value is None or str(value) == str(expected)

        return answers_to

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
        response = self._post("/tickets", doc, out.attachments, out.idempotency_key, self._receipt_for(tk.uuid))
        return self._receipt(response)

    def _receipt(self, response) -> Receipt:
        body = _json(response)
        if not isinstance(body, dict) or not _scalar(body.get("id")):
            raise PermanentError(t("api_bad_answer", status=response.status_code), kind="protocol", status=response.status_code)

        def text(key: str) -> str:  # a desk's odd value (an object, a list) is dropped, not echoed
            value = body.get(key)
            return str(value)[:2000] if _scalar(value) else ""

        return Receipt(channel=self.name, id=text("id"), number=text("number"), url=text("url"), status=text("status"))

    def status(self, receipt: Receipt) -> str:
        response = self._exchange("GET", f"/tickets/{segment(receipt.id)}", self._field_is("id", receipt.id))
        return self._receipt(response).status

    def follow_up(self, receipt: Receipt, text: str, attachments: list[Attachment], key: str | None = None, *, subject: str = "") -> dict[str, Any]:
        response = self._post(f"/tickets/{segment(receipt.id)}/messages", {"text": text}, attachments, key or new_uuid(),
                              self._field_is("ticket_id", receipt.id))
        body = _json(response)
        return body if isinstance(body, dict) else {}


    def messages(self, receipt: Receipt, since: str | None = None) -> list[Message]:
        """``GET /tickets/{id}/messages`` (support API 1.2), every page to the end."""
        found: list[Message] = []
        cursor: str | None = None
        seen_cursors: set[str] = set()
        path = f"/tickets/{segment(receipt.id)}/messages"
        for _ in range(MAX_PAGES):
            params = {"limit": str(PAGE_SIZE)}
            if since:
                params["since"] = since
            if cursor:
                params["cursor"] = cursor
            response = self._exchange("GET", path, None, params=params)
            body = _json(response)
            items = body.get("messages") if isinstance(body, dict) else None
            if not isinstance(items, list):
                raise PermanentError(t("api_bad_page", status=response.status_code), kind="protocol", status=response.status_code)
            for item in items:
                message = self._message(receipt, item)
                if message is not None:
                    found.append(message)
            cursor = body.get("next_cursor")
            if not _scalar(cursor) or str(cursor) in seen_cursors:
                break
            cursor = str(cursor)
            seen_cursors.add(cursor)
        return found

    def _message(self, receipt: Receipt, item: Any) -> Message | None:
        if not isinstance(item, dict) or not _scalar(item.get("id")):
            return None
        mid = str(item["id"])
        files = []
        for att in item.get("attachments") or []:
            if isinstance(att, dict) and _scalar(att.get("name")):
                name = str(att["name"])
                if _scalar(att.get("url")):
                    url = urljoin(self.base + "/", str(att["url"]))
                else:
                    url = f"{self.base}/tickets/{segment(receipt.id)}/messages/{segment(mid)}/attachments/{_file_segment(name)}"
                files.append((name, url))
        return Message(
            id=mid,
            author=str(item.get("author") or "") if _scalar(item.get("author")) else "",
            from_desk=item.get("role") != "client",
            created=str(item.get("created") or "") if _scalar(item.get("created")) else "",
            text=str(item.get("text") or "") if isinstance(item.get("text"), str) else "",
            attachments=files,
        )

    def download(self, url: str, into) -> None:
        download(self.client, self.base, url, into, self.profile, self._raise_for)


def download(client: "httpx.Client", base: str, url: str, into, profile: Profile, raise_for, hops: int = 1) -> None:
    """Stream the file at ``url`` (absolute, or relative to ``base``) into ``into``. A URL on the
    desk's own origin goes through the channel's ``client``, with its credentials; a URL
    elsewhere (a desk's file store) through a client without them, and only over https (or plain
    http to this machine). A redirect is followed ``hops`` times at most, by the same rules (so
    credentials never follow it to another host). ``raise_for`` maps an HTTP status to the
    channel's errors."""
    import httpx

    url = urljoin(base + "/", url)
    parts, own = urlsplit(url), urlsplit(base)
    if (parts.scheme, parts.hostname, parts.port) != (own.scheme, own.hostname, own.port):
        if parts.scheme not in ("http", "https") or (parts.scheme == "http" and not http.is_loopback(parts.hostname or "")):
            raise PermanentError(t("download_elsewhere", url=url[:200]), kind="config")
        use = build_client(profile, f"{parts.scheme}://{parts.netloc}", {})
    else:
        use = client
    target = None
    try:
        with use.stream("GET", url, headers={"Accept": "*/*"}) as response:
            code = response.status_code
            if 300 <= code < 400 and hops > 0 and response.headers.get("Location"):
                target = urljoin(url, response.headers["Location"])
            elif code >= 300:
                response.read()
                raise_for(response)
                raise PermanentError(t("api_refused", status=code, reason=response.reason_phrase), kind="rejected", status=code)
            else:
                for chunk in response.iter_bytes():
                    into.write(chunk)
    except httpx.TransportError as exc:
        raise request_failure(exc, base) from None
    finally:
        if use is not client:
            use.close()
    if target is not None:
        download(client, base, target, into, profile, raise_for, hops - 1)


def _json(response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def segment(value: str) -> str:
    """``value`` as one URL path segment (every reserved character escaped)."""
    from urllib.parse import quote

    return quote(str(value), safe="")


def _file_segment(name: str) -> str:
    """A file name as one path segment: "." and ".." percent-encoded too (a URL would drop them)."""
    value = segment(name)
    return value.replace(".", "%2E") if value in (".", "..") else value


def mime_type(name: str) -> str:
    import mimetypes  # only for a ticket with attachments

    return mimetypes.guess_type(name)[0] or "application/octet-stream"


short_reason = http.short_reason
