"""The optional compiled search kernel: MaxScore dynamic pruning, compiled with numba.

MaxScore (Turtle and Flood, 1995; as in Lucene and PISA) visits documents in order, and only
those that can still reach the top: the query's terms are sorted by their largest possible
contribution, and once the running top-k threshold exceeds the sum of the smallest of those
bounds, the terms behind them stop proposing documents and are only looked up (by binary
search) for documents the other terms propose. A million-passage query then reads a small
fraction of its postings instead of all of them.

numba is optional. Without it, or with NEWSBOT_NO_NUMBA=1, the exact numpy path in `scorer`
serves every query. The compiled code is cached on disk (NUMBA_CACHE_DIR, by default under
newsbot's cache folder), so later processes load it instead of compiling it again.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_kernel: Callable[..., Any] | None = None
_failed = False


def available() -> bool:
    """True when the compiled kernel can be used (numba installed and not switched off)."""
    if os.environ.get("NEWSBOT_NO_NUMBA"):
        return False
    try:
        import importlib.util

        return importlib.util.find_spec("numba") is not None
    except (ImportError, ValueError):
        return False


def kernel() -> Callable[..., Any] | None:
    """The compiled MaxScore kernel, compiling (or loading it from the cache) on first use."""
    global _kernel, _failed
    if _kernel is not None or _failed:
        return _kernel
    with _lock:
        if _kernel is not None or _failed:
            return _kernel
        if not available():
            _failed = True
            return None
        try:
            _kernel = _compile()
        except Exception:  # a broken numba install must not break search
            logger.warning("the compiled search kernel is unavailable; using numpy", exc_info=True)
            _failed = True
    return _kernel


def warm_up_in_background() -> None:
    """Compile or load the kernel in a thread, so that the first question does not wait."""
    if available() and _kernel is None:
        threading.Thread(target=kernel, name="newsbot-kernel-warm-up", daemon=True).start()


def ready() -> Callable[..., Any] | None:
    """The kernel if it is already compiled; never waits."""
    return _kernel


def _compile() -> Callable[..., Any]:
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    os.environ.setdefault("NUMBA_CACHE_DIR", str(Path(cache) / "newsbot" / "numba"))
    import numba
    import numpy as np

    @numba.njit(cache=True, nogil=True, inline="always")
    def _worse(score_a, doc_a, score_b, doc_b):  # type: ignore[no-untyped-def]
        """a ranks below b: a lower score, or the same score and a later document."""
        return score_a < score_b or (score_a == score_b and doc_a > doc_b)

    @numba.njit(cache=True, nogil=True)
    def _push(heap_scores, heap_docs, size, depth, score, document):  # type: ignore[no-untyped-def]
        """Insert into a heap of the `depth` best (worst on top); returns the new size."""
        if size < depth:
            j = size
            size += 1
        else:
            j = 0
        heap_scores[j] = score
        heap_docs[j] = document
        if j > 0:
            while j > 0:
                parent = (j - 1) // 2
                if not _worse(heap_scores[j], heap_docs[j], heap_scores[parent], heap_docs[parent]):
                    break
                heap_scores[parent], heap_scores[j] = heap_scores[j], heap_scores[parent]
                heap_docs[parent], heap_docs[j] = heap_docs[j], heap_docs[parent]
                j = parent
            return size
        while True:
            left = 2 * j + 1
            worst = j
            if left < size and _worse(
                heap_scores[left], heap_docs[left], heap_scores[worst], heap_docs[worst]
            ):
                worst = left
            right = left + 1
            if right < size and _worse(
                heap_scores[right], heap_docs[right], heap_scores[worst], heap_docs[worst]
            ):
                worst = right
            if worst == j:
                break
            heap_scores[worst], heap_scores[j] = heap_scores[j], heap_scores[worst]
            heap_docs[worst], heap_docs[j] = heap_docs[j], heap_docs[worst]
            j = worst
        return size

    @numba.njit(cache=True, nogil=True)
    def _find(doc, lo, hi, target):  # type: ignore[no-untyped-def]
        """The position of `target` in doc[lo:hi] (sorted), or -1."""
        end = hi
        while lo < hi:
            middle = (lo + hi) // 2
            if doc[middle] < target:
                lo = middle + 1
            else:
                hi = middle
        if lo < end and doc[lo] == target:
            return lo
        return -1

    @numba.njit(cache=True, nogil=True)
    def maxscore(  # type: ignore[no-untyped-def]
        doc, tf, starts, ends, coef, bound, scale, block_first, block_max, block, norm, k1, depth,
        accumulator, touched,
    ):  # fmt: skip
        """Documents that may be in the top `depth`; terms come sorted by `bound`, ascending.

        Term i's contribution is coef[i] * tf (k1 + 1) / (tf + norm); it is at most bound[i],
        and within the block of postings holding position p at most
        scale[i] * block_max[block_first[i] + (p - starts[i]) // block]. `accumulator` (zeros,
        one per document) and `touched` are workspaces; the accumulator is left zeroed.

        1. The rarest term alone gives a floor for the depth-th best score.
        2. Terms whose bounds add up to less than that floor are non-essential: a document
           holding only them cannot make the top. The essential terms' postings are added up,
           term at a time, skipping blocks that cannot reach the floor.
        3. Each document touched, if its partial score plus the non-essential bounds can still
           beat the threshold, looks the non-essential terms up, and enters the top if it can.
        """
        m = starts.shape[0]
        prefix = np.zeros(m + 1)
        for i in range(m):
            prefix[i + 1] = prefix[i] + bound[i]
        heap_scores = np.full(depth, -1.0)
        heap_docs = np.full(depth, -1, dtype=np.int64)
        rarest = 0
        for i in range(1, m):
            if ends[i] - starts[i] < ends[rarest] - starts[rarest]:
                rarest = i
        threshold = 0.0
        if ends[rarest] - starts[rarest] >= depth:
            size = 0
            for p in range(starts[rarest], ends[rarest]):
                f = tf[p]
                value = coef[rarest] * (f * (k1 + 1.0) / (f + norm[doc[p]]))
                if size < depth or value > heap_scores[0]:
                    size = _push(heap_scores, heap_docs, size, depth, value, doc[p])
            threshold = heap_scores[0] * (1.0 - 1e-9)
            heap_scores[:] = -1.0
            heap_docs[:] = -1
        essential = 0
        while essential < m and prefix[essential + 1] <= threshold:
            essential += 1
        count = 0
        for i in range(essential, m):
            rest = prefix[m] - bound[i]
            p = starts[i]
            end = ends[i]
            while p < end:
                if (p - starts[i]) % block == 0:
                    b = block_first[i] + (p - starts[i]) // block
                    if block_max[b] * scale[i] + rest <= threshold:
                        p = min(p + block, end)
                        continue
                d = doc[p]
                f = tf[p]
                if accumulator[d] == 0.0:
                    touched[count] = d
                    count += 1
                accumulator[d] += coef[i] * (f * (k1 + 1.0) / (f + norm[d]))
                p += 1
        size = 0
        for j in range(count):
            d = touched[j]
            score = accumulator[d]
            accumulator[d] = 0.0
            if score == 0.0 or score + prefix[essential] <= threshold:
                continue
            i = essential - 1
            while i >= 0 and score + prefix[i + 1] > threshold:
                at = _find(doc, starts[i], ends[i], d)
                if at >= 0:
                    f = tf[at]
                    score += coef[i] * (f * (k1 + 1.0) / (f + norm[d]))
                i -= 1
            if i >= 0 or score <= threshold:
                continue
            if size == depth and not _worse(heap_scores[0], heap_docs[0], score, d):
                continue
            size = _push(heap_scores, heap_docs, size, depth, score, d)
            if size == depth:
                threshold = max(threshold, heap_scores[0] * (1.0 - 1e-9))
        return heap_docs[:size]

    return maxscore  # type: ignore[no-any-return,unused-ignore]
