"""`newsbot run` as a real process against a Bot API over HTTP on 127.0.0.1, and the
Application really polling the fake transport: start-up, replies, shutdown, a second instance,
the webhook's secret, and the token kept out of the logs."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from telegram import Update
from typer.testing import CliRunner

from newsbot.cli import app as cli_app
from tests.conftest import SEED_CORPUS
from tests.support import updates
from tests.support.fake_telegram import FakeBotAPI
from tests.support.http_bot_api import BotApiServer
from tests.support.telegram_html import visible_text
from tests.test_bot import QUESTION, running_bot

TOKEN = "987654:SECRET-token_do-not-log"


def bot_environment(tmp_path: Path, server: BotApiServer, **extra: str) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEWSBOT_")}
    env.update(
        NEWSBOT_TELEGRAM_TOKEN=TOKEN,
        NEWSBOT_TELEGRAM_BASE_URL=server.base_url,
        NEWSBOT_CORPUS_DIR=str(SEED_CORPUS),
        NEWSBOT_INDEX_DIR=str(tmp_path / "indexes"),
        NEWSBOT_STATE_DIR=str(tmp_path / "state"),
        NEWSBOT_LOG_LEVEL="DEBUG",
        PTB_TIMEDELTA="true",
    )
    env.update(extra)
    return env


def start_bot(env: dict[str, str], tmp_path: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "newsbot", "run", *args],
        env=env,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def stop(process: subprocess.Popen[str]) -> tuple[int, str]:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    return process.returncode, stderr


@pytest.fixture
def server() -> Iterator[BotApiServer]:
    with BotApiServer() as running:
        yield running


def test_run_answers_a_question_over_http(tmp_path: Path, server: BotApiServer) -> None:
    server.queue_update(updates.private_message(QUESTION))
    process = start_bot(bot_environment(tmp_path, server), tmp_path)
    try:
        reply = server.wait_for("sendMessage", timeout=60)
        commands = server.wait_for("setMyCommands", timeout=5)
    finally:
        code, stderr = stop(process)
    assert "I place great hopes on our young people" in visible_text(str(reply.params["text"]))
    assert [item["command"] for item in commands.params["commands"]] == [
        "start",
        "help",
        "ask",
        "sources",
        "new",
    ]
    assert code == 0, stderr
    assert TOKEN not in stderr and "SECRET-token" not in stderr
    assert "getUpdates" in stderr or "starting the bot" in stderr  # it did log, at DEBUG


def test_second_instance_exits_with_a_clear_message(tmp_path: Path, server: BotApiServer) -> None:
    server.fail_next(
        "getUpdates",
        status=409,
        description="Conflict: terminated by other getUpdates request; "
        "make sure that only one bot instance is running",
        times=50,
    )
    process = start_bot(bot_environment(tmp_path, server), tmp_path)
    try:
        process.wait(timeout=60)
    finally:
        code, stderr = stop(process)
    assert code == 1
    assert "another instance of this bot is running" in stderr
    assert TOKEN not in stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def post(url: str, payload: dict[str, object], secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(payload).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_webhook_rejects_requests_without_the_secret(tmp_path: Path, server: BotApiServer) -> None:
    port = free_port()
    env = bot_environment(
        tmp_path,
        server,
        NEWSBOT_WEBHOOK_URL="https://bot.example.com",
        NEWSBOT_WEBHOOK_LISTEN="127.0.0.1",
        NEWSBOT_WEBHOOK_PORT=str(port),
        NEWSBOT_WEBHOOK_PATH="hook",
        NEWSBOT_WEBHOOK_SECRET="s3cret_value-1",
    )
    process = start_bot(env, tmp_path)
    try:
        registered = server.wait_for("setWebhook", timeout=60)
        assert registered.params["url"] == "https://bot.example.com/hook"
        assert registered.params["secret_token"] == "s3cret_value-1"
        url = f"http://127.0.0.1:{port}/hook"
        deadline = time.monotonic() + 20
        while True:  # the server starts listening just after setWebhook
            try:
                status = post(url, updates.private_message(QUESTION), secret=None)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        assert status == 403
        assert post(url, updates.private_message(QUESTION), secret="wrong") == 403
        time.sleep(0.5)
        assert server.calls_to("sendMessage") == []  # no update was handled
        assert post(url, updates.private_message(QUESTION), secret="s3cret_value-1") == 200
        reply = server.wait_for("sendMessage", timeout=30)
    finally:
        code, stderr = stop(process)
    assert "young people" in visible_text(str(reply.params["text"]))
    assert code == 0, stderr
    assert TOKEN not in stderr


def test_missing_token_names_the_variable_and_botfather() -> None:
    result = CliRunner().invoke(cli_app, ["run"])
    assert result.exit_code == 1
    assert "NEWSBOT_TELEGRAM_TOKEN" in result.stderr and "@BotFather" in result.stderr
    assert "Traceback" not in result.stderr


def test_invalid_webhook_secret_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_TELEGRAM_TOKEN", TOKEN)
    monkeypatch.setenv("NEWSBOT_WEBHOOK_SECRET", "has spaces and ünïcode")
    result = CliRunner().invoke(cli_app, ["run"])
    assert result.exit_code == 1
    assert "NEWSBOT_WEBHOOK_SECRET" in result.stderr
    assert "has spaces" not in result.stderr and TOKEN not in result.stderr


async def test_application_really_polls_the_fake(tmp_path: Path) -> None:
    fake = FakeBotAPI()
    fake.queue_update(updates.private_message(QUESTION))
    fake.queue_update(updates.private_command("/start"))
    async with running_bot(tmp_path, fake=fake) as bot:
        assert bot.app.updater is not None
        await bot.app.updater.start_polling(allowed_updates=Update.ALL_TYPES, timeout=1)
        await bot.app.start()
        try:
            await fake.wait_for(
                "sendMessage", lambda call: "Hello" in str(call.params.get("text")), timeout=20
            )
        finally:
            await bot.app.updater.stop()
            await bot.app.stop()
    texts = [visible_text(text) for text in fake.sent_texts()]
    assert any("I place great hopes on our young people" in text for text in texts)
    assert any(text.startswith("Hello, Alice!") for text in texts)


async def test_polling_survives_network_errors(tmp_path: Path) -> None:
    fake = FakeBotAPI()
    fake.fail_next("getUpdates", status=502, description="Bad Gateway")
    fake.timeout_next("getUpdates")
    fake.queue_update(updates.private_message(QUESTION))
    async with running_bot(tmp_path, fake=fake) as bot:
        assert bot.app.updater is not None
        await bot.app.updater.start_polling(allowed_updates=Update.ALL_TYPES, timeout=1)
        await bot.app.start()
        try:
            reply = await fake.wait_for("sendMessage", timeout=30)
        finally:
            await bot.app.updater.stop()
            await bot.app.stop()
    assert [call.fault is not None for call in fake.calls_to("getUpdates")][:2] == [True, True]
    assert "young people" in visible_text(str(reply.params["text"]))
