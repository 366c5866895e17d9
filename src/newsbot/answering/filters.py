"""Filters in the user's words ("only sport:", "from Reuters", "in March 1987", "latest on …")
and as flags, turned into the set of articles a question may be answered from.

A filter's words describe where to look, not what to look for, so they are taken out of the
question before it is searched. A phrase is read as a filter only when it names something the
corpus has (one of its sections, one of its outlets) and stands where a filter stands ("sport:"
first, "sport news", "only sport", "in the tech section"): "sport funding cuts" stays three search
words, since a false filter loses answers. Times are relative to the corpus's newest article,
not to today ("last week" of an archive from 1987 is a week of 1987). A question that names a
time on a corpus without dates is told so rather than answered without the time.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from newsbot.answering.models import Filters
from newsbot.corpus.facets import ArticleFacets

Mask = npt.NDArray[np.bool_]

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
_NEWS_WORDS = r"(?:news|stories|story|articles|article|reports|coverage|pieces|pages|wire|newswire)"
_LEAD_PUNCT = r"(?:\s*(?:[:,;]|\s[-–—]))"
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
    re.compile(rf"^\s*(?:news\s+(?:from|of)\s+)?{_DATE}(?:\s+{_NEWS_WORDS})?{_LEAD_PUNCT}", re.I),
    re.compile(rf"\b{_DATE}\s+{_NEWS_WORDS}\b{_LEAD_PUNCT}?", re.I),
)
_RECENTLY = re.compile(r"\b(?:recently|lately|недавно)\b", re.IGNORECASE)
_LATEST = re.compile(
    r"\b(?:(?:what(?:'s|’s|\s+is)\s+(?:the\s+)?new(?:est)?\s+(?:about|with|on|in))"
    r"|(?:the\s+)?(?:latest|newest|most\s+recent)(?:\s+news)?(?:\s+(?:on|about|from|in))?"
    r"|последние\s+новости(?:\s+(?:о|об|про))?)(?=\s|$|[:,])",
    re.IGNORECASE,
)
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "few": 3}
_SPAN_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365}
_RECENT_DAYS = 30
# Other names people use for a section the corpus has.
_SECTION_NAMES = {
    "tech": ("technology", "tech"),
    "technology": ("tech", "technology"),
    "sport": ("sports", "sport", "sporting"),
    "sports": ("sport", "sports"),
    "politics": ("political", "politics"),
    "entertainment": ("showbiz", "entertainment"),
    "business": ("business", "economy", "economic"),
}
# Words that never name an outlet by themselves.
_GENERIC = frozenset(
    "news the a an of and daily times newswire wire agency press online service world".split()
)


@dataclass(frozen=True, slots=True)
class FilterRequest:
    """Filters given as flags (`--source`, `--section`, `--since`, `--until`); each wins over
    the same filter read from the question. Dates are YYYY, YYYY-MM or YYYY-MM-DD."""

    source: str | None = None
    section: str | None = None
    since: str | None = None
    until: str | None = None


@dataclass(frozen=True, slots=True)
class Filtered:
    """A question with its filter words taken out, and the filters they named."""

    text: str
    filters: Filters


class CorpusFilters:
    """Reads filters for one corpus: its outlets, sections and dates decide what is a filter."""

    def __init__(self, facets: ArticleFacets) -> None:
        self.facets = facets
        self._sources = np.array(
            [(source or "").casefold() for source in facets.sources], dtype=object
        )
        self._sections = np.array(
            [(section or "").casefold() for section in facets.sections], dtype=object
        )
        self._days = np.array([day or "" for day in facets.days], dtype=object)
        self.outlets = sorted({source for source in facets.sources if source})
        self.sections = sorted({section for section in facets.sections if section})
        dated = [day for day in facets.days if day]
        self.newest = max(dated) if dated else None
        self.oldest = min(dated) if dated else None
        self._outlet_names = _outlet_names(self.outlets)
        self._section_names = _section_names(self.sections)

    @property
    def dated(self) -> bool:
        return self.newest is not None

    def _covers(self, bounds: tuple[dt.date, dt.date]) -> bool:
        """Whether the corpus has news from within the span."""
        if self.oldest is None or self.newest is None:
            return False
        return bounds[0].isoformat() <= self.newest and bounds[1].isoformat() >= self.oldest

    def read(self, question: str, request: FilterRequest | None = None) -> Filtered:
        """The question's own filters, then the flags' over them."""
        text, filters = question, Filters()
        text, filters = self._read_section(text, filters)
        text, filters = self._read_source(text, filters)
        text, filters = self._read_time(text, filters)
        text, filters = self._read_latest(text, filters)
        if request is not None:
            filters = self._with_request(filters, request)
        if filters.has_time and not self.dated:
            filters = replace(filters, unmet="no_dates")
        return Filtered(" ".join(text.split()), filters)

    def allowed(self, filters: Filters) -> Mask | None:
        """One flag per article: whether it meets the filters; None when nothing is filtered."""
        if not filters.restricts:
            return None
        mask = np.ones(len(self._sources), dtype=bool)
        if filters.sources:
            mask &= np.isin(self._sources, [source.casefold() for source in filters.sources])
        if filters.section is not None:
            mask &= self._sections == filters.section.casefold()
        if filters.since is not None:
            mask &= (self._days != "") & (self._days >= filters.since)
        if filters.until is not None:
            mask &= (self._days != "") & (self._days <= filters.until)
        return mask

    def elsewhere(self, filters: Filters, articles: Iterable[int]) -> tuple[tuple[str, int], ...]:
        """How many of `articles` (those that answer without the filters) each other value of
        the filtered facet has: ("tech", 3) for "3 tech articles do"."""
        facets = self.facets
        counts: Counter[str] = Counter()
        for number in dict.fromkeys(articles):
            if filters.section is not None:
                value = facets.sections[number]
            elif filters.sources:
                value = facets.sources[number]
            else:
                day = facets.days[number]
                value = day[:7] if day else None
            if value:
                counts[value] += 1
        return tuple(counts.most_common(3))

    def _read_section(self, text: str, filters: Filters) -> tuple[str, Filters]:
        if not self._section_names:
            return text, filters
        names = _alternation(self._section_names)
        patterns = (
            rf"\b(?:only|just)\s+(?:the\s+)?(?P<name>{names})(?:\s+{_NEWS_WORDS})?"
            rf"(?:\s+section)?(?:\s+please)?\b{_LEAD_PUNCT}?",
            rf"\b(?:(?:in|from|on)\s+(?:the\s+)?)?(?P<name>{names})\s+(?:{_NEWS_WORDS}|section)"
            rf"(?:\s+(?:section|only|please))*\b{_LEAD_PUNCT}?",
            rf"^\s*(?:in\s+(?:the\s+)?)?(?P<name>{names})(?:\s+only)?(?:\s+please)?{_LEAD_PUNCT}",
            rf"\b(?P<name>{names})\s+only\b{_LEAD_PUNCT}?",
        )
        match = _first_match(patterns, text)
        if match is None:
            return text, filters
        section = self._section_names[match.group("name").casefold()]
        return _cut(text, match), replace(filters, section=section)

    def _read_source(self, text: str, filters: Filters) -> tuple[str, Filters]:
        if not self._outlet_names:
            return text, filters
        names = _alternation(self._outlet_names)
        words = rf"(?:\s+(?:{_NEWS_WORDS}|only|please))*"
        # "in the BBC pundit's rundown" is not a filter; "in the Reuters wire" is.
        patterns = (
            rf"\b(?:from|by|only|just)\s+(?:the\s+)?(?P<name>{names})(?!['’]s){words}\b"
            rf"{_LEAD_PUNCT}?",
            rf"\b(?:in|on|at)\s+(?:the\s+)?(?P<name>{names})(?:\s+{_NEWS_WORDS})+\b"
            rf"{_LEAD_PUNCT}?",
            rf"\b(?:the\s+)?(?P<name>{names})(?:\s+(?:{_NEWS_WORDS}|only))+\b{_LEAD_PUNCT}?",
            rf"^\s*(?:the\s+)?(?P<name>{names}){_LEAD_PUNCT}",
        )
        match = _first_match(patterns, text)
        if match is None:
            return text, filters
        outlets = self._outlet_names[match.group("name").casefold()]
        return _cut(text, match), replace(filters, sources=outlets)

    def _read_time(self, text: str, filters: Filters) -> tuple[str, Filters]:
        for cue, kind in _TIME_WORDS:
            pattern = re.compile(
                rf"(?:,\s*)?\b(?:{_NEWS_WORDS}\s+)?{cue}\s+(?:the\s+)?{_DATE}{_LEAD_PUNCT}?", re.I
            )
            for match in pattern.finditer(text):
                bounds = _date_bounds(match)
                if bounds is None:
                    continue
                if not _year_stands_alone(text, match) and not (
                    kind == "in" and not match.group("y4") and self._covers(bounds)
                ):
                    # "runs until 2030?", «погибло … в феврале 2023 года» name the time of
                    # an event; only a month the corpus has news of is read as a filter there.
                    continue
                return _cut(text, match), _with_bounds(filters, kind, bounds)
        # "June 1987: …", "1987 news: …", "March 1987 stories about …"
        for lead in _LEADING_DATES:
            found = lead.search(text)
            bounds = None if found is None else _date_bounds(found)
            if found is not None and bounds is not None:
                return _cut(text, found), _with_bounds(filters, "in", bounds)
        relative = _RELATIVE.search(text)
        if relative is not None:
            days = _relative_days(relative)
            return _cut(text, relative), replace(filters, relative_days=days)
        recently = _RECENTLY.search(text)
        if recently is not None and self.dated:
            return _cut(text, recently), replace(filters, relative_days=_RECENT_DAYS)
        return text, filters

    def _read_latest(self, text: str, filters: Filters) -> tuple[str, Filters]:
        match = _LATEST.search(text)
        if match is None:
            return text, filters
        return _cut(text, match), replace(filters, latest=True)

    def _with_request(self, filters: Filters, request: FilterRequest) -> Filters:
        if request.section is not None:
            name = request.section.strip().casefold()
            filters = replace(filters, section=self._section_names.get(name, request.section))
        if request.source is not None:
            name = request.source.strip().casefold()
            outlets = self._outlet_names.get(name) or tuple(
                outlet for outlet in self.outlets if name in outlet.casefold()
            )
            filters = replace(filters, sources=outlets or (request.source,))
        if request.since is not None:
            filters = replace(filters, since=flag_date(request.since, end=False), relative_days=0)
        if request.until is not None:
            filters = replace(filters, until=flag_date(request.until, end=True), relative_days=0)
        return filters

    def resolved(self, filters: Filters) -> Filters:
        """Relative times made days of the corpus ("last week": the week to its newest day)."""
        if not filters.relative_days or self.newest is None:
            return filters
        newest = dt.date.fromisoformat(self.newest)
        since = newest - dt.timedelta(days=filters.relative_days - 1)
        return replace(filters, since=since.isoformat(), until=self.newest)


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
        re.search(rf"\b{_NEWS_WORDS}$", before, re.I) is not None
        or re.match(rf"(?:,\s*)?{_NEWS_WORDS}\s", match.group(), re.I) is not None
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


def _first_match(patterns: Iterable[str], text: str) -> re.Match[str] | None:
    for pattern in patterns:
        match = re.search(pattern, text, re.IGNORECASE)
        if match is not None:
            return match
    return None


def _cut(text: str, match: re.Match[str]) -> str:
    return f"{text[: match.start()]} {text[match.end() :]}"


def _alternation(names: Iterable[str]) -> str:
    return "|".join(re.escape(name) for name in sorted(names, key=len, reverse=True))


def _section_names(sections: list[str]) -> dict[str, str]:
    """Each way of naming a section the corpus has (its name, and "technology" for "tech")."""
    names: dict[str, str] = {}
    for section in sections:
        folded = section.casefold()
        for name in (folded, *_SECTION_NAMES.get(folded, ())):
            names.setdefault(name, section)
    for section in sections:
        names[section.casefold()] = section  # a section's own name is never another's
    return names


def _outlet_names(outlets: list[str]) -> dict[str, tuple[str, ...]]:
    """Each way of naming the corpus's outlets: the whole name, without what is in brackets,
    and its leading words ("Reuters newswire (Reuters-21578, …)" answers to "Reuters"). A name
    several outlets share stands for all of them ("BBC" for "BBC News" and "BBC Sport")."""
    names: dict[str, list[str]] = {}
    for outlet in outlets:
        plain = " ".join(re.sub(r"\([^)]*\)", " ", outlet).split())
        words = plain.split()
        forms = {outlet.casefold(), plain.casefold()}
        forms |= {" ".join(words[:size]).casefold() for size in range(1, len(words) + 1)}
        for form in forms:
            if len(form) < 3 or form in _GENERIC:
                continue
            names.setdefault(form, []).append(outlet)
    return {name: tuple(found) for name, found in names.items()}
