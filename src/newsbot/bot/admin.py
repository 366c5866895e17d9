"""The administrators' commands, /stats and /reindex: what the running bot reports about itself.

Only `Handlers` calls these, and only for a sender PTB's user filter on the command let
through as an administrator (see `newsbot.bot.gate.routes`). They speak through `say`, which
queues a reply in the outbox (`newsbot.bot.outbox`).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from newsbot.app.service import SearchService
from newsbot.bot.feedback_store import FeedbackRates
from newsbot.bot.hit_buttons import REASONS
from newsbot.bot.metrics import BotMetrics
from newsbot.bot.text import duration, milliseconds
from newsbot.bot.watch import in_daemon_thread
from newsbot.errors import NewsbotError
from newsbot.render.telegram import TelegramMessage, notice_message

Say = Callable[[TelegramMessage], object]


def show_stats(say: Say, service: SearchService, votes: FeedbackRates | None = None) -> None:
    stats = service.stats()
    uptime = time.time() - stats.started_at
    lines = [
        f"Articles: {stats.articles:,}",
        f"Passages: {stats.passages:,}",
        f"Questions answered: {stats.questions:,}",
        f"Nothing found: {stats.nothing_found:,}",
        "Latency p50 / p95: " + milliseconds(stats.latency_p50_ms, stats.latency_p95_ms),
        f"Up for: {duration(uptime)}",
        "Last reindex: "
        + (
            f"{duration(time.time() - stats.last_reindex_at)} ago"
            if stats.last_reindex_at
            else "never"
        ),
    ]
    if stats.reindexing:
        lines.append("A reindex is running now.")
    if votes is not None:
        lines.extend(feedback_lines(votes))
    say(notice_message("\n".join(lines)))


def feedback_lines(votes: FeedbackRates) -> list[str]:
    """The 👍 / 👎 votes: how many, the share of 👍, and the reasons given for 👎."""
    if not votes.votes:
        return ["Feedback: no votes yet"]
    share = round(100 * votes.up / votes.votes)
    noun = "vote" if votes.votes == 1 else "votes"
    lines = [f"Feedback: {votes.votes:,} {noun}, {share}% 👍 ({votes.up:,} 👍, {votes.down:,} 👎)"]
    if votes.reasons:
        given = ", ".join(
            f"{REASONS.get(reason, reason).lower()} {count:,}"
            for reason, count in votes.reasons.items()
        )
        lines.append(f"👎 reasons: {given}")
    return lines


async def run_reindex(say: Say, service: SearchService, metrics: BotMetrics) -> None:
    """Rebuilds the index in a worker thread; the old index keeps answering meanwhile."""
    if service.reindexing:
        say(notice_message("A reindex is already running."))
        return
    say(notice_message("Reindexing the corpus; I keep answering meanwhile."))
    try:
        result = await in_daemon_thread(service.reindex, "newsbot-reindex")
    except NewsbotError as error:
        say(notice_message(f"Reindex failed: {error}. Still serving the previous index."))
        return
    metrics.observe_index(service)
    metrics.last_reindex.set_to_current_time()
    summary = result.summary
    text = (
        f"Reindexed in {summary.seconds:.1f} s: {result.change}.\n"
        f"Articles: {summary.articles:,} ({summary.articles - result.articles_before:+,}), "
        f"passages: {summary.passages:,} ({summary.passages - result.passages_before:+,}), "
        f"skipped files: {len(summary.skipped):,}."
    )
    say(notice_message(text))
