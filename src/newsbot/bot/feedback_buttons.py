"""👍 / 👎 under an answer, and the optional reason after a 👎 ("v:token:u|d[:reason]").

A vote is stored against the answer page the button belongs to (`newsbot.bot.feedback_store`),
for its chat only, so a forged token, one pressed in another chat, or one whose answer the store
has since let go, is told that the button has expired and nothing is stored. Every press is
acknowledged in its own toast ("Thanks"); a 👎 on an answer with hits also swaps the vote row
for the reasons, one optional tap, and the reason puts the vote row back.
"""

from __future__ import annotations

import asyncio
import re

from telegram import Message, Update

from newsbot.bot.feedback_store import DOWN, UP, FeedbackStore
from newsbot.bot.hit_buttons import REASONS, answer_keyboard
from newsbot.bot.language import language_of
from newsbot.bot.outbox import Outbox
from newsbot.bot.replies import answer_quietly
from newsbot.bot.types import Context
from newsbot.render.catalogue import text


class FeedbackButtons:
    """The vote and reason buttons' handler."""

    def __init__(self, store: FeedbackStore, outbox: Outbox) -> None:
        self.store = store
        self.outbox = outbox

    async def vote(self, update: Update, context: Context) -> None:
        query = update.callback_query
        match = context.match
        if query is None:
            return
        message = query.message
        lang = language_of(update)
        expired = text("notice.expired_button", lang)
        if not isinstance(match, re.Match) or not isinstance(message, Message):
            await answer_quietly(query, expired, show_alert=True)
            return
        token, choice, reason = match.group(1), match.group(2), match.group(3)
        if reason is not None and (choice != "d" or reason not in REASONS):
            await answer_quietly(query, expired, show_alert=True)
            return
        answer = await asyncio.to_thread(
            self.store.vote,
            token,
            message.chat_id,
            query.from_user.id,
            UP if choice == "u" else DOWN,
            reason,
        )
        if answer is None:
            await answer_quietly(query, expired, show_alert=True)
            return
        lang = language_of(update, answer.question)
        asks_why = choice == "d" and reason is None and bool(answer.hits)
        await answer_quietly(query, text("toast.why" if asks_why else "toast.thanks", lang))
        if asks_why or reason is not None:
            keyboard = answer_keyboard(answer, reasons=asks_why, lang=lang)
            self.outbox.edit_markup(update, message, keyboard)
