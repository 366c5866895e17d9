"""The command line, driven through Typer's CliRunner: output, JSON shape, exit codes, help."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbot.cli import app
from tests.conftest import SEED_CORPUS, needs_shared, shared

runner = CliRunner()
QUESTION = "What did he say about youth?"


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(SEED_CORPUS, folder)
    return folder


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_ask_prints_quotes_and_sources(corpus: Path, index_dir: Path) -> None:
    code, stdout, stderr = run(
        "ask", QUESTION, "--corpus", str(corpus), "--index-dir", str(index_dir)
    )
    assert code == 0, stderr
    assert "I place great hopes on our young people" in stdout
    assert "Kazakhtan 2050" in stdout
    assert "Skip to Content" not in stdout
    assert "Indexed" in stderr  # first use builds the index, and says so on stderr


def test_ask_json_shape(corpus: Path, index_dir: Path) -> None:
    code, stdout, _ = run(
        "ask", QUESTION, "--json", "-k", "2", "--corpus", str(corpus), "--index-dir", str(index_dir)
    )
    assert code == 0
    data = json.loads(stdout)
    assert data["question"] == QUESTION
    assert data["terms"] == ["youth"]  # question words and "say" are not search terms
    assert 1 <= len(data["hits"]) <= 2
    article = (corpus / "kazakhstan-nazarbayev-nur-otan-election-headquarters.txt").read_text()
    for rank, hit in enumerate(data["hits"], start=1):
        assert {
            "rank",
            "score",
            "passage_id",
            "article_id",
            "title",
            "source",
            "published",
            "url",
            "text",
        } <= hit.keys()
        assert hit["rank"] == rank
        assert hit["text"] in article
        assert hit["article_id"] == "kazakhstan-nazarbayev-nur-otan-election-headquarters.txt"
        assert hit["passage_id"].startswith(hit["article_id"] + "#")


def test_nothing_found_exits_zero_with_empty_hits(corpus: Path, index_dir: Path) -> None:
    code, stdout, _ = run(
        "ask",
        "quantum chromodynamics",
        "--json",
        "--corpus",
        str(corpus),
        "--index-dir",
        str(index_dir),
    )
    assert code == 0
    data = json.loads(stdout)
    assert data["hits"] == []
    assert data["unknown_words"] == ["quantum", "chromodynamics"]
    code, stdout, _ = run(
        "ask", "quantum chromodynamics", "--corpus", str(corpus), "--index-dir", str(index_dir)
    )
    assert code == 0 and "I found nothing about" in stdout


def test_second_ask_reuses_the_index(corpus: Path, index_dir: Path) -> None:
    run("ask", QUESTION, "--corpus", str(corpus), "--index-dir", str(index_dir))
    code, _, stderr = run("ask", QUESTION, "--corpus", str(corpus), "--index-dir", str(index_dir))
    assert code == 0
    assert "Indexed" not in stderr


def test_settings_come_from_the_environment(
    corpus: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBOT_CORPUS_DIR", str(corpus))
    monkeypatch.setenv("NEWSBOT_INDEX_DIR", str(index_dir))
    monkeypatch.setenv("NEWSBOT_TOP_K", "1")
    code, stdout, _ = run("ask", QUESTION, "--json")
    assert code == 0
    assert len(json.loads(stdout)["hits"]) == 1
    code, stdout, _ = run("ask", QUESTION, "--json", "-k", "2")  # a flag overrides the setting
    assert len(json.loads(stdout)["hits"]) == 2


def test_invalid_setting_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSBOT_TOP_K", "many")
    code, _, stderr = run("ask", QUESTION)
    assert code == 1
    assert "NEWSBOT_TOP_K" in stderr
    assert "Traceback" not in stderr


def test_an_unknown_setting_is_an_error_naming_the_closest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A misspelt NEWSBOT_ALLOWED_CHATS must not leave the bot open to everyone in silence."""
    monkeypatch.setenv("NEWSBOT_ALLOWED_USERS", "1")
    code, _, stderr = run("ask", QUESTION)
    assert code == 1
    assert "NEWSBOT_ALLOWED_USERS is not a setting; did you mean NEWSBOT_ALLOWED_CHATS?" in stderr
    assert "Traceback" not in stderr


def test_an_unknown_setting_in_the_env_file_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("# the bot\nNEWSBOT_TOPK=5\nOTHER_TOOL=1\n", encoding="utf-8")
    code, _, stderr = run("ask", QUESTION)
    assert code == 1
    assert "NEWSBOT_TOPK (in .env) is not a setting; did you mean NEWSBOT_TOP_K?" in stderr


