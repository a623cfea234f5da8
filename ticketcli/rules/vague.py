"""vague [5]: "something does not work" with no concrete detail.

A ticket is vague when it reports a malfunction and none of the details an operator
would otherwise ask for is there: the error's text, a program, a specific page or part
of the site, a symptom beyond "doesn't work", what happened before it started, a device
or network it does or does not happen on, or (for mail) what fails. A contract number,
a bare domain, an error code or "since yesterday" alone do not count; an Internet
provider or an exact time count half.
"""

from __future__ import annotations

from . import mail
from .lexicons import BROWSER_TYPO
from .text import IX, AnyRe, LazyRe, Lexicon

# "Something does not work": the alternation of these patterns (only whether one matches
# counts). Each is compiled and searched only when the ones before found nothing and its guard
# (words that every match of it contains) is in the text.
MALFUNCTION = AnyRe(
    LazyRe(r"""
    \bпроблем\w* | \bошибк\w* | \bнедоступ\w* | \bперестал\w* | \bупал[аои]?\b | \bпада[ею]т\b | \bвылета\w* | \bглючит\b
  | \bлежит\b | \bлежат\b | \bлег\b | \bлёг\b | \bсломал\w* | \bглюч\w* | \bсбо[йияе]\w* | \bбеда\b | \bбарахл\w* | \bкосяч\w*
  | \bглюка\w* | \bпочините\b | \bисправьте\s+(?:это|уже)\b | \bсделайте\s+что-?\s*(?:нибудь|то)\b
""", IX, guard=("проблем", "ошибк", "недоступ", "перестал", "упал", "пада", "вылета", "глюч", "леж", "лег", "лёг", "сломал",
                "сбо", "беда", "барахл", "косяч", "глюка", "почините", "исправьте", "сделайте")),
    LazyRe(r"""
    \bне\s+(?:раб\w*|открыва\w*|грузит\w*|загружа\w*|приход\w*|уход\w*|отправля\w*|доход\w*|
             получа\w*|пуска\w*|доступ\w*|отвеча\w*|запуска\w*|показыва\w*|фурычит|пашет)
  | \bне\s+(?:могу|можем|получается|удается|удаётся)\s+(?:зайти|войти|открыть|отправить|получить|подключиться|попасть|загрузить)
""", IX, guard=("не",)),
    LazyRe(r"""
    \b(?:почин\w*|исправ\w*|разберитесь\s+с)\s+(?:мо\w+\s+|наш\w*\s+)?(?:почт\w*|сайт\w*|ящик\w*|хостинг\w*)
""", IX, guard=("почин", "исправ", "разберитесь")),
    LazyRe(r"""
    \bproblems?\b | \bissues?\b | \berrors?\b | \bfail\w* | \bbroken\b | \bnot\s+working | \bstopped\s+working | \boutage\b
  | \bunavailable\b | \bunreachable\b | \bdead\b
  | \bnothing\s+(?:works|is\s+working|loads|opens)\b | \bacting\s+up\b | \bplaying\s+up\b | \bmessed\s+up\b
  | \bis\s+down\b | \bwent\s+down\b | \bdown\s+again\b
  | \b(?:site|website|server|mail|e-?mail|hosting|service|it|everything|ftp|panel|shop|store)\b[^.!?\n]{0,25}?\bdown\b
  | \b(?:fix|repair)\s+(?:it|this|that)\b
  | \b(?:fix|repair|sort\s+out)\s+(?:my|our|the|this)?\s*(?:e-?mail|mail|mailbox|site|website|hosting|ftp)\b
""", IX, guard=("problem", "issue", "error", "fail", "broken", "working", "outage", "unavailable", "unreachable", "dead",
                "nothing", "acting", "playing", "messed", "down", "fix", "repair", "sort")),
    LazyRe(r"""
    \b(?:doesn'?t|does\s+not|don'?t|do\s+not|isn'?t|is\s+not|aren'?t|won'?t|can'?t|cannot|can\s+not|not|never)\s+
      (?:work\w*|load\w*|open\w*|send\w*|receiv\w*|connect\w*|access\w*|log\w*|respond\w*|com\w+|reach\w*|
         get\w*|arriv\w*|deliver\w*|sync\w*|be\s+(?:reached|accessed|opened|loaded))
""", IX, guard=("work", "load", "open", "send", "receiv", "connect", "access", "log", "respond", "com", "reach", "get",
                "arriv", "deliver", "sync")),
)

