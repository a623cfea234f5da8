"""The one place that asks in the terminal: questionary, called as it is.

The wizard (:mod:`.session`) and ``ticket config init`` ask through :func:`prompt`; tests give
the wizard another ``ask`` with the same signature (see ``tests/test_diagnose_wizard.py``).
"""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any


def prompt(
    kind: str,
    message: str,
    *,
    choices: list[tuple[str, str]] | None = None,
    default: str = "",
    validate: Callable[[str], bool | str] | None = None,
) -> Any:
    """Ask one question: ``text``, ``select``, ``checkbox`` or ``confirm``. ``choices`` are
    (value, title) pairs for ``select`` and ``checkbox`` (every box ticked at first; the answer
    is the list of ticked values). Ctrl-C raises KeyboardInterrupt, end of input EOFError."""
    import questionary

    if kind == "checkbox":
        opts = [questionary.Choice(title=title, value=value, checked=True) for value, title in choices or []]
        question = questionary.checkbox(message, choices=opts)
    elif kind == "select":
        opts = [questionary.Choice(title=title, value=value) for value, title in choices or []]
        values = [v for v, _ in choices or []]
        question = questionary.select(message, choices=opts, default=default if default in values else None)
    elif kind == "confirm":
        question = questionary.confirm(message, default=bool(default))
    else:
        question = questionary.text(message, default=default or "", validate=validate)
    answer = question.unsafe_ask()
    if answer is None:  # pragma: no cover - questionary returns None only on its own cancel
        raise KeyboardInterrupt
    return answer


def validator(check: Callable[[str], Any], required: bool) -> Callable[[str], bool | str]:
    """A questionary validator from one of our checks (which raise TicketError): True, or the
    error's message shown under the answer."""
    from ...errors import TicketError
    from ...i18n import t

    def run(value: str) -> bool | str:
        if not value.strip():
            return True if not required else t("required")
        try:
            check(value)
        except TicketError as exc:
            return exc.message
        return True

    return run
