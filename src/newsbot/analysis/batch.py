"""Analysing articles in bulk, in worker processes when the corpus is large.

Splitting into passages and analysing text is pure Python and dominates indexing time, so large
corpora are analysed by a pool of processes (one per core). Workers send back plain strings
(terms joined by spaces), which are cheap to pass between processes; the parent turns them into
term ids in corpus order, so the index is identical whatever the number of workers.
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

from newsbot.analysis.analyzer import Analyzer
from newsbot.analysis.language import detect_language, normalise_language
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
class AnalysedArticle:
    """An article's language, passage spans, and terms (space-separated) of title and passages."""

    language: str
    spans: list[Span]
    title_terms: str
    passage_terms: list[str]


@lru_cache(maxsize=32)
def _analyzer(language: str) -> Analyzer:
    return Analyzer(language)


def analyse_batch(articles: list[ArticleText], passage_words: int) -> list[AnalysedArticle]:
    """Split and analyse a batch of articles (runs in a worker process for large corpora)."""
    analysed = []
    for article in articles:
        language = normalise_language(article.language) or detect_language(article.text)
        analyzer = _analyzer(language)
        spans = split_passages(article.text, passage_words)
        analysed.append(
            AnalysedArticle(
                language=language,
                spans=spans,
                title_terms=" ".join(analyzer.terms(article.title)),
                passage_terms=[" ".join(analyzer.terms(article.text[s:e])) for s, e in spans],
            )
        )
    return analysed


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
