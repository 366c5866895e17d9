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

    @numba.njit(cache=True, nogil=True)
    def maxscore(  # type: ignore[no-untyped-def]
        doc, tf, starts, ends, coef, bound, norm, k1, depth
    ):
        m = starts.shape[0]
        pos = starts.copy()
        prefix = np.zeros(m + 1)
        for i in range(m):
            prefix[i + 1] = prefix[i] + bound[i]
        heap_scores = np.full(depth, -1.0)
        heap_docs = np.full(depth, -1, dtype=np.int64)
        size = 0
        threshold = 0.0
        essential = 0
        end_of_postings = np.int64(1) << 62
        while essential < m:
            current = end_of_postings
            for i in range(essential, m):
                if pos[i] < ends[i] and doc[pos[i]] < current:
                    current = doc[pos[i]]
            if current == end_of_postings:
                break
            score = 0.0
            for i in range(essential, m):
                p = pos[i]
                if p < ends[i] and doc[p] == current:
                    f = tf[p]
                    score += coef[i] * (f * (k1 + 1.0) / (f + norm[current]))
                    pos[i] = p + 1
            i = essential - 1
            while i >= 0 and score + prefix[i + 1] > threshold:
                lo = pos[i]
                hi = ends[i]
                if lo < hi and doc[lo] < current:
                    step = 1
                    while lo + step < hi and doc[lo + step] < current:
                        lo += step
                        step *= 2
                    top = min(lo + step, hi)
                    while lo < top:
                        middle = (lo + top) // 2
                        if doc[middle] < current:
                            lo = middle + 1
                        else:
                            top = middle
                    pos[i] = lo
                if pos[i] < hi and doc[pos[i]] == current:
                    f = tf[pos[i]]
                    score += coef[i] * (f * (k1 + 1.0) / (f + norm[current]))
                i -= 1
            if i >= 0 or score <= threshold:
                continue
            if size == depth and score <= heap_scores[0]:
                continue  # ties keep the earlier document, as the final order does
            if size < depth:
                heap_scores[size] = score
                heap_docs[size] = current
                size += 1
                j = size - 1
                while j > 0:
                    parent = (j - 1) // 2
                    if heap_scores[parent] <= heap_scores[j]:
                        break
                    heap_scores[parent], heap_scores[j] = heap_scores[j], heap_scores[parent]
                    heap_docs[parent], heap_docs[j] = heap_docs[j], heap_docs[parent]
                    j = parent
            else:
                heap_scores[0] = score
                heap_docs[0] = current
                j = 0
                while True:
                    left = 2 * j + 1
                    smallest = j
                    if left < size and heap_scores[left] < heap_scores[smallest]:
                        smallest = left
                    if left + 1 < size and heap_scores[left + 1] < heap_scores[smallest]:
                        smallest = left + 1
                    if smallest == j:
                        break
                    heap_scores[smallest], heap_scores[j] = heap_scores[j], heap_scores[smallest]
                    heap_docs[smallest], heap_docs[j] = heap_docs[j], heap_docs[smallest]
                    j = smallest
            if size == depth:
                threshold = heap_scores[0] * (1.0 - 1e-9)
                while essential < m and prefix[essential + 1] <= threshold:
                    essential += 1
        return heap_docs[:size]

    return maxscore
