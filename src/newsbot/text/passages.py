"""Article text → passages: the units that BM25 ranks and that answers quote.

Passages are cut only at paragraph and sentence boundaries, so that a quote never starts or ends
mid-sentence. Short paragraphs are packed together up to a target size in words; a paragraph
much longer than the target is split between its sentences. Each passage is a (start, end)
span of the article text, so the quote is always the article's own text.
"""

from __future__ import annotations

import re

from newsbot import defaults
from newsbot.text.segment import Span, append_trimmed, sentence_spans
from newsbot.text.words import word_count

DEFAULT_PASSAGE_WORDS = defaults.PASSAGE_WORDS

_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_LINE = re.compile(r"[^\n]+")
_TERMINAL_END = ".!?:;\"'”’»)…"


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


def paragraph_spans(text: str) -> list[Span]:
    """Paragraphs: lines, or blank-line separated blocks when the text is hard-wrapped."""
    spans: list[Span] = []
    if _is_hard_wrapped(text):
        position = 0
        for separator in _BLANK_LINE.finditer(text):
            append_trimmed(spans, text, position, separator.start())
            position = separator.end()
        append_trimmed(spans, text, position, len(text))
    else:
        for line in _LINE.finditer(text):
            append_trimmed(spans, text, line.start(), line.end())
    return spans


def _is_hard_wrapped(text: str) -> bool:
    """True for text wrapped at a fixed width, where single newlines are not paragraph ends."""
    if not _BLANK_LINE.search(text):
        return False
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    if len(lines) < 4 or max(len(line) for line in lines) > 100:
        return False
    open_ended = sum(1 for line in lines if not line.endswith(tuple(_TERMINAL_END)))
    return open_ended * 2 >= len(lines)


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
