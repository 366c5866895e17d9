"""Semantic reranking with the real encoder (all-MiniLM-L6-v2, int8 ONNX) on small corpora."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("onnxruntime")

from typer.testing import CliRunner

from newsbot.answering.pipeline import Answerer
from newsbot.app.library import open_index
from newsbot.app.service import SearchService
from newsbot.cli import app
from newsbot.errors import NewsbotError
from newsbot.index.news_index import NewsIndex
from newsbot.semantic import SemanticReranker, prepare
from newsbot.semantic import encoder as encoder_module
from newsbot.semantic.encoder import EncoderUnavailableError, SentenceEncoder
from newsbot.semantic.vectors import load_vectors, vectors_path
from tests.conftest import write_corpus

# The answer to the question below says it partly in other words ("wealthy", "agricultural
# subsidies"); another article shares more of the question's words but is about football.
FARMS = {
    "subsidies.txt": "FAO warns on subsidies\n\nAlmost 30 wealthy countries spend more than "
    "$300bn a year on agricultural subsidies for their farmers, the UN food agency said.\n",
    "club.txt": "Club pours cash into squad\n\nThe club will pour cash into its squad this "
    "summer.\n",
    **{
        f"other{number}.txt": f"Council report {number}\n\nThe council met on day {number} to "
        "discuss roads, parks and schools.\n"
        for number in range(6)
    },
}
QUESTION = "how much cash do rich countries pour into propping up their farmers"


@pytest.fixture(scope="module")
def encoder() -> SentenceEncoder:
    return SentenceEncoder()


@pytest.fixture
def farms(tmp_path: Path) -> NewsIndex:
    corpus = write_corpus(tmp_path / "corpus", FARMS)
    return open_index(corpus, tmp_path / "ix").index


def test_vectors_are_unit_length_and_mean_what_the_words_mean(encoder: SentenceEncoder) -> None:
    vectors = encoder.encode(["rich countries", "wealthy nations", "a football club", ""])
    assert vectors.shape == (4, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-4)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_a_text_gets_the_same_vector_alone_or_in_a_batch(encoder: SentenceEncoder) -> None:
    texts = ["short", "a much longer sentence about the budget deficit and taxes", "tax"]
    together = encoder.encode(texts)
    for text, vector in zip(texts, together, strict=True):
        assert np.allclose(encoder.encode([text])[0], vector, atol=2e-3)


def test_a_model_file_that_is_not_the_pinned_one_is_refused(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    package, parts, _ = encoder_module._FILES["model"]
    monkeypatch.setitem(encoder_module._FILES, "model", (package, parts, "0" * 64))
    encoder_module._checked_file.cache_clear()
    try:
        with pytest.raises(EncoderUnavailableError, match="not the expected file"):
            SentenceEncoder()
    finally:
        encoder_module._checked_file.cache_clear()


def test_the_paraphrased_answer_comes_first_only_with_meaning(
    farms: NewsIndex, encoder: SentenceEncoder
) -> None:
    plain = Answerer(farms).ask(QUESTION)
    assert plain.hits[0].article_id == "club.txt"  # BM25: the shared words win
    reranker = prepare(farms, encoder=encoder)
    assert reranker is not None
    semantic = Answerer(farms, semantic=reranker).ask(QUESTION)
    assert semantic.hits[0].article_id == "subsidies.txt"
    assert "agricultural subsidies" in semantic.hits[0].quote


def test_vectors_are_saved_beside_the_index_and_reused(
    farms: NewsIndex, encoder: SentenceEncoder
) -> None:
    assert load_vectors(farms) is None
    first = prepare(farms, encoder=encoder)
    assert first is not None and vectors_path(farms).exists()
    assert load_vectors(farms) is not None
    again = prepare(farms, encoder=_NoEncoding())
    assert again is not None
    assert np.array_equal(np.asarray(again.vectors), np.asarray(first.vectors))
    assert not list(vectors_path(farms).parent.glob("*.tmp"))


def test_vectors_of_another_index_are_not_used(
    tmp_path: Path, farms: NewsIndex, encoder: SentenceEncoder
) -> None:
    prepare(farms, encoder=encoder)
    corpus = tmp_path / "corpus"
    (corpus / "club.txt").write_text("Club news\n\nThe club sold its ground.\n", encoding="utf-8")
    rebuilt = open_index(corpus, tmp_path / "ix").index
    assert rebuilt.path == farms.path
    assert load_vectors(rebuilt) is None  # the texts changed: the old vectors do not fit


def test_damaged_vectors_are_made_again(
    farms: NewsIndex, encoder: SentenceEncoder, caplog: pytest.LogCaptureFixture
) -> None:
    prepare(farms, encoder=encoder)
    path = vectors_path(farms)
    data = bytearray(path.read_bytes())
    data[-10] ^= 0xFF
    path.write_bytes(bytes(data))
    with caplog.at_level(logging.WARNING):
        assert load_vectors(farms) is None
    assert "unreadable" in caplog.text
    assert prepare(farms, encoder=encoder) is not None
    assert load_vectors(farms) is not None


def test_a_corpus_over_the_limit_is_left_to_bm25(
    farms: NewsIndex, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING):
        assert prepare(farms, max_passages=farms.passage_count - 1, encoder=_NoEncoding()) is None
    assert "semantic reranking is off" in caplog.text
    assert not vectors_path(farms).exists()


@pytest.mark.parametrize(
    ("question", "applies"),
    [
        (QUESTION, True),
        ("Café prices in Zürich, 2004?", True),
        ("Что сказал Путин о выборах", False),
        ("", False),
    ],
)
def test_only_latin_script_questions_are_reranked(question: str, applies: bool) -> None:
    reranker = SemanticReranker(_NoEncoding(), np.zeros((1, 384), dtype=np.float16))
    assert reranker.applies_to(question) is applies


def test_the_bot_service_reranks_when_asked(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", FARMS)
    service = SearchService(corpus, tmp_path / "ix", semantic=True)
    service.open()
    # BM25 answers at once; the passages are encoded aside, and then semantic takes over.
    assert service.semantic_ready.wait(60)
    assert service.ask(QUESTION).hits[0].article_id == "subsidies.txt"
    # A reindex swaps in the new index at once, and its own reranker when it is ready.
    (corpus / "extra.txt").write_text("Weather\n\nIt rained all day.\n", encoding="utf-8")
    service.reindex()
    assert service.index.article_count == len(FARMS) + 1
    assert service.semantic_ready.wait(60)
    assert service.ask(QUESTION).hits[0].article_id == "subsidies.txt"
    plain = SearchService(corpus, tmp_path / "ix")
    plain.open()
    assert plain.ask(QUESTION).hits[0].article_id == "club.txt"


class _NoEncoding(SentenceEncoder):
    """An encoder that must not be used: the vectors are expected to be loaded, not made."""

    def __init__(self) -> None:
        pass

    def encode(self, texts: object) -> np.ndarray:  # type: ignore[override]
        raise AssertionError("encoded again")


def test_the_command_line_reranks_with_semantic(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "corpus", FARMS)
    common = ["--corpus", str(corpus), "--index-dir", str(tmp_path / "ix"), "--json"]
    plain = CliRunner().invoke(app, ["ask", QUESTION, *common])
    assert plain.exit_code == 0, plain.stderr
    assert json.loads(plain.stdout)["hits"][0]["article_id"] == "club.txt"
    semantic = CliRunner().invoke(app, ["ask", QUESTION, *common, "--semantic"])
    assert semantic.exit_code == 0, semantic.stderr
    assert json.loads(semantic.stdout)["hits"][0]["article_id"] == "subsidies.txt"


def test_a_missing_model_is_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _, parts, digest = encoder_module._FILES["model"]
    monkeypatch.setitem(encoder_module._FILES, "model", ("no_such_model_package", parts, digest))
    encoder_module._checked_file.cache_clear()
    corpus = write_corpus(tmp_path / "corpus", FARMS)
    try:
        result = CliRunner().invoke(
            app,
            [
                "ask",
                QUESTION,
                "--corpus",
                str(corpus),
                "--index-dir",
                str(tmp_path / "ix"),
                "--semantic",
            ],
        )
    finally:
        encoder_module._checked_file.cache_clear()
    assert result.exit_code == 1
    assert "uv sync --extra semantic" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_an_unwritable_index_folder_is_a_clear_error(
    farms: NewsIndex, encoder: SentenceEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("newsbot.semantic.vectors.write_index_file", refuse)
    with pytest.raises(NewsbotError, match="cannot write the passage vectors"):
        prepare(farms, encoder=encoder)


def test_a_corpus_without_english_is_not_encoded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = write_corpus(
        tmp_path / "corpus",
        {
            "putin.txt": "Путин прокомментировал выборы\n\nВладимир Путин сказал, что выборы "
            "прошли спокойно, и поблагодарил избирателей.\n",
            "moscow.txt": "В Москве открыли парк\n\nНовый парк открыли в центре Москвы в "
            "субботу, рассказали в мэрии.\n",
        },
    )
    index = open_index(corpus, tmp_path / "ix").index
    assert index.header["languages"] == {"ru": 2}
    with caplog.at_level(logging.WARNING):
        assert prepare(index, encoder=_NoEncoding()) is None
    assert "no article is (ru)" in caplog.text
    assert not vectors_path(index).exists()
