"""Article text → passages: the units that BM25 ranks and that answers quote.

Passages are cut only at paragraph and sentence boundaries, so that a quote never starts or ends
mid-sentence. Short paragraphs are packed together up to a target size in words; a paragraph
much longer than the target is split between its sentences. Each passage is a (start, end)
span of the article text, so the quote is always the article's own text.
"""

from __future__ import annotations

import re

from newsbot import defaults
from newsbot.text.segment import Span, append_trimmed, paragraph_spans, sentence_spans
from newsbot.text.words import word_count

DEFAULT_PASSAGE_WORDS = defaults.PASSAGE_WORDS
# A passage is at most this many times the target, in words and in characters (at
# `_CHARS_PER_WORD` a word): above the longest sentence of seven real corpora (BBC, Reuters,
# Russian Wikinews, SciFact, TIME, CISI: 101-231 words; one of Cranfield's has 669).
MAX_FACTOR = 8
MAX_WORDS = 1000  # and never fewer words than this, whatever the target
_CHARS_PER_WORD = 12
_WORD = re.compile(r"\S+")


def split_passages(text: str, target_words: int = DEFAULT_PASSAGE_WORDS) -> list[Span]:
    """Passage spans covering every non-blank character of `text`, in order.

    No passage is longer than `MAX_FACTOR` times the target (and than `MAX_WORDS`), in words or
    in characters: a "sentence" of 5 MB (a page with no full stops, a run of 60,000 dots) is cut
    hard, at a space where there is one, so that neither its quote nor its Telegram pages can
    grow without bound.
    """
    target = max(1, target_words)
    units: list[tuple[int, int, int]] = []
    for start, end in paragraph_spans(text):
        words = _count_words(text, start, end)
        if words > target * 3 // 2:
            groups = _sentence_groups(text, start, end, target)
        else:
            groups = [(start, end, words)]
        for group in groups:
            units.extend(_within_bounds(text, group, target))
    return _pack(units, target)


def _within_bounds(
    text: str, unit: tuple[int, int, int], target: int
) -> list[tuple[int, int, int]]:
    """The unit as it is, or, when it is longer than any passage may be, cut hard into pieces
    of the target's size."""
    start, end, words = unit
    most = max(MAX_FACTOR * target, MAX_WORDS)
    if words <= most and end - start <= most * _CHARS_PER_WORD:
        return [unit]
    # Too long to be a passage: cut into pieces of the target's size instead.
    most_words, most_chars = target, target * _CHARS_PER_WORD
    pieces: list[Span] = []
    position = start
    while position < end:
        cut = min(end, position + most_chars)
        for count, word in enumerate(_WORD.finditer(text, position, cut), start=1):
            if count > most_words:
                cut = word.start()
                break
        if cut < end and not text[cut].isspace():
            # At the last space, unless that leaves a stub: then inside the run of letters.
            space = max(text.rfind(" ", position, cut), text.rfind("\n", position, cut))
            cut = space if space > position + most_chars // 2 else cut
        append_trimmed(pieces, text, position, cut)
        position = cut
    return [(s, e, _count_words(text, s, e)) for s, e in pieces]


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
    """Consecutive units packed up to the target in words (and never past the most characters
    a passage may hold); a short tail joins the passage before it."""
    most_chars = max(MAX_FACTOR * target, MAX_WORDS) * _CHARS_PER_WORD
    packed: list[tuple[int, int, int]] = []
    for start, end, words in units:
        if packed and packed[-1][2] + words <= target and end - packed[-1][0] <= most_chars:
            p_start, _, p_words = packed[-1]
            packed[-1] = (p_start, end, p_words + words)
        else:
            packed.append((start, end, words))
    if (
        len(packed) >= 2
        and packed[-1][2] * 4 < target
        and packed[-2][2] + packed[-1][2] <= target * 3 // 2
        and packed[-1][1] - packed[-2][0] <= most_chars
    ):
        tail = packed.pop()
        p_start, _, p_words = packed[-1]
        packed[-1] = (p_start, tail[1], p_words + tail[2])
    return [(start, end) for start, end, _ in packed]


def _count_words(text: str, start: int, end: int) -> int:
    return word_count(text, start, end)
