"""Plain-text articles, typically saved from a web page.

The first meaningful line is the title. Navigation lines that scrapers pick up ("Skip to
Content", "Share this article") are dropped wherever they stand, because they are never part of
the story. A trailing block of "Source: X", "URL: …" or "Published: …" lines is metadata,
not body text.
"""

from __future__ import annotations

import re
from pathlib import Path

from newsbot.corpus.metadata import clean_line, normalise_date, title_from_text
from newsbot.corpus.model import Article, UnreadableFile
from newsbot.corpus.textfile import read_text

_BOILERPLATE_LINES = """
    skip to content|skip to main content|skip to navigation|skip navigation|jump to content
    |jump to navigation|skip to search|toggle navigation|main menu|menu|open menu|close menu
    |search|home|share|share this|share this article|share this page|print|print this page
    |email this page|advertisement|advertising|back to top|scroll to top|read more|related
    |related articles|related stories|more stories|subscribe|sign in|log in|sign up|newsletter
    |cookie settings|accept cookies|accept all cookies|follow us|close|loading|next article
    |previous article|top stories|most read
    """
_BOILERPLATE = frozenset(" ".join(item.split()) for item in _BOILERPLATE_LINES.split("|"))
# "Key: value". The value is everything after the colon, stripped in Python: a pattern that
# trimmed trailing whitespace itself ("\S.*?\s*$") tried every split of a long run of spaces
# against every later position, and took 44 s on one "Source: x" line of 60,000 spaces.
_TRAILER = re.compile(
    r"\s*(?P<key>source|outlet|url|link|published|date)\s*:(?P<value>.*)", re.IGNORECASE
)
_NOT_WORD_OR_SPACE = re.compile(r"[^\w\s]")
_KEY_FIELDS = {
    "source": "source",
    "outlet": "source",
    "url": "url",
    "link": "url",
    "published": "published",
    "date": "published",
}


def is_boilerplate(line: str) -> bool:
    """True for a scraped navigation line such as "Skip to Content"."""
    key = _NOT_WORD_OR_SPACE.sub("", line).strip().casefold()
    return " ".join(key.split()) in _BOILERPLATE


def read_txt(path: Path, article_id: str, origin: str) -> Article:
    """Read one plain-text article."""
    return parse_txt(read_text(path), article_id, origin)


def trailer_field(line: str) -> tuple[str, str] | None:
    """("source", "Reuters") for a metadata line such as "Source: Reuters", else None.

    Linear in the line's length whatever it holds: the value is stripped by `str.strip`.
    """
    match = _TRAILER.match(line)
    if match is None:
        return None
    value = match.group("value").strip()
    return (_KEY_FIELDS[match.group("key").casefold()], value) if value else None


def parse_txt(text: str, article_id: str, origin: str) -> Article:
    """One plain-text article from its decoded text (see `read_txt`)."""
    lines = [line for line in text.split("\n") if not is_boilerplate(line)]
    fields: dict[str, str] = {}
    while lines and (not lines[-1].strip() or trailer_field(lines[-1]) is not None):
        found = trailer_field(lines.pop())
        if found is not None:
            fields.setdefault(*found)
    first = next((number for number, line in enumerate(lines) if line.strip()), len(lines))
    if first == len(lines):
        raise UnreadableFile("no article text after removing navigation lines and metadata")
    title = lines[first].strip()
    body = "\n".join(lines[first + 1 :]).strip()
    if not body:
        body, title = title, title_from_text(title)
    return Article(
        id=article_id,
        title=" ".join(title.split()),
        text=body,
        source=clean_line(fields.get("source")),
        url=clean_line(fields.get("url")),
        published=normalise_date(fields.get("published")),
        origin=origin,
    )
