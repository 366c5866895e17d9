"""The `newsbot` command: index a corpus, ask it questions, chat, list sources.

Each command parses its input, calls the library, and renders the result; nothing here knows
how search works. Expected failures print one line and exit 1; usage errors exit 2.
"""

from __future__ import annotations

import json
import logging
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

from newsbot.answering.pipeline import Answerer
from newsbot.app.configure import index_config
from newsbot.app.library import OpenedIndex, index_location, open_index
from newsbot.app.service import SearchService
from newsbot.config import Settings, load_settings
from newsbot.corpus import CorpusFile, scan_corpus
from newsbot.errors import ConfigurationError, NewsbotError
from newsbot.indexing.build import BuildSummary
from newsbot.render import json as json_render
from newsbot.render import terminal
from newsbot.semantic import SemanticReranker
from newsbot.semantic import prepare as prepare_semantic

app = typer.Typer(
    name="newsbot",
    help="Ask questions about a corpus of news articles; get exact quotes with their sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
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


class _FileProgress:
    """Draws indexing progress on stderr, by bytes of corpus files read."""

    def __init__(self, progress: Progress, task: TaskID) -> None:
        self._progress = progress
        self._task = task

    def file_done(self, corpus_file: CorpusFile) -> None:
        self._progress.update(self._task, advance=corpus_file.size, file=corpus_file.relpath)

    def articles_done(self, count: int) -> None:
        self._progress.update(self._task, articles=count)


def _settings() -> Settings:
    return load_settings()


def _corpus(settings: Settings, corpus: Path | None) -> Path:
    return corpus if corpus is not None else settings.corpus_dir


@contextmanager
def _progress_bar(corpus: Path) -> Iterator[_FileProgress]:
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
            "index", total=sum(item.size for item in files), file=corpus.name, articles=0
        )
        yield _FileProgress(progress, task)


def _open(
    settings: Settings, corpus: Path, index_dir: Path | None, rebuild: bool = False
) -> OpenedIndex:
    """Open the corpus's index, building it first if it is missing or stale."""
    with _progress_bar(corpus) as progress:
        return open_index(
            corpus,
            index_dir if index_dir is not None else settings.index_dir,
            index_config(settings),
            rebuild=rebuild,
            progress=progress,
        )


def _semantic(
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


def _report_build(corpus: Path, opened: OpenedIndex, console: Console) -> None:
    summary = opened.built
    if summary is None:
        return
    reason = escape(opened.reason or "")
    console.print(f"Indexed {escape(str(corpus))} ({reason}): {_summary_text(summary)}")
    base = corpus if corpus.is_dir() else corpus.parent
    for item in summary.skipped:
        console.print(f"  skipped {escape(str(base / item.origin))}: {escape(item.reason)}")


def _summary_text(summary: BuildSummary) -> str:
    parts = [
        _count(summary.articles, "article"),
        _count(summary.passages, "passage"),
        f"{len(summary.skipped)} skipped",
        _count(len(summary.duplicates), "duplicate"),
        f"{summary.units - summary.reused_units} of {summary.units} parts analysed",
        f"{summary.seconds:.1f} s",
    ]
    return ", ".join(parts)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


@contextmanager
def _user_errors() -> Iterator[None]:
    """Turn expected failures into one line on stderr and exit status 1."""
    try:
        yield
    except NewsbotError as error:
        err.print(f"[red]Error:[/red] {escape(str(error))}")
        raise typer.Exit(1) from None


@app.callback()
def _main(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log progress to stderr.")
    ] = False,
) -> None:
    """Configure logging once for every command."""
    with _user_errors():
        level = logging.INFO if verbose else getattr(logging, _settings().log_level.upper())
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


@app.command(epilog="Example: newsbot index --corpus corpus/ --rebuild")
def index(
    corpus: CorpusOption = None,
    index_dir: IndexDirOption = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild even if current.")] = False,
) -> None:
    """Index a corpus (done by itself on first use; this shows the summary)."""
    with _user_errors():
        settings = _settings()
        path = _corpus(settings, corpus)
        opened = _open(settings, path, index_dir, rebuild=rebuild)
        if opened.built is None:
            stats = opened.index.stats
            out.print(
                f"Index of {escape(str(path))} is current: {stats['articles']} articles, "
                f"{stats['passages']} passages ({escape(str(opened.index.path))})"
            )
            return
        _report_build(path, opened, out)
        out.print(f"Index written to {escape(str(opened.index.path))}")


