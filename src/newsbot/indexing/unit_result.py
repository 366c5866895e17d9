"""What analysing one work unit produces: its articles, column by column, and its counted terms.

A unit's result crosses a process boundary (worker → parent) and is kept on disk for the next
build, so it is made of a few large objects rather than one object per article: pickling and
unpickling thousands of small records cost the parent, which has to take every unit in turn,
more than merging them did.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from newsbot.corpus.model import Skipped
from newsbot.indexing.postings import Counted

DIGEST_BYTES = 16


@dataclass(frozen=True, slots=True)
class ArticleColumns:
    """The articles of a unit, in order: identity and statistics, passage spans, and their
    stored forms (UTF-8 text and JSON metadata, concatenated, with offsets)."""

    ids: list[str]
    origins: list[str]
    sources: list[str | None]
    published: list[str | None]
    languages: list[str]
    passages: npt.NDArray[np.int64]  # passages of each article
    spans: npt.NDArray[np.int32]  # (passages, 2): start and end of each, in its article's text
    digests: bytes  # DIGEST_BYTES an article: its text, whitespace aside (for deduplication)
    text: bytes
    text_ptr: npt.NDArray[np.int64]  # article i's text is text[text_ptr[i]:text_ptr[i + 1]]
    meta: bytes
    meta_ptr: npt.NDArray[np.int64]

    def __len__(self) -> int:
        return len(self.ids)

    def digest(self, position: int) -> bytes:
        return self.digests[DIGEST_BYTES * position : DIGEST_BYTES * (position + 1)]

    def select(self, kept: npt.NDArray[np.bool_]) -> ArticleColumns:
        """Only the articles marked in `kept`, in order."""
        positions = np.flatnonzero(kept).tolist()
        return ArticleColumns(
            ids=[self.ids[n] for n in positions],
            origins=[self.origins[n] for n in positions],
            sources=[self.sources[n] for n in positions],
            published=[self.published[n] for n in positions],
            languages=[self.languages[n] for n in positions],
            passages=self.passages[kept],
            spans=self.spans[np.repeat(kept, self.passages)],
            digests=b"".join(self.digest(n) for n in positions),
            text=b"".join(self._text(n) for n in positions),
            text_ptr=offsets([self.text_ptr[n + 1] - self.text_ptr[n] for n in positions]),
            meta=b"".join(self._meta(n) for n in positions),
            meta_ptr=offsets([self.meta_ptr[n + 1] - self.meta_ptr[n] for n in positions]),
        )

    def renamed(self, new_ids: dict[int, str]) -> ArticleColumns:
        """The same articles, those at the given positions under new ids (their metadata too)."""
        if not new_ids:
            return self
        ids = list(self.ids)
        metas = [self._meta(n) for n in range(len(ids))]
        for position, article_id in new_ids.items():
            ids[position] = article_id
            fields = json.loads(metas[position])
            fields["id"] = article_id
            metas[position] = json.dumps(fields, ensure_ascii=False).encode("utf-8")
        return replace(
            self, ids=ids, meta=b"".join(metas), meta_ptr=offsets([len(meta) for meta in metas])
        )

    def _text(self, position: int) -> bytes:
        return self.text[int(self.text_ptr[position]) : int(self.text_ptr[position + 1])]

    def _meta(self, position: int) -> bytes:
        return self.meta[int(self.meta_ptr[position]) : int(self.meta_ptr[position + 1])]


def offsets(lengths: list[int] | list[np.int64]) -> npt.NDArray[np.int64]:
    """Offsets of consecutive pieces with the given lengths: 0, then each piece's end."""
    ends = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=ends[1:])
    return ends


@dataclass(frozen=True, slots=True)
class WorkerTerms:
    """A unit's terms as ids in the vocabulary of the worker that analysed it.

    A worker keeps one vocabulary for a whole build and reports each of its terms once: with
    the first unit that uses it. The parent takes a worker's units in the order that worker
    produced them, so it can map them by number instead of looking up every term of every
    unit by its name (which made the parent the bottleneck of a parallel build).
    """

    worker: str  # identifies the worker's vocabulary
    ids: npt.NDArray[np.int32]  # the worker's id of each of the unit's terms, in unit order
    first: int  # the worker's id of names[0]
    names: list[str]  # the terms the worker had not reported before, in id order


@dataclass(frozen=True, slots=True)
class UnitResult:
    """A work unit read, analysed and counted: self-contained, so it can also be kept and
    reused when its files have not changed.

    Term ids are the unit's own: `terms[i]` is term i, and `fields` hold each field's counted
    postings in those ids. `cover` names the field whose first appearances give the order in
    which the parent hands out global ids: the stream in which every term of the unit appears.
    A unit fresh from a worker may carry its terms as `worker_terms` instead of by name.
    """

    articles: ArticleColumns
    skipped: list[Skipped]
    terms: list[str]
    fields: dict[str, Counted]
    cover: str
    reused: bool = False
    worker_terms: WorkerTerms | None = None

    def for_parent(self) -> UnitResult:
        """The result to hand to the parent: its terms by worker id when it has them."""
        return self if self.worker_terms is None else replace(self, terms=[])
