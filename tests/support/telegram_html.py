"""A strict validator for Telegram Bot API HTML (``parse_mode="HTML"``).

Follows https://core.telegram.org/bots/api#html-style and the entity nesting rules in
https://core.telegram.org/bots/api#formatting-options. It is deliberately stricter than Telegram:
anything Telegram rejects is reported, and so are some things Telegram silently repairs or drops
(a bare ``&`` or ``>``, unquoted attribute values, upper-case tag names, formatting inside
``<code>``/``<pre>``, nested blockquotes or links).

Lengths are counted in UTF-16 code units, the unit Telegram uses for message length limits and
entity offsets, so an emoji outside the Basic Multilingual Plane counts 2.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

MAX_MESSAGE_LENGTH = 4096
"""Maximum length of a message text after entity parsing, in UTF-16 code units."""
MAX_ENTITIES = 100
"""Maximum number of formatting entities in one message."""

ALLOWED_NAMED_ENTITIES: dict[str, str] = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}

_FORMATTING: dict[str, str] = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
}
_OTHER: dict[str, str] = {
    "a": "text_link",
    "tg-emoji": "custom_emoji",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
}
SUPPORTED_TAGS: frozenset[str] = frozenset(_FORMATTING) | frozenset(_OTHER)

# `<`, optional `/`, a tag name, attributes (quoted values may hold anything but their quote),
# optional `/`, `>`. Whatever does not match this after a `<` is an unescaped `<`.
_TAG_RE = re.compile(
    r"""<(/?)([A-Za-z][A-Za-z0-9-]*)"""
    r"""((?:\s+[^\s"'<>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'<>=`]+))?)*)"""
    r"""\s*(/?)>"""
)
_ATTR_RE = re.compile(r"""\s+([^\s"'<>/=]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'<>=`]+))?""")
_ENTITY_RE = re.compile(r"&(#[0-9]{1,8}|#[xX][0-9a-fA-F]{1,8}|[A-Za-z][A-Za-z0-9]{0,31});")
_LANGUAGE_RE = re.compile(r"language-[A-Za-z0-9_+#.-]+")
_CUSTOM_EMOJI_ID_RE = re.compile(r"[0-9]{1,20}")


def utf16_length(text: str) -> int:
    """Length of ``text`` in UTF-16 code units (characters above U+FFFF count 2)."""
    return len(text) + sum(1 for char in text if ord(char) > 0xFFFF)


@dataclass(frozen=True)
class ParsedHTML:
    """The result of parsing Telegram HTML.

    ``text`` is the visible text (tags removed, entities decoded); ``entities`` are Bot API
    MessageEntity dicts with UTF-16 ``offset``/``length`` (empty entities are dropped, as
    Telegram does); ``opened_tags`` counts every start tag; ``problems`` is empty when valid.
    """

    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    opened_tags: int = 0


@dataclass
class _Open:
    tag: str
    at: int
    start: int
    attrs: dict[str, str | None]
    language: str | None = None
    has_text: bool = False


def _decode_entities(value: str, where: str, at: int, problems: list[str]) -> str:
    """Decode the entities in ``value`` (text or an attribute value), reporting any problem."""
    out: list[str] = []
    pos = 0
    while pos < len(value):
        char = value[pos]
        if char == "&":
            match = _ENTITY_RE.match(value, pos)
            if match is None:
                problems.append(f"unescaped '&' {where} at offset {at + pos} (write &amp;)")
                out.append(char)
                pos += 1
                continue
            decoded = _decode_entity(match.group(1))
            if decoded is None:
                problems.append(
                    f"unsupported entity '{match.group(0)}' {where} at offset {at + pos} "
                    "(only &lt; &gt; &amp; &quot; and valid numeric entities are allowed)"
                )
                out.append(match.group(0))
            else:
                out.append(decoded)
            pos = match.end()
            continue
        if char in "<>":
            escaped = "&lt;" if char == "<" else "&gt;"
            problems.append(f"unescaped '{char}' {where} at offset {at + pos} (write {escaped})")
        out.append(char)
        pos += 1
    return "".join(out)


def _decode_entity(body: str) -> str | None:
    if not body.startswith("#"):
        return ALLOWED_NAMED_ENTITIES.get(body)
    code = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
    if code == 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return None
    return chr(code)


def parse_html(html: str) -> ParsedHTML:
    """Parse Telegram HTML into visible text, entities and a list of problems."""
    problems: list[str] = []
    text_parts: list[str] = []
    entities: list[dict[str, Any]] = []
    stack: list[_Open] = []
    position = 0  # UTF-16 offset in the visible text
    opened = 0
    pos = 0
    length = len(html)

    def add_text(chunk: str) -> None:
        nonlocal position
        if not chunk:
            return
        text_parts.append(chunk)
        position += utf16_length(chunk)
        for element in stack:
            element.has_text = True

    while pos < length:
        char = html[pos]
        if char == "<":
            match = _TAG_RE.match(html, pos)
            if match is None:
                problems.append(f"unescaped '<' at offset {pos} (write &lt;)")
                add_text("<")
                pos += 1
                continue
            closing, name, raw_attrs, self_closing = match.groups()
            if closing:
                _close_tag(match, name, raw_attrs, stack, entities, position, problems)
            else:
                opened += 1
                element = _open_tag(match, name, raw_attrs, bool(self_closing), stack, problems)
                element.start = position
                if not self_closing:
                    stack.append(element)
            pos = match.end()
            continue
        # A run of text up to the next tag start.
        end = html.find("<", pos)
        end = length if end == -1 else end
        add_text(_decode_entities(html[pos:end], "in text", pos, problems))
        pos = end

    for element in reversed(stack):
        problems.append(f"unclosed tag <{element.tag}> opened at offset {element.at}")
    entities.sort(key=lambda entity: (entity["offset"], -entity["length"]))
    return ParsedHTML("".join(text_parts), entities, problems, opened)


def _open_tag(
    match: re.Match[str],
    name: str,
    raw_attrs: str,
    self_closing: bool,
    stack: list[_Open],
    problems: list[str],
) -> _Open:
    at = match.start()
    tag = name.lower()
    label = f"<{name}> at offset {at}"
    if name != tag:
        problems.append(f"tag name {label} must be lower-case")
    if self_closing:
        problems.append(f"self-closing tag {match.group(0)} at offset {at} is not supported")

    attrs: dict[str, str | None] = {}
    for attr in _ATTR_RE.finditer(raw_attrs):
        attr_name, raw_value = attr.group(1), attr.group(2)
        if attr_name != attr_name.lower():
            problems.append(f"attribute name '{attr_name}' in {label} must be lower-case")
        if attr_name.lower() in attrs:
            problems.append(f"duplicate attribute '{attr_name}' in {label}")
        value: str | None = None
        if raw_value is not None:
            if raw_value[0] in "\"'":
                value = _decode_entities(
                    raw_value[1:-1], f"in attribute '{attr_name}' of {label}", at, problems
                )
            else:
                problems.append(f"value of attribute '{attr_name}' in {label} must be quoted")
                value = raw_value
        attrs[attr_name.lower()] = value

    element = _Open(tag=tag, at=at, start=0, attrs=attrs)
    if tag not in SUPPORTED_TAGS:
        problems.append(f"unsupported tag {label}")
        return element
    _check_attributes(element, label, stack, problems)
    _check_nesting(element, label, stack, problems)
    return element


def _check_attributes(element: _Open, label: str, stack: list[_Open], problems: list[str]) -> None:
    attrs = dict(element.attrs)
    tag = element.tag
    if tag == "a":
        href = attrs.pop("href", None)
        if not href or not href.strip():
            problems.append(f"{label} needs a non-empty href attribute")
    elif tag == "span":
        if attrs.pop("class", None) != "tg-spoiler":
            problems.append(f'{label} must have class="tg-spoiler" (the only supported span)')
    elif tag == "tg-emoji":
        emoji_id = attrs.pop("emoji-id", None)
        if emoji_id is None or not _CUSTOM_EMOJI_ID_RE.fullmatch(emoji_id):
            problems.append(f"{label} needs a numeric emoji-id attribute")
    elif tag == "blockquote":
        if "expandable" in attrs:
            if attrs.pop("expandable") is not None:
                problems.append(f"attribute 'expandable' in {label} must be bare (no value)")
            else:
                element.attrs["expandable"] = None
    elif tag == "code" and "class" in attrs:
        language = attrs.pop("class")
        if not stack or stack[-1].tag != "pre":
            problems.append(f"class on {label} is only allowed on <code> directly inside <pre>")
        elif language is None or not _LANGUAGE_RE.fullmatch(language):
            problems.append(f'class on {label} must look like class="language-python"')
        else:
            stack[-1].language = language.removeprefix("language-")
    for extra in attrs:
        problems.append(f"unsupported attribute '{extra}' in {label}")


def _check_nesting(element: _Open, label: str, stack: list[_Open], problems: list[str]) -> None:
    if not stack:
        return
    tag = element.tag
    ancestors = [open_.tag for open_ in stack]
    parent = ancestors[-1]
    for verbatim in ("code", "pre"):
        if verbatim in ancestors and not (tag == "code" and parent == "pre"):
            problems.append(f"{label} is inside <{verbatim}>, where no formatting is rendered")
            return
    if "tg-emoji" in ancestors:
        problems.append(f"{label} is inside <tg-emoji>, which may only contain an emoji")
    elif tag == "pre":
        problems.append(f"{label} is nested inside <{parent}>; <pre> must be at the top level")
    elif tag == "blockquote" and "blockquote" in ancestors:
        problems.append(f"{label} is nested inside another <blockquote>")
    elif tag == "blockquote" and "a" in ancestors:
        problems.append(f"{label} is nested inside <a>")
    elif tag == "a" and "a" in ancestors:
        problems.append(f"{label} is nested inside another <a>")
    elif tag == "code" and parent == "pre" and stack[-1].has_text:
        problems.append(f"{label} must be the only content of its <pre>")


def _close_tag(
    match: re.Match[str],
    name: str,
    raw_attrs: str,
    stack: list[_Open],
    entities: list[dict[str, Any]],
    position: int,
    problems: list[str],
) -> None:
    at = match.start()
    tag = name.lower()
    if raw_attrs.strip() or match.group(4):
        problems.append(f"end tag {match.group(0)} at offset {at} must be a plain </{name}>")
    if name != tag:
        problems.append(f"tag name </{name}> at offset {at} must be lower-case")
    if not any(open_.tag == tag for open_ in stack):
        problems.append(f"end tag </{name}> at offset {at} has no matching start tag")
        return
    while stack:
        element = stack.pop()
        if element.tag == tag:
            break
        problems.append(
            f"end tag </{name}> at offset {at} closes <{tag}> while <{element.tag}> "
            f"opened at offset {element.at} is still open (tags must be properly nested)"
        )
    entity = _entity_for(element, stack, position)
    if entity is not None and entity["length"] > 0:
        entities.append(entity)
    if tag == "tg-emoji" and position == element.start:
        problems.append(f"<tg-emoji> at offset {element.at} must contain an emoji")


def _entity_for(element: _Open, stack: list[_Open], position: int) -> dict[str, Any] | None:
    tag = element.tag
    if tag in _FORMATTING:
        kind = _FORMATTING[tag]
    elif tag in _OTHER:
        kind = _OTHER[tag]
    else:
        return None
    if tag == "code" and stack and stack[-1].tag == "pre":
        return None  # <pre><code class="language-x"> is one pre entity with a language
    entity: dict[str, Any] = {
        "type": kind,
        "offset": element.start,
        "length": position - element.start,
    }
    if tag == "a":
        entity["url"] = element.attrs.get("href") or ""
    elif tag == "tg-emoji":
        entity["custom_emoji_id"] = element.attrs.get("emoji-id") or ""
    elif tag == "pre" and element.language:
        entity["language"] = element.language
    elif tag == "blockquote" and "expandable" in element.attrs:
        entity["type"] = "expandable_blockquote"
    return entity


def html_problems(text: str) -> list[str]:
    """Human-readable problems with ``text`` as Telegram HTML; an empty list means valid."""
    return parse_html(text).problems


def visible_text(html: str) -> str:
    """The text Telegram displays: tags removed, entities decoded (best effort if invalid)."""
    return parse_html(html).text


def visible_length(html: str) -> int:
    """Length of the visible text in UTF-16 code units, the unit of Telegram's limits."""
    return utf16_length(visible_text(html))


def entity_count(html: str) -> int:
    """Number of formatting entities the message asks for (the number of start tags)."""
    return parse_html(html).opened_tags


def message_problems(
    html: str, *, max_length: int = MAX_MESSAGE_LENGTH, max_entities: int = MAX_ENTITIES
) -> list[str]:
    """``html_problems`` plus the message limits: visible length and entity count."""
    parsed = parse_html(html)
    problems = list(parsed.problems)
    length = utf16_length(parsed.text)
    if length > max_length:
        problems.append(f"visible text is {length} UTF-16 code units long (limit {max_length})")
    if not parsed.text.strip():
        problems.append("visible text is empty")
    if parsed.opened_tags > max_entities:
        problems.append(f"{parsed.opened_tags} formatting entities (limit {max_entities})")
    return problems


def assert_valid_message(
    html: str, *, max_length: int = MAX_MESSAGE_LENGTH, max_entities: int = MAX_ENTITIES
) -> None:
    """Raise AssertionError listing every problem if ``html`` is not a sendable HTML message."""
    problems = message_problems(html, max_length=max_length, max_entities=max_entities)
    if problems:
        listing = "\n".join(f"  - {problem}" for problem in problems)
        preview = html if len(html) <= 300 else html[:300] + "…"
        raise AssertionError(f"invalid Telegram HTML message:\n{listing}\nmessage: {preview!r}")
