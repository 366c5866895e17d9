"""The streaming build: whatever the number of worker processes, the units a corpus is cut
into, or the analysis reused from an earlier build, the index is the same."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbot.corpus import scan_corpus
from newsbot.index.store import IndexFile
from newsbot.indexing.build import IndexConfig, build_index
from newsbot.indexing.units import plan_units
from tests.support.synthetic import write_corpus

COMPARED = (
    "vocabulary", "passage.ptr", "passage.doc", "passage.tf", "passage.idf", "article.doc",
    "article.tf", "article.idf", "title.doc", "title.idf", "passage_start", "text", "meta",
)  # fmt: skip


def corpus_with_everything(folder: Path) -> Path:
    """JSON Lines with duplicates (same text, other title), repeated ids, numbers with units
    ("£600m"), Russian articles, and a malformed line; plus a few small files."""
    folder.mkdir()
    write_corpus(folder / "news.jsonl", articles=400, seed=5)
    rng = random.Random(3)
    lines = (folder / "news.jsonl").read_text().splitlines()
    extra = []
    for number in range(60):
        record = json.loads(rng.choice(lines))
        if number % 3 == 0:
            record["title"] = "Another title entirely"  # a duplicate text under another title
        elif number % 3 == 1:
            record["text"] = f"Profit rose to £{number}00m, or $1.{number}bn. " + record["text"]
        else:
            record["text"] = f"Выручка выросла до {number} млн рублей. Президент заявил об этом."
            record["language"] = "ru"
        extra.append(json.dumps(record))
    extra.insert(30, "{not json")
    (folder / "news.jsonl").write_text("\n".join(lines[:200] + extra + lines[200:]) + "\n")
    (folder / "a-first.txt").write_text("Bridge reopens\n\nThe bridge reopened on Monday.\n")
    (folder / "z-last.md").write_text("---\ntitle: Ferry\n---\nA ferry sank in the harbour.\n")
    return folder


def arrays(path: Path) -> dict[str, np.ndarray]:
    opened = IndexFile(path)
    return {name: np.array(opened.arrays[name]) for name in COMPARED}


def assert_same(first: Path, second: Path) -> None:
    left, right = arrays(first), arrays(second)
    for name in COMPARED:
        assert np.array_equal(left[name], right[name]), name


@pytest.mark.parametrize("title_mode", ["joined", "field"])
def test_workers_and_units_do_not_change_the_index(tmp_path: Path, title_mode: str) -> None:
    corpus = corpus_with_everything(tmp_path / "corpus")
    files = scan_corpus(corpus)
    config = IndexConfig(title_mode=title_mode)  # type: ignore[arg-type]
    serial = build_index(corpus, files, tmp_path / "serial" / "index.nbx", config, workers=1)
    parallel = build_index(corpus, files, tmp_path / "parallel" / "index.nbx", config, workers=2)
    assert serial.articles == parallel.articles > 400
    assert len(serial.duplicates) == len(parallel.duplicates) >= 20
    assert (
        [s.origin for s in serial.skipped]
        == [s.origin for s in parallel.skipped]
        == ["news.jsonl:231"]
    )
    assert_same(tmp_path / "serial" / "index.nbx", tmp_path / "parallel" / "index.nbx")


def test_small_units_give_the_same_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = corpus_with_everything(tmp_path / "corpus")
    files = scan_corpus(corpus)
    build_index(corpus, files, tmp_path / "whole" / "index.nbx", IndexConfig(), workers=1)
    assert len(list(plan_units(files, unit_bytes=20_000))) > 5
    monkeypatch.setattr("newsbot.indexing.units._UNIT_BYTES", 20_000)
    build_index(corpus, files, tmp_path / "sliced" / "index.nbx", IndexConfig(), workers=1)
    assert_same(tmp_path / "whole" / "index.nbx", tmp_path / "sliced" / "index.nbx")


def test_a_rebuild_reanalyses_only_what_changed(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for number in range(400):
        (corpus / f"article-{number:03d}.txt").write_text(
            f"Title {number}\n\nArticle {number} reports on the harbour and the ferry.\n"
        )
    destination = tmp_path / "index" / "index.nbx"
    first = build_index(corpus, scan_corpus(corpus), destination, IndexConfig(), workers=1)
    assert first.reused_units == 0 and first.units >= 4
    again = build_index(corpus, scan_corpus(corpus), destination, IndexConfig(), workers=1)
    assert again.reused_units == again.units  # nothing changed: nothing analysed
    (corpus / "article-050.txt").write_text("Changed\n\nA new text about a storm.\n")
    # inserted between existing names: later units must not shift
    (corpus / "article-200a.txt").write_text("Added\n\nA new article about a flood.\n")
    changed = build_index(corpus, scan_corpus(corpus), destination, IndexConfig(), workers=1)
    assert changed.units - changed.reused_units <= 3  # only the units holding the changes
    fresh = tmp_path / "fresh" / "index.nbx"
    build_index(corpus, scan_corpus(corpus), fresh, IndexConfig(), workers=1)
    assert_same(destination, fresh)  # and the index is what a full build gives
    assert len(list((destination.parent / "units").glob("*.nbu"))) == changed.units


def test_workers_terms_are_mapped_in_first_appearance_order() -> None:
    from newsbot.indexing.build_state import WorkerVocabularies
    from newsbot.indexing.postings import Vocabulary
    from newsbot.indexing.unit_result import WorkerTerms

    vocabulary = Vocabulary()
    vocabulary.map(["bridge"])
    workers = WorkerVocabularies()
    # Worker "a" reports "ferry", "bridge"; the unit's first appearances are bridge, ferry.
    first = WorkerTerms("a", np.array([0, 1], np.int32), 0, ["ferry", "bridge"])
    table = workers.term_map(first, np.array([1, 0]), vocabulary)
    assert table.tolist() == [1, 0]
    assert vocabulary.terms() == ["bridge", "ferry"]
    # Worker "b" knows "ferry" under its own id; "a" reuses its ids without names.
    assert workers.term_map(
        WorkerTerms("b", np.array([0], np.int32), 0, ["ferry"]), np.array([0]), vocabulary
    ).tolist() == [1]
    assert workers.term_map(
        WorkerTerms("a", np.array([1], np.int32), 2, []), np.array([0]), vocabulary
    ).tolist() == [0]
    with pytest.raises(RuntimeError, match="out of order"):
        workers.term_map(
            WorkerTerms("a", np.array([3], np.int32), 3, ["x"]), np.array([0]), vocabulary
        )


@settings(max_examples=200, deadline=None)
@given(
    st.text(),
    st.text(),
    st.none() | st.text(),
    st.none() | st.text(),
    st.none() | st.text(),
    st.text(),
)
def test_article_metadata_is_what_json_dumps_writes(
    article_id: str, title: str, source: str | None, url: str | None, day: str | None, origin: str
) -> None:
    from newsbot.corpus.model import Article
    from newsbot.indexing.workers import article_meta

    article = Article(article_id, title, "text", source, url, day, None, origin)
    record = {
        "id": article_id, "title": title, "source": source, "url": url, "published": day,
        "language": "en", "origin": origin, "section": None,
    }  # fmt: skip
    assert article_meta(article, "en") == json.dumps(record, ensure_ascii=False).encode("utf-8")


def test_the_header_lists_the_first_duplicates_and_counts_them_all(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    record = {"title": "Ferry", "text": "A ferry sank in the harbour."}
    lines = [json.dumps({"id": f"n{number}", **record}) for number in range(1_206)]
    (corpus / "repeated.jsonl").write_text("\n".join(lines) + "\n")
    summary = build_index(corpus, scan_corpus(corpus), tmp_path / "i.nbx", IndexConfig(), workers=1)
    stats = IndexFile(tmp_path / "i.nbx").header["stats"]
    assert stats["articles"] == 1
    assert stats["duplicates_total"] == len(summary.duplicates) == 1_205
    assert stats["duplicates"] == [list(pair) for pair in summary.duplicates[:1_000]]
    assert stats["skipped_total"] == stats["renamed_total"] == 0


# --- hostile files and failing workers (the hardening) ------------------------------------------

HOSTILE = {
    "nested.jsonl": "[" * 100_000 + "\n",
    "nested.json": "[" * 100_000,
    "bigint.jsonl": '{"id": "x", "text": "Prices rose.", "views": ' + "9" * 5000 + "}\n",
    "deep.md": "---\ntitle: " + "[" * 20_000 + "\n---\nThe council met on Tuesday.\n",
}


def test_hostile_files_cost_themselves_only_in_worker_processes(tmp_path: Path) -> None:
    """Before: the worker's RecursionError or ValueError came back through the pool and ended
    the build."""
    corpus = corpus_with_everything(tmp_path / "corpus")
    for name, content in HOSTILE.items():
        (corpus / name).write_text(content)
    files = scan_corpus(corpus)
    serial = build_index(corpus, files, tmp_path / "serial" / "index.nbx", IndexConfig(), workers=1)
    parallel = build_index(corpus, files, tmp_path / "par" / "index.nbx", IndexConfig(), workers=2)
    expected = ["bigint.jsonl:1", "deep.md", "nested.json", "nested.jsonl:1", "news.jsonl:231"]
    assert sorted(item.origin for item in parallel.skipped) == expected
    assert serial.skipped == parallel.skipped
    assert serial.articles == parallel.articles > 400
    assert_same(tmp_path / "serial" / "index.nbx", tmp_path / "par" / "index.nbx")


def test_over_long_records_are_skipped_whatever_the_units(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A line over the record limit is skipped, and the lines after it keep their numbers and
    are read, whether the file is read whole or in slices cut around the long line."""
    monkeypatch.setattr("newsbot.corpus.records.MAX_RECORD_BYTES", 2_000)
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [
        json.dumps({"id": f"n{n}", "text": f"Story {n} about the harbour."}) for n in range(300)
    ]
    lines[100] = json.dumps({"id": "long", "text": "word " * 10_000})
    lines[200] = json.dumps({"id": "longer", "text": "word " * 30_000})
    (corpus / "news.jsonl").write_text("\n".join(lines) + "\n")
    files = scan_corpus(corpus)
    whole = build_index(corpus, files, tmp_path / "whole" / "index.nbx", IndexConfig(), workers=1)
    monkeypatch.setattr("newsbot.indexing.units._UNIT_BYTES", 8_000)
    assert len(list(plan_units(files))) > 5
    sliced = build_index(corpus, files, tmp_path / "sliced" / "index.nbx", IndexConfig(), workers=1)
    for summary in (whole, sliced):
        assert [(item.origin, item.reason) for item in summary.skipped] == [
            (
                "news.jsonl:101",
                "the line is 0.0 MiB, more than the 0.00190735 MiB limit for one record",
            ),
            (
                "news.jsonl:201",
                "the line is 0.1 MiB, more than the 0.00190735 MiB limit for one record",
            ),
        ]
        assert summary.articles == 298
    assert_same(tmp_path / "whole" / "index.nbx", tmp_path / "sliced" / "index.nbx")


def _tenfold(item: int) -> int:
    """Run in a worker process: item 3 kills its worker outright, item 5 raises."""
    if item == 3:
        os._exit(13)
    if item == 5:
        raise ValueError("five")
    return item * 10


def test_a_worker_that_dies_or_raises_costs_its_item_only() -> None:
    from newsbot.indexing.pool import ordered_map

    failed: list[tuple[int, str]] = []

    def on_failure(item: int, error: BaseException) -> int:
        failed.append((item, type(error).__name__))
        return -1

    results = list(ordered_map(_tenfold, range(10), workers=2, on_failure=on_failure))
    assert results == [0, 10, 20, -1, 40, -1, 60, 70, 80, 90]
    assert failed == [(3, "BrokenProcessPool"), (5, "ValueError")]
