"""The corpus readers: every supported format → `Article`s, unreadable files → `Skipped`."""

from __future__ import annotations

import codecs
import json
import os
from pathlib import Path

import pytest

from newsbot.corpus import (
    SUPPORTED_SUFFIXES,
    Article,
    CorpusFile,
    ReadReport,
    Skipped,
    read_corpus,
    scan_corpus,
)
from newsbot.corpus.metadata import clean_line, normalise_date, title_from_text
from newsbot.corpus.txt import is_boilerplate
from newsbot.errors import CorpusNotFoundError

SEED_NAME = "kazakhstan-nazarbayev-nur-otan-election-headquarters.txt"
SEED_PATH = Path(__file__).parent.parent / "corpus" / SEED_NAME
BBC_JSONL = Path(__file__).resolve().parents[2] / "shared" / "data" / "bbc-news" / "bbc-news.jsonl"

BODY = (
    "The council approved the new budget on Tuesday after a long debate.\n\n"
    "Spending on schools will rise by a tenth, the treasurer said."
)


def read_all(path: Path) -> tuple[list[Article], ReadReport]:
    """Scan and read `path` the way the indexer does, returning articles and the report."""
    report = ReadReport()
    articles = list(read_corpus(scan_corpus(path), report))
    return articles, report


def read_one(path: Path) -> Article:
    """Read a single-file corpus that must yield exactly one article and no skips."""
    articles, report = read_all(path)
    assert report.skipped == []
    assert len(articles) == 1
    return articles[0]


def skipped_one(path: Path) -> Skipped:
    """Read a single-file corpus that must be skipped as a whole."""
    articles, report = read_all(path)
    assert articles == []
    assert len(report.skipped) == 1
    return report.skipped[0]


def write_jsonl(path: Path, records: list[object]) -> Path:
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n")
    return path


# --- the seed article ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> Article:
    return read_one(SEED_PATH)


def test_seed_title_is_first_line_after_navigation(seed: Article) -> None:
    assert seed.title == (
        "I would like to note that the double power is not allowed in our country "
        "Nursultan Nazarbayev"
    )


def test_seed_navigation_line_is_dropped(seed: Article) -> None:
    assert "Skip to Content" not in seed.title
    assert "Skip to Content" not in seed.text


def test_seed_source_comes_from_trailing_line(seed: Article) -> None:
    # "Kazakhtan" is misspelt in the file itself; the reader must not "correct" it.
    assert seed.source == "Kazakhtan 2050"
    assert "Source:" not in seed.text


def test_seed_text_boundaries(seed: Article) -> None:
    assert seed.text.startswith("The First President of Kazakhstan")
    assert seed.text.endswith("concluded the First President of Kazakhstan.")
    assert "I place great hopes on our young people" in seed.text


def test_seed_ids_and_origin_are_the_relative_path(seed: Article) -> None:
    assert seed.id == SEED_NAME
    assert seed.origin == SEED_NAME
    assert seed.url is None
    assert seed.published is None


def test_seed_corpus_folder_reads_one_article() -> None:
    articles, report = read_all(SEED_PATH.parent)
    assert [a.id for a in articles] == [SEED_NAME]
    assert report.files == 1
    assert report.articles == 1
    assert report.skipped == report.duplicates == report.renamed == []


# --- plain text ------------------------------------------------------------------------------


def test_txt_boilerplate_lines_and_metadata_trailer(tmp_path: Path) -> None:
    path = tmp_path / "budget.txt"
    path.write_text(
        "Skip to main content\n"
        "Menu\n"
        "\n"
        "Council approves budget\n"
        "Share this article\n"
        "\n"
        f"{BODY}\n"
        "\n"
        "Advertisement\n"
        "\n"
        "Source: The Daily Ledger\n"
        "URL: https://ledger.example.org/budget\n"
        "Published: 15 March 2024\n"
        "\n"
    )
    article = read_one(path)
    assert article.title == "Council approves budget"
    assert article.text == BODY
    assert article.source == "The Daily Ledger"
    assert article.url == "https://ledger.example.org/budget"
    assert article.published == "2024-03-15"
    for noise in ("Skip to", "Menu", "Share this", "Advertisement", "URL:", "Published:"):
        assert noise not in article.text


