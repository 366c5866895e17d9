"""Reliability figures for the notes: a burst of updates, killed indexers, corrupted index files.

    uv run python benchmarks/reliability.py [--users 200] [--per-user 5] [--kills 30]
        [--corruptions 1000] [--json]

Runs on the bundled corpus and a synthetic one; needs no research data.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.support.fake_telegram import FakeBotAPI
from tests.support.kills import kill_a_rebuild
from tests.support.load import burst, percentile
from tests.support.synthetic import write_corpus
from tests.test_bot import Harness, running_bot

from newsbot.app.library import open_index
from newsbot.errors import IndexFormatError
from newsbot.index.store import IndexFile


def load(root: Path, users: int, per_user: int, outgoing_rate: int) -> dict[str, Any]:
    @asynccontextmanager
    async def factory(fake: FakeBotAPI) -> AsyncIterator[Harness]:
        async with running_bot(root, fake=fake, outgoing_rate=outgoing_rate) as harness:
            yield harness

    result = asyncio.run(burst(factory, users=users, per_user=per_user, timeout=900))
    exact = sum(1 for count in result.per_chat.values() if count == per_user)
    return {
        "updates": result.updates,
        "answered": result.replies,
        "chats_answered_exactly_once_per_update": exact,
        "chats": users,
        "apologies": result.apologies,
        "seconds": round(result.seconds, 2),
        "p50_s": round(percentile(result.latencies, 0.5), 3),
        "p95_s": round(percentile(result.latencies, 0.95), 3),
        "outgoing_rate": outgoing_rate,
    }


def kills(root: Path, count: int) -> dict[str, Any]:
    corpus = root / "kill-corpus"
    corpus.mkdir()
    write_corpus(corpus / "news.jsonl", articles=2500)
    index_dir = root / "kill-index"
    first = open_index(corpus, index_dir)
    began = time.perf_counter()
    open_index(corpus, index_dir, rebuild=True)
    build = time.perf_counter() - began
    rng = random.Random(1)
    survived = 0
    for _ in range(count):
        kill_a_rebuild(corpus, index_dir, rng, build)
        try:
            reopened = open_index(corpus, index_dir)
            survived += reopened.index.passage_count == first.index.passage_count
        except IndexFormatError:
            pass
    return {"kills": count, "served_a_whole_index": survived, "build_seconds": round(build, 2)}


def corruptions(root: Path, count: int) -> dict[str, Any]:
    corpus = root / "corrupt-corpus"
    corpus.mkdir()
    write_corpus(corpus / "news.jsonl", articles=300)
    path = open_index(corpus, root / "corrupt-index").index.path
    original = path.read_bytes()
    rng = random.Random(2)
    detected = 0
    for number in range(count):
        data = bytearray(original)
        if number % 10 == 0:
            data = data[: rng.randrange(len(data))]  # truncation
        else:
            offset = rng.randrange(len(data))
            data[offset] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        try:
            IndexFile(path)
        except IndexFormatError:
            detected += 1
    path.write_bytes(original)
    return {"corruptions": count, "detected": detected, "file_bytes": len(original)}


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--per-user", type=int, default=5)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--corruptions", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "a").mkdir()
        (root / "b").mkdir()
        results = {
            "load_unthrottled": load(root / "a", args.users, args.per_user, 100_000),
            "load_telegram_rate": load(root / "b", args.users, args.per_user, 30),
            "kills": kills(root, args.kills),
            "corruptions": corruptions(root, args.corruptions),
        }
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, figures in results.items():
        print(f"{name}: " + ", ".join(f"{key}={value}" for key, value in figures.items()))


if __name__ == "__main__":
    main()
