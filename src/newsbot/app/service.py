"""The live index behind a long-running process (the bot): questions keep being answered from
the current index while a new one is built aside, and the swap is a single reference change.

This is core code: it knows nothing of Telegram, and the bot runs its blocking methods in a
worker thread.
"""

from __future__ import annotations

import logging
import statistics
import threading
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from newsbot.answering.articles import article_number, more_from_article
from newsbot.answering.examples import corpus_examples
from newsbot.answering.follow_up import FollowUp
from newsbot.answering.models import Answer, CorpusFacts, Source
from newsbot.answering.pipeline import Answerer
from newsbot.app.library import OpenedIndex, open_index, stale_reason
from newsbot.corpus import scan_corpus
from newsbot.corpus.model import Article
from newsbot.errors import IndexFormatError, IndexRewrittenError, NewsbotError, ReindexRunningError
from newsbot.index.news_index import NewsIndex
from newsbot.indexing.build import BuildProgress, BuildSummary, IndexConfig
from newsbot.semantic import DEFAULT_MAX_PASSAGES
from newsbot.semantic import prepare as prepare_semantic

_LATENCY_WINDOW = 1000
logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class ReindexResult:
    """What a reindex changed."""

    summary: BuildSummary
    change: str
    articles_before: int
    passages_before: int


@dataclass(frozen=True, slots=True)
class ServiceStats:
    """Counters for /stats and for metrics."""

    articles: int
    passages: int
    questions: int
    nothing_found: int
    latency_p50_ms: float | None
    latency_p95_ms: float | None
    started_at: float
    last_reindex_at: float | None
    reindexing: bool


@dataclass(frozen=True, slots=True)
class _Live:
    """The index in use and the answerer over it, swapped together."""

    index: NewsIndex
    answerer: Answerer


