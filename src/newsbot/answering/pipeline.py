"""Question → `Answer`: the best passages, quoted exactly, with their sources.

`Answerer.ask` is the pipeline, one stage after another: analyse the question, retrieve
candidates, filter them (the years it names, then whether the best is good enough), select the
answers, and quote them. Each stage is a module of this package; they share one speech cache.
"""

from __future__ import annotations

from newsbot.answering.confidence import Confidence, ConfidenceSettings
from newsbot.answering.hits import HitQuoter
from newsbot.answering.models import STABLE_HITS, Answer
from newsbot.answering.question import Question, QuestionSettings, analyse_question
from newsbot.answering.ranking import Candidate, Ranker, RankingSettings
from newsbot.answering.search_index import SearchIndex
from newsbot.answering.selection import Selector
from newsbot.answering.speech_cache import SpeechCache
from newsbot.answering.years import YearFilter
from newsbot.semantic import SemanticReranker
from newsbot.text.normalise import scrub

MAX_QUESTION_CHARS = 2000
_CANDIDATES_PER_HIT = 10


class Answerer:
    """Answers questions from one index."""

    def __init__(
        self,
        index: SearchIndex,
        top_k: int = 3,
        ranking: RankingSettings | None = None,
        questions: QuestionSettings | None = None,
        confidence: ConfidenceSettings | None = None,
        semantic: SemanticReranker | None = None,
    ) -> None:
        self.index = index
        self.top_k = top_k
        self.question_settings = questions or QuestionSettings()
        settings = confidence or ConfidenceSettings()
        self.speech = SpeechCache(index)
        self.ranker = Ranker(index, ranking, semantic, self.speech)
        self.years = YearFilter(index, settings.year_topic_share)
        self.confidence = Confidence(index, settings)
        self.selector = Selector(index, self.ranker.settings)
        self.quote = HitQuoter(index, self.speech)

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

        Only the asked-for slice is quoted; `total` says how many more could be asked for.
        Answers are ranked `STABLE_HITS` deep whatever the slice, so paging never reshuffles.
        """
        limit = self.top_k if k is None else k
        first = max(first, 0)
        depth = max(first + limit, STABLE_HITS)
        analysed, notice = self.analyse(question)
        retrieved = self.ranker.rank(analysed, depth * _CANDIDATES_PER_HIT)
        candidates = self.years(analysed, retrieved)
        if limit <= 0 or not candidates or not self.confidence.enough(analysed, candidates[0]):
            return Answer(
                question=analysed.text,
                terms=analysed.own_terms,
                hits=(),
                unknown_words=analysed.unknown,
                missing_years=analysed.years if retrieved and not candidates else (),
                notice=notice,
                suggestions=analysed.suggestions,
                closest_titles=self._closest_titles(retrieved),
                searched=analysed.searched,
            )
        spans = self.selector.select(candidates, depth, analysed)
        shown = enumerate(spans[first : first + limit], start=first + 1)
        return Answer(
            question=analysed.text,
            terms=analysed.own_terms,
            hits=tuple(self.quote(rank, span, analysed) for rank, span in shown),
            notice=notice,
            suggestions=analysed.suggestions,
            first=first,
            total=len(spans),
            searched=analysed.searched,
        )

    def confidence_signals(self, question: Question, best: Candidate | None) -> tuple[float, float]:
        """See `Confidence.signals`."""
        return self.confidence.signals(question, best)

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

    def _closest_titles(self, candidates: list[Candidate]) -> tuple[str, ...]:
        titles: dict[str, None] = {}
        for candidate in candidates:
            titles.setdefault(self.index.article(candidate.article).title, None)
            if len(titles) == 3:
                break
        return tuple(titles)
