"""Inline mode: answering "@bot question" typed in any chat with a list of quoted passages.

Inline results page by Telegram's offset rather than by our buttons, so they have a page
size of their own, and each hit becomes one article the user can pick and send; its HTML
parse mode and the absence of a link preview come from the application's `Defaults`. Who
may ask inline is decided before this runs, in `newsbot.bot.gate`.
"""

from __future__ import annotations

import asyncio
import hashlib
from typing import cast

from telegram import (
    InlineQuery,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
)
from telegram._utils.defaultvalue import DefaultValue

from newsbot.answering.models import STABLE_HITS
from newsbot.app.service import SearchService
from newsbot.bot.text import non_negative_int, snippet
from newsbot.render.telegram import hit_message

INLINE_PAGE = 5
INLINE_MAX = STABLE_HITS

# "No more results" is an empty next_offset. Once Defaults are set, PTB 22.8 turns an empty
# string argument into an empty list (ExtBot._insert_defaults takes it for a list of poll
# options), which reaches Telegram as "[]": the client would ask for the next page at offset
# "[]", which reads as 0, and get the first page again and again. PTB hands a DefaultValue on
# as its value, untouched, when Defaults have nothing for that argument.
NO_MORE = cast(str, DefaultValue(""))


async def answer_inline_query(
    query: InlineQuery, service: SearchService, max_question_chars: int
) -> None:
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
        await query.answer([], next_offset=NO_MORE)
        return
    answer = await asyncio.to_thread(service.ask, text, INLINE_PAGE, offset == 0, offset)
    hits = answer.hits
    if not hits:
        label = "Nothing found for this question" if offset == 0 else "No more results"
        await query.answer(
            [],
            next_offset=NO_MORE,
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
                input_message_content=InputTextMessageContent(message.html),
            )
        )
    more = offset + INLINE_PAGE < min(answer.available, INLINE_MAX)
    await query.answer(
        results, next_offset=str(offset + INLINE_PAGE) if more else NO_MORE, cache_time=60
    )
