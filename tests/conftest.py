"""Shared fixtures. Every test runs with a clean NEWSBOT_ environment and a private cache, so a
developer's settings, `.env` file or saved indexes never leak into a result."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import pytest

from newsbot.app.library import open_index
from newsbot.index.news_index import NewsIndex

REPO = Path(__file__).resolve().parent.parent
SEED_CORPUS = REPO / "corpus"
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(autouse=True)
def _isolated_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    for name in list(os.environ):
        if name.startswith("NEWSBOT_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path_factory.mktemp("state")))
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    path = tmp_path / "indexes"
    path.mkdir()
    return path


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory) -> NewsIndex:
    """The bundled seed article, indexed once. Modules needing the seed in another form (an
    Answerer, the raw article) define their own `seed`."""
    return open_index(SEED_CORPUS, tmp_path_factory.mktemp("seed-index")).index


def write_corpus(folder: Path, files: Mapping[str, str]) -> Path:
    """A corpus folder of plain-text articles (file name → "Title\n\nBody")."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def index_of(tmp_path_factory: pytest.TempPathFactory, files: Mapping[str, str]) -> NewsIndex:
    """`files` written as a corpus and indexed, each in a fresh temporary folder."""
    corpus = write_corpus(tmp_path_factory.mktemp("corpus"), files)
    return open_index(corpus, tmp_path_factory.mktemp("ix")).index


def shared(*parts: str) -> Path:
    """A path in ../shared/data; tests using it are skipped on clones without it."""
    return SHARED_DATA.joinpath(*parts)


def needs_shared(*parts: str) -> pytest.MarkDecorator:
    path = shared(*parts)
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is not available")
