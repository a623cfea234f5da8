"""A person at a terminal: the real ``ticket`` in a pseudo-terminal (pexpect), its output fed to
a terminal emulator (pyte) so a test can read the screen as it looks, at a given width."""

from __future__ import annotations

import re
import shutil
import sys
import time
from pathlib import Path

import pexpect
import pyte
from conftest import ticket_env

DOWN = "\x1b[B"
UP = "\x1b[A"
ENTER = "\r"
SPACE = " "
CTRL_C = "\x03"
CTRL_U = "\x15"
TIMEOUT = 15


class Terminal:
    """``ticket ARGS`` in a terminal of ``cols`` x ``rows``; ``expect`` waits for text in the
    output stream, ``screen()`` is what the person sees now."""

    def __init__(self, home: Path, *args: str, lang: str = "en_US.UTF-8", cols: int = 120, rows: int = 40, **env: str):
        exe = shutil.which("ticket")
        cmd, argv = (exe, list(args)) if exe else (sys.executable, ["-m", "ticketcli", *args])
        self.cols, self.rows = cols, rows
        self.screen_ = pyte.Screen(cols, rows)
        self.stream = pyte.Stream(self.screen_)
        self.child = pexpect.spawn(cmd, argv, env=ticket_env(home, LANG=lang, COLUMNS=str(cols), LINES=str(rows), **env),
                                   encoding="utf-8", timeout=TIMEOUT, dimensions=(rows, cols))
        self.transcript = ""
        self._pos = 0

    def _read(self, timeout: float) -> bool:
        """Feed what the program writes within ``timeout`` to the screen; False at its end."""
        try:
            data = self.child.read_nonblocking(65536, timeout=timeout)
        except pexpect.TIMEOUT:
            return True
        except (pexpect.EOF, ValueError):  # ValueError: the terminal is closed already
            return False
        self.stream.feed(data)
        self.transcript += data
        return True

    def expect(self, pattern: str, timeout: float = TIMEOUT) -> re.Match:
        """Wait until ``pattern`` (a regular expression) appears in the output after the last
        match; the match, over the output without control sequences."""
        rx = re.compile(pattern)
        end = time.monotonic() + timeout
        while True:
            plain = self.plain()
            m = rx.search(plain, self._pos)
            if m is not None:
                self._pos = m.end()
                return m
            if time.monotonic() > end:
                raise AssertionError(f"{pattern!r} did not appear; the screen:\n{self.text()}\n--- the output:\n{plain[-3000:]}")
            if not self._read(0.1) and rx.search(self.plain(), self._pos) is None:
                raise AssertionError(f"the program ended before {pattern!r} appeared; the output:\n{self.plain()[-3000:]}")

    def send(self, keys: str) -> None:
        self.child.send(keys)

    def answer(self, question: str, keys: str) -> None:
        self.expect(question)
        self.settle()
        self.send(keys)

    def settle(self, quiet: float = 0.15) -> None:
        """Read what the program still writes until it is quiet (the prompt fully drawn)."""
        end = time.monotonic() + 5
        while time.monotonic() < end:
            before = len(self.transcript)
            if not self._read(quiet) or len(self.transcript) == before:
                return

    def screen(self) -> list[str]:
        self.settle()
        return [line.rstrip() for line in self.screen_.display]

    def text(self) -> str:
        return "\n".join(self.screen())

    def _ended(self, timeout: float) -> bool:
        """Read on until the program ends (True) or ``timeout`` passes (False)."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                data = self.child.read_nonblocking(65536, timeout=0.2)
            except pexpect.TIMEOUT:
                continue
            except (pexpect.EOF, ValueError):
                return True
            self.stream.feed(data)
            self.transcript += data
        return False

    def finish(self, timeout: float = TIMEOUT) -> int:
        """Wait for the program to end; its exit status (an AssertionError if it still waits)."""
        if not self._ended(timeout):
            self.child.terminate(force=True)
            raise AssertionError(f"the program did not end; the screen:\n{self.text()}\n--- the output:\n{self.plain()[-3000:]}")
        self.child.close()
        return self.child.exitstatus

    def plain(self) -> str:
        """The whole output without terminal control sequences."""
        return re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]|\r", "", self.transcript)
