"""One text laid out for attribution: tokens, paragraph and sentence starts, name runs.

Worked out once per article, so that every later step is a look-up or a bounded look-around
over tokens rather than a search of the text, and hostile or huge input stays linear. Tokens,
paragraphs and sentences come from `newsbot.text`, the one definition of each that passages and
quotes use too; paragraph starts are also what `prechecks.may_overlap_quotation` reasons about.

Tokens are numbered: a span of them runs from token `first` to token `end`, exclusive, while a
`pos` (like `starts` and `ends`) is a character offset into the text.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from itertools import accumulate
from typing import Any

from newsbot.speech.names import is_cyrillic
from newsbot.speech.vocabulary import (
    HONORIFICS,
    NOT_NAME_SUFFIXES,
    PARTICLES,
    QUOTE_CHARS,
    STOP_WORDS,
    VERBS,
)
from newsbot.text.segment import paragraph_spans, paragraph_starts, sentence_starts
from newsbot.text.tokens import NAME_TOKEN_PATTERN

# Split on the tokens, keeping them (see `Document.__init__`).
_TOKEN_SPLIT = re.compile(f"({NAME_TOKEN_PATTERN.pattern})")


class Document:
    """Tokens, paragraph and sentence starts, and capitalised-word runs of one text.

    `words[token]` is a token as written and `folded[token]` the same casefolded, for the word
    lists; `run_first[token]` and `run_end[token]` bound the run of name words holding it, -1
    outside runs; `is_verb[token]` tells a speech verb.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        # Split on the tokens, keeping them: gap, token, gap … token, gap. Their running
        # lengths are the tokens' offsets, with no match object per token (twice as fast).
        parts = _TOKEN_SPLIT.split(text)
        self.words = words = parts[1::2]
        bounds = list(accumulate(map(len, parts)))
        self.starts, self.ends = bounds[0:-1:2], bounds[1::2]
        count = len(words)
        self.folded = [word.casefold() for word in words]
        paragraphs = paragraph_spans(text)
        self.paragraph_starts = paragraph_starts(text, paragraphs)
        self.sentence_starts = sentence_starts(text, paragraphs)
        self.in_quote = [False] * count
        # subjects of verbs, worked out once: organisations, quotations and reports all ask
        self.subjects: dict[tuple[bool, int], Any] = {}
        # words also written in lower case: «Кандидатура Монти» opening a sentence is a noun
        # and a name, since «кандидатура» is written elsewhere; "Glaxo says" is no noun
        self.lower_words = {word for word in words if word.islower() and word.isalpha()}
        self.sentence_first_tokens = {
            token for token in map(self.token_at, self.sentence_starts) if token < count
        }
        self.run_first = [-1] * count
        self.run_end = [-1] * count
        self.run_starts: list[int] = []
        # Whether each token may be part of a name, worked out once: the run finder asks up to
        # three times a token. Most tokens fail the first test, capitalisation.
        self.is_name_word = [False] * count
        for token, word in enumerate(words):
            if word[:1].isupper():
                self.is_name_word[token] = self._is_name_word(token)
        self._find_runs()
        # Speech verbs, but not where a capital makes them part of a name ("the United States")
        self.is_verb = [
            folded in VERBS
            and (
                not words[token][:1].isupper()
                or token in self.sentence_first_tokens
                or (token > 0 and words[token - 1] in QUOTE_CHARS + ",—–-")
            )
            for token, folded in enumerate(self.folded)
        ]

    def paragraph_of(self, pos: int) -> int:
        return bisect_right(self.paragraph_starts, pos) - 1

    def sentence_start(self, pos: int) -> int:
        return self.sentence_starts[max(0, bisect_right(self.sentence_starts, pos) - 1)]

    def next_sentence_start(self, pos: int) -> int:
        index = bisect_right(self.sentence_starts, pos)
        return self.sentence_starts[index] if index < len(self.sentence_starts) else len(self.text)

    def token_at(self, pos: int) -> int:
        """Index of the first token starting at or after `pos`."""
        return bisect_left(self.starts, pos)

    def same_line(self, left: int, right: int) -> bool:
        """Tokens `left` and `right` are on the same line."""
        return "\n" not in self.text[self.ends[left] : self.starts[right]]

    def _is_name_word(self, token: int) -> bool:
        word = self.words[token]
        # most words fail the first test
        if not word[:1].isupper() or self.folded[token] in STOP_WORDS:
            return False
        if len(word) == 1:  # an initial, as in "George W. Bush"
            return word.isupper() and token + 2 < len(self.words) and self.words[token + 1] == "."
        if not (word[1].islower() or word[1] in "'’"):  # "REUTERS": the cheap test first
            return False
        core = word.replace("'", "").replace("’", "").replace("-", "")
        parts = self.folded[token].split("-")
        if len(parts) > 2 and any(part in STOP_WORDS for part in parts):
            return False  # "Man-of-the-match Duff"
        return core.isalpha() and parts[-1] not in NOT_NAME_SUFFIXES

    def _find_runs(self) -> None:
        count, is_name_word, previous_end = len(self.words), self.is_name_word, 0
        for first in [token for token, flag in enumerate(is_name_word) if flag]:
            if first < previous_end:
                continue  # inside the run before
            end = first + 1
            while end < count and self._continues(first, end):
                end += 1
            while end - 1 > first and not is_name_word[end - 1]:
                end -= 1
            for token in range(first, end):
                self.run_first[token], self.run_end[token] = first, end
            self.run_starts.append(first)
            previous_end = end

    def _continues(self, first: int, token: int) -> bool:
        """Whether `token` extends the run of name words begun at `first`."""
        previous, word = self.words[token - 1], self.words[token]
        if not self.same_line(token - 1, token) or previous.endswith(("'s", "’s")):
            return False
        name_follows = token + 1 < len(self.words) and self.is_name_word[token + 1]
        if word == "." and (len(previous) == 1 or self.folded[token - 1] in HONORIFICS):
            return name_follows
        if self.folded[token] in PARTICLES or (
            len(word) == 1 and word.isupper() and word.isalpha()
        ):
            return name_follows  # "Ludwig van Beethoven", "Walter M Phillips"
        return self.is_name_word[token] and is_cyrillic(word) == is_cyrillic(self.words[first])

    def run_words(self, first: int, end: int) -> list[str]:
        words: list[str] = []
        for token in range(first, end):
            if self.words[token] == "." and words:
                words[-1] += "."
            else:
                word = self.words[token]
                words.append(word[:-2] if word.endswith(("'s", "’s")) else word)
        return words
