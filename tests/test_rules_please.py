"""please: an action asked as a question about ability → a direct request."""

import pytest

from ticketcli.rules import check


def finding(text, **kw):
    fs = [f for f in check(text, type="other", **kw).findings if f.rule == "please"]
    return fs[0] if fs else None


@pytest.mark.parametrize("text,wanted", [
    ("Можете ли вы перезапустить сервер?", "Пожалуйста, перезапустите сервер."),
    ("Не могли бы вы проверить почтовый ящик?", "Пожалуйста, проверьте почтовый ящик."),
    ("Вы не могли бы продлить домен ещё на год?", "Пожалуйста, продлите домен ещё на год."),
    ("Можно ли восстановить сайт из копии за понедельник?", "Пожалуйста, восстановите сайт из копии за понедельник."),
    ("Есть возможность посмотреть логи за вчера?", "Пожалуйста, посмотрите логи за вчера."),
    ("Сможете ли вы поменять PHP на 8.1?", "Пожалуйста, поменяйте PHP на 8.1."),
    ("Нельзя ли разблокировать ящик?", "Пожалуйста, разблокируйте ящик."),
    ("Можете настроить редирект на https?", "Пожалуйста, настройте редирект на https."),
    ("Can you restart the server?", "Please restart the server."),
    ("Could you please unblock my IP address?", "Please unblock my IP address."),
    ("Would you be able to extend the trial by a week?", "Please extend the trial by a week."),
    ("Is it possible to raise the upload limit to 256 MB?", "Please raise the upload limit to 256 MB."),
    ("Can this be fixed today?", "Please fix this today."),
    ("Can my mailbox be restored?", "Please restore my mailbox."),
    ("Would you mind checking the MX records?", "Please check the MX records."),
    ("Is there a way to get last week's backup?", "Please provide last week's backup."),
    ("Можно ли это исправить до вечера?", "Пожалуйста, исправьте это до вечера."),
    ("Можете ли вы проверить и исправить настройки, пожалуйста?", "Пожалуйста, проверьте и исправьте настройки."),
])
def test_rewrites_request(text, wanted):
    f = finding(text, ui_lang="ru" if text[0] > "z" else "en")
    assert f is not None, text
    assert wanted in f.suggestion
    assert f.replacement == wanted
    assert f.severity == "warning"


@pytest.mark.parametrize("text", [
    "Можно ли самому поменять DNS-записи в панели, или только через вас?",   # information
    "Можно ли оплатить хостинг с карты юрлица?",                             # the client's own action
    "Is it possible to host a Node.js app on your shared plan?",            # a feature question
    "Can I move the domain to another registrar myself?",
    "What does error 0x800CCC0E mean?",
    "Почему сайт открывается медленно?",
    "I'd appreciate it if you could look at the logs.",                      # already a request
    "Буду признателен, если сможете проверить настройки.",
    "Пожалуйста, перезапустите сервер.",
    "Please restart the server.",
    "Мы можем сами обновить PHP?",
    "You can reach me by phone.",
    "Can you tell me what this error means?",                               # a question for information
    "Не могли бы вы подсказать, где в панели настройки DNS?",
])
def test_not_please(text):
    assert finding(text) is None


def test_replacement_rewrites_only_the_question():
    text = "Добрый день! Договор 12-345.\nНе могли бы вы включить SSL для пример.рф? Спасибо."
    f = finding(text, ui_lang="ru")
    assert f.replacement == "Добрый день! Договор 12-345.\nПожалуйста, включите SSL для пример.рф. Спасибо."
    a, b = f.span
    assert text[a:b] == "Не могли бы вы включить SSL для пример.рф?"


def test_greeting_before_the_question_is_kept():
    f = finding("Hi, could you add an MX record for example.org?")
    assert f.replacement == "Hi, please add an MX record for example.org."


def test_messages_in_both_languages():
    ru = finding("Can you restart the server?", ui_lang="ru")
    en = finding("Можете ли вы перезапустить сервер?", ui_lang="en")
    assert "просьб" in ru.message.lower()
    assert "request" in en.message.lower()
