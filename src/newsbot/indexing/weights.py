"""One field's counted postings → the arrays BM25 search reads: idf, and each posting's weight.

Besides the postings themselves, the index stores each term's largest contribution in any
document and in each block of postings (the bounds that let the compiled search skip documents
that cannot reach the top), and each posting's term weight in single precision, so the compiled
search adds these instead of dividing at query time (see `index.accelerate`).
"""

from __future__ import annotations

import numpy as np

from newsbot.index.okapi import BM25Params, length_norm, okapi_idf, term_contributions
from newsbot.index.scorer import BLOCK, block_offsets
from newsbot.indexing.postings import Postings

# Postings weighed at a time: small enough that the temporaries stay in cache and are reused
# from the heap (a chunk of millions made the allocator map fresh memory for each temporary, and
# faulting it in cost five times the arithmetic).
_MAX_CHUNK = 1 << 18


def field_arrays(
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
    ) = contributions(postings, idf, params, avgdl)
    return {
        "documents": documents,
        "tokens": total,
        "avgdl": avgdl,
        "average_idf": average_idf,
    }


def contributions(
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
