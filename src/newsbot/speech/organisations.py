"""Organisations as speakers: their names as written, and whom "it", "the company" or "the
paper" means when one of them speaks.

Companies, ministries, parties and newspapers make statements ("Weatherford said …", "сообщает
РБК"), and news reports them as it reports people. An organisation is only ever a speaker
through a speech verb: one that is merely the subject of a sentence ("Marsh posted a loss")
speaks no words there. Its name is a run of capitalised words, acronyms and initials, which may
hold "and", "&", "of" ("Hambrecht and Quist Inc", "Bank of England"); it counts as an
organisation when its words say so (Inc, Bank, Ministry …), when it is an acronym, or when a
fuller name of the same organisation was given before ("Weatherford" after "Weatherford
International"). Every test is a bounded look at the tokens beside a verb.
"""

from __future__ import annotations

from bisect import bisect_right, insort
from dataclasses import dataclass

from newsbot.speech.document import Document
from newsbot.speech.names import fold, is_cyrillic
from newsbot.speech.vocabulary import (
    BODY_NOUNS,
    CONNECTORS,
    DAYS,
    DEMONYMS,
    GENERIC_ORG_REFS,
    NOT_ACRONYMS,
    ORG_WORDS,
    OUTLET_WORDS,
    PLACE_ACRONYMS,
    RU_ORG_STEMS,
    STOP_WORDS,
)

_MAX_WORDS = 8
_ABBREVIATIONS = frozenset({"st", "mt", "ft"})
_MAX_BETWEEN = 20  # organisations opening sentences between a speaker and "it said"


@dataclass(frozen=True, slots=True)
class OrgName:
    """An organisation's name in tokens `first`..`last`, as written."""

    name: str
    first: int
    last: int


def _proper(doc: Document, token: int) -> bool:
    """A token that may be part of an organisation's name: a capitalised word that is no stop
    word, an acronym, an initial, or "&"."""
    word = doc.words[token]
    if word == "&":
        return True
    if not word[:1].isupper():
        return False
    if doc.folded[token] in STOP_WORDS:
        # "Sunday Business", "Mail on Sunday", "An All England club", "by The Scotsman": a
        # capitalised word in a name, not a sentence's first word
        if token in doc.sentence_first_tokens or token + 1 >= len(doc.words):
            return False
        lead = doc.folded[token - 1] if token else ""
        inside = doc.folded[token] in ("all", "the") and (
            lead in ("a", "an", "the") or doc.words[token - 1].islower()
        )
        return (doc.folded[token] in DAYS or inside) and doc.words[token + 1][:1].isupper()
    return word.replace("'", "").replace("’", "").replace("-", "").isalnum()


def _glued(doc: Document, left: int, right: int) -> bool:
    """Tokens `left` and `right` are written without a space between them ("U.S.", "M&S")."""
    return doc.ends[left] == doc.starts[right]


def _part(doc: Document, token: int) -> bool:
    """A token inside a name: a proper word, or a dot glued to an initial ("U.S.")."""
    if _proper(doc, token):
        return True
    if doc.words[token] != "." or token == 0 or not _glued(doc, token - 1, token):
        return False
    before = doc.words[token - 1]
    # "U.S.", "St. Jude Medical", but not a full stop after "Corp"
    return (len(before) == 1 and before.isupper()) or doc.folded[token - 1] in _ABBREVIATIONS


def _words_of(doc: Document, first: int, last: int) -> list[str]:
    words: list[str] = []
    for token in range(first, last + 1):
        word = doc.words[token]
        if word.endswith(("'s", "’s")) and token == last:
            word = word[:-2]  # "Tony Blair's", but "Standard and Poor's Corp"
        if words and (word == "." or _glued(doc, token - 1, token)):  # "U.S.", "M&S"
            words[-1] += word
        else:
            words.append(word)
    return words


def name_ending(doc: Document, last: int) -> OrgName | None:
    """The name whose last token is `last`, walking left over its words and connectors."""
    if last < 0 or not _part(doc, last):
        return None
    first = last
    while first > 0 and last - first < _MAX_WORDS and doc.same_line(first - 1, first):
        before = first - 1
        if _part(doc, before):
            first = before
        elif (
            doc.folded[before] in CONNECTORS
            and before > 0
            and _proper(doc, before - 1)
            and not doc.words[before - 1].endswith(("'s", "’s"))
        ):
            first = before - 1
        else:
            break
    while first < last and not _proper(doc, first):
        first += 1
    return OrgName(" ".join(_words_of(doc, first, last)), first, last)


def name_starting(doc: Document, first: int) -> OrgName | None:
    """The name whose first token is `first`, walking right over its words and connectors."""
    count = len(doc.words)
    if first >= count or not _proper(doc, first):
        return None
    last = first
    while last + 1 < count and last - first < _MAX_WORDS and doc.same_line(last, last + 1):
        after = last + 1
        if doc.words[last].endswith(("'s", "’s")):
            break
        if _part(doc, after):
            last = after
        elif doc.folded[after] in CONNECTORS and after + 1 < count and _proper(doc, after + 1):
            last = after + 1
        else:
            break
    while last > first and not _proper(doc, last):
        last -= 1
    return OrgName(" ".join(_words_of(doc, first, last)), first, last)


