"""Scoring passages for a query from term-major postings, with BM25Okapi's exact scores.

Only the postings of the query's terms are read: a rare term costs a few passages, not the
whole corpus, unlike `BM25Okapi.get_scores`, which loops over every passage for every term.
Top-k search on a large index goes through the compiled MaxScore kernel (see `accelerate`),
which adds precomputed single-precision impacts (each posting's BM25 term weight, written at
build time) and skips passages that cannot reach the top; its candidates are then scored again
exactly, term by term in query order, so the scores (and their order) are rank-bm25's to the
last bit.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import cached_property

import numpy as np
import numpy.typing as npt

from newsbot.index import accelerate
from newsbot.index.okapi import BM25Params, FloatArray, length_norm, term_contributions

# Below this many documents the exhaustive numpy path is as fast as the kernel.
KERNEL_MIN_DOCUMENTS = 50_000
# Postings per block for block-max bounds.
BLOCK = 128


def block_offsets(ptr: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    """Where each term's blocks start in the block-max array."""
    blocks = (np.diff(ptr) + BLOCK - 1) // BLOCK
    offsets = np.zeros(ptr.shape[0] - 1, dtype=np.int64)
    np.cumsum(blocks[:-1], out=offsets[1:])
    return offsets


WeightedTerms = Sequence[tuple[int, float]]


