"""The optional compiled search kernel: MaxScore dynamic pruning, compiled with numba.

MaxScore (Turtle and Flood, 1995; as in Lucene and PISA) visits documents in order, and only
those that can still reach the top: the query's terms are sorted by their largest possible
contribution, and once the running top-k threshold exceeds the sum of the smallest of those
bounds, the terms behind them stop proposing documents and are only looked up (by binary
search) for documents the other terms propose. A million-passage query then reads a small
fraction of its postings instead of all of them.

The kernel only chooses candidates. It adds single-precision impacts, whose sums are within
a relative 2^-24 of the exact ones (every contribution is positive), so every floor it uses
is lowered by a relative 1e-6 to keep it below the exact one; the scorer then scores the
candidates again exactly, in float64 from the term frequencies, as rank-bm25 does.

numba is optional. Without it, or with NEWSBOT_NO_NUMBA=1, the exact numpy path in `scorer`
serves every query. The compiled code is cached on disk (NUMBA_CACHE_DIR, by default under
newsbot's cache folder), so later processes load it instead of compiling it again.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from typing import Any

import numpy as np

from newsbot import paths

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


def warm_up(maxscore: Callable[..., Any]) -> None:
    """Run the kernel once on a tiny index with the types a real one has (read-only mapped
    postings, writable workspaces), so that it is loaded from numba's cache (or compiled) now
    and not by the first real search."""
    doc = np.array([0, 1, 1], dtype=np.int32)
    impact = np.array([1.0, 1.0, 0.5], dtype=np.float32)
    block_max = np.array([1.0, 1.0], dtype=np.float64)
    for array in (doc, impact, block_max):
        array.flags.writeable = False
    maxscore(
        doc, impact, np.array([0, 1], dtype=np.int64), np.array([1, 3], dtype=np.int64),
        np.ones(2), np.ones(2), np.ones(2), np.array([0, 1], dtype=np.int64), block_max, 128, 1,
        np.zeros(2), np.zeros(2, dtype=np.int64),
    )  # fmt: skip


def _compile() -> Callable[..., Any]:
    os.environ.setdefault("NUMBA_CACHE_DIR", str(paths.kernel_cache()))
    from newsbot.index import kernel_numba

    warm_up(kernel_numba.maxscore)
    return kernel_numba.maxscore  # type: ignore[no-any-return,unused-ignore]
