"""The words every surface uses to explain an answer to a user, kept in one place.

The engine says *what* happened (which words no article has, which years no matching article
mentions); how to say it is the surfaces' business, and the terminal, Telegram and JSON say it
alike. The sentences themselves are message catalogue entries (`newsbot.render.catalogue`):
the terminal and JSON keep the default English, the bot passes the asker's language.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

from newsbot.answering.models import Answer, Filters
from newsbot.render.catalogue import counted, text


def _quoted(words: Iterable[str], lang: str) -> str:
    return ", ".join(text("words.quoted", lang, word=word) for word in words)


def nothing_found_reason(answer: Answer, lang: str = "en") -> str:
    """Why there are no hits (or only related ones), in words a user can act on."""
    related = related_notice(answer, lang)
    if related:
        return related
    if not answer.terms and not answer.unknown_words:
        return text("nothing.no_words", lang)
    filtered = filter_reason(answer, lang)
    if filtered:
        return filtered
    parts = []
    if answer.unknown_words:
        parts.append(text("nothing.unknown_words", lang, words=_quoted(answer.unknown_words, lang)))
    elif answer.missing_years:
        years = text("words.or", lang).join(answer.missing_years)
        parts.append(text("nothing.missing_years", lang, years=years))
    else:
        parts.append(text("nothing.no_match", lang))
    if answer.suggestions:
        options = _quoted((fixed for _, fixed in answer.suggestions), lang)
        parts.append(text("nothing.did_you_mean", lang, options=options))
    return " ".join(parts)


_KINDS = frozenset({"money", "measure", "duration", "date", "percent", "number"})


def related_notice(answer: Answer, lang: str = "en") -> str | None:
    """What to say above hits that are related to the question but do not answer it."""
    if answer.speaker_found is False and answer.asked_speaker:
        about = text("related.about", lang, topic=answer.asked_topic) if answer.asked_topic else ""
        return text("related.not_quoted", lang, speaker=answer.asked_speaker, about=about)
    if answer.related and answer.missing_kind:
        kind = answer.missing_kind if answer.missing_kind in _KINDS else "other"
        return text("related.kind", lang, kind=text(f"kind.{kind}", lang))
    return None


def filter_line(filters: Filters, lang: str = "en") -> str | None:
    """ "Filtered: sport, March 1987": the filters an answer applied, in one line."""
    parts = [*filters.sources]
    if filters.section:
        parts.insert(0, filters.section)
    time = time_label(filters, lang)
    if time:
        parts.append(time)
    if filters.latest:
        parts.append(text("filter.newest_first", lang))
    return text("filter.line", lang, parts=", ".join(parts)) if parts else None


def time_label(filters: Filters, lang: str = "en") -> str | None:
    """ "March 1987", "1987", "since 1987-03-20", "2005-03-25 to 2005-03-31"."""
    since, until = filters.since, filters.until
    if since is None and until is None:
        if not filters.relative_days:
            return None
        return counted("filter.last_days", filters.relative_days, lang)
    if since is None:
        return text("filter.until", lang, date=until)
    if until is None:
        return text("filter.since", lang, date=since)
    first, last = dt.date.fromisoformat(since), dt.date.fromisoformat(until)
    whole_year = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)
    if whole_year and first.year == last.year:
        return str(first.year)
    month_end = calendar.monthrange(first.year, first.month)[1]
    if first.day == 1 and (last.year, last.month, last.day) == (first.year, first.month, month_end):
        return _month(first.year, first.month, lang)
    return since if since == until else text("filter.range", lang, since=since, until=until)


def filter_reason(answer: Answer, lang: str = "en") -> str | None:
    """Why filters left no hits: the corpus has no dates, or no article meeting them answers
    (and which others would: "No sport articles match your question; 3 tech articles do.")."""
    filters = answer.filters
    if filters.unmet == "no_dates":
        time = time_label(filters, lang) or text("filter.that_time", lang)
        return text("filter.no_dates", lang, time=time)
    if not filters.restricts or answer.unknown_words:
        return None
    what = _filtered_articles(filters, lang)
    if not answer.elsewhere:
        return text("filter.none", lang, what=what)
    others = text("words.and", lang).join(
        counted("filter.other_articles", count, lang, value=_facet_value(filters, value, lang))
        for value, count in answer.elsewhere
    )
    one = len(answer.elsewhere) == 1 and answer.elsewhere[0][1] == 1
    key = "filter.none_but_one" if one else "filter.none_but"
    return text(key, lang, what=what, others=others)


def _filtered_articles(filters: Filters, lang: str) -> str:
    """ "sport articles", "BBC News articles from March 1987", "articles since 1987-03-20"."""
    scope = " ".join(word for word in (filters.section or "", " / ".join(filters.sources)) if word)
    time = time_label(filters, lang)
    relative = time is not None and (filters.since is None or filters.until is None)
    if scope and time:
        key = "filter.articles_scope_time_relative" if relative else "filter.articles_scope_time"
        return text(key, lang, scope=scope, time=time)
    if scope:
        return text("filter.articles_scope", lang, scope=scope)
    if time:
        key = "filter.articles_time_relative" if relative else "filter.articles_time"
        return text(key, lang, time=time)
    return text("filter.articles", lang)


def _facet_value(filters: Filters, value: str, lang: str) -> str:
    if filters.section or filters.sources:
        return value
    year, _, month = value.partition("-")
    return _month(int(year), int(month), lang) if month else value


def _month(year: int, month: int, lang: str) -> str:
    return text("filter.month", lang, month=text(f"month.{month}", lang), year=year)
