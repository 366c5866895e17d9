"""Filters in the user's words ("only sport:", "from Reuters", "in March 1987", "latest on …")
and as flags, turned into the set of articles a question may be answered from.

A filter's words describe where to look, not what to look for, so they are taken out of the
question before it is searched. A phrase is read as a filter only when it names something the
corpus has (one of its sections, one of its outlets) and stands where a filter stands ("sport:"
first, "sport news", "only sport", "in the tech section"): "sport funding cuts" stays three search
words, since a false filter loses answers. Times are relative to the corpus's newest article,
not to today ("last week" of an archive from 1987 is a week of 1987; `filter_times` reads
them). A question that names a time on a corpus without dates is told so rather than answered
without the time.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import numpy.typing as npt

from newsbot.answering.filter_times import LEAD_PUNCT, NEWS_WORDS, cut, flag_date, read_time
from newsbot.answering.models import Filters
from newsbot.corpus.facets import ArticleFacets

Mask = npt.NDArray[np.bool_]

_LATEST = re.compile(
    r"\b(?:(?:what(?:'s|’s|\s+is)\s+(?:the\s+)?new(?:est)?\s+(?:about|with|on|in))"
    r"|(?:the\s+)?(?:latest|newest|most\s+recent)(?:\s+news)?(?:\s+(?:on|about|from|in))?"
    r"|последние\s+новости(?:\s+(?:о|об|про))?)(?=\s|$|[:,])",
    re.IGNORECASE,
)
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
        text, filters = read_time(text, filters, self._covers, self.dated)
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
            rf"\b(?:only|just)\s+(?:the\s+)?(?P<name>{names})(?:\s+{NEWS_WORDS})?"
            rf"(?:\s+section)?(?:\s+please)?\b{LEAD_PUNCT}?",
            rf"\b(?:(?:in|from|on)\s+(?:the\s+)?)?(?P<name>{names})\s+(?:{NEWS_WORDS}|section)"
            rf"(?:\s+(?:section|only|please))*\b{LEAD_PUNCT}?",
            rf"^\s*(?:in\s+(?:the\s+)?)?(?P<name>{names})(?:\s+only)?(?:\s+please)?{LEAD_PUNCT}",
            rf"\b(?P<name>{names})\s+only\b{LEAD_PUNCT}?",
        )
        match = _first_match(patterns, text)
        if match is None:
            return text, filters
        section = self._section_names[match.group("name").casefold()]
        return cut(text, match), replace(filters, section=section)

    def _read_source(self, text: str, filters: Filters) -> tuple[str, Filters]:
        if not self._outlet_names:
            return text, filters
        names = _alternation(self._outlet_names)
        words = rf"(?:\s+(?:{NEWS_WORDS}|only|please))*"
        # "in the BBC pundit's rundown" is not a filter; "in the Reuters wire" is.
        patterns = (
            rf"\b(?:from|by|only|just)\s+(?:the\s+)?(?P<name>{names})(?!['’]s){words}\b"
            rf"{LEAD_PUNCT}?",
            rf"\b(?:in|on|at)\s+(?:the\s+)?(?P<name>{names})(?:\s+{NEWS_WORDS})+\b"
            rf"{LEAD_PUNCT}?",
            rf"\b(?:the\s+)?(?P<name>{names})(?:\s+(?:{NEWS_WORDS}|only))+\b{LEAD_PUNCT}?",
            rf"^\s*(?:the\s+)?(?P<name>{names}){LEAD_PUNCT}",
        )
        match = _first_match(patterns, text)
        if match is None:
            return text, filters
        outlets = self._outlet_names[match.group("name").casefold()]
        return cut(text, match), replace(filters, sources=outlets)

    def _read_latest(self, text: str, filters: Filters) -> tuple[str, Filters]:
        match = _LATEST.search(text)
        if match is None:
            return text, filters
        return cut(text, match), replace(filters, latest=True)

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


def _first_match(patterns: Iterable[str], text: str) -> re.Match[str] | None:
    for pattern in patterns:
        match = re.search(pattern, text, re.IGNORECASE)
        if match is not None:
            return match
    return None


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
