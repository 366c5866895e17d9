"""Running the analysis of work units in worker processes, one per core, in order.

Splitting into passages, analysing text and counting terms dominate indexing time, so large
corpora are analysed by a pool of processes. Results come back in the order the units were
planned, so the index is the same whatever the number of workers.

Two things must never happen to a build because of its workers. A failure in a worker (an
exception, or a worker process that dies) must not end the build: the item is handed to
`on_failure`, which says what it gives instead. And workers must not outlive the process that
started them: killed with SIGKILL, a build would otherwise leave them running (for more than
60 s, measured), holding memory and the corpus's files.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import SpawnContext
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

logger = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
PARENT_CHECK_SECONDS = 0.5


def ordered_map(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    workers: int,
    on_failure: Callable[[Item, BaseException], Result] | None = None,
) -> Iterator[Result]:
    """`map` over worker processes, in order, with a bounded number of batches in flight.

    When `function` raises for an item, or the worker process running it dies, the item's
    result is `on_failure(item, error)` and the others carry on (without `on_failure`, the
    error is raised). After a worker died, the items that were in flight with it are run again
    one at a time, so that only the item that kills a worker is given up.
    """
    if workers <= 1 or _bootstrapping():
        for item in items:
            yield _guarded_call(function, item, on_failure)
        return
    runner = _Runner(function, workers, on_failure)
    try:
        for item in items:
            runner.submit(item)
            while len(runner.pending) >= 2 * workers:
                yield from runner.take()
        while runner.pending:
            yield from runner.take()
    finally:
        runner.close()


def _guarded_call(
    function: Callable[[Item], Result],
    item: Item,
    on_failure: Callable[[Item, BaseException], Result] | None,
) -> Result:
    try:
        return function(item)
    except Exception as error:
        if on_failure is None:
            raise
        logger.error("a part of the corpus could not be analysed", exc_info=True)
        return on_failure(item, error)


class _Runner(Generic[Item, Result]):
    """A process pool with the items in flight, in order, that can start afresh when a worker
    dies (a pool whose worker died refuses all further work)."""

    def __init__(
        self,
        function: Callable[[Item], Result],
        workers: int,
        on_failure: Callable[[Item, BaseException], Result] | None,
    ) -> None:
        self.function = function
        self.workers = workers
        self.on_failure = on_failure
        self.pending: deque[tuple[Item, Future[Result]]] = deque()
        # "spawn": forking a process that may run other threads (the bot reindexes in one) can
        # deadlock in the child.
        self._context: SpawnContext = multiprocessing.get_context("spawn")
        self._pool = self._new_pool()

    def _new_pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=self._context,
            initializer=die_with_parent,
            initargs=(os.getpid(),),
        )

    def submit(self, item: Item) -> None:
        try:
            future = self._pool.submit(self.function, item)
        except BrokenProcessPool as error:  # a worker died since the last result: take() sees
            future = Future()
            future.set_exception(error)
        self.pending.append((item, future))

    def take(self) -> Iterator[Result]:
        """The oldest item's result; after a worker died, those of every item in flight."""
        item, future = self.pending.popleft()
        try:
            yield future.result()
        except BrokenProcessPool:
            suspects = [item, *(other for other, _ in self.pending)]
            self.pending.clear()
            logger.error(
                "a worker process died; analysing the %d parts in flight one by one", len(suspects)
            )
            self._restart()
            for suspect in suspects:
                yield self._alone(suspect)
        except Exception as error:
            yield self._failed(item, error)

    def _alone(self, item: Item) -> Result:
        try:
            return self._pool.submit(self.function, item).result()
        except BrokenProcessPool as error:
            self._restart()
            return self._failed(item, error)
        except Exception as error:
            return self._failed(item, error)

    def _failed(self, item: Item, error: BaseException) -> Result:
        if self.on_failure is None:
            raise error
        logger.error("a part of the corpus could not be analysed: %r", error)
        return self.on_failure(item, error)

    def _restart(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._pool = self._new_pool()

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def die_with_parent(parent: int) -> None:
    """Worker initializer: end this worker when the process that started it ends, however it
    ends (SIGKILL included: no clean-up runs in the parent then).

    On Linux the kernel does it (prctl PR_SET_PDEATHSIG; the signal comes when the thread that
    started the worker exits, and the pool's workers are started by the thread that builds,
    which outlives them). Elsewhere, or if prctl is refused, a daemon thread watches the
    parent. A parent that died before this ran is noticed at once.
    """
    if not _kernel_kills_with_parent():
        threading.Thread(
            target=_watch_parent, args=(parent,), name="newsbot-parent-watch", daemon=True
        ).start()
    if os.getppid() != parent:
        os._exit(1)


def _kernel_kills_with_parent() -> bool:
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        prctl = libc.prctl
    except (OSError, AttributeError):
        return False
    prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    prctl.restype = ctypes.c_int
    return int(prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)) == 0


def _watch_parent(parent: int) -> None:
    """Exit as soon as the parent is gone (the worker is then re-parented)."""
    while os.getppid() == parent:
        time.sleep(PARENT_CHECK_SECONDS)
    os._exit(1)


def _bootstrapping() -> bool:
    """True inside a worker that is still importing its parent's main module: a script that
    indexes at import time without `if __name__ == "__main__":` would otherwise start a pool
    from every worker and hang."""
    return bool(getattr(multiprocessing.current_process(), "_inheriting", False))


def worker_count() -> int:
    return max(
        1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    )