def with_body_noun(doc: Document, found: OrgName) -> OrgName:
    """The name with the lower-case noun that makes it a body: "the Indonesian government",
    "the United Arab Emirates central bank"."""
    for token in range(found.last + 1, min(len(doc.words), found.last + 3)):
        word = doc.words[token]
        if not (word.isalpha() and word.islower()) or not doc.same_line(token - 1, token):
            break
        if doc.folded[token] in BODY_NOUNS:
            text = doc.text[doc.starts[found.first] : doc.ends[token]]
            return OrgName(" ".join(text.split()), found.first, token)
    return found


def is_acronym(word: str) -> bool:
    letters = word.replace("&", "").replace(".", "")
    return (
        2 <= len(letters) <= 7
        and letters.isalpha()
        and letters.isupper()
        and fold(letters) not in NOT_ACRONYMS
    )


def org_words_in(name: str) -> bool:
    """The name says it is an organisation: "Inc", "Bank", "Ministry", "Банк"."""
    words = name.replace("&", " ").split()
    if len(words) > 1 and "&" in name:
        return True  # "Standard & Poor's", "Marks & Spencer": people are never joined by "&"
    for word in words:
        folded = fold(word.rstrip("."))
        if len(words) > 1 and folded.replace(".", "") in PLACE_ACRONYMS:
            continue  # "U.K. Remained Rowntree" is no organisation for its "U.K."
        if is_cyrillic(folded):
            if any(folded.startswith(stem) for stem in RU_ORG_STEMS):
                return True
        elif (folded in ORG_WORDS and folded not in DEMONYMS) or is_acronym(word):
            return True  # "North American profits" names no organisation
    return False


def compatible(noun: str, name: str) -> bool:
    """Whether "the `noun`" can mean the organisation `name`: any organisation for "it" or
    "the company", the Bank of X for "the bank", a newspaper for "the paper"."""
    if noun in GENERIC_ORG_REFS:
        return True
    folded = [fold(word) for word in name.split()]
    if noun in ("paper", "newspaper", "газета", "издание"):
        return any(word in OUTLET_WORDS for word in folded)
    return any(word == noun or word.startswith(noun[:5]) for word in folded)


class Organisations:
    """The organisations of one text: those named, in order, and those that spoke, so that "it
    said" can find the last one."""

    def __init__(self) -> None:
        # (offset, canonical name, through a spokesman) of each organisation that spoke
        self.names: list[tuple[int, str, bool]] = []
        self.subjects: list[tuple[int, str]] = []  # organisations opening a sentence, in order
        self.mentions: list[tuple[int, str]] = []  # every organisation named, in order
        self.known: dict[str, str] = {}  # folded first or last word of a name -> fullest name
        self.topics: set[str] = set()  # those that spoke or opened a sentence

    def remember(self, name: str, alias: str = "") -> None:
        words = name.split()
        for word in (words[0], words[-1], alias):
            folded = fold(word)
            if folded and folded not in STOP_WORDS and len(name) > len(self.known.get(folded, "")):
                self.known[folded] = name

    def canonical(self, name: str) -> str:
        """The fullest name given for the organisation: "Weatherford" is Weatherford
        International, "the Exchange" the American Stock Exchange, "MEES" the Middle East
        Economic Survey (MEES)."""
        words = name.split()
        return self.known.get(fold(words[0]), name) if len(words) == 1 else name

    def is_known(self, name: str) -> bool:
        return fold(name.split()[0]) in self.known if name.strip() else False

    def is_topic(self, name: str) -> bool:
        """The organisation has spoken or opened a sentence."""
        return name in self.topics

    def opens_sentence(self, pos: int, name: str) -> None:
        self.subjects.append((pos, name))
        self.topics.add(name)

    def spoke(self, pos: int, name: str, spokesman: bool) -> None:
        insort(self.names, (pos, name, spokesman))
        self.topics.add(name)

    def _last(self, pos: int, since: int) -> tuple[int, str, bool] | None:
        index = bisect_right(self.names, (pos, "", False)) - 1
        if index < 0 or self.names[index][0] < since:
            return None
        return self.names[index]

    def last_speaker(self, pos: int, noun: str, since: int, near: int) -> str | None:
        """Whom "it" or "the `noun`" at `pos` means: the organisation that last spoke after
        `since`, if no other one has opened a sentence in between; failing that, the last one to
        open a sentence after `since`; and for "the bank", "the ministry", the last bank or
        ministry named after `near`."""
        last = self._last(pos, since)
        first = bisect_right(self.subjects, (last[0], "\uffff")) if last else 0
        end = bisect_right(self.subjects, (pos, ""))
        others = {name for where, name in self.subjects[max(first, end - _MAX_BETWEEN) : end]}
        if last is not None and others <= {last[1]} and end - first <= _MAX_BETWEEN:
            return last[1] if compatible(noun, last[1]) else None
        if last is None and end and self.subjects[end - 1][0] >= since:
            subject = self.subjects[end - 1][1]  # "The U.S. Agriculture Department is …, it said"
            if compatible(noun, subject):
                return subject
        if noun in GENERIC_ORG_REFS:
            return None
        index = bisect_right(self.mentions, (pos, "")) - 1
        while index >= 0 and self.mentions[index][0] >= near:
            if compatible(noun, self.mentions[index][1]):
                return self.mentions[index][1]  # "… by the UAE central bank …, the bank said"
            index -= 1
        return None

    def spokesman_since(self, pos: int, since: int) -> str | None:
        """The organisation whose spokesman spoke last before `pos`, if after `since`."""
        last = self._last(pos, since)
        return last[1] if last is not None and last[2] else None
