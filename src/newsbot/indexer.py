"""Corpus files → a saved BM25 index: read, split into passages, analyse, count, write.

The title of an article is analysed into every one of its passages, so that a question naming
the article's subject finds its passages even where the body does not repeat the name; the
quoted text is still only the body.
"""

from __future__ import annotations

import functools
import re
import time
import uuid
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from newsbot.analysis import ANALYZER_VERSION
from newsbot.analysis.batch import ordered_map, worker_count
from newsbot.analysis.language import LATIN_SCRIPT
from newsbot.analysis.unit_result import ArticleColumns, UnitResult, WorkerTerms
from newsbot.corpus import CorpusFile, ReadReport, Skipped
from newsbot.corpus.reader import Deduplicator, WorkUnit, plan_units
from newsbot.errors import EmptyCorpusError
from newsbot.index.lexicon import sorted_vocabulary
from newsbot.index.news_index import FORMAT_VERSION
from newsbot.index.okapi import BM25Params, length_norm, okapi_idf, term_contributions
from newsbot.index.postings import Postings, PostingsBuilder, Vocabulary
from newsbot.index.scorer import BLOCK, block_offsets
from newsbot.index.store import write_index_file
from newsbot.index.unit_cache import forget_others, process_or_reuse
from newsbot.passages import DEFAULT_PASSAGE_WORDS

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")


TitleMode = Literal["joined", "field"]
FIELDS = ("passage", "article", "title")


