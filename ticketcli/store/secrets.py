"""Secrets (the API token, the SMTP and IMAP passwords, the helpdesk token): in the OS keyring, never in a file we write.

Resolution order, in :func:`get_secret` and nowhere else:

1. the environment variable (``TICKETCLI_API_TOKEN``, ``TICKETCLI_SMTP_PASSWORD``,
   ``TICKETCLI_HELPDESK_TOKEN``, ``TICKETCLI_IMAP_PASSWORD``), for CI and
   containers; it overrides the keyring for every profile;
2. the OS keyring, service ``ticketcli``, user name ``<profile>:<kind>`` (e.g. ``default:api``),
   set with ``ticket auth set api|smtp|helpdesk|imap [--profile P]``.

A missing secret raises :class:`ConfigError` naming the exact command that sets it. A machine
with no usable keyring backend gets one message naming the environment variables and a real
keyring (the Secret Service, macOS Keychain, Windows Credential Locker); a backend that accepts a
secret but keeps nothing (``keyring.backends.null``) is caught by reading the value back after
writing it.

A backend that **stores secrets in clear** — keyrings.alt's ``PlaintextKeyring`` (base64 in a
dotfile that anyone who can read the home folder, or its backups, can read), and any file
backend whose scheme says it does not encrypt — is never used silently: storing or reading a
secret there is refused with :class:`InsecureKeyring`, which says so plainly and recommends the
environment variables or a real keyring, unless the user agreed for that profile (``ticket auth
set KIND --allow-insecure-keyring``, remembered as the profile's ``allow_insecure_keyring``
setting). Removing a secret from such a backend needs no agreement.
"""

from __future__ import annotations

import os

from ..errors import ConfigError, NotFound
from ..i18n import register, t

SERVICE = "ticketcli"
KINDS = ("api", "smtp", "helpdesk", "imap")
ENV = {"api": "TICKETCLI_API_TOKEN", "smtp": "TICKETCLI_SMTP_PASSWORD", "helpdesk": "TICKETCLI_HELPDESK_TOKEN",
       "imap": "TICKETCLI_IMAP_PASSWORD"}

register(
    {
        "secret_kind": (
            "Unknown secret '{kind}': use api, smtp, helpdesk or imap.",
            "Неизвестный секрет «{kind}»: используйте api, smtp, helpdesk или imap.",
        ),
        "secret_missing": (
            "No {what} for profile '{profile}'. Set it with 'ticket auth set {kind}{flag}' (or the {env} environment variable).",
            "Нет {what} для профиля «{profile}». Задайте его: «ticket auth set {kind}{flag}» (или переменной окружения {env}).",
        ),
        "secret_what_api": ("API token", "API-токена"),
        "secret_what_smtp": ("SMTP password", "пароля SMTP"),
        "secret_what_helpdesk": ("helpdesk token", "токена техподдержки"),
        "secret_what_imap": ("IMAP password", "пароля IMAP"),
        "no_keyring": (
            "No usable keyring on this machine ({backend}). Pass secrets in the environment ({envs}), or set up a keyring that encrypts them: the Secret Service (gnome-keyring or KeePassXC) on Linux; macOS and Windows have one built in.",
            "На этой машине нет рабочего хранилища ключей ({backend}). Передавайте секреты в окружении ({envs}) или настройте хранилище, которое их шифрует: Secret Service (gnome-keyring или KeePassXC) в Linux; в macOS и Windows оно встроено.",
        ),
        "keyring_dropped": (
            "The keyring backend {backend} accepted the secret but did not keep it. Use the {env} environment variable, or set up a keyring that encrypts secrets (the Secret Service: gnome-keyring or KeePassXC).",
            "Хранилище ключей {backend} приняло секрет, но не сохранило его. Используйте переменную окружения {env} или настройте хранилище, которое шифрует секреты (Secret Service: gnome-keyring или KeePassXC).",
        ),
        "keyring_in_clear": (
            "The keyring backend {backend} stores secrets in clear text{where}: anyone who can read that file, or a backup of it, has the {what}. Use the {env} environment variable, or a keyring that encrypts (the Secret Service: gnome-keyring or KeePassXC). To use this one anyway: ticket auth set {kind}{flag} --allow-insecure-keyring",
            "Хранилище ключей {backend} хранит секреты открытым текстом{where}: любой, кто может прочитать этот файл или его резервную копию, получит {what}. Используйте переменную окружения {env} или хранилище, которое шифрует (Secret Service: gnome-keyring или KeePassXC). Чтобы всё же использовать это: ticket auth set {kind}{flag} --allow-insecure-keyring",
        ),
        "keyring_in_clear_where": (" (in {path})", " (в {path})"),
        "keyring_in_clear_agreed": (
            "Stored in clear text by {backend}{where}, as agreed for profile '{profile}'. The environment variable {env} or a keyring that encrypts would keep it safer.",
            "Хранится открытым текстом в {backend}{where}, как согласовано для профиля «{profile}». Надёжнее переменная окружения {env} или хранилище, которое шифрует.",
        ),
        "keyring_error": (
            "The keyring ({backend}) failed: {reason}. Use the {env} environment variable meanwhile.",
            "Ошибка хранилища ключей ({backend}): {reason}. Пока используйте переменную окружения {env}.",
        ),
        "secret_empty": ("The secret is empty; nothing was stored.", "Секрет пуст; ничего не сохранено."),
        "secret_controls": (
            "The {what} contains a line break or another control character inside it; set it again with 'ticket auth set {kind}' (or fix {env}).",
            "{what} содержит перевод строки или другой управляющий символ внутри; задайте его заново: «ticket auth set {kind}» (или исправьте {env}).",
        ),
        "secret_not_set": (
            "No {kind} secret is stored for profile '{profile}'.",
            "Секрет {kind} для профиля «{profile}» не сохранён.",
        ),
    }
)


