"""The words searched, shown where a correction changed them: "Searched for: blair election" in
the terminal, as an italic line above the hits on Telegram, and as "searched" in JSON."""

from __future__ import annotations

import json

from rich.console import Console

from newsbot.answering.models import Answer, Hit, Source
from newsbot.render.json import render_answer as render_json
from newsbot.render.telegram import answer_pages
from newsbot.render.terminal import render_answer as render_terminal
from tests.support.telegram_html import assert_valid_message, visible_text

HIT = Hit(
    rank=1,
    score=1.0,
    passage_id="blair-1#1",
    article_id="blair-1",
    source=Source("Blair sets out election plans", "BBC", "2005-03-01", None),
    text="Tony Blair said the general election would be fought on the economy.",
    quote="Tony Blair said the general election would be fought on the economy.",
    highlights=((5, 10), (28, 36)),
)
CORRECTED = Answer(
    question="waht did blair say about teh elction",
    terms=("blair",),
    hits=(HIT,),
    suggestions=(("elction", "election"),),
    searched=("blair", "election"),
)
AS_TYPED = Answer(question="what did blair say about the election", terms=("blair",), hits=(HIT,))


def terminal(answer: Answer) -> str:
    console = Console(width=100, record=True, color_system=None)
    console.print(render_terminal(answer))
    return console.export_text()


def test_terminal_shows_the_words_searched_only_after_a_correction() -> None:
    assert "Searched for: blair election" in terminal(CORRECTED)
    assert "Searched for" not in terminal(AS_TYPED)


def test_telegram_shows_them_in_italics_above_the_hits() -> None:
    page = answer_pages(CORRECTED, per_page=3)[0]
    assert_valid_message(page.html)
    assert page.html.startswith("<i>Searched for: blair election</i>\n\n<blockquote>")
    assert visible_text(page.html) == page.plain
    assert "Searched for" not in answer_pages(AS_TYPED, per_page=3)[0].html


def test_telegram_escapes_the_words_searched() -> None:
    answer = Answer("q", ("q",), (HIT,), searched=("<b>m&s</b>",))
    page = answer_pages(answer, per_page=3)[0]
    assert_valid_message(page.html)
    assert "<i>Searched for: &lt;b&gt;m&amp;s&lt;/b&gt;</i>" in page.html


def test_json_lists_the_words_searched() -> None:
    assert json.loads(render_json(CORRECTED))["searched"] == ["blair", "election"]
    assert json.loads(render_json(AS_TYPED))["searched"] == []