FullOption = Annotated[
    bool, typer.Option("--full", help="Show whole passages, not only the best sentences.")
]


@app.command(epilog='Example: newsbot ask "What did he say about youth?" -k 5 --json')
def ask(
    question: Annotated[str, typer.Argument(help="Your question, in quotes.")],
    top: TopKOption = None,
    as_json: JsonOption = False,
    full: FullOption = False,
    corpus: CorpusOption = None,
    index_dir: IndexDirOption = None,
    semantic: SemanticOption = None,
) -> None:
    """Answer one question with the best matching passages and their sources."""
    with _user_errors():
        if not question.strip():
            raise NewsbotError(
                'the question is empty; try: newsbot ask "What did he say about youth?"'
            )
        settings = _settings()
        path = _corpus(settings, corpus)
        opened = _open(settings, path, index_dir)
        _report_build(path, opened, err)
        answerer = Answerer(
            opened.index,
            top_k=top or settings.top_k,
            semantic=_semantic(settings, opened, semantic),
        )
        answer = answerer.ask(question)
        if as_json:
            sys.stdout.write(json_render.render_answer(answer) + "\n")
        else:
            out.print(terminal.render_answer(answer, full))


@app.command(epilog="Example: newsbot chat --corpus corpus/")
def chat(
    top: TopKOption = None,
    full: FullOption = False,
    corpus: CorpusOption = None,
    index_dir: IndexDirOption = None,
    semantic: SemanticOption = None,
) -> None:
    """Ask questions one after another; an empty line, "quit" or Ctrl-D ends."""
    with _user_errors():
        settings = _settings()
        path = _corpus(settings, corpus)
        opened = _open(settings, path, index_dir)
        _report_build(path, opened, err)
        answerer = Answerer(
            opened.index,
            top_k=top or settings.top_k,
            semantic=_semantic(settings, opened, semantic),
        )
        stats = opened.index.stats
        out.print(f"{stats['articles']} articles, {stats['passages']} passages. Ask away.")
        while True:
            try:
                question = out.input("[bold]?[/bold] ")
            except (EOFError, KeyboardInterrupt):
                out.print()
                return
            if question.strip().casefold() in ("", "quit", "exit", ":q"):
                return
            out.print(terminal.render_answer(answerer.ask(question), full))


@app.command(epilog="Example: newsbot sources --json | jq '.[].title'")
def sources(
    as_json: JsonOption = False,
    corpus: CorpusOption = None,
    index_dir: IndexDirOption = None,
) -> None:
    """List the indexed articles: id, title, outlet and date."""
    with _user_errors():
        settings = _settings()
        path = _corpus(settings, corpus)
        opened = _open(settings, path, index_dir)
        _report_build(path, opened, err)
        articles = opened.index.articles()
        if as_json:
            rows = [
                {
                    "id": a.id,
                    "title": a.title,
                    "source": a.source,
                    "published": a.published,
                    "url": a.url,
                }
                for a in articles
            ]
            sys.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
            return
        for article in articles:
            details = ", ".join(part for part in (article.source, article.published) if part)
            suffix = f" — {details}" if details else ""
            out.print(f"{escape(article.id)}\t{escape(article.title)}{escape(suffix)}")


@app.command(name="where", epilog="Example: newsbot where --corpus ../other-corpus")
def where(corpus: CorpusOption = None, index_dir: IndexDirOption = None) -> None:
    """Print where the corpus's index is kept."""
    with _user_errors():
        settings = _settings()
        path = _corpus(settings, corpus)
        out.print(
            str(index_location(path, index_dir if index_dir is not None else settings.index_dir))
        )


