"""The compiled indexing helpers give exactly what their Python references give.

`_runs` (finding and coding runs of word characters) is held to `PythonRunCoder`, i.e. to the
regular expression `RUN_PATTERN`; `_count` (counting a batch's terms) to the numpy sorts. Both
are optional, so the package must also build the same index without them.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sysconfig
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbot import native
from newsbot.corpus import scan_corpus
from newsbot.index.store import IndexFile
from newsbot.indexing.build import IndexConfig, build_index
from newsbot.indexing.postings import count_terms, count_with_numpy
from newsbot.indexing.run_codes import PythonRunCoder, RunCoder
from newsbot.text.tokens import CURRENCY_SIGNS, FORMAT_RANGES, RUN_PATTERN, run_keys
from tests.test_build import corpus_with_everything

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "kazakhstan-nazarbayev-nur-otan-election-headquarters.txt"

# With NEWSBOT_NO_NATIVE=1 the helpers are off on purpose, and the Python paths are tested alone.
SWITCHED_OFF = bool(os.environ.get("NEWSBOT_NO_NATIVE"))
runs_module = native.load("newsbot.indexing._runs", 2)
count_module = native.load("newsbot.indexing._count", 1)
needs_runs = pytest.mark.skipif(runs_module is None, reason="the run coder is not built")
needs_count = pytest.mark.skipif(count_module is None, reason="the term counter is not built")

# Characters around the edges of runs: joiners ("&" too), combining marks, apostrophes, digits,
# letters of several scripts (1-, 2- and 4-byte strings), an astral letter and an astral digit;
# format characters (the edges of their ranges, an astral one), currency signs, and cased
# letters of several kinds (capitals in stretches are lowered: a title-case letter, a Greek
# capital, an upper-case Roman numeral).
EDGES = "aZ09_ .,'’ʼ-\u0301\u0483\u0489\u036f\u0370ёЖ中ß\U00010400\U0001d7ce\n\t…"
CASES = "&\u00ad\u200b\u200f\u2060\ufeff\U000e0020\u00ac\u2065$£€₦¢ABCXYZdǅΣⅫ\u0660"
texts = (
    st.text(alphabet=st.sampled_from(EDGES), max_size=60)
    | st.text(alphabet=st.sampled_from(EDGES + CASES + "    "), max_size=60)
    | st.text(max_size=60)
)


def coders() -> tuple[RunCoder, RunCoder, dict[str, int]]:
    """A compiled and a Python coder that give runs the same codes (their order of arrival)."""
    seen: dict[str, int] = {}

    def miss(run: str) -> int:
        return seen.setdefault(run, len(seen) - 3)  # negative codes too, like stop words

    assert runs_module is not None
    return runs_module.RunCoder(miss), PythonRunCoder(miss), seen


def decoded(codes: bytes) -> list[int]:
    return np.frombuffer(codes, dtype=np.int32).tolist()


@needs_runs
@settings(max_examples=400, deadline=None)
@given(texts, st.integers(-70, 70), st.none() | st.integers(-70, 70))
def test_compiled_runs_are_the_patterns_runs(text: str, start: int, end: int | None) -> None:
    compiled, python, seen = coders()
    expected = decoded(python.codes(text, start, end))
    assert decoded(compiled.codes(text, start, end)) == expected
    # Runs are looked up by their keys: as written, or lowered in a stretch of capitals.
    assert [seen[key] for key in run_keys(RUN_PATTERN.findall(text[start:end]))] == expected


@needs_runs
def test_compiled_runs_on_real_text() -> None:
    text = SEED.read_text(encoding="utf-8")
    russian = "Президент России Владимир Путин заявил, что рост ВВП в 2023 г. составил 3,6%."
    compiled, python, seen = coders()
    shouted = "WHO WAS OSCAR? The Academy's M&S and AT&T: Fe\u200bderer ran the 100m for $5m. "
    samples = (text, russian, text + russian, "Mr. O’Brien’s U.S. trip cost £1,200.50m.", shouted)
    for sample in samples:
        assert decoded(compiled.codes(sample)) == decoded(python.codes(sample))
    assert len(compiled) == len(seen) > 250  # each distinct run was asked about once


@needs_runs
def test_compiled_runs_know_every_format_character_and_currency_sign() -> None:
    """Every format character (and the code points either side of each range) joins or splits
    a run exactly as `RUN_PATTERN` does, and every currency sign opens one before a digit."""
    compiled, python, _ = coders()
    edges = {code for low, high in FORMAT_RANGES for code in (low - 1, low, high, high + 1)}
    inside = {code for low, high in FORMAT_RANGES for code in range(low, high + 1)}
    for code in sorted(edges | inside):
        char = chr(code)
        for sample in (f"a{char}b", f"a{char}.{char}b", f"a{char}", f"{char}a", f"1{char}&{char}2"):
            assert decoded(compiled.codes(sample)) == decoded(python.codes(sample)), hex(code)
    for sign in CURRENCY_SIGNS + "¢#%":
        sample = f"x{sign}5m {sign}x {sign}{sign}9 5{sign}5"
        assert decoded(compiled.codes(sample)) == decoded(python.codes(sample)), sign


@needs_runs
@pytest.mark.parametrize(
    "text",
    [
        "WHO WAS OSCAR? The Academy was set up. THE SHOW ALWAYS GOES ON",
        "the US, UK and EU; US UK EU NATO; I A B 12 C",
        "ǅX ΣΑΣ Ⅻ ABC 1 DEF 2 GHI jkl MNO",
        "TIME: THE U.S . WANTS AND WILL SUPPORT IT, SAID AT&T'S CHIEF.",
    ],
)
def test_compiled_runs_lower_the_same_capitals(text: str) -> None:
    compiled, python, seen = coders()
    for start in range(len(text)):
        expected = decoded(python.codes(text, start))
        assert decoded(compiled.codes(text, start)) == expected
        assert [seen[key] for key in run_keys(RUN_PATTERN.findall(text[start:]))] == expected


def test_the_typed_forms_index_the_same_without_the_helpers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Format characters, names with "&", currency signs and headlines in capitals: the index
    built without the compiled helpers is the same, array for array."""
    if runs_module is None or count_module is None:
        pytest.skip("the helpers are not built")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    lines = [
        {"id": "1", "title": "WHO WAS OSCAR?", "text": "The WHO said AT&T's M&S deal cost £5m."},
        {"id": "2", "title": "Fe\u200bderer wins", "text": "Fed\u00aderer ran the 100m in 9.9s."},
        {
            "id": "3",
            "title": "THE SHOW GOES ON",
            "text": "THE US SAID IT WOULD ACT. IT jobs, US$5m.",
        },
    ]
    (corpus / "news.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    files = scan_corpus(corpus)

    def build(name: str) -> dict[str, np.ndarray]:
        destination = tmp_path / name / "index.nbx"
        build_index(corpus, files, destination, IndexConfig(), workers=1)
        opened = IndexFile(destination)
        return {key: np.array(value) for key, value in opened.arrays.items()}

    compiled = build("compiled")
    monkeypatch.setenv("NEWSBOT_NO_NATIVE", "1")
    python = build("python")
    for key, value in compiled.items():
        assert np.array_equal(value, python[key]), key


@needs_runs
def test_a_failing_miss_propagates_and_keeps_nothing() -> None:
    assert runs_module is not None

    def miss(run: str) -> int:
        if run == "bad":
            raise ValueError(run)
        return 2**40 if run == "huge" else 7

    coder = runs_module.RunCoder(miss)
    with pytest.raises(ValueError, match="bad"):
        coder.codes("good bad good")
    with pytest.raises(OverflowError):
        coder.codes("huge")
    assert decoded(coder.codes("good good")) == [7, 7]
    assert len(coder) == 1
    with pytest.raises(TypeError):
        coder.codes(b"bytes")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        runs_module.RunCoder(42)


@needs_count
@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=1, max_size=20), st.data())
def test_compiled_counts_are_the_numpy_counts(lengths: list[int], data: st.DataObject) -> None:
    total = sum(lengths)
    ids = np.array(
        data.draw(st.lists(st.integers(0, 40), min_size=total, max_size=total)), dtype=np.int32
    )
    sizes = np.array(lengths, dtype=np.int64)
    compiled, reference = count_terms(ids, sizes), count_with_numpy(ids, sizes)
    for part in ("docs", "terms", "tfs", "first_index", "lengths", "first_seen"):
        left, right = getattr(compiled, part), getattr(reference, part)
        assert left.dtype == right.dtype, part
        assert np.array_equal(left, right), part


