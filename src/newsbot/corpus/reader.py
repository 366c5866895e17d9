"""A corpus folder (or single file) → articles, in a deterministic order.

Files are found recursively and sorted by relative path, so that two runs over the same folder
produce the same articles, ids and index. Hidden files and editor leftovers are ignored. A file
that cannot be read is reported as `Skipped` and the rest are still read, whatever the file
holds: no file can stop a build. Only regular files are opened (a named pipe would block for
ever), and a symbolic link that leads out of the corpus folder is not followed unless asked
(it could expose any file the process can read). An article whose text repeats an earlier
one's is read once.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from newsbot.corpus.html import parse_html
from newsbot.corpus.markdown import parse_markdown
from newsbot.corpus.model import Article, Skipped, UnreadableFile
from newsbot.corpus.records import json_records, jsonl_records
from newsbot.corpus.textfile import open_regular, stream_text
from newsbot.corpus.txt import parse_txt
from newsbot.errors import CorpusNotFoundError
from newsbot.text.words import collapsed_utf8

logger = logging.getLogger(__name__)

# Bump when what reading a corpus gives changes: saved indexes and kept units made by an older
# reader are then read again. 2: non-regular files, links out of the corpus folder, over-long
# records and files that made a parser raise are skipped (an index made before may hold them).
# 3: articles carry a section.
READER_VERSION = 3

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
    # The corpus folder, resolved: unless told otherwise, the file is read only if it really is
    # inside it. None for a corpus of one file, which was named on purpose.
    root: Path | None = None

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
    if not corpus.is_dir():
        stat = corpus.stat()
        return [CorpusFile(corpus, corpus.name, stat.st_size, stat.st_mtime_ns)]
    root = Path(os.path.realpath(corpus))
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
            found.append(CorpusFile(path, relpath, stat.st_size, stat.st_mtime_ns, root))
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
    follow_outside_links: bool = False,
) -> Iterator[Article]:
    """The unique articles of `files`, in order; skips and duplicates go into `report`.

    Indexing reads the same files in units, in worker processes (see `indexing.units`); this is
    the plain sequential reading, for tools and tests.
    """
    deduplicator = Deduplicator(report)
    for corpus_file in files:
        report.files += 1
        for item in read_file(corpus_file, follow_outside_links):
            if isinstance(item, Skipped):
                report.skipped.append(item)
                continue
            article = deduplicator.accept(item, text_digest(item.text))
            if article is not None:
                yield article
        if on_file is not None:
            on_file(corpus_file)


def folder_section(relpath: str) -> str | None:
    """The first-level subfolder a corpus file is in ("sport/001.txt" → "sport"): a folder
    corpus sorted into sections says so by its folders."""
    folder, slash, _ = relpath.partition("/")
    return folder if slash and folder else None


def with_folder_section(
    items: Iterable[Article | Skipped], relpath: str
) -> Iterator[Article | Skipped]:
    """Articles without a section of their own get their folder's (see `folder_section`)."""
    section = folder_section(relpath)
    for item in items:
        if section is not None and isinstance(item, Article) and item.section is None:
            item = replace(item, section=section)
        yield item


def read_file(
    corpus_file: CorpusFile, follow_outside_links: bool = False
) -> Iterator[Article | Skipped]:
    """`_read_file`, each article in its folder's section unless it names its own."""
    return with_folder_section(_read_file(corpus_file, follow_outside_links), corpus_file.relpath)


def _read_file(
    corpus_file: CorpusFile, follow_outside_links: bool = False
) -> Iterator[Article | Skipped]:
    """Everything one file holds: its articles, and what could not be read, with the reason.

    Never raises for what a file holds: a reader's error (a parser's RecursionError on deep
    nesting, a library's own exception on input it cannot take) becomes a `Skipped` for the
    file, so that one file never stops a build. With `follow_outside_links` false, a file whose
    real path is outside the corpus folder (a symbolic link leading out) is skipped.
    """
    kind = corpus_file.kind
    origin = corpus_file.relpath
    if kind is None:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        yield Skipped(origin, f"unsupported file type (newsbot reads {supported})")
        return
    inside = None if follow_outside_links else corpus_file.root
    try:
        with open_regular(corpus_file.path, inside) as stream:
            if kind == "jsonl":
                yield from jsonl_records(stream, origin)
                return
            text = stream_text(stream)
        if kind == "json":
            yield from json_records(text, origin)
        elif kind == "txt":
            yield parse_txt(text, origin, origin)
        elif kind == "markdown":
            yield parse_markdown(text, origin, origin)
        else:
            yield parse_html(text, origin, origin)
    except UnreadableFile as error:
        yield Skipped(origin, str(error))
    except OSError as error:
        yield Skipped(origin, f"cannot be read ({error.strerror or error})")
    except RecursionError:
        yield Skipped(origin, "nested too deeply to read")
    except Exception as error:  # a file is data from anywhere; the build must go on
        logger.warning("could not read %s", printable(origin), exc_info=True)
        yield Skipped(origin, f"could not be read ({type(error).__name__}: {error})")


# C0 and C1 control characters (ESC starts terminal escape sequences, BEL ends OSC ones, a
# newline forges a line of output), DEL, the line and paragraph separators, and the bidi
# controls that reorder what follows.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def printable(name: str) -> str:
    """A file name (or any text from the corpus) as it may be shown on a terminal or in a log:
    control characters written as escapes ("\\x1b", "\\n"), so that a file named with ESC,
    OSC or newline characters cannot drive the terminal or forge output lines."""
    return _UNPRINTABLE.sub(_escape, name)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    named = _NAMED_ESCAPES.get(char)
    return named or (f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}")


_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


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
        section=article.section,
    )
