"""Problem types, defined once as data.

A :class:`ProblemType` lists its questions (bilingual text, kind of answer, choices, default,
validation, when it is asked), how the answers are titled in the finished ticket, how the
subject is proposed, and which rules of the desk apply. The wizard, the ``--field`` flags, JSON
input, ``ticket types`` and ``ticket check`` all read these definitions; nothing else knows
what a site-access or a mail ticket asks.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import validate
from .errors import UsageError
from .i18n import pick, t

Text = Mapping[str, str]  # {"ru": ..., "en": ...}


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: Text
    #: A phrase for the proposed subject ("cannot send mail"), when it differs from the label.
    phrase: Text | None = None
    #: Other words a script or a person may type for this choice.
    aliases: tuple[str, ...] = ()
    #: How the answer reads in the ticket, when it differs from the label ("да" for the label
    #: "да, раньше работала": the question's title already says the rest).
    shown: Text | None = None


#: The answer "there is no error text" (a blank page, nothing shown, it just hangs) to an error
#: question that takes it (``Question.no_error``): stored as this value, as ``--field error=none``.
NO_ERROR = "none"
NO_ERROR_ALIASES = ("none", "no error", "no error text", "nothing", "нет", "нет ошибки", "нет текста ошибки", "ничего", "-", "—")
NO_ERROR_CHOICE = {
    "en": "There is no error text (blank page, nothing shown, it just hangs)",
    "ru": "Текста ошибки нет (пустая страница, ничего не показывается, всё зависает)",
}
NO_ERROR_SHOWN = {
    "en": "none, no error is shown (a blank page, nothing at all, or it just hangs)",
    "ru": "нет, ошибка не показывается (пустая страница, ничего не видно или всё зависает)",
}


@dataclass(frozen=True, slots=True)
class Question:
    key: str
    prompt: Text
    label: Text
    #: line | text | url | email | domain | choice
    kind: str = "line"
    choices: tuple[Choice, ...] = ()
    #: A choice question that also takes free text ("Other…").
    allow_other: bool = False
    required: bool = True
    #: A template over the profile and earlier answers, e.g. "{domain}".
    default: str | None = None
    help: Text | None = None
    #: Ask only when an earlier answer has one of these values: (key, (values…)).
    when: tuple[str, tuple[str, ...]] | None = None
    #: Offer to attach a file (a screenshot) right after this question.
    offer_attachment: bool = False
    #: An error question that takes "there is no error text" (:data:`NO_ERROR`) as an answer.
    no_error: bool = False
    #: Show the chosen answer's subject phrase in the ticket ("Вопрос: продление домена").
    show_phrase: bool = False
    #: What goes before the answer in a subject's ``{key:in}`` ("in " / "в браузере ").
    prefix: Text | None = None

    def title(self, lang: str | None = None) -> str:
        return pick(self.label, lang)

    def applies(self, answers: Mapping[str, str]) -> bool:
        if self.when is None:
            return True
        key, values = self.when
        return answers.get(key) in values

    def find_choice(self, value: str) -> Choice | None:
        needle = value.strip().casefold()
        for choice in self.choices:
            names = (choice.value, *choice.label.values(), *choice.aliases)
            if any(needle == name.casefold() for name in names):
                return choice
        return None

    def validate(self, raw: str) -> str:
        """Normalise an answer, or raise UsageError naming what is wrong."""
        name = self.key
        if self.no_error and raw.strip().casefold() in NO_ERROR_ALIASES:
            return NO_ERROR
        if self.kind == "choice":
            value = validate.line(raw, name)
            if not value:
                return value
            choice = self.find_choice(value)
            if choice is not None:
                return choice.value
            if self.allow_other:
                return value
            raise UsageError(
                t("bad_choice", value=value, field=name, choices=", ".join(c.value for c in self.choices))
            )
        if not raw.strip():
            return ""
        check = validate.VALIDATORS.get(self.kind, validate.line)
        return check(raw, name)

    def display(self, value: str, lang: str | None = None) -> str:
        """How an answer reads in a ticket written in ``lang``."""
        if self.no_error and value == NO_ERROR:
            return pick(NO_ERROR_SHOWN, lang)
        choice = self.find_choice(value) if self.choices else None
        if choice is None:
            return value
        if self.show_phrase and choice.phrase:
            return pick(choice.phrase, lang)
        return pick(choice.shown or choice.label, lang)

    def phrase(self, value: str, lang: str | None = None) -> str:
        choice = self.find_choice(value) if self.choices else None
        if choice and choice.phrase:
            return pick(choice.phrase, lang)
        return self.display(value, lang)


@dataclass(frozen=True, slots=True)
class ProblemType:
    name: str
    title: Text
    summary: Text
    questions: tuple[Question, ...]
    #: The prompt for the free description, and whether it is required.
    description_prompt: Text
    #: Candidate subject templates per language, first whose fields are all answered wins.
    subjects: tuple[Text, ...]
    #: Ids of the type-specific rules of ../docs/rules.md that apply (the general rules always do).
    rules: tuple[str, ...] = ()
    #: Requests of this type change account data or carry confidential information (rule 1).
    confidential: bool = False
    description_required: bool = True
    aliases: tuple[str, ...] = field(default=())
    #: The type's line in the wizard's list (title and what it covers, at most 76 characters: a
    #: line of an 80-column terminal after the pointer), and a note shown once it is chosen.
    choice: Text | None = None
    note: Text | None = None
    #: Questions the wizard asks before the description (what kind of request it is: "What
    #: should be changed?" before "Describe the change exactly").
    first: tuple[str, ...] = ()

    def question(self, key: str) -> Question:
        for q in self.questions:
            if q.key == key:
                return q
        raise UsageError(
            t("unknown_field", key=key, type=self.name, choices=", ".join(self.field_keys()) or "-")
        )

    def field_keys(self) -> list[str]:
        return [q.key for q in self.questions]

    def missing(self, answers: Mapping[str, str]) -> list[str]:
        """Required fields that have no answer (for questions that apply to these answers)."""
        return [q.key for q in self.questions if q.required and q.applies(answers) and not answers.get(q.key)]

    def propose_subject(self, values: Mapping[str, str], lang: str) -> str:
        """The first subject template whose placeholders all have values."""
        for template in (*self.subjects, *FALLBACK_SUBJECTS):
            text = pick(template, lang)
            rendered = _fill(text, values, self, lang)
            if rendered is not None:
                return capitalise(rendered)
        return pick(self.title, lang)


_PLACEHOLDER = re.compile(r"\{(\w+)(?::(phrase|none|in))?\}")
_SUBJECT_PART = 60


def shorten(value: str, limit: int = _SUBJECT_PART) -> str:
    """``value`` on one line, cut at a word's end to at most ``limit`` characters ("…" marks
    the cut): never in the middle of a word."""
    return validate.shorten(value, limit)


def capitalise(text: str) -> str:
    """The first letter upper-case ("договор 12-345: …" → "Договор 12-345: …"); a domain or
    an address that opens the text stays as it is written."""
    head = text.split(" ", 1)[0]
    if not text or "." in head.rstrip(":") or "@" in head or not text[0].isalpha():
        return text
    return text[0].upper() + text[1:]


def _fill(template: str, values: Mapping[str, str], ptype: ProblemType, lang: str) -> str | None:
    missing = False

    def repl(match: re.Match[str]) -> str:
        nonlocal missing
        key, mode = match.group(1), match.group(2)
        value = (values.get(key) or "").strip()
        keys = ptype.field_keys()
        q = ptype.question(key) if key in keys else None
        none = q is not None and q.no_error and value == NO_ERROR
        if mode == "none" or none or not value:
            # {error:none} stands only for "there is no error text"; {error} never does
            if mode == "none" and none:
                return ""
            missing = True
            return ""
        if q is not None:
            if mode == "in":  # "in Firefox" / "в браузере Firefox", or the choice's own phrase
                choice = q.find_choice(value) if q.choices else None
                if choice is not None and choice.phrase:
                    return pick(choice.phrase, lang)
                return pick(q.prefix or {"en": "", "ru": ""}, lang) + shorten(q.display(value, lang))
            value = q.phrase(value, lang) if mode == "phrase" else q.display(value, lang)
        return shorten(value)

    result = _PLACEHOLDER.sub(repl, template)
    return None if missing else result


def _t(en: str, ru: str) -> dict[str, str]:
    return {"en": en, "ru": ru}


_ERROR_HELP = _t(
    "Copy the error's exact words, not only its number (\"502 Bad Gateway\", \"550 5.1.1 User unknown\"). "
    "If it cannot be copied, attach a screenshot.",
    "Скопируйте точный текст ошибки, а не только её номер («502 Bad Gateway», «550 5.1.1 User unknown»). "
    "Если текст не копируется, приложите снимок экрана.",
)

SITE_ACCESS = ProblemType(
    choice=_t("Site does not open — it or its admin panel fails or shows an error", "Сайт не открывается — сайт или админка не грузится, показывает ошибку"),
    name="site-access",
    title=_t("Site does not open", "Сайт не открывается"),
    summary=_t(
        "The site or its admin panel does not open or shows an error.",
        "Сайт или его админка не открывается или показывает ошибку.",
    ),
    description_prompt=_t(
        "What happens? Describe it in your own words",
        "Что происходит? Опишите своими словами",
    ),
    questions=(
        Question(
            "url",
            _t("Which address do you open?", "Какой адрес вы открываете?"),
            _t("Address", "Адрес"),
            kind="url",
            default="{domain}",
            help=_t("A URL or a domain: https://example.ru/admin, пример.рф", "URL или домен: https://example.ru/admin, пример.рф"),
        ),
        Question(
            "browser",
            _t("Which browser do you use?", "В каком браузере открываете?"),
            _t("Browser", "Браузер"),
            kind="choice",
            allow_other=True,
            choices=(
                Choice("Google Chrome", _t("Google Chrome", "Google Chrome"), aliases=("chrome",)),
                Choice("Mozilla Firefox", _t("Mozilla Firefox", "Mozilla Firefox"), aliases=("firefox",)),
                Choice("Yandex Browser", _t("Yandex Browser", "Яндекс Браузер"), aliases=("yandex",)),
                Choice("Safari", _t("Safari", "Safari")),
                Choice("Microsoft Edge", _t("Microsoft Edge", "Microsoft Edge"), aliases=("edge",)),
                Choice("Opera", _t("Opera", "Opera")),
                Choice("every browser", _t("All browsers", "Во всех браузерах"), _t("in every browser", "во всех браузерах"),
                       aliases=("all", "все", "all browsers", "every browser")),
            ),
            prefix=_t("in ", "в браузере "),
        ),
        Question(
            "error",
            _t("What exactly appears? The error's text", "Что именно появляется? Текст ошибки"),
            _t("Error text", "Текст ошибки"),
            kind="text",
            help=_ERROR_HELP,
            offer_attachment=True,
            no_error=True,
        ),
        Question(
            "isp",
            _t("Who provides your Internet access?", "Кто ваш интернет-провайдер?"),
            _t("Internet provider", "Интернет-провайдер"),
            help=_t("Your ISP or mobile operator: Rostelecom, MTS, Vodafone…", "Провайдер или мобильный оператор: Ростелеком, МТС, Билайн…"),
        ),
        Question(
            "since",
            _t("Since when?", "С какого времени?"),
            _t("Since", "С какого времени"),
            required=False,
        ),
        Question(
            "tried",
            _t("What have you tried (another browser, another network)?", "Что уже пробовали (другой браузер, другую сеть)?"),
            _t("Already tried", "Что пробовали"),
            kind="text",
            required=False,
        ),
    ),
    subjects=(
        _t("{host}: \"{error}\" {browser:in}", "{host}: «{error}» {browser:in}"),
        _t("{host}: page does not open, no error shown, {browser:in}{error:none}",
           "{host}: страница не открывается без сообщения об ошибке {browser:in}{error:none}"),
        _t("{host}: site does not open", "{host}: сайт не открывается"),
    ),
    rules=("site-url", "site-browser", "isp"),
)

# The mail type asks first who sends the mail that fails: a mail program (or webmail), or the site
# itself (a form, the CMS, a script). The program's questions are asked for a program, and when
# the sender is not said (None: scripts and drafts from before the question, which were all about
# a program); the site's questions only for the site.
_PROGRAM = ("sender", ("program", None))
_SITE = ("sender", ("site",))

MAIL = ProblemType(
    choice=_t("E-mail problem — mail is not sent or not received", "Проблема с почтой — почта не отправляется или не приходит"),
    name="mail",
    title=_t("E-mail problem", "Проблема с почтой"),
    # one line in the wizard's list of types: the sender is its first question
    summary=_t("Mail is not sent or not received.", "Почта не отправляется или не приходит."),
    description_prompt=_t(
        "What happens? Describe it in your own words",
        "Что происходит? Опишите своими словами",
    ),
    questions=(
        Question(
            "sender",
            _t("Who sends the mail that fails?", "Кто отправляет письма, с которыми проблема?"),
            _t("Sender", "Отправитель"),
            kind="choice",
            required=False,
            choices=(
                Choice("program", _t("a mail program or webmail", "почтовая программа или веб-почта"),
                       aliases=("client", "mail program", "webmail", "программа", "почтовая программа")),
                Choice("site", _t("the site (a form, the CMS, a script)", "сайт (форма, CMS, скрипт)"),
                       aliases=("website", "cms", "form", "script", "сайт", "форма", "скрипт")),
            ),
        ),
        Question(
            "mailbox",
            _t("Which mailbox is affected?", "Какого почтового ящика это касается?"),
            _t("Mailbox", "Почтовый ящик"),
            kind="email",
            when=_PROGRAM,
        ),
        Question(
            "client",
            _t("Which mail program do you use?", "Какой почтовой программой пользуетесь?"),
            _t("Mail program", "Почтовая программа"),
            kind="choice",
            allow_other=True,
            choices=(
                Choice("Microsoft Outlook", _t("Microsoft Outlook", "Microsoft Outlook"), aliases=("outlook",)),
                Choice("Mozilla Thunderbird", _t("Mozilla Thunderbird", "Mozilla Thunderbird"), aliases=("thunderbird",)),
                Choice("The Bat!", _t("The Bat!", "The Bat!"), aliases=("the bat", "thebat")),
                Choice("Apple Mail", _t("Apple Mail", "Apple Mail"), aliases=("mail.app",)),
                Choice("phone", _t("Phone's mail app", "Почтовое приложение телефона"), aliases=("mobile", "телефон")),
                Choice("webmail", _t("Webmail (in the browser)", "Веб-почта (в браузере)"), aliases=("roundcube", "веб-почта")),
            ),
            when=_PROGRAM,
        ),
        Question(
            "site_mailer",
            _t("What on the site sends the mail? The CMS, the form, the script",
               "Что на сайте отправляет письма? CMS, форма, скрипт"),
            _t("Sent by", "Отправляет"),
            kind="choice",
            allow_other=True,
            choices=(
                Choice("contact form", _t("the contact form", "форма обратной связи"),
                       aliases=("form", "feedback form", "форма")),
                Choice("CMS", _t("the site's CMS (notifications, orders)", "CMS сайта (уведомления, заказы)"),
                       phrase=_t("the site's CMS", "CMS сайта"), aliases=("cms",)),
                Choice("script", _t("a script (PHP mail(), PHPMailer, cron)", "скрипт (PHP mail(), PHPMailer, cron)"),
                       phrase=_t("the site's script", "скрипт сайта"), aliases=("php", "mail()", "cron", "скрипт")),
                Choice("control panel", _t("the hosting control panel", "панель управления хостингом"),
                       aliases=("panel", "панель")),
            ),
            help=_t("Name it if you can: WordPress + Contact Form 7, 1C-Bitrix, a PHPMailer script…",
                    "Назовите, если знаете: WordPress + Contact Form 7, 1С-Битрикс, скрипт на PHPMailer…"),
            when=_SITE,
        ),
        Question(
            "recipient",
            _t("Which address should receive the mail?", "На какой адрес должны приходить письма?"),
            _t("Recipient", "Получатель"),
            kind="email",
            when=_SITE,
        ),
        Question(
            "direction",
            _t("What fails?", "Что не работает?"),
            _t("What fails", "Что не работает"),
            kind="choice",
            choices=(
                Choice("sending", _t("sending", "отправка"), _t("mail is not sent", "не отправляется почта"), ("send", "отправка")),
                Choice("receiving", _t("receiving", "получение"), _t("mail does not arrive", "не приходит почта"), ("receive", "получение")),
                Choice("both", _t("sending and receiving", "отправка и получение"), _t("mail is neither sent nor received", "не отправляется и не приходит почта"), ("оба", "и то и другое")),
            ),
            when=_PROGRAM,
        ),
        Question(
            "worked_before",
            _t("Did mail work before (in this program, or on this site)?", "Раньше почта работала (в этой программе или на этом сайте)?"),
            _t("Worked before", "Раньше работало"),
            kind="choice",
            choices=(
                Choice("yes", _t("yes, it worked before", "да, раньше работала"), aliases=("да", "y", "true"), shown=_t("yes", "да")),
                Choice("no", _t("no, this is the first setup", "нет, это первая настройка"), aliases=("нет", "n", "false", "first"),
                       shown=_t("no, this is the first setup", "нет, это первая настройка")),
            ),
        ),
        Question(
            "error",
            _t("Which error does the program or the site show? Its text, or the mail log's line",
               "Какую ошибку показывает программа или сайт? Её текст или строку почтового лога"),
            _t("Error text", "Текст ошибки"),
            kind="text",
            help=_ERROR_HELP,
            offer_attachment=True,
            no_error=True,
        ),
    ),
    subjects=(
        # the site as the sender: "ромашка.рф: форма обратной связи не отправляет письма"
        _t("{host}: {site_mailer:phrase} does not send mail", "{host}: {site_mailer:phrase} не отправляет письма"),
        _t("{recipient}: {site_mailer:phrase} does not send mail", "{recipient}: {site_mailer:phrase} не отправляет письма"),
        _t("{mailbox}: {direction:phrase} in {client}", "{mailbox}: {direction:phrase} в {client}"),
        _t("{mailbox}: {direction:phrase}", "{mailbox}: {direction:phrase}"),
        _t("{host}: mail problem", "{host}: проблема с почтой"),
    ),
    rules=("mail-client", "mail-direction", "mail-history"),
)

DOMAIN = ProblemType(
    choice=_t("Domain — registration, renewal, transfer, DNS records", "Домен — регистрация, продление, перенос, записи DNS"),
    name="domain",
    title=_t("Domain: registration, renewal, DNS", "Домен: регистрация, продление, DNS"),
    summary=_t("Registering, renewing or transferring a domain; DNS records.", "Регистрация, продление, перенос домена; записи DNS."),
    description_prompt=_t("Describe the request in detail", "Опишите запрос подробно"),
    questions=(
        Question(
            "topic",
            _t("What is it about?", "О чём запрос?"),
            _t("Request", "Вопрос"),
            kind="choice",
            show_phrase=True,
            choices=(
                Choice("registration", _t("registration", "регистрация"), _t("domain registration", "регистрация домена")),
                Choice("renewal", _t("renewal", "продление"), _t("domain renewal", "продление домена")),
                Choice("dns", _t("DNS records", "записи DNS"), _t("DNS records", "записи DNS")),
                Choice("transfer", _t("transfer", "перенос"), _t("domain transfer", "перенос домена")),
                Choice("other", _t("something else", "другое"), _t("domain question", "вопрос по домену")),
            ),
        ),
        Question("error", _t("Error text, if any", "Текст ошибки, если есть"), _t("Error text", "Текст ошибки"), kind="text", required=False, help=_ERROR_HELP, no_error=True),
    ),
    subjects=(_t("{host}: {topic:phrase}", "{host}: {topic:phrase}"), _t("{ident}: {topic:phrase}", "{ident}: {topic:phrase}")),
    first=("topic",),
)

HOSTING = ProblemType(
    choice=_t("Hosting — FTP, databases, PHP settings, backups", "Хостинг — FTP, базы данных, настройки PHP, резервные копии"),
    name="hosting",
    title=_t("Hosting: FTP, database, PHP, backups", "Хостинг: FTP, база данных, PHP, резервные копии"),
    summary=_t("FTP access, databases, PHP settings, backups.", "Доступ по FTP, базы данных, настройки PHP, резервные копии."),
    description_prompt=_t("Describe the problem in detail", "Опишите проблему подробно"),
    questions=(
        Question(
            "area",
            _t("Which part of the hosting?", "Какая часть хостинга?"),
            _t("Area", "Раздел"),
            kind="choice",
            choices=(
                Choice("ftp", _t("FTP", "FTP"), _t("FTP access", "доступ по FTP")),
                Choice("database", _t("database", "база данных"), _t("database", "база данных")),
                Choice("php", _t("PHP", "PHP"), _t("PHP settings", "настройки PHP")),
                Choice("backups", _t("backups", "резервные копии"), _t("backups", "резервные копии")),
                Choice("other", _t("something else", "другое"), _t("hosting question", "вопрос по хостингу")),
            ),
        ),
        Question("program", _t("Which program do you use (FTP client, CMS…)?", "Какой программой пользуетесь (FTP-клиент, CMS…)?"), _t("Program", "Программа"), required=False),
        Question("error", _t("Error text, if any", "Текст ошибки, если есть"), _t("Error text", "Текст ошибки"), kind="text", required=False, help=_ERROR_HELP, offer_attachment=True, no_error=True),
        Question("since", _t("Since when?", "С какого времени?"), _t("Since", "С какого времени"), required=False),
    ),
    # the subject says what the area and the error are, never a copy of the description: by the
    # site's name, or the contract's when no site is named
    subjects=(_t("{host}: {area:phrase}: \"{error}\"", "{host}: {area:phrase}: «{error}»"),
              _t("{host}: {area:phrase} ({program})", "{host}: {area:phrase} ({program})"),
              _t("{host}: {area:phrase}", "{host}: {area:phrase}"),
              _t("{ident}: {area:phrase}: \"{error}\"", "{ident}: {area:phrase}: «{error}»"),
              _t("{ident}: {area:phrase} ({program})", "{ident}: {area:phrase} ({program})"),
              _t("{ident}: {area:phrase}", "{ident}: {area:phrase}")),
    first=("area",),
)

SSL = ProblemType(
    choice=_t("SSL certificate — issuing, renewal, browser warnings", "SSL-сертификат — выпуск, продление, предупреждения браузера"),
    name="ssl",
    title=_t("SSL certificate", "SSL-сертификат"),
    summary=_t("Issuing, installing or renewing a certificate; browser warnings.", "Выпуск, установка, продление сертификата; предупреждения браузера."),
    description_prompt=_t("Describe the problem in detail", "Опишите проблему подробно"),
    questions=(
        Question(
            "issue",
            _t("What is it about?", "О чём запрос?"),
            _t("Request", "Запрос"),
            kind="choice",
            choices=(
                Choice("issue", _t("issue a certificate", "выпустить сертификат"), _t("issue an SSL certificate", "выпуск SSL-сертификата")),
                Choice("renew", _t("renew a certificate", "продлить сертификат"), _t("SSL certificate renewal", "продление SSL-сертификата")),
                Choice("warning", _t("the browser warns about the certificate", "браузер предупреждает о сертификате"), _t("certificate warning", "предупреждение о сертификате")),
                Choice("other", _t("something else", "другое"), _t("SSL question", "вопрос по SSL")),
            ),
        ),
        Question("url", _t("Which address shows it?", "На каком адресе?"), _t("Address", "Адрес"), kind="url", default="{domain}", required=False),
        Question("error", _t("The browser's warning text, if any", "Текст предупреждения браузера, если есть"), _t("Error text", "Текст ошибки"), kind="text", required=False, help=_ERROR_HELP, offer_attachment=True, no_error=True),
    ),
    subjects=(_t("{host}: {issue:phrase}", "{host}: {issue:phrase}"), _t("{ident}: {issue:phrase}", "{ident}: {issue:phrase}")),
    first=("issue",),
)

ACCOUNT_CHANGE = ProblemType(
    choice=_t("Change of account data — contacts, owner, password, payment details", "Изменение данных договора — контакты, владелец, пароль, реквизиты"),
    name="account-change",
    title=_t("Change of account data", "Изменение данных договора"),
    summary=_t(
        "Contact data, owner, password or payment details: accepted only in writing from the registered e-mail or through the form.",
        "Контактные данные, владелец, пароль, платёжные реквизиты: только письменно с e-mail из договора или через форму.",
    ),
    description_prompt=_t("Describe the change exactly (old and new values)", "Опишите изменение точно (старое и новое значение)"),
    questions=(
        Question(
            "change",
            _t("What should be changed?", "Что нужно изменить?"),
            _t("Change", "Изменение"),
            kind="choice",
            choices=(
                Choice("contact", _t("contact data", "контактные данные"), _t("change of contact data", "смена контактных данных")),
                Choice("owner", _t("the owner", "владельца"), _t("change of owner", "смена владельца")),
                Choice("password", _t("a password", "пароль"), _t("password reset", "смена пароля")),
                Choice("payment", _t("payment details", "платёжные реквизиты"), _t("change of payment details", "смена платёжных реквизитов")),
                Choice("other", _t("something else", "другое"), _t("change of account data", "изменение данных договора")),
            ),
        ),
    ),
    subjects=(_t("{ident}: {change:phrase}", "{ident}: {change:phrase}"),),
    confidential=True,
    note=_t(
        "The desk accepts such a change only in writing: from the e-mail registered in your contract, or through the provider's form.",
        "Такие изменения поддержка принимает только письменно: с e-mail из договора или через форму провайдера.",
    ),
    first=("change",),
)

OTHER = ProblemType(
    choice=_t("Something else — any other question", "Другое — любой другой вопрос"),
    name="other",
    title=_t("Something else", "Другое"),
    summary=_t("Any other question.", "Любой другой вопрос."),
    description_prompt=_t("Describe your question in detail", "Опишите ваш вопрос подробно"),
    questions=(),
    subjects=(),
)

#: Tried after a type's own templates: every ticket gets a specific subject.
FALLBACK_SUBJECTS: tuple[Text, ...] = (
    _t("{host}: {lead}", "{host}: {lead}"),
    _t("{ident}: {lead}", "{ident}: {lead}"),
)

TYPES: dict[str, ProblemType] = {p.name: p for p in (SITE_ACCESS, MAIL, DOMAIN, HOSTING, SSL, ACCOUNT_CHANGE, OTHER)}


def get_type(name: str) -> ProblemType:
    try:
        return TYPES[name]
    except KeyError:
        raise UsageError(t("unknown_type", value=name, choices=", ".join(TYPES))) from None
