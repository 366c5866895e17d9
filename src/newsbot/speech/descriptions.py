"""Descriptions of people, and which person a description in a question means.

A question may name a speaker by what the article calls them rather than by name: "what did the
Scotsman journalist say", "what did Empire's reviews editor say", «что сказал министр». The
article says it next to the name: "Empire magazine's reviews editor Dan Jolin", "Mr MacDonell,
political editor of The Scotsman". So each person keeps the words that stand around their name
(a title before it, an appositive after it), and a description is resolved to the person whose
words hold all of its own, allowing for inflection ("министра" is "министр") and for the few
words news uses for the same job ("journalist" for an editor or a correspondent).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from newsbot.speech.document import Document
from newsbot.speech.names import fold, is_cyrillic
from newsbot.speech.vocabulary import STOP_WORDS, WORD_RE

_MAX_LEFT = 8  # words of a title before a name
_MAX_RIGHT = 12  # words of an appositive after it
_SYNONYMS = (
    frozenset(
        """journalist editor reporter correspondent columnist writer commentator critic
        журналист редактор корреспондент обозреватель""".split()
    ),
    frozenset("boss manager coach тренер наставник".split()),
    frozenset("chief head leader глава руководитель лидер".split()),
    frozenset("spokesman spokeswoman spokesperson представитель пресс-секретарь".split()),
    frozenset("minister министр".split()),
    frozenset("president президент".split()),
)
_IGNORED = frozenset({"'s", "’s", "s"})


def describe_mention(doc: Document, first: int, end: int) -> str:
    """The words that describe the person named by tokens `first`..`end`: a title before the
    name ("Empire magazine's reviews editor"), the run's own title ("Home Secretary Charles
    Clarke") and an appositive after it (", political editor of The Scotsman,")."""
    count = len(doc.words)
    left = first
    while left > 0 and first - left < _MAX_LEFT and doc.same_line(left - 1, left):
        word, folded = doc.words[left - 1], doc.folded[left - 1]
        if not word[0].isalnum() or left in doc.sentence_first_tokens or doc.is_verb[left - 1]:
            break
        if folded in STOP_WORDS and folded not in ("the", "of"):
            break
        left -= 1
    right = end
    if end + 1 < count and doc.words[end] == ",":
        right = end + 1
        while right < min(count, end + 1 + _MAX_RIGHT) and doc.words[right] not in ",.;:!?()":
            if doc.is_verb[right] or doc.folded[right] in ("who", "which", "который", "которая"):
                right = end  # a clause, not an appositive
                break
            right += 1
    start = doc.starts[left] if left < first else doc.starts[first]
    stop = doc.ends[right - 1] if right > end else doc.ends[end - 1]
    return " ".join(doc.text[start:stop].split())


# what news calls a role by another name: «глава (российского) государства» is the
# president, «глава правительства» the premier; an adjective may stand between the words
_PHRASES = (
    (re.compile(r"\bглав[аы] ((?:\w+ )?)государства\b"), r"президент \1"),
    (re.compile(r"\bглав[аы] ((?:\w+ )?)правительства\b"), r"премьер \1"),
    (re.compile(r"\bhead of state\b"), "president"),
    (re.compile(r"\bhead of government\b"), "premier"),
)


def _words(text: str) -> list[str]:
    folded = " ".join(fold(word) for word in WORD_RE.findall(text))
    for phrase, role in _PHRASES:
        folded = phrase.sub(role, folded)
    words = folded.split()
    return [
        word[:-2] if word.endswith(("'s", "’s")) else word
        for word in words
        if word not in STOP_WORDS and word not in _IGNORED
    ]


def _same_word(asked: str, written: str) -> bool:
    """The same word, inflected ("министра", "министр"; "reviews", "review"), or a word for
    the same job."""
    if asked == written:
        return True
    shorter, longer = sorted((asked, written), key=len)
    limit = 3 if is_cyrillic(shorter) else 2
    if (
        len(shorter) >= 4
        and longer.startswith(shorter[:-1])
        and len(longer) - len(shorter) <= limit
    ):
        return True
    if is_cyrillic(shorter) and len(shorter) >= 6 and longer.startswith(shorter[:-1]):
        return True  # a country's adjective for its name: «российского», «России»
    return any(asked in group and written in group for group in _SYNONYMS)


def match_description(descriptions: Iterable[tuple[str, str]], description: str) -> str | None:
    """The one person whose descriptions hold every word of `description`, or None when
    nobody does or several people do."""
    asked = _words(description)
    if not asked:
        return None
    found: dict[str, int] = {}
    for person, text in descriptions:
        written = _words(f"{text} {person}")
        if all(any(_same_word(word, other) for other in written) for word in asked):
            found[person] = found.get(person, 0) + 1
    if len(found) == 1:
        return next(iter(found))
    return None if not found else _best(found)


def _best(found: dict[str, int]) -> str | None:
    """Several people fit: the one described so most often, if only one is."""
    ranked: Sequence[tuple[str, int]] = sorted(found.items(), key=lambda item: -item[1])
    return ranked[0][0] if ranked[0][1] > ranked[1][1] else None
