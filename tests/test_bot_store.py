"""The store of button tokens is a cache, and behaves like one: a damaged file is moved aside and
replaced, a token that cannot be stored costs the button and never the answer, tokens are keyed
hashes tied to their chat, and the rows are capped. A question is scrubbed before it is stored.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from newsbot.bot.store import QuestionStore
from tests.support import updates
from tests.support.telegram_html import visible_text
from tests.test_bot import Harness, more_button, running_bot

QUESTION = "Kazakhstan president"  # with top_k=2, an answer with a "More" button
APOLOGY = "Sorry, something went wrong"


def _store_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "questions.sqlite3"


def _a_store_file(path: Path) -> bytes:
    """The bytes of an SQLite file with a few hundred questions in it, checkpointed."""
    path.parent.mkdir(parents=True)
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE questions (token TEXT PRIMARY KEY, question TEXT, used REAL)")
        db.executemany(
            "INSERT INTO questions VALUES (?, ?, ?)",
            [(f"t{number}", f"question {number} " + "x" * 200, number) for number in range(300)],
        )
    db.close()
    return path.read_bytes()


def _garbage(data: bytes) -> bytes:
    return bytes((index * 7919) % 251 for index in range(len(data)))


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _header_zeroed(data: bytes) -> bytes:
    return bytes(100) + data[100:]


async def _more_works(bot: Harness) -> None:
    await bot.send(updates.private_message(QUESTION))
    first = bot.messages()[-1]
    await bot.send(
        updates.callback_query(more_button(first), message_id=first.result["message_id"])
    )
    assert bot.calls("editMessageText"), "the new store keeps the button's question"


@pytest.mark.parametrize("damage", [_garbage, _truncated, _header_zeroed])
async def test_a_damaged_store_is_moved_aside_and_replaced(
    tmp_path: Path, damage: Callable[[bytes], bytes], caplog: pytest.LogCaptureFixture
) -> None:
    path = _store_path(tmp_path)
    damaged = damage(_a_store_file(path))
    path.write_bytes(damaged)
    with caplog.at_level(logging.WARNING, logger="newsbot.bot.store"):
        async with running_bot(tmp_path, top_k=2) as bot:
            await _more_works(bot)
    assert any("was damaged" in record.getMessage() for record in caplog.records)
    aside = list(path.parent.glob("questions.sqlite3.damaged-*"))
    assert [file.read_bytes() for file in aside] == [damaged]
    assert not any(APOLOGY in text for text in bot.fake.sent_texts())


async def test_an_answer_goes_out_without_its_button_when_the_token_cannot_be_stored(
    tmp_path: Path,
) -> None:
    # Another process holds the file's write lock, as a full disk would refuse the write: the
    # token cannot be stored. (The trial's full disk gave 20 of 20 apologies.)
    async with running_bot(tmp_path, top_k=2) as bot:
        await bot.send(updates.private_message("president of Kazakhstan"))
        earlier = more_button(bot.messages()[-1])
        holder = sqlite3.connect(_store_path(tmp_path), isolation_level=None)
        holder.execute("BEGIN EXCLUSIVE")
        try:
            began = time.monotonic()
            for _ in range(5):
                await bot.send(updates.private_message(QUESTION))
            seconds = time.monotonic() - began
            await bot.send(updates.callback_query(earlier))  # reading still works
            assert bot.calls("editMessageText")
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        answers = bot.messages()[1:]
        assert len(answers) == 5 and not any(APOLOGY in call.params["text"] for call in answers)
        # No "More" (the feedback buttons are in a store of their own, which is not locked).
        assert not any(
            button["text"].startswith("More")
            for call in answers
            for row in call.params.get("reply_markup", {}).get("inline_keyboard", [])
            for button in row
        )
        assert "Nursultan Nazarbayev" in visible_text(answers[-1].params["text"])
        assert seconds < 3  # a short busy timeout, not 5 s a question
        await _more_works(bot)  # once the lock is gone, buttons are back


async def test_a_token_is_a_keyed_hash_tied_to_its_chat(tmp_path: Path) -> None:
    async with running_bot(tmp_path, top_k=2) as bot:
        await bot.send(updates.private_message(QUESTION, user_id=1001))
        data = more_button(bot.messages()[-1])
        token = data.split(":")[1]
        # The old unkeyed token, which anyone could compute to test whether a question was asked.
        digest = hashlib.blake2b(QUESTION.encode(), digest_size=9).digest()
        assert token != base64.urlsafe_b64encode(digest).decode()
        for forged in (data, f"m:{base64.urlsafe_b64encode(digest).decode()}:1:0"):
            await bot.send(updates.callback_query(forged, user_id=2002))  # another chat
            press = bot.calls("answerCallbackQuery")[-1].params
            assert "expired" in press["text"] and press["show_alert"] is True
        await bot.send(updates.callback_query(data, user_id=1001, chat_id=updates.DEFAULT_GROUP_ID))
        assert "expired" in bot.calls("answerCallbackQuery")[-1].params["text"]
        assert bot.calls("editMessageText") == []  # nobody else's press turned a page
        await bot.send(updates.callback_query(data, user_id=1001))
        assert bot.calls("editMessageText")  # its own chat's press does
    async with running_bot(tmp_path / "elsewhere", top_k=2) as other:
        await other.send(updates.private_message(QUESTION, user_id=1001))
        assert more_button(other.messages()[-1]) != data  # another store, another key


async def test_an_example_token_asks_only_in_its_own_chat(tmp_path: Path) -> None:
    async with running_bot(tmp_path, example_questions=("What did he say about youth?",)) as bot:
        await bot.send(updates.private_command("/start", user_id=1001))
        data = bot.messages()[-1].params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        await bot.send(updates.callback_query(data, user_id=2002))
        assert "expired" in bot.calls("answerCallbackQuery")[-1].params["text"]
        assert len(bot.messages()) == 1  # the question was not asked for user 2002
        await bot.send(updates.callback_query(data, user_id=1001))
        assert "You asked" in visible_text(bot.last_text())


def test_the_rows_are_capped_oldest_out(tmp_path: Path) -> None:
    path = _store_path(tmp_path)
    store = QuestionStore(path, max_rows=100)
    tokens = [store.remember(f"question {number} " + "é" * 480, 1001, "m") for number in range(250)]
    assert all(tokens)
    rows = sqlite3.connect(path).execute("SELECT count(*) FROM tokens").fetchone()[0]
    assert rows == 100
    assert store.recall(tokens[0], 1001, "m") is None  # the oldest went first
    assert store.recall(tokens[-1], 1001, "m") == "question 249 " + "é" * 480
    store.close()


async def test_the_cap_holds_through_the_bot(tmp_path: Path) -> None:
    store = QuestionStore(_store_path(tmp_path), max_rows=3)
    async with running_bot(tmp_path, top_k=2, store=store) as bot:
        buttons = []
        for question in (
            "Kazakhstan president",
            "president Kazakhstan",
            "Kazakhstan  the president",
            "the president of Kazakhstan",
            "Kazakhstan, president?",
        ):
            await bot.send(updates.private_message(question))
            buttons.append(more_button(bot.messages()[-1]))
        await bot.send(updates.callback_query(buttons[0]))
        assert "expired" in bot.calls("answerCallbackQuery")[-1].params["text"]
        await bot.send(updates.callback_query(buttons[-1]))
        assert bot.calls("editMessageText")


async def test_a_lone_surrogate_is_scrubbed_before_the_store(tmp_path: Path) -> None:
    # JSON's "\ud800" escape reaches Python as a lone surrogate, which UTF-8 cannot encode.
    async with running_bot(tmp_path, top_k=2) as bot:
        await bot.send(updates.private_message("Kazakhstan \ud800 president"))
        answer = bot.messages()[-1]
        assert APOLOGY not in answer.params["text"]
        await bot.send(updates.callback_query(more_button(answer)))
        assert bot.calls("editMessageText")
        await bot.send(updates.inline_query("Kazakhstan \udfff president"))
        assert bot.calls("answerInlineQuery")[-1].params["results"]
    assert not any(APOLOGY in text for text in bot.fake.sent_texts())
