"""Telegram update handlers: parse the update, call the search service, send the rendered reply.

Every handler is a thin adapter. Questions are answered in a worker thread, so a slow search
never blocks other chats; replies are rendered by `newsbot.render.telegram` and sent by
`newsbot.bot.replies`, which sends the same words again as plain text if Telegram still refuses
the HTML. Keyboards, inline mode and the administrators' commands have modules of their own.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import time
from collections.abc import Callable, Sequence
from typing import Any

from telegram import Message, Update
from telegram.error import BadRequest, Conflict, Forbidden, NetworkError, TelegramError
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from newsbot.answering.models import Answer
from newsbot.app.service import SearchService
from newsbot.bot.admin import run_reindex, show_stats
from newsbot.bot.inline import answer_inline_query
from newsbot.bot.keyboards import MAX_HITS, examples_keyboard, has_more, page_keyboard, sources_page
from newsbot.bot.limits import AccessPolicy, RateLimiter
from newsbot.bot.metrics import BotMetrics
from newsbot.bot.replies import edit, edit_markup, reply, send, typing
from newsbot.bot.store import QuestionStore
from newsbot.bot.text import after_command, mentions, non_negative_int, shorten, without_mention
from newsbot.render.telegram import (
    answer_pages,
    help_message,
    notice_message,
    welcome_message,
)

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE

TYPING_AFTER_SECONDS = 0.5

REFUSAL = "Sorry, this bot is private. Ask its owner to add this chat to the allowed list."
NOT_ADMIN = "Sorry, only the bot's administrators can use that command."
NON_TEXT_HINT = (
    "I can only read text. Send me a question in words, like: What did he say about youth?"
)
EXPIRED = "This result has expired. Please ask your question again."
APOLOGY = "Sorry, something went wrong while answering. Please try again in a moment."


class Handlers:
    """All of the bot's handlers, sharing the services they are given."""

    def __init__(
        self,
        service: SearchService,
        store: QuestionStore,
        policy: AccessPolicy,
        limiter: RateLimiter,
        max_question_chars: int,
        examples: Sequence[str] = (),
        metrics: BotMetrics | None = None,
        typing_after: float = TYPING_AFTER_SECONDS,
    ) -> None:
        self.service = service
        self.metrics = metrics or BotMetrics()
        self.store = store
        self.policy = policy
        self.limiter = limiter
        self.max_question_chars = max_question_chars
        self.examples = tuple(examples)
        self.fatal_error: str | None = None
        # "typing…" only for answers slower than this: most take milliseconds, and the action
        # would cost a Bot API call per question against Telegram's 30 calls a second.
        self.typing_after = typing_after
        self._background: set[asyncio.Task[None]] = set()
        # How to stop the bot on a fatal error; the runner replaces it with its own stop.
        self.stop: Callable[[], None] | None = None

    def register(self, application: Application[Any, Any, Any, Any, Any, Any]) -> None:
        """Attach every handler to `application`, most specific first."""
        application.add_handler(CommandHandler("start", self.start))
        application.add_handler(CommandHandler("help", self.help))
        application.add_handler(CommandHandler("sources", self.sources))
        application.add_handler(CommandHandler("ask", self.ask_command))
        application.add_handler(CommandHandler("stats", self.stats))
        application.add_handler(CommandHandler("reindex", self.reindex))
        application.add_handler(CallbackQueryHandler(self.callback))
        application.add_handler(InlineQueryHandler(self.inline_query))
        private = filters.ChatType.PRIVATE
        groups = filters.ChatType.GROUPS
        application.add_handler(MessageHandler(private & filters.COMMAND, self.unknown_command))
        application.add_handler(MessageHandler(private & filters.TEXT, self.private_text))
        application.add_handler(
            MessageHandler(groups & filters.TEXT & ~filters.COMMAND, self.group_text)
        )
        application.add_handler(
            MessageHandler(
                private & ~filters.TEXT & filters.UpdateType.MESSAGES & ~filters.StatusUpdate.ALL,
                self.non_text,
            )
        )
        application.add_error_handler(self.on_error)

    # Commands -------------------------------------------------------------------------------

    async def start(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not await self._allowed(update, context):
            return
        if context.args and context.args[0] == "help":
            await reply(message, help_message(context.bot.username))
            return
        facts = self.service.facts()
        examples = self._examples()
        user = update.effective_user
        keyboard = examples_keyboard(examples, self.store)
        await reply(
            message,
            welcome_message(facts, examples, user.first_name if user else None),
            keyboard if examples else None,
        )

    async def help(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not await self._allowed(update, context):
            return
        await reply(message, help_message(context.bot.username))

    async def sources(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not await self._allowed(update, context):
            return
        page, keyboard = sources_page(self.service, 0)
        await reply(message, page, keyboard)

    async def ask_command(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not await self._allowed(update, context):
            return
        question = after_command(message)
        if not question:
            await reply(message, notice_message("Ask like this: /ask What did he say about youth?"))
            return
        await self._answer(update, context, question)

    async def stats(self, update: Update, _context: Context) -> None:
        message = update.effective_message
        if message is None or not await self._admin(update):
            return
        await show_stats(message, self.service)

    async def reindex(self, update: Update, _context: Context) -> None:
        message = update.effective_message
        if message is None or not await self._admin(update):
            return
        await run_reindex(message, self.service, self.metrics)

    async def unknown_command(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not await self._allowed(update, context):
            return
        await reply(
            message, notice_message("I don't know that command. Send /help to see what I can do.")
        )

    # Questions ------------------------------------------------------------------------------

    async def private_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or message.text is None:
            return
        await self._answer(update, context, message.text)

    async def group_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or message.text is None:
            return
        username = context.bot.username
        mentioned = mentions(message, username)
        replied = (
            message.reply_to_message is not None
            and message.reply_to_message.from_user is not None
            and message.reply_to_message.from_user.id == context.bot.id
        )
        if not (mentioned or replied):
            return  # group chatter not addressed to the bot
        question = without_mention(message, username) if mentioned else message.text
        await self._answer(update, context, question)

    async def non_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not await self._allowed(update, context):
            return
        await reply(message, notice_message(NON_TEXT_HINT))

    async def _answer(self, update: Update, context: Context, question: str) -> None:
        message = update.effective_message
        user = update.effective_user
        if message is None or not await self._allowed(update, context):
            return
        wait = self.limiter.retry_after(user.id if user else message.chat_id)
        if wait > 0:
            await reply(
                message,
                notice_message(
                    f"You are asking faster than I can keep up. Please wait {wait:.0f} s."
                ),
            )
            return
        question = " ".join(question.split())
        if not question:
            await reply(
                message,
                notice_message("Please write a question, like: What did he say about youth?"),
            )
            return
        notice = None
        if len(question) > self.max_question_chars:
            question = question[: self.max_question_chars]
            notice = (
                f"Your question was long, so I used its first {self.max_question_chars} characters."
            )
        if update.edited_message is not None:
            notice = (
                notice + " " if notice else ""
            ) + "Here is the answer to your edited question."
        began = time.perf_counter()
        async with typing(context.bot, message.chat_id, self.typing_after, self._background):
            answer = await self._window(question, 0, count=True)
        if notice:
            answer = dataclasses.replace(answer, notice=notice)
        pages = answer_pages(answer, self.service.top_k)
        token = self.store.remember(question) if has_more(answer, pages, self.service.top_k) else ""
        await reply(
            message, pages[0], page_keyboard(token, answer, 0, len(pages), self.service.top_k)
        )
        self._count(answer.found, time.perf_counter() - began)

    async def _window(self, question: str, window: int, count: bool) -> Answer:
        """The `window`-th group of top_k hits. Only these are quoted: a question's first reply
        does not pay for the pages behind "More" that most people never open."""
        top_k = self.service.top_k
        first = min(max(window, 0), MAX_HITS // top_k) * top_k
        answer = await asyncio.to_thread(self.service.ask, question, top_k, count, first)
        if answer.found or first == 0 or not answer.available:
            return answer
        # the index changed since the button was made and has fewer hits now: its last window
        last = (answer.available - 1) // top_k * top_k
        return await asyncio.to_thread(self.service.ask, question, top_k, False, last)

    # Buttons --------------------------------------------------------------------------------

    async def callback(self, update: Update, context: Context) -> None:
        query = update.callback_query
        if query is None:
            return
        if not self.policy.allows(
            query.message.chat.id if query.message else None, query.from_user.id
        ):
            await query.answer(REFUSAL, show_alert=True)
            return
        kind, _, rest = (query.data or "").partition(":")
        if kind == "m":
            await self._more(update, rest)
        elif kind == "s":
            await query.answer()
            page, keyboard = sources_page(self.service, non_negative_int(rest))
            await edit(query.message, page, keyboard)
        elif kind == "q":
            question = self.store.recall(rest)
            if question is None:
                await query.answer(EXPIRED, show_alert=True)
                return
            await query.answer()
            if isinstance(query.message, Message):
                await self._ask_from_button(context, query.message, question)
        else:
            await query.answer(EXPIRED, show_alert=True)

    async def _more(self, update: Update, payload: str) -> None:
        query = update.callback_query
        assert query is not None
        token, _, page_text = payload.partition(":")
        question = self.store.recall(token)
        if question is None or not isinstance(query.message, Message):
            await query.answer(EXPIRED, show_alert=True)
            if isinstance(query.message, Message):
                await edit_markup(query.message, None)
            return
        await query.answer()
        window_text, _, part_text = page_text.partition(":")
        answer = await self._window(question, non_negative_int(window_text), count=False)
        pages = answer_pages(answer, self.service.top_k)
        part = non_negative_int(part_text) if part_text != "-1" else len(pages) - 1
        part = min(max(part, 0), len(pages) - 1)
        await edit(
            query.message,
            pages[part],
            page_keyboard(token, answer, part, len(pages), self.service.top_k),
        )

    async def _ask_from_button(self, context: Context, message: Message, question: str) -> None:
        async with typing(context.bot, message.chat_id, self.typing_after, self._background):
            answer = await self._window(question, 0, count=True)
        answer = dataclasses.replace(answer, notice=f"You asked: {question}")
        pages = answer_pages(answer, self.service.top_k)
        token = self.store.remember(question) if has_more(answer, pages, self.service.top_k) else ""
        keyboard = page_keyboard(token, answer, 0, len(pages), self.service.top_k)
        await send(message.get_bot(), message.chat_id, pages[0], keyboard, None)
        self._count(answer.found, None)

    # Inline mode ----------------------------------------------------------------------------

    async def inline_query(self, update: Update, _context: Context) -> None:
        query = update.inline_query
        if query is None:
            return
        await answer_inline_query(query, self.service, self.policy, self.max_question_chars)

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
        logger.error("error while handling an update", exc_info=error)
        if isinstance(update, Update) and update.effective_chat is not None:
            try:
                await context.bot.send_message(update.effective_chat.id, APOLOGY)
            except TelegramError:
                logger.warning("could not send the apology either")

    # Helpers --------------------------------------------------------------------------------

    def _count(self, found: bool, seconds: float | None) -> None:
        self.metrics.questions.inc()
        if not found:
            self.metrics.nothing_found.inc()
        if seconds is not None:
            self.metrics.latency.observe(seconds)

    async def _allowed(self, update: Update, context: Context) -> bool:
        chat = update.effective_chat
        user = update.effective_user
        if self.policy.allows(chat.id if chat else None, user.id if user else None):
            return True
        message = update.effective_message
        if message is not None:
            await send(context.bot, message.chat_id, notice_message(REFUSAL), None, message)
        return False

    async def _admin(self, update: Update) -> bool:
        user = update.effective_user
        if self.policy.is_admin(user.id if user else None):
            return True
        message = update.effective_message
        if message is not None:
            await reply(message, notice_message(NOT_ADMIN))
        return False

    def _examples(self) -> tuple[str, ...]:
        if self.examples:
            return self.examples[:3]
        return tuple(shorten(title, 60) for title in self.service.sample_titles())
