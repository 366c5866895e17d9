"""Live corpus: watch the corpus folder and swap in a rebuilt index when files change.

The rebuild runs in a worker thread while questions are answered from the current index; the
swap is atomic (see `SearchService`). Bursts of changes (a folder copied in) are coalesced by
watchfiles' debounce, and a change that arrives during a rebuild triggers one more rebuild.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from newsbot.app.service import SearchService
from newsbot.bot.metrics import BotMetrics
from newsbot.errors import NewsbotError, ReindexRunningError

logger = logging.getLogger(__name__)

DEBOUNCE_MS = 1500
RETRY_SECONDS = 2.0


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
            result = await asyncio.to_thread(service.reindex)
        except ReindexRunningError:
            await asyncio.sleep(RETRY_SECONDS)
            continue
        except NewsbotError as error:
            logger.error(
                "reindex after a corpus change failed, still serving the old index: %s", error
            )
            return
        metrics.observe_index(service)
        metrics.last_reindex.set_to_current_time()
        logger.info(
            "reindexed after a corpus change: %s; %d articles, %d passages",
            result.change,
            result.summary.articles,
            result.summary.passages,
        )
        return
