"""Index locations, reuse of a current index, and automatic rebuilds when the corpus changes."""

from __future__ import annotations

import os
import shutil
import stat
from pathlib import Path

import pytest

from newsbot.app.library import default_index_root, index_location, open_index
from newsbot.errors import CorpusNotFoundError, EmptyCorpusError
from newsbot.index.okapi import BM25Params
from newsbot.indexing.build import IndexConfig
from tests.conftest import SEED_CORPUS


def make_corpus(root: Path) -> Path:
    corpus = root / "corpus"
    corpus.mkdir()
    shutil.copy(next(SEED_CORPUS.glob("*.txt")), corpus / "seed.txt")
    (corpus / "bridge.txt").write_text(
        "Bridge reopens after repairs\n\nThe old bridge reopened on Monday. Traffic flowed again.\n"
    )
    return corpus


def test_first_open_builds_then_reuses(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path)
    first = open_index(corpus, index_dir)
    assert first.built is not None and first.reason == "no index yet"
    assert first.built.articles == 2
    second = open_index(corpus, index_dir)
    assert second.built is None
    assert second.index.passage_count == first.index.passage_count


@pytest.mark.parametrize("change", ["add", "modify", "remove"])
def test_corpus_changes_trigger_rebuild(tmp_path: Path, index_dir: Path, change: str) -> None:
    corpus = make_corpus(tmp_path)
    open_index(corpus, index_dir)
    if change == "add":
        (corpus / "new.txt").write_text("Harbour news\n\nA ferry sank in the harbour.\n")
    elif change == "modify":
        path = corpus / "bridge.txt"
        path.write_text(path.read_text() + "A ferry sank in the harbour.\n")
        os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 10**9))
    else:
        (corpus / "bridge.txt").unlink()
    reopened = open_index(corpus, index_dir)
    assert reopened.built is not None
    assert "corpus changed" in (reopened.reason or "")
    found = reopened.index.search(reopened.index.analyzer.terms("ferry harbour"), 3)
    assert bool(found) == (change != "remove")


def test_settings_change_triggers_rebuild(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path)
    open_index(corpus, index_dir)
    reopened = open_index(corpus, index_dir, IndexConfig(bm25=BM25Params(k1=1.2)))
    assert reopened.built is not None
    assert reopened.index.params.k1 == 1.2


def test_each_corpus_has_its_own_index(tmp_path: Path, index_dir: Path) -> None:
    (tmp_path / "a").mkdir()
    first = make_corpus(tmp_path / "a")
    second = tmp_path / "b" / "corpus"
    second.mkdir(parents=True)
    (second / "x.txt").write_text("Other news\n\nSomething else entirely happened.\n")
    assert index_location(first, index_dir) != index_location(second, index_dir)
    a = open_index(first, index_dir)
    open_index(second, index_dir)
    again = open_index(first, index_dir)
    assert again.built is None
    assert again.index.article_count == a.index.article_count == 2


def test_default_location_is_a_user_cache(tmp_path: Path) -> None:
    assert default_index_root().is_relative_to(Path(os.environ["XDG_CACHE_HOME"]))
    location = index_location(tmp_path / "corpus")
    assert location.is_relative_to(default_index_root())


def test_nothing_is_written_inside_a_read_only_corpus(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path)
    before = sorted(p.name for p in corpus.iterdir())
    corpus.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        opened = open_index(corpus, index_dir)
    finally:
        corpus.chmod(stat.S_IRWXU)
    assert opened.index.article_count == 2
    assert sorted(p.name for p in corpus.iterdir()) == before


def test_damaged_index_is_rebuilt(
    tmp_path: Path, index_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    corpus = make_corpus(tmp_path)
    path = open_index(corpus, index_dir).index.path
    data = bytearray(path.read_bytes())
    data[-100] ^= 0x55
    data = data[:-50]
    path.write_bytes(bytes(data))
    reopened = open_index(corpus, index_dir)
    assert reopened.built is not None
    assert reopened.index.article_count == 2


def test_rebuild_on_request(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path)
    open_index(corpus, index_dir)
    assert open_index(corpus, index_dir, rebuild=True).built is not None


def test_missing_corpus_is_a_clear_error(tmp_path: Path, index_dir: Path) -> None:
    with pytest.raises(CorpusNotFoundError, match="--corpus"):
        open_index(tmp_path / "nope", index_dir)


def test_corpus_of_only_broken_files_is_a_clear_error(tmp_path: Path, index_dir: Path) -> None:
    corpus = tmp_path / "broken"
    corpus.mkdir()
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 10)
    with pytest.raises(EmptyCorpusError) as error:
        open_index(corpus, index_dir)
    assert "empty.txt" in str(error.value) and "binary.txt" in str(error.value)


def test_broken_files_are_skipped_and_the_rest_indexed(tmp_path: Path, index_dir: Path) -> None:
    corpus = make_corpus(tmp_path)
    (corpus / "empty.md").write_bytes(b"")
    (corpus / "latin1.txt").write_bytes("Caf\xe9 news\n\nIt was a caf\xe9.".encode("latin-1"))
    (corpus / "bad.jsonl").write_text(
        '{"id": "ok", "title": "Fine", "text": "A fine record."}\n{oops\n'
    )
    opened = open_index(corpus, index_dir)
    assert opened.built is not None
    skipped = {item.origin: item.reason for item in opened.built.skipped}
    assert set(skipped) == {"empty.md", "latin1.txt", "bad.jsonl:2"}
    assert "UTF-8" in skipped["latin1.txt"]
    assert opened.index.article_count == 3
    assert opened.index.stats["skipped"] == [[origin, reason] for origin, reason in skipped.items()]


def test_the_public_api_is_sorted_and_every_name_resolves() -> None:
    import newsbot

    assert newsbot.__all__ == sorted(newsbot.__all__)
    for name in newsbot.__all__:
        assert getattr(newsbot, name).__name__ == name
    with pytest.raises(AttributeError):
        _ = newsbot.no_such_name


def test_loading_the_settings_loads_none_of_the_engine() -> None:
    """The settings are a leaf: a fresh interpreter that loads them imports no search code."""
    import subprocess
    import sys

    code = "import sys, newsbot.config; print(sorted(m for m in sys.modules if 'newsbot' in m))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert loaded.strip() == str(
        ["newsbot", "newsbot.config", "newsbot.defaults", "newsbot.errors", "newsbot.paths"]
    )


def test_no_module_of_the_package_imports_the_public_api() -> None:
    """The root re-exports lazily, out of import-linter's sight: inside the package every import
    must name its module, so that the layers contract sees it."""
    import re

    import newsbot

    names = "|".join(newsbot.__all__)
    pattern = re.compile(rf"^\s*from newsbot import .*\b({names})\b", re.MULTILINE)
    package = Path(newsbot.__file__).parent
    offenders = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if path.name != "__init__.py" or path.parent != package
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
