"""Ranking and selecting answers: BM25 candidates best first, neighbouring passages merged, one
article kept from crowding out the others, and honest refusals. On the seed article, on the
synthetic corpus, on small corpora written here, and on the BBC corpus when ../shared is
present."""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from pathlib import Path

import pytest

from newsbot.answering.pipeline import Answerer
from newsbot.answering.question import Question, analyse_question
from newsbot.answering.ranking import Candidate, Ranker, RankingSettings
from newsbot.answering.selection import HitSpan, Selector
from newsbot.app.library import open_index
from newsbot.index import accelerate
from newsbot.index.news_index import NewsIndex
from newsbot.index.scorer import KERNEL_MIN_DOCUMENTS
from newsbot.render.wording import nothing_found_reason
from tests.conftest import REPO, needs_shared, shared
from tests.support.synthetic import write_corpus

BBC = ("bbc-news", "bbc-news.jsonl")
SEED_QUESTIONS = [
    "youth",
    "What did he say about youth?",
    "election program party",
    "housing construction infrastructure",
    "double power country",
    "how many youth",
]
SYNTHETIC_QUESTIONS = [
    "president election",
    "football match season club",
    "bank profit shares market",
    "What did the minister say about the economy?",
    "how many students at the university",
]


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> NewsIndex:
    corpus = tmp_path_factory.mktemp("synthetic")
    write_corpus(corpus / "articles.jsonl")
    return open_index(corpus, tmp_path_factory.mktemp("ix")).index


