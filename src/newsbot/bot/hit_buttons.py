"""The buttons under an answer's hits: open an article, 👍 / 👎, and why 👎; and their payloads.

Each answer page that shows hits is remembered in the feedback store (`newsbot.bot.feedback_store`)
under a 12-character token, and its buttons carry that token and no more, well within
callback_data's 64 bytes:

- "v:token:u" / "v:token:d" vote 👍 / 👎; "v:token:d:reason" gives the reason for a 👎.
- "a:token:rank" opens the article of hit `rank` in a new message, and "a:token:rank:page"
  turns that message's pages.
- "x:token:rank" sends the passages of that article that the answer did not show (ranked by its
  question) in a new message, and "x:token:rank:window:part" pages through them.

The article and vote rows come below the buttons the answer already had ("More", "Back"),
which are stored with the page, so that a press can rebuild the whole keyboard when it swaps the
vote row for the reasons and back.
"""

from __future__ import annotations

import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from newsbot.answering.models import Answer
from newsbot.bot.feedback_store import FeedbackStore, ShownAnswer, ShownHit
from newsbot.bot.text import shorten
from newsbot.render.catalogue import text

_TOKEN = r"([A-Za-z0-9_-]{12})"
VOTE = re.compile(rf"v:{_TOKEN}:([ud])(?::([a-z]+))?\Z")
ARTICLE = re.compile(rf"a:{_TOKEN}:(\d{{1,3}})(?::(\d{{1,3}}))?\Z")
ARTICLE_MORE = re.compile(rf"x:{_TOKEN}:(\d{{1,3}})(?::(\d{{1,3}}):(\d{{1,3}}))?\Z")

# Why a 👎, as stored and exported (the payload's word) and as /stats says it, in English; the
# button says it in the presser's language ("reason.<word>" in the catalogue).
REASONS = {
    "article": "Wrong article",
    "quote": "Right article, wrong quote",
    "speaker": "Wrong speaker",
    "nothing": "Should have said nothing found",
}
NOTHING_FOUND = "nothing"


class HitButtons:
    """Adds the article and feedback buttons to an answer page's keyboard."""

    def __init__(self, store: FeedbackStore) -> None:
        self.store = store

    def __call__(
        self,
        keyboard: InlineKeyboardMarkup | None,
        chat_id: int,
        answer: Answer,
        lang: str = "en",
    ) -> InlineKeyboardMarkup | None:
        """`keyboard` with the article buttons and the vote row below it; `keyboard` as it is
        if the page could not be remembered."""
        above = _rows_of(keyboard)
        hits = tuple(
            ShownHit(hit.rank, hit.passage_id, hit.article_id, hit.source.title, hit.quote)
            for hit in answer.hits
        )
        token = self.store.remember(chat_id, answer.question, hits, above)
        if not token:
            return keyboard
        return answer_keyboard(ShownAnswer(token, answer.question, hits, above), lang=lang)


def answer_keyboard(
    answer: ShownAnswer, reasons: bool = False, lang: str = "en"
) -> InlineKeyboardMarkup:
    """The answer page's buttons, then one "Read the article" per article shown, then 👍 👎 (or,
    after a 👎, the reasons to pick from). The page's own buttons keep the words they were
    stored with; the rest speak `lang`."""
    rows = [
        [InlineKeyboardButton(label, callback_data=data) for label, data in row]
        for row in answer.buttons
    ]
    seen: set[str] = set()
    for hit in answer.hits:
        if hit.article_id in seen:
            continue
        seen.add(hit.article_id)
        title = shorten(" ".join(hit.title.split()), 40)
        label = (
            text("button.read_article_titled", lang, title=title)
            if title
            else text("button.read_article", lang)
        )
        rows.append([InlineKeyboardButton(label, callback_data=f"a:{answer.token}:{hit.rank}")])
    if reasons:
        codes = list(REASONS)
        for pair in (codes[:2], codes[2:]):
            rows.append(
                [
                    InlineKeyboardButton(
                        text(f"reason.{code}", lang), callback_data=f"v:{answer.token}:d:{code}"
                    )
                    for code in pair
                ]
            )
    else:
        rows.append(
            [
                InlineKeyboardButton("👍", callback_data=f"v:{answer.token}:u"),
                InlineKeyboardButton("👎", callback_data=f"v:{answer.token}:d"),
            ]
        )
    return InlineKeyboardMarkup(rows)


def article_keyboard(
    token: str, rank: int, page: int, pages: int, lang: str = "en"
) -> InlineKeyboardMarkup:
    """‹ › between an article's pages, and "More from this article" below them."""
    turn = []
    if page > 0:
        back = text("button.page_back", lang)
        turn.append(InlineKeyboardButton(back, callback_data=f"a:{token}:{rank}:{page - 1}"))
    if page + 1 < pages:
        label = text("button.page_next", lang, page=page + 2, pages=pages)
        turn.append(InlineKeyboardButton(label, callback_data=f"a:{token}:{rank}:{page + 1}"))
    more_label = text("button.more_from_article", lang)
    more = [InlineKeyboardButton(more_label, callback_data=f"x:{token}:{rank}")]
    return InlineKeyboardMarkup([turn, more] if turn else [more])


def article_more_keyboard(
    token: str, rank: int, answer: Answer, part: int, parts: int, top_k: int, lang: str = "en"
) -> InlineKeyboardMarkup:
    """Back / More through an article's other passages, and the article itself."""
    window = answer.first // max(top_k, 1)
    windows = -(-answer.available // max(top_k, 1))
    turn = []
    back = text("button.back", lang)
    if part > 0:
        turn.append(
            InlineKeyboardButton(back, callback_data=f"x:{token}:{rank}:{window}:{part - 1}")
        )
    elif window > 0:
        turn.append(InlineKeyboardButton(back, callback_data=f"x:{token}:{rank}:{window - 1}:0"))
    if part + 1 < parts:
        label = text("button.more_continued_bare", lang)
        turn.append(
            InlineKeyboardButton(label, callback_data=f"x:{token}:{rank}:{window}:{part + 1}")
        )
    elif window + 1 < windows:
        label = text("button.more", lang, page=window + 2, pages=windows)
        turn.append(InlineKeyboardButton(label, callback_data=f"x:{token}:{rank}:{window + 1}:0"))
    read = text("button.read_article", lang)
    article = [InlineKeyboardButton(read, callback_data=f"a:{token}:{rank}")]
    return InlineKeyboardMarkup([turn, article] if turn else [article])


def _rows_of(keyboard: InlineKeyboardMarkup | None) -> tuple[tuple[tuple[str, str], ...], ...]:
    if keyboard is None:
        return ()
    return tuple(
        tuple(
            (button.text, button.callback_data)
            for button in row
            if isinstance(button.callback_data, str)
        )
        for row in keyboard.inline_keyboard
    )
