"""Text → index terms: normalise, tokenise, drop stop words, stem.

Articles and questions go through the same `Analyzer`, so that a question matches the article
that uses the same word in another form ("youth's" and "Youth", "$1.13bn" and "1.13 billion").

Tokens are found in the original text, so that their offsets can be used to mark matched words in
a quote; normalisation is applied to each token afterwards. The stemmer is chosen by the token's
script: Cyrillic words are stemmed as Russian, Latin words with the article's Latin-script
language (English by default).

Three things are decided by the token as written, not by its normalised form:

- An acronym in capitals of 2-5 ASCII letters whose lower-case form is a stop word ("US", "IT",
  "WHO", "AM") is a term, its lower-case letters unstemmed: "US" is "us", as "U.S." always was.
  The pronoun "us" stays a stop word, so it never produces that term. In a stretch of capitals
  (a headline, a shouted question, a corpus typed in capitals) words are read as lower case
  (see `tokens.run_keys`), so "WHO WAS OSCAR?" has no acronym in it.
- A name of short parts joined by "&" ("M&S", "AT&T", "P&O") is one term, "m&s".
- "m" glued to a number is a million when a currency sign opens it ("£600m") and ambiguous
  otherwise ("the 100m final", "14m viewers"): its term is then "m", a term nothing else makes
  (single letters are dropped), which the question side searches together with both readings
  (see `UNIT_READINGS`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import Stemmer

from newsbot.text.language import DEFAULT_LANGUAGE, LATIN_SCRIPT, STEMMERS
from newsbot.text.stopwords import BY_LANGUAGE
from newsbot.text.tokens import FORMAT_CHARS, RUN_PATTERN, TOKEN, could_shout, run_keys

# Bump when analysis changes, so that saved indexes built with the old analysis are rebuilt.
# 4: passages have a hard size bound (text.passages.MAX_FACTOR)
# 5: format characters join words; acronyms in capitals, names with "&", a bare "100m"
ANALYZER_VERSION = 5

MAX_TERM_CHARS = 64
_CACHE_LIMIT = 500_000

_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")

# Abbreviations that always mean a quantity, and their spelled-out forms.
_QUANTITY_WORDS = {
    "bn": "billion",
    "bln": "billion",
    "mln": "million",
    "mn": "million",
    "tn": "trillion",
    "trn": "trillion",
    "млн": "миллион",
    "млрд": "миллиард",
    "трлн": "триллион",
    "тыс": "тысяча",
}
# Abbreviations that mean a quantity only when glued to a number: "£600m", "50k".
_NUMBER_SUFFIXES = {"m": "million", "k": "thousand", "b": "billion"} | {
    key: value for key, value in _QUANTITY_WORDS.items() if key.isascii()
}
# "m" glued to a number with no currency sign: metres or million. Its term is the letter itself,
# which no word gives (single letters are dropped); these are the words it may stand for.
AMBIGUOUS_UNIT = "m"
UNIT_READINGS: dict[str, tuple[str, ...]] = {AMBIGUOUS_UNIT: ("million", "metres")}
# Capitals that spell a stop word are an acronym: "US", "IT", "WHO" (a possessive may follow).
_ACRONYM = re.compile(r"([A-Z]{2,5})(?:['’ʼ]s)?")
_PLAIN_WORD = re.compile(r"[a-z]+|[а-яё]+")


@dataclass(frozen=True, slots=True)
class Token:
    """A word as found in the text, with its index term (None for a stop word)."""

    start: int
    end: int
    term: str | None


def _fold(surface: str) -> str:
    """Unicode-normalise and case-fold a word; strip possessives, apostrophes and Latin accents."""
    if surface.isascii() and surface.isalnum() and surface.islower():
        return surface  # the common word, which none of this would change
    # NFKC can expand a character into several, spaces included ("ͺ" → " ι").
    word = "".join(unicodedata.normalize("NFKC", surface).casefold().split())
    if not word.isascii():
        word = FORMAT_CHARS.sub("", word)
    word = word.replace("’", "'").replace("ʼ", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = word.replace("'", "").replace("ё", "е")
    if not word.isascii() and not _CYRILLIC.search(word):
        decomposed = unicodedata.normalize("NFD", word)
        word = unicodedata.normalize(
            "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
        )
    return word


def _normalise_number(surface: str) -> str:
    if _THOUSANDS.fullmatch(surface):
        return surface.replace(",", "")
    return surface.replace(",", ".")


class Analyzer:
    """Turns text into BM25 terms, the same way for articles and for questions.

    One instance caches the term of every surface form it has seen, because stemming dominates
    the cost of indexing and news text repeats its words a great deal.
    """

    def __init__(self, language: str = DEFAULT_LANGUAGE) -> None:
        self.language = language if language in STEMMERS else DEFAULT_LANGUAGE
        latin = self.language if self.language in LATIN_SCRIPT else DEFAULT_LANGUAGE
        self._latin_stemmer = Stemmer.Stemmer(STEMMERS[latin])
        self._latin_stop = BY_LANGUAGE.get(latin, frozenset())
        self._cyrillic_stemmer = Stemmer.Stemmer(STEMMERS["ru"])
        self._cyrillic_stop = BY_LANGUAGE["ru"]
        self._runs: dict[str, str] = {}  # run of word characters -> its terms, space-separated
        self._splits: dict[str, tuple[tuple[int, int, str | None], ...]] = {}  # run -> tokens

    def tokens(self, text: str) -> Iterator[Token]:
        """Every token of `text` with its character offsets, stop words included (term None).

        A number with a unit glued to it ("£600m") is two tokens: the number and the unit.
        """
        # Quoting tokenizes every hit it shows; news repeats its words, so a run's tokens are
        # cached like `terms` caches its terms.
        cache = self._splits
        matches = list(RUN_PATTERN.finditer(text))
        keys = _keys([match.group() for match in matches], text)
        for run, word in zip(matches, keys, strict=True):
            offset = run.start()
            split = cache.get(word)
            if split is None:
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                split = cache[word] = tuple(self._split(word))
            for start, end, term in split:
                yield Token(offset + start, offset + end, term)

    @staticmethod
    def runs(text: str) -> list[str]:
        """The runs of `text` as analysed: the unit the indexing path caches terms by (runs in
        a stretch of capitals are lowered, see `tokens.run_keys`)."""
        return run_keys(RUN_PATTERN.findall(text))

    def terms(self, text: str) -> list[str]:
        """The index terms of `text`, in order, stop words removed.

        The indexing path: one `findall`, then a cache lookup per run of word characters,
        many times faster than `tokens`, with the same result (a test holds them to it).
        """
        cache = self._runs
        runs = _keys(RUN_PATTERN.findall(text), text)
        try:
            mapped = [cache[run] for run in runs]
        except KeyError:
            if len(cache) >= _CACHE_LIMIT:
                cache.clear()
            for run in runs:
                if run not in cache:
                    cache[run] = " ".join(term for _, _, term in self._split(run) if term)
            mapped = [cache[run] for run in runs]
        return " ".join(mapped).split()

    def run_terms(self, run: str) -> list[str]:
        """The terms of one run of word characters (as `runs` finds them), stop words dropped."""
        return [term for _, _, term in self._split(run) if term]

    def word_terms(self, words: list[str]) -> list[str | None]:
        """The term of each word (None for a stop word, or a word of several terms), as
        `run_terms` gives it; faster for words of lower-case letters of one alphabet, which need
        no tokenizing: spelling analyses hundreds of near-spellings of every word it corrects."""
        terms: list[str | None] = []
        for word in words:
            if _PLAIN_WORD.fullmatch(word):
                term = self._word_term(word)
                terms.append(None if term is None or len(term) > MAX_TERM_CHARS else term)
            else:
                found = self.run_terms(word)
                terms.append(found[0] if len(found) == 1 else None)
        return terms

    def is_acronym(self, surface: str) -> bool:
        """True for capitals that spell a stop word and so make an acronym's term ("US")."""
        return self._acronym(surface) is not None

    def _acronym(self, surface: str) -> str | None:
        """The term of capitals that spell a stop word ("US" → "us"), else None."""
        match = _ACRONYM.fullmatch(surface)
        if match is None:
            return None
        letters = match.group(1).lower()
        return letters if letters in self._latin_stop else None

    def _split(self, run: str) -> list[tuple[int, int, str | None]]:
        """The tokens of one run of word characters: (start, end, term or None)."""
        if not run.isascii() and FORMAT_CHARS.search(run):
            return _with_format_characters(run, self._split)
        tokens: list[tuple[int, int, str | None]] = []
        for match in TOKEN.finditer(run):
            if match.group("num") is not None:
                number_start, number_end = match.span("num")
                tokens.append((number_start, number_end, _normalise_number(match.group("num"))))
                if match.group("unit"):
                    unit = match.group("unit").casefold()
                    if unit == AMBIGUOUS_UNIT and not match.group("cur"):
                        tokens.append((number_end, match.end(), AMBIGUOUS_UNIT))
                    else:
                        tokens.append(
                            (number_end, match.end(), self._word_term(_NUMBER_SUFFIXES[unit]))
                        )
                continue
            kind = match.lastgroup
            surface = match.group()
            term: str | None
            if kind == "abbr":
                term = _fold(surface.replace(".", ""))
            elif kind in ("amp", "cjk"):
                term = _fold(surface)
            else:
                term = self._word_term(surface)
            if term is not None and len(term) > MAX_TERM_CHARS:
                term = None
            tokens.append((match.start(), match.end(), term))
        return tokens

    def _word_term(self, surface: str) -> str | None:
        acronym = self._acronym(surface)
        if acronym is not None:
            return acronym
        word = _fold(surface)
        word = _QUANTITY_WORDS.get(word, word)
        if _CYRILLIC.search(word):
            if word in self._cyrillic_stop:
                return None
            stemmed: str = self._cyrillic_stemmer.stemWord(word)
            return stemmed
        if word in self._latin_stop or not word or (len(word) == 1 and word.isascii()):
            return None
        latin: str = self._latin_stemmer.stemWord(word)
        return latin


def _keys(runs: list[str], text: str) -> list[str]:
    """`run_keys`, skipped for the text in which no run can be lowered."""
    return run_keys(runs) if could_shout(text) else runs


def _with_format_characters(
    run: str, split: Callable[[str], list[tuple[int, int, str | None]]]
) -> list[tuple[int, int, str | None]]:
    """The tokens of a run that holds invisible format characters ("Fe\u200bderer"): those of
    the run without them, with offsets into the run as written."""
    kept = [position for position, char in enumerate(run) if not FORMAT_CHARS.match(char)]
    tokens = split("".join(run[position] for position in kept))
    return [(kept[start], kept[end - 1] + 1, term) for start, end, term in tokens]
