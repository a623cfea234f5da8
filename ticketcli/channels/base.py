"""The interface every delivery channel implements, and the vocabulary of its results.

A channel (the support API, e-mail, later Request Tracker, Zendesk, Freshdesk…) is a class with
four methods; the send loop in :mod:`ticketcli.delivery` does everything else (claiming outbox
items, retries with backoff, recording receipts and history). A channel only has to:

* deliver one ticket (:meth:`Backend.submit`) and return a :class:`Receipt`;
* classify every failure as :class:`RetryableError` (try again later: connection refused,
  time-out, 5xx, 429/503 with ``retry_after``) or :class:`PermanentError` (the desk refused it:
  400/401/403/404/409/413/422, a bad address, a rule-1 refusal). Nothing else may escape.

``idempotency_key`` is the ticket's UUID: a channel that can pass it to the desk must, so that a
re-send after a crash never opens a second ticket.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from ..i18n import register, t
from ..model import Ticket
from ..store.config import Profile

register(
    {
        "no_follow_up": (
            "This channel cannot send follow-ups.",
            "Этот канал не умеет отправлять дополнительные сообщения.",
        ),
        "no_messages": (
            "The {channel} channel cannot read the desk's answers; follow the ticket on the desk's site or by e-mail.",
            "Канал {channel} не умеет читать ответы техподдержки; следите за заявкой на сайте техподдержки или по почте.",
        ),
        "no_download": (
            "The {channel} channel cannot download the desk's files; open the ticket on the desk's site.",
            "Канал {channel} не умеет скачивать файлы техподдержки; откройте заявку на сайте техподдержки.",
        ),
    }
)


#: How long a receipt's fields may be (characters): what a desk says is shown and stored.
RECEIPT_LIMITS = {"channel": 100, "id": 500, "number": 200, "url": 2000, "status": 200, "note": 1000}
#: How long a channel's error message may be (characters), the desk's words included.
MESSAGE_LIMIT = 1000


@dataclass(slots=True)
class Receipt:
    """Where a ticket went: the channel and the desk's id, number and URL (whatever it gives).

    Every field is what a desk said: it is kept :func:`~ticketcli.validate.printable` (no control
    characters or escape sequences, one line, bounded), whichever channel made it.
    """

    channel: str
    id: str = ""
    number: str = ""
    url: str = ""
    status: str = ""
    #: What the user should know about this delivery, in the interface language (e.g. labels the
    #: desk refused and the ticket went without); empty when there is nothing to say.
    note: str = ""

    def __post_init__(self) -> None:
        from ..validate import printable

        for name, limit in RECEIPT_LIMITS.items():
            setattr(self, name, printable(getattr(self, name) or "", limit, one_line=True))

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Receipt":
        return cls(**{k: str(data.get(k) or "") for k in ("channel", "id", "number", "url", "status", "note")})


class DeliveryFailure(Exception):
    """A channel's failure, already explained in the interface language.

    ``kind`` names the cause for scripts (``network``, ``timeout``, ``server``, ``rate_limited``,
    ``auth``, ``forbidden``, ``rejected``, ``too_large``, ``conflict``, ``not_found``, ``policy``,
    ``config``); ``status`` is the HTTP/SMTP status when there is one.
    """

    retryable = False

    def __init__(self, message: str, *, kind: str, status: int | None = None, retry_after: float | None = None):
        from ..store.secrets import redact  # a server may echo a credential into its error message
        from ..validate import printable  # and it may say anything: escape sequences, megabytes

        # Secrets are hidden in the whole text, once control characters no longer split them;
        # then it is cut (a cut secret is a secret shown in part).
        message = printable(redact(printable(message, 4 * MESSAGE_LIMIT, one_line=True)), MESSAGE_LIMIT, one_line=True)
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.status = status
        self.retry_after = retry_after

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "status": self.status,
            "reason": self.message,
            "retryable": self.retryable,
            "retry_after": self.retry_after,
        }


class RetryableError(DeliveryFailure):
    """Try again later; the same idempotency key makes a repeat harmless."""

    retryable = True


class PermanentError(DeliveryFailure):
    """The desk (or a rule) refused the ticket: retrying the same request cannot help."""

    retryable = False


@dataclass(slots=True)
class Message:
    """One message of a ticket's conversation, as a channel reads it from the desk.

    ``from_desk``: written by the desk's staff (False: by the client); ``created``: ISO 8601;
    ``attachments``: (file name, where the channel downloads it) pairs. Whatever a server says
    is kept as :func:`ticketcli.validate.printable` makes it (see :meth:`clean`).
    """

    id: str
    author: str
    from_desk: bool
    created: str
    text: str
    attachments: list[tuple[str, str]] = field(default_factory=list)

    def clean(self) -> "Message":
        """The message with every string made printable (no control characters, no terminal
        escape sequences) and bounded: what a desk sent is never printed or stored raw."""
        from ..validate import printable

        return Message(
            id=printable(self.id, 300, one_line=True),
            author=printable(self.author, 300, one_line=True),
            from_desk=bool(self.from_desk),
            created=printable(self.created, 64, one_line=True),
            text=printable(self.text, MAX_MESSAGE_TEXT),
            attachments=[(printable(n, 255, one_line=True), printable(u, 2000, one_line=True)) for n, u in self.attachments],
        )

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["attachments"] = [list(a) for a in self.attachments]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Message":
        files = data.get("attachments") or []
        return cls(
            id=str(data.get("id") or ""),
            author=str(data.get("author") or ""),
            from_desk=bool(data.get("from_desk")),
            created=str(data.get("created") or ""),
            text=str(data.get("text") or ""),
            attachments=[(str(a[0]), str(a[1])) for a in files if isinstance(a, (list, tuple)) and len(a) == 2],
        )


#: The longest message text kept (characters); a longer one is cut, saying so.
MAX_MESSAGE_TEXT = 200_000


@dataclass(slots=True)
class Attachment:
    name: str
    path: Path

    @property
    def size(self) -> int:
        return self.path.stat().st_size


@dataclass(slots=True)
class Outgoing:
    """What a channel delivers: the ticket, its idempotency key and its attachment files."""

    ticket: Ticket
    idempotency_key: str
    attachments: list[Attachment] = field(default_factory=list)


class Backend(ABC):
    """One delivery channel. Instances are made per send run by :func:`ticketcli.channels.load`."""

    #: The entry-point name it is registered under (group ``ticketcli.channels``), and in receipts.
    name: str = ""
    #: The secret this channel needs (``api``, ``smtp``) or None.
    secret_kind: str | None = None
    #: Whether :meth:`status` asks the desk (False: it only repeats the receipt's status).
    reads_status: bool = True

    @classmethod
    def needs_secret(cls, profile: Profile) -> bool:
        """Whether this profile's settings make the channel need its secret."""
        return cls.secret_kind is not None

    def __init__(self, profile: Profile, secret: str | None = None):
        self.profile = profile
        self.secret = secret

    @abstractmethod
    def submit(self, out: Outgoing) -> Receipt:
        """Deliver one ticket; raise RetryableError or PermanentError on failure."""

    def status(self, receipt: Receipt) -> str:
        """The desk's current status of a delivered ticket (channels that cannot tell: the receipt's)."""
        return receipt.status

    def follow_up(self, receipt: Receipt, text: str, attachments: list[Attachment], key: str, *, subject: str = "") -> dict[str, Any]:
        """Add a message to a delivered ticket (``key``: the message's idempotency key; ``subject``:
        the ticket's, for channels that thread by subject); returns what the desk says about it."""
        raise PermanentError(t("no_follow_up"), kind="unsupported")

    def messages(self, receipt: Receipt, since: str | None = None) -> list[Message]:
        """The public messages of a delivered ticket, oldest first: the desk's answers and the
        client's follow-ups (not the ticket's own first text). ``since`` (ISO 8601): only the
        messages created after it, where the desk can filter (callers merge by ``id`` anyway)."""
        raise PermanentError(t("no_messages", channel=self.name), kind="unsupported")

    def download(self, url: str, into: BinaryIO) -> None:
        """Write the file a :class:`Message` attachment names (``url``, as :meth:`messages` gave
        it) into the binary file ``into``, streamed where the channel can."""
        raise PermanentError(t("no_download", channel=self.name), kind="unsupported")

    def close(self) -> None:
        """Release connections."""

    def __enter__(self) -> "Backend":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def check_sizes(attachments: list[Attachment], limit_bytes: int) -> None:
    """Refuse before any upload when a file exceeds the profile's ``max_attachment_mb``."""
    for att in attachments:
        size = att.size
        if size > limit_bytes:
            raise PermanentError(
                t("attachment_too_big", path=att.name, size=f"{size / 2**20:.1f}", limit=limit_bytes // 2**20),
                kind="too_large",
            )
