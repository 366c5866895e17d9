"""BM25 engines side by side, on the same tokens, in one run: newsbot, rank-bm25, bm25s (numpy
and numba backends) and tantivy.

    uv run python benchmarks/bench_search.py --corpus synthetic|reuters --passages N
        [--systems newsbot,rank-bm25,bm25s,bm25s-numba,tantivy] [--queries Q] [--json]
        [--raw] [--data ../shared/data]

Each system builds its index in one process and serves it in another, so that build time, the
serving process's peak RSS, load time and query latency (p50 / p95 over Q single queries) are
each system's own. The corpus is either synthetic (seeded Zipfian passages of about 120 tokens
over a 50,000-word vocabulary) or Reuters-21578 passages, analysed by newsbot and repeated to
size. Queries have 3–6 terms, each stop-word-like (one of the 100 most frequent) with
probability 0.35. `top10_parity` is the share of queries whose top 10 equals rank-bm25's
(BM25Okapi, the reference), ties broken by passage number.

`--raw` also times a build from raw text, analysis included: newsbot's whole indexing pipeline
against bm25s.tokenize (with its stop words and PyStemmer) plus bm25s indexing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

HERE = Path(__file__).resolve().parent
REFERENCE_CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "newsbot-bench"
SYSTEMS = ("newsbot", "rank-bm25", "bm25s", "bm25s-numba", "tantivy")
K = 10
ZIPF_EXPONENT = 1.1
VOCABULARY = 50_000
MEAN_LENGTH = 120
COMMON_RANKS = 100
COMMON_SHARE = 0.35


# --- the corpus and the queries -------------------------------------------------------------


def pseudo_word(rank: int) -> str:
    """A pronounceable, unique, stemming-proof word for a vocabulary rank."""
    consonants, vowels = "bcdfghjklmnprstvz", "aeiou"
    letters = []
    value = rank
    while True:
        value, c = divmod(value, len(consonants))
        value, v = divmod(value, len(vowels))
        letters.append(consonants[c] + vowels[v])
        if value == 0:
            break
    return "".join(letters) + "q"


def synthetic(passages: int, seed: int) -> tuple[np.ndarray, np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    ranks = np.arange(1, VOCABULARY + 1, dtype=np.float64)
    probabilities = ranks**-ZIPF_EXPONENT
    probabilities /= probabilities.sum()
    lengths = np.clip(rng.normal(MEAN_LENGTH, 30, passages).round(), 10, 400).astype(np.int64)
    offsets = np.zeros(passages + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    tokens = np.empty(int(offsets[-1]), dtype=np.int32)
    cdf = np.cumsum(probabilities)
    chunk = 10_000_000
    for start in range(0, tokens.size, chunk):
        size = min(chunk, tokens.size - start)
        tokens[start : start + size] = np.searchsorted(cdf, rng.random(size) * cdf[-1])
    return tokens, offsets, [pseudo_word(rank) for rank in range(VOCABULARY)]


def reuters(passages: int, data: Path) -> tuple[np.ndarray, np.ndarray, list[str], list[str]]:
    """Reuters stories split and analysed by newsbot, repeated until there are `passages`."""
    from newsbot.text import Analyzer
    from newsbot.text.passages import split_passages

    analyzer = Analyzer()
    vocabulary: dict[str, int] = {}
    base: list[np.ndarray] = []
    texts: list[str] = []
    with (data / "reuters-21578" / "reuters-21578.jsonl").open(encoding="utf-8") as stream:
        for line in stream:
            record = json.loads(line)
            title_terms = analyzer.terms(record.get("title") or "")
            for start, end in split_passages(record["text"]):
                text = record["text"][start:end]
                terms = title_terms + analyzer.terms(text)
                ids = [vocabulary.setdefault(term, len(vocabulary)) for term in terms]
                base.append(np.array(ids, dtype=np.int32))
                texts.append(((record.get("title") or "") + "\n\n" + text).strip())
    chosen = [base[i % len(base)] for i in range(passages)]
    lengths = np.array([len(ids) for ids in chosen], dtype=np.int64)
    offsets = np.zeros(passages + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    tokens = np.concatenate(chosen) if chosen else np.zeros(0, dtype=np.int32)
    raw = [texts[i % len(texts)] for i in range(passages)]
    return tokens, offsets, list(vocabulary), raw


def make_queries(tokens: np.ndarray, count: int, seed: int) -> list[list[int]]:
    rng = np.random.default_rng(seed + 1)
    frequency = np.bincount(tokens)
    common = np.argsort(-frequency)[:COMMON_RANKS]
    common_set = set(common.tolist())
    queries = []
    while len(queries) < count:
        query = []
        for _ in range(int(rng.integers(3, 7))):
            if rng.random() < COMMON_SHARE:
                query.append(int(rng.choice(common)))
            else:
                while True:  # a random occurrence: frequent words more often, as in queries
                    term = int(tokens[int(rng.integers(0, tokens.size))])
                    if term not in common_set:
                        break
                query.append(term)
        queries.append(query)
    return queries


def prepare(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    began = time.perf_counter()
    raw: list[str] | None = None
    if args.corpus == "synthetic":
        tokens, offsets, words = synthetic(args.passages, args.seed)
    else:
        tokens, offsets, words, raw = reuters(args.passages, Path(args.data))
    np.save(workdir / "tokens.npy", tokens)
    np.save(workdir / "offsets.npy", offsets)
    (workdir / "words.json").write_text(json.dumps(words))
    queries = make_queries(tokens, args.queries, args.seed)
    (workdir / "queries.json").write_text(json.dumps(queries))
    if args.raw:
        with (workdir / "raw.jsonl").open("w", encoding="utf-8") as stream:
            for number in range(args.passages):
                if raw is not None:
                    text = raw[number]
                else:
                    ids = tokens[offsets[number] : offsets[number + 1]]
                    text = " ".join(words[i] for i in ids)
                stream.write(json.dumps({"id": f"p{number}", "title": "", "text": text}) + "\n")
    return {
        "tokens": int(tokens.size),
        "vocabulary": len(words),
        "prepare_s": round(time.perf_counter() - began, 1),
    }


def load_corpus(workdir: Path) -> tuple[np.ndarray, np.ndarray]:
    return np.load(workdir / "tokens.npy"), np.load(workdir / "offsets.npy")


def token_lists(tokens: np.ndarray, offsets: np.ndarray) -> list[list[int]]:
    return [tokens[offsets[i] : offsets[i + 1]].tolist() for i in range(offsets.size - 1)]


# --- the systems ------------------------------------------------------------------------------


def build_newsbot(workdir: Path) -> None:
    from newsbot.index.okapi import BM25Params
    from newsbot.index.store import write_index_file
    from newsbot.indexing.postings import PostingsBuilder
    from newsbot.indexing.weights import field_arrays

    tokens, offsets = load_corpus(workdir)
    vocabulary = int(tokens.max()) + 1 if tokens.size else 0
    builder = PostingsBuilder()
    lengths = np.diff(offsets)
    step = 20_000
    for start in range(0, lengths.size, step):
        end = min(start + step, lengths.size)
        builder.add(tokens[offsets[start] : offsets[end]], lengths[start:end])
    arrays: dict[str, np.ndarray] = {}
    entry = field_arrays("passage", builder.finish(vocabulary), BM25Params(), arrays)
    write_index_file(workdir / "newsbot.nbx", {"field": entry}, arrays)


def serve_newsbot(
    workdir: Path, queries: list[list[int]]
) -> tuple[float, list[list[int]], list[float]]:
    from newsbot.index import accelerate
    from newsbot.index.okapi import BM25Params
    from newsbot.index.scorer import BM25Scorer
    from newsbot.index.store import IndexFile

    kernel_ready = accelerate.kernel() is not None  # load the compiled kernel before the clock
    began = time.perf_counter()
    index = IndexFile(workdir / "newsbot.nbx", verify=False)
    a = index.arrays
    scorer = BM25Scorer(
        a["passage.ptr"], a["passage.doc"], a["passage.tf"], a["passage.doc_len"],
        a["passage.idf"], BM25Params(), float(index.header["field"]["avgdl"]), a["passage.max"],
        a["passage.block_max"], a["passage.impact"],
    )  # fmt: skip
    load = time.perf_counter() - began
    assert kernel_ready or not accelerate.available()
    scorer.top(queries[0], K)  # first query: page in the structures it needs
    return load, *timed(queries, lambda query: [doc for doc, _ in scorer.top(query, K)])


def build_rank_bm25(workdir: Path) -> None:
    """rank-bm25 can only be saved with pickle, which newsbot never writes (not even here): its
    build is timed, and the serving process builds the model again (see `serve_rank_bm25`)."""
    from rank_bm25 import BM25Okapi

    BM25Okapi(token_lists(*load_corpus(workdir)))


def serve_rank_bm25(
    workdir: Path, queries: list[list[int]]
) -> tuple[float, list[list[int]], list[float]]:
    from rank_bm25 import BM25Okapi

    began = time.perf_counter()
    model = BM25Okapi(token_lists(*load_corpus(workdir)))  # its "load" is a rebuild
    load = time.perf_counter() - began

    def search(query: list[int]) -> list[int]:
        scores = model.get_scores(query)
        positive = np.flatnonzero(scores > 0)
        order = np.lexsort((positive, -scores[positive]))[:K]
        return positive[order].tolist()

    return load, *timed(queries, search)


def build_bm25s(workdir: Path, backend: str) -> None:
    import bm25s
    from bm25s.tokenization import Tokenized

    tokens, offsets = load_corpus(workdir)
    vocabulary = {str(i): i for i in range(int(tokens.max()) + 1)}
    model = bm25s.BM25(k1=1.5, b=0.75, method="robertson", backend=backend)
    model.index(Tokenized(token_lists(tokens, offsets), vocabulary), show_progress=False)
    model.save(str(workdir / f"bm25s-{backend}"))


def serve_bm25s(
    workdir: Path, queries: list[list[int]], backend: str
) -> tuple[float, list[list[int]], list[float]]:
    import bm25s
    from bm25s.tokenization import Tokenized

    began = time.perf_counter()
    model = bm25s.BM25.load(str(workdir / f"bm25s-{backend}"), mmap=True)
    load = time.perf_counter() - began
    if backend == "numba":
        model.backend = "numba"
    vocabulary = {str(i): i for i in range(len(model.vocab_dict))}

    def search(query: list[int]) -> list[int]:
        results, _ = model.retrieve(
            Tokenized([query], vocabulary), k=K, show_progress=False, n_threads=1,
            backend_selection=backend,
        )  # fmt: skip
        return [int(doc) for doc in results[0]]

    search(queries[0])  # numba compiles here, before the clock
    return load, *timed(queries, search)


def build_tantivy(workdir: Path) -> None:
    import tantivy

    tokens, offsets = load_corpus(workdir)
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("number", stored=True, fast=True)
    builder.add_text_field("body", stored=False, tokenizer_name="whitespace")
    schema = builder.build()
    folder = workdir / "tantivy"
    folder.mkdir(exist_ok=True)
    index = tantivy.Index(schema, path=str(folder))
    writer = index.writer(heap_size=512_000_000, num_threads=1)
    for number in range(offsets.size - 1):
        body = " ".join(f"t{i}" for i in tokens[offsets[number] : offsets[number + 1]].tolist())
        writer.add_document(tantivy.Document(number=number, body=body))
    writer.commit()
    writer.wait_merging_threads()


def serve_tantivy(
    workdir: Path, queries: list[list[int]]
) -> tuple[float, list[list[int]], list[float]]:
    import tantivy

    began = time.perf_counter()
    index = tantivy.Index.open(str(workdir / "tantivy"))
    index.reload()
    searcher = index.searcher()
    load = time.perf_counter() - began

    def search(query: list[int]) -> list[int]:
        parsed = index.parse_query(" ".join(f"t{i}" for i in query), ["body"])
        hits = searcher.search(parsed, K).hits
        return [searcher.doc(address)["number"][0] for _, address in hits]

    search(queries[0])
    return load, *timed(queries, search)


def timed(queries: list[list[int]], search: Any) -> tuple[list[list[int]], list[float]]:
    results, latencies = [], []
    for query in queries:
        began = time.perf_counter()
        results.append(search(query))
        latencies.append(time.perf_counter() - began)
    return results, latencies


def build_raw_newsbot(workdir: Path) -> None:
    from newsbot.corpus import scan_corpus
    from newsbot.indexing.build import IndexConfig, build_index

    corpus = workdir / "raw.jsonl"
    # One passage per record, as the other systems index them.
    config = IndexConfig(passage_words=100_000)
    build_index(corpus, scan_corpus(corpus), workdir / "raw-newsbot.nbx", config)


def build_raw_bm25s(workdir: Path) -> None:
    import bm25s
    import Stemmer

    with (workdir / "raw.jsonl").open(encoding="utf-8") as stream:
        texts = [json.loads(line)["text"] for line in stream]
    tokens = bm25s.tokenize(
        texts, stopwords="en", stemmer=Stemmer.Stemmer("english"), show_progress=False
    )
    model = bm25s.BM25(k1=1.5, b=0.75, method="robertson")
    model.index(tokens, show_progress=False)
    model.save(str(workdir / "raw-bm25s"))


BUILDERS: dict[str, Any] = {
    "newsbot": build_newsbot,
    "rank-bm25": build_rank_bm25,
    "bm25s": lambda workdir: build_bm25s(workdir, "numpy"),
    "bm25s-numba": lambda workdir: build_bm25s(workdir, "numba"),
    "tantivy": build_tantivy,
    "newsbot-raw": build_raw_newsbot,
    "bm25s-raw": build_raw_bm25s,
}
SERVERS: dict[str, Any] = {
    "newsbot": serve_newsbot,
    "rank-bm25": serve_rank_bm25,
    "bm25s": lambda workdir, queries: serve_bm25s(workdir, queries, "numpy"),
    "bm25s-numba": lambda workdir, queries: serve_bm25s(workdir, queries, "numba"),
    "tantivy": serve_tantivy,
}


def peak_rss_mib() -> float:
    """This process's peak resident set since it started its program.

    Read from /proc (VmHWM) where there is one: `ru_maxrss` would also count the image of the
    parent that forked this process before it exec'ed, which here is the whole corpus.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def worker(system: str, phase: str, workdir: Path) -> dict[str, Any]:
    """One phase of one system, in a process of its own (so peak RSS is its own)."""
    if phase == "build":
        tokens, _ = load_corpus(workdir) if not system.endswith("-raw") else (None, None)
        del tokens
        began = time.perf_counter()
        BUILDERS[system](workdir)
        return {"build_s": time.perf_counter() - began, "build_peak_rss_mib": peak_rss_mib()}
    queries = json.loads((workdir / "queries.json").read_text())
    load, results, latencies = SERVERS[system](workdir, queries)
    (workdir / f"results-{system}.json").write_text(json.dumps(results))
    latencies_ms = sorted(value * 1000 for value in latencies)
    return {
        "load_s": load,
        "p50_ms": statistics.median(latencies_ms),
        "p95_ms": latencies_ms[int(0.95 * (len(latencies_ms) - 1))],
        "peak_rss_mib": peak_rss_mib(),
    }