SPECIFIC_PLACE = Lexicon("detail:place", [
    "админк*", "admin panel", "admin", "wp admin", "dashboard", "панел* управлени*",
    "control panel", "личн* кабинет*", "checkout", "cart", "корзин*", "каталог*", "catalog*",
    "форм*", "form", "forms", "главн* страниц*", "homepage", "home page", "main page",
    "product page*", "страниц* входа", "login page", "поиск*", "search", "оплат* на сайте",
    "мобильн* версия", "mobile version", "картинк*", "изображени*", "images", "pictures",
    "css", "стил*", "кодировк*", "кракозябр*", "папк*", "folder", "каталоге", "файл*", "file",
    "files", "index", "htaccess", "robots", "contact form", "checkout page",
])
SYMPTOM = Lexicon("detail:symptom", [
    "медленн*", "медлен*", "долго", "тормоз*", "подвиса*", "зависа*", "slow*", "seconds", "секунд*",
    "минут*", "minutes", "redirect*", "редирект*", "перенаправл*", "переадрес*", "белый экран",
    "white screen", "blank page", "blank", "пуст* страниц*", "спам*", "spam", "bounce*",
    "возвраща*", "задерж*", "delay*", "висят", "виснет", "stuck", "timeout", "таймаут*",
    "тайм аут", "timed out", "time out", "просит пароль", "просит ввести пароль",
    "asks for password", "password prompt", "взлом*", "взломал*", "hack*", "вирус*",
    "malware", "casino", "казино", "через раз", "intermittent*", "sometimes", "иногда",
    "периодически", "periodically", "не найден*", "not found", "сертификат*", "certificat*",
    "дублир*", "duplicat*", "кодировк*", "не сохраня*", "не загружаются", "бесконечно",
    "крутится", "spinning", "loop", "цикл*", "лимит*", "limit", "квот*", "quota",
    "переполнен*", "full", "отказ*", "отклоня*", "reject*", "blocked", "блокир*",
    "заблокир*", "unblock",
])
# A request for an account action ("прошу сменить контактный e-mail", "please renew the
# domain") is not a problem report, even if it mentions that something is unavailable.
ACTION_REQUEST = LazyRe(r"""
    \b(?:прошу|просим|пожалуйста|please|kindly|нужно|need\s+to|would\s+like\s+to|хочу|хотим)\b[^.?!\n]{0,30}
    \b(?:смен\w*|измен\w*|помен\w*|продл\w*|перенес\w*|перенест\w*|перевест\w*|перевед\w*|пришл\w*|выслать|вышл\w*|
       выстав\w*|оформ\w*|подключ\w*|удал\w*|добав\w*|созда\w*|change|renew|transfer|send|issue|add|delete|remove|
       create|upgrade|downgrade|cancel|update)
""", IX)
# What happened before it started: a change ("после обновления", "after we moved the site"),
# which also says that it worked before it (mail-history uses it too), or the action it fails on.
AFTER_CHANGE = LazyRe(r"""
    \bпосле\s+(?:(?:вашего|вашей|ваших|нашего|нашей|наших|моего|моей|моих|последнего|последней|последних|недавнего|недавней|вчерашнего|вчерашней)\s+)?(?:того|обновлени\w*|установк\w*|переустановк\w*|смен\w*|перенос\w*|продлени\w*|изменени\w*|
               включени\w*|отключени\w*|переезд\w*|настройк\w*|оплат\w*|добавлени\w*|удалени\w*|замен\w*|
               перезагрузк\w*|подключени\w*|переноса|миграц\w*|перевод\w*|переход\w*|сбро\w*|восстановлени\w*|работ\w*)
  | \bafter\s+(?:i\s+|we\s+|you\s+)?(?:updat\w*|upgrad\w*|install\w*|chang\w*|migrat\w*|mov\w*|enabl\w*|
               disabl\w*|switch\w*|renew\w*|transfer\w*|add\w*|remov\w*|delet\w*|reset\w*|restor\w*|the\s+\w+|your\s+\w+)
  | \bsince\s+(?:the|your|our|my|we|i|you)\s+(?:\w+\s+)?(?:updat\w*|upgrad\w*|install\w*|chang\w*|migrat\w*|mov\w*|
               switch\w*|transfer\w*|maintenance|reset\w*|restor\w*)
""", IX, guard=("после", "after", "since"))
WHEN_DOING = LazyRe(r"""
    \bwhen\s+(?:i|we|you|users?|customers?|visitors?|clients?)\s+(?!(?:try|tried|attempt\w*|want|wanted|go|open|access|visit)\b)\w+ | \bкогда\s+(?:я|мы|пользовател\w*|клиент\w*|захож\w*|открыва\w*|нажима\w*)
  | \bпри\s+(?:входе|попытке|открытии|отправке|получении|загрузке|оплате|оформлении|нажатии|переходе|импорте|экспорте)
""", IX, guard=("when", "когда", "при"))
# both, as one pattern (one search where most texts have neither)
CAUSE = LazyRe(AFTER_CHANGE.pattern + " | " + WHEN_DOING.pattern, IX, guard=AFTER_CHANGE.guard + WHEN_DOING.guard)
# it works somewhere: "but works fine on my laptop", "а с компьютера открывается"
CONTRAST = LazyRe(r"""
    \b(?:but|while|whereas|although|however)\b[^.!?\n]{0,60}?\b(?:works?|working|loads?|opens?|fine|ok|okay)\b
  | \b(?:works?|working|loads?|opens?)\s+(?:fine|ok|okay|normally|well)\b | \bfine\s+(?:on|from|in)\b
  | \b(?:а|но|хотя|зато)\b[^.!?\n]{0,60}?(?:работает|открывается|открываются|грузится|загружается|нормально|норм\b|в\s+порядке|ок\b)
  | \bвс[её]\s+(?:нормально|работает|открывается|ок\b)
""", IX, guard=("work", "load", "open", "fine", "ok", "работает", "открывает", "грузится", "загружается", "нормально", "норм",
                "порядке", "ок"))