class SearchService:
    """Answers questions from the current index, and swaps in rebuilt ones."""

    def __init__(
        self,
        corpus: Path,
        index_root: Path | None = None,
        config: IndexConfig | None = None,
        top_k: int = 3,
        semantic: bool = False,
        semantic_max_passages: int = DEFAULT_MAX_PASSAGES,
    ) -> None:
        self.corpus = corpus
        self.index_root = index_root
        self.config = config or IndexConfig()
        self.top_k = top_k
        self.semantic = semantic
        self.semantic_max_passages = semantic_max_passages
        # Set once the current index's semantic reranker is in use (or cannot be).
        self.semantic_ready = threading.Event()
        self._live: _Live | None = None
        self._swap_lock = threading.Lock()
        self._follow_lock = threading.Lock()
        self._reindex_lock = threading.Lock()
        self._counter_lock = threading.Lock()
        self._examples_lock = threading.Lock()
        self._examples: dict[int, tuple[str, ...]] = {}
        self._questions = 0
        self._nothing_found = 0
        self._latencies: deque[float] = deque(maxlen=_LATENCY_WINDOW)
        self._started_at = time.time()
        self._last_reindex_at: float | None = None

    def open(self, progress: BuildProgress | None = None) -> OpenedIndex:
        """Load (or first build) the corpus's index; call once before answering."""
        opened = open_index(self.corpus, self.index_root, self.config, progress=progress)
        self._install(opened.index)
        return opened

    @property
    def ready(self) -> bool:
        """True once an index is loaded and questions can be answered."""
        with self._swap_lock:
            return self._live is not None

    @property
    def index(self) -> NewsIndex:
        return self._current().index

    def ask(
        self,
        question: str,
        k: int | None = None,
        count: bool = True,
        first: int = 0,
        follow_up: FollowUp | None = None,
    ) -> Answer:
        """Answer from whichever index is current when the question arrives: hits first + 1 …
        first + k (see `Answerer.ask`).

        `count` is False for repeats of a question already counted (paging through results).
        """
        began = time.perf_counter()
        live = self._current()
        if live.index.damaged and not self.reindexing:
            threading.Thread(target=self._repair, name="newsbot-repair", daemon=True).start()
        answer = live.answerer.ask(question, k, first, follow_up)
        elapsed = time.perf_counter() - began
        if not count:
            return answer
        with self._counter_lock:
            self._questions += 1
            self._nothing_found += not answer.found
            self._latencies.append(elapsed)
        return answer

    @property
    def reindexing(self) -> bool:
        return self._reindex_lock.locked()

    def reindex(self) -> ReindexResult:
        """Rebuild from the corpus folder and swap the new index in; blocking.

        Raises ReindexRunningError if a reindex is already running.
        """
        if not self._reindex_lock.acquire(blocking=False):
            raise ReindexRunningError("a reindex is already running")
        try:
            before = self.index
            change = stale_reason(before.header, scan_corpus(self.corpus), self.config)
            opened = open_index(self.corpus, self.index_root, self.config, rebuild=True)
            self._install(opened.index)
            self._last_reindex_at = time.time()
            assert opened.built is not None
            return ReindexResult(
                summary=opened.built,
                change=change or "no files changed",
                articles_before=before.article_count,
                passages_before=before.passage_count,
            )
        finally:
            self._reindex_lock.release()

    def _repair(self) -> None:
        """Rebuild after the background check found the index damaged (it says so in the log)."""
        try:
            self.reindex()
        except NewsbotError as error:
            logger.error("could not rebuild the damaged index: %s", error)

    def facts(self) -> CorpusFacts:
        """What the current index holds, for a greeting."""
        index = self.index
        stats = index.stats
        return CorpusFacts(
            articles=index.article_count,
            passages=index.passage_count,
            outlets=int(stats.get("outlets", 0)),
            first_published=stats.get("first_published"),
            last_published=stats.get("last_published"),
        )

    def sources(self, first: int, count: int) -> tuple[list[Source], int]:
        """Articles first … first + count - 1 of the current index as sources, and how many
        articles there are in all."""
        index = self.index
        total = index.article_count
        numbers = range(max(first, 0), min(total, max(first, 0) + count))
        return [Source.of(index.article(number)) for number in numbers], total

    def examples(self) -> tuple[str, ...]:
        """Questions to try that the current index answers (see `corpus_examples`), worked
        out once per index."""
        live = self._current()
        with self._examples_lock:
            cached = self._examples.get(id(live))
        if cached is not None:
            return cached
        examples = corpus_examples(live.answerer)
        with self._examples_lock:
            self._examples = {id(live): examples}
        return examples

    def sample_titles(self) -> tuple[str, ...]:
        """The titles of the first, middle and last articles: a glimpse of what is there."""
        index = self.index
        count = index.article_count
        picks = sorted({0, count // 2, count - 1}) if count else []
        return tuple(index.article(number).title for number in picks)

    def article(self, article_id: str) -> Article | None:
        """The current index's article with this id (a hit's `article_id`); None if none."""
        index = self.index
        number = article_number(index, article_id)
        return index.article(number) if number is not None else None

    def more_from_article(
        self, question: str, article_id: str, shown: tuple[str, ...], first: int, k: int
    ) -> Answer | None:
        """The article's other passages for `question`, best first, without the `shown`
        passage ids (see `newsbot.answering.articles`); None if the article is gone."""
        live = self._current()
        number = article_number(live.index, article_id)
        if number is None:
            return None
        return more_from_article(live.answerer, question, number, shown, first, k)

    def stats(self) -> ServiceStats:
        with self._counter_lock:
            latencies = sorted(self._latencies)
            questions, nothing = self._questions, self._nothing_found
        index = self.index
        return ServiceStats(
            articles=index.article_count,
            passages=index.passage_count,
            questions=questions,
            nothing_found=nothing,
            latency_p50_ms=statistics.median(latencies) * 1000 if latencies else None,
            latency_p95_ms=latencies[int(0.95 * (len(latencies) - 1))] * 1000
            if latencies
            else None,
            started_at=self._started_at,
            last_reindex_at=self._last_reindex_at,
            reindexing=self.reindexing,
        )

    def _install(self, index: NewsIndex) -> None:
        live = _Live(index, Answerer(index, top_k=self.top_k))
        with self._swap_lock:
            self._live = live
        if self.semantic:
            self.semantic_ready.clear()
            threading.Thread(
                target=self._add_semantic, args=(index,), name="newsbot-semantic", daemon=True
            ).start()

    def _add_semantic(self, index: NewsIndex) -> None:
        """Encode the passages (minutes, for a large corpus) while BM25 answers, then switch to
        semantic reranking, if `index` is still the one in use."""
        reranker = None
        try:
            reranker = prepare_semantic(index, self.semantic_max_passages)
        except NewsbotError as error:
            logger.error("semantic reranking is off: %s", error)
        except Exception:  # a background thread: BM25 keeps answering, the log says why
            logger.exception("semantic reranking is off: encoding the passages failed")
        with self._swap_lock:
            current = self._live
            if reranker is not None and current is not None and current.index is index:
                self._live = _Live(index, Answerer(index, top_k=self.top_k, semantic=reranker))
                logger.info("semantic reranking is on (%d passages)", index.passage_count)
            if current is None or current.index is index:
                self.semantic_ready.set()

    def _current(self) -> _Live:
        with self._swap_lock:
            live = self._live
        if live is None:
            raise NewsbotError("the index is not open yet")
        if live.index.file.on_disk() != "same":
            return self._follow_disk()
        return live

    def _follow_disk(self) -> _Live:
        """Serve the index file that is now at the index's path.

        A file renamed into place (a new release of the index, or another process's rebuild)
        is opened and swapped in; the old mapping stays valid meanwhile. A file written over in
        place (`cp other.nbx index.nbx`) must not be read again at all: its old pages may be
        gone, and touching them would kill the process with SIGBUS. If the new content cannot
        be opened yet (the copy is still being written), nothing is answered until it can.
        """
        with self._follow_lock:
            with self._swap_lock:
                live = self._live
            assert live is not None
            state = live.index.file.on_disk()
            if state == "same":
                return live  # another thread followed it first
            path = live.index.path
            try:
                index = NewsIndex.open(path)
            except (IndexFormatError, OSError) as error:
                if state == "replaced":
                    logger.warning("ignoring the new index file at %s: %s", path, error)
                    return live
                raise IndexRewrittenError(
                    f"the index file {path} was written over while in use and cannot be read "
                    f"yet ({error}); replace index files by renaming a new one into place"
                ) from None
            logger.warning(
                "the index file %s was %s; serving the new one (%d articles)",
                path,
                "replaced" if state == "replaced" else "written over in place",
                index.article_count,
            )
            self._install(index)
            with self._swap_lock:
                followed = self._live
            assert followed is not None
            return followed
