"""Telegram update handlers: parse the update, call the search service, send the rendered reply.

Every handler is a thin adapter. Questions are answered in a worker thread, so a slow search
never blocks other chats; replies are rendered by `newsbot.render.telegram`, and if Telegram
still refuses the HTML, the same words are sent again as plain text.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any

from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    LinkPreviewOptions,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
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

from newsbot.answer import STABLE_HITS, Answer
from newsbot.bot.limits import AccessPolicy, RateLimiter
from newsbot.bot.metrics import BotMetrics
from newsbot.bot.store import QuestionStore
from newsbot.errors import NewsbotError
from newsbot.render.telegram import (
    CorpusFacts,
    TelegramMessage,
    answer_pages,
    help_message,
    hit_message,
    notice_message,
    sources_message,
    welcome_message,
)
from newsbot.service import SearchService

logger = logging.getLogger(__name__)

Context = ContextTypes.DEFAULT_TYPE

MAX_HITS = STABLE_HITS  # how deep "More" can page: as deep as answers stay in one order
INLINE_PAGE = 5
INLINE_MAX = STABLE_HITS
SOURCES_PAGE = 10
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
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
            await self._reply(message, help_message(context.bot.username))
            return
        stats = self.service.index.stats
        facts = CorpusFacts(
            articles=self.service.index.article_count,
            passages=self.service.index.passage_count,
            outlets=int(stats.get("outlets", 0)),
            first_published=stats.get("first_published"),
            last_published=stats.get("last_published"),
        )
        examples = self._examples()
        user = update.effective_user
        keyboard = InlineKeyboardMarkup(
            [
                [
                    InlineKeyboardButton(
                        _button_label(text), callback_data=f"q:{self.store.remember(text)}"
                    )
                ]
                for text in examples
            ]
        )
        await self._reply(
            message,
            welcome_message(facts, examples, user.first_name if user else None),
            keyboard if examples else None,
        )

    async def help(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not await self._allowed(update, context):
            return
        await self._reply(message, help_message(context.bot.username))

    async def sources(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not await self._allowed(update, context):
            return
        page, keyboard = self._sources_page(0)
        await self._reply(message, page, keyboard)

    async def ask_command(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not await self._allowed(update, context):
            return
        question = _after_command(message)
        if not question:
            await self._reply(
                message, notice_message("Ask like this: /ask What did he say about youth?")
            )
            return
        await self._answer(update, context, question)

    async def stats(self, update: Update, _context: Context) -> None:
        message = update.effective_message
        if message is None or not await self._admin(update):
            return
        stats = self.service.stats()
        uptime = time.time() - stats.started_at
        lines = [
            f"Articles: {stats.articles:,}",
            f"Passages: {stats.passages:,}",
            f"Questions answered: {stats.questions:,}",
            f"Nothing found: {stats.nothing_found:,}",
            "Latency p50 / p95: " + _milliseconds(stats.latency_p50_ms, stats.latency_p95_ms),
            f"Up for: {_duration(uptime)}",
            "Last reindex: "
            + (
                f"{_duration(time.time() - stats.last_reindex_at)} ago"
                if stats.last_reindex_at
                else "never"
            ),
        ]
        if stats.reindexing:
            lines.append("A reindex is running now.")
        await self._reply(message, notice_message("\n".join(lines)))

    async def reindex(self, update: Update, _context: Context) -> None:
        message = update.effective_message
        if message is None or not await self._admin(update):
            return
        if self.service.reindexing:
            await self._reply(message, notice_message("A reindex is already running."))
            return
        await self._reply(
            message, notice_message("Reindexing the corpus; I keep answering meanwhile.")
        )
        try:
            result = await asyncio.to_thread(self.service.reindex)
        except NewsbotError as error:
            await self._reply(
                message,
                notice_message(f"Reindex failed: {error}. Still serving the previous index."),
            )
            return
        self.metrics.observe_index(self.service)
        self.metrics.last_reindex.set_to_current_time()
        summary = result.summary
        text = (
            f"Reindexed in {summary.seconds:.1f} s: {result.change}.\n"
            f"Articles: {summary.articles:,} ({summary.articles - result.articles_before:+,}), "
            f"passages: {summary.passages:,} ({summary.passages - result.passages_before:+,}), "
            f"skipped files: {len(summary.skipped):,}."
        )
        await self._reply(message, notice_message(text))

    async def unknown_command(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not await self._allowed(update, context):
            return
        await self._reply(
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
        mentioned = _mentions(message, username)
        replied = (
            message.reply_to_message is not None
            and message.reply_to_message.from_user is not None
            and message.reply_to_message.from_user.id == context.bot.id
        )
        if not (mentioned or replied):
            return  # group chatter not addressed to the bot
        question = _without_mention(message, username) if mentioned else message.text
        await self._answer(update, context, question)

    async def non_text(self, update: Update, context: Context) -> None:
        message = update.effective_message
        if message is None or not await self._allowed(update, context):
            return
        await self._reply(message, notice_message(NON_TEXT_HINT))

    async def _answer(self, update: Update, context: Context, question: str) -> None:
        message = update.effective_message
        user = update.effective_user
        if message is None or not await self._allowed(update, context):
            return
        wait = self.limiter.retry_after(user.id if user else message.chat_id)
        if wait > 0:
            await self._reply(
                message,
                notice_message(
                    f"You are asking faster than I can keep up. Please wait {wait:.0f} s."
                ),
            )
            return
        question = " ".join(question.split())
        if not question:
            await self._reply(
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
        async with self._typing(context, message.chat_id):
            answer = await self._window(question, 0, count=True)
        if notice:
            answer = dataclasses.replace(answer, notice=notice)
        pages = answer_pages(answer, self.service.top_k)
        token = (
            self.store.remember(question) if _has_more(answer, pages, self.service.top_k) else ""
        )
        await self._reply(
            message, pages[0], _page_keyboard(token, answer, 0, len(pages), self.service.top_k)
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
            page, keyboard = self._sources_page(_int(rest))
            await self._edit(query.message, page, keyboard)
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
                await self._edit_markup(query.message, None)
            return
        await query.answer()
        window_text, _, part_text = page_text.partition(":")
        answer = await self._window(question, _int(window_text), count=False)
        pages = answer_pages(answer, self.service.top_k)
        part = _int(part_text) if part_text != "-1" else len(pages) - 1
        part = min(max(part, 0), len(pages) - 1)
        await self._edit(
            query.message,
            pages[part],
            _page_keyboard(token, answer, part, len(pages), self.service.top_k),
        )

    async def _ask_from_button(self, context: Context, message: Message, question: str) -> None:
        async with self._typing(context, message.chat_id):
            answer = await self._window(question, 0, count=True)
        answer = dataclasses.replace(answer, notice=f"You asked: {question}")
        pages = answer_pages(answer, self.service.top_k)
        token = (
            self.store.remember(question) if _has_more(answer, pages, self.service.top_k) else ""
        )
        keyboard = _page_keyboard(token, answer, 0, len(pages), self.service.top_k)
        await self._send(message.get_bot(), message.chat_id, pages[0], keyboard, None)
        self._count(answer.found, None)

    # Inline mode ----------------------------------------------------------------------------

    async def inline_query(self, update: Update, _context: Context) -> None:
        query = update.inline_query
        if query is None:
            return
        if not self.policy.allows(None, query.from_user.id):
            await query.answer(
                [],
                cache_time=60,
                is_personal=True,
                button=InlineQueryResultsButton(text="This bot is private", start_parameter="help"),
            )
            return
        text = " ".join(query.query.split())[: self.max_question_chars]
        if not text:
            await query.answer(
                [],
                cache_time=300,
                button=InlineQueryResultsButton(
                    text="Type a question about the news", start_parameter="help"
                ),
            )
            return
        offset = _int(query.offset)
        if offset >= INLINE_MAX:
            await query.answer([], next_offset="")
            return
        answer = await asyncio.to_thread(self.service.ask, text, INLINE_PAGE, offset == 0, offset)
        hits = answer.hits
        if not hits:
            label = "Nothing found for this question" if offset == 0 else "No more results"
            await query.answer(
                [],
                next_offset="",
                cache_time=60,
                button=InlineQueryResultsButton(text=label, start_parameter="help"),
            )
            return
        results = []
        for hit in hits:
            message = hit_message(hit)
            results.append(
                InlineQueryResultArticle(
                    id=hashlib.blake2b(hit.passage_id.encode(), digest_size=16).hexdigest(),
                    title=hit.source.title[:100],
                    description=_snippet(hit.quote),
                    input_message_content=InputTextMessageContent(
                        message.html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
                    ),
                )
            )
        more = offset + INLINE_PAGE < min(answer.available, INLINE_MAX)
        await query.answer(
            results, next_offset=str(offset + INLINE_PAGE) if more else "", cache_time=60
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
            await self._send(context.bot, message.chat_id, notice_message(REFUSAL), None, message)
        return False

    async def _admin(self, update: Update) -> bool:
        user = update.effective_user
        if self.policy.is_admin(user.id if user else None):
            return True
        message = update.effective_message
        if message is not None:
            await self._reply(message, notice_message(NOT_ADMIN))
        return False

    def _examples(self) -> tuple[str, ...]:
        if self.examples:
            return self.examples[:3]
        index = self.service.index
        count = index.article_count
        picks = sorted({0, count // 2, count - 1}) if count else []
        return tuple(_shorten(index.article(number).title, 60) for number in picks)

    def _sources_page(self, page: int) -> tuple[TelegramMessage, InlineKeyboardMarkup | None]:
        index = self.service.index
        total = index.article_count
        pages = max(1, -(-total // SOURCES_PAGE))
        page = min(max(page, 0), pages - 1)
        first = page * SOURCES_PAGE
        articles = [
            index.article(number) for number in range(first, min(total, first + SOURCES_PAGE))
        ]
        buttons = []
        if page > 0:
            buttons.append(InlineKeyboardButton("◀ Back", callback_data=f"s:{page - 1}"))
        if page + 1 < pages:
            buttons.append(
                InlineKeyboardButton(f"Next ▶ {page + 2}/{pages}", callback_data=f"s:{page + 1}")
            )
        return sources_message(articles, first + 1, total), InlineKeyboardMarkup(
            [buttons]
        ) if buttons else None

    @contextlib.asynccontextmanager
    async def _typing(self, context: Context, chat_id: int) -> AsyncIterator[None]:
        """Shows "typing…" if the body is still running after `typing_after` seconds."""

        sending = False

        async def show() -> None:
            nonlocal sending
            await asyncio.sleep(self.typing_after)
            sending = True
            try:
                await context.bot.send_chat_action(chat_id, ChatAction.TYPING)
            except TelegramError as error:
                logger.debug("typing indicator failed: %s", error)

        task = asyncio.create_task(show())
        try:
            yield
        finally:
            if sending:  # a call under way is left to finish, without holding the answer back
                self._background.add(task)
                task.add_done_callback(self._background.discard)
            else:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task

    async def _reply(
        self, message: Message, page: TelegramMessage, keyboard: InlineKeyboardMarkup | None = None
    ) -> None:
        quote = message if message.chat.type != ChatType.PRIVATE else None
        await self._send(message.get_bot(), message.chat_id, page, keyboard, quote)

    @staticmethod
    async def _send(
        bot: Bot,
        chat_id: int,
        page: TelegramMessage,
        keyboard: InlineKeyboardMarkup | None,
        reply_to: Message | None,
    ) -> None:
        reply = (
            ReplyParameters(reply_to.message_id, allow_sending_without_reply=True)
            if reply_to is not None
            else None
        )
        try:
            await bot.send_message(
                chat_id,
                page.html,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard,
                link_preview_options=NO_PREVIEW,
                reply_parameters=reply,
            )
        except BadRequest as error:
            if "can't parse entities" not in str(error).lower():
                raise
            logger.warning("Telegram refused the HTML (%s); sending plain text instead", error)
            await bot.send_message(
                chat_id,
                page.plain,
                reply_markup=keyboard,
                link_preview_options=NO_PREVIEW,
                reply_parameters=reply,
            )

    @staticmethod
    async def _edit(
        message: object, page: TelegramMessage, keyboard: InlineKeyboardMarkup | None
    ) -> None:
        if not isinstance(message, Message):
            return
        try:
            try:
                await message.edit_text(
                    page.html,
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard,
                    link_preview_options=NO_PREVIEW,
                )
            except BadRequest as error:
                if "can't parse entities" not in str(error).lower():
                    raise
                logger.warning("Telegram refused the HTML (%s); editing as plain text", error)
                await message.edit_text(
                    page.plain, reply_markup=keyboard, link_preview_options=NO_PREVIEW
                )
        except BadRequest as error:
            if "message is not modified" not in str(error).lower():
                raise
            logger.debug("double press ignored: %s", error)

    @staticmethod
    async def _edit_markup(message: Message, keyboard: InlineKeyboardMarkup | None) -> None:
        try:
            await message.edit_reply_markup(reply_markup=keyboard)
        except BadRequest as error:
            logger.debug("could not remove the keyboard: %s", error)


def _has_more(answer: Answer, pages: list[TelegramMessage], top_k: int) -> bool:
    return len(pages) > 1 or answer.first + top_k < min(answer.available, MAX_HITS)


def _page_keyboard(
    token: str, answer: Answer, part: int, parts: int, top_k: int
) -> InlineKeyboardMarkup | None:
    """Back / More between windows of top_k hits ("m:token:window:part"). A window whose hits
    do not fit one message is shown in parts; Back from a window's first part goes to the
    previous window's last part (-1)."""
    if not token or not answer.found:
        return None
    window = answer.first // top_k
    windows = -(-min(answer.available, MAX_HITS) // top_k)
    buttons = []
    if part > 0:
        buttons.append(
            InlineKeyboardButton("◀ Back", callback_data=f"m:{token}:{window}:{part - 1}")
        )
    elif window > 0:
        buttons.append(InlineKeyboardButton("◀ Back", callback_data=f"m:{token}:{window - 1}:-1"))
    if part + 1 < parts:
        label = f"More ▶ {window + 1}/{windows} (continued)"
        buttons.append(InlineKeyboardButton(label, callback_data=f"m:{token}:{window}:{part + 1}"))
    elif window + 1 < windows:
        label = f"More ▶ {window + 2}/{windows}"
        buttons.append(InlineKeyboardButton(label, callback_data=f"m:{token}:{window + 1}:0"))
    return InlineKeyboardMarkup([buttons]) if buttons else None


def _after_command(message: Message) -> str:
    """The text after a leading "/ask" or "/ask@botname"."""
    text = message.text or ""
    for entity in message.entities:
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            return text[len(message.parse_entity(entity)) :].strip()
    return text.strip()


def _mentions(message: Message, username: str | None) -> bool:
    if not username:
        return False
    target = "@" + username.casefold()
    return any(
        value.casefold() == target
        for entity, value in message.parse_entities([MessageEntity.MENTION]).items()
        if entity.type == MessageEntity.MENTION
    )


def _without_mention(message: Message, username: str | None) -> str:
    text = message.text or ""
    if not username:
        return text
    for value in message.parse_entities([MessageEntity.MENTION]).values():
        if value.casefold() == "@" + username.casefold():
            text = text.replace(value, " ")
    return " ".join(text.split())


def _int(value: str) -> int:
    try:
        return max(0, int(value))
    except ValueError:
        return 0


def _shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def _button_label(text: str) -> str:
    return _shorten(text, 40)


def _snippet(text: str) -> str:
    return _shorten(" ".join(text.split()), 120)


def _milliseconds(p50: float | None, p95: float | None) -> str:
    if p50 is None or p95 is None:
        return "no questions yet"
    return f"{p50:.1f} / {p95:.1f} ms"


def _duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {seconds} s"
