"""Sending and editing the bot's messages, and the "typing…" indicator.

Replies go out as Telegram HTML rendered by `newsbot.render.telegram`: the parse mode, and no
link previews, come from the application's `Defaults` (see `newsbot.bot.app`). If Telegram
still refuses that HTML, the same words go out again as plain text, so a rendering slip costs
the formatting, never the answer. Kept apart from the handlers so they only decide what to say.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from telegram import Bot, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ChatAction, ChatType
from telegram.error import BadRequest, TelegramError

from newsbot.render.telegram import TelegramMessage

logger = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def typing(
    bot: Bot, chat_id: int, after: float, background: set[asyncio.Task[None]]
) -> AsyncIterator[None]:
    """Shows "typing…" if the body is still running after `after` seconds.

    A chat action already under way when the body ends is kept in `background` until it
    finishes, so the caller must hold on to that set."""

    sending = False

    async def show() -> None:
        nonlocal sending
        await asyncio.sleep(after)
        sending = True
        try:
            await bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as error:
            logger.debug("typing indicator failed: %s", error)

    task = asyncio.create_task(show())
    try:
        yield
    finally:
        if sending:  # a call under way is left to finish, without holding the answer back
            background.add(task)
            task.add_done_callback(background.discard)
        else:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task


async def reply(
    message: Message, page: TelegramMessage, keyboard: InlineKeyboardMarkup | None = None
) -> None:
    """Answer `message` in its chat, quoting it in groups where several talks interleave."""
    quote = message if message.chat.type != ChatType.PRIVATE else None
    await send(message.get_bot(), message.chat_id, page, keyboard, quote)


async def send(
    bot: Bot,
    chat_id: int,
    page: TelegramMessage,
    keyboard: InlineKeyboardMarkup | None,
    reply_to: Message | None,
) -> None:
    # quote_parse_mode=None: the reply quotes no part of the message, so it needs no parse
    # mode for one, which the Defaults' HTML would otherwise add to every reply.
    reply = (
        ReplyParameters(
            reply_to.message_id, allow_sending_without_reply=True, quote_parse_mode=None
        )
        if reply_to is not None
        else None
    )
    attempt = functools.partial(
        bot.send_message, chat_id, reply_markup=keyboard, reply_parameters=reply
    )
    await _html_or_plain(attempt, page, "sending")


async def edit(
    message: object, page: TelegramMessage, keyboard: InlineKeyboardMarkup | None
) -> None:
    if not isinstance(message, Message):
        return
    attempt = functools.partial(message.edit_text, reply_markup=keyboard)
    try:
        await _html_or_plain(attempt, page, "editing")
    except BadRequest as error:
        if "message is not modified" not in str(error).lower():
            raise
        logger.debug("double press ignored: %s", error)


async def _html_or_plain(
    attempt: Callable[..., Awaitable[object]], page: TelegramMessage, doing: str
) -> None:
    """`attempt(text)` with the page's HTML, and again with its plain text if Telegram cannot
    parse that HTML: the one fallback behind every message the bot sends or edits."""
    try:
        await attempt(page.html)
    except BadRequest as error:
        if "can't parse entities" not in str(error).lower():
            raise
        logger.warning("Telegram refused the HTML (%s); %s plain text instead", error, doing)
        # An explicit None, not a missing argument: PTB then sends no parse mode at all
        # instead of the Defaults' HTML.
        await attempt(page.plain, parse_mode=None)


async def edit_markup(message: Message, keyboard: InlineKeyboardMarkup | None) -> None:
    try:
        # PTB adds the Defaults' parse mode even to a markup edit, which has no text to parse.
        await message.edit_reply_markup(reply_markup=keyboard, api_kwargs={"parse_mode": None})
    except BadRequest as error:
        logger.debug("could not remove the keyboard: %s", error)
