"""Which handler takes an update, and whether its sender gets that far.

Every handler is listed once in `routes`, in the order PTB tries them, with its `Access`: open
to anyone (the administrators' commands, whose own filter is stricter than the allowlist),
open to allowed chats and users, or also a search that counts against the sender's rate
limit. The `Gate` runs in handler group -1, before any of them: it finds the route PTB will
take in group 0 and raises `ApplicationHandlerStop` when the update must go no further, after
telling the sender why. So no handler checks who is asking, and "does this update search?"
is answered here and nowhere else: a question in a message (private text, /ask with a
question, a group message for the bot), an inline query with a question in it, and the
"More" and example buttons all search, and all count against one budget per user.

Being told costs the bot too, so a refusal is told in each way it can once per window at
most: a message refusal once per chat, a "please wait" once per user and chat; the rest of a
flood is stopped silently. A button press or an inline query is always answered (briefly, in
the press's toast or the inline button), since the client would otherwise wait for an
answer: those answers cost no messages. A search whose chat already has a full outbox (see
`newsbot.bot.outbox`) is stopped before it costs anything, since its answer could not go out.

Updates no route takes go no further and get no reply, so a refused group's chatter, or a
member joining it, gets no refusal: only updates the bot would have answered are refused.
"""

from __future__ import annotations

import enum
import logging
import math
import re
from collections.abc import Awaitable, Sequence
from dataclasses import dataclass
from typing import NoReturn

from telegram import InlineQueryResultsButton, Message, Update
from telegram.ext import (
    ApplicationHandlerStop,
    BaseHandler,
    CallbackQueryHandler,
    CommandHandler,
    InlineQueryHandler,
    MessageHandler,
    TypeHandler,
    filters,
)

from newsbot.bot.buttons import EXAMPLE, MORE, NEW_TOPIC, SOURCES, Buttons
from newsbot.bot.handlers import Handlers
from newsbot.bot.language import language_of
from newsbot.bot.limits import AccessPolicy, OncePerWindow, RateLimiter
from newsbot.bot.outbox import Outbox
from newsbot.bot.replies import answer_quietly, send
from newsbot.bot.text import after_command, mentions
from newsbot.bot.types import AnyApplication, Context
from newsbot.render.catalogue import text
from newsbot.render.telegram import notice_message

logger = logging.getLogger(__name__)

GATE_GROUP = -1  # before the handlers' default group 0
# An inline query with a question in it searches; the empty one the client sends first does not.
_INLINE_QUESTION = re.compile(r"\s*\S")


class Access(enum.Enum):
    """Who may reach a handler."""

    ANYONE = "anyone"
    ALLOWED = "allowed"  # the allowlist's chats and users, and the administrators
    SEARCH = "search"  # as ALLOWED, and each update counts against the sender's rate limit


@dataclass(frozen=True, slots=True)
class Route:
    """A handler and who may reach it."""

    handler: BaseHandler[Update, Context, None]
    access: Access


