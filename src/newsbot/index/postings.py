"""Accumulating term postings while passages stream in, then packing them term-major (CSR)."""

from __future__ import annotations

from array import array
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt


@dataclass(frozen=True, slots=True)
class Postings:
    """Term-major postings: passages `doc[ptr[t]:ptr[t+1]]` contain term t, `tf` times each."""

    vocabulary: list[str]
    ptr: npt.NDArray[np.int64]
    doc: npt.NDArray[np.int32]
    tf: npt.NDArray[np.int32]
    doc_len: npt.NDArray[np.int32]

    @property
    def doc_freq(self) -> npt.NDArray[np.int64]:
        return np.diff(self.ptr)


class PostingsBuilder:
    """Collects each passage's term counts in compact arrays rather than Python dicts.

    Term ids are handed out in order of first appearance, which is also the order rank-bm25
    sums idf values in; keeping it makes the mean idf, and so every score, identical.
    """

    def __init__(self) -> None:
        self.term_ids: dict[str, int] = {}
        self._doc = array("i")
        self._term = array("i")
        self._tf = array("i")
        self._doc_len = array("i")

    @property
    def passages(self) -> int:
        return len(self._doc_len)

    def add(self, terms: list[str]) -> int:
        """Add one passage's terms; return its passage number."""
        counts: dict[int, int] = {}
        term_ids = self.term_ids
        for term in terms:
            term_id = term_ids.get(term)
            if term_id is None:
                term_id = term_ids[term] = len(term_ids)
            counts[term_id] = counts.get(term_id, 0) + 1
        number = len(self._doc_len)
        self._doc_len.append(len(terms))
        self._term.extend(counts.keys())
        self._tf.extend(counts.values())
        self._doc.extend([number] * len(counts))
        return number

    def finish(self) -> Postings:
        term = np.frombuffer(self._term, dtype=np.int32)
        order = np.argsort(term, kind="stable")
        counts = np.bincount(term, minlength=len(self.term_ids))
        ptr = np.zeros(len(self.term_ids) + 1, dtype=np.int64)
        np.cumsum(counts, out=ptr[1:])
        return Postings(
            vocabulary=list(self.term_ids),
            ptr=ptr,
            doc=np.frombuffer(self._doc, dtype=np.int32)[order],
            tf=np.frombuffer(self._tf, dtype=np.int32)[order],
            doc_len=np.frombuffer(self._doc_len, dtype=np.int32).copy(),
        )
