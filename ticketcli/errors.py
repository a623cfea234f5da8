"""Named exit codes and the project's own exceptions.

Every failure a user can cause is a :class:`TicketError`: it carries its exit code and a
message in the interface language, and the CLI prints it as one line, never a traceback.
"""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    #: ``ticket check``: at least one finding is an error; ``ticket new``: rule errors block sending.
    RULES = 1
    #: Bad usage or bad input: unknown option value, invalid field, malformed file.
    USAGE = 2
    #: A draft, outbox item, profile or file that does not exist.
    NOT_FOUND = 3
    #: Answers are missing and no terminal is available to ask for them.
    MISSING_INPUT = 4
    #: Delivery failed or is pending (the ticket stays in the outbox).
    DELIVERY = 5
    #: Configuration or keyring problem.
    CONFIG = 6
    #: The user interrupted (Ctrl-C); whatever was typed is kept as a draft.
    INTERRUPTED = 130


class TicketError(Exception):
    """An error the user can fix; ``message`` is already in the interface language."""

    exit_code: ExitCode = ExitCode.USAGE

    def __init__(self, message: str, *, exit_code: ExitCode | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code

    def __str__(self) -> str:
        return self.message


class UsageError(TicketError):
    exit_code = ExitCode.USAGE


class NotFound(TicketError):
    exit_code = ExitCode.NOT_FOUND


class MissingInput(TicketError):
    exit_code = ExitCode.MISSING_INPUT


class ConfigError(TicketError):
    exit_code = ExitCode.CONFIG


class DeliveryError(TicketError):
    exit_code = ExitCode.DELIVERY


class RuleErrors(TicketError):
    """The desk's rules find errors in a ticket or a reply, and nobody overrode them.

    ``report`` holds every finding (a :class:`ticketcli.rules.Report`), ``rules`` the ids of the
    rules with errors. :func:`ticketcli.submit` and :func:`ticketcli.reply` raise it; passing
    ``force=True`` overrides the errors (and records the override), except an insult.
    """

    exit_code = ExitCode.RULES

    def __init__(self, message: str, report, rules: tuple[str, ...]):
        super().__init__(message)
        self.report = report
        self.rules = rules


class Impolite(RuleErrors):
    """The text insults the desk (rule ``polite``): never queued or sent, whoever asks, whatever
    ``force`` says; only rephrasing it helps."""


class Interrupted(TicketError):
    """Raised when the user stops the wizard; carries the id of the draft that keeps the answers."""

    exit_code = ExitCode.INTERRUPTED

    def __init__(self, message: str, draft_id: str | None = None):
        super().__init__(message)
        self.draft_id = draft_id
