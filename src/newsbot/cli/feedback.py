"""`newsbot feedback export`: the bot's 👍 / 👎 votes as a QA set for `newsbot eval qa`.

The votes are read from the bot's feedback store (`feedback.sqlite3` in its state folder) and
written as JSON Lines (see `newsbot.bot.feedback_export` for what each line holds), to a file
written atomically (a temporary file renamed into place) or to stdout.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Annotated

import typer

from newsbot.cli.shared import current_settings, err, shown, user_errors
from newsbot.errors import NewsbotError

FEEDBACK_FILE = "feedback.sqlite3"


def export(
    state_dir: Annotated[
        Path | None,
        typer.Option(
            "--state-dir",
            help="The bot's state folder (default: NEWSBOT_STATE_DIR).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write here instead of to stdout.", show_default=False),
    ] = None,
) -> None:
    """Write the bot's votes as JSON Lines that `newsbot eval qa` scores: 👍 hits are gold."""
    with user_errors():
        folder = state_dir if state_dir is not None else current_settings().bot_state_dir()
        path = folder / FEEDBACK_FILE
        if not path.is_file():
            raise NewsbotError(
                f"no feedback store at {path}: the bot keeps its votes in NEWSBOT_STATE_DIR; "
                "pass --state-dir with that folder"
            )
        # The bot's modules are loaded only for this command (python-telegram-bot with them).
        from newsbot.bot.feedback_export import qa_records
        from newsbot.bot.feedback_store import FeedbackStore

        store = FeedbackStore(path)
        try:
            lines = [
                json.dumps(record, ensure_ascii=False) + "\n"
                for record in qa_records(store.votes())
            ]
        finally:
            store.close()
        if output is None:
            sys.stdout.writelines(lines)
        else:
            _write_atomically(output, "".join(lines))
            err.print(f"{len(lines):,} votes written to {shown(output)}")


def _write_atomically(path: Path, text: str) -> None:
    """The whole file or none of it: a reader never sees half an export."""
    try:
        handle, temporary = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
            Path(temporary).replace(path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        raise NewsbotError(f"cannot write {path} ({error.strerror or error})") from None