@dataclass(frozen=True, slots=True)
class IndexConfig:
    """Everything that changes what is indexed; a saved index built otherwise is rebuilt.

    `title_mode` "joined" indexes the article title with every passage; "field" indexes
    passages without it, and answers then add the separate title field's score.
    """

    bm25: BM25Params = field(default_factory=BM25Params)
    passage_words: int = DEFAULT_PASSAGE_WORDS
    title_mode: TitleMode = "joined"

    def as_header(self) -> dict[str, Any]:
        return {
            "k1": self.bm25.k1,
            "b": self.bm25.b,
            "epsilon": self.bm25.epsilon,
            "passage_words": self.passage_words,
            "title_mode": self.title_mode,
            "analyzer_version": ANALYZER_VERSION,
            "format_version": FORMAT_VERSION,
        }


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What an indexing run did, for the user and for the index header."""

    files: int
    articles: int
    passages: int
    terms: int
    tokens: int
    seconds: float
    skipped: tuple[Skipped, ...]
    duplicates: tuple[tuple[str, str], ...]
    renamed: tuple[tuple[str, str], ...]
    units: int = 0
    reused_units: int = 0


class BuildProgress(Protocol):
    """Receives progress while a corpus is indexed (the CLI draws a bar from it)."""

    def file_done(self, corpus_file: CorpusFile) -> None: ...

    def articles_done(self, count: int) -> None: ...


# A corpus larger than this is analysed by worker processes; below it their start-up dominates.
_PARALLEL_BYTES = 16 * 2**20
# Skipped files, duplicates and renamed ids listed in the index header (all are counted).
_LISTED = 1_000
# Postings weighed at a time: small enough that the temporaries stay in cache and are reused
# from the heap (a chunk of millions made the allocator map fresh memory for each temporary, and
# faulting it in cost five times the arithmetic).
_MAX_CHUNK = 1 << 18


def fingerprint(files: Sequence[CorpusFile]) -> list[list[Any]]:
    """What identifies the corpus's state: each file's path, size and modification time."""
    return [[item.relpath, item.size, item.mtime_ns] for item in files]


def build_index(
    root: Path,
    files: Sequence[CorpusFile],
    destination: Path,
    config: IndexConfig,
    progress: BuildProgress | None = None,
    workers: int | None = None,
) -> BuildSummary:
    """Index `files` and write the result atomically to `destination`.

    Articles stream through in batches: analysed (in worker processes for a large corpus), then
    counted into compact arrays; `workers` overrides the automatic choice.
    """
    began = time.perf_counter()
    report = ReadReport()
    if workers is None:
        large = sum(item.size for item in files) >= _PARALLEL_BYTES
        workers = worker_count() if large else 1
    state = _BuildState(report)
    waiting: deque[WorkUnit] = deque()

    def planned(unit: WorkUnit) -> WorkUnit:
        waiting.append(unit)
        return unit

    kept_units = destination.parent / "units"
    kept_units.mkdir(parents=True, exist_ok=True)
    process = functools.partial(
        process_or_reuse,
        folder=kept_units,
        passage_words=config.passage_words,
        joined_titles=config.title_mode == "joined",
        build=uuid.uuid4().hex,
    )
    units = (planned(unit) for unit in plan_units(list(files)))
    keys: set[str] = set()
    for result in ordered_map(process, units, workers):
        unit = waiting.popleft()
        keys.add(unit.key)
        report.files += unit.opens
        state.reused += result.reused
        state.add(result)
        if progress is not None:
            for corpus_file in unit.completes:
                progress.file_done(corpus_file)
            progress.articles_done(state.articles)
    builders = state.builders
    vocabulary = state.vocabulary
    languages, outlets, dates = state.languages, state.outlets, state.dates
    if builders["passage"].documents == 0:
        raise EmptyCorpusError(_empty_message(root, report))
    arrays: dict[str, np.ndarray] = {}
    arrays["vocabulary"], arrays["vocabulary_ids"] = sorted_vocabulary(vocabulary.terms())
    fields: dict[str, dict[str, float]] = {}
    for name, builder in builders.items():
        postings = builder.finish(len(vocabulary))
        fields[name] = _field_arrays(name, postings, config.bm25, arrays)
    passages = builders["passage"].documents
    tokens = int(fields["article"]["tokens"])
    summary = BuildSummary(
        files=report.files,
        articles=report.articles,
        passages=passages,
        terms=len(vocabulary),
        tokens=tokens,
        seconds=time.perf_counter() - began,
        skipped=tuple(report.skipped),
        duplicates=tuple(report.duplicates),
        renamed=tuple(report.renamed),
        units=len(keys),
        reused_units=state.reused,
    )
    header = {
        "format": "newsbot-index",
        "params": config.as_header(),
        "corpus": {"root": str(root), "files": fingerprint(files)},
        "fields": fields,
        "query_language": _query_language(languages),
        "languages": dict(languages.most_common()),
        "stats": {
            "files": summary.files,
            "articles": summary.articles,
            "passages": summary.passages,
            "terms": summary.terms,
            "tokens": summary.tokens,
            "outlets": len(outlets),
            "first_published": dates[0] if dates else None,
            "last_published": dates[-1] if dates else None,
            "build_seconds": round(summary.seconds, 3),
            "units": summary.units,
            "reused_units": summary.reused_units,
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            # The first of each, for a person to look at: a corpus of mostly repeated stories
            # would otherwise put megabytes of pairs in a header read at every start.
            "skipped": [[item.origin, item.reason] for item in summary.skipped[:_LISTED]],
            "duplicates": [list(pair) for pair in summary.duplicates[:_LISTED]],
            "renamed": [list(pair) for pair in summary.renamed[:_LISTED]],
            "skipped_total": len(summary.skipped),
            "duplicates_total": len(summary.duplicates),
            "renamed_total": len(summary.renamed),
        },
    }
    arrays |= state.article_arrays()
    write_index_file(destination, header, arrays)
    forget_others(kept_units, keys)
    return summary


def _field_arrays(
    name: str, postings: Postings, params: BM25Params, arrays: dict[str, np.ndarray]
) -> dict[str, float]:
    """Add one field's arrays (prefixed with its name); return its header entry."""
    documents = int(postings.doc_len.shape[0])
    idf, average_idf = okapi_idf(postings.doc_freq, postings.first_seen, documents, params.epsilon)
    total = int(postings.doc_len.sum(dtype=np.int64))
    avgdl = total / max(documents, 1)
    arrays[f"{name}.ptr"] = postings.ptr
    arrays[f"{name}.doc"] = postings.doc
    arrays[f"{name}.tf"] = postings.tf
    arrays[f"{name}.doc_len"] = postings.doc_len
    arrays[f"{name}.idf"] = idf
    (
        arrays[f"{name}.max"],
        arrays[f"{name}.block_max"],
        arrays[f"{name}.impact"],
    ) = _contributions(postings, idf, params, avgdl)
    return {
        "documents": documents,
        "tokens": total,
        "avgdl": avgdl,
        "average_idf": average_idf,
    }


