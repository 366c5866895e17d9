"""Analysing articles in bulk, in worker processes when the corpus is large.

Splitting into passages, analysing text and counting terms dominate indexing time, so large
corpora are analysed by a pool of processes (one per core). A worker numbers the terms of its
batch in the order they first appear and counts them per field with numpy; the parent only
maps the batch's few thousand distinct terms to global ids, in batch order, so the index (term
ids, first-appearance order, and so every score) is identical whatever the number of workers.
"""

from __future__ import annotations

import json
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from newsbot.analysis.analyzer import Analyzer
from newsbot.analysis.language import detect_language, normalise_language
from newsbot.corpus.model import Article, Skipped
from newsbot.corpus.reader import WorkUnit, read_unit, text_digest
from newsbot.index.postings import Counted, Vocabulary, count_terms
from newsbot.passages import split_passages
from newsbot.sentences import Span

FIELD_ORDER = ("passage", "article", "title")
Item = TypeVar("Item")
Result = TypeVar("Result")


@dataclass(frozen=True, slots=True)
class ArticleRecord:
    """What the parent needs of an article: identity, statistics, and its stored forms (the
    UTF-8 text and the JSON metadata), prepared by the worker."""

    id: str
    origin: str
    source: str | None
    published: str | None
    language: str
    spans: list[Span]
    digest: bytes
    text: bytes
    meta: bytes


def article_meta(article: Article, language: str, article_id: str | None = None) -> bytes:
    """The JSON metadata stored for an article (everything but its text)."""
    record = {
        "id": article_id or article.id,
        "title": article.title,
        "source": article.source,
        "url": article.url,
        "published": article.published,
        "language": language,
        "origin": article.origin,
    }
    return json.dumps(record, ensure_ascii=False).encode("utf-8")


@dataclass(frozen=True, slots=True)
class UnitResult:
    """A work unit read, analysed and counted: self-contained, so it can also be kept and
    reused when its files have not changed.

    Term ids are the unit's own: `terms[i]` is term i, and `fields` hold each field's counted
    postings in those ids. `cover` names the field whose first appearances give the order in
    which the parent hands out global ids: the stream in which every term of the unit appears.
    """

    articles: list[ArticleRecord]
    skipped: list[Skipped]
    terms: list[str]
    fields: dict[str, Counted]
    cover: str
    reused: bool = False


class _RunIds(dict[str, int]):
    """Run of word characters → its term's id in the worker's vocabulary; -1 when the run has
    no term (a stop word), -2 - k for the k-th run with several terms ("600m": 600, million).

    A dict, so that mapping a unit's runs is one `map(ids.__getitem__, runs)` at C speed;
    runs seen for the first time go through `__missing__`, once.
    """

    def __init__(self, analyzer: Analyzer, vocabulary: Vocabulary, multi: list[list[int]]) -> None:
        super().__init__()
        self._analyzer = analyzer
        self._vocabulary = vocabulary
        self._multi = multi

    def __missing__(self, run: str) -> int:
        terms = self._analyzer.run_terms(run)
        if not terms:
            value = -1
        elif len(terms) == 1:
            value = self._vocabulary.add(terms[0])
        else:
            self._multi.append([self._vocabulary.add(term) for term in terms])
            value = -1 - len(self._multi)
        self[run] = value
        return value


class _WorkerState:
    """A worker's vocabulary and run caches for one build; a new build starts afresh."""

    def __init__(self) -> None:
        self.build = ""
        self.vocabulary = Vocabulary()
        self.multi: list[list[int]] = []
        self.runs: dict[str, _RunIds] = {}

    def start(self, build: str) -> None:
        if build != self.build:  # caches are per build, so that they do not grow forever
            self.build = build
            self.vocabulary = Vocabulary()
            self.multi = []
            self.runs = {}

    def run_ids(self, language: str) -> _RunIds:
        ids = self.runs.get(language)
        if ids is None:
            ids = self.runs[language] = _RunIds(Analyzer(language), self.vocabulary, self.multi)
        return ids


_state = _WorkerState()


