"""Interface language and the message catalogue.

The interface language (prompts, messages, errors) follows ``--lang``, then ``TICKETCLI_LANG``,
then the POSIX locale variables (``LC_ALL``, ``LC_MESSAGES``, ``LANG``): Russian when they say
``ru``, English otherwise. It is independent of the language a ticket is written in.
"""

from __future__ import annotations

import os

LANGS = ("ru", "en")
_current: str | None = None
#: The interface language was given on the command line (``--lang``), not taken from the locale.
_explicit = False


def detect_ui_lang(environ: dict[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    explicit = env.get("TICKETCLI_LANG", "").strip().lower()
    if explicit in LANGS:
        return explicit
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(var, "")
        if value:
            return "ru" if value.lower().startswith("ru") else "en"
    return "en"


def get_lang() -> str:
    global _current
    if _current is None:
        _current = detect_ui_lang()
    return _current


def set_lang(lang: str | None, *, explicit: bool = False) -> None:
    """Set the interface language (None: from the environment again); ``explicit`` when the
    user chose it on the command line (``--lang``)."""
    global _current, _explicit
    _current = lang if lang in LANGS else None
    _explicit = explicit and _current is not None


def lang_explicit() -> bool:
    """Whether the interface language was chosen with ``--lang`` (a draft's own is not then used)."""
    return _explicit


def pick(text: dict[str, str] | str, lang: str | None = None) -> str:
    """Choose the ``lang`` variant of a bilingual text (``{"ru": …, "en": …}``)."""
    if isinstance(text, str):
        return text
    lang = lang or get_lang()
    return text.get(lang) or text.get("en") or next(iter(text.values()), "")


def register(messages: dict[str, tuple[str, str]]) -> None:
    """Add a module's own messages (key: (English, Russian)) to the catalogue."""
    MESSAGES.update(messages)


def t(key: str, /, lang: str | None = None, **kwargs: object) -> str:
    """The message ``key`` in the interface language, formatted with ``kwargs``."""
    entry = MESSAGES[key]
    text = entry[0] if (lang or get_lang()) == "en" else entry[1]
    return text.format(**kwargs) if kwargs else text


def plural_category(n: int, lang: str | None = None) -> str:
    """The CLDR plural category of ``n`` in ``lang`` ("one", "few", "many", "other"), from
    Babel's locale data (imported only when a count is put into words)."""
    from babel.core import Locale

    return Locale.parse(lang or get_lang()).plural_form(abs(n))


def register_plural(messages: dict[str, tuple[dict[str, str], dict[str, str]]]) -> None:
    """Add messages that depend on a count: key: ({category: English}, {category: Russian}),
    with the CLDR categories of each language ("one", "other"; "one", "few", "many")."""
    PLURALS.update(messages)


def tn(key: str, count: int, /, lang: str | None = None, **kwargs: object) -> str:
    """The message ``key`` for ``count`` (``{count}`` in it), in the plural form the language
    needs: "1 problem", "2 problems"; "1 проблема", "3 проблемы", "5 проблем", "21 проблема"."""
    lang = lang or get_lang()
    forms = PLURALS[key][0 if lang == "en" else 1]
    text = forms.get(plural_category(count, lang)) or forms["other"]
    return text.format(count=count, **kwargs)


PLURALS: dict[str, tuple[dict[str, str], dict[str, str]]] = {
    "has_errors": (
        {"one": "{count} problem will make the desk ask back. What now?",
         "other": "{count} problems will make the desk ask back. What now?"},
        {"one": "Найдена {count} проблема, из-за которой поддержка переспросит. Что сделать?",
         "few": "Найдены {count} проблемы, из-за которых поддержка переспросит. Что сделать?",
         "many": "Найдено {count} проблем, из-за которых поддержка переспросит. Что сделать?",
         "other": "Найдено {count} проблемы, из-за которых поддержка переспросит. Что сделать?"},
    ),
}

# key: (English, Russian)
MESSAGES: dict[str, tuple[str, str]] = {
    # errors
    "unknown_type": (
        "Unknown problem type '{value}'. Choose one of: {choices} (see 'ticket types').",
        "Неизвестный тип проблемы «{value}». Выберите один из: {choices} (см. «ticket types»).",
    ),
    "unknown_field": (
        "Unknown field '{key}' for type {type}. Fields of this type: {choices}.",
        "Неизвестное поле «{key}» для типа {type}. Поля этого типа: {choices}.",
    ),
    "field_syntax": (
        "--field takes KEY=VALUE, got '{value}'. Example: --field browser=\"Firefox 128\".",
        "--field принимает КЛЮЧ=ЗНАЧЕНИЕ, получено «{value}». Пример: --field browser=\"Firefox 128\".",
    ),
    "bad_choice": (
        "'{value}' is not a valid value for {field}. Use one of: {choices}.",
        "«{value}» — недопустимое значение для {field}. Используйте одно из: {choices}.",
    ),
    "bad_url": (
        "'{value}' is not a web address. Give a URL or a domain, e.g. https://example.ru or пример.рф.",
        "«{value}» — не адрес сайта. Укажите URL или домен, например https://example.ru или пример.рф.",
    ),
    "bad_domain": (
        "'{value}' is not a domain name. Example: example.ru or пример.рф.",
        "«{value}» — не доменное имя. Пример: example.ru или пример.рф.",
    ),
    "bad_email": (
        "'{value}' is not an e-mail address. Example: user@example.ru.",
        "«{value}» — не адрес электронной почты. Пример: user@example.ru.",
    ),
    "bad_contract": (
        "'{value}' is not a contract number: use letters, digits, '-' and '/' only, e.g. 12-345.",
        "«{value}» — не номер договора: только буквы, цифры, «-» и «/», например 12-345.",
    ),
    "bad_text": (
        "{field}: the text contains control characters (NUL or similar); remove them.",
        "{field}: в тексте есть управляющие символы (NUL и подобные); удалите их.",
    ),
    "bad_unicode": (
        "{field}: the text is not valid UTF-8. Type it again or save the file as UTF-8.",
        "{field}: текст не в корректной кодировке UTF-8. Введите его заново или сохраните файл в UTF-8.",
    ),
    "encoded_word": (
        "{field} contains an encoded-word sequence (=?…?=); write the text itself.",
        "{field}: содержит закодированную последовательность (=?…?=); напишите сам текст.",
    ),
    "bidi_control": (
        "{field} contains invisible text-direction characters; remove them.",
        "{field}: содержит невидимые символы направления текста; удалите их.",
    ),
    "text_too_long": (
        "{field} is too long ({size} characters, at most {limit}). Shorten it or attach the rest as a file.",
        "{field}: слишком длинный текст ({size} символов, не больше {limit}). Сократите его или приложите остальное файлом.",
    ),
    "one_line": (
        "{field} must be a single line.",
        "{field}: значение должно быть в одну строку.",
    ),
    "required": (
        "This answer is required.",
        "Этот ответ обязателен.",
    ),
    "missing_fields": (
        "Missing answers: {fields}. Give them with {flags}, or run without --no-input in a terminal.",
        "Не хватает ответов: {fields}. Укажите их через {flags} или запустите без --no-input в терминале.",
    ),
    "missing_ident": (
        "The ticket needs the contract number or the site's domain: give --contract or --domain, or set them in the profile (ticket config set contract 12-345).",
        "В заявке нужен номер договора или домен сайта: укажите --contract или --domain либо задайте их в профиле (ticket config set contract 12-345).",
    ),
    "attachment_missing": (
        "Attachment '{path}' does not exist. Check the path.",
        "Вложение «{path}» не найдено. Проверьте путь.",
    ),
    "attachment_not_file": (
        "Attachment '{path}' is not a regular file. Attach a file, not a folder or device.",
        "Вложение «{path}» — не обычный файл. Приложите файл, а не папку или устройство.",
    ),
    "attachment_unreadable": (
        "Attachment '{path}' cannot be read ({reason}). Check its permissions.",
        "Вложение «{path}» не читается ({reason}). Проверьте права доступа.",
    ),
    "attachment_link": (
        "Attachment '{path}' is a link to a file elsewhere ({target}); attach that file itself if you mean it.",
        "Вложение «{path}» — ссылка на файл в другом месте ({target}); если вы имели в виду его, приложите сам файл.",
    ),
    "attachment_secret": (
        "Attachment '{path}' looks like a secret ({reason}); a support desk never needs it. Attach something else, or pass --force if you are sure.",
        "Вложение «{path}» похоже на секрет ({reason}); техподдержке он не нужен. Приложите другой файл или добавьте --force, если уверены.",
    ),
    "secret_folder": ("it is under {folder}", "он лежит в {folder}"),
    "secret_name": ("{name} is the name of a key or credentials file", "{name} — имя файла ключа или учётных данных"),
    "secret_content": ("it contains a private key", "в нём закрытый ключ"),
    "attachment_too_big": (
        "Attachment '{path}' is {size} MB; the limit is {limit} MB. Compress it or send a smaller file.",
        "Вложение «{path}» весит {size} МБ, а предел — {limit} МБ. Сожмите его или пришлите файл поменьше.",
    ),
    "json_bad": (
        "{source}: not valid JSON ({reason}). Check the file against 'ticket schema'.",
        "{source}: некорректный JSON ({reason}). Сверьте файл со схемой «ticket schema».",
    ),
    "json_shape": (
        "{source}: {reason}. See 'ticket schema' for the format.",
        "{source}: {reason}. Формат описан в «ticket schema».",
    ),
    "file_unreadable": (
        "Cannot read {path}: {reason}.",
        "Не удалось прочитать {path}: {reason}.",
    ),
    "not_utf8": (
        "{path} is not UTF-8 text. Save it as UTF-8 and try again.",
        "{path} — не текст в UTF-8. Сохраните его в UTF-8 и повторите.",
    ),
    "toml_bad": (
        "The config file {path} is not valid TOML ({reason}). Fix it or move it away and run 'ticket config init'.",
        "Файл настроек {path} — некорректный TOML ({reason}). Исправьте его или уберите и выполните «ticket config init».",
    ),
    "config_key": (
        "Unknown setting '{key}'. Settings: {choices}.",
        "Неизвестная настройка «{key}». Настройки: {choices}.",
    ),
    "config_value": (
        "Setting {key}: {reason}",
        "Настройка {key}: {reason}",
    ),
    "unknown_profile": (
        "No profile named '{name}'. Profiles: {choices}. Create it with 'ticket config init --profile {name}'.",
        "Профиля «{name}» нет. Профили: {choices}. Создайте его: «ticket config init --profile {name}».",
    ),
    "skip_link": ("a symbolic link", "символическая ссылка"),
    "skip_not_folder": ("not a folder", "не папка"),
    "skip_not_file": ("not a regular file", "не обычный файл"),
    "skip_not_uuid": ("not named by a ticket's UUID", "назван не по UUID заявки"),
    "entry_skipped": (
        "{path} is {reason}: ticketcli does not follow links or open such files in its folders. Remove it or put the real file there.",
        "{path} — {reason}: ticketcli не переходит по ссылкам и не открывает такие файлы в своих папках. Удалите его или положите туда настоящий файл.",
    ),
    "bad_id": (
        "'{value}' is not a valid id: ids are letters, digits, '-' and '_'.",
        "«{value}» — некорректный идентификатор: допустимы буквы, цифры, «-» и «_».",
    ),
    "draft_not_found": (
        "No draft '{value}'. See 'ticket drafts list'.",
        "Черновика «{value}» нет. См. «ticket drafts list».",
    ),
    "outbox_not_found": (
        "No ticket '{value}' in the outbox. See 'ticket outbox list'.",
        "В исходящих нет заявки «{value}». См. «ticket outbox list».",
    ),
    "id_too_short": (
        "'{value}' is too short to name a ticket: give at least {min} characters of its id.",
        "«{value}» — слишком коротко, чтобы найти заявку: укажите не меньше {min} символов идентификатора.",
    ),
    "ambiguous_id": (
        "'{value}' matches several items ({matches}); give more characters.",
        "«{value}» подходит к нескольким ({matches}); укажите больше символов.",
    ),
    "draft_corrupt": (
        "Draft {path} is damaged ({reason}). Fix it with 'ticket drafts edit {id}' or remove it with 'ticket drafts rm {id}'.",
        "Черновик {path} повреждён ({reason}). Исправьте его («ticket drafts edit {id}») или удалите («ticket drafts rm {id}»).",
    ),
    "no_tty": (
        "No terminal to ask questions in. Use --no-input with --field/--from-file, or run in a terminal.",
        "Нет терминала для вопросов. Используйте --no-input с --field/--from-file или запустите в терминале.",
    ),
    "interrupted": (
        "Stopped. Your answers are kept in draft {id}: continue with 'ticket resume {id}'.",
        "Остановлено. Ваши ответы сохранены в черновике {id}: продолжить — «ticket resume {id}».",
    ),
    "stopped": ("Stopped; nothing was saved.", "Остановлено; ничего не сохранено."),
    "editor_failed": (
        "The editor '{editor}' failed ({reason}). Set $EDITOR to a working editor.",
        "Редактор «{editor}» не запустился ({reason}). Укажите рабочий редактор в $EDITOR.",
    ),
    "internal": (
        "Internal error: {reason}. Run again with --debug for details and report it.",
        "Внутренняя ошибка: {reason}. Запустите с --debug для подробностей и сообщите о ней.",
    ),
    "disk_error": (
        "Could not save {path}: {reason}. Nothing was lost; free some space and try again.",
        "Не удалось сохранить {path}: {reason}. Ничего не потеряно; освободите место и повторите.",
    ),
    # wizard and results
    "wizard_title": ("New support ticket", "Новая заявка в техподдержку"),
    "ask_type": ("What is the problem about?", "С чем проблема?"),
    "ask_contract": (
        "Contract number (leave empty to give the domain instead)",
        "Номер договора (оставьте пустым, чтобы указать домен)",
    ),
    "ask_domain": ("Your site's domain", "Домен вашего сайта"),
    "ask_contact": (
        "The contact e-mail registered in your contract (optional)",
        "Контактный e-mail, указанный в договоре (необязательно)",
    ),
    "ask_subject": ("Subject", "Тема"),
    "ask_attach": (
        "File to attach (a screenshot; empty to skip)",
        "Файл для вложения (снимок экрана; пусто — пропустить)",
    ),
    "preview_title": ("Ticket preview", "Предпросмотр заявки"),
    "action": ("What next?", "Что дальше?"),
    "action_send": ("Send", "Отправить"),
    "action_edit": ("Edit an answer", "Изменить ответ"),
    "action_editor": ("Edit the description in $EDITOR", "Редактировать описание в $EDITOR"),
    "action_attach": ("Attach a file", "Приложить файл"),
    "action_save": ("Save as draft and quit", "Сохранить черновик и выйти"),
    "action_discard": ("Discard", "Удалить"),
    "which_field": ("Which answer?", "Какой ответ?"),
    "confirm_discard": ("Discard this ticket for good?", "Удалить эту заявку насовсем?"),
    "saved_draft": (
        "Draft {id} saved. Continue with 'ticket resume {id}'.",
        "Черновик {id} сохранён. Продолжить — «ticket resume {id}».",
    ),
    "discarded": ("Draft {id} discarded.", "Черновик {id} удалён."),
    "queued": (
        "Ticket {id} is in the outbox: {path}",
        "Заявка {id} в исходящих: {path}",
    ),
    "removed": ("Removed {id}.", "Удалено: {id}."),
    "no_drafts": ("No drafts.", "Черновиков нет."),
    "no_outbox": ("The outbox is empty.", "Исходящих нет."),
    "config_saved": ("Saved profile '{name}' to {path}.", "Профиль «{name}» сохранён в {path}."),
    "config_set": ("{key} = {value} (profile '{name}').", "{key} = {value} (профиль «{name}»)."),
    "ask_profile_contract": ("Contract number", "Номер договора"),
    "ask_profile_domain": ("Your site's domain", "Домен сайта"),
    "ask_profile_contact": (
        "Contact e-mail registered in the contract",
        "Контактный e-mail из договора",
    ),
    "ask_profile_desk": ("The support desk's e-mail address", "Адрес техподдержки"),
    "ask_profile_lang": ("Language you write tickets in", "Язык заявок"),
    "optional": ("(optional)", "(необязательно)"),
    "choice_other": ("Other…", "Другое…"),
    "other_value": ("Type it in", "Введите своё"),
    "yes": ("yes", "да"),
    "no": ("no", "нет"),
    "col_id": ("ID", "ID"),
    "col_type": ("Type", "Тип"),
    "col_subject": ("Subject", "Тема"),
    "col_updated": ("Updated", "Изменён"),
    "col_state": ("State", "Состояние"),
    "col_key": ("Field", "Поле"),
    "col_fields": ("Fields", "Поля"),
    "col_profile_default": ("profile (* default)", "профиль (* по умолчанию)"),
    "col_setting": ("setting", "настройка"),
    "col_value": ("value", "значение"),
    "col_required": ("Required", "Обязательный"),
    "type_no_questions": (
        "{type}: no questions beyond the description (and your contract number or domain).",
        "{type}: вопросов, кроме описания (и номера договора или домена), нет.",
    ),
    "col_question": ("Question", "Вопрос"),
    "col_kind": ("Answer", "Ответ"),
    "col_name": ("Name", "Имя"),
    "col_title": ("Title", "Название"),
    "check_clean": ("No findings: the desk can act on this {type} ticket.", "Замечаний нет: по этой заявке ({type}) поддержка сможет действовать сразу."),
    "apply_fix": ("Use this text instead?", "Заменить текст на этот?"),
    "rephrase": ("Please rephrase the description", "Переформулируйте, пожалуйста, описание"),
    "split_offer": ("Split it: the second question becomes a draft of its own?", "Разделить: второй вопрос станет отдельным черновиком?"),
    "split_which": ("Text of the second question (it moves to a new draft)", "Текст второго вопроса (он перейдёт в новый черновик)"),
    "split_done": ("The second question is draft {id}: send it with 'ticket resume {id}'.", "Второй вопрос — черновик {id}: отправьте его через «ticket resume {id}»."),
    "fix_now": ("Fix them now", "Исправить сейчас"),
    "send_anyway": ("Send anyway (the desk will probably ask back)", "Всё равно отправить (поддержка, скорее всего, переспросит)"),
    "back": ("Back", "Назад"),
    "rule_errors": ("The ticket breaks the desk's rules ({rules}); fix it, or pass --force to send anyway.", "Заявка нарушает правила поддержки ({rules}); исправьте её или добавьте --force, чтобы отправить всё равно."),
    "polite_blocks": ("The ticket is not sent while it is impolite (rule 7): rephrase it.", "Заявка не будет отправлена, пока она невежлива (правило 7): переформулируйте её."),
    "required_mark": ("yes", "да"),
    "optional_mark": ("no (optional)", "нет"),
    "when_mark": ("only if {cond}", "только если {cond}"),
}
