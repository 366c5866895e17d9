"""Settings → the engine's own configuration objects.

`newsbot.config` is a leaf that knows nothing of the engine; this is where the two meet, on the
application side.
"""

from __future__ import annotations

from newsbot.config import Settings
from newsbot.index.okapi import BM25Params
from newsbot.indexing.build import IndexConfig


def index_config(settings: Settings) -> IndexConfig:
    """What the settings say about how to index."""
    return IndexConfig(
        bm25=BM25Params(k1=settings.bm25_k1, b=settings.bm25_b, epsilon=settings.bm25_epsilon),
        passage_words=settings.passage_words,
        title_mode="field" if settings.title_mode == "field" else "joined",
    )
