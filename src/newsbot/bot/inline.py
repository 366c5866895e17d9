"""Inline mode: answering "@bot question" typed in any chat with a list of quoted passages.

Inline results page by Telegram's offset rather than by our buttons, so they have a page
size of their own, and each hit becomes one article the user can pick and send.
"""

from __future__ import annotations

import asyncio
import hashlib

from telegram import (
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
)
from telegram.constants import ParseMode

from newsbot.answering.models import STABLE_HITS
from newsbot.app.service import SearchService
from newsbot.bot.limits import AccessPolicy
from newsbot.bot.replies import NO_PREVIEW
from newsbot.bot.text import non_negative_int, snippet
from newsbot.render.telegram import hit_message

INLINE_PAGE = 5
INLINE_MAX = STABLE_HITS


async def answer_inline_query(
    query: InlineQuery, service: SearchService, policy: AccessPolicy, max_question_chars: int
) -> None:
    if not policy.allows(None, query.from_user.id):
        await query.answer(
            [],
            cache_time=60,
            is_personal=True,
            button=InlineQueryResultsButton(text="This bot is private", start_parameter="help"),
        )
        return
    text = " ".join(query.query.split())[:max_question_chars]
    if not text:
        await query.answer(
            [],
            cache_time=300,
            button=InlineQueryResultsButton(
                text="Type a question about the news", start_parameter="help"
            ),
        )
        return
    offset = non_negative_int(query.offset)
    if offset >= INLINE_MAX:
        await query.answer([], next_offset="")
        return
    answer = await asyncio.to_thread(service.ask, text, INLINE_PAGE, offset == 0, offset)
    hits = answer.hits
    if not hits:
        label = "Nothing found for this question" if offset == 0 else "No more results"
        await query.answer(
            [],
            next_offset="",
            cache_time=60,
            button=InlineQueryResultsButton(text=label, start_parameter="help"),
        )
        return
    results = []
    for hit in hits:
        message = hit_message(hit)
        results.append(
            InlineQueryResultArticle(
                id=hashlib.blake2b(hit.passage_id.encode(), digest_size=16).hexdigest(),
                title=hit.source.title[:100],
                description=snippet(hit.quote),
                input_message_content=InputTextMessageContent(
                    message.html, parse_mode=ParseMode.HTML, link_preview_options=NO_PREVIEW
                ),
            )
        )
    more = offset + INLINE_PAGE < min(answer.available, INLINE_MAX)
    await query.answer(
        results, next_offset=str(offset + INLINE_PAGE) if more else "", cache_time=60
    )
