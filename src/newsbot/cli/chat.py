"""`newsbot chat`: one question after another, each read with the turns before it in mind.

Interactive, it edits lines and keeps their history with the standard library's readline (where
the platform has it: no extra dependency for a convenience), and knows `more`, `new` and `help`.
With `--json` it is a filter for scripts: one question a line in, one `ask --json` answer a line
out, context kept between lines; `/new` starts a new conversation and `/more` pages on.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Iterable
from typing import TextIO

from newsbot.answering.conversation import Conversation
from newsbot.answering.models import Answer
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
    filter_request,
    opened_corpus,
    out,
    user_errors,
)
from newsbot.render import json as json_render
from newsbot.render import terminal

_QUIT = frozenset(("quit", "exit", ":q"))
_NEW = frozenset(("new", "/new"))
_MORE = frozenset(("more", "/more"))
_HELP = frozenset(("help", "/help", "?"))
HELP = (
    "Ask a question, then follow it up: “and about jobs?”, “what else did he say?”, “when was "
    "that?”.\n"
    "  more  the next hits of the last answer\n"
    "  new   start a new conversation (forget the turns before)\n"
    "  help  this text\n"
    "  quit  (or an empty line, or Ctrl-D) leave"
)


def chat(
    top: TopKOption = None,
    full: FullOption = False,
    as_json: JsonOption = False,
    corpus: CorpusOption = None,
    index_dir: IndexDirOption = None,
    semantic: SemanticOption = None,
    source: SourceOption = None,
    section: SectionOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """Ask questions one after another, follow-ups included; `--json` reads one question a line
    from standard input and writes one JSON answer a line. The filter flags apply to every
    question."""
    with user_errors():
        settings, opened = opened_corpus(corpus, index_dir)
        answerer = answerer_for(settings, opened, top or settings.top_k, semantic)
        conversation = Conversation(
            answerer,
            expiry_seconds=settings.context_minutes * 60,
            filters=filter_request(source, section, since, until),
        )
        if as_json:
            answer_lines(conversation, sys.stdin, sys.stdout)
            return
        stats = opened.index.stats
        out.print(
            f"{stats['articles']} articles, {stats['passages']} passages. Ask away "
            "(“help” for what else you can type)."
        )
        _line_editing()
        while True:
            try:
                line = out.input("[bold]?[/bold] ")
            except (EOFError, KeyboardInterrupt):
                out.print()
                return
            command = line.strip().casefold()
            if not command or command in _QUIT:
                return
            if command in _HELP:
                out.print(HELP)
            elif command in _NEW:
                conversation.reset()
                out.print("New conversation.")
            elif command in _MORE:
                more = conversation.more()
                out.print(terminal.render_answer(more, full) if more else "Nothing more.")
            else:
                out.print(terminal.render_answer(conversation.ask(line), full))


def answer_lines(conversation: Conversation, lines: Iterable[str], output: TextIO) -> None:
    """One JSON line out for every line in that is not blank: an answer, or for `/new` and a
    `/more` with nothing more, a short status object."""
    for line in lines:
        text = line.strip()
        if not text:
            continue
        command = text.casefold()
        reply: dict[str, object] | Answer
        if command == "/new":
            conversation.reset()
            reply = {"new_conversation": True}
        elif command == "/more":
            more = conversation.more()
            reply = more if more is not None else {"more": False}
        else:
            reply = conversation.ask(text)
        if isinstance(reply, Answer):
            output.write(json_render.render_answer_line(reply) + "\n")
        else:
            output.write(json.dumps(reply) + "\n")
        output.flush()


def _line_editing() -> None:
    """Arrow keys and history for `input()`, where the standard library has readline."""
    if sys.stdin.isatty():
        with contextlib.suppress(ImportError):
            import readline  # noqa: F401  (importing it is what turns line editing on)
