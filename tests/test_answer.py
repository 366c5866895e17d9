"""Answers on real articles: the seed article, and the BBC corpus when ../shared is present."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from newsbot.answering.pipeline import Answerer
from newsbot.app.library import open_index
from newsbot.render.json import render_answer
from newsbot.render.wording import nothing_found_reason
from tests.conftest import SEED_CORPUS, index_of, needs_shared, shared

YOUNG_PEOPLE = "I place great hopes on our young people"


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    index = open_index(SEED_CORPUS, tmp_path_factory.mktemp("ix")).index
    return Answerer(index)


def test_seed_question_quotes_the_young_people_passage(seed: Answerer) -> None:
    answer = seed.ask("What did he say about youth?")
    hit = answer.hits[0]
    assert YOUNG_PEOPLE in hit.text, [hit.text[:60] for hit in answer.hits]
    assert hit.source.outlet == "Kazakhtan 2050"
    assert hit.source.title.startswith("I would like to note that the double power")
    for shown in answer.hits:
        assert "Skip to Content" not in shown.text + shown.source.title
        assert "Source:" not in shown.text


def test_hits_quote_the_article_exactly(seed: Answerer) -> None:
    article_text = next(seed.index.articles()).text
    for hit in seed.ask("election program party", k=5).hits:
        assert hit.text in article_text
        assert hit.text == hit.text.strip()
        # The quote is the article's own sentences; "…" only marks where it was cut.
        for segment in hit.quote.split("…"):
            assert segment.strip() in hit.text


def test_highlights_mark_the_matched_words(seed: Answerer) -> None:
    hit = seed.ask("youth", k=1).hits[0]
    marked = {hit.quote[start:end].casefold() for start, end in hit.highlights}
    assert marked and marked <= {"youth", "young"}  # "young" is a weighted variant of "youth"


def test_scores_descend_and_ranks_count_from_one(seed: Answerer) -> None:
    hits = seed.ask("president party election youth", k=5).hits
    assert [hit.rank for hit in hits] == list(range(1, len(hits) + 1))
    assert all(a.score >= b.score for a, b in itertools.pairwise(hits))


@pytest.mark.parametrize(
    ("question", "reason"),
    [
        ("quantum chromodynamics", "No article mentions “quantum”, “chromodynamics”."),
        ("What is it?", "no words to search for"),
        ("?!…", "no words to search for"),
        ("😀😀😀", "no words to search for"),
    ],
)
def test_nothing_found_is_honest(seed: Answerer, question: str, reason: str) -> None:
    answer = seed.ask(question)
    assert not answer.found
    assert reason in nothing_found_reason(answer)


def test_hostile_and_huge_questions_are_handled(seed: Answerer) -> None:
    answer = seed.ask("youth\x00<b>&amp;</b>" + " youth" * 50_000)
    assert answer.notice is not None and "shortened" in answer.notice
    assert answer.found


def test_partly_known_question_still_answers(seed: Answerer) -> None:
    answer = seed.ask("youth education independence election campaign xyzzyplugh")
    assert answer.found
    assert answer.unknown_words == ()


def test_one_article_corpus_refuses_only_questions_matching_nothing(seed: Answerer) -> None:
    assert seed.ask("Which program runs until 2030?").found  # "runs" is not in the article
    answer = seed.ask("How much did Google pay for YouTube?")
    assert not answer.found
    assert answer.unknown_words == ("Google", "pay", "YouTube")


@needs_shared("bbc-news", "bbc-news.jsonl")
def test_bbc_answers_find_the_gold_article(tmp_path: Path) -> None:
    """Plain BM25 over the BBC corpus should find most public questions' articles in its top 3."""
    answerer = Answerer(open_index(shared("bbc-news", "bbc-news.jsonl"), tmp_path).index)
    questions = [
        json.loads(line)
        for line in shared("..", "eval", "questions.jsonl").read_text().splitlines()
    ]
    answerable = [q for q in questions if q["gold"]]
    found = 0
    for question in answerable:
        hits = answerer.ask(question["question"]).hits
        found += any(hit.article_id in question["gold_article"] for hit in hits)
    assert found / len(answerable) >= 0.6


