"""Paint the wizard's first question while questionary loads.

Importing questionary and prompt_toolkit is most of the time between ``ticket new`` and its
first question (about 0.15 s of 0.3 s on a slow machine). The first question is therefore
drawn at once, cell for cell as questionary's first frame will draw it (same text, same
colours, same cursor), and questionary is imported behind it; when it starts it erases the
painted block and draws the same frame in its place, live.

Keys typed before questionary runs are kept: the terminal stops echoing and stops editing
lines (and stops turning Enter into a line feed) the moment the question is painted, so every
key waits, unchanged, for questionary to read, exactly as it would arrive in its own raw mode.
The terminal's own settings come back when the question is over, however it ends.

Only the frames this module can draw exactly are painted: a ``select``, ``text`` or
``confirm`` question with questionary's default style, on a terminal prompt_toolkit drives
with 1-, 8- or 24-bit colour, every line narrower than the screen and every character one cell
wide. Anything else (a narrow window, a 16-colour Linux console, ``TERM=dumb``, output that is
not a terminal) is simply not painted: questionary then draws it alone, as before.
``tests/test_firstpaint.py`` compares the painted screen with questionary's own, cell by cell.
"""

from __future__ import annotations

import os
import sys

#: questionary's default style, as prompt_toolkit writes it at each colour depth: SGR
#: parameters for the question mark, the question and an answer typed into a text prompt.
#: (prompt_toolkit maps #5f819d to colour 67 and #FF9D00 to 214 in the 256-colour palette.)
_QMARK = {1: "", 8: "38;5;67", 24: "38;2;95;129;157"}
_ANSWER = {1: "1", 8: "38;5;214;1", 24: "38;2;255;157;0;1"}
_DEPTHS = {"DEPTH_1_BIT": 1, "DEPTH_4_BIT": 4, "DEPTH_8_BIT": 8, "DEPTH_24_BIT": 24}
#: questionary's select pointer and the instruction it shows under its default settings
POINTER = "\u00bb"
SELECT_INSTRUCTION = "(Use arrow keys)"


def colour_depth(environ=os.environ) -> int | None:
    """The colour depth prompt_toolkit will use, or None when this module does not paint it."""
    if environ.get("NO_COLOR"):
        return 1
    forced = _DEPTHS.get(environ.get("PROMPT_TOOLKIT_COLOR_DEPTH", ""))
    if forced is not None:
        return forced if forced != 4 else None
    term = environ.get("TERM")
    if term is not None and (term.lower() in ("dumb", "unknown") or term in ("linux", "eterm-color")):
        return None  # a dumb terminal gets a different prompt; a 16-colour console, other colours
    return 8


def _width(text: str) -> int | None:
    """Cells ``text`` takes, or None unless every character is printable and one cell wide."""
    if text.isascii():
        return len(text) if text.isprintable() else None
    import unicodedata

    for ch in text:
        if not ch.isprintable() or unicodedata.combining(ch) or unicodedata.east_asian_width(ch) in "WF":
            return None
    return len(text)


def _sgr(params: str, text: str) -> str:
    return f"\x1b[0;{params}m{text}" if params else f"\x1b[0m{text}"


def frame(kind: str, message: str, *, choices=None, default="", depth: int = 8, columns: int = 80):
    """The bytes that draw questionary's first frame of a question, the cursor left where
    questionary leaves it (on the question's line), and the frame's height in lines; None when
    the question is not one this module draws exactly."""
    head = f"? {message} "
    if kind == "select":
        if not choices:
            return None
        values = [value for value, _ in choices]
        pointed = values.index(default) if default in values else 0
        picked = default in values  # questionary marks a default choice as selected
        tail = SELECT_INSTRUCTION
        lines = []
        for index, (_, title) in enumerate(choices):
            if _width(title) is None:
                return None
            title = title[: max(columns - 3, 0)]  # questionary's list is cut, not wrapped
            if index != pointed:
                lines.append(f"\x1b[0m   {title}")
            elif picked:
                lines.append(f"\x1b[0m {POINTER} \x1b[0;7m{title}")
            else:
                lines.append(f"\x1b[0m {POINTER} {title}")
        tail_sgr = ""
    elif kind == "confirm":
        tail, tail_sgr, lines = ("(Y/n) " if default else "(y/N) "), "", []
    elif kind == "text":
        tail, tail_sgr, lines = (default or ""), _ANSWER[depth], []
    else:
        return None
    first = _width(head + tail)
    if first is None or first >= columns:
        return None
    text = _sgr(_QMARK[depth], "?") + _sgr("1", head[1:]) + _sgr(tail_sgr, tail)
    if lines:
        # autowrap off while drawing, as prompt_toolkit does; the cursor, hidden, goes back to
        # the end of the question's line, where questionary leaves its own
        text = "\x1b[?25l\x1b[?7l" + text + "".join("\x1b[0m\r\n" + line for line in lines)
        text += f"\x1b[0m\r\x1b[{len(lines)}A\x1b[{first}C\x1b[?7h"
    else:
        text += "\x1b[0m"
    return text.encode("utf-8"), 1 + len(lines)


class Painted:
    """A question on screen that questionary has yet to take over; :meth:`handover` right
    before questionary starts, :meth:`close` once the question is over (or failed)."""

    def __init__(self, fd: int, height: int, saved) -> None:
        self.fd, self.height, self.saved = fd, height, saved
        self.handed_over = False

    def handover(self) -> None:
        """Put the cursor where questionary starts drawing: the first column of the frame."""
        self.handed_over = True
        _write(self.fd, b"\r")

    def close(self) -> None:
        """Give the terminal its own settings back; a frame never taken over is left behind
        with the cursor below it and visible."""
        try:
            if not self.handed_over:
                _write(self.fd, b"\r" + b"\n" * self.height + b"\x1b[?25h")
        finally:
            import termios

            try:
                termios.tcsetattr(0, termios.TCSANOW, self.saved)
            except (termios.error, OSError):
                pass


def _write(fd: int, data: bytes) -> None:
    while data:
        data = data[os.write(fd, data):]


def paint(kind: str, message: str, *, choices=None, default="") -> Painted | None:
    """Draw the question now if this terminal allows an exact frame; None when not painted."""
    if os.environ.get("TICKETCLI_FIRST_PAINT", "1") == "0":
        return None
    try:
        import termios
    except ImportError:  # not a POSIX terminal
        return None
    try:
        out = sys.stdout.fileno()
        if not (os.isatty(0) and os.isatty(out)):
            return None
        depth = colour_depth()
        if depth is None:
            return None
        size = os.get_terminal_size(out)
        columns, rows = size.columns or 80, size.lines or 24  # prompt_toolkit's fall-backs too
        drawn = frame(kind, message, choices=choices, default=default, depth=depth, columns=columns)
        if drawn is None or drawn[1] >= rows:
            return None
        saved = termios.tcgetattr(0)
        quiet = list(saved)
        quiet[0] &= ~termios.ICRNL  # Enter stays "\r", the key questionary binds
        quiet[3] &= ~(termios.ECHO | termios.ICANON)  # keys wait unseen and unedited; Ctrl-C still works
        quiet[6] = list(saved[6])
        quiet[6][termios.VMIN], quiet[6][termios.VTIME] = 1, 0
        sys.stdout.flush()
        termios.tcsetattr(0, termios.TCSANOW, quiet)
    except (AttributeError, ValueError, OSError, termios.error):  # no real file or terminal
        return None
    painted = Painted(out, drawn[1], saved)
    try:
        _write(out, drawn[0])
    except OSError:
        painted.handed_over = True
        painted.close()
        return None
    return painted
