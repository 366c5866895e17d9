"""Default values that both the settings and the engine need, defined once.

A leaf: the settings (`config`) must not import the engine just to learn a default, and the
engine must not import the settings, so each default lives here and both read it.
"""

from __future__ import annotations

# Target passage size in words (see `text.passages`).
PASSAGE_WORDS = 100
# BM25Okapi's parameters, rank-bm25's defaults (see `index.okapi`).
BM25_K1 = 1.5
BM25_B = 0.75
BM25_EPSILON = 0.25
# The largest corpus, in passages, whose passages are encoded for semantic reranking.
SEMANTIC_MAX_PASSAGES = 200_000
