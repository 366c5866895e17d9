"""Hostile corpus files, through the command line: each is reported by name with the reason and
skipped, the rest are indexed, nothing outside the corpus folder is read, reading takes linear
time, and no file name reaches the terminal raw.

Every file here is one the hardening trial used against the code before it: each made
`newsbot index` exit 1 with a traceback, took 24-44 s, or had /etc/passwd indexed and quoted.
A named pipe, which made it wait for ever, is in test_corpus_processes (a hang needs a
subprocess and a timeout).
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbot.cli import app

runner = CliRunner()
GOOD = "Bridge reopens\n\nThe bridge over the river reopened on Monday after repairs.\n"


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def index(corpus: Path, index_dir: Path, *extra: str) -> tuple[int, str, str]:
    return run("index", "--corpus", str(corpus), "--index-dir", str(index_dir), *extra)


def sources(corpus: Path, index_dir: Path) -> list[dict[str, str | None]]:
    code, stdout, stderr = run(
        "sources", "--json", "--corpus", str(corpus), "--index-dir", str(index_dir)
    )
    assert code == 0, stderr
    rows: list[dict[str, str | None]] = json.loads(stdout)
    return rows


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "good.txt").write_text(GOOD)
    return folder


HOSTILE = {
    # name: (content, where the skip is reported, the reason's words)
    "nested.jsonl": (
        json.dumps({"id": "first", "text": "A ferry sank in the harbour."})
        + "\n"
        + "[" * 100_000
        + "\n"
        + json.dumps({"id": "third", "text": "The mayor opened a new library."})
        + "\n",
        "nested.jsonl:2",
        "nested too deeply",
    ),
    "nested.json": ("[" * 100_000, "nested.json", "nested too deeply"),
    "bigint.jsonl": (
        '{"id": "x", "text": "Prices rose.", "views": ' + "9" * 5000 + "}\n",
        "bigint.jsonl:1",
        "more than 4,300 digits",
    ),
    "deep.md": (
        "---\ntitle: " + "[" * 20_000 + "\n---\nThe council met on Tuesday.\n",
        "deep.md",
        "front matter is nested too deeply",
    ),
    "badyaml.md": (
        "---\ntitle: Council\ndate: 2005-13-45\n---\nThe council met on Tuesday.\n",
        "badyaml.md",
        "front matter holds a value it cannot read",
    ),
}


def test_a_malformed_file_is_skipped_and_the_rest_indexed(corpus: Path, index_dir: Path) -> None:
    """Before: RecursionError or "ValueError: Exceeds the limit", exit 1, and no index."""
    for name, (content, _, _) in HOSTILE.items():
        (corpus / name).write_text(content)
    code, stdout, stderr = index(corpus, index_dir)
    assert code == 0, stdout + stderr
    assert "Traceback" not in stdout + stderr
    for _, (_, where, reason) in HOSTILE.items():
        line = next(line for line in stdout.splitlines() if f"/{where}:" in line)
        assert reason in line, line
    assert f"{len(HOSTILE)} skipped" in stdout
    # The good file, and the good lines around the bad one in the same JSON Lines file.
    assert {row["id"] for row in sources(corpus, index_dir)} == {"good.txt", "first", "third"}
    code, stdout, _ = run(
        "ask", "ferry harbour", "--corpus", str(corpus), "--index-dir", str(index_dir)
    )
    assert code == 0 and "A ferry sank in the harbour." in stdout


# --- links --------------------------------------------------------------------------------------


def test_a_link_out_of_the_corpus_is_skipped(tmp_path: Path, corpus: Path, index_dir: Path) -> None:
    """Before: `ln -s /etc/passwd corpus/passwd.txt` had /etc/passwd indexed and quoted, and so
    was a file outside the corpus that held a bot token."""
    secret = tmp_path / "elsewhere" / "settings.txt"
    secret.parent.mkdir()
    secret.write_text("Bot settings\n\nNEWSBOT_TELEGRAM_TOKEN=123456:supersecrettokenvalue\n")
    (corpus / "token.txt").symlink_to(secret)
    (corpus / "relative.txt").symlink_to(Path("..") / "elsewhere" / "settings.txt")
    if Path("/etc/passwd").is_file():
        (corpus / "passwd.txt").symlink_to("/etc/passwd")
    code, stdout, stderr = index(corpus, index_dir)
    assert code == 0, stderr
    for name in ("token.txt", "relative.txt") + (
        ("passwd.txt",) if Path("/etc/passwd").is_file() else ()
    ):
        assert f"{name}: a symbolic link to a file outside the corpus folder" in stdout
    assert [row["id"] for row in sources(corpus, index_dir)] == ["good.txt"]
    code, stdout, _ = run(
        "ask",
        "supersecrettokenvalue root",
        "--json",
        "--corpus",
        str(corpus),
        "--index-dir",
        str(index_dir),
    )
    assert code == 0
    assert json.loads(stdout)["hits"] == []


def test_links_inside_the_corpus_keep_working(corpus: Path, index_dir: Path) -> None:
    """A link to a file in the corpus folder is read: here to a file in a hidden folder, which
    the scan itself passes over, and through a linked folder name."""
    drafts = corpus / ".drafts"
    drafts.mkdir()
    (drafts / "ferry.txt").write_text("Ferry sinks\n\nA ferry sank in the harbour on Monday.\n")
    (corpus / "ferry.txt").symlink_to(Path(".drafts") / "ferry.txt")
    code, stdout, stderr = index(corpus, index_dir)
    assert code == 0, stderr
    assert "0 skipped" in stdout
    assert sorted(str(row["id"]) for row in sources(corpus, index_dir)) == ["ferry.txt", "good.txt"]


def test_outside_links_are_followed_only_when_the_setting_says_so(
    tmp_path: Path, corpus: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = tmp_path / "shared" / "wire.txt"
    shared.parent.mkdir()
    shared.write_text("Wire story\n\nThe wire service reported a storm on the coast.\n")
    (corpus / "wire.txt").symlink_to(shared)
    assert [row["id"] for row in sources(corpus, index_dir)] == ["good.txt"]
    monkeypatch.setenv("NEWSBOT_FOLLOW_OUTSIDE_LINKS", "true")
    code, stdout, stderr = index(corpus, index_dir)  # a changed setting rebuilds the index
    assert code == 0, stderr
    assert "Indexed" in stdout and "0 skipped" in stdout
    assert sorted(str(row["id"]) for row in sources(corpus, index_dir)) == ["good.txt", "wire.txt"]
    monkeypatch.setenv("NEWSBOT_FOLLOW_OUTSIDE_LINKS", "false")
    code, stdout, _ = index(corpus, index_dir)
    assert "Indexed" in stdout and "1 skipped" in stdout


# --- linear time --------------------------------------------------------------------------------


def test_long_runs_in_metadata_lines_take_linear_time(corpus: Path, index_dir: Path) -> None:
    """Before: 24 s here (44 s in the trial) for a 68 KB file, as the trailer pattern tried
    every split of the run of spaces; Markdown's tag stripper and date parsing likewise."""
    (corpus / "spaces.txt").write_text(
        "Storm warning\n\nA storm is expected on the coast tonight.\n"
        "Source: x" + " " * 60_000 + "y\n" + "Published: " + "5 March " * 8_000 + "2005\n"
    )
    (corpus / "angles.md").write_text(
        "# Angles\n\n<div " + "<" * 60_000 + "\n\nThe council met on Tuesday.\n"
    )
    (corpus / "date.jsonl").write_text(
        json.dumps({"id": "d", "text": "Rain fell.", "published": "March " + "1 " * 30_000}) + "\n"
    )
    began = time.perf_counter()
    code, _, stderr = index(corpus, index_dir)
    elapsed = time.perf_counter() - began
    assert code == 0, stderr
    assert elapsed < 5, f"indexing took {elapsed:.1f} s"
    rows = {row["id"]: row for row in sources(corpus, index_dir)}
    assert rows["spaces.txt"]["source"] == "x y"  # still read as the trailer it is


