"""Quotes: the best sentences of a passage, exactly as the article writes them, on the seed
article's real passages through a real index."""

from __future__ import annotations

import itertools

import pytest

from newsbot.answering.pipeline import Answerer
from newsbot.answering.question import QuestionSettings, analyse_question
from newsbot.answering.quoting import ELLIPSIS, Quote, choose_quote
from newsbot.corpus.model import Passage
from newsbot.index.news_index import NewsIndex
from newsbot.speech import Speech, analyse_speech
from newsbot.text import Analyzer
from newsbot.text.segment import sentence_spans

YOUNG_PEOPLE = "I place great hopes on our young people"
FOUR_MILLION = (
    "The youth constitute a significant part of the population of Kazakhstan more than 4 million "
    "people."
)
QUESTIONS = [
    "What did he say about youth?",
    "election program party",
    "how many youth",
    "infrastructure housing construction in the regions",
    "double power",
    "What did Nazarbayev say about the flagman of modernization?",
    "national action Together feedback population",
    "profession occupation deficit",
]
TERMINAL = ".!?…"
CLOSING = "\"'”’»)]“"


@pytest.fixture(scope="module")
def speech(seed: NewsIndex) -> Speech:
    article = seed.article(0)
    return analyse_speech(article.text, article.title)


def passage_ranges(index: NewsIndex) -> list[tuple[Passage, Passage]]:
    """Every passage alone, and every two neighbours merged (as merged hits quote them)."""
    passages = [index.passage(number) for number in range(index.passage_count)]
    return [(p, p) for p in passages] + list(itertools.pairwise(passages))


def quote_for(
    index: NewsIndex,
    first: Passage,
    last: Passage,
    question: str,
    speech: Speech | None = None,
    answer_kinds: tuple[str, ...] | None = None,
) -> Quote:
    analysed = analyse_question(question, index)
    wanted = speech.main_person if speech and analysed.speaker_is_pronoun else analysed.speaker
    return choose_quote(
        first.article.text,
        first.start,
        last.end,
        analysed.weights(),
        index.idf,
        index.analyzer,
        speech,
        wanted,
        analysed.answer_kinds if answer_kinds is None else answer_kinds,
    )


def located_segments(text: str, quote: Quote) -> list[tuple[int, int]]:
    """Article offsets of the quote's pieces between "…", found in order from the quote's start."""
    spans = []
    position = quote.start
    for piece in quote.text.split(ELLIPSIS):
        segment = piece.strip()
        if not segment:
            continue
        found = text.find(segment, position)
        assert found >= 0, segment
        spans.append((found, found + len(segment)))
        position = found + len(segment)
    return spans


CASES = [
    pytest.param(question, number, id=f"{number}-{question[:24]}")
    for question in QUESTIONS
    for number in range(13)  # 7 passages alone and 6 merged pairs
]


@pytest.mark.parametrize(("question", "case"), CASES)
def test_quote_is_the_articles_own_text(
    seed: NewsIndex, speech: Speech, question: str, case: int
) -> None:
    first, last = passage_ranges(seed)[case]
    text = first.article.text
    quote = quote_for(seed, first, last, question, speech)
    assert first.start <= quote.start < quote.end <= last.end
    segments = located_segments(text, quote)
    assert segments
    assert segments[0][0] == quote.start
    assert segments[-1][1] == quote.end
    # "…" stands exactly where the passage was cut: before, after, and between the pieces.
    assert quote.text.startswith(ELLIPSIS + " ") == (quote.start > first.start)
    assert quote.text.endswith(" " + ELLIPSIS) == (quote.end < last.end)
    for (_, end), (start, _) in itertools.pairwise(segments):
        assert text[end:start].strip(), "adjacent sentences are joined, not separated by …"
    assert quote.text.count(ELLIPSIS) == (
        len(segments) - 1 + (quote.start > first.start) + (quote.end < last.end)
    )


@pytest.mark.parametrize(("question", "case"), CASES)
def test_sentences_are_never_cut(seed: NewsIndex, speech: Speech, question: str, case: int) -> None:
    first, last = passage_ranges(seed)[case]
    text = first.article.text
    quote = quote_for(seed, first, last, question, speech)
    sentences = sentence_spans(text, first.start, last.end)
    starts = {start for start, _ in sentences}
    ends = {end for _, end in sentences}
    for start, end in located_segments(text, quote):
        assert start in starts
        assert end in ends
        assert text[start:end].rstrip(CLOSING)[-1] in TERMINAL or end == last.end


@pytest.mark.parametrize(("question", "case"), CASES)
def test_highlights_mark_exactly_the_weighted_words(
    seed: NewsIndex, speech: Speech, question: str, case: int
) -> None:
    first, last = passage_ranges(seed)[case]
    weights = analyse_question(question, seed).weights()
    quote = quote_for(seed, first, last, question, speech)
    analyzer = seed.analyzer
    for start, end in quote.highlights:
        terms = analyzer.terms(quote.text[start:end])
        assert len(terms) == 1 and terms[0] in weights, quote.text[start:end]
    expected = {
        (token.start, token.end)
        for token in analyzer.tokens(quote.text)
        if token.term is not None and token.term in weights
    }
    assert set(quote.highlights) == expected
    assert list(quote.highlights) == sorted(quote.highlights)


