"""A flood in one chat cannot stall the others: refusals and "please wait" are said once a window,
no handler holds an update slot while its reply waits for Telegram's limits, and one chat's
flood control (a 429) pauses that chat only, while the overall and per-group limits still hold.

The flood tests poll the fake Bot API as `newsbot run` does, so PTB's 32 update slots and the
real outgoing limiter (20 messages a minute into a group) are in play."""

from __future__ import annotations

import asyncio
import logging
import time
from pathlib import Path

import pytest
from telegram import Update

from tests.support import updates
from tests.support.fake_telegram import Call
from tests.support.load import TimedFakeBotAPI, answered, polling
from tests.support.telegram_html import visible_text
from tests.test_bot import QUESTION, running_bot

GROUP = updates.DEFAULT_GROUP_ID
MENTION = f"@{updates.BOT_USERNAME} what did he say about youth?"


def _texts_to(calls: list[Call], chat_id: int) -> list[str]:
    return [
        visible_text(str(call.params["text"]))
        for call in calls
        if call.ok and int(call.params["chat_id"]) == chat_id
    ]


async def test_a_flood_in_a_group_gets_one_notice(tmp_path: Path) -> None:
    async with running_bot(tmp_path, rate_limit=2) as bot:
        for _ in range(10):
            await bot.send(updates.group_mention(MENTION, user_id=1001))
        texts = _texts_to(bot.fake.calls_to("sendMessage"), GROUP)
        assert sum("young people" in text for text in texts) == 2
        assert sum("Please wait" in text for text in texts) == 1
        assert len(texts) == 3
        await bot.send(updates.group_mention(MENTION, user_id=1002))  # another user's budget
        assert "young people" in visible_text(bot.last_text())


async def test_a_refused_flood_gets_one_refusal_per_chat(tmp_path: Path) -> None:
    async with running_bot(tmp_path, allowed_chats=frozenset({777})) as bot:
        for _ in range(10):
            await bot.send(updates.private_message(QUESTION, user_id=1001))
        for user in (1001, 1002, 1003) * 10:
            await bot.send(updates.group_mention(MENTION, user_id=user))
        calls = bot.fake.calls_to("sendMessage")
        for chat in (1001, GROUP):
            assert [
                text.startswith("Sorry, this bot is private") for text in _texts_to(calls, chat)
            ] == [True]
        await bot.send(updates.private_message(QUESTION, user_id=777))
        assert "young people" in visible_text(bot.last_text())


async def test_the_notice_is_said_again_in_the_next_window(tmp_path: Path) -> None:
    async with running_bot(tmp_path, rate_limit=1, rate_window=0.5) as bot:
        for _ in range(3):
            await bot.send(updates.private_message(QUESTION))
        await asyncio.sleep(0.6)
        for _ in range(3):
            await bot.send(updates.private_message(QUESTION))
        texts = _texts_to(bot.fake.calls_to("sendMessage"), updates.DEFAULT_USER_ID)
        kinds = ["answer" if "young people" in text else "wait" for text in texts]
        assert kinds == ["answer", "wait", "answer", "wait"]


async def test_a_group_flood_does_not_delay_other_chats(tmp_path: Path) -> None:
    # The trial: 60 mentions in one group held all 32 update slots while their replies waited
    # for the group's 20 messages a minute; a private question from someone else took 26 s.
    fake = TimedFakeBotAPI()
    async with running_bot(tmp_path, fake=fake) as bot, polling(bot):
        for user in range(60):
            fake.queue_update(updates.group_mention(MENTION, user_id=20_000 + user))
        await answered(fake, GROUP, 20, timeout=10)  # the group's burst went out
        fake.queue_update(updates.private_message(QUESTION, user_id=3003))
        assert await answered(fake, 3003, 1, timeout=3) < 1.0
        assert sum(chat == GROUP for chat, _ in fake.sent_at) == 20  # the group limit holds
        assert bot.handlers.outbox.pending <= 20  # what waits for the group is bounded
        await bot.handlers.outbox.drain(0)  # the rest would take minutes


async def test_a_429_in_one_chat_pauses_that_chat_only(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # The trial: one chat's 429 with retry_after=20 paused all chats for 19.7 s.
    async with running_bot(tmp_path) as bot:
        bot.fake.fail_next(
            "sendMessage", retry_after=1.0, when=lambda call: call.params["chat_id"] == 1001
        )
        flooded = asyncio.create_task(bot.send(updates.private_message(QUESTION, user_id=1001)))
        await bot.fake.wait_for("sendMessage", lambda call: call.status == 429)
        began = time.monotonic()
        await bot.send(updates.private_message(QUESTION, user_id=2002))
        assert time.monotonic() - began < 0.5
        assert _texts_to(bot.fake.calls_to("sendMessage"), 2002)
        assert not _texts_to(bot.fake.calls_to("sendMessage"), 1001)  # still paused
        await flooded
        assert time.monotonic() - began > 0.9  # then it waited as long as Telegram asked
        assert "young people" in _texts_to(bot.fake.calls_to("sendMessage"), 1001)[0]
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


async def test_the_overall_limit_holds(tmp_path: Path) -> None:
    fake = TimedFakeBotAPI()
    async with running_bot(tmp_path, fake=fake, outgoing_rate=5) as bot, polling(bot):
        for user in range(15):
            fake.queue_update(updates.private_message(QUESTION, user_id=30_000 + user))
        await answered_anywhere(fake, 1, timeout=5)
        await asyncio.sleep(0.3)
        assert len(fake.sent_at) <= 8  # a burst of 5, then one every 0.2 s
        for user in range(15):
            assert await answered(fake, 30_000 + user, 1, timeout=10) < 10


async def answered_anywhere(fake: TimedFakeBotAPI, count: int, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while len(fake.sent_at) < count and time.monotonic() < deadline:
        await asyncio.sleep(0.005)


async def test_a_reply_still_queued_when_the_bot_shuts_down_is_sent(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        # Straight to PTB, as benchmarks/bench_reply.py does: nothing waits for the outbox.
        await bot.app.process_update(Update.de_json(updates.private_message(QUESTION), bot.app.bot))
    assert "young people" in visible_text(bot.last_text())
