"""Times in the user's words: "in March 1987", "news from December 2004", «в марте 2011»,
"since March 20, 1987", "before 2005", "last week", "recently"; and the dates of the flags.

A time is read as a filter only where it places the question in time ("In 2005, …", "news
from …", "since …: …"), or, for a month, where the corpus has news of that month: "a programme
that runs until 2030" and «погибло … в феврале 2023 года» name the time of an event, which the
year filter (`answering.years`) handles by what the articles mention.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import replace

from newsbot.answering.models import Filters

_MONTHS_EN = {
    name: number
    for number in range(1, 13)
    for name in {calendar.month_name[number].casefold(), calendar.month_abbr[number].casefold()}
} | {"sept": 9}
_MONTHS_RU = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
_MONTH_EN = "|".join(sorted(_MONTHS_EN, key=len, reverse=True))
# «в марте 2011», «с 20 марта 2011 года», «в мае 2005»: the stem and its case endings.
_MONTH_RU = r"(?:январ|феврал|март|апрел|июн|июл|август|сентябр|октябр|ноябр|декабр)[ьяеу]?|ма[йяе]"
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
# A date as people write it, one of: "March 20, 1987", "20 March 1987", "March 1987", «в марте
# 2011», «20 марта 2011 года», "1987". The groups say which parts were given.
_DATE = (
    rf"(?:(?P<m1>{_MONTH_EN})\.?\s+(?P<d1>{_DAY})(?:st|nd|rd|th)?,?\s+(?P<y1>{_YEAR})"
    rf"|(?P<d2>{_DAY})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<m2>{_MONTH_EN}|{_MONTH_RU})\.?,?\s+(?P<y2>{_YEAR})"
    rf"|(?P<m3>{_MONTH_EN}|{_MONTH_RU})\.?,?\s+(?P<y3>{_YEAR})"
    rf"|(?P<y4>{_YEAR}))(?:\s+(?:года?|г\.))?(?!\d)"
)
# Words that make a phrase name where news was published ("tech news", "Reuters stories").
NEWS_WORDS = r"(?:news|stories|story|articles|article|reports|coverage|pieces|pages|wire|newswire)"
LEAD_PUNCT = r"(?:\s*(?:[:,;]|\s[-–—]))"
_TIME_WORDS = (
    # (cue, kind): "in March 1987" is that month; "since …" from its start; "after …" from the
    # day after it; "before …" up to its start; "until …" to its end.
    (r"(?:in|during|from|в|во|за)", "in"),
    (r"(?:since|from\s+the\s+start\s+of|с|со)", "since"),
    (r"(?:after|после)", "after"),
    (r"(?:before|prior\s+to|до)", "before"),
    (r"(?:until|till|up\s+to|through|by\s+the\s+end\s+of|по)", "until"),
)
# "last week", "the past 3 days", "this week", "last month"; not "this year", which is as often
# what a story is about ("profits will rise this year") as when it was written.
_RELATIVE = re.compile(
    r"\b(?:(?:in\s+|over\s+|during\s+)?(?:the\s+)?(?:last|past)\s+"
    r"(?:(?P<count>\d{1,3}|two|three|four|few)\s+)?(?P<span>days|weeks?|month)"
    r"|this\s+(?P<this>week)"
    r"|за\s+последн(?:юю|ий|ие)\s+(?P<ru>недел[юи]|месяц|год|дн(?:и|ей))"
    r"|на\s+прошлой\s+неделе)\b",
    re.IGNORECASE,
)
_LEADING_DATES = (
    re.compile(rf"^\s*(?:news\s+(?:from|of)\s+)?{_DATE}(?:\s+{NEWS_WORDS})?{LEAD_PUNCT}", re.I),
    re.compile(rf"\b{_DATE}\s+{NEWS_WORDS}\b{LEAD_PUNCT}?", re.I),
)
_RECENTLY = re.compile(r"\b(?:recently|lately|недавно)\b", re.IGNORECASE)
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "few": 3}
_SPAN_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_RECENT_DAYS = 30


def read_time(
    text: str, filters: Filters, covers: Callable[[tuple[dt.date, dt.date]], bool], dated: bool
) -> tuple[str, Filters]:
    """The question without its time, and the filters with it. `covers` says whether the
    corpus has news from within a span; "recently" is a filter only of a `dated` corpus."""
    for cue, kind in _TIME_WORDS:
        pattern = re.compile(
            rf"(?:,\s*)?\b(?:{NEWS_WORDS}\s+)?{cue}\s+(?:the\s+)?{_DATE}{LEAD_PUNCT}?", re.I
        )
        for match in pattern.finditer(text):
            bounds = _date_bounds(match)
            if bounds is None:
                continue
            if not _year_stands_alone(text, match) and not (
                kind == "in" and not match.group("y4") and covers(bounds)
            ):
                # "runs until 2030?", «погибло … в феврале 2023 года» name the time of
                # an event; only a month the corpus has news of is read as a filter there.
                continue
            return cut(text, match), _with_bounds(filters, kind, bounds)
    # "June 1987: …", "1987 news: …", "March 1987 stories about …"
    for lead in _LEADING_DATES:
        found = lead.search(text)
        bounds = None if found is None else _date_bounds(found)
        if found is not None and bounds is not None:
            return cut(text, found), _with_bounds(filters, "in", bounds)
    relative = _RELATIVE.search(text)
    if relative is not None:
        days = _relative_days(relative)
        return cut(text, relative), replace(filters, relative_days=days)
    recently = _RECENTLY.search(text)
    if recently is not None and dated:
        return cut(text, recently), replace(filters, relative_days=_RECENT_DAYS)
    return text, filters


def flag_date(value: str, end: bool) -> str:
    """A flag's YYYY, YYYY-MM or YYYY-MM-DD as the first (or, for `end`, the last) day it
    covers; ValueError for anything else."""
    match = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?", value.strip())
    if match is None:
        raise ValueError(f"{value!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else None
    day = int(match.group(3)) if match.group(3) else None
    first, last = _span(year, month, day)
    return (last if end else first).isoformat()


def _span(year: int, month: int | None, day: int | None) -> tuple[dt.date, dt.date]:
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    if day is None:
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, month, day), dt.date(year, month, day)


def _month_number(name: str) -> int:
    folded = name.casefold().rstrip(".")
    if folded in _MONTHS_EN:
        return _MONTHS_EN[folded]
    for stem, number in _MONTHS_RU.items():
        if folded.startswith(stem) and (stem != "ма" or len(folded) == 3):
            return number
    raise ValueError(name)


def _date_bounds(match: re.Match[str]) -> tuple[dt.date, dt.date] | None:
    """The first and last day a matched `_DATE` covers; None for an impossible date."""
    groups = match.groupdict()
    year = groups["y1"] or groups["y2"] or groups["y3"] or groups["y4"]
    month_name = groups["m1"] or groups["m2"] or groups["m3"]
    day = groups["d1"] or groups["d2"]
    try:
        month = _month_number(month_name) if month_name else None
        return _span(int(year), month, int(day) if day else None)
    except (ValueError, TypeError):
        return None


def _with_bounds(filters: Filters, kind: str, bounds: tuple[dt.date, dt.date]) -> Filters:
    first, last = bounds
    if kind == "since":
        return replace(filters, since=first.isoformat())
    if kind == "after":
        return replace(filters, since=(last + dt.timedelta(days=1)).isoformat())
    if kind == "before":
        return replace(filters, until=(first - dt.timedelta(days=1)).isoformat())
    if kind == "until":
        return replace(filters, until=last.isoformat())
    return replace(filters, since=first.isoformat(), until=last.isoformat())


def _year_stands_alone(text: str, match: re.Match[str]) -> bool:
    """ "In 2005, …", "since March 20, 1987: …" and "articles from 2005 about tax" place the
    question in time; "the Australian Open in 2005" and "a programme that runs until 2030" name
    the time of an event, which the year filter (`answering.years`) already handles by what the
    articles mention."""
    before = text[: match.start()].strip()
    after = text[match.end() :].lstrip()
    at_start = not before or before.endswith((":", ",", ";"))
    after_news = (
        re.search(rf"\b{NEWS_WORDS}$", before, re.I) is not None
        or re.match(rf"(?:,\s*)?{NEWS_WORDS}\s", match.group(), re.I) is not None
    )
    closes = not after or after[:1] in ",:;?!." or after.casefold().startswith(("about ", "on "))
    return at_start or (after_news and closes) or match.group().rstrip().endswith((",", ":"))


def _relative_days(match: re.Match[str]) -> int:
    if match.group("ru"):
        word = match.group("ru").casefold()
        if word.startswith("недел"):
            return 7
        return {"месяц": 30, "год": 365}.get(word, 3)
    if match.group("span") is None:
        return 7  # "this week", «на прошлой неделе»
    span = match.group("span").casefold().rstrip("s")
    count_text = (match.group("count") or "1").casefold()
    count = _COUNT_WORDS.get(count_text) or int(count_text)
    return max(_SPAN_DAYS[span] * count, 1)


def cut(text: str, match: re.Match[str]) -> str:
    return f"{text[: match.start()]} {text[match.end() :]}"
