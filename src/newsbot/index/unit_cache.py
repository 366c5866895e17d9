"""Analysed work units kept on disk, so that a rebuild re-analyses only what changed.

A unit (see `corpus.reader.plan_units`) is keyed by its content; when a corpus changes, the
units whose keys are unchanged are loaded from here instead of being read and analysed again.
They are stored like the index itself: plain arrays behind a JSON header, checksummed, written
atomically. A damaged or foreign file is simply analysed again.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import numpy as np

from newsbot.analysis import ANALYZER_VERSION
from newsbot.analysis.batch import ArticleRecord, UnitResult, process_unit
from newsbot.corpus.model import Skipped
from newsbot.corpus.reader import WorkUnit
from newsbot.errors import IndexFormatError
from newsbot.index.postings import Counted
from newsbot.index.store import IndexFile, write_index_file

logger = logging.getLogger(__name__)

_COUNTED = ("docs", "terms", "tfs", "first_index", "lengths", "first_seen")


def cache_path(folder: Path, key: str) -> Path:
    return folder / f"{key}.nbu"


def save(path: Path, result: UnitResult, settings: dict[str, Any]) -> None:
    """Keep one unit's result (best effort: a failure only costs a later re-analysis)."""
    articles = result.articles
    arrays: dict[str, np.ndarray] = {
        "digests": np.frombuffer(b"".join(a.digest for a in articles), dtype=np.uint8),
        "text": np.frombuffer(b"".join(a.text for a in articles), dtype=np.uint8),
        "text_ptr": np.cumsum([0] + [len(a.text) for a in articles], dtype=np.int64),
        "meta": np.frombuffer(b"".join(a.meta for a in articles), dtype=np.uint8),
        "meta_ptr": np.cumsum([0] + [len(a.meta) for a in articles], dtype=np.int64),
    }
    for name, counted in result.fields.items():
        for part in _COUNTED:
            arrays[f"{name}.{part}"] = getattr(counted, part)
    header = {
        "settings": settings,
        "terms": result.terms,
        "cover": result.cover,
        "articles": [
            [a.id, a.origin, a.source, a.published, a.language, [list(s) for s in a.spans]]
            for a in articles
        ],
        "skipped": [[item.origin, item.reason] for item in result.skipped],
    }
    try:
        write_index_file(path, header, arrays)
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
    digests = arrays["digests"].tobytes()
    text, text_ptr = arrays["text"], arrays["text_ptr"]
    meta, meta_ptr = arrays["meta"], arrays["meta_ptr"]
    articles = [
        ArticleRecord(
            id=article_id,
            origin=origin,
            source=source,
            published=published,
            language=language,
            spans=[(int(s), int(e)) for s, e in spans],
            digest=digests[16 * n : 16 * (n + 1)],
            text=text[int(text_ptr[n]) : int(text_ptr[n + 1])].tobytes(),
            meta=meta[int(meta_ptr[n]) : int(meta_ptr[n + 1])].tobytes(),
        )
        for n, (article_id, origin, source, published, language, spans) in enumerate(
            header["articles"]
        )
    ]
    fields = {
        name: Counted(*(np.array(arrays[f"{name}.{part}"]) for part in _COUNTED))
        for name in ("passage", "article", "title")
    }
    return UnitResult(
        articles=articles,
        skipped=[Skipped(origin, reason) for origin, reason in header["skipped"]],
        terms=list(header["terms"]),
        fields=fields,
        cover=str(header["cover"]),
        reused=True,
    )


def process_or_reuse(
    unit: WorkUnit, folder: Path, passage_words: int, joined_titles: bool, build: str
) -> UnitResult:
    """A unit's analysis: kept from an earlier build if its content is unchanged, otherwise
    done now (in a worker process for large corpora) and kept for the next build."""
    settings = {
        "passage_words": passage_words,
        "joined_titles": joined_titles,
        "analyzer_version": ANALYZER_VERSION,
    }
    path = cache_path(folder, unit.key) if unit.key else None
    if path is not None:
        kept = load(path, settings)
        if kept is not None:
            return kept
    result = process_unit(unit, passage_words, joined_titles, build)
    if path is not None:
        save(path, result, settings)
    return result


def forget_others(folder: Path, keys: set[str]) -> None:
    """Delete kept units that the last build did not use."""
    for path in folder.glob("*.nbu"):
        if path.stem not in keys:
            path.unlink(missing_ok=True)
