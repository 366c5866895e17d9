"""The index file format: plain arrays behind a JSON header, written atomically, checked on load."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from newsbot.errors import IndexFormatError
from newsbot.index.store import MAGIC, IndexFile, read_header, write_index_file


def sample_arrays() -> dict[str, np.ndarray]:
    return {
        "ints": np.arange(1000, dtype=np.int32),
        "floats": np.linspace(0, 1, 77, dtype=np.float64),
        "blob": np.frombuffer("здравствуй, мир".encode(), dtype=np.uint8),
        "empty": np.zeros(0, dtype=np.int64),
    }


def test_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "index.nbx"
    write_index_file(path, {"hello": "world", "n": 3}, sample_arrays())
    opened = IndexFile(path)
    assert opened.header["hello"] == "world"
    for name, array in sample_arrays().items():
        assert opened.arrays[name].dtype == array.dtype
        assert np.array_equal(opened.arrays[name], array)
    assert read_header(path)["n"] == 3


def test_file_is_plain_data_not_pickle(tmp_path: Path) -> None:
    path = tmp_path / "index.nbx"
    write_index_file(path, {}, sample_arrays())
    data = path.read_bytes()
    assert data.startswith(MAGIC)
    assert b"\x80\x04\x95" not in data[:64]  # no pickle protocol header
    header_length = int.from_bytes(data[8:16], "little")
    header = json.loads(data[20 : 20 + header_length])
    assert set(header["arrays"]) == set(sample_arrays())


def test_arrays_are_read_only_views(tmp_path: Path) -> None:
    path = tmp_path / "index.nbx"
    write_index_file(path, {}, sample_arrays())
    array = IndexFile(path).arrays["ints"]
    with pytest.raises(ValueError):
        array[0] = 5


def test_truncated_file_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "index.nbx"
    write_index_file(path, {}, sample_arrays())
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])
    with pytest.raises(IndexFormatError, match="truncated"):
        IndexFile(path)


def test_altered_byte_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "index.nbx"
    write_index_file(path, {}, sample_arrays())
    data = bytearray(path.read_bytes())
    header_length = int.from_bytes(data[8:16], "little")
    data_start = (20 + header_length + 63) // 64 * 64
    spec = read_header(path)["arrays"]["floats"]
    data[data_start + spec["offset"] + 10] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(IndexFormatError, match="damaged"):
        IndexFile(path)


def test_any_altered_byte_is_detected(tmp_path: Path) -> None:
    """Every byte matters: header, arrays and the zero padding between them."""
    path = tmp_path / "index.nbx"
    write_index_file(path, {"hello": "world"}, sample_arrays())
    original = path.read_bytes()
    rng = random.Random(42)
    offsets = sorted(rng.sample(range(8, len(original)), 200))  # past the magic (checked apart)
    for offset in offsets:
        data = bytearray(original)
        data[offset] ^= 1 << rng.randrange(8)
        path.write_bytes(bytes(data))
        with pytest.raises(IndexFormatError):
            IndexFile(path)


def test_trailing_garbage_is_detected(tmp_path: Path) -> None:
    path = tmp_path / "index.nbx"
    write_index_file(path, {}, sample_arrays())
    path.write_bytes(path.read_bytes() + b"\x00" * 64)
    with pytest.raises(IndexFormatError, match="damaged"):
        IndexFile(path)


@pytest.mark.parametrize(
    "content", [b"", b"garbage", b"PK\x03\x04zipfile", MAGIC[:5] + b"\x00\x09\n"]
)
def test_foreign_files_are_rejected(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "index.nbx"
    path.write_bytes(content + b"\x00" * 8)
    with pytest.raises(IndexFormatError):
        IndexFile(path)


class _FailingArrays(dict[str, np.ndarray]):
    """Arrays whose iteration fails half-way, as a crash during writing would."""

    def values(self) -> Iterator[np.ndarray]:  # type: ignore[override]
        iterator = iter(super().values())
        yield next(iterator)
        raise OSError("disk full")


def test_failed_write_leaves_previous_index_intact(tmp_path: Path) -> None:
    path = tmp_path / "index.nbx"
    write_index_file(path, {"generation": 1}, sample_arrays())
    before = path.read_bytes()
    with pytest.raises(OSError, match="disk full"):
        write_index_file(path, {"generation": 2}, _FailingArrays(sample_arrays()))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.nbx"]  # no temporary left
