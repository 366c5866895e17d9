"""Question → ranked passages: BM25 on passages, fused with BM25 on whole articles, then
reranked, for "what did X say" questions, by whether X speaks there.

Passage BM25 alone finds a passage that repeats the question's words, even in an article about
something else; the whole-article score says which article is about the question. Each is
divided by its best value for the question before they are mixed, so the weights mean the same
thing for every question. The mix and the rerank weights are measured with `newsbot eval`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsbot.answering.answer_types import RANKING_KINDS, contains_answer
from newsbot.answering.asked_person import asked_person
from newsbot.answering.question import Question
from newsbot.answering.search_index import Numbers, Ranked, SearchIndex, WeightedTerms
from newsbot.answering.speech_cache import SpeechCache
from newsbot.semantic import SemanticReranker
from newsbot.speech import may_hold_speech, same_person

FloatArray = npt.NDArray[np.float64]
# How far below the reranked head a passage of the asked-about person is looked for.
_DEEPER = 100
# How many best articles (as wholes) bring their passages into the candidates.
_ARTICLE_POOL = 30


@dataclass(frozen=True, slots=True)
class RankingSettings:
    """The ranking's weights; the defaults are the best measured (see the README)."""

    article_weight: float = 0.7
    # Ranking whole articles (document retrieval, as IR test collections judge it) leans more
    # on the whole-article score than choosing passages to quote does; both are measured.
    document_article_weight: float = 0.9
    title_weight: float = 0.2
    speech_weight: float = 0.15
    # "What did X say about Y": a passage where X speaks on Y comes before every passage where X
    # does not (fused scores are at most about 1, so this puts them first).
    speaker_first: float = 1.0
    answer_weight: float = 0.2
    # A follow-up is usually about the story the turn before answered from (see `follow_up`).
    context_weight: float = 0.3
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
    # The person a "what did X say about Y" question names speaks on Y in this passage.
    by_speaker: bool = False


