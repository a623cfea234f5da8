"""The first question painted while questionary loads (ticketcli.firstpaint).

Every test runs a real process on a real pseudo-terminal and reads the screen through pyte, a
terminal emulator: the painted frame must be questionary's own frame cell for cell, questionary
must take it over without a trace, and keys typed before questionary runs must reach it.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import sys
import termios
import time
from pathlib import Path

import pyte
import pytest

from conftest import ticket_env
from ticketcli import firstpaint

ROOT = Path(__file__).resolve().parents[1]
CPR = b"\x1b[6n"


class Terminal:
    """A child process on a pseudo-terminal of ``cols`` x ``rows``, answering cursor-position
    requests as a terminal does, with everything it wrote kept for pyte."""

    def __init__(self, argv: list[str], env: dict[str, str], cols: int = 80, rows: int = 24) -> None:
        self.cols, self.rows = cols, rows
        self.out = b""
        self.pid, self.fd = pty.fork()
        if self.pid == 0:  # pragma: no cover - the child
            try:
                fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
                os.execve(argv[0], argv, env)
            finally:
                os._exit(127)
        self._screen = pyte.Screen(cols, rows)
        self._stream = pyte.ByteStream(self._screen)

    def _read(self, wait: float) -> bool:
        ready, _, _ = select.select([self.fd], [], [], wait)
        if not ready:
            return False
        try:
            chunk = os.read(self.fd, 65536)
        except OSError:
            chunk = b""
        if not chunk:
            raise EOFError(self.out[-400:])
        self.out += chunk
        for part in chunk.split(CPR)[:-1]:  # report where the cursor is, as a terminal does
            self._stream.feed(part)
            os.write(self.fd, b"\x1b[%d;%dR" % (self._screen.cursor.y + 1, self._screen.cursor.x + 1))
        self._stream.feed(chunk.rsplit(CPR, 1)[-1])
        return True

    def wait_for(self, marker: bytes, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while marker not in self.out:
            if time.monotonic() > deadline:
                raise AssertionError(f"{marker!r} never came: {self.out[-400:]!r}")
            self._read(0.05)

    def settle(self, quiet: float = 0.4) -> None:
        """Read until the child has written nothing for ``quiet`` seconds."""
        while True:
            try:
                if not self._read(quiet):
                    return
            except EOFError:
                return

    def until_exit(self, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                self._read(0.1)
        except EOFError:
            return
        raise AssertionError(f"still running: {self.out[-400:]!r}")

    def send(self, keys: bytes) -> None:
        os.write(self.fd, keys)

    def screen(self) -> pyte.Screen:
        return self._screen

    def close(self) -> None:
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass
        os.close(self.fd)


def look(cell) -> tuple:
    """What a cell shows: its character, colours and attributes (a blank shows no colour or
    weight, only a background, reverse video or an underline)."""
    if cell.data == " " and not (cell.reverse or cell.underscore):
        return (" ", cell.bg)
    return (cell.data, cell.fg, cell.bg, cell.bold, cell.reverse, cell.underscore)


def cells(screen: pyte.Screen) -> list:
    """Every cell's look, and the cursor (place, visibility)."""
    rows = [[look(screen.buffer[y][x]) for x in range(screen.columns)] for y in range(screen.lines)]
    return [rows, (screen.cursor.x, screen.cursor.y, screen.cursor.hidden)]


def text_of(screen: pyte.Screen) -> list[str]:
    return [line.rstrip() for line in screen.display]


