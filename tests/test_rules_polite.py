"""polite: insults and profanity (error), shouting (warning); polite criticism is fine."""

import pytest

from ticketcli.rules import check


def finding(text, **kw):
    fs = [f for f in check(text, type="other", **kw).findings if f.rule == "polite"]
    return fs[0] if fs else None


@pytest.mark.parametrize("text", [
    "Ваша поддержка просто бесполезна, третий день жду.",
    "Админы у вас криворукие, опять всё сломали.",
    "Что за х**ня с почтой?",
    "Это п***ц, а не хостинг.",
    "Нахрена вы отключили сайт?",
    "Вы там все идиоты?",
    "Your support is useless and slow.",
    "This f***ing server is down again.",
    "What the hell, this is bullshit.",
    "Your engineers are clowns.",
    "You guys are a joke.",
    "wtf is wrong with the mail",
    # masked: a run of marks read as the letters it hides, wherever it stands in the word
    "Вы там совсем охр*нели?",
    "Нах*р такой хостинг нужен.",
    "Б..ть, опять ничего не открывается.",
    "Какого х*** письма не приходят?",
    "Your s**t server is down.",
    # rude adjectives
    "Говняный сервер у вас.",
    "Опять этот долбаный хостинг лежит.",
    "Сраный сервис, третий день без почты.",
    "Это лохотрон, а не хостинг.",
])
def test_insult_is_error(text):
    f = finding(text)
    assert f is not None and f.severity == "error"


@pytest.mark.parametrize("text", [
    "САЙТ НЕ РАБОТАЕТ УЖЕ ТРЕТИЙ ДЕНЬ!!!",
    "Договор 12-345. ПОЧЕМУ НИКТО НЕ ОТВЕЧАЕТ?",
    "FIX MY WEBSITE RIGHT NOW. Contract 4711.",
])
def test_shouting_is_warning(text):
    f = finding(text)
    assert f is not None and f.severity == "warning"
    assert f.span is not None


@pytest.mark.parametrize("text", [
    "Честно говоря, я немного разочарован скоростью ответа.",
    "I'm a bit disappointed by the response time, but thanks for the help.",
    "Это уже третий сбой за месяц, надеюсь, причину найдут.",
    "Sorry for the stupid question, but where is the DNS editor?",
    "Ошибка ERR_CONNECTION_TIMED_OUT в Chrome.",           # capitals of an error constant
    "Записи: MX 10 mx.example.org, TXT v=spf1",             # acronyms are not shouting
    "SSL, DNS, FTP, SMTP — всё настроено по инструкции.",
    "Пароль: ******** (не менял).",                         # a masked password is not profanity
    "Удалил мусор из папки tmp на хостинге.",
    "The mail ends up in Junk and Trash folders.",
    "Письма уходят в спам, хуже стало с прошлой недели.",
    "The site is down AGAIN. Please check.",                # one word in capitals is not a shouted sentence
    "Hi, contract #A-17. The invoice is missing.",          # a number sign is no mask
    "Ок... ладно, подождём.",
    "Ну вы блин даёте, третий раз за месяц.",               # a euphemism, not profanity
    "Сайт ***.ru не открывается.",                          # a masked domain
    "Scam emails are sent from your server to our clients.",
    "This page isn’t working\nshop-demo.ru is currently unable to handle this request.\nHTTP ERROR 500",
])
def test_polite(text):
    assert finding(text) is None


def test_shouting_suggestion_in_normal_case():
    f = finding("ПОЧЕМУ НЕ РАБОТАЕТ ПОЧТА?", ui_lang="ru")
    assert "Почему не работает почта?" in f.suggestion


def test_an_error_status_line_in_the_subject_is_no_shouting():
    assert finding("Chrome, Comcast.", subject="HTTP ERROR 500") is None


def test_subject_in_capitals_warns():
    f = finding("Договор 12-345, сайт пример.рф.", subject="СРОЧНО ПОЧИНИТЕ САЙТ")
    assert f is not None and f.severity == "warning" and f.field == "subject"
