"""mail-client, mail-direction, mail-history (example 2)."""

from __future__ import annotations

from .lexicons import MAIL_CLIENT_TYPO, SITE_MAILER_TYPO
from .text import I, IX, AnyRe, LazyRe, in_spans

# --------------------------------------------------------------------------- mail-client
# "Which program": a mail program (or webmail, or a phone's mail app), or the site itself when
# the site sends the mail (its CMS, a form, a mailer library, a script, the control panel).


def client_hits(t):
    """Where the ticket names the mail program: ``(start, end, in_subject)``, in order."""
    spans = t.domains.spans
    for doc, dspans in ((t.doc, spans), (t.sdoc, None)):
        lexes = ("mail-client", "webmail-login") if t.type == "mail" else ("mail-client",)
        for lex in lexes:
            for h in doc.find(lex):
                if dspans is not None and in_spans(h.start, dspans):
                    continue  # "@outlook.com", "mail.ru": an address, not a program
                if doc is t.sdoc and in_spans(h.start, t.extra_domains.spans):
                    continue
                yield h.start, h.end, doc is t.sdoc
    # "на айфоне", "on my iPad", "в Android": a phone or tablet named by its make or system
    # means its own mail app (the desk knows which program that is)
    for h in t.doc.find("phone-make"):
        if not in_spans(h.start, spans):
            yield h.start, h.end, False
    # "Gmail пишет …", "the Gmail app says …": Gmail used as the program, not as an address
    for m in GMAIL_APP.finditer(t.text):
        yield m.start(), m.start() + 5, False
    # "почтовое приложение на iPhone", "the mail app on my phone": a phone's mail app
    phones = t.doc.find("phone")
    if phones:
        for h in t.doc.find("mail-app-generic"):
            a, b = t.doc.sentence_at(h.start)
            if any(a <= p.start < b for p in phones):
                yield h.start, h.end, False
    # a name with a typo: "Outlok", "Thunderbrd"
    hit = MAIL_CLIENT_TYPO.find_hit(t.doc, spans)
    if hit is not None:
        yield hit[1], hit[2], False


def names_client(t) -> bool:
    known = t.facts.get("names_client")
    if known is None:
        known = t.facts["names_client"] = next(client_hits(t), None) is not None
    return known


# The site named as the sender: "письма с сайта", "уведомления от магазина", "сайт перестал
# отправлять письма", "emails from our website", "the contact form stopped sending", "the
# website's notifications", "the control panel's own letters".
SITE_SENDER = LazyRe(r"""
    \b(?:письм|почт|уведомлени|оповещени|заявк|сообщени|рассылк|рассылок)\w*\s+(?:[^\s.!?]+\s+){0,2}?(?:с|со|от|из)\s+
      (?:[^\s.!?]+\s+)?(?:сайт|магазин|форм|форум|портал|cms|админк|панел|интернет-магазин)\w*
  | \b(?:сайт|магазин|форм|форум|портал|движ[оеу]к|скрипт|модул|плагин)\w*\s+(?:[^\s.!?]+\s+){0,2}?
      (?:отправл|шл[её]т|присыла|высыла|рассыла|отсыла)\w*
  | \b(?:e-?mails?|mails?|notifications?|messages?|letters?|alerts?|newsletters?)\s+(?:[^\s.!?]+\s+){0,2}?
      (?:from|sent\s+by|sent\s+from|generated\s+by)\s+(?:my\s+|our\s+|the\s+|a\s+)?(?:web\s?)?
      (?:site|website|shop|store|form|forum|portal|app|application|cms|panel)\b
  | \b(?:site|website|shop|store|form|forum|portal|app|application|cms|script|plugin)\s+(?:[^\s.!?]+\s+){0,2}?
      (?:sends?|sending|sent)\b
  | \b(?:site|website|shop|store|panel|cpanel|plesk)[’']s\s+(?:own\s+)?(?:[^\s.!?]+\s+)?
      (?:e-?mails?|mails?|notifications?|letters?|mailer|messages|warnings|alerts)\b
    # a mail function called by the site's code: "mail()", "wp_mail()", "send_mail()"
  | \b(?:wp_|send_?)?mail\s*\(\s*\)
""", IX, guard=("письм", "почт", "уведомлени", "оповещени", "заявк", "сообщени", "рассыл", "сайт", "магазин", "форм",
                "форум", "портал", "движ", "скрипт", "модул", "плагин", "mail", "notification", "message", "letter",
                "alert", "newsletter", "site", "shop", "store", "form", "portal", "app", "cms", "script", "plugin",
                "panel", "plesk", "mail"))

