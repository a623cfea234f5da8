"""The e-mail channel: the ticket as an RFC 5322 message, sent with smtplib.

* ``smtp_security``: ``starttls`` (default, port 587), ``tls`` (implicit TLS, port 465) or
  ``none`` (allowed only for a server on this machine: 127.0.0.1, ::1, localhost). Certificates
  are always verified, against the platform's trust store or, when ``ca_bundle`` is set, against
  its CAs only (the meaning every channel gives it: :mod:`ticketcli.channels.http`).
* AUTH with ``smtp_user`` and the SMTP password from :mod:`ticketcli.store.secrets`.
* From is the contract's registered contact address (``contact_email`` in the profile), To is
  ``desk_email``; the envelope recipients are passed explicitly, never taken from headers; a CR
  or LF in an address or the subject is refused before connecting (no header injection).
* The Message-ID is stable per ticket (:func:`ticketcli.message.message_id`), so a re-send after
  a crash carries the same id and the desk can drop the duplicate.
* Rule 1: a request that changes account data or carries confidential data (the type's
  ``confidential`` flag, or the rule engine's ``written-channel``) is refused unless it goes
  from the registered address.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from email.utils import make_msgid
from typing import Any

from ..i18n import register, t
from ..message import ascii_address, build_email, message_id
from ..model import Ticket
from ..store.config import Profile
from .base import Attachment, Backend, Outgoing, PermanentError, Receipt, RetryableError, check_sizes
from .http import is_loopback

PORTS = {"starttls": 587, "tls": 465, "none": 25}

register(
    {
        "smtp_missing": (
            "The e-mail channel needs {key}: ticket config set {key} {example}",
            "Для канала e-mail нужна настройка {key}: ticket config set {key} {example}",
        ),
        "smtp_plain_remote": (
            "smtp_security none is allowed only for a server on this machine, not {host}. Use starttls or tls.",
            "smtp_security none допустимо только для сервера на этой машине, а не {host}. Используйте starttls или tls.",
        ),
        "smtp_injection": (
            "{name} contains a line break; nothing was sent. Remove it from the ticket or the profile.",
            "В поле {name} есть перевод строки; ничего не отправлено. Уберите его из заявки или профиля.",
        ),
        "smtp_rule1": (
            "Rule 1: this request changes account data or carries confidential data, and the desk accepts it by e-mail only from the contact address registered in your contract{have}. Set it ('ticket config set contact_email ADDRESS', the address from the contract), or send through the provider's form ('ticket config set backend api'), then 'ticket outbox retry ID'.",
            "Правило 1: заявка меняет данные договора или содержит конфиденциальные данные, а по e-mail техподдержка принимает такие только с контактного адреса из договора{have}. Укажите его («ticket config set contact_email АДРЕС», адрес из договора) или отправьте через форму провайдера («ticket config set backend api»), затем «ticket outbox retry ID».",
        ),
        "smtp_rule1_have": (" (the ticket would go from {sender})", " (заявка ушла бы с {sender})"),
        "smtp_auth": (
            "The mail server refused the login ({reason}). Set the right password with 'ticket auth set smtp{flag}' (and check smtp_user), then 'ticket outbox retry ID'.",
            "Почтовый сервер отклонил вход ({reason}). Задайте верный пароль: «ticket auth set smtp{flag}» (и проверьте smtp_user), затем «ticket outbox retry ID».",
        ),
        "smtp_no_starttls": (
            "The mail server {host} does not offer STARTTLS. Use smtp_security tls (port 465) or another server.",
            "Почтовый сервер {host} не поддерживает STARTTLS. Используйте smtp_security tls (порт 465) или другой сервер.",
        ),
        "smtp_no_auth": (
            "The mail server {host} does not offer AUTH; unset smtp_user or use the provider's submission server.",
            "Почтовый сервер {host} не поддерживает AUTH; уберите smtp_user или используйте сервер отправки провайдера.",
        ),
        "smtp_refused": ("The mail server refused the message ({code} {reason}).", "Почтовый сервер отклонил письмо ({code} {reason})."),
        "smtp_later": ("The mail server asks to try later ({code} {reason}).", "Почтовый сервер просит повторить позже ({code} {reason})."),
        "smtp_network": ("Cannot reach the mail server {host}:{port}: {reason}.", "Не удаётся связаться с почтовым сервером {host}:{port}: {reason}."),
        "smtp_tls": (
            "The mail server's TLS certificate cannot be verified ({reason}). For a private CA: ticket config set ca_bundle /path/ca.pem",
            "Сертификат TLS почтового сервера не прошёл проверку ({reason}). Для частного УЦ: ticket config set ca_bundle /путь/ca.pem",
        ),
    }
)


def _no_breaks(name: str, value: str) -> None:
    """Refuse a header value that could add a header: line breaks, controls, encoded words."""
    from ..errors import UsageError
    from ..validate import header_value

    if "\r" in value or "\n" in value:
        raise PermanentError(t("smtp_injection", name=name), kind="rejected")
    try:
        header_value(value, name)
    except UsageError as exc:
        raise PermanentError(exc.message, kind="rejected") from None


class SmtpBackend(Backend):
    name = "email"
    secret_kind = "smtp"
    reads_status = False  # mail has no status to read back

    @classmethod
    def needs_secret(cls, profile: Profile) -> bool:
        return bool(profile.get("smtp_user"))

    def __init__(self, profile: Profile, secret: str | None = None):
        super().__init__(profile, secret)
        for key, example in (("smtp_host", "smtp.example.ru"), ("desk_email", "support@provider.ru")):
            if not profile.get(key):
                raise PermanentError(t("smtp_missing", key=key, example=example), kind="config")
        self.host = profile.get("smtp_host")
        self.security = profile.get("smtp_security", "starttls")
        if self.security == "none" and not is_loopback(self.host):
            raise PermanentError(t("smtp_plain_remote", host=self.host), kind="config")
        self.port = int(profile.get("smtp_port") or PORTS.get(self.security, 587))
        self.user = profile.get("smtp_user")
        self.timeout = float(profile.get("timeout", "30"))
        self.registered = profile.get("contact_email")

    # -- rule 1 ------------------------------------------------------------------------------
    def sender_for(self, ticket: Ticket) -> str:
        return self.registered or ticket.contact_email

    def check_rule1(self, ticket: Ticket, sender: str) -> None:
        """Refuse a confidential request unless it goes from the registered contact address."""
        from ..problems import get_type

        registered = bool(self.registered) and sender.lower() == self.registered.lower() and (
            not ticket.contact_email or ticket.contact_email.lower() == self.registered.lower()
        )
        if registered:
            return
        refused = get_type(ticket.type).confidential
        if not refused:
            try:
                from .. import rules

                check = getattr(rules, "check", None)
            except ImportError:
                check = None
            if check is not None:
                report = check(
                    ticket.description, subject=ticket.subject, type=ticket.type, fields=ticket.fields,
                    attachments=ticket.attachments, channel="email-other",
                )
                refused = any(f.rule == "written-channel" and f.severity == "error" for f in report.findings)
        if refused:
            have = t("smtp_rule1_have", sender=sender) if sender else ""
            raise PermanentError(t("smtp_rule1", have=have), kind="policy")

    # -- connection ----------------------------------------------------------------------------
    def _context(self) -> ssl.SSLContext | None:
        """The TLS context (None for ``smtp_security none``: nothing to load)."""
        if self.security == "none":
            return None
        from .http import CaBundleError, ssl_context

        try:
            return ssl_context(self.profile.get("ca_bundle") or None)
        except CaBundleError as exc:
            raise PermanentError(t("smtp_tls", reason=f"ca_bundle {exc.path}: {exc.reason}"), kind="config") from None

    def _send(self, msg, sender: str, recipients: list[str]) -> None:
        ctx = self._context()
        try:
            if self.security == "tls":
                conn = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=ctx)
            else:
                conn = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            with conn:
                conn.ehlo()
                if self.security == "starttls":
                    if not conn.has_extn("starttls"):
                        raise PermanentError(t("smtp_no_starttls", host=self.host), kind="config")
                    conn.starttls(context=ctx)
                    conn.ehlo()
                if self.user:
                    if not conn.has_extn("auth"):
                        raise PermanentError(t("smtp_no_auth", host=self.host), kind="config")
                    self._login(conn)
                conn.send_message(msg, from_addr=sender, to_addrs=recipients)
        except smtplib.SMTPAuthenticationError as exc:
            flag = "" if self.profile.name == "default" else f" --profile {self.profile.name}"
            raise PermanentError(t("smtp_auth", reason=f"{exc.smtp_code} {_text(exc.smtp_error)}", flag=flag), kind="auth", status=exc.smtp_code) from None
        except smtplib.SMTPRecipientsRefused as exc:
            code, reason = next(iter(exc.recipients.values()), (550, b""))
            self._classify(code, reason)
        except smtplib.SMTPResponseException as exc:
            self._classify(exc.smtp_code, exc.smtp_error)
        except ssl.SSLCertVerificationError as exc:
            raise PermanentError(t("smtp_tls", reason=getattr(exc, "verify_message", "") or exc), kind="tls") from None
        except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, socket.timeout, OSError) as exc:
            reason = str(exc).strip() or type(exc).__name__
            raise RetryableError(t("smtp_network", host=self.host, port=self.port, reason=reason), kind="network") from None

    def _login(self, conn: smtplib.SMTP) -> None:
        """AUTH with smtplib; a user name or password outside ASCII (which smtplib's own
        mechanisms cannot encode) goes as AUTH PLAIN in UTF-8, as RFC 4616 defines it."""
        import base64

        from ..store import secrets

        password = self.secret or ""
        blob = base64.b64encode(b"\0" + self.user.encode("utf-8") + b"\0" + password.encode("utf-8")).decode("ascii")
        secrets.remember(password, blob)  # a server that echoes AUTH data must not get it printed
        if (self.user + password).isascii():
            conn.login(self.user, password)
            return
        if "PLAIN" not in conn.esmtp_features.get("auth", "").upper().split():
            raise PermanentError(t("smtp_auth", reason="non-ASCII password: the server offers no AUTH PLAIN", flag=""), kind="auth")
        code, reply = conn.docmd("AUTH", "PLAIN " + blob)
        if code != 235:
            raise smtplib.SMTPAuthenticationError(code, reply)

    @staticmethod
    def _classify(code: int, reason: Any) -> None:
        if 400 <= code < 500:
            raise RetryableError(t("smtp_later", code=code, reason=_text(reason)), kind="server", status=code)
        raise PermanentError(t("smtp_refused", code=code, reason=_text(reason)), kind="rejected", status=code)

    # -- the interface -----------------------------------------------------------------------
    def submit(self, out: Outgoing) -> Receipt:
        ticket = out.ticket
        sender = self.sender_for(ticket)
        recipient = self.profile.get("desk_email")
        if not sender:
            raise PermanentError(t("smtp_missing", key="contact_email", example="owner@example.ru"), kind="config")
        for name, value in (("From", sender), ("To", recipient), ("Subject", ticket.subject or "")):
            _no_breaks(name, value)
        self.check_rule1(ticket, sender)
        check_sizes(out.attachments, self.profile.max_attachment_bytes)
        try:
            msg = build_email(ticket, sender=sender, recipient=recipient, attachments=[(a.name, a.path) for a in out.attachments])
        except ValueError as exc:
            raise PermanentError(t("smtp_injection", name=str(exc).split()[0]), kind="rejected") from None
        # the envelope as the headers: an IDNA domain, SMTPUTF8 only for a local part outside ASCII
        self._send(msg, ascii_address(sender), [ascii_address(recipient)])
        return Receipt(channel=self.name, id=message_id(ticket), number="", url="", status="sent")

    def follow_up(self, receipt: Receipt, text: str, attachments: list[Attachment], key: str, *, subject: str = "") -> dict[str, Any]:
        import mimetypes
        from email import policy
        from email.message import EmailMessage

        sender = self.registered
        recipient = self.profile.get("desk_email")
        if not sender:
            raise PermanentError(t("smtp_missing", key="contact_email", example="owner@example.ru"), kind="config")
        check_sizes(attachments, self.profile.max_attachment_bytes)
        msg = EmailMessage(policy=policy.SMTP)
        subj = subject if subject.lower().startswith("re:") else f"Re: {subject}".strip()
        for name, value in (("From", sender), ("To", recipient), ("Subject", subj), ("In-Reply-To", receipt.id)):
            _no_breaks(name, value)
            msg[name] = value
        msg["References"] = receipt.id
        msg["Message-ID"] = make_msgid(idstring=key[:8], domain="ticketcli.invalid")
        msg.set_content(text)
        for att in attachments:
            ctype = mimetypes.guess_type(att.name)[0] or "application/octet-stream"
            maintype, subtype = ctype.split("/", 1)
            msg.add_attachment(att.path.read_bytes(), maintype=maintype, subtype=subtype, filename=att.name)
        self._send(msg, sender, [recipient])
        return {"id": msg["Message-ID"]}


def _text(value: Any) -> str:
    """The first line of a server's reply, :func:`~ticketcli.validate.printable`."""
    from ..validate import printable

    if isinstance(value, bytes):
        value = value[:4096].decode("utf-8", "replace")
    lines = str(value).strip().splitlines()
    return printable(lines[0], 200, one_line=True) if lines else ""
