"""Counting words and comparing texts with whitespace set aside: indexing does both for every
article, so a small C extension (`_text.c`) does them without making a str for every word. The
Python definitions here are its reference, and the tests hold the two to the same results.
"""

from __future__ import annotations

from newsbot import native


def _word_count(text: str, start: int = 0, end: int | None = None) -> int:
    """The number of words (as str.split() finds them) in text[start:end]."""
    return len(text[start:end].split())


def _collapsed_utf8(text: str) -> bytes:
    """The text's words joined by single spaces, as UTF-8: what is left when whitespace is
    not taken into account."""
    return " ".join(text.split()).encode("utf-8")


_TEXT_ABI = 1  # the interface version expected of `_text.c`
# Indexing calls both for every article; the compiled versions (`_text.c`) skip making a str
# for every word. The Python definitions above are their reference.
_compiled = native.load("newsbot.text._text", _TEXT_ABI)
word_count = _compiled.word_count if _compiled is not None else _word_count
collapsed_utf8 = _compiled.collapsed_utf8 if _compiled is not None else _collapsed_utf8
