"""Descriptions in questions resolved to the person the article names with them
(`resolve_description`, `Speech.describe`): "the scotsman journalist", "empire's reviews
editor", "the chancellor", «министр». Unsure means None: two people fitting is no answer."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from newsbot.speech import analyse_speech, resolve_description
from tests.conftest import needs_shared, shared

TEXT = (
    "Empire magazine's reviews editor Dan Jolin said the film would win. "
    "Mr MacDonell, political editor of The Scotsman, disagreed. "
    "Home Secretary Charles Clarke spoke later. "
    "Chancellor Gordon Brown met the unions on Monday.\n\n"
    '"Growth is strong," the chancellor said.'
)


@pytest.mark.parametrize(
    ("description", "person"),
    [
        ("empire's reviews editor", "Dan Jolin"),
        ("the reviews editor of Empire", "Dan Jolin"),
        ("the scotsman journalist", "Mr MacDonell"),
        ("the political editor", "Mr MacDonell"),
        ("the home secretary", "Charles Clarke"),
        ("the chancellor", "Gordon Brown"),
        ("the prime minister", None),  # nobody here is one
        ("the editor", None),  # two editors: no answer
        ("", None),
    ],
)
def test_descriptions(description: str, person: str | None) -> None:
    assert resolve_description(TEXT, description) == person
    assert analyse_speech(TEXT).describe(description) == person


def test_russian_description_allows_for_inflection() -> None:
    text = "Министр финансов Иван Петров заявил, что бюджет сбалансирован. Рынки выросли."
    assert resolve_description(text, "министра финансов") == "Иван Петров"
    assert resolve_description(text, "министр") == "Иван Петров"
    assert resolve_description(text, "президент") is None


def test_a_description_the_cue_used_counts() -> None:
    text = (
        "World number one Lindsay Davenport has criticised Wimbledon.\n\n"
        'Asked about prize money, the American said: "It is highly insulting."'
    )
    assert resolve_description(text, "the American") == "Lindsay Davenport"


@cache
def bbc() -> dict[str, dict[str, str]]:
    path: Path = shared("bbc-news", "bbc-news.jsonl")
    with path.open(encoding="utf-8") as rows:
        return {row["id"]: row for row in map(json.loads, rows)}


@needs_shared("bbc-news", "bbc-news.jsonl")
@pytest.mark.parametrize(
    ("article_id", "description", "person"),
    [
        ("bbc-politics-019", "the scotsman journalist", "Hamish MacDonell"),
        ("bbc-entertainment-352", "empire's reviews editor", "Dan Jolin"),
        ("bbc-entertainment-229", "Q magazine's reviews editor", "Ted Kessler"),
        ("bbc-politics-375", "the chancellor", "Gordon Brown"),
        ("bbc-sport-432", "the American", "Lindsay Davenport"),
    ],
)
def test_bbc_descriptions(article_id: str, description: str, person: str) -> None:
    row = bbc()[article_id]
    assert analyse_speech(row["text"], row["title"]).describe(description) == person
