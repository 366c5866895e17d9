"""Quote marks paired into quotations, before anyone is attributed.

Scraped and newswire text mixes straight and curly marks, leaves quotes open across paragraphs
and uses ’ as an apostrophe too, so marks are paired by their shape (opener or closer) and by the
conventions of news style rather than by kind alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from newsbot.speech.cues import cue_after
from newsbot.speech.document import Document
from newsbot.speech.vocabulary import DOUBLE_OPENERS, QUOTE_CHARS

_MARK = re.compile(r"\n\s*|[\"“”„‟«»]")
_SINGLE_MARK = re.compile(r"[‘’\n]")

# Guillemets («…») nest and say which way they face; the other double marks ("“”„‟) are told
# apart only by their shape, so a quotation opened by one is closed by any of them.
_Style = Literal["guillemets", "double"]
# how a mark sits between its neighbours: '"Word' opens, 'word"' closes, 'a"b' or ' " ' either
_Shape = Literal["opener", "closer", "either"]


@dataclass(frozen=True, slots=True)
class RawQuotation:
    """A quotation before attribution: `open_mark` and `close_end` are the offsets of its opening
    mark and just past its closing one, -1 when it ran to its paragraph's end; `start`..`end`
    are its words."""

    open_mark: int
    close_end: int
    start: int
    end: int


@dataclass(slots=True)
class _OpenQuotation:
    style: _Style
    mark: int
    depth: int = 1  # of nested guillemets
    reopening: bool = False  # it ran on over a paragraph break; the next mark reopens it


def _shape(text: str, mark: int) -> _Shape:
    """Whether a quote mark sits like an opener ("x "Word") or a closer ("word" x)."""
    before = text[mark - 1] if mark else " "
    after = text[mark + 1] if mark + 1 < len(text) else " "
    left = before.isspace() or before in "([{—–-/" + QUOTE_CHARS
    right = after.isspace() or after in ",.;:!?)]}…—–" + QUOTE_CHARS
    if left and not right:
        return "opener"
    if right and not left:
        return "closer"
    return "either"


def _quotation(text: str, mark: int, end: int, close_end: int) -> RawQuotation | None:
    """The quotation opened at `mark` and ending at `end`, without the blanks and the trailing
    comma inside its marks; None when nothing is left."""
    start = mark + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return RawQuotation(mark, close_end, start, end) if start < end else None


def find_quotes(doc: Document) -> list[RawQuotation]:
    """Pair quote marks by their shape, tolerating the mess scrapers and newswires leave.

    A quote left open at a paragraph's end continues if the next paragraph opens with a quote
    mark (newswire style); an "opening" mark inside an open quote closes it when an attribution
    follows ('…young people, “Nursultan Nazarbayev said'), and continues it after a full stop
    (the same newswire convention, with the paragraph break lost).
    """
    text, paragraph_starts = doc.text, set(doc.paragraph_starts)
    found: list[RawQuotation | None] = []
    current: _OpenQuotation | None = None
    for match in _MARK.finditer(text):
        mark, char = match.start(), text[match.start()]
        if char == "\n":
            if current is None or match.end() not in paragraph_starts:
                continue
            after = match.end()
            reopeners = DOUBLE_OPENERS if current.style == "double" else "«"
            if after < len(text) and text[after] in reopeners:
                current.reopening, current.depth = True, 1
            else:
                found.append(_quotation(text, current.mark, mark, -1))
                current = None
            continue
        if current is not None and current.reopening:
            current.reopening = False
            continue
        if char in "«»":
            if char == "«" and current is None:
                current = _OpenQuotation("guillemets", mark)
            elif current is not None and current.style == "guillemets":
                current.depth += 1 if char == "«" else -1
                if current.depth == 0:
                    found.append(_quotation(text, current.mark, mark, mark + 1))
                    current = None
            continue
        if current is not None and current.style == "guillemets":
            continue
        shape = _shape(text, mark)
        if current is None:
            if shape == "opener" or (shape == "either" and char in "“„"):
                current = _OpenQuotation("double", mark)
            continue
        if shape == "opener" and not _attribution_follows(doc, mark):
            before = mark - 1
            while before > current.mark and text[before].isspace():
                before -= 1
            if text[before] in ".!?…":
                continue
        found.append(_quotation(text, current.mark, mark, mark + 1))
        current = None
    if current is not None:
        found.append(_quotation(text, current.mark, len(text), -1))
    quotations = [quote for quote in found if quote is not None] + _single_quotes(text)
    quotations.sort(key=lambda quote: (quote.open_mark, -quote.end))
    kept: list[RawQuotation] = []
    for quote in quotations:
        if not kept or quote.open_mark >= max(kept[-1].end, kept[-1].close_end):
            kept.append(quote)
    return kept


def _attribution_follows(doc: Document, mark: int) -> bool:
    before = mark - 1
    while before >= 0 and doc.text[before].isspace():
        before -= 1
    return before >= 0 and doc.text[before] in ",.!?…—-" and cue_after(doc, mark + 1) is not None


def _single_quotes(text: str) -> list[RawQuotation]:
    """‘…’ only around several words: the same mark is an apostrophe everywhere else."""
    quotations: list[RawQuotation] = []
    opener = -1
    for match in _SINGLE_MARK.finditer(text):
        mark, char = match.start(), match.group()
        if char == "\n":
            opener = -1
        elif char == "‘" and _shape(text, mark) == "opener":
            opener = mark
        elif char == "’" and opener >= 0 and _shape(text, mark) == "closer":
            if mark - opener <= 600 and len(text[opener + 1 : mark].split()) >= 3:
                quotation = _quotation(text, opener, mark, mark + 1)
                if quotation is not None:
                    quotations.append(quotation)
            opener = -1
    return quotations
