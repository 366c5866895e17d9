"""The webhook's bounds, in process with a handler made slow on purpose: what Telegram is
answered when handling an update takes longer than it waits, when too many are pending, and
while the bot stops. The real-process tests are in test_webhook_hardening.py."""

from __future__ import annotations

import asyncio
import json
import socket
import time
import urllib.error
import urllib.request
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from telegram import Update
from telegram.ext import TypeHandler
from tornado.httpserver import HTTPServer

from newsbot.bot.http import MAX_UPDATE_BYTES, SECRET_HEADER, Deliveries, start_http_server
from newsbot.bot.metrics import BotMetrics
from newsbot.bot.types import AnyApplication, Context
from tests.support import updates
from tests.support.fake_telegram import FakeBotAPI
from tests.test_bot import QUESTION, running_bot
from tests.test_operations import free_port

SECRET = "in_process-secret"


@dataclass
class Served:
    """A bot behind the webhook whose every update takes `slow` seconds before its handlers."""

    application: AnyApplication
    deliveries: Deliveries
    fake: FakeBotAPI
    url: str


@asynccontextmanager
async def served(
    tmp_path: Path, slow: float, *, answer_within: float = 5.0, max_pending: int = 10
) -> AsyncIterator[Served]:
    fake = FakeBotAPI()
    async with running_bot(tmp_path, fake=fake) as bot:
        application: AnyApplication = bot.app

        async def take_time(update: Update, context: Context) -> None:
            await asyncio.sleep(slow)

        application.add_handler(TypeHandler(Update, take_time), group=-2)
        deliveries = Deliveries(application, answer_within=answer_within, max_pending=max_pending)
        port = free_port()
        server: HTTPServer = start_http_server(
            "127.0.0.1", port, bot.service, BotMetrics(), application, "hook", SECRET, deliveries
        )
        await application.start()
        try:
            yield Served(application, deliveries, fake, f"http://127.0.0.1:{port}/hook")
        finally:
            await deliveries.drain(10)
            await application.stop()
            server.stop()


def _post(url: str, update: dict[str, object]) -> tuple[int, float, str | None]:
    request = urllib.request.Request(
        url,
        json.dumps(update).encode(),
        {"Content-Type": "application/json", SECRET_HEADER: SECRET},
        method="POST",
    )
    started = time.monotonic()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return int(response.status), time.monotonic() - started, None
    except urllib.error.HTTPError as error:
        return int(error.code), time.monotonic() - started, error.headers.get("Retry-After")


async def post(url: str, update: dict[str, object]) -> tuple[int, float, str | None]:
    """POST `update` with the secret: status, seconds until the answer, Retry-After."""
    return await asyncio.to_thread(_post, url, update)


def replies_to(fake: FakeBotAPI, chat_id: int) -> int:
    return sum(1 for call in fake.calls_to("sendMessage") if call.params["chat_id"] == chat_id)


async def test_a_fast_update_is_acknowledged_once_answered(tmp_path: Path) -> None:
    """The 200 comes after the reply went out, not before: Telegram forgets an update on 200."""
    async with served(tmp_path, slow=0.3) as bot:
        status, seconds, _ = await post(bot.url, updates.private_message(QUESTION, user_id=11))
        assert status == 200 and seconds >= 0.3
        assert replies_to(bot.fake, 11) == 1  # already, when the 200 arrived


async def test_a_slow_update_is_acknowledged_at_the_deadline_and_answered_once(
    tmp_path: Path,
) -> None:
    """A handler slower than the deadline (ANSWER_WITHIN, 45 s, under Telegram's 60) gets its
    200 at the deadline and carries on; the copy Telegram might send meanwhile is not handled
    again, and the reply goes out once, when the handler is done."""
    update = updates.private_message(QUESTION, user_id=12)
    async with served(tmp_path, slow=1.5, answer_within=0.3) as bot:
        first, again = await asyncio.gather(post(bot.url, update), post(bot.url, update))
        assert first[0] == 200 and again[0] == 200
        assert max(first[1], again[1]) < 1.2  # at the deadline, not when the handler is done
        assert replies_to(bot.fake, 12) == 0
        await bot.fake.wait_for("sendMessage", timeout=10)
        later = await post(bot.url, update)
        assert later[0] == 200 and later[1] < 0.3  # handled already: answered at once
    assert replies_to(bot.fake, 12) == 1


async def test_too_many_pending_updates_are_refused_for_telegram_to_send_again(
    tmp_path: Path,
) -> None:
    """Updates acknowledged late still run; past `max_pending` of them the webhook answers 503
    (Retry-After) without handling, so a stuck handler cannot pile up work without end."""
    async with served(tmp_path, slow=1.0, answer_within=0.1, max_pending=1) as bot:
        late = await post(bot.url, updates.private_message(QUESTION, user_id=13))
        refused = await post(bot.url, updates.private_message(QUESTION, user_id=14))
        assert late[0] == 200
        assert refused[0] == 503 and refused[2] == "1"
        await bot.fake.wait_for("sendMessage", timeout=10)
        assert bot.deliveries.pending == 0
        accepted = await post(bot.url, updates.private_message(QUESTION, user_id=14))
        assert accepted[0] == 200
    assert replies_to(bot.fake, 13) == 1 and replies_to(bot.fake, 14) == 1


async def test_a_stop_finishes_and_acknowledges_what_it_is_handling(tmp_path: Path) -> None:
    """SIGTERM drains: updates being handled are answered and get their 200; those arriving
    during the stop get 503, so Telegram gives them to the next process."""
    async with served(tmp_path, slow=0.5) as bot:
        in_flight = asyncio.create_task(
            post(bot.url, updates.private_message(QUESTION, user_id=15))
        )
        while bot.deliveries.pending == 0:
            await asyncio.sleep(0.01)
        draining = asyncio.create_task(bot.deliveries.drain(10))
        arriving = await post(bot.url, updates.private_message(QUESTION, user_id=16))
        await draining
        assert (await in_flight)[0] == 200
        assert arriving[0] == 503
    assert replies_to(bot.fake, 15) == 1 and replies_to(bot.fake, 16) == 0


def _send_chunked(url: str, total: int) -> bytes:
    """POST `total` bytes of chunked body with the secret; the first bytes of the answer."""
    port = int(url.rsplit(":", 1)[1].split("/", 1)[0])
    head = (
        "POST /hook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Transfer-Encoding: chunked\r\n{SECRET_HEADER}: {SECRET}\r\n\r\n"
    ).encode()
    chunk = b"%x\r\n%s\r\n" % (64 * 1024, b" " * 64 * 1024)
    with socket.create_connection(("127.0.0.1", port), timeout=10) as connection:
        try:
            connection.sendall(head)
            for _ in range(total // (64 * 1024)):
                connection.sendall(chunk)
            connection.sendall(b"0\r\n\r\n")
            return connection.recv(4096)
        except OSError as error:
            return type(error).__name__.encode()


async def test_a_chunked_body_past_the_limit_is_cut_off(tmp_path: Path) -> None:
    """A body with no declared length is read only up to the server's 1 MiB, even with the
    secret: the connection is refused there, and nothing is handled."""
    async with served(tmp_path, slow=0) as bot:
        answer = await asyncio.to_thread(_send_chunked, bot.url, 4 * MAX_UPDATE_BYTES)
        assert not answer.startswith(b"HTTP/1.1 200")
        ok = await post(bot.url, updates.private_message(QUESTION, user_id=17))
        assert ok[0] == 200
    assert [call.params["chat_id"] for call in bot.fake.calls_to("sendMessage")] == [17]
