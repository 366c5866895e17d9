"""The corpus cut into work units: some whole files, or a range of lines of one large JSON Lines
file, each read, analysed and counted in one go by a worker process.

Cut points depend on the content around them (a file name's or a line's hash), not on
positions, so that adding or changing an article changes only the unit that holds it: the other
units keep their key, and their analysis can be reused (see `unit_cache`).
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from newsbot.corpus.model import Article, Skipped, UnreadableFile
from newsbot.corpus.reader import CorpusFile, read_file, with_folder_section
from newsbot.corpus.records import jsonl_records, line_pieces, splittable
from newsbot.corpus.textfile import open_regular

_UNIT_BYTES = 4 * 2**20
_UNIT_FILES = 256
_CUT_ONE_IN = 16


@dataclass(frozen=True, slots=True)
class WorkUnit:
    """A slice of the corpus to read in one go: some whole files, or a range of lines (bytes
    `start` to `end`) of one large JSON Lines file."""

    files: tuple[CorpusFile, ...]
    start: int = 0
    end: int | None = None
    first_line: int = 1
    key: str = ""  # identifies the unit's content; equal keys read to equal articles

    @property
    def completes(self) -> tuple[CorpusFile, ...]:
        """The files this unit reads to their end."""
        if self.end is None or self.end >= self.files[0].size:
            return self.files
        return ()

    @property
    def opens(self) -> int:
        """How many files this unit starts reading (a slice after the first opens none)."""
        return len(self.files) if self.start == 0 else 0


def plan_units(files: list[CorpusFile], unit_bytes: int | None = None) -> Iterator[WorkUnit]:
    """Group small files and slice large JSON Lines files into units of at most `unit_bytes`.

    Cut points depend on the content around them (a file name's or a line's hash), not on
    positions, so that adding or changing an article changes only the unit that holds it: the
    other units keep their key and their analysis can be reused (see `WorkUnit.key`).
    """
    if unit_bytes is None:
        unit_bytes = _UNIT_BYTES  # looked up per call, so tests can shrink units
    group: list[CorpusFile] = []
    size = 0
    for corpus_file in files:
        if corpus_file.kind == "jsonl" and corpus_file.size > unit_bytes:
            if group:
                yield _group(group)
                group, size = [], 0
            yield from _slices(corpus_file, unit_bytes)
            continue
        group.append(corpus_file)
        size += corpus_file.size
        # A minimum in bytes or in files, so that units of many tiny files also end at
        # content-defined points rather than at the file-count limit, which would shift
        # every later cut when one file is added.
        large_enough = size >= unit_bytes // 16 or len(group) >= _UNIT_FILES // 16
        boundary = large_enough and _cut_here(corpus_file.relpath.encode("utf-8"))
        if boundary or size >= unit_bytes or len(group) >= _UNIT_FILES:
            yield _group(group)
            group, size = [], 0
    if group:
        yield _group(group)


def _cut_here(content: bytes) -> bool:
    return zlib.crc32(content[:64]) % _CUT_ONE_IN == 0


def _group(files: list[CorpusFile]) -> WorkUnit:
    digest = hashlib.blake2b(digest_size=16)
    for item in files:
        digest.update(f"{item.relpath}\x00{item.size}\x00{item.mtime_ns}\x00".encode())
    return WorkUnit(tuple(files), key=digest.hexdigest())


def _slices(corpus_file: CorpusFile, unit_bytes: int) -> Iterator[WorkUnit]:
    """Cut a large JSON Lines file between lines. Lines are read in pieces, so that an
    over-long line (which reading will skip) is never held whole here either."""
    try:
        if not splittable(corpus_file.path):
            yield _group([corpus_file])
            return
        with open_regular(corpus_file.path) as stream:
            start = position = 0
            line = number = 1
            digest = hashlib.blake2b(corpus_file.relpath.encode("utf-8"), digest_size=16)
            head = b""  # the first bytes of the current line, which decide a cut
            for piece, ends_line in line_pieces(stream):
                position += len(piece)
                digest.update(piece)
                head = head or piece[:64]
                if not ends_line:
                    continue
                number += 1
                size = position - start
                if size >= unit_bytes or (size >= unit_bytes // 4 and _cut_here(head)):
                    digest.update(f"\x00{line}".encode())
                    yield WorkUnit((corpus_file,), start, position, line, digest.hexdigest())
                    start, line = position, number
                    digest = hashlib.blake2b(corpus_file.relpath.encode("utf-8"), digest_size=16)
                head = b""
            if position > start:
                digest.update(f"\x00{line}".encode())
                yield WorkUnit((corpus_file,), start, position, line, digest.hexdigest())
    except (OSError, UnreadableFile):
        yield _group([corpus_file])  # reading it will report the error


def read_unit(unit: WorkUnit, follow_outside_links: bool = False) -> list[Article | Skipped]:
    """Everything a unit holds: articles, and what could not be read (see `read_file`)."""
    if unit.end is not None:
        corpus_file = unit.files[0]
        origin = corpus_file.relpath
        inside = None if follow_outside_links else corpus_file.root
        try:
            with open_regular(corpus_file.path, inside) as stream:
                records = jsonl_records(stream, origin, unit.start, unit.end, unit.first_line)
                return list(with_folder_section(records, origin))
        except UnreadableFile as error:
            return [Skipped(origin, str(error))]
        except OSError as error:
            return [Skipped(origin, f"cannot be read ({error.strerror or error})")]
    return [
        item for corpus_file in unit.files for item in read_file(corpus_file, follow_outside_links)
    ]
