"""Quote marks paired into quotations, before anyone is attributed.

Scraped and newswire text mixes straight and curly marks, leaves quotes open across paragraphs
and uses ’ as an apostrophe too, so marks are paired by their shape (opener or closer) and by the
conventions of news style rather than by kind alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsbot.speech.cues import cue_after
from newsbot.speech.document import Doc
from newsbot.speech.vocabulary import DOUBLE_OPENERS, QUOTE_CHARS

_MARK = re.compile(r"\n\s*|[\"“”„‟«»]")
_SINGLE_MARK = re.compile(r"[‘’\n]")


@dataclass(frozen=True, slots=True)
class Raw:
    """A quotation before attribution; `close_end` is -1 when it ran to its paragraph's end."""

    open_mark: int
    close_end: int
    start: int
    end: int


@dataclass(slots=True)
class _Open:
    kind: str
    mark: int
    depth: int = 1
    awaiting: bool = False


def _shape(text: str, i: int) -> str:
    """Whether a quote mark sits like an opener ("x "Word") or a closer ("word" x)."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    left = before.isspace() or before in "([{—–-/" + QUOTE_CHARS
    right = after.isspace() or after in ",.;:!?)]}…—–" + QUOTE_CHARS
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return "?"


def _raw(text: str, mark: int, end: int, close_end: int) -> Raw | None:
    start = mark + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return Raw(mark, close_end, start, end) if start < end else None


def find_quotes(doc: Doc) -> list[Raw]:
    """Pair quote marks by their shape, tolerating the mess scrapers and newswires leave.

    A quote left open at a paragraph's end continues if the next paragraph opens with a quote
    mark (newswire style); an "opening" mark inside an open quote closes it when an attribution
    follows ('…young people, “Nursultan Nazarbayev said'), and continues it after a full stop
    (the same newswire convention, with the paragraph break lost).
    """
    text, paras = doc.text, set(doc.paras)
    found: list[Raw | None] = []
    cur: _Open | None = None
    for m in _MARK.finditer(text):
        i, ch = m.start(), text[m.start()]
        if ch == "\n":
            if cur is None or m.end() not in paras:
                continue
            nxt = m.end()
            if nxt < len(text) and text[nxt] in (DOUBLE_OPENERS if cur.kind == '"' else "«"):
                cur.awaiting, cur.depth = True, 1
            else:
                found.append(_raw(text, cur.mark, i, -1))
                cur = None
            continue
        if cur is not None and cur.awaiting:
            cur.awaiting = False
            continue
        if ch in "«»":
            if ch == "«" and cur is None:
                cur = _Open("«", i)
            elif cur is not None and cur.kind == "«":
                cur.depth += 1 if ch == "«" else -1
                if cur.depth == 0:
                    found.append(_raw(text, cur.mark, i, i + 1))
                    cur = None
            continue
        if cur is not None and cur.kind == "«":
            continue
        shape = _shape(text, i)
        if cur is None:
            if shape == "open" or (shape == "?" and ch in "“„"):
                cur = _Open('"', i)
            continue
        if shape == "open" and not _attribution_follows(doc, i):
            k = i - 1
            while k > cur.mark and text[k].isspace():
                k -= 1
            if text[k] in ".!?…":
                continue
        found.append(_raw(text, cur.mark, i, i + 1))
        cur = None
    if cur is not None:
        found.append(_raw(text, cur.mark, len(text), -1))
    quotes = [q for q in found if q is not None] + _single_quotes(text)
    quotes.sort(key=lambda q: (q.open_mark, -q.end))
    kept: list[Raw] = []
    for q in quotes:
        if not kept or q.open_mark >= max(kept[-1].end, kept[-1].close_end):
            kept.append(q)
    return kept


def _attribution_follows(doc: Doc, i: int) -> bool:
    k = i - 1
    while k >= 0 and doc.text[k].isspace():
        k -= 1
    return k >= 0 and doc.text[k] in ",.!?…—-" and cue_after(doc, i + 1) is not None


def _single_quotes(text: str) -> list[Raw]:
    """‘…’ only around several words: the same mark is an apostrophe everywhere else."""
    out: list[Raw] = []
    pending = -1
    for m in _SINGLE_MARK.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "\n":
            pending = -1
        elif ch == "‘" and _shape(text, i) == "open":
            pending = i
        elif ch == "’" and pending >= 0 and _shape(text, i) == "close":
            if i - pending <= 600 and len(text[pending + 1 : i].split()) >= 3:
                raw = _raw(text, pending, i, i + 1)
                if raw is not None:
                    out.append(raw)
            pending = -1
    return out
