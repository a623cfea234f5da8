"""secret [1]: passwords, API tokens, private keys and card numbers (Luhn) in the text.

:func:`find_secrets` returns what was found (kind and span, never printed);
:func:`redact_secrets` replaces each with ``[REDACTED]`` (a card keeps its last four digits).
A masked password (``********``) and a 16-digit number that fails the Luhn check are not
secrets.
"""

from __future__ import annotations

import math
import re

from .text import IX, I, LazyRe

PEM = LazyRe(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[\s\S]*)",
             hints=("-----begin",))

TOKENS = LazyRe(r"""
    \b(?:AKIA|ASIA|AGPA|AIDA|AROA)[0-9A-Z]{16}\b                       # AWS access key id
  | \bgh[pousr]_[A-Za-z0-9]{30,}\b | \bgithub_pat_[A-Za-z0-9_]{20,}\b   # GitHub
  | \bxox[abposr]-[A-Za-z0-9-]{10,}                                     # Slack
  | \beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}     # JWT
  | \b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{16,}\b                        # Stripe
  | \bAIza[0-9A-Za-z_-]{35}\b                                           # Google API key
  | \bsk-(?:proj-)?[A-Za-z0-9_-]{20,}\b                                 # OpenAI-style
  | \bglpat-[A-Za-z0-9_-]{20,}\b                                        # GitLab
  | \bya29\.[A-Za-z0-9_-]{20,}                                          # Google OAuth
  | \bhooks\.slack\.com/services/[A-Za-z0-9/]{20,}
""", re.VERBOSE, hints=("akia", "asia", "agpa", "aida", "aroa", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_",
                        "xox", "eyj", "sk_", "rk_", "aiza", "sk-", "glpat", "ya29", "hooks.slack"))

# A keyword, then (within a few words) a value: "пароль kD9#mq2Lp", "password: qwerty12",
# "The password is Sunshine!2024", "token 7f9c2ba4…", "API key = …"
KEYWORD_VALUE = LazyRe(r"""
    (?P<kw>\b(?:парол[ьяюем]\w*|pass(?:word|wd|phrase)?|pwd|pw|пасс|пин(?:-?код)?|pin|
           (?:api|access|secret|private|auth|bearer)[\s_-]*(?:key|token|ключ\w*)|токен\w*|token|secret|
           ключ\w*\s+(?:api|доступа)|client[\s_-]*secret|bearer))\b
    (?P<between>(?:[ \t]+(?:is|was|=|:|—|–|-|это|такой|от|для|к|for|of|to|the|my|мой|наш|our|ящика|почты|
        админки|панели|базы|сайта|ftp|ssh|mysql|бд|account|mailbox|admin|panel|database|db|server|сервера|
        user|пользователя|[\w.+-]+@[\w-]+(?:\.[\w-]+)+(?![\w@])|[\w-]+\.[a-zа-я]{2,}))*[ \t]*[:=—–-]?[ \t]*)
    (?P<val>[^\s,;«»"“”()<>]{4,})
""", IX, hints=("парол", "pass", "pwd", "pw", "пасс", "пин", "pin", "key", "token", "токен", "secret", "ключ", "bearer"))
_VAL_QUOTED = LazyRe(r"""(?P<kw>\b(?:парол\w*|password|passwd|pwd|token|токен\w*|secret|key)\b)[^\n"«“]{0,30}[:=]?\s*["«“](?P<val>[^"»”\n]{4,64})["»”]""", I,
                     guard=("парол", "passw", "pwd", "token", "токен", "secret", "key"))

# A keyword, a few more words, then a colon and the value: "my API token for the deploy
# script: 9b1c…", "пароль от личного кабинета хостинга: Qx7…".
_KW_LABEL = LazyRe(r"""
    (?P<kw>\b(?:парол[ьяюем]\w*|password|passwd|pwd|(?:api|access|secret|private|auth)[\s_-]*(?:key|token|ключ\w*)|
           токен\w*|token|ключ\w*\s+(?:api|доступа)))\b
    (?P<between>(?:[ \t]+[^\s:=]{1,24}){1,5}[ \t]*[:=][ \t]*)
    (?P<val>[^\s,;«»"“”()<>]{4,})
""", IX, hints=("парол", "pass", "pwd", "key", "token", "токен", "ключ"))

