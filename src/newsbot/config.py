"""Settings from the environment (prefix NEWSBOT_) and an optional `.env` file.

Built once in the entry point and passed down; the core never reads settings itself, it takes
plain values. Command-line flags override these.

A leaf: it imports nothing of the engine (defaults come from `newsbot.defaults`), so loading
the settings does not load the search engine. A variable named NEWSBOT_… that is not a setting
is an error, not silence: a misspelt NEWSBOT_ALLOWED_CHATS would otherwise leave the bot open
to everyone.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Annotated, Any

from dotenv import dotenv_values
from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from newsbot import defaults, paths
from newsbot.errors import ConfigurationError

_PREFIX = "NEWSBOT_"
ENV_FILE = ".env"
# NEWSBOT_ variables that are not settings but are still known: switches the engine reads from
# the environment (for tests and benchmarks), and the deployment's own (compose and Caddy read
# NEWSBOT_DOMAIN from the same .env file the bot is given).
NOT_SETTINGS = frozenset({"NEWSBOT_NO_NATIVE", "NEWSBOT_NO_NUMBA", "NEWSBOT_DOMAIN"})
_TOKEN = re.compile(r"\d+:[A-Za-z0-9_-]+")


class Settings(BaseSettings):
    """Every setting newsbot reads. See `.env.example` for a documented list."""

    model_config = SettingsConfigDict(
        env_prefix=_PREFIX, env_file=ENV_FILE, env_file_encoding="utf-8", extra="ignore"
    )

    corpus_dir: Path = Field(Path("corpus"), description="Folder (or file) of articles.")
    index_dir: Path | None = Field(
        None, description="Where indexes are kept; default ~/.cache/newsbot/indexes."
    )
    top_k: int = Field(3, ge=1, le=50, description="Passages per answer.")
    context_minutes: int = Field(
        30,
        ge=0,
        le=7 * 24 * 60,
        description="A conversation quiet for this long starts afresh (0: every message alone).",
    )
    passage_words: int = Field(defaults.PASSAGE_WORDS, ge=10, le=5000)
    title_mode: str = Field(
        "joined",
        pattern=r"^(joined|field)$",
        description="Title indexed with each passage, or apart.",
    )
    bm25_k1: float = Field(defaults.BM25_K1, ge=0.0, le=10.0)
    bm25_b: float = Field(defaults.BM25_B, ge=0.0, le=1.0)
    bm25_epsilon: float = Field(defaults.BM25_EPSILON, ge=0.0, le=10.0)
    log_level: str = Field("WARNING", pattern=r"(?i)^(debug|info|warning|error|critical)$")
    telegram_token: SecretStr | None = Field(None, description="Bot token from @BotFather.")
    telegram_base_url: str = Field(
        "https://api.telegram.org/bot",
        description="Bot API base URL; change it for a self-hosted Bot API server.",
    )
    webhook_url: str | None = Field(None, description="Public HTTPS URL; turns webhook mode on.")
    webhook_listen: str = "127.0.0.1"
    webhook_port: int = Field(8443, ge=1, le=65535)
    webhook_path: str = Field("telegram", description="URL path the webhook is served on.")
    webhook_secret: SecretStr | None = Field(
        None, description="Secret Telegram sends in X-Telegram-Bot-Api-Secret-Token."
    )
    allowed_chats: Annotated[frozenset[int], NoDecode] = Field(
        frozenset(), description="Chat or user ids allowed to use the bot; empty allows all."
    )
    admin_ids: Annotated[frozenset[int], NoDecode] = Field(
        frozenset(), description="User ids that may use /reindex and /stats."
    )
    rate_limit: int = Field(10, ge=1, description="Questions per user per rate window.")
    rate_window: float = Field(60.0, gt=0, description="Rate window in seconds.")
    max_question_chars: int = Field(500, ge=10, le=4000)
    typing_after: float = Field(
        0.5,
        ge=0,
        le=60,
        description="Show 'typing…' when an answer takes longer than this many seconds.",
    )
    outgoing_rate: int = Field(
        30, ge=1, description="Bot API calls per second, all chats together (Telegram allows 30)."
    )
    example_questions: Annotated[tuple[str, ...], NoDecode] = Field(
        (), description="Questions /start suggests, separated by '|'."
    )
    log_format: str = Field("text", pattern=r"(?i)^(text|json)$", description="text or json")
    watch: bool = Field(False, description="Reindex by itself when corpus files change.")
    follow_outside_links: bool = Field(
        False,
        description="Read files whose symbolic links lead out of the corpus folder "
        "(by default they are skipped and reported: a link could expose any readable file).",
    )
    semantic: bool = Field(
        False,
        description="Rerank with a sentence encoder (needs: uv sync --extra semantic).",
    )
    semantic_max_passages: int = Field(
        defaults.SEMANTIC_MAX_PASSAGES,
        ge=0,
        description="Largest corpus (in passages) to encode for semantic reranking.",
    )
    health_port: int | None = Field(
        None, ge=1, le=65535, description="Serve /healthz, /readyz, /metrics here in polling mode."
    )
    state_dir: Path | None = Field(
        None, description="Where the bot keeps state; default ~/.local/state/newsbot."
    )

    @field_validator("allowed_chats", "admin_ids", mode="before")
    @classmethod
    def _split_ids(cls, value: Any) -> Any:
        if isinstance(value, str):
            parts = [part for part in value.replace(";", ",").replace(" ", ",").split(",") if part]
            try:
                return frozenset(int(part) for part in parts)
            except ValueError:
                raise ValueError("expected numeric ids separated by commas") from None
        return value

    @field_validator("example_questions", mode="before")
    @classmethod
    def _split_questions(cls, value: Any) -> Any:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split("|") if part.strip())
        return value

    @field_validator("telegram_token", mode="before")
    @classmethod
    def _blank_token_is_missing(cls, value: Any) -> Any:
        if isinstance(value, str) and not value.strip():
            return None
        return value

    @field_validator("telegram_token")
    @classmethod
    def _check_token(cls, value: SecretStr | None) -> SecretStr | None:
        # The message never includes the value: it is a secret even when malformed.
        if value is not None and not _TOKEN.fullmatch(value.get_secret_value().strip()):
            raise ValueError(
                "does not look like a bot token from @BotFather (digits, ':', letters)"
            )
        return SecretStr(value.get_secret_value().strip()) if value is not None else None

    @field_validator("webhook_secret")
    @classmethod
    def _check_secret(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return value
        secret = value.get_secret_value()
        if not 1 <= len(secret) <= 256 or not all(
            c.isascii() and (c.isalnum() or c in "_-") for c in secret
        ):
            raise ValueError("must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
        return value

    @field_validator("webhook_path")
    @classmethod
    def _strip_path(cls, value: str) -> str:
        return value.strip("/")

    def bot_state_dir(self) -> Path:
        """Where the bot's small state database lives."""
        return self.state_dir if self.state_dir is not None else paths.state_folder()


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with `overrides` applied; errors name the variable."""
    check_names()
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = []
        for item in error.errors():
            name = "NEWSBOT_" + "_".join(str(part) for part in item["loc"]).upper()
            problems.append(f"{name}: {item['msg']}")  # 'input' is never shown: it may be secret
        raise ConfigurationError("invalid setting: " + "; ".join(problems)) from None


def check_names(env_file: Path = Path(ENV_FILE)) -> None:
    """Refuse a NEWSBOT_ variable (in the environment or the .env file) that is no setting.

    The message names the closest real setting, as a spell checker would.
    """
    known = {_PREFIX + name.upper() for name in Settings.model_fields}
    given = [name for name in os.environ if name.upper().startswith(_PREFIX)]
    if env_file.is_file():
        given += [name for name in dotenv_values(env_file) if name.upper().startswith(_PREFIX)]
    for name in given:
        upper = name.upper()
        if upper in known or upper in NOT_SETTINGS:
            continue
        where = "" if name in os.environ else f" (in {env_file})"
        close = difflib.get_close_matches(upper, sorted(known), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else "; see deploy/.env.example for the list"
        raise ConfigurationError(f"{name}{where} is not a setting{hint}")
