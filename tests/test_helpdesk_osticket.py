"""osTicket adapter: requests checked against osTicket's own API documentation.

No registry serves a description of osTicket's API: the fake desk checks every request against
the operation as the documentation page below describes it (tests/servers/contracts.py:
``osticket()``), and the sent data URLs are decoded the way osTicket's parser decodes them.
"""

from __future__ import annotations

import base64
import codecs

import pytest
from servers import contracts
from servers.helpdesk import LOG, PNG, SECRET, Desk, json_body, outgoing, profile, reply

from ticketcli.channels.base import PermanentError, Receipt, RetryableError
from ticketcli.channels.helpdesk.osticket import OsTicketBackend

DOC = contracts.OSTICKET_DOC
URL = "https://support.example.ru"


def osticket_rfc2397(value: str, *, always_convert: bool = True) -> tuple[bytes | str, str, str | None]:
    """(data, type, charset) of a data URL as osTicket's ``Format::parseRfc2397``
    (include/class.format.php, every branch from 1.8 to 1.18.1) reads it — written from the
    behaviour issue 17 describes, not from its code:

    * a value not starting with ``data:`` is plain text;
    * the rest is split at the *first* comma into the parameters and the data; the data is taken
      verbatim (never percent-decoded);
    * the parameters are split at the first ``;`` into the MIME type (default text/plain) and the
      parameter string; then, once per ``;``-separated parameter, the *whole* parameter string is
      split at ``=``: ``charset=X`` sets the charset to everything after the first ``=``, a lone
      ``base64`` decodes the data. So ``charset=utf-8;base64`` gives the charset
      ``utf-8;base64`` and the data is never decoded;
    * the charset defaults to iso-8859-1 for the message (``always_convert``), to none for
      attachments (the JSON parser calls it with ``always_convert`` false for them).
    """
    if not value.startswith("data:"):
        return value, "text/plain", None
    meta, _, data = value[5:].partition(",")
    mime, extra = "", ""
    if meta:
        mime, _, extra = meta.partition(";")
    charset = "iso-8859-1" if always_convert else None
    decoded: bytes | str = data
    for _ in extra.split(";"):
        param, _, setting = extra.partition("=")  # the whole parameter string, every time
        if param == "charset":
            charset = setting
        elif param == "base64":
            decoded = base64.b64decode(data)
    return decoded, mime or "text/plain", charset


def as_the_desk_shows(value: str) -> str:
    """The message text the desk stores: the data transcoded from its charset to UTF-8 (a charset
    PHP's iconv does not know leaves the data as it is)."""
    data, _, charset = osticket_rfc2397(value)
    raw = data.encode("latin-1") if isinstance(data, str) and charset != "utf-8" else data
    if isinstance(raw, str):
        return raw
    try:
        codecs.lookup(charset or "")
    except LookupError:
        return raw.decode("utf-8", "replace")
    return raw.decode(charset)


def desk(routes=None, **kw) -> Desk:
    return Desk(routes, contract=contracts.osticket(), **kw)


def backend(d: Desk, **settings) -> OsTicketBackend:
    values = {"helpdesk_url": d.url}
    values.update(settings)
    return OsTicketBackend(profile(**values), SECRET)


def test_the_decoder_reads_the_old_base64_form_as_osticket_did():
    """The defect this replaces: ``charset=utf-8;base64`` arrives as the base64 string."""
    html = "<p>Сайт example.ru отвечает 500</p>"
    old = "data:text/html;charset=utf-8;base64," + base64.b64encode(html.encode()).decode()
    data, mime, charset = osticket_rfc2397(old)
    assert (mime, charset) == ("text/html", "utf-8;base64")
    assert as_the_desk_shows(old) == base64.b64encode(html.encode()).decode()
    # The documentation's own example reads as text.
    assert osticket_rfc2397("data:text/html,MESSAGE <b>HERE</b>") == ("MESSAGE <b>HERE</b>", "text/html", "iso-8859-1")