class InsecureKeyring(ConfigError):
    """The keyring backend stores secrets in clear, and the profile has not agreed to that."""


#: The profile setting that records the user's agreement to a keyring that stores in clear.
AGREEMENT = "allow_insecure_keyring"


def _check_kind(kind: str) -> None:
    if kind not in KINDS:
        from ..errors import UsageError

        raise UsageError(t("secret_kind", kind=kind))


def username(profile: str, kind: str) -> str:
    return f"{profile}:{kind}"


def backend_name() -> str:
    import keyring

    kr = keyring.get_keyring()
    return f"{type(kr).__module__}.{type(kr).__name__}"


def _keyring():
    """The active keyring, or ConfigError when there is no usable one."""
    import keyring
    from keyring.backends import chainer, fail

    kr = keyring.get_keyring()
    unusable = isinstance(kr, fail.Keyring) or (isinstance(kr, chainer.ChainerBackend) and not kr.backends)
    if unusable:
        raise ConfigError(t("no_keyring", backend=backend_name(), envs=", ".join(ENV.values())))
    return kr


def in_clear(kr) -> str | None:
    """Where ``kr`` keeps secrets in clear text (its file, or "" when it does not say), or None
    when it does not. A chain of backends stores where its first one does."""
    from keyring.backends import chainer

    if isinstance(kr, chainer.ChainerBackend):
        return in_clear(kr.backends[0]) if kr.backends else None
    try:  # keyrings.alt's file backends name their encryption; the plain one says 'no encyption'
        scheme = str(getattr(kr, "scheme", "") or "").lower()
    except Exception:  # noqa: BLE001 - a backend's property may raise: it then says nothing
        scheme = ""
    if "plaintext" in type(kr).__name__.lower() or scheme.startswith("no enc"):
        try:
            return str(getattr(kr, "file_path", "") or "")
        except Exception:  # noqa: BLE001
            return ""
    return None


def agreed(profile: str) -> bool:
    """Whether the user agreed, for ``profile``, to a keyring that stores in clear."""
    from . import config

    prof = config.load().profiles.get(profile)
    return prof is not None and prof.get(AGREEMENT) == "yes"


def _refuse_in_clear(kr, kind: str, profile: str) -> InsecureKeyring:
    where = in_clear(kr)
    flag = "" if profile == "default" else f" --profile {profile}"
    return InsecureKeyring(t("keyring_in_clear", backend=backend_name(), where=t("keyring_in_clear_where", path=where) if where else "",
                             what=t(f"secret_what_{kind}"), env=ENV[kind], kind=kind, flag=flag))


def _safe_keyring(kind: str, profile: str):
    """:func:`_keyring`, refused with InsecureKeyring when it stores in clear and ``profile``
    has not agreed."""
    kr = _keyring()
    if in_clear(kr) is not None and not agreed(profile):
        raise _refuse_in_clear(kr, kind, profile)
    return kr


def check_backend(kind: str, profile: str, allow_insecure: bool = False) -> None:
    """Before asking for a secret: ConfigError if it could not be stored (no usable keyring, or
    one that stores in clear without the user's agreement, given now or before)."""
    _check_kind(kind)
    kr = _keyring()
    if in_clear(kr) is not None and not (allow_insecure or agreed(profile)):
        raise _refuse_in_clear(kr, kind, profile)


def clear_text_note(kind: str, profile: str) -> str:
    """One line saying a secret of ``profile`` is kept in clear (empty when it is not)."""
    try:
        kr = _keyring()
    except ConfigError:
        return ""
    where = in_clear(kr)
    if where is None:
        return ""
    return t("keyring_in_clear_agreed", backend=backend_name(), where=t("keyring_in_clear_where", path=where) if where else "",
             profile=profile, env=ENV[kind])


def _keyring_failed(exc: Exception, kind: str) -> ConfigError:
    return ConfigError(t("keyring_error", backend=backend_name(), reason=type(exc).__name__, env=ENV[kind]))


