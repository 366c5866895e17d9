"""newsbot's BM25 must give rank_bm25.BM25Okapi's scores: rank-bm25 is the oracle.

The token lists handed to rank-bm25 are rebuilt from the saved index the way the indexer makes
them (title terms, then passage terms), so any difference is in the scoring, not the input.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import numpy as np
import pytest
from rank_bm25 import BM25Okapi

from newsbot.app.library import open_index
from newsbot.index import accelerate
from newsbot.index.news_index import NewsIndex
from newsbot.index.okapi import BM25Params, length_norm, term_contributions
from newsbot.index.scorer import KERNEL_MIN_DOCUMENTS
from newsbot.indexing.build import IndexConfig
from newsbot.text import Analyzer
from tests.conftest import needs_shared, shared
from tests.support.synthetic import write_corpus


def reference_documents(index: NewsIndex) -> list[list[str]]:
    analyzers: dict[str, Analyzer] = {}
    documents = []
    for number in range(index.passage_count):
        passage = index.passage(number)
        article = passage.article
        language = article.language or "en"
        analyzer = analyzers.setdefault(language, Analyzer(language))
        documents.append(analyzer.terms(article.title) + analyzer.terms(passage.text))
    return documents


def reference_top(scores: np.ndarray, k: int) -> list[int]:
    positive = np.flatnonzero(scores > 0)
    order = np.lexsort((positive, -scores[positive]))
    return [int(positive[i]) for i in order[:k]]


def assert_parity(index: NewsIndex, reference: BM25Okapi, queries: list[list[str]]) -> None:
    for terms in queries:
        expected = reference.get_scores(terms)
        actual = index.scores(terms)
        np.testing.assert_allclose(actual, expected, rtol=1e-9, atol=0)
        top = [number for number, _ in index.search(terms, 10)]
        assert top == reference_top(expected, 10), terms


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[NewsIndex, list[str]]:
    root = tmp_path_factory.mktemp("synthetic")
    corpus = root / "news.jsonl"
    vocabulary = write_corpus(corpus, articles=300)
    opened = open_index(corpus, root / "indexes", IndexConfig(passage_words=60))
    return opened.index, vocabulary


def test_synthetic_corpus_is_realistic(synthetic: tuple[NewsIndex, list[str]]) -> None:
    index, _ = synthetic
    assert index.passage_count >= 500
    documents = reference_documents(index)
    reference = BM25Okapi(documents)
    # Some terms are in more than half the passages, so the epsilon floor is exercised.
    floor = reference.epsilon * reference.average_idf
    floored = [term for term, idf in reference.idf.items() if idf == floor]
    assert floored
    vocabularies = [set(document) for document in documents]
    for term in floored:
        assert sum(term in words for words in vocabularies) > len(documents) / 2


def test_scores_match_rank_bm25(synthetic: tuple[NewsIndex, list[str]]) -> None:
    index, vocabulary = synthetic
    reference = BM25Okapi(reference_documents(index))
    analyzer = Analyzer()
    rng = random.Random(11)
    queries = []
    for _ in range(200):
        words = rng.sample(vocabulary[:60], 2) + rng.sample(vocabulary, rng.randint(1, 4))
        words += ["said"] if rng.random() < 0.5 else []
        queries.append(analyzer.terms(" ".join(words)))
    queries.append(analyzer.terms("said said people"))  # repeated terms count twice
    queries.append(analyzer.terms("zzzunknown president"))  # unknown terms add nothing
    assert_parity(index, reference, queries)


def test_parity_holds_for_other_parameters(tmp_path: Path) -> None:
    corpus = tmp_path / "news.jsonl"
    vocabulary = write_corpus(corpus, articles=120, seed=3)
    params = BM25Params(k1=0.9, b=0.4, epsilon=0.1)
    index = open_index(corpus, tmp_path / "ix", IndexConfig(bm25=params)).index
    reference = BM25Okapi(reference_documents(index), k1=0.9, b=0.4, epsilon=0.1)
    analyzer = Analyzer()
    rng = random.Random(5)
    queries = [analyzer.terms(" ".join(rng.sample(vocabulary[:200], 4))) for _ in range(50)]
    assert_parity(index, reference, queries)


@needs_shared("bbc-news", "bbc-news.jsonl")
def test_scores_match_rank_bm25_on_bbc(tmp_path: Path) -> None:
    corpus = shared("bbc-news", "bbc-news.jsonl")
    index = open_index(corpus, tmp_path / "ix").index
    reference = BM25Okapi(reference_documents(index))
    questions = shared("..", "eval", "questions.jsonl")
    texts = [json.loads(line)["question"] for line in questions.read_text().splitlines()]
    texts += ["Time Warner profit", "the government said it would", "Chelsea Mourinho", "Yukos"]
    queries = [index.analyzer.terms(text) for text in texts]
    for terms in queries:
        assert np.array_equal(index.scores(terms), reference.get_scores(terms)), terms
    assert_parity(index, reference, queries)


@pytest.mark.skipif(not accelerate.available(), reason="numba is not installed")
def test_compiled_maxscore_kernel_gives_rank_bm25_top10(
    synthetic: tuple[NewsIndex, list[str]],
) -> None:
    """The pruned kernel reads fewer postings but must return exactly rank-bm25's top 10."""
    index, vocabulary = synthetic
    kernel = accelerate.kernel()
    assert kernel is not None
    warmed = set(kernel.signatures)
    scorer = index.fields["passage"]
    scorer.kernel_min_documents = 0  # use the kernel even on this small index
    reference = BM25Okapi(reference_documents(index))
    analyzer = Analyzer()
    rng = random.Random(23)
    checked = 0
    for _ in range(300):
        words = rng.sample(vocabulary[:40], rng.randint(0, 3)) + rng.sample(
            vocabulary, rng.randint(1, 4)
        )
        terms = analyzer.terms(" ".join(words + (["said"] if rng.random() < 0.3 else [])))
        ids = index.term_ids(terms)
        if not ids:
            continue
        expected = reference_top(reference.get_scores(terms), 10)
        assert [doc for doc, _ in scorer.top(ids, 10)] == expected, terms
        weighted = [(term_id, rng.choice([1.0, 0.2, 0.8])) for term_id in ids]
        exhaustive = scorer.weighted_scores(weighted)
        assert [doc for doc, _ in scorer.top_weighted(weighted, 10)] == reference_top(
            exhaustive, 10
        )
        checked += 1
    scorer.kernel_min_documents = KERNEL_MIN_DOCUMENTS
    assert checked > 250
    # Searches of a saved (memory-mapped) index use the types the warm-up compiled for.
    assert set(kernel.signatures) == warmed


