"""error-text: an error by its words, not only its number; "I get an error" needs the text."""

import pytest

from ticketcli.rules import check


def fires(text, **kw):
    kw.setdefault("type", "other")
    return "error-text" in {f.rule for f in check(text, **kw).findings}


@pytest.mark.parametrize("text", [
    "При входе в личный кабинет выскакивает ошибка 401.",
    "The Bat! ругается: код ошибки 10053, письма не уходят.",
    "FileZilla отваливается с ошибкой 530, логин верный.",
    "Webmail gives me error 0x80004005 on login.",
    "Outlook: 0x8004010F. What does it mean?",
    "Сайт выдаёт 500-ю ошибку после обновления плагина.",
    "I keep getting a 403 error on the admin page.",
    "Получаю код 7 при загрузке файла.",
    "The site returns 502 since noon.",
    "Импорт упал с ошибкой #1064, а второй раз прошёл.",
    "Письма возвращаются с ошибкой доставки.",  # "with an error" that names no words of it
    "The import fails with an error about memory.",
    # mentioned without any text
    "После переноса сайт выдает какую-то ошибку, не запомнил какую.",
    "When I open the checkout I get an error and the page stops.",
    "Thunderbird shows an error every time I press Send.",
    "Ошибка выскакивает постоянно, что делать?",
])
def test_fires(text):
    assert fires(text)


@pytest.mark.parametrize("text", [
    "Browser says \"404 Not Found — nginx\" for every product page.",
    "Сайт показывает «503 Service Unavailable» уже час.",
    "Outlook: 0x800CCC0F — Соединение с сервером было прервано.",
    "Ответ сервера: 550 5.1.1 <ivan@ferma-pro.ru>: Recipient address rejected: User unknown",
    "Chrome: ERR_CERT_DATE_INVALID on the checkout page.",
    "Firefox пишет SSL_ERROR_BAD_CERT_DOMAIN при входе.",
    "phpMyAdmin: #1045 - Access denied for user 'shop'@'localhost'",
    "Ошибка: Не удаётся установить соединение с сервером.",
    "Error: Could not connect to SMTP host.",
    "Почта пишет, что ящик переполнен, хотя там пусто.",
    "Ошибок нет, просто страница грузится минуту.",  # no error at all
    "No error message, the page is just blank.",
    "It doesn't show any error, the mail simply never arrives.",
    "Никаких ошибок не выдаёт, письма просто пропадают.",
    "Порт 587, шифрование STARTTLS, сервер smtp.ferma-pro.ru.",  # numbers that are no error codes
    "Ошибка на скриншоте во вложении.",  # the screenshot carries the text
    "Оплатил 1490 руб., номер платежа 77812.",
])
def test_passes(text):
    assert not fires(text)


@pytest.mark.parametrize("text", [
    # what real reports do: logs, code blocks and quoted lines, a message on its own line
    "When I open http://mysite-demo.ru/latest/ I get the following response:\n\n```\n502 Bad Gateway - Response Error\n```",
    "Firefox reports:\n\n> Server Not Found\n> Firefox can’t connect to the server.",
    "Getting a login failed: `IMAP Error: Login failed for demo@mail.x-demo.ru AUTHENTICATE PLAIN: Authentication failed.`",
    "my username and password return a simple error message:\n\nlogin failed\n\nThere is no remedy offered.",
    "**При отправке выходит такая ошибка**\n\nExpected response code 250 but got code \"535\", with message "
    "\"535-5.7.8 Username and Password not accepted.\"",
    "Сервак зависает и выдает в логи: Error while sending QUERY packet.",
    "[2024-06-02 10:14:33] production.ERROR: Expected response code 250 but got code 530",
    # a browser's localized page, without quotes or numbers
    "и выдает эту ошибку Не удаётся установить соединение с сайтом\nСоединение было прервано.",
    "Хром показывает: Не удаётся получить доступ к сайту.",
    "The browser says This site can’t be reached, the server IP address could not be found.",
    "Сайт в лисе выдаёт Ошибка при установлении защищённого соединения",
    # a message without any number
    "When I using company wifi it said that it could not instantiate mail function.",
    # copied right after the verb, as its capital letter shows
    "Outlook says Your outgoing (SMTP) e-mail server has reported an internal error",
    "Outlook выдает ошибку Не удается подключиться к серверу",
    "Thunderbird shows Sending of the message failed.",
    # "fails with the error <its words>", "падает с ошибкой <её текст>"
    "Сайт на WordPress падает с ошибкой Allowed memory size of 134217728 bytes exhausted",
    "The upload fails with the error Permission denied on every file.",
    # a code beside the words of a known message, or the status line of a pasted error page
    "Access denied error 1020 when opening the site.",
    "This page isn’t working\nshop-demo.ru is currently unable to handle this request.\nHTTP ERROR 500\n\nChrome",
    # where errors are written is no error
    "Можно ли посмотреть логи ошибок PHP?", "Where is the error log of my site?",
])
def test_real_report_forms_pass(text):
    assert not fires(text)


