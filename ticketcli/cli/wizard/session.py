"""The wizard's session: asks only what the ticket still lacks, offers the rules' fixes, then
previews the ticket and sends it through the library's gate.

The questions come from the problem type's definition (``ticketcli.problems``); the same
validators run here and for ``--field`` flags. The draft is saved after every answer; Ctrl-C
or a closed terminal leaves it on disk and tells how to resume.

What the client already said is a fact: the description is read with the rule engine's own
recognisers (:func:`ticketcli.rules.facts`) and each answer it gives is offered pre-filled, for
one key to confirm; defaults come from what was said, then from the profile, never against
either. A diagnosis adds evidence and never replaces the client's words: a measured error that
differs from the described one is offered beside it, and the client chooses which the ticket
states.

Whether a ticket may go is the library's decision (:func:`ticketcli.service.assess`,
:func:`ticketcli.service.submit`): the wizard only offers the choices it allows (fix, send
anyway, back) and records an override the way every caller does, through ``force``.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Callable
from typing import Any

from ... import service, validate
from ...errors import Interrupted, RuleErrors, TicketError, UsageError
from ...i18n import get_lang, pick, register, t, tn
from ...message import propose_subject, render_text
from ...model import Ticket
from ...problems import NO_ERROR, NO_ERROR_CHOICE, TYPES, Question, get_type
from ...store.config import Profile
from ...store.drafts import DraftStore, check_attachment
from .prompt import prompt, validator

OTHER = "\x00other"

#: Whether the wizard offers ``ticket diagnose`` right after the address or mailbox is known:
#: "ask" (default) or "never"
#: (``TICKETCLI_DIAGNOSE=never``, for people who never want it and for tests of other steps).
DIAGNOSE_DEFAULT = "ask"
#: The question that holds the target of the diagnosis, per problem type.
DIAGNOSE_TARGET = {"site-access": "url", "mail": "mailbox"}

register(
    {
        "w_from_text": ("From your description: {value}", "Из вашего описания: {value}"),
        "w_from_profile": ("From your profile: {value}", "Из вашего профиля: {value}"),
        "err_as_said": ("as in your description", "как в вашем описании"),
        "err_as_given": ("your answer", "ваш ответ"),
        "err_measured": ("measured by the check just now", "получено проверкой только что"),
        "err_type": ("Type or paste the error's text…", "Ввести или вставить текст ошибки…"),
        "err_skip": ("— (skip)", "— (пропустить)"),
        "err_text_prompt": ("The error's text, as it appears", "Текст ошибки, как он показан"),
        "err_differs": (
            "The check measured \u201c{measured}\u201d, you described \u201c{said}\u201d: the measurement goes into the Diagnostics section; choose which error the ticket states.",
            "Проверка показала «{measured}», а вы описали «{said}»: результат проверки пойдёт в раздел «Диагностика»; выберите, какую ошибку назвать в заявке.",
        ),
        "err_reads_none": (
            "\u201c{value}\u201d reads as: there is no error text. Record it so (blank page, nothing shown, it just hangs)?",
            "«{value}» читается так: текста ошибки нет. Так и записать (пустая страница, ничего не показывается, всё зависает)?",
        ),
        "err_no_words": (
            "\u201c{value}\u201d says that an error appears, not what it says. Copy its words (or attach a screenshot of it).",
            "«{value}» говорит, что ошибка есть, но не что в ней написано. Скопируйте её текст (или приложите снимок экрана).",
        ),
        "lang_name_ru": ("Russian", "русском"),
        "lang_name_en": ("English", "английском"),
        "lang_choice_ru": ("Russian", "Русский"),
        "lang_choice_en": ("English", "Английский"),
        "lang_which": (
            "You wrote in {said}; the ticket's labels are in {current}. Which language is the ticket written in?",
            "Вы пишете на {said}, а подписи заявки — на {current}. На каком языке написать заявку?",
        ),
        "preview_lang": ("{title} · written in {language}", "{title} · на {language} языке"),
        "preview_from_to": ("message.eml: From {sender} To {recipient}", "message.eml: от {sender} кому {recipient}"),
        "eml_why": (
            "The ticket is also written as an e-mail (message.eml) that any mail client can send: it needs your address and the desk's.",
            "Заявка сохраняется и как письмо (message.eml), которое можно отправить любой почтовой программой: для него нужны ваш адрес и адрес техподдержки.",
        ),
        "ask_contact_required": (
            "Your contact e-mail (the one registered in your contract)",
            "Ваш контактный e-mail (указанный в договоре)",
        ),
        "save_to_profile": ("Save these addresses to profile '{name}' for next time?", "Сохранить эти адреса в профиль «{name}» на будущее?"),
        "rude_words": ("Words the desk reads as rude: {words}", "Слова, которые поддержка сочтёт грубыми: {words}"),
        "rephrase_unchanged": (
            "The text is unchanged: the desk does not take it like this. Rephrase it without those words (Ctrl-C keeps the draft).",
            "Текст не изменился: в таком виде поддержка его не примет. Перепишите его без этих слов (Ctrl-C сохранит черновик).",
        ),
        "insult_blocks": (
            "The ticket is impolite (rule 7): the desk does not take it as it is. What now?",
            "Заявка невежлива (правило 7): в таком виде поддержка её не примет. Что сделать?",
        ),
        "rephrase_now": ("Rephrase it now", "Переформулировать сейчас"),
        "recap_title": ("Draft {id}: your answers so far", "Черновик {id}: ваши ответы"),
        "recap_none": ("(no answers yet)", "(ответов пока нет)"),
    }
)


def ask_type_or_stop(ask=prompt) -> str:
    """Ask the problem type before anything else exists to keep (Ctrl-C loses nothing yet)."""
    try:
        return Wizard(None, None, ask=ask).ask_type()  # type: ignore[arg-type]
    except (KeyboardInterrupt, EOFError):
        raise Interrupted(t("stopped")) from None


@dataclasses.dataclass(slots=True)
class WizardResult:
    action: str  # "queued" | "saved" | "discarded"
    ticket: Ticket
    #: what the library did with a sent ticket (None when saved or discarded)
    submitted: service.Submitted | None = None


#: Words that join an error's text to what follows it in a description ("… in Chrome", "… с 9:00").
_TRAILING = re.compile(r"(?:[\s,;:(—–-]+(?:in|on|at|since|from|with|when|в|во|на|с|со|при|после|у|and|и))+[\s,;:(—–-]*$", re.I)
#: Facts that a message names inside its words (an address, "send", "imap"): the error's words go on past them.
_PART_OF_ERROR = frozenset({"url", "domain", "mailbox", "contract", "direction"})
_VERSION = re.compile(r"[ \t]*v?(\d{1,4}(?:\.\d{1,5}){0,3})\b")


_PLACE_BEFORE = re.compile(r"(?:^|\s)(?:on|at|in|for|from|на|в|во|для|у)\s*$", re.I)


def _where_it_happens(text: str, error, fact) -> bool:
    """Is ``fact`` (an address) where the error happens rather than part of its words: the end of
    the error's span, after "on", "at", "на"… ("shows ERR_CONNECTION_RESET on example.ru")?"""
    return fact.end >= error.end and _PLACE_BEFORE.search(text, error.start, fact.start) is not None


