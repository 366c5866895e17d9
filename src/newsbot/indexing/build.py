"""Corpus files → a saved BM25 index: read, split into passages, analyse, count, write.

The title of an article is analysed into every one of its passages, so that a question naming
the article's subject finds its passages even where the body does not repeat the name; the
quoted text is still only the body.
"""

from __future__ import annotations

import functools
import time
import uuid
from collections import Counter, deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from newsbot.corpus import CorpusFile, ReadReport, Skipped
from newsbot.corpus.reader import READER_VERSION
from newsbot.errors import EmptyCorpusError
from newsbot.index.lexicon import sorted_vocabulary
from newsbot.index.news_index import FORMAT_VERSION
from newsbot.index.okapi import BM25Params
from newsbot.index.store import write_index_file
from newsbot.indexing.build_state import BuildState
from newsbot.indexing.pool import ordered_map, worker_count
from newsbot.indexing.unit_cache import forget_others, process_or_reuse
from newsbot.indexing.units import WorkUnit, plan_units
from newsbot.indexing.weights import field_arrays
from newsbot.indexing.workers import failed_unit
from newsbot.text import ANALYZER_VERSION
from newsbot.text.language import LATIN_SCRIPT
from newsbot.text.passages import DEFAULT_PASSAGE_WORDS

TitleMode = Literal["joined", "field"]


