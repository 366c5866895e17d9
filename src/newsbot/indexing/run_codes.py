"""Runs of word characters → integer codes, the first step of indexing text.

The indexing path maps each run of word characters (see `Analyzer.runs`) to a code, asking
the analyser only about runs it has not seen. Finding the runs with a regular expression and
looking each one up in a dict costs more than the rest of a worker's analysis, so a small C
extension (`_runs`, built with the package when a C compiler is present) does both in one pass.
`PythonRunCoder` is its exact equivalent and the reference the tests hold it to; it is used
when the extension was not built, or is switched off (see `newsbot.native`).

A run is looked up by its key (`tokens.run_keys`): itself, or, for a run in capitals inside a
stretch of capitals (a headline, a corpus typed in capitals), itself in lower case, so that the
capitals of "WHO WAS OSCAR?" are not read as acronyms. `miss` is asked about keys.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

import numpy as np

from newsbot import native
from newsbot.text.tokens import RUN_PATTERN, run_keys

# The interface version this module expects of the extension; a stale build is not used.
# 2: format characters, "&" and a leading currency sign in runs; keys of runs in capitals.
_ABI = 2


class RunCoder(Protocol):
    def codes(self, text: str, start: int = 0, end: int | None = None, /) -> bytes:
        """The code of each run of `text[start:end]`, as native int32."""
        ...

    def __len__(self) -> int: ...


class PythonRunCoder(dict[str, int]):
    """Run → code, asking `miss` once for each run not seen before."""

    def __init__(self, miss: Callable[[str], int]) -> None:
        super().__init__()
        self._miss = miss

    def __missing__(self, run: str) -> int:
        code = self[run] = self._miss(run)
        return code

    def codes(self, text: str, start: int = 0, end: int | None = None, /) -> bytes:
        runs = run_keys(RUN_PATTERN.findall(text, *slice(start, end).indices(len(text))[:2]))
        return np.fromiter(map(self.__getitem__, runs), dtype=np.int32, count=len(runs)).tobytes()


def _native() -> Callable[[Callable[[str], int]], RunCoder] | None:
    module = native.load("newsbot.indexing._runs", _ABI)
    if module is None:
        return None
    coder: Callable[[Callable[[str], int]], RunCoder] = module.RunCoder
    return coder


def run_coder(miss: Callable[[str], int]) -> RunCoder:
    """A run coder: the compiled one when it is available, else the Python one."""
    compiled = _native()
    return compiled(miss) if compiled is not None else PythonRunCoder(miss)
