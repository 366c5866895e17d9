"""Inline mode: answering "@bot question" typed in any chat with a list of quoted passages.

Inline results page by Telegram's offset rather than by our buttons, so they have a page
size of their own, and each hit becomes one article the user can pick and send; its HTML
parse mode and the absence of a link preview come from the application's `Defaults`. The
search and the rendering of the results run in a worker thread, in the asker's turn (see
`newsbot.bot.answers`). Who may ask inline, and whether the query counts against the asker's
rate limit (it does when it has a question in it), is decided before this runs, in
`newsbot.bot.gate`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
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
from newsbot.bot.answers import Answers
from newsbot.bot.text import non_negative_int, snippet
from newsbot.render.catalogue import text as say
from newsbot.render.telegram import hit_message
from newsbot.text.normalise import scrub

INLINE_PAGE = 5
INLINE_MAX = STABLE_HITS

# "No more results" is an empty next_offset. Once Defaults are set, PTB 22.8 turns an empty
# string argument into an empty list (ExtBot._insert_defaults takes it for a list of poll
# options), which reaches Telegram as "[]": the client would ask for the next page at offset
# "[]", which reads as 0, and get the first page again and again. PTB hands a DefaultValue on
# as its value, untouched, when Defaults have nothing for that argument.
NO_MORE = cast(str, DefaultValue(""))


@dataclass(frozen=True, slots=True)
class _Results:
    articles: list[InlineQueryResultArticle]
    more: bool


def inline_text(query: InlineQuery, max_question_chars: int) -> str:
    """The question in an inline query, scrubbed and trimmed as a message's would be."""
    return scrub(" ".join(query.query.split()))[:max_question_chars]


async def answer_inline_query(
    query: InlineQuery, answers: Answers, max_question_chars: int, lang: str = "en"
) -> None:
    text = inline_text(query, max_question_chars)
    if not text:
        await query.answer(
            [],
            cache_time=300,
            button=InlineQueryResultsButton(text=say("inline.empty", lang), start_parameter="help"),
        )
        return
    offset = non_negative_int(query.offset)
    if offset >= INLINE_MAX:
        await query.answer([], next_offset=NO_MORE)
        return
    found = await answers.run(query.from_user.id, _search, answers.service, text, offset, lang)
    if not found.articles:
        label = say("inline.nothing" if offset == 0 else "inline.no_more", lang)
        await query.answer(
            [],
            next_offset=NO_MORE,
            cache_time=60,
            button=InlineQueryResultsButton(text=label, start_parameter="help"),
        )
        return
    await query.answer(
        found.articles,
        next_offset=str(offset + INLINE_PAGE) if found.more else NO_MORE,
        cache_time=60,
    )


def _search(service: SearchService, text: str, offset: int, lang: str) -> _Results:
    """One page of results, rendered (in the worker thread)."""
    answer = service.ask(text, INLINE_PAGE, offset == 0, offset)
    articles = []
    for hit in answer.hits:
        message = hit_message(hit, lang)
        articles.append(
            InlineQueryResultArticle(
                id=hashlib.blake2b(hit.passage_id.encode(), digest_size=16).hexdigest(),
                title=hit.source.title[:100],
                description=snippet(hit.quote),
                input_message_content=InputTextMessageContent(message.html),
            )
        )
    return _Results(articles, offset + INLINE_PAGE < min(answer.available, INLINE_MAX))
