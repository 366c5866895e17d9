"""Text that costs time growing with the square of its size, and questions that cost seconds of
spelling work: the hostile cases of the hardening trial, bounded.

Linear time is shown two ways: by what is produced (passages and quotes have hard bounds, one
Telegram page per answer), and, for the cases that used to take minutes, by a deadline hundreds
of times longer than the work now takes (a hang detector, not a speed measurement)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newsbot.answering.pipeline import Answerer
from newsbot.answering.question import MAX_CORRECTIONS, analyse_question
from newsbot.answering.quoting import ELLIPSIS, MAX_QUOTE_CHARS
from newsbot.app.library import open_index
from newsbot.index.news_index import NewsIndex
from newsbot.render.telegram import answer_pages
from newsbot.text.passages import MAX_FACTOR, MAX_WORDS, split_passages
from newsbot.text.segment import sentence_spans
from tests.conftest import REPO

FILLER = [
    {"id": f"filler-{n}", "title": f"Harbour notes {n}", "text": f"The harbour ferry {n} sailed."}
    for n in range(60)
]
MOST_CHARS = max(MAX_FACTOR * 100, MAX_WORDS) * 12


def _corpus(folder: Path, text: str) -> Path:
    folder.mkdir()
    records = [{"id": "hostile", "title": "Election night", "text": text}, *FILLER]
    path = folder / "news.jsonl"
    path.write_text("".join(json.dumps(record) + "\n" for record in records), encoding="utf-8")
    return path


def test_a_run_of_dots_is_answered_at_once(tmp_path: Path) -> None:
    """Before: the sentence-end pattern tried a run of 200,000 dots from each of its dots and
    backtracked through the rest: minutes of CPU (60,000 dots took 58 s in the trial)."""
    text = "The minister spoke about the election" + "." * 200_000 + "Voters were angry."
    corpus = _corpus(tmp_path / "corpus", text)
    done = subprocess.run(
        [sys.executable, "-m", "newsbot", "ask", "election", "--json", "--corpus", str(corpus)],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    hits = json.loads(done.stdout)["hits"]
    assert hits and hits[0]["article_id"] == "hostile"
    assert all(len(hit["quote"]) <= MAX_QUOTE_CHARS + 4 for hit in hits)


def test_sentences_of_a_run_of_terminal_marks() -> None:
    """The run is one boundary where a space follows it, and none where a letter does."""
    marks = "." * 50_000
    assert sentence_spans(f"It ended{marks} Then it began.") == [
        (0, 8 + len(marks)),
        (9 + len(marks), 23 + len(marks)),
    ]
    assert sentence_spans(f"It ended{marks}then") == [(0, 12 + len(marks))]


@pytest.mark.parametrize(
    "text",
    [
        "Budget " + "." * 60_000 + " tail",  # no spaces in a run
        "The election budget was debated at length " * 20_000,  # 860 KB, no full stop
        "Word" * 50_000,  # one 200,000-letter word
    ],
)
def test_no_passage_exceeds_its_bound(text: str) -> None:
    """Before: each of these made a single passage of the whole text."""
    spans = split_passages(text)
    assert len(spans) > 1
    assert all(end - start <= MOST_CHARS for start, end in spans)
    assert all(len(text[start:end].split()) <= MAX_WORDS for start, end in spans)
    covered = "".join(text[start:end] for start, end in spans)
    assert "".join(covered.split()) == "".join(text.split())  # every character, in order


@pytest.fixture(scope="module")
def paragraph(tmp_path_factory: pytest.TempPathFactory) -> NewsIndex:
    folder = tmp_path_factory.mktemp("paragraph")
    text = "The election budget was debated at length " * 120_000  # 5 MB, no full stop
    return open_index(_corpus(folder / "corpus", text), folder / "ix").index


def test_a_five_megabyte_paragraph_is_answered_in_a_page_or_two(paragraph: NewsIndex) -> None:
    """Before: one passage of 5 MB, a quote of 5 MB, and 1,318 Telegram pages rendered by
    re-splitting the rest of the text for every page (47 s in the trial)."""
    answer = Answerer(paragraph).ask("election budget debated")
    assert answer.hits and answer.hits[0].article_id == "hostile"
    assert all(len(hit.quote) <= MAX_QUOTE_CHARS + 4 for hit in answer.hits)
    assert len(answer_pages(answer, 3)) <= len(answer.hits)  # each hit fits a page


def test_a_sentence_longer_than_a_quote_is_shown_around_its_match(tmp_path: Path) -> None:
    """A quote is at most MAX_QUOTE_CHARS of the article's own text, around the matched word."""
    filler = " ".join(f"word{n}" for n in range(1500))
    text = f"{filler} and then the minister resigned over the bribery scandal {filler}."
    index = open_index(_corpus(tmp_path / "corpus", text), tmp_path / "ix").index
    hit = Answerer(index).ask("minister resigned bribery scandal").hits[0]
    assert hit.article_id == "hostile"
    assert "minister resigned over the bribery scandal" in hit.quote
    assert len(hit.quote) <= MAX_QUOTE_CHARS + 4
    for piece in hit.quote.split(ELLIPSIS):
        assert piece.strip() in text  # exact text of the article


def test_only_the_first_unknown_words_of_a_question_are_corrected(
    tmp_path: Path,
) -> None:
    """Before: every unknown word was compared with the vocabulary (62 made-up words cost 1–2 s
    of CPU in the trial); now the first MAX_CORRECTIONS are, and the others stay unknown."""
    index = open_index(_corpus(tmp_path / "corpus", "The minister spoke."), tmp_path / "ix").index
    slips = ["harbuor", "harbour", "ferrry", "ferry", "saield", "sailed", "notse", "notes"]
    words = [slips[2 * (n % 4)] + "x" * (n // 4) for n in range(20)]
    question = analyse_question(" ".join(words), index)
    assert len(question.suggestions) + len(question.unknown) <= len(words)
    tried = {word for word, _ in question.suggestions}
    assert tried <= set(words[:MAX_CORRECTIONS])
    assert set(words[MAX_CORRECTIONS:]) <= set(question.unknown)
