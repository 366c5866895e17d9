"""Answers on real articles: the seed article, and the BBC corpus when ../shared is present."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from newsbot.answer import Answerer
from newsbot.library import open_index
from tests.conftest import SEED_CORPUS, needs_shared, shared

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
    assert reason in answer.nothing_found_reason


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
    assert answerer.ranker.speech.cache_info().currsize == 0
    quoted = answerer.ask("orchard harvest", k=1).hits[0]
    assert quoted.article_id == "quoted" and quoted.speaker == "Mary Jones"
    assert answerer.ranker.speech.cache_info().currsize == 1
