"""The words every surface uses to explain an answer to a user, kept in one place.

The engine says *what* happened (which words no article has, which years no matching article
mentions); how to say it is the surfaces' business, and the terminal, Telegram and JSON say it
alike.
"""

from __future__ import annotations

import calendar
import datetime as dt

from newsbot.answering.models import Answer, Filters


def nothing_found_reason(answer: Answer) -> str:
    """Why there are no hits (or only related ones), in words a user can act on."""
    related = related_notice(answer)
    if related:
        return related
    if not answer.terms and not answer.unknown_words:
        return "Your question has no words to search for. Try naming a person, place or topic."
    filtered = filter_reason(answer)
    if filtered:
        return filtered
    parts = []
    if answer.unknown_words:
        words = ", ".join(f"“{word}”" for word in answer.unknown_words)
        parts.append(f"No article mentions {words}.")
    elif answer.missing_years:
        years = " or ".join(answer.missing_years)
        parts.append(f"The articles that match do not mention {years}.")
    else:
        parts.append("No passage matches your question well enough.")
    if answer.suggestions:
        options = ", ".join(f"“{fixed}”" for _, fixed in answer.suggestions)
        parts.append(f"Did you mean {options}?")
    return " ".join(parts)


_KINDS = {
    "money": "an amount",
    "measure": "a measure",
    "duration": "a length of time",
    "date": "a date",
    "percent": "a percentage",
    "number": "a number",
}


def related_notice(answer: Answer) -> str | None:
    """What to say above hits that are related to the question but do not answer it."""
    if answer.speaker_found is False and answer.asked_speaker:
        about = f" about {answer.asked_topic}" if answer.asked_topic else ""
        return f"{answer.asked_speaker} is not quoted{about}. Other people quoted on it:"
    if answer.related and answer.missing_kind:
        kind = _KINDS.get(answer.missing_kind, "an answer")
        return f"No passage gives {kind} for this. Related, but not an answer:"
    return None


def filter_line(filters: Filters) -> str | None:
    """ "Filtered: sport, March 1987": the filters an answer applied, in one line."""
    parts = [*filters.sources]
    if filters.section:
        parts.insert(0, filters.section)
    time = time_label(filters)
    if time:
        parts.append(time)
    if filters.latest:
        parts.append("newest first")
    return f"Filtered: {', '.join(parts)}" if parts else None


def time_label(filters: Filters) -> str | None:
    """ "March 1987", "1987", "since 1987-03-20", "2005-03-25 to 2005-03-31"."""
    since, until = filters.since, filters.until
    if since is None and until is None:
        return f"the last {filters.relative_days} days" if filters.relative_days else None
    if since is None:
        return f"until {until}"
    if until is None:
        return f"since {since}"
    first, last = dt.date.fromisoformat(since), dt.date.fromisoformat(until)
    whole_year = (first.month, first.day, last.month, last.day) == (1, 1, 12, 31)
    if whole_year and first.year == last.year:
        return str(first.year)
    month_end = calendar.monthrange(first.year, first.month)[1]
    if first.day == 1 and (last.year, last.month, last.day) == (first.year, first.month, month_end):
        return f"{calendar.month_name[first.month]} {first.year}"
    return since if since == until else f"{since} to {until}"


def filter_reason(answer: Answer) -> str | None:
    """Why filters left no hits: the corpus has no dates, or no article meeting them answers
    (and which others would: "No sport articles match your question; 3 tech articles do.")."""
    filters = answer.filters
    if filters.unmet == "no_dates":
        time = time_label(filters) or "that time"
        return (
            "The articles have no publication dates, so I cannot tell which are from "
            f"{time}. Ask without the time to search them all."
        )
    if not filters.restricts or answer.unknown_words:
        return None
    what = _filtered_articles(filters)
    if not answer.elsewhere:
        return f"No {what} match your question."
    others = " and ".join(
        f"{count} {_facet_value(filters, value)} article{'' if count == 1 else 's'}"
        for value, count in answer.elsewhere
    )
    one = len(answer.elsewhere) == 1 and answer.elsewhere[0][1] == 1
    return f"No {what} match your question; {others} {'does' if one else 'do'}."


def _filtered_articles(filters: Filters) -> str:
    """ "sport articles", "BBC News articles from March 1987", "articles since 1987-03-20"."""
    words = [filters.section or "", " or ".join(filters.sources), "articles"]
    time = time_label(filters)
    if time:
        words.append(time if time.startswith(("since ", "until ", "the last ")) else f"from {time}")
    return " ".join(word for word in words if word)


def _facet_value(filters: Filters, value: str) -> str:
    if filters.section or filters.sources:
        return value
    year, _, month = value.partition("-")
    return f"{calendar.month_name[int(month)]} {year}" if month else value