def _contributions(
    postings: Postings, idf: np.ndarray, params: BM25Params, avgdl: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each term's largest score contribution in any document, and in each block of BLOCK
    postings: the bounds that let a search skip documents that cannot reach the top. And each
    posting's term weight (its contribution without idf) in single precision: the compiled
    search adds these instead of dividing at query time (see `accelerate`)."""
    norm = length_norm(postings.doc_len, params, avgdl)
    ptr = postings.ptr
    vocabulary = idf.shape[0]
    first_block = block_offsets(ptr)
    block_count = (np.diff(ptr) + BLOCK - 1) // BLOCK
    maxima = np.zeros(vocabulary, dtype=np.float64)
    block_max = np.zeros(int(block_count.sum()), dtype=np.float64)
    impact = np.zeros(postings.doc.shape[0], dtype=np.float32)
    start_term = 0
    while start_term < vocabulary:
        # Whole terms, about _MAX_CHUNK postings at a time.
        end_term = int(np.searchsorted(ptr, ptr[start_term] + _MAX_CHUNK, side="right")) - 1
        end_term = min(max(end_term, start_term + 1), vocabulary)
        lo, hi = int(ptr[start_term]), int(ptr[end_term])
        if hi > lo:
            contributions = term_contributions(
                1.0, postings.tf[lo:hi], norm[postings.doc[lo:hi]], params.k1
            )
            impact[lo:hi] = contributions
            terms = np.arange(start_term, end_term)
            counts = block_count[start_term:end_term]
            within = np.arange(int(counts.sum())) - np.repeat(np.cumsum(counts) - counts, counts)
            starts = np.repeat(ptr[start_term:end_term] - lo, counts) + within * BLOCK
            blocks = np.maximum.reduceat(contributions, starts) * np.repeat(idf[terms], counts)
            first = int(first_block[start_term])
            block_max[first : first + blocks.size] = blocks
            present = counts > 0
            maxima[terms[present]] = np.maximum.reduceat(
                blocks, (np.cumsum(counts) - counts)[present]
            )
        start_term = end_term
    return maxima, block_max, impact


class _BuildState:
    """Everything a build accumulates besides the postings: article texts and metadata, passage
    spans, and corpus statistics."""

    def __init__(self, report: ReadReport) -> None:
        self.report = report
        self.deduplicator = Deduplicator(report)
        self.vocabulary = Vocabulary()
        self.reused = 0
        self.builders = {name: PostingsBuilder() for name in FIELDS}
        self._workers = _WorkerVocabularies()
        self.languages: Counter[str] = Counter()
        self.outlets: Counter[str] = Counter()
        self.dates: list[str] = []  # the first and last ISO dates (ordered as strings)
        self.articles = 0
        self.passages = 0
        self._text: list[bytes] = []
        self._text_ptr: list[np.ndarray] = [np.zeros(1, dtype=np.int64)]
        self._meta: list[bytes] = []
        self._meta_ptr: list[np.ndarray] = [np.zeros(1, dtype=np.int64)]
        self._passage_article: list[np.ndarray] = []
        self._spans: list[np.ndarray] = []
        self._article_first: list[np.ndarray] = [np.zeros(1, dtype=np.int64)]

    def add(self, result: UnitResult) -> None:
        """Take a worker's unit: drop duplicates, give its terms global ids, add its postings."""
        self.report.skipped.extend(result.skipped)
        columns = result.articles
        kept = np.ones(len(columns), dtype=bool)
        new_ids: dict[int, str] = {}
        accept = self.deduplicator.accept_id
        for position, (article_id, origin) in enumerate(
            zip(columns.ids, columns.origins, strict=True)
        ):
            accepted = accept(article_id, origin, columns.digest(position))
            if accepted is None:
                kept[position] = False
            elif accepted != article_id:
                new_ids[position] = accepted
        fields = result.fields
        columns = columns.renamed(new_ids)
        if not kept.all():
            passages = np.repeat(kept, columns.passages)
            columns = columns.select(kept)
            fields = {
                "passage": fields["passage"].keep(passages),
                "article": fields["article"].keep(kept),
                "title": fields["title"].keep(kept),
            }
        self._add_articles(columns)
        term_map = self._term_map(result, fields[result.cover].first_seen)
        for name, counted in fields.items():
            self.builders[name].add_counted(counted, term_map)

    def _term_map(self, result: UnitResult, order: np.ndarray) -> np.ndarray:
        """The unit's term ids → global ids; terms new to the corpus get the next ids, in the
        order they first appear in the unit, so that ids follow the corpus's order."""
        if result.worker_terms is not None:
            return self._workers.term_map(result.worker_terms, order, self.vocabulary)
        terms = result.terms
        table = np.zeros(len(terms), dtype=np.int32)
        in_order = [terms[local] for local in order.tolist()]
        table[order] = self.vocabulary.map(in_order, distinct=True)
        return table

    def _add_articles(self, columns: ArticleColumns) -> None:
        """Append a unit's (kept) articles: their texts, metadata, passages and statistics."""
        count = len(columns)
        if count == 0:
            return
        self.languages.update(columns.languages)
        self.outlets.update(source for source in columns.sources if source)
        dates = [day for day in columns.published if day and _ISO_DATE.match(day)]
        if dates:
            self.dates = [min([*self.dates[:1], *dates]), max([*self.dates[1:], *dates])]
        numbers = np.arange(self.articles, self.articles + count, dtype=np.int64)
        self._passage_article.append(np.repeat(numbers, columns.passages))
        self._spans.append(columns.spans)
        self._article_first.append(self.passages + np.cumsum(columns.passages))
        self._text.append(columns.text)
        self._text_ptr.append(self._text_ptr[-1][-1] + columns.text_ptr[1:])
        self._meta.append(columns.meta)
        self._meta_ptr.append(self._meta_ptr[-1][-1] + columns.meta_ptr[1:])
        self.articles += count
        self.passages += int(columns.passages.sum())

    def article_arrays(self) -> dict[str, np.ndarray]:
        spans = np.concatenate(self._spans) if self._spans else np.zeros((0, 2), dtype=np.int32)
        return {
            "passage_article": _joined(self._passage_article, np.int32),
            "passage_start": np.ascontiguousarray(spans[:, 0], dtype=np.int32),
            "passage_end": np.ascontiguousarray(spans[:, 1], dtype=np.int32),
            "article_first_passage": _joined(self._article_first, np.int32),
            "text_ptr": _joined(self._text_ptr, np.int64),
            "text": np.frombuffer(b"".join(self._text), dtype=np.uint8),
            "meta_ptr": _joined(self._meta_ptr, np.int64),
            "meta": np.frombuffer(b"".join(self._meta), dtype=np.uint8),
        }


class _WorkerVocabularies:
    """Each worker's term ids → global ids, learnt from the names each worker reports once."""

    def __init__(self) -> None:
        self._names: dict[str, list[str]] = {}
        self._global: dict[str, np.ndarray] = {}  # -1: not given a global id yet

    def term_map(self, terms: WorkerTerms, order: np.ndarray, vocabulary: Vocabulary) -> np.ndarray:
        names = self._names.setdefault(terms.worker, [])
        if terms.first != len(names):
            raise RuntimeError("a worker's units arrived out of order")
        names.extend(terms.names)
        known = self._global.get(terms.worker, np.zeros(0, dtype=np.int32))
        if known.size < len(names):
            known = np.concatenate([known, np.full(len(names) - known.size, -1, np.int32)])
            self._global[terms.worker] = known
        in_order = terms.ids[order]
        missing = in_order[known[in_order] < 0]
        if missing.size:
            known[missing] = vocabulary.map([names[i] for i in missing.tolist()], distinct=True)
        # Terms only in duplicates dropped from this unit keep -1 here; no posting uses them.
        table: np.ndarray = np.maximum(known[terms.ids], 0)
        return table


def _joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)


def _query_language(languages: Counter[str]) -> str:
    """The Latin-script language most articles are in: questions are stemmed with it."""
    for language, _ in languages.most_common():
        if language in LATIN_SCRIPT:
            return language
    return "en"


def _empty_message(root: Path, report: ReadReport) -> str:
    if not report.files:
        return f"the corpus {root} holds no files; add .txt, .md, .html, .json or .jsonl articles"
    reasons = "; ".join(f"{item.origin}: {item.reason}" for item in report.skipped[:5])
    more = f" (and {len(report.skipped) - 5} more)" if len(report.skipped) > 5 else ""
    return f"no readable article in {root}: {reasons}{more}"
