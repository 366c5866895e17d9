"""Spelling suggestions from the corpus's own vocabulary ("yuoth" → "youth").

A word written as one that the corpus writes as two ("prizegiving", "prize-giving") is
split into its known parts. Otherwise, a word the corpus does not know is compared with known
terms that start with the same letter and have about the same length, by Damerau-Levenshtein
distance on the stems; the closest one, then the most common, wins. Short words are left
alone: at three or four letters almost everything is one edit from something.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import OSA

from newsbot.answering.search_index import Vocabulary

MIN_LENGTH = 5
_MIN_PART = 4
# A correction must be a word of at least two articles: a word seen once is as likely to be
# another name (or another typo) as the word the user meant.
_MIN_FREQUENCY = 2


@dataclass(frozen=True, slots=True)
class Correction:
    """A known term close to an unknown word, and a word form to show the user."""

    term: str
    surface: str
    distance: int


def suggest(surface: str, term: str, vocabulary: Vocabulary) -> Correction | None:
    """The closest known term to the unknown `term`, or None when nothing is close enough."""
    if len(surface) < MIN_LENGTH or not term[:1].isalpha():
        return None
    limit = 1 if len(term) <= 6 else 2
    best: tuple[int, int, str] | None = None
    for candidate, frequency in vocabulary.starting_with(term[0]):
        if abs(len(candidate) - len(term)) > limit or frequency < _MIN_FREQUENCY:
            continue
        distance = edit_distance(term, candidate, limit)
        if distance > limit:
            continue
        key = (distance, -frequency, candidate)
        if best is None or key < best:
            best = key
    if best is None:
        return None
    distance, _, candidate = best
    return Correction(candidate, vocabulary.surface_form(candidate) or candidate, distance)


# A misspelling in the corpus of a question's word is far rarer than the word itself.
_MISSPELLING_RARITY = 50
MIN_MISSPELT_LENGTH = 7


def corpus_misspellings(surface: str, term: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """Terms the corpus has for one-slip misspellings of a known word ("Sheffied" for
    "Sheffield"): a letter dropped, doubled or two letters swapped, and much rarer than it.

    News is typed in a hurry; a question spelt right should still find the article that was not.
    Only slips that writers make are tried, not every edit: a few dozen analyses of a word.
    """
    word = surface.casefold()
    if len(word) < MIN_MISSPELT_LENGTH or not word.isalpha():
        return ()
    frequency = vocabulary.document_frequency(term)
    if frequency < _MIN_FREQUENCY:
        return ()  # a word of one article has no "usual" spelling to set a slip against
    ceiling = max(1, frequency // _MISSPELLING_RARITY)
    # The first letter is left alone: writers seldom slip there, and dropping it makes other
    # words ("equal" → "qual", "saves" → "aves").
    slips = {word[:i] + word[i + 1 :] for i in range(1, len(word))}
    slips.update(word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1))
    slips.update(word[: i + 1] + word[i:] for i in range(1, len(word)))
    slips.discard(word)
    spellings: dict[str, list[str]] = {}
    analyzer = vocabulary.analyzer
    for slip in sorted(slips):
        terms = analyzer.run_terms(slip)
        if len(terms) == 1 and terms[0] != term:
            spellings.setdefault(terms[0], []).append(slip)
    return tuple(
        candidate
        for candidate, written in spellings.items()
        if 0 < vocabulary.document_frequency(candidate) <= ceiling
        # The corpus must write the slip itself, not another word that stems alike ("offeing"
        # and "offs" both stem to "off").
        and vocabulary.writes(candidate, written)
    )


def split_compound(surface: str, vocabulary: Vocabulary) -> tuple[str, str] | None:
    """Two known terms that `surface` is written together from ("prizegiving" → prize, giving)."""
    word = surface.casefold()
    if len(word) < 2 * _MIN_PART or not word.isalpha():
        return None
    analyzer = vocabulary.analyzer
    best: tuple[int, str, str] | None = None
    for cut in range(_MIN_PART, len(word) - _MIN_PART + 1):
        left, right = analyzer.terms(word[:cut]), analyzer.terms(word[cut:])
        if len(left) != 1 or len(right) != 1:
            continue
        if not vocabulary.cooccur(left[0], right[0]):
            continue  # "bitcoin" is not "bit" + "coin" unless the corpus writes them together
        rarity = min(
            vocabulary.document_frequency(left[0]), vocabulary.document_frequency(right[0])
        )
        if best is None or rarity > best[0]:
            best = (rarity, left[0], right[0])
    return None if best is None else (best[1], best[2])


def edit_distance(left: str, right: str, limit: int) -> int:
    """Optimal-string-alignment distance, giving up (limit + 1) once it must exceed `limit`."""
    return OSA.distance(left, right, score_cutoff=limit)
