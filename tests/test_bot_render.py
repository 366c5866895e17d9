"""Rendering an answer runs in the worker thread with its search, never on the event loop: a
huge article once made one render take minutes, and every other chat (and /healthz) froze for
as long."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

from tests.support import updates
from tests.test_bot import running_bot

CLAUSES = 14_000  # one hit of 590,000 characters: rendering it on the loop took 1-1.5 s here


def _huge_corpus(folder: Path) -> Path:
    folder.mkdir()
    # One sentence that never ends, so that the article's one passage is quoted whole.
    text = " ".join(f"the ferry number {number} sank in the harbour" for number in range(CLAUSES))
    records = [{"id": "huge", "title": "Ferries", "text": "Lead about ferries.\n\n" + text}]
    records += [
        {"id": f"f{number}", "title": f"Markets {number}", "text": f"Shares rose on day {number}."}
        for number in range(60)
    ]
    (folder / "news.jsonl").write_text("".join(json.dumps(record) + "\n" for record in records))
    return folder


async def _longest_stall(work: asyncio.Task[None]) -> float:
    """The longest the event loop went without running this coroutine while `work` ran."""
    longest, last = 0.0, time.perf_counter()
    while not work.done():
        await asyncio.sleep(0.005)
        now = time.perf_counter()
        longest, last = max(longest, now - last), now
    await work
    return longest


async def test_a_huge_answer_is_rendered_off_the_event_loop(tmp_path: Path) -> None:
    async with running_bot(tmp_path, corpus=_huge_corpus(tmp_path / "corpus")) as bot:
        began = time.perf_counter()
        stall = await _longest_stall(
            asyncio.create_task(bot.send(updates.private_message("ferry harbour sank")))
        )
        seconds = time.perf_counter() - began
        assert "ferry" in bot.last_text()
        assert stall < 0.25, f"the loop stood still {stall:.2f} s of {seconds:.2f} s"
