"""Cheap tests that tell callers when the speech analysis can be skipped.

Analysing an article costs milliseconds; these cost microseconds, and most passages of plain
reporting hold neither a quote mark nor a speech verb. They sit beside the analysis because what
they promise follows from its rules (how `quotes` pairs marks across paragraphs, which words
`vocabulary` counts as speech): a change to those rules must keep them true, as
tests/test_speech_hint.py checks.
"""

from __future__ import annotations

from bisect import bisect_right

from newsbot.speech.vocabulary import GENITIVE_CUES, PARTICIPLES, QUOTE_CHARS, VERBS, WORD_RE
from newsbot.text.segment import paragraph_starts

_HINT_WORDS = VERBS | PARTICIPLES | GENITIVE_CUES | {"according"}
_HINT_QUOTES = frozenset(QUOTE_CHARS)


def may_hold_speech(text: str) -> bool:
    """False when `text` cannot hold a quotation or a report: no quote mark, no speech verb.

    Analysing an article costs milliseconds; this costs microseconds (sets, not one regular
    expression of every verb, which measured 200 µs a passage), and lets ranking skip
    the analysis for the many passages that narrate without quoting anyone. Measured on BBC,
    Reuters and Russian Wikinews (see tests/test_speech_hint.py): no passage it rules out
    holds speech.
    """
    return not _HINT_QUOTES.isdisjoint(text) or not _HINT_WORDS.isdisjoint(
        WORD_RE.findall(text.casefold())
    )


def may_overlap_quotation(text: str, start: int, end: int) -> bool:
    """False when no quotation `analyse_speech` finds in the article `text` can overlap
    `text[start:end]`, so no quote there has a speaker: a proof, not a measurement.

    A quotation never crosses a paragraph break unless the next paragraph opens with a quote
    mark (newswire style, see `quotes.find_quotes`), and single quotes end at a line break, so every
    paragraph a quotation touches holds a quote mark. No mark in the paragraphs the span
    touches, then no quotation; most passages of plain reporting have none, and quoting them
    need not analyse their article (microseconds instead of a millisecond). The title, which
    the analysis reads as a paragraph of its own, cannot change this: a quotation begun there
    runs on only into a text that opens with a quote mark.
    """
    starts = paragraph_starts(text)
    first = starts[bisect_right(starts, start) - 1]
    next_paragraph = bisect_right(starts, max(end, start + 1) - 1)
    stop = starts[next_paragraph] if next_paragraph < len(starts) else len(text)
    return not _HINT_QUOTES.isdisjoint(text[first:stop])
