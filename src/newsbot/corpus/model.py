"""What the readers produce: articles, and the files or records they had to skip."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Article:
    """One news article. `text` is the body exactly as quoted; the title is kept apart."""

    id: str
    title: str
    text: str
    source: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None
    origin: str = ""
    # The record's `category` or `section`, else the first-level subfolder it was found in:
    # what "sport" or "tech section" filters on.
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Passage:
    """A span of an article's text, numbered in its index; `text` is exactly
    `article.text[start:end]`."""

    number: int
    id: str
    article_number: int
    article: Article
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file, or a record inside one, that could not be read, with the reason in plain words."""

    origin: str
    reason: str


class UnreadableFile(Exception):  # noqa: N818 - a reader's signal, never shown as a traceback
    """Raised by a reader when a whole file cannot be used; becomes a `Skipped`."""
