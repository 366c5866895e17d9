"""Every sentence the bot shows a user, looked up by message id in one language's table.

The tables are plain JSON, one file per language (`locales/en.json`, `locales/ru.json`), each
mapping a message id to a `str.format` template with `{name}` placeholders. JSON rather than
gettext: gettext wants compiled `.mo` catalogues and a build step to make them, and the bot has
a few dozen short messages; a JSON table is read by anyone, diffed in review, and a new language
is one more file. English is the fallback for an unknown language and for an id a table lacks,
so a half-translated language still speaks, in English where it must.

Counted words ("1 article", "5 статей") are three entries, `id.one`, `id.few` and `id.many`,
picked by `plural_form`: Russian needs all three, English says `few` and `many` alike.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import Final, Literal

Language = Literal["en", "ru"]
LANGUAGES: Final[tuple[Language, ...]] = ("en", "ru")
DEFAULT: Final[Language] = "en"
PLURAL_FORMS: Final = ("one", "few", "many")


@functools.cache
def table(lang: str) -> dict[str, str]:
    """The language's messages, read once from the package data; empty for an unknown one."""
    if lang not in LANGUAGES:
        return {}
    path = resources.files("newsbot.render").joinpath("locales", f"{lang}.json")
    loaded = json.loads(path.read_text(encoding="utf-8"))
    return {str(key): str(value) for key, value in loaded.items()}


def template(key: str, lang: str = DEFAULT) -> str:
    """The unformatted message: the language's own, else English's; a missing id is a bug."""
    found = table(lang).get(key)
    if found is None:
        found = table(DEFAULT)[key]
    return found


def text(key: str, lang: str = DEFAULT, **fields: object) -> str:
    """The message `key` in `lang`, its `{name}` placeholders filled from `fields`."""
    return template(key, lang).format(**fields)


def plural_form(count: int, lang: str = DEFAULT) -> str:
    """Which of the forms "one", "few", "many" a number takes: Russian says 1, 21 статья; 2,
    3, 4, 22 статьи; 5 to 20, 11 to 14, 25 статей. English has "one" for 1 alone."""
    count = abs(count)
    if lang == "ru":
        if count % 10 == 1 and count % 100 != 11:
            return "one"
        if 2 <= count % 10 <= 4 and not 12 <= count % 100 <= 14:
            return "few"
        return "many"
    return "one" if count == 1 else "many"


def number(count: int, lang: str = DEFAULT) -> str:
    """A number as the language writes it: "1,234" in English, "1 234" (with a no-break space)
    in Russian."""
    written = f"{count:,}"
    return written.replace(",", "\u00a0") if lang == "ru" else written


def counted(key: str, count: int, lang: str = DEFAULT, **fields: object) -> str:
    """The message `key` in the form that `count` takes, with `{count}` filled in."""
    form = plural_form(count, lang)
    return text(f"{key}.{form}", lang, count=number(count, lang), **fields)
