"""BM25Okapi arithmetic, done exactly as `rank_bm25.BM25Okapi` does it.

Exactness matters: rank-bm25 is the reference the tests compare against, bit for bit. So the
idf is computed with `math.log` (numpy's vectorised log may differ in the last bit), the mean idf
is summed in the order terms first appear in the corpus, and every array expression keeps
rank-bm25's order of operations.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsbot import defaults

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int32]


@dataclass(frozen=True, slots=True)
class BM25Params:
    """BM25Okapi's parameters, with rank-bm25's defaults."""

    k1: float = defaults.BM25_K1
    b: float = defaults.BM25_B
    epsilon: float = defaults.BM25_EPSILON


def okapi_idf(
    doc_freq: npt.NDArray[np.int64], order: npt.NDArray[np.int32], n_docs: int, epsilon: float
) -> tuple[FloatArray, float]:
    """Per-term idf, with negative values floored to epsilon × the mean idf; and that mean.

    `order` lists the field's term ids in the order they first appear in the field; only those
    terms have an idf (the others are 0: no document of the field contains them).
    """
    raw = [math.log(n_docs - df + 0.5) - math.log(df + 0.5) for df in doc_freq[order].tolist()]
    idf_sum = 0.0
    for value in raw:
        idf_sum += value
    average = idf_sum / len(raw) if raw else 0.0
    floor = epsilon * average
    idf = np.zeros(doc_freq.shape[0], dtype=np.float64)
    idf[order] = np.array([floor if value < 0 else value for value in raw], dtype=np.float64)
    return idf, average


def length_norm(doc_len: IntArray, params: BM25Params, avgdl: float) -> FloatArray:
    """k1 · (1 − b + b · |d| / avgdl) for every passage, as rank-bm25 computes it."""
    lengths = doc_len.astype(np.int64)
    norm = params.k1 * (1 - params.b + params.b * lengths / avgdl)
    return norm.astype(np.float64, copy=False)


def term_contributions(
    idf: float, tf: npt.NDArray[np.integer], norm: FloatArray, k1: float
) -> FloatArray:
    """One query term's score in each passage that contains it."""
    freq = tf.astype(np.int64)
    contribution: FloatArray = idf * (freq * (k1 + 1) / (freq + norm))
    return contribution
