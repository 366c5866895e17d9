"""Factories for Bot API ``Update`` JSON, shaped exactly as Telegram sends it.

Every factory returns a fresh plain ``dict`` that ``telegram.Update.de_json(data, bot)`` accepts
and that ``FakeBotAPI.queue_update`` / ``BotApiServer.queue_update`` can serve from getUpdates.
Update ids and message ids come from module-wide counters, so they increase across calls.

Like Telegram, text factories add the entities Telegram detects by itself (``bot_command``,
``mention``, ``url``, ``hashtag``) with offsets and lengths in UTF-16 code units; pass
``entities=[...]`` to override, or ``entities=[]`` for none.

Note that with privacy mode on (``can_read_all_group_messages`` false, as the fake's bot has),
real Telegram only delivers group messages that are commands, mention the bot or reply to it;
``group_message`` exists for tests that the bot ignores the rest.
"""

from __future__ import annotations

import itertools
import re
import time
from typing import Any

from tests.support.telegram_html import utf16_length

JSONDict = dict[str, Any]

BOT_ID = 5000
BOT_USERNAME = "newsbot_test_bot"
BOT_FIRST_NAME = "Newsbot"
BOT_USER: JSONDict = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": BOT_FIRST_NAME,
    "username": BOT_USERNAME,
}
"""The bot as it appears in messages (``from``)."""
BOT_GET_ME: JSONDict = {
    **BOT_USER,
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
"""The bot as getMe describes it."""

DEFAULT_USER_ID = 1001
DEFAULT_GROUP_ID = -1001234567890
DEFAULT_GROUP_TITLE = "News readers"

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)
_query_ids = itertools.count(1)
_file_ids = itertools.count(1)

_COMMAND_RE = re.compile(r"(?<![\w/@])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{5,32})?(?![\w@/])")
_MENTION_RE = re.compile(r"(?<![\w@])@[A-Za-z][A-Za-z0-9_]{4,31}(?![\w@])")
_URL_RE = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]]")
_HASHTAG_RE = re.compile(r"(?<![\w#])#[^\W\d_][\w]*")


def next_update_id() -> int:
    return next(_update_ids)


def next_message_id() -> int:
    return next(_message_ids)


def now() -> int:
    return int(time.time())


def user(
    user_id: int = DEFAULT_USER_ID,
    *,
    first_name: str = "Alice",
    last_name: str | None = None,
    username: str | None = "alice",
    language_code: str | None = "en",
    is_bot: bool = False,
) -> JSONDict:
    """A ``User`` object."""
    data: JSONDict = {"id": user_id, "is_bot": is_bot, "first_name": first_name}
    if last_name is not None:
        data["last_name"] = last_name
    if username is not None:
        data["username"] = username
    if language_code is not None:
        data["language_code"] = language_code
    return data


def private_chat(sender: JSONDict) -> JSONDict:
    """The private ``Chat`` with ``sender`` (its id is the user's id)."""
    chat: JSONDict = {"id": sender["id"], "type": "private", "first_name": sender["first_name"]}
    for key in ("last_name", "username"):
        if key in sender:
            chat[key] = sender[key]
    return chat


def group_chat(chat_id: int = DEFAULT_GROUP_ID, title: str = DEFAULT_GROUP_TITLE) -> JSONDict:
    """A supergroup ``Chat`` (negative id)."""
    if chat_id >= 0:
        raise ValueError(f"group chat ids are negative, got {chat_id}")
    return {"id": chat_id, "type": "supergroup", "title": title}


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    """UTF-16 (offset, length) of text[start:end]."""
    offset = utf16_length(text[:start])
    return offset, utf16_length(text[start:end])


