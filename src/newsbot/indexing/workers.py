"""Analysing articles in bulk, in worker processes when the corpus is large.

Splitting into passages, analysing text and counting terms dominate indexing time, so large
corpora are analysed by a pool of processes (one per core). A worker numbers terms in the order
they first appear (one vocabulary for the whole build), counts each unit's terms per field, and
reports each term's name to the parent once; the parent maps the worker's numbers to global ids
in the corpus's order of first appearance, so the index (term ids, and so every score) is
identical whatever the number of workers.
"""

from __future__ import annotations

import logging
import uuid
from json.encoder import encode_basestring
from typing import TypeVar

import numpy as np

from newsbot.corpus.model import Article, Skipped
from newsbot.corpus.reader import text_digest
from newsbot.indexing.postings import Vocabulary, count_terms
from newsbot.indexing.run_codes import RunCoder, run_coder
from newsbot.indexing.unit_result import ArticleColumns, UnitResult, WorkerTerms, offsets
from newsbot.indexing.units import WorkUnit, read_unit
from newsbot.text.analyzer import Analyzer
from newsbot.text.language import detect_language, normalise_language
from newsbot.text.passages import split_passages
from newsbot.text.segment import Span

logger = logging.getLogger(__name__)

FIELD_ORDER = ("passage", "article", "title")
Item = TypeVar("Item")
Result = TypeVar("Result")


# The JSON object json.dumps(..., ensure_ascii=False) writes for an article's metadata, filled
# in directly: a build writes one per article, and dumps' per-call set-up cost more than the
# escaping. A test holds the two to the same bytes.
_META = (
    '{"id": %s, "title": %s, "source": %s, "url": %s, "published": %s, "language": %s, '
    '"origin": %s, "section": %s}'
)


def article_meta(article: Article, language: str) -> bytes:
    """The JSON metadata stored for an article (everything but its text)."""
    fields = (
        article.id,
        article.title,
        article.source,
        article.url,
        article.published,
        language,
        article.origin,
        article.section,
    )
    return (_META % tuple(_json_string(value) for value in fields)).encode("utf-8")


