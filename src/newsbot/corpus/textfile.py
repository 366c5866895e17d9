"""Turning a file's bytes into text, or into a clear reason why not."""

from __future__ import annotations

import codecs
from pathlib import Path

from newsbot.corpus.model import UnreadableFile
from newsbot.text.normalise import scrub

# A single article file larger than this is almost certainly not an article.
MAX_FILE_BYTES = 64 * 1024 * 1024
_SNIFF = 8192


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Decode a UTF-8 (or BOM-marked UTF-16) file, with newlines normalised to "\\n"."""
    size = path.stat().st_size
    if size == 0:
        raise UnreadableFile("the file is empty")
    if size > max_bytes:
        raise UnreadableFile(
            f"the file is {size / 2**20:.0f} MiB, more than the {max_bytes // 2**20} MiB limit "
            "for one file; split it, or use JSON Lines for many articles"
        )
    data = path.read_bytes()
    return decode_bytes(data)


def decode_bytes(data: bytes) -> str:
    """Decode bytes that should be text; raise `UnreadableFile` with the reason otherwise."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UnreadableFile(f"not valid UTF-16 text ({error.reason})") from None
    else:
        if b"\x00" in data[:_SNIFF]:
            raise UnreadableFile("binary data, not text (it contains NUL bytes)")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            byte = data[error.start]
            raise UnreadableFile(
                f"not valid UTF-8 (byte 0x{byte:02x} at offset {error.start}); "
                "convert it to UTF-8, for example with: iconv -f cp1252 -t utf-8"
            ) from None
    text = scrub(text.replace("\r\n", "\n").replace("\r", "\n"))
    if not text.strip():
        raise UnreadableFile("the file holds only whitespace")
    return text
