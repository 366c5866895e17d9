"""The index file: a JSON header and raw numpy arrays, memory-mapped on load. No pickle.

Layout: an 8-byte magic, the header length (8 bytes) and the header's CRC-32 (4 bytes), little
endian, the UTF-8 JSON header, and then each array at a 64-byte aligned offset. The header
lists every array's dtype, shape, offset and CRC-32, and the padding between arrays must be
zero, so any damage, even to a byte no array uses, is detected rather than served.

Writing goes to a temporary file in the same folder, which is flushed, fsynced and then renamed
over the old index: a reader sees either the old index or the new one, never half of one.
"""

from __future__ import annotations

import json
import mmap
import os
import struct
import tempfile
import zlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import numpy as np
import numpy.typing as npt

from newsbot.errors import IndexFormatError

MAGIC = b"NBIDX\x00\x02\n"
DiskState = Literal["same", "replaced", "rewritten"]
_ALIGN = 64
_LENGTH = struct.Struct("<QI")  # header length, header CRC-32
_CHUNK = 1 << 24
# Files up to this size are checked byte by byte before they are used.
VERIFY_AT_OPEN = 256 * 2**20


def _current_umask() -> int:
    # os.umask can only be read by setting it; done once, at import, before any thread starts.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# mkstemp creates files readable by the owner only; an index is as private as a plain file.
_FILE_MODE = 0o666 & ~_current_umask()


def write_index_file(
    path: Path, header: Mapping[str, Any], arrays: Mapping[str, np.ndarray], durable: bool = True
) -> None:
    """Write `header` and `arrays` to `path` atomically; `durable` also waits for the disk.

    A cache that is checksummed and can be recomputed need not wait: after a crash, a torn
    file fails its checksum and is simply made again.
    """
    layout: dict[str, dict[str, Any]] = {}
    offset = 0
    for name, array in arrays.items():
        contiguous = np.ascontiguousarray(array)
        layout[name] = {
            "dtype": contiguous.dtype.str,
            "shape": list(contiguous.shape),
            "offset": offset,
            "nbytes": contiguous.nbytes,
            "crc32": _crc32(contiguous),
        }
        offset += _aligned(contiguous.nbytes)
    header_bytes = json.dumps({**header, "arrays": layout}, ensure_ascii=False).encode("utf-8")
    data_start = _aligned(len(MAGIC) + _LENGTH.size + len(header_bytes))
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
    )
    try:
        os.fchmod(descriptor, _FILE_MODE)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(MAGIC)
            stream.write(_LENGTH.pack(len(header_bytes), zlib.crc32(header_bytes)))
            stream.write(header_bytes)
            stream.write(b"\x00" * (data_start - stream.tell()))
            for array in arrays.values():
                contiguous = np.ascontiguousarray(array)
                stream.write(_bytes_view(contiguous))
                stream.write(b"\x00" * (_aligned(contiguous.nbytes) - contiguous.nbytes))
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    if durable:
        _fsync_directory(path.parent)


def read_header(path: Path) -> dict[str, Any]:
    """Only the JSON header: enough to tell whether the index is still current."""
    with path.open("rb") as stream:
        return _parse_header(stream.read(len(MAGIC) + _LENGTH.size), stream, path)


