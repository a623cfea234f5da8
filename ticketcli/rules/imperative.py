"""Turning a request's verb into a polite imperative: "перезапустить" → "перезапустите",
"checked" → "check". A small table of irregular verbs plus suffix rules."""

from __future__ import annotations

# Russian infinitive → polite imperative: irregular or stress-dependent forms.
_RU_TABLE = {
    "дать": "дайте", "выдать": "выдайте", "передать": "передайте", "создать": "создайте",
    "прислать": "пришлите", "выслать": "вышлите", "переслать": "перешлите", "отослать": "отошлите",
    "поднять": "поднимите", "снять": "снимите", "принять": "примите", "занять": "займите",
    "помочь": "помогите", "перенести": "перенесите", "перевести": "переведите",
    "провести": "проведите", "привести": "приведите", "завести": "заведите",
    "найти": "найдите", "прийти": "придите", "зайти": "зайдите", "подойти": "подойдите",
    "открыть": "откройте", "закрыть": "закройте", "смыть": "смойте", "отмыть": "отмойте",
    "получить": "предоставьте", "взять": "возьмите", "стереть": "сотрите", "дописать": "допишите",
    "разобраться": "разберитесь", "связаться": "свяжитесь", "заняться": "займитесь",
    "проверить": "проверьте", "поставить": "поставьте", "добавить": "добавьте",
    "исправить": "исправьте", "отправить": "отправьте", "направить": "направьте",
    "оформить": "оформьте", "увеличить": "увеличьте", "ответить": "ответьте",
    "назначить": "назначьте", "отметить": "отметьте", "пометить": "пометьте",
    "подготовить": "подготовьте", "приготовить": "приготовьте", "выставить": "выставьте",
    "предоставить": "предоставьте", "представить": "представьте", "составить": "составьте",
    "оставить": "оставьте", "переставить": "переставьте", "заправить": "заправьте",
    "сбросить": "сбросьте", "обеспечить": "обеспечьте", "бросить": "бросьте",
    "почистить": "почистите", "очистить": "очистите", "вычистить": "вычистите",
    "поправить": "поправьте", "отправлять": "отправляйте", "уменьшить": "уменьшите",
    "посмотреть": "посмотрите", "просмотреть": "просмотрите", "пересмотреть": "пересмотрите",
    "глянуть": "гляньте", "взглянуть": "взгляните", "вернуть": "верните",
    "выделить": "выделите", "продлить": "продлите", "быть": "будьте", "есть": "ешьте",
    "ехать": "поезжайте", "сделать": "сделайте", "подсказать": "подскажите",
    "рассказать": "расскажите", "показать": "покажите", "указать": "укажите",
    "заказать": "закажите", "привязать": "привяжите", "отвязать": "отвяжите",
    "написать": "напишите", "прописать": "пропишите", "выписать": "выпишите",
    "подписать": "подпишите", "переписать": "перепишите", "вписать": "впишите",
}

_SKIP = frozenset("""
мне нам нас меня пожалуйста пожалуй ещё еще срочно быстро уже сегодня завтра как-нибудь
как нибудь
""".split())


def ru_imperative(inf: str) -> str | None:
    w = inf.lower()
    if w in _RU_TABLE:
        return _RU_TABLE[w]
    refl = ""
    if w.endswith(("ться", "тись")):
        refl, w = "сь", w[:-2]
        if w in _RU_TABLE:
            return _RU_TABLE[w] + refl
    if w.endswith("овать") or w.endswith("евать"):
        return w[:-5] + "уйте" + refl
    if w.endswith(("ывать", "ивать")):
        return w[:-2] + "йте" + refl
    if w.endswith(("зать",)):
        return w[:-4] + "жите" + refl
    if w.endswith(("сать",)):
        return w[:-4] + "шите" + refl
    if w.endswith(("ать", "ять")):
        return w[:-2] + "йте" + refl
    if w.endswith(("оить", "еить", "аить", "уить")):
        return w[:-3] + "йте" + refl
    if w.endswith("ить"):
        return w[:-3] + "ите" + refl
    if w.endswith("еть"):
        return w[:-3] + "ите" + refl
    if w.endswith("нуть"):
        return w[:-3] + "ите" + refl
    if w.endswith("ти"):
        return w[:-2] + "ите" + refl
    if w.endswith("чь"):
        return None
    return None


def is_ru_infinitive(word: str) -> bool:
    w = word.lower()
    return len(w) > 3 and w.endswith(("ть", "ти", "чь", "ться", "тись")) and w not in ("путь", "часть", "сеть", "нить", "ести")


_EN_TABLE = {
    "done": "do", "sent": "send", "made": "make", "set": "set", "reset": "reset", "put": "put",
    "taken": "take", "given": "give", "shut": "shut", "run": "run", "cut": "cut", "built": "build",
    "written": "write", "rewritten": "rewrite", "seen": "see", "got": "get", "gotten": "get",
    "brought": "bring", "bought": "buy", "found": "find", "paid": "pay", "kept": "keep",
    "shown": "show", "told": "tell", "sold": "sell", "split": "split", "spun": "spin",
    "added": "add", "passed": "pass", "filled": "fill", "installed": "install",
    "sped": "speed", "frozen": "freeze", "unfrozen": "unfreeze", "forwarded": "forward",
}


def en_gerund_base(gerund: str) -> str:
    """"checking" → "check", "resetting" → "reset", "renewing" → "renew", "making" → "make"."""
    w = gerund.lower()
    if not w.endswith("ing") or len(w) < 5:
        return w
    return _EN_GERUND.get(w) or en_base(w[:-3] + "ed")


_EN_GERUND = {"making": "make", "taking": "take", "giving": "give", "having": "have", "being": "be",
              "doing": "do", "looking": "look", "seeing": "see", "getting": "get", "setting": "set",
              "putting": "put", "running": "run", "writing": "write", "sending": "send"}


def en_base(participle: str) -> str:
    w = participle.lower()
    if w in _EN_TABLE:
        return _EN_TABLE[w]
    if w.endswith("ied"):
        return w[:-3] + "y"
    if w.endswith("ed"):
        s = w[:-2]
        if len(s) > 2 and s[-1] == s[-2] and s[-1] not in "lsz":
            return s[:-1]
        if s.endswith(("at", "iz", "ov", "ur", "or", "ir", "ar", "bl", "pl", "tl", "dl", "gl", "c", "g", "v", "u", "et", "as", "is", "rs", "ns", "ys", "ut", "id", "ud", "ib", "in", "ar")) and not s.endswith(("ect", "ck", "ain", "oin", "een", "ain")):
            return s + "e"
        return s
    return w