def test_youth_answer_quotes_nazarbayev(seed: NewsIndex) -> None:
    hit = Answerer(seed).ask("What did he say about youth?").hits[0]
    assert YOUNG_PEOPLE in hit.quote
    assert hit.speaker == "Nursultan Nazarbayev"
    marked = {hit.quote[start:end].casefold() for start, end in hit.highlights}
    assert marked and marked <= {"young", "youth"}


def test_quote_of_at_most_three_sentences(seed: NewsIndex, speech: Speech) -> None:
    passage = seed.passage(2)  # nine sentences, most about young people
    quote = quote_for(seed, passage, passage, "young people youth independence", speech)
    text = passage.article.text
    inside = [
        span
        for span in sentence_spans(text, passage.start, passage.end)
        if quote.start <= span[0] and span[1] <= quote.end
    ]
    shown = [span for span in inside if text[span[0] : span[1]] in quote.text]
    assert 1 <= len(shown) <= 3
    assert len(quote.text.split()) <= 90 + 2 * quote.text.count(ELLIPSIS)


@pytest.mark.parametrize("number", range(7))
def test_passage_without_a_matching_word_shows_its_opening_sentence(
    seed: NewsIndex, number: int
) -> None:
    passage = seed.passage(number)
    text = passage.article.text
    first_start, first_end = sentence_spans(text, passage.start, passage.end)[0]
    for weights in ({"xyzzyplugh": 1.0}, {"teleconfer": 1.0, "interethn": 1.0, "flagman": 1.0}):
        if any(term in seed.analyzer.terms(passage.text) for term in weights):
            continue  # the passage that has the word is not the point here
        quote = choose_quote(text, passage.start, passage.end, weights, seed.idf, seed.analyzer)
        tail = " " + ELLIPSIS if first_end < passage.end else ""
        assert quote.text == text[first_start:first_end] + tail
        assert (quote.start, quote.end) == (first_start, first_end)
        assert quote.highlights == ()


def test_the_number_sentence_wins_when_the_question_asks_how_many(
    seed: NewsIndex, speech: Speech
) -> None:
    passage = seed.passage(2)
    assert FOUR_MILLION in passage.text
    plain = quote_for(seed, passage, passage, "how many youth", speech, answer_kinds=())
    asked = quote_for(seed, passage, passage, "how many youth", speech)
    assert analyse_question("how many youth", seed).answer_kinds == ("number",)
    assert FOUR_MILLION not in plain.text
    assert FOUR_MILLION in asked.text


def test_the_number_bonus_is_less_than_a_matched_word(seed: NewsIndex, speech: Speech) -> None:
    """With "young people" in the question, the three sentences saying "young people" outscore
    the one with the number (it says "youth", a variant, and "people"): the bonus for holding a
    number is half of the best term's weight, not enough to overtake them."""
    passage = seed.passage(2)
    question = "how many young people are there in Kazakhstan"
    asked = quote_for(seed, passage, passage, question, speech)
    assert asked.text.count("young people") == 3
    assert FOUR_MILLION not in asked.text
    hit = Answerer(seed).ask(question + "?").hits[0]
    assert FOUR_MILLION not in hit.quote


def test_the_quote_says_who_speaks(seed: NewsIndex, speech: Speech) -> None:
    spoken, narrated = seed.passage(2), seed.passage(0)
    assert quote_for(seed, spoken, spoken, "youth", speech).speaker == "Nursultan Nazarbayev"
    assert quote_for(seed, narrated, narrated, "headquarters", speech).speaker is None
    assert quote_for(seed, spoken, spoken, "youth", None).speaker is None


def test_abbreviations_do_not_cut_a_sentence() -> None:
    text = "The meeting was short. Mr. Smith praised the youth wing of the party. It ended at noon."
    quote = choose_quote(text, 0, len(text), {"youth": 1.0}, lambda term: 1.0, Analyzer("en"))
    assert quote.text == "… Mr. Smith praised the youth wing of the party. …"
    assert [quote.text[start:end] for start, end in quote.highlights] == ["youth"]


def test_quote_text_outside_the_passage_is_never_used() -> None:
    text = "Youth first. The youth program. Youth again. More youth news."
    start = text.index("The youth")
    end = text.index(" Youth again") + len(" Youth again.")
    quote = choose_quote(text, start, end, {"youth": 1.0}, lambda term: 1.0, Analyzer("en"))
    assert start <= quote.start and quote.end <= end
    assert "first" not in quote.text and "More" not in quote.text


def test_switched_off_variants_are_not_highlighted(seed: NewsIndex) -> None:
    answerer = Answerer(seed, questions=QuestionSettings(variant_weight=0))
    for hit in answerer.ask("youth people").hits:
        marked = {hit.quote[start:end].casefold() for start, end in hit.highlights}
        assert marked <= {"youth", "people"}, marked


def test_a_sentence_that_introduces_a_quote_brings_what_it_introduces() -> None:
    """Before: "Hewlett said of the cash machine:" was shown alone, saying that he spoke but
    not what he said."""
    text = (
        "The boys reported the flaw to the bank. Nobody believed them at first. "
        "Hewlett said of the cash machine: "
        "\n\nWe printed out how much money was inside. The bank then believed them."
    )
    quote = choose_quote(
        text, 0, len(text), {"cash": 1.0, "machine": 1.0}, lambda term: 1.0, Analyzer("en")
    )
    assert "Hewlett said of the cash machine:" in quote.text
    assert "We printed out how much money was inside." in quote.text
