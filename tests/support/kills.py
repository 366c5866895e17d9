"""Killing `newsbot index --rebuild` at a random moment: shared by the reliability test and
benchmarks/reliability.py, which differ only in how many kills and what they check after."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path


def kill_a_rebuild(corpus: Path, index_dir: Path, rng: random.Random, build_seconds: float) -> None:
    """Start a rebuild in its own process and SIGKILL it somewhere between start-up and a
    little after the time a whole build takes, so that kills land in every phase."""
    process = subprocess.Popen(
        [sys.executable, "-m", "newsbot", "index", "--rebuild", "--corpus", str(corpus)],
        env={**os.environ, "NEWSBOT_INDEX_DIR": str(index_dir)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    time.sleep(rng.uniform(0.3, 0.3 + 1.5 * build_seconds))
    process.send_signal(signal.SIGKILL)
    process.wait()