class IndexFile:
    """An open index file: its header, and its arrays as read-only views of one mmap.

    `verify` checks every byte (array checksums and zero padding) before anything is served.
    By default that is done for files up to VERIFY_AT_OPEN bytes; a larger file opens at once
    with its structure checked, and `verify_arrays` reads it through (without mapping it, so
    the process does not grow by the file's size), typically in a background thread.
    """

    def __init__(self, path: Path, verify: bool | None = None) -> None:
        self.path = path
        with path.open("rb") as stream:
            self.header = _parse_header(stream.read(len(MAGIC) + _LENGTH.size), stream, path)
            header_end = stream.tell()
            status = os.fstat(stream.fileno())
            size = status.st_size
            self._identity = (status.st_dev, status.st_ino, status.st_size, status.st_mtime_ns)
            self._map = mmap.mmap(stream.fileno(), 0, access=mmap.ACCESS_READ)
        self._data_start = data_start = _aligned(header_end)
        specs = self.header["arrays"]
        expected = data_start + sum(_aligned(int(spec["nbytes"])) for spec in specs.values())
        if size != expected:
            state = "truncated" if size < expected else "damaged"
            raise IndexFormatError(f"index file {path} is {state} ({size} bytes, not {expected})")
        if any(self._map[header_end:data_start]):
            raise IndexFormatError(f"index file {path} is damaged (padding after the header)")
        self.verified = size <= VERIFY_AT_OPEN if verify is None else verify
        self.arrays: dict[str, np.ndarray] = {}
        for name, spec in specs.items():
            start = data_start + int(spec["offset"])
            nbytes = int(spec["nbytes"])
            padding = self._map[start + nbytes : start + _aligned(nbytes)]
            if any(padding):
                raise IndexFormatError(f"index file {path} is damaged (after array {name!r})")
            dtype = np.dtype(spec["dtype"])
            count = int(np.prod(spec["shape"], dtype=np.int64))
            array = np.frombuffer(self._map, dtype=dtype, count=count, offset=start)
            array = array.reshape(spec["shape"])
            if self.verified and _crc32(array) != spec["crc32"]:
                raise IndexFormatError(f"index file {path} is damaged (array {name!r})")
            self.arrays[name] = array

    def verify_arrays(self) -> None:
        """Check every array's checksum by reading the file; raise IndexFormatError if one
        differs. Reads with plain I/O: the pages go to the page cache, not this process."""
        with self.path.open("rb", buffering=0) as stream:
            for name, spec in self.header["arrays"].items():
                stream.seek(self._data_start + int(spec["offset"]))
                remaining = int(spec["nbytes"])
                crc = 0
                while remaining:
                    chunk = stream.read(min(_CHUNK, remaining))
                    if not chunk:
                        raise IndexFormatError(f"index file {self.path} is truncated")
                    crc = zlib.crc32(chunk, crc)
                    remaining -= len(chunk)
                if crc != spec["crc32"]:
                    raise IndexFormatError(f"index file {self.path} is damaged (array {name!r})")
        self.verified = True

    def array(self, name: str) -> npt.NDArray[Any]:
        return self.arrays[name]

    def on_disk(self) -> DiskState:
        """What became of the file at `path` since it was mapped (one stat, microseconds).

        "replaced": another file was renamed to the path (how an index should be replaced);
        the mapped one is untouched and can still be read. "rewritten": the mapped file itself
        was written over (as `cp new.nbx index.nbx` does): its pages may be gone, and reading
        them would kill the process with SIGBUS, so it must not be read again. A removed path
        leaves the mapped file alive: "same".
        """
        try:
            status = self.path.stat()
        except FileNotFoundError:
            return "same"
        if (status.st_dev, status.st_ino) != self._identity[:2]:
            return "replaced"
        if (status.st_size, status.st_mtime_ns) != self._identity[2:]:
            return "rewritten"
        return "same"


def _parse_header(prefix: bytes, stream: Any, path: Path) -> dict[str, Any]:
    if len(prefix) < len(MAGIC) + _LENGTH.size or not prefix.startswith(MAGIC[:5]):
        raise IndexFormatError(f"{path} is not a newsbot index file")
    if prefix[: len(MAGIC)] != MAGIC:
        raise IndexFormatError(f"{path} was written by another version of newsbot")
    length, checksum = _LENGTH.unpack(prefix[len(MAGIC) :])
    raw = stream.read(length)
    if len(raw) != length:
        raise IndexFormatError(f"index file {path} is truncated (header is cut off)")
    if zlib.crc32(raw) != checksum:
        raise IndexFormatError(f"index file {path} is damaged (header checksum differs)")
    try:
        header = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise IndexFormatError(f"index file {path} is damaged (header is not JSON)") from None
    if not isinstance(header, dict) or not isinstance(header.get("arrays"), dict):
        raise IndexFormatError(f"index file {path} is damaged (header has no array table)")
    return header


def _bytes_view(array: np.ndarray) -> memoryview:
    """The array's bytes without a copy."""
    return memoryview(np.ascontiguousarray(array).view(np.uint8).reshape(-1).data)


def _crc32(array: np.ndarray) -> int:
    view = _bytes_view(array)
    crc = 0
    for start in range(0, len(view), _CHUNK):
        crc = zlib.crc32(view[start : start + _CHUNK], crc)
    return crc


def _aligned(size: int) -> int:
    return (size + _ALIGN - 1) // _ALIGN * _ALIGN


def _fsync_directory(directory: Path) -> None:
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)
