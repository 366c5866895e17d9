"""Scoring passages for a query from term-major postings, with BM25Okapi's exact scores.

Only the postings of the query's terms are read: a rare term costs a few passages, not the
whole corpus, unlike `BM25Okapi.get_scores`, which loops over every passage for every term.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from newsbot.index.okapi import BM25Params, FloatArray, length_norm, term_contributions


class BM25Scorer:
    """Top-k retrieval over one set of postings."""

    def __init__(
        self,
        ptr: npt.NDArray[np.int64],
        doc: npt.NDArray[np.int32],
        tf: npt.NDArray[np.int32],
        doc_len: npt.NDArray[np.int32],
        idf: FloatArray,
        params: BM25Params,
        avgdl: float,
    ) -> None:
        self.ptr = ptr
        self.doc = doc
        self.tf = tf
        self.idf = idf
        self._k1 = params.k1
        self._norm = length_norm(doc_len, params, avgdl)
        self.size = int(doc_len.shape[0])

    def scores(self, term_ids: Sequence[int]) -> FloatArray:
        """The BM25 score of every passage; terms are added in query order, repeats included."""
        scores = np.zeros(self.size, dtype=np.float64)
        for term_id in term_ids:
            start, end = int(self.ptr[term_id]), int(self.ptr[term_id + 1])
            docs = self.doc[start:end]
            scores[docs] += term_contributions(
                float(self.idf[term_id]), self.tf[start:end], self._norm[docs], self._k1
            )
        return scores

    def weighted_scores(self, term_weights: Sequence[tuple[int, float]]) -> FloatArray:
        """Σ weight × BM25 contribution, for questions whose terms do not all count the same."""
        scores = np.zeros(self.size, dtype=np.float64)
        for term_id, weight in term_weights:
            start, end = int(self.ptr[term_id]), int(self.ptr[term_id + 1])
            if start == end:
                continue
            docs = self.doc[start:end]
            contribution = term_contributions(
                float(self.idf[term_id]), self.tf[start:end], self._norm[docs], self._k1
            )
            scores[docs] += weight * contribution
        return scores

    def top(self, term_ids: Sequence[int], k: int) -> list[tuple[int, float]]:
        """The k best passages with a positive score, best first, ties broken by passage number."""
        if k <= 0 or not term_ids:
            return []
        scores = self.scores(term_ids)
        candidates = np.flatnonzero(scores > 0)
        if candidates.size > k:
            values = scores[candidates]
            kth = np.partition(values, candidates.size - k)[candidates.size - k]
            candidates = candidates[values >= kth]
        values = scores[candidates]
        order = np.lexsort((candidates, -values))[:k]
        return [(int(candidates[i]), float(values[i])) for i in order]