# --- what the terminal sees ---------------------------------------------------------------------

NASTY = "evil\x1b]0;pwned\x07\x1b[31mred\nforged line\u202e"


def test_file_names_never_reach_the_terminal_raw(corpus: Path, index_dir: Path) -> None:
    """Before: ESC, OSC and newline characters of a file name went to the terminal as they
    were, in the build report and the skip list."""
    (corpus / f"{NASTY}.json").write_text("{not json")
    (corpus / f"{NASTY}.txt").write_text("Nasty name\n\nThe file's name is hostile.\n")
    code, stdout, stderr = index(corpus, index_dir)
    assert code == 0, stderr
    escaped = "evil\\x1b]0;pwned\\x07\\x1b[31mred\\nforged line\\u202e"
    assert f"{escaped}.json: malformed JSON" in stdout
    code, listing, _ = run("sources", "--corpus", str(corpus), "--index-dir", str(index_dir))
    assert code == 0
    assert f"{escaped}.txt" in listing
    for output in (stdout, listing):
        assert not any(char in output for char in "\x1b\x07\u202e")
        assert not any(line.startswith("forged line") for line in output.splitlines())


def test_error_messages_naming_files_are_escaped(tmp_path: Path, index_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / f"{NASTY}.json").write_text("{not json")
    code, _, stderr = index(corpus, index_dir)
    assert code == 1
    assert "no readable article" in stderr
    assert "\x1b" not in stderr and "evil\\x1b]0;pwned" in stderr
