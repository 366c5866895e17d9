"""HTML pages: the main text and metadata, found by trafilatura.

trafilatura is imported only when an HTML file is read, because it is slow to import and most
corpora have none.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from newsbot.corpus.metadata import clean_line, normalise_date, title_from_text
from newsbot.corpus.model import Article, UnreadableFile
from newsbot.corpus.textfile import read_text

# "[^<>]*", not "[^>]*": a tag ends at the next "<" too, so that a run of "<html" with no ">"
# is scanned once, not once from each of them.
_HTML_LANG = re.compile(r"<html[^<>]*\blang\s*=\s*[\"']?([A-Za-z_-]+)", re.IGNORECASE)


def read_html(path: Path, article_id: str, origin: str) -> Article:
    """Read one HTML article."""
    return parse_html(read_text(path), article_id, origin)


def parse_html(html: str, article_id: str, origin: str) -> Article:
    """One HTML article from its decoded text (see `read_html`)."""
    import trafilatura

    try:
        document: Any = trafilatura.bare_extraction(
            html, with_metadata=True, favor_recall=True, include_comments=False
        )
    except Exception as error:  # trafilatura and lxml raise many types on bad markup
        raise UnreadableFile(f"the HTML could not be parsed ({type(error).__name__})") from None
    text = (getattr(document, "text", None) or "").strip() if document is not None else ""
    if not text:
        raise UnreadableFile("no article text found in the HTML")
    title = clean_line(getattr(document, "title", None))
    lines = text.split("\n")
    if title and lines and lines[0].strip() == title:
        text = "\n".join(lines[1:]).strip() or text
    language = clean_line(getattr(document, "language", None))
    if language is None:
        match = _HTML_LANG.search(html[:4096])
        language = match.group(1) if match else None
    return Article(
        id=article_id,
        title=title or title_from_text(text),
        text=text,
        source=clean_line(getattr(document, "sitename", None))
        or clean_line(getattr(document, "hostname", None)),
        url=clean_line(getattr(document, "url", None)),
        published=normalise_date(getattr(document, "date", None), language),
        language=language,
        origin=origin,
    )
