"""The corpus's words as spelling correction sees them: which terms exist, how common they are,
and how the corpus writes them.

Spelling asks questions of the vocabulary that ranking never does (every term that starts with a
letter, whether two terms ever share a passage, how a stem is written out), so they live in a
view of their own rather than on the index that search uses.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from newsbot.corpus.model import Passage
from newsbot.text import Analyzer

if TYPE_CHECKING:
    from newsbot.index.news_index import NewsIndex


class CorpusVocabulary:
    """Spelling's view of one index's vocabulary."""

    def __init__(self, index: NewsIndex) -> None:
        self._index = index
        self._by_initial: dict[str, list[tuple[str, int]]] | None = None

    @property
    def analyzer(self) -> Analyzer:
        return self._index.analyzer

    def knows(self, term: str) -> bool:
        return self._index.term_id(term) is not None

    def document_frequency(self, term: str) -> int:
        """How many articles contain the term."""
        return self._index.document_frequency(term)

    def starting_with(self, initial: str) -> list[tuple[str, int]]:
        """(term, article frequency) for every term starting with `initial`.

        Built for every initial at the first call (one pass over the vocabulary), because a
        misspelt question asks about several letters and each would otherwise scan it all.
        """
        if self._by_initial is None:
            frequencies = np.diff(self._index.file.arrays["article.ptr"]).tolist()
            table: dict[str, list[tuple[str, int]]] = {}
            for term, term_id in self._index.lexicon.items():
                table.setdefault(term[:1], []).append((term, frequencies[term_id]))
            self._by_initial = table
        return self._by_initial.get(initial, [])

    def surface_form(self, term: str) -> str | None:
        """A word as it is written in the corpus for `term` (whose stem may not be a word)."""
        passage = self._first_passage(term)
        if passage is None:
            return None
        for text in (passage.text, passage.article.title):
            for token in self.analyzer.tokens(text):
                if token.term == term:
                    return text[token.start : token.end].casefold()
        return None

    def writes(self, term: str, words: Iterable[str]) -> bool:
        """True when the corpus writes `term` as one of `words` (case-folded), where it first
        writes it: a cheap check that a stem stands for the word meant, and not for another
        word that stems alike."""
        passage = self._first_passage(term)
        if passage is None:
            return False
        folded = f"{passage.article.title}\n{passage.text}".casefold()
        return any(
            re.search(rf"(?<!\w){re.escape(word)}(?!\w)", folded) is not None for word in words
        )

    def cooccur(self, first: str, second: str) -> bool:
        """True when some passage contains both terms."""
        index = self._index
        first_id, second_id = index.term_id(first), index.term_id(second)
        if first_id is None or second_id is None:
            return False
        postings = [
            index.fields["passage"].postings(term_id)[0] for term_id in (first_id, second_id)
        ]
        return bool(np.intersect1d(postings[0], postings[1], assume_unique=True).size)

    def _first_passage(self, term: str) -> Passage | None:
        index = self._index
        term_id = index.term_id(term)
        if term_id is None:
            return None
        documents = index.fields["passage"].postings(term_id)[0]
        return index.passage(int(documents[0])) if documents.size else None
