"""screenshot: a picture is referred to (or the error can't be copied) but nothing is attached."""

import pytest

from ticketcli.rules import check


def finding(text, **kw):
    fs = [f for f in check(text, type="other", **kw).findings if f.rule == "screenshot"]
    return fs[0] if fs else None


@pytest.mark.parametrize("text", [
    "Ошибку не получается скопировать, она исчезает.",
    "Текст ошибки видно на скриншоте.",
    "Прикладываю скрин с ошибкой.",
    "See the attached screenshot for the message.",
    "I can't copy the error text, it is in a popup.",
    "Ошибка на картинке ниже.",
    "Screen capture of the error attached.",
])
def test_warns_without_attachment(text):
    f = finding(text)
    assert f is not None and f.severity == "warning" and f.field == "attachments"


@pytest.mark.parametrize("text", [
    "Текст ошибки видно на скриншоте.",
    "I can't copy the error text, it is in a popup.",
])
def test_attachment_satisfies(text):
    assert finding(text, attachments=["error.png"]) is None


@pytest.mark.parametrize("text", [
    "Ошибка: «Не удаётся подключиться к серверу».",
    "Images on the gallery page do not load.",               # pictures of the site, not of the error
    "В приложении «Почта» на iPhone не обновляются письма.",  # an app, not an attachment
])
def test_no_reference(text):
    assert finding(text) is None
