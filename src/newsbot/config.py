"""Settings from the environment (prefix NEWSBOT_) and an optional `.env` file.

Built once in the entry point and passed down; the core never reads settings itself, it takes
plain values. Command-line flags override these.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from newsbot.errors import ConfigurationError
from newsbot.index.okapi import BM25Params
from newsbot.indexer import IndexConfig
from newsbot.passages import DEFAULT_PASSAGE_WORDS


class Settings(BaseSettings):
    """Every setting newsbot reads. See `.env.example` for a documented list."""

    model_config = SettingsConfigDict(
        env_prefix="NEWSBOT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    corpus_dir: Path = Field(Path("corpus"), description="Folder (or file) of articles.")
    index_dir: Path | None = Field(
        None, description="Where indexes are kept; default ~/.cache/newsbot/indexes."
    )
    top_k: int = Field(3, ge=1, le=50, description="Passages per answer.")
    passage_words: int = Field(DEFAULT_PASSAGE_WORDS, ge=10, le=5000)
    bm25_k1: float = Field(1.5, ge=0.0, le=10.0)
    bm25_b: float = Field(0.75, ge=0.0, le=1.0)
    bm25_epsilon: float = Field(0.25, ge=0.0, le=10.0)
    log_level: str = Field("WARNING", pattern=r"(?i)^(debug|info|warning|error|critical)$")
    telegram_token: SecretStr | None = Field(None, description="Bot token from @BotFather.")

    def index_config(self) -> IndexConfig:
        return IndexConfig(
            bm25=BM25Params(k1=self.bm25_k1, b=self.bm25_b, epsilon=self.bm25_epsilon),
            passage_words=self.passage_words,
        )


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with `overrides` applied; errors name the variable."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        problems = []
        for item in error.errors():
            name = "NEWSBOT_" + "_".join(str(part) for part in item["loc"]).upper()
            problems.append(f"{name}: {item['msg']}")
        raise ConfigurationError("invalid setting: " + "; ".join(problems)) from None