def test_txt_trailer_keys_are_case_insensitive_and_aliased(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(
        f"Title\n\n{BODY}\n\noutlet: Ledger\nLINK: https://x.example/a\ndate: 2024-01-02\n"
    )
    article = read_one(path)
    assert (article.source, article.url, article.published) == (
        "Ledger",
        "https://x.example/a",
        "2024-01-02",
    )
    assert article.text == BODY


def test_txt_metadata_lines_inside_the_body_are_kept(tmp_path: Path) -> None:
    """Only a trailing block is metadata; a "Source:" line followed by prose is body text."""
    path = tmp_path / "a.txt"
    path.write_text("Title\n\nSource: officials briefed reporters.\n\nThe talks went on.\n")
    article = read_one(path)
    assert article.text == "Source: officials briefed reporters.\n\nThe talks went on."
    assert article.source is None


def test_txt_one_line_file_is_both_title_and_text(tmp_path: Path) -> None:
    path = tmp_path / "short.txt"
    path.write_text("The bridge reopened on Friday after eight months of repairs.\n")
    article = read_one(path)
    assert article.text == "The bridge reopened on Friday after eight months of repairs."
    assert article.title == "The bridge reopened on Friday after eight months of repairs."


def test_txt_one_long_line_gets_a_shortened_title(tmp_path: Path) -> None:
    words = [f"word{i}" for i in range(30)]
    path = tmp_path / "long.txt"
    path.write_text(" ".join(words))
    article = read_one(path)
    assert article.text == " ".join(words)
    assert article.title == " ".join(words[:12]) + " …"


def test_txt_only_navigation_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "nav.txt"
    path.write_text("Skip to Content\nMenu\nSource: Somewhere\n")
    skip = skipped_one(path)
    assert skip.origin == "nav.txt"
    assert "no article text" in skip.reason


@pytest.mark.parametrize(
    "line",
    ["Skip to Content", "  SKIP TO CONTENT  ", "Share this article", "Back to top ↑", "Menu"],
)
def test_is_boilerplate_matches_navigation(line: str) -> None:
    assert is_boilerplate(line)


@pytest.mark.parametrize(
    "line", ["", "The council met on Tuesday.", "Share prices fell", "Home secretary resigns"]
)
def test_is_boilerplate_keeps_prose_and_blank_lines(line: str) -> None:
    assert not is_boilerplate(line)


# --- Markdown --------------------------------------------------------------------------------


def test_markdown_front_matter_fields(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(
        "---\n"
        "title: Council approves budget\n"
        "source: The Daily Ledger\n"
        "url: https://ledger.example.org/budget\n"
        "published: 2024-03-15\n"
        "language: en\n"
        "---\n"
        f"{BODY}\n"
    )
    article = read_one(path)
    assert article.title == "Council approves budget"
    assert article.source == "The Daily Ledger"
    assert article.url == "https://ledger.example.org/budget"
    assert article.published == "2024-03-15"  # a YAML date object
    assert article.language == "en"
    assert article.text == BODY
    assert "---" not in article.text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('"15 March 2024"', "2024-03-15"),
        ('"March 15, 2024"', "2024-03-15"),
        ("2024-03-15T09:30:00Z", "2024-03-15"),  # YAML datetime
        ('"sometime in spring"', "sometime in spring"),  # unparseable: kept as written
    ],
)
def test_markdown_published_as_string(tmp_path: Path, value: str, expected: str) -> None:
    path = tmp_path / "story.md"
    path.write_text(f"---\ntitle: T\npublished: {value}\n---\n{BODY}\n")
    assert read_one(path).published == expected


