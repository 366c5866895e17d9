"""One text laid out for attribution: tokens, paragraph and sentence starts, name runs.

Worked out once per article, so that every later step is a look-up or a bounded look-around
over tokens rather than a search of the text, and hostile or huge input stays linear. Paragraph
starts are also what `prechecks.may_overlap_quotation` reasons about.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate

from newsbot.speech.names import is_cyrillic
from newsbot.speech.vocabulary import (
    DOUBLE_OPENERS,
    HONORIFICS,
    NOT_NAME_SUFFIXES,
    PARTICLES,
    STOP,
    TERMINAL,
)

_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_NEWLINES = re.compile(r"\n\s*")
_SENT_END = re.compile(r"[.!?…]+[\"'”’»“)\]]*\s+")
_ABBREVIATION = re.compile(
    r"(?:^|\W)(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|Gen|Col|Lt|Sgt|Rev|Gov|Sen|[A-ZА-ЯЁ])$"
)


class Doc:
    """Tokens, paragraph and sentence starts, and capitalised-word runs of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Split on the tokens, keeping them: gap, token, gap … token, gap. Their running
        # lengths are the tokens' offsets, with no match object per token (twice as fast).
        parts = _TOKEN_SPLIT.split(text)
        self.words = words = parts[1::2]
        bounds = list(accumulate(map(len, parts)))
        self.starts, self.ends = bounds[0:-1:2], bounds[1::2]
        n = len(words)
        self.low = [w.casefold() for w in words]
        self.paras = paragraph_starts(text)
        self.sents = _sentence_starts(text, self.paras)
        self.in_quote = [False] * n
        self.sent_toks = {k for k in map(self.tok_at, self.sents) if k < n}
        self.run_first = [-1] * n
        self.run_end = [-1] * n
        self.run_starts: list[int] = []
        # Whether each token may be part of a name, worked out once: the run finder asks up to
        # three times a token. Most tokens fail the first test, capitalisation.
        self.name_word = [False] * n
        for k, word in enumerate(words):
            if word[:1].isupper():
                self.name_word[k] = self._name_word(k)
        self._find_runs()

    def para_of(self, pos: int) -> int:
        return bisect_right(self.paras, pos) - 1

    def sent_start(self, pos: int) -> int:
        return self.sents[max(0, bisect_right(self.sents, pos) - 1)]

    def next_sent(self, pos: int) -> int:
        k = bisect_right(self.sents, pos)
        return self.sents[k] if k < len(self.sents) else len(self.text)

    def tok_at(self, pos: int) -> int:
        """Index of the first token starting at or after `pos`."""
        return bisect_left(self.starts, pos)

    def joined(self, i: int, j: int) -> bool:
        """Tokens i and j are on the same line."""
        return "\n" not in self.text[self.ends[i] : self.starts[j]]

    def _name_word(self, k: int) -> bool:
        w = self.words[k]
        if not w[:1].isupper() or self.low[k] in STOP:  # most words fail the first test
            return False
        if len(w) == 1:  # an initial, as in "George W. Bush"
            return w.isupper() and k + 2 < len(self.words) and self.words[k + 1] == "."
        if not (w[1].islower() or w[1] in "'’"):  # "REUTERS": the cheap test first
            return False
        core = w.replace("'", "").replace("’", "").replace("-", "")
        return core.isalpha() and self.low[k].rsplit("-", 1)[-1] not in NOT_NAME_SUFFIXES

    def _find_runs(self) -> None:
        n, name_word, after = len(self.words), self.name_word, 0
        for i in [k for k, flag in enumerate(name_word) if flag]:
            if i < after:
                continue  # inside the run before
            j = i + 1
            while j < n and self._continues(i, j):
                j += 1
            while j - 1 > i and not name_word[j - 1]:
                j -= 1
            for k in range(i, j):
                self.run_first[k], self.run_end[k] = i, j
            self.run_starts.append(i)
            after = j

    def _continues(self, i: int, j: int) -> bool:
        prev, w = self.words[j - 1], self.words[j]
        if not self.joined(j - 1, j) or prev.endswith(("'s", "’s")):
            return False
        then = j + 1 < len(self.words) and self.name_word[j + 1]
        if w == "." and (len(prev) == 1 or self.low[j - 1] in HONORIFICS):
            return then
        if self.low[j] in PARTICLES or (len(w) == 1 and w.isupper() and w.isalpha()):
            return then  # "Ludwig van Beethoven", "Walter M Phillips"
        return self.name_word[j] and is_cyrillic(w) == is_cyrillic(self.words[i])

    def run_words(self, a: int, b: int) -> list[str]:
        out: list[str] = []
        for k in range(a, b):
            if self.words[k] == "." and out:
                out[-1] += "."
            else:
                word = self.words[k]
                out.append(word[:-2] if word.endswith(("'s", "’s")) else word)
        return out


def paragraph_starts(text: str) -> list[int]:
    """Blank lines break paragraphs; so does a single newline after a finished sentence."""
    starts = [0]
    for m in _NEWLINES.finditer(text):
        k = m.start() - 1
        while k >= 0 and text[k] in " \t\r":
            k -= 1
        nxt = m.end()
        opener = nxt < len(text) and text[nxt] in DOUBLE_OPENERS + "—–-"
        if m.group().count("\n") > 1 or k < 0 or text[k] in TERMINAL or opener:
            starts.append(nxt)
    return starts


def _sentence_starts(text: str, paras: list[int]) -> list[int]:
    starts = set(paras)
    for m in _SENT_END.finditer(text):
        nxt = m.end()
        if nxt >= len(text):
            continue
        c = text[nxt]
        if not (c.isupper() or c.isdigit() or c in DOUBLE_OPENERS + "‘("):
            continue
        if text[m.start()] == "." and _ABBREVIATION.search(text[max(0, m.start() - 5) : m.start()]):
            continue
        starts.add(nxt)
    return sorted(starts)