def test_the_message_arrives_as_text_and_attachments_as_their_bytes(tmp_path):
    d = desk({("POST", "/api/tickets.json"): reply(201, text="123456")})
    out = outgoing(tmp_path, description="Since 10:00 the shop page answers 500 & shows <b>nothing</b>, ещё с утра.\nPlease check the log.")
    with backend(d, helpdesk_queue="2") as ost:
        receipt = ost.submit(out)
    (create,) = d.requests
    assert create.headers["x-api-key"] == SECRET and "authorization" not in create.headers
    doc = json_body(create)
    assert doc["alert"] is True and doc["autorespond"] is True and doc["source"] == "API"
    assert doc["email"] == "owner@example.ru" and doc["name"] == "example.ru" and doc["subject"] == out.ticket.subject
    assert doc["topicId"] == 2

    assert doc["message"].startswith("data:text/html;charset=utf-8,<p>")
    _, mime, charset = osticket_rfc2397(doc["message"])
    shown = as_the_desk_shows(doc["message"])
    assert (mime, charset) == ("text/html", "utf-8")
    assert "12-345" in shown and "ещё с утра" in shown and "500 &amp; shows" in shown
    assert "&lt;b&gt;nothing&lt;/b&gt;" in shown and "<b>nothing" not in shown  # the user's text, escaped, never markup

    files = {}
    for entry in doc["attachments"]:
        ((name, value),) = entry.items()
        data, mime, charset = osticket_rfc2397(value, always_convert=False)
        assert charset is None and ";charset" not in value
        files[name] = (data, mime)
    assert files == {"error.log": (LOG, "application/octet-stream"), "screen.png": (PNG, "image/png")}
    assert receipt.number == "123456" and receipt.url == f"{d.url}/view.php"


def test_a_field_osticket_does_not_document_is_caught():
    import httpx

    d = desk({("POST", "/api/tickets.json"): reply(201, text="1")})
    httpx.post(d.url + "/api/tickets.json", headers={"X-API-Key": SECRET},
               json={"email": "a@b.c", "name": "n", "subject": "s", "message": "m", "priority": "high"}, timeout=10)
    assert "'priority' was unexpected" in "\n".join(d.take_violations())


def test_status_and_follow_up_say_create_only():
    receipt = Receipt("osticket", "123456", "123456", f"{URL}/view.php")
    with backend(desk()) as ost:
        with pytest.raises(PermanentError) as caught:
            ost.status(receipt)
        assert caught.value.kind == "unsupported" and "only creates tickets" in caught.value.message and "123456" in caught.value.message
        with pytest.raises(PermanentError) as caught:
            ost.follow_up(receipt, "more", [], "k")
        assert "only creates tickets" in caught.value.message


def test_429_retry_after():
    d = desk({("POST", "/api/tickets.json"): reply(429, text="slow down", headers={"Retry-After": "60"})})
    with backend(d) as ost, pytest.raises(RetryableError) as caught:
        ost.submit(outgoing())
    assert caught.value.retry_after == 60


def test_401_invalid_key_is_permanent():
    d = desk({("POST", "/api/tickets.json"): reply(401, text="API key not authorized")})
    with backend(d) as ost, pytest.raises(PermanentError) as caught:
        ost.submit(outgoing())
    assert caught.value.kind == "auth" and "ticket auth set helpdesk" in caught.value.message and "API key not authorized" in caught.value.message


def test_400_reason_is_shown():
    d = desk({("POST", "/api/tickets.json"): reply(400, text="Valid email required")})
    with backend(d) as ost, pytest.raises(PermanentError) as caught:
        ost.submit(outgoing())
    assert caught.value.kind == "rejected" and "Valid email required" in caught.value.message


def test_topic_must_be_numeric():
    with pytest.raises(PermanentError):
        backend(desk(), helpdesk_queue="Billing")


def test_the_desks_answers_cannot_be_read_through_osticket():
    """Backend.messages' default: a channel that cannot read the conversation says so."""
    with backend(desk()) as ost, pytest.raises(PermanentError) as caught:
        ost.messages(Receipt("osticket", "123456", "123456"))
    assert caught.value.kind == "unsupported" and "cannot read the desk's answers" in caught.value.message
