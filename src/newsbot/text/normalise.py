"""Making any string safe to store, print and send, without losing its readable content.

Strings reach newsbot from JSON (which may carry lone surrogates such as "\\ud800"), from argv
(undecodable bytes become surrogate escapes) and from users. A lone surrogate cannot be encoded
as UTF-8, so it would crash the indexer or a reply; control characters other than tab and newline
have no business in a quote and some are refused by Telegram.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_EITHER = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


def scrub(text: str) -> str:
    """Replace lone surrogates with U+FFFD and drop control characters other than \\t \\n \\r."""
    if not _EITHER.search(text):
        return text  # nearly always: one scan, nothing to do
    text = _SURROGATE.sub("\ufffd", text)
    return _CONTROL.sub("", text)