@dataclass(frozen=True, slots=True)
class IndexConfig:
    """Everything that changes what is indexed; a saved index built otherwise is rebuilt.

    `title_mode` "joined" indexes the article title with every passage; "field" indexes
    passages without it, and answers then add the separate title field's score.
    `follow_outside_links` reads files whose symbolic links lead out of the corpus folder
    (by default they are skipped: a link could expose any file the process can read).
    """

    bm25: BM25Params = field(default_factory=BM25Params)
    passage_words: int = DEFAULT_PASSAGE_WORDS
    title_mode: TitleMode = "joined"
    follow_outside_links: bool = False

    def as_header(self) -> dict[str, Any]:
        return {
            "k1": self.bm25.k1,
            "b": self.bm25.b,
            "epsilon": self.bm25.epsilon,
            "passage_words": self.passage_words,
            "title_mode": self.title_mode,
            "analyzer_version": ANALYZER_VERSION,
            "format_version": FORMAT_VERSION,
            "reader_version": READER_VERSION,
            "follow_outside_links": self.follow_outside_links,
        }


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What an indexing run did, for the user and for the index header."""

    files: int
    articles: int
    passages: int
    terms: int
    tokens: int
    seconds: float
    skipped: tuple[Skipped, ...]
    duplicates: tuple[tuple[str, str], ...]
    renamed: tuple[tuple[str, str], ...]
    units: int = 0
    reused_units: int = 0


class BuildProgress(Protocol):
    """Receives progress while a corpus is indexed (the CLI draws a bar from it)."""

    def file_done(self, corpus_file: CorpusFile) -> None: ...

    def articles_done(self, count: int) -> None: ...


# A corpus larger than this is analysed by worker processes; below it their start-up dominates.
_PARALLEL_BYTES = 16 * 2**20
# Skipped files, duplicates and renamed ids listed in the index header (all are counted).
_LISTED = 1_000


def fingerprint(files: Sequence[CorpusFile]) -> list[list[Any]]:
    """What identifies the corpus's state: each file's path, size and modification time."""
    return [[item.relpath, item.size, item.mtime_ns] for item in files]


def build_index(
    root: Path,
    files: Sequence[CorpusFile],
    destination: Path,
    config: IndexConfig,
    progress: BuildProgress | None = None,
    workers: int | None = None,
) -> BuildSummary:
    """Index `files` and write the result atomically to `destination`.

    Articles stream through in batches: analysed (in worker processes for a large corpus), then
    counted into compact arrays; `workers` overrides the automatic choice.
    """
    began = time.perf_counter()
    report = ReadReport()
    if workers is None:
        large = sum(item.size for item in files) >= _PARALLEL_BYTES
        workers = worker_count() if large else 1
    destination.parent.mkdir(parents=True, exist_ok=True)
    with BuildState(report, spill=destination.parent) as state:
        waiting: deque[WorkUnit] = deque()

        def planned(unit: WorkUnit) -> WorkUnit:
            waiting.append(unit)
            return unit

        kept_units = destination.parent / "units"
        kept_units.mkdir(parents=True, exist_ok=True)
        process = functools.partial(
            process_or_reuse,
            folder=kept_units,
            passage_words=config.passage_words,
            joined_titles=config.title_mode == "joined",
            build=uuid.uuid4().hex,
            follow_outside_links=config.follow_outside_links,
        )
        units = (planned(unit) for unit in plan_units(list(files)))
        keys: set[str] = set()
        for result in ordered_map(process, units, workers, on_failure=failed_unit):
            unit = waiting.popleft()
            keys.add(unit.key)
            report.files += unit.opens
            state.reused += result.reused
            state.add(result)
            if progress is not None:
                for corpus_file in unit.completes:
                    progress.file_done(corpus_file)
                progress.articles_done(state.articles)
        builders = state.builders
        vocabulary = state.vocabulary
        languages, outlets, dates = state.languages, state.outlets, state.dates
        if builders["passage"].documents == 0:
            raise EmptyCorpusError(_empty_message(root, report))
        arrays: dict[str, np.ndarray] = {}
        arrays["vocabulary"], arrays["vocabulary_ids"] = sorted_vocabulary(vocabulary.terms())
        fields: dict[str, dict[str, float]] = {}
        for name, builder in builders.items():
            postings = builder.finish(len(vocabulary))
            fields[name] = field_arrays(name, postings, config.bm25, arrays)
        passages = builders["passage"].documents
        tokens = int(fields["article"]["tokens"])
        summary = BuildSummary(
            files=report.files,
            articles=report.articles,
            passages=passages,
            terms=len(vocabulary),
            tokens=tokens,
            seconds=time.perf_counter() - began,
            skipped=tuple(report.skipped),
            duplicates=tuple(report.duplicates),
            renamed=tuple(report.renamed),
            units=len(keys),
            reused_units=state.reused,
        )
        header = {
            "format": "newsbot-index",
            "params": config.as_header(),
            "corpus": {"root": str(root), "files": fingerprint(files)},
            "fields": fields,
            "query_language": _query_language(languages),
            "languages": dict(languages.most_common()),
            "stats": {
                "files": summary.files,
                "articles": summary.articles,
                "passages": summary.passages,
                "terms": summary.terms,
                "tokens": summary.tokens,
                "outlets": len(outlets),
                "first_published": dates[0] if dates else None,
                "last_published": dates[-1] if dates else None,
                "build_seconds": round(summary.seconds, 3),
                "units": summary.units,
                "reused_units": summary.reused_units,
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                # The first of each, for a person to look at: a corpus of mostly repeated stories
                # would otherwise put megabytes of pairs in a header read at every start.
                "skipped": [[item.origin, item.reason] for item in summary.skipped[:_LISTED]],
                "duplicates": [list(pair) for pair in summary.duplicates[:_LISTED]],
                "renamed": [list(pair) for pair in summary.renamed[:_LISTED]],
                "skipped_total": len(summary.skipped),
                "duplicates_total": len(summary.duplicates),
                "renamed_total": len(summary.renamed),
            },
        }
        arrays |= state.article_arrays()
        write_index_file(destination, header, arrays)
        forget_others(kept_units, keys)
        return summary


def _query_language(languages: Counter[str]) -> str:
    """The Latin-script language most articles are in: questions are stemmed with it."""
    for language, _ in languages.most_common():
        if language in LATIN_SCRIPT:
            return language
    return "en"


def _empty_message(root: Path, report: ReadReport) -> str:
    if not report.files:
        return f"the corpus {root} holds no files; add .txt, .md, .html, .json or .jsonl articles"
    reasons = "; ".join(f"{item.origin}: {item.reason}" for item in report.skipped[:5])
    more = f" (and {len(report.skipped) - 5} more)" if len(report.skipped) > 5 else ""
    return f"no readable article in {root}: {reasons}{more}"
