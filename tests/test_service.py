"""The live index: answers keep flowing while a reindex builds the next index aside."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from newsbot.app.service import SearchService
from newsbot.errors import NewsbotError
from tests.support.synthetic import write_corpus


def test_questions_are_answered_during_a_reindex(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    vocabulary = write_corpus(corpus / "news.jsonl", articles=1500)
    service = SearchService(corpus, tmp_path / "ix")
    service.open()
    old_index = service.index
    (corpus / "extra.txt").write_text("Ferry news\n\nA ferry sank in the harbour.\n")
    answers = []
    worker = threading.Thread(target=lambda: answers.append(service.reindex()))
    worker.start()
    asked_while_running = 0
    while worker.is_alive():
        answer = service.ask(" ".join(vocabulary[:3]))
        assert answer.found
        asked_while_running += service.reindexing
    worker.join()
    assert asked_while_running > 0
    assert service.index is not old_index
    result = answers[0]
    assert result.change == "the corpus changed (1 added, 0 changed, 0 removed)"
    assert result.summary.articles == result.articles_before + 1
    assert service.ask("ferry harbour").found
    assert old_index.passage_count > 0  # the old index stays readable for late readers


def test_only_one_reindex_at_a_time(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    write_corpus(corpus / "news.jsonl", articles=1500)  # about a second to index
    service = SearchService(corpus, tmp_path / "ix")
    service.open()
    worker = threading.Thread(target=service.reindex)
    worker.start()
    while not service.reindexing:
        assert worker.is_alive(), "the reindex finished before it could be observed"
    with pytest.raises(NewsbotError, match="already running"):
        service.reindex()
    worker.join()
    assert not service.reindexing


def test_stats_count_questions_and_misses(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    vocabulary = write_corpus(corpus / "news.jsonl", articles=50)
    service = SearchService(corpus, tmp_path / "ix")
    service.open()
    service.ask(vocabulary[0])
    service.ask("zzzqqq")
    service.ask(vocabulary[0], count=False)
    stats = service.stats()
    assert (stats.questions, stats.nothing_found) == (2, 1)
    assert stats.latency_p50_ms is not None and stats.latency_p95_ms is not None
    assert stats.articles == 50