class Ranker:
    """Ranks one index's passages for analysed questions."""

    def __init__(
        self,
        index: SearchIndex,
        settings: RankingSettings | None = None,
        semantic: SemanticReranker | None = None,
        speech: SpeechCache | None = None,
    ) -> None:
        self.index = index
        self.settings = settings or RankingSettings()
        self.semantic = semantic
        self.speech = speech or SpeechCache(index)

    def rank(
        self,
        question: Question,
        depth: int,
        article_weight: float | None = None,
        allowed: npt.NDArray[np.bool_] | None = None,
    ) -> list[Candidate]:
        """The best `depth` passages, best first; only passages that match a term, and with
        `allowed` (one flag per article) only passages of the allowed articles."""
        index = self.index
        terms = [(term, weight) for term, weight in question.weights().items() if index.knows(term)]
        if not terms:
            return []
        settings = self.settings
        pool = max(depth, settings.rerank_depth)
        top_passages, top_articles = index.best(terms, pool, _ARTICLE_POOL, allowed)
        if not top_passages:
            return []
        candidates, passage = self._candidates(terms, top_passages, top_articles)
        articles = index.article_of(candidates).astype(np.int64)
        mix = settings.article_weight if article_weight is None else article_weight
        fused = (1 - mix) * _scaled(passage, top_passages[0][1])
        article = _scaled(
            self._article_scores(terms, articles, top_articles, "article"),
            top_articles[0][1] if top_articles else 0.0,
        )
        fused += mix * article
        if settings.title_weight and index.title_mode == "field":
            best_title = index.top("title", terms, 1)
            title = self._article_scores(terms, articles, [], "title")
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
        reranked = []
        for i in range(head):
            bonus, by_speaker = self._rerank_bonus(question, passages[i])
            reranked.append(
                Candidate(passages[i], owners[i], scores[i] + bonus, wholes[i], by_speaker)
            )
        tail = [
            Candidate(passages[i], owners[i], scores[i], wholes[i])
            for i in range(head, len(passages))
        ]
        if question.speech and question.speaker and not question.speaker_is_pronoun:
            # The asked-about person speaking on the topic comes first even from deep down.
            promoted = self._speaking_deeper(question, tail[:_DEEPER])
            reranked.extend(promoted)
            moved = {candidate.passage for candidate in promoted}
            tail = [candidate for candidate in tail if candidate.passage not in moved]
        reranked.sort(key=lambda item: (-item.score, item.passage))
        reranked.extend(tail)
        return reranked[:depth]

    def _speaking_deeper(self, question: Question, tail: list[Candidate]) -> list[Candidate]:
        """Candidates beyond the reranked head where the asked-about person speaks on the
        topic, with the bonus that puts them first; only passages that name the person are
        analysed."""
        assert question.speaker is not None
        surname = question.speaker.split()[-1].casefold()
        promoted = []
        naming: dict[int, bool] = {}  # article → whether it names the person at all
        for candidate in tail:
            names = naming.get(candidate.article)
            if names is None:
                text = self.index.article(candidate.article).text.casefold()
                names = naming[candidate.article] = surname in text
            if not names or surname not in self.index.passage(candidate.passage).text.casefold():
                continue
            bonus, by_speaker = self._rerank_bonus(question, candidate.passage)
            if by_speaker:
                promoted.append(
                    Candidate(
                        candidate.passage,
                        candidate.article,
                        candidate.score + bonus,
                        candidate.article_score,
                        True,
                    )
                )
        return promoted

    def _candidates(
        self,
        terms: WeightedTerms,
        top_passages: Ranked,
        top_articles: Ranked,
    ) -> tuple[Numbers, FloatArray]:
        """The best passages, plus every matching passage of the best articles, with scores."""
        known = dict(top_passages)
        extra = [
            passage
            for article, _ in top_articles
            for passage in self.index.passages_of(article)
            if passage not in known
        ]
        if extra:
            docs = np.array(sorted(extra), dtype=np.int64)
            scores = self.index.score("passage", terms, docs)
            matching = scores > 0
            known.update(zip(docs[matching].tolist(), scores[matching].tolist(), strict=True))
        ordered = sorted(known)
        scores = np.array([known[c] for c in ordered], dtype=np.float64)
        return np.array(ordered, dtype=np.int64), scores

    def _article_scores(
        self,
        terms: WeightedTerms,
        articles: Numbers,
        known: Ranked,
        field: str,
    ) -> FloatArray:
        """Whole-article (or title) scores for the candidates' articles."""
        scores = dict(known)
        missing = np.array(sorted(set(articles.tolist()) - scores.keys()), dtype=np.int64)
        if missing.size:
            values = self.index.score(field, terms, missing)
            scores.update(zip(missing.tolist(), values.tolist(), strict=True))
        return np.array([scores[int(a)] for a in articles], dtype=np.float64)

    def _rerank_bonus(self, question: Question, passage_number: int) -> tuple[float, bool]:
        """Evidence a passage answers beyond sharing words: the asked-about speaker speaks in
        it (on the topic), or it holds the kind of thing asked for (an amount, a date …)."""
        bonus, by_speaker = 0.0, False
        if self.settings.speech_weight and question.speech:
            match = self._speech_match(question, passage_number)
            bonus += self.settings.speech_weight * match
            if match == 1.0 and question.speaker and not question.speaker_is_pronoun:
                by_speaker = self.on_topic(question, passage_number)
                bonus += self.settings.speaker_first * by_speaker
        if question.context_articles and self.settings.context_weight:
            article = self.index.passage(passage_number).article.id
            if article in question.context_articles:
                bonus += self.settings.context_weight
        kinds = tuple(kind for kind in question.answer_kinds if kind in RANKING_KINDS)
        if self.settings.answer_weight and kinds:
            text = self.index.passage(passage_number).text
            bonus += self.settings.answer_weight * contains_answer(text, kinds)
        return bonus, by_speaker

    def on_topic(self, question: Question, passage_number: int) -> bool:
        """The passage holds one of the words the question asks about (not the speaker's)."""
        topic = {item.term for item in question.terms if item.source == "question"}
        if not topic:
            return True  # "what else did he say": any of the person's words
        passage = self.index.passage(passage_number)
        return not topic.isdisjoint(self.index.analyzer.terms(passage.text))

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
        wanted = asked_person(question, speech)
        if wanted and any(same_person(speaker, wanted) for speaker in speakers):
            return 1.0
        return 0.5


def _scaled(scores: FloatArray, best: float) -> FloatArray:
    """Scores divided by the best one in the whole field, negatives as 0.

    In a corpus of very few documents BM25Okapi's idf is negative for most terms (the epsilon
    floor of a negative mean); such a field carries no evidence and contributes nothing.
    """
    if best <= 0:
        return np.zeros_like(scores)
    return np.maximum(scores, 0.0) / best
