"""Opening a corpus file safely, and turning its bytes into text, or into a clear reason why not.

A corpus folder is written by others (a scraper, a shared drive, a colleague), so a file in it
may be anything: a named pipe that blocks whoever opens it, a device, or a symbolic link to a
secret elsewhere on the machine. `open_regular` opens regular files only, in a way that cannot
block, and refuses a file that is really outside the corpus folder; every reader opens through
it.
"""

from __future__ import annotations

import codecs
import os
import stat
from pathlib import Path
from typing import BinaryIO

from newsbot.corpus.model import UnreadableFile
from newsbot.text.normalise import scrub

# A single article file larger than this is almost certainly not an article.
MAX_FILE_BYTES = 64 * 1024 * 1024
_SNIFF = 8192
# O_NONBLOCK: opening a FIFO (or a device) must not wait for a writer; a regular file ignores it.
# O_NOCTTY: a terminal device never becomes the process's controlling terminal.
_OPEN_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)
OUTSIDE_LINK = (
    "a symbolic link to a file outside the corpus folder; newsbot does not follow it unless "
    "NEWSBOT_FOLLOW_OUTSIDE_LINKS=true"
)


def open_regular(path: Path, inside: Path | None = None) -> BinaryIO:
    """Open `path` for reading in binary, if it is a regular file (and, when `inside` is given,
    if the file it names really is inside that resolved folder).

    The type is checked before opening, so that nothing but a regular file is ever opened on
    purpose; the open itself is non-blocking, and the opened file is checked again with fstat,
    so that a file swapped for a FIFO in between cannot block either. Where the file really is
    comes from the opened descriptor (Linux's /proc/self/fd), not from the name, so a link
    swapped in after the check cannot point elsewhere. Raises `UnreadableFile` with the reason.
    """
    _refuse_irregular(path.stat().st_mode)
    fd = os.open(path, _OPEN_FLAGS)
    try:
        opened = os.fstat(fd)
        _refuse_irregular(opened.st_mode)
        if inside is not None and not _real_path(fd, path, opened).is_relative_to(inside):
            raise UnreadableFile(OUTSIDE_LINK)
        if _OPEN_FLAGS & getattr(os, "O_NONBLOCK", 0):
            os.set_blocking(fd, True)  # a regular file: reads should wait for the disk as usual
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _refuse_irregular(mode: int) -> None:
    if stat.S_ISREG(mode):
        return
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    raise UnreadableFile(f"{kind}, not a regular file; newsbot reads regular files only")


def _real_path(fd: int, path: Path, opened: os.stat_result) -> Path:
    """Where the open file really is, with every link resolved."""
    try:
        target = str(Path(f"/proc/self/fd/{fd}").readlink())
    except OSError:
        target = ""
    if target.startswith("/"):
        return Path(target)
    # No /proc: resolve the name, and make sure it names the very file that was opened.
    real = Path(os.path.realpath(path))
    try:
        named = real.stat()
    except OSError:
        named = None
    if named is None or (named.st_dev, named.st_ino) != (opened.st_dev, opened.st_ino):
        raise UnreadableFile("the file was replaced while it was being opened")
    return real


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Decode a UTF-8 (or BOM-marked UTF-16) file, with newlines normalised to "\\n"."""
    with open_regular(path) as stream:
        return stream_text(stream, max_bytes)


def stream_text(stream: BinaryIO, max_bytes: int = MAX_FILE_BYTES) -> str:
    """`read_text` of a file already opened (by `open_regular`), from its start."""
    size = os.fstat(stream.fileno()).st_size
    if size == 0:
        raise UnreadableFile("the file is empty")
    if size > max_bytes:
        raise _too_large(size, max_bytes)
    stream.seek(0)
    data = stream.read(max_bytes + 1)  # never more than the limit, even if the file grew
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    if not data:
        raise UnreadableFile("the file is empty")
    return decode_bytes(data)


def _too_large(size: int, max_bytes: int) -> UnreadableFile:
    return UnreadableFile(
        f"the file is {size / 2**20:.0f} MiB, more than the {max_bytes // 2**20} MiB limit "
        "for one file; split it, or use JSON Lines for many articles"
    )


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