def _json_string(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


class MultiTermRuns:
    """The runs that stand for several terms ("600m": 600, million), numbered in the order
    they are found; run k's code is -2 - k. Kept as growing arrays, so that a unit's stream
    is expanded with a few numpy operations whatever its length."""

    def __init__(self) -> None:
        self._terms = np.zeros(64, dtype=np.int32)  # every run's term ids, one run after another
        self._ends = np.zeros(65, dtype=np.int64)  # run k's ids: _terms[_ends[k]:_ends[k + 1]]
        self._count = 0

    def add(self, term_ids: list[int]) -> int:
        """Number a new multi-term run; returns its code."""
        start = int(self._ends[self._count])
        end = start + len(term_ids)
        if end > self._terms.size:
            self._terms = np.resize(self._terms, 2 * end)
        if self._count + 2 > self._ends.size:
            self._ends = np.resize(self._ends, 2 * self._ends.size)
        self._terms[start:end] = term_ids
        self._count += 1
        self._ends[self._count] = end
        return -1 - self._count

    def expand(self, codes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each code's number of terms (0 for a stop word), and the codes' terms in order."""
        expanding = codes <= -2
        per_code = (codes >= 0).astype(np.int64)
        if not expanding.any():
            return per_code, codes[codes >= 0]
        runs = -codes[expanding].astype(np.int64) - 2
        sizes = self._ends[runs + 1] - self._ends[runs]
        per_code[expanding] = sizes
        out_start = np.cumsum(per_code) - per_code
        terms = np.empty(int(per_code.sum()), dtype=np.int32)
        single = codes >= 0
        terms[out_start[single]] = codes[single]
        within = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)
        terms[np.repeat(out_start[expanding], sizes) + within] = self._terms[
            np.repeat(self._ends[runs], sizes) + within
        ]
        return per_code, terms


class _RunTerms:
    """Run of word characters → its term's id in the worker's vocabulary; -1 when the run has
    no term (a stop word), -2 - k for the k-th run with several terms ("600m": 600, million).

    The run coder calls it once for each run it has not seen (see `run_codes`).
    """

    def __init__(self, analyzer: Analyzer, vocabulary: Vocabulary, multi: MultiTermRuns) -> None:
        self._analyzer = analyzer
        self._vocabulary = vocabulary
        self._multi = multi

    def __call__(self, run: str) -> int:
        terms = self._analyzer.run_terms(run)
        if not terms:
            return -1
        if len(terms) == 1:
            return self._vocabulary.add(terms[0])
        return self._multi.add([self._vocabulary.add(term) for term in terms])


class _WorkerState:
    """A worker's vocabulary and run caches for one build; a new build starts afresh."""

    def __init__(self) -> None:
        self.build = ""
        self.token = ""
        self.vocabulary = Vocabulary()
        self.reported = 0  # terms below this id have been handed to the parent
        self.multi = MultiTermRuns()
        self.runs: dict[str, RunCoder] = {}

    def start(self, build: str) -> None:
        if build != self.build:  # caches are per build, so that they do not grow forever
            self.build = build
            self.token = uuid.uuid4().hex
            self.vocabulary = Vocabulary()
            self.reported = 0
            self.multi = MultiTermRuns()
            self.runs = {}

    def report(self, used: np.ndarray) -> WorkerTerms:
        """The unit's terms (`used`: worker ids) with the names not yet reported."""
        terms = WorkerTerms(
            worker=self.token,
            ids=used.astype(np.int32),
            first=self.reported,
            names=self.vocabulary.names_from(self.reported),
        )
        self.reported = len(self.vocabulary)
        return terms

    def run_coder(self, language: str) -> RunCoder:
        coder = self.runs.get(language)
        if coder is None:
            terms = _RunTerms(Analyzer(language), self.vocabulary, self.multi)
            coder = self.runs[language] = run_coder(terms)
        return coder


_state = _WorkerState()


def process_unit(
    unit: WorkUnit,
    passage_words: int,
    joined_titles: bool,
    build: str,
    follow_outside_links: bool = False,
) -> UnitResult:
    """Read, split, analyse and count one unit of the corpus (in a worker for large corpora).

    With `joined_titles`, each passage is indexed with its article's title. Reading never
    raises for what a file holds (see `read_file`); should analysing an article raise all the
    same, that article is reported as skipped and the unit's others are indexed, because an
    exception here would end the whole build.
    """
    _state.start(build)
    items = read_unit(unit, follow_outside_links)
    reported = _state.reported
    try:
        return _analyse(items, passage_words, joined_titles)
    except Exception:
        _state.reported = reported  # the failed attempt's result never reaches the parent
        logger.warning("analysing a part of the corpus failed; trying its articles one by one")
    return _analyse(
        _without_failures(items, passage_words, joined_titles), passage_words, joined_titles
    )


def _without_failures(
    items: list[Article | Skipped], passage_words: int, joined_titles: bool
) -> list[Article | Skipped]:
    """`items` with every article whose analysis raises turned into a `Skipped`."""
    kept: list[Article | Skipped] = []
    for item in items:
        if isinstance(item, Article):
            reported = _state.reported
            try:
                _analyse([item], passage_words, joined_titles)
            except Exception as error:
                logger.warning("could not index %s", item.origin, exc_info=True)
                item = Skipped(
                    item.origin, f"could not be indexed ({type(error).__name__}: {error})"
                )
            finally:
                _state.reported = reported
        kept.append(item)
    return kept


def _analyse(items: list[Article | Skipped], passage_words: int, joined_titles: bool) -> UnitResult:
    """The unit's result from what reading it gave."""
    articles = [item for item in items if isinstance(item, Article)]
    languages: list[str] = []
    all_spans: list[Span] = []  # every passage's span, article by article
    stream_parts: list[bytes] = []  # the passage stream, as run codes (int32), in order
    run_counts: list[int] = []  # runs per passage
    title_runs: list[int] = []  # of which, title runs at the start (joined titles)
    passages_per_article: list[int] = []
    titles: list[np.ndarray] = []
    for article in articles:
        language = normalise_language(article.language) or detect_language(article.text)
        codes = _state.run_coder(language).codes
        spans = split_passages(article.text, passage_words)
        title = codes(article.title)
        title_count = len(title) // 4 if joined_titles else 0
        titles.append(np.frombuffer(title, dtype=np.int32))
        text = article.text
        for start, end in spans:
            body = codes(text, start, end)
            if joined_titles:
                stream_parts.append(title)
            stream_parts.append(body)
            run_counts.append(len(body) // 4 + title_count)
            title_runs.append(title_count)
        passages_per_article.append(len(spans))
        languages.append(language)
        all_spans.extend(spans)
    empty = np.zeros(0, dtype=np.int32)
    stream = np.frombuffer(b"".join(stream_parts), dtype=np.int32)
    counts = np.array(run_counts, dtype=np.int64)
    per_article = np.array(passages_per_article, dtype=np.int64)
    multi = _state.multi
    passage_ids, passage_lengths = _terms(stream, counts, multi)
    title_counts = np.array([title.size for title in titles], dtype=np.int64)
    title_stream = np.concatenate(titles) if titles else empty
    passage_counted = count_terms(passage_ids, passage_lengths)
    if joined_titles and (per_article == 1).all():
        # One passage per article: the articles' postings are the passages'.
        article_counted = passage_counted
        cover = "passage"
    elif joined_titles:
        keep = _drop_repeated_titles(counts, np.array(title_runs, dtype=np.int64), per_article)
        kept_runs = _sums(keep.astype(np.int64), counts)
        article_ids, article_lengths = _terms(stream[keep], _sums(kept_runs, per_article), multi)
        article_counted = count_terms(article_ids, article_lengths)
        cover = "passage"
    else:
        bodies = np.split(stream, np.cumsum(_sums(counts, per_article))[:-1]) if titles else []
        article_stream = (
            np.concatenate([np.concatenate(pair) for pair in zip(titles, bodies, strict=True)])
            if titles
            else empty
        )
        article_ids, article_lengths = _terms(
            article_stream, title_counts + _sums(counts, per_article), multi
        )
        article_counted = count_terms(article_ids, article_lengths)
        cover = "article"
    title_ids, title_lengths = _terms(title_stream, title_counts, multi)
    fields = {
        "passage": passage_counted,
        "article": article_counted,
        "title": count_terms(title_ids, title_lengths),
    }
    # From the worker's ids to the unit's own: the distinct terms used, in id order.
    in_use = np.zeros(len(_state.vocabulary), dtype=bool)
    for counted in fields.values():
        in_use[counted.terms] = True
    used = np.flatnonzero(in_use)
    table = (np.cumsum(in_use, dtype=np.int64) - 1).astype(np.int32)
    local = {name: counted.renumbered(table) for name, counted in fields.items()}
    texts = [article.text.encode("utf-8") for article in articles]
    metas = [
        article_meta(article, language)
        for article, language in zip(articles, languages, strict=True)
    ]
    columns = ArticleColumns(
        ids=[article.id for article in articles],
        origins=[article.origin for article in articles],
        sources=[article.source for article in articles],
        published=[article.published for article in articles],
        languages=languages,
        passages=per_article,
        spans=np.array(all_spans, dtype=np.int32).reshape(-1, 2),
        digests=b"".join(text_digest(article.text) for article in articles),
        text=b"".join(texts),
        text_ptr=offsets([len(text) for text in texts]),
        meta=b"".join(metas),
        meta_ptr=offsets([len(meta) for meta in metas]),
    )
    return UnitResult(
        articles=columns,
        skipped=[item for item in items if isinstance(item, Skipped)],
        terms=_state.vocabulary.names(used.tolist()),
        fields=local,
        cover=cover,
        worker_terms=_state.report(used),
    )


def failed_unit(unit: WorkUnit, error: BaseException) -> UnitResult:
    """What a unit gives when its analysis failed outright (its worker process died, or its
    result could not come back): no articles, and its files reported as skipped, with the
    reason, so that the build goes on without them."""
    reason = f"could not be analysed ({type(error).__name__}: {error})"
    if unit.end is not None:  # a slice of lines of one JSON Lines file
        skipped = [
            Skipped(
                f"{unit.files[0].relpath}:{unit.first_line}",
                f"{reason}, with the lines after it up to byte {unit.end:,}",
            )
        ]
    else:
        skipped = [Skipped(corpus_file.relpath, reason) for corpus_file in unit.files]
    none = count_terms(np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64))
    columns = ArticleColumns(
        ids=[],
        origins=[],
        sources=[],
        published=[],
        languages=[],
        passages=np.zeros(0, dtype=np.int64),
        spans=np.zeros((0, 2), dtype=np.int32),
        digests=b"",
        text=b"",
        text_ptr=offsets([]),
        meta=b"",
        meta_ptr=offsets([]),
    )
    fields = dict.fromkeys(FIELD_ORDER, none)
    return UnitResult(articles=columns, skipped=skipped, terms=[], fields=fields, cover="passage")


def _sums(values: np.ndarray, group_sizes: np.ndarray) -> np.ndarray:
    """Sums of consecutive groups of `values` (groups may be empty)."""
    totals = np.zeros(group_sizes.size, dtype=np.int64)
    if values.size:
        ends = np.cumsum(group_sizes)
        cumulative = np.r_[0, np.cumsum(values)]
        totals = cumulative[ends] - cumulative[ends - group_sizes]
    return totals


def _terms(
    codes: np.ndarray, run_counts: np.ndarray, multi: MultiTermRuns
) -> tuple[np.ndarray, np.ndarray]:
    """Term ids and per-document lengths from run codes: stop words out, multi-term runs out."""
    per_code, terms = multi.expand(codes)
    return terms, _sums(per_code, run_counts)


def _drop_repeated_titles(
    run_counts: np.ndarray, title_runs: np.ndarray, passages_per_article: np.ndarray
) -> np.ndarray:
    """A mask of the passage stream's runs that make the article stream: titles once."""
    keep = np.ones(int(run_counts.sum()), dtype=bool)
    if run_counts.size == 0:
        return keep
    first = np.zeros(run_counts.size, dtype=bool)
    first[np.r_[0, np.cumsum(passages_per_article)[:-1]]] = True
    starts = np.r_[0, np.cumsum(run_counts)[:-1]]
    drop_starts, drop_lengths = starts[~first], title_runs[~first]
    total = int(drop_lengths.sum())
    if total:
        offsets = np.arange(total) - np.repeat(np.cumsum(drop_lengths) - drop_lengths, drop_lengths)
        keep[np.repeat(drop_starts, drop_lengths) + offsets] = False
    return keep
