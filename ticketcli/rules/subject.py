"""subject [3]: a given subject is not empty, generic, or a reply/forward marker."""

from __future__ import annotations

from .text import Doc, I, LazyRe, _lowered

#: How every REPLY match begins, after spaces, in the lower-cased subject.
_REPLY_STARTS = ("re", "fw", "aw", "wg", "sv", "vs", "tr", "rv", "antw", "отв", "перес")


def _may_be_reply(subject: str) -> bool:
    """False when REPLY cannot match: a plain subject (see text.ODD_CASE), lower-cased, that
    does not start (after whitespace: \\s and str.strip agree) with one of _REPLY_STARTS."""
    low, plain = _lowered(subject)
    return not plain or low.lstrip().startswith(_REPLY_STARTS)


REPLY = LazyRe(
    r"^\s*(?:re|fwd?|fw|aw|wg|sv|vs|tr|rv|antw|ответ|отв|пересл\w*|переслано|пересылка"
    r")\s*(?:\[\d+\]|\(\d+\))?\s*:", I, guard=(":",), precheck=_may_be_reply)

# Words that carry no information about the problem. A subject made only of these
# (plus punctuation, numbers and ticket references) is generic.
_GENERIC = """
help помощь помогите помоги помочь sos срочно срочная срочный urgent urgently asap important
важно важный вопрос вопросы question questions problem problems issue issues проблема проблемы
проблем трабл не работает работает не работают doesn t doesnt does not work working works
broken сломалось сломалось error ошибка ошибки fail fails failed support поддержка техподдержка
request запрос заявка заявки обращение ticket тикет please пожалуйста plz pls hello hi hey
здравствуйте привет добрый день вечер утро good morning afternoon evening again снова опять
still все всё ничего nothing anything something что то что-то case дело need нужна нужно
нужен срочно! the a an my мой моя у меня me i and и or или with с по about on in в на to for
re fwd number номер no ещё еще one more another другой other new новый новая новое
ваш ваша ваше ваши вашей вашего your yours наш наша наше наши our
"""
GENERIC_WORDS = frozenset(_GENERIC.split())


# A single service area with nothing about the problem ("Почта", "Проблема с сайтом", "Mail
# issue") is as generic: every ticket about that area could carry it.
_AREAS = """
почта почты почте почту почтой почтовый mail email e-mail emails mails сайт сайта сайте сайтом
site website сайты домен домена доменом домене domain хостинг хостинга хостингом hosting
сервер сервера server ящик ящика ящиком mailbox
"""
AREA_WORDS = frozenset(_AREAS.split())


# Words after which a number is an error's code ("Error 503", "ошибка 500"): the code says which
# problem it is, where a bare number ("Re: ticket 44812") does not.
_CODE_WORDS = frozenset("error ошибка ошибки ошибку code код http".split())


def is_generic(subject: str) -> bool:
    from .polite import is_rude  # noqa: PLC0415

    words = Doc(subject).lows
    content = []
    for i, w in enumerate(words):
        if w.isdigit():
            if len(w) >= 3 and i and words[i - 1] in _CODE_WORDS:
                content.append(w)
            continue
        if w in GENERIC_WORDS or is_rude(w):
            continue  # a swear word says nothing about the problem ("Говняный сервер")
        content.append(w)
    return not content or (len(content) == 1 and content[0] in AREA_WORDS)


def check(t):
    s = t.subject
    if s is None:
        return None
    if not s.strip():
        return t.finding("subject", "subject.empty", field="subject")
    if REPLY.search(s):
        return t.finding("subject", "subject.reply", field="subject", subject=s.strip())
    if is_generic(s):
        return t.finding("subject", "subject.generic", field="subject", subject=s.strip())
    return None