def _version_after(text: str, end: int) -> str:
    """A version number right after a program's name in ``text`` ("Chrome 120")."""
    m = _VERSION.match(text, end)
    return m.group(1) if m else ""


def suggestions(text: str, ticket_type: str, lang: str) -> dict[str, str]:
    """The answers the description already gives, by field key of ``ticket_type``, from the rule
    engine's recognisers: the URL, browser (with its version), mailbox, mail program or the site
    as the sender, direction, whether it worked before, the error's text (or that there is none),
    the Internet provider, since when."""
    from ...rules import facts
    from ...rules.error_text import says_no_error

    ptype = get_type(ticket_type)
    keys = set(ptype.field_keys())
    found = [f for f in facts(text, "", lang, type=ticket_type) if f.source == "text"]
    out: dict[str, str] = {}

    def put(key: str, value: str) -> None:
        if key in keys and value and key not in out:
            out[key] = value

    directions = set()
    for f in found:
        if f.kind == "url":
            put("url", f.value)
        elif f.kind == "browser":
            version = _version_after(text, f.end)
            put("browser", f"{f.value} {version}" if version and f.value != "every browser" else f.value)
        elif f.kind == "mail_client":
            version = _version_after(text, f.end)
            put("client", f"{f.value} {version}" if version else f.value)
            put("sender", "program")
        elif f.kind == "site_mailer":
            put("sender", "site")
        elif f.kind == "mailbox":
            put("mailbox", f.value)
        elif f.kind == "direction" and f.value in ("sending", "receiving"):
            directions.add(f.value)
        elif f.kind == "worked_before":
            put("worked_before", f.value)
        elif f.kind == "error_text":
            value = text[f.start:f.end]
            # the error's words end where another fact begins ("… Error in Chrome 120 since 9:00");
            # a name or an address inside them is theirs ("… к серверу imap.ромашка.рф")
            cut = min((o.start for o in found if o is not f and f.start < o.start < f.end
                       and (o.kind not in _PART_OF_ERROR or _where_it_happens(text, f, o))), default=f.end)
            value = _TRAILING.sub("", text[f.start:cut]).strip(" \t«»\"'“”.,;")
            put("error", value)
        elif f.kind == "isp":
            put("isp", f.value)
        elif f.kind == "since":
            put("since", f.value)
    if directions:
        put("direction", "both" if len(directions) > 1 else directions.pop())
    if "error" in keys and "error" not in out and says_no_error(text):
        out["error"] = NO_ERROR
    return out


