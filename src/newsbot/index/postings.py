"""Accumulating term postings batch by batch, then packing them term-major (CSR).

Terms arrive as flat arrays of term ids with per-document lengths, and are counted with numpy
(a sort per batch), so indexing a million passages holds compact arrays, never Python lists of
tokens.

One vocabulary is shared by every field (passages, whole articles, titles), so a query term is
looked up once. Each field also remembers the order in which terms first appeared in it: that is
the order rank-bm25 sums idf values in, and keeping it makes the mean idf, and so every score,
bit-identical to `BM25Okapi` over that field's documents.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

IntArray = npt.NDArray[np.int32]
_TERM_BITS = 32


class Vocabulary:
    """Term → id, handing out ids in order of first appearance anywhere."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def terms(self) -> list[str]:
        return list(self.ids)

    def map(self, terms: list[str]) -> IntArray:
        """The ids of `terms`, giving new terms the next ids in the order they appear."""
        ids = self.ids
        for term in dict.fromkeys(terms):  # distinct terms, in order, at C speed
            if term not in ids:
                ids[term] = len(ids)
        return np.fromiter(map(ids.__getitem__, terms), dtype=np.int32, count=len(terms))


@dataclass(frozen=True, slots=True)
class Postings:
    """Term-major postings: documents `doc[ptr[t]:ptr[t+1]]` contain term t, `tf` times each."""

    ptr: npt.NDArray[np.int64]
    doc: IntArray
    tf: npt.NDArray[np.unsignedinteger]
    doc_len: IntArray
    first_seen: IntArray

    @property
    def doc_freq(self) -> npt.NDArray[np.int64]:
        return np.diff(self.ptr)


@dataclass(frozen=True, slots=True)
class Counted:
    """A batch of documents counted: (document, term, tf) sorted by document, the documents'
    lengths, and the batch's terms in the order they first appear."""

    docs: IntArray
    terms: IntArray
    tfs: npt.NDArray[np.uint32]
    lengths: IntArray
    first_seen: IntArray


def count_terms(ids: IntArray, lengths: npt.NDArray[np.integer]) -> Counted:
    """Count a batch whose documents' term ids are concatenated in `ids`."""
    lengths = np.asarray(lengths, dtype=np.int64)
    if ids.size == 0:
        empty = np.zeros(0, dtype=np.int32)
        return Counted(empty, empty, np.zeros(0, dtype=np.uint32), lengths.astype(np.int32), empty)
    local = np.repeat(np.arange(lengths.size, dtype=np.int64), lengths)
    keys, tfs = np.unique((local << _TERM_BITS) | ids.astype(np.int64), return_counts=True)
    unique, first = np.unique(ids, return_index=True)
    return Counted(
        docs=(keys >> _TERM_BITS).astype(np.int32),
        terms=(keys & ((1 << _TERM_BITS) - 1)).astype(np.int32),
        tfs=tfs.astype(np.uint32),
        lengths=lengths.astype(np.int32),
        first_seen=unique[np.argsort(first, kind="stable")].astype(np.int32),
    )


class PostingsBuilder:
    """One field's postings, built from batches of documents."""

    def __init__(self) -> None:
        self.documents = 0
        self._terms: list[IntArray] = []
        self._docs: list[IntArray] = []
        self._tfs: list[npt.NDArray[np.uint32]] = []
        self._lengths: list[IntArray] = []
        self._first_seen: list[IntArray] = []
        self._seen = np.zeros(0, dtype=bool)

    def add(self, ids: IntArray, lengths: npt.NDArray[np.integer]) -> None:
        """Add documents whose term ids are `ids`, `lengths[i]` of them for document i."""
        self.add_counted(count_terms(ids, lengths))

    def add_counted(self, counted: Counted, term_map: IntArray | None = None) -> None:
        """Add a counted batch; `term_map` turns the batch's local term ids into global ones."""
        if counted.lengths.size == 0:
            return
        terms, first_seen = counted.terms, counted.first_seen
        if term_map is not None:
            terms, first_seen = term_map[terms], term_map[first_seen]
        if terms.size:
            self._note_first_seen(first_seen)
            self._terms.append(terms.astype(np.int32, copy=False))
            self._docs.append((counted.docs.astype(np.int64) + self.documents).astype(np.int32))
            self._tfs.append(counted.tfs)
        self._lengths.append(counted.lengths)
        self.documents += counted.lengths.size

    def finish(self, vocabulary_size: int) -> Postings:
        """Pack everything added into term-major arrays sized for the whole vocabulary."""
        terms = _concatenate(self._terms, np.int32)
        docs = _concatenate(self._docs, np.int32)
        tfs = _concatenate(self._tfs, np.uint32)
        self._terms, self._docs, self._tfs = [], [], []
        order = np.argsort(terms, kind="stable")  # documents stay in order within a term
        counts = np.bincount(terms, minlength=vocabulary_size)
        ptr = np.zeros(vocabulary_size + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        tf_type = (
            np.uint16 if tfs.size == 0 or int(tfs.max()) <= np.iinfo(np.uint16).max else np.uint32
        )
        return Postings(
            ptr=ptr,
            doc=docs[order],
            tf=tfs[order].astype(tf_type),
            doc_len=_concatenate(self._lengths, np.int32),
            first_seen=_concatenate(self._first_seen, np.int32),
        )

    def _note_first_seen(self, in_order: IntArray) -> None:
        """Record the terms of `in_order` (first appearances, in order) not seen before."""
        top = int(in_order.max())
        if top >= self._seen.size:
            grown = np.zeros(max(top + 1, 2 * self._seen.size), dtype=bool)
            grown[: self._seen.size] = self._seen
            self._seen = grown
        fresh = in_order[~self._seen[in_order]]
        if fresh.size:
            self._first_seen.append(fresh.astype(np.int32))
            self._seen[fresh] = True


def _concatenate(parts: list[np.ndarray], dtype: type) -> np.ndarray:
    return np.concatenate(parts).astype(dtype, copy=False) if parts else np.zeros(0, dtype=dtype)
