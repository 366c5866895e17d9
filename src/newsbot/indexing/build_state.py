"""What a build accumulates while worker processes hand in their units: the articles' texts and
metadata, passage spans, corpus statistics, and every field's postings under global term ids.

Units arrive in corpus order; duplicates (by text) are dropped here, because only the parent
sees the whole corpus.
"""

from __future__ import annotations

import re
import tempfile
from collections import Counter
from pathlib import Path
from typing import IO

import numpy as np

from newsbot.corpus import ReadReport
from newsbot.corpus.reader import Deduplicator
from newsbot.indexing.postings import PostingsBuilder, Vocabulary
from newsbot.indexing.unit_result import ArticleColumns, UnitResult, WorkerTerms

FIELDS = ("passage", "article", "title")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")


class BuildState:
    """Everything a build accumulates besides the postings: article texts and metadata, passage
    spans, and corpus statistics."""

    def __init__(self, report: ReadReport, spill: Path) -> None:
        self.report = report
        self.deduplicator = Deduplicator(report)
        self.vocabulary = Vocabulary()
        self.reused = 0
        self.builders = {name: PostingsBuilder() for name in FIELDS}
        self._workers = WorkerVocabularies()
        self.languages: Counter[str] = Counter()
        self.outlets: Counter[str] = Counter()
        self.dates: list[str] = []  # the first and last ISO dates (ordered as strings)
        self.articles = 0
        self.passages = 0
        # Texts and metadata wait in unnamed temporary files beside the index (gone with the
        # process, whatever happens), not in memory: at a million passages they are gigabytes.
        self._text = tempfile.TemporaryFile(dir=spill)  # noqa: SIM115 - closed on exit
        self._text_ptr: list[np.ndarray] = [np.zeros(1, dtype=np.int64)]
        self._meta = tempfile.TemporaryFile(dir=spill)  # noqa: SIM115 - closed on exit
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
        table[order] = self.vocabulary.map(in_order)
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
        self._text.write(columns.text)
        self._text_ptr.append(self._text_ptr[-1][-1] + columns.text_ptr[1:])
        self._meta.write(columns.meta)
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
            "text": _mapped(self._text),
            "meta_ptr": _joined(self._meta_ptr, np.int64),
            "meta": _mapped(self._meta),
        }

    def __enter__(self) -> BuildState:
        return self

    def __exit__(self, *error: object) -> None:
        """Let go of the temporary files (arrays mapped from them stay readable)."""
        self._text.close()
        self._meta.close()


class WorkerVocabularies:
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
            known[missing] = vocabulary.map([names[i] for i in missing.tolist()])
        # Terms only in duplicates dropped from this unit keep -1 here; no posting uses them.
        table: np.ndarray = np.maximum(known[terms.ids], 0)
        return table


def _mapped(stream: IO[bytes]) -> np.ndarray:
    """What was written to `stream`, as bytes mapped from the file."""
    stream.flush()
    size = stream.seek(0, 2)
    if size == 0:
        return np.zeros(0, dtype=np.uint8)
    return np.memmap(stream, dtype=np.uint8, mode="r", shape=(size,))


def _joined(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts).astype(dtype) if parts else np.zeros(0, dtype=dtype)