class Wizard:
    def __init__(self, ticket: Ticket | None, profile: Profile, drafts: DraftStore | None = None, ask=prompt, *,
                 force: bool = False, lang_fixed: bool = False):
        self.ticket = ticket
        self.profile = profile
        self._drafts = drafts
        self.ask = ask
        #: ``ticket new --force``: rule errors left at "Send" go without asking (recorded in the
        #: ticket); never an insult
        self.force = force
        #: The ticket's language was chosen (``--ticket-lang``, the profile's ``lang``): the
        #: wizard does not offer another one when the client writes in another language.
        self.lang_fixed = lang_fixed
        #: Diagnosis already offered in this session; the error text it measured (site).
        self._diagnosis_offered = False
        self.measured_error = ""
        #: Answers the description gives (field key -> value), offered pre-filled.
        self.said: dict[str, str] = {}
        self._said_from = ""

    # ---- helpers -------------------------------------------------------------------------
    @property
    def drafts(self) -> DraftStore:
        if self._drafts is None:
            self._drafts = DraftStore()
        return self._drafts

    def _save(self) -> None:
        if self.ticket is not None:
            self.ticket.ui_lang = get_lang()
            self.drafts.save(self.ticket)

    def _console(self):
        from .. import output

        return output.err()

    def _hint(self, text: str) -> None:
        from rich.markup import escape

        self._console().print(f"[dim]{escape(text)}[/]")

    def _set_description(self, value: str) -> None:
        """Change the description; a subject that was only the proposal follows the new text."""
        ticket = self.ticket
        proposal = propose_subject(ticket)
        service.apply_answers(ticket, description=value)
        if ticket.subject == proposal:
            ticket.subject = propose_subject(ticket)

    def _ask_text(self, message: str, check: Callable[[str], Any], *, required: bool, default: str = "") -> str:
        return self.ask("text", message, default=default, validate=validator(check, required)).strip()

    def read_description(self) -> None:
        """What the description says, as answers to offer (read again when it changed)."""
        text = self.ticket.description
        if text == self._said_from:
            return
        self._said_from = text
        self.said = suggestions(text, self.ticket.type, self.ticket.lang) if text else {}

    # ---- questions -----------------------------------------------------------------------
    def ask_type(self) -> str:
        choices = [(name, pick(p.choice or p.title)) for name, p in TYPES.items()]
        name = self.ask("select", t("ask_type"), choices=choices, default="site-access")
        note = TYPES[name].note if name in TYPES else None
        if note:
            self._hint(pick(note))
        return name

    def _default_for(self, q: Question) -> tuple[str, str]:
        """The value offered for ``q`` and where it comes from: the answer already given, what
        the description says ("said"), the profile ("profile"), or the type's template."""
        ticket = self.ticket
        current = ticket.fields.get(q.key, "")
        if current:
            return current, ""
        if self.said.get(q.key):
            return self.said[q.key], "said"
        if q.key == "mailbox" and self.profile.get("contact_email"):
            return self.profile.get("contact_email"), "profile"
        if q.default:
            return q.default.format(domain=ticket.domain, contract=ticket.contract), ""
        return "", ""

    def ask_question(self, q: Question, _recheck: bool = False) -> None:
        ticket = self.ticket
        default, source = self._default_for(q)
        message = pick(q.prompt) + ("" if q.required else f" {t('optional')}")
        if q.help and source != "said" and not (q.no_error and default):
            self._hint(pick(q.help))
        if source:
            shown = q.display(default, get_lang()) if q.choices or default == NO_ERROR else default
            self._hint(t("w_from_text" if source == "said" else "w_from_profile", value=shown))
        if q.no_error:
            value = self.ask_error(q, message, default, source)
        elif q.kind == "choice":
            choices = [(c.value, pick(c.label)) for c in q.choices]
            values = {v for v, _ in choices}
            if default and default not in values and q.allow_other:
                choices.insert(0, (default, default))  # "Google Chrome 120", as said
                values.add(default)
            if not q.required:
                choices.append(("", "—"))
            if q.allow_other:
                choices.append((OTHER, t("choice_other")))
            known = default if default in values else ""
            value = self.ask("select", message, choices=choices, default=known)
            if value == OTHER:
                value = self._ask_text(t("other_value"), q.validate, required=q.required)
        else:
            value = self._ask_text(message, q.validate, required=q.required, default=default)
        service.apply_answers(ticket, fields={q.key: value}, profile=self.profile)
        self._save()
        if not _recheck:
            for finding in self.findings_for(q.key):
                self._show_finding(finding)
                self.ask_question(q, _recheck=True)
                return
        if q.offer_attachment and not ticket.attachments and ticket.fields.get(q.key) not in (None, NO_ERROR):
            self.ask_attachment()

    def ask_error(self, q: Question, message: str, default: str, source: str) -> str:
        """The error's text, as a choice: what the description (or an earlier answer) says, what
        a check measured when it differs, a text to type, or "there is no error text"."""
        said = default if default and default != NO_ERROR else ""
        measured = self.measured_error if self.measured_error and self.measured_error.casefold() != said.casefold() else ""
        if said and measured:
            self._hint(t("err_differs", measured=measured, said=said))
        choices = []
        if said:
            choices.append(("said", f"«{said}» — {t('err_as_said' if source == 'said' else 'err_as_given')}"))
        if measured:
            choices.append(("measured", f"«{measured}» — {t('err_measured')}"))
        choices.append(("type", t("err_type")))
        choices.append((NO_ERROR, pick(NO_ERROR_CHOICE)))
        if not q.required:
            choices.append(("", t("err_skip")))
        first = "said" if said else ("measured" if measured else ("type" if q.required else ""))
        if not q.required and not said and not measured and default != NO_ERROR:
            first = ""
        choice = self.ask("select", message, choices=choices, default=NO_ERROR if default == NO_ERROR else first)
        if choice == "said":
            return said
        if choice == "measured":
            return measured
        if choice in (NO_ERROR, ""):
            return choice
        from ...rules.error_text import names_no_words, says_no_error

        asked_again = False
        while True:
            value = self._ask_text(t("err_text_prompt"), q.validate, required=True)
            if says_no_error(value):
                if self.ask("confirm", t("err_reads_none", value=value), default="y"):
                    return NO_ERROR
                return value
            if names_no_words(value) and not asked_again:
                from .. import output

                output.error_line(t("err_no_words", value=value))
                asked_again = True
                continue
            return value

    def ask_attachment(self) -> None:
        limit = self.profile.max_attachment_bytes
        path = self._ask_text(t("ask_attach"), lambda v: check_attachment(v, limit), required=False)
        if path:
            service.apply_answers(self.ticket, attachments=[path], profile=self.profile)
            self._save()

    def ask_identification(self) -> None:
        ticket = self.ticket
        value = self._ask_text(t("ask_contract"), lambda v: validate.contract(v), required=False, default=ticket.contract)
        service.apply_answers(ticket, contract=value)
        self._save()
        if not ticket.contract:
            value = self._ask_text(t("ask_domain"), lambda v: validate.domain(v), required=True, default=ticket.domain)
            service.apply_answers(ticket, domain=value)
            self._save()

    def ask_description(self) -> None:
        ptype = get_type(self.ticket.type)
        message = pick(ptype.description_prompt) + ("" if ptype.description_required else f" {t('optional')}")
        value = self._ask_text(
            message,
            lambda v: validate.text(v, "description"),
            required=ptype.description_required,
            default=self.ticket.description,
        )
        self._set_description(value)
        self._save()
        self.review_description()
        self.choose_language()
        self.read_description()

    def choose_language(self) -> None:
        """When the client writes in another language than the ticket's labels and nobody chose
        the ticket's language, ask once which one the ticket is written in."""
        from ...rules import detect_lang

        ticket = self.ticket
        text = ticket.description
        if self.lang_fixed or len(text.split()) < 3:
            return
        said = detect_lang(text)
        if said not in ("ru", "en") or said == ticket.lang:
            return
        message = t("lang_which", said=t(f"lang_name_{said}"), current=t(f"lang_name_{ticket.lang}"))
        choices = [(said, t(f"lang_choice_{said}")), (ticket.lang, t(f"lang_choice_{ticket.lang}"))]
        ticket.lang = self.ask("select", message, choices=choices, default=said)
        self.lang_fixed = True
        if ticket.subject:
            ticket.subject = None
        self._save()

    def ask_subject(self) -> None:
        proposal = self.ticket.subject or propose_subject(self.ticket)
        value = self._ask_text(t("ask_subject"), lambda v: validate.header_value(v, "subject"), required=True, default=proposal)
        service.apply_answers(self.ticket, subject=value)
        self._save()

    def ask_addresses(self) -> None:
        """The addresses ``message.eml`` needs (From, To) when the profile lacks them: asked, used
        for this ticket, and saved to the profile if the client agrees."""
        ticket, profile = self.ticket, self.profile
        if profile.get("backend", "outbox") != "outbox":
            return
        gaps = service.missing_addresses(ticket, profile)
        if not gaps:
            return
        self._hint(t("eml_why"))
        given: dict[str, str] = {}
        for key in gaps:
            if key == "contact_email":
                default = ticket.fields.get("mailbox", "")
                value = self._ask_text(t("ask_contact_required"), lambda v: validate.email(v, "contact_email"), required=True, default=default)
                ticket.contact_email = validate.email(value, "contact_email")
                given[key] = ticket.contact_email
            else:
                value = self._ask_text(t("ask_profile_desk"), lambda v: validate.email(v, "desk_email"), required=True)
                given[key] = validate.email(value, "desk_email")
            profile.values[key] = given[key]
        self._save()
        if self.ask("confirm", t("save_to_profile", name=profile.name), default="y"):
            from ...store import config

            cfg = config.load()
            for key, value in given.items():
                cfg.set(profile.name, key, value)
            path = config.save(cfg)
            from .. import output

            output.ok_line(t("config_saved", name=profile.name, path=path))

    def fill(self) -> None:
        """Ask every question the ticket still lacks, in the type's order."""
        if self.ticket is None:
            type_name = self.ask_type()
            self.ticket = service.new_ticket(type_name, self.profile)
            self._save()
        ticket = self.ticket
        if not ticket.contract and not ticket.domain:
            self.ask_identification()
        ptype = get_type(ticket.type)
        for key in ptype.first:
            q = ptype.question(key)
            if q.applies(ticket.fields) and not ticket.fields.get(key):
                self.ask_question(q)
        if not ticket.description:
            self.ask_description()
        self.read_description()
        for q in ptype.questions:
            if q.key in ptype.first:
                continue
            if q.applies(ticket.fields) and not ticket.fields.get(q.key) and (q.required or not ticket.subject or q.key in self.said):
                self.ask_question(q)
            if q.key == DIAGNOSE_TARGET.get(ticket.type) and ticket.fields.get(q.key) and self._diagnose_mode() == "ask":
                self.offer_diagnostics()
        self.ask_addresses()
        if not ticket.subject:
            self.ask_subject()

    # ---- diagnostics --------------------------------------------------------------------
    @staticmethod
    def _diagnose_mode() -> str:
        mode = os.environ.get("TICKETCLI_DIAGNOSE", "").strip().lower()
        return mode if mode in ("ask", "never") else DIAGNOSE_DEFAULT

    def offer_diagnostics(self) -> None:
        """Offer ``ticket diagnose`` for the ticket's address or mailbox; show the results; put
        the lines the user keeps into the ticket's "Diagnostics" section (only with consent).

        For a site, the measured error text is offered at the error question beside what the
        client said (never in its place): the client chooses which one the ticket states.
        """
        from ...diagnose.lines import client_lines, ticket_lines  # also registers the messages
        from ..output import run_with_view

        ticket = self.ticket
        key = DIAGNOSE_TARGET.get(ticket.type)
        target = ticket.fields.get(key or "", "")
        if self._diagnosis_offered or not target or ticket.diagnostics:
            return
        self._diagnosis_offered = True
        site = ticket.type == "site-access"
        from ...diagnose.lines import shown_target

        if not self.ask("confirm", t("diag_offer_site" if site else "diag_offer_mail", target=shown_target(target)), default="y"):
            return
        options = {"timeout": 10.0, "dns_server": os.environ.get("TICKETCLI_DNS_SERVER") or None, "ca_bundle": None}  # the desk's ca_bundle is not the site's CA
        console = self._console()
        if site:
            from ...diagnose.site import diagnose_site, normalise_url

            diag = run_with_view(lambda progress: diagnose_site(normalise_url(target), progress=progress, **options), console=console)
        else:
            from ...diagnose.mail import diagnose_mail

            diag = run_with_view(lambda progress: diagnose_mail(address=target, progress=progress, **options), console=console)
        lines = ticket_lines(diag, ticket.lang)
        if self.ask("confirm", t("diag_offer_facts"), default=""):
            from ...diagnose.facts import client_facts

            diag.client = client_facts()
            lines += client_lines(diag.client, ticket.lang)
        measured = diag.first_error()
        if site and measured:
            from ...diagnose.lines import worded

            self.measured_error = worded(measured, ticket.lang)
        if self.ask("confirm", t("diag_add"), default="y"):
            kept = self.ask("checkbox", t("diag_choose"), choices=[(line, line) for line in lines])
            ticket.diagnostics = [line for line in lines if line in kept]
        self._save()

    # ---- rules -------------------------------------------------------------------------
    def report(self):
        return service.check(self.ticket, self.profile)

    def _description_finding(self, rule: str):
        """The finding of ``rule`` in the description alone (its span and rewrite refer to it)."""
        from ...documents import run, ticket_input

        item = ticket_input(self.ticket, profile=self.profile)
        item.text = self.ticket.description
        for finding in run(item).findings:
            if finding.rule == rule:
                return finding
        return None

    def findings_for(self, field: str, severities=("error",)) -> list:
        from ...documents import RULE_FIELDS

        return [
            f for f in self.report().findings
            if f.severity in severities and (f.field or RULE_FIELDS.get(f.rule)) == field
        ]

    def _show_finding(self, finding) -> None:
        from ...rules import Report
        from .. import output

        output.findings(Report(self.ticket.type, self.ticket.lang, [finding]), console=self._console())

    def review_description(self) -> None:
        """Offer the fixes for what the rules find in the description, right after it is typed."""
        for _ in range(5):  # each fix changes the text; re-check, but never loop forever
            report = self.report()
            todo = [f for f in report.findings if f.rule in ("polite", "please", "secret", "one-question") and f.severity != "info"]
            if not todo:
                return
            finding = todo[0]
            self._show_finding(finding)
            if not self.fix(finding):
                return

    def _rude_words(self) -> list[str]:
        """The words of the description the ``polite`` rule finds rude."""
        from ...documents import run, ticket_input

        item = ticket_input(self.ticket, profile=self.profile)
        text = item.text = self.ticket.description
        words = []
        for finding in run(item).findings:
            if finding.rule == "polite" and finding.span and finding.span[1] <= len(text):
                words.append(text[finding.span[0]:finding.span[1]].strip())
        return list(dict.fromkeys(w for w in words if w))

    def rephrase(self) -> bool:
        """Ask for the description again until it is changed: an unchanged insult is not an
        answer. Names the words the desk reads as rude."""
        from .. import output

        before = self.ticket.description
        words = self._rude_words()
        if words:
            output.error_line(t("rude_words", words=", ".join(f"«{w}»" for w in words)))
        while True:
            value = self._ask_text(t("rephrase"), lambda v: validate.text(v, "description"), required=True, default=before)
            if " ".join(value.split()) != " ".join(before.split()):
                break
            output.error_line(t("rephrase_unchanged"))
        self._set_description(value)
        self._save()
        return True

    def fix(self, finding) -> bool:
        """Run the fix a finding offers. True when the ticket changed."""
        from ...documents import RULE_FIELDS

        ticket = self.ticket
        rule = finding.rule
        if rule == "secret":
            from ...rules import redact_secrets

            redacted = {k: redact_secrets(v, ticket.lang) for k, v in ticket.fields.items()}
            description = redact_secrets(ticket.description, ticket.lang)
            if description == ticket.description and redacted == ticket.fields:
                return False
            self._hint(description)
            if self.ask("confirm", t("apply_fix"), default="y"):
                ticket.fields = redacted
                self._set_description(description)
                self._save()
                return True
            return False
        if rule == "please":
            # Offsets and rewrites must refer to the description itself, not the rendered ticket.
            local = self._description_finding(rule)
            if local is None or not local.replacement:
                return False
            self._hint(local.replacement)
            if self.ask("confirm", t("apply_fix"), default="y"):
                self._set_description(local.replacement)
                self._save()
                return True
            return False
        if rule == "polite" and finding.field == "subject":
            self.ask_subject()
            return True
        if rule == "polite":
            return self.rephrase()
        if rule == "one-question":
            return self.split(self._description_finding(rule) or finding)
        if rule == "identify":
            self.ask_identification()
            return True
        if rule == "subject":
            self.ask_subject()
            return True
        if rule == "vague":
            self.ask_description()
            return True
        if rule == "screenshot":
            before = len(ticket.attachments)
            self.ask_attachment()
            return len(ticket.attachments) != before
        ptype = get_type(ticket.type)
        key = "error" if rule == "error-text" and "error" in ptype.field_keys() else (finding.field or RULE_FIELDS.get(rule))
        if key in ptype.field_keys():
            before = ticket.fields.get(key)
            self.ask_question(ptype.question(key), _recheck=True)
            return ticket.fields.get(key) != before
        if key == "description":
            self.ask_description()
            return True
        return False

    def split(self, finding) -> bool:
        """Move the second question into a draft of its own, and go on with the first."""
        ticket = self.ticket
        if not self.ask("confirm", t("split_offer"), default="y"):
            return False
        proposal = ""
        if finding.span and finding.span[1] <= len(ticket.description):
            proposal = ticket.description[finding.span[0]:finding.span[1]]
        text = self._ask_text(t("split_which"), lambda v: validate.text(v, "description"), required=True, default=proposal.strip())
        from ...rules import infer_type

        other = service.new_ticket(infer_type(text), self.profile, ticket.lang)
        other.contract, other.domain, other.contact_email = ticket.contract, ticket.domain, ticket.contact_email
        service.apply_answers(other, description=text)
        other.subject = propose_subject(other)
        other.ui_lang = get_lang()
        self.drafts.save(other)
        if text in ticket.description:
            rest = ticket.description.replace(text, "").strip()
            if rest:
                self._set_description(rest)
        ticket.subject = None
        service.finalize_subject(ticket)
        self._save()
        from .. import output

        output.ok_line(t("split_done", id=other.short_id))
        return True

    def decide(self) -> bool | None:
        """Before sending: whether rule errors are to be overridden (False: there are none);
        None when the ticket does not go now ("Fix" ran the fixes, or "Back").

        The library's verdict says what is allowed: "Send anyway" is offered only when no error
        is an insult. "Fix" runs each error's fix and returns to the preview, so the user sees
        the result. With ``--force`` the errors go without asking, an insult never.
        """
        from .. import output

        verdict = service.assess(self.report())
        if verdict.ok:
            return False
        output.findings(verdict.report, console=self._console())
        if self.force and verdict.may_override:
            return True
        errors = [f for f in verdict.report.findings if f.severity == "error"]
        if verdict.insult:
            choice = self.ask("select", t("insult_blocks"), choices=[("fix", t("rephrase_now")), ("back", t("back"))], default="fix")
            if choice == "fix":
                for finding in errors:
                    if finding.rule == "polite":
                        self.fix(finding)
                        break
            return None
        choices = [("fix", t("fix_now")), ("override", t("send_anyway")), ("back", t("back"))]
        choice = self.ask("select", tn("has_errors", len(errors)), choices=choices, default="fix")
        if choice == "override":
            return True
        if choice == "fix":
            for finding in errors:
                self.fix(finding)
        return None

    # ---- preview and actions ------------------------------------------------------------
    def preview(self) -> None:
        from .. import output

        service.finalize_subject(self.ticket)
        title = t("preview_lang", title=t("preview_title"), language=t(f"lang_name_{self.ticket.lang}"))
        output.ticket_preview(self.ticket.subject or "", render_text(self.ticket), title, console=self._console())
        sender, recipient = service.addresses(self.ticket, self.profile)
        if sender and recipient and self.profile.get("backend", "outbox") == "outbox":
            self._hint(t("preview_from_to", sender=sender, recipient=recipient))
        report = self.report()
        if report.findings:
            output.findings(report, console=self._console())

    def recap(self) -> None:
        """The answers of a resumed draft, before its next question."""
        ticket = self.ticket
        ptype = get_type(ticket.type)
        lines = []
        if ticket.contract:
            lines.append(f"{t('ask_profile_contract')}: {ticket.contract}")
        if ticket.domain:
            lines.append(f"{t('ask_profile_domain')}: {ticket.domain}")
        if ticket.description:
            lines.append(f"{pick(ptype.description_prompt)}: {ticket.description}")
        for q in ptype.questions:
            value = ticket.fields.get(q.key)
            if value:
                lines.append(f"{q.title(get_lang())}: {q.display(value, get_lang())}")
        for path in ticket.attachments:
            lines.append(f"{t('action_attach')}: {os.path.basename(path)}")
        from rich.markup import escape

        console = self._console()
        console.print(f"[bold]{escape(t('recap_title', id=ticket.short_id))}[/]")
        for line in lines or [t("recap_none")]:
            console.print(f"  {escape(line)}", soft_wrap=True)

    def edit_answer(self) -> None:
        ticket = self.ticket
        ptype = get_type(ticket.type)
        choices = [("subject", t("ask_subject")), ("description", pick(ptype.description_prompt))]
        choices += [(q.key, q.title(get_lang())) for q in ptype.questions if q.applies(ticket.fields)]
        choices += [("contract", t("ask_profile_contract")), ("domain", t("ask_profile_domain"))]
        key = self.ask("select", t("which_field"), choices=choices)
        if key == "subject":
            self.ask_subject()
        elif key == "description":
            self.ask_description()
        elif key == "contract":
            value = self._ask_text(t("ask_profile_contract"), validate.contract, required=False, default=ticket.contract)
            service.apply_answers(ticket, contract=value)
        elif key == "domain":
            value = self._ask_text(t("ask_profile_domain"), validate.domain, required=False, default=ticket.domain)
            service.apply_answers(ticket, domain=value)
        else:
            self.ask_question(ptype.question(key))
        self._save()

    def edit_in_editor(self) -> None:
        import shlex
        import subprocess
        import tempfile

        editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
        fd, name = tempfile.mkstemp(prefix="ticket-", suffix=".txt", dir=str(self.drafts.root))
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(self.ticket.description)
            try:
                subprocess.run([*shlex.split(editor), name], check=True)
            except (OSError, subprocess.CalledProcessError, ValueError) as exc:
                raise UsageError(t("editor_failed", editor=editor, reason=exc)) from None
            with open(name, encoding="utf-8", errors="replace") as fh:
                self._set_description(fh.read())
        finally:
            os.unlink(name)
        self._save()

    def run(self, *, recap: bool = False) -> WizardResult:
        try:
            if recap:
                self.recap()
            return self._run()
        except (KeyboardInterrupt, EOFError):
            draft = None
            if self.ticket is not None:
                try:
                    self._save()
                    draft = self.ticket.short_id
                except TicketError:
                    pass
            raise Interrupted(t("interrupted", id=draft or "-"), draft_id=draft) from None

    def _run(self) -> WizardResult:
        self.fill()
        service.finalize_subject(self.ticket)
        self._save()
        while True:
            self.preview()
            action = self.ask(
                "select",
                t("action"),
                choices=[
                    ("send", t("action_send")),
                    ("edit", t("action_edit")),
                    ("editor", t("action_editor")),
                    ("attach", t("action_attach")),
                    ("save", t("action_save")),
                    ("discard", t("action_discard")),
                ],
                default="send",
            )
            if action == "send":
                gaps = service.missing(self.ticket)
                if not gaps and self.profile.get("backend", "outbox") == "outbox":
                    gaps = service.missing_addresses(self.ticket, self.profile)
                if gaps:
                    self.fill()
                    continue
                force = self.decide()
                if force is None:
                    continue
                try:
                    done = service.submit(self.ticket, self.profile, force=force, drafts=self.drafts)
                except RuleErrors as exc:  # the library refused after all: show why, stay here
                    from .. import output

                    output.error_line(exc.message)
                    continue
                return WizardResult("queued", self.ticket, done)
            if action == "edit":
                self.edit_answer()
            elif action == "editor":
                try:
                    self.edit_in_editor()
                except UsageError as exc:
                    from .. import output

                    output.error_line(exc.message)
            elif action == "attach":
                self.ask_attachment()
            elif action == "save":
                self._save()
                return WizardResult("saved", self.ticket)
            elif action == "discard":
                if self.ask("confirm", t("confirm_discard"), default=""):
                    self.drafts.path(self.ticket.uuid).unlink(missing_ok=True)
                    return WizardResult("discarded", self.ticket)
