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

from newsbot.analysis.language import DEFAULT_LANGUAGE, LATIN_SCRIPT, STEMMERS
from newsbot.analysis.stopwords import BY_LANGUAGE

# Bump when analysis changes, so that saved indexes built with the old analysis are rebuilt.
ANALYZER_VERSION = 2

MAX_TERM_CHARS = 64
_CACHE_LIMIT = 500_000

_LETTER = r"[^\W\d_]"
_MARK = r"[\u0300-\u036f\u0483-\u0489]"
_WORD = rf"{_LETTER}(?:{_LETTER}|{_MARK})*"
_TOKEN = re.compile(
    rf"""
    (?P<num>\d+(?:[.,]\d+)*)                               # 4, 2030, 1.13, 4,000, 8,1
    |(?P<abbr>(?:{_LETTER}\.)+{_LETTER}\.?(?!{_LETTER}))       # U.S., e.g., "U.S ."
    |(?P<cjk>[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af])  # one ideograph a token
    |(?P<word>{_WORD}(?:['’ʼ]{_WORD})*)                     # country's, don't, O'Brien
    """,
    re.VERBOSE,
)
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
_NUMBER_SUFFIXES = {"m": "million", "k": "thousand", "b": "billion"}


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
        self._cache: dict[str, str | None] = {}

    def tokens(self, text: str) -> Iterator[Token]:
        """Every token of `text` with its character offsets, stop words included (term None)."""
        previous_number_end = -1
        for match in _TOKEN.finditer(text):
            kind = match.lastgroup
            surface = match.group()
            start, end = match.span()
            term: str | None
            if kind == "num":
                term = _normalise_number(surface)
                previous_number_end = end
                yield Token(start, end, term)
                continue
            if kind == "word" and start == previous_number_end:
                suffix = _NUMBER_SUFFIXES.get(surface.casefold())
                if suffix is not None:
                    yield Token(start, end, self._word_term(suffix))
                    continue
            if kind == "abbr":
                term = _fold(surface.replace(".", ""))
            elif kind == "cjk":
                term = surface
            else:
                term = self._cached_word_term(surface)
            if term is not None and len(term) > MAX_TERM_CHARS:
                term = None
            yield Token(start, end, term)

    def terms(self, text: str) -> list[str]:
        """The index terms of `text`, in order, stop words removed."""
        return [token.term for token in self.tokens(text) if token.term is not None]

    def _cached_word_term(self, surface: str) -> str | None:
        try:
            return self._cache[surface]
        except KeyError:
            pass
        term = self._word_term(surface)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[surface] = term
        return term

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
