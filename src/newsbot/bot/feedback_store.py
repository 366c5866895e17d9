"""What each answer showed, and the 👍 / 👎 votes on it, in `NEWSBOT_STATE_DIR/feedback.sqlite3`.

The votes are data to keep and export (`newsbot feedback export`), not a cache, so they live in
a file of their own beside the button store (`newsbot.bot.store`), whose rows are evicted when
it is full and which is started afresh when damaged. Three tables:

- `shown`: one row per answer page that carries buttons: its token, its chat (as a keyed
  hash), the question, the hits shown (rank, passage id, article id, title, quote) and the
  buttons above the feedback row, so that a press can rebuild the keyboard. Its token, 12
  characters, is a keyed hash (HMAC-SHA256) of all of that and the chat, like the button
  store's: a forged token, or one pressed in another chat, is simply not found. At most
  `max_shown` rows are kept, the oldest going first; their buttons have then expired.
- `votes`: (answer token, user) → 👍 or 👎, the reason picked after a 👎, the time, and a copy
  of the question and hits, so a vote outlives its `shown` row. The user is a keyed hash of
  the Telegram user id, never the id itself; a second vote by the same user on the same answer
  replaces the first.
- `meta`: the random key of those hashes.

A store that cannot be opened is kept in memory (with a warning) and one that cannot be
written loses the vote, never the answer: as the button store, this is never a reason to fail.
Calls block on SQLite, so the bot makes them in worker threads.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
import secrets
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

MAX_SHOWN = 20_000
UP, DOWN = "up", "down"
_TOKEN_BYTES = 9  # 12 characters of URL-safe base64
_BUSY_SECONDS = 0.1
_MAX_QUOTE_CHARS = 2_000  # a quote is never longer (see `newsbot.answering.quoting`)


@dataclass(frozen=True, slots=True)
class ShownHit:
    """One hit as the answer showed it."""

    rank: int
    passage_id: str
    article_id: str
    title: str
    quote: str


@dataclass(frozen=True, slots=True)
class ShownAnswer:
    """An answer page with buttons: the question, its hits, and the buttons above the feedback
    row as (label, callback data) rows."""

    token: str
    question: str
    hits: tuple[ShownHit, ...]
    buttons: tuple[tuple[tuple[str, str], ...], ...] = ()


@dataclass(frozen=True, slots=True)
class Vote:
    """One person's vote on one answer."""

    answer: str
    user: str  # the keyed hash of the user id
    question: str
    hits: tuple[ShownHit, ...]
    vote: str  # UP or DOWN
    reason: str | None
    voted_at: float


@dataclass(frozen=True, slots=True)
class FeedbackRates:
    """The votes counted, for /stats."""

    votes: int
    up: int
    reasons: dict[str, int]

    @property
    def down(self) -> int:
        return self.votes - self.up


def _hits_json(hits: Sequence[ShownHit]) -> str:
    return json.dumps(
        [[hit.rank, hit.passage_id, hit.article_id, hit.title, hit.quote] for hit in hits],
        ensure_ascii=False,
    )


def _hits_of(text: str) -> tuple[ShownHit, ...]:
    return tuple(
        ShownHit(int(rank), str(passage), str(article), str(title), str(quote))
        for rank, passage, article, title, quote in json.loads(text)
    )


