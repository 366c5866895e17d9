"""Spelling corrections from the corpus's own vocabulary ("yuoth" → "youth").

A word written as one that the corpus writes as two ("prizegiving", "prize-giving") is
split into its known parts. A slip of a frequent function word ("waht", "teh", "hwo", "abuot")
is that function word: it shapes the question, and it must never make the question look as if
it asked about something no article mentions. Otherwise, a word the corpus does not know is
compared, as written, with the words the corpus writes: first the known words one edit away
from it, then known words of the same initial that are two edits away (for long words) or that
sound alike (the same consonants: "blare", "Blair"). Among the closest, the most frequent in
the corpus wins, so "elction" is "election", not "electioneering", whose stem happens to be
one edit from the misspelling's. Short words are left alone: at three or four letters almost
everything is one edit from something.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from newsbot.answering.search_index import Vocabulary
from newsbot.text.tokens import FORMAT_CHARS

MIN_LENGTH = 5
_MIN_PART = 4
# A correction must be a word of at least two articles: a word seen once is as likely to be
# another name (or another typo) as the word the user meant.
_MIN_FREQUENCY = 2
# Known words of the same initial, two edits away or sounding alike, whose written form is
# looked up (each costs reading a passage): the most frequent ones.
_SHORTLIST = 12

# Frequent English function words, most frequent first (the question words among them), as a
# slip of one of them is read. All are stop words or question words (a test checks it).
FUNCTION_WORDS = tuple(
    """
    the and that for with this have from they you his her she what which there their about
    would will who when were been has had are was not but all can said out them some
    than then into its how could other these those also did does only over after where why
    because should say tell much many before being through under while again between
    """.split()
)
_ALPHABETS = (string.ascii_lowercase, "абвгдежзийклмнопрстуфхцчшщъыьэюя")


@dataclass(frozen=True, slots=True)
class Correction:
    """A known term close to an unknown word, and a word form to show the user."""

    term: str
    surface: str
    distance: int


def plain(surface: str) -> str:
    """A word as spelling compares it: case-folded, invisible format characters removed."""
    return FORMAT_CHARS.sub("", surface).casefold()


def function_word(surface: str) -> str | None:
    """The frequent function word `surface` is a slip of ("waht" → "what"), or None.

    A slip is two neighbouring letters swapped, the typist's commonest error; for the longer
    function words ("about", "which") also a letter dropped, added or mistyped after the first.
    Swaps alone for the short ones: "tall" is one letter from "all", "must" from "musk".
    The caller checks that the corpus does not know the word itself.
    """
    word = plain(surface)
    if len(word) < 3 or not word.isascii() or not word.isalpha() or word in FUNCTION_WORDS:
        return None
    for target in FUNCTION_WORDS:
        if len(target) == len(word) and _swapped(word, target):
            return target
        if (
            len(target) >= 5
            and word[0] == target[0]
            and abs(len(target) - len(word)) <= 1
            and edit_distance(word, target, 1) == 1
        ):
            return target
    return None


def _swapped(word: str, target: str) -> bool:
    """True when `target` is `word` with two neighbouring letters swapped."""
    differ = [position for position, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and word[differ[0]] == target[differ[1]]
        and word[differ[1]] == target[differ[0]]
    )


def suggest(
    surface: str,
    term: str,
    vocabulary: Vocabulary,
    writes: Callable[[str, str], bool] | None = None,
) -> Correction | None:
    """The known word closest to the unknown `surface` (whose term is `term`), or None when
    nothing is close enough. Closeness is measured between the words as written.

    `writes(term, word)` says whether the corpus writes `term` as `word` (by default, where it
    first writes the term): a word one edit away is shown as the correction only then, since an
    edit may merely stem like a word ("blaire" stems as "blair").
    """
    word = plain(surface)
    if len(word) < MIN_LENGTH or not word.isalpha() or not term[:1].isalpha():
        return None
    confirm = writes or (lambda known, form: vocabulary.writes(known, [form]))
    edits = _one_edit_away(word, term, vocabulary)
    found = {candidate: (1, forms[0]) for candidate, forms in edits.items()}
    for candidate in _shortlist(term, vocabulary, found):
        close = _closeness(word, term, candidate, vocabulary, confirm)
        if close is not None:
            found[candidate] = close
    if not found:
        return None
    candidate, (distance, written) = min(
        found.items(),
        key=lambda item: (item[1][0], -vocabulary.document_frequency(item[0]), item[0]),
    )
    if candidate in edits:
        # Shown as the corpus writes it: an edit may merely stem like a word ("blaire" for
        # "blair"), and a stem stand for several ("feder": "federer", "federal").
        written = next(
            (form for form in edits[candidate] if confirm(candidate, form)),
            vocabulary.surface_form(candidate) or written,
        )
    return Correction(candidate, written, distance)


def _one_edit_away(word: str, term: str, vocabulary: Vocabulary) -> dict[str, list[str]]:
    """The known terms (of two articles or more) of the words one edit from `word`, each with
    those words."""
    edits: dict[str, list[str]] = {}
    words = sorted(_one_edit(word))
    for edit, edit_term in zip(words, vocabulary.analyzer.word_terms(words), strict=True):
        if edit_term is not None and edit_term != term:
            edits.setdefault(edit_term, []).append(edit)
    return {
        candidate: forms
        for candidate, forms in edits.items()
        if vocabulary.document_frequency(candidate) >= _MIN_FREQUENCY
    }


def _shortlist(term: str, vocabulary: Vocabulary, found: dict[str, tuple[int, str]]) -> list[str]:
    """Known terms of the same initial, of two articles or more, whose stems are within two
    edits of the word's: the most frequent `_SHORTLIST` of them."""
    shortlist: list[tuple[int, str]] = []
    for candidate, frequency in vocabulary.starting_with(term[0]):
        if frequency < _MIN_FREQUENCY or candidate in found:
            continue
        if abs(len(candidate) - len(term)) > 2 or edit_distance(term, candidate, 2) > 2:
            continue
        shortlist.append((frequency, candidate))
    return [candidate for _, candidate in sorted(shortlist, reverse=True)[:_SHORTLIST]]