def detect_entities(text: str) -> list[JSONDict]:
    """The entities Telegram adds by itself: bot commands, @mentions, URLs and hashtags."""
    found: list[JSONDict] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in (
        ("url", _URL_RE),
        ("bot_command", _COMMAND_RE),
        ("mention", _MENTION_RE),
        ("hashtag", _HASHTAG_RE),
    ):
        for match in pattern.finditer(text):
            if any(start < match.end() and match.start() < end for start, end in taken):
                continue
            taken.append((match.start(), match.end()))
            offset, length = _span(text, match.start(), match.end())
            found.append({"type": kind, "offset": offset, "length": length})
    found.sort(key=lambda entity: entity["offset"])
    return found


def message(
    text: str | None,
    *,
    sender: JSONDict,
    chat: JSONDict,
    message_id: int | None = None,
    date: int | None = None,
    entities: list[JSONDict] | None = None,
    reply_to_message: JSONDict | None = None,
    reply_markup: JSONDict | None = None,
    **extra: Any,
) -> JSONDict:
    """A ``Message`` object. ``extra`` adds fields such as ``photo`` or ``caption``."""
    data: JSONDict = {
        "message_id": next_message_id() if message_id is None else message_id,
        "from": sender,
        "chat": chat,
        "date": now() if date is None else date,
    }
    if reply_to_message is not None:
        data["reply_to_message"] = reply_to_message
    if text is not None:
        data["text"] = text
        found = detect_entities(text) if entities is None else entities
        if found:
            data["entities"] = found
    if reply_markup is not None:
        data["reply_markup"] = reply_markup
    data.update(extra)
    return data


def bot_message(
    text: str = "Here is what I found.",
    *,
    chat: JSONDict | None = None,
    message_id: int | None = None,
    reply_markup: JSONDict | None = None,
    entities: list[JSONDict] | None = None,
) -> JSONDict:
    """A ``Message`` the bot sent earlier (``from`` is the bot), in a private chat by default."""
    return message(
        text,
        sender=dict(BOT_USER),
        chat=chat if chat is not None else private_chat(user()),
        message_id=message_id,
        entities=[] if entities is None else entities,
        reply_markup=reply_markup,
    )


def inline_keyboard(*rows: list[tuple[str, str]]) -> JSONDict:
    """An ``InlineKeyboardMarkup`` of callback buttons: ``inline_keyboard([("More", "m:1")])``."""
    return {
        "inline_keyboard": [
            [{"text": label, "callback_data": data} for label, data in row] for row in rows
        ]
    }


def _update(kind: str, payload: JSONDict, update_id: int | None) -> JSONDict:
    return {"update_id": next_update_id() if update_id is None else update_id, kind: payload}


def private_message(
    text: str = "What did the minister say about youth?",
    *,
    user_id: int = DEFAULT_USER_ID,
    first_name: str = "Alice",
    username: str | None = "alice",
    language_code: str | None = "en",
    message_id: int | None = None,
    entities: list[JSONDict] | None = None,
    update_id: int | None = None,
) -> JSONDict:
    """A text message from a user to the bot in their private chat."""
    sender = user(user_id, first_name=first_name, username=username, language_code=language_code)
    msg = message(
        text, sender=sender, chat=private_chat(sender), message_id=message_id, entities=entities
    )
    return _update("message", msg, update_id)


def private_command(
    command: str = "/start",
    args: str = "",
    *,
    user_id: int = DEFAULT_USER_ID,
    first_name: str = "Alice",
    username: str | None = "alice",
    language_code: str | None = "en",
    message_id: int | None = None,
    update_id: int | None = None,
) -> JSONDict:
    """A command in a private chat: ``private_command("/ask", "who won?")``."""
    if not command.startswith("/"):
        command = "/" + command
    text = f"{command} {args}" if args else command
    return private_message(
        text,
        user_id=user_id,
        first_name=first_name,
        username=username,
        language_code=language_code,
        message_id=message_id,
        update_id=update_id,
    )


