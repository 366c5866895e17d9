"""The whole article behind a hit, and the article's other passages for the same question.

"Read the article" ("a:token:rank") sends the article of the answer's hit `rank` as a new
message, page one of as many as Telegram's limits need (`newsbot.render.telegram.article_pages`),
and its ‹ › buttons ("a:token:rank:page") turn the pages of that message in place. "More from
this article" ("x:token:rank") sends, in another new message, the passages of that article that
the answer did not show, ranked by the answer's question; that message pages on by editing
("x:token:rank:window:part"). The token is the answer page's, from the feedback store, so it
works in its own chat only and a forged or expired one is told so.

Rendering an article (up to `MAX_ARTICLE_PAGES` messages of it) and ranking its passages run in
worker threads, the ranking in the presser's turn, as every search does (`Answers.run`).
"""

from __future__ import annotations

import asyncio
import re

from telegram import InlineKeyboardMarkup, Message, Update

from newsbot.bot.answers import Answers
from newsbot.bot.feedback_store import FeedbackStore, ShownAnswer, ShownHit
from newsbot.bot.hit_buttons import article_keyboard, article_more_keyboard
from newsbot.bot.language import language_of
from newsbot.bot.outbox import Outbox
from newsbot.bot.replies import answer_quietly, send
from newsbot.bot.types import Context
from newsbot.render.catalogue import text
from newsbot.render.telegram import TelegramMessage, answer_pages, article_pages

Page = tuple[TelegramMessage, InlineKeyboardMarkup] | str  # a page, or why there is none


class ArticleButtons:
    """The article and "More from this article" buttons' handlers."""

    def __init__(self, answers: Answers, store: FeedbackStore, outbox: Outbox) -> None:
        self.answers = answers
        self.store = store
        self.outbox = outbox

    async def article(self, update: Update, context: Context) -> None:
        """The article of a hit: a new message from the answer, a page turn within it."""
        pressed = await self._pressed(update, context)
        if pressed is None:
            return
        message, shown, hit, numbers = pressed
        page = numbers[0]
        lang = language_of(update, shown.question)
        result = await asyncio.to_thread(self._article_page, shown.token, hit, page or 0, lang)
        await self._show(update, message, result, new=page is None)

    async def more(self, update: Update, context: Context) -> None:
        """The article's other passages for the answer's question."""
        pressed = await self._pressed(update, context)
        if pressed is None:
            return
        message, shown, hit, numbers = pressed
        window, part = numbers[0] or 0, numbers[1] or 0
        query = update.callback_query
        assert query is not None
        result = await self.answers.run(
            query.from_user.id,
            self._more_page,
            shown,
            hit,
            window,
            part,
            language_of(update, shown.question),
        )
        await self._show(update, message, result, new=numbers[0] is None)

    # In the worker thread -------------------------------------------------------------------

    def _article_page(self, token: str, hit: ShownHit, page: int, lang: str) -> Page:
        article = self.answers.service.article(hit.article_id)
        if article is None:
            return text("article.gone", lang)
        pages = article_pages(article, lang)
        page = min(page, len(pages) - 1)
        return pages[page], article_keyboard(token, hit.rank, page, len(pages), lang)

    def _more_page(
        self, shown: ShownAnswer, hit: ShownHit, window: int, part: int, lang: str
    ) -> Page:
        top_k = self.answers.top_k
        passage_ids = tuple(other.passage_id for other in shown.hits)
        answer = self.answers.service.more_from_article(
            shown.question, hit.article_id, passage_ids, window * top_k, top_k
        )
        if answer is None:
            return text("article.gone", lang)
        if not answer.hits:
            return text("article.no_more", lang)
        pages = answer_pages(answer, top_k, lang)
        part = min(part, len(pages) - 1)
        keyboard = article_more_keyboard(
            shown.token, hit.rank, answer, part, len(pages), top_k, lang
        )
        return pages[part], keyboard

    # Helpers --------------------------------------------------------------------------------

    async def _pressed(
        self, update: Update, context: Context
    ) -> tuple[Message, ShownAnswer, ShownHit, tuple[int | None, int | None]] | None:
        """The press's message, answer page, hit and page numbers; None (the presser told that
        the button expired) if any of them is missing."""
        query = update.callback_query
        if query is None:
            return None
        match, message = context.match, query.message
        expired = text("notice.expired_button", language_of(update))
        if not isinstance(match, re.Match) or not isinstance(message, Message):
            await answer_quietly(query, expired, show_alert=True)
            return None
        token, rank = match.group(1), int(match.group(2))
        shown = await asyncio.to_thread(self.store.shown, token, message.chat_id)
        hit = next((hit for hit in shown.hits if hit.rank == rank), None) if shown else None
        if shown is None or hit is None:
            await answer_quietly(query, expired, show_alert=True)
            return None
        numbers = tuple(int(group) if group is not None else None for group in match.groups()[2:4])
        first = numbers[0] if numbers else None
        second = numbers[1] if len(numbers) > 1 else None
        return message, shown, hit, (first, second)

    async def _show(self, update: Update, message: Message, result: Page, new: bool) -> None:
        query = update.callback_query
        assert query is not None
        if isinstance(result, str):
            await answer_quietly(query, result, show_alert=True)
            return
        await answer_quietly(query)
        page, keyboard = result
        if not new:
            self.outbox.edit(update, message, page, keyboard)
            return
        bot, chat_id = message.get_bot(), message.chat_id
        self.outbox.submit(chat_id, lambda: send(bot, chat_id, page, keyboard, None), update)