_MASK = LazyRe(r"^[*•●x#.·_?-]+$|^<.*>$|^\[.*\]$|^\(.*\)$|^(?:скрыт\w*|hidden|redacted|удален\w*|\*+\w{0,2})$", I)
_NOT_VALUES = frozenset("""
не нет неверный неверен неверна неверны верный правильный правильно сменил сменила менял меняла
менял поменял стал был такой же тот же от для is was incorrect wrong correct changed reset
expired invalid same the for of to and или и но при ввожу ввела ввёл вводил reset changed
forgot forgotten again please пожалуйста новый новая new old старый старый manager менеджер
unchanged прежний прежнему standard стандартный default usual обычный known same
""".split())

# a run of digits in groups ("4111 1111 1111 1111", "4012-8888-8888-1881", "4111111111111111")
DIGIT_RUN = LazyRe(r"(?<![\d.,/])\d+(?:[ -]\d+)*(?![\d]|[.,/]\d)")
_GROUP = LazyRe(r"\d+")
_DIGITS = LazyRe(r"\d+")  # what DIGIT_RUN counts as digits (str.isdigit() holds for each)


def _digits_at_least(text: str, n: int) -> bool:
    count = 0
    for m in _DIGITS.rx.finditer(text):
        a, b = m.span()
        count += b - a
        if count >= n:
            return True
    return False

_HIGH_ENTROPY = LazyRe(r"(?<![\w/+=.-])[A-Za-z0-9_\-+/=]{24,}(?![\w/+=-])")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def _cards_in(run: str, free=lambda a, b: True) -> list[tuple[int, int]]:
    """Card numbers inside a run of digit groups: whole groups, 13–19 digits, Luhn-valid.

    ``free(a, b)`` says whether a span of the run is not already part of another secret (a
    password made of digits just before a card must not hide the card)."""
    groups = [g.span() for g in _GROUP.finditer(run)]
    out = []
    i = 0
    while i < len(groups):
        for j in range(min(len(groups), i + 19), i, -1):  # 19 digits at most
            a, b = groups[i][0], groups[j - 1][1]
            digits = "".join(c for c in run[a:b] if c.isdigit())
            if 13 <= len(digits) <= 19 and digits[0] in "23456" and free(a, b) and luhn_ok(digits):
                out.append((a, b))
                i = j - 1
                break
        i += 1
    return out


def entropy(s: str) -> float:
    counts: dict[str, int] = {}
    for c in s:
        counts[c] = counts.get(c, 0) + 1
    n = len(s)
    return -sum(c / n * math.log2(c / n) for c in counts.values())


def _looks_secret(val: str, kw: str, explicit: bool = False) -> bool:
    v = val.rstrip(".:;,)")
    if len(v) < 4 or _MASK.match(v) or v.lower() in _NOT_VALUES or not any(c.isalnum() for c in v):
        return False
    if "://" in v or re.search(r"@[\w-]+\.[\w.-]*[a-zа-я]", v, re.I):
        return False  # an address, not a value ("Bo@tsAhoy77" is a password)
    kwl = kw.lower()
    tokenish = not kwl.startswith(("парол", "pass", "pwd", "pw", "пасс", "пин", "pin"))
    has_digit = any(c.isdigit() for c in v)
    has_alpha = any(c.isalpha() for c in v)
    special = any(not c.isalnum() for c in v)
    mixed = any(c.isupper() for c in v[1:]) and any(c.islower() for c in v)
    if tokenish:
        return len(v) >= 16 and has_digit and has_alpha and entropy(v) >= 3.0
    if v.count(".") >= 1 and v.replace(".", "").replace("-", "").isalnum() and not has_digit:
        return False  # a host name: "пароль для imap.example.ru"
    return has_digit or special or mixed or (explicit and has_alpha and len(v) >= 5)


