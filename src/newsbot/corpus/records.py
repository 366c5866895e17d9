"""JSON and JSON Lines files of article records (`id, title, text`, and optional metadata).

A JSON Lines file is read line by line, so that one malformed line costs one record, not the
file, and a file of any size is read in bounded memory: a line longer than `MAX_RECORD_BYTES`
is skipped without ever being held whole.
"""

from __future__ import annotations

import codecs
import json
import logging
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from newsbot.corpus.metadata import clean_line, normalise_date, title_from_text
from newsbot.corpus.model import Article, Skipped, UnreadableFile
from newsbot.corpus.textfile import open_regular, read_text, stream_text
from newsbot.text.normalise import scrub

logger = logging.getLogger(__name__)

_CONTAINER_KEYS = ("articles", "records", "data", "items", "documents")
_SNIFF = 8192
# One JSON Lines record (one line) longer than this is skipped, read past without being held:
# an article is rarely 1 MiB (War and Peace is 3.2 MB), and a record of 250 MB once took 1.55
# GB of memory to parse.
MAX_RECORD_BYTES = 8 * 2**20
_PIECE = 2**20


def read_jsonl(
    path: Path, origin: str, start: int = 0, end: int | None = None, first_line: int = 1
) -> Iterator[Article | Skipped]:
    """Read a JSON Lines file (or the lines between byte offsets `start` and `end`): one record
    per line, blank lines ignored."""
    with open_regular(path) as stream:
        yield from jsonl_records(stream, origin, start, end, first_line)


def jsonl_records(
    stream: BinaryIO,
    origin: str,
    start: int = 0,
    end: int | None = None,
    first_line: int = 1,
    max_record: int | None = None,
) -> Iterator[Article | Skipped]:
    """`read_jsonl` of a file already opened (by `open_regular`).

    Each line costs itself only: malformed JSON, JSON nested too deeply or holding a number too
    long to read, and a line longer than `max_record` bytes (default `MAX_RECORD_BYTES`; read
    past in pieces, never held whole) are reported with their line number and skipped.
    """
    if max_record is None:
        max_record = MAX_RECORD_BYTES  # looked up per call, so tests can lower it
    found_any = False
    for number, line in _numbered_lines(stream, start, end, first_line, max_record):
        where = f"{origin}:{number}"
        if isinstance(line, UnreadableFile):
            found_any = True
            yield Skipped(where, str(line))
            continue
        if not line.strip():
            continue
        found_any = True
        try:
            value = parse_json(line, with_line=False)
        except UnreadableFile as error:
            yield Skipped(where, str(error))
            continue
        yield guarded_record(value, where)
    if not found_any and start == 0 and end is None:
        raise UnreadableFile("the file is empty")


def splittable(path: Path) -> bool:
    """True for a JSON Lines file that can be read in slices of lines (UTF-8, not binary)."""
    with open_regular(path) as stream:
        head = stream.read(_SNIFF)
    return not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" not in head


def line_pieces(stream: BinaryIO, piece: int = _PIECE) -> Iterator[tuple[bytes, bool]]:
    """The stream's bytes from where it stands, in pieces of at most `piece` bytes that never
    cross a line end: (bytes, True) ends a line. A line of any length is read in bounded
    memory this way."""
    while raw := stream.readline(piece):
        yield raw, raw.endswith(b"\n")


def _numbered_lines(
    stream: BinaryIO, start: int, end: int | None, first_line: int, max_record: int
) -> Iterator[tuple[int, str | UnreadableFile]]:
    """Each line, decoded on its own so that one bad line does not cost the file."""
    if start == 0:
        head = stream.read(_SNIFF)
        if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            # UTF-16 cannot be split on b"\n"; such files are rare and read whole (within the
            # limit for one file).
            for number, line in enumerate(stream_text(stream).split("\n"), start=1):
                too_long = len(line) > max_record
                yield number, _too_long(len(line), max_record) if too_long else line
            return
        if b"\x00" in head:
            raise UnreadableFile("binary data, not JSON Lines (it contains NUL bytes)")
    stream.seek(start)
    position = start
    number = first_line - 1
    while end is None or position < end:
        raw = stream.readline(max_record + 1)
        if not raw:
            break
        number += 1
        position += len(raw)
        if len(raw) > max_record and not raw.endswith(b"\n"):
            rest = sum(len(piece) for piece, _ in _rest_of_line(stream))
            position += rest
            yield number, _too_long(len(raw) + rest, max_record)
            continue
        if not raw.strip():
            continue
        try:
            yield number, raw.removeprefix(codecs.BOM_UTF8).decode("utf-8")
        except UnicodeDecodeError as error:
            byte, column = raw[error.start], error.start + 1
            reason = f"not valid UTF-8 (byte 0x{byte:02x} at column {column})"
            yield number, UnreadableFile(reason)


