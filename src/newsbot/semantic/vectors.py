"""Passage vectors, kept beside the index they were made from.

Encoding a passage costs about 25 ms on two cores (10,000 BBC passages: 4 minutes), far too
much to do while a question waits, so every passage is encoded once and the vectors are saved
in the index file format (checksummed arrays, written to a temporary file and renamed into
place) as `<index file>.vectors`. The file names the index it belongs to by a fingerprint of
that index's texts and passage bounds: after a rebuild that changed them it is made again.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newsbot.errors import IndexFormatError, NewsbotError
from newsbot.index.news_index import NewsIndex
from newsbot.index.store import IndexFile, write_index_file
from newsbot.semantic.encoder import DIMENSION, MODEL_ID, SentenceEncoder

logger = logging.getLogger(__name__)
_FORMAT = 1
_IDENTITY_ARRAYS = ("text", "meta", "passage_article", "passage_start", "passage_end")
# Passages are encoded and reported in chunks of this many.
_CHUNK = 512

Progress = Callable[[int, int], None]


def vectors_path(index: NewsIndex) -> Path:
    return index.path.with_name(index.path.name + ".vectors")


def fingerprint(index: NewsIndex) -> str:
    """Names the index's texts and passages: the array checksums its header already holds."""
    specs = index.file.header["arrays"]
    joined = "|".join(f"{name}:{specs[name]['crc32']}" for name in _IDENTITY_ARRAYS)
    return f"{zlib.crc32(joined.encode()):08x}-{index.passage_count}"


def passage_text(index: NewsIndex, number: int) -> str:
    """What is encoded for a passage: its article's title, then its text (as BM25 sees it)."""
    passage = index.passage(number)
    return f"{passage.article.title}. {passage.text}"


def load_vectors(index: NewsIndex) -> npt.NDArray[np.float16] | None:
    """The saved vectors of `index`'s passages, or None if there are none for this index."""
    path = vectors_path(index)
    if not path.exists():
        return None
    try:
        stored = IndexFile(path)
    except (IndexFormatError, OSError) as error:
        logger.warning("passage vectors unreadable, made again: %s", error)
        return None
    header = stored.header
    if (
        header.get("format") != _FORMAT
        or header.get("model") != MODEL_ID
        or header.get("index") != fingerprint(index)
    ):
        return None
    vectors: npt.NDArray[np.float16] = stored.arrays["vectors"]
    return vectors


def build_vectors(
    index: NewsIndex, encoder: SentenceEncoder, progress: Progress | None = None
) -> npt.NDArray[np.float16]:
    """Encode every passage of `index` and save the vectors beside it; returns them mapped."""
    total = index.passage_count
    vectors = np.zeros((total, DIMENSION), dtype=np.float16)
    for start in range(0, total, _CHUNK):
        numbers = range(start, min(start + _CHUNK, total))
        texts = [passage_text(index, number) for number in numbers]
        vectors[start : start + len(texts)] = encoder.encode(texts)
        if progress is not None:
            progress(start + len(texts), total)
    header = {"format": _FORMAT, "model": MODEL_ID, "index": fingerprint(index)}
    path = vectors_path(index)
    try:
        # A cache: checksummed and remade if torn, so it need not wait for the disk.
        write_index_file(path, header, {"vectors": vectors}, durable=False)
    except OSError as error:
        raise NewsbotError(
            f"cannot write the passage vectors to {path.parent} ({error.strerror or error})"
        ) from None
    loaded = load_vectors(index)
    if loaded is None:  # pragma: no cover - written just above
        raise IndexFormatError(f"could not read back {vectors_path(index)}")
    return loaded
