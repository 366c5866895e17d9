"""What a press on one of the bot's buttons does, one handler per kind of button.

PTB routes a press by its payload (see `newsbot.bot.keyboards` for the format), so each
handler receives only its own kind; anything else is a button from an older version of the
bot, or a forged one, and is told plainly that it has expired. Who may press is decided
before any of these runs, in `newsbot.bot.gate`.
"""

from __future__ import annotations

import re

from telegram import Message, Update

from newsbot.bot.answers import Answers
from newsbot.bot.keyboards import page_keyboard, sources_page
from newsbot.bot.replies import edit, edit_markup, send
from newsbot.bot.text import non_negative_int
from newsbot.bot.types import Context
from newsbot.render.telegram import answer_pages

EXPIRED = "This result has expired. Please ask your question again."


def _kind(letter: str) -> re.Pattern[str]:
    """The payloads of one kind, for CallbackQueryHandler(pattern=...): the letter, then ":"
    and the rest (group 1), or the letter alone, as `payload.partition(":")` would split it."""
    return re.compile(rf"{letter}(?::|\Z)(.*)", re.DOTALL)


MORE = _kind("m")
SOURCES = _kind("s")
EXAMPLE = _kind("q")


class Buttons:
    """The callback-query handlers, sharing the answers behind "More" and the examples."""

    def __init__(self, answers: Answers) -> None:
        self.answers = answers

    async def more(self, update: Update, context: Context) -> None:
        """Back / More through an answer ("m:token:window:part"), searched again from its
        question, which the store keeps under the token."""
        query = update.callback_query
        payload = _payload(context)
        if query is None or payload is None:
            await self.expired(update, context)
            return
        token, _, page_text = payload.partition(":")
        question = self.answers.store.recall(token)
        if question is None or not isinstance(query.message, Message):
            await query.answer(EXPIRED, show_alert=True)
            if isinstance(query.message, Message):
                await edit_markup(query.message, None)
            return
        await query.answer()
        window_text, _, part_text = page_text.partition(":")
        top_k = self.answers.top_k
        answer = await self.answers.window(question, non_negative_int(window_text), count=False)
        pages = answer_pages(answer, top_k)
        part = non_negative_int(part_text) if part_text != "-1" else len(pages) - 1
        part = min(max(part, 0), len(pages) - 1)
        await edit(
            query.message, pages[part], page_keyboard(token, answer, part, len(pages), top_k)
        )

    async def sources(self, update: Update, context: Context) -> None:
        """Another page of /sources ("s:page"), in place of the one shown."""
        query = update.callback_query
        payload = _payload(context)
        if query is None or payload is None:
            await self.expired(update, context)
            return
        await query.answer()
        page, keyboard = sources_page(self.answers.service, non_negative_int(payload))
        await edit(query.message, page, keyboard)

    async def example(self, update: Update, context: Context) -> None:
        """An example question from /start ("q:token"), answered in a new message below."""
        query = update.callback_query
        payload = _payload(context)
        if query is None or payload is None:
            await self.expired(update, context)
            return
        question = self.answers.store.recall(payload)
        if question is None:
            await query.answer(EXPIRED, show_alert=True)
            return
        await query.answer()
        message = query.message
        if not isinstance(message, Message):
            return
        answer, page, keyboard = await self.answers.first_page(
            context.bot, message.chat_id, question, f"You asked: {question}"
        )
        await send(message.get_bot(), message.chat_id, page, keyboard, None)
        self.answers.count(answer.found, None)

    async def expired(self, update: Update, _context: Context) -> None:
        """Any other press: a payload this version of the bot does not make."""
        if update.callback_query is not None:
            await update.callback_query.answer(EXPIRED, show_alert=True)


def _payload(context: Context) -> str | None:
    """The payload after its kind, or None for a press the pattern did not match: PTB hands a
    press with empty data to the first patterned handler, with no match (Telegram never sends
    one, but a forged press could)."""
    match = context.match
    return match.group(1) if isinstance(match, re.Match) else None
