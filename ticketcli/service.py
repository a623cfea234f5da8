"""The library's one flow: compose → check → gate → outbox → deliver, and the follow-ups.

The policy lives here, once, for every front end: the wizard, the scripted commands,
``ticket reply`` and a script that imports :mod:`ticketcli` all call these functions.

* **The gate** (:func:`gate`): a ticket whose check finds errors is refused
  (:class:`~ticketcli.errors.RuleErrors`) unless the caller overrides them (``force=True``); the
  override is recorded in the ticket (``Ticket.overrides``). An insult (rule ``polite``) is never
  overridden: :class:`~ticketcli.errors.Impolite`, whoever asks.
* **Submitting** (:func:`submit`): a complete ticket that passes the gate is published into the
  outbox, its draft dropped, and delivered at once when the profile has a channel.
* **Replies** (:func:`reply`) pass the same gate, checked by the same rule engine: an insult is
  refused, and a reply the rules see as a new question (rule 3, one question per ticket) is
  refused unless forced, the override recorded with the reply.

Nothing here prints or asks: results and errors are values the caller renders.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from pathlib import Path

from . import validate
from .errors import ConfigError, DeliveryError, Impolite, MissingInput, RuleErrors, UsageError
from .i18n import register, t
from .model import Ticket
from .problems import get_type
from .store.config import Profile

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from .delivery import SendResult
    from .rules import Report
    from .store.drafts import DraftStore
    from .store.outbox import OutboxItem

register(
    {
        "send_failed_item": (
            "Ticket {id} was refused earlier: {reason} Fix the cause, then 'ticket outbox retry {id}'.",
            "Заявка {id} ранее отклонена: {reason} Устраните причину, затем «ticket outbox retry {id}».",
        ),
        "reply_empty": (
            "Give the reply's text with --message (or --message - to read stdin).",
            "Укажите текст ответа через --message (или --message -, чтобы прочитать stdin).",
        ),
        "reply_new_problem": (
            "This reply looks like a new question. Rule 3: one request per question; for a new problem open a new ticket ('ticket new') with the problem in its subject.",
            "Похоже, это новый вопрос. Правило 3: один вопрос — одно обращение; о новой проблеме создайте новую заявку («ticket new») и укажите её в теме.",
        ),
        "reply_new_problem_fix": (
            "Open a new ticket for it; if it really is about this ticket, pass --force (recorded with the reply).",
            "Создайте для него новую заявку; если он действительно об этой заявке, добавьте --force (это будет записано в ответе).",
        ),
        "reply_rule_errors": (
            "The reply breaks the desk's rules ({rules}); fix it, or pass --force to send it anyway.",
            "Ответ нарушает правила поддержки ({rules}); исправьте его или добавьте --force, чтобы отправить всё равно.",
        ),
        "eml_missing": (
            "The ticket's message.eml needs {what}: set {how} (or run 'ticket new' in a terminal, which asks).",
            "Для message.eml заявки нужен {what}: задайте {how} (или запустите «ticket new» в терминале — он спросит).",
        ),
        "eml_what_from": ("your contact e-mail (From)", "ваш контактный e-mail (From)"),
        "eml_what_to": ("the desk's e-mail (To)", "e-mail техподдержки (To)"),
        "eml_and": (" and ", " и "),
        "reply_polite_blocks": (
            "The reply is not sent while it is impolite (rule 7): rephrase it.",
            "Ответ не будет отправлен, пока он невежлив (правило 7): переформулируйте его.",
        ),
    }
)

#: The rule whose errors nobody can override: an insult is never queued or sent.
NEVER_OVERRIDDEN = "polite"


# ---- compose -------------------------------------------------------------------------------
def load_profile(name: str | None = None) -> Profile:
    """The profile ``name`` from the configuration, or the default one."""
    from .store import config

    return config.load().profile(name)


def new_ticket(type_name: str, profile: Profile | None = None, lang: str | None = None) -> Ticket:
    """An empty ticket of ``type_name`` carrying the profile's identification (the default
    profile when none is given)."""
    get_type(type_name)
    profile = profile if profile is not None else load_profile()
    return Ticket(
        type=type_name,
        lang=lang or profile.lang,
        contract=profile.get("contract"),
        domain=profile.get("domain"),
        contact_email=profile.get("contact_email"),
        profile=profile.name,
    )


def ticket_from_document(data: Any, profile: Profile, source: str = "ticket", *, force: bool = False) -> Ticket:
    """A ticket from a JSON document (``ticket new --from-file``; format: ``ticket schema``),
    completed from the profile where the document says nothing. ``source`` names the document
    in error messages; ``force`` attaches files that look like secrets (see
    :func:`ticketcli.store.drafts.check_attachment`)."""
    from .model import ticket_from_dict
    from .store.drafts import check_attachment

    ticket = ticket_from_dict(data, source)
    if isinstance(data, dict):
        if "lang" not in data:
            ticket.lang = profile.lang
        for key in ("contract", "domain", "contact_email"):
            if key not in data:
                setattr(ticket, key, profile.get(key))
        if "profile" not in data:
            ticket.profile = profile.name
    ticket.attachments = [check_attachment(raw, profile.max_attachment_bytes, force=force) for raw in ticket.attachments]
    return ticket


def apply_answers(
    ticket: Ticket,
    *,
    fields: dict[str, str] | None = None,
    contract: str | None = None,
    domain: str | None = None,
    description: str | None = None,
    subject: str | None = None,
    attachments: Iterable[str] = (),
    profile: Profile | None = None,
    force: bool = False,
) -> Ticket:
    """Validate answers and merge them into ``ticket`` (the wizard's checks, for any caller).

    ``fields`` are the problem type's answers by key (``ticket types show TYPE``); an empty
    value removes an answer. ``force`` attaches files that look like secrets."""
    from .store.drafts import check_attachment

    ptype = get_type(ticket.type)
    for key, value in (fields or {}).items():
        clean = ptype.question(key).validate(value)
        if clean:
            ticket.fields[key] = clean
        else:
            ticket.fields.pop(key, None)
    if contract is not None:
        ticket.contract = validate.contract(contract) if contract.strip() else ""
    if domain is not None:
        ticket.domain = validate.domain(domain) if domain.strip() else ""
    if description is not None:
        ticket.description = validate.text(description, "description")
    if subject is not None:
        ticket.subject = validate.header_value(subject, "subject") or None
    limit = (profile or Profile()).max_attachment_bytes
    for raw in attachments:
        path = check_attachment(raw, limit, force=force)
        if path not in ticket.attachments:
            ticket.attachments.append(path)
    return ticket


def apply_defaults(ticket: Ticket) -> None:
    """Fill the answers that follow from others: a choice that only one of its values' questions
    can follow (the mail's ``sender`` is ``program`` when the mail client is given), and the
    defaults derived from the profile (``url`` ← the domain)."""
    ptype = get_type(ticket.type)
    for q in ptype.questions:
        if q.choices and not ticket.fields.get(q.key):
            implied = {
                value
                for other in ptype.questions
                if other.when and other.when[0] == q.key and ticket.fields.get(other.key)
                for value in other.when[1]
                if value is not None
            }
            if len(implied) == 1:
                ticket.fields[q.key] = implied.pop()
    for q in ptype.questions:
        if q.default and not ticket.fields.get(q.key) and q.applies(ticket.fields):
            value = q.default.format(domain=ticket.domain, contract=ticket.contract)
            if value.strip():
                try:
                    ticket.fields[q.key] = q.validate(value)
                except UsageError:
                    pass


def missing(ticket: Ticket) -> list[str]:
    """Names of the answers the ticket still needs: identification, description, the type's
    required fields."""
    ptype = get_type(ticket.type)
    needed: list[str] = []
    if not ticket.contract and not ticket.domain:
        needed.append("contract|domain")
    if ptype.description_required and not ticket.description:
        needed.append("description")
    needed.extend(ptype.missing(ticket.fields))
    return needed


def _flags_for(names: list[str]) -> str:
    flags = []
    for name in names:
        if name == "contract|domain":
            flags.append("--contract/--domain")
        elif name == "description":
            flags.append("--description")
        else:
            flags.append(f"--field {name}=…")
    return ", ".join(flags)


def require_complete(ticket: Ticket) -> None:
    """Raise :class:`~ticketcli.errors.MissingInput` naming what is missing (and the flags that
    give it), unless the ticket is complete."""
    gaps = missing(ticket)
    if gaps:
        if gaps == ["contract|domain"]:
            raise MissingInput(t("missing_ident"))
        raise MissingInput(t("missing_fields", fields=", ".join(gaps), flags=_flags_for(gaps)))


def finalize_subject(ticket: Ticket) -> None:
    """Give the ticket the proposed subject when it has none."""
    if not ticket.subject:
        from .message import propose_subject

        ticket.subject = propose_subject(ticket)


def addresses(ticket: Ticket, profile: Profile) -> tuple[str, str]:
    """The message's From (the profile's registered contact address, else the ticket's) and To
    (the desk's address)."""
    return profile.get("contact_email") or ticket.contact_email, profile.get("desk_email")


def missing_addresses(ticket: Ticket, profile: Profile) -> list[str]:
    """The settings ``message.eml`` still lacks: ``contact_email`` (From), ``desk_email`` (To)."""
    sender, recipient = addresses(ticket, profile)
    return [key for key, value in (("contact_email", sender), ("desk_email", recipient)) if not value]


def require_addresses(ticket: Ticket, profile: Profile) -> None:
    """Raise :class:`~ticketcli.errors.MissingInput` when a ticket that waits in the outbox would
    have a ``message.eml`` without From or To."""
    gaps = missing_addresses(ticket, profile)
    if gaps:
        what = t("eml_and").join(t("eml_what_from" if k == "contact_email" else "eml_what_to") for k in gaps)
        flag = "" if profile.name == "default" else f" --profile {profile.name}"
        how = ", ".join(f"'ticket config set {k} {'you@example.ru' if k == 'contact_email' else 'support@example-hosting.ru'}{flag}'" for k in gaps)
        raise MissingInput(t("eml_missing", what=what, how=how))


# ---- check and gate ------------------------------------------------------------------------
def check(ticket: Ticket, profile: Profile | None = None, ui_lang: str | None = None) -> Report:
    """Every rule of the desk over the ticket as it will be sent (its text, subject, answers,
    attachments and channel). Messages are in ``ui_lang`` (default: the interface language)."""
    from .documents import check_ticket

    return check_ticket(ticket, profile, ui_lang)


@dataclasses.dataclass(frozen=True, slots=True)
class Verdict:
    """What the gate makes of a check: the report and the rules whose errors stop the text."""

    report: Report
    #: ids of the rules with errors, in the report's order
    errors: tuple[str, ...]

    @property
    def ok(self) -> bool:
        """No errors: the text may go as it is."""
        return not self.errors

    @property
    def insult(self) -> bool:
        """The text insults the desk: it never goes, whatever the caller says."""
        return NEVER_OVERRIDDEN in self.errors

    @property
    def may_override(self) -> bool:
        """There are errors, and the caller may choose to send anyway (none is an insult)."""
        return bool(self.errors) and not self.insult


def assess(report: Report) -> Verdict:
    """The gate's reading of a report, without acting on it (the wizard offers its choices
    from this)."""
    errors = tuple(dict.fromkeys(f.rule for f in report.findings if f.severity == "error"))
    return Verdict(report, errors)


def _enforce(verdict: Verdict, force: bool, *, errors_key: str, insult_key: str) -> None:
    if verdict.insult:
        raise Impolite(t(insult_key), verdict.report, verdict.errors)
    if verdict.errors and not force:
        raise RuleErrors(t(errors_key, rules=", ".join(verdict.errors)), verdict.report, verdict.errors)


def gate(ticket: Ticket, profile: Profile | None = None, *, force: bool = False) -> Verdict:
    """Check the ticket and decide whether it may go.

    Errors raise :class:`~ticketcli.errors.RuleErrors` unless ``force``; then they are recorded
    in ``ticket.overrides``. An insult raises :class:`~ticketcli.errors.Impolite` whatever
    ``force`` says."""
    verdict = assess(check(ticket, profile))
    _enforce(verdict, force, errors_key="rule_errors", insult_key="polite_blocks")
    if verdict.errors:
        ticket.overrides = sorted(set(ticket.overrides) | set(verdict.errors))
    return verdict


# ---- outbox and delivery -------------------------------------------------------------------
@dataclasses.dataclass(slots=True)
class Submitted:
    """A ticket published into the outbox, and what its channel did with it."""

    ticket: Ticket
    item: OutboxItem
    verdict: Verdict
    #: the channel's attempt, or None for the ``outbox`` channel (the ticket waits there)
    delivery: SendResult | None = None

    @property
    def state(self) -> str:
        """``new`` (waits in the outbox), or the delivery's state (``sent``, ``waiting``, …)."""
        return self.delivery.state if self.delivery is not None else self.item.state


def submit(ticket: Ticket, profile: Profile | None = None, *, force: bool = False, drafts: DraftStore | None = None) -> Submitted:
    """Queue a finished ticket and, when the profile has a delivery channel, deliver it.

    The ticket must be complete (:func:`require_complete`), gets the proposed subject if it has
    none, and must pass :func:`gate` (``force`` overrides rule errors, never an insult): nothing
    reaches the outbox otherwise. Then it is published into the outbox, its draft is dropped,
    and the channel delivers it; whatever the channel does, the ticket is safe in the outbox.
    """
    from .store.drafts import DraftStore
    from .store.outbox import Outbox

    profile = profile if profile is not None else load_profile(ticket.profile or None)
    require_complete(ticket)
    # message.eml is for a ticket that waits in the outbox: written now for the outbox channel,
    # and by the delivery below only if the channel does not take the ticket at once. It is a
    # message any mail client can send: From and To are known before anything is queued.
    channel = profile.get("backend", "outbox")
    if channel == "outbox":
        require_addresses(ticket, profile)
    finalize_subject(ticket)
    verdict = gate(ticket, profile, force=force)
    item = Outbox().put(ticket, profile, message=channel == "outbox")
    try:
        (drafts or DraftStore()).path(ticket.uuid).unlink(missing_ok=True)
    except OSError:
        pass
    from .delivery import deliver_now

    return Submitted(ticket, item, verdict, deliver_now(item, profile))


@dataclasses.dataclass(slots=True)
class SendRun:
    """The results of :func:`send`, in order, for the tickets it tried."""

    results: list[SendResult]
    #: how many tickets were waiting when the run began
    pending: int = 0

    @property
    def stopped(self) -> bool:
        """The run ended early on a configuration failure: the other tickets still wait."""
        return bool(self.results) and self.results[-1].state in ("waiting", "failed") and len(self.results) < self.pending

    @property
    def ok(self) -> bool:
        return not any(r.state in ("waiting", "failed") for r in self.results)


def _no_channel(profile: Profile) -> ConfigError:
    from . import delivery  # noqa: F401  - delivery holds the message
    from .store import paths

    return ConfigError(t("no_channel", profile=profile.name, path=paths.outbox_dir()))


def send(item_id: str | None = None, *, profile: Profile | None = None) -> SendRun:
    """Deliver one outbox ticket (``item_id``, a unique prefix of its id) or, without one,
    every waiting ticket (and those a killed sender left half-sent), each exactly once.

    Each ticket goes through its own profile's channel, or ``profile``'s when given. Raises
    :class:`~ticketcli.errors.ConfigError` when no channel is configured, and
    :class:`~ticketcli.errors.DeliveryError` for a ticket the desk refused earlier (retry it
    with :func:`retry`)."""
    from .delivery import Sender
    from .store.outbox import Outbox

    outbox = Outbox()
    with Sender(outbox, profile=profile) as sender:
        if item_id:
            item = outbox.get(item_id)
            if item.state == "failed":
                reason = (item.record().get("last_error") or {}).get("reason", "")
                raise DeliveryError(t("send_failed_item", id=item.short_id, reason=reason))
            pending = 1
            results = [sender.send(item.uuid)]
        else:
            waiting = sender.pending()
            if not waiting:
                active = profile if profile is not None else load_profile()
                if active.get("backend", "outbox") == "outbox":
                    raise _no_channel(active)
                return SendRun([], 0)
            pending = len(waiting)
            results = sender.send_many([i.uuid for i in waiting])
    if item_id and results[0].state == "skipped":  # delivered before: say where it went
        done = results[0]
        done.state = "sent"
        found = outbox.find(done.uuid)
        if found is not None:
            record = found.record()
            done.receipt, done.channel, done.path = record.get("receipt"), record.get("channel", ""), str(found.path)
    shown = [r for r in results if r.state not in ("skipped", "no-channel")]
    if not shown and any(r.state == "no-channel" for r in results):
        raise _no_channel(profile if profile is not None else load_profile())
    return SendRun(shown, pending)


def retry(item_id: str, *, profile: Profile | None = None) -> OutboxItem:
    """Put a ticket the desk refused (or one that waits) back in the queue, once its cause is
    fixed (``ticket.json`` may have been edited for that). Its rule errors were decided on when
    it was queued; an insult is refused here too (:class:`~ticketcli.errors.Impolite`)."""
    from .delivery import retry_failed
    from .store.outbox import Outbox

    item = Outbox().get(item_id)
    ticket = item.ticket()
    verdict = assess(check(ticket, profile if profile is not None else _profile_of(ticket.profile)))
    if verdict.insult:
        raise Impolite(t("polite_blocks"), verdict.report, verdict.errors)
    return retry_failed(item)


def _profile_of(name: str | None) -> Profile:
    from .store import config

    return config.load().profile_or_default(name)


# ---- sent tickets: status and replies ------------------------------------------------------
def _channel(entry: dict[str, Any], profile: Profile | None):
    """The channel a sent ticket went through, and the profile it uses."""
    from .channels import load
    from .channels.base import PermanentError

    profile = profile if profile is not None else _profile_of(entry.get("profile"))
    try:
        return load(profile, entry.get("receipt", {}).get("channel", "")), profile
    except PermanentError as exc:
        raise ConfigError(exc.message) from None


@dataclasses.dataclass(frozen=True, slots=True)
class Status:
    uuid: str
    status: str
    #: the desk was asked (False: the channel cannot report a status; the last known is given)
    refreshed: bool
    receipt: dict[str, Any]


def status(ticket_id: str, *, profile: Profile | None = None) -> Status:
    """Ask the desk for a sent ticket's current status; the history keeps the answer."""
    from .channels.base import RECEIPT_LIMITS, DeliveryFailure, Receipt
    from .store.history import History
    from .validate import printable

    history = History()
    entry = history.get(ticket_id)
    receipt = Receipt.from_dict(entry.get("receipt", {}))
    backend, _ = _channel(entry, profile)
    refreshed = False
    if backend is not None:
        with backend:
            try:
                now = printable(backend.status(receipt) or "", RECEIPT_LIMITS["status"], one_line=True)  # the desk's words
            except DeliveryFailure as exc:
                raise DeliveryError(exc.message) from None
        if now and now != entry.get("status"):
            entry["status"] = now
            entry.setdefault("receipt", {})["status"] = now
            history.save(entry)
        refreshed = backend.reads_status
    return Status(entry["uuid"], entry.get("status", ""), refreshed, entry.get("receipt") or {})


#: The rules a follow-up is held to: it rides on a ticket that already identifies the client
#: and the problem, so only what concerns its own words applies (and, for rule 3, whether it
#: brings a new question).
REPLY_RULES = ("one-question", "please", "polite", "secret")


def _sent_ticket(uuid: str) -> Ticket | None:
    """The ticket as it was sent (its folder in the outbox), if it is still there."""
    from .errors import TicketError
    from .store.outbox import Outbox

    item = Outbox().find(uuid)
    if item is None:
        return None
    try:
        return item.ticket()
    except TicketError:
        return None


def check_reply(text: str, ticket_id: str, *, ui_lang: str | None = None) -> Report:
    """The desk's rules over a follow-up of the sent ticket ``ticket_id``.

    Its own words are checked by the rule engine (an insult, a secret, "can you…?"). A new
    question is what rule 3 forbids in a reply: it is one when the reply alone asks two
    unrelated things, or when the ticket's description followed by the reply does (and the
    description alone did not). That finding is an error here (in a ticket it is a warning
    the wizard offers to split)."""
    from .store.history import History

    return _check_reply(text, History().get(ticket_id), ui_lang)


def _check_reply(text: str, entry: dict[str, Any], ui_lang: str | None) -> Report:
    from .i18n import get_lang
    from .rules import Finding, Report
    from .rules import check as run_rules

    ui = ui_lang or get_lang()
    sent = _sent_ticket(entry["uuid"])
    type_ = entry.get("type") or (sent.type if sent else None) or "other"
    before = sent.description if sent and sent.description else entry.get("subject", "")

    def asks_two_things(body: str) -> bool:
        return any(f.rule == "one-question" for f in run_rules(body, type=type_, ui_lang=ui).findings)

    own = run_rules(text, type=type_, ui_lang=ui)
    findings = [f for f in own.findings if f.rule in REPLY_RULES and f.rule != "one-question"]
    new_question = any(f.rule == "one-question" for f in own.findings) or (
        bool(before) and asks_two_things(f"{before}\n\n{text}") and not asks_two_things(before)
    )
    if new_question:
        findings.append(Finding(rule="one-question", severity="error", message=t("reply_new_problem", lang=ui),
                                suggestion=t("reply_new_problem_fix", lang=ui), field="message"))
    order = {rule: i for i, rule in enumerate(REPLY_RULES)}
    findings.sort(key=lambda f: order[f.rule])
    return Report(type=type_, lang=own.lang, findings=findings)


@dataclasses.dataclass(frozen=True, slots=True)
class Replied:
    uuid: str
    channel: str
    #: the desk's answer to the follow-up (its id, …)
    answer: dict[str, Any]
    verdict: Verdict


def reply(ticket_id: str, text: str, *, attachments: Iterable[str] = (), force: bool = False, profile: Profile | None = None) -> Replied:
    """Send a follow-up on a sent ticket through the channel it went by.

    The text passes the gate first (:func:`check_reply`): an insult raises
    :class:`~ticketcli.errors.Impolite`; a new question or another error raises
    :class:`~ticketcli.errors.RuleErrors` unless ``force``, and an override is recorded with
    the reply in the history. Nothing reaches the desk otherwise."""
    import uuid as uuidlib

    from .channels.base import RECEIPT_LIMITS, Attachment, DeliveryFailure, Receipt
    from .model import now_iso
    from .store.drafts import check_attachment
    from .store.history import History
    from .validate import printable

    if not text or not text.strip():
        raise MissingInput(t("reply_empty"))
    text = validate.text(text, "message")
    history = History()
    entry = history.get(ticket_id)
    verdict = assess(_check_reply(text, entry, None))
    _enforce(verdict, force, errors_key="reply_rule_errors", insult_key="reply_polite_blocks")
    backend, used = _channel(entry, profile)
    if backend is None:
        raise _no_channel(used)
    files = [Path(check_attachment(a, used.max_attachment_bytes)) for a in attachments]
    with backend:
        try:
            answer = backend.follow_up(Receipt.from_dict(entry["receipt"]), text, [Attachment(p.name, p) for p in files],
                                       str(uuidlib.uuid4()), subject=entry.get("subject", ""))
        except DeliveryFailure as exc:
            raise DeliveryError(exc.message) from None
    answer = {k: printable(v, 500, one_line=True) if isinstance(v, str) else v for k, v in answer.items()}  # the desk's words
    sent = {"at": now_iso(), "id": printable(answer.get("id", ""), RECEIPT_LIMITS["id"], one_line=True), "text": text, "attachments": [p.name for p in files]}
    if verdict.errors:
        sent["overrides"] = list(verdict.errors)
    entry.setdefault("replies", []).append(sent)
    history.save(entry)
    return Replied(entry["uuid"], backend.name, answer, verdict)
