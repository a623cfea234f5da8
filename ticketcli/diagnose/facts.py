"""Client facts, collected only with the user's consent: the OS and its version, the browsers
installed (found on PATH or in the usual application folders, with their ``--version``), and the
local time zone. Nothing secret: no user name, no host name, no addresses, no history.
"""

from __future__ import annotations

import os
import platform
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

#: (display name, binaries to look for on PATH)
BROWSERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Mozilla Firefox", ("firefox", "firefox-esr")),
    ("Google Chrome", ("google-chrome", "google-chrome-stable")),
    ("Chromium", ("chromium", "chromium-browser")),
    ("Yandex Browser", ("yandex-browser", "yandex-browser-stable")),
    ("Opera", ("opera",)),
    ("Microsoft Edge", ("microsoft-edge", "microsoft-edge-stable")),
    ("Brave", ("brave-browser", "brave")),
    ("Vivaldi", ("vivaldi", "vivaldi-stable")),
)

#: macOS application bundles (their Info.plist holds the version).
MAC_APPS = {
    "Safari": "/Applications/Safari.app",
    "Google Chrome": "/Applications/Google Chrome.app",
    "Mozilla Firefox": "/Applications/Firefox.app",
    "Yandex Browser": "/Applications/Yandex.app",
    "Opera": "/Applications/Opera.app",
    "Microsoft Edge": "/Applications/Microsoft Edge.app",
}

_VERSION = re.compile(r"\d+(?:\.\d+)+")


def os_description() -> str:
    system = platform.system()
    if system == "Linux":
        try:
            name = platform.freedesktop_os_release().get("PRETTY_NAME", "")
        except OSError:
            name = ""
        return f"{name} (Linux {platform.release()})" if name else f"Linux {platform.release()}"
    if system == "Darwin":
        return f"macOS {platform.mac_ver()[0]}"
    if system == "Windows":
        return f"Windows {platform.release()} ({platform.version()})"
    return f"{system} {platform.release()}".strip()


def timezone_description() -> str:
    now = time.localtime()
    offset = now.tm_gmtoff or 0
    sign = "+" if offset >= 0 else "-"
    hours, minutes = divmod(abs(offset) // 60, 60)
    name = os.environ.get("TZ", "")
    if not name:
        try:
            target = os.readlink("/etc/localtime")
            if "zoneinfo/" in target:
                name = target.split("zoneinfo/", 1)[1]
        except OSError:
            name = ""
    name = name or now.tm_zone or ""
    return f"{name} (UTC{sign}{hours:02d}:{minutes:02d})".strip()


def _version_of(path: str, timeout: float) -> str:
    try:
        result = subprocess.run(
            [path, "--version"], capture_output=True, text=True, timeout=max(0.1, timeout),
            env={**os.environ, "LANG": "C"}, stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    match = _VERSION.search(result.stdout or "")
    return match.group(0) if match else ""


def browsers(timeout: float = 3.0, path: str | None = None) -> list[dict[str, str]]:
    """Browsers installed here, with versions; the whole search is bounded by ``timeout``."""
    end = time.monotonic() + timeout
    found: list[dict[str, str]] = []
    for name, binaries in BROWSERS:
        for binary in binaries:
            exe = shutil.which(binary, path=path)
            if exe:
                left = end - time.monotonic()
                version = _version_of(exe, left) if left > 0.1 else ""
                found.append({"name": name, "version": version})
                break
    if sys.platform == "darwin":  # pragma: no cover - macOS only
        import plistlib

        for name, app in MAC_APPS.items():
            plist = Path(app) / "Contents" / "Info.plist"
            if plist.exists() and not any(b["name"] == name for b in found):
                try:
                    version = plistlib.loads(plist.read_bytes()).get("CFBundleShortVersionString", "")
                except Exception:  # noqa: BLE001
                    version = ""
                found.append({"name": name, "version": version})
    return found


def client_facts(timeout: float = 3.0, path: str | None = None) -> dict[str, Any]:
    """OS, browsers and time zone of this computer (ask the user before calling this)."""
    return {
        "os": os_description(),
        "browsers": browsers(timeout, path),
        "timezone": timezone_description(),
    }