# Notifications of a site (registration, orders, password resets) are the site's own mail when
# the ticket speaks of the site ("уведомления … Ник на сайте"); alone they name no sender.
_SITE_NOTICE = LazyRe(r"""
    \b(?:уведомлени|оповещени|notification|подтвержден|активаци|confirm|registration|регистраци|
       password\s+reset|сброс\w*\s+пароля|reset\s+(?:my\s+)?password)\w*
""", IX, guard=("уведомлени", "оповещени", "notification", "подтвержден", "активаци", "confirm", "registration",
                "регистраци", "password", "пароля"))
_SITE_WORD = LazyRe(r"\b(?:сайт\w*|site|website|магазин\w*|shop|store|форум\w*|forum|портал\w*|portal|профил\w*|profile|"
                    r"личн\w+\s+кабинет\w*|cms)\b", I,
                    guard=("сайт", "site", "магазин", "shop", "store", "форум", "forum", "портал", "portal", "профил",
                           "profile", "кабинет", "cms"))


def site_mailer_hits(t):
    """Where the ticket names the site as the sender: ``(start, end, in_subject)``, in order."""
    for doc, dspans in ((t.doc, t.domains.spans), (t.sdoc, t.extra_domains.spans)):
        for h in doc.find("site-mailer"):
            if not in_spans(h.start, dspans):  # "https://github.com/PHPMailer/…" is a link
                yield h.start, h.end, doc is t.sdoc
        for m in SITE_SENDER.finditer(doc.text):
            yield m.start(), m.end(), doc is t.sdoc
    text = t.text + "\n" + (t.subject or "")
    if _SITE_WORD.search(text):
        for m in _SITE_NOTICE.finditer(t.text):
            yield m.start(), m.end(), False
    hit = SITE_MAILER_TYPO.find_hit(t.doc, t.domains.spans)  # "Wordpres", "Битрикc"
    if hit is not None:
        yield hit[1], hit[2], False


def names_site_mailer(t) -> bool:
    return next(site_mailer_hits(t), None) is not None


def site_sends(t) -> bool:
    """Is the site the sender (by the wizard's answers, or by the text)?"""
    known = t.facts.get("site_sends")
    if known is None:
        known = t.facts["site_sends"] = (t.field("sender") == "site" or bool(t.field("site_mailer"))
                                         or names_site_mailer(t))
    return known


GMAIL_APP = LazyRe(r"""
    (?<![@.\w])gmail(?![.@\w])\s*(?:\(\w+\)\s*)?
    (?:пиш\w+|пишет|выда\w*|показыва\w*|говорит|сообща\w*|ругается|says|said|shows|showed|displays|gives|reports|tells|
       keeps|won'?t|doesn'?t|can'?t|cannot|не\s+(?:мож\w+|пуска\w*|принима\w*))
""", IX, hints=("gmail",))


def check_client(t):
    if t.field("client") or names_client(t):
        return None
    if site_sends(t):
        return None  # the site's own mailer is the program (the catalogue)
    return t.finding("mail-client", field="client")


# --------------------------------------------------------------------------- mail-direction

