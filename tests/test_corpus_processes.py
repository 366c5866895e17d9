"""Hostile corpora against real processes, where what must be seen is a hang, a kill -9 or the
memory a build takes: `newsbot index` and `newsbot run` as subprocesses.

Against the code before the hardening: a FIFO named *.jsonl made `newsbot index` wait for ever
and the bot's watcher reindex never end (SIGTERM could not stop the bot); the workers of a
build killed with SIGKILL lived on for more than 60 s; a 250 MB JSON Lines record took 2.25 GB.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import SEED_CORPUS
from tests.support.http_bot_api import BotApiServer
from tests.support.synthetic import write_corpus
from tests.test_bot_process import bot_environment, start_bot

linux_only = pytest.mark.skipif(
    not Path("/proc/self/stat").exists(), reason="reads the process tree from /proc"
)
GOOD = "Bridge reopens\n\nThe bridge over the river reopened on Monday after repairs.\n"


def environment(index_dir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith("NEWSBOT_")}
    env["NEWSBOT_INDEX_DIR"] = str(index_dir)
    return env


def newsbot_index(corpus: Path, *extra: str) -> list[str]:
    """The command; the index folder comes from the environment (see `environment`)."""
    return [sys.executable, "-m", "newsbot", "index", "--corpus", str(corpus), *extra]


def test_index_with_a_fifo_in_the_corpus_finishes(tmp_path: Path) -> None:
    """Before: opening the FIFO blocked for ever (killed here after 30 s)."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "good.txt").write_text(GOOD)
    os.mkfifo(corpus / "pipe.jsonl")
    began = time.monotonic()
    try:
        done = subprocess.run(
            newsbot_index(corpus),
            env=environment(tmp_path / "ix"),
            capture_output=True,
            text=True,
            timeout=30,
        )
    except subprocess.TimeoutExpired:
        pytest.fail("newsbot index still waited on the FIFO after 30 s")
    assert done.returncode == 0, done.stderr
    assert "pipe.jsonl: a named pipe (FIFO), not a regular file" in done.stdout
    assert time.monotonic() - began < 30


# --- workers die with the build -----------------------------------------------------------------


def _parent_of(pid: int) -> int | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return None if fields[0] == "Z" else int(fields[1])


def _workers_of(pid: int) -> list[int]:
    """The multiprocessing workers the process started (not its resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and _parent_of(int(entry.name)) == pid:
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            if b"multiprocessing" in command and b"resource_tracker" not in command:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    return _parent_of(pid) is not None


@pytest.fixture
def large_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Past the size (16 MiB) from which a build analyses in worker processes."""
    folder = tmp_path_factory.mktemp("large")
    write_corpus(folder / "news.jsonl", articles=12_000, seed=3)
    assert (folder / "news.jsonl").stat().st_size > 16 * 2**20
    return folder


@linux_only
def test_workers_die_with_a_build_killed_by_sigkill(tmp_path: Path, large_corpus: Path) -> None:
    """Before: both workers were still running 90 s after the kill."""
    build = subprocess.Popen(
        newsbot_index(large_corpus, "--rebuild"),
        env=environment(tmp_path / "ix"),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    workers: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and build.poll() is None:
            workers = _workers_of(build.pid)
            time.sleep(0.05)
        assert len(workers) >= 2, "the build never started its workers"
        time.sleep(0.5)  # let them start analysing
        build.send_signal(signal.SIGKILL)
        build.wait()
        killed = time.monotonic()
        while any(_alive(pid) for pid in workers) and time.monotonic() - killed < 15:
            time.sleep(0.05)
        outlived = time.monotonic() - killed
        assert not any(_alive(pid) for pid in workers), f"workers alive {outlived:.1f} s later"
        assert outlived < 5
    finally:
        build.kill()
        build.wait()
        for pid in workers:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)


# --- a record too long --------------------------------------------------------------------------

_PEAK = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(done.stdout)
sys.stderr.write(done.stderr)
# The largest resident set of any process of the build (Linux counts reaped descendants too).
print("PEAK_KIB", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(done.returncode)
"""


def _peak_kib(command: list[str], env: dict[str, str]) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-c", _PEAK, *command],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    peak = int(done.stdout.rsplit("PEAK_KIB", 1)[1])
    return peak, done.stdout


@linux_only
def test_an_over_long_record_is_skipped_in_bounded_memory(tmp_path: Path) -> None:
    """A 96 MiB line: before, it was read whole in the parent (to plan units) and in a worker
    (bytes, text, parsed JSON: 500 MiB and more); now it is read past in pieces and skipped."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    line_mib = 96
    with (corpus / "news.jsonl").open("w", encoding="utf-8") as stream:
        stream.write(json.dumps({"id": "before", "text": "A ferry sank in the harbour."}) + "\n")
        stream.write('{"id": "huge", "text": "')
        for _ in range(line_mib):
            stream.write("word " * (2**20 // 5) + "word")
        stream.write('"}\n')
        stream.write(json.dumps({"id": "after", "text": "The mayor opened a library."}) + "\n")
    small = tmp_path / "small"
    small.mkdir()
    (small / "good.txt").write_text(GOOD)
    env = environment(tmp_path / "ix")
    baseline, _ = _peak_kib(newsbot_index(small), env)
    peak, stdout = _peak_kib(newsbot_index(corpus), env)
    above = (peak - baseline) / 1024
    assert above < line_mib / 2, f"peak {peak // 1024} MiB, {above:.0f} MiB above a tiny build's"
    assert "news.jsonl:2: the line is 96.0 MiB, more than the 8 MiB limit for one record" in stdout
    assert "2 articles" in stdout


# --- the bot stops, whatever the corpus holds ---------------------------------------------------


@pytest.fixture
def server() -> Iterator[BotApiServer]:
    with BotApiServer() as running:
        yield running


def test_the_bot_stops_on_sigterm_after_a_fifo_reached_its_watcher(
    tmp_path: Path, server: BotApiServer
) -> None:
    """Before: the watcher's reindex waited on the FIFO for ever, and SIGTERM left the process
    waiting for that thread (killed here after 20 s)."""
    corpus = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, corpus)
    env = bot_environment(tmp_path, server, NEWSBOT_CORPUS_DIR=str(corpus), NEWSBOT_WATCH="true")
    process = start_bot(env, tmp_path)
    try:
        server.wait_for("getUpdates", timeout=60)
        time.sleep(1.0)  # the watcher is set up right after polling starts
        os.mkfifo(corpus / "pipe.jsonl")
        (corpus / "ferry.txt").write_text("Ferry sinks\n\nA ferry sank in the harbour.\n")
        time.sleep(6.0)  # debounce (1.5 s), then the reindex
        process.send_signal(signal.SIGTERM)
        try:
            _, stderr = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            pytest.fail("the bot was still running 20 s after SIGTERM")
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, stderr
    assert "reindexed after a corpus change" in stderr
    assert "pipe.jsonl: a named pipe (FIFO), not a regular file" in stderr
