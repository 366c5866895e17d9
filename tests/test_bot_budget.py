"""One budget per user for everything that searches: a question in a message, an inline query,
"More" and the example buttons. Over budget, each kind is told so briefly in its own way (a
toast, an empty inline result with a button), never silence and never a search."""

from __future__ import annotations

from pathlib import Path

from tests.support import updates
from tests.support.telegram_html import visible_text
from tests.test_bot import QUESTION, Harness, more_button, running_bot

HEAVY = " ".join(f"qz{number:05d}x" for number in range(62))  # 62 made-up words


async def _answer_with_buttons(bot: Harness) -> tuple[str, str]:
    """An answer with a "More" button and an example button, for the same (private) chat."""
    await bot.send(updates.private_message("Kazakhstan president"))
    more = more_button(bot.messages()[-1])
    await bot.send(updates.private_command("/start"))  # does not search: costs nothing
    example = bot.messages()[-1].params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    return more, example


async def test_every_search_counts_against_one_budget(tmp_path: Path) -> None:
    async with running_bot(tmp_path, rate_limit=3, top_k=2, example_questions=(QUESTION,)) as bot:
        more, example = await _answer_with_buttons(bot)  # 1 of 3
        await bot.send(updates.callback_query(more))  # 2 of 3
        assert len(bot.calls("editMessageText")) == 1
        await bot.send(updates.callback_query(example))  # 3 of 3
        assert "You asked" in visible_text(bot.last_text())
        sent = len(bot.messages())
        await bot.send(updates.inline_query("youth"))
        inline = bot.calls("answerInlineQuery")[-1].params
        assert inline["results"] == []
        assert inline["button"]["text"].startswith("Too many questions: wait")
        assert inline["is_personal"] is True
        await bot.send(updates.callback_query(more))
        await bot.send(updates.callback_query(example))
        for press in bot.calls("answerCallbackQuery")[-2:]:
            assert "Please wait" in press.params["text"]
        assert len(bot.calls("editMessageText")) == 1  # no page turned over budget
        await bot.send(updates.private_message(QUESTION))
        assert "Please wait" in bot.last_text()
        assert len(bot.messages()) == sent + 1  # the notice, and nothing searched


async def test_a_flood_of_searches_from_one_user_is_refused_cheaply(tmp_path: Path) -> None:
    # The trial: with NEWSBOT_RATE_LIMIT=3, after 3 answers and 3 refusals the same user still
    # got 30 of 30 "More" edits, 20 of 20 example answers and 40 of 40 inline answers.
    async with running_bot(tmp_path, rate_limit=3, top_k=2, example_questions=(QUESTION,)) as bot:
        more, example = await _answer_with_buttons(bot)
        for _ in range(2):
            await bot.send(updates.private_message(QUESTION))
        for _ in range(3):
            await bot.send(updates.private_message(QUESTION))
        answers_sent = len(bot.messages())
        for _ in range(30):
            await bot.send(updates.callback_query(more))
        for _ in range(20):
            await bot.send(updates.callback_query(example))
        for _ in range(40):
            await bot.send(updates.inline_query(HEAVY))
        assert bot.calls("editMessageText") == []
        assert len(bot.messages()) == answers_sent  # no example answered
        presses = bot.calls("answerCallbackQuery")
        assert len(presses) == 50 and all("Please wait" in p.params["text"] for p in presses)
        inline = bot.calls("answerInlineQuery")
        assert len(inline) == 40 and all(call.params["results"] == [] for call in inline)
        assert all("Too many questions" in call.params["button"]["text"] for call in inline)
        assert bot.service.stats().questions == 3  # the flood searched nothing
        await bot.send(updates.private_message(QUESTION, user_id=2002))
        assert "young people" in visible_text(bot.last_text())  # the budget is per user


async def test_an_empty_inline_query_costs_nothing(tmp_path: Path) -> None:
    async with running_bot(tmp_path, rate_limit=1) as bot:
        for _ in range(5):
            await bot.send(updates.inline_query("   "))
        assert all(
            "Type a question" in c.params["button"]["text"] for c in bot.calls("answerInlineQuery")
        )
        await bot.send(updates.inline_query("youth"))
        assert bot.calls("answerInlineQuery")[-1].params["results"]
