"""The compiled search kernel is loaded from numba's disk cache in a new process, and loaded
(or compiled) before the first search uses it: compiling it in the middle of a question made
that question take about five seconds after every start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("numba")

PROBE = """
import json
from newsbot.index import accelerate, kernel_numba
kernel = accelerate.kernel()
print(json.dumps({
    "ready": accelerate.ready() is kernel is not None,
    "signatures": len(kernel.signatures),
    "hits": sum(kernel_numba.maxscore.stats.cache_hits.values()),
}))
"""


def probe(cache: Path) -> dict[str, int]:
    environment = {**os.environ, "NUMBA_CACHE_DIR": str(cache)}
    environment.pop("NEWSBOT_NO_NUMBA", None)
    completed = subprocess.run(
        [sys.executable, "-c", PROBE], env=environment, capture_output=True, text=True, timeout=300
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, int] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def test_a_new_process_loads_the_warmed_kernel_from_the_cache(tmp_path: Path) -> None:
    first = probe(tmp_path / "numba")
    assert first["ready"] and first["signatures"] == 1  # warmed up with the real types
    second = probe(tmp_path / "numba")
    assert second["ready"] and second["signatures"] == 1
    assert second["hits"] == 1  # loaded, not compiled again
