"""Paragraphs and sentences, as character spans: the one segmenter behind passages, quotes,
speech attribution and Telegram's pages.

Paragraphs are lines, or blank-line separated blocks when the text is hard-wrapped at a fixed
width (where a single newline is not a paragraph end).

The sentence splitter errs on the side of not splitting: merging two sentences costs a longer
quote, cutting one in half misquotes somebody. A boundary is terminal punctuation, optional
closing quotes or brackets, whitespace, and then something that can start a sentence, unless the
word before the full stop is a known abbreviation or an initial.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

# Closing marks after the full stop include “, which some sites close quotations with. A match
# starts only where a run of terminal marks starts, and takes the run whole (possessively):
# otherwise a run of 60,000 dots not followed by a space is tried from each of its dots, and
# each try backtracks through the rest of the run, which takes minutes.
_TERMINAL = re.compile(r"(?<![.!?…])[.!?…]++[\"'”’»“)\]]*+(?=\s)")
_BLANK_LINE = re.compile(r"\n[ \t]*\n\s*")
_LINE = re.compile(r"[^\n]+")
_TERMINAL_END = ".!?:;\"'”’»)…"
_NOT_IN_WORD = '("“‘«'
_LONGEST_WORD = 64
_OPENERS = "\"'“‘«([—–-"
_ABBREVIATIONS = frozenset(
    """
    mr mrs ms dr prof sr jr st mt gen col lt maj capt cmdr sgt cpl adm gov sen rep rev hon pres
    supt insp det fr messrs mme mlle vs etc al approx dept est fig cf ca jan feb mar apr jun jul
    aug sep sept oct nov dec
    г гг т д им ул пр стр тыс млн млрд руб коп см др проф акад ген им
    """.split()
)
_NEEDS_NUMBER = frozenset({"no", "nos", "art", "vol", "p", "pp", "№"})


def paragraph_spans(text: str) -> list[Span]:
    """Paragraphs: lines, or blank-line separated blocks when the text is hard-wrapped.

    A line that breaks off mid-sentence (no terminal punctuation) and goes on, after a single
    line break, in lower case is one paragraph with the next ("We will\nwin the vote"): a
    quotation must not be cut there.
    """
    spans: list[Span] = []
    if _is_hard_wrapped(text):
        position = 0
        for separator in _BLANK_LINE.finditer(text):
            append_trimmed(spans, text, position, separator.start())
            position = separator.end()
        append_trimmed(spans, text, position, len(text))
        return spans
    for line in _LINE.finditer(text):
        count = len(spans)
        append_trimmed(spans, text, line.start(), line.end())
        if count and len(spans) > count and _continues(text, spans[-2][1], spans[-1][0]):
            _, end = spans.pop()
            spans[-1] = (spans[-1][0], end)
    return spans


def _continues(text: str, line_end: int, next_start: int) -> bool:
    """The next line, after a single line break, carries on the sentence the line before broke
    off. A blank line always ends a paragraph."""
    return (
        text[line_end - 1] not in _TERMINAL_END
        and text[next_start].islower()
        and text.count("\n", line_end, next_start) == 1
    )


def _is_hard_wrapped(text: str) -> bool:
    """True for text wrapped at a fixed width, where single newlines are not paragraph ends."""
    if not _BLANK_LINE.search(text):
        return False
    lines = [line.rstrip() for line in text.split("\n") if line.strip()]
    if len(lines) < 4 or max(len(line) for line in lines) > 100:
        return False
    open_ended = sum(1 for line in lines if not line.endswith(tuple(_TERMINAL_END)))
    return open_ended * 2 >= len(lines)


def paragraph_starts(text: str, paragraphs: list[Span] | None = None) -> list[int]:
    """Where each paragraph starts, beginning with 0 (whatever whitespace opens the text);
    `paragraphs` are the text's `paragraph_spans`, when the caller has them already."""
    spans = paragraph_spans(text) if paragraphs is None else paragraphs
    return [0] + [start for start, _ in spans if start > 0]


def sentence_starts(text: str, paragraphs: list[Span] | None = None) -> list[int]:
    """Where each sentence starts, paragraph by paragraph, beginning with 0."""
    starts = [0]
    spans = paragraph_spans(text) if paragraphs is None else paragraphs
    for paragraph_start, paragraph_end in spans:
        starts.extend(
            start for start, _ in sentence_spans(text, paragraph_start, paragraph_end) if start > 0
        )
    return starts


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The sentences of `text[start:end]`, as (start, end) offsets into `text`, trimmed."""
    stop = len(text) if end is None else end
    spans: list[Span] = []
    sentence_start = start
    for match in _TERMINAL.finditer(text, start, stop):
        cut = match.end()
        following = _next_visible(text, cut, stop)
        if following is None:
            break
        if not _starts_sentence(text[following]):
            continue
        if "." in match.group() and _is_abbreviation(
            text, sentence_start, match.start(), following
        ):
            continue
        append_trimmed(spans, text, sentence_start, cut)
        sentence_start = following
    append_trimmed(spans, text, sentence_start, stop)
    return spans


def _next_visible(text: str, position: int, stop: int) -> int | None:
    while position < stop and text[position].isspace():
        position += 1
    return position if position < stop else None


def _starts_sentence(char: str) -> bool:
    return char.isupper() or char.isdigit() or char in _OPENERS


def _word_before(text: str, sentence_start: int, dot: int) -> str | None:
    """The word that the full stop at `dot` ends (it may hold dots itself: "U.S"), or None.

    Read backwards from the dot, so that the cost is the word's length, not the sentence's;
    a "word" longer than any abbreviation is not one.
    """
    if text[dot] != ".":
        return None
    start = dot
    while start > sentence_start and dot - start <= _LONGEST_WORD:
        char = text[start - 1]
        if char.isspace() or char in _NOT_IN_WORD:
            break
        start -= 1
    if dot - start > _LONGEST_WORD:
        return None
    return text[start:dot] or None


def _is_abbreviation(text: str, sentence_start: int, dot: int, following: int) -> bool:
    word = _word_before(text, sentence_start, dot)
    if word is None:
        return False
    bare = word.rstrip(".").casefold()
    if bare in _ABBREVIATIONS:
        return True
    if bare in _NEEDS_NUMBER:
        return text[following].isdigit()
    letters = word.replace(".", "")
    if len(letters) == 1 and letters.isupper():
        return True  # an initial: "J. K. Rowling", "В. В. Путин"
    # Dotted acronyms such as "U.S." usually continue the sentence.
    return "." in word and all(len(part) <= 1 for part in word.split("."))


def append_trimmed(spans: list[Span], text: str, start: int, end: int) -> None:
    """Append text[start:end] without its surrounding whitespace, unless nothing is left."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))