def _from_keyring(kind: str, profile: str) -> str | None:
    from keyring.errors import KeyringError

    kr = _safe_keyring(kind, profile)
    try:
        return kr.get_password(SERVICE, username(profile, kind))
    except KeyringError as exc:
        raise _keyring_failed(exc, kind) from None


#: Secrets are tokens (surrounding whitespace is never part of one) or passwords (spaces may be).
TOKENS = ("api", "helpdesk")

#: Every secret this process has read or stored, and the encodings a server may echo back, for
#: :func:`redact`.
_KNOWN: set[str] = set()
#: Shorter strings are not redacted: they would blank out ordinary words.
MIN_REDACTED = 4


def clean(kind: str, value: str) -> str:
    """``value`` as the secret it is meant to be: a mounted secret file's final newline (and, for a
    token, any surrounding whitespace) removed; a control character left inside is refused, since
    it would break the header or command that carries the secret."""
    value = value.strip() if kind in TOKENS else value.strip("\r\n")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
        raise ConfigError(t("secret_controls", what=t(f"secret_what_{kind}"), kind=kind, env=ENV[kind]))
    return value


def remember(*values: str) -> None:
    """Have :func:`redact` hide ``values`` (and their base64 and URL-safe base64 forms) from now on."""
    import base64

    for value in values:
        if value and len(value) >= MIN_REDACTED:
            _KNOWN.add(value)
            raw = value.encode("utf-8")
            _KNOWN.add(base64.b64encode(raw).decode("ascii").rstrip("="))
            _KNOWN.add(base64.urlsafe_b64encode(raw).decode("ascii").rstrip("="))


def redact(text: str) -> str:
    """``text`` with every secret this process knows replaced by ``[secret]``: for anything that
    may be printed or stored (a server's error message, a traceback with ``--debug``)."""
    for value in sorted(_KNOWN, key=len, reverse=True):
        if value in text:
            text = text.replace(value, "[secret]")
    return text


def get_secret(kind: str, profile: str) -> str:
    """The secret of ``kind`` for ``profile``: environment variable, then the keyring.

    Raises ConfigError naming ``ticket auth set <kind>`` when neither has it.
    """
    _check_kind(kind)
    value = os.environ.get(ENV[kind]) or _from_keyring(kind, profile)
    if value and value.strip():
        value = clean(kind, value)
        remember(value)
        return value
    flag = "" if profile == "default" else f" --profile {profile}"
    raise ConfigError(
        t("secret_missing", what=t(f"secret_what_{kind}"), profile=profile, kind=kind, flag=flag, env=ENV[kind])
    )


def set_secret(kind: str, profile: str, value: str, *, allow_insecure: bool = False) -> str:
    """Store the secret and read it back; returns the backend's name. A backend that stores in
    clear is refused unless the profile agreed before or ``allow_insecure`` agrees now (and is
    remembered for the profile)."""
    from keyring.errors import KeyringError, PasswordDeleteError

    _check_kind(kind)
    if not value or not value.strip():
        raise ConfigError(t("secret_empty"))
    value = clean(kind, value)
    remember(value)
    check_backend(kind, profile, allow_insecure)
    kr = _keyring()
    if allow_insecure and in_clear(kr) is not None and not agreed(profile):
        from . import config

        cfg = config.load()
        cfg.set(profile, AGREEMENT, "yes")
        config.save(cfg)
    user = username(profile, kind)
    try:
        kr.set_password(SERVICE, user, value)
        kept = kr.get_password(SERVICE, user)
    except KeyringError as exc:
        raise _keyring_failed(exc, kind) from None
    if kept != value:
        try:
            kr.delete_password(SERVICE, user)
        except (KeyringError, PasswordDeleteError):
            pass
        raise ConfigError(t("keyring_dropped", backend=backend_name(), env=ENV[kind]))
    return backend_name()


def delete_secret(kind: str, profile: str) -> None:
    from keyring.errors import KeyringError, PasswordDeleteError

    _check_kind(kind)
    kr = _keyring()
    try:
        kr.delete_password(SERVICE, username(profile, kind))
    except PasswordDeleteError:
        raise NotFound(t("secret_not_set", kind=kind, profile=profile)) from None
    except KeyringError as exc:
        raise _keyring_failed(exc, kind) from None


def status(profile: str) -> dict[str, str]:
    """Where each secret would come from: ``env``, ``keyring``, ``missing``, ``no-keyring`` or
    ``insecure-keyring`` (it stores in clear and the profile has not agreed). Never the value."""
    out: dict[str, str] = {}
    for kind in KINDS:
        if os.environ.get(ENV[kind]):
            out[kind] = "env"
            continue
        try:
            out[kind] = "keyring" if _from_keyring(kind, profile) else "missing"
        except InsecureKeyring:
            out[kind] = "insecure-keyring"
        except ConfigError:
            out[kind] = "no-keyring"
    return out
