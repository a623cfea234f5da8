"""The problem-type definitions: one source for the wizard, --field flags, JSON and checks."""

import pytest

from ticketcli.errors import UsageError
from ticketcli.message import propose_subject
from ticketcli.model import Ticket
from ticketcli.problems import TYPES, get_type


def test_required_types_exist():
    assert {"site-access", "mail", "domain", "hosting", "ssl", "account-change", "other"} <= set(TYPES)


def test_field_keys_are_the_documented_interface():
    assert get_type("site-access").field_keys() == ["url", "browser", "error", "isp", "since", "tried"]
    assert get_type("mail").field_keys() == ["sender", "mailbox", "client", "site_mailer", "recipient", "direction",
                                              "worked_before", "error"]
    assert [c.value for c in get_type("mail").question("sender").choices] == ["program", "site"]
    assert [c.value for c in get_type("mail").question("direction").choices] == ["sending", "receiving", "both"]
    assert [c.value for c in get_type("mail").question("worked_before").choices] == ["yes", "no"]


def test_mail_asks_who_sends_then_that_senders_questions():
    mail = get_type("mail")
    asked = lambda answers: [q.key for q in mail.questions if q.applies(answers)]  # noqa: E731
    common = ["worked_before", "error"]
    program = ["sender", "mailbox", "client", "direction", *common]
    assert asked({"sender": "program"}) == program
    assert asked({}) == program  # not said: a mail program, as every mail ticket was before the question
    assert asked({"sender": "site"}) == ["sender", "site_mailer", "recipient", *common]
    assert mail.missing({"sender": "site"}) == ["site_mailer", "recipient", "worked_before", "error"]
    assert mail.missing({}) == ["mailbox", "client", "direction", "worked_before", "error"]
    sender = mail.question("sender")
    assert sender.validate("сайт") == "site" and sender.validate("Webmail") == "program"
    assert mail.question("site_mailer").validate("форма") == "contact form"
    assert mail.question("site_mailer").validate("WordPress + CF7") == "WordPress + CF7"  # free text allowed


def test_site_mail_subject_says_what_does_not_send_in_both_languages():
    ticket = Ticket(type="mail", lang="ru", domain="ромашка.рф",
                    fields={"sender": "site", "site_mailer": "contact form", "recipient": "zakaz@ромашка.рф"})
    assert propose_subject(ticket) == "ромашка.рф: форма обратной связи не отправляет письма"
    ticket.lang = "en"
    assert propose_subject(ticket) == "ромашка.рф: the contact form does not send mail"
    ticket.fields["site_mailer"] = "WordPress"
    assert propose_subject(ticket) == "ромашка.рф: WordPress does not send mail"
    no_host = Ticket(type="mail", lang="ru", contract="1-1", fields={"sender": "site", "site_mailer": "script",
                                                                     "recipient": "a@shop.ru"})
    assert propose_subject(no_host) == "a@shop.ru: скрипт сайта не отправляет письма"


@pytest.mark.parametrize("ptype", list(TYPES.values()), ids=list(TYPES))
def test_every_text_is_bilingual(ptype):
    texts = [ptype.title, ptype.summary, ptype.description_prompt]
    for q in ptype.questions:
        texts += [q.prompt, q.label] + ([q.help] if q.help else [])
        texts += [c.label for c in q.choices]
    for text in texts:
        assert set(text) == {"ru", "en"} and all(v.strip() for v in text.values()), text


def test_choice_answers_accept_labels_and_aliases_in_both_languages():
    direction = get_type("mail").question("direction")
    assert direction.validate("отправка") == "sending"
    assert direction.validate("Receiving") == "receiving"
    with pytest.raises(UsageError, match="sending, receiving, both"):
        direction.validate("sometimes")
    browser = get_type("site-access").question("browser")
    assert browser.validate("firefox") == "Mozilla Firefox"
    assert browser.validate("Vivaldi 6.5") == "Vivaldi 6.5"  # free text allowed


def test_unknown_field_names_the_known_ones():
    with pytest.raises(UsageError, match="url, browser, error, isp, since, tried"):
        get_type("site-access").question("colour")


def test_unknown_type_lists_types():
    with pytest.raises(UsageError, match="site-access"):
        get_type("printer")


def test_mail_subject_is_specific_in_both_languages():
    ticket = Ticket(type="mail", lang="ru", contract="12-345", fields={"mailbox": "info@shop.ru", "client": "Microsoft Outlook", "direction": "receiving"})
    ru = propose_subject(ticket)
    assert "info@shop.ru" in ru and "не приходит почта" in ru and "Outlook" in ru
    ticket.lang = "en"
    assert propose_subject(ticket) == "info@shop.ru: mail does not arrive in Microsoft Outlook"


def test_site_subject_carries_host_and_error():
    ticket = Ticket(type="site-access", lang="en", domain="пример.рф", fields={"url": "https://пример.рф/admin", "error": "502 Bad Gateway", "browser": "Safari"})
    assert propose_subject(ticket) == 'пример.рф: "502 Bad Gateway" in Safari'


def test_other_subject_falls_back_to_the_first_sentence_not_a_generic_word():
    ticket = Ticket(type="other", lang="ru", contract="77-1", description="Нужен акт сверки за 2026 год. Спасибо!")
    assert propose_subject(ticket) == "договор 77-1: Нужен акт сверки за 2026 год"


def test_long_error_is_shortened_in_subject():
    ticket = Ticket(type="site-access", lang="en", domain="example.ru", fields={"error": "x" * 300, "browser": "Opera"})
    subject = propose_subject(ticket)
    assert len(subject) < 120 and subject.endswith("in Opera")


def test_subject_names_an_ip_address_host_too():
    ticket = Ticket(type="site-access", lang="en", contract="1", fields={"url": "http://192.0.2.10:8080/admin", "error": "Connection refused", "browser": "Opera"})
    assert propose_subject(ticket) == '192.0.2.10: "Connection refused" in Opera'
