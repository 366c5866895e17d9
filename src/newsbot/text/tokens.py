"""What a word is, defined once for every part of newsbot that reads text.

A *word character* is a letter, a digit, an underscore, or a combining accent (Latin and
Cyrillic), so that "é" typed as e + U+0301 stays inside its word. Two granularities are built
from it:

- `RUN_PATTERN`: runs of word characters joined by the punctuation an index term may contain
  (".", ",", apostrophes, "&"): "U.S.", "1,000", "country's", "M&S". Format characters (a
  zero-width space, a soft hyphen, a bidirectional mark: Unicode's category Cf) are invisible,
  so they join too, and never split a word ("Fe\u200bderer"). A currency sign glued to a
  number opens the run ("£600m"), because the sign tells "600m" the amount of money from
  "100m" the distance. Indexing maps each distinct run to its terms once; `TOKEN` splits a run
  into tokens (numbers with their units, dotted abbreviations, names with "&", words). The
  compiled run coder (`indexing/_runs.c`) finds exactly these runs, and lowers the same runs
  in capitals (`run_keys`); a parity test (tests/test_native.py) holds the two together, so
  change both or neither.
- `NAME_TOKEN_PATTERN`: words joined by apostrophes and hyphens ("O'Brien", "Jean-Claude"), and
  every other visible character alone: the tokens speech attribution reads names and cues from.

Capitals carry meaning in a word ("US" the country, "us" the pronoun), but not in a stretch of
text written all in capitals: a headline ("WHO WAS OSCAR?"), a shouted question, or a corpus
typed in capitals (TIME's 1963 articles). `run_keys` says which runs are read as written and
which as if written in lower case.
"""

from __future__ import annotations

import re

WORD_CHAR = r"[\w\u0300-\u036f\u0483-\u0489]"
LETTER = r"[^\W\d_]"
MARK = r"[\u0300-\u036f\u0483-\u0489]"
# Unicode 14's category Cf (format characters), and the Egyptian format controls Unicode 15
# added: written out, because the C run coder must use the very same set. A test checks it
# against `unicodedata`.
FORMAT_RANGES = (
    (0x00AD, 0x00AD),
    (0x0600, 0x0605),
    (0x061C, 0x061C),
    (0x06DD, 0x06DD),
    (0x070F, 0x070F),
    (0x0890, 0x0891),
    (0x08E2, 0x08E2),
    (0x180E, 0x180E),
    (0x200B, 0x200F),
    (0x202A, 0x202E),
    (0x2060, 0x2064),
    (0x2066, 0x206F),
    (0xFEFF, 0xFEFF),
    (0xFFF9, 0xFFFB),
    (0x110BD, 0x110BD),
    (0x110CD, 0x110CD),
    (0x13430, 0x1343F),
    (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A),
    (0xE0001, 0xE0001),
    (0xE0020, 0xE007F),
)
FORMAT = "[" + "".join(f"\\U{low:08x}-\\U{high:08x}" for low, high in FORMAT_RANGES) + "]"
FORMAT_CHARS = re.compile(FORMAT)
# Signs that make a number glued to them an amount of money: "£600m" is 600 million.
CURRENCY_SIGNS = "$£€¥₹₽₩₺₴₪₦"
CURRENCY = f"[{re.escape(CURRENCY_SIGNS)}]"
JOINERS = ".,'’ʼ&"
_JOINER = f"[{re.escape(JOINERS)}]"
_WORD = rf"{LETTER}(?:{LETTER}|{MARK})*"
_SHORT = rf"(?:{LETTER}{MARK}*){{1,4}}"
_UNITS = r"(?:bn|bln|mln|mn|tn|trn|m|k|b)"
_TOKEN_PATTERN = rf"""
    (?P<cur>{CURRENCY})?(?P<num>\d+(?:[.,]\d+)*)(?P<unit>(?i:{_UNITS})(?!{LETTER}))?  # £600m
    |(?P<amp>{_SHORT}(?:&{_SHORT})+(?:['’ʼ][sS])?(?!{LETTER}))     # M&S, AT&T's, P&O
    |(?P<abbr>(?:{LETTER}\.)+{LETTER}\.?(?!{LETTER}))          # U.S., e.g., "U.S ."
    |(?P<cjk>[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af])  # one ideograph a token
    |(?P<word>{_WORD}(?:['’ʼ]{_WORD})*)                        # country's, don't, O'Brien
    """
TOKEN = re.compile(_TOKEN_PATTERN, re.VERBOSE)
RUN_PATTERN = re.compile(
    rf"(?:{CURRENCY}(?=[0-9]))?{WORD_CHAR}+(?:(?:{FORMAT}+|{FORMAT}*{_JOINER}{FORMAT}*){WORD_CHAR}+)*"
)
NAME_TOKEN_PATTERN = re.compile(rf"{WORD_CHAR}+(?:['’\-]{WORD_CHAR}+)*|[^\w\s]")

# A run of capitals among at least this many others (with no lower-case word between them) is
# a headline or shouting, not an acronym.
SHOUTED_WORDS = 3
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_ASCII_UPPER_PAIR = re.compile(r"[A-Z][A-Z]")


def _has_lower(run: str) -> bool:
    """True when the run has a lower-case or title-case letter (the C coder's test, exactly)."""
    return not run.isupper() and any(char.islower() or char.istitle() for char in run)


def run_keys(runs: list[str]) -> list[str]:
    """The runs as the analyser reads them: each as written, except runs in capitals inside a
    stretch of at least `SHOUTED_WORDS` of them, which are read in (ASCII) lower case.

    A stretch is the runs between two runs holding a lower-case letter; runs without cased
    letters (numbers) neither count nor break one. So "the US, UK and EU" keeps its acronyms,
    while "WHO WAS OSCAR?" and "WHAT DID THE US SAY" read as lower case, and their "WHO" and
    "US" are the stop words they spell. Lowering only matters to acronyms of ASCII letters
    (see `Analyzer`), so only ASCII letters are lowered: the key keeps the run's length.
    """
    if sum(1 for run in runs if run.isupper()) < SHOUTED_WORDS:
        return runs  # nearly always: fewer capitalised runs than any stretch needs
    keys = list(runs)
    stretch: list[int] = []  # the capital runs of the current stretch
    for position, run in enumerate([*runs, "a"]):  # a lower-case sentinel ends the last one
        if run.isupper():
            stretch.append(position)
        elif _has_lower(run):
            if len(stretch) >= SHOUTED_WORDS:
                for member in stretch:
                    keys[member] = runs[member].translate(_ASCII_LOWER)
            stretch = []
    return keys


def could_shout(text: str) -> bool:
    """False when no run of `text` can be lowered by `run_keys` (no two ASCII capitals in a
    row): a cheap test that lets the common text skip it."""
    return _ASCII_UPPER_PAIR.search(text) is not None


def unshout(text: str) -> str:
    """`text` with the runs `run_keys` reads in lower case written so (the length is kept): for
    reading parts of a text apart (a question's speaker, its topic) as the whole would be."""
    if not could_shout(text):
        return text
    matches = list(RUN_PATTERN.finditer(text))
    keys = run_keys([match.group() for match in matches])
    pieces: list[str] = []
    position = 0
    for match, key in zip(matches, keys, strict=True):
        if key != match.group():
            pieces.extend((text[position : match.start()], key))
            position = match.end()
    return "".join(pieces) + text[position:] if pieces else text
