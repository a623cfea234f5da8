"""Message catalogue: what each finding says, in Russian and English.

Keys are rule ids, or ``rule.variant`` for a rule with several situations. Each entry
holds ``(message, suggestion)`` per language; ``{name}`` placeholders are filled by the
rule. Messages never quote a secret.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, tuple[str, str]]] = {
    "identify": {
        "ru": ("Не указаны ни номер договора, ни доменное имя сайта.",
               "Добавьте номер договора (например, «Договор № 12-345») или домен сайта (например, «пример.рф»)."),
        "en": ("Neither a contract number nor the site's domain name is given.",
               "Add your contract number (e.g. \"Contract #12-345\") or your site's domain (e.g. \"example.com\")."),
    },
    "subject.empty": {
        "ru": ("Тема письма пустая.",
               "Напишите в теме суть новой проблемы, например «Не отправляются письма с info@пример.рф»."),
        "en": ("The subject is empty.",
               "Put the gist of the problem into the subject, e.g. \"Outlook cannot send from info@example.com\"."),
    },
    "subject.reply": {
        "ru": ("Тема «{subject}» выглядит как ответ или пересылка старого письма.",
               "Создайте новую заявку и напишите в теме суть новой проблемы, без «Re:»/«Fwd:»."),
        "en": ("The subject \"{subject}\" marks a reply or a forward of an earlier message.",
               "Open a new ticket and put the gist of the new problem into its subject, without \"Re:\"/\"Fwd:\"."),
    },
    "subject.generic": {
        "ru": ("Тема «{subject}» ничего не говорит о проблеме.",
               "Напишите в теме, что именно случилось, например «Сайт пример.рф: 502 Bad Gateway»."),
        "en": ("The subject \"{subject}\" says nothing about the problem.",
               "Say in the subject what exactly is wrong, e.g. \"example.com: 502 Bad Gateway since 9:00\"."),
    },
    "one-question": {
        "ru": ("В одной заявке несколько не связанных между собой вопросов ({topics}).",
               "Разделите их: отправьте отдельную заявку на каждый вопрос, с темой про этот вопрос."),
        "en": ("The ticket asks about several unrelated problems ({topics}).",
               "Split it: send one ticket per problem, each with its own subject."),
    },
    "vague": {
        "ru": ("Описание слишком общее: сказано, что что-то не работает, но нет подробностей.",
               "Опишите, что именно происходит: какой адрес или программа, какой текст ошибки, когда началось, что вы уже пробовали."),
        "en": ("The description only says that something does not work, with no details.",
               "Describe what exactly happens: which address or program, the exact error text, since when, what you have tried."),
    },
    "error-text.code": {
        "ru": ("Ошибка указана только кодом ({code}), без текста.",
               "Скопируйте полный текст сообщения об ошибке (например, «550 5.1.1 User unknown»), а не только её номер."),
        "en": ("The error is given only by its code ({code}), without its text.",
               "Copy the full error message (e.g. \"550 5.1.1 User unknown\"), not just its number."),
    },
    "error-text.none": {
        "ru": ("Упоминается ошибка, но не приведён её текст.",
               "Скопируйте текст ошибки дословно; если скопировать нельзя — приложите скриншот."),
        "en": ("An error is mentioned but its text is not given.",
               "Copy the error message word for word; if it cannot be copied, attach a screenshot."),
    },
    "isp": {
        "ru": ("Не указано, кто предоставляет вам доступ в Интернет.",
               "Укажите провайдера или мобильного оператора, например «Провайдер: Ростелеком» или «мобильный интернет МегаФон»."),
        "en": ("It does not say who provides your Internet access.",
               "Name your Internet provider or mobile operator, e.g. \"ISP: Vodafone\"."),
    },
    "screenshot": {
        "ru": ("В тексте говорится о скриншоте или о том, что ошибку не скопировать, но вложений нет.",
               "Приложите скриншот сообщения об ошибке (клавиша PrintScreen)."),
        "en": ("The text refers to a screenshot (or says the error cannot be copied), but nothing is attached.",
               "Attach a screenshot of the error message (the PrintScreen key)."),
    },
    "site-url": {
        "ru": ("Не указан адрес сайта, который вы открываете.",
               "Укажите точный адрес, например «https://пример.рф/catalog»."),
        "en": ("It does not say which address you open.",
               "Give the exact address, e.g. \"https://example.com/catalog\"."),
    },
    "site-browser": {
        "ru": ("Не указан браузер.",
               "Укажите браузер и, если знаете, его версию, например «Chrome 120» (или «во всех браузерах»)."),
        "en": ("The browser is not named.",
               "Name the browser and, if you know it, its version, e.g. \"Firefox 122\" (or \"in every browser\")."),
    },
    "mail-client": {
        "ru": ("Не указано, чем отправляются письма: почтовая программа или сайт.",
               "Укажите, чем вы пользуетесь: Outlook, Thunderbird, The Bat!, почта на телефоне, веб-почта и т. п.; "
               "а если письма отправляет сайт — что на нём их отправляет (CMS, форма, скрипт)."),
        "en": ("It does not say what sends the mail: a mail program or the site.",
               "Say which program you use: Outlook, Thunderbird, Apple Mail, a phone's mail app, webmail, …; "
               "or, if the site sends the mail, what on it sends it (the CMS, the form, the script)."),
    },
    "mail-direction": {
        "ru": ("Не сказано, что именно не работает: отправка или получение писем.",
               "Уточните: не уходят письма, не приходят письма или и то и другое."),
        "en": ("It does not say what fails: sending, receiving, or both.",
               "Say whether sending fails, receiving fails, or both."),
    },
    "mail-history": {
        "ru": ("Не сказано, работала ли почта раньше (в этой программе или на этом сайте).",
               "Уточните: раньше всё работало (и с какого момента перестало) или вы настраиваете почту впервые."),
        "en": ("It does not say whether mail worked before (in this program, or on this site).",
               "Say whether it used to work (and since when it fails) or this is the first setup."),
    },
    "please": {
        "ru": ("Просьба сформулирована как вопрос о возможности: «{question}»",
               "Напишите прямую просьбу: «{request}»"),
        "en": ("The request is phrased as a question about ability: \"{question}\"",
               "Ask for the action directly: \"{request}\""),
    },
    "polite.insult": {
        "ru": ("В тексте есть грубость или оскорбление.",
               "Уберите грубые слова: оператор лично не виноват в проблеме, спокойное описание решит её быстрее."),
        "en": ("The text contains profanity or an insult.",
               "Remove the rude words: the operator is not personally to blame, and a calm description gets it solved faster."),
    },
    "polite.shouting": {
        "ru": ("Предложение написано целиком заглавными буквами (это читается как крик).",
               "Напишите его обычными буквами: «{fixed}»"),
        "en": ("A whole sentence is written in capitals (it reads as shouting).",
               "Write it in normal case: \"{fixed}\""),
    },
    "written-channel": {
        "ru": ("Заявка на изменение данных или с конфиденциальными данными ({what}) принимается только письменно.",
               "Отправьте её через форму в редакторе сайта (API) или письмом с контактного адреса, указанного в договоре."),
        "en": ("A request that changes account data or carries confidential data ({what}) is accepted only in writing.",
               "Send it through the provider's form (API) or by e-mail from the contact address registered in your contract."),
    },
    "secret": {
        "ru": ("В тексте есть секретные данные ({what}).",
               "Не отправляйте их в заявке; замените, например так: {redacted}"),
        "en": ("The text contains secret data ({what}).",
               "Do not send it in a ticket; redact it, e.g.: {redacted}"),
    },
}

WHAT = {
    "password": {"ru": "пароль", "en": "a password"},
    "token": {"ru": "ключ/токен доступа", "en": "an access token"},
    "key": {"ru": "закрытый ключ", "en": "a private key"},
    "card": {"ru": "номер банковской карты", "en": "a card number"},
    "transfer": {"ru": "перенос домена", "en": "a domain transfer"},
    "contact": {"ru": "смена контактных данных", "en": "a change of contact data"},
    "owner": {"ru": "данные владельца", "en": "owner data"},
    "payment": {"ru": "платёжные данные", "en": "payment details"},
    "credentials": {"ru": "пароль или доступ", "en": "a password or access"},
    "account": {"ru": "изменение услуг или данных", "en": "a change of services or data"},
    "dns": {"ru": "изменение DNS", "en": "a DNS change"},
    "delete": {"ru": "удаление", "en": "a deletion"},
}

TOPICS = {
    "mail": {"ru": "почта", "en": "mail"},
    "site": {"ru": "работа сайта", "en": "the site"},
    "domain": {"ru": "домен", "en": "a domain"},
    "billing": {"ru": "оплата", "en": "billing"},
    "plan": {"ru": "смена тарифа", "en": "a plan change"},
    "ssl": {"ru": "SSL-сертификат", "en": "SSL certificate"},
    "dns": {"ru": "DNS", "en": "DNS"},
    "db": {"ru": "база данных", "en": "database"},
    "ftp": {"ru": "FTP", "en": "FTP"},
    "account": {"ru": "учётные данные", "en": "account data"},
}


def text(key: str, lang: str, **kw) -> tuple[str, str]:
    lang = "ru" if lang == "ru" else "en"
    message, suggestion = MESSAGES[key][lang]
    if kw:
        message = message.format(**kw)
        suggestion = suggestion.format(**kw)
    return message, suggestion


def what(keys, lang: str, table=WHAT) -> str:
    lang = "ru" if lang == "ru" else "en"
    seen = []
    for k in keys:
        w = table[k][lang]
        if w not in seen:
            seen.append(w)
    return ", ".join(seen)
