"""Outgoing flood control: Telegram's limits, with one chat's flood control pausing that chat only.

PTB's `AIORateLimiter` keeps two limits (about 30 calls a second for the whole bot, and 20
messages a minute per group or channel) and, on a 429 ("retry after N") from any chat, stops
every call of the bot for N + 0.1 seconds before trying again, query answers included. One
flooded group so paused every other chat for as long as Telegram asked (19.7 s for a 429 of
20 s); and the pause is also lost as soon as any call that was already under way finishes, so
it does not even reliably protect the chat that was flooded.

`OutgoingLimiter` keeps PTB's two limits by delegating the throttling to an `AIORateLimiter`
(the same buckets, so the same rates and bursts), told never to retry, so that it never
pauses anything itself. A 429 pauses the chat Telegram named, for as long as Telegram asked,
and the call is tried again then, up to `max_retries` times; other chats keep moving. If the
429 was in fact the bot's global limit, each chat that hits it pauses itself in turn, and the
overall bucket keeps the bot under it.

Calls without a chat (answering a button press or an inline query, the command menu) are not
throttled and not retried: Telegram's message limits do not count them, and a late answer to a
query is worthless, since the client stops waiting for it within seconds. A "typing…" action
is skipped while its chat is paused and never retried. Waiting here never holds an update
slot: the bot's sends and edits wait in `newsbot.bot.outbox`, apart from the handlers.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter, BaseRateLimiter

logger = logging.getLogger(__name__)

_BEST_EFFORT = frozenset({"sendChatAction"})
_PAUSE_MARGIN = 0.1  # as PTB: wait a little longer than Telegram asks
_MANY_PAUSES = 512

ChatKey = int | str
Result = bool | dict[str, Any] | list[dict[str, Any]]
Callback = Callable[..., Coroutine[Any, Any, Result]]


class _GiveUpQuietly(logging.Filter):
    """PTB logs a 429 it does not retry as an error with a traceback; here not retrying there
    is the design (this module retries, per chat, and logs it), so that record is dropped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Rate limit hit after maximum of 0 retries")


logging.getLogger("telegram.ext.AIORateLimiter").addFilter(_GiveUpQuietly())


def retry_seconds(error: RetryAfter) -> float:
    """How long Telegram asked to wait (a timedelta once PTB_TIMEDELTA is set, as the bot does)."""
    wait = error.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


def _chat_key(value: object) -> ChatKey | None:
    """The chat a call is for, as an int when it is one (PTB may pass it as a string)."""
    if value is None:
        return None
    try:
        return int(str(value))
    except ValueError:
        return str(value)  # "@channelname"


class OutgoingLimiter(BaseRateLimiter[int]):
    """PTB's overall and per-group limits, with a pause per chat on that chat's 429."""

    def __init__(self, overall_rate: float, max_retries: int = 0) -> None:
        self._throttle = AIORateLimiter(overall_max_rate=overall_rate, max_retries=0)
        self._paused_until: dict[ChatKey, float] = {}
        self.max_retries = max_retries

    async def initialize(self) -> None:
        await self._throttle.initialize()

    async def shutdown(self) -> None:
        await self._throttle.shutdown()

    def paused(self, chat: ChatKey) -> float:
        """Seconds `chat` must still wait since its last 429 (0 when it may send)."""
        until = self._paused_until.get(chat)
        if until is None:
            return 0.0
        left = until - asyncio.get_running_loop().time()
        if left <= 0:
            del self._paused_until[chat]
            return 0.0
        return left

    async def process_request(
        self,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Result:
        chat = _chat_key(data.get("chat_id"))
        if chat is None:
            return await callback(*args, **kwargs)
        if endpoint in _BEST_EFFORT:
            left = self.paused(chat)
            if left:
                raise RetryAfter(timedelta(seconds=left))
            return await self._throttled(chat, callback, args, kwargs, endpoint, data)
        retries = self.max_retries if rate_limit_args is None else rate_limit_args
        for attempt in range(retries + 1):
            while left := self.paused(chat):
                await asyncio.sleep(left)
            try:
                return await self._throttled(chat, callback, args, kwargs, endpoint, data)
            except RetryAfter:
                if attempt == retries:
                    logger.warning(
                        "flood control in chat %s: gave up after %d tries", chat, retries
                    )
                    raise
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _throttled(
        self,
        chat: ChatKey,
        callback: Callback,
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
    ) -> Result:
        """The call through PTB's buckets; a 429 pauses this chat, then propagates."""
        try:
            return await self._throttle.process_request(
                callback, args, kwargs, endpoint, data, None
            )
        except RetryAfter as error:
            seconds = retry_seconds(error) + _PAUSE_MARGIN
            until = asyncio.get_running_loop().time() + seconds
            if len(self._paused_until) > _MANY_PAUSES:
                for key in list(self._paused_until):
                    self.paused(key)  # forgets the pauses that are over
            self._paused_until[chat] = max(until, self._paused_until.get(chat, until))
            logger.info("flood control in chat %s: pausing that chat for %.1f s", chat, seconds)
            raise
