"""secret: passwords, tokens, private keys and Luhn-valid card numbers are redacted."""

import pytest

from ticketcli.rules import check, redact_secrets

PEM_KEY = ("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAx8dFzq3kq0wZ7m9bXfakefakefakefake\n"
           "Q2h1bmtzT2ZOb3RBUmVhbEtleUF0QWxsSnVzdEZvclRlc3Rz\n-----END RSA PRIVATE KEY-----")


def finding(text, **kw):
    fs = [f for f in check(text, type="other", **kw).findings if f.rule == "secret"]
    return fs[0] if fs else None


SECRETS = [
    ("Логин u771, пароль Zx81!qwe — сайт не пускает.", "Zx81!qwe"),
    ("пароль от ящика: Lesnik1977", "Lesnik1977"),
    ("Пароль — vasilek_2020, проверьте.", "vasilek_2020"),
    ("My password is Hunter#42 and it stopped working.", "Hunter#42"),
    ("password: correcthorsebattery", "correcthorsebattery"),
    ("pwd=S3cr3tPass for the FTP user", "S3cr3tPass"),
    ("Access key AKIAZ3MEXAMPLEKEY9Q7 is in the config.", "AKIAZ3MEXAMPLEKEY9Q7"),
    ("token ghp_Zq8xY1mN4pQ7rS2tU5vW8xY1zA4bC7dE0fG3 leaked?", "ghp_Zq8xY1mN4pQ7rS2tU5vW8xY1zA4bC7dE0fG3"),
    ("Slack hook token xoxb-2048-4096-AbCdEfGhIjKlMnOp", "xoxb-2048-4096-AbCdEfGhIjKlMnOp"),
    ("JWT: eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk",
     "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.dBjftJeZ4CVPmB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
    ("API key: 9b1d3f7e2a8c4b6d0e5f1a3c7b9d2e4f", "9b1d3f7e2a8c4b6d0e5f1a3c7b9d2e4f"),
    ("Вот строка доступа Xk9pL2mQ7vR4tZ8wN1bC6yH3jF5dS0aG, она не работает.", "Xk9pL2mQ7vR4tZ8wN1bC6yH3jF5dS0aG"),
    ("Ключ:\n" + PEM_KEY + "\nподходит ли он?", "MIIEowIBAAKCAQEAx8dFzq3kq0wZ7m9bXfakefakefakefake"),
]


@pytest.mark.parametrize("text,secret", SECRETS)
def test_secret_found_and_redacted(text, secret):
    f = finding(text, ui_lang="ru")
    assert f is not None and f.severity == "error"
    assert secret not in f.message
    assert secret not in f.suggestion
    assert secret not in f.replacement
    assert secret not in redact_secrets(text)
    assert "[REDACTED" in redact_secrets(text)


@pytest.mark.parametrize("card", ["5555 5555 5555 4444", "4012-8888-8888-1881", "4111111111111111", "2200 0000 0000 0004"])
def test_luhn_valid_card(card):
    text = f"Списали дважды с карты {card}, верните деньги."
    f = finding(text)
    assert f is not None
    assert card not in f.replacement
    assert card[-4:] in f.replacement
    assert "****" in redact_secrets(text)


@pytest.mark.parametrize("text", [
    "Номер платежа 1234 5678 9012 3450, сумма 990 руб.",       # 16 digits, Luhn fails
    "Order 4111 1111 1111 1112 was charged twice.",
    "Пароль ******** (ввожу верно), логин admin.",               # masked
    "Password: •••••••• — it is correct.",
    "Пароль не меняли, а войти не можем.",
    "Please reset the password and send it to the contact address.",
    "Outlook просит пароль для ящика ivan@ferma-pro.ru.",
    "The password you entered is incorrect.",
    "Commit a94a8fe5ccb19ba61c4c0873d391e987982fbbd3 broke the theme.",  # hex hash without a keyword
    "Телефон +7 912 345 67 89, договор 55-120.",
    "Message-ID: <20240312.4471@mail.ferma-pro.ru>",
])
def test_not_secret(text):
    assert finding(text) is None


def test_redaction_keeps_the_rest():
    text = "Логин admin, пароль Qwerty123! Сайт пример.рф"
    assert redact_secrets(text) == "Логин admin, пароль [REDACTED] Сайт пример.рф"
    assert redact_secrets("Карта 4111 1111 1111 1111.") == "Карта **** **** **** 1111."
    assert redact_secrets("ничего секретного") == "ничего секретного"


def test_message_names_the_kind():
    f = finding("Card 4111 1111 1111 1111, password Tiger!77", ui_lang="en")
    assert "card" in f.message and "password" in f.message
    assert "4111 1111 1111 1111" not in f.message + f.suggestion
    assert "Tiger!77" not in f.message + f.suggestion
