"""Transient Bot API failures cost neither the answer nor a false apology: a send Telegram
refused with a 5xx, or that never left, is tried once more; one that may have arrived is not
repeated and not apologised for; a migrated group gets the answer at its new id; an edit is
idempotent and tried once more; and a press too old to answer still turns the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support import updates
from tests.support.fake_telegram import QUERY_INVALID
from tests.support.telegram_html import visible_text
from tests.test_bot import QUESTION, Harness, more_button, running_bot

APOLOGY = "Sorry, something went wrong"
ANSWER = "I place great hopes on our young people"


def _delivered(bot: Harness) -> list[str]:
    """The texts of the messages that reached Telegram (a lost answer after arrival included)."""
    return [
        visible_text(str(message.get("text", "")))
        for (chat, message_id), message in bot.fake.emulator.messages.items()
        if message_id >= 100_000 and message.get("from", {}).get("is_bot")
    ]


@pytest.mark.parametrize(
    ("status", "body"), [(500, None), (502, b"<html>502 Bad Gateway</html>")], ids=["500", "502"]
)
async def test_a_send_telegram_refused_with_a_5xx_is_tried_once_more(
    tmp_path: Path, status: int, body: bytes | None
) -> None:
    async with running_bot(tmp_path) as bot:
        bot.fake.fail_next("sendMessage", status=status, body=body)
        await bot.send(updates.private_message(QUESTION))
        assert [call.ok for call in bot.fake.calls_to("sendMessage")] == [False, True]
        assert ANSWER in visible_text(bot.last_text())
        assert not any(APOLOGY in text for text in _delivered(bot))


async def test_a_send_that_timed_out_after_arriving_is_neither_repeated_nor_apologised(
    tmp_path: Path,
) -> None:
    async with running_bot(tmp_path) as bot:
        bot.fake.timeout_next("sendMessage", after_processing=True)
        await bot.send(updates.private_message(QUESTION))
        delivered = _delivered(bot)
        assert len(delivered) == 1 and ANSWER in delivered[0]  # the answer, once, and no apology


async def test_a_send_that_may_have_arrived_is_not_apologised_for(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        bot.fake.timeout_next("sendMessage")  # no answer: it may or may not have arrived
        await bot.send(updates.private_message(QUESTION))
        assert len(bot.fake.calls_to("sendMessage")) == 1  # not sent blindly again
        assert _delivered(bot) == []
        assert 'newsbot_errors_total{kind="TimedOut"} 1.0' in (
            bot.handlers.metrics.exposition().decode()
        )


async def test_a_send_whose_connection_never_opened_is_tried_once_more(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        bot.fake.timeout_next("sendMessage", never_connected=True)
        await bot.send(updates.private_message(QUESTION))
        delivered = _delivered(bot)
        assert len(delivered) == 1 and ANSWER in delivered[0]


async def test_a_send_refused_twice_is_apologised_for(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        bot.fake.fail_next("sendMessage", status=502, times=2)
        await bot.send(updates.private_message(QUESTION))
        assert [APOLOGY in text for text in _delivered(bot)] == [True]


async def test_a_migrated_group_gets_the_answer_at_its_new_id(tmp_path: Path) -> None:
    old, new = -4001, -1009998887776
    async with running_bot(tmp_path) as bot:
        bot.fake.fail_next(
            "sendMessage",
            migrate_to_chat_id=new,
            when=lambda call: int(call.params["chat_id"]) == old,
        )
        await bot.send(updates.group_mention(chat_id=old))
        answer = bot.messages()[-1].params
        assert int(answer["chat_id"]) == new and "reply_parameters" not in answer
        assert "young people" in visible_text(answer["text"])
        assert not any(APOLOGY in text for text in _delivered(bot))


async def _answer_with_more(bot: Harness) -> tuple[str, int]:
    await bot.send(updates.private_message("Kazakhstan president"))
    first = bot.messages()[-1]
    return more_button(first), first.result["message_id"]


async def test_a_press_too_old_to_answer_still_turns_the_page(tmp_path: Path) -> None:
    async with running_bot(tmp_path, top_k=2) as bot:
        data, message_id = await _answer_with_more(bot)
        bot.fake.fail_next("answerCallbackQuery", description=QUERY_INVALID)
        await bot.send(updates.callback_query(data, message_id=message_id))
        assert bot.calls("editMessageText")
        assert not any(APOLOGY in text for text in _delivered(bot))


@pytest.mark.parametrize("fault", ["502", "timeout", "timeout after the edit"])
async def test_an_edit_that_failed_is_made_once_more(tmp_path: Path, fault: str) -> None:
    async with running_bot(tmp_path, top_k=2) as bot:
        data, message_id = await _answer_with_more(bot)
        first_page = bot.messages()[-1].params["text"]
        if fault == "502":
            bot.fake.fail_next("editMessageText", status=502)
        else:
            bot.fake.timeout_next("editMessageText", after_processing=fault != "timeout")
        await bot.send(updates.callback_query(data, message_id=message_id))
        shown = bot.fake.message(updates.DEFAULT_USER_ID, message_id)
        assert shown is not None and shown["text"] != visible_text(first_page)  # page turned
        assert not any(APOLOGY in text for text in _delivered(bot))
