"""IR test collections: rank the collection's documents for each query and score the run with
trec_eval's measures (through pytrec_eval): nDCG@10, MAP and recall at 100.

Two layouts are read: the normalised one (`corpus.jsonl`, `queries.jsonl` with `id, text`,
`qrels.tsv` without a header) and BEIR's (`corpus.jsonl` with `_id`, `queries.jsonl`,
`qrels/test.tsv` with a header line).

pytrec_eval (and scipy, which it pulls in) is not a runtime dependency: it comes with the `eval`
extra (`uv sync --extra eval`; the dev environment has it), and is imported only when a run is
scored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsbot.errors import NewsbotError

MEASURES = {"ndcg_cut.10": "ndcg@10", "map": "map", "recall.100": "recall@100"}
MISSING_EXTRA = "IR evaluation needs the eval extra: uv sync --extra eval"


@dataclass(frozen=True, slots=True)
class Collection:
    corpus: Path
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]


@dataclass(frozen=True, slots=True)
class IRReport:
    queries: int
    judged_queries: int
    measures: dict[str, float]
    per_query: dict[str, dict[str, float]]

    def as_dict(self) -> dict[str, Any]:
        return {
            "queries": self.queries,
            "judged_queries": self.judged_queries,
            **{name: round(value, 4) for name, value in self.measures.items()},
        }


def load_collection(folder: Path) -> Collection:
    """Read a test collection folder (normalised or BEIR layout)."""
    corpus = folder / "corpus.jsonl"
    beir_qrels = folder / "qrels" / "test.tsv"
    qrels_path = beir_qrels if beir_qrels.exists() else folder / "qrels.tsv"
    if not corpus.exists() or not qrels_path.exists() or not (folder / "queries.jsonl").exists():
        raise NewsbotError(
            f"{folder} is not a test collection: expected corpus.jsonl, queries.jsonl and "
            "qrels.tsv (or BEIR's qrels/test.tsv)"
        )
    queries = {}
    for line in (folder / "queries.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            queries[str(item.get("_id", item.get("id")))] = str(item["text"])
    qrels: dict[str, dict[str, int]] = {}
    for line in qrels_path.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) < 3 or not parts[-1].strip().lstrip("-").isdigit():
            continue  # a header line, or a malformed one
        query_id, doc_id, relevance = parts[0], parts[-2], int(parts[-1])
        qrels.setdefault(query_id, {})[doc_id] = relevance
    return Collection(corpus=corpus, queries=queries, qrels=qrels)


def evaluate_collection(
    rank: Callable[[str, int], Sequence[tuple[str, float]]],
    collection: Collection,
    depth: int = 100,
) -> IRReport:
    """Run every judged query through `rank` (question, depth) → [(doc id, score)] and score it.

    Raises NewsbotError, saying how to install it, when pytrec_eval (the eval extra) is missing.
    """
    try:
        import pytrec_eval
    except ImportError as error:
        raise NewsbotError(MISSING_EXTRA) from error

    judged = {qid: docs for qid, docs in collection.qrels.items() if qid in collection.queries}
    run: dict[str, dict[str, float]] = {}
    for query_id in judged:
        ranking = rank(collection.queries[query_id], depth)
        # trec_eval sorts by score; strictly decreasing pseudo-scores keep our order and ties.
        run[query_id] = {
            doc: float(len(ranking) - position) for position, (doc, _) in enumerate(ranking)
        }
    evaluator = pytrec_eval.RelevanceEvaluator(judged, set(MEASURES))
    per_query: Mapping[str, Mapping[str, float]] = evaluator.evaluate(run)
    measures = {}
    for measure, name in MEASURES.items():
        key = measure.replace(".", "_")
        values = [scores[key] for scores in per_query.values()]
        measures[name] = sum(values) / len(judged) if judged else 0.0
    return IRReport(
        queries=len(collection.queries),
        judged_queries=len(judged),
        measures=measures,
        per_query={
            qid: {MEASURES[m]: v[m.replace(".", "_")] for m in MEASURES}
            for qid, v in per_query.items()
        },
    )
