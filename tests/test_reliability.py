"""Reliability: a killed indexer never leaves a half-written index, and bad input of any kind
gets a clear answer through the command line and the bot, never an exception."""

from __future__ import annotations

import random
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from telegram import Update
from typer.testing import CliRunner

from newsbot.app.library import open_index
from newsbot.cli import app
from newsbot.index.store import IndexFile
from tests.conftest import SEED_CORPUS
from tests.support import updates
from tests.support.fake_telegram import FakeBotAPI
from tests.support.kills import kill_a_rebuild
from tests.support.synthetic import write_corpus
from tests.support.telegram_html import assert_valid_message
from tests.test_bot import Harness, running_bot

KILLS = 6


def test_killed_indexer_never_leaves_a_half_written_index(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus / "news.jsonl", articles=2500)
    index_dir = tmp_path / "indexes"
    first = open_index(corpus, index_dir)
    path = first.index.path
    started = time.perf_counter()
    open_index(corpus, index_dir, rebuild=True)
    build_seconds = time.perf_counter() - started
    rng = random.Random(7)
    for _ in range(KILLS):
        kill_a_rebuild(corpus, index_dir, rng, build_seconds)
        IndexFile(path)  # whatever the moment of the kill, the file in place is whole
    reopened = open_index(corpus, index_dir)
    assert reopened.built is None  # the last good index is served, not rebuilt
    assert reopened.index.passage_count == first.index.passage_count
    assert IndexFile(path).header["stats"]["articles"] == first.index.article_count
    # The next build clears the temporaries the killed builds left behind.
    open_index(corpus, index_dir, rebuild=True)
    assert not list(path.parent.glob("*.tmp"))


HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs", "Zl", "Zp"]), max_size=50),
    st.sampled_from(
        [
            "",
            " ",
            "\x00",
            "the of and to a in",
            "?!…,.;:—",
            "😀🇰🇿👍🏽",
            "<b>bold</b> <script>alert(1)</script> &amp; &",
            "Молодёжь youth 青年 شباب נוער",
            "x" * 100_000,
            "youth " * 20_000,
            "\u202eevil\u202c youth",
            "\ud800 lone surrogate",
        ]
    ),
)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(question=HOSTILE)
def test_cli_ask_survives_anything(question: str, tmp_path_factory: pytest.TempPathFactory) -> None:
    index_dir = tmp_path_factory.getbasetemp() / "fuzz-cli-index"
    result = CliRunner().invoke(
        app,
        [
            "ask",
            "--json",
            "--corpus",
            str(SEED_CORPUS),
            "--index-dir",
            str(index_dir),
            "--",
            question,
        ],
    )
    assert result.exit_code in (0, 1), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def fuzz_bot_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz-bot")


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(question=HOSTILE)
async def test_bot_handler_survives_anything(question: str, fuzz_bot_dir: Path) -> None:
    fake = FakeBotAPI()
    async with running_bot(fuzz_bot_dir, fake=fake, rate_limit=10_000) as bot:
        await _ask(bot, question)
    for call in fake.calls:
        if call.method == "sendMessage":
            assert call.ok, call.description
            if call.params.get("parse_mode") == "HTML":
                assert_valid_message(str(call.params["text"]))
        assert "Sorry, something went wrong" not in str(call.params.get("text", ""))


async def _ask(bot: Harness, question: str) -> None:
    # Telegram sends valid UTF-8 and never an empty text; everything else goes through as is.
    text = question.encode("utf-8", "replace").decode("utf-8") or "?"
    update = updates.private_message(text)
    await bot.app.process_update(Update.de_json(update, bot.app.bot))
