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
    a, b = _name_words(name), _name_words(mention)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    if not _word_match(short[-1], long_[-1]):
        return False
    rest = long_[:-1]
    return all(any(_word_match(w, x) or _initial(w, x) for x in rest) for w in short[:-1])


def _initial(a: str, b: str) -> bool:
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def fold(word: str) -> str:
    if word.isascii():  # most words: nothing to decompose
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def _name_words(text: str) -> tuple[str, ...]:
    words = [fold(re.sub(r"['’]s$", "", w)) for w in WORD_RE.findall(text)]
    return tuple(w for w in words if w not in HONORIFICS and w not in ROLES)


def is_cyrillic(word: str) -> bool:
    return not word.isascii() and any("\u0400" <= c <= "\u04ff" for c in word)


def _word_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if not (is_cyrillic(a) and is_cyrillic(b)):
        return False
    if min(len(a), len(b)) < 4:  # short Asian names inflect too: "Ким Чен Ына"
        return (a.startswith(b) or b.startswith(a)) and abs(len(a) - len(b)) <= 1
    common = next(
        (k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return common >= 4 and common >= max(len(a), len(b)) - 2


def _key(word: str) -> str:
    folded = fold(word)
    return folded[:2] if is_cyrillic(folded) else folded  # Russian endings vary: Ын, Ына


class Names:
    """Canonical person names, looked up by surname so "Robson" finds "Sir Bobby Robson"."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[tuple[int, str]]] = {}
        self.by_first: dict[str, list[tuple[int, str]]] = {}
        self.matches: dict[str, list[tuple[int, str]]] = {}

    def find(self, name: str, pos: int) -> str | None:
        """The person `name` refers to: the one named most recently before `pos`, else first."""
        found = self.matches.get(name)
        if found is None:
            found = self.matches[name] = self._match(name)
        before = [c for c in found if c[0] <= pos]
        return max(before)[1] if before else min(found)[1] if found else None

    def _match(self, name: str) -> list[tuple[int, str]]:
        words = WORD_RE.findall(name)
        if not words:
            return []
        namesakes = self.by_key.get(_key(words[-1]), [])[-_MAX_NAMESAKES:]
        found = [(p, n) for p, n in namesakes if same_person(n, name)]
        if not found and len(words) == 2 and words[0].casefold() in ("sir", "dame"):
            # British knights go by first name: "Sir John" is Sir John Bourn
            found = self.by_first.get(fold(words[1]), [])[-_MAX_NAMESAKES:]
        return found

    def add(self, name: str, pos: int) -> None:
        if self.find(name, pos) is None:
            self.by_key.setdefault(_key(name.split()[-1]), []).append((pos, name))
            self.by_first.setdefault(fold(name.split()[0]), []).append((pos, name))
            self.matches.clear()