@pytest.mark.parametrize("text,subject", [
    ("Ведет ошибку 500 что не так с сервером(", "500 (Internal Server Error)"),
    ("It only responds with 502 which Cloudflare shows with its error screen.", "Bad Gateway 502"),
    ("Собственно пишет ошибку, ту, что в сабже.", "eform, SMTP Connect failed"),
    ("I am getting the error in the subject above when trying to send.", "Erreur SMTP (535) : authentication failed"),
    ("На айфоне отображается ошибка.", 'Сайт не открывается. Надпись "Вызывайте санитаров".'),
    ("Thunderbird pops up the error from the title, then nothing.", "Thunderbird: Sending of the message failed"),
])
def test_the_subject_gives_the_words(text, subject):
    assert not fires(text, subject=subject)
    assert fires(text)  # without that subject, the body alone lacks them
    assert fires(text, subject="Проблема с почтой")  # nor does a subject without an error's words


@pytest.mark.parametrize("text,subject", [
    ("Аутлук при получении почты выдает ошибку из темы.", "Ошибка 0x800CCC0E"),  # the subject has a code only
    ("Outlook stops syncing, throwing error 0x800ccc0e (always the same).", "Outlook periodically produces 0x800ccc0e"),
    ("сайт не открываеться у клиентов, пишут что ошибка какая то", "Сайт не работает"),
])
def test_still_fires(text, subject):
    assert fires(text, subject=subject)


@pytest.mark.parametrize("text", [
    "The popup shows up after login and I get an error.",  # "shows up": no message follows
    "Outlook выдаёт ошибку Outlook при отправке.",           # whose error, not its words
    "Сайт выдает в Chrome ошибку, какую — не помню.",
    "Outlook пишет «Не удаётся подключиться».\nА в Thunderbird на другом компьютере ошибка 0x800CCC0E.",
])
def test_no_words_after_the_verb(text):
    assert fires(text)


def test_code_with_text_elsewhere_is_fine():
    assert not fires('Письма возвращаются с ошибкой 554. Полный текст: "554 5.7.1 Spam message rejected".')


def test_one_code_without_text_among_others_fires():
    assert fires('Import shows "#2013 - Lost connection to MySQL server", and the API answers with error 429.')


def test_error_field_code_only_fires():
    assert fires("Outlook не отправляет письма", fields={"error": "0x800CCC0E"})
    assert fires("Site down", fields={"error": "503"})
    assert not fires("Outlook не отправляет письма",
                     fields={"error": "0x800CCC0E: не удаётся подключиться к серверу"})


def test_message_names_the_code_and_not_a_secret():
    f = [f for f in check("Сайт выдаёт ошибку 403", ui_lang="ru").findings if f.rule == "error-text"][0]
    assert "403" in f.message and f.severity == "error"
    assert f.span is not None
    en = [f for f in check("error 0x800CCC0E", ui_lang="en").findings if f.rule == "error-text"][0]
    assert "0x800CCC0E" in en.message
