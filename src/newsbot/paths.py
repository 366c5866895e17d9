"""Where newsbot keeps what it makes, by the platform's conventions (platformdirs): indexes and
the compiled kernel in the user's cache folder, the bot's small state in the state folder.

On Linux these are $XDG_CACHE_HOME/newsbot (~/.cache/newsbot) and $XDG_STATE_HOME/newsbot
(~/.local/state/newsbot). Settings (NEWSBOT_INDEX_DIR, NEWSBOT_STATE_DIR) override them; this is
the one place the defaults are worked out.
"""

from __future__ import annotations

from pathlib import Path

import platformdirs

_APP = "newsbot"


def cache_folder() -> Path:
    """The user's cache folder for newsbot: everything in it can be made again."""
    return Path(platformdirs.user_cache_dir(_APP, appauthor=False))


def index_root() -> Path:
    """Where each corpus's index gets a folder of its own."""
    return cache_folder() / "indexes"


def kernel_cache() -> Path:
    """Where numba keeps the compiled search kernel."""
    return cache_folder() / "numba"


def state_folder() -> Path:
    """The bot's state (button tokens): small, and worth keeping across restarts."""
    return Path(platformdirs.user_state_dir(_APP, appauthor=False))
