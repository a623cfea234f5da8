"""Validators shared by the wizard, the ``--field`` flags, JSON input and the profile.

Each validator takes the raw answer and returns the normalised value, or raises
:class:`~ticketcli.errors.UsageError` with one line that says what is wrong and how to fix it.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from .errors import UsageError
from .i18n import t

MAX_LINE = 1_000
MAX_TEXT = 100_000

_LABEL_RE = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_CONTRACT_RE = re.compile(r"[0-9A-Za-zА-Яа-яЁё][0-9A-Za-zА-Яа-яЁё/-]{0,39}")
_EMAIL_LOCAL_RE = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}")
#: An RFC 2047 encoded word: a mail reader decodes it, so "=?UTF-8?Q?=0A?=" can smuggle a line break.
_ENCODED_WORD = re.compile(r"=\?[^?\s]*\?[bBqQ]\?[^?\s]*\?=")
#: Bidirectional overrides and isolates: they make text display differently from what it is.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


#: Unicode's control characters (general category Cc: exactly U+0000-U+001F and U+007F-U+009F,
#: a set the Unicode stability policy fixes), and the same without tab, line feed and return.
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROLS_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
#: Line and paragraph separators: ``str.splitlines`` (and so the email package) breaks lines there.
_SEPARATORS = re.compile("[\u2028\u2029]")
_SURROGATES = re.compile("[\ud800-\udfff]")


def _has_controls(value: str, allow_newlines: bool) -> bool:
    return (_CONTROLS_IN_TEXT if allow_newlines else _CONTROLS).search(value) is not None


def clean_text(value: str, field: str, *, multiline: bool = True, limit: int = MAX_TEXT) -> str:
    """Free text: valid Unicode, no control characters, bounded length, newlines normalised."""
    if len(value) > 4 * limit:  # refuse huge input before scanning it
        raise UsageError(t("text_too_long", field=field, size=len(value), limit=limit))
    if _SURROGATES.search(value):
        raise UsageError(t("bad_unicode", field=field))
    if _has_controls(value, allow_newlines=True):
        raise UsageError(t("bad_text", field=field))
    if any(ch in _BIDI_CONTROLS for ch in value):
        raise UsageError(t("bidi_control", field=field))
    value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
    if multiline:
        value = _SEPARATORS.sub("\n", value)
    elif "\n" in value or _SEPARATORS.search(value):
        raise UsageError(t("one_line", field=field))
    if len(value) > limit:
        raise UsageError(t("text_too_long", field=field, size=len(value), limit=limit))
    return value


#: Terminal escape sequences (ECMA-48): CSI (ESC [ or C1 CSI) with its parameters; the strings
#: OSC, DCS, SOS, PM and APC up to their terminator (BEL or ST); any other ESC sequence.
_ESCAPES = re.compile(
    r"(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]"
    r"|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]"
)
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
_BREAKS = re.compile("[\n\t\u2028\u2029]")


def printable(value: object, limit: int = MAX_TEXT, *, one_line: bool = False) -> str:
    """What a server said (an author, a message, a file name, an error), made safe to print and
    to store: terminal escape sequences removed whole, every other control character (C0 and C1)
    removed except newline and tab, CR LF and lone CR turned into newlines, bidirectional
    overrides and isolates removed (they make text display as something else), unpaired
    surrogates replaced; at most ``limit`` characters (a cut text ends with "…").

    ``one_line``: line breaks (and tabs) become spaces, for a name or a header. Never raises:
    what a server says is shown as well as it can be, not refused.
    """
    text = value if isinstance(value, str) else ("" if value is None else str(value))
    if len(text) > 4 * limit + 1024:  # do not scan megabytes for what will be cut anyway
        text = text[: 4 * limit + 1024]
    text = _ESCAPES.sub("", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if one_line:
        text = " ".join(_UNPRINTABLE.sub("", _BREAKS.sub(" ", text)).split())
    else:
        text = _UNPRINTABLE.sub("", _SEPARATORS.sub("\n", text))
    if _SURROGATES.search(text):
        text = text.encode("utf-8", "replace").decode("utf-8")
    if len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    return text


def to_ascii_domain(domain: str) -> str | None:
    """The IDNA (punycode) form of ``domain``, or None when it is not a valid domain name."""
    domain = domain.strip().rstrip(".").lower()
    if not domain or len(domain) > 253 or "." not in domain:
        return None
    if any(unicodedata.category(ch) == "Cf" for ch in domain):
        return None  # zero-width and direction marks: invisible, and IDNA would drop them silently
    try:
        ascii_form = domain.encode("idna").decode("ascii")
    except (UnicodeError, ValueError):
        return None
    labels = ascii_form.split(".")
    if not all(_LABEL_RE.fullmatch(label) for label in labels):
        return None
    tld = labels[-1]
    if tld.isdigit() or (len(tld) < 2):
        return None
    return ascii_form


def shorten(value: str, limit: int) -> str:
    """``value`` on one line, cut at a word's end to at most ``limit`` characters, "…" marking the
    cut (no punctuation left before it); a single word longer than that is cut inside."""
    import textwrap

    line = " ".join(value.split())
    if len(line) <= limit:
        return line
    cut = textwrap.shorten(line, limit, placeholder="…")
    if cut == "…":  # one word longer than the limit
        return line[: limit - 1] + "…"
    return cut[:-1].rstrip(" ,;:-—–(") + "…"


def shown(value: str, limit: int = 40) -> str:
    """``value`` as an error message quotes it: cut at a word to ``limit`` characters, so that
    what is wrong and how to fix it still fit on the line (a wizard's answer is already on screen
    above its error)."""
    return shorten(value, limit)


def domain(value: str, field: str = "domain") -> str:
    value = clean_text(value, field, multiline=False, limit=300)
    candidate = value.strip().lower().rstrip(".")
    if to_ascii_domain(candidate) is None:
        raise UsageError(t("bad_domain", value=shown(value)))
    return candidate


def url(value: str, field: str = "url") -> str:
    """A URL or a bare domain (``пример.рф``, ``example.ru/path``)."""
    value = clean_text(value, field, multiline=False, limit=2_000)
    raw = value
    if "://" not in raw:
        raw = "http://" + raw
    try:
        parts = urlsplit(raw)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise UsageError(t("bad_url", value=shown(value))) from None
    if parts.scheme.lower() not in ("http", "https") or " " in raw:
        raise UsageError(t("bad_url", value=shown(value)))
    if host in ("localhost",) or _is_ip(host):
        return value
    if to_ascii_domain(host) is None:
        raise UsageError(t("bad_url", value=shown(value)))
    return value


def _is_ip(host: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def url_domain(value: str) -> str | None:
    """The host of a URL or bare domain answer (a domain name or an IP address), if it has one."""
    raw = value if "://" in value else "http://" + value
    try:
        host = urlsplit(raw).hostname
    except ValueError:
        return None
    return host if host and (to_ascii_domain(host) or _is_ip(host)) else None


def email(value: str, field: str = "email") -> str:
    value = clean_text(value, field, multiline=False, limit=320)
    local, sep, host = value.rpartition("@")
    if not sep or not _EMAIL_LOCAL_RE.fullmatch(local) or local.startswith(".") or ".." in local:
        raise UsageError(t("bad_email", value=shown(value)))
    if to_ascii_domain(host) is None:
        raise UsageError(t("bad_email", value=shown(value)))
    return f"{local}@{host.lower()}"


def contract(value: str, field: str = "contract") -> str:
    value = clean_text(value, field, multiline=False, limit=100)
    value = re.sub(r"^(?:№|#|No\.?|N)\s*", "", value.strip(), flags=re.I)
    if not _CONTRACT_RE.fullmatch(value):
        raise UsageError(t("bad_contract", value=shown(value)))
    return value


def line(value: str, field: str) -> str:
    """One line of text. Any line may end up in a mail header (answers make the proposed subject;
    file names go into ``Content-Disposition``), so every line follows the header rules: no line
    breaks of any kind, no control characters, no encoded words, no bidirectional overrides
    (refused, never silently changed; free text refuses the last two as well)."""
    value = clean_text(value, field, multiline=False, limit=MAX_LINE)
    if _ENCODED_WORD.search(value):
        raise UsageError(t("encoded_word", field=field))
    return value


#: A value that goes into a mail header (the subject): one line, with the rules of :func:`line`.
header_value = line


def filename(value: str, field: str = "attachment") -> str:
    """An attachment's file name as the desk will see it: a line (see :func:`line`) that is not
    empty and not a path."""
    value = line(value, field)
    if not value or value in (".", "..") or "/" in value:
        raise UsageError(t("bad_text", field=field))
    return value


def text(value: str, field: str) -> str:
    return clean_text(value, field, multiline=True, limit=MAX_TEXT)


VALIDATORS = {
    "url": url,
    "domain": domain,
    "email": email,
    "contract": contract,
    "line": line,
    "subject": header_value,
    "text": text,
}
