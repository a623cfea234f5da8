"""Where ticketcli keeps its files.

By default the platform's user folders (platformdirs); ``TICKETCLI_HOME`` moves every folder
(config, drafts, outbox, history) under one directory, which is what tests and containers use.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "ticketcli"


def _home() -> Path | None:
    value = os.environ.get("TICKETCLI_HOME")
    return Path(value).expanduser() if value else None


def config_dir() -> Path:
    home = _home()
    if home is not None:
        return home / "config"
    from platformdirs import user_config_path

    return user_config_path(APP, appauthor=False)


def data_dir() -> Path:
    home = _home()
    if home is not None:
        return home
    from platformdirs import user_data_path

    return user_data_path(APP, appauthor=False)


def config_file() -> Path:
    return config_dir() / "config.toml"


def drafts_dir() -> Path:
    return data_dir() / "drafts"


def outbox_dir() -> Path:
    return data_dir() / "outbox"


def history_dir() -> Path:
    return data_dir() / "history"
