"""Operating the bot: health and readiness, Prometheus metrics, the webhook's secret, the
corpus watcher, and logs (JSON or text) that never contain the token."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from telegram.ext import Application

from newsbot.app.service import SearchService
from newsbot.bot.http import start_http_server
from newsbot.bot.logs import MASK, configure_logging, redact_also
from newsbot.bot.metrics import BotMetrics
from newsbot.bot.watch import watch_corpus
from tests.conftest import SEED_CORPUS
from tests.support import updates
from tests.support.fake_telegram import FakeBotAPI
from tests.test_bot import QUESTION, running_bot

TOKEN = "424242:TOKEN-never-in-logs"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    request = urllib.request.Request(
        url, data, headers or {}, method="POST" if data is not None else "GET"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status), response.read()
    except urllib.error.HTTPError as error:
        return int(error.code), error.read()


async def get(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, bytes]:
    return await asyncio.to_thread(fetch, url, data, headers)


async def test_health_readiness_and_metrics(tmp_path: Path) -> None:
    service = SearchService(SEED_CORPUS, tmp_path / "ix")
    metrics = BotMetrics()
    port = free_port()
    server = start_http_server("127.0.0.1", port, service, metrics)
    try:
        assert await get(f"http://127.0.0.1:{port}/healthz") == (200, b"ok\n")
        status, _ = await get(f"http://127.0.0.1:{port}/readyz")
        assert status == 503  # alive, but no index loaded yet
        service.open()
        metrics.observe_index(service)
        assert await get(f"http://127.0.0.1:{port}/readyz") == (200, b"ready\n")
        status, body = await get(f"http://127.0.0.1:{port}/metrics")
        assert status == 200
        assert b"newsbot_index_passages 7.0" in body and b"newsbot_ready 1.0" in body
    finally:
        server.stop()


async def test_metrics_count_questions_misses_latency_and_errors(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        await bot.send(updates.private_message(QUESTION))
        await bot.send(updates.private_message("quantum chromodynamics"))
        bot.fake.fail_next(
            "sendMessage", status=403, description="Forbidden: bot was blocked by the user"
        )
        await bot.send(updates.private_message(QUESTION))
        text = bot.handlers.metrics.exposition().decode()
    assert "newsbot_questions_total 2.0" in text  # the blocked reply never got out
    assert "newsbot_nothing_found_total 1.0" in text
    assert "newsbot_answer_latency_seconds_count 2.0" in text
    assert 'newsbot_errors_total{kind="Forbidden"} 1.0' in text


async def test_webhook_secret_is_required_and_updates_flow(tmp_path: Path) -> None:
    fake = FakeBotAPI()
    async with running_bot(tmp_path, fake=fake) as bot:
        application: Application = bot.app  # type: ignore[type-arg]
        port = free_port()
        server = start_http_server(
            "127.0.0.1", port, bot.service, BotMetrics(), application, "hook", "s3cret"
        )
        await application.start()
        try:
            url = f"http://127.0.0.1:{port}/hook"
            body = json.dumps(updates.private_message(QUESTION)).encode()
            json_type = {"Content-Type": "application/json"}
            assert (await get(url, body, json_type))[0] == 403
            wrong = {**json_type, "X-Telegram-Bot-Api-Secret-Token": "nope"}
            assert (await get(url, body, wrong))[0] == 403
            right = {**json_type, "X-Telegram-Bot-Api-Secret-Token": "s3cret"}
            assert (await get(url, b"{not json", right))[0] == 400
            await asyncio.sleep(0.3)
            assert fake.calls_to("sendMessage") == []  # nothing handled without the secret
            assert (await get(url, body, right))[0] == 200
            reply = await fake.wait_for("sendMessage", timeout=10)
            assert "young people" in str(reply.params["text"])
        finally:
            await application.stop()
            server.stop()


async def test_watcher_reindexes_when_files_change(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_bytes(next(SEED_CORPUS.glob("*.txt")).read_bytes())
    service = SearchService(corpus, tmp_path / "ix")
    service.open()
    metrics = BotMetrics()
    stop = asyncio.Event()
    watcher = asyncio.create_task(watch_corpus(service, metrics, stop))
    try:
        await asyncio.sleep(0.5)
        (corpus / "ferry.txt").write_text("Ferry sinks\n\nA ferry sank in the harbour on Monday.\n")
        for _ in range(200):
            if service.index.article_count == 2:
                break
            await asyncio.sleep(0.1)
        assert service.index.article_count == 2
        assert service.ask("ferry harbour").found
        (corpus / "ferry.txt").unlink()
        for _ in range(200):
            if service.index.article_count == 1:
                break
            await asyncio.sleep(0.1)
        assert service.index.article_count == 1
        assert "newsbot_last_reindex_timestamp_seconds" in metrics.exposition().decode()
    finally:
        stop.set()
        await asyncio.wait_for(watcher, 10)


@pytest.mark.parametrize("as_json", [True, False], ids=["json", "text"])
def test_logs_never_contain_the_token(capfd: pytest.CaptureFixture[str], as_json: bool) -> None:
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    try:
        configure_logging("INFO", [TOKEN], as_json=as_json)
        logger = logging.getLogger("newsbot.test")
        logger.info("calling https://api.telegram.org/bot%s/getMe", TOKEN)
        try:
            raise RuntimeError(f"connection to /bot{TOKEN}/sendMessage failed")
        except RuntimeError:
            logger.exception("request failed")
        err = capfd.readouterr().err
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
    assert TOKEN not in err and "TOKEN-never" not in err
    assert err.count(MASK) >= 2
    if as_json:
        lines = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
        assert lines[0]["level"] == "INFO" and "exception" in lines[1]


def test_a_secret_made_after_logging_is_set_up_is_masked_too(
    capfd: pytest.CaptureFixture[str],
) -> None:
    """The webhook secret generated at start-up comes after configure_logging; PTB then logs
    it in the parameters of setWebhook, at DEBUG."""
    root = logging.getLogger()
    saved_handlers, saved_level = list(root.handlers), root.level
    generated = "generated_webhook-secret_123"
    try:
        configure_logging("DEBUG", [TOKEN])
        redact_also(generated)
        logging.getLogger("telegram.ext.ExtBot").debug(
            "Calling Bot API endpoint `setWebhook` with parameters `%s`",
            {"url": "https://bot.example.com/hook", "secret_token": generated},
        )
        err = capfd.readouterr().err
    finally:
        root.handlers[:] = saved_handlers
        root.setLevel(saved_level)
    assert generated not in err and f"'secret_token': '{MASK}'" in err
