"""Asking the search service from the event loop, for a message and for a button alike.

Everything an answer costs runs in a worker thread: the search, rendering its pages (a huge
article once made one render take minutes, and on the event loop that froze every chat and
/healthz with it), and storing the button's token. Each asker has one search running at a
time (`turn`): a flood of expensive questions from one person occupies one worker thread, not
all of them, so another person's question never queues behind it.

A question's first reply quotes only its first top_k hits: the pages behind "More" are
searched again when someone opens them, which most people never do. The question's token goes
into the buttons only when there is something behind them, and only if it could be stored.
`hit_buttons`, when given, adds each page's article and feedback buttons below them
(`newsbot.bot.hit_buttons`), in the same worker thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import json
from collections.abc import AsyncIterator, Callable
from typing import ParamSpec, TypeVar

from telegram import Bot, InlineKeyboardMarkup

from newsbot.answering.conversation import (
    DEFAULT_EXPIRY_SECONDS,
    answer_in_context,
    follow_up_from_json,
    follow_up_to_json,
    turn_from_dict,
    turn_to_dict,
)
from newsbot.answering.follow_up import FollowUp, Turn
from newsbot.answering.models import Answer
from newsbot.app.service import SearchService
from newsbot.bot.hit_buttons import HitButtons
from newsbot.bot.keyboards import MAX_HITS, has_more, page_keyboard, with_new_topic
from newsbot.bot.language import written_in_cyrillic
from newsbot.bot.metrics import BotMetrics
from newsbot.bot.replies import typing
from newsbot.bot.store import QuestionStore
from newsbot.render.telegram import TelegramMessage, answer_pages

P = ParamSpec("P")
R = TypeVar("R")

MORE = "m"  # the store's kind for the questions behind "More" (the payload's letter)
NEW_TOPIC = "n"  # … for the message behind "New topic" (asked again without the conversation)
CONVERSATION = "c"  # … for each asker's conversation in a chat and thread (no button)
# A "More" question that was a follow-up is stored as this mark and JSON (a question never
# holds a control character: they are scrubbed first).
_FOLLOW_UP_MARK = "\x1e"


@dataclasses.dataclass(frozen=True, slots=True)
class Reply:
    """An answer, the page of it to show and that page's buttons."""

    answer: Answer
    page: TelegramMessage
    keyboard: InlineKeyboardMarkup | None


