"""facts(): what a ticket's text already says, as the rules recognise it, with where it says it.

The wizard offers these as pre-filled answers instead of asking them blank, and ``ticket
check`` can print them. Every fact comes from the recogniser a rule uses (the rules and the
facts cannot disagree about what a text gives):

==============  ==========================================  ===================================
kind            value                                       recognised by
==============  ==========================================  ===================================
url             the URL                                     domains (identify, site-url)
domain          the host name, lower-cased                  domains (identify, site-url)
contract        the contract number                         identify
browser         a browser ("Google Chrome"), or             site-browser
                "every browser"
mail_client     a mail program ("Microsoft Outlook",        mail-client
                "phone", "webmail", or its own words)
site_mailer     the site as the sender, in the text's       mail-client (the site's own mailer)
                words ("WordPress", "форма обратной связи")
mailbox         an e-mail address                           domains
direction       "sending", "receiving" or "login"           mail-direction
worked_before   "yes" (it worked, then stopped or changed)  mail-history
                or "no" (a first setup)
error_text      the error's words                           error-text
isp             the Internet provider, as written           isp
since           when it started ("this morning", "с утра",  its own pattern below (no rule asks
                "после обновления"), as written             for it; the wizard's "Since when?")
==============  ==========================================  ===================================

Spans are character offsets into the text, or into the subject when ``source`` is
``"subject"``: ``text[start:end]`` is what was recognised.
"""

from __future__ import annotations

import dataclasses

from . import error_text, identify, isp, mail, site
from .context import Ticket
from .lexicons import BROWSER_NAMES, MAIL_CLIENT_NAMES
from .text import IX, LazyRe
from .typeinfer import infer_type_doc

KINDS = ("url", "domain", "contract", "browser", "mail_client", "site_mailer", "mailbox", "direction",
         "worked_before", "error_text", "isp", "since")


@dataclasses.dataclass(frozen=True, slots=True)
class Fact:
    """One thing the ticket says: its kind, its value, and where it stands."""

    kind: str
    value: str
    start: int
    end: int
    source: str = "text"  # "text" or "subject"

    def to_dict(self) -> dict:
        return {"kind": self.kind, "value": self.value, "start": self.start, "end": self.end,
                "source": self.source}


# What a first setup sounds like, among the ways of saying whether mail worked before.
_SETUP = LazyRe(r"""
    впервые | перв\w+\s+раз | перв\w+\s+настро | нов\w+\s+(?:ящик|почт|учетн|учётн|аккаунт|компьютер|ноутбук|телефон)
  | настраива | настро | установ | постав | подключ | добав | завел | завёл | создал | тестов | проверочн | тестиру
  | протестир | пропис | ввод | ввел | ввёл | указал | новичок | никогда | ни\s+разу | только\s+что
  | first | setting | set\s+(?:it\s+|this\s+|them\s+|that\s+|everything\s+)?up | setup | install | configur | manual
  | added | made | created | deployed | bought | registered | fresh | new | test | never
""", IX)


# When it started: "since this morning", "since 9:00", "since the update"; "с утра", "со вчерашнего
# дня", "с 12 марта", "начиная с понедельника", "после обновления". The value is the phrase
# without an English "since" ("Since: this morning"); Russian keeps its preposition ("с утра").
_DAYS_EN = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|weekend)"
_MONTHS_EN = r"(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)"
_MONTHS_RU = r"(?:январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*"
_SINCE = LazyRe(rf"""
    \bsince\s+(?P<en>
        (?:this|the|yesterday|last|early|late)\s+(?:morning|afternoon|evening|night|week|month|{_DAYS_EN})
      | yesterday | today | tonight | {_DAYS_EN} | last\s+\w+ | the\s+weekend
      | \d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)? | \d{{1,2}}\s*[ap]\.?m\.?
      | (?:the\s+)?\d{{1,2}}(?:st|nd|rd|th)?(?:\s+of)?\s+{_MONTHS_EN}\b | {_MONTHS_EN}\s+\d{{1,2}}(?:st|nd|rd|th)?\b
      | (?:the|your|our|my)\s+(?:\w+\s+)?(?:update|upgrade|migration|move|transfer|maintenance|renewal|change|restore)\w*
      | (?:we|i|you)\s+(?:\w+\s+)?(?:updated|upgraded|moved|migrated|changed|renewed|installed|transferred|switched)(?:\s+(?:the|our|my)\s+\w+)?
    )
  | (?P<ru>
        \b(?:начиная\s+)?со?\s+(?:
            утра | обеда | вечера | ночи | позавчера | вчера | выходных | праздников
          | (?:вчерашнего|сегодняшнего)\s+(?:дня|утра|вечера)
          | понедельника | вторника | среды | четверга | пятницы | субботы | воскресенья
          | прошлой\s+недели | прошлого\s+(?:месяца|понедельника|вторника|четверга) | прошлой\s+(?:пятницы|субботы|среды)
          | начала\s+(?:недели|месяца|года)
          | \d{{1,2}}[:.]\d{{2}} | \d{{1,2}}(?:-?г?о)?\s+(?:числа|{_MONTHS_RU})
        )\b
      | \b(?:сегодня|вчера)\s+(?:утром|днём|днем|вечером|ночью)
      | \bпосле\s+(?:(?:вашего|вашей|нашего|нашей|моего|моей|последнего|последней|недавнего|недавней)\s+)?
          (?:обновлени|переустановк|перенос|переезд|продлени|смен|миграц|оплат|настройк)\w*(?:\s+\w+)?
    )
""", IX, guard=("since", "с", "со", "сегодня", "вчера", "после"))


