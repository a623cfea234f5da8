"""A real SMTP server for tests: aiosmtpd on 127.0.0.1 with STARTTLS and AUTH (LOGIN/PLAIN)."""

from __future__ import annotations

import socket
import ssl

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "owner@example.ru"
PASSWORD = "smtp-pass-for-tests"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Handler:
    def __init__(self) -> None:
        self.messages: list[dict] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.messages.append(
            {"mail_from": envelope.mail_from, "rcpt_tos": list(envelope.rcpt_tos), "data": envelope.original_content or envelope.content}
        )
        return "250 OK"


class SmtpServer:
    """``with SmtpServer(tls_context) as srv:`` … ``srv.messages``; ``tls_context`` None: plain, no AUTH."""

    def __init__(self, tls_context: ssl.SSLContext | None = None, user: str = USER, password: str = PASSWORD):
        self.handler = _Handler()
        self.port = free_port()
        kwargs = {}
        if tls_context is not None:

            def authenticator(server, session, envelope, mechanism, auth_data):
                ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
                return AuthResult(success=ok, handled=False)

            kwargs = dict(tls_context=tls_context, require_starttls=True, authenticator=authenticator, auth_required=True, auth_require_tls=True)
        self.controller = Controller(self.handler, hostname="127.0.0.1", port=self.port, **kwargs)

    @property
    def messages(self) -> list[dict]:
        return self.handler.messages

    def __enter__(self) -> "SmtpServer":
        self.controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.controller.stop()
