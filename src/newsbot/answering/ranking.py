"""Question → ranked passages: BM25 on passages, fused with BM25 on whole articles, then
reranked, for "what did X say" questions, by whether X speaks there.

Passage BM25 alone finds a passage that repeats the question's words, even in an article about
something else; the whole-article score says which article is about the question. Each is
divided by its best value for the question before they are mixed, so the weights mean the same
thing for every question. The mix and the rerank weights are measured with `newsbot eval`.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import numpy.typing as npt

from newsbot.answering.answer_types import contains_answer
from newsbot.answering.question import Question
from newsbot.index.news_index import NewsIndex
from newsbot.semantic import SemanticReranker
from newsbot.speech import Speech, analyse_speech, may_hold_speech, same_person

FloatArray = npt.NDArray[np.float64]
# How many best articles (as wholes) bring their passages into the candidates.
_ARTICLE_POOL = 30
# Two answers from one article are fine; a third must beat other articles by a margin.
_FREE_HITS_PER_ARTICLE = 2


@dataclass(frozen=True, slots=True)
class RankingSettings:
    """The ranking's weights; the defaults are the best measured (see the README)."""

    article_weight: float = 0.7
    # Ranking whole articles (document retrieval, as IR test collections judge it) leans more
    # on the whole-article score than choosing passages to quote does; both are measured.
    document_article_weight: float = 0.9
    title_weight: float = 0.2
    speech_weight: float = 0.15
    answer_weight: float = 0.2
    rerank_depth: int = 30
    same_article_factor: float = 0.7
    dominance: float = 0.7
    merge_neighbours: bool = True
    max_merged_passages: int = 2
    # With a semantic reranker: the weight of a candidate's cosine similarity to the question,
    # added to its fused score (which is 1 for the best passage and article).
    semantic_weight: float = 1.0


@dataclass(frozen=True, slots=True)
class Candidate:
    """A passage, its score for a question, and its article's (normalised) score."""

    passage: int
    article: int
    score: float
    article_score: float = 0.0


@dataclass(frozen=True, slots=True)
class HitSpan:
    """One answer: consecutive passages `first..last` of one article."""

    article: int
    first: int
    last: int
    score: float


