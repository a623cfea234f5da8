"""The one place that asks in the terminal: questionary, called as it is.

The wizard (:mod:`.session`) and ``ticket config init`` ask through :func:`prompt`; tests give
the wizard another ``ask`` with the same signature (see ``tests/test_diagnose_wizard.py``).

Everything questionary lets a caller word is worded in the interface language: the select's
and checkbox's instructions ("(Use arrow keys)"), and a yes/no question. questionary's confirm
prints its answer as "Yes"/"No" whatever the caller says, so in Russian a yes/no question is a
select of "Да"/"Нет"; in English it is questionary's confirm, which waits for Enter after "y"
(``auto_enter=False``): a "y" and an Enter answer one question, not two.
"""

from __future__ import annotations

from collections.abc import Callable

from ...i18n import register, register_plural

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

register(
    {
        "q_select_hint": ("(Use arrow keys, Enter to choose)", "(стрелки — выбор, Enter — ответ)"),
        "q_checkbox_hint": ("(Space ticks or unticks a line, Enter confirms)", "(пробел — отметить или снять, Enter — готово)"),
        "q_yes": ("Yes", "Да"),
        "q_no": ("No", "Нет"),
    }
)
register_plural(
    {
        "q_ticked": (
            {"one": "{count} of {total} ticked", "other": "{count} of {total} ticked"},
            {"one": "отмечена {count} из {total}", "few": "отмечены {count} из {total}",
             "many": "отмечено {count} из {total}", "other": "отмечено {count} из {total}"},
        ),
    }
)


def fit(title: str, width: int | None = None) -> str:
    """A choice's title on one line of the terminal (the pointer and a margin take 6 columns):
    a longer one is cut at a word's end with "…", which prompt_toolkit would otherwise cut
    anywhere, silently."""
    import shutil

    from ...validate import shorten

    room = (width or shutil.get_terminal_size((120, 40)).columns) - 6
    return title if len(title) <= room or room < 20 else shorten(title, room)


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

    from ...i18n import get_lang, t

    if kind == "checkbox":
        # questionary echoes a checkbox's answer as "done (N selections)", in English whatever the
        # caller says: the prompt is erased when answered (prompt_toolkit's erase_when_done, which
        # questionary passes on) and the answer is echoed in the interface language
        opts = [questionary.Choice(title=fit(title), value=value, checked=True) for value, title in choices or []]
        question = questionary.checkbox(message, choices=opts, instruction=t("q_checkbox_hint"), erase_when_done=True)
        answer = question.unsafe_ask()
        if answer is None:  # pragma: no cover - questionary returns None only on its own cancel
            raise KeyboardInterrupt
        from ...i18n import tn

        questionary.print(f"? {message} {tn('q_ticked', len(answer), total=len(opts))}")
        return answer
    elif kind == "select":
        opts = [questionary.Choice(title=fit(title), value=value) for value, title in choices or []]
        values = [v for v, _ in choices or []]
        question = questionary.select(message, choices=opts, default=default if default in values else None,
                                      instruction=t("q_select_hint"))
    elif kind == "confirm" and get_lang() == "ru":
        opts = [questionary.Choice(title=t("q_yes"), value="yes"), questionary.Choice(title=t("q_no"), value="no")]
        question = questionary.select(message, choices=opts, default="yes" if default else "no", instruction=t("q_select_hint"))
        answer = question.unsafe_ask()
        if answer is None:  # pragma: no cover - questionary returns None only on its own cancel
            raise KeyboardInterrupt
        return answer == "yes"
    elif kind == "confirm":
        question = questionary.confirm(message, default=bool(default), auto_enter=False)
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
            return fitted(exc.message, value)
        return True

    return run


def fitted(message: str, value: str) -> str:
    """An answer's error on the one line questionary gives it: when the line is wider than the
    terminal, the quoted answer (on screen right above) is cut further, so that what is wrong
    and how to fix it stay readable."""
    import shutil

    from ...validate import shown

    width = shutil.get_terminal_size().columns - 1
    quoted = shown(value)
    if len(message) <= width or quoted not in message:
        return message
    return message.replace(quoted, shown(value, max(12, len(quoted) - (len(message) - width))), 1)
