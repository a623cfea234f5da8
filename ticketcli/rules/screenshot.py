"""screenshot [5]: a picture is referred to, or the error can't be copied, yet nothing is attached."""

from __future__ import annotations

from .text import IX, LazyRe

REFERS = LazyRe(r"""
    \bскрин\w* | \bскриншот\w* | \bснимок\s+экрана | \bснимк\w+\s+экрана | \bпринтскрин\w* | \bprint\s*screen
  | \bscreen\s*shot\w* | \bscreen\s*cap\w* | \bscreen\s+capture | \bsnip\w*\s+of\s+the\s+screen
  | \bна\s+(?:картинк\w*|фото\w*|изображени\w*|снимк\w*|экране\s+видно)
  | \b(?:see|on|in)\s+the\s+(?:attached\s+)?(?:picture|image|photo|pic)\b | \bsee\s+attach\w*
  | \battached\s+(?:is\s+)?(?:a\s+|the\s+)?(?:picture|image|photo|pic|file|screenshot)
  | \bво\s+вложени\w* | \bприлага\w* | \bприлож[иуе]л\w* | \bприкрепл\w* | \bприкрепил\w*
  | \b(?:не|never|cannot|can't|can\s+not|couldn't|unable\s+to)\s+(?:могу\s+|получается\s+|удается\s+|удаётся\s+)?
       (?:скопировать|копировать|copy|select\s+the\s+(?:text|error))
  | \bне\s+копиру\w* | \bне\s+выделя\w*
""", IX, hints=("скрин", "снимо", "снимк", "принтскрин", "print", "screen", "snip", "картин", "фото", "изображ", "see", "picture", "image", "photo", "pic",
                "attach", "вложени", "прилага", "прилож", "прикреп", "копир", "copy", "выделя", "select"))


def refers_to_picture(text: str) -> bool:
    return bool(REFERS.search(text))


def check(t):
    if t.attachments:
        return None
    m = REFERS.search(t.text)
    if not m:
        return None
    return t.finding("screenshot", field="attachments", span=m.span())
