"""Asking the search service from the event loop, for a message and for a button alike.

A search runs in a worker thread, so a slow one never blocks other chats. A question's first
reply quotes only its first top_k hits: the pages behind "More" are searched again when
someone opens them, which most people never do. The question's token goes into the buttons
only when there is something behind them.
"""

from __future__ import annotations

import asyncio
import dataclasses

from telegram import Bot, InlineKeyboardMarkup

from newsbot.answering.models import Answer
from newsbot.app.service import SearchService
from newsbot.bot.keyboards import MAX_HITS, has_more, page_keyboard
from newsbot.bot.metrics import BotMetrics
from newsbot.bot.replies import typing
from newsbot.bot.store import QuestionStore
from newsbot.render.telegram import TelegramMessage, answer_pages


class Answers:
    """The search service as the handlers see it: answers in windows of top_k hits."""

    def __init__(
        self,
        service: SearchService,
        store: QuestionStore,
        metrics: BotMetrics,
        typing_after: float,
    ) -> None:
        self.service = service
        self.store = store
        self.metrics = metrics
        # "typing…" only for answers slower than this: most take milliseconds, and the action
        # would cost a Bot API call per question against Telegram's 30 calls a second.
        self.typing_after = typing_after
        self._background: set[asyncio.Task[None]] = set()

    @property
    def top_k(self) -> int:
        return self.service.top_k

    async def first_page(
        self, bot: Bot, chat_id: int, question: str, notice: str | None
    ) -> tuple[Answer, TelegramMessage, InlineKeyboardMarkup | None]:
        """The answer to a new question, its first page and that page's buttons.

        The question is counted in the service's statistics; the caller sends the page and
        then calls `count`, so a reply that never got out is not counted here either."""
        async with typing(bot, chat_id, self.typing_after, self._background):
            answer = await self.window(question, 0, count=True)
        if notice:
            answer = dataclasses.replace(answer, notice=notice)
        pages = answer_pages(answer, self.top_k)
        token = self.store.remember(question) if has_more(answer, pages, self.top_k) else ""
        return answer, pages[0], page_keyboard(token, answer, 0, len(pages), self.top_k)

    async def window(self, question: str, window: int, count: bool) -> Answer:
        """The `window`-th group of top_k hits; only these are quoted."""
        top_k = self.top_k
        first = min(max(window, 0), MAX_HITS // top_k) * top_k
        answer = await asyncio.to_thread(self.service.ask, question, top_k, count, first)
        if answer.found or first == 0 or not answer.available:
            return answer
        # the index changed since the button was made and has fewer hits now: its last window
        last = (answer.available - 1) // top_k * top_k
        return await asyncio.to_thread(self.service.ask, question, top_k, False, last)

    def count(self, found: bool, seconds: float | None) -> None:
        """One answered question in the metrics; `seconds` when the wait was the asker's."""
        self.metrics.questions.inc()
        if not found:
            self.metrics.nothing_found.inc()
        if seconds is not None:
            self.metrics.latency.observe(seconds)