def _rest_of_line(stream: BinaryIO) -> Iterator[tuple[bytes, bool]]:
    for piece, ends in line_pieces(stream):
        yield piece, ends
        if ends:
            return


def _too_long(length: int, max_record: int) -> UnreadableFile:
    return UnreadableFile(
        f"the line is {length / 2**20:.1f} MiB, more than the {max_record / 2**20:g} MiB "
        "limit for one record"
    )


def read_json(path: Path, origin: str) -> Iterator[Article | Skipped]:
    """Read a JSON file holding one record, a list of records, or {"articles": [...]}."""
    return json_records(read_text(path), origin)


def json_records(text: str, origin: str) -> Iterator[Article | Skipped]:
    """The records of a JSON file's decoded text (see `read_json`)."""
    value = parse_json(text, with_line=True)
    records: list[Any]
    if isinstance(value, list):
        records = value
    elif isinstance(value, dict) and "text" in value:
        records = [value]
    elif isinstance(value, dict) and any(isinstance(value.get(k), list) for k in _CONTAINER_KEYS):
        key = next(k for k in _CONTAINER_KEYS if isinstance(value.get(k), list))
        records = value[key]
    else:
        raise UnreadableFile(
            "expected a record with 'text', a list of records, or {'articles': [...]}"
        )
    return (
        guarded_record(record, f"{origin}#{number}")
        for number, record in enumerate(records, start=1)
    )


def parse_json(text: str, with_line: bool) -> Any:
    """The JSON value of `text`, or `UnreadableFile` saying why not.

    Besides malformed JSON, Python's parser refuses JSON nested deeper than its recursion limit
    (RecursionError) and integers of more than 4,300 digits (ValueError): one hostile record
    must cost itself only, never the build.
    """
    try:
        return json.loads(text)
    except json.JSONDecodeError as error:
        where = (
            f"line {error.lineno}, column {error.colno}" if with_line else f"column {error.colno}"
        )
        raise UnreadableFile(f"malformed JSON ({error.msg} at {where})") from None
    except RecursionError:
        raise UnreadableFile("the JSON is nested too deeply to read") from None
    except ValueError as error:
        if "integer string conversion" in str(error):
            limit = sys.get_int_max_str_digits()
            raise UnreadableFile(f"the JSON holds a number of more than {limit:,} digits") from None
        raise UnreadableFile(f"the JSON cannot be read ({error})") from None


def guarded_record(value: Any, where: str) -> Article | Skipped:
    """`record_to_article`, with anything it raises on a strange record turned into a
    `Skipped` for that record, so that the file's other records are still read."""
    try:
        return record_to_article(value, where, where)
    except RecursionError:
        return Skipped(where, "the record is nested too deeply to read")
    except Exception as error:  # a record is data from anywhere; the build must go on
        logger.warning("could not read the record %s", where, exc_info=True)
        return Skipped(where, f"the record could not be read ({type(error).__name__}: {error})")


def record_to_article(value: Any, fallback_id: str, origin: str) -> Article | Skipped:
    """Validate one record; a record without usable text becomes a `Skipped`."""
    if not isinstance(value, dict):
        return Skipped(origin, f"expected a JSON object, found {type(value).__name__}")
    text = value.get("text")
    if not isinstance(text, str) or not text.strip():
        return Skipped(origin, "the record has no 'text' (a non-empty string is required)")
    raw_id = value.get("id", value.get("_id"))
    article_id = str(raw_id).strip() if isinstance(raw_id, str | int) else ""
    title = clean_line(value.get("title"))
    language = clean_line(value.get("language"))
    body = scrub(text.replace("\r\n", "\n").replace("\r", "\n")).strip()
    if not body:
        return Skipped(origin, "the record's 'text' holds no readable characters")
    return Article(
        id=article_id or fallback_id,
        title=title or title_from_text(body),
        text=body,
        source=clean_line(value.get("source")),
        url=clean_line(value.get("url")),
        published=normalise_date(value.get("published"), language),
        language=language,
        origin=origin,
        section=clean_line(value.get("section")) or clean_line(value.get("category")),
    )
