"""Whether two names mean the same person, and the index of the people one article names.

Articles shorten and inflect the names they repeat ("Robson" is Sir Bobby Robson, "Путина" is
Путин), so names are compared by surname, with the other words or initials agreeing, and case,
accents, honorifics, titles and Russian case endings ignored. Ranking and quoting use the same
test to match the person a question asks about.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from newsbot.speech.vocabulary import HONORIFICS, ROLES, WORD_RE

_MAX_NAMESAKES = 64  # people sharing a surname worth telling apart; bounds adversarial input


def same_person(name: str, mention: str) -> bool:
    """True when `mention` can refer to `name`: same surname, other words (or initials) agree.

    Case, accents, honorifics and titles are ignored, and Russian case endings are tolerated
    ("Путина" is Путин), because articles shorten and inflect the names they repeat.
    """
    name_words, mention_words = _name_words(name), _name_words(mention)
    if not name_words or not mention_words:
        return False
    shorter, longer = sorted((name_words, mention_words), key=len)
    if not _word_match(shorter[-1], longer[-1]):
        return False
    others = longer[:-1]
    return all(
        any(_word_match(word, other) or _initial(word, other) for other in others)
        for word in shorter[:-1]
    )


def _initial(one: str, other: str) -> bool:
    """One of the words is the other's initial: "W" and "Walter"."""
    return (len(one) == 1 and other.startswith(one)) or (len(other) == 1 and one.startswith(other))


def fold(word: str) -> str:
    if word.isascii():  # most words: nothing to decompose
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


@lru_cache(maxsize=4096)
def _name_words(text: str) -> tuple[str, ...]:
    words = [fold(re.sub(r"['’]s$", "", word)) for word in WORD_RE.findall(text)]
    return tuple(word for word in words if word not in HONORIFICS and word not in ROLES)


def is_cyrillic(word: str) -> bool:
    return not word.isascii() and any("\u0400" <= char <= "\u04ff" for char in word)


def _word_match(one: str, other: str) -> bool:
    """The same word, or in Russian the same word in another case: "Путина" and "Путин"."""
    if one == other:
        return True
    if not (is_cyrillic(one) and is_cyrillic(other)):
        return False
    shorter, longer = sorted((len(one), len(other)))
    if shorter < 4:  # short Asian names inflect too: "Ким Чен Ына"
        return (one.startswith(other) or other.startswith(one)) and longer - shorter <= 1
    pairs = enumerate(zip(one, other, strict=False))
    common = next((index for index, (x, y) in pairs if x != y), shorter)  # the common prefix
    return common >= 4 and common >= longer - 2


def _surname_key(word: str) -> str:
    folded = fold(word)
    return folded[:2] if is_cyrillic(folded) else folded  # Russian endings vary: Ын, Ына


class Names:
    """Canonical person names, looked up by surname so "Robson" finds "Sir Bobby Robson"."""

    def __init__(self) -> None:
        # (where first named, full name), by surname and by first name
        self.by_surname: dict[str, list[tuple[int, str]]] = {}
        self.by_first_name: dict[str, list[tuple[int, str]]] = {}
        self.matches: dict[str, list[tuple[int, str]]] = {}  # by the name looked up

    def find(self, name: str, pos: int) -> str | None:
        """The person `name` refers to: the one named most recently before `pos`, else first."""
        found = self.matches.get(name)
        if found is None:
            found = self.matches[name] = self._match(name)
        before = [entry for entry in found if entry[0] <= pos]
        return max(before)[1] if before else min(found)[1] if found else None

    def _match(self, name: str) -> list[tuple[int, str]]:
        words = WORD_RE.findall(name)
        if not words:
            return []
        namesakes = self.by_surname.get(_surname_key(words[-1]), [])[-_MAX_NAMESAKES:]
        found = [(pos, full) for pos, full in namesakes if same_person(full, name)]
        if not found and len(words) == 2 and words[0].casefold() in ("sir", "dame"):
            # British knights go by first name: "Sir John" is Sir John Bourn
            found = self.by_first_name.get(fold(words[1]), [])[-_MAX_NAMESAKES:]
        return found

    def by_first(self, word: str) -> str | None:
        """The one person named in full whose first name is `word` ("— рассказал Андреа, —" is
        Андреа Падован), or None when nobody or several people bear it."""
        people = {full for _, full in self.by_first_name.get(fold(word), []) if " " in full}
        return people.pop() if len(people) == 1 else None

    def add(self, name: str, pos: int) -> None:
        if self.find(name, pos) is None:
            self.by_surname.setdefault(_surname_key(name.split()[-1]), []).append((pos, name))
            self.by_first_name.setdefault(fold(name.split()[0]), []).append((pos, name))
            self.matches.clear()