def test_stored_impacts_are_each_postings_term_weight(
    synthetic: tuple[NewsIndex, list[str]],
) -> None:
    """The kernel adds these instead of dividing at query time; they must be the exact term
    weight rounded once to single precision, or its pruning floors would not hold."""
    index, _ = synthetic
    for name, scorer in index.fields.items():
        assert scorer.impact is not None
        assert scorer.impact.dtype == np.float32
        doc_len = index.file.arrays[f"{name}.doc_len"]
        norm = length_norm(doc_len, index.params, index.header["fields"][name]["avgdl"])
        exact = term_contributions(1.0, scorer.tf, norm[scorer.doc], index.params.k1)
        assert np.array_equal(scorer.impact, exact.astype(np.float32))


@pytest.mark.skipif(not accelerate.available(), reason="numba is not installed")
def test_kernel_keeps_rank_bm25_order_among_tied_and_near_tied_passages(tmp_path: Path) -> None:
    """Hundreds of passages with equal scores, and pairs whose scores differ in the last
    digits (one more word of the same length): single-precision sums must not reorder them."""
    corpus = tmp_path / "ties.jsonl"
    rng = random.Random(11)
    filler = [f"filler{n}" for n in range(400)]
    with corpus.open("w", encoding="utf-8") as stream:
        for number in range(600):
            words = ["harbour", "strike", "ferry", *rng.sample(filler, 20 + number % 3)]
            words.append(f"unique{number}")
            record = {"id": f"t{number}", "title": "", "text": " ".join(words) + "."}
            stream.write(json.dumps(record) + "\n")
    index = open_index(corpus, tmp_path / "ix", IndexConfig(passage_words=200)).index
    scorer = index.fields["passage"]
    scorer.kernel_min_documents = 0
    assert accelerate.kernel() is not None
    reference = BM25Okapi(reference_documents(index))
    for query in (["harbour"], ["harbour", "strike"], ["ferry", "harbour", "filler3"]):
        terms = index.analyzer.terms(" ".join(query))
        expected = reference_top(reference.get_scores(terms), 10)
        assert [doc for doc, _ in scorer.top(index.term_ids(terms), 10)] == expected, query
