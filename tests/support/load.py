"""Updates through the fake transport with the bot really polling (so PTB's 32 update slots
and its outgoing limiter are all in play): a burst from many users, shared by the load test
(correctness) and benchmarks/reliability.py (latency figures), and `polling` for the flood
tests and the flood benchmark."""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from telegram import Update

from tests.support import updates
from tests.support.fake_telegram import FakeBotAPI

if TYPE_CHECKING:
    from tests.test_bot import Harness

QUESTIONS = (
    "What did he say about youth?",
    "What is the program until 2030?",
    "What did the President say about the party?",
    "What about housing construction in the regions?",
    "quantum chromodynamics",
)


class TimedFakeBotAPI(FakeBotAPI):
    """The fake Bot API, also noting when each message was sent; `latency` delays every call
    but getUpdates by that many seconds, as a network would."""

    def __init__(self, latency: float = 0.0, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.latency = latency
        self.sent_at: list[tuple[int, float]] = []

    async def do_request(
        self, url: str, method: str, request_data: Any = None, **kwargs: Any
    ) -> tuple[int, bytes]:
        if self.latency and not url.endswith("/getUpdates"):
            await asyncio.sleep(self.latency)
        result = await super().do_request(url, method, request_data, **kwargs)
        if (
            url.rsplit("/", 1)[-1] == "sendMessage"
            and result[0] == 200
            and request_data is not None
        ):
            self.sent_at.append((int(request_data.parameters["chat_id"]), time.monotonic()))
        return result


@dataclass(frozen=True, slots=True)
class LoadResult:
    updates: int
    replies: int
    per_chat: Counter[int]
    seconds: float
    latencies: list[float]
    apologies: int


async def burst(
    harness_factory: Any, users: int = 200, per_user: int = 5, timeout: float = 300
) -> LoadResult:
    """Queue users × per_user questions at once, poll them in, and wait for every reply."""
    fake = TimedFakeBotAPI()
    total = users * per_user
    for round_number in range(per_user):
        for user in range(users):
            question = QUESTIONS[(user + round_number) % len(QUESTIONS)]
            fake.queue_update(updates.private_message(question, user_id=10_000 + user))
    async with harness_factory(fake) as bot:
        assert bot.app.updater is not None
        began = time.monotonic()
        await bot.app.updater.start_polling(allowed_updates=Update.ALL_TYPES, timeout=1)
        await bot.app.start()
        try:
            deadline = began + timeout
            while len(fake.sent_at) < total and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            await asyncio.sleep(0.5)  # anything answered twice would show up now
        finally:
            await bot.app.updater.stop()
            await bot.app.stop()
    per_chat = Counter(chat for chat, _ in fake.sent_at)
    latencies = sorted(moment - began for _, moment in fake.sent_at)
    apologies = sum("Sorry, something went wrong" in text for text in fake.sent_texts())
    return LoadResult(
        total, len(fake.sent_at), per_chat, time.monotonic() - began, latencies, apologies
    )


@asynccontextmanager
async def polling(bot: Harness) -> AsyncIterator[None]:
    """The bot polling its fake for updates, as `newsbot run` does, until the block ends."""
    assert bot.app.updater is not None
    await bot.app.updater.start_polling(allowed_updates=Update.ALL_TYPES, timeout=1)
    await bot.app.start()
    try:
        yield
    finally:
        await bot.app.updater.stop()
        await bot.app.stop()


async def answered(fake: TimedFakeBotAPI, chat_id: int, count: int, timeout: float) -> float:
    """Seconds until `count` messages were sent to `chat_id` (inf if not within `timeout`)."""
    began = time.monotonic()
    while time.monotonic() - began < timeout:
        if sum(chat == chat_id for chat, _ in fake.sent_at) >= count:
            return time.monotonic() - began
        await asyncio.sleep(0.005)
    return float("inf")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(share * len(values)))]


def index_folder(root: Path) -> Path:
    return root / "load-indexes"
