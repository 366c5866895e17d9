"""Which runs of capitalised words name people, and the titles and roles around the names.

A run may carry a title ("Home Secretary Charles Clarke"), be an organisation or a place ("Lib
Dem", "Downing Street"), or glue a Russian sentence-opening or genitive word to a name; these
helpers split titles off and rule out what only looks like a person.
"""

from __future__ import annotations

from newsbot.speech.document import Document
from newsbot.speech.names import is_cyrillic
from newsbot.speech.vocabulary import (
    DEPUTIES,
    HONORIFICS,
    NOUN_NAMES,
    OBLIQUE_ENDINGS,
    ORG_WORDS,
    PATRONYMIC_ENDINGS,
    PLACE_PREFIXES,
    ROLE_PREFIXES,
    ROLES,
    RU_ORG_STEMS,
)

# abbreviations news writes for a role: "the PM said" is the prime minister
_ROLE_ABBREVIATIONS = {"pm": "minister"}


def role_named(folded: str) -> str | None:
    """The role a casefolded token names, "co-chairman" included, or None."""
    if folded in ROLES:
        return folded
    if folded in _ROLE_ABBREVIATIONS:
        return _ROLE_ABBREVIATIONS[folded]
    prefix, _, role = folded.rpartition("-")
    # "co-chairman", "vice-president", «вице-премьер», but not the surname "McEwen-King"
    return folded if role in ROLES and prefix.rsplit("-", 1)[-1] in ROLE_PREFIXES else None


def role_at(doc: Document, token: int) -> str | None:
    """The role `token` names, told apart from its deputies and predecessors: the Deputy Prime
    Minister is not who "the prime minister said" means."""
    role = role_named(doc.folded[token])
    if role is None:
        return None
    for before in range(token - 1, max(-1, token - 4), -1):
        if not doc.words[before][0].isalnum():
            break
        if doc.folded[before] in DEPUTIES:
            return f"deputy {role}"
    return role


def split_run(words: list[str]) -> tuple[list[str], str | None]:
    """The name after the last title in a run ("Home Secretary Charles Clarke"), and the title."""
    titles = [
        index
        for index, word in enumerate(words)
        if word.casefold().rstrip(".") in HONORIFICS or role_named(word.casefold())
    ]
    if not titles:
        return words, None
    last_title = titles[-1]
    return words[last_title + 1 :], words[last_title]


def _org_word(folded: str) -> bool:
    if not is_cyrillic(folded):
        return folded in ORG_WORDS
    return any(folded.startswith(stem) and len(folded) - len(stem) <= 3 for stem in RU_ORG_STEMS)


def run_name(doc: Document, first: int, end: int) -> tuple[list[str], str | None]:
    """`split_run` for the run of tokens `first`..`end`, minus a Russian sentence-opening or
    genitive word glued to a name ("Скончался Аркадий Арканов", "адвокат Алёхиной Оксана
    Дарова")."""
    name, title = split_run(doc.run_words(first, end))
    orgish = [index for index, word in enumerate(name) if _org_word(word.casefold())]
    if orgish and orgish[-1] < len(name) - 2:  # "Treasury Paul Boateng", "Lib Dem Vince Cable"
        name, title = name[orgish[-1] + 1 :], title or name[orgish[-1]]
    glued = (
        first in doc.sentence_first_tokens
        or name[0].casefold().endswith(OBLIQUE_ENDINGS)
        or (len(name) == 3 and name[0].endswith(("а", "я", "ы", "и")))  # «Кембриджа Роберт Хили»
        if name
        else False
    )
    if (
        len(name) >= 3
        and is_cyrillic(name[0])
        and not name[1].endswith(PATRONYMIC_ENDINGS)
        and glued
    ):
        name = name[1:]
    if (
        len(name) >= 2
        and first in doc.sentence_first_tokens
        and title is None
        and doc.words[first] == name[0]
        and is_cyrillic(name[0])
        and name[0].casefold() in doc.lower_words
        and name[0].casefold() not in NOUN_NAMES
    ):
        name = name[1:]  # «Кандидатура Монти была поддержана»: a noun, then the name
    if len(name) == 4 and all(map(is_cyrillic, name)) and not name[2].endswith(PATRONYMIC_ENDINGS):
        name = name[2:]  # «Врач Хиллари Клинтон Лиза Бардек»: the doctor, Лиза Бардек
    return name, title


def bad_name(doc: Document, name: list[str], first: int, end: int, titled: bool) -> bool:
    """Organisations and places look like names; their words and context give them away."""
    if not 1 <= len(name) <= 4 or name[0].casefold() in PLACE_PREFIXES:
        return True
    if any(_org_word(word.casefold()) for word in name):
        return True
    after = doc.folded[end] if end < len(doc.words) else ""
    before = doc.folded[first - 1] if first else ""
    acronym = (after == "(" and end + 1 < len(doc.words) and doc.words[end + 1].isupper()) or (
        before == "(" and first > 1 and doc.words[first - 2].isupper()
    )
    owner = doc.words[end - 1].endswith(("'s", "’s"))  # "John Prescott's department" is his
    org_next = after in ORG_WORDS and not owner
    return org_next or acronym or (len(name) > 1 and before == "the" and not titled)
