"""The `newsbot` command: index a corpus, ask it questions, chat, list sources, run the bot.

Every command is listed here with its example, so the whole command line reads in one place;
each lives in `commands` or `evaluate`, and what they share in `shared`. Expected failures print
one line and exit 1; usage errors exit 2.
"""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer

from newsbot.cli import chat, commands, evaluate, feedback
from newsbot.cli.shared import current_settings, user_errors

app = typer.Typer(
    name="newsbot",
    help="Ask questions about a corpus of news articles; get exact quotes with their sources.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
feedback_app = typer.Typer(
    help="The Telegram bot's 👍 / 👎 feedback.",
    no_args_is_help=True,
)
eval_app = typer.Typer(
    help="Measure answer quality on a QA set, an IR test collection or a speaker set.",
    no_args_is_help=True,
)


@app.callback()
def _main(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Log progress to stderr.")
    ] = False,
) -> None:
    """Configure logging once for every command."""
    with user_errors():
        level = logging.INFO if verbose else getattr(logging, current_settings().log_level.upper())
    logging.basicConfig(
        level=level, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr
    )


app.command(epilog="Example: newsbot index --corpus corpus/ --rebuild")(commands.index)
app.command(epilog='Example: newsbot ask "What did he say about youth?" -k 5 --json')(commands.ask)
app.command(
    epilog="Example: newsbot chat --corpus corpus/ ; "
    "printf 'What did he say about youth?\\nand about jobs?\\n' | newsbot chat --json"
)(chat.chat)
app.command(epilog="Example: newsbot sources --json | jq '.[].title'")(commands.sources)
app.command(epilog="Example: newsbot show 'bbc/business/001.txt' --json")(commands.show)
app.command(name="where", epilog="Example: newsbot where --corpus ../other-corpus")(commands.where)
app.command(epilog="Example: NEWSBOT_TELEGRAM_TOKEN=123:abc newsbot run --corpus corpus/")(
    commands.run
)
app.add_typer(feedback_app, name="feedback")
feedback_app.command(
    "export",
    epilog="Example: newsbot feedback export -o feedback.jsonl && newsbot eval qa feedback.jsonl",
)(feedback.export)
app.add_typer(eval_app, name="eval")
eval_app.command(
    "qa",
    epilog="Example: newsbot eval qa ../shared/eval/questions.jsonl "
    "--corpus ../shared/data/bbc-news/bbc-news.jsonl",
)(evaluate.eval_qa)
eval_app.command(
    "speakers",
    epilog="Example: newsbot eval speakers benchmarks/eval/speakers.jsonl "
    "--corpus ../shared/data/bbc-news/bbc-news.jsonl --json",
)(evaluate.eval_speakers)
eval_app.command(
    "conversations",
    epilog="Example: newsbot eval conversations benchmarks/eval/conversations.jsonl "
    "--corpus ../shared/data/bbc-news/bbc-news.jsonl",
)(evaluate.eval_conversations)
eval_app.command(
    "filters",
    epilog="Example: newsbot eval filters benchmarks/eval/filters.jsonl "
    "--corpus ../shared/data/bbc-news/bbc-news.jsonl "
    "--corpus ../shared/data/reuters-21578/reuters-21578.jsonl",
)(evaluate.eval_filters)
eval_app.command("ir", epilog="Example: newsbot eval ir ../shared/data/time-1963 --json")(
    evaluate.eval_ir
)


def main() -> None:
    """Console-script entry point."""
    app()