class BM25Scorer:
    """Exact BM25Okapi over one field's postings."""

    def __init__(
        self,
        ptr: npt.NDArray[np.int64],
        doc: npt.NDArray[np.int32],
        tf: npt.NDArray[np.unsignedinteger],
        doc_len: npt.NDArray[np.int32],
        idf: FloatArray,
        params: BM25Params,
        avgdl: float,
        bound: FloatArray | None = None,
        block_max: FloatArray | None = None,
        impact: npt.NDArray[np.float32] | None = None,
    ) -> None:
        self.ptr = ptr
        self.doc = doc
        self.tf = tf
        self.idf = idf
        self.bound = bound
        self.block_max = block_max
        self.impact = impact
        self._block_first = block_offsets(ptr) if block_max is not None else None
        self._k1 = params.k1
        self._doc_len = doc_len
        self._params = params
        self._avgdl = avgdl
        self.size = int(doc_len.shape[0])
        self.kernel_min_documents = KERNEL_MIN_DOCUMENTS
        self._workspaces = threading.local()

    @cached_property
    def _norm(self) -> FloatArray:
        """Each document's length normalisation, computed when first needed: the compiled
        search reads stored impacts instead, so a large index opens (and answers its first
        question) without this pass over every document."""
        return length_norm(self._doc_len, self._params, self._avgdl)

    def postings(
        self, term_id: int
    ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.unsignedinteger]]:
        start, end = int(self.ptr[term_id]), int(self.ptr[term_id + 1])
        return self.doc[start:end], self.tf[start:end]

    def scores(self, term_ids: Sequence[int]) -> FloatArray:
        """The BM25 score of every passage; terms are added in query order, repeats included."""
        return self.weighted_scores([(term_id, 1.0) for term_id in term_ids])

    def weighted_scores(self, terms: WeightedTerms) -> FloatArray:
        """Σ weight × contribution for every document, terms added in the order given."""
        scores = np.zeros(self.size, dtype=np.float64)
        for term_id, weight in terms:
            docs, tfs = self.postings(term_id)
            if docs.size == 0:
                continue
            contribution = term_contributions(
                float(self.idf[term_id]), tfs, self._norm[docs], self._k1
            )
            scores[docs] += contribution if weight == 1.0 else weight * contribution
        return scores

    def exact_scores(self, terms: WeightedTerms, docs: npt.NDArray[np.int64]) -> FloatArray:
        """The scores of the given (sorted) documents, computed exactly as `weighted_scores`."""
        scores = np.zeros(docs.shape[0], dtype=np.float64)
        if docs.size == 0:
            return scores
        # In the postings' own type: searching int64 values would first copy the whole list.
        targets = docs.astype(self.doc.dtype)
        for term_id, weight in terms:
            postings, tfs = self.postings(term_id)
            if postings.size == 0:
                continue
            where = np.searchsorted(postings, targets)
            inside = where < postings.size
            hit = np.zeros(docs.shape[0], dtype=bool)
            hit[inside] = postings[where[inside]] == docs[inside]
            if not hit.any():
                continue
            contribution = term_contributions(
                float(self.idf[term_id]), tfs[where[hit]], self._norm[docs[hit]], self._k1
            )
            scores[hit] += contribution if weight == 1.0 else weight * contribution
        return scores

    def top(self, term_ids: Sequence[int], k: int) -> list[tuple[int, float]]:
        """The k best documents with a positive score, best first, ties by document number."""
        return self.top_weighted([(term_id, 1.0) for term_id in term_ids], k)

    def top_weighted(self, terms: WeightedTerms, k: int) -> list[tuple[int, float]]:
        """Like `top`, for weighted terms (a question's own words count more than variants)."""
        if k <= 0 or not terms:
            return []
        candidates = self._kernel_candidates(terms, k)
        if candidates is None:
            scores = self.weighted_scores(terms)
            docs = np.flatnonzero(scores > 0)
            values = scores[docs]
        else:
            docs = np.sort(candidates)
            values = self.exact_scores(terms, docs)
            keep = values > 0
            docs, values = docs[keep], values[keep]
        if docs.size > k:
            kth = np.partition(values, docs.size - k)[docs.size - k]
            keep = values >= kth
            docs, values = docs[keep], values[keep]
        order = np.lexsort((docs, -values))[:k]
        return [(int(docs[i]), float(values[i])) for i in order]

    def compiled(self) -> bool:
        """True when top-k searches here run in the compiled kernel (which releases the GIL)."""
        return self.kernel_fits() and accelerate.ready() is not None

    def kernel_fits(self) -> bool:
        """The index is large enough for the kernel to pay, and has the bounds and impacts it
        reads."""
        return (
            self.size >= self.kernel_min_documents
            and self.bound is not None
            and self.block_max is not None
            and self.impact is not None
        )

    def _kernel_candidates(self, terms: WeightedTerms, k: int) -> npt.NDArray[np.int64] | None:
        """Documents that may be in the top k, from the compiled kernel; None to go exhaustive."""
        if not self.kernel_fits():
            return None
        kernel = accelerate.ready()
        if kernel is None:
            accelerate.warm_up_in_background()
            return None
        weights: dict[int, float] = {}
        for term_id, weight in terms:
            weights[term_id] = weights.get(term_id, 0.0) + weight
        ids = [term_id for term_id in weights if self.ptr[term_id + 1] > self.ptr[term_id]]
        if not ids:
            return np.zeros(0, dtype=np.int64)
        if any(weights[t] * float(self.idf[t]) < 0 for t in ids):
            return None  # pruning needs non-negative contributions (a tiny corpus, or odd weights)
        ids = [t for t in ids if weights[t] * float(self.idf[t]) > 0]  # zero adds nothing
        if not ids:
            return np.zeros(0, dtype=np.int64)
        assert self.bound is not None and self._block_first is not None  # kernel_fits
        coefficients = np.array([weights[t] * float(self.idf[t]) for t in ids])
        bounds = np.array([weights[t] * float(self.bound[t]) for t in ids])
        order = np.argsort(bounds, kind="stable")
        sorted_ids = np.array(ids, dtype=np.int64)[order]
        found: npt.NDArray[np.int64] = kernel(
            self.doc,
            self.impact,
            self.ptr[sorted_ids].astype(np.int64),
            self.ptr[sorted_ids + 1].astype(np.int64),
            coefficients[order],
            bounds[order],
            np.array([weights[t] for t in ids])[order],
            self._block_first[sorted_ids],
            self.block_max,
            BLOCK,
            k,
            *self._workspace(),
        )
        return found

    def _workspace(self) -> tuple[FloatArray, npt.NDArray[np.int64]]:
        """A zeroed score per document, and room for the documents touched: one pair per
        thread (questions are answered in worker threads), allocated once."""
        workspace: tuple[FloatArray, npt.NDArray[np.int64]] | None = getattr(
            self._workspaces, "pair", None
        )
        if workspace is None:
            workspace = (np.zeros(self.size), np.zeros(self.size, dtype=np.int64))
            self._workspaces.pair = workspace
        return workspace
