"""Metadata of every rule, in the order of ``shared/docs/rules.md`` (the contract)."""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType

ALL_TYPES = ("site-access", "mail", "domain", "hosting", "ssl", "account-change", "other")


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    severity: str  # default severity
    title_ru: str
    title_en: str
    types: tuple[str, ...] | None  # None = every type
    source: str  # paragraph of the desk's rules: "[2]", "example 1", …

    def title(self, lang: str = "en") -> str:
        return self.title_ru if lang == "ru" else self.title_en

    def applies_to(self, type_: str) -> bool:
        return self.types is None or type_ in self.types


_RULES = [
    Rule("identify", "error", "Номер договора или домен", "Contract number or domain", None, "[2]"),
    Rule("subject", "error", "Тема письма", "Subject line", None, "[3]"),
    Rule("one-question", "warning", "Один вопрос на заявку", "One question per ticket", None, "[3]"),
    Rule("vague", "error", "Подробное описание", "Detailed description", None, "[5]"),
    Rule("error-text", "error", "Текст ошибки, а не номер", "Error text, not its number", None, "[5]"),
    Rule("isp", "warning", "Провайдер доступа в Интернет", "Internet provider", ("site-access",), "[5]"),
    Rule("screenshot", "warning", "Скриншот ошибки", "Screenshot of the error", None, "[5]"),
    Rule("site-url", "error", "Адрес сайта", "Site address", ("site-access",), "example 1"),
    Rule("site-browser", "error", "Браузер", "Browser", ("site-access",), "example 1"),
    Rule("mail-client", "error", "Почтовая программа", "Mail program", ("mail",), "example 2"),
    Rule("mail-direction", "error", "Отправка или приём", "Sending or receiving", ("mail",), "example 2"),
    Rule("mail-history", "warning", "Работала ли почта раньше", "Did mail work before", ("mail",), "example 2"),
    Rule("please", "warning", "Просьба, а не вопрос", "A request, not a question", None, "[6]"),
    Rule("polite", "error", "Вежливость", "Politeness", None, "[7]"),
    Rule("written-channel", "error", "Только письменно", "In writing only", None, "[1]"),
    Rule("secret", "error", "Секреты в тексте", "Secrets in the text", None, "[1], security"),
]

RULES: "MappingProxyType[str, Rule]" = MappingProxyType({r.id: r for r in _RULES})