def find_secrets(text: str) -> list[tuple[str, int, int]]:
    """``(kind, start, end)`` of each secret; kinds: password, token, key, card."""
    found: list[tuple[str, int, int]] = []
    covered = bytearray(len(text) + 1)  # positions already inside a secret

    def add(kind, a, b):
        if a >= b or any(covered[a:b]):
            return
        covered[a:b] = b"\x01" * (b - a)
        found.append((kind, a, b))

    for m in PEM.finditer(text):
        add("key", m.start(), m.end())
    for m in TOKENS.finditer(text):
        add("token", m.start(), m.end())
    for rx in (_VAL_QUOTED, KEYWORD_VALUE, _KW_LABEL):
        for m in rx.finditer(text):
            val = m.group("val")
            # past several words the colon may close a phrase ("password for the panel: unchanged"),
            # so a word of letters alone does not count there
            explicit = rx is _VAL_QUOTED or (rx is KEYWORD_VALUE and any(c in m.group("between") for c in ":="))
            if _looks_secret(val, m.group("kw"), explicit):
                a = m.start("val")
                b = a + len(val.rstrip(".:;,)")) if rx is not _VAL_QUOTED else m.end("val")
                kwl = m.group("kw").lower()
                kind = "password" if kwl.startswith(("парол", "pass", "pwd", "pw", "пасс", "пин", "pin")) else "token"
                add(kind, a, b)
    # a card has 13 digits or more: none in a text, or a run of digits, with fewer
    if _digits_at_least(text, 13):
        for m in DIGIT_RUN.finditer(text):
            run = m.group()
            if len(run) - run.count(" ") - run.count("-") < 13:  # the run's digits
                continue
            start = m.start()
            for a, b in _cards_in(run, lambda x, y, s=start: not any(covered[s + x:s + y])):
                add("card", m.start() + a, m.start() + b)
    # a high-entropy token is 24 characters or more, none of them white space
    for m in (_HIGH_ENTROPY.finditer(text) if max(map(len, text.split()), default=0) >= 24 else ()):
        v = m.group()
        if (any(c.isupper() for c in v) and any(c.islower() for c in v) and any(c.isdigit() for c in v)
                and entropy(v) >= 4.0 and not text[max(0, m.start() - 2):m.start()].lower().endswith("p=")):
            add("token", m.start(), m.end())
    # the same value repeated elsewhere ("пароль Qwe123!, повторяю: Qwe123!") is as secret
    values = {text[a:b]: kind for kind, a, b in found if kind in ("password", "token")}
    for value, kind in values.items():
        if len(value) >= 5:
            pos = text.find(value)
            while pos != -1:
                add(kind, pos, pos + len(value))
                pos = text.find(value, pos + len(value))
    found.sort(key=lambda x: x[1])
    return found


def _mask_card(s: str) -> str:
    digits = [c for c in s if c.isdigit()]
    last4 = "".join(digits[-4:])
    if len(digits) == 16:
        return "**** **** **** " + last4
    return "*" * (len(digits) - 4) + last4


#: What stands in place of a secret, in the language of the text it is cut from.
MARKS = {"en": ("[REDACTED]", "[REDACTED PRIVATE KEY]"), "ru": ("[скрыт]", "[закрытый ключ скрыт]")}


def redact(text: str, found, lang: str | None = None) -> str:
    out, pos = [], 0
    mark, key_mark = MARKS.get(lang or "en", MARKS["en"])
    for kind, a, b in found:
        out.append(text[pos:a])
        if kind == "card":
            out.append(_mask_card(text[a:b]))
        elif kind == "key":
            out.append(key_mark)
        else:
            out.append(mark)
        pos = b
    out.append(text[pos:])
    return "".join(out)


def redact_secrets(text: str, lang: str | None = None) -> str:
    """The text with every password, token, private key and card number replaced; ``lang``
    ("ru" or "en", the ticket's language) words the mark: "[скрыт]", "[REDACTED]" (default)."""
    return redact(text, find_secrets(text), lang)


def check(t):
    found = t.secrets
    if not found:
        return None
    from . import messages  # noqa: PLC0415

    kind, a, b = found[0]
    # the suggestion shows the first secret's sentence, redacted
    sa, sb = t.doc.sentence_at(a)
    sa, sb = min(sa, a), max(sb, b)
    excerpt = redact(t.text[sa:sb], [(k, x - sa, y - sa) for k, x, y in found if sa <= x and y <= sb])
    what = messages.what(dict.fromkeys(k for k, _x, _y in found), t.ui_lang)
    return t.finding("secret", span=(a, b), replacement=redact(t.text, found),
                     what=what, redacted="«" + " ".join(excerpt.split()) + "»")
