"""Running the analysis of work units in worker processes, one per core, in order.

Splitting into passages, analysing text and counting terms dominate indexing time, so large
corpora are analysed by a pool of processes. Results come back in the order the units were
planned, so the index is the same whatever the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


def ordered_map(
    function: Callable[[Item], Result], items: Iterable[Item], workers: int
) -> Iterator[Result]:
    """`map` over worker processes, in order, with a bounded number of batches in flight."""
    if workers <= 1 or _bootstrapping():
        yield from map(function, items)
        return
    # "spawn": forking a process that may run other threads (the bot reindexes in one) can
    # deadlock in the child.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        pending: deque[Future[Result]] = deque()
        for item in items:
            pending.append(pool.submit(function, item))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _bootstrapping() -> bool:
    """True inside a worker that is still importing its parent's main module: a script that
    indexes at import time without `if __name__ == "__main__":` would otherwise start a pool
    from every worker and hang."""
    return bool(getattr(multiprocessing.current_process(), "_inheriting", False))


def worker_count() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
