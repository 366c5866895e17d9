"""Prometheus metrics for the bot, in a registry of their own (so tests can build many bots)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, generate_latest

from newsbot.app.service import SearchService

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class BotMetrics:
    """What an operator watches: questions, latency, misses, errors, the index and reindexes."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry()
        self.questions = Counter(
            "newsbot_questions",
            "Questions answered (including nothing found).",
            registry=self.registry,
        )
        self.nothing_found = Counter(
            "newsbot_nothing_found",
            "Questions answered with nothing found.",
            registry=self.registry,
        )
        self.latency = Histogram(
            "newsbot_answer_latency_seconds",
            "Time from receiving a question to sending the answer.",
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.errors = Counter(
            "newsbot_errors", "Errors seen by the error handler.", ["kind"], registry=self.registry
        )
        self.articles = Gauge(
            "newsbot_index_articles", "Articles in the index.", registry=self.registry
        )
        self.passages = Gauge(
            "newsbot_index_passages", "Passages in the index.", registry=self.registry
        )
        self.last_reindex = Gauge(
            "newsbot_last_reindex_timestamp_seconds",
            "When the index was last rebuilt by /reindex or the corpus watcher (Unix time).",
            registry=self.registry,
        )
        self.ready = Gauge("newsbot_ready", "1 when an index is loaded.", registry=self.registry)

    def observe_index(self, service: SearchService) -> None:
        facts = service.facts()
        self.articles.set(facts.articles)
        self.passages.set(facts.passages)
        self.ready.set(1)

    def exposition(self) -> bytes:
        return generate_latest(self.registry)
