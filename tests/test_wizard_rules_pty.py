"""The rules in the wizard, through a real pseudo-terminal: fixes offered as answers come in."""

from __future__ import annotations

import json

from test_wizard_pty import CTRL_C, DOWN, ENTER, answer, finish, outbox_ticket, spawn


def test_please_rewrite_is_offered_and_applied(ticket_home):
    child = spawn(ticket_home, "new", "--type", "other", "--contract", "12-345", lang="ru_RU.UTF-8")
    answer(child, "Опишите ваш вопрос", "Можете ли вы продлить домен example.ru на год?" + ENTER)
    child.expect("please")
    child.expect("Пожалуйста, продлите домен example.ru на год.")
    answer(child, "Заменить текст на этот", ENTER)  # yes
    answer(child, "Тема", ENTER)
    answer(child, "Что дальше", ENTER)
    child.expect("в исходящих")
    assert finish(child) == 0
    record, _ = outbox_ticket(ticket_home)
    assert record["description"] == "Пожалуйста, продлите домен example.ru на год."


def test_two_questions_are_split_into_two_drafts(ticket_home):
    child = spawn(ticket_home, "new", "--type", "mail", "--contract", "12-345")
    answer(
        child, "What happens",
        "Outlook stopped sending mail from a@example.ru since Monday. Another question: how do I change my tariff to Business?" + ENTER,
    )
    child.expect("one-question")
    answer(child, "Split it", ENTER)  # yes
    child.expect("Text of the second question")
    child.expect("tariff")  # the second question is proposed
    child.send(ENTER)
    child.expect(r"The second question is draft (\w+)")
    second_id = child.match.group(1)
    # the first ticket goes on: what its text says is offered pre-filled (the sender: a program;
    # the mailbox), one Enter each
    answer(child, "Who sends", ENTER)
    child.expect("From your description: a@example.ru")
    answer(child, "Which mailbox", ENTER)
    child.expect("Which mail program")
    child.send(CTRL_C)
    assert finish(child) == 130

    drafts = {p.stem[:8]: json.loads(p.read_text()) for p in (ticket_home / "drafts").glob("*.json")}
    assert len(drafts) == 2
    second = drafts[second_id]
    first = next(d for k, d in drafts.items() if k != second_id)
    assert "tariff" in second["description"] and "tariff" not in first["description"]
    assert "Outlook stopped sending" in first["description"]
    assert second["contract"] == "12-345" and second["subject"] and second["subject"] != first.get("subject")


def test_insulting_ticket_is_not_sent_until_rephrased(ticket_home):
    child = spawn(ticket_home, "new", "--type", "other", "--contract", "12-345", lang="ru_RU.UTF-8")
    answer(child, "Опишите ваш вопрос", "Вы там совсем идиоты? Верните деньги за ноябрь." + ENTER)
    child.expect("polite")
    child.expect("«идиоты»")  # the words that count as rude are named
    answer(child, "Переформулируйте", ENTER)  # keeps the text as it is: not an answer
    child.expect("Текст не изменился")
    answer(child, "Переформулируйте", "\x15" + "Пожалуйста, верните деньги за ноябрь на баланс договора." + ENTER)
    answer(child, "Тема", ENTER)
    answer(child, "Что дальше", ENTER)
    child.expect("в исходящих")
    assert finish(child) == 0
    record, _ = outbox_ticket(ticket_home)
    assert record["description"] == "Пожалуйста, верните деньги за ноябрь на баланс договора."
    assert record["overrides"] == []


def test_error_code_alone_is_asked_again_then_override_is_recorded(ticket_home):
    child = spawn(
        ticket_home, "new", "--type", "mail", "--contract", "1-1", "--description", "Since today Outlook does not send.",
        "--field", "mailbox=a@example.ru", "--field", "client=outlook", "--field", "direction=sending", "--field", "worked_before=yes",
    )
    answer(child, "Which error does the program", ENTER)  # type it
    answer(child, "The error's text", "0x800CCC0E" + ENTER)
    child.expect("error-text")
    answer(child, "Which error does the program", ENTER)  # keeps the code (offered as the answer given)
    answer(child, "File to attach", ENTER)
    answer(child, "Subject", ENTER)
    answer(child, "What next", ENTER)  # Send
    child.expect("1 problem will make the desk ask back")
    child.send(DOWN + ENTER)  # Send anyway
    child.expect("is in the outbox")
    assert finish(child) == 0
    record, _ = outbox_ticket(ticket_home)
    assert record["overrides"] == ["error-text"]


def test_force_sends_rule_errors_without_asking_and_records_them(ticket_home):
    child = spawn(
        ticket_home, "new", "--type", "mail", "--contract", "1-1", "--description", "Since today Outlook does not send.",
        "--field", "mailbox=a@example.ru", "--field", "client=outlook", "--field", "direction=sending", "--field", "worked_before=yes",
        "--force",
    )
    answer(child, "Which error does the program or the site show", ENTER)  # type it
    answer(child, "The error's text", "0x800CCC0E" + ENTER)
    child.expect("error-text")
    answer(child, "Which error does the program or the site show", ENTER)  # keeps the code
    answer(child, "File to attach", ENTER)
    answer(child, "Subject", ENTER)
    answer(child, "What next", ENTER)  # Send: the findings are shown, nothing more is asked
    index = child.expect(["is in the outbox", "will make the desk ask back"])
    assert index == 0
    assert finish(child) == 0
    record, _ = outbox_ticket(ticket_home)
    assert record["overrides"] == ["error-text"]


def test_force_never_sends_an_insult_from_the_wizard(ticket_home):
    # the description cannot stay rude (it is asked again until rephrased): a rude subject given
    # on the command line reaches "Send"
    child = spawn(ticket_home, "new", "--type", "other", "--contract", "12-345", "--force", "--subject", "Идиоты, верните деньги",
                  "--description", "Пожалуйста, верните деньги за ноябрь.", lang="ru_RU.UTF-8")
    answer(child, "Что дальше", ENTER)  # Send
    child.expect("Заявка невежлива")  # asked even with --force: an insult is never overridden
    assert child.expect(["Всё равно отправить", "Назад"]) == 1
    child.send(DOWN + ENTER)  # Back
    answer(child, "Что дальше", DOWN * 4 + ENTER)  # Save as draft and quit
    child.expect("ticket resume")
    assert finish(child) == 0
    assert not (ticket_home / "outbox").exists()
    [draft] = list((ticket_home / "drafts").glob("*.json"))
    assert json.loads(draft.read_text())["overrides"] == []
