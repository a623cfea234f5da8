"""The e-mail channel against a real SMTP server (aiosmtpd, STARTTLS + AUTH) on 127.0.0.1."""

from __future__ import annotations

import email
from email import policy

import pytest
from servers.certs import make_certs, server_context
from servers.helpers import configure, queue
from servers.smtp_server import PASSWORD, USER, SmtpServer

from ticketcli.channels.base import Outgoing, PermanentError
from ticketcli.channels.smtp import SmtpBackend
from ticketcli.store.history import History
from ticketcli.store.outbox import Outbox

DESK = "support@provider.example"


@pytest.fixture
def certs(tmp_path):
    folder = tmp_path / "certs"
    folder.mkdir()
    return make_certs(folder)


@pytest.fixture
def smtp(certs):
    ca, cert, key = certs
    with SmtpServer(server_context(cert, key)) as srv:
        yield srv


@pytest.fixture
def mail_profile(smtp, certs, monkeypatch):
    monkeypatch.setenv("TICKETCLI_SMTP_PASSWORD", PASSWORD)
    return configure(
        backend="email", smtp_host="127.0.0.1", smtp_port=str(smtp.port), smtp_user=USER,
        smtp_security="starttls", ca_bundle=str(certs[0]), desk_email=DESK, contact_email=USER,
    )


def test_ticket_with_two_attachments_arrives_intact(smtp, mail_profile, run_cli, tmp_path):
    shot = tmp_path / "screen.png"
    shot.write_bytes(bytes(range(256)) * 500)
    log = tmp_path / "ошибка.txt"
    log.write_text("Ошибка: 550 mailbox unavailable\n", encoding="utf-8")
    item = queue(mail_profile, attachments=[shot, log])
    ticket = item.ticket()
    code, out, err = run_cli("send", "--all")
    assert code == 0, err
    assert len(smtp.messages) == 1
    got = smtp.messages[0]
    assert got["mail_from"] == USER and got["rcpt_tos"] == [DESK]
    msg = email.message_from_bytes(got["data"], policy=policy.default)
    assert msg["From"] == USER and msg["To"] == DESK
    assert msg["Subject"] == ticket.subject
    assert msg["Message-ID"] == f"<{ticket.uuid}@ticketcli.invalid>"
    parts = {p.get_filename(): p.get_payload(decode=True) for p in msg.iter_attachments()}
    assert parts == {"screen.png": shot.read_bytes(), "ошибка.txt": log.read_bytes()}
    assert "12-345" in msg.get_body(("plain",)).get_content()
    assert Outbox().find(item.uuid).state == "sent"
    assert History().get(item.uuid)["receipt"]["id"] == msg["Message-ID"]
    assert "delivered via email" in out


def test_wrong_password_is_a_clear_error_and_the_ticket_stays(smtp, mail_profile, run_cli, monkeypatch):
    monkeypatch.setenv("TICKETCLI_SMTP_PASSWORD", "wrong")
    item = queue(mail_profile)
    code, _, err = run_cli("send", "--all")
    assert code == 5
    assert "refused the login" in err and "ticket auth set smtp" in err
    assert "Traceback" not in err
    assert smtp.messages == []
    assert Outbox().find(item.uuid).state == "failed"
    monkeypatch.setenv("TICKETCLI_SMTP_PASSWORD", PASSWORD)
    code, _, err = run_cli("outbox", "retry", item.short_id)
    assert code == 0, err
    assert len(smtp.messages) == 1


def test_rule_1_confidential_type_needs_the_registered_address(smtp, mail_profile, certs, run_cli):
    profile = configure(
        backend="email", smtp_host="127.0.0.1", smtp_port=str(smtp.port), smtp_user=USER,
        ca_bundle=str(certs[0]), desk_email=DESK, contact_email="",
    )
    cfg_ticket = queue(profile, type_name="account-change", description="Please change the contact e-mail to new@example.ru.")
    tk_path = Outbox().find(cfg_ticket.uuid).path / "ticket.json"
    import json

    doc = json.loads(tk_path.read_text())
    doc["contact_email"] = "someone@elsewhere.example"
    tk_path.write_text(json.dumps(doc))
    code, _, err = run_cli("send", "--all")
    assert code == 5 and "Rule 1" in err and "contact_email" in err
    assert smtp.messages == []
    assert Outbox().find(cfg_ticket.uuid).state == "failed"
    # from the registered address the same ticket goes
    configure(backend="email", smtp_host="127.0.0.1", smtp_port=str(smtp.port), smtp_user=USER,
              ca_bundle=str(certs[0]), desk_email=DESK, contact_email="someone@elsewhere.example")
    code, _, err = run_cli("outbox", "retry", cfg_ticket.short_id)
    assert code == 0, err
    assert email.message_from_bytes(smtp.messages[0]["data"])["From"] == "someone@elsewhere.example"


def test_rule_1_written_channel_from_the_rule_engine(smtp, mail_profile, certs):
    rules = pytest.importorskip("ticketcli.rules")
    if not hasattr(rules, "check"):
        pytest.skip("rule engine not there yet")
    profile = configure(backend="email", smtp_host="127.0.0.1", smtp_port=str(smtp.port), smtp_user=USER,
                        ca_bundle=str(certs[0]), desk_email=DESK, contact_email="")
    item = queue(profile, description="Please reset the password of the mailbox info@example.ru and send me the new password.")
    ticket = item.ticket()
    ticket.contact_email = "other@example.ru"
    backend = SmtpBackend(profile, PASSWORD)
    with pytest.raises(PermanentError) as exc:
        backend.submit(Outgoing(ticket, ticket.uuid))
    assert exc.value.kind == "policy"
    assert smtp.messages == []


def test_header_injection_is_refused_before_connecting(smtp, mail_profile):
    item = queue(mail_profile)
    ticket = item.ticket()
    ticket.subject = "Site down\r\nBcc: victim@example.org"
    with pytest.raises(PermanentError) as exc:
        SmtpBackend(mail_profile, PASSWORD).submit(Outgoing(ticket, ticket.uuid))
    assert "line break" in exc.value.message
    assert smtp.messages == []


def test_security_none_only_for_loopback(run_cli, monkeypatch):
    profile = configure(backend="email", smtp_host="smtp.example.ru", smtp_security="none", desk_email=DESK)
    queue(profile)
    code, _, err = run_cli("send", "--all")
    assert code == 6 and "only for a server on this machine" in err
    with SmtpServer() as plain:
        configure(backend="email", smtp_host="127.0.0.1", smtp_port=str(plain.port), smtp_security="none", desk_email=DESK)
        code, _, err = run_cli("send", "--all")
        assert code == 0, err
        assert len(plain.messages) == 1


def test_unverifiable_certificate_is_refused(smtp, mail_profile, run_cli):
    configure(ca_bundle="")  # no CA: the self-signed chain cannot be verified
    queue(mail_profile)
    code, _, err = run_cli("send", "--all")
    assert code == 5 and "certificate" in err
    assert smtp.messages == []


def test_reply_by_email_threads_on_the_message_id(smtp, mail_profile, run_cli):
    item = queue(mail_profile)
    assert run_cli("send", "--all")[0] == 0
    code, _, err = run_cli("reply", item.short_id, "-m", "The bounce still happens after your fix.")
    assert code == 0, err
    reply = email.message_from_bytes(smtp.messages[1]["data"], policy=policy.default)
    assert reply["In-Reply-To"] == f"<{item.uuid}@ticketcli.invalid>"
    assert reply["Subject"].startswith("Re: ")
