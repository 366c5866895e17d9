"""Making any string safe to store, print and send, without losing its readable content.

Strings reach newsbot from JSON (which may carry lone surrogates such as "\\ud800"), from argv
(undecodable bytes become surrogate escapes) and from users. A lone surrogate cannot be encoded
as UTF-8, so it would crash the indexer or a reply; control characters other than tab and newline
have no business in a quote and some are refused by Telegram.
"""

from __future__ import annotations

import re

from newsbot import native

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_EITHER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def scrub(text: str) -> str:
    """Replace lone surrogates with U+FFFD and drop control characters other than \\t \\n \\r."""
    if not _EITHER.search(text):
        return text  # nearly always: one scan, nothing to do
    text = _SURROGATE.sub("\ufffd", text)
    return _CONTROL.sub("", text)


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
