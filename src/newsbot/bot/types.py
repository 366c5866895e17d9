"""The python-telegram-bot type names the bot's modules share, spelled once.

`Application` takes six type parameters that only matter with custom context types, which
the bot does not use; `Context` is the default context every handler receives.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import Application, ContextTypes

AnyApplication = Application[Any, Any, Any, Any, Any, Any]
Context = ContextTypes.DEFAULT_TYPE