def run_worker(system: str, phase: str, workdir: Path) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--worker", system, "--phase", phase]
    command += ["--workdir", str(workdir)]
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{system} {phase} failed:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def compare(args: argparse.Namespace) -> list[dict[str, Any]]:
    systems = [name.strip() for name in args.systems.split(",") if name.strip()]
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        raise SystemExit(f"unknown systems: {', '.join(sorted(unknown))}")
    with tempfile.TemporaryDirectory(prefix="bench-") as folder:
        workdir = Path(folder)
        corpus = prepare(args, workdir)
        print(f"corpus: {corpus}", file=sys.stderr)
        rows = []
        # rank-bm25's answers are the reference; as they take minutes at a million passages,
        # they are kept (per corpus, size, seed and query count) for later runs.
        cached = REFERENCE_CACHE / f"{args.corpus}-{args.passages}-{args.seed}-{args.queries}.json"
        reference_needed = "rank-bm25" not in systems and not cached.exists()
        for system in systems + (["rank-bm25"] if reference_needed else []):
            build = run_worker(system, "build", workdir)
            serve = run_worker(system, "serve", workdir)
            row = {
                "system": system,
                "corpus": args.corpus,
                "passages": args.passages,
                **build,
                **serve,
            }
            print(f"{system}: {json.dumps(row)}", file=sys.stderr)
            if system in systems:
                rows.append(row)
        produced = workdir / "results-rank-bm25.json"
        if produced.exists():
            cached.parent.mkdir(parents=True, exist_ok=True)
            cached.write_text(produced.read_text())
        reference = json.loads(cached.read_text())
        for row in rows:
            results = json.loads((workdir / f"results-{row['system']}.json").read_text())
            row["top10_parity"] = sum(
                a == b for a, b in zip(results, reference, strict=True)
            ) / len(reference)
        if args.raw:
            for system in ("newsbot-raw", "bm25s-raw"):
                build = run_worker(system, "build", workdir)
                rows.append(
                    {"system": system, "corpus": args.corpus, "passages": args.passages, **build}
                )
                print(f"{system}: {json.dumps(rows[-1])}", file=sys.stderr)
    return rows