@app.command(epilog="Example: NEWSBOT_TELEGRAM_TOKEN=123:abc newsbot run --corpus corpus/")
def run(
    webhook: Annotated[
        bool,
        typer.Option(
            "--webhook", help="Serve a webhook (also on when NEWSBOT_WEBHOOK_URL is set)."
        ),
    ] = False,
    corpus: CorpusOption = None,
    index_dir: IndexDirOption = None,
) -> None:
    """Run the Telegram bot: long polling by default, or a webhook."""
    with _user_errors():
        settings = _settings()
        if settings.telegram_token is None:
            raise ConfigurationError(
                "NEWSBOT_TELEGRAM_TOKEN is not set. Get a token from @BotFather "
                "(https://t.me/BotFather) and set NEWSBOT_TELEGRAM_TOKEN."
            )
        from newsbot.bot import run_bot
        from newsbot.bot.logs import configure_logging

        level = settings.log_level if "log_level" in settings.model_fields_set else "INFO"
        configure_logging(
            level,
            [settings.telegram_token.get_secret_value()]
            + ([settings.webhook_secret.get_secret_value()] if settings.webhook_secret else []),
            as_json=settings.log_format.lower() == "json",
        )
        path = _corpus(settings, corpus)
        root = index_dir if index_dir is not None else settings.index_dir
        service = SearchService(
            path,
            root,
            index_config(settings),
            settings.top_k,
            semantic=settings.semantic,
            semantic_max_passages=settings.semantic_max_passages,
        )
        with _progress_bar(path) as progress:
            opened = service.open(progress)
        _report_build(path, opened, err)
        run_bot(settings, service, webhook=webhook or bool(settings.webhook_url))


eval_app = typer.Typer(
    help="Measure answer quality on a QA set or an IR test collection.", no_args_is_help=True
)
app.add_typer(eval_app, name="eval")


@eval_app.command(
    "qa",
    epilog="Example: newsbot eval qa ../shared/eval/questions.jsonl "
    "--corpus ../shared/data/bbc-news/bbc-news.jsonl",
)
def eval_qa(
    questions: Annotated[
        Path, typer.Argument(help="QA set: JSON lines of id, question, gold, kind.")
    ],
    corpus: CorpusOption = None,
    index_dir: IndexDirOption = None,
    as_json: JsonOption = False,
    semantic: SemanticOption = None,
) -> None:
    """Top-1 / top-3 hit rates of a QA set, per kind and language, and honest "nothing found"."""
    from newsbot.evaluation import evaluate_qa, load_questions

    with _user_errors():
        settings = _settings()
        path = _corpus(settings, corpus)
        items = load_questions(questions)
        opened = _open(settings, path, index_dir)
        _report_build(path, opened, err)
        answerer = Answerer(opened.index, top_k=3, semantic=_semantic(settings, opened, semantic))
        report = evaluate_qa(answerer.ask, items)
        if as_json:
            sys.stdout.write(json.dumps(report.as_dict(), indent=2) + "\n")
            return
        out.print(terminal.render_qa_report(report))


@eval_app.command("ir", epilog="Example: newsbot eval ir ../shared/data/time-1963 --json")
def eval_ir(
    collection: Annotated[
        Path, typer.Argument(help="Folder with corpus.jsonl, queries.jsonl, qrels.")
    ],
    index_dir: IndexDirOption = None,
    as_json: JsonOption = False,
    semantic: SemanticOption = None,
) -> None:
    """nDCG@10, MAP and R@100 on an IR test collection (normalised or BEIR layout)."""
    from newsbot.evaluation import evaluate_collection, load_collection

    with _user_errors():
        settings = _settings()
        loaded = load_collection(collection)
        opened = _open(settings, loaded.corpus, index_dir)
        _report_build(loaded.corpus, opened, err)
        answerer = Answerer(opened.index, semantic=_semantic(settings, opened, semantic))
        report = evaluate_collection(answerer.rank_articles, loaded)
        if as_json:
            sys.stdout.write(
                json.dumps({"collection": str(collection), **report.as_dict()}, indent=2) + "\n"
            )
            return
        out.print(terminal.render_ir_report(str(collection), report))


def main() -> None:
    """Console-script entry point."""
    app()
