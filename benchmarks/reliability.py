"""Reliability figures for the notes: a burst of updates, killed indexers, corrupted index files,
and floods: how long another user waits for an answer while one user, or one group, floods
the bot.

    uv run python benchmarks/reliability.py [--users 200] [--per-user 5] [--kills 30]
        [--corruptions 1000] [--only load,kills,corruptions,floods] [--json]

Runs on the bundled corpus and synthetic ones; needs no research data. The floods poll a fake
Bot API (20 ms a call) as `newsbot run` does, so PTB's 32 update slots and the outgoing limiter
(20 messages a minute into a group) are in play.
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

from tests.support import updates
from tests.support.fake_telegram import FakeBotAPI
from tests.support.kills import kill_a_rebuild
from tests.support.load import TimedFakeBotAPI, burst, percentile, polling
from tests.support.synthetic import write_corpus
from tests.test_bot import QUESTION, Harness, running_bot

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


# Floods ------------------------------------------------------------------------------------

FLOODER, GROUP, PROBES_FROM = 666, -1009876543210, 50_000
MENTION = f"@{updates.BOT_USERNAME} what did he say about youth?"


def big_vocabulary_corpus(folder: Path, words: int = 300_000, articles: int = 10_000) -> str:
    """A corpus whose vocabulary makes spelling correction costly: a question of 62 made-up
    7-letter words took 0.6-1.1 s of CPU here. Returns a question it answers."""
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(3)
    vocabulary = [
        "".join(rng.choices("abcdefghijklmnoprstuvw", k=rng.randint(5, 9))) for _ in range(words)
    ]
    with (folder / "big.jsonl").open("w", encoding="utf-8") as stream:
        for number in range(articles):
            text = rng.choices(vocabulary, k=120)
            record = {"id": str(number), "title": " ".join(text[:4]), "text": " ".join(text) + "."}
            stream.write(json.dumps(record) + "\n")
    return f"{vocabulary[5]} {vocabulary[77]}"


def made_up_words(rng: random.Random, count: int = 62) -> str:
    return " ".join("".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=7)) for _ in range(count))


async def flood_run(
    root: Path,
    flood: list[dict[str, Any]],
    probe: str,
    probes: int = 40,
    every: float = 0.25,
    patience: float = 120.0,
    retry_after: float | None = None,
    **settings: Any,
) -> dict[str, Any]:
    """Queue `flood`, then one question from a new user every `every` seconds; the figures are
    the seconds from queueing each such question to its answer."""
    fake = TimedFakeBotAPI(latency=0.02)
    async with running_bot(root, fake=fake, **settings) as bot, polling(bot):
        if retry_after is not None:  # the flooder's chat hits flood control
            fake.fail_next(
                "sendMessage",
                retry_after=retry_after,
                when=lambda call: int(call.params["chat_id"]) == FLOODER,
            )
        began = time.monotonic()
        fake.queue_updates(flood)
        if retry_after is not None:
            # As in the trial: other chats' sends come after the 429, not during it (PTB's
            # pause ends as soon as any call that was already under way finishes).
            await fake.wait_for("sendMessage", lambda call: call.status == 429, timeout=30)
        asked: dict[int, float] = {}
        for number in range(probes):
            user = PROBES_FROM + number
            fake.queue_update(updates.private_message(probe, user_id=user))
            asked[user] = time.monotonic()
            await asyncio.sleep(every)
        deadline = time.monotonic() + patience
        answered: dict[int, float] = {}
        while len(answered) < probes and time.monotonic() < deadline:
            for chat, moment in list(fake.sent_at):
                if chat in asked and chat not in answered:
                    answered[chat] = moment - asked[chat]
            await asyncio.sleep(0.05)
        waits = sorted(answered.get(user, float("inf")) for user in asked)
        to_flooder = sum(chat in (FLOODER, GROUP) for chat, _ in fake.sent_at)
        seconds = time.monotonic() - began
    return {
        "flood_updates": len(flood),
        "replies_to_the_flood": to_flooder,
        "other_users_answered": len(answered),
        "other_users": probes,
        "slowest_answer_to_another_user_s": round(waits[-1], 3),
        "p50_answer_to_another_user_s": round(percentile(waits, 0.5), 3),
        "seconds": round(seconds, 1),
    }


def floods(root: Path, names: set[str] | None = None) -> dict[str, dict[str, Any]]:
    """The trial's floods: one user, one group, one group without an allowlist entry, a 429."""
    rng = random.Random(11)
    big = root / "big-corpus"
    probe = big_vocabulary_corpus(big)
    heavy = [updates.inline_query(made_up_words(rng), user_id=FLOODER) for _ in range(30)]
    group = [updates.group_mention(MENTION, chat_id=GROUP, user_id=FLOODER) for _ in range(60)]
    many = [
        updates.group_mention(MENTION, chat_id=GROUP, user_id=FLOODER + number)
        for number in range(60)
    ]
    flooded = [updates.private_message(QUESTION, user_id=FLOODER)]
    runs = {
        "flood_one_user_inline": (heavy, probe, {"corpus": big, "rate_limit": 3}),
        "flood_one_user_inline_limit_10": (heavy, probe, {"corpus": big, "rate_limit": 10}),
        "flood_one_group": (group, QUESTION, {}),
        "flood_one_group_allowlist": (
            group,
            QUESTION,
            {"allowed_chats": frozenset(range(PROBES_FROM, PROBES_FROM + 1000))},
        ),
        "flood_one_group_many_users": (many, QUESTION, {}),
        "flood_control_429_20s": (flooded, QUESTION, {"retry_after": 20.0}),
    }
    results = {}
    for number, (name, (flood, question, settings)) in enumerate(runs.items()):
        if names is None or name in names:
            results[name] = asyncio.run(flood_run(root / str(number), flood, question, **settings))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument("--per-user", type=int, default=5)
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--corruptions", type=int, default=1000)
    parser.add_argument("--only", default="load,kills,corruptions,floods")
    parser.add_argument("--floods", default="", help="names of the floods to run (default all)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    only = set(args.only.split(","))
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "a").mkdir()
        (root / "b").mkdir()
        results: dict[str, dict[str, Any]] = {}
        if "load" in only:
            results["load_unthrottled"] = load(root / "a", args.users, args.per_user, 100_000)
            results["load_telegram_rate"] = load(root / "b", args.users, args.per_user, 30)
        if "kills" in only:
            results["kills"] = kills(root, args.kills)
        if "corruptions" in only:
            results["corruptions"] = corruptions(root, args.corruptions)
        if "floods" in only:
            names = set(args.floods.split(",")) if args.floods else None
            results.update(floods(root / "floods", names))
    if args.json:
        print(json.dumps(results, indent=2))
        return
    for name, figures in results.items():
        print(f"{name}: " + ", ".join(f"{key}={value}" for key, value in figures.items()))


if __name__ == "__main__":
    main()
