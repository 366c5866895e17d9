"""The one place the Telegram application is wired: `newsbot run` and the tests both use it.

Every message the bot sends is Telegram HTML without a link preview (a quoted article's link
would otherwise unfold a card under every answer), so both are the application's `Defaults`
rather than arguments at each call.

Outgoing calls go through `OutgoingLimiter` (`newsbot.bot.outgoing`: Telegram's overall and
per-group limits, with a 429 pausing only its own chat), and the handlers' sends and edits
through the `Outbox` (`newsbot.bot.outbox`), which `BotApplication` empties when the bot stops.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import BotCommand, BotCommandScopeChat, LinkPreviewOptions
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, Defaults
from telegram.request import BaseRequest

from newsbot.app.service import SearchService
from newsbot.bot.answers import Answers
from newsbot.bot.article_buttons import ArticleButtons
from newsbot.bot.buttons import Buttons
from newsbot.bot.feedback_buttons import FeedbackButtons
from newsbot.bot.feedback_store import FeedbackStore
from newsbot.bot.gate import Access, Gate, Route, routes
from newsbot.bot.handlers import Handlers
from newsbot.bot.hit_buttons import ARTICLE, ARTICLE_MORE, VOTE, HitButtons
from newsbot.bot.limits import AccessPolicy, RateLimiter
from newsbot.bot.metrics import BotMetrics
from newsbot.bot.outbox import Outbox
from newsbot.bot.outgoing import OutgoingLimiter
from newsbot.bot.store import QuestionStore
from newsbot.bot.types import AnyApplication
from newsbot.config import Settings
from newsbot.errors import ConfigurationError

logger = logging.getLogger(__name__)

DEFAULTS = Defaults(
    parse_mode=ParseMode.HTML, link_preview_options=LinkPreviewOptions(is_disabled=True)
)

PUBLIC_COMMANDS = (
    BotCommand("start", "What I know, and questions to try"),
    BotCommand("help", "How to ask"),
    BotCommand("ask", "Ask a question (in groups)"),
    BotCommand("sources", "The articles I know"),
    BotCommand("new", "Start a new conversation"),
)
ADMIN_COMMANDS = (
    *PUBLIC_COMMANDS,
    BotCommand("stats", "Usage and latency"),
    BotCommand("reindex", "Rebuild the index from the corpus"),
)
# Outgoing flood control: retry a 429 this many times, waiting as Telegram asks.
FLOOD_RETRIES = 3
CONCURRENT_UPDATES = 32
# How long a stopping bot keeps sending the replies still queued (systemd waits 90 s, Docker 10).
DRAIN_SECONDS = 5.0


class BotApplication(Application[Any, Any, Any, Any, Any, Any]):
    """PTB's Application, which also sends the outbox's queued replies when it stops.

    PTB awaits the tasks of `Application.create_task` when it stops, without a time limit;
    the outbox's queues may wait minutes for a flooded group, so they get `DRAIN_SECONDS`, and
    a bot that is shut down without being started (the tests) sends them before its
    transport closes."""

    outbox: Outbox

    async def stop(self) -> None:
        await super().stop()
        await self.outbox.drain(DRAIN_SECONDS)

    async def shutdown(self) -> None:
        await self.outbox.drain(DRAIN_SECONDS)
        await super().shutdown()


def build_application(
    settings: Settings,
    service: SearchService,
    request: BaseRequest | None = None,
    store: QuestionStore | None = None,
    metrics: BotMetrics | None = None,
    feedback: FeedbackStore | None = None,
) -> tuple[AnyApplication, Handlers]:
    """Build the bot around an opened `service`; `request` replaces the HTTP transport."""
    if settings.telegram_token is None:
        raise ConfigurationError(
            "NEWSBOT_TELEGRAM_TOKEN is not set: get a token from @BotFather "
            "(https://t.me/BotFather) and set NEWSBOT_TELEGRAM_TOKEN"
        )
    builder = (
        ApplicationBuilder()
        .application_class(BotApplication)
        .token(settings.telegram_token.get_secret_value())
        .base_url(settings.telegram_base_url)
        .rate_limiter(OutgoingLimiter(settings.outgoing_rate, max_retries=FLOOD_RETRIES))
        .defaults(DEFAULTS)
        .concurrent_updates(CONCURRENT_UPDATES)
        .post_init(_register_commands(settings))
    )
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    application = builder.build()
    assert isinstance(application, BotApplication)
    outbox = application.outbox = Outbox()
    outbox.bind(application)
    feedback = feedback or FeedbackStore(settings.bot_state_dir() / "feedback.sqlite3")
    answers = Answers(
        service,
        store or QuestionStore(settings.bot_state_dir() / "questions.sqlite3"),
        metrics or BotMetrics(),
        settings.typing_after,
        settings.context_minutes * 60,
        HitButtons(feedback),
    )
    handlers = Handlers(answers, outbox, settings.max_question_chars, settings.example_questions)
    votes, articles = FeedbackButtons(feedback, outbox), ArticleButtons(answers, feedback, outbox)
    hit_routes = (
        Route(CallbackQueryHandler(votes.vote, pattern=VOTE), Access.ALLOWED),
        Route(CallbackQueryHandler(articles.article, pattern=ARTICLE), Access.ALLOWED),
        Route(CallbackQueryHandler(articles.more, pattern=ARTICLE_MORE), Access.SEARCH),
    )
    gate = Gate(
        AccessPolicy(settings.allowed_chats, settings.admin_ids),
        RateLimiter(settings.rate_limit, settings.rate_window),
        routes(handlers, Buttons(answers, outbox), settings.admin_ids, hit_routes),
        outbox,
    )
    gate.install(application)
    application.add_error_handler(handlers.on_error)
    return application, handlers


def _register_commands(settings: Settings) -> Callable[[AnyApplication], Coroutine[Any, Any, None]]:
    """A post-init hook that publishes the command menu; a failure there is not fatal."""

    async def register(application: AnyApplication) -> None:
        try:
            await application.bot.set_my_commands(PUBLIC_COMMANDS)
        except TelegramError as error:
            logger.warning("could not publish the command menu: %s", error)
        for admin in sorted(settings.admin_ids):
            try:
                await application.bot.set_my_commands(
                    ADMIN_COMMANDS, scope=BotCommandScopeChat(admin)
                )
            except TelegramError as error:  # the admin has not started a chat with the bot yet
                logger.info("admin commands not set for %s: %s", admin, error)

    return register
