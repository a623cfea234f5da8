"""Where ticketcli keeps its files.

By default the platform's user folders (platformdirs); ``TICKETCLI_HOME`` moves every folder
(config, drafts, outbox, history) under one directory, which is what tests and containers use.

The shell completion scripts find draft, outbox and history ids without starting Python: they
are generated from these functions, called for each platform they know (``system``, as
``uname -s`` names it), so they look where the program looks (:mod:`ticketcli.cli.shells`).
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "ticketcli"


def _home() -> Path | None:
    value = os.environ.get("TICKETCLI_HOME")
    return Path(value).expanduser() if value else None


def _platform_dirs(system: str | None):
    """platformdirs' folders for this platform, or for ``system`` ("Darwin": macOS; anything
    else: the XDG layout of Linux and the BSDs)."""
    if system is None:
        from platformdirs import PlatformDirs as Dirs
    elif system == "Darwin":
        from platformdirs.macos import MacOS as Dirs
    else:
        from platformdirs.unix import Unix as Dirs
    return Dirs(APP, appauthor=False)


def config_dir(system: str | None = None) -> Path:
    home = _home()
    if home is not None:
        return home / "config"
    return Path(_platform_dirs(system).user_config_dir)


def data_dir(system: str | None = None) -> Path:
    home = _home()
    if home is not None:
        return home
    return Path(_platform_dirs(system).user_data_dir)


def config_file(system: str | None = None) -> Path:
    return config_dir(system) / "config.toml"


#: The data folder's subfolders, by what they hold.
DRAFTS, OUTBOX, HISTORY = "drafts", "outbox", "history"


def drafts_dir() -> Path:
    return data_dir() / DRAFTS


def outbox_dir() -> Path:
    return data_dir() / OUTBOX


def history_dir() -> Path:
    return data_dir() / HISTORY