def _cell(row: dict[str, Any], key: str, digits: int) -> str:
    value = row.get(key)
    return "–" if value is None else f"{value:,.{digits}f}"


def table(rows: list[dict[str, Any]]) -> str:
    lines = ["| system | build s | peak RSS MiB | load s | p50 ms | p95 ms | top-10 parity |"]
    lines.append("| --- | --- | --- | --- | --- | --- | --- |")
    for row in rows:
        cells = [_cell(row, "build_s", 1), _cell(row, "peak_rss_mib", 0), _cell(row, "load_s", 3)]
        cells += [_cell(row, "p50_ms", 2), _cell(row, "p95_ms", 2), _cell(row, "top10_parity", 3)]
        lines.append(f"| {row['system']} | " + " | ".join(cells) + " |")
    ours = next((row for row in rows if row["system"] == "newsbot"), None)
    if ours is not None:
        lines.append("")
        lines.append("newsbot as a ratio of each peer (below 1 is better):")
        for row in rows:
            if row["system"] in ("newsbot", "newsbot-raw", "bm25s-raw") or not row.get("p50_ms"):
                continue
            lines.append(
                f"- vs {row['system']}: p50 {ours['p50_ms'] / row['p50_ms']:.2f}×, "
                f"p95 {ours['p95_ms'] / row['p95_ms']:.2f}×, "
                f"build {ours['build_s'] / row['build_s']:.2f}×"
            )
    raw = {row["system"]: row for row in rows if row["system"].endswith("-raw")}
    if len(raw) == 2:
        ratio = raw["newsbot-raw"]["build_s"] / raw["bm25s-raw"]["build_s"]
        lines.append(f"- build from raw text, analysis included: {ratio:.2f}× bm25s")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", choices=("synthetic", "reuters"), default="synthetic")
    parser.add_argument("--passages", type=int, default=100_000)
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--raw", action="store_true", help="also time a build from raw text")
    parser.add_argument("--data", default=str(HERE.parent.parent / "shared" / "data"))
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--phase", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ.setdefault("PTB_TIMEDELTA", "true")
    if args.worker:
        print(json.dumps(worker(args.worker, args.phase, Path(args.workdir))))
        return
    rows = compare(args)
    print(json.dumps(rows, indent=2) if args.json else table(rows))


if __name__ == "__main__":
    main()
