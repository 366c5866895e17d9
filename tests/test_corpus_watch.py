"""The corpus watcher (NEWSBOT_WATCH=true) against hostile files and failed rebuilds: it logs,
keeps watching, and never holds the process.

Before the hardening, a file that made a reader raise (JSON nested 100,000 deep) killed the
watcher's task in silence: later good files were never indexed and nothing was logged.
"""

from __future__ import annotations

import asyncio
import logging
import subprocess
import sys
import time
from pathlib import Path

import pytest

from newsbot.app.service import SearchService
from newsbot.bot.metrics import BotMetrics
from newsbot.bot.watch import watch_corpus
from tests.conftest import SEED_CORPUS

FERRY = "Ferry sinks\n\nA ferry sank in the harbour on Monday.\n"


async def _until(condition: object, seconds: float = 20.0) -> bool:
    assert callable(condition)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        await asyncio.sleep(0.1)
    return bool(condition())


def _service(tmp_path: Path) -> SearchService:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_bytes(next(SEED_CORPUS.glob("*.txt")).read_bytes())
    service = SearchService(corpus, tmp_path / "ix")
    service.open()
    return service


async def test_the_watcher_survives_a_hostile_file_and_indexes_later_ones(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    service = _service(tmp_path)
    stop = asyncio.Event()
    watcher = asyncio.create_task(watch_corpus(service, BotMetrics(), stop))
    caplog.set_level(logging.INFO, logger="newsbot.bot.watch")
    try:
        await asyncio.sleep(0.5)
        (service.corpus / "nested.jsonl").write_text("[" * 100_000 + "\n")
        assert await _until(lambda: "1 skipped" in caplog.text), caplog.text
        assert "nested.jsonl:1: the JSON is nested too deeply to read" in caplog.text
        assert not watcher.done()
        (service.corpus / "ferry.txt").write_text(FERRY)
        assert await _until(lambda: service.index.article_count == 2)
        assert service.ask("ferry harbour").found
    finally:
        stop.set()
        await asyncio.wait_for(watcher, 10)


async def test_the_watcher_logs_a_failed_rebuild_and_keeps_watching(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever a rebuild raises, it is logged with its traceback, the old index keeps
    answering, and the next change is indexed."""
    service = _service(tmp_path)
    real_reindex = service.reindex
    calls: list[int] = []

    def failing_once() -> object:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("the disk went away")
        return real_reindex()

    monkeypatch.setattr(service, "reindex", failing_once)
    stop = asyncio.Event()
    caplog.set_level(logging.INFO, logger="newsbot.bot.watch")
    watcher = asyncio.create_task(watch_corpus(service, BotMetrics(), stop))
    try:
        await asyncio.sleep(0.5)
        (service.corpus / "ferry.txt").write_text(FERRY)
        assert await _until(lambda: "the disk went away" in caplog.text), caplog.text
        assert "still serving the old index" in caplog.text
        assert service.index.article_count == 1
        assert not watcher.done()
        (service.corpus / "storm.txt").write_text("Storm\n\nA storm hit the coast overnight.\n")
        assert await _until(lambda: service.index.article_count == 3)
    finally:
        stop.set()
        await asyncio.wait_for(watcher, 10)


_STUCK = """
import asyncio, threading
from newsbot.bot.watch import in_daemon_thread

async def main():
    never = threading.Event()
    try:
        await asyncio.wait_for(in_daemon_thread(never.wait, "stuck"), 0.5)
    except TimeoutError:
        print("gave up waiting", flush=True)

asyncio.run(main())
"""


def test_a_stuck_rebuild_cannot_hold_the_process() -> None:
    """The watcher's rebuild runs in a daemon thread: a call that never returns (a read that
    blocks for ever) is abandoned at exit. In asyncio's default executor, as before, the
    process waited for that thread for ever."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", _STUCK], capture_output=True, text=True, timeout=30
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the process was held by the stuck thread")
    assert done.returncode == 0, done.stderr
    assert "gave up waiting" in done.stdout
