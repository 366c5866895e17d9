"""The inline keyboards under the bot's replies and what their buttons carry.

Callback payloads are short strings that Telegram hands back on a press: "q:token" asks a
remembered example question, "m:token:window:part" pages an answer, "s:page" pages the
sources, "n:token" asks a follow-up again as a new topic. A token is good only in the chat it
was made for (see `newsbot.bot.store`). Building them here keeps the format in one place;
`newsbot.bot.buttons` matches each kind with a pattern of its own and reads the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from newsbot.answering.models import STABLE_HITS, Answer
from newsbot.app.service import SearchService
from newsbot.bot.store import QuestionStore
from newsbot.bot.text import shorten
from newsbot.render.catalogue import text
from newsbot.render.telegram import TelegramMessage, sources_message

MAX_HITS = STABLE_HITS  # how deep "More" can page: as deep as answers stay in one order
SOURCES_PAGE = 10


EXAMPLE = "q"  # the store's kind for example questions (the payload's letter)


def examples_keyboard(
    examples: Sequence[str], store: QuestionStore, chat_id: int
) -> InlineKeyboardMarkup | None:
    """One button per example question; a press in this chat asks it ("q:token"). An example
    whose token could not be stored gets no button."""
    rows = [
        [InlineKeyboardButton(button_label(text), callback_data=f"{EXAMPLE}:{token}")]
        for text in examples
        if (token := store.remember(text, chat_id, EXAMPLE))
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def sources_page(
    service: SearchService, page: int, lang: str = "en"
) -> tuple[TelegramMessage, InlineKeyboardMarkup | None]:
    _, total = service.sources(0, 0)
    pages = max(1, -(-total // SOURCES_PAGE))
    page = min(max(page, 0), pages - 1)
    first = page * SOURCES_PAGE
    sources, total = service.sources(first, SOURCES_PAGE)
    buttons = []
    if page > 0:
        buttons.append(
            InlineKeyboardButton(text("button.back", lang), callback_data=f"s:{page - 1}")
        )
    if page + 1 < pages:
        label = text("button.next", lang, page=page + 2, pages=pages)
        buttons.append(InlineKeyboardButton(label, callback_data=f"s:{page + 1}"))
    return sources_message(sources, first + 1, total, lang), InlineKeyboardMarkup(
        [buttons]
    ) if buttons else None


def has_more(answer: Answer, pages: list[TelegramMessage], top_k: int) -> bool:
    return len(pages) > 1 or answer.first + top_k < min(answer.available, MAX_HITS)


def page_keyboard(
    token: str, answer: Answer, part: int, parts: int, top_k: int, lang: str = "en"
) -> InlineKeyboardMarkup | None:
    """Back / More between windows of top_k hits ("m:token:window:part"). A window whose hits
    do not fit one message is shown in parts; Back from a window's first part goes to the
    previous window's last part (-1)."""
    if not token or not answer.hits:
        return None
    window = answer.first // top_k
    windows = -(-min(answer.available, MAX_HITS) // top_k)
    buttons = []
    back = text("button.back", lang)
    if part > 0:
        buttons.append(InlineKeyboardButton(back, callback_data=f"m:{token}:{window}:{part - 1}"))
    elif window > 0:
        buttons.append(InlineKeyboardButton(back, callback_data=f"m:{token}:{window - 1}:-1"))
    if part + 1 < parts:
        label = text("button.more_continued", lang, page=window + 1, pages=windows)
        buttons.append(InlineKeyboardButton(label, callback_data=f"m:{token}:{window}:{part + 1}"))
    elif window + 1 < windows:
        label = text("button.more", lang, page=window + 2, pages=windows)
        buttons.append(InlineKeyboardButton(label, callback_data=f"m:{token}:{window + 1}:0"))
    return InlineKeyboardMarkup([buttons]) if buttons else None


def button_label(text: str) -> str:
    return shorten(text, 40)


def with_new_topic(
    keyboard: InlineKeyboardMarkup | None, token: str, lang: str = "en"
) -> InlineKeyboardMarkup | None:
    """The keyboard with a "New topic" row ("n:token"): the message asked again on its own,
    for when reading it as a follow-up was wrong. No token, no button."""
    if not token:
        return keyboard
    row = (InlineKeyboardButton(text("button.new_topic", lang), callback_data=f"n:{token}"),)
    rows = tuple(keyboard.inline_keyboard) if keyboard is not None else ()
    return InlineKeyboardMarkup((*rows, row))
