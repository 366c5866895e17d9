"""An index file replaced under a running service: by rename (the right way) it is picked up;
written over in place (`cp new.nbx index.nbx`) it is never read again, so the process cannot
die of SIGBUS, and the new content is served once it is complete."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from newsbot.app.library import open_index
from newsbot.app.service import SearchService
from tests.support.synthetic import write_corpus


def _two_indexes(tmp_path: Path) -> tuple[Path, Path, Path, str]:
    """A corpus with its index in use, another corpus's index file to put in its place, and a
    question the first corpus answers (so that answering it reads the postings)."""
    first, second = tmp_path / "first", tmp_path / "second"
    for folder in (first, second):
        folder.mkdir()
        vocabulary = write_corpus(folder / "news.jsonl", articles=400)
    (second / "ferry.txt").write_text("Ferry news\n\nA ferry sank in the harbour.\n")
    first_index = open_index(first, tmp_path / "ix").index.path
    second_index = open_index(second, tmp_path / "ix").index.path
    return first, first_index, second_index, " ".join(vocabulary[5:8])


def test_an_index_renamed_into_place_is_served(tmp_path: Path) -> None:
    corpus, in_use, other, _ = _two_indexes(tmp_path)
    service = SearchService(corpus, tmp_path / "ix")
    service.open()
    assert not service.ask("ferry harbour").found
    staged = in_use.with_name("staged.nbx")
    shutil.copyfile(other, staged)
    staged.replace(in_use)  # the documented way: a new file renamed over the old
    assert service.ask("ferry harbour").found
    assert service.facts().articles == 401


def test_an_index_written_over_in_place_never_kills_the_service(tmp_path: Path) -> None:
    """Before: the next question read the truncated mapping and the process died of SIGBUS
    (exit status -7)."""
    corpus, in_use, other, known = _two_indexes(tmp_path)
    script = textwrap.dedent(
        f"""
        import shutil
        from pathlib import Path
        from newsbot.app.service import SearchService
        from newsbot.errors import NewsbotError
        service = SearchService(Path({str(corpus)!r}), Path({str(tmp_path / "ix")!r}))
        service.open()
        print("before", service.ask({known!r}).found, service.ask("ferry harbour").found)
        with open({str(in_use)!r}, "r+b") as stream:
            stream.truncate(4096)  # cp's first step: the mapped file loses its pages
        try:
            service.ask({known!r})
            print("half-written: answered")
        except NewsbotError:
            print("half-written: refused", flush=True)
        shutil.copyfile({str(other)!r}, {str(in_use)!r})  # cp's end: the new content in place
        print("after", service.ask("ferry harbour").found, flush=True)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.split("\n")[:3] == [
        "before True False",
        "half-written: refused",
        "after True",
    ]
    assert "written over in place" in done.stderr
