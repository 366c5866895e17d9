"""Text → index terms: normalise, tokenise, drop stop words, stem.

Articles and questions go through the same `Analyzer`, so that a question matches the article
that uses the same word in another form ("youth's" and "Youth", "$1.13bn" and "1.13 billion").

Tokens are found in the original text, so that their offsets can be used to mark matched words in
a quote; normalisation is applied to each token afterwards. The stemmer is chosen by the token's
script: Cyrillic words are stemmed as Russian, Latin words with the article's Latin-script
language (English by default).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import Stemmer

from newsbot.text.language import DEFAULT_LANGUAGE, LATIN_SCRIPT, STEMMERS
from newsbot.text.stopwords import BY_LANGUAGE
from newsbot.text.tokens import RUN_PATTERN, TOKEN

# Bump when analysis changes, so that saved indexes built with the old analysis are rebuilt.
ANALYZER_VERSION = 4  # 4: passages have a hard size bound (text.passages.MAX_FACTOR)

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


@dataclass(frozen=True, slots=True)
class Token:
    """A word as found in the text, with its index term (None for a stop word)."""

    start: int
    end: int
    term: str | None


def _fold(surface: str) -> str:
    """Unicode-normalise and case-fold a word; strip possessives, apostrophes and Latin accents."""
    # NFKC can expand a character into several, spaces included ("ͺ" → " ι").
    word = "".join(unicodedata.normalize("NFKC", surface).casefold().split())
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
        for run in RUN_PATTERN.finditer(text):
            offset = run.start()
            word = run.group()
            split = cache.get(word)
            if split is None:
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                split = cache[word] = tuple(self._split(word))
            for start, end, term in split:
                yield Token(offset + start, offset + end, term)

    @staticmethod
    def runs(text: str) -> list[str]:
        """The runs of word characters of `text`: the unit the indexing path caches terms by."""
        return RUN_PATTERN.findall(text)

    def terms(self, text: str) -> list[str]:
        """The index terms of `text`, in order, stop words removed.

        The indexing path: one `findall`, then a cache lookup per run of word characters,
        many times faster than `tokens`, with the same result (a test holds them to it).
        """
        cache = self._runs
        runs = RUN_PATTERN.findall(text)
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

    def _split(self, run: str) -> list[tuple[int, int, str | None]]:
        """The tokens of one run of word characters: (start, end, term or None)."""
        tokens: list[tuple[int, int, str | None]] = []
        for match in TOKEN.finditer(run):
            if match.group("unit"):
                number_end = match.end("num")
                unit = _NUMBER_SUFFIXES[match.group("unit").casefold()]
                tokens.append((match.start(), number_end, _normalise_number(match.group("num"))))
                tokens.append((number_end, match.end(), self._word_term(unit)))
                continue
            kind = match.lastgroup
            surface = match.group()
            term: str | None
            if kind == "num":
                term = _normalise_number(surface)
            elif kind == "abbr":
                term = _fold(surface.replace(".", ""))
            elif kind == "cjk":
                term = surface
            else:
                term = self._word_term(surface)
            if term is not None and len(term) > MAX_TERM_CHARS:
                term = None
            tokens.append((match.start(), match.end(), term))
        return tokens

    def _word_term(self, surface: str) -> str | None:
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
