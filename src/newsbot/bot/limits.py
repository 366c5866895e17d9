"""Who may use the bot, and how many questions one person may ask in a time window.

Both are applied to every update in one place, `newsbot.bot.gate`, before any handler runs.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable


class RateLimiter:
    """A sliding-window limit per user: `limit` questions every `window` seconds."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.limit = limit
        self.window = window
        self._clock = clock
        self._recent: dict[int, deque[float]] = {}

    def retry_after(self, user_id: int) -> float:
        """0 if the user may ask now (and the question is counted), else seconds to wait."""
        now = self._clock()
        recent = self._recent.setdefault(user_id, deque())
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        if len(recent) >= self.limit:
            return recent[0] + self.window - now
        recent.append(now)
        if len(self._recent) > 10_000:
            self._forget_idle(now)
        return 0.0

    def _forget_idle(self, now: float) -> None:
        idle = [
            user
            for user, times in self._recent.items()
            if not times or times[-1] <= now - self.window
        ]
        for user in idle:
            del self._recent[user]


class AccessPolicy:
    """Who may use the bot, and who may administer it."""

    def __init__(self, allowed_chats: frozenset[int], admin_ids: frozenset[int]) -> None:
        self.allowed_chats = allowed_chats
        self.admin_ids = admin_ids

    def allows(self, chat_id: int | None, user_id: int | None) -> bool:
        """Everyone when no allowlist is set; otherwise listed chats, listed users and admins."""
        if not self.allowed_chats:
            return True
        return (
            chat_id in self.allowed_chats
            or user_id in self.allowed_chats
            or (user_id is not None and user_id in self.admin_ids)
        )
