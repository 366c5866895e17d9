"""A conversation: each message answered with the turn before it in mind.

The surfaces keep the conversation where it must outlive them (the bot in its state store, per
chat, user and thread; the command line in memory) and hand its last `Turn` back in; this module
decides what a turn leaves for the next and when it has expired.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from newsbot.answering.answer_types import expected_answer
from newsbot.answering.filters import FilterRequest
from newsbot.answering.follow_up import FollowUp, Turn, read_follow_up
from newsbot.answering.models import Answer
from newsbot.answering.pipeline import Answerer
from newsbot.answering.question import speech_parts

# A conversation quiet for this long starts afresh (the bot's `NEWSBOT_CONTEXT_MINUTES`).
DEFAULT_EXPIRY_SECONDS = 30 * 60
# How many quotes of one person's words are remembered as shown ("what else did he say").
_REMEMBERED = 30
# How many search terms a conversation carries from turn to turn.
_CONTEXT_TERMS = 12


@dataclass(frozen=True, slots=True)
class Reply:
    """An answer, and the turn it leaves for the next message."""

    answer: Answer
    turn: Turn | None
    # the message as read against the turn before; None when it stood alone
    follow_up: FollowUp | None = None


# How a surface asks: the message, and what it means in the conversation (None: as typed).
Ask = Callable[[str, FollowUp | None], Answer]


def answer_in_context(
    ask: Ask,
    message: str,
    previous: Turn | None,
    now: float | None = None,
    expiry_seconds: float = DEFAULT_EXPIRY_SECONDS,
) -> Reply:
    """Answer `message` read against `previous` (unless it has expired), and the new turn.

    A message that finds nothing keeps the earlier turn, so that the one after it can still
    lean on the conversation.
    """
    moment = time.time() if now is None else now
    if previous is not None and moment - previous.at > expiry_seconds:
        previous = None
    follow = read_follow_up(message, previous)
    changed = follow.leans_on_context or follow.text != " ".join(message.split())
    used = follow if changed else None
    answer = ask(message, used)
    if not answer.hits:
        return Reply(answer, previous, used)
    return Reply(answer, next_turn(message, follow, answer, previous, moment), used)


def next_turn(
    message: str, follow: FollowUp, answer: Answer, previous: Turn | None, now: float
) -> Turn:
    """What an answered message leaves for the next one."""
    is_speech, _, topic = speech_parts(follow.text)
    if not is_speech:
        topic = ""
    quotes = tuple(hit.quote for hit in answer.hits)
    if previous is not None and (follow.more_of or previous.person == answer.person):
        # the same person's words shown so far, which "what else did he say" leaves out
        quotes = tuple(dict.fromkeys((*previous.quotes, *quotes)))[-_REMEMBERED:]
    articles = tuple(dict.fromkeys(hit.article_id for hit in answer.hits))
    terms = answer.terms
    frame = follow.text
    if previous is not None and follow.leans_on_context:
        # A follow-up's own words are few ("why?"): the conversation's carry on with them.
        terms = tuple(dict.fromkeys((*answer.terms, *previous.terms)))[:_CONTEXT_TERMS]
        if not follow.understood or follow.more_of:
            # "why?" and "what else did he say?" leave the question they follow as it was
            frame = previous.frame or previous.searched
    return Turn(
        question=message,
        searched=follow.text,
        terms=terms,
        frame=frame,
        person=answer.person,
        topic=answer.asked_topic
        or topic
        or (previous.topic if previous and follow.more_of else ""),
        speech=is_speech,
        articles=articles,
        quotes=quotes,
        answer_kinds=expected_answer(follow.text),
        at=now,
    )


def turn_to_dict(turn: Turn) -> dict[str, Any]:
    """A turn as plain JSON values, for the state store."""
    return asdict(turn)


def turn_from_dict(data: object) -> Turn | None:
    """A stored turn, or None when what is stored is not one (an older or damaged record)."""
    if not isinstance(data, dict):
        return None
    try:
        return Turn(
            question=str(data["question"]),
            searched=str(data["searched"]),
            terms=_strings(data.get("terms")),
            person=str(data["person"]) if data.get("person") else None,
            topic=str(data.get("topic") or ""),
            speech=bool(data.get("speech")),
            articles=_strings(data.get("articles")),
            answer_kinds=_strings(data.get("answer_kinds")),
            at=float(data.get("at") or 0.0),
            frame=str(data.get("frame") or ""),
            quotes=_strings(data.get("quotes")),
        )
    except (KeyError, TypeError, ValueError):
        return None


def _strings(value: object) -> tuple[str, ...]:
    if not isinstance(value, list | tuple):
        return ()
    return tuple(str(item) for item in value)


class Conversation:
    """One conversation held in memory (the command line's): its last turn, and a clock."""

    def __init__(
        self,
        answerer: Answerer,
        expiry_seconds: float = DEFAULT_EXPIRY_SECONDS,
        clock: Callable[[], float] = time.time,
        filters: FilterRequest | None = None,
    ) -> None:
        self.answerer = answerer
        self.filters = filters  # the command line's filter flags, for every message
        self.expiry_seconds = expiry_seconds
        self.clock = clock
        self.turn: Turn | None = None
        self._last: tuple[str, FollowUp | None, int] | None = None

    def ask(self, message: str, k: int | None = None) -> Answer:
        reply = answer_in_context(
            lambda text, follow: self.answerer.ask(text, k, follow_up=follow, filters=self.filters),
            message,
            self.turn,
            self.clock(),
            self.expiry_seconds,
        )
        self.turn = reply.turn
        self._last = (message, reply.follow_up, reply.answer.first + len(reply.answer.hits))
        return reply.answer

    def more(self, k: int | None = None) -> Answer | None:
        """The next hits of the last answer, or None when there are no more."""
        if self._last is None:
            return None
        message, follow, shown = self._last
        answer = self.answerer.ask(message, k, first=shown, follow_up=follow, filters=self.filters)
        if not answer.hits:
            return None
        self._last = (message, follow, shown + len(answer.hits))
        return answer

    def reset(self) -> None:
        """Forget the conversation: the next message starts afresh."""
        self.turn = None
        self._last = None


def follow_up_to_json(follow: FollowUp) -> str:
    """A follow-up as JSON, for paging an answer to it later (the bot's "More")."""
    return json.dumps(asdict(follow), ensure_ascii=False)


def follow_up_from_json(text: str) -> FollowUp | None:
    """A stored follow-up, or None for what is not one."""
    try:
        data = json.loads(text)
        return FollowUp(
            text=str(data["text"]),
            context_terms=tuple((str(t), float(w)) for t, w in data.get("context_terms") or ()),
            context_articles=_strings(data.get("context_articles")),
            answer_kinds=_strings(data.get("answer_kinds")),
            understood=str(data["understood"]) if data.get("understood") else None,
            more_of=str(data["more_of"]) if data.get("more_of") else None,
            seen=_strings(data.get("seen")),
        )
    except (json.JSONDecodeError, KeyError, TypeError, ValueError):
        return None
