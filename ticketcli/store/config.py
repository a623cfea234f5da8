"""User profiles: who the client is and where tickets go.

``config.toml`` in the config folder holds one table per profile (several contracts, several
profiles) and the name of the default one. It never holds a secret: passwords and tokens live
in the OS keyring (see ``ticketcli.store.secrets``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import validate
from ..errors import ConfigError, NotFound, UsageError
from ..i18n import t
from . import paths
from .files import atomic_write, ensure_dir, is_safe_id

DEFAULT_PROFILE = "default"


def _lang(value: str, key: str) -> str:
    value = value.strip().lower()
    if value not in ("ru", "en"):
        raise UsageError(t("config_value", key=key, reason="use ru or en"))
    return value


def _positive_int(value: str, key: str, limit: int = 2**31 - 1) -> str:
    value = value.strip()
    if not (value.isascii() and value.isdigit()) or len(value) > 12 or not 0 < int(value) <= limit:
        raise UsageError(t("config_value", key=key, reason=f"use a whole number from 1 to {limit}"))
    return str(int(value))


def _bounded(limit: int) -> Callable[[str, str], str]:
    """A whole number from 1 to ``limit`` (a time-out of 10^20 seconds is no time-out at all)."""
    return lambda value, key: _positive_int(value, key, limit)


def _backend(value: str, key: str) -> str:
    """A channel's name. Whether such a channel is installed is checked when the name is set
    (:meth:`Config.set`) and when the channel is used, not at every load: reading the config
    does not scan the installed distributions' entry points, and a plugin removed later does
    not make the file unreadable."""
    value = value.strip()
    if not value.replace("-", "").replace("_", "").isalnum() or not value.isascii():
        raise UsageError(t("config_value", key=key, reason="use a channel name such as outbox, api or email"))
    return value


def _installed_channel(value: str, key: str) -> None:
    from ..channels import names

    known = names()
    if value not in known:
        raise UsageError(t("config_value", key=key, reason=f"use one of {', '.join(known)}"))


def _path(value: str, key: str) -> str:
    value = validate.line(value, key)
    return str(Path(value).expanduser()) if value else ""


def _smtp_security(value: str, key: str) -> str:
    value = value.strip().lower()
    if value not in ("starttls", "tls", "none"):
        raise UsageError(t("config_value", key=key, reason="use starttls, tls or none (none only for a server on this machine)"))
    return value


def _yes_no(value: str, key: str) -> str:
    value = value.strip().lower()
    if value not in ("yes", "no"):
        raise UsageError(t("config_value", key=key, reason="use yes or no"))
    return value


def _imap_security(value: str, key: str) -> str:
    value = value.strip().lower()
    if value not in ("tls", "starttls"):
        raise UsageError(t("config_value", key=key, reason="use tls (port 993) or starttls (port 143): the mailbox is read over TLS only"))
    return value


def _labels(value: str, key: str) -> str:
    """Comma-separated labels/tags, each one line without spaces at its ends."""
    value = validate.line(value, key)
    items = [item.strip() for item in value.split(",") if item.strip()]
    if not items:
        raise UsageError(t("config_value", key=key, reason="give labels separated by commas, e.g. support,hosting"))
    return ",".join(dict.fromkeys(items))


#: Every setting a profile can hold, with its validator. Values are stored as strings.
SETTINGS: dict[str, Callable[[str, str], str]] = {
    "contract": validate.contract,
    "domain": validate.domain,
    "contact_email": validate.email,
    "desk_email": validate.email,
    "lang": _lang,
    "backend": _backend,
    "max_attachment_mb": _bounded(100_000),
    "api_url": validate.url,
    "ca_bundle": _path,
    "smtp_host": validate.line,
    "smtp_port": _bounded(65535),
    "smtp_user": validate.line,
    "smtp_security": _smtp_security,
    #: Seconds to wait for the desk's answer (API and SMTP).
    "timeout": _bounded(3600),
    #: Attempts per ticket and run on retryable failures (connection, time-out, 5xx, 429, 503).
    "send_attempts": _bounded(100),
    #: Helpdesk channels (rt, zendesk, freshdesk, zammad, osticket, jira, github, gitlab): the
    #: desk's web address, the login or e-mail that goes with the token ('ticket auth set
    #: helpdesk'), where tickets go (RT queue, Zammad group, Freshdesk group id, osTicket help
    #: topic id, Jira service desk id, GitHub owner/repo, GitLab project path), the labels or tags
    #: to set, and Jira's request type id.
    "helpdesk_url": validate.url,
    "helpdesk_user": validate.line,
    "helpdesk_queue": validate.line,
    "helpdesk_labels": _labels,
    "jira_request_type": _positive_int,
    #: The client's own mailbox, where the desk's answers by e-mail arrive ('ticket show --fetch',
    #: 'ticket inbox --fetch'): the IMAP server, the login, the port (993 for tls, 143 for
    #: starttls), tls or starttls, and the folder (INBOX). The password: 'ticket auth set imap'.
    "imap_host": validate.line,
    "imap_user": validate.line,
    "imap_port": _bounded(65535),
    "imap_security": _imap_security,
    "imap_folder": validate.line,
    #: "yes": the user agreed to keep this profile's secrets in a keyring backend that stores
    #: them in clear text (keyrings.alt's PlaintextKeyring); set by 'ticket auth set KIND
    #: --allow-insecure-keyring' (ticketcli.store.secrets).
    "allow_insecure_keyring": _yes_no,
}


@dataclass(slots=True)
class Profile:
    name: str = DEFAULT_PROFILE
    values: dict[str, str] = field(default_factory=dict)

    def get(self, key: str, default: str = "") -> str:
        return self.values.get(key) or default

    @property
    def lang(self) -> str:
        """The language tickets are written in: the profile's ``lang``; until a profile says,
        the interface language (``--lang``, ``LANG``)."""
        from ..i18n import get_lang

        return self.values.get("lang") or get_lang()

    @property
    def max_attachment_bytes(self) -> int:
        return int(self.values.get("max_attachment_mb") or 20) * 1024 * 1024


@dataclass(slots=True)
class Config:
    default: str = DEFAULT_PROFILE
    profiles: dict[str, Profile] = field(default_factory=dict)
    path: Path | None = None

    def profile(self, name: str | None = None) -> Profile:
        """The named profile, the default one, or an empty default when none exists yet."""
        wanted = name or self.default
        if wanted in self.profiles:
            return self.profiles[wanted]
        if name is None or wanted == self.default:
            # The default profile exists implicitly, empty until something is set.
            return Profile(wanted)
        raise NotFound(t("unknown_profile", name=name, choices=", ".join(self.profiles) or "-"))

    def profile_or_default(self, name: str | None) -> Profile:
        """The named profile, or the default one when that name is unknown (e.g. since removed)."""
        try:
            return self.profile(name or None)
        except NotFound:
            return self.profile()

    def set(self, profile: str, key: str, value: str) -> str:
        if not is_safe_id(profile):
            raise UsageError(t("bad_id", value=profile))
        if key not in SETTINGS:
            raise UsageError(t("config_key", key=key, choices=", ".join(SETTINGS)))
        clean = SETTINGS[key](value, key) if value.strip() else ""
        if key == "backend" and clean:
            _installed_channel(clean, key)
        prof = self.profiles.setdefault(profile, Profile(profile))
        if clean:
            prof.values[key] = clean
        else:
            prof.values.pop(key, None)
        return clean

    def to_toml(self) -> dict[str, Any]:
        return {
            "default_profile": self.default,
            "profiles": {name: dict(sorted(p.values.items())) for name, p in self.profiles.items()},
        }


def load(path: Path | None = None) -> Config:
    path = path or paths.config_file()
    from .files import read_regular

    try:
        # A symlinked config (dotfile managers) is fine; a FIFO or a huge file is not.
        raw = read_regular(path, 1024 * 1024, follow_symlinks=True)
    except FileNotFoundError:
        return Config(path=path)
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise ConfigError(t("file_unreadable", path=path, reason=reason)) from None
    import tomllib

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(t("not_utf8", path=path)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(t("toml_bad", path=path, reason=exc)) from None

    def bad(reason: str) -> ConfigError:
        return ConfigError(t("toml_bad", path=path, reason=reason))

    unknown = set(data) - {"default_profile", "profiles"}
    if unknown:
        raise bad(f"unknown key(s) {', '.join(sorted(unknown))}")
    default = data.get("default_profile", DEFAULT_PROFILE)
    profiles = data.get("profiles", {})
    if not isinstance(default, str) or not isinstance(profiles, dict):
        raise bad("'default_profile' must be a string and 'profiles' a table")
    config = Config(default=default, path=path)
    for name, table in profiles.items():
        if not isinstance(table, dict) or not is_safe_id(name):
            raise bad(f"profile '{name}' must be a table with a simple name")
        prof = Profile(name)
        for key, value in table.items():
            if key not in SETTINGS:
                raise bad(t("config_key", key=key, choices=", ".join(SETTINGS)))
            if isinstance(value, int) and not isinstance(value, bool):
                value = str(value)
            if not isinstance(value, str):
                raise bad(f"'{name}.{key}' must be a string")
            try:
                prof.values[key] = SETTINGS[key](value, key) if value else ""
            except UsageError as exc:
                raise bad(str(exc)) from None
        config.profiles[name] = prof
    return config


def save(config: Config, path: Path | None = None) -> Path:
    import tomli_w

    path = path or config.path or paths.config_file()
    try:
        ensure_dir(path.parent, allow_link=True)  # a config folder linked by a dotfile manager is fine
        atomic_write(path, tomli_w.dumps(config.to_toml()).encode("utf-8"), parent_ready=True)
    except OSError as exc:
        raise ConfigError(t("disk_error", path=path, reason=exc.strerror or exc)) from None
    return path
