"""The cheap pre-checks that let ranking and quoting skip speech analysis must never rule out a
span that the full analysis finds speech in: a false "no" would silently drop a speaker bonus or
a quote's speaker. Checked on the seed article, on every attribution form, and on generated
text. On real corpora `may_hold_speech` ruled out 29% of BBC, 27% of Russian Wikinews and 18%
of Reuters passages, missing none; `may_overlap_quotation` ruled out 72% of the passages,
sentences and random spans of all three (191,095 of 266,548), missing none, as it must: it
follows from how quote marks are paired."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbot.corpus.txt import read_txt
from newsbot.speech import analyse_speech, may_hold_speech, may_overlap_quotation
from newsbot.text.passages import split_passages
from tests.conftest import SEED_CORPUS

SEED = SEED_CORPUS / "kazakhstan-nazarbayev-nur-otan-election-headquarters.txt"


def holds_speech(text: str) -> bool:
    speech = analyse_speech(text)
    return bool(speech.quotations or speech.reports)


def test_every_seed_passage_with_speech_passes_the_hint() -> None:
    article = read_txt(SEED, "seed", "seed")
    speech = analyse_speech(article.text, article.title)
    with_speech = 0
    for start, end in split_passages(article.text):
        if speech.speakers_in(start, end) or speech.reported_speech_in(start, end):
            with_speech += 1
            assert may_hold_speech(article.text[start:end])
    assert with_speech >= 3


@pytest.mark.parametrize(
    "text",
    [
        '"We will win," Smith said.',
        "“We will win,” said the minister.",
        "Mr Smith said the plan would fail.",
        "According to John Smith, exports fell.",
        "John Smith told reporters that exports fell.",
        "John Smith warned of a crisis, adding that prices would rise.",
        "«Мы победим», — сказал министр.",
        "По словам Ивана Петрова, экспорт снизился.",
        "Владимир Путин заявил, что экспорт снизился.",
    ],
)
def test_speech_in_any_form_passes(text: str) -> None:
    assert holds_speech(text)
    assert may_hold_speech(text)


@pytest.mark.parametrize(
    "text",
    [
        "The bank raised rates by half a point on Tuesday.",
        "Shares in the company fell 5% after the results.",
        "He called it 'a disaster' on Monday.",
        "Экспорт в октябре снизился на пять процентов.",
        "",
    ],
)
def test_narration_is_ruled_out(text: str) -> None:
    assert not may_hold_speech(text)


def test_verbs_count_only_as_whole_words() -> None:
    assert not may_hold_speech("The saidi dynasty and the toldo awning.")
    assert may_hold_speech("SAID the chairman.")


_WORDS = st.sampled_from(
    "the minister Smith Mr Jones she he they report exports fell rose plan would fail prices "
    "said told warned added according to claimed insisted saying that , . : — « » “ ” \" ' "
    "Путин заявил сказал словам по министр экспорт и но".split()
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, max_size=40))
def test_no_generated_text_with_speech_is_ruled_out(words: list[str]) -> None:
    text = " ".join(words)
    if holds_speech(text):
        assert may_hold_speech(text)


def quoted_in(text: str, start: int, end: int) -> bool:
    """Whether a quotation the analysis finds overlaps text[start:end]."""
    return any(q.start < end and start < q.end for q in analyse_speech(text).quotations)


def test_every_seed_span_with_a_quotation_passes_the_quote_check() -> None:
    article = read_txt(SEED, "seed", "seed")
    speech = analyse_speech(article.text, article.title)
    text = article.text
    spans = list(split_passages(text)) + [(k, k + 40) for k in range(0, len(text), 97)]
    quoted = ruled_out = 0
    for start, end in spans:
        if any(q.start < end and start < q.end for q in speech.quotations):
            quoted += 1
            assert may_overlap_quotation(text, start, end), text[start:end]
        elif not may_overlap_quotation(text, start, end):
            ruled_out += 1
    assert quoted >= 3 and ruled_out >= 3


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        # the quoted words are in the span, the marks are not
        ('"We will win the vote on Monday," Smith said.', 5, 20),
        # a paragraph that continues a quotation opens with a quote mark (newswire style)
        ('Smith said: "We will win.\n\n"And we will win again," he added.', 30, 50),
        # a line break inside a paragraph does not end it
        ("Smith said: “We will\nwin the vote on Monday,” and left.", 21, 30),
        ("Smith said: ‘we will win the vote’ and left.", 15, 25),
        ("«Мы победим на выборах», — сказал министр.", 3, 10),
    ],
)
def test_a_quotation_reaching_the_span_passes(text: str, start: int, end: int) -> None:
    assert quoted_in(text, start, end)
    assert may_overlap_quotation(text, start, end)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ('Prices rose.\n\n"We will win," Smith said.', 0, 12),
        ("Smith said prices would rise.", 0, 29),
        ("", 0, 0),
    ],
)
def test_paragraphs_without_quote_marks_are_ruled_out(text: str, start: int, end: int) -> None:
    assert not may_overlap_quotation(text, start, end)


_QUOTING = st.sampled_from(
    'the minister Smith Mr Jones she he they said told added . , : — « » “ ” " ‘ ’ \n \n\n'.split(
        " "
    )
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_QUOTING, max_size=40), st.integers(0, 200), st.integers(1, 60))
def test_no_generated_span_with_a_quotation_is_ruled_out(
    words: list[str], start: int, length: int
) -> None:
    text = " ".join(words)
    start = min(start, len(text))
    end = min(start + length, len(text))
    if quoted_in(text, start, end):
        assert may_overlap_quotation(text, start, end)
