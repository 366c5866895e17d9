"""Near-duplicate hits: wire services re-file a story with small edits, and a corpus may hold the
same report from several outlets. Showing it three times wastes the answer, so hits that tell
the same story are shown once, with the other sources listed under it ("also in: …").

Two hits tell the same story when half the sentences or more of the shorter one (of eight words or
more, case and spacing aside) stand word for word in the other. Sentences, not characters:
Reuters' monthly template stories ("CCC interest rate for April is six pct", "… higher in June")
share most of their characters, but not one sentence, because their figures differ, and each is
an answer of its own. A hit is only compared with the hits kept before it, so the first (best)
copy is the one shown.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import TypeVar

Item = TypeVar("Item")

_ENDS = re.compile(r"(?<=[.!?…])\s+")
_MIN_WORDS = 8  # shorter sentences ("He said no.") are shared by chance
_SHARED = 0.5  # of the shorter hit's sentences (the edges of two copies are often cut apart)


def collapse(
    items: Sequence[Item], text: Callable[[Item], str], source: Callable[[Item], object]
) -> list[tuple[Item, list[Item]]]:
    """Each kept item with the items after it that tell the same story, in order; items of
    one `source` (one article) are never copies of each other."""
    kept: list[tuple[Item, list[Item], frozenset[str]]] = []
    for item in items:
        sentences = _sentences(text(item))
        for first_item, copies, first in kept:
            if source(first_item) != source(item) and _same_story(sentences, first):
                copies.append(item)
                break
        else:
            kept.append((item, [], sentences))
    return [(item, copies) for item, copies, _ in kept]


def _sentences(text: str) -> frozenset[str]:
    """The text's long sentences, normalised. Any splitting that treats both copies alike will
    do, so a plain split after terminal punctuation (not the careful segmenter) serves."""
    found = set()
    for sentence in _ENDS.split(text.casefold()):
        words = sentence.split()
        if len(words) >= _MIN_WORDS:
            found.add(" ".join(words))
    return frozenset(found)


def _same_story(one: frozenset[str], other: frozenset[str]) -> bool:
    if not one or not other:
        return False
    shared = len(one & other)
    return shared > 0 and shared >= _SHARED * min(len(one), len(other))
