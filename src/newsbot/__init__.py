"""newsbot: ask a folder of news articles questions, and get back exact quotes with their
speakers and sources.

The library in a few names: `open_index` builds or loads a corpus's index, `Answerer` answers
questions over it with `Answer`s of `Hit`s, and `SearchService` keeps a live index that can be
rebuilt and swapped while it answers (the bot uses it). The names are imported when first used,
so that `import newsbot.config` (or the command line's --help) does not load the engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsbot.answering.models import Answer, Hit, Source
    from newsbot.answering.pipeline import Answerer
    from newsbot.app.library import OpenedIndex, open_index
    from newsbot.app.service import SearchService
    from newsbot.errors import NewsbotError

_WHERE = {
    "Answer": "newsbot.answering.models",
    "Answerer": "newsbot.answering.pipeline",
    "Hit": "newsbot.answering.models",
    "NewsbotError": "newsbot.errors",
    "OpenedIndex": "newsbot.app.library",
    "SearchService": "newsbot.app.service",
    "Source": "newsbot.answering.models",
    "open_index": "newsbot.app.library",
}

__all__ = [
    "Answer",
    "Answerer",
    "Hit",
    "NewsbotError",
    "OpenedIndex",
    "SearchService",
    "Source",
    "open_index",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'newsbot' has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)