def group_message(
    text: str = "Did anyone read the news today?",
    *,
    chat_id: int = DEFAULT_GROUP_ID,
    chat_title: str = DEFAULT_GROUP_TITLE,
    user_id: int = DEFAULT_USER_ID,
    first_name: str = "Alice",
    username: str | None = "alice",
    message_id: int | None = None,
    entities: list[JSONDict] | None = None,
    reply_to_message: JSONDict | None = None,
    update_id: int | None = None,
) -> JSONDict:
    """A message in a supergroup (negative chat id)."""
    sender = user(user_id, first_name=first_name, username=username)
    msg = message(
        text,
        sender=sender,
        chat=group_chat(chat_id, chat_title),
        message_id=message_id,
        entities=entities,
        reply_to_message=reply_to_message,
    )
    return _update("message", msg, update_id)


def group_mention(
    text: str = f"@{BOT_USERNAME} what did the minister say about youth?",
    *,
    chat_id: int = DEFAULT_GROUP_ID,
    user_id: int = DEFAULT_USER_ID,
    message_id: int | None = None,
    update_id: int | None = None,
) -> JSONDict:
    """A group message that mentions the bot; ``text`` must contain ``@newsbot_test_bot``."""
    if f"@{BOT_USERNAME}" not in text:
        raise ValueError(f"text must mention @{BOT_USERNAME}: {text!r}")
    return group_message(
        text, chat_id=chat_id, user_id=user_id, message_id=message_id, update_id=update_id
    )


def group_command(
    command: str = "/ask",
    args: str = "",
    *,
    addressed: bool = True,
    chat_id: int = DEFAULT_GROUP_ID,
    user_id: int = DEFAULT_USER_ID,
    message_id: int | None = None,
    update_id: int | None = None,
) -> JSONDict:
    """A command in a group, as ``/ask@newsbot_test_bot args`` (or bare with addressed=False)."""
    if not command.startswith("/"):
        command = "/" + command
    if addressed and "@" not in command:
        command = f"{command}@{BOT_USERNAME}"
    text = f"{command} {args}" if args else command
    return group_message(
        text, chat_id=chat_id, user_id=user_id, message_id=message_id, update_id=update_id
    )


def group_reply_to_bot(
    text: str = "And what about the economy?",
    *,
    bot_text: str = "Here is what I found.",
    bot_message_id: int | None = None,
    chat_id: int = DEFAULT_GROUP_ID,
    user_id: int = DEFAULT_USER_ID,
    message_id: int | None = None,
    update_id: int | None = None,
) -> JSONDict:
    """A group message replying to one of the bot's messages (``reply_to_message.from`` = bot)."""
    replied = bot_message(bot_text, chat=group_chat(chat_id), message_id=bot_message_id)
    return group_message(
        text,
        chat_id=chat_id,
        user_id=user_id,
        message_id=message_id,
        reply_to_message=replied,
        update_id=update_id,
    )


def callback_query(
    data: str = "more:1",
    *,
    user_id: int = DEFAULT_USER_ID,
    chat_id: int | None = None,
    message_id: int | None = None,
    message_text: str = "Here is what I found.",
    reply_markup: JSONDict | None = None,
    query_id: str | None = None,
    chat_instance: str = "-4242424242424242424",
    language_code: str | None = "en",
    update_id: int | None = None,
) -> JSONDict:
    """A button press on a bot message; the message's keyboard holds a button with ``data``.

    ``chat_id`` defaults to the user's private chat; pass a negative id for a group.
    """
    sender = user(user_id, language_code=language_code)
    chat = private_chat(sender) if chat_id is None or chat_id > 0 else group_chat(chat_id)
    if chat_id is not None and chat_id > 0:
        chat["id"] = chat_id
    markup = reply_markup if reply_markup is not None else inline_keyboard([("More", data)])
    msg = bot_message(message_text, chat=chat, message_id=message_id, reply_markup=markup)
    query: JSONDict = {
        "id": query_id if query_id is not None else str(4_000_000_000_000 + next(_query_ids)),
        "from": sender,
        "message": msg,
        "chat_instance": chat_instance,
        "data": data,
    }
    return _update("callback_query", query, update_id)


