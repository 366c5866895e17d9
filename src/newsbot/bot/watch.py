"""Live corpus: watch the corpus folder and swap in a rebuilt index when files change.

The rebuild runs in a worker thread while questions are answered from the current index; the
swap is atomic (see `SearchService`). Bursts of changes (a folder copied in) are coalesced by
watchfiles' debounce, and a change that arrives during a rebuild triggers one more rebuild.

The watcher must outlive anything a corpus file can do: a failed rebuild is logged and the
watcher keeps watching (a watcher that died in silence would leave later good files never
indexed). And the rebuild runs in a daemon thread, so that a rebuild that never returns cannot
keep the process from stopping: asyncio's own worker threads are joined at exit, and one stuck
in a read would make SIGTERM wait for ever.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from newsbot.app.service import ReindexResult, SearchService
from newsbot.bot.metrics import BotMetrics
from newsbot.corpus import printable
from newsbot.errors import NewsbotError, ReindexRunningError

logger = logging.getLogger(__name__)

DEBOUNCE_MS = 1500
RETRY_SECONDS = 2.0
_LOGGED_SKIPS = 20
T = TypeVar("T")


async def watch_corpus(service: SearchService, metrics: BotMetrics, stop: asyncio.Event) -> None:
    """Reindex after corpus changes until `stop` is set."""
    from watchfiles import awatch

    corpus = service.corpus.resolve()
    folder = corpus if corpus.is_dir() else corpus.parent
    logger.info("watching %s for changes", folder)
    async for changes in awatch(folder, debounce=DEBOUNCE_MS, stop_event=stop, recursive=True):
        paths = {Path(path) for _, path in changes}
        if corpus.is_file() and corpus not in paths:
            continue
        if all(path.name.startswith(".") for path in paths):
            continue  # editor swap files and the like
        await _reindex(service, metrics, stop)


async def _reindex(service: SearchService, metrics: BotMetrics, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            result = await in_daemon_thread(service.reindex, "newsbot-watch-reindex")
        except ReindexRunningError:
            await asyncio.sleep(RETRY_SECONDS)
            continue
        except NewsbotError as error:
            logger.error(
                "reindex after a corpus change failed, still serving the old index: %s", error
            )
            return
        except Exception:  # whatever it was, the watcher must keep watching, and say why
            logger.exception("reindex after a corpus change failed, still serving the old index")
            return
        metrics.observe_index(service)
        metrics.last_reindex.set_to_current_time()
        _log_result(result)
        return


def _log_result(result: ReindexResult) -> None:
    summary = result.summary
    logger.info(
        "reindexed after a corpus change: %s; %d articles, %d passages, %d skipped",
        result.change,
        summary.articles,
        summary.passages,
        len(summary.skipped),
    )
    for item in summary.skipped[:_LOGGED_SKIPS]:
        logger.warning("skipped %s: %s", printable(item.origin), printable(item.reason))
    if len(summary.skipped) > _LOGGED_SKIPS:
        logger.warning("and %d more skipped", len(summary.skipped) - _LOGGED_SKIPS)


async def in_daemon_thread(function: Callable[[], T], name: str) -> T:
    """`await asyncio.to_thread(function)`, in a daemon thread of its own.

    `asyncio.to_thread` runs in the loop's default executor, whose threads are joined when the
    loop closes and again at interpreter exit: a call that never returns would hold the process
    for ever, whatever signal asked it to stop. A daemon thread is abandoned at exit instead.
    Cancelling the await abandons the call (it runs on, its result dropped).
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(outcome: Callable[[], object]) -> None:
        if not future.done():  # not cancelled meanwhile
            outcome()

    def run() -> None:
        outcome: Callable[[], object]
        try:
            outcome = functools.partial(future.set_result, function())
        except BaseException as error:
            outcome = functools.partial(future.set_exception, error)
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile: nobody waits
            loop.call_soon_threadsafe(settle, outcome)

    threading.Thread(target=run, name=name, daemon=True).start()
    return await future
