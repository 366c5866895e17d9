"""Question → rendered Telegram reply, through the bot's real handlers and a fake Bot API.

    uv run python benchmarks/bench_reply.py --corpus synthetic|reuters --passages N
        [--questions Q] [--json] [--data ../shared/data]

Builds (once; kept under ~/.cache/newsbot-bench) a corpus of N passages indexed by newsbot's
own pipeline, then measures:

- start-up: `newsbot run` as a process, against a Bot API over HTTP on 127.0.0.1 with a
  question waiting, from the process's start to its reply;
- p50 / p95 of question → reply in one process: each update goes through PTB and the
  handlers (analysis, ranking, quoting, Telegram HTML), and the reply is recorded by the
  fake transport.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsbot-bench"


def corpus_file(args: argparse.Namespace) -> Path:
    """A JSON Lines corpus of `passages` one-passage articles (written once, then reused)."""
    import bench_search

    path = CACHE / f"reply-{args.corpus}-{args.passages}-{args.seed}" / "corpus.jsonl"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    if args.corpus == "synthetic":
        tokens, offsets, words = bench_search.synthetic(args.passages, args.seed)
        texts = (
            " ".join(words[i] for i in tokens[offsets[n] : offsets[n + 1]].tolist()) + "."
            for n in range(args.passages)
        )
    else:
        _, _, _, raw = bench_search.reuters(args.passages, Path(args.data))
        texts = (f"{text} [{n}]" for n, text in enumerate(raw))  # repeated, yet distinct
    temporary = path.with_suffix(".tmp")
    with temporary.open("w", encoding="utf-8") as stream:
        for number, text in enumerate(texts):
            stream.write(json.dumps({"id": f"a{number}", "title": "", "text": text}) + "\n")
    temporary.replace(path)
    return path


def questions(path: Path, count: int, seed: int) -> list[str]:
    """Questions made of words from random articles, some in the "what did X say" form."""
    rng = random.Random(seed)
    size = path.stat().st_size
    found = []
    with path.open("rb") as stream:
        while len(found) < count:
            stream.seek(rng.randrange(size))
            stream.readline()
            line = stream.readline()
            if not line:
                continue
            words = [w.strip(".,") for w in json.loads(line)["text"].split() if len(w) > 3]
            if len(words) < 6:
                continue
            picked = rng.sample(words, rng.randint(2, 4))
            if rng.random() < 0.3:
                found.append(f"What did {picked[0]} say about {' '.join(picked[1:])}?")
            else:
                found.append(" ".join(picked))
    return found


def index_folder(args: argparse.Namespace) -> Path:
    return CACHE / f"reply-{args.corpus}-{args.passages}-{args.seed}" / "indexes"


def build(corpus: Path, args: argparse.Namespace) -> dict[str, Any]:
    from newsbot.app.library import open_index

    began = time.perf_counter()
    opened = open_index(corpus, index_folder(args))
    return {
        "index_s": round(time.perf_counter() - began, 1),
        "rebuilt": opened.built is not None,
        "passages": opened.index.passage_count,
    }


def startup(corpus: Path, args: argparse.Namespace, question: str) -> float:
    """Seconds from starting `newsbot run` to its reply to a waiting question."""
    from tests.support import updates
    from tests.support.http_bot_api import BotApiServer

    with BotApiServer() as server:
        server.queue_update(updates.private_message(question))
        env = {key: value for key, value in os.environ.items() if not key.startswith("NEWSBOT_")}
        env.update(
            NEWSBOT_TELEGRAM_TOKEN="123456:BENCH-token",
            NEWSBOT_TELEGRAM_BASE_URL=server.base_url,
            NEWSBOT_CORPUS_DIR=str(corpus),
            NEWSBOT_INDEX_DIR=str(index_folder(args)),
            NEWSBOT_LOG_LEVEL="WARNING",
            PTB_TIMEDELTA="true",
        )
        began = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "newsbot", "run"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            server.wait_for("sendMessage", timeout=120)
            return time.perf_counter() - began
        finally:
            process.terminate()
            process.wait(timeout=30)


async def replies(corpus: Path, args: argparse.Namespace, asked: list[str]) -> list[float]:
    from telegram import Update
    from tests.support import updates
    from tests.support.fake_telegram import FakeBotAPI

    from newsbot.app.service import SearchService
    from newsbot.bot import build_application
    from newsbot.cli.shared import index_config
    from newsbot.config import Settings
    from newsbot.index import accelerate

    settings = Settings(  # type: ignore[call-arg]
        _env_file=None,
        telegram_token="123456:BENCH-token",
        state_dir=CACHE / "reply-state",
        rate_limit=1_000_000,
        outgoing_rate=1_000_000,
    )
    service = SearchService(corpus, index_folder(args), index_config(settings), settings.top_k)
    service.open()
    accelerate.kernel()
    # Steady state: a large index is checksummed in the background after opening (about a
    # second at 2.5 GB), and replies timed meanwhile would measure that check too.
    while not service.index.file.verified and service.index.damaged is None:
        time.sleep(0.05)
    fake = FakeBotAPI()
    application, handlers = build_application(settings, service, request=fake)
    latencies = []
    async with application:
        for number, question in enumerate(asked):
            update = Update.de_json(
                updates.private_message(question, user_id=100 + number), application.bot
            )
            began = time.perf_counter()
            await application.process_update(update)
            await handlers.outbox.settle(update)  # until the reply is sent, not only queued
            latencies.append(time.perf_counter() - began)
    assert len([c for c in fake.calls_to("sendMessage") if c.ok]) == len(asked)
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", choices=("synthetic", "reuters"), default="synthetic")
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--questions", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--data", default=str(HERE.parent.parent / "shared" / "data"))
    parser.add_argument("--seed", type=int, default=42)
    args = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    corpus = corpus_file(args)
    built = build(corpus, args)
    asked = questions(corpus, args.questions + 5, args.seed)
    started = startup(corpus, args, asked[-1])
    latencies = sorted(asyncio.run(replies(corpus, args, asked[: args.questions])))
    result = {
        "corpus": args.corpus,
        "passages": built["passages"],
        **built,
        "startup_to_first_reply_s": round(started, 2),
        "reply_p50_ms": round(statistics.median(latencies) * 1000, 2),
        "reply_p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 2),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(", ".join(f"{key}={value}" for key, value in result.items()))


if __name__ == "__main__":
    main()
