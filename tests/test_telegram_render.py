"""Telegram HTML rendering: valid markup, within Telegram's limits, and nothing of a quote lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newsbot.answering.models import Answer, Hit, Source
from newsbot.answering.pipeline import Answerer
from newsbot.app.library import open_index
from newsbot.render.telegram import (
    CorpusFacts,
    answer_pages,
    help_message,
    hit_message,
    nothing_found_message,
    sources_message,
    welcome_message,
)
from newsbot.text.segment import sentence_spans
from tests.conftest import SEED_CORPUS
from tests.support.telegram_html import assert_valid_message, entity_count, visible_text

HOSTILE_PARAGRAPH = " ".join(
    f"Sentence {n} says <script>alert({n})</script> & R&D < > </b> <b>unclosed "
    f"with emoji 😀🇰🇿 and Hebrew שלום עולם and Arabic مرحبا بالعالم."
    for n in range(300)
)


def hostile_corpus(root: Path) -> Path:
    corpus = root / "hostile"
    corpus.mkdir()
    record = {
        "id": "hostile-1",
        "title": '<i>Breaking</i> & "quoted" </blockquote> news',
        "text": "A short lead about the <b>bridge</b> & the river.\n\n" + HOSTILE_PARAGRAPH,
        "source": "Evil & <Co>",
        "url": 'https://example.com/?a=1&b="2"',
        "published": "2024-05-01",
    }
    (corpus / "hostile.jsonl").write_text(json.dumps(record) + "\n")
    return corpus


@pytest.fixture(scope="module")
def seed_answerer(tmp_path_factory: pytest.TempPathFactory) -> Answerer:
    return Answerer(open_index(SEED_CORPUS, tmp_path_factory.mktemp("ix")).index)


def test_seed_answer_is_one_valid_page(seed_answerer: Answerer) -> None:
    answer = seed_answerer.ask("What did he say about youth?", k=30)
    pages = answer_pages(answer, per_page=3)
    for page in pages:
        assert_valid_message(page.html)
        assert visible_text(page.html) == page.plain
    first = pages[0]
    assert "<blockquote>" in first.html
    assert "<b>youth</b>" in first.html
    assert "Kazakhtan 2050" in first.plain
    assert "I place great hopes on our young people" in "".join(p.plain for p in pages)


def test_hostile_article_renders_valid_html_without_losing_text(tmp_path: Path) -> None:
    corpus = hostile_corpus(tmp_path)
    answerer = Answerer(open_index(corpus, tmp_path / "ix").index)
    answer = answerer.ask("sentence script emoji bridge", k=30)
    assert answer.found
    pages = answer_pages(answer, per_page=3)
    assert len(pages) > 1  # the 20,000-character paragraph cannot fit one message
    shown = ""
    for page in pages:
        assert_valid_message(page.html)
        assert visible_text(page.html) == page.plain
        assert 'href="https://example.com/?a=1&amp;b=&quot;2&quot;"' in page.html
        shown += page.plain
    for hit in answer.hits:  # every sentence of every quote is shown somewhere
        for start, end in sentence_spans(hit.quote):
            assert hit.quote[start:end] in shown
    assert "<script>alert(0)</script> & R&D" in shown
    assert "שלום עולם" in shown and "😀🇰🇿" in shown


def test_many_highlights_stay_under_the_entity_limit() -> None:
    text = " ".join(["youth"] * 400)
    highlights = tuple((i * 6, i * 6 + 5) for i in range(400))
    hit = Hit(1, 1.0, "a#1", "a", Source("T", None, None, None), text, text, highlights)
    for page in answer_pages(Answer("youth", ("youth",), (hit, hit, hit)), per_page=3):
        assert_valid_message(page.html)
        assert entity_count(page.html) <= 100


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://x", "data:text/html,<b>", ""])
def test_unsafe_urls_are_not_linked(url: str) -> None:
    hit = Hit(1, 1.0, "a#1", "a", Source("Title", "Outlet", None, url), "Text.", "Text.", ())
    page = hit_message(hit)
    assert "<a " not in page.html
    assert_valid_message(page.html)


def test_expandable_full_passage_when_the_quote_is_a_part() -> None:
    text = "First sentence about bridges. Second sentence about rivers. Third one."
    quote = "Second sentence about rivers."
    hit = Hit(
        1, 1.0, "a#1", "a", Source("T", None, None, None), text, quote, ((7, 15),), "Jane Doe"
    )
    page = hit_message(hit)
    assert_valid_message(page.html)
    assert "<blockquote expandable>" in page.html
    assert "<i>Jane Doe</i>" in page.html


def test_notice_and_nothing_found_are_valid() -> None:
    empty = Answer("<b>what</b> & who?", (), (), ("<b>what</b>",), notice="Trimmed & <cut>")
    page = nothing_found_message(empty)
    assert_valid_message(page.html)
    assert "I found nothing about" in page.plain
    assert answer_pages(empty, 3) == [page]


def test_fixed_messages_are_valid() -> None:
    facts = CorpusFacts(2089, 9777, 1, "2004-01-01", "2005-12-31")
    for message in (
        welcome_message(facts, ["What did he say about <youth>?", "R&D"], "Ann <3"),
        welcome_message(CorpusFacts(1, 7, 0, None, None), [], None),
        help_message("newsbot_test_bot", "What did <Ann> say about R&D?"),
        sources_message([], 1, 0),
    ):
        assert_valid_message(message.html)
        assert visible_text(message.html) == message.plain


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(
    quote=st.text(min_size=1, max_size=6000),
    title=st.text(min_size=1, max_size=300),
    outlet=st.none() | st.text(max_size=50),
)
def test_any_text_renders_valid_pages(quote: str, title: str, outlet: str | None) -> None:
    hit = Hit(1, 1.0, "a#1", "a", Source(title, outlet, None, None), quote, quote, ())
    pages = answer_pages(Answer("q", ("q",), (hit, hit)), per_page=3)
    for page in pages:
        if visible_text(page.html).strip():
            assert_valid_message(page.html)


@pytest.mark.parametrize(
    "quote",
    [HOSTILE_PARAGRAPH, "x" * 20_000, "😀" * 9_000, ("word " * 5000).strip()],
    ids=["sentences", "one-token", "emoji", "one-sentence"],
)
def test_a_quote_longer_than_a_message_continues_on_the_next_pages(quote: str) -> None:
    hit = Hit(1, 1.0, "a#1", "a", Source("T & <T>", "O", None, None), quote, quote, ((0, 8),))
    pages = answer_pages(Answer("q", ("q",), (hit,)), per_page=3)
    assert len(pages) > 1
    for page in pages:
        assert_valid_message(page.html)
    shown = "".join(page.plain for page in pages)
    assert shown.replace("… ", "").replace(" …", "").count("x") >= quote.count("x")
    assert sum(page.plain.count("😀") for page in pages) == quote.count("😀")
