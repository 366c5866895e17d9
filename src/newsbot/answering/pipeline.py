"""Question → `Answer`: the best passages, quoted exactly, with their sources.

`Answerer.ask` is the pipeline, one stage after another: read the question's filters (a
section, an outlet, a time) and analyse the rest, retrieve candidates from the articles the
filters allow, filter them (the years it names, then whether the best is good enough), select
the answers (the newest first when the latest is asked for), and quote them. Each stage is a
module of this package; they share one speech cache.
"""

from __future__ import annotations

from dataclasses import replace

from newsbot.answering.asked_for import missing_kind
from newsbot.answering.asked_person import asked_person, speakers
from newsbot.answering.confidence import Confidence, ConfidenceSettings
from newsbot.answering.duplicates import collapse
from newsbot.answering.filters import CorpusFilters, FilterRequest
from newsbot.answering.follow_up import FollowUp
from newsbot.answering.hits import HitQuoter
from newsbot.answering.models import STABLE_HITS, Answer, Filters, Hit, Source
from newsbot.answering.question import Question, QuestionSettings, analyse_question
from newsbot.answering.ranking import Candidate, Ranker, RankingSettings
from newsbot.answering.search_index import SearchIndex
from newsbot.answering.selection import HitSpan, Selector
from newsbot.answering.speech_cache import SpeechCache
from newsbot.answering.years import YearFilter
from newsbot.semantic import SemanticReranker
from newsbot.speech import same_person
from newsbot.text.normalise import scrub
from newsbot.text.segment import sentence_spans