# what the client already tried: "tried on two computers", "пробовали перезагрузить роутер"
TRIED = LazyRe(r"\b(?:tried|пробовал\w*|попробовал\w*|cleared|очистил\w*|перезагрузил\w*|restarted|rebooted)\b", IX)
CLOCK = LazyRe(r"\b\d{1,2}[:.]\d{2}\b|\b\d{1,2}\s*(?:am|pm)\b|\bв\s+\d{1,2}\s+(?:утра|вечера|часов)", IX)


def details(t):
    """The details the ticket gives, as their weights (1: a detail, 0.5: half of one), the
    cheap ones first."""
    from . import error_text  # noqa: PLC0415  (avoid an import cycle at module level)

    doc = t.doc
    for name in ("error", "url", "browser", "client", "direction", "tried", "mailbox", "site_mailer", "recipient"):
        if t.field(name):
            yield 1
    for lex in ("browser", "program", "detail:place", "detail:symptom"):
        if doc.has(lex):
            yield 1
    if t.facts.get("error_spans"):  # found by error-text, which runs first
        yield 1
    # "in every browser", "on all devices", one device ("on my laptop"): that it fails everywhere
    # says little about the problem (half a detail, however many are named); a contrast between
    # devices ("on my phone, but fine on my laptop") is a real detail
    devices = {h.phrase for h in doc.find("device")}
    if len(devices) > 1 and CONTRAST.search(t.text):
        yield 1
    elif devices or doc.has("all-browsers"):
        yield 0.5
    if doc.has("isp"):
        yield 0.5
    if t.domains.emails:
        yield 0.5
    if any("/" in url.split("//", 1)[-1].rstrip("/") for _a, _b, url in t.domains.urls):
        yield 1  # a URL with a path: a specific page
    if CAUSE.search(t.text):
        yield 1
    if TRIED.search(t.text):
        yield 1
    if CLOCK.search(t.text):
        yield 0.5
    if t.type == "mail":
        # what fails: one direction says little ("SMTP sending does not work"); a contrast between
        # them ("не приходят, а отправка работает") says more
        kinds = mail.direction_kinds(t)
        if kinds:
            yield 1 if len(kinds) > 1 else 0.5
    if BROWSER_TYPO.find(doc, t.domains.spans):
        yield 1
    elif mail.names_client(t) or (t.type == "mail" and mail.site_sends(t)):
        # the thing that fails, named: "Outlook is not working" alone is as vague as "my mail
        # doesn't work"; with what fails ("Outlook does not send") it is a detail
        yield 0.5 if t.type == "mail" else 1
    if not t.facts.get("error_spans") and error_text.has_error_text(t):
        yield 1  # the error's words in the subject
    if len(doc.tokens) >= LONG:
        yield 1  # a description this long tells more than "it does not work", in words we may not know


#: Words of a description that, whatever they are, say more than "it does not work" (the vague
#: tickets of every corpus have at most twenty).
LONG = 40


def detail_score(t) -> float:
    return sum(details(t))


def enough_detail(t) -> bool:
    """``detail_score(t) >= 1``, without looking further once it holds."""
    score = 0.0
    for w in details(t):
        score += w
        if score >= 1:
            return True
    return False


def check(t):
    if not MALFUNCTION.found(t.text) or ACTION_REQUEST.search(t.text):
        return None
    if enough_detail(t):
        return None
    return t.finding("vague")
