"""Analysing articles in bulk, in worker processes when the corpus is large.

Splitting into passages, analysing text and counting terms dominate indexing time, so large
corpora are analysed by a pool of processes (one per core). A worker numbers the terms of its
batch in the order they first appear and counts them per field with numpy; the parent only
maps the batch's few thousand distinct terms to global ids, in batch order, so the index (term
ids, first-appearance order, and so every score) is identical whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import numpy as np

from newsbot.analysis.analyzer import Analyzer
from newsbot.analysis.language import detect_language, normalise_language
from newsbot.index.postings import Counted, Vocabulary, count_terms
from newsbot.passages import split_passages
from newsbot.sentences import Span

Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass(frozen=True, slots=True)
class ArticleText:
    """What analysis needs of an article."""

    title: str
    text: str
    language: str | None


@dataclass(frozen=True, slots=True)
class BatchAnalysis:
    """A batch analysed and counted: per article its language and passage spans; the batch's
    terms in order of first appearance; and the counted postings of each field, in local ids."""

    languages: list[str]
    spans: list[list[Span]]
    vocabulary: list[str]
    fields: dict[str, Counted]


@lru_cache(maxsize=32)
def _analyzer(language: str) -> Analyzer:
    return Analyzer(language)


def analyse_batch(
    articles: list[ArticleText], passage_words: int, joined_titles: bool
) -> BatchAnalysis:
    """Split, analyse and count a batch of articles (in a worker process for large corpora).

    With `joined_titles`, each passage is indexed with its article's title, as BM25 sees it.
    """
    languages: list[str] = []
    all_spans: list[list[Span]] = []
    passage_terms: list[str] = []
    passage_lengths: list[int] = []
    article_terms: list[str] = []
    article_lengths: list[int] = []
    title_terms: list[str] = []
    title_lengths: list[int] = []
    for article in articles:
        language = normalise_language(article.language) or detect_language(article.text)
        analyzer = _analyzer(language)
        spans = split_passages(article.text, passage_words)
        title = analyzer.terms(article.title)
        title_terms.extend(title)
        title_lengths.append(len(title))
        article_terms.extend(title)
        length = len(title)
        for start, end in spans:
            body = analyzer.terms(article.text[start:end])
            if joined_titles:
                passage_terms.extend(title)
            passage_terms.extend(body)
            passage_lengths.append(len(body) + (len(title) if joined_titles else 0))
            article_terms.extend(body)
            length += len(body)
        article_lengths.append(length)
        languages.append(language)
        all_spans.append(spans)
    vocabulary = Vocabulary()
    # Number terms in the order the passage stream meets them (which, for joined titles, is
    # also the articles' order), so that the parent can assign global ids in corpus order.
    article_ids = vocabulary.map(article_terms) if not joined_titles else None
    passage_ids = vocabulary.map(passage_terms)
    if article_ids is None:
        article_ids = vocabulary.map(article_terms)
    fields = {
        "passage": count_terms(passage_ids, np.array(passage_lengths)),
        "article": count_terms(article_ids, np.array(article_lengths)),
        "title": count_terms(vocabulary.map(title_terms), np.array(title_lengths)),
    }
    return BatchAnalysis(languages, all_spans, vocabulary.terms(), fields)


def ordered_map(
    function: Callable[[Item], Result], items: Iterable[Item], workers: int
) -> Iterator[Result]:
    """`map` over worker processes, in order, with a bounded number of batches in flight."""
    if workers <= 1:
        yield from map(function, items)
        return
    # "spawn": forking a process that may run other threads (the bot reindexes in one) can
    # deadlock in the child.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[Future[Result]] = deque()
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def worker_count() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
