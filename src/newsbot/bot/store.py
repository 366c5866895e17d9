"""Questions behind the bot's buttons, kept on disk so the buttons still work after a restart.

A button's callback_data may hold only 64 bytes, and a question can be far longer, so the button
carries a short token and the question is stored under it in SQLite. The store is a cache, never
a reason to fail an answer:

- A token is a keyed hash (HMAC-SHA256, with a random key kept in the store) of the button's
  kind, the chat and the question. Nobody without the key can compute the token of a question
  to learn whether it was asked, and a token is looked up only for its own chat and kind: a
  button pressed in another chat, or a forged one, has simply expired.
- At most `max_rows` questions are kept, the least recently used go first; so are those unused
  for 30 days.
- A damaged file (garbage, truncated, a zeroed header) is moved aside with a warning and a new
  store is started; a file that cannot be opened at all leaves the store in memory. If a token
  cannot be stored (a full disk, another process holding the file's lock), `remember` returns
  "" and the answer goes out without its button; a lookup that fails reads as expired.

Writes run in the worker thread that searched, so a slow disk never blocks the event loop; the
busy timeout is short for the same reason.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
import sqlite3
import threading
import time
from pathlib import Path

logger = logging.getLogger(__name__)

MAX_ROWS = 5_000
_MAX_AGE_SECONDS = 30 * 24 * 3600
_AGE_PRUNE_EVERY = 500
_BUSY_SECONDS = 0.1
_WARN_EVERY_SECONDS = 60.0
_TOKEN_BYTES = 9  # 12 characters of URL-safe base64


class _DamagedError(Exception):
    """`PRAGMA quick_check` found the file inconsistent."""


def _is_damage(error: Exception) -> bool:
    """Whether SQLite says the file itself is broken, rather than busy, full or unwritable."""
    if isinstance(error, _DamagedError):
        return True
    code = getattr(error, "sqlite_errorcode", None)
    return isinstance(code, int) and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


class QuestionStore:
    """(kind, chat, token) → question, in a small SQLite file (or in memory when path is None)."""

    def __init__(self, path: Path | None, max_rows: int = MAX_ROWS) -> None:
        self.path = path
        self.max_rows = max(1, max_rows)
        self._lock = threading.Lock()
        self._writes = 0
        self._rows = 0
        self._warned_at = -_WARN_EVERY_SECONDS
        self._key = b""
        self._db = self._open()

    # The public side --------------------------------------------------------------------------

    def remember(self, question: str, chat_id: int, kind: str) -> str:
        """The token for `question` behind a `kind` button in `chat_id` (always the same one for
        the same three), or "" if it could not be stored: then the caller sends no button."""
        try:
            with self._lock:
                token = self._token(question, chat_id, kind)
                self._store(token, question, chat_id, kind)
            return token
        except (sqlite3.Error, UnicodeError) as error:
            self._trouble("store a button's question", error)
            return ""

    def recall(self, token: str, chat_id: int, kind: str) -> str | None:
        """The question behind a `kind` button pressed in `chat_id`; None if it has expired,
        was made for another chat, or cannot be read."""
        try:
            with self._lock:
                row = self._db.execute(
                    "SELECT question FROM tokens WHERE token = ? AND chat = ? AND kind = ?",
                    (token, chat_id, kind),
                ).fetchone()
        except sqlite3.Error as error:
            self._trouble("read a button's question", error)
            return None
        if row is None:
            return None
        try:  # recently used, so kept longer; a store that cannot be written still answers
            with self._lock, self._db:
                self._db.execute("UPDATE tokens SET used = ? WHERE token = ?", (time.time(), token))
        except sqlite3.Error as error:
            self._trouble("note a button's use", error)
        return str(row[0])

    def keep(self, key: str, value: str, chat_id: int, kind: str) -> bool:
        """Store `value` under `key` for `chat_id` and `kind`, replacing what was there (a
        conversation's last turn); False if it could not be stored. The key is kept only as
        part of a keyed hash, so a user id in it is not readable from the file."""
        try:
            with self._lock:
                self._put(self._token(key, chat_id, kind), value, chat_id, kind)
            return True
        except (sqlite3.Error, UnicodeError) as error:
            self._trouble("store a conversation", error)
            return False

    def fetch(self, key: str, chat_id: int, kind: str) -> str | None:
        """What `keep` stored under `key`, or None."""
        try:
            with self._lock:
                token = self._token(key, chat_id, kind)
        except UnicodeError:
            return None
        return self.recall(token, chat_id, kind)

    def drop(self, key: str, chat_id: int, kind: str) -> None:
        """Forget what `keep` stored under `key` (a /new conversation)."""
        try:
            with self._lock, self._db:
                self._db.execute(
                    "DELETE FROM tokens WHERE token = ? AND chat = ? AND kind = ?",
                    (self._token(key, chat_id, kind), chat_id, kind),
                )
        except (sqlite3.Error, UnicodeError) as error:
            self._trouble("forget a conversation", error)

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # Tokens and rows --------------------------------------------------------------------------

    def _token(self, question: str, chat_id: int, kind: str) -> str:
        message = f"{kind}\x00{chat_id}\x00{question}".encode()
        digest = hmac.new(self._key, message, hashlib.sha256).digest()[:_TOKEN_BYTES]
        return base64.urlsafe_b64encode(digest).decode("ascii")

    def _store(self, token: str, question: str, chat_id: int, kind: str) -> None:
        now = time.time()
        with self._db:
            updated = self._db.execute(
                "UPDATE tokens SET used = ? WHERE token = ?", (now, token)
            ).rowcount
            if updated:
                return
            self._db.execute(
                "INSERT INTO tokens (token, chat, kind, question, used) VALUES (?, ?, ?, ?, ?)",
                (token, chat_id, kind, question, now),
            )
            self._rows += 1
            self._writes += 1
            if self._writes % _AGE_PRUNE_EVERY == 0:
                self._db.execute("DELETE FROM tokens WHERE used < ?", (now - _MAX_AGE_SECONDS,))
                self._rows = self._count()
            if self._rows > self.max_rows:
                self._db.execute(
                    "DELETE FROM tokens WHERE token IN "
                    "(SELECT token FROM tokens ORDER BY used LIMIT ?)",
                    (self._rows - self.max_rows,),
                )
                self._rows = self.max_rows

    def _put(self, token: str, value: str, chat_id: int, kind: str) -> None:
        now = time.time()
        with self._db:
            replaced = self._db.execute(
                "UPDATE tokens SET question = ?, used = ? WHERE token = ?", (value, now, token)
            ).rowcount
        if not replaced:
            self._store(token, value, chat_id, kind)

    def _count(self) -> int:
        return int(self._db.execute("SELECT count(*) FROM tokens").fetchone()[0])

    # Opening and healing ----------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        """The store's connection: the file, a fresh file in place of a damaged one, or memory."""
        if self.path is None:
            return self._prepare(self._connect(":memory:"), memory=True)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            return self._prepare(self._connect(str(self.path)))
        except (sqlite3.Error, _DamagedError) as error:
            if not _is_damage(error):
                return self._in_memory(error)
            try:
                aside = self._move_aside()
                logger.warning(
                    "the button store %s was damaged (%s): moved it to %s and started a new "
                    "one; buttons made before now have expired",
                    self.path,
                    error,
                    aside.name,
                )
                return self._prepare(self._connect(str(self.path)))
            except (OSError, sqlite3.Error, _DamagedError) as again:
                return self._in_memory(again)
        except OSError as error:
            return self._in_memory(error)

    def _in_memory(self, error: Exception) -> sqlite3.Connection:
        logger.warning(
            "cannot use the button store %s (%s): buttons are kept in memory until a restart",
            self.path,
            error,
        )
        return self._prepare(self._connect(":memory:"), memory=True)

    @staticmethod
    def _connect(where: str) -> sqlite3.Connection:
        return sqlite3.connect(where, timeout=_BUSY_SECONDS, check_same_thread=False)

    def _prepare(self, db: sqlite3.Connection, memory: bool = False) -> sqlite3.Connection:
        """Check the file, create the tables and read (or make) the key."""
        try:
            with db:
                db.execute("PRAGMA journal_mode=MEMORY" if memory else "PRAGMA journal_mode=WAL")
                # In WAL mode, NORMAL skips the fsync per write (0.32 → 0.02 ms here, far more
                # on a real disk) and still never corrupts the file; a crash can lose only the
                # last tokens.
                db.execute("PRAGMA synchronous=NORMAL")
                problems = [row[0] for row in db.execute("PRAGMA quick_check").fetchall()]
                if problems != ["ok"]:
                    raise _DamagedError("; ".join(str(problem) for problem in problems[:3]))
                # Rows of the unkeyed tokens of earlier versions: any chat could use those.
                db.execute("DROP TABLE IF EXISTS questions")
                db.execute(
                    "CREATE TABLE IF NOT EXISTS tokens (token TEXT PRIMARY KEY, chat INTEGER "
                    "NOT NULL, kind TEXT NOT NULL, question TEXT NOT NULL, used REAL NOT NULL)"
                )
                db.execute("CREATE INDEX IF NOT EXISTS tokens_used ON tokens (used)")
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
                self._db = db
                self._rows = self._count()
        except BaseException:
            db.close()
            raise
        return db

    def _move_aside(self) -> Path:
        """Rename the damaged file (and its WAL and shared-memory files) out of the way."""
        assert self.path is not None
        aside = self.path.with_name(f"{self.path.name}.damaged-{time.strftime('%Y%m%d-%H%M%S')}")
        for suffix in ("-wal", "-shm"):
            companion = self.path.with_name(self.path.name + suffix)
            if companion.exists():
                companion.replace(aside.with_name(aside.name + suffix))
        self.path.replace(aside)
        return aside

    def _trouble(self, doing: str, error: Exception) -> None:
        """A failed read or write: heal a damaged file now; otherwise warn, once a minute."""
        if _is_damage(error) and self.path is not None:
            with self._lock:
                self._db.close()
                self._db = self._open()
            return
        now = time.monotonic()
        if now - self._warned_at >= _WARN_EVERY_SECONDS:
            self._warned_at = now
            logger.warning("could not %s (%s): answers go out without buttons", doing, error)
