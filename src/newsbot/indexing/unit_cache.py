"""Analysed work units kept on disk, so that a rebuild re-analyses only what changed.

A unit (see `units.plan_units`) is keyed by its content; when a corpus changes, the
units whose keys are unchanged are loaded from here instead of being read and analysed again.
They are stored like the index itself: plain arrays behind a JSON header, checksummed, written
atomically. A damaged or foreign file is simply analysed again.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from newsbot.corpus.model import Skipped
from newsbot.corpus.reader import READER_VERSION
from newsbot.errors import IndexFormatError
from newsbot.index.store import IndexFile, write_index_file
from newsbot.indexing.postings import Counted
from newsbot.indexing.unit_result import ArticleColumns, UnitResult
from newsbot.indexing.units import WorkUnit
from newsbot.indexing.workers import process_unit
from newsbot.text import ANALYZER_VERSION

logger = logging.getLogger(__name__)

# Bump when what a kept unit holds changes, so that older ones are analysed again.
_LAYOUT = 2
_COUNTED = ("docs", "terms", "tfs", "first_index", "lengths", "first_seen")


def cache_path(folder: Path, key: str) -> Path:
    return folder / f"{key}.nbu"


def save(path: Path, result: UnitResult, settings: dict[str, Any]) -> None:
    """Keep one unit's result (best effort: a failure only costs a later re-analysis)."""
    columns = result.articles
    arrays: dict[str, np.ndarray] = {
        "digests": np.frombuffer(columns.digests, dtype=np.uint8),
        "text": np.frombuffer(columns.text, dtype=np.uint8),
        "text_ptr": columns.text_ptr,
        "meta": np.frombuffer(columns.meta, dtype=np.uint8),
        "meta_ptr": columns.meta_ptr,
        "passages": columns.passages,
        "spans": columns.spans,
    }
    for name, counted in result.fields.items():
        for part in _COUNTED:
            arrays[f"{name}.{part}"] = getattr(counted, part)
    header = {
        "settings": settings,
        "terms": result.terms,
        "cover": result.cover,
        "articles": {
            "ids": columns.ids,
            "origins": columns.origins,
            "sources": columns.sources,
            "published": columns.published,
            "languages": columns.languages,
        },
        "skipped": [[item.origin, item.reason] for item in result.skipped],
    }
    try:
        write_index_file(path, header, arrays, durable=False)
    except OSError as error:
        logger.info("could not keep the analysis of a unit: %s", error)


def load(path: Path, settings: dict[str, Any]) -> UnitResult | None:
    """A kept unit, or None if there is none (or it is damaged, or from other settings)."""
    if not path.exists():
        return None
    try:
        stored = IndexFile(path)
    except (IndexFormatError, OSError, ValueError, KeyError) as error:
        logger.info("re-analysing a unit: %s", error)
        return None
    header, arrays = stored.header, stored.arrays
    if header.get("settings") != settings:
        return None
    listed = header["articles"]
    columns = ArticleColumns(
        ids=list(listed["ids"]),
        origins=list(listed["origins"]),
        sources=list(listed["sources"]),
        published=list(listed["published"]),
        languages=list(listed["languages"]),
        passages=np.array(arrays["passages"], dtype=np.int64),
        spans=np.array(arrays["spans"], dtype=np.int32).reshape(-1, 2),
        digests=arrays["digests"].tobytes(),
        text=arrays["text"].tobytes(),
        text_ptr=np.array(arrays["text_ptr"], dtype=np.int64),
        meta=arrays["meta"].tobytes(),
        meta_ptr=np.array(arrays["meta_ptr"], dtype=np.int64),
    )
    fields = {
        name: Counted(*(np.array(arrays[f"{name}.{part}"]) for part in _COUNTED))
        for name in ("passage", "article", "title")
    }
    return UnitResult(
        articles=columns,
        skipped=[Skipped(origin, reason) for origin, reason in header["skipped"]],
        terms=list(header["terms"]),
        fields=fields,
        cover=str(header["cover"]),
        reused=True,
    )


def process_or_reuse(
    unit: WorkUnit,
    folder: Path,
    passage_words: int,
    joined_titles: bool,
    build: str,
    follow_outside_links: bool = False,
) -> UnitResult:
    """A unit's analysis: kept from an earlier build if its content is unchanged, otherwise
    done now (in a worker process for large corpora) and kept for the next build."""
    settings = {
        "layout": _LAYOUT,
        "passage_words": passage_words,
        "joined_titles": joined_titles,
        "analyzer_version": ANALYZER_VERSION,
        "reader_version": READER_VERSION,
        "follow_outside_links": follow_outside_links,
    }
    path = cache_path(folder, unit.key) if unit.key else None
    if path is not None:
        kept = load(path, settings)
        if kept is not None:
            return kept
    result = process_unit(unit, passage_words, joined_titles, build, follow_outside_links)
    if path is not None:
        save(path, result, settings)
    return result.for_parent()


def forget_others(folder: Path, keys: set[str]) -> None:
    """Delete kept units that the last build did not use."""
    for path in folder.glob("*.nbu"):
        if path.stem not in keys:
            path.unlink(missing_ok=True)
