"""The wizard's session: asks only what the ticket still lacks, offers the rules' fixes, then
previews the ticket and sends it through the library's gate.

The questions come from the problem type's definition (``ticketcli.problems``); the same
validators run here and for ``--field`` flags. The draft is saved after every answer; Ctrl-C
or a closed terminal leaves it on disk and tells how to resume.

Whether a ticket may go is the library's decision (:func:`ticketcli.service.assess`,
:func:`ticketcli.service.submit`): the wizard only offers the choices it allows (fix, send
anyway, back) and records an override the way every caller does, through ``force``.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from typing import Any

from ... import service, validate
from ...errors import Interrupted, RuleErrors, TicketError, UsageError
from ...i18n import get_lang, pick, t
from ...message import propose_subject, render_text
from ...model import Ticket
from ...problems import TYPES, Question, get_type
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


class Wizard:
    def __init__(self, ticket: Ticket | None, profile: Profile, drafts: DraftStore | None = None, ask=prompt, *, force: bool = False):
        self.ticket = ticket
        self.profile = profile
        self._drafts = drafts
        self.ask = ask
        #: ``ticket new --force``: rule errors left at "Send" go without asking (recorded in the
        #: ticket); never an insult
        self.force = force
        #: Diagnosis already offered in this session; answers it filled (still asked, pre-filled).
        self._diagnosis_offered = False
        self._prefilled: set[str] = set()

    # ---- helpers -------------------------------------------------------------------------
    @property
    def drafts(self) -> DraftStore:
        if self._drafts is None:
            self._drafts = DraftStore()
        return self._drafts

    def _save(self) -> None:
        if self.ticket is not None:
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

    # ---- questions -----------------------------------------------------------------------
    def ask_type(self) -> str:
        choices = [(name, f"{pick(p.title)} — {pick(p.summary)}") for name, p in TYPES.items()]
        return self.ask("select", t("ask_type"), choices=choices, default="site-access")

    def ask_question(self, q: Question, _recheck: bool = False) -> None:
        ticket = self.ticket
        current = ticket.fields.get(q.key, "")
        message = pick(q.prompt) + ("" if q.required else f" {t('optional')}")
        if q.help:
            self._hint(pick(q.help))
        if q.kind == "choice":
            choices = [(c.value, pick(c.label)) for c in q.choices]
            if not q.required:
                choices.append(("", "—"))
            if q.allow_other:
                choices.append((OTHER, t("choice_other")))
            known = current if any(current == v for v, _ in choices) else (OTHER if current else "")
            value = self.ask("select", message, choices=choices, default=known)
            if value == OTHER:
                value = self._ask_text(t("other_value"), q.validate, required=q.required, default=current)
        else:
            default = current
            if not default and q.default:
                default = q.default.format(domain=ticket.domain, contract=ticket.contract)
            value = self._ask_text(message, q.validate, required=q.required, default=default)
        service.apply_answers(ticket, fields={q.key: value}, profile=self.profile)
        self._save()
        if not _recheck:
            for finding in self.findings_for(q.key):
                self._show_finding(finding)
                self.ask_question(q, _recheck=True)
                return
        if q.offer_attachment and not ticket.attachments:
            self.ask_attachment()

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

    def ask_subject(self) -> None:
        proposal = self.ticket.subject or propose_subject(self.ticket)
        value = self._ask_text(t("ask_subject"), lambda v: validate.header_value(v, "subject"), required=True, default=proposal)
        service.apply_answers(self.ticket, subject=value)
        self._save()

    def fill(self) -> None:
        """Ask every question the ticket still lacks, in the type's order."""
        if self.ticket is None:
            type_name = self.ask_type()
            self.ticket = service.new_ticket(type_name, self.profile)
            self._save()
        ticket = self.ticket
        if not ticket.contract and not ticket.domain:
            self.ask_identification()
        if not ticket.description:
            self.ask_description()
        ptype = get_type(ticket.type)
        for q in ptype.questions:
            prefilled = q.key in self._prefilled
            if q.applies(ticket.fields) and (prefilled or not ticket.fields.get(q.key)) and (q.required or not ticket.subject):
                self._prefilled.discard(q.key)
                self.ask_question(q)
            if q.key == DIAGNOSE_TARGET.get(ticket.type) and ticket.fields.get(q.key) and self._diagnose_mode() == "ask":
                self.offer_diagnostics()
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

        For a site, an empty error answer is pre-filled with the measured error text; the
        question is still asked, so the user sees and can change it.
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
        if not self.ask("confirm", t("diag_offer_site" if site else "diag_offer_mail", target=target), default="y"):
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
        if site and measured and not ticket.fields.get("error"):
            service.apply_answers(ticket, fields={"error": measured}, profile=self.profile)
            self._prefilled.add("error")
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

    def fix(self, finding) -> bool:
        """Run the fix a finding offers. True when the ticket changed."""
        from ...documents import RULE_FIELDS

        ticket = self.ticket
        rule = finding.rule
        if rule == "secret":
            from ...rules import redact_secrets

            redacted = {k: redact_secrets(v) for k, v in ticket.fields.items()}
            description = redact_secrets(ticket.description)
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
            before = ticket.description
            value = self._ask_text(t("rephrase"), lambda v: validate.text(v, "description"), required=True, default=before)
            self._set_description(value)
            self._save()
            return value != before
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
        key = finding.field or RULE_FIELDS.get(rule)
        ptype = get_type(ticket.type)
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
        choices = [("fix", t("fix_now"))]
        if verdict.may_override:
            choices.append(("override", t("send_anyway")))
        choices.append(("back", t("back")))
        choice = self.ask("select", t("has_errors", count=len(errors)), choices=choices, default="fix")
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
        output.ticket_preview(self.ticket.subject or "", render_text(self.ticket), t("preview_title"), console=self._console())
        report = self.report()
        if report.findings:
            output.findings(report, console=self._console())

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

    def run(self) -> WizardResult:
        try:
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
