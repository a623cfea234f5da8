"""written-channel [1]: changes of account data and confidential data go in writing only.

Fires (error) when such a request would go by phone or from an address other than the
contract's registered one; with an unknown channel it is advice (info); never through the
provider's form/API or from the registered address.
"""

from __future__ import annotations

from .text import IX, LazyRe

SENSITIVE = {
    "credentials": LazyRe(r"""
        \b(?:смен\w*|сброс\w*|сбросить|восстанов\w*|измен\w*|помен\w*|нов\w+|выслать|вышлите|пришлите|прислать|забыл\w*)\s+(?:\w+\s+){0,2}парол\w*
      | \bпарол\w*\s+(?:\w+\s+){0,3}(?:сброс\w*|смен\w*|восстанов\w*|измен\w*|помен\w*)
      | \b(?:reset|change|recover|new|forgot|forgotten|send\s+me)\s+(?:\w+\s+){0,3}password | \bpassword\s+reset
      | \bдоступ\w*\s+к\s+(?:панел|ящик|ftp|ssh|бд|баз) | \baccess\s+to\s+(?:the\s+|my\s+)?(?:panel|mailbox|ftp|ssh|database)
    """, IX, hints=('парол', 'password', 'доступ', 'access')),
    "transfer": LazyRe(r"""
        \b(?:перенос\w*|перенест\w*|перенес\w*|трансфер\w*|transfer\w*)\b[^.?!\n]{0,40}\b(?:домен\w*|domain\w*)
      | \b(?:домен\w*|domain\w*)\b[^.?!\n]{0,40}\b(?:перенос\w*|перенест\w*|transfer\w*|регистратор\w*|registrar)
      | \bauth\s*(?:info|code)\b | \bauthinfo\b | \bepp\s*(?:code|код)\b | \bкод\w*\s+(?:авторизации|переноса|трансфера)
    """, IX, hints=('перен', 'трансф', 'transfer', 'auth', 'epp', 'код')),
    "owner": LazyRe(r"""
        \bвладел\w* | \bпереоформ\w* | \bпаспорт\w* | \bowner(?:ship)?\b | \bpassport\b | \bсмен\w*\s+(?:юр\w*\s+)?лица
      | \b(?:инн|огрн|кпп)\b
    """, IX, hints=('владел', 'переоформ', 'паспорт', 'owner', 'passport', 'лиц', 'инн', 'огрн', 'кпп')),
    "payment": LazyRe(r"""
        \bреквизит\w* | \bbank\s+details | \bpayment\s+details | \bbilling\s+(?:details|address)
      | \bномер\w*\s+карт\w* | \bcard\s+number
    """, IX, hints=('реквизит', 'bank', 'payment', 'billing', 'карт', 'card')),
    "contact": LazyRe(r"""
        \b(?:смен\w*|измен\w*|помен\w*|обнов\w*|замен\w*|change|update|replace)\b[^.?!\n]{0,40}\b(?:контакт\w*|contact)
      | \b(?:контакт\w*|contact)\w*\s+(?:адрес|e-?mail|почт|телефон|phone|address)\w*[^.?!\n]{0,40}\b(?:на|to|with)\b
    """, IX, hints=('контакт', 'contact')),
    "account": LazyRe(r"""
        \b(?:перев\w*|смен\w*|измен\w*|помен\w*|перейти|switch|change|upgrade|downgrade|move)\b[^.?!\n]{0,30}\b(?:тариф\w*|plan|tariff)
      | \b(?:удал\w*|delete|remove|закр\w*|close|cancel\w*)\b[^.?!\n]{0,25}\b(?:сайт\w*|ящик\w*|аккаунт\w*|учетн\w*|учётн\w*|домен\w*|баз\w*|
           account|site|website|mailbox|domain|database|subscription|договор\w*|contract)
    """, IX, hints=('тариф', 'plan', 'tariff', 'удал', 'delete', 'remove', 'закр', 'close', 'cancel')),
    "dns": LazyRe(r"""
        \b(?:добав\w*|измен\w*|смен\w*|помен\w*|удал\w*|прописа\w*|add|change|update|delete|remove|set\s+up|create)\b[^.?!\n]{0,40}
        \b(?:dns|mx|txt|cname|a-?запис\w*|ns|nameservers?|records?|запис\w*)\b
    """, IX, hints=('dns', 'mx', 'txt', 'cname', 'запис', 'ns', 'nameserver', 'record')),
}


def detect(t) -> list[str]:
    text = t.text + "\n" + (t.subject or "")
    kinds = [k for k, rx in SENSITIVE.items() if rx.search(text)]
    for k, _a, _b in t.secrets:
        kinds.append(k)
    return list(dict.fromkeys(kinds))


def check(t):
    if t.channel in ("api", "email-registered"):
        return None
    kinds = detect(t)
    if not kinds:
        return None
    from . import messages  # noqa: PLC0415

    what = messages.what(kinds, t.ui_lang)
    if t.channel in ("email-other", "phone"):
        return t.finding("written-channel", field="channel", what=what)
    return t.finding("written-channel", severity="info", field="channel", what=what)
