"""A saved index, opened for searching: BM25 postings plus the articles needed to quote them.

Everything is read through one memory map. Article texts and metadata are decoded only when a
passage is quoted, so opening a large index costs little more than reading its vocabulary.
"""

from __future__ import annotations

import json
import logging
import math
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np

from newsbot.corpus.facets import ArticleFacets, iso_day
from newsbot.corpus.model import Article, Passage
from newsbot.errors import IndexFormatError
from newsbot.index import accelerate
from newsbot.index.lexicon import Lexicon
from newsbot.index.okapi import BM25Params
from newsbot.index.scorer import BM25Scorer
from newsbot.index.store import IndexFile
from newsbot.index.vocabulary import CorpusVocabulary
from newsbot.text import Analyzer

logger = logging.getLogger(__name__)

WeightedTerms = Sequence[tuple[str, float]]
Ranked = list[tuple[int, float]]

FORMAT_VERSION = 7  # 7: articles' metadata holds their section
FIELD_NAMES = ("passage", "article", "title")
_CACHE_ARTICLES = 256


class NewsIndex:
    """Search and quoting over one saved index."""

    def __init__(self, index_file: IndexFile) -> None:
        self.file = index_file
        self.header: dict[str, Any] = index_file.header
        arrays = index_file.arrays
        params = self.header["params"]
        self.params = BM25Params(k1=params["k1"], b=params["b"], epsilon=params["epsilon"])
        self.passage_words = int(params["passage_words"])
        self.title_mode = str(params.get("title_mode", "joined"))
        self._term_ids = Lexicon(arrays["vocabulary"], arrays["vocabulary_ids"])
        self.fields = {
            name: BM25Scorer(
                arrays[f"{name}.ptr"],
                arrays[f"{name}.doc"],
                arrays[f"{name}.tf"],
                arrays[f"{name}.doc_len"],
                arrays[f"{name}.idf"],
                self.params,
                float(self.header["fields"][name]["avgdl"]),
                arrays.get(f"{name}.max"),
                arrays.get(f"{name}.block_max"),
                arrays.get(f"{name}.impact"),
            )
            for name in FIELD_NAMES
        }
        self._scorer = self.fields["passage"]
        self._passage_article = arrays["passage_article"]
        self._passage_start = arrays["passage_start"]
        self._passage_end = arrays["passage_end"]
        self._article_first = arrays["article_first_passage"]
        self._text_ptr = arrays["text_ptr"]
        self._text = arrays["text"]
        self._meta_ptr = arrays["meta_ptr"]
        self._meta = arrays["meta"]
        self._articles: dict[int, Article] = {}
        self.damaged: str | None = None
        self._side_searches: ThreadPoolExecutor | None = None
        self._side_lock = threading.Lock()
        self.analyzer = Analyzer(self.header.get("query_language", "en"))

    @classmethod
    def open(cls, path: Path, verify: bool | None = None) -> NewsIndex:
        """Open a saved index. A large one opens at once and is checked in the background:
        `damaged` then says whether that check found a problem (see `IndexFile`)."""
        index = cls(IndexFile(path, verify=verify))
        if any(scorer.kernel_fits() for scorer in index.fields.values()):
            # Load the compiled search now, while a bot is still connecting, rather than
            # with the first question (which would then be answered the slow way).
            accelerate.warm_up_in_background()
        if not index.file.verified:
            threading.Thread(target=index._verify, name="newsbot-index-check", daemon=True).start()
        return index

    def _verify(self) -> None:
        try:
            self.file.verify_arrays()
        except (IndexFormatError, OSError) as error:
            self.damaged = str(error)
            logger.error("the index in use is damaged and should be rebuilt: %s", error)

    @property
    def path(self) -> Path:
        return self.file.path

    @property
    def article_count(self) -> int:
        return int(self._text_ptr.shape[0]) - 1

    @property
    def passage_count(self) -> int:
        return int(self._passage_article.shape[0])

    @property
    def stats(self) -> dict[str, Any]:
        stats: dict[str, Any] = self.header["stats"]
        return stats

    def term_id(self, term: str) -> int | None:
        return self._term_ids.get(term)

    def knows(self, term: str) -> bool:
        """True when some passage holds the term."""
        return self._term_ids.get(term) is not None

    @property
    def lexicon(self) -> Lexicon:
        return self._term_ids

    @cached_property
    def vocabulary(self) -> CorpusVocabulary:
        """The vocabulary as spelling correction reads it."""
        return CorpusVocabulary(self)

    @property
    def vocabulary_size(self) -> int:
        return len(self._term_ids)

    def search(self, terms: Sequence[str], k: int) -> list[tuple[int, float]]:
        """The k best passages for analysed `terms` (unknown terms add nothing), best first."""
        return self._scorer.top(self.term_ids(terms), k)

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """Every passage's BM25 score for `terms`; used to check parity with rank-bm25."""
        ids = [term_id for term in terms if (term_id := self._term_ids.get(term)) is not None]
        return self._scorer.scores(ids)

    def idf(self, term: str, field: str = "passage") -> float:
        """The term's BM25Okapi idf in a field; 0 for a term the corpus does not know."""
        term_id = self._term_ids.get(term)
        return 0.0 if term_id is None else float(self.fields[field].idf[term_id])

    def document_frequency(self, term: str, field: str = "article") -> int:
        """How many documents of a field contain the term."""
        term_id = self._term_ids.get(term)
        if term_id is None:
            return 0
        ptr = self.fields[field].ptr
        return int(ptr[term_id + 1]) - int(ptr[term_id])

    def holding(self, term: str, articles: np.ndarray) -> np.ndarray:
        """For each of `articles` (distinct numbers), whether it contains `term`.

        Presence, not a score: in a corpus of one or two articles BM25Okapi gives every term
        a negative or near-zero idf, yet the article still holds the word. A term's postings
        are in document order, so a binary search per article reads a few entries of a list
        that may hold a million.
        """
        term_id = self._term_ids.get(term)
        field = self.fields["article"]
        if term_id is None or field.ptr[term_id] == field.ptr[term_id + 1]:
            return np.zeros(len(articles), dtype=bool)
        postings = field.doc[int(field.ptr[term_id]) : int(field.ptr[term_id + 1])]
        places = np.minimum(np.searchsorted(postings, articles), len(postings) - 1)
        found: np.ndarray = postings[places] == articles
        return found

    def information(self, term: str | None, field: str = "passage") -> float:
        """How informative a term is: Lucene's idf, log(1 + (N - df + 0.5) / (df + 0.5)).

        Unlike BM25Okapi's idf it is never negative, so it stays meaningful in a corpus of a
        handful of passages; an unknown term (df 0) gets the most any term can.
        """
        documents = self.fields[field].size
        frequency = 0
        term_id = None if term is None else self._term_ids.get(term)
        if term_id is not None:
            ptr = self.fields[field].ptr
            frequency = int(ptr[term_id + 1]) - int(ptr[term_id])
        return math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5))

    @cached_property
    def facets(self) -> ArticleFacets:
        """Every article's outlet, section and day, read once from the metadata alone."""
        sources: list[str | None] = []
        sections: list[str | None] = []
        days: list[str | None] = []
        for number in range(self.article_count):
            meta = json.loads(self._slice(self._meta, self._meta_ptr, number))
            sources.append(meta.get("source"))
            sections.append(meta.get("section"))
            days.append(iso_day(meta.get("published")))
        return ArticleFacets(tuple(sources), tuple(sections), tuple(days))

    def best(
        self,
        terms: WeightedTerms,
        passages: int,
        articles: int,
        allowed: np.ndarray | None = None,
    ) -> tuple[Ranked, Ranked]:
        """The best `passages` passages and the best `articles` whole articles; with
        `allowed` (a boolean per article), only those of the allowed articles.

        A filtered search scores every document the terms reach and masks the others out
        before taking the best, so that the top hits all meet the filter even when most
        matching passages do not (searching deeper and filtering afterwards would not promise
        that).

        On a large index both searches run in the compiled kernel, which releases the GIL, and
        together they are most of a question's ranking time: the article search then runs on
        another core while this thread searches passages (at 1M passages it saves about a
        millisecond a question; a busy server gains nothing, and loses nothing).
        """
        weighted = self._weighted_ids(terms)
        passage_field, article_field = self.fields["passage"], self.fields["article"]
        if allowed is not None:
            in_passages = allowed[self._passage_article]
            top_passages = _best_of(passage_field.weighted_scores(weighted), in_passages, passages)
            if not top_passages:
                return [], []
            article_scores = article_field.weighted_scores(weighted)
            return top_passages, _best_of(article_scores, allowed, articles)
        if not (passage_field.compiled() and article_field.compiled()):
            top_passages = passage_field.top_weighted(weighted, passages)
            if not top_passages:
                return [], []
            return top_passages, article_field.top_weighted(weighted, articles)
        with self._side_lock:
            if self._side_searches is None:
                self._side_searches = ThreadPoolExecutor(
                    max_workers=os.cpu_count() or 2, thread_name_prefix="newsbot-article-search"
                )
            pool = self._side_searches
        future = pool.submit(article_field.top_weighted, weighted, articles)
        return passage_field.top_weighted(weighted, passages), future.result()

    def top(self, field: str, terms: WeightedTerms, k: int) -> Ranked:
        """The k best documents of a field for weighted terms, best first."""
        return self.fields[field].top_weighted(self._weighted_ids(terms), k)

    def score(self, field: str, terms: WeightedTerms, documents: np.ndarray) -> np.ndarray:
        """The exact BM25 scores of the given (sorted) documents of a field."""
        scores: np.ndarray = self.fields[field].exact_scores(self._weighted_ids(terms), documents)
        return scores

    def article_of(self, passages: np.ndarray) -> np.ndarray:
        """The article number of each of `passages`."""
        owners: np.ndarray = self._passage_article[passages]
        return owners

    def passages_of(self, article: int) -> range:
        """The numbers of an article's passages."""
        return range(int(self._article_first[article]), int(self._article_first[article + 1]))

    def _weighted_ids(self, terms: WeightedTerms) -> list[tuple[int, float]]:
        """(term id, weight) for the terms the index knows, in the order given: scores are
        summed in that order, which keeps them equal to rank-bm25's to the last bit."""
        lexicon = self._term_ids
        return [
            (term_id, weight)
            for term, weight in terms
            if (term_id := lexicon.get(term)) is not None
        ]

    def term_ids(self, terms: Sequence[str]) -> list[int]:
        """Ids of the terms the corpus knows, in order, repeats kept."""
        return [term_id for term in terms if (term_id := self._term_ids.get(term)) is not None]

    def article_first_passages(self) -> np.ndarray:
        """Passages of article a are first[a] .. first[a + 1] - 1."""
        return self._article_first

    def passage_articles(self) -> np.ndarray:
        """The article number of every passage."""
        return self._passage_article

    def article(self, number: int) -> Article:
        cached = self._articles.get(number)
        if cached is not None:
            return cached
        meta = json.loads(self._slice(self._meta, self._meta_ptr, number))
        article = Article(text=self._slice(self._text, self._text_ptr, number), **meta)
        if len(self._articles) >= _CACHE_ARTICLES:
            self._articles.clear()
        self._articles[number] = article
        return article

    def articles(self) -> Iterator[Article]:
        for number in range(self.article_count):
            yield self.article(number)

    def passage(self, number: int) -> Passage:
        article_number = int(self._passage_article[number])
        article = self.article(article_number)
        start, end = int(self._passage_start[number]), int(self._passage_end[number])
        ordinal = number - int(self._article_first[article_number]) + 1
        return Passage(
            number=number,
            id=f"{article.id}#{ordinal}",
            article_number=article_number,
            article=article,
            start=start,
            end=end,
            text=article.text[start:end],
        )

    @staticmethod
    def _slice(blob: np.ndarray, ptr: np.ndarray, number: int) -> str:
        return blob[int(ptr[number]) : int(ptr[number + 1])].tobytes().decode("utf-8")


def _best_of(scores: np.ndarray, allowed: np.ndarray, k: int) -> Ranked:
    """The k best positive scores among the allowed documents, best first, ties by number (as
    `BM25Scorer.top_weighted` orders them)."""
    documents = np.flatnonzero(allowed & (scores > 0))
    if documents.size == 0 or k <= 0:
        return []
    values = scores[documents]
    if documents.size > k:
        keep = np.argpartition(-values, k - 1)[:k]
        # Ties at the cut are decided by number, as an unfiltered search decides them.
        floor = values[keep].min()
        tied = np.flatnonzero(values >= floor)
        documents, values = documents[tied], values[tied]
    order = np.lexsort((documents, -values))[:k]
    return list(zip(documents[order].tolist(), values[order].tolist(), strict=True))