def _closeness(
    word: str,
    term: str,
    candidate: str,
    vocabulary: Vocabulary,
    confirm: Callable[[str, str], bool],
) -> tuple[int, str] | None:
    """(distance, written form) of a known term to the typed word, compared as written, or None
    when too far: two edits for a word whose stem has seven letters or more, one otherwise, and
    two for a form that sounds alike (see `_sounds_alike`), which count as one.

    The corpus's first form of the term may be another inflection ("metastasis" where the word
    is "matasteses"), so the term with the word's own ending ("metastases") is a form too, when
    the corpus writes it.
    """
    limit = 1 if len(term) <= 6 else 2
    sound = sound_key(word)
    forms: list[tuple[str, bool]] = []  # (form, whether the corpus must be seen to write it)
    first = vocabulary.surface_form(candidate)
    if first is not None:
        forms.append((first, False))
    if word.startswith(term) and candidate + word[len(term) :] != first:
        forms.append((candidate + word[len(term) :], True))
    best: tuple[int, str] | None = None
    for form, unseen in forms:
        distance = edit_distance(word, form, 2)
        if distance == 2 and _sounds_alike(word, form, sound):
            distance = 1  # "blare" for "Blair": one slip of the ear
        elif not 1 <= distance <= limit:
            continue
        if best is not None and distance >= best[0]:
            continue
        if unseen and not (
            vocabulary.analyzer.run_terms(form) == [candidate] and confirm(candidate, form)
        ):
            continue
        best = (distance, form)
    return best


def _one_edit(word: str) -> set[str]:
    """Every word one edit from `word` (a letter dropped, swapped with the next, changed or
    added), the first letter left alone: writers seldom slip there."""
    alphabet = next((letters for letters in _ALPHABETS if word[0] in letters), "")
    edits = {word[:i] + word[i + 1 :] for i in range(1, len(word))}
    edits.update(word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(1, len(word) - 1))
    for i in range(1, len(word) + 1):
        for letter in alphabet:
            edits.add(word[:i] + letter + word[i:])
            if i < len(word):
                edits.add(word[:i] + letter + word[i + 1 :])
    edits.discard(word)
    return edits


def _sounds_alike(word: str, form: str, sound: str | None) -> bool:
    """True when `form` differs from `word` only as a slip of the ear would make it: the same
    length and the same three or more consonants in order ("blare", "blair"), so that only the
    vowels moved or changed ("barack" and "brick" share their consonants, not their length)."""
    return (
        sound is not None
        and len(sound) >= 3
        and len(form) == len(word)
        and sound_key(form) == sound
    )


def sound_key(word: str) -> str | None:
    """The word's consonants in order, repeats collapsed and "x" as "ks": what two spellings
    that sound alike share, since the vowels are what a writer hears least surely ("blare" and
    "blair" are both "blr"; "brexit", "brkst", is not "breast", "brst"). None for a word not in
    ASCII letters."""
    if not word or not word.isascii() or not word.isalpha():
        return None
    key: list[str] = []
    for letter in word.replace("x", "ks"):
        if letter not in "aeiouyhw" and (not key or key[-1] != letter):
            key.append(letter)
    return "".join(key)


# A misspelling in the corpus of a question's word is far rarer than the word itself.
_MISSPELLING_RARITY = 50
MIN_MISSPELT_LENGTH = 7


def corpus_misspellings(surface: str, term: str, vocabulary: Vocabulary) -> tuple[str, ...]:
    """Terms the corpus has for one-slip misspellings of a known word ("Sheffied" for
    "Sheffield"): a letter dropped, doubled or two letters swapped, and much rarer than it.

    News is typed in a hurry; a question spelt right should still find the article that was not.
    Only slips that writers make are tried, not every edit: a few dozen analyses of a word.
    """
    word = plain(surface)
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


def compound_parts(surface: str, vocabulary: Vocabulary) -> tuple[tuple[str, str], str] | None:
    """The two known terms that `surface` is written together from, and the word as two
    ("prizegiving" → (prize, give), "prize giving")."""
    word = plain(surface)
    if len(word) < 2 * _MIN_PART or not word.isalpha():
        return None
    analyzer = vocabulary.analyzer
    best: tuple[int, str, str, int] | None = None
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
            best = (rarity, left[0], right[0], cut)
    if best is None:
        return None
    _, left_term, right_term, cut = best
    return (left_term, right_term), f"{word[:cut]} {word[cut:]}"


def split_compound(surface: str, vocabulary: Vocabulary) -> tuple[str, str] | None:
    """Two known terms that `surface` is written together from ("prizegiving" → prize, giving)."""
    parts = compound_parts(surface, vocabulary)
    return None if parts is None else parts[0]


def edit_distance(left: str, right: str, limit: int) -> int:
    """Optimal-string-alignment distance, giving up (limit + 1) once it must exceed `limit`."""
    return OSA.distance(left, right, score_cutoff=limit)
