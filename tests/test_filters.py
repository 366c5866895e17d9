"""Filters in the user's words and as flags: reading them, applying them in retrieval, and
saying what they did, through the command line, the JSON answer and the bot."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from newsbot.answering.filter_times import flag_date
from newsbot.answering.filters import CorpusFilters, FilterRequest
from newsbot.answering.models import Filters
from newsbot.answering.pipeline import Answerer
from newsbot.app.library import open_index
from newsbot.cli import app
from newsbot.corpus.facets import ArticleFacets
from newsbot.render.wording import filter_line
from tests.support import updates
from tests.support.telegram_html import visible_text
from tests.test_bot import running_bot

runner = CliRunner()
BBC = "BBC News"
REUTERS = "Reuters newswire (Reuters-21578, Distribution 1.0)"
WINNERS = ("Federer", "Safin", "Williams")


def _record(article_id: str, title: str, text: str, **fields: str) -> str:
    return json.dumps({"id": article_id, "title": title, "text": text, **fields})


def _bbc(article_id: str, category: str, title: str, text: str) -> str:
    return _record(article_id, title, text, source=BBC, category=category)


def _reuters(article_id: str, day: str, title: str, text: str) -> str:
    return _record(article_id, title, text, source=REUTERS, published=day)


BBC_RECORDS = [
    _bbc(
        "bbc-sport-1",
        "sport",
        "Federer wins in Melbourne",
        "Roger Federer won the Australian Open on Sunday, beating Marat Safin in four sets.\n\n"
        "The Swiss world number one said the title in Melbourne meant a great deal to him.",
    ),
    _bbc(
        "bbc-sport-2",
        "sport",
        "Williams takes the women's title",
        "Serena Williams won the Australian Open women's final against Lindsay Davenport.\n\n"
        "It was her seventh grand slam title, and her second in Melbourne.",
    ),
    _bbc(
        "bbc-business-1",
        "business",
        "Tennis sponsor wins the Australian Open contract",
        "The car maker won the Australian Open sponsorship, and who won the Australian Open "
        "contract was the talk of the market. The Australian Open deal runs for five years, "
        "and the firm won the Australian Open rights against two rivals.",
    ),
    _bbc(
        "bbc-business-2",
        "business",
        "Oil prices hit a new high",
        "Oil prices rose above $50 a barrel in London as cold weather raised demand for "
        "heating oil.\n\nAnalysts said oil prices could stay high through the winter.",
    ),
    _bbc(
        "bbc-health-1",
        "health",
        "British Medical Journal article urges a tax on junk food",
        "An article in the British Medical Journal says a tax on junk food would cut obesity.",
    ),
    _bbc(
        "bbc-tech-1",
        "tech",
        "Computers and the Kyoto treaty",
        "Green computing could help countries meet their Kyoto targets, engineers said.",
    ),
    _bbc(
        "bbc-politics-1",
        "politics",
        "Blair backs Kyoto",
        "Tony Blair said the Kyoto protocol was the start of the fight against climate change.",
    ),
    _bbc(
        "bbc-entertainment-1",
        "entertainment",
        "Film wins the top award",
        "The film won best picture at the ceremony, and its director thanked the cast.",
    ),
]
REUTERS_RECORDS = [
    _reuters(
        f"reuters-{number}",
        f"1987-03-{number + 1:02d}",
        f"OIL PRICES RISE {number}",
        f"Oil prices rose again as OPEC kept output low. Oil prices, oil traders said, "
        f"would keep rising. Crude oil prices were up {number} cents.",
    )
    for number in range(1, 9)
] + [
    _reuters(
        "reuters-20",
        "1987-04-02",
        "GRAIN EXPORTS",
        "Wheat exports from the United States grew in April, grain traders said.",
    ),
]
WIRE_RECORDS = [
    _record(
        "wire-1",
        "Tsunami strikes Asia",
        "A tsunami struck the coasts of the Indian Ocean, killing thousands of people.",
        source="Wire",
        published="2004-12-27",
    ),
    _record(
        "wire-2",
        "Tsunami aid grows",
        "Tsunami aid pledges grew as the tsunami relief effort went on. Tsunami survivors "
        "received food and the tsunami appeal raised millions.",
        source="Wire",
        published="2005-01-20",
    ),
    _record(
        "wire-3",
        "Tsunami warning system planned",
        "Nations agreed to build a tsunami warning system for the Indian Ocean.",
        source="Wire",
        published="2005-02-01",
    ),
    _record(
        "wire-4",
        "Cup final result",
        "The football cup final ended in a draw after extra time.",
        source="Wire",
        published="2004-12-05",
    ),
    _record(
        "wire-5",
        "Budget talks",
        "Ministers met to discuss the budget and the deficit.",
        source="Wire",
        published="2005-01-28",
    ),
]


@pytest.fixture
def mixed(tmp_path: Path) -> Path:
    """BBC (sections, no dates) and Reuters (dates, no sections) in one corpus folder."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "bbc.jsonl").write_text("\n".join(BBC_RECORDS) + "\n", encoding="utf-8")
    (folder / "reuters.jsonl").write_text("\n".join(REUTERS_RECORDS) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def bbc(tmp_path: Path) -> Path:
    path = tmp_path / "bbc.jsonl"
    path.write_text("\n".join(BBC_RECORDS) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def wire(tmp_path: Path) -> Path:
    path = tmp_path / "wire.jsonl"
    path.write_text("\n".join(WIRE_RECORDS) + "\n", encoding="utf-8")
    return path


def ask(corpus: Path, index_dir: Path, question: str, *flags: str) -> dict[str, object]:
    result = runner.invoke(
        app,
        ["ask", question, "--json", "--corpus", str(corpus), "--index-dir", str(index_dir), *flags],
    )
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


def hits_of(data: dict[str, object]) -> list[dict[str, str]]:
    hits = data["hits"]
    assert isinstance(hits, list)
    return hits


# The examples, through the command line ---------------------------------------------


def test_bbc_articles_from_2005_about_tax_says_the_corpus_has_no_dates(
    bbc: Path, index_dir: Path
) -> None:
    data = ask(bbc, index_dir, "BBC articles from 2005 about tax")
    assert data["hits"] == []
    assert "no publication dates" in str(data["nothing_found"])
    assert "2005" in str(data["nothing_found"])
    assert data["filters_unmet"] == "no_dates"
    where = ["--corpus", str(bbc), "--index-dir", str(index_dir)]
    result = runner.invoke(app, ["ask", "BBC articles from 2005 about tax", *where])
    assert "British Medical Journal" not in result.stdout
    assert "no publication dates" in result.stdout


def test_news_from_december_2004_about_the_tsunami(wire: Path, index_dir: Path) -> None:
    data = ask(wire, index_dir, "news from December 2004 about the tsunami")
    hits = hits_of(data)
    assert hits and all(hit["published"].startswith("2004-12") for hit in hits)
    assert hits[0]["article_id"] == "wire-1"
    assert data["filters"] == {
        "section": None,
        "source": None,
        "since": "2004-12-01",
        "until": "2004-12-31",
        "latest": False,
    }
    where = ["--corpus", str(wire), "--index-dir", str(index_dir)]
    text = runner.invoke(app, ["ask", "news from December 2004 about the tsunami", *where]).stdout
    assert "Filtered: December 2004" in text


def test_only_bbc_news_about_oil_prices_ranks_no_reuters_story(
    mixed: Path, index_dir: Path
) -> None:
    everything = hits_of(ask(mixed, index_dir, "oil prices", "-k", "5"))
    assert any(hit["source"] == REUTERS for hit in everything)  # Reuters says "oil" more often
    data = ask(mixed, index_dir, "only BBC news about oil prices", "-k", "5")
    hits = hits_of(data)
    assert hits and all(hit["source"] == BBC for hit in hits)
    assert hits[0]["article_id"] == "bbc-business-2"
    assert data["filters"]["source"] == BBC  # type: ignore[index]


def test_only_sport_who_won_the_australian_open_names_a_winner(bbc: Path, index_dir: Path) -> None:
    data = ask(bbc, index_dir, "only sport: who won the Australian Open?")
    hits = hits_of(data)
    assert hits and all(hit["section"] == "sport" for hit in hits)
    assert any(name in hits[0]["text"] for name in WINNERS)
    assert data["filters"]["section"] == "sport"  # type: ignore[index]
    assert "sport" not in data["terms"]  # type: ignore[operator]


# Flags ---------------------------------------------------------------------------------------


def test_flags_filter_as_the_words_do(mixed: Path, index_dir: Path) -> None:
    hits = hits_of(ask(mixed, index_dir, "oil prices", "--source", "bbc"))
    assert hits and all(hit["source"] == BBC for hit in hits)
    data = ask(mixed, index_dir, "oil prices", "--since", "1987-03-05", "--until", "1987-03")
    hits = hits_of(data)
    assert hits and all("1987-03-05" <= hit["published"] <= "1987-03-31" for hit in hits)
    assert data["filters"]["since"] == "1987-03-05"  # type: ignore[index]
    hits = hits_of(ask(mixed, index_dir, "who won?", "--section", "Sport"))
    assert hits and all(hit["section"] == "sport" for hit in hits)


def test_a_bad_date_flag_is_a_usage_error(mixed: Path, index_dir: Path) -> None:
    result = runner.invoke(
        app, ["ask", "oil", "--since", "March", "--corpus", str(mixed), "--index-dir", "x"]
    )
    assert result.exit_code == 2
    assert "YYYY" in result.stderr


def test_chat_takes_the_filter_flags(mixed: Path, index_dir: Path) -> None:
    result = runner.invoke(
        app,
        ["chat", "--source", "Reuters", "--corpus", str(mixed), "--index-dir", str(index_dir)],
        input="oil prices\n\n",
    )
    assert result.exit_code == 0, result.stderr
    assert f"Filtered: {REUTERS}" in result.stdout
    assert "Oil prices hit a new high" not in result.stdout


# What a filter that finds nothing says ------------------------------------------------------------


def test_a_filter_that_matches_nothing_says_what_does(bbc: Path, index_dir: Path) -> None:
    data = ask(bbc, index_dir, "only sport: Kyoto")
    assert data["hits"] == []
    reason = str(data["nothing_found"])
    assert reason.startswith("No sport articles match your question;")
    assert "1 tech article" in reason and "1 politics article" in reason


def test_a_flag_naming_no_section_says_which_would_answer(bbc: Path, index_dir: Path) -> None:
    data = ask(bbc, index_dir, "who won the Australian Open?", "--section", "weather")
    assert data["hits"] == []
    assert str(data["nothing_found"]).startswith("No weather articles match your question;")
    assert {"value": "sport", "articles": 2} in data["elsewhere"]  # type: ignore[operator]


def test_a_word_that_names_no_section_stays_a_search_word(mixed: Path, index_dir: Path) -> None:
    # "sport" names a section, but "sport funding cuts" puts it nowhere a filter stands.
    data = ask(mixed, index_dir, "sport funding cuts")
    assert data["filters"]["section"] is None  # type: ignore[index]


def test_latest_orders_the_matching_stories_newest_first(wire: Path, index_dir: Path) -> None:
    data = ask(wire, index_dir, "latest on the tsunami", "-k", "3")
    days = [hit["published"] for hit in hits_of(data)]
    assert days == sorted(days, reverse=True) and len(days) == 3
    assert data["filters"]["latest"] is True  # type: ignore[index]
    assert "tsunami" in data["terms"]  # type: ignore[operator]


def test_last_week_is_the_week_to_the_corpus_newest_article(wire: Path, index_dir: Path) -> None:
    data = ask(wire, index_dir, "what happened last week?")
    assert data["filters"]["since"] == "2005-01-26"  # type: ignore[index]
    assert data["filters"]["until"] == "2005-02-01"  # type: ignore[index]


# Reading filters ------------------------------------------------------------------------------


def _reader(dated: bool = True) -> CorpusFilters:
    return CorpusFilters(
        ArticleFacets(
            (BBC, REUTERS, "The Guardian"),
            ("sport", None, "tech"),
            ("2005-03-01" if dated else None, "1987-03-02" if dated else None, None),
        )
    )


@pytest.mark.parametrize(
    ("question", "rest", "section", "sources"),
    [
        ("tech news: what is the FBI warning about?", "what is the FBI warning about?", "tech", ()),
        ("only sport please: what did Greene say?", "what did Greene say?", "sport", ()),
        ("in technology stories, how many cafes?", "how many cafes?", "tech", ()),
        ("tech section only - what happened?", "what happened?", "tech", ()),
        ("BBC articles only: how low is the dollar?", "how low is the dollar?", None, (BBC,)),
        ("from Reuters, what profit?", "what profit?", None, (REUTERS,)),
        ("in the Reuters wire, what did Heller say?", "what did Heller say?", None, (REUTERS,)),
        ("BBC: how much has trade grown?", "how much has trade grown?", None, (BBC,)),
        ("sport funding cuts", "sport funding cuts", None, ()),
        ("what did the Reuters reporter see?", "what did the Reuters reporter see?", None, ()),
        ("who was a letdown in the bbc pundit's rundown", None, None, ()),
    ],
)
def test_section_and_outlet_words(
    question: str, rest: str | None, section: str | None, sources: tuple[str, ...]
) -> None:
    read = _reader().read(question)
    assert read.text == (rest or question)
    assert read.filters.section == section
    assert read.filters.sources == sources


@pytest.mark.parametrize(
    ("question", "since", "until"),
    [
        ("in March 1987, how much did housing starts rise?", "1987-03-01", "1987-03-31"),
        ("news from April 1987: how did bonds close?", "1987-04-01", "1987-04-30"),
        ("since March 20, 1987: what did Iraq say?", "1987-03-20", None),
        ("June 1987: what did Proxmire say?", "1987-06-01", "1987-06-30"),
        ("1987 news: how many were evacuated?", "1987-01-01", "1987-12-31"),
        ("before 1987, who led?", None, "1986-12-31"),
        ("after March 1987: who led?", "1987-04-01", None),
        ("until April 1987, who led?", None, "1987-04-30"),
        ("Что случилось в марте 1987 года?", "1987-03-01", "1987-03-31"),
        ("В марте 2011: что случилось?", "2011-03-01", "2011-03-31"),
    ],
)
def test_times(question: str, since: str | None, until: str | None) -> None:
    filters = _reader().read(question).filters
    assert (filters.since, filters.until) == (since, until)
    assert filters.unmet is None


@pytest.mark.parametrize(
    "question",
    [
        "Which program runs until 2030?",
        "who won the Australian Open in 2005?",
        "Сколько человек погибло при землетрясении в Турции в феврале 2023 года?",
        "How will the economy grow this year?",
    ],
)
def test_times_of_events_are_not_filters(question: str) -> None:
    for reader in (_reader(), _reader(dated=False)):
        read = reader.read(question)
        assert not read.filters.has_time and read.text == question


def test_a_time_on_a_corpus_without_dates_is_unmet() -> None:
    filters = _reader(dated=False).read("in 2005, what did Blair say?").filters
    assert filters.unmet == "no_dates"
    assert filter_line(filters) == "Filtered: 2005"


def test_flags_win_over_the_words() -> None:
    reader = _reader()
    read = reader.read(
        "only sport: who won?", FilterRequest(section="tech", source="guardian", since="2005")
    )
    assert read.filters.section == "tech"
    assert read.filters.sources == ("The Guardian",)
    assert read.filters.since == "2005-01-01"
    assert filter_line(read.filters) == "Filtered: tech, The Guardian, since 2005-01-01"


def test_flag_dates() -> None:
    assert flag_date("2005", end=False) == "2005-01-01"
    assert flag_date("2004-02", end=True) == "2004-02-29"
    assert flag_date("1987-03-20", end=True) == "1987-03-20"
    with pytest.raises(ValueError, match="YYYY"):
        flag_date("20 March", end=False)


# Sections in the index, and the filtered search -------------------------------------------------


def test_a_folder_corpus_has_its_subfolders_as_sections(tmp_path: Path, index_dir: Path) -> None:
    corpus = tmp_path / "corpus"
    for section, name in (("sport", "cup.txt"), ("tech", "chips.txt")):
        (corpus / section).mkdir(parents=True)
        (corpus / section / name).write_text(f"{name} story\n\nA {section} story text.\n")
    (corpus / "top.txt").write_text("Top story\n\nA story without a section.\n")
    (corpus / "sport" / "own.json").write_text(
        _record("x", "Own section", "A record naming its own section.", section="Motoring")
    )
    index = open_index(corpus, index_dir).index
    sections = {article.id: article.section for article in index.articles()}
    assert sections == {
        "sport/cup.txt": "sport",
        "tech/chips.txt": "tech",
        "top.txt": None,
        "x": "Motoring",
    }


def test_the_filtered_search_reaches_past_the_unfiltered_cut(mixed: Path, index_dir: Path) -> None:
    index = open_index(mixed, index_dir).index
    terms = [("oil", 1.0), ("price", 1.0)]
    allowed = np.array([source == BBC for source in index.facets.sources])
    unfiltered, _ = index.best(terms, 3, 3)
    assert all(not allowed[index.article_of(np.array([p]))[0]] for p, _ in unfiltered)
    passages, articles = index.best(terms, 3, 3, allowed)
    assert passages and all(allowed[index.article_of(np.array([p]))[0]] for p, _ in passages)
    assert articles and all(allowed[number] for number, _ in articles)
    exact = index.score("passage", terms, np.array([p for p, _ in passages]))
    assert [score for _, score in passages] == pytest.approx(exact.tolist())


def test_the_answerer_takes_flags(mixed: Path, index_dir: Path) -> None:
    answerer = Answerer(open_index(mixed, index_dir).index)
    answer = answerer.ask("oil prices", filters=FilterRequest(until="1987-03-04"))
    assert answer.hits and all(hit.source.published <= "1987-03-04" for hit in answer.hits)  # type: ignore[operator]


# The eval command -----------------------------------------------------------------------------


def test_eval_filters_indexes_several_corpora_together(
    tmp_path: Path, index_dir: Path, bbc: Path
) -> None:
    reuters = tmp_path / "reuters.jsonl"
    reuters.write_text("\n".join(REUTERS_RECORDS) + "\n", encoding="utf-8")
    questions = tmp_path / "filters.jsonl"
    lines = [
        {
            "id": "f1",
            "corpus": "bbc+reuters",
            "question": "BBC articles only: how high are oil prices?",
            "gold": ["Oil prices rose above $50 a barrel"],
            "constraint": {"source": BBC},
        },
        {
            "id": "f2",
            "question": "only sport: who won the Australian Open?",
            "gold": ["won the Australian Open"],
            "constraint": {"category": "sport"},
        },
        {
            "id": "f3",
            "question": "in April 1987, what grew?",
            "gold": ["Wheat exports"],
            "constraint": {"published_month": "1987-04"},
        },
    ]
    questions.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    args = ["eval", "filters", str(questions), "--corpus", str(bbc), "--corpus", str(reuters)]
    result = runner.invoke(app, [*args, "--index-dir", str(index_dir), "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["overall"]["questions"] == 3
    assert report["overall"]["top1"] == 1.0
    assert report["overall"]["meeting"] == 1.0
    assert set(report["by_kind"]) == {"source", "category", "published_month"}
    table = runner.invoke(app, [*args, "--index-dir", str(index_dir)])
    assert table.exit_code == 0, table.stderr
    assert "Filter evaluation" in table.stdout and "hits meeting the filter" in table.stdout


# The bot ----------------------------------------------------------------------------------------


async def test_the_bot_names_the_filter_it_applied(tmp_path: Path, bbc: Path) -> None:
    async with running_bot(tmp_path, corpus=bbc) as bot:
        await bot.send(updates.private_message("only sport: who won the Australian Open?"))
        text = visible_text(bot.last_text())
        assert "Filtered: sport" in text
        assert any(name in text for name in WINNERS)
        assert "sponsorship" not in text
        await bot.send(updates.private_message("BBC articles from 2005 about tax"))
        text = visible_text(bot.last_text())
        assert "no publication dates" in text
        assert "British Medical Journal" not in text


# The examples, through `newsbot chat --json` ---------------------------------------------


def chat_lines(corpus: Path, index_dir: Path, *lines: str) -> list[dict[str, Any]]:
    result = runner.invoke(
        app,
        ["chat", "--json", f"--corpus={corpus}", f"--index-dir={index_dir}", "--top=5"],
        input="\n".join(lines) + "\n",
    )
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_the_filter_examples_through_chat_json(
    bbc: Path, wire: Path, mixed: Path, index_dir: Path
) -> None:
    (dates,) = chat_lines(bbc, index_dir, "BBC articles from 2005 about tax")
    assert dates["hits"] == [] and "no publication dates" in dates["nothing_found"]
    (tsunami,) = chat_lines(wire, index_dir, "news from December 2004 about the tsunami")
    assert tsunami["hits"][0]["article_id"] == "wire-1"
    assert all(hit["published"].startswith("2004-12") for hit in tsunami["hits"])
    (oil,) = chat_lines(mixed, index_dir, "only BBC news about oil prices")
    assert oil["hits"] and all(hit["source"] == BBC for hit in oil["hits"])
    (sport,) = chat_lines(bbc, index_dir, "only sport: who won the Australian Open?")
    assert all(hit["section"] == "sport" for hit in sport["hits"])
    assert any(name in sport["hits"][0]["text"] for name in WINNERS)


def test_the_filter_line_in_russian() -> None:
    march = Filters(section="sport", since="1987-03-01", until="1987-03-31")
    assert filter_line(march) == "Filtered: sport, March 1987"
    assert filter_line(march, "ru") == "Фильтр: sport, март 1987"
    assert filter_line(Filters(since="1987-03-20"), "ru") == "Фильтр: с 1987-03-20"
