"""Whether the hits hold the kind of thing the question asks for.

"How much was BP's boss paid last year?" is about people and a topic the corpus knows, so its
words all match; but if no passage gives the amount, three passages about BP's pay are not an
answer, and saying so beats quoting them as one. A hit holds the answer when one of its
sentences both holds the kind of thing asked for (an amount, a date, a number …) and speaks of
the question (shares one of its words). Only the kinds that are shapes of numbers are judged:
a name, a place or a reason is in nearly every passage of news.
"""

from __future__ import annotations

from collections.abc import Sequence

from newsbot.answering.answer_types import RANKING_KINDS, contains_answer
from newsbot.answering.question import GUESSES, Question
from newsbot.answering.search_index import SearchIndex
from newsbot.answering.selection import HitSpan
from newsbot.text.segment import sentence_spans

# How many of the first hits are read for the answer.
JUDGED_HITS = 3


def missing_kind(index: SearchIndex, question: Question, spans: Sequence[HitSpan]) -> str | None:
    """The kind asked for when none of the first hits holds one about the question, else None."""
    kinds = tuple(kind for kind in question.answer_kinds if kind in RANKING_KINDS)
    if not kinds or not spans:
        return None
    asked = {
        item.term
        for item in question.terms
        if item.source not in GUESSES and item.source != "speaker"
    }
    analyzer = index.analyzer
    for span in spans[:JUDGED_HITS]:
        first = index.passage(span.first)
        last = index.passage(span.last)
        text = first.article.text
        sentences = sentence_spans(text, first.start, last.end)
        for position, (start, end) in enumerate(sentences):
            if not contains_answer(text[start:end], kinds):
                continue
            # The sentence, or one beside it, speaks of the question.
            near = sentences[max(0, position - 1) : position + 2]
            if any(not asked.isdisjoint(analyzer.terms(text[s:e])) for s, e in near):
                return None
    return kinds[0]