def _canonical(words: str, table) -> str:
    low = " ".join(words.lower().replace("ё", "е").split())
    for prefix in ("в ", "через ", "in ", "on "):
        if low.startswith(prefix):
            low = low[len(prefix):]
    for name, starts in table:
        if low.startswith(starts):
            return name
    return " ".join(words.split())


def facts(text: str, subject: str | None = "", lang: str | None = None, *,
          type: str | None = None) -> list[Fact]:  # noqa: A002
    """What the ticket's text (and subject) already says, each fact with its span; in the order
    of ``KINDS``, then of where it stands (the text before the subject).

    ``lang`` ("ru" or "en"; detected when None) is the language of the values that are our
    words rather than the client's ("every browser" / "во всех браузерах"); recognition covers
    both languages whatever it is. ``type`` is the ticket's problem type, inferred from the text
    when None (as ``check`` does): a mail ticket's "login page" is its webmail.
    """
    text = text or ""
    subject = subject or ""
    t = Ticket(text, subject or None, type, None, None, None, "en", "en")
    if not type:
        t.type = infer_type_doc(t.doc, t.domains)
    if lang is None:
        from .engine import _lang  # noqa: PLC0415

        lang = _lang(t)
    out: list[Fact] = []

    def add(kind: str, value: str, start: int, end: int, in_subject: bool = False) -> None:
        out.append(Fact(kind, value, start, end, "subject" if in_subject else "text"))

    # addresses: URLs, their hosts and bare ones, contract numbers, mailboxes
    for src, doms, in_subject in ((text, t.domains, False), (subject, t.extra_domains, True)):
        for a, b, url in doms.urls:
            add("url", url, a, a + len(url), in_subject)
        for a, b, host, where in doms.hosts:
            if where != "email":
                add("domain", host, a, b, in_subject)
        for a, b, num in identify.contracts(src):
            add("contract", num, a, b, in_subject)
    # the program: a browser, a mail program, or the site's own mailer
    every = "во всех браузерах" if lang == "ru" else "every browser"
    for lex, a, b, in_subject, typo in site.browser_hits(t):
        words = (subject if in_subject else text)[a:b]
        value = every if lex == "all-browsers" else _canonical(typo or words, BROWSER_NAMES)
        add("browser", value, a, b, in_subject)
    for a, b, in_subject in mail.client_hits(t):
        add("mail_client", _canonical((subject if in_subject else text)[a:b], MAIL_CLIENT_NAMES), a, b, in_subject)
    for a, b, in_subject in mail.site_mailer_hits(t):
        add("site_mailer", " ".join((subject if in_subject else text)[a:b].split()), a, b, in_subject)
    for a, b, _host in t.domains.emails:
        add("mailbox", text[a:b], a, b)
    for a, b, _host in t.extra_domains.emails:
        add("mailbox", subject[a:b], a, b, True)
    # what fails, and whether it worked before
    for src, in_subject in ((text, False), (subject, True)):
        for kind, a, b in mail.directions(src):
            add("direction", kind, a, b, in_subject)
    for src, in_subject in ((text, False), (subject, True)):
        for a, b in mail.history_spans(src):
            add("worked_before", "no" if _SETUP.search(src[a:b]) else "yes", a, b, in_subject)
    # the error's words
    for src, doc, in_subject in ((text, t.doc, False), (subject, t.sdoc, True)):
        for a, b in error_text.message_spans(src, doc):
            add("error_text", src[a:b].strip(), a, b, in_subject)
    # the Internet provider
    for a, b, in_subject in isp.isp_hits(t):
        add("isp", (subject if in_subject else text)[a:b], a, b, in_subject)

    # when it started
    for src, in_subject in ((text, False), (subject, True)):
        for m in _SINCE.finditer(src):
            group = "en" if m.group("en") else "ru"
            words = " ".join(m.group(group).split())
            if words[1:2].islower():
                words = words[0].lower() + words[1:]  # a sentence's capital, not the phrase's
            add("since", words, m.start(group), m.end(group), in_subject)

    # one fact per place: of mentions of one kind that overlap ("Contact Form 7" and "Contact
    # Form", "since we moved" and "since"), the first and longest stands
    order = {k: i for i, k in enumerate(KINDS)}
    unique: list[Fact] = []
    for f in sorted(out, key=lambda f: (order[f.kind], f.source != "text", f.start, -f.end)):
        last = unique[-1] if unique else None
        if last is not None and last.kind == f.kind and last.source == f.source and f.start < last.end:
            continue
        unique.append(f)
    return unique
