"""Plain-text helpers for the handlers: finding the question in a message, and short forms.

They read a `Message`'s text and entities, or turn numbers and long strings into the short
words a reply shows. None of them calls the Bot API, so they are easy to read and test alone.
"""

from __future__ import annotations

from telegram import Message, MessageEntity


def after_command(message: Message) -> str:
    """The text after a leading "/ask" or "/ask@botname"."""
    text = message.text or ""
    for entity in message.entities:
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            return text[len(message.parse_entity(entity)) :].strip()
    return text.strip()


def mentions(message: Message, username: str | None) -> bool:
    if not username:
        return False
    target = "@" + username.casefold()
    return any(
        value.casefold() == target
        for entity, value in message.parse_entities([MessageEntity.MENTION]).items()
        if entity.type == MessageEntity.MENTION
    )


def without_mention(message: Message, username: str | None) -> str:
    text = message.text or ""
    if not username:
        return text
    for value in message.parse_entities([MessageEntity.MENTION]).values():
        if value.casefold() == "@" + username.casefold():
            text = text.replace(value, " ")
    return " ".join(text.split())


def non_negative_int(value: str) -> int:
    """A page number or offset from a button payload or an inline query; 0 if it is not one."""
    try:
        return max(0, int(value))
    except ValueError:
        return 0


def shorten(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut + "…"


def snippet(text: str) -> str:
    return shorten(" ".join(text.split()), 120)


def milliseconds(p50: float | None, p95: float | None) -> str:
    if p50 is None or p95 is None:
        return "no questions yet"
    return f"{p50:.1f} / {p95:.1f} ms"


def duration(seconds: float) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min {seconds} s"
