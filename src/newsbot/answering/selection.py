"""Ranked passages → the answers shown: neighbouring passages of one article merged into one hit,
and no article allowed to crowd out the others.

A question often matches two adjacent passages of the right article; shown apart they repeat
the context, shown together they read as one answer. Two answers from one article are fine, but
a third must beat other articles by a margin, unless the question is about that article (it
names the article's subject, or the article scores far above every other as a whole).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from newsbot.answering.question import Question
from newsbot.answering.ranking import Candidate, RankingSettings
from newsbot.answering.search_index import SearchIndex

# Two answers from one article are fine; a third must beat other articles by a margin.
_FREE_HITS_PER_ARTICLE = 2


@dataclass(frozen=True, slots=True)
class HitSpan:
    """One answer: consecutive passages `first..last` of one article."""

    article: int
    first: int
    last: int
    score: float


class Selector:
    """Chooses the answers among one index's ranked passages."""

    def __init__(self, index: SearchIndex, settings: RankingSettings | None = None) -> None:
        self.index = index
        self.settings = settings or RankingSettings()

    def select(self, candidates: Sequence[Candidate], k: int, question: Question) -> list[HitSpan]:
        """The k answers: neighbouring passages merged, and one article not allowed to crowd out
        the others unless the question names that article's subject."""
        settings = self.settings
        dominant = _dominant_article(candidates, settings.dominance)
        spans: list[list[int]] = []  # [article, first, last]
        scores: list[float] = []
        seen_articles: dict[int, int] = defaultdict(int)
        # Each article's spans, in order: a candidate only merges with its own article's, so it
        # need not scan every span (up to 90, for each of up to 300 candidates).
        positions: dict[int, list[int]] = defaultdict(list)
        for candidate in candidates:
            merged = False
            if settings.merge_neighbours:
                for position in positions[candidate.article]:
                    article, first, last = spans[position]
                    if last - first + 1 >= settings.max_merged_passages:
                        continue
                    if candidate.passage == last + 1 or candidate.passage == first - 1:
                        spans[position] = [
                            article,
                            min(first, candidate.passage),
                            max(last, candidate.passage),
                        ]
                        merged = True
                        break
            if merged:
                continue
            penalty = 1.0
            earlier = seen_articles[candidate.article]
            if (
                earlier >= _FREE_HITS_PER_ARTICLE
                and candidate.article != dominant
                and not self._names_subject(question, candidate.article)
            ):
                penalty = settings.same_article_factor ** (earlier - _FREE_HITS_PER_ARTICLE + 1)
            seen_articles[candidate.article] += 1
            positions[candidate.article].append(len(spans))
            spans.append([candidate.article, candidate.passage, candidate.passage])
            scores.append(candidate.score * penalty)
            if len(spans) >= k * 3:
                break
        order = sorted(range(len(spans)), key=lambda i: (-scores[i], spans[i][1]))[:k]
        return [HitSpan(spans[i][0], spans[i][1], spans[i][2], scores[i]) for i in order]

    def _names_subject(self, question: Question, article: int) -> bool:
        """True when most of the article's title words are in the question."""
        title_terms = set(self.index.analyzer.terms(self.index.article(article).title))
        if not title_terms:
            return False
        asked = set(question.own_terms)
        return len(title_terms & asked) * 2 >= len(title_terms)


def _dominant_article(candidates: Sequence[Candidate], dominance: float) -> int | None:
    """The article the question is about, if one scores far above every other (as a whole)."""
    best: dict[int, float] = {}
    for candidate in candidates:
        best.setdefault(candidate.article, candidate.article_score)
    ranked = sorted(best.items(), key=lambda item: -item[1])
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[1][1] < dominance * ranked[0][1]:
        return ranked[0][0]
    return None
