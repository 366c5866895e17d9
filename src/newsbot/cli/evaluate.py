"""`newsbot eval`: answer quality on a QA set, and ranking quality on an IR test collection."""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from newsbot.cli.shared import (
    CorpusOption,
    IndexDirOption,
    JsonOption,
    SemanticOption,
    answerer_for,
    current_settings,
    err,
    index_config,
    open_corpus,
    opened_corpus,
    out,
    report_build,
    user_errors,
)
from newsbot.render import terminal


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

    with user_errors():
        items = load_questions(questions)
        settings, opened = opened_corpus(corpus, index_dir)
        answerer = answerer_for(settings, opened, 3, semantic)
        report = evaluate_qa(answerer.ask, items)
        if as_json:
            sys.stdout.write(json.dumps(report.as_dict(), indent=2) + "\n")
            return
        out.print(terminal.render_qa_report(report))


def eval_conversations(
    conversations: Annotated[
        Path,
        typer.Argument(help="Conversation set: JSON lines of id and turns [{question, gold}]."),
    ],
    corpus: CorpusOption = None,
    index_dir: IndexDirOption = None,
    as_json: JsonOption = False,
    semantic: SemanticOption = None,
) -> None:
    """First turns and follow-ups apart (top-1, top-3, quote@1), and follow-ups asked alone."""
    from newsbot.evaluation.conversations import evaluate_conversations, load_conversations

    with user_errors():
        cases = load_conversations(conversations)
        settings, opened = opened_corpus(corpus, index_dir)
        answerer = answerer_for(settings, opened, 3, semantic)
        report = evaluate_conversations(answerer, cases)
        if as_json:
            sys.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n")
            return
        out.print(terminal.render_conversation_report(report))


def eval_filters(
    questions: Annotated[
        Path, typer.Argument(help="Filter set: JSON lines of id, question, gold, constraint.")
    ],
    corpus: Annotated[
        list[Path],
        typer.Option(
            "--corpus",
            "-c",
            help="Corpus file or folder; several are indexed together as one corpus.",
        ),
    ],
    index_dir: IndexDirOption = None,
    as_json: JsonOption = False,
    semantic: SemanticOption = None,
) -> None:
    """Top-1 / top-3 of questions that name a filter, and the share of hits meeting it."""
    from newsbot.app.library import OpenedIndex, combined_corpus, open_index
    from newsbot.evaluation import evaluate_filters, load_filter_questions

    with user_errors():
        items = load_filter_questions(questions)
        settings = current_settings()
        root = index_dir if index_dir is not None else settings.index_dir
        if len(corpus) == 1:
            opened = open_corpus(settings, corpus[0], index_dir)
            report_build(corpus[0], opened, err)
        else:
            folder = combined_corpus(corpus, root)
            # The folder holds links to the named files, which are outside it on purpose.
            config = replace(index_config(settings), follow_outside_links=True)
            built: OpenedIndex = open_index(folder, root, config)
            report_build(folder, built, err)
            opened = built
        answerer = answerer_for(settings, opened, 3, semantic)
        report = evaluate_filters(answerer.ask, items)
        if as_json:
            sys.stdout.write(json.dumps(report.as_dict(), indent=2) + "\n")
            return
        out.print(terminal.render_filter_report(report))


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

    with user_errors():
        settings = current_settings()
        loaded = load_collection(collection)
        opened = open_corpus(settings, loaded.corpus, index_dir)
        report_build(loaded.corpus, opened, err)
        answerer = answerer_for(settings, opened, 3, semantic)
        report = evaluate_collection(answerer.rank_articles, loaded)
        if as_json:
            sys.stdout.write(
                json.dumps({"collection": str(collection), **report.as_dict()}, indent=2) + "\n"
            )
            return
        out.print(terminal.render_ir_report(str(collection), report))


def eval_speakers(
    speakers: Annotated[
        Path,
        typer.Argument(help="Speaker set: JSON lines of id, corpus, article_id, text, speaker."),
    ],
    corpus: Annotated[
        list[Path],
        typer.Option(
            "--corpus", "-c", help="A JSON Lines corpus holding the set's articles (repeatable)."
        ),
    ],
    as_json: JsonOption = False,
) -> None:
    """Precision and recall of the speaker line shown under each sentence of a speaker set."""
    from newsbot.evaluation import evaluate_speakers, load_speaker_set, read_articles

    with user_errors():
        items = load_speaker_set(speakers)
        articles = read_articles(corpus, {item.article_id for item in items})
        report = evaluate_speakers(items, articles)
        if as_json:
            sys.stdout.write(json.dumps(report.as_dict(), indent=2, ensure_ascii=False) + "\n")
            return
        out.print(terminal.render_speaker_report(report))
