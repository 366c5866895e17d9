"""Accumulating term postings while documents stream in, then packing them term-major (CSR).

One vocabulary is shared by every field (passages, whole articles, titles), so a query term is
looked up once. Each field also remembers the order in which terms first appeared in it: that is
the order rank-bm25 sums idf values in, and keeping it makes the mean idf, and so every score,
bit-identical to `BM25Okapi` over that field's documents.
"""

from __future__ import annotations

from array import array
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


class Vocabulary:
    """Term → id, handing out ids in order of first appearance anywhere."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def terms(self) -> list[str]:
        return list(self.ids)


@dataclass(frozen=True, slots=True)
class Postings:
    """Term-major postings: documents `doc[ptr[t]:ptr[t+1]]` contain term t, `tf` times each."""

    ptr: npt.NDArray[np.int64]
    doc: npt.NDArray[np.int32]
    tf: npt.NDArray[np.int32]
    doc_len: npt.NDArray[np.int32]
    first_seen: npt.NDArray[np.int32]

    @property
    def doc_freq(self) -> npt.NDArray[np.int64]:
        return np.diff(self.ptr)


class PostingsBuilder:
    """Collects each document's term counts in compact arrays rather than Python dicts."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        self.vocabulary = vocabulary
        self._seen = bytearray()
        self._first_seen = array("i")
        self._doc = array("i")
        self._term = array("i")
        self._tf = array("i")
        self._doc_len = array("i")

    @property
    def documents(self) -> int:
        return len(self._doc_len)

    def add(self, terms: list[str]) -> int:
        """Add one document's terms; return its number."""
        counts: dict[int, int] = {}
        ids = self.vocabulary.ids
        seen = self._seen
        for term in terms:
            term_id = ids.get(term)
            if term_id is None:
                term_id = ids[term] = len(ids)
            if term_id >= len(seen):
                seen.extend(bytes(term_id + 1024 - len(seen)))
            if not seen[term_id]:
                seen[term_id] = 1
                self._first_seen.append(term_id)
            counts[term_id] = counts.get(term_id, 0) + 1
        number = len(self._doc_len)
        self._doc_len.append(len(terms))
        self._term.extend(counts.keys())
        self._tf.extend(counts.values())
        self._doc.extend([number] * len(counts))
        return number

    def finish(self) -> Postings:
        """Pack into term-major arrays sized for the whole vocabulary."""
        size = len(self.vocabulary)
        term = np.frombuffer(self._term, dtype=np.int32)
        order = np.argsort(term, kind="stable")
        counts = np.bincount(term, minlength=size)
        ptr = np.zeros(size + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        return Postings(
            ptr=ptr,
            doc=np.frombuffer(self._doc, dtype=np.int32)[order],
            tf=np.frombuffer(self._tf, dtype=np.int32)[order],
            doc_len=np.frombuffer(self._doc_len, dtype=np.int32).copy(),
            first_seen=np.frombuffer(self._first_seen, dtype=np.int32).copy(),
        )
