"""The Telegram bot: python-telegram-bot wiring around the search service.

Imported only by `newsbot run` and the bot's tests, so the rest of newsbot starts without
loading python-telegram-bot.
"""

import os

# Durations (such as RetryAfter.retry_after) as timedeltas: PTB's announced future behaviour,
# and without it PTB warns on every flood-control error. Set before PTB builds any object.
os.environ.setdefault("PTB_TIMEDELTA", "true")

from newsbot.bot.app import build_application
from newsbot.bot.run import run_bot

__all__ = ["build_application", "run_bot"]