def test_known_variables_that_are_not_settings_are_accepted(
    corpus: Path, index_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine's own switches and the deployment's NEWSBOT_DOMAIN are not errors."""
    monkeypatch.setenv("NEWSBOT_DOMAIN", "bot.example.com")
    monkeypatch.setenv("NEWSBOT_NO_NUMBA", "1")
    code, stdout, stderr = run(
        "ask", QUESTION, "--corpus", str(corpus), "--index-dir", str(index_dir)
    )
    assert code == 0, stderr
    assert "I place great hopes on our young people" in stdout


def test_index_reports_broken_files(corpus: Path, index_dir: Path) -> None:
    (corpus / "broken.json").write_text("{not json")
    (corpus / "picture.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    code, stdout, _ = run("index", "--corpus", str(corpus), "--index-dir", str(index_dir))
    assert code == 0
    assert "1 article" in stdout and "2 skipped" in stdout
    assert "broken.json: malformed JSON" in stdout
    assert "picture.png: unsupported file type" in stdout
    code, stdout, _ = run("index", "--corpus", str(corpus), "--index-dir", str(index_dir))
    assert "is current" in stdout
    code, stdout, _ = run(
        "index", "--rebuild", "--corpus", str(corpus), "--index-dir", str(index_dir)
    )
    assert "Indexed" in stdout


def test_sources_lists_articles(corpus: Path, index_dir: Path) -> None:
    code, stdout, _ = run(
        "sources", "--json", "--corpus", str(corpus), "--index-dir", str(index_dir)
    )
    assert code == 0
    rows = json.loads(stdout)
    assert rows == [
        {
            "id": "kazakhstan-nazarbayev-nur-otan-election-headquarters.txt",
            "title": "I would like to note that the double power is not allowed in our country"
            " Nursultan Nazarbayev",
            "source": "Kazakhtan 2050",
            "published": None,
            "url": None,
        }
    ]
    code, stdout, _ = run("sources", "--corpus", str(corpus), "--index-dir", str(index_dir))
    assert "Kazakhtan 2050" in stdout


def test_chat_answers_until_quit(corpus: Path, index_dir: Path) -> None:
    code, stdout, _ = run(
        "chat",
        "--corpus",
        str(corpus),
        "--index-dir",
        str(index_dir),
        input="youth\nelection\nquit\n",
    )
    assert code == 0
    assert stdout.count("[1]") == 2


def test_chat_ends_at_end_of_input(corpus: Path, index_dir: Path) -> None:
    code, _, _ = run(
        "chat", "--corpus", str(corpus), "--index-dir", str(index_dir), input="youth\n"
    )
    assert code == 0


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["ask", QUESTION, "--corpus", "/nonexistent/corpus"], 1, "corpus not found"),
        (["ask", "   "], 1, "question is empty"),
        (["ask"], 2, "Missing argument"),
        (["ask", QUESTION, "-k", "0"], 2, "Invalid value"),
        (["frobnicate"], 2, "No such command"),
    ],
)
def test_exit_codes(args: list[str], code: int, message: str) -> None:
    result, _, stderr = run(*args)
    assert result == code
    assert message in stderr
    assert "Traceback" not in stderr


def test_every_command_has_help_with_an_example() -> None:
    code, stdout, _ = run("--help")
    assert code == 0
    commands = ["index", "ask", "chat", "sources", "where"]
    for command in commands:
        assert command in stdout
        code, text, _ = run(command, "--help")
        assert code == 0
        assert "Example: newsbot " + command in text


def test_where_prints_the_index_location(corpus: Path, index_dir: Path) -> None:
    code, stdout, _ = run("where", "--corpus", str(corpus), "--index-dir", str(index_dir))
    assert code == 0
    assert stdout.strip().startswith(str(index_dir))


@needs_shared("bbc-news", "bbc-news.jsonl")
def test_ask_bbc_json_uses_record_ids(index_dir: Path) -> None:
    corpus = shared("bbc-news", "bbc-news.jsonl")
    code, stdout, _ = run(
        "ask",
        "Time Warner quarterly profits",
        "--json",
        "--corpus",
        str(corpus),
        "--index-dir",
        str(index_dir),
    )
    assert code == 0
    hits = json.loads(stdout)["hits"]
    assert hits[0]["article_id"] == "bbc-business-001"
    assert hits[0]["source"] == "BBC News"