@needs_count
def test_compiled_counts_reject_bad_input() -> None:
    assert count_module is not None
    ids = np.array([0, 1, 2], dtype=np.int32)
    with pytest.raises(ValueError, match="add up"):
        count_module.count(ids, np.array([1, 1], dtype=np.int64))
    with pytest.raises(ValueError, match="negative"):
        count_module.count(np.array([0, -1], dtype=np.int32), np.array([2], dtype=np.int64))
    with pytest.raises(TypeError):
        count_module.count(ids.astype(np.int64), np.array([3], dtype=np.int64))


def test_stale_or_switched_off_helpers_are_not_used(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="newsbot.native"):
        assert native.load("newsbot.indexing.unit_result", abi=1) is None  # has no ABI
    assert "out of date" in caplog.text
    assert native.load("newsbot.no_such_module", abi=1) is None
    monkeypatch.setenv("NEWSBOT_NO_NATIVE", "1")
    assert native.load("newsbot.indexing._runs", abi=2) is None
    assert native.load("newsbot.indexing._count", abi=1) is None


def test_helpers_are_built_where_a_compiler_is() -> None:
    """CI builds the package with a C compiler: a broken build must not pass silently."""
    header = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if SWITCHED_OFF:
        pytest.skip("NEWSBOT_NO_NATIVE switches the helpers off")
    if not (shutil.which("cc") or shutil.which("gcc")) or not header.exists():
        pytest.skip("no C compiler or Python headers here")
    assert runs_module is not None and count_module is not None


