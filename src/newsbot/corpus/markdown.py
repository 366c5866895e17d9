"""Markdown articles with YAML front matter.

The Markdown and YAML parsers are imported on first use, to keep `newsbot ask` quick to start.

The body is rendered to plain text, because quotes must read as prose, not as markup: "**bold**"
becomes "bold" and "[link](url)" becomes "link". Soft line breaks inside a paragraph become
spaces, as they do when Markdown is displayed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsbot.corpus.metadata import clean_line, normalise_date, title_from_text
from newsbot.corpus.model import Article, UnreadableFile
from newsbot.corpus.textfile import read_text

if TYPE_CHECKING:
    from markdown_it.token import Token

_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
# A tag ends at the next "<" as well as at ">": "<[^>]+>" ran to the end of the block from every
# "<" of a run of them with no ">" (quadratic: 2 s for 60,000).
_TAG = re.compile(r"<[^<>]*>")
_SPACES = re.compile(r"[ \t]{2,}")
_FIELD_ALIASES = {
    "title": ("title", "headline"),
    "source": ("source", "outlet", "publisher", "site"),
    "url": ("url", "link", "canonical"),
    "published": ("published", "date", "published_at", "pubdate"),
    "language": ("language", "lang"),
}


def read_markdown(path: Path, article_id: str, origin: str) -> Article:
    """Read one Markdown article."""
    return parse_markdown(read_text(path), article_id, origin)


def parse_markdown(text: str, article_id: str, origin: str) -> Article:
    """One Markdown article from its decoded text (see `read_markdown`)."""
    meta: dict[str, Any] = {}
    match = _FRONT_MATTER.match(text)
    if match:
        meta = _parse_front_matter(match.group(1) or "")
        text = text[match.end() :]
    blocks = _plain_blocks(text)
    title = clean_line(_field(meta, "title"))
    if blocks and blocks[0][0] == "heading" and title in (None, blocks[0][1]):
        title = blocks.pop(0)[1]  # the headline, not repeated as the first line of the body
    body = "\n\n".join(content for _, content in blocks).strip()
    if not body:
        raise UnreadableFile("the Markdown file has no body text")
    language = clean_line(_field(meta, "language"))
    return Article(
        id=article_id,
        title=title or title_from_text(body),
        text=body,
        source=clean_line(_field(meta, "source")),
        url=clean_line(_field(meta, "url")),
        published=normalise_date(_field(meta, "published"), language),
        language=language,
        origin=origin,
    )


def _parse_front_matter(raw: str) -> dict[str, Any]:
    import yaml

    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 2}" if mark is not None else ""
        raise UnreadableFile(f"the YAML front matter is malformed{where}") from None
    except RecursionError:
        # PyYAML parses and builds nested values recursively: 20,000 "[" exhaust the stack.
        raise UnreadableFile("the YAML front matter is nested too deeply") from None
    except (ValueError, TypeError, OverflowError) as error:
        # Values PyYAML recognises but cannot build, such as the timestamp "2005-13-45".
        raise UnreadableFile(
            f"the YAML front matter holds a value it cannot read ({error})"
        ) from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UnreadableFile("the YAML front matter is not a mapping of fields")
    return {str(key).casefold(): value for key, value in data.items()}


def _field(meta: dict[str, Any], name: str) -> Any:
    for alias in _FIELD_ALIASES[name]:
        if meta.get(alias) is not None:
            return meta[alias]
    return None


def _plain_blocks(markdown: str) -> list[tuple[str, str]]:
    """(kind, text) for each heading, paragraph and code block, in order."""
    from markdown_it import MarkdownIt

    blocks: list[tuple[str, str]] = []
    tokens = MarkdownIt("commonmark").parse(markdown)
    for index, token in enumerate(tokens):
        if token.type == "inline":
            kind = "heading" if tokens[index - 1].type == "heading_open" else "paragraph"
            content = _SPACES.sub(" ", _inline_text(token.children or []))
        elif token.type in ("fence", "code_block"):
            kind, content = "code", token.content.rstrip("\n")
        elif token.type == "html_block":
            kind, content = "paragraph", " ".join(_TAG.sub(" ", token.content).split())
        else:
            continue
        if content.strip():
            blocks.append((kind, content.strip()))
    return blocks


def _inline_text(children: list[Token]) -> str:
    parts: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "softbreak":
            parts.append(" ")
        elif child.type == "hardbreak":
            parts.append("\n")
    return "".join(parts)
