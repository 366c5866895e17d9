"""Question → `Answer`: the best passages, quoted exactly, with their sources.

The answer model is what every surface renders (terminal, Telegram HTML, JSON). Each hit keeps
the full passage text apart from the quote (the best sentences), the spans to highlight, and the
speaker, so better quoting changes what is shown without changing the renderers' contract.

An answer may honestly be empty. When the question's most informative words are missing from
the corpus, and what does match covers too little of the question, "nothing found" with the
closest article titles is more useful than three arbitrary passages. So is it when the question
names a year that none of the matching articles mentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from newsbot.answering.models import STABLE_HITS, Answer, Hit, Source
from newsbot.answering.question import Question, QuestionSettings, analyse_question
from newsbot.answering.quoting import choose_quote
from newsbot.answering.ranking import Candidate, HitSpan, Ranker, RankingSettings
from newsbot.index.news_index import NewsIndex
from newsbot.semantic import SemanticReranker
from newsbot.speech import may_overlap_quotation
from newsbot.text.normalise import scrub

MAX_QUESTION_CHARS = 2000
_CANDIDATES_PER_HIT = 10
# Terms a question brings beyond the user's own words: they widen the search, but do not count
# as what the user asked.
_GUESSES = ("variant", "misspelling")


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
    # this share of the information of its other words (see `Answerer._mentioning`).
    year_topic_share: float = 0.5


class Answerer:
    """Answers questions from one index."""

    def __init__(
        self,
        index: NewsIndex,
        top_k: int = 3,
        ranking: RankingSettings | None = None,
        questions: QuestionSettings | None = None,
        confidence: ConfidenceSettings | None = None,
        semantic: SemanticReranker | None = None,
    ) -> None:
        self.index = index
        self.top_k = top_k
        self.ranker = Ranker(index, ranking, semantic)
        self.question_settings = questions or QuestionSettings()
        self.confidence = confidence or ConfidenceSettings()

    def analyse(self, question: str) -> tuple[Question, str | None]:
        """The question cleaned and analysed, and a notice if it had to be shortened."""
        notice = None
        cleaned = " ".join(scrub(question).split())
        if len(cleaned) > MAX_QUESTION_CHARS:
            cleaned = cleaned[:MAX_QUESTION_CHARS]
            notice = f"Your question was shortened to its first {MAX_QUESTION_CHARS} characters."
        return analyse_question(cleaned, self.index, self.question_settings), notice

    def ask(self, question: str, k: int | None = None, first: int = 0) -> Answer:
        """Hits first + 1 … first + k for `question`, or an empty answer saying why there are none.

        Quoting a hit (choosing sentences, attributing speech) costs far more than ranking, so
        only the asked-for slice is quoted; `total` says how many more could be asked for.
        """
        analysed, notice = self.analyse(question)
        limit = self.top_k if k is None else k
        first = max(first, 0)
        depth = max(first + limit, STABLE_HITS)
        candidates = self.ranker.rank(analysed, depth * _CANDIDATES_PER_HIT)
        closest = candidates
        if analysed.years:
            candidates = self._mentioning(analysed, candidates)
        base = Answer(
            question=analysed.text,
            terms=analysed.own_terms,
            hits=(),
            notice=notice,
            suggestions=analysed.suggestions,
        )
        if limit <= 0 or not candidates or not self.confident(analysed, candidates[0]):
            return Answer(
                question=base.question,
                terms=base.terms,
                hits=(),
                unknown_words=analysed.unknown,
                missing_years=analysed.years if closest and not candidates else (),
                notice=notice,
                suggestions=analysed.suggestions,
                closest_titles=self._closest_titles(closest),
            )
        spans = self.ranker.select(candidates, depth, analysed)
        hits = tuple(
            self._hit(rank, span, analysed)
            for rank, span in enumerate(spans[first : first + limit], start=first + 1)
        )
        return Answer(
            question=base.question,
            terms=base.terms,
            hits=hits,
            notice=notice,
            suggestions=analysed.suggestions,
            first=first,
            total=len(spans),
        )

    def confidence_signals(self, question: Question, best: Candidate | None) -> tuple[float, float]:
        """(share of the question's information no article has, share the best passage covers).

        Information is idf (see `NewsIndex.information`): a word found in no article weighs as
        much as the rarest possible word. Variants are left out: they are guesses, not what the
        user asked.
        """
        asked: dict[str, float] = {}
        for item in question.terms:
            if item.source not in _GUESSES:
                asked[item.term] = asked.get(item.term, 0.0) + item.weight
        missing = self.index.information(None) * len(question.unknown)
        known = sum(weight * self.index.information(term) for term, weight in asked.items())
        total = known + missing
        if total <= 0:
            return 0.0, 0.0
        covered = 0.0
        if best is not None:
            passage = self.index.passage(best.passage)
            analyzer = self.index.analyzer
            present = set(analyzer.terms(passage.text)) | set(analyzer.terms(passage.article.title))
            covered = sum(
                weight * self.index.information(term)
                for term, weight in asked.items()
                if term in present
            )
        return missing / total, covered / total

    def confident(self, question: Question, best: Candidate) -> bool:
        if self.index.article_count < self.confidence.min_articles:
            return True
        missing, coverage = self.confidence_signals(question, best)
        return not (
            missing >= self.confidence.missing_share and coverage < self.confidence.min_coverage
        )

    def rank_articles(self, question: str, depth: int) -> list[tuple[str, float]]:
        """Articles ranked by their best passage: for evaluating against document judgements."""
        analysed, _ = self.analyse(question)
        best: dict[str, float] = {}
        weight = self.ranker.settings.document_article_weight
        for candidate in self.ranker.rank(analysed, depth * _CANDIDATES_PER_HIT, weight):
            article_id = self.index.article(candidate.article).id
            if article_id not in best:
                best[article_id] = candidate.score
                if len(best) >= depth:
                    break
        return list(best.items())

    def _mentioning(self, question: Question, candidates: list[Candidate]) -> list[Candidate]:
        """The candidates whose article is about the question and mentions one of its years.

        A year in a news question is a hard constraint: "who won Eurovision 2021" is not
        answered by the 2019 contest, however well its words match, nor by any other article of
        2021. An article mentions a year in its text or title, or by being published that year;
        it is about the question when it holds words carrying `year_topic_share` of the
        information (idf) of the question's other words: one common word shared ("people") is
        not enough.
        """
        years = question.years
        pattern = re.compile(r"(?<!\d)(?:" + "|".join(years) + r")(?!\d)")
        articles = sorted({candidate.article for candidate in candidates})
        numbers = np.array(articles, dtype=np.int64)
        held = np.zeros(len(articles))
        total = 0.0
        for item in question.terms:
            if item.source in _GUESSES or item.term in years:
                continue
            information = item.weight * self.index.information(item.term, "article")
            held += information * self.index.holding(item.term, numbers)
            total += information
        about = dict.fromkeys(articles, True)
        if total > 0:
            shares = (held / total).tolist()
            about = {
                number: share >= self.confidence.year_topic_share
                for number, share in zip(articles, shares, strict=True)
            }
        kept_articles = set()
        for number in articles:
            if not about[number]:
                continue
            article = self.index.article(number)
            published = article.published or ""
            if (
                pattern.search(article.title)
                or pattern.search(article.text)
                or any(published.startswith(year) for year in years)
            ):
                kept_articles.add(number)
        return [candidate for candidate in candidates if candidate.article in kept_articles]

    def _closest_titles(self, candidates: list[Candidate]) -> tuple[str, ...]:
        titles: dict[str, None] = {}
        for candidate in candidates:
            titles.setdefault(self.index.article(candidate.article).title, None)
            if len(titles) == 3:
                break
        return tuple(titles)

    def _hit(self, rank: int, span: HitSpan, question: Question) -> Hit:
        first = self.index.passage(span.first)
        last = self.index.passage(span.last) if span.last != span.first else first
        article = first.article
        # Speech only signs the quote and favours the asked-about speaker's quoted sentences:
        # where no quotation can reach the span, the article need not be analysed at all.
        speech = (
            self.ranker.speech(first.article_number)
            if may_overlap_quotation(article.text, first.start, last.end)
            else None
        )
        wanted = (
            speech.main_person
            if speech is not None and question.speaker_is_pronoun
            else question.speaker
        )
        quote = choose_quote(
            article.text,
            first.start,
            last.end,
            question.weights(),
            self.index.idf,
            self.index.analyzer,
            speech,
            wanted,
            question.answer_kinds,
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
        )
