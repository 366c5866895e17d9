"""Corpus files → a saved BM25 index: read, split into passages, analyse, count, write.

The title of an article is analysed into every one of its passages, so that a question naming
the article's subject finds its passages even where the body does not repeat the name; the
quoted text is still only the body.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import numpy as np

from newsbot.analysis import ANALYZER_VERSION, Analyzer, detect_language, normalise_language
from newsbot.analysis.language import LATIN_SCRIPT
from newsbot.corpus import CorpusFile, ReadReport, Skipped, read_corpus
from newsbot.errors import EmptyCorpusError
from newsbot.index.news_index import FORMAT_VERSION
from newsbot.index.okapi import BM25Params, okapi_idf
from newsbot.index.postings import Postings, PostingsBuilder, Vocabulary
from newsbot.index.store import write_index_file
from newsbot.passages import DEFAULT_PASSAGE_WORDS, split_passages

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}$")


TitleMode = Literal["joined", "field"]
FIELDS = ("passage", "article", "title")


@dataclass(frozen=True, slots=True)
class IndexConfig:
    """Everything that changes what is indexed; a saved index built otherwise is rebuilt.

    `title_mode` "joined" indexes the article title with every passage; "field" indexes
    passages without it, and answers then add the separate title field's score.
    """

    bm25: BM25Params = field(default_factory=BM25Params)
    passage_words: int = DEFAULT_PASSAGE_WORDS
    title_mode: TitleMode = "joined"

    def as_header(self) -> dict[str, Any]:
        return {
            "k1": self.bm25.k1,
            "b": self.bm25.b,
            "epsilon": self.bm25.epsilon,
            "passage_words": self.passage_words,
            "title_mode": self.title_mode,
            "analyzer_version": ANALYZER_VERSION,
            "format_version": FORMAT_VERSION,
        }


@dataclass(frozen=True, slots=True)
class BuildSummary:
    """What an indexing run did, for the user and for the index header."""

    files: int
    articles: int
    passages: int
    terms: int
    tokens: int
    seconds: float
    skipped: tuple[Skipped, ...]
    duplicates: tuple[tuple[str, str], ...]
    renamed: tuple[tuple[str, str], ...]


class BuildProgress(Protocol):
    """Receives progress while a corpus is indexed (the CLI draws a bar from it)."""

    def file_done(self, corpus_file: CorpusFile) -> None: ...

    def articles_done(self, count: int) -> None: ...


_PROGRESS_EVERY = 250


def fingerprint(files: Sequence[CorpusFile]) -> list[list[Any]]:
    """What identifies the corpus's state: each file's path, size and modification time."""
    return [[item.relpath, item.size, item.mtime_ns] for item in files]


def build_index(
    root: Path,
    files: Sequence[CorpusFile],
    destination: Path,
    config: IndexConfig,
    progress: BuildProgress | None = None,
) -> BuildSummary:
    """Index `files` and write the result atomically to `destination`."""
    began = time.perf_counter()
    report = ReadReport()
    vocabulary = Vocabulary()
    builders = {name: PostingsBuilder(vocabulary) for name in FIELDS}
    joined = config.title_mode == "joined"
    analyzers: dict[str, Analyzer] = {}
    languages: Counter[str] = Counter()
    outlets: Counter[str] = Counter()
    dates: list[str] = []  # ISO dates are ordered as strings
    text = bytearray()
    text_ptr = [0]
    meta = bytearray()
    meta_ptr = [0]
    passage_article: list[int] = []
    passage_start: list[int] = []
    passage_end: list[int] = []
    article_first = [0]
    on_file = progress.file_done if progress is not None else None
    for article in read_corpus(list(files), report, on_file):
        language = normalise_language(article.language) or detect_language(article.text)
        languages[language] += 1
        if article.source:
            outlets[article.source] += 1
        if article.published and _ISO_DATE.match(article.published):
            dates = [min([*dates, article.published]), max([*dates, article.published])]
        analyzer = analyzers.get(language)
        if analyzer is None:
            analyzer = analyzers[language] = Analyzer(language)
        title_terms = analyzer.terms(article.title)
        number = len(text_ptr) - 1
        article_terms = list(title_terms)
        for start, end in split_passages(article.text, config.passage_words):
            body = analyzer.terms(article.text[start:end])
            builders["passage"].add(title_terms + body if joined else body)
            article_terms.extend(body)
            passage_article.append(number)
            passage_start.append(start)
            passage_end.append(end)
        builders["article"].add(article_terms)
        builders["title"].add(title_terms)
        article_first.append(len(passage_article))
        text += article.text.encode("utf-8")
        text_ptr.append(len(text))
        record = {
            "id": article.id,
            "title": article.title,
            "source": article.source,
            "url": article.url,
            "published": article.published,
            "language": language,
            "origin": article.origin,
        }
        meta += json.dumps(record, ensure_ascii=False).encode("utf-8")
        meta_ptr.append(len(meta))
        if progress is not None and number % _PROGRESS_EVERY == 0:
            progress.articles_done(number + 1)

    if builders["passage"].documents == 0:
        raise EmptyCorpusError(_empty_message(root, report))
    arrays: dict[str, np.ndarray] = {
        "vocabulary": np.frombuffer("\n".join(vocabulary.terms()).encode("utf-8"), dtype=np.uint8)
    }
    fields: dict[str, dict[str, float]] = {}
    for name, builder in builders.items():
        postings = builder.finish()
        fields[name] = _field_arrays(name, postings, config.bm25.epsilon, arrays)
    passages = builders["passage"].documents
    tokens = int(fields["article"]["tokens"])
    summary = BuildSummary(
        files=report.files,
        articles=report.articles,
        passages=passages,
        terms=len(vocabulary),
        tokens=tokens,
        seconds=time.perf_counter() - began,
        skipped=tuple(report.skipped),
        duplicates=tuple(report.duplicates),
        renamed=tuple(report.renamed),
    )
    header = {
        "format": "newsbot-index",
        "params": config.as_header(),
        "corpus": {"root": str(root), "files": fingerprint(files)},
        "fields": fields,
        "query_language": _query_language(languages),
        "languages": dict(languages.most_common()),
        "stats": {
            "files": summary.files,
            "articles": summary.articles,
            "passages": summary.passages,
            "terms": summary.terms,
            "tokens": summary.tokens,
            "outlets": len(outlets),
            "first_published": dates[0] if dates else None,
            "last_published": dates[-1] if dates else None,
            "build_seconds": round(summary.seconds, 3),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "skipped": [[item.origin, item.reason] for item in summary.skipped],
            "duplicates": [list(pair) for pair in summary.duplicates],
            "renamed": [list(pair) for pair in summary.renamed],
        },
    }
    arrays |= {
        "passage_article": np.array(passage_article, dtype=np.int32),
        "passage_start": np.array(passage_start, dtype=np.int32),
        "passage_end": np.array(passage_end, dtype=np.int32),
        "article_first_passage": np.array(article_first, dtype=np.int32),
        "text_ptr": np.array(text_ptr, dtype=np.int64),
        "text": np.frombuffer(bytes(text), dtype=np.uint8),
        "meta_ptr": np.array(meta_ptr, dtype=np.int64),
        "meta": np.frombuffer(bytes(meta), dtype=np.uint8),
    }
    write_index_file(destination, header, arrays)
    return summary


def _field_arrays(
    name: str, postings: Postings, epsilon: float, arrays: dict[str, np.ndarray]
) -> dict[str, float]:
    """Add one field's arrays (prefixed with its name); return its header entry."""
    documents = int(postings.doc_len.shape[0])
    idf, average_idf = okapi_idf(postings.doc_freq, postings.first_seen, documents, epsilon)
    arrays[f"{name}.ptr"] = postings.ptr
    arrays[f"{name}.doc"] = postings.doc
    arrays[f"{name}.tf"] = postings.tf
    arrays[f"{name}.doc_len"] = postings.doc_len
    arrays[f"{name}.idf"] = idf
    total = int(postings.doc_len.sum(dtype=np.int64))
    return {
        "documents": documents,
        "tokens": total,
        "avgdl": total / max(documents, 1),
        "average_idf": average_idf,
    }


def _query_language(languages: Counter[str]) -> str:
    """The Latin-script language most articles are in: questions are stemmed with it."""
    for language, _ in languages.most_common():
        if language in LATIN_SCRIPT:
            return language
    return "en"


def _empty_message(root: Path, report: ReadReport) -> str:
    if not report.files:
        return f"the corpus {root} holds no files; add .txt, .md, .html, .json or .jsonl articles"
    reasons = "; ".join(f"{item.origin}: {item.reason}" for item in report.skipped[:5])
    more = f" (and {len(report.skipped) - 5} more)" if len(report.skipped) > 5 else ""
    return f"no readable article in {root}: {reasons}{more}"