class FeedbackStore:
    """The answers shown and the votes on them (in memory when `path` is None)."""

    def __init__(self, path: Path | None, max_shown: int = MAX_SHOWN) -> None:
        self.path = path
        self.max_shown = max(1, max_shown)
        self._lock = threading.Lock()
        self._key = b""
        self._db = self._open()

    # Answers ----------------------------------------------------------------------------------

    def remember(
        self,
        chat_id: int,
        question: str,
        hits: Sequence[ShownHit],
        buttons: Sequence[Sequence[tuple[str, str]]] = (),
    ) -> str:
        """The token of this answer page in `chat_id`, or "" if it could not be stored (the
        page then goes out without its feedback and article buttons)."""
        hits = [
            ShownHit(
                hit.rank, hit.passage_id, hit.article_id, hit.title, hit.quote[:_MAX_QUOTE_CHARS]
            )
            for hit in hits
        ]
        hits_text = _hits_json(hits)
        buttons_text = json.dumps([list(map(list, row)) for row in buttons], ensure_ascii=False)
        try:
            with self._lock:
                chat = self._hash("chat", chat_id)
                token = self._token(chat, question, hits_text, buttons_text)
                with self._db:
                    self._db.execute(
                        "INSERT OR REPLACE INTO shown (token, chat, question, hits, buttons, made)"
                        " VALUES (?, ?, ?, ?, ?, ?)",
                        (token, chat, question, hits_text, buttons_text, time.time()),
                    )
                    self._db.execute(
                        "DELETE FROM shown WHERE token IN (SELECT token FROM shown ORDER BY made"
                        " DESC LIMIT -1 OFFSET ?)",
                        (self.max_shown,),
                    )
            return token
        except (sqlite3.Error, UnicodeError) as error:
            logger.warning("could not store an answer's feedback buttons (%s)", error)
            return ""

    def shown(self, token: str, chat_id: int) -> ShownAnswer | None:
        """The answer page behind a button pressed in `chat_id`; None if it has expired, was
        made for another chat, or cannot be read."""
        try:
            with self._lock:
                row = self._db.execute(
                    "SELECT question, hits, buttons FROM shown WHERE token = ? AND chat = ?",
                    (token, self._hash("chat", chat_id)),
                ).fetchone()
        except sqlite3.Error as error:
            logger.warning("could not read an answer's buttons (%s)", error)
            return None
        if row is None:
            return None
        try:
            buttons = tuple(
                tuple((str(label), str(data)) for label, data in row_)
                for row_ in json.loads(row[2])
            )
            return ShownAnswer(token, str(row[0]), _hits_of(row[1]), buttons)
        except (ValueError, TypeError) as error:  # a row some other program wrote
            logger.warning("an answer's stored buttons are unreadable (%s)", error)
            return None

    # Votes ------------------------------------------------------------------------------------

    def vote(
        self, token: str, chat_id: int, user_id: int, vote: str, reason: str | None = None
    ) -> ShownAnswer | None:
        """Record `user_id`'s vote on the answer behind `token` (in place of an earlier one);
        the answer, or None if its button has expired or the vote could not be stored."""
        answer = self.shown(token, chat_id)
        if answer is None:
            return None
        try:
            with self._lock, self._db:
                self._db.execute(
                    "INSERT OR REPLACE INTO votes (answer, user, question, hits, vote, reason,"
                    " voted) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (
                        token,
                        self._hash("user", user_id),
                        answer.question,
                        _hits_json(answer.hits),
                        vote,
                        reason,
                        time.time(),
                    ),
                )
        except sqlite3.Error as error:
            logger.warning("could not store a vote (%s)", error)
            return None
        return answer

    def votes(self) -> Iterator[Vote]:
        """Every vote, oldest first."""
        with self._lock:
            rows = self._db.execute(
                "SELECT answer, user, question, hits, vote, reason, voted FROM votes ORDER BY"
                " voted, answer, user"
            ).fetchall()
        for answer, user, question, hits, vote, reason, voted in rows:
            yield Vote(
                str(answer),
                str(user),
                str(question),
                _hits_of(hits),
                str(vote),
                None if reason is None else str(reason),
                float(voted),
            )

    def rates(self) -> FeedbackRates:
        with self._lock:
            total, up = self._db.execute(
                "SELECT count(*), coalesce(sum(vote = ?), 0) FROM votes", (UP,)
            ).fetchone()
            reasons = self._db.execute(
                "SELECT reason, count(*) FROM votes WHERE vote = ? AND reason IS NOT NULL"
                " GROUP BY reason ORDER BY count(*) DESC, reason",
                (DOWN,),
            ).fetchall()
        return FeedbackRates(int(total), int(up), {str(r): int(n) for r, n in reasons})

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # Keys and files ---------------------------------------------------------------------------

    def _hash(self, kind: str, number: int) -> str:
        """A keyed hash of a chat or user id: the same id always gives the same hash in this
        store, and nobody without the key can tell whose it is."""
        return hmac.new(self._key, f"{kind}\x00{number}".encode(), hashlib.sha256).hexdigest()[:32]

    def _token(self, *parts: str) -> str:
        digest = hmac.new(self._key, "\x00".join(parts).encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest[:_TOKEN_BYTES]).decode("ascii")

    def _open(self) -> sqlite3.Connection:
        if self.path is not None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                return self._prepare(
                    sqlite3.connect(self.path, timeout=_BUSY_SECONDS, check_same_thread=False)
                )
            except (OSError, sqlite3.Error) as error:
                logger.warning(
                    "cannot use the feedback store %s (%s): votes are kept in memory until a "
                    "restart",
                    self.path,
                    error,
                )
        return self._prepare(sqlite3.connect(":memory:", check_same_thread=False))

    def _prepare(self, db: sqlite3.Connection) -> sqlite3.Connection:
        try:
            with db:
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS shown (token TEXT PRIMARY KEY, chat TEXT NOT NULL,"
                    " question TEXT NOT NULL, hits TEXT NOT NULL, buttons TEXT NOT NULL,"
                    " made REAL NOT NULL)"
                )
                db.execute("CREATE INDEX IF NOT EXISTS shown_made ON shown (made)")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS votes (answer TEXT NOT NULL, user TEXT NOT NULL,"
                    " question TEXT NOT NULL, hits TEXT NOT NULL, vote TEXT NOT NULL,"
                    " reason TEXT, voted REAL NOT NULL, PRIMARY KEY (answer, user))"
                )
                db.execute(
                    "CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value BLOB NOT NULL)"
                )
                db.execute(
                    "INSERT OR IGNORE INTO meta (name, value) VALUES ('key', ?)",
                    (secrets.token_bytes(32),),
                )
                self._key = bytes(
                    db.execute("SELECT value FROM meta WHERE name = 'key'").fetchone()[0]
                )
        except BaseException:
            db.close()
            raise
        return db
