"""Question → `Answer`: the best passages, quoted exactly, with their sources.

The answer model is what every surface renders (terminal, Telegram HTML, JSON); it carries the
quote, the spans to highlight and the speaker separately from the full passage text, so that
better quoting can change what is shown without changing the renderers' contract.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsbot.index.news_index import NewsIndex, Passage
from newsbot.sentences import Span
from newsbot.textutil import scrub

MAX_QUESTION_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Source:
    """Where a passage comes from."""

    title: str
    outlet: str | None
    published: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class Hit:
    """One answer passage. `text` is the passage exactly as in the article; `quote` is the part
    to show, and `highlights` are spans of `quote` that matched the question."""

    rank: int
    score: float
    passage_id: str
    article_id: str
    source: Source
    text: str
    quote: str
    highlights: tuple[Span, ...]
    speaker: str | None = None


@dataclass(frozen=True, slots=True)
class Answer:
    """The reply to one question. An empty `hits` is an honest "nothing found"."""

    question: str
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    unknown_words: tuple[str, ...] = ()
    notice: str | None = None

    @property
    def found(self) -> bool:
        return bool(self.hits)

    @property
    def nothing_found_reason(self) -> str:
        """Why there are no hits, in words a user can act on."""
        if not self.terms and not self.unknown_words:
            return "Your question has no words to search for. Try naming a person, place or topic."
        if self.unknown_words:
            words = ", ".join(f"“{word}”" for word in self.unknown_words)
            return f"No article mentions {words}."
        return "No passage matches your question."


class Answerer:
    """Answers questions from one index."""

    def __init__(self, index: NewsIndex, top_k: int = 3) -> None:
        self.index = index
        self.top_k = top_k

    def ask(self, question: str, k: int | None = None) -> Answer:
        """The top-k passages for `question`, or an empty answer saying why there are none."""
        notice = None
        cleaned = " ".join(scrub(question).split())
        if len(cleaned) > MAX_QUESTION_CHARS:
            cleaned = cleaned[:MAX_QUESTION_CHARS]
            notice = f"Your question was shortened to its first {MAX_QUESTION_CHARS} characters."
        analyzer = self.index.analyzer
        tokens = [token for token in analyzer.tokens(cleaned) if token.term is not None]
        terms = tuple(token.term for token in tokens if token.term is not None)
        unknown = tuple(
            dict.fromkeys(
                cleaned[token.start : token.end]
                for token in tokens
                if token.term is not None and self.index.term_id(token.term) is None
            )
        )
        limit = self.top_k if k is None else k
        ranked = self.index.search(terms, limit)
        query_terms = frozenset(terms)
        hits = tuple(
            self._hit(rank, score, self.index.passage(number), query_terms)
            for rank, (number, score) in enumerate(ranked, start=1)
        )
        # Words missing from the corpus only matter to the user when nothing was found.
        return Answer(
            question=cleaned,
            terms=terms,
            hits=hits,
            unknown_words=() if hits else unknown,
            notice=notice,
        )

    def rank_articles(self, question: str, depth: int) -> list[tuple[str, float]]:
        """Articles ranked by their best passage: for evaluating against document judgements."""
        terms = self.index.analyzer.terms(" ".join(scrub(question).split())[:MAX_QUESTION_CHARS])
        best: dict[str, float] = {}
        for number, score in self.index.search(terms, depth * 10):
            article_id = self.index.passage(number).article.id
            if article_id not in best:
                best[article_id] = score
            if len(best) >= depth:
                break
        return list(best.items())

    def _hit(self, rank: int, score: float, passage: Passage, terms: frozenset[str]) -> Hit:
        article = passage.article
        highlights = tuple(
            (token.start, token.end)
            for token in self.index.analyzer.tokens(passage.text)
            if token.term in terms
        )
        return Hit(
            rank=rank,
            score=score,
            passage_id=passage.id,
            article_id=article.id,
            source=Source(article.title, article.source, article.published, article.url),
            text=passage.text,
            quote=passage.text,
            highlights=highlights,
        )
