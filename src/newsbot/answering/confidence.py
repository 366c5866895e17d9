"""When to say "nothing found": the question's own words weighed against what the corpus holds.

An answer may honestly be empty. When the question's most informative words are missing from
the corpus, and what does match covers too little of the question, "nothing found" with the
closest article titles is more useful than three arbitrary passages. Information is measured as
idf, so a missing rare name outweighs a missing common word.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsbot.answering.question import GUESSES, Question
from newsbot.answering.ranking import Candidate
from newsbot.answering.search_index import SearchIndex


@dataclass(frozen=True, slots=True)
class ConfidenceSettings:
    """When to say "nothing found", calibrated with `newsbot eval` (see the README).

    A question is refused when the words no article contains carry at least `missing_share` of
    its information (idf), and the best passage covers less than `min_coverage` of it.
    """

    missing_share: float = 0.28
    min_coverage: float = 0.65
    # Below this many articles a word's absence says little about the topic's ("runs" is simply
    # not in a one-article corpus), so only a question matching nothing at all is refused.
    min_articles: int = 50
    # A question naming a year is answered only from articles that mention it and hold at least
    # this share of the information of its other words (see `years.YearFilter`).
    year_topic_share: float = 0.5


class Confidence:
    """Decides whether the best candidate is good enough to answer with."""

    def __init__(self, index: SearchIndex, settings: ConfidenceSettings) -> None:
        self.index = index
        self.settings = settings

    def signals(self, question: Question, best: Candidate | None) -> tuple[float, float]:
        """(share of the question's information no article has, share the best passage covers).

        Information is idf (see `SearchIndex.information`): a word found in no article weighs
        as much as the rarest possible word. Variants are left out: they are guesses, not what
        the user asked.
        """
        index = self.index
        asked: dict[str, float] = {}
        for item in question.terms:
            if item.source not in GUESSES:
                asked[item.term] = asked.get(item.term, 0.0) + item.weight
        missing = index.information(None) * len(question.unknown)
        known = sum(weight * index.information(term) for term, weight in asked.items())
        total = known + missing
        if total <= 0:
            return 0.0, 0.0
        covered = 0.0
        if best is not None:
            passage = index.passage(best.passage)
            analyzer = index.analyzer
            present = set(analyzer.terms(passage.text)) | set(analyzer.terms(passage.article.title))
            covered = sum(
                weight * index.information(term)
                for term, weight in asked.items()
                if term in present
            )
        return missing / total, covered / total

    def enough(self, question: Question, best: Candidate) -> bool:
        """True when the best candidate may answer `question`."""
        settings = self.settings
        if self.index.article_count < settings.min_articles:
            return True
        missing, coverage = self.signals(question, best)
        return not (missing >= settings.missing_share and coverage < settings.min_coverage)