def process_unit(unit: WorkUnit, passage_words: int, joined_titles: bool, build: str) -> UnitResult:
    """Read, split, analyse and count one unit of the corpus (in a worker for large corpora).

    With `joined_titles`, each passage is indexed with its article's title.
    """
    _state.start(build)
    items = read_unit(unit)
    articles = [item for item in items if isinstance(item, Article)]
    languages: list[str] = []
    all_spans: list[list[Span]] = []
    stream_parts: list[np.ndarray] = []  # the passage stream, as run codes, article by article
    run_counts: list[int] = []  # runs per passage
    title_runs: list[int] = []  # of which, title runs at the start (joined titles)
    passages_per_article: list[int] = []
    titles: list[np.ndarray] = []
    find = Analyzer.runs
    for article in articles:
        language = normalise_language(article.language) or detect_language(article.text)
        lookup = _state.run_ids(language).__getitem__
        spans = split_passages(article.text, passage_words)
        title = find(article.title)
        titles.append(np.fromiter(map(lookup, title), dtype=np.int32, count=len(title)))
        runs: list[str] = []
        for start, end in spans:
            body = find(article.text[start:end])
            if joined_titles:
                runs.extend(title)
            runs.extend(body)
            run_counts.append(len(body) + (len(title) if joined_titles else 0))
            title_runs.append(len(title) if joined_titles else 0)
        stream_parts.append(np.fromiter(map(lookup, runs), dtype=np.int32, count=len(runs)))
        passages_per_article.append(len(spans))
        languages.append(language)
        all_spans.append(spans)
    empty = np.zeros(0, dtype=np.int32)
    stream = np.concatenate(stream_parts) if stream_parts else empty
    counts = np.array(run_counts, dtype=np.int64)
    per_article = np.array(passages_per_article, dtype=np.int64)
    multi = _state.multi
    passage_ids, passage_lengths = _terms(stream, counts, multi)
    title_counts = np.array([title.size for title in titles], dtype=np.int64)
    title_stream = np.concatenate(titles) if titles else empty
    passage_counted = count_terms(passage_ids, passage_lengths)
    if joined_titles and (per_article == 1).all():
        # One passage per article: the articles' postings are the passages'.
        article_counted = passage_counted
        cover = "passage"
    elif joined_titles:
        keep = _drop_repeated_titles(counts, np.array(title_runs, dtype=np.int64), per_article)
        kept_runs = _sums(keep.astype(np.int64), counts)
        article_ids, article_lengths = _terms(stream[keep], _sums(kept_runs, per_article), multi)
        article_counted = count_terms(article_ids, article_lengths)
        cover = "passage"
    else:
        bodies = np.split(stream, np.cumsum(_sums(counts, per_article))[:-1]) if titles else []
        article_stream = (
            np.concatenate([np.concatenate(pair) for pair in zip(titles, bodies, strict=True)])
            if titles
            else empty
        )
        article_ids, article_lengths = _terms(
            article_stream, title_counts + _sums(counts, per_article), multi
        )
        article_counted = count_terms(article_ids, article_lengths)
        cover = "article"
    title_ids, title_lengths = _terms(title_stream, title_counts, multi)
    fields = {
        "passage": passage_counted,
        "article": article_counted,
        "title": count_terms(title_ids, title_lengths),
    }
    # From the worker's ids to the unit's own: the distinct terms used, in id order.
    used = np.unique(np.concatenate([counted.terms for counted in fields.values()]))
    local = {name: counted.renumbered(used) for name, counted in fields.items()}
    records = [
        ArticleRecord(
            id=article.id,
            origin=article.origin,
            source=article.source,
            published=article.published,
            language=language,
            spans=spans,
            digest=text_digest(article.text),
            text=article.text.encode("utf-8"),
            meta=article_meta(article, language),
        )
        for article, language, spans in zip(articles, languages, all_spans, strict=True)
    ]
    return UnitResult(
        articles=records,
        skipped=[item for item in items if isinstance(item, Skipped)],
        terms=_state.vocabulary.names(used.tolist()),
        fields=local,
        cover=cover,
    )


def _sums(values: np.ndarray, group_sizes: np.ndarray) -> np.ndarray:
    """Sums of consecutive groups of `values` (groups may be empty)."""
    totals = np.zeros(group_sizes.size, dtype=np.int64)
    if values.size:
        ends = np.cumsum(group_sizes)
        cumulative = np.r_[0, np.cumsum(values)]
        totals = cumulative[ends] - cumulative[ends - group_sizes]
    return totals


def _terms(
    codes: np.ndarray, run_counts: np.ndarray, multi: list[list[int]]
) -> tuple[np.ndarray, np.ndarray]:
    """Term ids and per-document lengths from run codes: stop words out, multi-term runs out."""
    per_run = (codes >= 0).astype(np.int64)
    expanding = codes <= -2
    if expanding.any():
        sizes = np.array([len(terms) for terms in multi], dtype=np.int64)
        per_run[expanding] = sizes[-codes[expanding] - 2]
    lengths = _sums(per_run, run_counts)
    if not expanding.any():
        return codes[codes >= 0], lengths
    pieces = [
        np.array(multi[-code - 2], dtype=np.int32) if code <= -2 else np.array([code], np.int32)
        for code in codes.tolist()
        if code != -1
    ]
    return (np.concatenate(pieces) if pieces else np.zeros(0, dtype=np.int32)), lengths


def _drop_repeated_titles(
    run_counts: np.ndarray, title_runs: np.ndarray, passages_per_article: np.ndarray
) -> np.ndarray:
    """A mask of the passage stream's runs that make the article stream: titles once."""
    keep = np.ones(int(run_counts.sum()), dtype=bool)
    if run_counts.size == 0:
        return keep
    first = np.zeros(run_counts.size, dtype=bool)
    first[np.r_[0, np.cumsum(passages_per_article)[:-1]]] = True
    starts = np.r_[0, np.cumsum(run_counts)[:-1]]
    drop_starts, drop_lengths = starts[~first], title_runs[~first]
    total = int(drop_lengths.sum())
    if total:
        offsets = np.arange(total) - np.repeat(np.cumsum(drop_lengths) - drop_lengths, drop_lengths)
        keep[np.repeat(drop_starts, drop_lengths) + offsets] = False
    return keep


def ordered_map(
    function: Callable[[Item], Result], items: Iterable[Item], workers: int
) -> Iterator[Result]:
    """`map` over worker processes, in order, with a bounded number of batches in flight."""
    if workers <= 1 or _bootstrapping():
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


def _bootstrapping() -> bool:
    """True inside a worker that is still importing its parent's main module: a script that
    indexes at import time without `if __name__ == "__main__":` would otherwise start a pool
    from every worker and hang."""
    return bool(getattr(multiprocessing.current_process(), "_inheriting", False))


def worker_count() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
