"""Accumulating term postings batch by batch, then packing them term-major (CSR).

Terms arrive as flat arrays of term ids with per-document lengths, and are counted per batch
(in two linear passes by the compiled counter, or with numpy sorts), so indexing a million
passages holds compact arrays, never Python lists of tokens.

One vocabulary is shared by every field (passages, whole articles, titles), so a query term is
looked up once. Each field also remembers the order in which terms first appeared in it: that is
the order rank-bm25 sums idf values in, and keeping it makes the mean idf, and so every score,
bit-identical to `BM25Okapi` over that field's documents.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsbot import native

IntArray = npt.NDArray[np.int32]
_TERM_BITS = 32
_COUNT_ABI = 1  # the interface version expected of the compiled counter


class Vocabulary:
    """Term → id, handing out ids in order of first appearance anywhere."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self._names: list[str] = []

    def __len__(self) -> int:
        return len(self.ids)

    def terms(self) -> list[str]:
        """The terms, in id order (a copy)."""
        return list(self._names)

    def names(self, term_ids: list[int]) -> list[str]:
        """The terms with the given ids."""
        names = self._names
        return [names[term_id] for term_id in term_ids]

    def names_from(self, start: int) -> list[str]:
        """The terms with ids `start` and up, in id order."""
        return self._names[start:]

    def add(self, term: str) -> int:
        """The term's id, giving it the next one if it is new."""
        term_id = self.ids.get(term)
        if term_id is None:
            term_id = self.ids[term] = len(self._names)
            self._names.append(term)
        return term_id

    def map(self, terms: list[str]) -> IntArray:
        """The ids of `terms` (distinct), giving new terms the next ids in the order they appear.

        Without a Python-level call per term, as a build maps every batch's terms here.
        """
        ids = self.ids
        new = [term for term in terms if term not in ids]
        if new:
            ids.update(zip(new, range(len(self._names), len(self._names) + len(new)), strict=True))
            self._names.extend(new)
        if len(terms) < 2:
            return np.array([ids[term] for term in terms], dtype=np.int32)
        return np.array(operator.itemgetter(*terms)(ids), dtype=np.int32)


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
    """A batch of documents counted: one row per (document, term), grouped by term and in
    document order within a term, with the term's count and the position of its first
    occurrence in the batch's token stream; the documents' lengths; and the batch's terms in
    the order they first appear."""

    docs: IntArray
    terms: IntArray
    tfs: npt.NDArray[np.uint32]
    first_index: npt.NDArray[np.int64]
    lengths: IntArray
    first_seen: IntArray

    def renumbered(self, table: IntArray) -> Counted:
        """The same counts with term t renamed to `table[t]`."""
        return Counted(
            docs=self.docs,
            terms=table[self.terms],
            tfs=self.tfs,
            first_index=self.first_index,
            lengths=self.lengths,
            first_seen=table[self.first_seen],
        )

    def keep(self, documents: npt.NDArray[np.bool_]) -> Counted:
        """Only the documents marked in `documents`, renumbered (duplicates dropped)."""
        rows = documents[self.docs]
        renumber = np.cumsum(documents, dtype=np.int64) - 1
        terms, first_index = self.terms[rows], self.first_index[rows]
        return Counted(
            docs=renumber[self.docs[rows]].astype(np.int32),
            terms=terms,
            tfs=self.tfs[rows],
            first_index=first_index,
            lengths=self.lengths[documents],
            first_seen=_first_appearances(terms, first_index),
        )


def count_terms(ids: IntArray, lengths: npt.NDArray[np.integer]) -> Counted:
    """Count a batch whose documents' term ids are concatenated in `ids`.

    The compiled counter (`_count.c`) does it in two linear passes when it is built; the numpy
    sorts below are the reference it is tested against.
    """
    sizes: npt.NDArray[np.int64] = np.asarray(lengths, dtype=np.int64)
    compiled = native.load("newsbot.indexing._count", _COUNT_ABI)
    if compiled is not None and ids.size:
        docs, terms, tfs, first_index, first_seen = compiled.count(
            np.ascontiguousarray(ids, dtype=np.int32), np.ascontiguousarray(sizes)
        )
        return Counted(
            docs=np.frombuffer(docs, dtype=np.int32),
            terms=np.frombuffer(terms, dtype=np.int32),
            tfs=np.frombuffer(tfs, dtype=np.uint32),
            first_index=np.frombuffer(first_index, dtype=np.int64),
            lengths=sizes.astype(np.int32),
            first_seen=np.frombuffer(first_seen, dtype=np.int32),
        )
    return count_with_numpy(ids, sizes)