def test_speech_is_analysed_only_where_a_quote_can_be_signed(tmp_path: Path) -> None:
    """A hit's speaker comes from its article's speech analysis, which costs far more than the
    rest of quoting; a span whose paragraphs hold no quote mark cannot be signed, so answering
    from it analyses nothing."""
    filler = [
        "Rain fell across the northern valleys on Tuesday.",
        "The library extended its opening hours for students.",
        "A new bridge opened to traffic after two years of work.",
        "Local bakers reported rising flour prices this winter.",
        "The museum displayed a collection of ancient coins.",
        "Farmers in the south planted more barley than last year.",
    ]
    records = [
        {
            "id": "plain",
            "title": "Harbour dredging",
            "text": "The harbour dredging began on Monday.\n\nBarges removed silt.",
        },
        {
            "id": "quoted",
            "title": "Orchard harvest",
            "text": '"The orchard harvest was the best in years," Mary Jones said.\n\n'
            "Apples filled the barns.",
        },
    ] + [{"id": f"filler-{n}", "title": "", "text": text} for n, text in enumerate(filler)]
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    answerer = Answerer(open_index(corpus, tmp_path / "ix").index)

    plain = answerer.ask("harbour dredging", k=1).hits[0]
    assert plain.article_id == "plain" and plain.speaker is None
    assert answerer.speech.cache_info().currsize == 0
    quoted = answerer.ask("orchard harvest", k=1).hits[0]
    assert quoted.article_id == "quoted" and quoted.speaker == "Mary Jones"
    assert answerer.speech.cache_info().currsize == 1


# --- A year in the question is a constraint --------------------------------------------------

CONTESTS = {
    "market2019.txt": "Shares end 2019 higher\n\nShares ended 2019 higher as oil prices fell.\n",
    "eurovision.txt": "Sweden wins Eurovision\n\nSweden won the Eurovision Song Contest 2019 in "
    "Tel Aviv, with the Netherlands second.\n",
    "budget.txt": "Budget for 2021 agreed\n\nThe council agreed its budget for 2021, with more "
    "for roads.\n",
    "choir.txt": "Choir festival returns\n\nThe national choir festival returns in 2021, and a "
    "Swedish composer opens it.\n",
    **{
        f"other{number}.txt": f"Market report {number}\n\nShares rose on day {number} as oil "
        "prices fell.\n"
        for number in range(6)
    },
}


@pytest.fixture(scope="module")
def contests(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    return Answerer(index_of(tmp_path_factory, CONTESTS))


def test_holding_says_which_articles_contain_a_term(contests: Answerer) -> None:
    index = contests.index
    numbers = np.arange(index.article_count, dtype=np.int64)
    for term in ("2021", "2019", "song", "share", "swedish", "nowhere"):
        expected = [
            term in index.analyzer.terms(f"{article.title} {article.text}")
            for article in index.articles()
        ]
        assert index.holding(term, numbers).tolist() == expected, term
        assert index.holding(term, numbers[::-2]).tolist() == expected[::-2], term


def test_a_year_the_answer_does_not_mention_is_nothing_found(contests: Answerer) -> None:
    """The corpus has the 2019 contest and other news of 2021: neither answers for 2021."""
    answer = contests.ask("who won the eurovision song contest 2021")
    assert not answer.found
    assert answer.missing_years == ("2021",)
    assert nothing_found_reason(answer) == "The articles that match do not mention 2021."
    assert answer.closest_titles[0] == "Sweden wins Eurovision"
    data = json.loads(render_answer(answer))
    assert data["hits"] == [] and data["missing_years"] == ["2021"]


def test_the_year_the_article_mentions_answers(contests: Answerer) -> None:
    answer = contests.ask("who won the eurovision song contest 2019")
    assert answer.hits[0].article_id == "eurovision.txt"
    assert answer.missing_years == ()
    assert len(answer.hits) == 1  # not the other articles of 2019, nor the other contests


def test_without_a_year_the_contest_answers(contests: Answerer) -> None:
    answer = contests.ask("who won the eurovision song contest")
    assert answer.hits[0].article_id == "eurovision.txt"


def test_a_year_alone_is_searched(contests: Answerer) -> None:
    answer = contests.ask("2021")
    assert answer.terms == ("2021",)
    assert {hit.article_id for hit in answer.hits} == {"budget.txt", "choir.txt"}


@needs_shared("nerel-ru-wikinews", "nerel-ru-wikinews.jsonl")
def test_russian_years_filter_answers(tmp_path: Path) -> None:
    """Russian Wikinews (NEREL) has no Eurovision 2021 and no 2023 earthquake in Turkey, but
    does have the 2018 Fields Medal."""
    corpus = shared("nerel-ru-wikinews", "nerel-ru-wikinews.jsonl")
    answerer = Answerer(open_index(corpus, tmp_path).index)
    texts = {
        record["id"]: record["text"]
        for record in map(json.loads, corpus.read_text(encoding="utf-8").splitlines())
    }
    for question in (
        "кто победил на евровидении 2021",
        "Сколько человек погибло при землетрясении в Турции в феврале 2023 года?",
    ):
        assert not answerer.ask(question).found, question
    hits = answerer.ask("кто ещё получил филдсовскую премию в 2018 году кроме Биркара?").hits
    assert hits and all("2018" in texts[hit.article_id] for hit in hits)