class Ranker:
    """Ranks one index's passages for analysed questions."""

    def __init__(
        self,
        index: NewsIndex,
        settings: RankingSettings | None = None,
        semantic: SemanticReranker | None = None,
    ) -> None:
        self.index = index
        self.settings = settings or RankingSettings()
        self.semantic = semantic
        self._passage_article = index.passage_articles()
        # One cache for ranking and quoting: the articles a question reranks are the ones its
        # answer quotes, and analysing one costs milliseconds.
        self.speech = lru_cache(maxsize=512)(self._analyse_speech)
        self._side_searches: ThreadPoolExecutor | None = None

    def rank(
        self, question: Question, depth: int, article_weight: float | None = None
    ) -> list[Candidate]:
        """The best `depth` passages, best first; only passages that match a term."""
        weights = question.weights()
        term_ids = [
            (term_id, weight)
            for term, weight in weights.items()
            if (term_id := self.index.term_id(term)) is not None
        ]
        if not term_ids:
            return []
        settings = self.settings
        pool = max(depth, settings.rerank_depth)
        fields = self.index.fields
        top_passages, top_articles = self._search_fields(term_ids, pool)
        if not top_passages:
            return []
        candidates, passage = self._candidates(term_ids, top_passages, top_articles)
        articles = self._passage_article[candidates].astype(np.int64)
        mix = settings.article_weight if article_weight is None else article_weight
        fused = (1 - mix) * _scaled(passage, top_passages[0][1])
        article = _scaled(
            self._article_scores(term_ids, articles, top_articles, "article"),
            top_articles[0][1] if top_articles else 0.0,
        )
        fused += mix * article
        if settings.title_weight and self.index.title_mode == "field":
            best_title = fields["title"].top_weighted(term_ids, 1)
            title = self._article_scores(term_ids, articles, [], "title")
            fused += settings.title_weight * _scaled(title, best_title[0][1] if best_title else 0.0)
        semantic = self.semantic
        if semantic is not None and settings.semantic_weight and semantic.applies_to(question.text):
            # Meaning, for every candidate BM25 found: a passage in other words than the
            # question's can overtake one that merely repeats them.
            fused += settings.semantic_weight * semantic.similarities(question.text, candidates)
        order = np.lexsort((candidates, -fused))
        # Only the first `rerank_depth` are reranked, whatever the depth asked for, so that a
        # deeper ranking begins with the same passages as a shallow one (the bot's first page
        # equals the command line's answer). A bonus only raises a score, so the reranked
        # block still outranks everything after it.
        # Python lists: indexing numpy arrays one scalar at a time cost more than the rest here.
        top = order[:pool]
        passages = candidates[top].tolist()
        owners = articles[top].tolist()
        scores = fused[top].tolist()
        wholes = article[top].tolist()
        head = min(settings.rerank_depth, len(passages))
        reranked = [
            Candidate(
                passages[i],
                owners[i],
                scores[i] + self._rerank_bonus(question, passages[i]),
                wholes[i],
            )
            for i in range(head)
        ]
        reranked.sort(key=lambda item: (-item.score, item.passage))
        reranked.extend(
            Candidate(passages[i], owners[i], scores[i], wholes[i])
            for i in range(head, len(passages))
        )
        return reranked[:depth]

    def _search_fields(
        self, term_ids: list[tuple[int, float]], pool: int
    ) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
        """The best passages, and the best whole articles.

        On a large index both searches run in the compiled kernel, which releases the GIL, and
        together they are most of a question's ranking time: the article search then runs on
        another core while this thread searches passages (at 1M passages it saves about a
        millisecond a question; a busy server gains nothing, and loses nothing).
        """
        passages, articles = self.index.fields["passage"], self.index.fields["article"]
        if not (passages.compiled() and articles.compiled()):
            top_passages = passages.top_weighted(term_ids, pool)
            if not top_passages:
                return [], []
            return top_passages, articles.top_weighted(term_ids, _ARTICLE_POOL)
        if self._side_searches is None:
            self._side_searches = ThreadPoolExecutor(
                max_workers=os.cpu_count() or 2, thread_name_prefix="newsbot-article-search"
            )
        future = self._side_searches.submit(articles.top_weighted, term_ids, _ARTICLE_POOL)
        top_passages = passages.top_weighted(term_ids, pool)
        return top_passages, future.result()

    def _candidates(
        self,
        terms: list[tuple[int, float]],
        top_passages: list[tuple[int, float]],
        top_articles: list[tuple[int, float]],
    ) -> tuple[npt.NDArray[np.int64], FloatArray]:
        """The best passages, plus every matching passage of the best articles, with scores."""
        known = dict(top_passages)
        first = self.index.article_first_passages()
        extra = [
            passage
            for article, _ in top_articles
            for passage in range(int(first[article]), int(first[article + 1]))
            if passage not in known
        ]
        if extra:
            docs = np.array(sorted(extra), dtype=np.int64)
            scores = self.index.fields["passage"].exact_scores(terms, docs)
            matching = scores > 0
            known.update(zip(docs[matching].tolist(), scores[matching].tolist(), strict=True))
        ordered = sorted(known)
        scores = np.array([known[c] for c in ordered], dtype=np.float64)
        return np.array(ordered, dtype=np.int64), scores

    def _article_scores(
        self,
        terms: list[tuple[int, float]],
        articles: npt.NDArray[np.int64],
        known: list[tuple[int, float]],
        field: str,
    ) -> FloatArray:
        """Whole-article (or title) scores for the candidates' articles."""
        scores = dict(known)
        missing = np.array(sorted(set(articles.tolist()) - scores.keys()), dtype=np.int64)
        if missing.size:
            values = self.index.fields[field].exact_scores(terms, missing)
            scores.update(zip(missing.tolist(), values.tolist(), strict=True))
        return np.array([scores[int(a)] for a in articles], dtype=np.float64)

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

    def _rerank_bonus(self, question: Question, passage_number: int) -> float:
        """Evidence a passage answers beyond sharing words: the asked-about speaker speaks in
        it, or it holds the kind of thing asked for (an amount, a date …)."""
        bonus = 0.0
        if self.settings.speech_weight and question.speech:
            bonus += self.settings.speech_weight * self._speech_match(question, passage_number)
        if self.settings.answer_weight and question.answer_kinds:
            text = self.index.passage(passage_number).text
            bonus += self.settings.answer_weight * contains_answer(text, question.answer_kinds)
        return bonus

    def _speech_match(self, question: Question, passage_number: int) -> float:
        """1 when the asked-about person speaks in the passage, 0.5 for other speech, else 0."""
        passage = self.index.passage(passage_number)
        if not may_hold_speech(passage.text):
            return 0.0
        speech = self.speech(passage.article_number)
        speakers = speech.speakers_in(passage.start, passage.end) + speech.reported_speech_in(
            passage.start, passage.end
        )
        if not speakers:
            return 0.0
        wanted = question.speaker if not question.speaker_is_pronoun else speech.main_person
        if wanted and any(same_person(speaker, wanted) for speaker in speakers):
            return 1.0
        return 0.5

    def _analyse_speech(self, article_number: int) -> Speech:
        article = self.index.article(article_number)
        return analyse_speech(article.text, article.title)


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


def _scaled(scores: FloatArray, best: float) -> FloatArray:
    """Scores divided by the best one in the whole field, negatives as 0.

    In a corpus of very few documents BM25Okapi's idf is negative for most terms (the epsilon
    floor of a negative mean); such a field carries no evidence and contributes nothing.
    """
    if best <= 0:
        return np.zeros_like(scores)
    return np.maximum(scores, 0.0) / best
