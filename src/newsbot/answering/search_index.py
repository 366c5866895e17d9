"""What answering needs of an index, and nothing more: the seam between the question side and
the engine that stores and scores passages.

`newsbot.index.NewsIndex` (one memory-mapped file) implements it today. It is kept small on
purpose: a sharded index, or an external engine such as OpenSearch or Elasticsearch, would
implement these same few calls (two top-k searches, exact scores for given documents, term
statistics, and fetching the texts to quote) and the whole answer pipeline above it would stay as
it is. Documents are numbered: passages 0 … P - 1, articles 0 … A - 1; fields are "passage",
"article" (the whole text) and "title".
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

from newsbot.corpus.facets import ArticleFacets
from newsbot.corpus.model import Article, Passage
from newsbot.text import Analyzer

WeightedTerms = Sequence[tuple[str, float]]
Ranked = list[tuple[int, float]]
Numbers = npt.NDArray[np.int64]


class Vocabulary(Protocol):
    """The corpus's words, as spelling correction asks about them."""

    @property
    def analyzer(self) -> Analyzer: ...

    def knows(self, term: str) -> bool: ...

    def document_frequency(self, term: str) -> int:
        """How many articles contain the term."""
        ...

    def starting_with(self, initial: str) -> list[tuple[str, int]]:
        """(term, article frequency) for every term that starts with `initial`."""
        ...

    def surface_form(self, term: str) -> str | None:
        """How the corpus writes the word behind a term (stems are not always words)."""
        ...

    def writes(self, term: str, words: Iterable[str]) -> bool:
        """True when the corpus writes `term` as one of `words`."""
        ...

    def cooccur(self, first: str, second: str) -> bool:
        """True when some passage holds both terms."""
        ...


class SearchIndex(Protocol):
    """A searchable corpus of passages and articles with BM25 statistics."""

    @property
    def analyzer(self) -> Analyzer:
        """Turns text into this index's terms; questions must be analysed with it."""
        ...

    @property
    def article_count(self) -> int: ...

    @property
    def title_mode(self) -> str:
        """ "joined" when titles are indexed with every passage, "field" when apart."""
        ...

    @property
    def vocabulary(self) -> Vocabulary: ...

    def knows(self, term: str) -> bool: ...

    def idf(self, term: str, field: str = "passage") -> float:
        """BM25's idf of a term in a field (0 for an unknown term)."""
        ...

    def information(self, term: str | None, field: str = "passage") -> float:
        """A never-negative idf; an unknown term (or None) gets the most any term can."""
        ...

    @property
    def facets(self) -> ArticleFacets:
        """Each article's outlet, section and day, for filters."""
        ...

    def best(
        self,
        terms: WeightedTerms,
        passages: int,
        articles: int,
        allowed: npt.NDArray[np.bool_] | None = None,
    ) -> tuple[Ranked, Ranked]:
        """The best passages and the best whole articles for weighted terms, best first; with
        `allowed` (one flag per article), only those of the allowed articles."""
        ...

    def top(self, field: str, terms: WeightedTerms, k: int) -> Ranked:
        """The k best documents of one field."""
        ...

    def score(
        self, field: str, terms: WeightedTerms, documents: Numbers
    ) -> npt.NDArray[np.float64]:
        """Exact scores of the given documents (sorted numbers) of one field."""
        ...

    def holding(self, term: str, articles: Numbers) -> npt.NDArray[np.bool_]:
        """For each of the given articles, whether it contains the term."""
        ...

    def article_of(self, passages: Numbers) -> Numbers:
        """The article number of each passage."""
        ...

    def passages_of(self, article: int) -> range:
        """The numbers of an article's passages, in text order."""
        ...

    def article(self, number: int) -> Article: ...

    def passage(self, number: int) -> Passage: ...