def test_markdown_field_aliases(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(
        "---\nHeadline: Aliased\npublisher: Ledger\nlink: https://x.example/\n"
        "date: 2024-01-02\nlang: ru\n---\nТекст статьи.\n"
    )
    article = read_one(path)
    assert (article.title, article.source, article.url, article.published, article.language) == (
        "Aliased",
        "Ledger",
        "https://x.example/",
        "2024-01-02",
        "ru",
    )


def test_markdown_formatting_is_stripped(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(
        "---\ntitle: Budget\n---\n"
        "The council approved a **record** budget, the *treasurer* said.\n"
        "Details are on [the council website](https://council.example/budget).\n"
        "\n"
        "## Reaction\n"
        "\n"
        "Opposition members called it `reckless`.\n"
    )
    article = read_one(path)
    assert article.text == (
        "The council approved a record budget, the treasurer said. "
        "Details are on the council website.\n\n"
        "Reaction\n\n"
        "Opposition members called it reckless."
    )
    for markup in ("**", "*", "](", "https://", "##", "`"):
        assert markup not in article.text


def test_markdown_title_from_first_heading(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("---\nsource: Ledger\n---\n# Council approves **budget**\n\n" + BODY + "\n")
    article = read_one(path)
    assert article.title == "Council approves budget"
    assert article.source == "Ledger"
    assert article.text == BODY


def test_markdown_without_front_matter_or_heading(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text(BODY + "\n")
    article = read_one(path)
    assert article.text == BODY
    assert article.title == title_from_text(BODY)


@pytest.mark.parametrize(
    "front_matter",
    [
        "title: [unclosed\n",
        "title: a: b: c\n",
        "- just\n- a list\n",
    ],
)
def test_markdown_bad_front_matter_is_skipped(tmp_path: Path, front_matter: str) -> None:
    path = tmp_path / "bad.md"
    path.write_text(f"---\n{front_matter}---\n{BODY}\n")
    skip = skipped_one(path)
    assert skip.origin == "bad.md"
    assert "front matter" in skip.reason


def test_markdown_with_only_front_matter_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.write_text("---\ntitle: Nothing here\n---\n\n")
    assert "no body text" in skipped_one(path).reason


# --- HTML ------------------------------------------------------------------------------------

NEWS_PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Harbour bridge reopens after repairs | Coastal Gazette</title>
  <meta property="og:site_name" content="Coastal Gazette">
  <meta property="og:title" content="Harbour bridge reopens after repairs">
  <meta property="article:published_time" content="2024-03-15T09:30:00Z">
  <link rel="canonical" href="https://gazette.example.com/news/harbour-bridge-reopens">
</head>
<body>
  <nav><ul>
    <li><a href="/">Home</a></li><li><a href="/news">News</a></li>
    <li><a href="/sport">Sport</a></li><li><a href="/weather">Weather forecasts</a></li>
  </ul></nav>
  <main>
    <article>
      <h1>Harbour bridge reopens after repairs</h1>
      <p>The harbour bridge reopened to traffic on Friday morning after eight months of
      repairs. Engineers replaced the worn steel cables and resurfaced the whole deck. The
      council said the work finished two weeks ahead of schedule.</p>
      <p>Local shop owners welcomed the news after a difficult winter. Many of them said
      trade had fallen by a third while the bridge was closed. One baker said customers from
      the north shore had simply stopped coming.</p>
      <p>The repairs cost 12 million pounds, paid partly by a national infrastructure grant.
      The council expects the bridge to last another forty years before major work is needed
      again. Cyclists will get a separate lane from next month.</p>
    </article>
  </main>
  <footer><p>Copyright 2024 Coastal Gazette Media Group. All rights reserved.
  Contact our newsroom team.</p></footer>
</body>
</html>
"""


@pytest.fixture(scope="module")
def html_article(tmp_path_factory: pytest.TempPathFactory) -> Article:
    path = tmp_path_factory.mktemp("html") / "bridge.html"
    path.write_text(NEWS_PAGE)
    return read_one(path)


def test_html_title_and_body(html_article: Article) -> None:
    assert html_article.title == "Harbour bridge reopens after repairs"
    text = " ".join(html_article.text.split())
    assert text.startswith("The harbour bridge reopened to traffic on Friday morning")
    assert "Many of them said trade had fallen by a third while the bridge was closed." in text
    assert text.endswith("Cyclists will get a separate lane from next month.")
    # The <h1> repeats the title: it is not left at the start of the body.
    assert not html_article.text.startswith("Harbour bridge")


def test_html_navigation_and_footer_are_left_out(html_article: Article) -> None:
    for noise in ("Weather forecasts", "Copyright", "All rights reserved", "newsroom"):
        assert noise not in html_article.text


def test_html_metadata(html_article: Article) -> None:
    assert html_article.source == "Coastal Gazette"
    assert html_article.url == "https://gazette.example.com/news/harbour-bridge-reopens"
    assert html_article.published == "2024-03-15"
    assert html_article.language == "en-GB"


def test_html_without_text_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "blank.htm"
    path.write_text("<html><head><title>x</title></head><body></body></html>")
    skip = skipped_one(path)
    assert skip.origin == "blank.htm"
    assert "no article text" in skip.reason


# --- JSON and JSON Lines ---------------------------------------------------------------------


def record(number: int, **extra: object) -> dict[str, object]:
    return {
        "id": f"rec-{number}",
        "title": f"Headline {number}",
        "text": f"Story number {number} is about something else entirely.",
        **extra,
    }


def test_json_list_of_records(tmp_path: Path) -> None:
    path = tmp_path / "batch.json"
    path.write_text(
        json.dumps(
            [
                record(
                    1,
                    source="Ledger",
                    url="https://x.example/1",
                    published="2024-03-15",
                    language="en",
                ),
                record(2),
            ]
        )
    )
    articles, report = read_all(path)
    assert report.skipped == []
    assert [a.id for a in articles] == ["rec-1", "rec-2"]
    first = articles[0]
    assert first.title == "Headline 1"
    assert first.text == "Story number 1 is about something else entirely."
    assert (first.source, first.url, first.published, first.language) == (
        "Ledger",
        "https://x.example/1",
        "2024-03-15",
        "en",
    )
    assert [a.origin for a in articles] == ["batch.json#1", "batch.json#2"]


def test_json_single_record(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text(json.dumps(record(7)))
    article = read_one(path)
    assert article.id == "rec-7"
    assert article.title == "Headline 7"


def test_json_articles_container(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps({"feed": "x", "articles": [record(1), record(2), record(3)]}))
    articles, _ = read_all(path)
    assert [a.id for a in articles] == ["rec-1", "rec-2", "rec-3"]


def test_json_malformed_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('[{"id": "a", "text": "x"')
    skip = skipped_one(path)
    assert skip.origin == "broken.json"
    assert "malformed JSON" in skip.reason


def test_json_unexpected_shape_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "shape.json"
    path.write_text(json.dumps({"headline": "no text and no list"}))
    assert "expected a record" in skipped_one(path).reason


def test_jsonl_malformed_line_costs_one_record(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text(
        json.dumps(record(1)) + "\n" + '{"id": "rec-2", "text": \n' + json.dumps(record(3)) + "\n"
    )
    articles, report = read_all(path)
    assert [a.id for a in articles] == ["rec-1", "rec-3"]
    assert len(report.skipped) == 1
    assert report.skipped[0].origin == "news.jsonl:2"
    assert "malformed JSON" in report.skipped[0].reason
    assert [a.origin for a in articles] == ["news.jsonl:1", "news.jsonl:3"]


def test_jsonl_blank_lines_are_ignored_but_count_for_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_text("\n" + json.dumps(record(1)) + "\n\n" + json.dumps({"text": "No id here."}))
    articles, report = read_all(path)
    assert report.skipped == []
    assert [a.id for a in articles] == ["rec-1", "news.jsonl:4"]


def test_jsonl_invalid_utf8_line_costs_one_record(tmp_path: Path) -> None:
    path = tmp_path / "news.jsonl"
    path.write_bytes(
        json.dumps(record(1)).encode()
        + b'\n{"id": "bad", "text": "caf\xe9 au lait"}\n'
        + json.dumps(record(3)).encode()
    )
    articles, report = read_all(path)
    assert [a.id for a in articles] == ["rec-1", "rec-3"]
    assert [(s.origin, "UTF-8" in s.reason) for s in report.skipped] == [("news.jsonl:2", True)]


def test_record_without_text_is_skipped(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "news.jsonl",
        [record(1), {"id": "empty", "title": "No body", "text": "   "}, {"id": "none"}, [1, 2]],
    )
    articles, report = read_all(path)
    assert [a.id for a in articles] == ["rec-1"]
    assert [s.origin for s in report.skipped] == ["news.jsonl:2", "news.jsonl:3", "news.jsonl:4"]
    assert "'text'" in report.skipped[0].reason
    assert "'text'" in report.skipped[1].reason
    assert "expected a JSON object" in report.skipped[2].reason


def test_record_ids_are_kept_or_made_from_origin(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "news.jsonl",
        [
            {"id": "bbc-business-001", "text": "One."},
            {"_id": "mongo-1", "text": "Two."},
            {"id": 42, "text": "Three."},
            {"id": None, "text": "Four."},
            {"id": "  ", "text": "Five."},
        ],
    )
    articles, _ = read_all(path)
    assert [a.id for a in articles] == [
        "bbc-business-001",
        "mongo-1",
        "42",
        "news.jsonl:4",
        "news.jsonl:5",
    ]


def test_record_null_title_falls_back_to_text(tmp_path: Path) -> None:
    text = "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn for the quarter."
    path = write_jsonl(tmp_path / "news.jsonl", [{"id": "tw", "title": None, "text": text}])
    article = read_one(path)
    assert article.title == (
        "Quarterly profits at US media giant TimeWarner jumped 76% to $1.13bn for …"
    )
    assert article.title == title_from_text(text)


def test_record_text_newlines_normalised_and_trimmed(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "n.jsonl", [{"id": "a", "text": "  One.\r\n\r\nTwo.\rThree.\n"}])
    assert read_one(path).text == "One.\n\nTwo.\nThree."


def test_empty_jsonl_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "none.jsonl"
    path.write_text("\n\n  \n")
    skip = skipped_one(path)
    assert (skip.origin, skip.reason) == ("none.jsonl", "the file is empty")


def test_binary_jsonl_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "blob.jsonl"
    path.write_bytes(b'{"text": "a"}\n\x00\x01\x02')
    assert "binary" in skipped_one(path).reason


def test_jsonl_utf16_with_bom(tmp_path: Path) -> None:
    """UTF-16 cannot be split on b"\\n" byte by byte; such a file must still be read."""
    path = tmp_path / "u16.jsonl"
    lines = [json.dumps(record(n)) for n in (1, 2, 3)]
    path.write_bytes("\n".join(lines).encode("utf-16"))
    articles, report = read_all(path)
    assert report.skipped == []
    assert [a.id for a in articles] == ["rec-1", "rec-2", "rec-3"]


# --- unreadable files and encodings ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "reason_part"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n \r\n", "only whitespace"),
        ("binary.txt", b"Title\n\x00\x01\x02\x03 body", "NUL bytes"),
        ("latin1.txt", b"Title\n\ncaf\xe9 au lait", "not valid UTF-8 (byte 0xe9 at offset 10)"),
        ("report.pdf", b"%PDF-1.4 whatever", "unsupported file type"),
        ("empty.md", b"", "empty"),
        ("empty.json", b"", "empty"),
        ("binary.html", b"<html>\x00\x00</html>", "NUL bytes"),
    ],
)
def test_unreadable_file_is_reported_and_the_rest_still_read(
    tmp_path: Path, name: str, content: bytes, reason_part: str
) -> None:
    (tmp_path / "a-good.txt").write_text(f"Good title\n\n{BODY}\n")
    (tmp_path / name).write_bytes(content)
    (tmp_path / "z-good.txt").write_text("Another title\n\nA different story entirely.\n")
    articles, report = read_all(tmp_path)
    assert [a.id for a in articles] == ["a-good.txt", "z-good.txt"]
    assert report.files == 3
    assert report.articles == 2
    assert len(report.skipped) == 1
    assert report.skipped[0].origin == name
    assert reason_part in report.skipped[0].reason


def test_unsupported_reason_lists_supported_types(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF")
    reason = skipped_one(path).reason
    for suffix in SUPPORTED_SUFFIXES:
        assert suffix in reason


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_bom_is_read(tmp_path: Path, encoding: str) -> None:
    text = "Café society\n\nThe café on the corner reopened, said its owner.\n"
    data = text.encode(encoding)
    if encoding != "utf-16":  # the plain codec writes its own BOM
        bom = codecs.BOM_UTF16_LE if encoding.endswith("le") else codecs.BOM_UTF16_BE
        data = bom + data
    path = tmp_path / "u16.txt"
    path.write_bytes(data)
    article = read_one(path)
    assert article.title == "Café society"
    assert article.text == "The café on the corner reopened, said its owner."


def test_utf8_with_bom_is_read(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(codecs.BOM_UTF8 + f"Title\n\n{BODY}\n".encode())
    article = read_one(path)
    assert article.title == "Title"
    assert "\ufeff" not in article.title + article.text


def test_utf8_bom_before_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "bom.md"
    path.write_bytes(codecs.BOM_UTF8 + f"---\ntitle: Front\n---\n{BODY}\n".encode())
    article = read_one(path)
    assert article.title == "Front"
    assert article.text == BODY


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_crlf_and_cr_newlines_are_normalised(tmp_path: Path, newline: str) -> None:
    path = tmp_path / "dos.txt"
    content = f"Title\n\n{BODY}\n\nSource: Ledger\n".replace("\n", newline)
    path.write_bytes(content.encode())
    article = read_one(path)
    assert article.text == BODY
    assert "\r" not in article.text
    assert article.source == "Ledger"


def test_crlf_markdown_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "dos.md"
    path.write_bytes(f"---\ntitle: Front\n---\n{BODY}\n".replace("\n", "\r\n").encode())
    article = read_one(path)
    assert article.title == "Front"
    assert article.text == BODY


# --- scanning and reading a corpus -----------------------------------------------------------


def make_corpus(root: Path) -> None:
    files = {
        "b.txt": "B title\n\nStory b.\n",
        "a.md": "# A title\n\nStory a.\n",
        "sub/deeper/c.txt": "C title\n\nStory c.\n",
        "sub/a.json": json.dumps({"id": "json-a", "text": "Story json."}),
        "a-b.txt": "AB title\n\nStory a-b.\n",
        ".hidden.txt": "Hidden\n\nNever read.\n",
        ".git/config.txt": "Hidden dir\n\nNever read either.\n",
        "sub/.cache/x.txt": "Hidden dir\n\nNor this.\n",
        "notes.txt~": "Backup\n\nEditor leftover.\n",
        "~$draft.txt": "Lock\n\nOffice lock file.\n",
        "#autosave.txt#": "Autosave\n\nEmacs autosave.\n",
        "swap.swp": "x",
        "partial.tmp": "x",
    }
    for relpath, content in files.items():
        path = root / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)


def test_scan_is_recursive_sorted_and_ignores_hidden(tmp_path: Path) -> None:
    make_corpus(tmp_path)
    found = scan_corpus(tmp_path)
    relpaths = [f.relpath for f in found]
    assert relpaths == ["a-b.txt", "a.md", "b.txt", "sub/a.json", "sub/deeper/c.txt"]
    assert relpaths == sorted(relpaths)
    for corpus_file in found:
        assert corpus_file.path == tmp_path / corpus_file.relpath
        assert corpus_file.size == corpus_file.path.stat().st_size
        assert corpus_file.mtime_ns == corpus_file.path.stat().st_mtime_ns


def test_read_corpus_follows_scan_order(tmp_path: Path) -> None:
    make_corpus(tmp_path)
    seen: list[str] = []
    report = ReadReport()
    articles = list(
        read_corpus(scan_corpus(tmp_path), report, on_file=lambda f: seen.append(f.relpath))
    )
    assert [a.id for a in articles] == ["a-b.txt", "a.md", "b.txt", "json-a", "sub/deeper/c.txt"]
    assert seen == ["a-b.txt", "a.md", "b.txt", "sub/a.json", "sub/deeper/c.txt"]
    assert report.files == 5
    assert report.articles == 5
    assert report.skipped == []


def test_two_reads_give_the_same_articles(tmp_path: Path) -> None:
    make_corpus(tmp_path)
    assert read_all(tmp_path)[0] == read_all(tmp_path)[0]


def test_single_file_as_corpus(tmp_path: Path) -> None:
    make_corpus(tmp_path)
    found = scan_corpus(tmp_path / "sub" / "deeper" / "c.txt")
    assert [(f.relpath, f.kind) for f in found] == [("c.txt", "txt")]
    article = read_one(tmp_path / "sub" / "deeper" / "c.txt")
    assert article.id == "c.txt"
    assert article.title == "C title"


def test_missing_corpus_raises(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(CorpusNotFoundError, match="corpus not found"):
        scan_corpus(missing)


def test_empty_folder_has_no_files(tmp_path: Path) -> None:
    assert scan_corpus(tmp_path) == []


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("a.txt", "txt"),
        ("a.TXT", "txt"),
        ("a.text", "txt"),
        ("a.md", "markdown"),
        ("a.markdown", "markdown"),
        ("a.html", "html"),
        ("a.HTM", "html"),
        ("a.json", "json"),
        ("a.jsonl", "jsonl"),
        ("a.ndjson", "jsonl"),
        ("a.pdf", None),
        ("README", None),
    ],
)
def test_corpus_file_kind(name: str, kind: str | None) -> None:
    assert CorpusFile(Path(name), name, 0, 0).kind == kind


def test_duplicate_texts_are_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(f"First title\n\n{BODY}\n")
    # Same text with different whitespace and a different title is still a duplicate.
    (tmp_path / "b.txt").write_text("Other title\n\n" + BODY.replace(" ", "  ") + "\n")
    write_jsonl(tmp_path / "c.jsonl", [{"id": "c1", "text": BODY}, {"id": "c2", "text": "New."}])
    articles, report = read_all(tmp_path)
    assert [a.id for a in articles] == ["a.txt", "c2"]
    assert report.duplicates == [("b.txt", "a.txt"), ("c1", "a.txt")]
    assert report.articles == 2


def test_duplicate_ids_are_renamed(tmp_path: Path) -> None:
    write_jsonl(
        tmp_path / "a.jsonl",
        [{"id": "x", "text": "One."}, {"id": "x", "text": "Two."}, {"id": "x~2", "text": "Three."}],
    )
    write_jsonl(tmp_path / "b.jsonl", [{"id": "x", "text": "Four."}])
    articles, report = read_all(tmp_path)
    ids = [a.id for a in articles]
    assert ids == ["x", "x~2", "x~2~2", "x~3"]
    assert len(set(ids)) == len(ids)
    assert report.renamed == [("a.jsonl:2", "x~2"), ("a.jsonl:3", "x~2~2"), ("b.jsonl:1", "x~3")]
    assert [a.text for a in articles] == ["One.", "Two.", "Three.", "Four."]


# --- metadata helpers ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("  \n\t ", None),
        ("  Two\n  lines\x00 ", "Two lines"),
        (2050, "2050"),
        (["a list"], None),
    ],
)
def test_clean_line(value: object, expected: str | None) -> None:
    assert clean_line(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2004-12-01", "2004-12-01"),
        ("2024-03-15T09:30:00Z", "2024-03-15"),
        ("1 December 2004", "2004-12-01"),
        ("1 Dec 2004", "2004-12-01"),
        ("December 1, 2004", "2004-12-01"),
        ("01.12.2004", "2004-12-01"),
        ("2004/12/01", "2004-12-01"),
        ("Wed, 01 Dec 2004 10:00:00 +0000", "2004-12-01"),
        ("not a date", "not a date"),
        (None, None),
    ],
)
def test_normalise_date(value: object, expected: str | None) -> None:
    assert normalise_date(value) == expected


# --- real data -------------------------------------------------------------------------------


@pytest.mark.skipif(not BBC_JSONL.exists(), reason="the shared BBC News data is not present")
def test_bbc_news_jsonl() -> None:
    articles, report = read_all(BBC_JSONL)
    assert report.files == 1
    assert report.skipped == []
    assert report.renamed == []
    assert len(articles) == 2089
    assert len(report.duplicates) == 136
    assert len(articles) + len(report.duplicates) == 2225
    assert articles[0].id == "bbc-business-001"
    assert articles[0].title == "Ad sales boost Time Warner profit"
    assert articles[0].source == "BBC News"
    assert ("bbc-business-240", "bbc-business-214") in report.duplicates
    assert all(a.id.startswith("bbc-") for a in articles)


# --- hostile files (the hardening) --------------------------------------------------------------


def test_only_regular_files_are_opened(tmp_path: Path) -> None:
    from newsbot.corpus.model import UnreadableFile
    from newsbot.corpus.textfile import open_regular

    with pytest.raises(UnreadableFile, match="a folder, not a regular file"):
        open_regular(tmp_path)
    if Path("/dev/null").exists():
        with pytest.raises(UnreadableFile, match="a character device, not a regular file"):
            open_regular(Path("/dev/null"))
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFile, match="a named pipe"):
        open_regular(fifo)
    article = tmp_path / "a.txt"
    article.write_text("Title\n\nBody.\n")
    with open_regular(article, inside=tmp_path.resolve()) as stream:
        assert stream.read() == b"Title\n\nBody.\n"
    with pytest.raises(UnreadableFile, match="outside the corpus folder"):
        open_regular(article, inside=(tmp_path / "elsewhere").resolve())


def test_a_single_file_corpus_may_be_a_link_anywhere(tmp_path: Path) -> None:
    """A corpus of one file was named on purpose: a link to it is followed wherever it leads."""
    target = tmp_path / "archive" / "story.txt"
    target.parent.mkdir()
    target.write_text(f"Story\n\n{BODY}\n")
    (tmp_path / "corpus.txt").symlink_to(target)
    articles, report = read_all(tmp_path / "corpus.txt")
    assert [a.id for a in articles] == ["corpus.txt"] and report.skipped == []


def test_printable_escapes_control_characters() -> None:
    from newsbot.corpus import printable

    assert printable("plain name, Ünïcode ok.txt") == "plain name, Ünïcode ok.txt"
    assert printable("a\x1b[31mb\x07c\nd\te\x7ff\x9bg\u202eh") == (
        "a\\x1b[31mb\\x07c\\nd\\te\\x7ff\\x9bg\\u202eh"
    )


def test_a_jsonl_line_over_the_limit_is_read_past_in_pieces(tmp_path: Path) -> None:
    from newsbot.corpus.records import jsonl_records

    path = tmp_path / "news.jsonl"
    lines = [
        json.dumps({"id": "a", "text": "First story."}),
        json.dumps({"id": "b", "text": "x" * 5_000}),
        json.dumps({"id": "c", "text": "Third story."}),
    ]
    path.write_text("\n".join(lines))  # no newline at the end either
    with path.open("rb") as stream:
        items = list(jsonl_records(stream, "news.jsonl", max_record=1_000))
    assert [getattr(item, "id", None) or item.origin for item in items] == [
        "a",
        "news.jsonl:2",
        "c",
    ]
    assert isinstance(items[1], Skipped) and "more than the" in items[1].reason
