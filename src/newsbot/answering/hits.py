"""A selected span of passages → the hit a user reads: the quote, its highlights, its speaker and
its source.

Quoting a hit (choosing sentences, attributing speech) costs far more than ranking, so it is
done only for the hits that are shown. Speech only signs the quote and favours the asked-about
speaker's sentences: where no quotation can reach the span, the article need not be analysed.
"""

from __future__ import annotations

from newsbot.answering.asked_person import asked_person
from newsbot.answering.models import Hit, Source
from newsbot.answering.question import Question
from newsbot.answering.quoting import choose_quote
from newsbot.answering.search_index import SearchIndex
from newsbot.answering.selection import HitSpan
from newsbot.answering.speech_cache import SpeechCache
from newsbot.speech import may_overlap_quotation

# An earlier turn's words count this share of their weight in choosing a follow-up's quote:
# they found the story, and the sentence that answers a follow-up is the one with its own words
# (measured on the conversation set: quote@1 of follow-ups 0.52 → 0.55).
_CONTEXT_QUOTE_SHARE = 0.5


class HitQuoter:
    """Quotes the hits of one index."""

    def __init__(self, index: SearchIndex, speech: SpeechCache) -> None:
        self.index = index
        self.speech = speech

    def __call__(self, rank: int, span: HitSpan, question: Question) -> Hit:
        index = self.index
        first = index.passage(span.first)
        last = index.passage(span.last) if span.last != span.first else first
        article = first.article
        speech = (
            self.speech(first.article_number)
            if may_overlap_quotation(article.text, first.start, last.end)
            else None
        )
        wanted = asked_person(question, speech) if speech is not None else question.speaker
        quote = choose_quote(
            article.text,
            first.start,
            last.end,
            question.weights(_CONTEXT_QUOTE_SHARE),
            index.information,
            index.analyzer,
            speech,
            wanted,
            question.answer_kinds,
            article.title,
            seen=question.seen,
        )
        passage_id = first.id if last is first else f"{first.id}-{last.id.rsplit('#', 1)[1]}"
        return Hit(
            rank=rank,
            score=span.score,
            passage_id=passage_id,
            article_id=article.id,
            source=Source.of(article),
            text=article.text[first.start : last.end],
            quote=quote.text,
            highlights=quote.highlights,
            speaker=quote.speaker,
            parts=quote.parts,
        )
