"""1,000 updates from 200 users arriving at once: every one is answered exactly once."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from tests.support.fake_telegram import FakeBotAPI
from tests.support.load import burst
from tests.test_bot import Harness, running_bot


async def test_thousand_updates_are_each_answered_once(tmp_path: Path) -> None:
    @asynccontextmanager
    async def factory(fake: FakeBotAPI) -> AsyncIterator[Harness]:
        # Telegram's 30 messages a second would make this a 70-second test; the fake has no limit.
        async with running_bot(tmp_path, fake=fake, outgoing_rate=100_000) as harness:
            yield harness

    result = await burst(factory, users=200, per_user=5)
    assert result.replies == result.updates == 1000
    assert len(result.per_chat) == 200
    assert set(result.per_chat.values()) == {5}  # none lost, none duplicated
    assert result.apologies == 0
