"""Cleaning of metadata values that come from many formats: dates, strings, titles."""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from typing import Any

from newsbot.text.normalise import scrub

_DATE_FORMATS = (
    "%d %B %Y",
    "%d %b %Y",
    "%B %d, %Y",
    "%b %d, %Y",
    "%d.%m.%Y",
    "%Y/%m/%d",
    "%d/%m/%Y",
    "%d-%b-%Y %H:%M:%S.%f",
    "%Y%m%d",
)
_SPACES = re.compile(r"\s+")


def clean_line(value: Any) -> str | None:
    """A one-line metadata string, or None when the value is missing or blank."""
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    if not isinstance(value, str | int | float):
        return None
    text = _SPACES.sub(" ", scrub(str(value))).strip()
    return text or None


def normalise_date(value: Any) -> str | None:
    """An ISO date ("2004-12-01") when the value parses as a date, else the cleaned string.

    Unparseable dates are kept as written rather than dropped: the user still sees them.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = clean_line(value)
    if text is None:
        return None
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return text


def title_from_text(text: str, words: int = 12) -> str:
    """A stand-in title from the first words of the text, for records that have none."""
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    parts = first_line.split(maxsplit=words)  # the first words, and the rest in one
    title = " ".join(parts[:words])
    return title + (" …" if len(parts) > words else "")
