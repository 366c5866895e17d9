"""Which runs of capitalised words name people, and the titles and roles around the names.

A run may carry a title ("Home Secretary Charles Clarke"), be an organisation or a place ("Lib
Dem", "Downing Street"), or glue a Russian sentence-opening or genitive word to a name; these
helpers split titles off and rule out what only looks like a person.
"""

from __future__ import annotations

from newsbot.speech.document import Doc
from newsbot.speech.names import is_cyrillic
from newsbot.speech.vocabulary import (
    DEPUTIES,
    HONORIFICS,
    OBLIQUE,
    ORG_WORDS,
    PATRONYMIC,
    PLACE_PREFIXES,
    ROLES,
    RU_ORG_STEMS,
)


def role_named(low: str) -> str | None:
    """The role a lower-cased token names, "co-chairman" included, or None."""
    if low in ROLES:
        return low
    return low if "-" in low and low.rsplit("-", 1)[-1] in ROLES else None


def role_at(doc: Doc, k: int) -> str | None:
    """The role token k names, told apart from its deputies and predecessors: the Deputy Prime
    Minister is not who "the prime minister said" means."""
    key = role_named(doc.low[k])
    if key is None:
        return None
    for t in range(k - 1, max(-1, k - 4), -1):
        if not doc.words[t][0].isalnum():
            break
        if doc.low[t] in DEPUTIES:
            return f"deputy {key}"
    return key


def split_run(words: list[str]) -> tuple[list[str], str | None]:
    """The name after the last title in a run ("Home Secretary Charles Clarke"), and the title."""
    titles = [
        k
        for k, w in enumerate(words)
        if w.casefold().rstrip(".") in HONORIFICS or role_named(w.casefold())
    ]
    if not titles:
        return words, None
    k = titles[-1]
    return words[k + 1 :], words[k]


def _org_word(low: str) -> bool:
    if not is_cyrillic(low):
        return low in ORG_WORDS
    return any(low.startswith(s) and len(low) - len(s) <= 3 for s in RU_ORG_STEMS)


def run_name(doc: Doc, a: int, b: int) -> tuple[list[str], str | None]:
    """`split_run` for the run in tokens a..b, minus a Russian sentence-opening or genitive
    word glued to a name ("Скончался Аркадий Арканов", "адвокат Алёхиной Оксана Дарова")."""
    name, title = split_run(doc.run_words(a, b))
    orgish = [k for k, w in enumerate(name) if _org_word(w.casefold())]
    if orgish and orgish[-1] < len(name) - 2:  # "Treasury Paul Boateng", "Lib Dem Vince Cable"
        name, title = name[orgish[-1] + 1 :], title or name[orgish[-1]]
    glued = a in doc.sent_toks or name[0].casefold().endswith(OBLIQUE) if name else False
    if len(name) >= 3 and is_cyrillic(name[0]) and not name[1].endswith(PATRONYMIC) and glued:
        name = name[1:]
    return name, title


def bad_name(doc: Doc, name: list[str], a: int, b: int, titled: bool) -> bool:
    """Organisations and places look like names; their words and context give them away."""
    if not 1 <= len(name) <= 4 or name[0].casefold() in PLACE_PREFIXES:
        return True
    if any(_org_word(word.casefold()) for word in name):
        return True
    after = doc.low[b] if b < len(doc.words) else ""
    before = doc.low[a - 1] if a else ""
    acronym = (after == "(" and b + 1 < len(doc.words) and doc.words[b + 1].isupper()) or (
        before == "(" and a > 1 and doc.words[a - 2].isupper()
    )
    owner = doc.words[b - 1].endswith(("'s", "’s"))  # "John Prescott's department" is his
    org_next = after in ORG_WORDS and not owner
    return org_next or acronym or (len(name) > 1 and before == "the" and not titled)
