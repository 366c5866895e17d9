"""The commands people run: index, ask, chat, sources, show, where, and run (the bot).

Each parses its input, calls the library, and renders the result; nothing here knows how
search works.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer

from newsbot.answering.articles import article_number
from newsbot.app.library import index_location
from newsbot.app.service import SearchService
from newsbot.cli.shared import (
    CorpusOption,
    FullOption,
    IndexDirOption,
    JsonOption,
    SectionOption,
    SemanticOption,
    SinceOption,
    SourceOption,
    TopKOption,
    UntilOption,
    answerer_for,
    corpus_of,
    current_settings,
    err,
    filter_request,
    index_config,
    open_corpus,
    opened_corpus,
    out,
    progress_bar,
    report_build,
    shown,
    user_errors,
)
from newsbot.errors import ConfigurationError, NewsbotError
from newsbot.render import json as json_render
from newsbot.render import terminal


def index(
    corpus: CorpusOption = None,
    index_dir: IndexDirOption = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Rebuild even if current.")] = False,
) -> None:
    """Index a corpus (done by itself on first use; this shows the summary)."""
    with user_errors():
        settings = current_settings()
        path = corpus_of(settings, corpus)
        opened = open_corpus(settings, path, index_dir, rebuild=rebuild)
        if opened.built is None:
            stats = opened.index.stats
            out.print(
                f"Index of {shown(path)} is current: {stats['articles']} articles, "
                f"{stats['passages']} passages ({shown(opened.index.path)})"
            )
            return
        report_build(path, opened, out)
        out.print(f"Index written to {shown(opened.index.path)}")


def ask(
    question: Annotated[str, typer.Argument(help="Your question, in quotes.")],
    top: TopKOption = None,
    as_json: JsonOption = False,
    full: FullOption = False,
    corpus: CorpusOption = None,
    index_dir: IndexDirOption = None,
    semantic: SemanticOption = None,
    source: SourceOption = None,
    section: SectionOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Answer one question with the best matching passages and their sources.

    Filters may be asked in the question ("only sport: …", "from Reuters", "in March 1987") or
    given as flags: newsbot ask --section sport --since 2005-01 "who won the Australian Open?"
    """
    with user_errors():
        if not question.strip():
            raise NewsbotError(
                'the question is empty; try: newsbot ask "What did he say about youth?"'
            )
        settings, opened = opened_corpus(corpus, index_dir)
        answerer = answerer_for(settings, opened, top or settings.top_k, semantic)
        answer = answerer.ask(question, filters=filter_request(source, section, since, until))
        if as_json:
            sys.stdout.write(json_render.render_answer(answer) + "\n")
        else:
            out.print(terminal.render_answer(answer, full))


def sources(
    as_json: JsonOption = False,
    corpus: CorpusOption = None,
    index_dir: IndexDirOption = None,
) -> None:
    """List the indexed articles: id, title, outlet and date."""
    with user_errors():
        _, opened = opened_corpus(corpus, index_dir)
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
            # The id of a file's article is its path in the corpus: shown escaped, as are all
            # file names the command line prints.
            out.print(f"{shown(article.id)}\t{shown(article.title)}{shown(suffix)}")


def show(
    article_id: Annotated[
        str, typer.Argument(help="The article's id, as `newsbot sources` and a hit's JSON name it.")
    ],
    as_json: JsonOption = False,
    corpus: CorpusOption = None,
    index_dir: IndexDirOption = None,
) -> None:
    """Print one whole article: its source line (title, outlet, date), its link and its text."""
    with user_errors():
        _, opened = opened_corpus(corpus, index_dir)
        number = article_number(opened.index, article_id)
        if number is None:
            raise NewsbotError(
                f"no article has the id {article_id!r}; `newsbot sources` lists the ids"
            )
        article = opened.index.article(number)
        if as_json:
            data = json_render.article_to_dict(article)
            sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
            return
        out.print(terminal.render_article(article))


def where(corpus: CorpusOption = None, index_dir: IndexDirOption = None) -> None:
    """Print where the corpus's index is kept."""
    with user_errors():
        settings = current_settings()
        path = corpus_of(settings, corpus)
        out.print(
            shown(index_location(path, index_dir if index_dir is not None else settings.index_dir))
        )


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
    with user_errors():
        settings = current_settings()
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
        path = corpus_of(settings, corpus)
        root = index_dir if index_dir is not None else settings.index_dir
        service = SearchService(
            path,
            root,
            index_config(settings),
            settings.top_k,
            semantic=settings.semantic,
            semantic_max_passages=settings.semantic_max_passages,
        )
        with progress_bar(path) as progress:
            opened = service.open(progress)
        report_build(path, opened, err)
        run_bot(settings, service, webhook=webhook or bool(settings.webhook_url))