class Answers:
    """The search service as the handlers see it: answers in windows of top_k hits."""

    def __init__(
        self,
        service: SearchService,
        store: QuestionStore,
        metrics: BotMetrics,
        typing_after: float,
        context_seconds: float = DEFAULT_EXPIRY_SECONDS,
        hit_buttons: HitButtons | None = None,
    ) -> None:
        self.service = service
        # 0: every message stands alone
        self.context_seconds = context_seconds
        self.hit_buttons = hit_buttons
        self.store = store
        self.metrics = metrics
        # "typing…" only for answers slower than this: most take milliseconds, and the action
        # would cost a Bot API call per question against Telegram's 30 calls a second.
        self.typing_after = typing_after
        self._background: set[asyncio.Task[None]] = set()
        self._turns: dict[int, tuple[asyncio.Lock, list[int]]] = {}

    @property
    def top_k(self) -> int:
        return self.service.top_k

    async def first_page(
        self,
        bot: Bot,
        chat_id: int,
        asker: int,
        question: str,
        notice: str | None,
        thread: int | None = 0,
        lang: str = "en",
    ) -> Reply:
        """The answer to a new question, its first page and that page's buttons.

        The question is read against the asker's conversation in this chat and `thread` (a
        group's reply thread or topic), and becomes its last turn; a `thread` of None asks it
        alone and leaves the conversation as it was. The question is counted in the service's
        statistics; the caller sends the page and then calls `count`, so a reply that never
        got out is not counted here either. The page and its buttons speak `lang`."""
        async with typing(bot, chat_id, self.typing_after, self._background):
            return await self.run(
                asker, self._first_page, chat_id, asker, thread, question, notice, lang
            )

    async def new_conversation(self, chat_id: int, asker: int, thread: int) -> None:
        """Forget the asker's conversation in this chat and thread (/new, "New topic")."""
        await self.run(
            asker, self.store.drop, _conversation_key(asker, thread), chat_id, CONVERSATION
        )

    async def page(
        self, asker: int, chat_id: int, token: str, window: int, part: int, lang: str = "en"
    ) -> Reply | None:
        """Part `part` (-1: the last) of window `window` of the question behind a "More" button
        pressed in `chat_id`, in the presser's `lang`; None if that button has expired."""
        return await self.run(asker, self._page, chat_id, token, window, part, lang)

    async def run(self, asker: int, work: Callable[P, R], *args: P.args, **kwargs: P.kwargs) -> R:
        """`work` in a worker thread, in `asker`'s turn."""
        async with self.turn(asker):
            return await asyncio.to_thread(work, *args, **kwargs)

    @contextlib.asynccontextmanager
    async def turn(self, asker: int) -> AsyncIterator[None]:
        """One search at a time per asker; the lock is forgotten once nobody waits for it."""
        lock, holders = self._turns.setdefault(asker, (asyncio.Lock(), [0]))
        holders[0] += 1
        try:
            async with lock:
                yield
        finally:
            holders[0] -= 1
            if not holders[0]:
                del self._turns[asker]

    def count(self, found: bool, seconds: float | None) -> None:
        """One answered question in the metrics; `seconds` when the wait was the asker's."""
        self.metrics.questions.inc()
        if not found:
            self.metrics.nothing_found.inc()
        if seconds is not None:
            self.metrics.latency.observe(seconds)

    # In the worker thread -------------------------------------------------------------------

    def _first_page(
        self,
        chat_id: int,
        asker: int,
        thread: int | None,
        question: str,
        notice: str | None,
        lang: str,
    ) -> Reply:
        follow: FollowUp | None = None
        if thread is None or self.context_seconds <= 0:
            answer = self._window(question, 0, count=True)
        else:
            key = _conversation_key(asker, thread)
            previous = self._turn(key, chat_id)
            reply = answer_in_context(
                lambda text, reading: self._window(text, 0, True, reading),
                question,
                previous,
                expiry_seconds=self.context_seconds,
            )
            answer, follow = reply.answer, reply.follow_up
            if reply.turn is not None and reply.turn is not previous:
                self.store.keep(key, json.dumps(turn_to_dict(reply.turn)), chat_id, CONVERSATION)
        if notice:
            answer = dataclasses.replace(answer, notice=notice)
        pages = answer_pages(answer, self.top_k, lang)
        more = has_more(answer, pages, self.top_k)
        stored = question if follow is None else _FOLLOW_UP_MARK + follow_up_to_json(follow)
        token = self.store.remember(stored, chat_id, MORE) if more else ""
        keyboard = page_keyboard(token, answer, 0, len(pages), self.top_k, lang)
        keyboard = self._with_hit_buttons(keyboard, chat_id, answer, lang)
        if answer.understood:
            token = self.store.remember(question, chat_id, NEW_TOPIC)
            keyboard = with_new_topic(keyboard, token, lang)
        return Reply(answer, pages[0], keyboard)

    def _turn(self, key: str, chat_id: int) -> Turn | None:
        stored = self.store.fetch(key, chat_id, CONVERSATION)
        if stored is None:
            return None
        try:
            return turn_from_dict(json.loads(stored))
        except json.JSONDecodeError:
            return None

    def _page(self, chat_id: int, token: str, window: int, part: int, lang: str) -> Reply | None:
        stored = self.store.recall(token, chat_id, MORE)
        if stored is None:
            return None
        question, follow = stored, None
        if stored.startswith(_FOLLOW_UP_MARK):
            follow = follow_up_from_json(stored[len(_FOLLOW_UP_MARK) :])
            if follow is None:
                return None
            question = follow.text
        if written_in_cyrillic(question):  # a Russian answer pages on in Russian
            lang = "ru"
        answer = self._window(question, window, count=False, follow=follow)
        pages = answer_pages(answer, self.top_k, lang)
        part = len(pages) - 1 if part < 0 else min(part, len(pages) - 1)
        keyboard = page_keyboard(token, answer, part, len(pages), self.top_k, lang)
        return Reply(answer, pages[part], self._with_hit_buttons(keyboard, chat_id, answer, lang))

    def _with_hit_buttons(
        self, keyboard: InlineKeyboardMarkup | None, chat_id: int, answer: Answer, lang: str
    ) -> InlineKeyboardMarkup | None:
        if self.hit_buttons is None:
            return keyboard
        return self.hit_buttons(keyboard, chat_id, answer, lang)

    def _window(
        self, question: str, window: int, count: bool, follow: FollowUp | None = None
    ) -> Answer:
        """The `window`-th group of top_k hits; only these are quoted."""
        top_k = self.top_k
        first = min(max(window, 0), MAX_HITS // top_k) * top_k
        answer = self.service.ask(question, top_k, count, first, follow)
        if answer.hits or first == 0 or not answer.available:
            return answer
        # the index changed since the button was made and has fewer hits now: its last window
        last = (answer.available - 1) // top_k * top_k
        return self.service.ask(question, top_k, False, last, follow)


def _conversation_key(asker: int, thread: int) -> str:
    return f"{asker}:{thread}"
