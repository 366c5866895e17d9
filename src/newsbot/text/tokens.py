"""What a word is, defined once for every part of newsbot that reads text.

A *word character* is a letter, a digit, an underscore, or a combining accent (Latin and
Cyrillic), so that "é" typed as e + U+0301 stays inside its word. Two granularities are built
from it:

- `RUN_PATTERN`: runs of word characters joined by the punctuation an index term may contain
  (".", ",", apostrophes): "U.S.", "1,000", "country's". Indexing maps each distinct run to its
  terms once; `TOKEN` splits a run into tokens (numbers with their units, dotted abbreviations,
  words). The compiled run coder (`indexing/_runs.c`) finds exactly these runs; a parity test
  (tests/test_native.py) holds the two together, so change both or neither.
- `NAME_TOKEN_PATTERN`: words joined by apostrophes and hyphens ("O'Brien", "Jean-Claude"), and
  every other visible character alone: the tokens speech attribution reads names and cues from.
"""

from __future__ import annotations

import re

WORD_CHAR = r"[\w\u0300-\u036f\u0483-\u0489]"
LETTER = r"[^\W\d_]"
MARK = r"[\u0300-\u036f\u0483-\u0489]"
_WORD = rf"{LETTER}(?:{LETTER}|{MARK})*"
_UNITS = r"(?:bn|bln|mln|mn|tn|trn|m|k|b)"
_TOKEN_PATTERN = rf"""
    (?P<num>\d+(?:[.,]\d+)*)(?P<unit>(?i:{_UNITS})(?!{LETTER}))?  # 4, 1.13, 8,1; 600m
    |(?P<abbr>(?:{LETTER}\.)+{LETTER}\.?(?!{LETTER}))          # U.S., e.g., "U.S ."
    |(?P<cjk>[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af])  # one ideograph a token
    |(?P<word>{_WORD}(?:['’ʼ]{_WORD})*)                        # country's, don't, O'Brien
    """
TOKEN = re.compile(_TOKEN_PATTERN, re.VERBOSE)
RUN_PATTERN = re.compile(rf"{WORD_CHAR}+(?:[.,'’ʼ]{WORD_CHAR}+)*")
NAME_TOKEN_PATTERN = re.compile(rf"{WORD_CHAR}+(?:['’\-]{WORD_CHAR}+)*|[^\w\s]")