def env_for(extra: dict[str, str] | None = None, **more: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PROMPT_TOOLKIT_COLOR_DEPTH", "COLUMNS", "LINES")}
    env.update(TERM="xterm", LANG="en_US.UTF-8", PYTHONPATH=str(ROOT))
    env.update(extra or {})
    env.update(more)
    return env


def python(code: str) -> list[str]:
    return [sys.executable, "-c", code]


def painted_screen(kind, message, choices, default, env, cols=80, rows=24):
    code = (
        "import sys, time\n"
        "from ticketcli.firstpaint import paint\n"
        f"p = paint({kind!r}, {message!r}, choices={choices!r}, default={default!r})\n"
        "assert 'questionary' not in sys.modules and 'prompt_toolkit' not in sys.modules\n"
        "sys.stdout.write('' if p else 'NOT PAINTED'); sys.stdout.flush()\n"
        "time.sleep(60)\n"
    )
    term = Terminal(python(code), env_for(env), cols, rows)
    try:
        term.wait_for(message.encode("utf-8")[:12])
        term.settle(0.3)
        assert b"NOT PAINTED" not in term.out
        return term.screen()
    finally:
        term.close()


def questionary_screen(kind, message, choices, default, env, cols=80, rows=24):
    code = (
        "import questionary\n"  # imported first: nothing is painted, questionary draws alone
        "from ticketcli.wizard import prompt\n"
        f"prompt({kind!r}, {message!r}, choices={choices!r}, default={default!r})\n"
    )
    term = Terminal(python(code), env_for(env), cols, rows)
    try:
        term.wait_for(message.encode("utf-8")[:12])
        term.settle(0.5)
        return term.screen()
    finally:
        term.close()


LONG = "Site does not open — The site or its admin panel does not open or shows an error"
CASES = {
    "select": ("select", "What is the problem about?", [("site", "Site access"), ("mail", "Mail"), ("other", "Other")], "", {}),
    "select, default, cut titles": ("select", "What is the problem about?", [("site", LONG + " page"), ("mail", "E-mail — " + LONG)], "mail", {}),
    "select, Russian, no colour": ("select", "О чём обращение?", [("site", "Сайт не открывается — ошибка"), ("mail", "Почта")], "site", {"NO_COLOR": "1"}),
    "select, 24-bit": ("select", "Browser", [("ff", "Firefox"), ("ch", "Chrome")], "", {"PROMPT_TOOLKIT_COLOR_DEPTH": "DEPTH_24_BIT"}),
    "text, default": ("text", "Адрес сайта (например, example.ru)", None, "пример.рф", {}),
    "text, empty, no colour": ("text", "Contract number", None, "", {"NO_COLOR": "1"}),
    "text, 24-bit": ("text", "Domain", None, "example.ru", {"PROMPT_TOOLKIT_COLOR_DEPTH": "DEPTH_24_BIT"}),
    "confirm, yes": ("confirm", "Discard this draft?", None, "1", {}),
    "confirm, no, 24-bit": ("confirm", "Удалить черновик?", None, "", {"PROMPT_TOOLKIT_COLOR_DEPTH": "DEPTH_24_BIT"}),
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_painted_frame_is_questionarys_first_frame(case):
    kind, message, choices, default, env = CASES[case]
    painted = painted_screen(kind, message, choices, default, env)
    real = questionary_screen(kind, message, choices, default, env)
    assert text_of(painted)[0].startswith("? ")  # something was drawn at all
    assert cells(painted) == cells(real), (text_of(painted)[:4], text_of(real)[:4])


def new_env(home: Path, tmp_path: Path, *, slow_import: float = 0.0, **env: str) -> dict[str, str]:
    """The environment of ``ticket new`` on these terminals (which answer cursor-position
    requests: the request shows questionary runs); with ``slow_import``, importing questionary
    takes that many seconds longer (as on a cold disk), so keys can be typed before it runs."""
    base = ticket_env(home, TICKETCLI_DIAGNOSE="never", TERM="xterm", PYTHONPATH=str(ROOT))
    base.pop("PROMPT_TOOLKIT_NO_CPR")
    if slow_import:
        site = tmp_path / "slow"
        site.mkdir(exist_ok=True)
        (site / "sitecustomize.py").write_text(
            "import sys, time\n"
            "class SlowQuestionary:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            f"        if name == 'questionary':\n            time.sleep({slow_import})\n"
            "        return None\n"
            "sys.meta_path.insert(0, SlowQuestionary())\n",
            encoding="utf-8",
        )
        base["PYTHONPATH"] = os.pathsep.join([str(site), str(ROOT)])
    base.update(env)
    return base


def ticket_new(home: Path, tmp_path: Path, *, slow_import: float = 0.0, **env: str) -> Terminal:
    """``ticket new`` on a terminal (see :func:`new_env`)."""
    return Terminal([sys.executable, "-m", "ticketcli", "new"], new_env(home, tmp_path, slow_import=slow_import, **env))


def test_keys_typed_before_questionary_runs_reach_it(ticket_home, tmp_path):
    term = ticket_new(ticket_home, tmp_path, slow_import=1.5)
    try:
        term.wait_for(b"What is the problem about?")
        assert CPR not in term.out  # questionary (prompt_toolkit) is not running yet
        term.send(b"\x1b[B\r")  # down, Enter: the second type, e-mail
        term.wait_for(b"Contract number")
        assert CPR in term.out
        term.settle(0.3)
        lines = text_of(term.screen())
    finally:
        term.close()
    assert lines[0].startswith("? What is the problem about? E-mail problem")
    assert lines[1].startswith("? Contract number")
    assert not any("Use arrow keys" in line for line in lines)  # the painted list is gone


def test_questionary_takes_the_painted_frame_over_in_place(ticket_home, tmp_path):
    term = ticket_new(ticket_home, tmp_path)
    try:
        term.wait_for(b"What is the problem about?")
        term.wait_for(CPR)
        term.settle(0.5)
        first = text_of(term.screen())
        term.send(b"\x1b[B")
        term.settle(0.4)
        moved = text_of(term.screen())
    finally:
        term.close()
    assert first[0] == "? What is the problem about? (Use arrow keys)"
    assert first[1].startswith(" » Site does not open")
    assert first[8] == ""  # drawn once: nothing below the seven types
    assert sum("What is the problem about?" in line for line in first) == 1
    assert moved[1].startswith("   Site does not open") and moved[2].startswith(" » E-mail problem")


def test_ctrl_c_before_questionary_runs_leaves_the_terminal_as_it_was(ticket_home, tmp_path):
    base = new_env(ticket_home, tmp_path, slow_import=3)  # under a shell, for stty afterwards
    term = Terminal(["/bin/sh", "-c", f"trap true INT; '{sys.executable}' -m ticketcli new; echo EXIT=$?; stty -a"], base)
    try:
        term.wait_for(b"What is the problem about?")
        time.sleep(0.2)
        term.send(b"\x03")
        term.until_exit()
        screen = term.screen()
    finally:
        term.close()
    out = term.out.decode("utf-8", "replace")
    modes = out.split("EXIT=", 1)[1]
    assert modes.startswith("130")
    words = modes.split()
    assert "echo" in words and "icanon" in words and "icrnl" in words  # back as the shell had them
    lines = text_of(screen)
    assert lines[0] == "? What is the problem about? (Use arrow keys)"
    assert lines[7].startswith("   Something else")  # the frame stays whole, the message below it
    assert not screen.cursor.hidden


def test_no_paint_when_turned_off(ticket_home, tmp_path):
    term = ticket_new(ticket_home, tmp_path, TICKETCLI_FIRST_PAINT="0")
    try:
        term.wait_for(b"What is the problem about?")
    finally:
        term.close()
    assert term.out.index(CPR) < term.out.index(b"What is the problem about?")


def test_painted_when_on(ticket_home, tmp_path):
    term = ticket_new(ticket_home, tmp_path)
    try:
        term.wait_for(b"What is the problem about?")
        term.wait_for(CPR)
    finally:
        term.close()
    assert term.out.index(b"What is the problem about?") < term.out.index(CPR)


@pytest.mark.parametrize(
    "cols, rows, message",
    [
        (30, 24, "What is the problem about? It is a long question"),  # the question would wrap
        (80, 3, "What is the problem about?"),  # the list is taller than the window
    ],
)
def test_not_painted_where_the_frame_would_not_fit(cols, rows, message):
    code = (
        "import sys\n"
        "from ticketcli.firstpaint import paint\n"
        f"p = paint('select', {message!r}, choices=[('a', 'One'), ('b', 'Two'), ('c', 'Three')])\n"
        "sys.stdout.write('painted' if p else 'not painted'); sys.stdout.flush()\n"
    )
    term = Terminal(python(code), env_for(), cols, rows)
    try:
        term.until_exit()
    finally:
        term.close()
    assert term.out.endswith(b"not painted")


def test_not_painted_when_output_is_not_a_terminal(tmp_path):
    target = tmp_path / "out.txt"
    code = (
        "import sys\n"
        f"sys.stdout = open({str(target)!r}, 'w')\n"
        "from ticketcli.firstpaint import paint\n"
        "p = paint('text', 'Domain')\n"
        "sys.stderr.write('painted' if p else 'not painted'); sys.stderr.flush()\n"
    )
    term = Terminal(python(code), env_for())
    try:
        term.until_exit()
    finally:
        term.close()
    assert term.out.endswith(b"not painted")
    assert target.read_text() == ""


def test_colour_depth_follows_prompt_toolkit():
    assert firstpaint.colour_depth({"TERM": "xterm-256color"}) == 8
    assert firstpaint.colour_depth({}) == 8
    assert firstpaint.colour_depth({"TERM": "xterm", "NO_COLOR": "1"}) == 1
    assert firstpaint.colour_depth({"TERM": "xterm", "NO_COLOR": ""}) == 8
    assert firstpaint.colour_depth({"PROMPT_TOOLKIT_COLOR_DEPTH": "DEPTH_24_BIT"}) == 24
    assert firstpaint.colour_depth({"PROMPT_TOOLKIT_COLOR_DEPTH": "DEPTH_4_BIT"}) is None
    assert firstpaint.colour_depth({"TERM": "linux"}) is None
    assert firstpaint.colour_depth({"TERM": "dumb"}) is None


@pytest.mark.parametrize(
    "kind, message, choices",
    [
        ("checkbox", "Attach?", [("a", "A")]),  # not drawn here
        ("select", "Pick", []),
        ("select", "Pick", [("a", "数据")]),  # two cells a character
        ("select", "Pick", [("a", "cafe\u0301")]),  # a combining accent
        ("text", "Emoji 🙂", None),
        ("text", "Tab\there", None),
        ("text", "x" * 79, None),  # the line would reach the last column
    ],
)
def test_frames_it_cannot_draw_exactly_are_left_to_questionary(kind, message, choices):
    assert firstpaint.frame(kind, message, choices=choices, columns=80) is None


def test_frame_height_counts_the_choices():
    drawn = firstpaint.frame("select", "Pick", choices=[("a", "A"), ("b", "B")], columns=80)
    assert drawn is not None and drawn[1] == 3
    assert firstpaint.frame("text", "Domain", columns=80)[1] == 1


@pytest.mark.parametrize("answer_with", [b"\x1b[B\r", b"\r"])
def test_at_the_bottom_of_a_full_screen_the_same_screens_as_without_painting(ticket_home, tmp_path, answer_with):
    """The terminal scrolls for the painted frame; questionary must then draw over it, and the
    screens must be those of a run without painting, before and after an answer."""
    screens = []
    for paint in ("1", "0"):
        env = new_env(ticket_home, tmp_path, TICKETCLI_FIRST_PAINT=paint)
        term = Terminal(["/bin/sh", "-c", f"seq 30; exec '{sys.executable}' -m ticketcli new"], env)
        try:
            term.wait_for(CPR)
            term.settle(0.5)
            asked = text_of(term.screen())
            term.send(answer_with)
            term.wait_for(b"Contract number")
            term.settle(0.5)
            screens.append((asked, text_of(term.screen())))
        finally:
            term.close()
    assert screens[0] == screens[1]
    asked, answered = screens[0]
    assert asked[-8] == "? What is the problem about? (Use arrow keys)"  # the type list ends the screen
    assert any(line.startswith("? What is the problem about? ") and "arrow" not in line for line in answered)