@pytest.mark.parametrize("workers", [1, 2])
def test_the_index_is_the_same_without_the_helpers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    if runs_module is None or count_module is None:
        pytest.skip("the helpers are not built")
    corpus = corpus_with_everything(tmp_path / "corpus")
    files = scan_corpus(corpus)

    def build(name: str) -> dict[str, np.ndarray]:
        destination = tmp_path / name / "index.nbx"
        build_index(corpus, files, destination, IndexConfig(), workers=workers)
        opened = IndexFile(destination)
        return {key: np.array(value) for key, value in opened.arrays.items()}

    compiled = build("compiled")
    monkeypatch.setenv("NEWSBOT_NO_NATIVE", "1")  # inherited by the worker processes
    python = build("python")
    assert compiled.keys() == python.keys()
    for key, value in compiled.items():
        assert np.array_equal(value, python[key]), key


text_module = native.load("newsbot.text._text", 1)
SPACES = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2009\u200b\u2028\u3000\ufeff"
spaced = st.text(alphabet=st.sampled_from(SPACES + "ab中ё\U00010400"), max_size=40) | st.text()


@pytest.mark.skipif(text_module is None, reason="the text helpers are not built")
@settings(max_examples=400, deadline=None)
@given(spaced, st.integers(-50, 50), st.none() | st.integers(-50, 50))
def test_compiled_text_helpers_are_str_split(text: str, start: int, end: int | None) -> None:
    assert text_module is not None
    assert text_module.word_count(text, start, end) == len(text[start:end].split())
    assert text_module.word_count(text) == len(text.split())
    try:
        expected = " ".join(text.split()).encode("utf-8")
    except UnicodeEncodeError:
        with pytest.raises(UnicodeEncodeError):
            text_module.collapsed_utf8(text)
    else:
        assert text_module.collapsed_utf8(text) == expected


@pytest.mark.skipif(text_module is None, reason="the text helpers are not built")
def test_compiled_collapse_refuses_lone_surrogates_like_encode() -> None:
    assert text_module is not None
    with pytest.raises(UnicodeEncodeError):
        " ".join("a \ud800 b".split()).encode("utf-8")
    with pytest.raises(UnicodeEncodeError, match="surrogates not allowed"):
        text_module.collapsed_utf8("a \ud800 b")
