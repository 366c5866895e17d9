"""A year in the question is a constraint, not a search term.

"Who won Eurovision 2021" is not answered by the 2019 contest, however well its words match,
nor by any other article of 2021. So the candidates are filtered: only articles that mention one
of the question's years (in their text or title, or by being published that year) and that are
about the question answer. An article is about the question when it holds words carrying
`year_topic_share` of the information (idf) of the question's other words: one common word
shared ("people") is not enough.
"""

from __future__ import annotations

import re

import numpy as np

from newsbot.answering.question import GUESSES, Question
from newsbot.answering.ranking import Candidate
from newsbot.answering.search_index import SearchIndex


class YearFilter:
    """Keeps the candidates whose article is about the question and mentions one of its years."""

    def __init__(self, index: SearchIndex, topic_share: float) -> None:
        self.index = index
        self.topic_share = topic_share

    def __call__(self, question: Question, candidates: list[Candidate]) -> list[Candidate]:
        years = question.years
        if not years:
            return candidates
        index = self.index
        pattern = re.compile(r"(?<!\d)(?:" + "|".join(years) + r")(?!\d)")
        articles = sorted({candidate.article for candidate in candidates})
        about = self.about(question, articles)
        kept_articles = set()
        for number in articles:
            if number not in about:
                continue
            article = index.article(number)
            published = article.published or ""
            if (
                pattern.search(article.title)
                or pattern.search(article.text)
                or any(published.startswith(year) for year in years)
            ):
                kept_articles.add(number)
        return [candidate for candidate in candidates if candidate.article in kept_articles]

    def about(self, question: Question, articles: list[int]) -> set[int]:
        """Those of the (sorted, distinct) articles that hold words carrying `topic_share` of
        the information of the question's words (its years aside): a filter, too, must not
        leave answers that only share a common word with the question."""
        index = self.index
        years = question.years
        numbers = np.array(articles, dtype=np.int64)
        held = np.zeros(len(articles))
        total = 0.0
        for item in question.terms:
            if item.source in GUESSES or item.term in years:
                continue
            information = item.weight * index.information(item.term, "article")
            held += information * index.holding(item.term, numbers)
            total += information
        if total <= 0:
            return set(articles)
        shares = (held / total).tolist()
        return {
            number
            for number, share in zip(articles, shares, strict=True)
            if share >= self.topic_share
        }
