"""The commands' help in Russian (``ticket --lang ru … --help``, or LANG=ru_RU…).

Typer takes each help text once, in English, from the command's docstring or ``help=``; the
Russian text of each is here, keyed by the English one, and :class:`.base.Command` and
:class:`.base.OrderedGroup` show it when the interface speaks Russian. A test walks the command
tree and fails on any help text without its Russian here.
"""

HELP_RU = {
    "Compose support tickets that follow the desk's rules, interactively or from scripts.":
        "Составляет заявки в техподдержку по правилам поддержки — в диалоге или из скриптов.",
    "Interface language: ru or en (default: from LANG).": "Язык интерфейса: ru или en (по умолчанию — из LANG).",
    "Interface language: ru or en (default: from LANG); also after the command.":
        "Язык интерфейса: ru или en (по умолчанию — из LANG); можно и после команды.",
    "Profile to use (default: the configured default).": "Профиль (по умолчанию — профиль по умолчанию из настроек).",
    "Show tracebacks for internal errors.": "Показывать трассировку внутренних ошибок.",
    "Show the version and exit.": "Показать версию и выйти.",
    "Show this message and exit.": "Показать эту справку и выйти.",
    "Compose a new ticket: asks what the desk would ask, then puts it in the outbox.":
        "Составить новую заявку: спрашивает то, что спросила бы поддержка, и кладёт заявку в исходящие.",
    "Problem type (see 'ticket types').": "Тип проблемы (см. «ticket types»).",
    "Contract number.": "Номер договора.",
    "The site's domain name.": "Доменное имя сайта.",
    "An answer as KEY=VALUE; repeatable.": "Ответ в виде КЛЮЧ=ЗНАЧЕНИЕ; можно несколько раз.",
    "The description, in your words.": "Описание своими словами.",
    "The subject (default: proposed from the answers).": "Тема (по умолчанию — предложенная по ответам).",
    "A file to attach; repeatable.": "Файл для вложения; можно несколько раз.",
    "Read the ticket from a JSON file ('-' for stdin); see 'ticket schema'.":
        "Прочитать заявку из JSON-файла («-» — из stdin); формат — «ticket schema».",
    "Language the ticket is written in: ru or en (default: the profile's).":
        "Язык заявки: ru или en (по умолчанию — из профиля, а без него — язык интерфейса).",
    "Language the ticket is written in: ru or en (default: the profile's, else the interface language).":
        "Язык заявки: ru или en (по умолчанию — из профиля, а без него — язык интерфейса).",
    "Never ask; fail naming what is missing.": "Ничего не спрашивать; если чего-то не хватает — ошибка с перечнем.",
    "Send even when rule errors remain (recorded in the ticket), and attach files that look like secrets; never for insults.":
        "Отправить, даже если остались нарушения правил (это записывается в заявку), и приложить файлы, похожие на секреты; для оскорблений — никогда.",
    "Print the result as JSON.": "Вывести результат в JSON.",
    "Continue a saved draft in the wizard, in the language of the session that wrote it.":
        "Продолжить сохранённый черновик в диалоге — на языке сеанса, в котором он начат.",
    "The draft's id (a unique prefix is enough).": "Идентификатор черновика (достаточно уникального начала).",
    "Check tickets against the desk's rules. Exit 0: no errors; 1: errors found; 2: bad input.":
        "Проверить заявки по правилам поддержки. Код выхода 0 — ошибок нет; 1 — найдены ошибки; 2 — неверный ввод.",
    "Ticket JSON files, draft ids, .eml files, text files, or '-' for stdin (the default).":
        "JSON-файлы заявок, черновики, файлы .eml, текстовые файлы или «-» для stdin (по умолчанию).",
    "Problem type of plain text (default: inferred from the text).": "Тип проблемы для простого текста (по умолчанию — определяется по тексту).",
    "Language of messages and suggestions: ru or en.": "Язык сообщений и подсказок: ru или en.",
    "The subject, for plain text.": "Тема — для простого текста.",
    "text or json.": "text или json.",
    "Also list what the text already says (address, browser, mail program, error text, provider...), with where it says it.":
        "Также перечислить, что уже сказано в тексте (адрес, браузер, почтовая программа, текст ошибки, провайдер…), и где именно.",
    "Deliver tickets from the outbox through the profile's channel (api or email).":
        "Доставить заявки из исходящих через канал профиля (api или email).",
    "The outbox ticket to send (a unique prefix is enough).": "Заявка из исходящих для отправки (достаточно уникального начала).",
    "Send every waiting ticket (and recover interrupted ones).": "Отправить все ожидающие заявки (и восстановить прерванные).",
    "Print the results as JSON.": "Вывести результаты в JSON.",
    "Sent tickets, newest first, with the desk's number and last known status.":
        "Отправленные заявки, новые сначала, с номером в поддержке и последним известным статусом.",
    "Print as JSON.": "Вывести в JSON.",
    "A sent ticket's whole conversation: the ticket as sent, the desk's answers and your\nfollow-ups in order, with authors, times, files and the status.":
        "Вся переписка по отправленной заявке: заявка как отправлена, ответы поддержки и ваши\nдополнения по порядку, с авторами, временем, файлами и статусом.",
    "The sent ticket (a unique prefix of its id is enough).": "Отправленная заявка (достаточно уникального начала её идентификатора).",
    "Ask the desk (or your mailbox) for new answers first.": "Сначала запросить новые ответы у поддержки (или в вашем почтовом ящике).",
    "Download the desk's files into DIR (names made safe, nothing overwritten).":
        "Скачать файлы поддержки в папку DIR (имена приводятся к безопасным, ничего не перезаписывается).",
    "With --fetch of answers by e-mail: flag them read in the mailbox too.":
        "При --fetch ответов по e-mail: отметить их прочитанными и в почтовом ящике.",
    "Print the conversation as JSON.": "Вывести переписку в JSON.",
    "Sent tickets with answers you have not seen yet, newest first ('ticket show ID' reads them).":
        "Отправленные заявки с непрочитанными ответами, новые сначала (прочитать — «ticket show ID»).",
    "Ask every ticket's desk (and your mailbox) for new answers first.":
        "Сначала запросить новые ответы у поддержки каждой заявки (и в вашем почтовом ящике).",
    "Ask the desk for a sent ticket's current status.": "Запросить у поддержки текущий статус отправленной заявки.",
    "Send a follow-up on a sent ticket (a new problem deserves a new ticket: rule 3).":
        "Отправить дополнение к отправленной заявке (о новой проблеме — новая заявка: правило 3).",
    "The reply's text ('-' reads stdin).": "Текст ответа («-» — прочитать из stdin).",
    "Send even when the rules find errors, such as a new question (recorded with the reply); never for insults.":
        "Отправить, даже если правила находят ошибки, например новый вопрос (это записывается вместе с ответом); для оскорблений — никогда.",
    "Print the JSON Schema of ticket documents (for --from-file).": "Вывести JSON Schema документов заявок (для --from-file).",
    "Saved drafts: list, show, edit, remove.": "Сохранённые черновики: список, просмотр, правка, удаление.",
    "List saved drafts, newest first.": "Список сохранённых черновиков, новые сначала.",
    "Show a draft as the desk would read it.": "Показать черновик так, как его прочитает поддержка.",
    "Print the draft's JSON.": "Вывести JSON черновика.",
    "Open a draft in the wizard to change answers (same as 'ticket resume').":
        "Открыть черновик в диалоге, чтобы изменить ответы (то же, что «ticket resume»).",
    "Remove drafts.": "Удалить черновики.",
    "Draft ids to remove.": "Идентификаторы черновиков для удаления.",
    "Finished tickets waiting in the local outbox.": "Готовые заявки, ожидающие в локальных исходящих.",
    "List tickets in the outbox with their state.": "Список заявок в исходящих и их состояние.",
    "Show a ticket in the outbox, its state, where its files are and how delivery went.":
        "Показать заявку из исходящих: состояние, где лежат её файлы и как прошла доставка.",
    "Print ticket.json and the delivery record.": "Вывести ticket.json и запись о доставке.",
    "Put a refused ticket back in the queue (after fixing the cause) and send it again.":
        "Вернуть отклонённую заявку в очередь (после устранения причины) и отправить снова.",
    "The failed ticket's id.": "Идентификатор отклонённой заявки.",
    "Only put it back in the queue.": "Только вернуть в очередь.",
    "Problem types and their questions.": "Типы проблем и их вопросы.",
    "List problem types.": "Список типов проблем.",
    "Show the questions a problem type asks, with their field keys for --field.":
        "Показать вопросы типа проблемы и ключи полей для --field.",
    "Check a site or a mail server from this computer: DNS, connection, certificate, HTTP, mail ports.":
        "Проверить сайт или почтовый сервер с этого компьютера: DNS, соединение, сертификат, HTTP, почтовые порты.",
    "DNS, TCP connection, TLS certificate and HTTP answer of a site, with the exact error texts.":
        "DNS, TCP-соединение, TLS-сертификат и HTTP-ответ сайта — с точными текстами ошибок.",
    "The address that does not open: https://example.ru/admin or example.ru.":
        "Адрес, который не открывается: https://example.ru/admin или example.ru.",
    "Limit for the whole run, in seconds (every step gets what is left).":
        "Предел на всю проверку в секундах (каждый шаг получает оставшееся время).",
    "Trust only the CA certificates in this PEM file (default: the platform's trust store).":
        "Доверять только сертификатам УЦ из этого PEM-файла (по умолчанию — хранилищу системы).",
    "Ask this DNS server (IP[:PORT]) instead of the system's (or TICKETCLI_DNS_SERVER).":
        "Спрашивать этот DNS-сервер (IP[:ПОРТ]) вместо системного (или TICKETCLI_DNS_SERVER).",
    "Also report this computer's OS, installed browsers and time zone.":
        "Также сообщить операционную систему, установленные браузеры и часовой пояс этого компьютера.",
    "MX records, SMTP/IMAP/POP3 ports, banners, STARTTLS and certificates; optional login test.":
        "Записи MX, порты SMTP/IMAP/POP3, приветствия серверов, STARTTLS и сертификаты; по желанию — проверка входа.",
    "The mailbox: user@domain (its domain's MX records are checked).": "Почтовый ящик: user@domain (проверяются MX-записи его домена).",
    "The mail server to probe (default: the domain's first MX).": "Почтовый сервер для проверки (по умолчанию — первый MX домена).",
    "Also log in with the profile's stored SMTP password (never shown or stored).":
        "Также войти с сохранённым паролем SMTP профиля (он не показывается и не сохраняется).",
    "Probe only this service (smtp, smtps, submission, imaps, imap, pop3s, pop3); repeatable.":
        "Проверить только этот сервис (smtp, smtps, submission, imaps, imap, pop3s, pop3); можно несколько раз.",
    "Another port for a service, SERVICE=PORT (e.g. submission=2525); repeatable.":
        "Другой порт для сервиса, СЕРВИС=ПОРТ (например, submission=2525); можно несколько раз.",
    "Profiles: contract, domain, contact e-mail, desk language.": "Профили: договор, домен, контактный e-mail, язык заявок.",
    "Show the profiles and which one is the default.": "Показать профили и какой из них по умолчанию.",
    "Set one setting of a profile (creates the profile if needed).": "Задать одну настройку профиля (профиль создаётся при необходимости).",
    "Profile to change.": "Профиль, который меняем.",
    "Make a profile the default.": "Сделать профиль профилем по умолчанию.",
    "Create or update a profile by answering a few questions.": "Создать или обновить профиль, ответив на несколько вопросов.",
    "Profile to create or update.": "Профиль, который создаём или обновляем.",
    "Tokens and passwords (API, SMTP, helpdesk, IMAP), kept in the OS keyring.":
        "Токены и пароли (API, SMTP, helpdesk, IMAP) — в хранилище ключей системы.",
    "Store a secret in the OS keyring; asked with hidden input, never taken as an argument.":
        "Сохранить секрет в хранилище ключей системы; вводится скрыто, никогда не передаётся аргументом.",
    "api (the support API token), smtp (the SMTP password), helpdesk (the helpdesk token) or imap (the mailbox password).":
        "api (токен API поддержки), smtp (пароль SMTP), helpdesk (токен helpdesk) или imap (пароль почтового ящика).",
    "Profile the secret belongs to.": "Профиль, к которому относится секрет.",
    "Read the secret from the first line of stdin (for scripts).": "Прочитать секрет из первой строки stdin (для скриптов).",
    "Remove a secret from the keyring.": "Удалить секрет из хранилища ключей.",
    "Agree to a keyring backend that stores secrets in clear text (keyrings.alt's PlaintextKeyring); remembered for the profile.": (
        "Согласиться на хранилище ключей, которое хранит секреты открытым текстом (PlaintextKeyring из keyrings.alt); "
        "запоминается для профиля."
    ),
    "api, smtp, helpdesk or imap.": "api, smtp, helpdesk или imap.",
    "Which secrets are set and where they come from (never their values).": "Какие секреты заданы и откуда берутся (значения не показываются).",
    "Profile to check.": "Профиль для проверки.",
    "Shell completion for bash, zsh and fish.": "Автодополнение для bash, zsh и fish.",
    "Print the completion script for SHELL.": "Вывести скрипт автодополнения для SHELL.",
    "bash, zsh or fish": "bash, zsh или fish",
    "Install the completion script where SHELL looks for it.": "Установить скрипт автодополнения туда, где его ищет SHELL.",
}

#: The words of the help's layout (click's, which Typer shows).
HEADINGS_RU = {
    "Usage: ": "Использование: ",
    "Arguments": "Аргументы",
    "Options": "Параметры",
    "Commands": "Команды",
    "required": "обязательно",
    "default: {default}": "по умолчанию: {default}",
}
