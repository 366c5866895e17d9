"""Telegram update handlers for commands, messages and inline queries, and the error handler.

Every handler is a thin adapter: it reads the update, asks the search service through
`newsbot.bot.answers`, and hands what `newsbot.render.telegram` rendered to the outbox
(`newsbot.bot.outbox`), which sends it in the background, so that no handler holds an update
slot while Telegram's limits make a send wait. A question is scrubbed of lone surrogates and
control characters before anything else touches it. None of the handlers checks who is
asking: by the time one runs, the gate (`newsbot.bot.gate`, which also says which handler
takes which update) has let the update through the allowlist and, for a search, the rate
limit. Buttons and the administrators' commands have modules of their own.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence

from telegram import Message, Update
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, RetryAfter

from newsbot.bot.admin import run_reindex, show_stats
from newsbot.bot.answers import Answers
from newsbot.bot.inline import answer_inline_query
from newsbot.bot.keyboards import examples_keyboard, sources_page
from newsbot.bot.language import language_of
from newsbot.bot.outbox import Outbox
from newsbot.bot.replies import may_have_arrived
from newsbot.bot.text import after_command, mentions, shorten, without_mention
from newsbot.bot.types import Context
from newsbot.render.catalogue import counted, text
from newsbot.render.telegram import (
    TelegramMessage,
    help_message,
    notice_message,
    welcome_message,
)
from newsbot.text.normalise import scrub

logger = logging.getLogger(__name__)


def _thread(message: Message) -> int:
    """The conversation's thread within its chat: a forum topic or a reply thread of a group
    (Telegram numbers both with `message_thread_id`), else the chat itself (0)."""
    return message.message_thread_id or 0


class Handlers:
    """The handlers for everything but buttons, sharing the services they are given."""

    def __init__(
        self,
        answers: Answers,
        outbox: Outbox,
        max_question_chars: int,
        examples: Sequence[str] = (),
    ) -> None:
        self.answers = answers
        self.outbox = outbox
        self.service = answers.service
        self.metrics = answers.metrics
        self.max_question_chars = max_question_chars
        # Settings come from the environment, where undecodable bytes become lone surrogates.
        self.examples = tuple(scrub(example) for example in examples)
        self.fatal_error: str | None = None
        # How to stop the bot on a fatal error; the runner replaces it with its own stop.
        self.stop: Callable[[], None] | None = None

    # Commands -------------------------------------------------------------------------------

    async def start(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None:
            return
        lang = language_of(update)
        if context.args and context.args[0] == "help":  # where inline mode's buttons lead
            example = await self._example(lang)
            self.outbox.reply(update, message, help_message(context.bot.username, example, lang))
            return
        facts = self.service.facts()
        examples = await self._examples()
        user = update.effective_user
        keyboard = examples_keyboard(examples, self.answers.store, message.chat_id)
        self.outbox.reply(
            update,
            message,
            welcome_message(facts, examples, user.first_name if user else None, lang),
            keyboard if examples else None,
        )

    async def new(self, update: Update, _context: Context) -> None:
        """/new: the asker's next message here starts a new conversation."""
        message = update.effective_message
        if message is None:
            return
        asker = update.effective_user.id if update.effective_user else message.chat_id
        await self.answers.new_conversation(message.chat_id, asker, _thread(message))
        self._say(update, notice_message(text("notice.new_conversation", language_of(update))))

    async def help(self, update: Update, context: Context) -> None:
        lang = language_of(update)
        example = await self._example(lang)
        self._say(update, help_message(context.bot.username, example, lang))

    async def sources(self, update: Update, _context: Context) -> None:
        if update.effective_message is not None:
            page, keyboard = sources_page(self.service, 0, language_of(update))
            self.outbox.reply(update, update.effective_message, page, keyboard)

    async def ask(self, update: Update, context: Context) -> None:
        """/ask with a question: how groups ask when they do not mention the bot."""
        if update.effective_message is not None:
            await self._answer(update, context, after_command(update.effective_message))

    async def ask_usage(self, update: Update, _context: Context) -> None:
        """/ask on its own: it searches nothing, so it costs nothing against the rate limit."""
        lang = language_of(update)
        usage = text("notice.ask_usage", lang, example=await self._example(lang))
        self._say(update, notice_message(usage))

    async def stats(self, update: Update, _context: Context) -> None:
        buttons = self.answers.hit_buttons
        votes = await asyncio.to_thread(buttons.store.rates) if buttons is not None else None
        show_stats(lambda page: self._say(update, page), self.service, votes)

    async def reindex(self, update: Update, _context: Context) -> None:
        await run_reindex(lambda page: self._say(update, page), self.service, self.metrics)

    async def not_admin(self, update: Update, _context: Context) -> None:
        """/stats or /reindex from anyone the administrators' filter did not let through."""
        self._say(update, notice_message(text("notice.not_admin", language_of(update))))

    async def unknown_command(self, update: Update, _context: Context) -> None:
        self._say(update, notice_message(text("notice.unknown_command", language_of(update))))

    # Messages -------------------------------------------------------------------------------

    async def private_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is not None and message.text is not None:
            await self._answer(update, context, message.text)

    async def group_text(self, update: Update, context: Context) -> None:
        """A group message that mentions the bot or replies to it (the gate's filter): the
        question is the text without the mention."""
        message = update.effective_message
        if message is None or message.text is None:
            return
        username = context.bot.username
        question = (
            without_mention(message, username) if mentions(message, username) else message.text
        )
        await self._answer(update, context, question)

    async def non_text(self, update: Update, _context: Context) -> None:
        lang = language_of(update)
        hint = text("notice.non_text", lang, example=await self._example(lang))
        self._say(update, notice_message(hint))

    async def _answer(self, update: Update, context: Context, question: str) -> None:
        """Answer a question asked in a message, with a note when it was not taken as sent."""
        message = update.effective_message
        if message is None:
            return
        lang = language_of(update)
        question = scrub(" ".join(question.split()))
        if not question:
            hint = text("notice.empty_question", lang, example=await self._example(lang))
            self._say(update, notice_message(hint))
            return
        notice = None
        if len(question) > self.max_question_chars:
            question = question[: self.max_question_chars]
            notice = counted("notice.long_question", self.max_question_chars, lang)
        if update.edited_message is not None:
            notice = (notice + " " if notice else "") + text("notice.edited", lang)
        began = time.perf_counter()
        asker = update.effective_user.id if update.effective_user else message.chat_id
        # An edited question is answered again, but it is not a new turn of the conversation.
        thread = None if update.edited_message is not None else _thread(message)
        reply = await self.answers.first_page(
            context.bot, message.chat_id, asker, question, notice, thread, lang
        )
        found = reply.answer.found
        self.outbox.reply(
            update,
            message,
            reply.page,
            reply.keyboard,
            sent=lambda: self.answers.count(found, time.perf_counter() - began),
        )

    # Inline mode ----------------------------------------------------------------------------

    async def inline_query(self, update: Update, _context: Context) -> None:
        if update.inline_query is not None:
            await answer_inline_query(
                update.inline_query, self.answers, self.max_question_chars, language_of(update)
            )

    # Errors ---------------------------------------------------------------------------------

    async def on_error(self, update: object, context: Context) -> None:
        """The one place errors end up: log them, tell the user briefly, keep running."""
        error = context.error
        self.metrics.errors.labels(kind=type(error).__name__).inc()
        if isinstance(error, Conflict):
            self.fatal_error = (
                "another instance of this bot is running (Telegram answered 409 Conflict): "
                "stop the other one, or use a different token"
            )
            logger.error("stopping: %s", self.fatal_error)
            if self.stop is not None:
                self.stop()
            else:
                context.application.stop_running()
            return
        if update is None and isinstance(error, NetworkError) and not isinstance(error, BadRequest):
            logger.warning("network problem while polling (%s); retrying", error)
            return
        if isinstance(error, Forbidden):
            logger.info("cannot message a user: %s", error)
            return
        if isinstance(error, RetryAfter):  # the chat is flooded: an apology would be too
            logger.warning("Telegram's flood control kept a reply from going out: %s", error)
            return
        if may_have_arrived(error):  # an apology for an answer the user may be reading
            logger.warning("a reply may or may not have arrived (%s); not sent again", error)
            return
        logger.error("error while handling an update", exc_info=error)
        if isinstance(update, Update) and update.effective_chat is not None:
            bot, chat_id = context.bot, update.effective_chat.id
            apology = text("notice.apology", language_of(update))
            # Plain text, as the apology always was: no parse mode and no preview options,
            # whatever the application's Defaults say. A failed apology is only logged.
            self.outbox.submit(
                chat_id,
                lambda: bot.send_message(
                    chat_id, apology, parse_mode=None, link_preview_options=None
                ),
                update,
                report=False,
            )

    # Helpers --------------------------------------------------------------------------------

    def _say(self, update: Update, page: TelegramMessage) -> None:
        """Reply to the update's message with `page`, through the outbox."""
        message: Message | None = update.effective_message
        if message is not None:
            self.outbox.reply(update, message, page)

    async def _examples(self) -> tuple[str, ...]:
        """The configured examples, else questions made from the corpus (worked out once per
        index, in a worker thread), else a few titles."""
        if self.examples:
            return self.examples[:3]
        made = await asyncio.to_thread(self.service.examples)
        if made:
            return tuple(shorten(example, 60) for example in made)
        return tuple(shorten(title, 60) for title in self.service.sample_titles())

    async def _example(self, lang: str) -> str:
        """One question to show in a hint: the corpus's own, else a generic one in `lang`."""
        examples = await self._examples()
        return examples[0] if examples else text("example.fallback", lang)