SENDING = LazyRe(r"""
    \bотправ(?!ьте|ите)\w*+(?!\s+(?:мне|нам)\b) | \bне\s+уход\w* | \bуход\w*\s+(?:письм|почт) | \bисходящ\w* | \bдоход\w* | \bдошл\w* | \bдоставл\w*
  | \bне\s+доставля\w* | \bвозвраща\w*(?:ся|ются) | \bотбойник\w* | \bрассыл\w* | \bвысыла\w* | \bвыслал\w* | \bотсыла\w* | \bотослал\w*
  | \bsend\w*+(?!\s+(?:me|us)\b) | \bsent\b | \boutgoing\b | \boutbound\b | \bbounc\w* | \bundeliver\w*
  | \bsmtp\b | \bdelivery\s+(?:failure|status) | \bnon-?delivery | \bgo(?:es|ing)?\s+out\b | \bwent\s+out\b | \bшл[её]т\b | \bшлют\b
  | \bdeliver(?:ed|s|ing)?\b
    # landing in the recipients' spam: "уходят в спам", "end up in spam"
  | \b(?:уход|попада|пада|лет|улета)\w*\s+(?:в|во)\s+(?:спам|нежелательн)
  | \b(?:go|goes|going|went|end|ends|ending|ended|land|lands|landing|landed)\s+(?:up\s+)?(?:in|to|into)\s+(?:the\s+|their\s+)?(?:spam|junk)
""", IX, guard=("отправ", "уход", "исходящ", "доход", "дошл", "доставл", "возвраща", "отбойник", "рассыл", "высыла",
                "выслал", "отсыла", "отослал", "send", "sent", "outgoing", "outbound", "bounc", "undeliver", "smtp",
                "delivery", "go", "went", "шл", "deliver", "спам", "нежелательн", "spam", "junk"))
RECEIVING = LazyRe(r"""
    \bполучени\w* | \bполуча\w*\s+(?:письм|почт|писем|входящ) | \bполуч\w*\s+(?:новые\s+)?(?:письм|почт)
  | \bприход\w* | \bпришл\w* | \bпри[её]м\w* | \bпринима\w* | \bвходящ\w* | \bпоступа\w* | \bприсыла\w* | \bприслал\w*
  | \bпроверк\w*\s+почт\w* | \bскачива\w* | \bзабира\w*\s+почт
    # mail pouring in: "сыпется спам", "спам валит на ящик"
  | \b(?:сып|вал|лез|ль[её]т|ид[её]т|пр[её]т)\w*\s+(?:[^\s.!?]+\s+)?(?:спам|письм|писем)
  | \b(?:спам|письма)\s+(?:[^\s.!?]+\s+)?(?:сып|вал|лез|ль[её]т|ид[её]т|пр[её]т)\w*
  | \breceiv\w* | \breciev\w* | \bincoming\b | \binbound\b | \binbox\b | \bcoming\s+in
  | \barriv\w* | \bimap\b | \bpop3?\b
  | \b(?:get|gets|getting|got)\s+(?:any\s+|no\s+|new\s+|the\s+|my\s+|our\s+)?(?:e-?mails?|mails?|messages|notifications?|letters?|alerts?|replies|anything|nothing)\b
  | \bfetch\w*
""", IX, guard=("получ", "приход", "пришл", "прием", "приём", "принима", "вход", "поступа", "присыла", "прислал", "проверк",
                "скачива", "забира", "receiv", "reciev", "incoming", "inbound", "inbox", "coming", "arriv", "imap", "pop",
                "get", "fetch", "спам", "письм", "писем"))
LOGIN = LazyRe(r"""
    # logging in: says what fails, so no direction is needed
    \blog\s*in\b | \blogin\s+(?:fail|error|problem)\w* | \bsign\s+in\b | \bauthenticat\w*
  | \bошибк\w*\s+входа | \bне\s+(?:могу|получается|удается|удаётся)\s+(?:войти|зайти)
  | \bвход\s+в\s+(?:почт|ящик|веб) | \bавторизац\w* | \bаутентификац\w*
    # a rejected login: "неверный логин или пароль", "имя пользователя или пароль неверны",
    # "the user name or password is incorrect", "invalid credentials" (in lower case, as the
    # whole pattern: see text.lazyre)
  | \b(?:не\s*)?(?:неверн|неправильн|ошибочн)\w*\s+(?:логин|пароль|имя\s+пользовател|учетн|учётн|данные\s+для\s+входа)
  | \b(?:логин|пароль|имя\s+пользователя|учетн\w*\s+данн|учётн\w*\s+данн)[^.!?\n]{0,40}?\b(?:неверн|неправильн|не\s+подход|не\s+принима)\w*
  | \b(?:incorrect|wrong|invalid|bad|rejected)\s+(?:user\s*name|username|password|credentials|login)
  | \b(?:rejects?|rejecting|doesn'?t\s+accept|won'?t\s+accept|not\s+accepting|refuses)\s+(?:my\s+|the\s+|our\s+)?(?:password|login|credentials)
  | \bне\s+(?:принима\w*|пуска\w*)\s+(?:мой\s+|наш\s+)?(?:пароль|логин)
    # the account's name and password cannot be verified: a login that fails at the setup
  | \b(?:не\s+(?:удается|удаётся|удалось|могу|получается)|unable\s+to|cannot|can'?t|could\s*n[o']t)\s+(?:проверить|verify)\b
  | \b(?:user\s*name|username|password|credentials)\b[^.!?\n]{0,40}?\b(?:incorrect|wrong|invalid|rejected|not\s+accepted)
""", IX, guard=("log", "sign", "authenticat", "вход", "войти", "зайти", "авторизац", "аутентификац", "неверн", "неправильн",
                "ошибочн", "подход", "принима", "пуска", "user", "password", "credentials", "пароль", "логин", "провер", "verify"))
