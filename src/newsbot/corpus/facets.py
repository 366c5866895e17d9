"""What a filter can ask of an article: its outlet, its section and the day it was published."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ISO_DAY = re.compile(r"\d{4}-\d\d-\d\d")


@dataclass(frozen=True, slots=True)
class ArticleFacets:
    """Each article's outlet, section and day, in article order (index numbers).

    Kept apart from the articles' texts so that filtering a question never decodes them.
    """

    sources: tuple[str | None, ...]
    sections: tuple[str | None, ...]
    # YYYY-MM-DD; None for an article without a date, or with one that did not parse.
    days: tuple[str | None, ...]


def iso_day(published: str | None) -> str | None:
    """The YYYY-MM-DD a `published` value starts with, if it does."""
    if published and _ISO_DAY.match(published):
        return published[:10]
    return None
