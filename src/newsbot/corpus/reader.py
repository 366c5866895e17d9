"""A corpus folder (or single file) → articles, in a deterministic order.

Files are found recursively and sorted by relative path, so that two runs over the same folder
produce the same articles, ids and index. Hidden files and editor leftovers are ignored. A file
that cannot be read is reported as `Skipped` and the rest are still read. An article whose text
repeats an earlier one's is read once.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from newsbot.corpus.html import read_html
from newsbot.corpus.markdown import read_markdown
from newsbot.corpus.model import Article, Skipped, UnreadableFile
from newsbot.corpus.records import read_json, read_jsonl
from newsbot.corpus.txt import read_txt
from newsbot.errors import CorpusNotFoundError
from newsbot.text.words import collapsed_utf8

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = {
    ".txt": "txt",
    ".text": "txt",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


@dataclass(frozen=True, slots=True)
class CorpusFile:
    """A file of the corpus, with what is needed to notice that it changed."""

    path: Path
    relpath: str
    size: int
    mtime_ns: int

    @property
    def kind(self) -> str | None:
        return SUPPORTED_SUFFIXES.get(self.path.suffix.casefold())


@dataclass
class ReadReport:
    """What reading the corpus found besides articles: skips, duplicates, renamed ids."""

    files: int = 0
    articles: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[tuple[str, str]] = field(default_factory=list)
    renamed: list[tuple[str, str]] = field(default_factory=list)


def scan_corpus(corpus: Path) -> list[CorpusFile]:
    """Every candidate file of the corpus, sorted by relative path."""
    if not corpus.exists():
        raise CorpusNotFoundError(
            f"corpus not found: {corpus}. Pass --corpus PATH or set NEWSBOT_CORPUS_DIR."
        )
    if corpus.is_file():
        stat = corpus.stat()
        return [CorpusFile(corpus, corpus.name, stat.st_size, stat.st_mtime_ns)]
    found: list[CorpusFile] = []
    for directory, subdirs, names in os.walk(corpus):
        subdirs[:] = [name for name in subdirs if not name.startswith(".")]
        for name in names:
            if _ignored(name):
                continue
            path = Path(directory) / name
            try:
                stat = path.stat()
            except OSError:
                continue  # vanished or a dangling link: nothing to read
            relpath = path.relative_to(corpus).as_posix()
            found.append(CorpusFile(path, relpath, stat.st_size, stat.st_mtime_ns))
    found.sort(key=lambda item: item.relpath)
    return found


def _ignored(name: str) -> bool:
    return name.startswith((".", "~$", "#")) or name.endswith(("~", ".swp", ".tmp"))


def text_digest(text: str) -> bytes:
    """What two articles share when one's text repeats the other's (whitespace aside)."""
    return hashlib.blake2b(collapsed_utf8(text), digest_size=16).digest()


class Deduplicator:
    """Keeps the first of articles with the same text, and makes article ids unique."""

    def __init__(self, report: ReadReport) -> None:
        self.report = report
        self._seen_text: dict[bytes, str] = {}
        self._seen_ids: set[str] = set()

    def accept(self, article: Article, digest: bytes) -> Article | None:
        """The article to index (perhaps renamed), or None for a duplicate."""
        article_id = self.accept_id(article.id, article.origin, digest)
        if article_id is None:
            return None
        return article if article_id == article.id else _with_id(article, article_id)

    def accept_id(self, article_id: str, origin: str, digest: bytes) -> str | None:
        """The id to index an article under (perhaps made unique), or None for a duplicate."""
        report = self.report
        if digest in self._seen_text:
            report.duplicates.append((article_id, self._seen_text[digest]))
            return None
        if article_id in self._seen_ids:
            unique = _unique_id(article_id, self._seen_ids)
            report.renamed.append((origin, unique))
            article_id = unique
        self._seen_text[digest] = article_id
        self._seen_ids.add(article_id)
        report.articles += 1
        return article_id


def read_corpus(
    files: list[CorpusFile],
    report: ReadReport,
    on_file: Callable[[CorpusFile], None] | None = None,
) -> Iterator[Article]:
    """The unique articles of `files`, in order; skips and duplicates go into `report`.

    Indexing reads the same files in units, in worker processes (see `indexing.units`); this is
    the plain sequential reading, for tools and tests.
    """
    deduplicator = Deduplicator(report)
    for corpus_file in files:
        report.files += 1
        for item in read_file(corpus_file):
            if isinstance(item, Skipped):
                report.skipped.append(item)
                continue
            article = deduplicator.accept(item, text_digest(item.text))
            if article is not None:
                yield article
        if on_file is not None:
            on_file(corpus_file)


def read_file(corpus_file: CorpusFile) -> Iterator[Article | Skipped]:
    """Everything one file holds: its articles, and what could not be read, with the reason."""
    kind = corpus_file.kind
    origin = corpus_file.relpath
    if kind is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        yield Skipped(origin, f"unsupported file type (newsbot reads {supported})")
        return
    try:
        if kind == "jsonl":
            yield from read_jsonl(corpus_file.path, origin)
        elif kind == "json":
            yield from read_json(corpus_file.path, origin)
        elif kind == "txt":
            yield read_txt(corpus_file.path, origin, origin)
        elif kind == "markdown":
            yield read_markdown(corpus_file.path, origin, origin)
        else:
            yield read_html(corpus_file.path, origin, origin)
    except UnreadableFile as error:
        yield Skipped(origin, str(error))
    except OSError as error:
        yield Skipped(origin, f"cannot be read ({error.strerror or error})")


def _unique_id(article_id: str, taken: set[str]) -> str:
    number = 2
    while f"{article_id}~{number}" in taken:
        number += 1
    return f"{article_id}~{number}"


def _with_id(article: Article, article_id: str) -> Article:
    return Article(
        id=article_id,
        title=article.title,
        text=article.text,
        source=article.source,
        url=article.url,
        published=article.published,
        language=article.language,
        origin=article.origin,
    )
