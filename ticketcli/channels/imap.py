"""The desk's answers by e-mail, read from the client's own mailbox over IMAP (imaplib, TLS).

A ticket sent by e-mail (:mod:`.smtp`) carries a stable ``Message-ID`` (the ticket's UUID), and
the desk answers by mail. Its answers are the messages of the mailbox (``imap_folder``, INBOX by
default) that

* carry that Message-ID in ``In-Reply-To`` or ``References`` (RFC 5322 threading), or
* carry the desk's ticket number in their subject, once it is known (``[Ticket#4711]``,
  ``[example.ru #4711]``, ``[#4711]``: the number is learnt from the subject of a threaded answer,
  and kept with the ticket).

They are found by the server (``UID SEARCH HEADER In-Reply-To …``, ``HEADER References …``,
``SUBJECT "#4711"``), never by downloading the mailbox: the candidates' subjects are fetched
(``BODY.PEEK[HEADER.FIELDS (SUBJECT)]``) to confirm a number match, then only the matches whole
(``BODY.PEEK[]``). The folder is opened read-only (``EXAMINE``) and every fetch is a ``PEEK``,
so nothing changes on the server unless the client asks (``--mark-read``: the folder is then
selected read-write and the matches flagged ``\\Seen``).

Connections: ``imap_security`` ``tls`` (implicit TLS, port 993, default) or ``starttls``
(port 143); never without TLS. Certificates are verified as everywhere (the platform's store, or
``ca_bundle``'s CAs only: :func:`ticketcli.channels.http.ssl_context`). Login with ``imap_user``
(default: ``contact_email``) and the password kept as the ``imap`` secret (``ticket auth set
imap``, or ``TICKETCLI_IMAP_PASSWORD``); a user name or password outside ASCII goes as
``AUTHENTICATE PLAIN`` in UTF-8 (RFC 4616).

Messages are parsed with the standard library's :mod:`email` (``policy.default``): text/plain
preferred, HTML turned into text (:mod:`.plaintext`), attachments listed with an IMAP URL (RFC
5092: ``imap://user@host:port/INBOX;UIDVALIDITY=…/;UID=…/;SECTION=…``) that :meth:`download`
reads back with ``BODY.PEEK[]``.
"""

from __future__ import annotations

import imaplib
import re
import socket
import ssl
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote, unquote, urlsplit

from ..i18n import register, t
from ..store.config import Profile
from .base import Message, PermanentError, Receipt, RetryableError

PORTS = {"tls": 993, "starttls": 143}
#: Message UIDs fetched in one command.
BATCH = 100
#: A desk's ticket number in a subject: "[Ticket#4711]", "[example.ru #4711]", "[#4711]".
_NUMBER = re.compile(r"\[[^\]\[]{0,80}?#\s?([A-Za-z0-9][A-Za-z0-9-]{0,30})\]")
_UID = re.compile(rb"UID (\d+)")

register(
    {
        "imap_missing": (
            "Answers to a ticket sent by e-mail are read from your mailbox: ticket config set {key} {example}{flag} (then 'ticket auth set imap{flag}').",
            "Ответы на заявку, отправленную по почте, читаются из вашего почтового ящика: ticket config set {key} {example}{flag} (затем «ticket auth set imap{flag}»).",
        ),
        "imap_auth": (
            "The mail server refused the login to the mailbox ({reason}). Set the right password with 'ticket auth set imap{flag}' (and check imap_user).",
            "Почтовый сервер отклонил вход в ящик ({reason}). Задайте верный пароль: «ticket auth set imap{flag}» (и проверьте imap_user).",
        ),
        "imap_no_starttls": (
            "The mail server {host} does not offer STARTTLS. Use imap_security tls (port 993).",
            "Почтовый сервер {host} не поддерживает STARTTLS. Используйте imap_security tls (порт 993).",
        ),
        "imap_tls": (
            "The mail server's TLS certificate cannot be verified ({reason}). For a private CA: ticket config set ca_bundle /path/ca.pem",
            "Сертификат TLS почтового сервера не прошёл проверку ({reason}). Для частного УЦ: ticket config set ca_bundle /путь/ca.pem",
        ),
        "imap_network": ("Cannot reach the mail server {host}:{port}: {reason}.", "Не удаётся связаться с почтовым сервером {host}:{port}: {reason}."),
        "imap_failed": ("The mail server refused {what}: {reason}", "Почтовый сервер отклонил {what}: {reason}"),
        "imap_gone": (
            "The message with this file is no longer in {folder} (or the folder was recreated): not downloaded.",
            "Письма с этим файлом больше нет в {folder} (или папка создана заново): файл не скачан.",
        ),
        "imap_not_ours": ("{url} is not in this profile's mailbox: not downloaded.", "{url} — не из почтового ящика этого профиля: не скачано."),
    }
)


