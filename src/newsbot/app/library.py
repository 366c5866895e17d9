"""Where each corpus's index lives, and whether it is still current.

Every corpus gets its own index file, in a cache folder keyed by the corpus's resolved path, so
that asking about another corpus never overwrites the bundled one's index and nothing is ever
written inside a corpus folder (which may be read-only). The saved index is reused while the
corpus files and the index settings are unchanged, and rebuilt by itself otherwise.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsbot import paths
from newsbot.corpus import CorpusFile, scan_corpus
from newsbot.errors import IndexFormatError, NewsbotError
from newsbot.index.news_index import NewsIndex
from newsbot.index.store import read_header
from newsbot.indexing.build import (
    BuildProgress,
    BuildSummary,
    IndexConfig,
    build_index,
    fingerprint,
)

logger = logging.getLogger(__name__)

INDEX_FILE_NAME = "index.nbx"


@dataclass(frozen=True, slots=True)
class OpenedIndex:
    """An index ready to search, and the build that made it, if one was needed."""

    index: NewsIndex
    built: BuildSummary | None
    reason: str | None


def default_index_root() -> Path:
    """$XDG_CACHE_HOME/newsbot/indexes, or ~/.cache/newsbot/indexes (see `newsbot.paths`)."""
    return paths.index_root()


def index_location(corpus: Path, index_root: Path | None = None) -> Path:
    """The index file for `corpus`: one folder per corpus, named after it and its path's hash."""
    resolved = corpus.resolve()
    digest = hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()[:16]
    name = re.sub(r"[^A-Za-z0-9._-]+", "-", resolved.name).strip("-.")[:40] or "corpus"
    root = index_root if index_root is not None else default_index_root()
    return root / f"{name}-{digest}" / INDEX_FILE_NAME


def stale_reason(
    header: dict[str, Any], files: list[CorpusFile], config: IndexConfig
) -> str | None:
    """Why a saved index no longer matches the corpus or the settings, or None if it does."""
    if header.get("params") != config.as_header():
        return "the index settings or format changed"
    saved = {entry[0]: entry[1:] for entry in header.get("corpus", {}).get("files", [])}
    current = {entry[0]: entry[1:] for entry in fingerprint(files)}
    added = len(current.keys() - saved.keys())
    removed = len(saved.keys() - current.keys())
    changed = sum(1 for key in current.keys() & saved.keys() if current[key] != saved[key])
    if added or removed or changed:
        return f"the corpus changed ({added} added, {changed} changed, {removed} removed)"
    return None


def open_index(
    corpus: Path,
    index_root: Path | None = None,
    config: IndexConfig | None = None,
    rebuild: bool = False,
    progress: BuildProgress | None = None,
) -> OpenedIndex:
    """Load the corpus's saved index if it is current; otherwise build it first."""
    config = config or IndexConfig()
    files = scan_corpus(corpus)
    path = index_location(corpus, index_root)
    reason = "a rebuild was requested" if rebuild else _check(path, files, config)
    if reason is None:
        try:
            return OpenedIndex(NewsIndex.open(path), None, None)
        except IndexFormatError as error:
            logger.warning("rebuilding the index: %s", error)
            reason = str(error)
    with _build_lock(path):
        if not rebuild:
            # Another process may have rebuilt it while we waited for the lock.
            fresh = _check(path, files, config)
            if fresh is None:
                with contextlib.suppress(IndexFormatError):
                    return OpenedIndex(NewsIndex.open(path), None, None)
        logger.info("indexing %s: %s", corpus, reason)
        _remove_stale_temporaries(path)
        try:
            summary = build_index(corpus, files, path, config, progress)
        except OSError as error:
            raise NewsbotError(
                f"cannot write the index to {path.parent} ({error.strerror or error}); "
                "set NEWSBOT_INDEX_DIR or pass --index-dir with a writable folder"
            ) from None
    return OpenedIndex(NewsIndex.open(path), summary, reason)


def combined_corpus(corpora: list[Path], index_root: Path | None = None) -> Path:
    """One corpus folder standing for several corpus files, to index them together: a folder
    beside the indexes holding a link to each (the files are read where they are, never
    copied). The same files always give the same folder, so its index is reused."""
    resolved = [corpus.resolve() for corpus in corpora]
    digest = hashlib.sha256("\0".join(map(str, resolved)).encode("utf-8")).hexdigest()[:16]
    root = index_root if index_root is not None else default_index_root()
    folder = root / "combined" / f"corpora-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    for number, corpus in enumerate(resolved, start=1):
        if not corpus.is_file():
            raise NewsbotError(f"{corpus} is not a file; only corpus files can be combined")
        link = folder / f"{number}-{corpus.name}"
        if link.is_symlink() and link.resolve() == corpus:
            continue
        temporary = folder / f".{link.name}.tmp"
        temporary.unlink(missing_ok=True)
        temporary.symlink_to(corpus)
        temporary.replace(link)  # atomic: a reader sees the old link or the new one
    return folder


def _check(path: Path, files: list[CorpusFile], config: IndexConfig) -> str | None:
    if not path.exists():
        return "no index yet"
    try:
        header = read_header(path)
    except (IndexFormatError, OSError) as error:
        return str(error)
    return stale_reason(header, files, config)


def _remove_stale_temporaries(path: Path) -> None:
    """Delete temporary files left by a build that was killed; called holding the build lock,
    so no temporary file in the folder can belong to a live build."""
    for leftover in path.parent.glob(f".{path.name}.*.tmp"):
        logger.warning("removing %s, left by an interrupted build", leftover.name)
        leftover.unlink(missing_ok=True)


@contextlib.contextmanager
def _build_lock(path: Path) -> Iterator[None]:
    """Serialise builds of one index across processes; readers never wait on it."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = (path.parent / ".lock").open("a")
    except OSError as error:
        raise NewsbotError(
            f"cannot create the index folder {path.parent} ({error.strerror or error}); "
            "set NEWSBOT_INDEX_DIR or pass --index-dir with a writable folder"
        ) from None
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
