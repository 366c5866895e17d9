"""`newsbot eval speakers`: precision and recall of the speaker line shown under each sentence of
a speaker set, overall, per corpus and per kind, with the errors listed in `--json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbot.cli import app
from newsbot.evaluation import evaluate_speakers, load_speaker_set, read_articles
from newsbot.evaluation.speakers import names_speaker
from tests.conftest import REPO, needs_shared, shared

runner = CliRunner()

ARTICLES = [
    {
        "id": "a1",
        "title": "Smith wins",
        "text": '"We will win this election," said John Smith. Prices rose by 5% in March. '
        "Mr Smith said that prices would fall.",
    },
    {
        "id": "a2",
        "title": "Acme results",
        "text": "Acme Corp said profits rose. The shares fell 3% on Monday.",
    },
]
ROWS = [
    ("s1", "a1", '"We will win this election," said John Smith.', "John Smith", [], "direct"),
    ("s2", "a1", "Prices rose by 5% in March.", None, [], "narration"),
    ("s3", "a1", "Mr Smith said that prices would fall.", "John Smith", ["Mr Smith"], "reported"),
    ("s4", "a2", "Acme Corp said profits rose.", "Acme Corp", ["Acme"], "reported"),
    ("s5", "a2", "The shares fell 3% on Monday.", "Acme Corp", [], "reported"),  # a miss
    ("s6", "zz", "Not in any corpus.", None, [], "narration"),
]


def write_set(tmp_path: Path) -> tuple[Path, Path]:
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(row) + "\n" for row in ARTICLES), encoding="utf-8")
    speakers = tmp_path / "speakers.jsonl"
    lines = [
        {
            "id": id_,
            "corpus": "test",
            "article_id": article,
            "lang": "en",
            "text": text,
            "speaker": speaker,
            "aliases": aliases,
            "kind": kind,
        }
        for id_, article, text, speaker, aliases, kind in ROWS
    ]
    speakers.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    return speakers, corpus


def test_precision_and_recall(tmp_path: Path) -> None:
    speakers, corpus = write_set(tmp_path)
    items = load_speaker_set(speakers)
    report = evaluate_speakers(items, read_articles([corpus], {item.article_id for item in items}))
    assert report.not_in_corpora == ["s6"]
    overall = report.overall.as_dict()
    assert (overall["lines"], overall["gold_speakers"], overall["shown"]) == (5, 4, 3)
    assert overall["correct"] == 3
    assert overall["precision"] == 1.0 and overall["recall"] == 0.75
    assert report.by_kind["narration"].recall is None
    assert [(error.item.id, error.error) for error in report.errors()] == [("s5", "missing")]


def test_cli_prints_a_table_and_json(tmp_path: Path) -> None:
    speakers, corpus = write_set(tmp_path)
    result = runner.invoke(app, ["eval", "speakers", str(speakers), "--corpus", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "Speaker evaluation" in result.output and "precision" in result.output
    result = runner.invoke(
        app, ["eval", "speakers", str(speakers), "--corpus", str(corpus), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["overall"]["recall"] == 0.75
    assert data["errors"][0]["id"] == "s5" and data["errors"][0]["error"] == "missing"
    assert set(data["by_corpus"]) == {"test"}


def test_cli_explains_what_it_cannot_read(tmp_path: Path) -> None:
    speakers, _ = write_set(tmp_path)
    result = runner.invoke(app, ["eval", "speakers", str(speakers), "--corpus", str(tmp_path)])
    assert result.exit_code == 1
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    result = runner.invoke(app, ["eval", "speakers", str(bad), "--corpus", str(tmp_path)])
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("shown", "names", "correct"),
    [
        ("Mr Brown", ("Gordon Brown",), True),
        ("the chancellor", ("Gordon Brown", "the chancellor"), True),
        ("Бартоломей Соханьский", ("Бартоломей Соханьский",), True),
        ("Dan Brown", ("Gordon Brown",), False),
        ("Marsh", ("Marsh & McLennan", "Marsh"), True),
    ],
)
def test_a_shown_line_names_the_gold_speaker_or_an_alias(
    shown: str, names: tuple[str, ...], correct: bool
) -> None:
    assert names_speaker(shown, names) is correct


CORPORA = [
    shared("bbc-news", "bbc-news.jsonl"),
    shared("reuters-21578", "reuters-21578.jsonl"),
    shared("nerel-ru-wikinews", "nerel-ru-wikinews.jsonl"),
]


@needs_shared("bbc-news", "bbc-news.jsonl")
@needs_shared("reuters-21578", "reuters-21578.jsonl")
@needs_shared("nerel-ru-wikinews", "nerel-ru-wikinews.jsonl")
@pytest.mark.parametrize("name", ["speakers.jsonl", "speakers-dev.jsonl"])
def test_every_labelled_sentence_is_found_in_its_article(name: str) -> None:
    items = load_speaker_set(REPO / "benchmarks" / "eval" / name)
    report = evaluate_speakers(items, read_articles(CORPORA, {item.article_id for item in items}))
    assert report.not_in_corpora == [] and report.not_located == []
    assert report.overall.lines == len(items)
