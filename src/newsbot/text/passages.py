"""Article text → passages: the units that BM25 ranks and that answers quote.

Passages are cut only at paragraph and sentence boundaries, so that a quote never starts or ends
mid-sentence. Short paragraphs are packed together up to a target size in words; a paragraph
much longer than the target is split between its sentences. Each passage is a (start, end)
span of the article text, so the quote is always the article's own text.
"""

from __future__ import annotations

from newsbot import defaults
from newsbot.text.segment import Span, paragraph_spans, sentence_spans
from newsbot.text.words import word_count

DEFAULT_PASSAGE_WORDS = defaults.PASSAGE_WORDS


def split_passages(text: str, target_words: int = DEFAULT_PASSAGE_WORDS) -> list[Span]:
    """Passage spans covering every non-blank character of `text`, in order."""
    target = max(1, target_words)
    units: list[tuple[int, int, int]] = []
    for start, end in paragraph_spans(text):
        words = _count_words(text, start, end)
        if words > target * 3 // 2:
            units.extend(_sentence_groups(text, start, end, target))
        else:
            units.append((start, end, words))
    return _pack(units, target)


def _sentence_groups(text: str, start: int, end: int, target: int) -> list[tuple[int, int, int]]:
    groups: list[tuple[int, int, int]] = []
    for s_start, s_end in sentence_spans(text, start, end):
        words = _count_words(text, s_start, s_end)
        if groups and groups[-1][2] + words <= target:
            g_start, _, g_words = groups[-1]
            groups[-1] = (g_start, s_end, g_words + words)
        else:
            groups.append((s_start, s_end, words))
    return groups


def _pack(units: list[tuple[int, int, int]], target: int) -> list[Span]:
    packed: list[tuple[int, int, int]] = []
    for start, end, words in units:
        if packed and packed[-1][2] + words <= target:
            p_start, _, p_words = packed[-1]
            packed[-1] = (p_start, end, p_words + words)
        else:
            packed.append((start, end, words))
    if (
        len(packed) >= 2
        and packed[-1][2] * 4 < target
        and packed[-2][2] + packed[-1][2] <= target * 3 // 2
    ):
        tail = packed.pop()
        p_start, _, p_words = packed[-1]
        packed[-1] = (p_start, tail[1], p_words + tail[2])
    return [(start, end) for start, end, _ in packed]


def _count_words(text: str, start: int, end: int) -> int:
    return word_count(text, start, end)
