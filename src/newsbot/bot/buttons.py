"""What a press on one of the bot's buttons does, one handler per kind of button.

PTB routes a press by its payload (see `newsbot.bot.keyboards` for the format), so each
handler receives only its own kind; anything else is a button from an older version of the
bot, or a forged one, and is told plainly that it has expired. So is a token pressed in
another chat than the one it was made for. Who may press, and whether a press that searches
("More", an example) is within the presser's rate limit, is decided before any of these runs,
in `newsbot.bot.gate`.

A press is answered quietly (`answer_quietly`): a press Telegram calls too old still turns the
page. The edit or the new message goes through the outbox, apart from the update.
"""

from __future__ import annotations

import re

from telegram import CallbackQuery, Message, Update

from newsbot.bot.answers import NEW_TOPIC as NEW_TOPIC_KIND
from newsbot.bot.answers import Answers
from newsbot.bot.keyboards import EXAMPLE as EXAMPLE_KIND
from newsbot.bot.keyboards import sources_page
from newsbot.bot.language import language_of
from newsbot.bot.outbox import Outbox
from newsbot.bot.replies import answer_quietly, send
from newsbot.bot.text import non_negative_int
from newsbot.bot.types import Context
from newsbot.render.catalogue import text


def _expired(update: Update) -> str:
    """What a press on a button that has expired is told, in the presser's language."""
    return text("notice.expired_result", language_of(update))


def _kind(letter: str) -> re.Pattern[str]:
    """The payloads of one kind, for CallbackQueryHandler(pattern=...): the letter, then ":"
    and the rest (group 1), or the letter alone, as `payload.partition(":")` would split it."""
    return re.compile(rf"{letter}(?::|\Z)(.*)", re.DOTALL)


MORE = _kind("m")
SOURCES = _kind("s")
EXAMPLE = _kind(EXAMPLE_KIND)
NEW_TOPIC = _kind(NEW_TOPIC_KIND)


class Buttons:
    """The callback-query handlers, sharing the answers behind "More" and the examples."""

    def __init__(self, answers: Answers, outbox: Outbox) -> None:
        self.answers = answers
        self.outbox = outbox

    async def more(self, update: Update, context: Context) -> None:
        """Back / More through an answer ("m:token:window:part"), searched again from its
        question, which the store keeps under the token for the chat it was made in."""
        query = update.callback_query
        payload = _payload(context)
        if query is None or payload is None:
            await self.expired(update, context)
            return
        message = query.message
        if not isinstance(message, Message):
            await answer_quietly(query, _expired(update), show_alert=True)
            return
        token, _, page_text = payload.partition(":")
        window_text, _, part_text = page_text.partition(":")
        part = -1 if part_text == "-1" else non_negative_int(part_text)
        window = non_negative_int(window_text)
        lang = language_of(update)
        reply = await self.answers.page(
            query.from_user.id, message.chat_id, token, window, part, lang
        )
        if reply is None:
            await answer_quietly(query, _expired(update), show_alert=True)
            self.outbox.edit_markup(update, message, None)
            return
        await answer_quietly(query)
        self.outbox.edit(update, message, reply.page, reply.keyboard)

    async def sources(self, update: Update, context: Context) -> None:
        """Another page of /sources ("s:page"), in place of the one shown."""
        query = update.callback_query
        payload = _payload(context)
        if query is None or payload is None:
            await self.expired(update, context)
            return
        await answer_quietly(query)
        page, keyboard = sources_page(
            self.answers.service, non_negative_int(payload), language_of(update)
        )
        if isinstance(query.message, Message):
            self.outbox.edit(update, query.message, page, keyboard)

    async def example(self, update: Update, context: Context) -> None:
        """An example question from /start ("q:token"), answered in a new message below."""
        pressed = await self._stored_question(update, context, EXAMPLE_KIND)
        if pressed is None:
            return
        query, message, question = pressed
        await answer_quietly(query)
        chat_id, lang = message.chat_id, language_of(update, question)
        notice = text("notice.you_asked", lang, question=question)
        reply = await self.answers.first_page(
            context.bot, chat_id, query.from_user.id, question, notice, lang=lang
        )
        bot, found = message.get_bot(), reply.answer.found
        # A new message, not a reply: the button is on the bot's own message.
        self.outbox.submit(
            chat_id,
            lambda: send(bot, chat_id, reply.page, reply.keyboard, None),
            update,
            sent=lambda: self.answers.count(found, None),
        )

    async def new_topic(self, update: Update, context: Context) -> None:
        """ "Ask as a new topic" under a follow-up ("n:token"): the asker's conversation here
        is forgotten and the message answered on its own, in a new message below."""
        pressed = await self._stored_question(update, context, NEW_TOPIC_KIND)
        if pressed is None:
            return
        query, message, question = pressed
        lang = language_of(update, question)
        await answer_quietly(query, text("toast.new_topic", lang))
        chat_id, asker = message.chat_id, query.from_user.id
        thread = message.message_thread_id or 0
        await self.answers.new_conversation(chat_id, asker, thread)
        notice = text("notice.as_new_topic", lang, question=question)
        reply = await self.answers.first_page(
            context.bot, chat_id, asker, question, notice, thread, lang
        )
        bot, found = message.get_bot(), reply.answer.found
        self.outbox.submit(
            chat_id,
            lambda: send(bot, chat_id, reply.page, reply.keyboard, message),
            update,
            sent=lambda: self.answers.count(found, None),
        )

    async def _stored_question(
        self, update: Update, context: Context, kind: str
    ) -> tuple[CallbackQuery, Message, str] | None:
        """The press, the bot message it is under and the question its token keeps for this
        chat; None (the press answered "expired") for a forged, foreign or forgotten token."""
        query = update.callback_query
        payload = _payload(context)
        if query is None or payload is None:
            await self.expired(update, context)
            return None
        message = query.message
        question = (
            self.answers.store.recall(payload, message.chat.id, kind)
            if message is not None
            else None
        )
        if question is None or not isinstance(message, Message):
            await answer_quietly(query, _expired(update), show_alert=True)
            return None
        return query, message, question

    async def expired(self, update: Update, _context: Context) -> None:
        """Any other press: a payload this version of the bot does not make."""
        if update.callback_query is not None:
            await answer_quietly(update.callback_query, _expired(update), show_alert=True)


def _payload(context: Context) -> str | None:
    """The payload after its kind, or None for a press the pattern did not match: PTB hands a
    press with empty data to the first patterned handler, with no match (Telegram never sends
    one, but a forged press could)."""
    match = context.match
    return match.group(1) if isinstance(match, re.Match) else None
