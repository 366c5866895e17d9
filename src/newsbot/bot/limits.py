"""Who may use the bot, how many searches one person may make in a time window, and how often
they are told so.

All three are applied to every update in one place, `newsbot.bot.gate`, before any handler
runs.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable

_MANY = 10_000  # entries kept before idle ones are forgotten


class RateLimiter:
    """A sliding-window limit per user: `limit` searches every `window` seconds, whichever way
    they are asked (a message, an inline query, a "More" or an example button)."""

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
        if len(self._recent) > _MANY:
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


class OncePerWindow:
    """Whether something is said to `key` for the first time in `window` seconds.

    A refusal or a "please wait" is a message, and a flood of them is itself a flood: one
    flooder's refusals alone used up a group's 20 messages a minute. Saying it once a window is
    enough; the rest of the flood is stopped silently."""

    def __init__(self, window: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.window = window
        self._clock = clock
        self._said: dict[Hashable, float] = {}

    def first(self, key: Hashable) -> bool:
        """True, and remembered, unless `key` was told within the window."""
        now = self._clock()
        said = self._said.get(key)
        if said is not None and now - said < self.window:
            return False
        self._said[key] = now
        if len(self._said) > _MANY:
            for old in [key for key, when in self._said.items() if now - when >= self.window]:
                del self._said[old]
        return True


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
