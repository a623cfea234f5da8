"""Secrets as people really have them (issue 16): a token with the newline of a mounted secret file,
a password outside ASCII, and servers that echo credentials back; none of it reaches a message,
a file or a crash."""

from __future__ import annotations

import base64
import json
import socketserver
import threading

import pytest
from servers.certs import make_certs, server_context
from servers.helpers import all_bytes, configure, queue
from servers.smtp_server import USER, SmtpServer

from ticketcli.store import secrets

DESK = "support@provider.example"


def test_a_token_ending_in_a_newline_is_sent_as_the_token(server, run_cli, monkeypatch):
    from servers.api_server import TOKEN

    monkeypatch.setenv("TICKETCLI_API_TOKEN", TOKEN + "\n")
    configure(backend="api", api_url=server.url)
    code, out, err = run_cli("new", "--type", "other", "--description", "Please restore yesterday's backup.", "--no-input", "--json")
    assert code == 0, err
    assert json.loads(out)["state"] == "sent" and len(server.tickets) == 1


def test_a_token_with_a_line_break_inside_is_refused_in_one_line_without_the_token(server, run_cli, monkeypatch, ticket_home):
    monkeypatch.setenv("TICKETCLI_API_TOKEN", "abcd-secret\nX-Injected: 1")
    configure(backend="api", api_url=server.url)
    code, out, err = run_cli("--debug", "new", "--type", "other", "--description", "Please restore yesterday's backup.", "--no-input")
    assert code != 0 and "Traceback" not in err
    assert "abcd-secret" not in out + err and b"abcd-secret" not in all_bytes(ticket_home)
    assert "TICKETCLI_API_TOKEN" in err and server.tickets == {}


def test_redact_hides_a_secret_and_its_base64_forms():
    secrets.remember("correct horse battery")
    b64 = base64.b64encode(b"correct horse battery").decode()
    text = f"535 bad credentials: correct horse battery / {b64} / ok"
    redacted = secrets.redact(text)
    assert "correct horse" not in redacted and b64.rstrip("=") not in redacted
    assert redacted.startswith("535 bad credentials: [secret] / [secret]") and redacted.endswith(" / ok")


@pytest.fixture
def certs(tmp_path):
    folder = tmp_path / "certs"
    folder.mkdir()
    return make_certs(folder)


def test_a_password_outside_ascii_logs_in(certs, monkeypatch, run_cli):
    ca, cert, key = certs
    password = "пароль-для-почты-№1"
    with SmtpServer(server_context(cert, key), password=password) as smtp:
        monkeypatch.setenv("TICKETCLI_SMTP_PASSWORD", password)
        profile = configure(backend="email", smtp_host="127.0.0.1", smtp_port=str(smtp.port), smtp_user=USER,
                            smtp_security="starttls", ca_bundle=str(ca), desk_email=DESK, contact_email=USER)
        queue(profile)
        code, out, err = run_cli("send", "--all")
        assert code == 0, err
        assert len(smtp.messages) == 1


class EchoingSmtp:
    """A plain SMTP server on 127.0.0.1 that refuses every AUTH quoting what it was sent."""

    def __init__(self) -> None:
        self.auth_lines: list[bytes] = []
        seen = self.auth_lines

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                self.wfile.write(b"220 echo ESMTP\r\n")
                while True:
                    line = self.rfile.readline()
                    if not line:
                        return
                    verb = line.split(b" ", 1)[0].strip().upper()
                    if verb in (b"EHLO", b"HELO"):
                        self.wfile.write(b"250-echo\r\n250 AUTH PLAIN\r\n")
                    elif verb == b"AUTH":
                        seen.append(line.strip())
                        self.wfile.write(b"535 5.7.8 authentication failed for " + line.strip() + b"\r\n")
                    elif verb == b"QUIT":
                        self.wfile.write(b"221 bye\r\n")
                        return
                    else:
                        self.wfile.write(b"500 what\r\n")

        self.server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]

    def __enter__(self) -> "EchoingSmtp":
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("password", ["echo-me-s3cret", "эхо-пароль-s3cret"])
def test_a_server_that_echoes_the_auth_data_gets_nothing_printed_or_stored(monkeypatch, run_cli, ticket_home, password):
    with EchoingSmtp() as smtp:
        monkeypatch.setenv("TICKETCLI_SMTP_PASSWORD", password)
        profile = configure(backend="email", smtp_host="127.0.0.1", smtp_port=str(smtp.port), smtp_user=USER,
                            smtp_security="none", desk_email=DESK, contact_email=USER)
        item = queue(profile)
        code, out, err = run_cli("send", "--all")
    assert code == 5 and "refused the login" in err and "Traceback" not in err
    blob = base64.b64encode(b"\0" + USER.encode() + b"\0" + password.encode()).decode().rstrip("=")
    stored = all_bytes(ticket_home).decode("utf-8", "replace")
    for leaked in (password, blob, base64.b64encode(password.encode()).decode().rstrip("=")):
        assert leaked not in out + err and leaked not in stored
    assert any(blob.encode() in line for line in smtp.auth_lines)  # the server did get it, and echoed it
    assert item.uuid in stored  # delivery.json was written, with the reason
