"""Sentence boundaries, as character spans, for passages and for quotes.

The splitter errs on the side of not splitting: merging two sentences costs a longer quote,
cutting one in half misquotes somebody. A boundary is terminal punctuation, optional closing
quotes or brackets, whitespace, and then something that can start a sentence, unless the word
before the full stop is a known abbreviation or an initial.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

_TERMINAL = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s)")
_WORD_BEFORE_DOT = re.compile(r"([^\s(\"“‘«]+)\.+$")
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


def _is_abbreviation(text: str, sentence_start: int, dot: int, following: int) -> bool:
    found = _WORD_BEFORE_DOT.search(text, sentence_start, dot + 1)
    if found is None:
        return False
    word = found.group(1)
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