class _ForTheBot(filters.MessageFilter):
    """A group message that mentions the bot or replies to one of its messages; the rest is
    people talking among themselves."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        return mentions(message, bot.username) or (
            replied is not None and replied.from_user is not None and replied.from_user.id == bot.id
        )


class _WithQuestion(filters.MessageFilter):
    """A command followed by some text: /ask with a question rather than on its own."""

    def filter(self, message: Message) -> bool:
        return bool(after_command(message))


def routes(
    handlers: Handlers,
    buttons: Buttons,
    admin_ids: frozenset[int],
    more_buttons: Sequence[Route] = (),
) -> list[Route]:
    """Every handler, most specific first: PTB runs the first one that matches an update.
    `more_buttons` are the routes of other kinds of button, tried before the catch-all that
    tells any other press it has expired."""
    private, groups = filters.ChatType.PRIVATE, filters.ChatType.GROUPS
    messages = filters.UpdateType.MESSAGES  # CommandHandler's filter when it is given none
    admins = messages & filters.User(user_id=admin_ids)
    question = messages & _WithQuestion()
    group_question = groups & filters.TEXT & ~filters.COMMAND & _ForTheBot()
    non_text = private & ~filters.TEXT & messages & ~filters.StatusUpdate.ALL
    return [
        Route(CommandHandler("start", handlers.start), Access.ALLOWED),
        Route(CommandHandler("help", handlers.help), Access.ALLOWED),
        Route(CommandHandler("sources", handlers.sources), Access.ALLOWED),
        Route(CommandHandler("new", handlers.new), Access.ALLOWED),
        Route(CommandHandler("ask", handlers.ask, filters=question), Access.SEARCH),
        Route(CommandHandler("ask", handlers.ask_usage), Access.ALLOWED),
        Route(CommandHandler("stats", handlers.stats, filters=admins), Access.ANYONE),
        Route(CommandHandler("reindex", handlers.reindex, filters=admins), Access.ANYONE),
        Route(CommandHandler(["stats", "reindex"], handlers.not_admin), Access.ANYONE),
        Route(CallbackQueryHandler(buttons.more, pattern=MORE), Access.SEARCH),
        Route(CallbackQueryHandler(buttons.sources, pattern=SOURCES), Access.ALLOWED),
        Route(CallbackQueryHandler(buttons.example, pattern=EXAMPLE), Access.SEARCH),
        Route(CallbackQueryHandler(buttons.new_topic, pattern=NEW_TOPIC), Access.SEARCH),
        *more_buttons,
        Route(CallbackQueryHandler(buttons.expired), Access.ALLOWED),
        Route(InlineQueryHandler(handlers.inline_query, pattern=_INLINE_QUESTION), Access.SEARCH),
        Route(InlineQueryHandler(handlers.inline_query), Access.ALLOWED),
        Route(MessageHandler(private & filters.COMMAND, handlers.unknown_command), Access.ALLOWED),
        Route(MessageHandler(private & filters.TEXT, handlers.private_text), Access.SEARCH),
        Route(MessageHandler(group_question, handlers.group_text), Access.SEARCH),
        Route(MessageHandler(non_text, handlers.non_text), Access.ALLOWED),
    ]


class Gate:
    """The allowlist and the per-user rate limit, applied once per update before any handler."""

    def __init__(
        self,
        policy: AccessPolicy,
        limiter: RateLimiter,
        routes: Sequence[Route],
        outbox: Outbox,
    ) -> None:
        self.policy = policy
        self.limiter = limiter
        self.routes = tuple(routes)
        self.outbox = outbox
        self.told = OncePerWindow(limiter.window)

    def install(self, application: AnyApplication) -> None:
        """The gate in its own group, first; every route's handler in group 0 behind it."""
        application.add_handler(TypeHandler(Update, self.check), group=GATE_GROUP)
        application.add_handlers([route.handler for route in self.routes])

    def route(self, update: Update) -> Route | None:
        """The route PTB will take in group 0: the first whose handler accepts the update."""
        for route in self.routes:
            check = route.handler.check_update(update)
            if check is not None and check is not False:  # as `Application.process_update`
                return route
        return None

    async def check(self, update: Update, context: Context) -> None:
        """Let the update through to its handler, or stop it here (`ApplicationHandlerStop`).

        The allowlist comes first, so a refused sender's questions do not use up anyone's
        rate limit."""
        route = self.route(update)
        if route is None:  # nothing listed takes it: a handler added elsewhere never runs ungated
            raise ApplicationHandlerStop
        if route.access is Access.ANYONE:
            return
        chat, user = update.effective_chat, update.effective_user
        if not self.policy.allows(chat.id if chat else None, user.id if user else None):
            await _stop_after(self._refuse(update), update, context)
        if route.access is Access.SEARCH:
            if chat is not None and not self.outbox.has_room(chat.id):
                logger.info("chat %s has too many replies waiting: a search is skipped", chat.id)
                await _stop_after(self._busy(update), update, context)
            asker = user or chat
            wait = self.limiter.retry_after(asker.id) if asker is not None else 0.0
            if wait > 0:
                await _stop_after(self._slow_down(update, wait), update, context)

    async def _refuse(self, update: Update) -> None:
        """Each kind of update says "private" in the only way it can; a chat hears it once a
        window."""
        lang = language_of(update)
        refusal = text("notice.refusal", lang)
        if update.callback_query is not None:
            await answer_quietly(update.callback_query, refusal, show_alert=True)
        elif update.inline_query is not None:
            await update.inline_query.answer(
                [],
                cache_time=60,
                is_personal=True,
                button=InlineQueryResultsButton(
                    text=text("inline.private", lang), start_parameter="help"
                ),
            )
        elif update.effective_message is not None:
            message = update.effective_message
            if self.told.first(("refused", message.chat_id)):
                bot, chat_id = message.get_bot(), message.chat_id
                self.outbox.submit(
                    chat_id,
                    lambda: send(bot, chat_id, notice_message(refusal), None, message),
                    update,
                )

    async def _slow_down(self, update: Update, wait: float) -> None:
        """Every kind of search is told to wait in its own way; a message once a window."""
        lang = language_of(update)
        seconds = f"{wait:.0f}"
        slow_down = text("notice.slow_down", lang, seconds=seconds)
        if update.callback_query is not None:
            await answer_quietly(update.callback_query, slow_down)
        elif update.inline_query is not None:
            await update.inline_query.answer(
                [],
                cache_time=math.ceil(wait),
                is_personal=True,
                button=InlineQueryResultsButton(
                    text=text("inline.slow_down", lang, seconds=seconds), start_parameter="help"
                ),
            )
        elif update.effective_message is not None:
            message = update.effective_message
            user = update.effective_user
            if self.told.first(("wait", message.chat_id, user.id if user else None)):
                self.outbox.reply(update, message, notice_message(slow_down))

    async def _busy(self, update: Update) -> None:
        """A press is told that its chat is busy; a message could not be answered anyway."""
        if update.callback_query is not None:
            busy = text("notice.busy", language_of(update))
            await answer_quietly(update.callback_query, busy)


async def _stop_after(telling: Awaitable[None], update: Update, context: Context) -> NoReturn:
    """End the update here once the sender has been told why.

    A failure to tell goes to the error handler as any handler's error would, but is not
    raised: PTB would then carry on with group 0 and run the handler after all."""
    try:
        await telling
    except Exception as error:
        await context.application.process_error(update, error)
    raise ApplicationHandlerStop
