"""Semantic reranking: BM25 finds the candidates, a sentence encoder says which mean what the
question asks (see `encoder`), from vectors made once per index (see `vectors`).

Optional (`uv sync --extra semantic`, then `--semantic` or NEWSBOT_SEMANTIC=1), and only for
corpora of up to `max_passages` passages: encoding costs about 25 ms a passage, so a corpus of
a million passages would take hours to prepare. The encoder was trained on English; questions in
another script are left to BM25.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import OrderedDict

import numpy as np
import numpy.typing as npt

from newsbot import defaults
from newsbot.index.news_index import NewsIndex
from newsbot.semantic.encoder import EncoderUnavailableError, SentenceEncoder
from newsbot.semantic.vectors import Progress, build_vectors, load_vectors

__all__ = ["EncoderUnavailableError", "SemanticReranker", "prepare"]

logger = logging.getLogger(__name__)
DEFAULT_MAX_PASSAGES = defaults.SEMANTIC_MAX_PASSAGES
_QUESTIONS_CACHED = 256
# Latin letters only: the encoder's training was English, so it is not asked about Cyrillic,
# Greek, CJK … questions (whose words it would split into meaningless pieces).
_FOREIGN_SCRIPT = re.compile(r"[^\W\d_a-zA-Z\u00C0-\u024F]")


class SemanticReranker:
    """Similarity of a question to passages of one index, from that index's passage vectors."""

    def __init__(self, encoder: SentenceEncoder, vectors: npt.NDArray[np.float16]) -> None:
        self.encoder = encoder
        self.vectors = vectors
        self._questions: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()

    def applies_to(self, question: str) -> bool:
        return bool(question.strip()) and _FOREIGN_SCRIPT.search(question) is None

    def similarities(
        self, question: str, passages: npt.NDArray[np.int64]
    ) -> npt.NDArray[np.float64]:
        """Cosine similarity of `question` to each passage (vectors are unit length)."""
        vector = self._question_vector(question)
        chosen = np.asarray(self.vectors[passages], dtype=np.float32)
        similarities: npt.NDArray[np.float64] = (chosen @ vector).astype(np.float64)
        return similarities

    def _question_vector(self, question: str) -> npt.NDArray[np.float32]:
        # Paging through an answer asks the same question again: encode it once.
        with self._lock:
            cached = self._questions.get(question)
            if cached is not None:
                self._questions.move_to_end(question)
                return cached
        vector: npt.NDArray[np.float32] = self.encoder.encode([question])[0]
        with self._lock:
            self._questions[question] = vector
            while len(self._questions) > _QUESTIONS_CACHED:
                self._questions.popitem(last=False)
        return vector


def prepare(
    index: NewsIndex,
    max_passages: int = DEFAULT_MAX_PASSAGES,
    progress: Progress | None = None,
    encoder: SentenceEncoder | None = None,
) -> SemanticReranker | None:
    """A reranker for `index`, encoding its passages first if they are not saved yet; None (and
    a warning) when the index has more than `max_passages` passages, or no English article.

    Raises EncoderUnavailableError when the semantic extra is missing.
    """
    if index.passage_count > max_passages:
        logger.warning(
            "semantic reranking is off: %d passages is more than %d (encoding them would take "
            "about %d minutes); raise NEWSBOT_SEMANTIC_MAX_PASSAGES to allow it",
            index.passage_count,
            max_passages,
            index.passage_count * 25 // 60_000 + 1,
        )
        return None
    languages = index.header.get("languages") or {}
    if languages and not languages.get("en"):
        logger.warning(
            "semantic reranking is off: the encoder is English, and no article is (%s)",
            ", ".join(sorted(languages)),
        )
        return None
    encoder = encoder or SentenceEncoder()
    vectors = load_vectors(index)
    if vectors is None:
        logger.info("encoding %d passages for semantic reranking", index.passage_count)
        vectors = build_vectors(index, encoder, progress)
    return SemanticReranker(encoder, vectors)
