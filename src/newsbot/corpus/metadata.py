"""Cleaning of metadata values that come from many formats: dates, strings, titles."""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

from newsbot.text.normalise import scrub

if TYPE_CHECKING:
    from dateparser.date import DateDataParser

_SPACES = re.compile(r"\s+")
# Epoch seconds are taken for a date only in this range (1973-03-03 to 2100-01-01 UTC: nine or
# ten digits); a smaller or larger number is more likely a year, an id or milliseconds.
_EPOCH_RANGE = range(100_000_000, 4_102_444_800)
# The libraries are asked only about text that names a year in full: "03/04/05" or "March 5"
# are too ambiguous to turn into a date, and are kept as written.
_FULL_YEAR = re.compile(r"(?<!\d)\d{4}(?!\d)")
_YEAR_FIRST = re.compile(r"\s*\d{4}\D")
# Two defaults that differ in every part: a date that parses to both has all its parts written.
_DEFAULTS = (dt.datetime(2000, 1, 1), dt.datetime(2001, 2, 2))
_DEFAULT_PARTS = (_DEFAULTS[0].year, _DEFAULTS[0].month, _DEFAULTS[0].day)
_DATEPARSER_LANGUAGES = ("en", "ru")
# Longer text is not a date, and is kept as written without asking the parsers: dateparser's
# time grows with the text (3.7 s for a "published" value of 60,000 characters).
_MAX_DATE_CHARS = 100


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


def normalise_date(value: Any, language: str | None = None) -> str | None:
    """An ISO date ("2004-12-01") when the value parses as a date, else the cleaned string.

    Read as dates: ISO 8601 dates and datetimes (with Z or an offset; the date is the one
    written, not converted to UTC), RFC 2822 dates ("Tue, 01 Mar 2005 10:00:00 GMT"), epoch
    seconds (an int or a digit string of 1973-2099), "20041201", numeric dates with a
    four-digit year ("03/04/2005" is 3 April, or 4 March when `language`, the article's language
    tag, is en-US; "12/25/2004" reads either way) and dates with month names in English
    ("1 March 2005", "March 1, 2005"), Russian ("12 марта 2021") or the article's language.
    A date must name its day, month and year: "March 2005" is not one.

    Unparseable dates are kept as written rather than dropped: the user still sees them.
    The cheap parsers go first (fromisoformat, digits); dateutil only then, and dateparser,
    which takes milliseconds, only for text with letters that nothing else read.
    """
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float) and not isinstance(value, bool):
        epoch = _from_epoch(value)
        if epoch is not None:
            return epoch
    text = clean_line(value)
    if text is None:
        return None
    if text.isascii() and text.isdigit():
        return _from_digits(text) or text
    try:
        return dt.datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    if len(text) > _MAX_DATE_CHARS:
        return text
    tag = (language or "").strip().casefold().replace("_", "-")
    american = tag == "en-us" or tag.startswith("en-us-")
    return _parse_text(text, american, tag.split("-")[0]) or text


def _from_epoch(value: float) -> str | None:
    if not math.isfinite(value) or int(value) not in _EPOCH_RANGE:
        return None
    return dt.datetime.fromtimestamp(int(value), tz=dt.UTC).date().isoformat()


def _from_digits(text: str) -> str | None:
    if len(text) == 8:  # 20041201
        try:
            return dt.datetime.strptime(text, "%Y%m%d").date().isoformat()
        except ValueError:
            return None
    return _from_epoch(int(text)) if len(text) in (9, 10) else None


@lru_cache(maxsize=8192)  # a corpus writes the same dates many times
def _parse_text(text: str, american: bool, language: str) -> str | None:
    """The slow parsers, in order of cost: email (RFC 2822), dateutil, dateparser."""
    if not _FULL_YEAR.search(text):
        return _rfc2822(text)  # "Tue, 01 Mar 05 …": two-digit years are RFC 2822's own
    has_letters = any(char.isalpha() for char in text)
    if has_letters:
        parsed = _rfc2822(text)
        if parsed is not None:
            return parsed
    parsed = _dateutil(text, american)
    if parsed is not None or not has_letters:
        return parsed
    return _dateparser(text, american, language)


def _rfc2822(text: str) -> str | None:
    try:
        return email.utils.parsedate_to_datetime(text).date().isoformat()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _dateutil(text: str, american: bool) -> str | None:
    from dateutil import parser

    year_first = _YEAR_FIRST.match(text) is not None  # 2004/12/01: year, month, day

    def parse(default: dt.datetime) -> dt.date:
        return parser.parse(
            text,
            default=default,
            ignoretz=True,  # the date as written; also no warning for "EST" or "MSK"
            dayfirst=not american and not year_first,
            yearfirst=year_first,
        ).date()

    try:
        parsed = parse(_DEFAULTS[0])
        # A part the text does not write is taken from the default; a second default that
        # differs in every part tells. It is asked only when the first could have filled in.
        parts = (parsed.year, parsed.month, parsed.day)
        could_be_default = any(a == b for a, b in zip(parts, _DEFAULT_PARTS, strict=True))
        if could_be_default and parse(_DEFAULTS[1]) != parsed:
            return None  # "March 2005", "2005-03": not a date
    except (ValueError, OverflowError):
        return None
    return parsed.isoformat()


def _dateparser(text: str, american: bool, language: str) -> str | None:
    try:
        data = _date_data_parser(american, language).get_date_data(text)
    except Exception:  # odd text can make it raise many types; odd text is not a date
        return None
    return data.date_obj.date().isoformat() if data.date_obj is not None else None


@cache
def _date_data_parser(american: bool, language: str) -> DateDataParser:
    """dateparser for absolute dates only ("2 days ago" is not a publication date), in the
    article's language when dateparser knows it, then English and Russian."""
    from dateparser.data.languages_info import language_order
    from dateparser.date import DateDataParser

    known = {code.casefold(): code for code in language_order}
    languages = list(dict.fromkeys([known.get(language, "en"), *_DATEPARSER_LANGUAGES]))
    settings = {
        "PARSERS": ["absolute-time"],
        "REQUIRE_PARTS": ["day", "month", "year"],
        "DATE_ORDER": "MDY" if american else "DMY",
        "PREFER_LOCALE_DATE_ORDER": False,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    return DateDataParser(languages=languages, settings=settings)


def title_from_text(text: str, words: int = 12) -> str:
    """A stand-in title from the first words of the text, for records that have none."""
    first_line = next((line.strip() for line in text.splitlines() if line.strip()), "")
    parts = first_line.split(maxsplit=words)  # the first words, and the rest in one
    title = " ".join(parts[:words])
    return title + (" …" if len(parts) > words else "")