def _quoted(value: str) -> str:
    """An IMAP quoted string."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        value = b" ".join(v for v in value if isinstance(v, bytes))
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip()[:200]


class ImapReader:
    """Reads a ticket's answers from the client's mailbox; the same ``messages`` / ``download`` /
    ``close`` as a channel (:class:`ticketcli.channels.base.Backend`)."""

    name = "imap"
    reads_status = False

    def __init__(self, profile: Profile, password: str):
        self.profile = profile
        self.host = profile.get("imap_host")
        self.security = profile.get("imap_security", "tls")
        self.port = int(profile.get("imap_port") or PORTS.get(self.security, 993))
        self.user = profile.get("imap_user") or profile.get("contact_email")
        self.folder = profile.get("imap_folder", "INBOX")
        self.timeout = float(profile.get("timeout", "30"))
        self.password = password
        #: Flag the answers read (\\Seen) on the server (``--mark-read``); by default nothing changes.
        self.marks_read = False
        #: The desk's ticket number, when an answer's subject gave it (the caller keeps it).
        self.learned_number = ""
        self.own = {a.lower() for a in (profile.get("contact_email"), self.user) if a and "@" in a}
        self.conn: imaplib.IMAP4 | None = None
        self.uidvalidity = ""

    @classmethod
    def for_profile(cls, profile: Profile) -> "ImapReader":
        """The reader of ``profile``'s mailbox; PermanentError(kind config) naming the setting
        that is missing, ConfigError (from the keyring) when the password is."""
        from ..store import secrets

        flag = "" if profile.name == "default" else f" --profile {profile.name}"
        if not profile.get("imap_host"):
            raise PermanentError(t("imap_missing", key="imap_host", example="imap.example.ru", flag=flag), kind="config")
        if not (profile.get("imap_user") or profile.get("contact_email")):
            raise PermanentError(t("imap_missing", key="imap_user", example="owner@example.ru", flag=flag), kind="config")
        return cls(profile, secrets.get_secret("imap", profile.name))

    # -- the connection ------------------------------------------------------------------------
    def _failure(self, exc: BaseException) -> PermanentError | RetryableError:
        if isinstance(exc, ssl.SSLCertVerificationError):
            return PermanentError(t("imap_tls", reason=getattr(exc, "verify_message", "") or exc), kind="tls")
        reason = str(exc).strip() or type(exc).__name__
        return RetryableError(t("imap_network", host=self.host, port=self.port, reason=reason[:200]), kind="network")

    def _connect(self) -> imaplib.IMAP4:
        if self.conn is not None:
            return self.conn
        from .http import CaBundleError, ssl_context

        try:
            context = ssl_context(self.profile.get("ca_bundle") or None)
        except CaBundleError as exc:
            raise PermanentError(t("imap_tls", reason=f"ca_bundle {exc.path}: {exc.reason}"), kind="config") from None
        try:
            if self.security == "starttls":
                conn = imaplib.IMAP4(self.host, self.port, timeout=self.timeout)
                if "STARTTLS" not in conn.capabilities:
                    conn.shutdown()
                    raise PermanentError(t("imap_no_starttls", host=self.host), kind="config")
                conn.starttls(ssl_context=context)
            else:
                conn = imaplib.IMAP4_SSL(self.host, self.port, ssl_context=context, timeout=self.timeout)
        except (OSError, imaplib.IMAP4.error) as exc:
            raise self._failure(exc) from None
        try:
            self._login(conn)
            typ, data = conn.select(_quoted(self.folder), readonly=not self.marks_read)
            if typ != "OK":
                raise PermanentError(t("imap_failed", what=f"SELECT {self.folder}", reason=_text(data)), kind="config")
            typ, data = conn.response("UIDVALIDITY")
            self.uidvalidity = _text(data[0]) if data and data[0] else ""
        except BaseException:
            try:
                conn.logout()
            except (OSError, imaplib.IMAP4.error):
                pass
            raise
        self.conn = conn
        return conn

    def _login(self, conn: imaplib.IMAP4) -> None:
        from ..store import secrets

        secrets.remember(self.password)
        flag = "" if self.profile.name == "default" else f" --profile {self.profile.name}"
        try:
            if (self.user + self.password).isascii():
                conn.login(self.user, self.password)
            else:
                blob = b"\0" + self.user.encode("utf-8") + b"\0" + self.password.encode("utf-8")
                conn.authenticate("PLAIN", lambda _challenge: blob)
        except imaplib.IMAP4.error as exc:
            raise PermanentError(t("imap_auth", reason=_text(exc.args[0] if exc.args else exc), flag=flag), kind="auth") from None
        except OSError as exc:
            raise self._failure(exc) from None

    def _uid(self, *args: str) -> list[Any]:
        conn = self._connect()
        try:
            typ, data = conn.uid(*args)
        except imaplib.IMAP4.abort as exc:
            raise self._failure(exc) from None
        except imaplib.IMAP4.error as exc:
            raise PermanentError(t("imap_failed", what=f"UID {args[0]}", reason=_text(exc.args[0] if exc.args else exc)), kind="rejected") from None
        except OSError as exc:
            raise self._failure(exc) from None
        if typ != "OK":
            raise PermanentError(t("imap_failed", what=f"UID {args[0]}", reason=_text(data)), kind="rejected")
        return data

    def _search(self, *criteria: str) -> list[int]:
        data = self._uid("SEARCH", *criteria)
        return sorted({int(n) for n in b" ".join(d for d in data if isinstance(d, bytes)).split() if n.isdigit()})

    def _fetch(self, uids: list[int], item: str) -> dict[int, bytes]:
        found: dict[int, bytes] = {}
        for start in range(0, len(uids), BATCH):
            chunk = ",".join(str(u) for u in uids[start : start + BATCH])
            for part in self._uid("FETCH", chunk, f"({item})"):
                if isinstance(part, tuple) and len(part) == 2:
                    match = _UID.search(part[0])
                    if match:
                        found[int(match.group(1))] = part[1]
        return found

    # -- reading answers -------------------------------------------------------------------------
    def messages(self, receipt: Receipt, since: str | None = None) -> list[Message]:
        from email import policy
        from email.parser import BytesHeaderParser

        narrow: list[str] = []
        if since:
            try:
                day = datetime.fromisoformat(since.replace("Z", "+00:00"))
                narrow = ["SINCE", day.strftime("%d-%b-%Y")]  # IMAP dates are days (RFC 3501)
            except ValueError:
                narrow = []
        mid = receipt.id
        threaded: set[int] = set()
        if mid:
            threaded = set(self._search(*narrow, "OR", "HEADER", "In-Reply-To", _quoted(mid), "HEADER", "References", _quoted(mid)))
        number = receipt.number
        if not number and threaded:
            heads = self._fetch(sorted(threaded), "BODY.PEEK[HEADER.FIELDS (SUBJECT)]")
            for uid in sorted(heads):
                subject = str(BytesHeaderParser(policy=policy.default).parsebytes(heads[uid]).get("Subject", ""))
                found = _NUMBER.search(subject)
                if found:
                    number = self.learned_number = found.group(1)
                    break
        by_number: set[int] = set()
        if number:
            candidates = [u for u in self._search(*narrow, "SUBJECT", _quoted(f"#{number}")) if u not in threaded]
            heads = self._fetch(candidates, "BODY.PEEK[HEADER.FIELDS (SUBJECT)]") if candidates else {}
            for uid, head in heads.items():
                subject = str(BytesHeaderParser(policy=policy.default).parsebytes(head).get("Subject", ""))
                if any(m.group(1) == number for m in _NUMBER.finditer(subject)):
                    by_number.add(uid)
        matches = sorted(threaded | by_number)
        if not matches:
            return []
        raw = self._fetch(matches, "BODY.PEEK[]")
        if self.marks_read:
            self._uid("STORE", ",".join(str(u) for u in matches), "+FLAGS.SILENT", "(\\Seen)")
        found = [self._message(uid, raw[uid]) for uid in matches if uid in raw]
        return sorted(found, key=lambda m: m.created)

    def _url(self, uid: int, section: str) -> str:
        netloc = f"{quote(self.user, safe='')}@{self.host}:{self.port}"
        return f"imap://{netloc}/{quote(self.folder, safe='')};UIDVALIDITY={self.uidvalidity}/;UID={uid}/;SECTION={section}"

    def _message(self, uid: int, raw: bytes) -> Message:
        from email import policy
        from email.parser import BytesParser
        from email.utils import getaddresses, parsedate_to_datetime

        from .plaintext import html_to_text

        msg = BytesParser(policy=policy.default).parsebytes(raw)
        try:
            when = parsedate_to_datetime(str(msg.get("Date", "")))
            created = (when if when.tzinfo else when.replace(tzinfo=timezone.utc)).isoformat()
        except (TypeError, ValueError, IndexError):
            created = ""
        sender = str(msg.get("From", ""))
        addresses = [a.lower() for _, a in getaddresses([sender]) if a]
        body = msg.get_body(preferencelist=("plain", "html"))
        text = ""
        if body is not None:
            try:
                text = body.get_content()
            except (LookupError, ValueError, AssertionError):
                text = (body.get_payload(decode=True) or b"").decode("utf-8", "replace")
            if body.get_content_type() == "text/html":
                text = html_to_text(text)
        files = []
        for section, part in _sections(msg):
            name = part.get_filename()
            if part is not body and (name or part.get_content_disposition() == "attachment"):
                files.append((name or f"part-{section}", self._url(uid, section)))
        return Message(
            id=str(msg.get("Message-ID", "")).strip() or f"imap:{self.uidvalidity}:{uid}",
            author=sender,
            from_desk=not (addresses and all(a in self.own for a in addresses)),
            created=created,
            text=text.strip("\n"),
            attachments=files,
        )

    def download(self, url: str, into) -> None:
        from email import policy
        from email.parser import BytesParser

        parts = urlsplit(url)
        fields = dict(p.split("=", 1) for p in parts.path.replace("/;", ";").split(";")[1:] if "=" in p)
        folder = unquote(parts.path.lstrip("/").split(";", 1)[0])
        if parts.scheme != "imap" or parts.hostname != self.host.lower() or parts.port != self.port or folder != self.folder \
                or not fields.get("UID", "").isdigit() or "SECTION" not in fields:
            raise PermanentError(t("imap_not_ours", url=url[:200]), kind="config")
        self._connect()
        if fields.get("UIDVALIDITY") != self.uidvalidity:
            raise PermanentError(t("imap_gone", folder=self.folder), kind="not_found")
        uid = int(fields["UID"])
        raw = self._fetch([uid], "BODY.PEEK[]").get(uid)
        part = dict(_sections(BytesParser(policy=policy.default).parsebytes(raw))).get(fields["SECTION"]) if raw else None
        if part is None:
            raise PermanentError(t("imap_gone", folder=self.folder), kind="not_found")
        into.write(part.get_payload(decode=True) or b"")

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.logout()
            except (OSError, imaplib.IMAP4.error, socket.timeout):
                pass
            self.conn = None

    def __enter__(self) -> "ImapReader":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _sections(msg, prefix: str = ""):
    """(IMAP section number, part) of every leaf part of a message (RFC 3501, BODY[section])."""
    if msg.is_multipart():
        for i, sub in enumerate(msg.get_payload(), 1):
            yield from _sections(sub, f"{prefix}.{i}" if prefix else str(i))
    else:
        yield prefix or "1", msg
