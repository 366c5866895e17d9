"""The Docker build context (the repository root) carries what the image is built from, and
nothing else: no deploy/.env with the bot token, no .venv, no caches, no .git.

Before the hardening there was no .dockerignore: `docker build` sent all of them to the builder.
The matching below follows Docker's (moby/patternmatcher): patterns relative to the context,
"*" and "?" within one path segment, "**" across segments, "!" to re-include, the last
matching pattern wins, and a pattern that matches a folder matches everything in it.
"""

from __future__ import annotations

import re
import shlex
from functools import cache
from pathlib import Path

import pytest

from tests.conftest import REPO

DOCKERIGNORE = REPO / ".dockerignore"


@cache
def _pattern(text: str) -> re.Pattern[str]:
    parts: list[str] = []
    index = 0
    while index < len(text):
        if text.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif text.startswith("**", index):
            parts.append(".*")
            index += 2
        elif text[index] == "*":
            parts.append("[^/]*")
            index += 1
        elif text[index] == "?":
            parts.append("[^/]")
            index += 1
        elif text[index] == "[":
            end = text.index("]", index)
            parts.append(text[index : end + 1])
            index = end + 1
        else:
            parts.append(re.escape(text[index]))
            index += 1
    return re.compile("".join(parts) + r"\Z")


def _rules() -> list[tuple[bool, re.Pattern[str]]]:
    rules = []
    for raw in DOCKERIGNORE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        include = line.startswith("!")
        pattern = line.removeprefix("!").strip().strip("/")
        rules.append((include, _pattern(pattern)))
    return rules


def ignored(path: str) -> bool:
    """Whether Docker leaves `path` (relative to the context, with "/") out of the context."""
    parents = path.split("/")
    candidates = ["/".join(parents[: n + 1]) for n in range(len(parents))]
    excluded = False
    for include, pattern in _rules():
        if any(pattern.match(candidate) for candidate in candidates):
            excluded = not include
    return excluded


def copied_sources() -> list[str]:
    """What deploy/Dockerfile copies from the build context (COPY lines without --from)."""
    sources = []
    for line in (REPO / "deploy" / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if not line.startswith("COPY ") or "--from=" in line:
            continue
        words = [word for word in shlex.split(line)[1:] if not word.startswith("--")]
        sources += [word.rstrip("/") for word in words[:-1]]
    return sources


def test_there_is_a_dockerignore() -> None:
    assert DOCKERIGNORE.is_file()


@pytest.mark.parametrize(
    "path",
    [
        "deploy/.env",
        ".env",
        "corpus/.env",
        ".env.production",
        ".venv/bin/python",
        ".venv/lib/python3.11/site-packages/numpy/__init__.py",
        ".git/config",
        ".git",
        ".pytest_cache/v/cache/nodeids",
        ".mypy_cache/3.11/newsbot/config.meta.json",
        ".ruff_cache/CACHEDIR.TAG",
        ".hypothesis/examples/x",
        ".import_linter_cache/x.json",
        "src/newsbot/__pycache__/config.cpython-311.pyc",
        "src/newsbot/indexing/_count.cpython-311-x86_64-linux-gnu.so",
        "src/newsbot.egg-info/PKG-INFO",
        "tests/test_cli.py",
        "benchmarks/results/run.json",
    ],
)
def test_secrets_environments_and_caches_stay_out(path: str) -> None:
    assert DOCKERIGNORE.is_file()
    assert ignored(path)


def test_everything_the_image_is_built_from_goes_in() -> None:
    assert DOCKERIGNORE.is_file()
    sources = copied_sources()
    assert sorted(sources) == ["README.md", "corpus", "pyproject.toml", "src", "uv.lock"]
    for source in sources:
        assert not ignored(source), source
        root = REPO / source
        files = [root] if root.is_file() else [p for p in root.rglob("*") if p.is_file()]
        for path in files:
            relative = path.relative_to(REPO).as_posix()
            built_on_the_host = "__pycache__" in relative or relative.endswith((".so", ".pyc"))
            if ".egg-info" in relative or built_on_the_host:
                continue
            assert not ignored(relative), relative
    assert not ignored(Path("src/newsbot/semantic/data/all-MiniLM-L6-v2/tokenizer.json").as_posix())