MAX_QUESTION_CHARS = 2000
_CANDIDATES_PER_HIT = 10
# "What else did he say" looks this deep for the person's words not shown yet.
_MORE_OF_DEPTH = 100
# … and lifts those by this much (fused scores are at most about 1, so they come first).
_HEARD_LIFT = 1.0
# "The latest on X": the stories scoring at least this share of the best one's are shown newest
# first; a story that merely shares a word is not promoted for being new.
_LATEST_SHARE = 0.5


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
        self._filters: CorpusFilters | None = None

    @property
    def filters(self) -> CorpusFilters:
        """The corpus's outlets, sections and dates, read on the first question."""
        if self._filters is None:
            self._filters = CorpusFilters(self.index.facets)
        return self._filters

    def analyse(self, question: str) -> tuple[Question, str | None]:
        """The question cleaned and analysed, and a notice if it had to be shortened."""
        cleaned, notice = self._cleaned(question)
        return analyse_question(cleaned, self.index, self.question_settings), notice

    @staticmethod
    def _cleaned(question: str) -> tuple[str, str | None]:
        notice = None
        cleaned = " ".join(scrub(question).split())
        if len(cleaned) > MAX_QUESTION_CHARS:
            cleaned = cleaned[:MAX_QUESTION_CHARS]
            notice = f"Your question was shortened to its first {MAX_QUESTION_CHARS} characters."
        return cleaned, notice

    def _about(self, question: Question, candidates: list[Candidate]) -> list[Candidate]:
        """The filtered candidates whose article is about the question: in a narrow slice of the
        corpus the best passage may share only a name with it ("only sport: what did Blair say
        about Kyoto" is not answered by a rugby report naming Blair)."""
        about = self.years.about(question, sorted({candidate.article for candidate in candidates}))
        return [candidate for candidate in candidates if candidate.article in about]

    def _elsewhere(self, question: Question, filters: Filters) -> tuple[tuple[str, int], ...]:
        """When filters left nothing: which other sections (outlets, months) would answer, and
        with how many articles, for "No sport articles match; 3 tech articles do"."""
        if not filters.restricts:
            return ()
        retrieved = self.ranker.rank(question, STABLE_HITS * _CANDIDATES_PER_HIT)
        candidates = self._about(question, self.years(question, retrieved))
        if not candidates or not self.confidence.enough(question, candidates[0]):
            return ()
        floor = candidates[0].score * _LATEST_SHARE
        return self.filters.elsewhere(
            filters, (candidate.article for candidate in candidates if candidate.score >= floor)
        )

    def _newest_first(
        self, stories: list[tuple[HitSpan, list[HitSpan]]]
    ) -> list[tuple[HitSpan, list[HitSpan]]]:
        """The stories that match well, newest first (undated last), then the rest."""
        if not stories:
            return stories
        floor = stories[0][0].score * _LATEST_SHARE
        days = self.index.facets.days
        good = [story for story in stories if story[0].score >= floor]
        rest = [story for story in stories if story[0].score < floor]
        good.sort(key=lambda story: days[story[0].article] or "", reverse=True)
        return good + rest

    def ask(
        self,
        question: str,
        k: int | None = None,
        first: int = 0,
        follow_up: FollowUp | None = None,
        filters: FilterRequest | None = None,
    ) -> Answer:
        """Hits first + 1 … first + k for `question`, or an empty answer saying why there are none.

        Only the asked-for slice is quoted; `total` says how many more could be asked for.
        Answers are ranked `STABLE_HITS` deep whatever the slice, so paging never reshuffles.
        A `follow_up` (the message read against the turn before, see `follow_up`) is searched
        in its place, with the earlier turn's words and articles counting a little.
        `filters` (flags) win over the filters the question names.
        """
        limit = self.top_k if k is None else k
        first = max(first, 0)
        depth = max(first + limit, STABLE_HITS)
        cleaned, notice = self._cleaned(follow_up.text if follow_up is not None else question)
        read = self.filters.read(cleaned, filters)
        analysed = analyse_question(read.text, self.index, self.question_settings)
        if follow_up is not None and analysed.unknown and not analysed.own_terms:
            # Only words no article has ("quantum chromodynamics"): not about the last answer,
            # whose words would otherwise answer it.
            follow_up = None
            cleaned, notice = self._cleaned(question)
            read = self.filters.read(cleaned, filters)
            analysed = analyse_question(read.text, self.index, self.question_settings)
        understood = follow_up.understood if follow_up is not None else None
        applied = self.filters.resolved(read.filters)
        if applied.unmet is not None:
            return Answer(
                question=cleaned,
                terms=analysed.own_terms,
                hits=(),
                notice=notice,
                searched=analysed.searched,
                filters=applied,
                understood=understood,
            )
        if follow_up is not None:
            analysed = analysed.in_context(
                follow_up.context_terms, follow_up.context_articles, follow_up.answer_kinds
            )
            analysed = replace(analysed, seen=follow_up.seen)
        allowed = self.filters.allowed(applied)
        retrieved = self.ranker.rank(analysed, depth * _CANDIDATES_PER_HIT, allowed=allowed)
        if analysed.seen:
            # "What else did he say": passages with something not shown yet, those where the
            # person is heard saying it first.
            fresh = [c for c in retrieved if not self._all_seen(c.passage, analysed.seen)]
            more = [c for c in fresh[:_MORE_OF_DEPTH] if self._says_more(analysed, c.passage)]
            heard = {c.passage for c in more}
            lifted = [replace(c, score=c.score + _HEARD_LIFT) for c in more]
            retrieved = lifted + [c for c in fresh if c.passage not in heard]
        candidates = self.years(analysed, retrieved)
        if allowed is not None:
            candidates = self._about(analysed, candidates)
        if limit <= 0 or not candidates or not self.confidence.enough(analysed, candidates[0]):
            return Answer(
                question=cleaned,
                terms=analysed.own_terms,
                hits=(),
                unknown_words=analysed.unknown,
                missing_years=analysed.years if retrieved and not candidates else (),
                notice=notice,
                suggestions=analysed.suggestions,
                closest_titles=self._closest_titles(retrieved),
                searched=analysed.searched,
                understood=understood,
                filters=applied,
                elsewhere=self._elsewhere(analysed, applied) if limit > 0 else (),
            )
        selected = self.selector.select(candidates, depth, analysed)
        stories = collapse(selected, self._span_text, lambda span: span.article)
        if applied.latest:
            stories = self._newest_first(stories)
        shown = enumerate(stories[first : first + limit], start=first + 1)
        named = analysed.speech and analysed.speaker and not analysed.speaker_is_pronoun
        speaker_found = self._speaker_found(analysed, candidates) if named else None
        missing = missing_kind(self.index, analysed, [span for span, _ in stories])
        hits = tuple(
            replace(
                self.quote(rank, span, analysed),
                also_in=tuple(Source.of(self.index.article(copy.article)) for copy in copies),
            )
            for rank, (span, copies) in shown
        )
        return Answer(
            question=cleaned,
            terms=analysed.own_terms,
            hits=hits,
            notice=notice,
            suggestions=analysed.suggestions,
            first=first,
            total=len(stories),
            speaker_found=speaker_found,
            asked_speaker=analysed.speaker if named else None,
            asked_topic=analysed.topic if named else "",
            related=speaker_found is False or missing is not None,
            missing_kind=missing,
            searched=analysed.searched,
            understood=understood,
            person=self._person(analysed, stories[0][0].article, hits) if stories else None,
            filters=applied,
        )

    def _all_seen(self, passage_number: int, seen: tuple[str, ...]) -> bool:
        """Whether every sentence of the passage is in a quote the conversation has shown."""
        passage = self.index.passage(passage_number)
        text = passage.article.text
        return all(
            any(text[start:end].strip() in quote for quote in seen)
            for start, end in sentence_spans(text, passage.start, passage.end)
        )

    def _says_more(self, question: Question, passage_number: int) -> bool:
        """Whether the asked-about person speaks in a sentence of the passage that is in no
        quote the conversation has shown."""
        passage = self.index.passage(passage_number)
        text = passage.article.text
        speech = self.speech(passage.article_number)
        wanted = asked_person(question, speech)
        if not wanted:
            return False
        for start, end in sentence_spans(text, passage.start, passage.end):
            if any(text[start:end].strip() in quote for quote in question.seen):
                continue
            speaker = speech.speaker_of(start, end)
            if speaker and same_person(speaker, wanted):
                return True
        return False

    def _person(self, question: Question, article: int, hits: tuple[Hit, ...]) -> str | None:
        """Who the answer is about, as the best article names them: for a speech question the
        person asked about, else the first speaker quoted (a question about no one costs no
        speech analysis)."""
        if question.speech and (question.speaker or question.speaker_is_pronoun):
            speech = self.speech(article)
            wanted = asked_person(question, speech)
            named = [name for name in speakers(speech) if wanted and same_person(name, wanted)]
            if named:
                return max(named, key=len)
            if wanted:
                return wanted
        for hit in hits[:1]:
            for part in hit.parts:
                if part.speaker:
                    return part.speaker
        return None

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

    def _speaker_found(self, question: Question, candidates: list[Candidate]) -> bool:
        """Whether the person a "what did X say about Y" question names may be quoted on Y.

        Saying "X is not quoted about Y" when X is quoted misinforms, so it is said only when
        no candidate passage has X speaking on Y, none of the best names X on Y (X may speak
        there in a way the speech analysis missed, or be a description such as "the lib dem
        treasury spokesman"), and no article among the best quotes X at all (X may speak on Y
        there in words the topic check missed).
        """
        if any(candidate.by_speaker for candidate in candidates):
            return True
        speaker = question.speaker
        if not speaker:
            return True
        names = [item.term for item in question.terms if item.source == "speaker"]
        head = candidates[: self.ranker.settings.rerank_depth]
        analyzer = self.index.analyzer
        if names and any(
            names[-1] in analyzer.terms(self.index.passage(candidate.passage).text)
            and self.ranker.on_topic(question, candidate.passage)
            for candidate in head
        ):
            return True  # named on the topic: perhaps in words the speech analysis missed
        surname = speaker.split()[-1].casefold()[:5]
        for number in dict.fromkeys(candidate.article for candidate in head):
            if surname not in self.index.article(number).text.casefold():
                continue
            speech = self.speech(number)
            wanted = asked_person(question, speech) or speaker
            if any(same_person(name, wanted) for name in speakers(speech)):
                return True
        return False

    def _span_text(self, span: HitSpan) -> str:
        first = self.index.passage(span.first)
        last = self.index.passage(span.last) if span.last != span.first else first
        return first.article.text[first.start : last.end]

    def _closest_titles(self, candidates: list[Candidate]) -> tuple[str, ...]:
        titles: dict[str, None] = {}
        for candidate in candidates:
            titles.setdefault(self.index.article(candidate.article).title, None)
            if len(titles) == 3:
                break
        return tuple(titles)
