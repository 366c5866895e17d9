"""The bot's outgoing messages and edits, sent in the background, one chat at a time.

Telegram lets about 20 messages a minute into a group, and the outgoing limiter
(`newsbot.bot.outgoing`) makes a send wait for its turn. A handler that awaited its send would
hold one of PTB's 32 update slots for all that wait: 60 mentions in one group held every slot,
and a private question from someone else waited 26 s for one. So a handler only hands its send
to the outbox and returns; the update slot is free as soon as the answer is ready.

Each chat has its own queue, sent in order by one task that ends when the queue is empty, so a
chat that must wait (its group limit, a 429 for it) delays only itself, and replies reach a
chat in the order they were made. The queues are bounded, per chat and in all, so a flood
cannot grow memory: a send beyond them is dropped with a warning (it could not have reached
the chat for minutes anyway), and the gate stops a search whose answer would be dropped
(`has_room`). A send that fails goes to the application's error handler with its update, as a
handler's error would. `settle` waits for an update's sends (the tests, before they look);
`drain` sends what is left when the bot stops, for a few seconds at most.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from telegram import InlineKeyboardMarkup, Message
from telegram.constants import ChatType

from newsbot.bot.limits import OncePerWindow
from newsbot.bot.replies import edit, edit_markup, send
from newsbot.bot.types import AnyApplication
from newsbot.render.telegram import TelegramMessage

logger = logging.getLogger(__name__)

PER_CHAT = 20  # a group's minute of messages: more could not arrive within a minute anyway
TOTAL = 2_000
_WARN_EVERY_SECONDS = 60.0


@dataclass(slots=True)
class _Job:
    """One send, the update it answers, and what to do once it went out."""

    run: Callable[[], Awaitable[object]]
    update: object
    sent: Callable[[], None] | None
    report: bool
    done: asyncio.Event = field(default_factory=asyncio.Event)


class Outbox:
    """Per-chat queues of sends, each emptied in order by a task of its own."""

    def __init__(self, per_chat: int = PER_CHAT, total: int = TOTAL) -> None:
        self.per_chat = per_chat
        self.total = total
        self._application: AnyApplication | None = None
        self._queues: dict[int, deque[_Job]] = {}
        self._workers: set[asyncio.Task[None]] = set()
        self._pending = 0
        self.dropped = 0
        self._warned = OncePerWindow(_WARN_EVERY_SECONDS)

    def bind(self, application: AnyApplication) -> None:
        """Where failed sends are reported: the application's error handlers."""
        self._application = application

    @property
    def pending(self) -> int:
        return self._pending

    def has_room(self, chat_id: int) -> bool:
        """Whether a reply to `chat_id` made now would be queued rather than dropped."""
        queue = self._queues.get(chat_id)
        return self._pending < self.total and (queue is None or len(queue) < self.per_chat)

    def submit(
        self,
        chat_id: int,
        run: Callable[[], Awaitable[object]],
        update: object,
        sent: Callable[[], None] | None = None,
        report: bool = True,
    ) -> bool:
        """Queue `run()` for `chat_id`; `sent()` follows it if it succeeds. False if dropped."""
        if not self.has_room(chat_id):
            self.dropped += 1
            if self._warned.first(chat_id):  # a flood would flood the log too
                logger.warning("too many replies waiting for chat %s: dropping some", chat_id)
            return False
        queue = self._queues.get(chat_id)
        if queue is None:
            queue = self._queues[chat_id] = deque()
            worker = asyncio.create_task(self._work(chat_id, queue), name=f"outbox:{chat_id}")
            self._workers.add(worker)
            worker.add_done_callback(self._workers.discard)
        queue.append(_Job(run, update, sent, report))
        self._pending += 1
        return True

    def reply(
        self,
        update: object,
        message: Message,
        page: TelegramMessage,
        keyboard: InlineKeyboardMarkup | None = None,
        sent: Callable[[], None] | None = None,
    ) -> bool:
        """Answer `message` in its chat, quoting it in groups where several talks interleave."""
        quote = message if message.chat.type != ChatType.PRIVATE else None
        bot, chat_id = message.get_bot(), message.chat_id
        return self.submit(
            chat_id, lambda: send(bot, chat_id, page, keyboard, quote), update, sent=sent
        )

    def edit(
        self,
        update: object,
        message: Message,
        page: TelegramMessage,
        keyboard: InlineKeyboardMarkup | None,
    ) -> bool:
        return self.submit(message.chat_id, lambda: edit(message, page, keyboard), update)

    def edit_markup(
        self, update: object, message: Message, keyboard: InlineKeyboardMarkup | None
    ) -> bool:
        return self.submit(message.chat_id, lambda: edit_markup(message, keyboard), update)

    async def settle(self, update: object) -> None:
        """Wait until every send made for `update` is done, those its failures caused too."""
        while jobs := [
            job for queue in self._queues.values() for job in queue if job.update is update
        ]:
            for job in jobs:
                await job.done.wait()

    async def drain(self, timeout: float) -> None:
        """Send what is queued, for at most `timeout` seconds; then give the rest up."""
        if self._workers:
            _, late = await asyncio.wait(set(self._workers), timeout=timeout)
            if late:
                logger.warning("stopping: %d replies were not sent in time", self._pending)
                for worker in late:
                    worker.cancel()
                await asyncio.gather(*late, return_exceptions=True)

    async def _work(self, chat_id: int, queue: deque[_Job]) -> None:
        try:
            while queue:
                job = queue[0]
                try:
                    await job.run()
                except Exception as error:
                    await self._report(job, error)
                else:
                    _after(job)
                finally:
                    queue.popleft()
                    self._pending -= 1
                    job.done.set()
        finally:  # also when cancelled: nobody may wait for a job that will never run
            for job in queue:
                job.done.set()
            self._pending -= len(queue)
            queue.clear()
            if self._queues.get(chat_id) is queue:
                del self._queues[chat_id]

    async def _report(self, job: _Job, error: Exception) -> None:
        """A failed send goes where a handler's error would, unless it was itself a report."""
        if not job.report or self._application is None:
            logger.warning("a reply could not be sent: %s", error)
            return
        with contextlib.suppress(Exception):  # an error handler's own failure is PTB's to log
            await self._application.process_error(job.update, error)


def _after(job: _Job) -> None:
    """What follows a send (counting the answer); its failure must not stop the queue."""
    if job.sent is None:
        return
    try:
        job.sent()
    except Exception:
        logger.exception("after sending a reply")
