"""Turn a ticket into what the desk reads: the rendered text and an RFC 5322 message.

Pure functions of the ticket (and the profile's addresses): the wizard's preview, the outbox's
``message.eml`` and every delivery channel use the same text.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from . import validate
from .i18n import pick
from .model import Ticket
from .problems import get_type

if TYPE_CHECKING:  # the email package is imported only to build a message, not to render text
    from email.message import EmailMessage

LABELS = {
    "contract": {"en": "Contract", "ru": "Договор"},
    "domain": {"en": "Domain", "ru": "Домен"},
    "description": {"en": "What happens", "ru": "Что происходит"},
    "attachments": {"en": "Attachments", "ru": "Вложения"},
    "diagnostics": {"en": "Diagnostics", "ru": "Диагностика"},
    "contract_ident": {"en": "contract {value}", "ru": "договор {value}"},
}

_SENTENCE_END = re.compile(r"(?<=[.!?…])\s|\n")


def host_of(ticket: Ticket) -> str:
    """The site the ticket is about: the URL's host, else the profile's domain."""
    for key in ("url", "mailbox"):
        value = ticket.fields.get(key, "")
        if not value:
            continue
        if key == "mailbox":
            host = value.rpartition("@")[2]
        else:
            host = validate.url_domain(value) or ""
        if host:
            return host
    return ticket.domain


def identification(ticket: Ticket, lang: str) -> str:
    if ticket.domain:
        return ticket.domain
    if ticket.contract:
        return pick(LABELS["contract_ident"], lang).format(value=ticket.contract)
    return host_of(ticket)


def lead(description: str) -> str:
    """The first sentence of the description, for a subject."""
    first = _SENTENCE_END.split(description.strip(), maxsplit=1)[0].strip()
    return first.rstrip(".!…")


def template_values(ticket: Ticket) -> dict[str, str]:
    lang = ticket.lang
    values = dict(ticket.fields)
    values.update(
        host=host_of(ticket),
        domain=ticket.domain,
        contract=ticket.contract,
        ident=identification(ticket, lang),
        lead=lead(ticket.description),
    )
    return values


def propose_subject(ticket: Ticket) -> str:
    return get_type(ticket.type).propose_subject(template_values(ticket), ticket.lang)


def render_text(ticket: Ticket, lang: str | None = None) -> str:
    """The ticket as the desk wants to read it: identification first, then the problem."""
    lang = lang or ticket.lang
    ptype = get_type(ticket.type)
    ident = []
    if ticket.contract:
        ident.append(f"{pick(LABELS['contract'], lang)}: {ticket.contract}")
    if ticket.domain:
        ident.append(f"{pick(LABELS['domain'], lang)}: {ticket.domain}")
    blocks = []
    if ident:
        blocks.append("\n".join(ident))
    if ticket.description:
        blocks.append(ticket.description)
    facts = []
    for q in ptype.questions:
        value = ticket.fields.get(q.key)
        if not value:
            continue
        shown = q.display(value, lang)
        if "\n" in shown:
            indented = "\n".join("  " + line for line in shown.splitlines())
            facts.append(f"{q.title(lang)}:\n{indented}")
        else:
            facts.append(f"{q.title(lang)}: {shown}")
    if facts:
        blocks.append("\n".join(facts))
    if ticket.attachments:
        names = ", ".join(Path(a).name for a in ticket.attachments)
        blocks.append(f"{pick(LABELS['attachments'], lang)}: {names}")
    if ticket.diagnostics:
        lines = "\n".join(f"- {line}" for line in ticket.diagnostics)
        blocks.append(f"{pick(LABELS['diagnostics'], lang)}:\n{lines}")
    return "\n\n".join(blocks) + "\n"


def ascii_address(address: str) -> str:
    """An e-mail address with its domain in IDNA form (``owner@xn--80aa3agjl3d.xn--p1ai``) when
    its local part is ASCII: what any mail client and server takes. An address whose local part
    is not ASCII is returned as it is: it needs RFC 6532 (SMTPUTF8)."""
    local, at, domain = address.strip().rpartition("@")
    if not at or domain.isascii() or not local.isascii():
        return address.strip()
    try:
        return f"{local}@{domain.encode('idna').decode('ascii')}"
    except UnicodeError:
        return address.strip()


def needs_smtputf8(*addresses: str) -> bool:
    """Whether an address can only be written in UTF-8 (RFC 6532): its local part is not ASCII."""
    return any(not ascii_address(a).isascii() for a in addresses if a)


def message_id(ticket: Ticket) -> str:
    """A stable Message-ID: a re-send of the same ticket carries the same id."""
    return f"<{ticket.uuid}@ticketcli.invalid>"


def _base_email(ticket: Ticket, sender: str, recipient: str) -> EmailMessage:
    """The message without attachments: headers and the rendered text."""
    from email import policy
    from email.message import EmailMessage
    from email.utils import format_datetime

    # Addresses never become encoded words (RFC 2047 forbids them there): a domain goes in IDNA
    # form; a local part outside ASCII makes the whole message RFC 6532 (UTF-8 headers), which
    # is then delivered with SMTPUTF8.
    sender, recipient = ascii_address(sender), ascii_address(recipient)
    msg = EmailMessage(policy=policy.SMTPUTF8 if needs_smtputf8(sender, recipient) else policy.SMTP)
    subject = ticket.subject or propose_subject(ticket)
    for name, value in (("From", sender), ("To", recipient), ("Subject", subject)):
        if value:
            if "\r" in value or "\n" in value:
                raise ValueError(f"{name} contains a line break")
            msg[name] = value
    msg["Message-ID"] = message_id(ticket)
    msg["Date"] = format_datetime(datetime.fromisoformat(ticket.created))
    msg["X-Ticket-UUID"] = ticket.uuid
    msg["X-Ticket-Type"] = ticket.type
    msg.set_content(render_text(ticket))
    msg["Content-Language"] = ticket.lang
    return msg


def _attachment_type(filename: str, chunks) -> tuple[str, str, dict[str, str]]:
    """MIME type of an attachment: by its name; a text file that is not UTF-8 becomes binary.

    ``chunks`` yields the file's content (whole, or piece by piece).
    """
    import codecs
    import mimetypes

    ctype, _ = mimetypes.guess_type(filename)
    maintype, subtype = (ctype or "application/octet-stream").split("/", 1)
    params: dict[str, str] = {}
    if maintype == "text":
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            for chunk in chunks():
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
            params["charset"] = "utf-8"
        except UnicodeDecodeError:
            maintype, subtype = "application", "octet-stream"
    return maintype, subtype, params


def build_email(
    ticket: Ticket,
    *,
    sender: str = "",
    recipient: str = "",
    attachments: list[tuple[str, Path]] | None = None,
) -> EmailMessage:
    """An RFC 5322 message of the ticket; ``attachments`` are (file name, path) pairs.

    Header values are refused if they carry CR or LF (header injection). The attachments are read
    into memory: to write a message with large files, use :func:`write_email`.
    """
    msg = _base_email(ticket, sender, recipient)
    for filename, path in attachments or ():
        data = path.read_bytes()
        maintype, subtype, params = _attachment_type(filename, lambda: [data])
        msg.add_attachment(data, maintype=maintype, subtype=subtype, filename=filename, params=params)
    return msg


#: Bytes of a file read at once by :func:`write_email`: a whole number of base64 lines.
_CHUNK_LINES = 16384


def write_email(
    out: BinaryIO,
    ticket: Ticket,
    *,
    sender: str = "",
    recipient: str = "",
    attachments: list[tuple[str, Path]] | None = None,
    boundary: str | None = None,
) -> None:
    """Write the message :func:`build_email` makes to the binary file ``out``, byte for byte,
    without ever holding an attachment in memory.

    The message is generated by the standard library with a unique marker in place of each
    attachment's body; the marker is then replaced, while writing, by the file's base64 encoded
    in chunks with the same line layout (``policy.max_line_length``, CRLF). ``boundary`` fixes
    the MIME boundary (tests compare against :func:`build_email` with it); by default the
    generator picks a random one, as it does for :func:`build_email`.
    """
    import base64

    msg = _base_email(ticket, sender, recipient)
    nl = msg.policy.linesep.encode("ascii")
    line_bytes = msg.policy.max_line_length // 4 * 3  # what email.encoders / contentmanager use
    chunk_size = line_bytes * _CHUNK_LINES
    bodies: list[tuple[bytes, Path]] = []
    for filename, path in attachments or ():

        def chunks(path: Path = path):
            with open(path, "rb") as fh:
                while chunk := fh.read(chunk_size):
                    yield chunk

        maintype, subtype, params = _attachment_type(filename, chunks)
        msg.add_attachment(b"", maintype=maintype, subtype=subtype, filename=filename, params=params)
        import secrets

        marker = f"ticketcli-attachment-{secrets.token_hex(16)}"
        msg.get_payload()[-1].set_payload(marker + "\n")
        bodies.append((marker.encode("ascii") + nl, path))
    if boundary is not None and msg.is_multipart():
        msg.set_boundary(boundary)
    rest = msg.as_bytes()
    for marker, path in bodies:
        head, found, rest = rest.partition(marker)
        if not found:  # pragma: no cover - the generator always writes the payload verbatim
            raise RuntimeError("attachment marker lost while generating the message")
        out.write(head)
        with open(path, "rb") as fh:
            while chunk := fh.read(chunk_size):
                encoded = base64.encodebytes(chunk)
                out.write(encoded.replace(b"\n", nl) if nl != b"\n" else encoded)
    out.write(rest)
