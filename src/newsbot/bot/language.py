"""Which language to answer an update in: Russian or English, decided once per update.

Russian for a sender whose Telegram app speaks Russian (`language_code` "ru", "ru-RU" …), and
for anyone who writes a question in Cyrillic with no Latin letter in it (an English-speaking
app is no reason to answer a Russian question in English; a Latin name in a Russian sentence
keeps the sender's app language). A button press says nothing of its own (its message is the
bot's), so it is answered in the presser's app language, or in Russian when the question behind
the button was asked in Cyrillic (`asked`): "More" under a Russian answer stays Russian.
Everything else gets English.
"""

from __future__ import annotations

import re

from telegram import Update

from newsbot.render.catalogue import Language

_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
# "/ask@newsbot_bot" and "@newsbot_bot" are Latin in any language: not part of the question.
_COMMANDS_AND_MENTIONS = re.compile(r"[/@]\w+")


def written_in_cyrillic(text: str) -> bool:
    """Cyrillic letters and no Latin ones: a question in Russian (or another Cyrillic
    language, for which Russian is the nearer guess). Commands and mentions do not count."""
    text = _COMMANDS_AND_MENTIONS.sub(" ", text)
    return bool(_CYRILLIC.search(text)) and not _LATIN.search(text)


def language_of(update: Update, asked: str | None = None) -> Language:
    """The language to speak to the update's sender in; `asked` is the question behind a
    pressed button, when the handler knows it."""
    user = update.effective_user
    if user is not None and (user.language_code or "").lower().startswith("ru"):
        return "ru"
    if asked is not None and written_in_cyrillic(asked):
        return "ru"
    if update.callback_query is None:
        message = update.effective_message
        if update.inline_query is not None:
            written = update.inline_query.query
        else:
            written = (message.text or message.caption or "") if message is not None else ""
        if written_in_cyrillic(written):
            return "ru"
    return "en"