def inline_query(
    query: str = "election",
    *,
    user_id: int = DEFAULT_USER_ID,
    offset: str = "",
    query_id: str | None = None,
    chat_type: str | None = "sender",
    language_code: str | None = "en",
    update_id: int | None = None,
) -> JSONDict:
    """An inline query (``@newsbot_test_bot election`` typed in any chat)."""
    payload: JSONDict = {
        "id": query_id if query_id is not None else str(5_000_000_000_000 + next(_query_ids)),
        "from": user(user_id, language_code=language_code),
        "query": query,
        "offset": offset,
    }
    if chat_type is not None:
        payload["chat_type"] = chat_type
    return _update("inline_query", payload, update_id)


def edited_message(
    text: str = "What did the minister say about the youth?",
    *,
    message_id: int | None = None,
    user_id: int = DEFAULT_USER_ID,
    chat_id: int | None = None,
    edit_date: int | None = None,
    update_id: int | None = None,
) -> JSONDict:
    """An ``edited_message`` update (private chat by default, a group for negative chat_id)."""
    sender = user(user_id)
    chat = group_chat(chat_id) if chat_id is not None and chat_id < 0 else private_chat(sender)
    date = now()
    msg = message(text, sender=sender, chat=chat, message_id=message_id, date=date - 60)
    msg["edit_date"] = date if edit_date is None else edit_date
    return _update("edited_message", msg, update_id)


def _file_ids_pair(prefix: str) -> tuple[str, str]:
    number = next(_file_ids)
    return f"{prefix}-file-{number:06d}", f"{prefix}-unique-{number:06d}"


def _media_message(
    user_id: int, chat_id: int | None, message_id: int | None, **fields: Any
) -> JSONDict:
    sender = user(user_id)
    chat = group_chat(chat_id) if chat_id is not None and chat_id < 0 else private_chat(sender)
    return message(None, sender=sender, chat=chat, message_id=message_id, **fields)


def sticker_message(
    emoji: str = "👍",
    *,
    user_id: int = DEFAULT_USER_ID,
    chat_id: int | None = None,
    message_id: int | None = None,
    update_id: int | None = None,
) -> JSONDict:
    """A regular (static) sticker."""
    file_id, unique_id = _file_ids_pair("sticker")
    sticker: JSONDict = {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
        "set_name": "NewsbotTestStickers",
        "file_size": 24_000,
    }
    msg = _media_message(user_id, chat_id, message_id, sticker=sticker)
    return _update("message", msg, update_id)


def photo_message(
    caption: str | None = None,
    *,
    user_id: int = DEFAULT_USER_ID,
    chat_id: int | None = None,
    message_id: int | None = None,
    update_id: int | None = None,
) -> JSONDict:
    """A photo (three sizes, as Telegram sends them), with an optional caption."""
    file_id, unique_id = _file_ids_pair("photo")
    sizes = [
        {
            "file_id": f"{file_id}-{width}",
            "file_unique_id": f"{unique_id}-{width}",
            "width": width,
            "height": width * 3 // 4,
            "file_size": width * 40,
        }
        for width in (90, 320, 1280)
    ]
    fields: JSONDict = {"photo": sizes}
    if caption is not None:
        fields["caption"] = caption
        found = detect_entities(caption)
        if found:
            fields["caption_entities"] = found
    msg = _media_message(user_id, chat_id, message_id, **fields)
    return _update("message", msg, update_id)


def voice_message(
    duration: int = 3,
    *,
    user_id: int = DEFAULT_USER_ID,
    chat_id: int | None = None,
    message_id: int | None = None,
    update_id: int | None = None,
) -> JSONDict:
    """A voice note."""
    file_id, unique_id = _file_ids_pair("voice")
    voice: JSONDict = {
        "file_id": file_id,
        "file_unique_id": unique_id,
        "duration": duration,
        "mime_type": "audio/ogg",
        "file_size": duration * 4_000,
    }
    msg = _media_message(user_id, chat_id, message_id, voice=voice)
    return _update("message", msg, update_id)