#: What fails, in the order a fact reports it.
DIRECTIONS = (("sending", SENDING), ("receiving", RECEIVING), ("login", LOGIN))
DIRECTION = AnyRe(SENDING, RECEIVING, LOGIN)


def direction_kinds(t) -> list[str]:
    """Which of sending, receiving and login the ticket's text speaks of."""
    kinds = t.facts.get("directions")
    if kinds is None:
        kinds = t.facts["directions"] = [kind for kind, rx in DIRECTIONS if rx.search(t.text) is not None]
    return kinds


def directions(text: str) -> list[tuple[str, int, int]]:
    """Every mention of what fails: ``(kind, start, end)`` with kind sending, receiving or login."""
    out = []
    for kind, rx in DIRECTIONS:
        for m in rx.finditer(text):
            out.append((kind, m.start(), m.end()))
    out.sort(key=lambda x: x[1])
    return out


def check_direction(t):
    if t.field("direction"):
        return None
    if direction_kinds(t) or (t.subject and DIRECTION.found(t.subject)):
        return None
    if site_sends(t):
        return None  # the site sends: what fails is its sending
    return t.finding("mail-direction", field="direction")


# --------------------------------------------------------------------------- mail-history

# Whether mail worked before: the alternation of these patterns (only whether one matches
# counts); the Russian one is compiled only for a text with Cyrillic letters, the English one
# only for a text with Latin ones.
HISTORY = AnyRe(
    LazyRe(r"""
    \bраньше\b | \bпрежде\b | \bранее\b | \bдо\s+(?:этого|того|сих\s+пор\s+работал\w*|вчера\w*|сегодня\w*|
        понедельник\w*|вторник\w*|сред\w*|четверг\w*|пятниц\w*|суббот\w*|воскресень\w*|
        утра|обеда|недавн\w*|прошл\w*|обновлени\w*|переустановк\w*|переезд\w*|смены|\d)
  | \bработал[аио]?\b | \bработали\b | \bвс[её]\s+было\b | \bбыло\s+(?:ок|нормально|хорошо|в\s+порядке)
  | \bприходил[аио]?\b | \bуходил[аио]?\b | \bотправлял\w* | \bполучал\w*
  | \bперестал\w* | \bбольше\s+не\b | \bпрекратил\w* | \bначал\w*с[ья] | \bвдруг\b
  | \bс\s+(?:понедельник\w*|вторник\w*|сред\w*|четверг\w*|пятниц\w*|суббот\w*|воскресень\w*|
        утра|вчера\w*|прошл\w*|начала|\d{1,2}[:.]\d{2}) | \bсо\s+(?:вчера\w*|вторник\w*|сред\w*|следующ\w*)
  | \bснова\b | \bопять\b | \bвпервые\b | \bв\s+первый\s+раз\b | \bпервый\s+раз\b | \bнов\w+\s+(?:ящик|почт|учетн|учётн|аккаунт|сервер|vps|впс|хостинг|домен|сайт)
  | \bтолько\s+что\s+(?:настро|созда|завел|завёл) | \bнастраива\w* | \bнастро\w*\s+(?:впервые|заново|сегодня)
  | \bникогда\s+не\b | \bна\s+нов\w+\s+(?:компьютер|ноутбук|телефон)
  | \bуже\s+(?:(?:целую|целый|почти|около|больше|более|вторую|второй|третий|третью|\d+)\s+)?(?:недел\w*|дн\w*|день|дня|месяц\w*|час\w*|сутки|суток)\b
  | \b(?:настроил\w*|подключил\w*|завел\w*|завёл\w*|создал\w*)\b[^.!?\n]{0,40}?\b(?:только\s+что|сегодня|вчера|впервые|заново)\b
  | \bдавно\b | \bуже\s+не\b | \bне\s+было\s+(?:проблем|никаких)
  | \bвнезапно\b | \bнеожиданно\b | \bни\s+с\s+того\s+ни\s+с\s+сего | \bнедавно\b | \bв\s+последнее\s+время\b
  | \bни\s+разу\b | \bиногда\b | \bпериодически\b | \bв\s+который\s+раз\b
  | \b(?:втор|трет|четв[её]рт|пят|\d+-?)\w*\s+раз\b | \bвремя\s+от\s+времени\b | \bчерез\s+раз\b | \bновичок\b
    # a date it broke on: "с 12 числа не приходят", "не уходят с 3 марта" ("с 1 числа" alone may be a future date)
  | \bне\s+\w+[^.!?\n]{0,40}?\bс\s+\d{1,2}(?:-?г?о)?\s+(?:числа|январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)
  | \bс\s+\d{1,2}(?:-?г?о)?\s+(?:числа|январ|феврал|март|апрел|ма[яй]|июн|июл|август|сентябр|октябр|ноябр|декабр)\w*
    [^.!?\n]{0,40}?\bне\s+\w+
  | \bс\s+(?:выходн\w*|праздник\w*|обеда|ночи|позавчера|сегодняшн\w*|тех\s+пор|недавн\w*)
  | \bтолько\s+что\s+(?:перенес|перенёс|переех|установ|постав|подключ|добав|обнов|купил|зарегистр)
    # a change or a setup: what was installed, moved, added or set is the program, the site or the mail
  | \b(?:установил|устанавлива|поставил|подключил|подключа|добавил|добавля|добавить|завел|завёл|создал|перенес|перенёс|
       переехал|обновил|обновля|сменил|поменял|меня[юе]м|переустанов)\w*\s+(?:[^\s.!?]+\s+){0,3}?
    (?:модул|плагин|расширени|компонент|cms|движ|сайт|программ|приложени|outlook|аутлук|thunderbird|the\s+bat|почт|ящик|
       аккаунт|учетн|учётн|сертификат|ssl|php|верси|обновлени|систем|windows|сервер|панел|скрипт|тем[уа]\b|шаблон|хостинг|
       тариф|пароль|настройк|домен|dns|mx|smtp|imap|pop)
  | \b(?:пропис|ввод|ввел|ввёл|вбил|вбива|указал|указыва|выстав|сдела|внес|внёс|измени|изменя|помен|смени|сохран)\w*\s+
       (?:[^\s.!?]+\s+)?настройк\w*
  | \b(?:тестов|проверочн)\w*\s+(?:\w+\s+)?(?:письм|сообщени)\w* | \bтестиру\w* | \bпротестир\w*
""", IX, guard=tuple("абвгдеёжзийклмнопрстуфхцчшщъыьэюя")),
    LazyRe(r"""
    \bbefore\b | \bpreviously\b | \bused\s+to\b | \bworked\b | \bwas\s+working\b | \bhad\s+been\b
  | \bstopped\b | \bstops\b | \bno\s+longer\b | \bnot\s+anymore\b | \buntil\b | \btill\b | \bsince\b
  | \bstarted\b | \bsuddenly\b | \bagain\b | \bfirst\s+time\b | \bfirst\s+setup\b | \bnew\s+(?:setup|account|mailbox|computer|laptop|phone)\b
  | \bsetting\s+(?:it\s+)?up\b | \bnever\s+worked\b
  | \bfor\s+(?:years|months|weeks)\b | \bfine\s+(?:yesterday|last)\b
  | \bany\s?more\b | \bnever\s+had\s+(?:any\s+)?(?:problems?|issues?|trouble) | \b(?:years?|months?|weeks?|long)\s+ago\b
  | \bfor\s+(?:the\s+(?:last|past)\s+)?(?:a|an|one|two|three|four|five|several|few|a\s+few|\d+)\s+(?:hours?|days?|weeks?)\b
  | \bsudden\b | \bout\s+of\s+(?:the\s+)?(?:nowhere|blue)\b | \brecently\b | \blately\b | \bfrom\s+time\s+to\s+time\b
  | \bperiodically\b | \bintermittent\w* | \bsometimes\b | \bon\s+and\s+off\b
  | \bon\s+(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|the\s+\d{1,2}(?:st|nd|rd|th))\b
    # a change or a setup, by the one who made it: "i have installed vesta", "we moved the site"
    # (a past form: "how do i configure it?" asks, it tells nothing)
  | \b(?:i|we|you|they)\s+(?:just\s+|recently\s+|also\s+|now\s+)?
       (?:installed|configured|added|migrated|moved|switched|upgraded|updated|changed|reinstalled|deployed|made|created|
        bought|registered|transferred|enabled|disabled)\b
  | \b(?:i'?ve|we'?ve|you'?ve|i\s+have|we\s+have|you\s+have|i\s+had|we\s+had)\s+(?:just\s+|recently\s+|also\s+|now\s+)?
       (?:install\w*|set\s+up|configured|added|migrated|moved|switched|upgraded|updated|changed|reinstalled|deployed|
        made|created|bought|registered|transferred|reset|enabled|disabled)\b
  | \bnew\s+(?:server|vps|vds|install\w*|instance|domain|hosting|host|site|website)\b
  | \bjust\s+(?:made|install\w*|set\s+up|set|created|added|configured|deployed|bought|registered|moved|migrated|switched|
       changed|updated|upgraded)\b
  | \b(?:trying|try|tried|want|wanted|need)\s+to\s+(?:add|set\s+up|setup|configure|connect|install)\b
  | \badd(?:ing|ed)?\s+(?:my|the|a|an|our)\s+(?:[\w-]+\s+)?(?:account|mailbox|e-?mail|address)\b
  | \b(?:second|third|fourth|fifth|\d+(?:st|nd|rd|th))\s+time\b
  | \bset\s+(?:it|this|them|that|everything)\s+up\b | \bmanual(?:ly)?\s+(?:config\w*|set\s*up|setup|settings) | \bconfigur(?:ing|ed)\b | \bfresh\s+install\w*
  | \b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:very\s+|quite\s+|completely\s+|totally\s+)?new\b | \bnew\s+to\s+(?:this|it|email|mail|hosting|servers?)\b
  | \btest(?:ed|ing)?\s+(?:it|this|that|the\s+\w+|e-?mails?|mails?|messages?|letters?|sending|connection|account|settings)\b
  | \bsend(?:ing)?\s+(?:a\s+)?test\b
  | \b(?:works?|worked|working)\s+(?:great|fine|perfectly|well|ok|okay)\b(?=[^.!?\n]{0,40}\b(?:but|except|when|most|until|only|unless)\b)
""", IX, guard=tuple("abcdefghijklmnopqrstuvwxyz")),
)


def history_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` says whether mail worked before: ``(start, end)``, in order."""
    from .vague import AFTER_CHANGE  # noqa: PLC0415

    out = [m.span() for rx in (*HISTORY.parts, AFTER_CHANGE) for m in rx.finditer(text)]
    return sorted(out)


def check_history(t):
    from .vague import AFTER_CHANGE  # noqa: PLC0415  (vague imports this module)

    if t.field("worked_before"):
        return None
    if HISTORY.found(t.text) or (t.subject and HISTORY.found(t.subject)):
        return None
    if AFTER_CHANGE.search(t.text) or (t.subject and AFTER_CHANGE.search(t.subject)):
        return None  # "после обновления", "since we moved the site": it worked before the change
    return t.finding("mail-history", field="worked_before")
