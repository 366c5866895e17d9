"""What every command shares: the consoles, the options, opening a corpus's index with a
progress bar, and turning expected failures into one line and exit status 1."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)

from newsbot.answering.filter_times import flag_date
from newsbot.answering.filters import FilterRequest
from newsbot.answering.pipeline import Answerer
from newsbot.app.library import OpenedIndex, open_index
from newsbot.config import Settings, load_settings
from newsbot.corpus import CorpusFile, printable, scan_corpus
from newsbot.errors import NewsbotError
from newsbot.index.okapi import BM25Params
from newsbot.indexing.build import BuildSummary, IndexConfig
from newsbot.semantic import SemanticReranker
from newsbot.semantic import prepare as prepare_semantic

# Piped output is not wrapped, so that quotes stay on their own lines, exactly as written.
out = Console(highlight=False, width=None if sys.stdout.isatty() else 100_000)


err = Console(stderr=True, highlight=False, width=None if sys.stderr.isatty() else 100_000)


CorpusOption = Annotated[
    Path | None,
    typer.Option("--corpus", "-c", help="Corpus folder or file (default: NEWSBOT_CORPUS_DIR)."),
]


IndexDirOption = Annotated[
    Path | None,
    typer.Option("--index-dir", help="Where indexes are kept (default: NEWSBOT_INDEX_DIR)."),
]


TopKOption = Annotated[
    int | None, typer.Option("--top", "-k", min=1, max=50, help="How many passages to show.")
]


JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of text.")]


SemanticOption = Annotated[
    bool | None,
    typer.Option(
        "--semantic/--no-semantic",
        help="Rerank with a sentence encoder (needs the semantic extra; "
        "default: NEWSBOT_SEMANTIC).",
    ),
]


FullOption = Annotated[
    bool, typer.Option("--full", help="Show whole passages, not only the best sentences.")
]


SourceOption = Annotated[
    str | None,
    typer.Option("--source", help="Only articles of this outlet (e.g. Reuters; any case)."),
]


SectionOption = Annotated[
    str | None,
    typer.Option("--section", help="Only articles of this section (e.g. sport)."),
]


def _checked_date(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        flag_date(value, end=False)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    return value


SinceOption = Annotated[
    str | None,
    typer.Option(
        "--since", callback=_checked_date, help="Only articles from this day on (YYYY[-MM[-DD]])."
    ),
]


UntilOption = Annotated[
    str | None,
    typer.Option(
        "--until", callback=_checked_date, help="Only articles up to this day (YYYY[-MM[-DD]])."
    ),
]


def filter_request(
    source: str | None, section: str | None, since: str | None, until: str | None
) -> FilterRequest | None:
    """The filter flags, or None when none was given."""
    if source is None and section is None and since is None and until is None:
        return None
    return FilterRequest(source=source, section=section, since=since, until=until)


class FileProgress:
    """Draws indexing progress on stderr, by bytes of corpus files read."""

    def __init__(self, progress: Progress, task: TaskID) -> None:
        self._progress = progress
        self._task = task

    def file_done(self, corpus_file: CorpusFile) -> None:
        self._progress.update(self._task, advance=corpus_file.size, file=shown(corpus_file.relpath))

    def articles_done(self, count: int) -> None:
        self._progress.update(self._task, articles=count)


def index_config(settings: Settings) -> IndexConfig:
    """What the settings say about how to index (the settings know nothing of the engine)."""
    return IndexConfig(
        bm25=BM25Params(k1=settings.bm25_k1, b=settings.bm25_b, epsilon=settings.bm25_epsilon),
        passage_words=settings.passage_words,
        title_mode="field" if settings.title_mode == "field" else "joined",
        follow_outside_links=settings.follow_outside_links,
    )


def current_settings() -> Settings:
    return load_settings()


def corpus_of(settings: Settings, corpus: Path | None) -> Path:
    return corpus if corpus is not None else settings.corpus_dir


@contextmanager
def progress_bar(corpus: Path) -> Iterator[FileProgress]:
    """A progress bar on stderr, drawn only if the index has to be built."""
    files = scan_corpus(corpus)
    with Progress(
        TextColumn(
            "[bold]Indexing[/bold] {task.fields[file]} ({task.fields[articles]:,} articles)"
        ),
        BarColumn(),
        DownloadColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task(
            "index", total=sum(item.size for item in files), file=shown(corpus.name), articles=0
        )
        yield FileProgress(progress, task)


def open_corpus(
    settings: Settings, corpus: Path, index_dir: Path | None, rebuild: bool = False
) -> OpenedIndex:
    """Open the corpus's index, building it first if it is missing or stale."""
    with progress_bar(corpus) as progress:
        return open_index(
            corpus,
            index_dir if index_dir is not None else settings.index_dir,
            index_config(settings),
            rebuild=rebuild,
            progress=progress,
        )


def semantic_for(
    settings: Settings, opened: OpenedIndex, wanted: bool | None
) -> SemanticReranker | None:
    """The semantic reranker if asked for, encoding the corpus's passages first if needed."""
    if not (settings.semantic if wanted is None else wanted):
        return None
    with Progress(
        TextColumn("[bold]Encoding passages[/bold]"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("encode", total=opened.index.passage_count)
        return prepare_semantic(
            opened.index,
            settings.semantic_max_passages,
            lambda done, _total: progress.update(task, completed=done),
        )


def opened_corpus(corpus: Path | None, index_dir: Path | None) -> tuple[Settings, OpenedIndex]:
    """The settings, and the corpus's index (built first if needed, saying so on stderr)."""
    settings = current_settings()
    path = corpus_of(settings, corpus)
    opened = open_corpus(settings, path, index_dir)
    report_build(path, opened, err)
    return settings, opened


def answerer_for(
    settings: Settings, opened: OpenedIndex, top_k: int, semantic: bool | None
) -> Answerer:
    """An answerer over the opened index, semantic if asked for (and encoded first if need be)."""
    return Answerer(opened.index, top_k=top_k, semantic=semantic_for(settings, opened, semantic))


def report_build(corpus: Path, opened: OpenedIndex, console: Console) -> None:
    summary = opened.built
    if summary is None:
        return
    reason = shown(opened.reason or "")
    console.print(f"Indexed {shown(corpus)} ({reason}): {summary_text(summary)}")
    base = corpus if corpus.is_dir() else corpus.parent
    for item in summary.skipped:
        console.print(f"  skipped {shown(base / item.origin)}: {shown(item.reason)}")


def shown(text: str | Path) -> str:
    """A file name (or a message naming files) ready for `Console.print`: control characters
    escaped, so that a file named with ESC, OSC or newline characters cannot drive the
    terminal or forge a line of the report, and Rich's markup escaped, so that "[bold]" in a
    name is shown as written."""
    return escape(printable(str(text)))


def summary_text(summary: BuildSummary) -> str:
    parts = [
        count_of(summary.articles, "article"),
        count_of(summary.passages, "passage"),
        f"{len(summary.skipped)} skipped",
        count_of(len(summary.duplicates), "duplicate"),
        f"{summary.units - summary.reused_units} of {summary.units} parts analysed",
        f"{summary.seconds:.1f} s",
    ]
    return ", ".join(parts)


def count_of(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn expected failures into one line on stderr and exit status 1."""
    try:
        yield
    except NewsbotError as error:
        err.print(f"[red]Error:[/red] {shown(str(error))}")
        raise typer.Exit(1) from None
