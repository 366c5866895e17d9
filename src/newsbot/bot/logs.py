"""Logging for the long-running bot: the token never reaches a log line.

The Bot API puts the token in every request URL, so anything that logs a URL or an exception
carrying one (httpx at INFO, a network error's message) could leak it. httpx is raised to
WARNING, and every handler's formatter replaces the token (and its URL-encoded form) with a mask
after the whole record, traceback included, has been formatted.

The webhook secret is masked the same way. One generated at start-up (when none is configured)
exists only after logging is set up, and PTB logs it at DEBUG in the parameters of
`setWebhook`, so `redact_also` adds it to the formatters already in place before it is used.
"""

from __future__ import annotations

import json
import logging
import sys
import urllib.parse
from collections.abc import Iterable

MASK = "[REDACTED]"


class RedactingFormatter(logging.Formatter):
    """A formatter that removes secrets from the finished text, whatever produced it."""

    def __init__(
        self, secrets: Iterable[str], fmt: str | None = None, as_json: bool = False
    ) -> None:
        super().__init__(fmt or "%(asctime)s %(levelname)s %(name)s: %(message)s")
        self._variants: set[str] = set()
        self._secrets: list[str] = []
        for secret in secrets:
            self.add(secret)
        self._as_json = as_json

    def add(self, secret: str) -> None:
        """Mask `secret` too, from the next record on (an empty one masks nothing)."""
        if not secret:
            return
        self._variants.update(
            {secret, urllib.parse.quote(secret, safe=""), urllib.parse.quote(secret)}
        )
        # Longest first, so that a secret containing another is masked whole.
        self._secrets = sorted(self._variants, key=len, reverse=True)

    def format(self, record: logging.LogRecord) -> str:
        if self._as_json:
            payload = {
                "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
                "level": record.levelname,
                "logger": record.name,
                "message": record.getMessage(),
            }
            if record.exc_info:
                payload["exception"] = self.formatException(record.exc_info)
            text = json.dumps(payload, ensure_ascii=False)
        else:
            text = super().format(record)
        return self.redact(text)

    def redact(self, text: str) -> str:
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return text


def configure_logging(level: str, secrets: Iterable[str], as_json: bool = False) -> None:
    """Send logs to stderr through a redacting formatter; quiet the chatty HTTP client."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(RedactingFormatter(list(secrets), as_json=as_json))
    root.addHandler(handler)
    root.setLevel(level.upper())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)


def redact_also(secret: str) -> None:
    """Mask `secret` in every redacting handler of the root logger from now on: for a secret
    made after `configure_logging`, such as the webhook's when none is configured."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler.formatter, RedactingFormatter):
            handler.formatter.add(secret)