@pytest.fixture(scope="module")
def bbc(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    return Answerer(open_index(shared(*BBC), tmp_path_factory.mktemp("ix")).index)


def matching_passages(index: NewsIndex, terms: Sequence[str]) -> set[int]:
    """Passages whose text or article title (indexed with every passage) has one of `terms`."""
    wanted = set(terms)
    found = set()
    for number in range(index.passage_count):
        passage = index.passage(number)
        analysed = index.analyzer.terms(passage.text + "\n" + passage.article.title)
        if wanted & set(analysed):
            found.add(number)
    return found


def select(
    ranker: Ranker, candidates: list[Candidate], k: int, question: Question
) -> list[HitSpan]:
    """The answers `ranker`'s settings would select from its candidates."""
    return Selector(ranker.index, ranker.settings).select(candidates, k, question)


def check_spans(
    index: NewsIndex, spans: list[HitSpan], candidates: list[Candidate], k: int, most: int
) -> None:
    """What every selection must be: at most k answers, best first, each consecutive passages of
    one article that were all candidates, none shared between answers."""
    assert 0 < len(spans) <= k
    assert all(a.score >= b.score for a, b in itertools.pairwise(spans))
    by_passage = {candidate.passage: candidate for candidate in candidates}
    used: set[int] = set()
    for span in spans:
        assert span.first <= span.last
        assert span.last - span.first + 1 <= most
        for number in range(span.first, span.last + 1):
            assert number in by_passage
            assert by_passage[number].article == span.article
            assert index.passage(number).article_number == span.article
            assert number not in used
            used.add(number)


# --- Candidates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("question", SEED_QUESTIONS)
def test_seed_candidates_best_first_and_only_matching(seed: NewsIndex, question: str) -> None:
    analysed = analyse_question(question, seed)
    candidates = Ranker(seed).rank(analysed, 100)
    assert candidates
    assert all(a.score >= b.score for a, b in itertools.pairwise(candidates))
    assert all(candidate.score > 0 for candidate in candidates)
    weights = {term for term, weight in analysed.weights().items() if weight > 0}
    assert {candidate.passage for candidate in candidates} == matching_passages(seed, weights)


def test_seed_youth_ranks_the_young_people_passage_first(seed: NewsIndex) -> None:
    candidates = Ranker(seed).rank(analyse_question("What did he say about youth?", seed), 10)
    assert "I place great hopes on our young people" in seed.passage(candidates[0].passage).text
    # Only the three passages that say "youth" or "young".
    assert sorted(candidate.passage for candidate in candidates) == [1, 2, 4]


@pytest.mark.parametrize("question", SYNTHETIC_QUESTIONS)
def test_synthetic_candidates_best_first_and_only_matching(
    synthetic: NewsIndex, question: str
) -> None:
    analysed = analyse_question(question, synthetic)
    ranker = Ranker(synthetic)
    candidates = ranker.rank(analysed, 50)
    matching = matching_passages(synthetic, analysed.weights())
    assert len(candidates) == min(50, len(matching))
    assert {candidate.passage for candidate in candidates} <= matching
    assert all(candidate.score > 0 for candidate in candidates)
    assert all(
        (-a.score, a.passage) <= (-b.score, b.passage) for a, b in itertools.pairwise(candidates)
    )
    for candidate in candidates:
        assert candidate.article == synthetic.passage(candidate.passage).article_number
        assert 0 <= candidate.article_score <= 1
    # A shallower ranking is the start of a deeper one.
    assert ranker.rank(analysed, 5) == candidates[:5]


def test_question_without_known_words_has_no_candidates(seed: NewsIndex) -> None:
    ranker = Ranker(seed)
    assert ranker.rank(analyse_question("xyzzyplugh frobnitz", seed), 10) == []
    assert ranker.rank(analyse_question("What is it?", seed), 10) == []


# --- Merging neighbours -------------------------------------------------------------------------


def test_seed_neighbouring_passages_are_one_hit(seed: NewsIndex) -> None:
    question = analyse_question("What did he say about youth?", seed)
    ranker = Ranker(seed)
    candidates = ranker.rank(question, 30)
    spans = select(ranker, candidates, 3, question)
    assert spans[0] == HitSpan(0, 1, 2, candidates[0].score)
    assert [(span.first, span.last) for span in spans] == [(1, 2), (4, 4)]
    check_spans(seed, spans, candidates, 3, RankingSettings().max_merged_passages)
    hit = Answerer(seed).ask("What did he say about youth?").hits[0]
    assert hit.passage_id.endswith("#2-3")


@pytest.mark.parametrize("most", [1, 2, 3, 4])
def test_merged_hits_are_bounded(seed: NewsIndex, most: int) -> None:
    question = analyse_question("election program party", seed)
    ranker = Ranker(seed, RankingSettings(max_merged_passages=most))
    candidates = ranker.rank(question, 30)
    assert len(candidates) == seed.passage_count  # every passage matches
    spans = select(ranker, candidates, 3, question)
    check_spans(seed, spans, candidates, 3, most)
    # A passage joins the first span it touches; spans are never joined to each other, so with
    # room for four the article's seven passages still come as 3 + 3 + 1 (passages 5-7, 1-3, 4).
    assert max(span.last - span.first + 1 for span in spans) == min(most, 3)


def test_default_merge_is_two_passages(seed: NewsIndex) -> None:
    assert RankingSettings().max_merged_passages == 2
    question = analyse_question("election program party", seed)
    ranker = Ranker(seed)
    spans = select(ranker, ranker.rank(question, 30), 3, question)
    assert [(span.first, span.last) for span in spans] == [(5, 6), (0, 1), (3, 4)]


def test_merging_can_be_switched_off(seed: NewsIndex) -> None:
    question = analyse_question("What did he say about youth?", seed)
    ranker = Ranker(seed, RankingSettings(merge_neighbours=False))
    candidates = ranker.rank(question, 30)
    spans = select(ranker, candidates, 3, question)
    assert all(span.first == span.last for span in spans)
    assert [span.first for span in spans] == [candidate.passage for candidate in candidates[:3]]


@pytest.mark.parametrize("question", SYNTHETIC_QUESTIONS)
@pytest.mark.parametrize("k", [1, 3, 5])
def test_synthetic_selection(synthetic: NewsIndex, question: str, k: int) -> None:
    analysed = analyse_question(question, synthetic)
    ranker = Ranker(synthetic)
    candidates = ranker.rank(analysed, k * 10)
    spans = select(ranker, candidates, k, analysed)
    assert len(spans) == k
    check_spans(synthetic, spans, candidates, k, RankingSettings().max_merged_passages)


# --- One article must not crowd out the others --------------------------------------------------

FILLER = (
    "The council met on Tuesday to discuss the budget for road repairs and the new library "
    "opening hours. Residents asked about parking fees near the station and the timetable for "
    "the autumn festival. Officials promised a written reply within a month and said volunteers "
    "would help with the preparations for the market day in the old square. A local baker "
    "offered free bread for the helpers, and the choir agreed to sing at the opening of the new "
    "bridge over the river next spring if the weather allows it."
)
GLACIER = (
    "Scientists measured how fast the glacier is losing ice this summer. The glacier melt has "
    "doubled since the last survey, and the melt water now floods the valley every August. "
    "Guides say the ice cave near the hut collapsed after weeks of heat. Hikers were told to keep "
    "away from the lower slopes, where rocks fall more often as the ground thaws, and the "
    "mountain railway now runs extra trains for visitors who want to see it."
)
NORWAY = (
    "Researchers in Norway recorded glacier melt on the western ice field. The melt was the "
    "fastest in a decade and the glacier lost several metres of thickness near its tongue. The "
    "council met on Tuesday to discuss the budget for road repairs and the new library opening "
    "hours. Residents asked about parking fees near the station."
)
ALPINE_TITLE = "Alpine summer heat"


def write_glacier_corpus(path: Path, norway_fillers: int) -> Path:
    """One long article about Alpine heat whose 1st, 3rd, 5th and 7th passages are about glacier
    melt (separated by unrelated passages, so they are not merged); a Norwegian article with one
    passage about it that scores a little below them, followed by `norway_fillers` unrelated
    paragraphs (the more there are, the less the article as a whole is about glacier melt); and
    ten unrelated articles, so that the words are rare enough to count."""
    path.mkdir()
    alpine = [GLACIER if number % 2 == 0 else FILLER for number in range(7)]
    (path / "alpine.txt").write_text(ALPINE_TITLE + "\n\n" + "\n\n".join(alpine) + "\n")
    norway = [NORWAY] + [FILLER] * norway_fillers
    (path / "norway.txt").write_text("Ice field in Norway\n\n" + "\n\n".join(norway) + "\n")
    for number in range(10):
        (path / f"other-{number}.txt").write_text(
            f"Town news {number}\n\nReporters said item {number} was discussed. {FILLER}\n"
        )
    return path


def glacier_ranking(
    tmp_path: Path, norway_fillers: int, settings: RankingSettings | None = None
) -> tuple[NewsIndex, Ranker, list[Candidate]]:
    corpus = write_glacier_corpus(tmp_path / "corpus", norway_fillers)
    index = open_index(corpus, tmp_path / "ix").index
    ranker = Ranker(index, settings)
    return index, ranker, ranker.rank(analyse_question("glacier melt", index), 30)


def articles_of(index: NewsIndex, spans: list[HitSpan]) -> list[str]:
    return [index.article(span.article).id for span in spans]


def test_third_passage_of_one_article_does_not_crowd_out_another(tmp_path: Path) -> None:
    index, ranker, candidates = glacier_ranking(tmp_path, norway_fillers=1)
    ranked = [index.article(candidate.article).id for candidate in candidates]
    # By score alone the Alpine article has the four best passages, Norway's comes fifth …
    assert ranked == ["alpine.txt"] * 4 + ["norway.txt"]
    # … and the Norwegian article is nearly as much about it, so none dominates.
    norway = candidates[4]
    assert norway.article_score >= RankingSettings().dominance
    spans = select(ranker, candidates, 3, analyse_question("glacier melt", index))
    assert articles_of(index, spans) == ["alpine.txt", "alpine.txt", "norway.txt"]
    assert spans[2].score == norway.score
    # The Alpine article's third passage was marked down by the same-article factor.
    everything = select(ranker, candidates, 5, analyse_question("glacier melt", index))
    assert everything[3].article == candidates[2].article
    assert everything[3].score == pytest.approx(
        candidates[2].score * RankingSettings().same_article_factor
    )


def test_a_dominant_article_may_fill_the_answer(tmp_path: Path) -> None:
    index, ranker, candidates = glacier_ranking(tmp_path, norway_fillers=3)
    question = analyse_question("glacier melt", index)
    norway = next(c for c in candidates if index.article(c.article).id == "norway.txt")
    # The Alpine article scores far above the Norwegian one as a whole …
    assert norway.article_score < RankingSettings().dominance
    # … so its third passage is not marked down: it keeps the place it has by score, although
    # marked down it would have fallen below the Norwegian passage.
    assert norway.score > candidates[2].score * RankingSettings().same_article_factor
    spans = select(ranker, candidates, 3, question)
    assert articles_of(index, spans) == ["alpine.txt"] * 3
    # Without dominance (no article can be that far above the others) the Norwegian one is in.
    fair = select(Ranker(index, RankingSettings(dominance=0.0)), candidates, 3, question)
    assert articles_of(index, fair) == ["alpine.txt", "alpine.txt", "norway.txt"]


def test_dominance_threshold_decides(tmp_path: Path) -> None:
    """The same corpus as in the crowding test: with a threshold above the Norwegian article's
    share, the Alpine article counts as dominant and fills the answer."""
    index, _, candidates = glacier_ranking(tmp_path, norway_fillers=1)
    share = next(c.article_score for c in candidates if c.article != candidates[0].article)
    question = analyse_question("glacier melt", index)
    lenient = Ranker(index, RankingSettings(dominance=share + 0.05))
    assert articles_of(index, select(lenient, candidates, 3, question)) == ["alpine.txt"] * 3
    strict = Ranker(index, RankingSettings(dominance=share - 0.05))
    assert articles_of(index, select(strict, candidates, 3, question)) == [
        "alpine.txt",
        "alpine.txt",
        "norway.txt",
    ]


def test_question_naming_the_article_may_fill_the_answer(tmp_path: Path) -> None:
    index, ranker, candidates = glacier_ranking(tmp_path, norway_fillers=1)
    naming = analyse_question("glacier melt in the alpine summer heat", index)
    assert set(index.analyzer.terms(ALPINE_TITLE)) <= set(naming.own_terms)
    # The same candidates: only the question's naming the article differs.
    spans = select(ranker, candidates, 3, naming)
    assert articles_of(index, spans) == ["alpine.txt"] * 3
    # Half of the title's words are enough; fewer are not.
    half = analyse_question("glacier melt alpine heat", index)
    assert articles_of(index, select(ranker, candidates, 3, half)) == ["alpine.txt"] * 3
    third = analyse_question("glacier melt alpine", index)
    assert articles_of(index, select(ranker, candidates, 3, third))[-1] == "norway.txt"


def test_answers_keep_the_other_article(tmp_path: Path) -> None:
    corpus = write_glacier_corpus(tmp_path / "corpus", norway_fillers=1)
    answer = Answerer(open_index(corpus, tmp_path / "ix").index).ask("What about glacier melt?")
    assert [hit.article_id for hit in answer.hits] == ["alpine.txt", "alpine.txt", "norway.txt"]
    assert "Norway" in answer.hits[2].quote


# --- Answers and refusals -----------------------------------------------------------------------


def test_seed_answers_youth(seed: NewsIndex) -> None:
    answer = Answerer(seed).ask("What did he say about youth?")
    assert answer.found
    assert answer.terms == ("youth",)


def test_seed_refuses_a_question_whose_words_it_does_not_know(seed: NewsIndex) -> None:
    answer = Answerer(seed).ask("What did Elon Musk say about Twitter?")
    assert not answer.found
    assert answer.unknown_words == ("Elon", "Musk", "Twitter")
    assert answer.terms == ()
    # Nothing matched at all, so there is no article to call the closest.
    assert answer.closest_titles == ()
    assert "No article mentions “Elon”, “Musk”, “Twitter”." in nothing_found_reason(answer)


def test_seed_one_article_corpus_answers_what_it_partly_knows(seed: NewsIndex) -> None:
    """Below ConfidenceSettings().min_articles a missing word says little: a question with any
    known word is answered, although most of its information is missing."""
    answerer = Answerer(seed)
    assert seed.article_count < answerer.confidence.settings.min_articles
    analysed, _ = answerer.analyse("Elon Musk and the election")
    best = answerer.ranker.rank(analysed, 10)[0]
    missing, _ = answerer.confidence_signals(analysed, best)
    assert missing > answerer.confidence.settings.missing_share
    assert answerer.ask("Elon Musk and the election").found
    # Asked as "what did Elon Musk say", the passages are shown as other people's words on it:
    # Musk is not in the corpus, so he is not quoted about the election.
    said = answerer.ask("What did Elon Musk say about the election?")
    assert said.hits and not said.found
    assert said.speaker_found is False and said.asked_speaker == "Elon Musk"


@pytest.mark.parametrize(
    "question",
    ["president xyzzyplugh frobnitz", "What did the minister say about xyzzyplugh?"],
)
def test_refusal_offers_the_closest_titles(synthetic: NewsIndex, question: str) -> None:
    answerer = Answerer(synthetic)
    assert synthetic.article_count >= answerer.confidence.settings.min_articles
    answer = answerer.ask(question)
    assert not answer.found
    assert "xyzzyplugh" in answer.unknown_words
    assert 1 <= len(answer.closest_titles) <= 3
    titles = {article.title for article in synthetic.articles()}
    assert set(answer.closest_titles) <= titles
    assert nothing_found_reason(answer).startswith("No article mentions “xyzzyplugh”")


def test_synthetic_answers_known_words(synthetic: NewsIndex) -> None:
    answer = Answerer(synthetic).ask("president election")
    assert answer.found
    assert len(answer.hits) == 3


@pytest.mark.parametrize(
    "question",
    [
        "What did he say about youth?",
        "youth xyzzyplugh",
        "What did Elon Musk say about the election?",
        "xyzzyplugh",
        "election program party",
        "What is it?",
    ],
)
def test_confidence_signals_are_shares(seed: NewsIndex, question: str) -> None:
    answerer = Answerer(seed)
    analysed, _ = answerer.analyse(question)
    candidates = answerer.ranker.rank(analysed, 10)
    for best in [*candidates[:3], None]:
        missing, coverage = answerer.confidence_signals(analysed, best)
        assert 0 <= missing <= 1
        assert 0 <= coverage <= 1
        assert missing + coverage <= 1 + 1e-9
        if best is None:
            assert coverage == 0
        if not analysed.unknown:
            assert missing == 0
        elif not analysed.terms:
            assert missing == 1


def test_confidence_signals_of_a_fully_covered_question(seed: NewsIndex) -> None:
    answerer = Answerer(seed)
    analysed, _ = answerer.analyse("What did he say about youth?")
    best = answerer.ranker.rank(analysed, 10)[0]
    assert answerer.confidence_signals(analysed, best) == (0.0, 1.0)
    analysed, _ = answerer.analyse("youth xyzzyplugh")
    missing, coverage = answerer.confidence_signals(analysed, answerer.ranker.rank(analysed, 1)[0])
    assert missing == pytest.approx(1 - coverage)
    assert missing > 0.5  # an unknown word weighs as much as the rarest word there could be


@pytest.mark.parametrize("question", [*SYNTHETIC_QUESTIONS, "president xyzzyplugh frobnitz"])
def test_synthetic_confidence_signals_are_shares(synthetic: NewsIndex, question: str) -> None:
    answerer = Answerer(synthetic)
    analysed, _ = answerer.analyse(question)
    for best in answerer.ranker.rank(analysed, 5):
        missing, coverage = answerer.confidence_signals(analysed, best)
        assert 0 <= missing <= 1 and 0 <= coverage <= 1


# --- The public question set and the no-answer probes on the BBC corpus -------------------------


def read_questions(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


@needs_shared(*BBC)
@needs_shared("..", "eval", "questions.jsonl")
def test_bbc_public_questions_refused_exactly_when_unanswerable(bbc: Answerer) -> None:
    questions = read_questions(shared("..", "eval", "questions.jsonl"))
    noanswer = [q["question"] for q in questions if q["kind"] == "noanswer"]
    answerable = [q["question"] for q in questions if q["kind"] != "noanswer"]
    assert len(noanswer) == 2
    assert [q for q in noanswer if bbc.ask(str(q)).found] == []
    assert [q for q in answerable if not bbc.ask(str(q)).found] == []


@needs_shared(*BBC)
def test_bbc_no_answer_probes_are_mostly_refused(bbc: Answerer) -> None:
    probes = read_questions(REPO / "benchmarks" / "eval" / "noanswer-bbc.jsonl")
    assert len(probes) == 12
    refused = [q["question"] for q in probes if not bbc.ask(str(q["question"])).found]
    assert len(refused) >= 9, refused


@needs_shared(*BBC)
def test_bbc_refusal_names_the_unknown_words_and_the_closest_articles(bbc: Answerer) -> None:
    answer = bbc.ask("How much did Elon Musk pay for Twitter?")
    assert not answer.found
    assert {"Elon", "Musk"} <= set(answer.unknown_words)
    assert answer.closest_titles


@needs_shared(*BBC)
def test_bbc_speech_question_finds_the_speaker(bbc: Answerer) -> None:
    answer = bbc.ask(
        "What did Michael Howard say about ministers rather than judges deciding who "
        "gets put under house arrest?"
    )
    assert answer.hits[0].article_id == "bbc-politics-070"
    assert any(hit.speaker and "Howard" in hit.speaker for hit in answer.hits)


@pytest.mark.skipif(not accelerate.available(), reason="numba is not installed")
@pytest.mark.parametrize("question", SYNTHETIC_QUESTIONS)
def test_side_by_side_field_searches_rank_as_one_after_the_other(
    synthetic: NewsIndex, question: str
) -> None:
    """On a large index the article search runs in another thread while this one searches
    passages; the ranking must be the same as searching one field after the other."""
    assert accelerate.kernel() is not None
    analysed = analyse_question(question, synthetic)
    sequential = Ranker(synthetic).rank(analysed, 20)
    fields = synthetic.fields.values()
    for scorer in fields:
        scorer.kernel_min_documents = 0
    try:
        ranker = Ranker(synthetic)
        assert all(scorer.compiled() for scorer in fields)
        assert ranker.rank(analysed, 20) == sequential
        assert synthetic._side_searches is not None  # the side thread was used
    finally:
        for scorer in fields:
            scorer.kernel_min_documents = KERNEL_MIN_DOCUMENTS
