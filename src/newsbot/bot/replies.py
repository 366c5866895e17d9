"""Sending and editing the bot's messages, answering button presses, and "typing…".

Replies go out as Telegram HTML rendered by `newsbot.render.telegram`: the parse mode, and no
link previews, come from the application's `Defaults` (see `newsbot.bot.app`). If Telegram
still refuses that HTML, the same words go out again as plain text, so a rendering slip costs
the formatting, never the answer.

Transient failures cost nothing either, as far as that can be known:

- An edit is idempotent, so one that failed for any network reason (a 5xx, a timeout) is tried
  once more; if the first one did arrive, Telegram answers "message is not modified", which is
  ignored like a double press.
- A new message is tried once more only when it certainly did not arrive: Telegram answered an
  error (500, 502), or the connection was never made. A send that timed out, or whose
  connection broke, may have arrived: it is not sent again, and nobody is told "something went
  wrong" about it (`may_have_arrived`, which the error handler also asks).
- A group that became a supergroup ("chat migrated") gets the message at its new id.
- A press is answered "quietly": if that fails (the press is too old, a timeout), the edit it
  asked for is still made.

These coroutines run in `newsbot.bot.outbox`'s background queues, apart from the handlers.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

import httpx
from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message, ReplyParameters
from telegram.constants import ChatAction
from telegram.error import BadRequest, ChatMigrated, NetworkError, TelegramError, TimedOut

from newsbot.render.telegram import TelegramMessage

logger = logging.getLogger(__name__)

# httpx's failures of a connection that was never made (PTB's HTTPXRequest keeps them as the
# cause of its TimedOut or NetworkError; a pool timeout means the request never left the pool).
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout)


def _never_connected(cause: BaseException | None) -> bool:
    return isinstance(cause, _NOT_SENT)


def never_arrived(error: TelegramError) -> bool:
    """Whether a failed call certainly had no effect, so that making it again is safe: the
    server answered with an error status (a 5xx; PTB's cause, if any, is its failure to parse
    that answer), or the connection was never made. A timeout otherwise may have arrived."""
    if isinstance(error, BadRequest) or not isinstance(error, NetworkError):
        return False
    cause = error.__cause__
    if isinstance(error, TimedOut):
        return _never_connected(cause)
    return cause is None or isinstance(cause, TelegramError) or _never_connected(cause)


def may_have_arrived(error: object) -> bool:
    """A network failure after the request left: it may well have taken effect."""
    return (
        isinstance(error, NetworkError)
        and not isinstance(error, BadRequest)
        and not never_arrived(error)
    )


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


async def send(
    bot: Bot,
    chat_id: int,
    page: TelegramMessage,
    keyboard: InlineKeyboardMarkup | None,
    reply_to: Message | None,
) -> None:
    """A new message, tried once more if it certainly did not arrive, and followed to a chat's
    new id if the group was migrated."""
    retried = migrated = False
    while True:
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
        try:
            await _html_or_plain(attempt, page, "sending")
            return
        except ChatMigrated as error:
            if migrated:
                raise
            migrated = True
            logger.info("chat %s is now %s; sending there", chat_id, error.new_chat_id)
            # The replied-to message stays in the old chat; an id in the new one is another.
            chat_id, reply_to = int(error.new_chat_id), None
        except NetworkError as error:
            if retried or not never_arrived(error):
                raise
            retried = True
            logger.warning("sending failed (%s); trying once more", error)


async def edit(
    message: object, page: TelegramMessage, keyboard: InlineKeyboardMarkup | None
) -> None:
    if not isinstance(message, Message):
        return
    attempt = functools.partial(message.edit_text, reply_markup=keyboard)
    await _idempotent(lambda: _html_or_plain(attempt, page, "editing"), "editing")


async def edit_markup(message: Message, keyboard: InlineKeyboardMarkup | None) -> None:
    # PTB adds the Defaults' parse mode even to a markup edit, which has no text to parse.
    try:
        await _idempotent(
            lambda: message.edit_reply_markup(
                reply_markup=keyboard, api_kwargs={"parse_mode": None}
            ),
            "removing a keyboard",
        )
    except BadRequest as error:
        logger.debug("could not remove the keyboard: %s", error)


async def answer_quietly(
    query: CallbackQuery, text: str | None = None, show_alert: bool = False
) -> None:
    """Stop the button's spinner (with `text` as a toast or alert); a failure changes nothing."""
    try:
        await query.answer(text, show_alert=show_alert)
    except TelegramError as error:
        logger.info("could not answer a button press (%s); carrying on", error)


async def _idempotent(attempt: Callable[[], Awaitable[object]], doing: str) -> None:
    """An edit, once more after a network failure; "not modified" means it was already done."""
    for last in (False, True):
        try:
            await attempt()
            return
        except BadRequest as error:
            if "message is not modified" not in str(error).lower():
                raise
            logger.debug("edit already made (a double press or a retry): %s", error)
            return
        except NetworkError as error:
            if last:
                raise
            logger.warning("%s failed (%s); trying once more", doing, error)


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