def count_with_numpy(ids: IntArray, lengths: npt.NDArray[np.int64]) -> Counted:
    """`count_terms` with numpy sorts: the reference for the compiled counter."""
    if ids.size == 0:
        empty = np.zeros(0, dtype=np.int32)
        return Counted(
            empty,
            empty,
            np.zeros(0, dtype=np.uint32),
            np.zeros(0, dtype=np.int64),
            lengths.astype(np.int32),
            empty,
        )
    local = np.repeat(np.arange(lengths.size, dtype=np.int64), lengths)
    keys, first_index, tfs = np.unique(
        (local << _TERM_BITS) | ids.astype(np.int64), return_index=True, return_counts=True
    )
    terms = (keys & ((1 << _TERM_BITS) - 1)).astype(np.int32)
    # Rows grouped by term (documents still in order within a term), so that the final
    # term-major arrays can be filled batch by batch without sorting everything at the end.
    by_term = np.argsort(terms, kind="stable")
    grouped_terms = terms[by_term]
    grouped_first = first_index.astype(np.int64)[by_term]
    return Counted(
        docs=(keys >> _TERM_BITS).astype(np.int32)[by_term],
        terms=grouped_terms,
        tfs=tfs.astype(np.uint32)[by_term],
        first_index=grouped_first,
        lengths=lengths.astype(np.int32),
        first_seen=_first_appearances(grouped_terms, grouped_first),
    )


def _first_appearances(terms: IntArray, first_index: npt.NDArray[np.integer]) -> IntArray:
    """The distinct terms, in the order of their first occurrence.

    Rows come grouped by term, in document order within a term, so a term's first row holds
    its first occurrence: only the groups' first rows need sorting.
    """
    if terms.size == 0:
        return terms
    starts = np.flatnonzero(np.r_[True, terms[1:] != terms[:-1]])
    return terms[starts[np.argsort(first_index[starts], kind="stable")]].astype(np.int32)


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
        """Pack everything added into term-major arrays sized for the whole vocabulary.

        Each batch's rows are grouped by term, so they are copied straight to their place
        (after the earlier batches' postings of the same term): no global sort.
        """
        counts = np.zeros(vocabulary_size, dtype=np.int64)
        top_tf = 0
        for terms, tfs in zip(self._terms, self._tfs, strict=True):
            counts += np.bincount(terms, minlength=vocabulary_size)
            top_tf = max(top_tf, int(tfs.max()) if tfs.size else 0)
        ptr = np.zeros(vocabulary_size + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        size = int(ptr[-1])
        doc = np.empty(size, dtype=np.int32)
        tf: npt.NDArray[np.unsignedinteger] = (
            np.empty(size, dtype=np.uint16)
            if top_tf <= np.iinfo(np.uint16).max
            else np.empty(size, dtype=np.uint32)
        )
        filled = np.zeros(vocabulary_size, dtype=np.int64)
        for terms, docs, tfs in zip(self._terms, self._docs, self._tfs, strict=True):
            if terms.size == 0:
                continue
            starts = np.flatnonzero(np.r_[True, terms[1:] != terms[:-1]])
            run_terms = terms[starts]
            run_lengths = np.diff(np.r_[starts, terms.size])
            base = ptr[run_terms] + filled[run_terms] - starts
            destination = np.repeat(base, run_lengths) + np.arange(terms.size)
            doc[destination] = docs
            tf[destination] = tfs
            filled[run_terms] += run_lengths
        self._terms, self._docs, self._tfs = [], [], []
        return Postings(
            ptr=ptr,
            doc=doc,
            tf=tf,
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
