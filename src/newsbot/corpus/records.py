"""JSON and JSON Lines files of article records (`id, title, text`, and optional metadata).

A JSON Lines file is read line by line, so that one malformed line costs one record, not the
file, and a file of any size is read in bounded memory.
"""

from __future__ import annotations

import codecs
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from newsbot.corpus.metadata import clean_line, normalise_date, title_from_text
from newsbot.corpus.model import Article, Skipped, UnreadableFile
from newsbot.corpus.textfile import read_text
from newsbot.text.normalise import scrub

_CONTAINER_KEYS = ("articles", "records", "data", "items", "documents")


def read_jsonl(
    path: Path, origin: str, start: int = 0, end: int | None = None, first_line: int = 1
) -> Iterator[Article | Skipped]:
    """Read a JSON Lines file (or the lines between byte offsets `start` and `end`): one record
    per line, blank lines ignored."""
    found_any = False
    for number, line in _numbered_lines(path, start, end, first_line):
        if isinstance(line, UnreadableFile):
            yield Skipped(f"{origin}:{number}", str(line))
            continue
        if not line.strip():
            continue
        found_any = True
        where = f"{origin}:{number}"
        try:
            value = json.loads(line)
        except json.JSONDecodeError as error:
            yield Skipped(where, f"malformed JSON ({error.msg} at column {error.colno})")
            continue
        yield record_to_article(value, where, where)
    if not found_any and start == 0 and end is None:
        raise UnreadableFile("the file is empty")


def splittable(path: Path) -> bool:
    """True for a JSON Lines file that can be read in slices of lines (UTF-8, not binary)."""
    with path.open("rb") as stream:
        head = stream.read(8192)
    return not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and b"\x00" not in head


def _numbered_lines(
    path: Path, start: int, end: int | None, first_line: int
) -> Iterator[tuple[int, str | UnreadableFile]]:
    """Each line, decoded on its own so that one bad line does not cost the file."""
    with path.open("rb") as stream:
        if start == 0:
            head = stream.read(8192)
            if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                # UTF-16 cannot be split on b"\n"; such files are rare and read whole.
                yield from enumerate(read_text(path).split("\n"), start=1)
                return
            if b"\x00" in head:
                raise UnreadableFile("binary data, not JSON Lines (it contains NUL bytes)")
        stream.seek(start)
        position = start
        for number, raw in enumerate(stream, start=first_line):
            if end is not None and position >= end:
                break
            position += len(raw)
            if not raw.strip():
                continue
            try:
                yield number, raw.removeprefix(codecs.BOM_UTF8).decode("utf-8")
            except UnicodeDecodeError as error:
                byte, column = raw[error.start], error.start + 1
                reason = f"not valid UTF-8 (byte 0x{byte:02x} at column {column})"
                yield number, UnreadableFile(reason)


def read_json(path: Path, origin: str) -> Iterator[Article | Skipped]:
    """Read a JSON file holding one record, a list of records, or {"articles": [...]}."""
    try:
        value = json.loads(read_text(path))
    except json.JSONDecodeError as error:
        raise UnreadableFile(
            f"malformed JSON ({error.msg} at line {error.lineno}, column {error.colno})"
        ) from None
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
    for number, record in enumerate(records, start=1):
        yield record_to_article(record, f"{origin}#{number}", f"{origin}#{number}")


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
    )
