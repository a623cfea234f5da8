"""subject: not empty, not generic, not a reply/forward; not evaluated without a subject."""

import pytest

from ticketcli.rules import check

BODY = "Договор № 12-345. Сайт пример.рф отдаёт «502 Bad Gateway» в Chrome, провайдер Билайн."


def fires(subject):
    return "subject" in {f.rule for f in check(BODY, subject=subject).findings}


@pytest.mark.parametrize("subject", [
    "", "   ", "Помогите", "HELP!!!", "Вопрос", "проблема", "Не работает", "urgent", "СРОЧНО!!!",
    "Re: Заявка №5512", "RE: ticket 991", "Fwd: письмо", "FW: invoice", "Ответ: ваш вопрос",
    "Отв: проблема", "Пересл: отчёт", "Problem", "Question about something", "Issue",
    "Заявка №123", "Ticket #55", "help me please", "Срочно нужна помощь!",
    # a swear word or a possessive says nothing about the problem
    "Говняный сервер", "ваша почта говно", "Your crappy hosting", "Email issue",
])
def test_fires(subject):
    assert fires(subject)


@pytest.mark.parametrize("subject", [
    "Сайт пример.рф: 502 Bad Gateway с 10:00",
    "Thunderbird cannot send from office@example.org",
    "Не уходят письма с info@ferma-pro.ru",
    "Renew domain bakery-demo.net",
    "Повторно: форма заказа не отправляется",
    "Request to change the contact e-mail",
    "Ошибка SSL на checkout",
    "Error 503", "Ошибка 500",  # the code says which error
    "Проблем с регистрацией",
])
def test_specific_subject_passes(subject):
    assert not fires(subject)


def test_not_evaluated_without_subject():
    assert "subject" not in {f.rule for f in check(BODY).findings}
    assert "subject" not in {f.rule for f in check(BODY, subject=None).findings}


def test_finding_concerns_subject_field():
    f = [f for f in check(BODY, subject="Re: old", ui_lang="ru").findings if f.rule == "subject"][0]
    assert f.field == "subject" and f.severity == "error"
    assert "Re:" in f.suggestion or "нов" in f.suggestion
