"""What a user reads: the sentences that answer, the speaker line under exactly its words, one
copy of a re-filed story, the asked person's words first, and honesty when they are not there.

Each case is a small corpus the test writes, asked through the command line (and, for the
"what did X say" questions, through the bot's real handlers with the fake Bot API)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsbot.cli import app
from tests.conftest import write_corpus
from tests.support import updates
from tests.support.telegram_html import visible_text
from tests.test_bot import running_bot

runner = CliRunner()

FILLER = {
    f"filler-{n}.txt": f"Market note {n}\n\nShares in the harbour fund rose {n} points on Monday.\n"
    for n in range(8)
}
PENSIONS = {
    "kennedy.txt": (
        "Kennedy attacks council tax\n\n"
        "Liberal Democrat leader Charles Kennedy said the council tax rebate for pensioners "
        'did nothing. "Pensioners deserve a fair tax, not a rebate for pensioners," he said.\n'
    ),
    "johnson.txt": (
        "Pensions minister speaks\n\n"
        "Work and pensions minister Alan Johnson said pensioners would be better off. "
        '"Pensioners will see the difference," Mr Johnson said.\n'
    ),
    "brown.txt": (
        "Budget day\n\n"
        'The chancellor set out his plans on Wednesday. Gordon Brown said: "Every pensioner '
        'household will receive help with its bills this winter." The opposition disagreed.\n'
    ),
    "games.txt": (
        "Media group eyes video games\n\n"
        'Video games are big business, the paper quoted Mr Chernin as saying. "We want a '
        'share of the video games market," Peter Chernin said.\n'
    ),
    "spyware.txt": (
        "Spyware law in California\n\n"
        "A new law on spyware was approved by Governor Arnold Schwarzenegger in California.\n"
    ),
    "drinking.txt": (
        "First minister's drink advice criticised\n\n"
        "Jack McConnell told pupils that it was fine to get drunk now and again. "
        "Hamish MacDonell, political editor of The Scotsman, was scathing. "
        '"This sends exactly the wrong message," Mr MacDonell said. '
        "Teachers said telling kids to get drunk was unhelpful. "
        "Parents said Jack McConnell should not be telling kids to get drunk.\n"
    ),
    **FILLER,
}


def ask(corpus: Path, index_dir: Path, question: str, *flags: str) -> dict[str, object]:
    result = runner.invoke(
        app, ["ask", question, "--json", "--corpus", str(corpus), "--index-dir", str(index_dir)]
    )
    assert result.exit_code == 0, result.stderr
    data: dict[str, object] = json.loads(result.stdout)
    return data


@pytest.fixture
def pensions(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", PENSIONS)


def test_what_did_x_say_puts_x_first(pensions: Path, tmp_path: Path) -> None:
    """Before: Kennedy's and Johnson's words came first, repeating "pensioners" more often."""
    data = ask(pensions, tmp_path / "ix", "What did Brown say about pensioners?")
    hits = data["hits"]
    assert isinstance(hits, list)
    first = hits[0]
    assert first["article_id"] == "brown.txt"
    assert data["speaker_found"] is True
    spoken = [part for part in first["parts"] if part["speaker"] == "Gordon Brown"]
    assert spoken and "Every pensioner household" in spoken[0]["text"]


def test_x_not_quoted_on_the_topic_is_said_first(pensions: Path, tmp_path: Path) -> None:
    """Before: Mr Chernin's words came back as the answer, with no word that they were not
    Schwarzenegger's."""
    data = ask(pensions, tmp_path / "ix", "What did Schwarzenegger say about video games?")
    assert data["speaker_found"] is False
    assert data["related"] is True
    assert data["nothing_found"] == (
        "Schwarzenegger is not quoted about video games. Other people quoted on it:"
    )
    hits = data["hits"]
    assert isinstance(hits, list) and hits[0]["article_id"] == "games.txt"
    result = runner.invoke(
        app,
        [
            "ask",
            "What did Schwarzenegger say about video games?",
            "--corpus",
            str(pensions),
            "--index-dir",
            str(tmp_path / "ix"),
        ],
    )
    assert result.stdout.startswith(
        "Schwarzenegger is not quoted about video games. Other people quoted on it:"
    )


async def test_say_questions_through_the_bot(pensions: Path, tmp_path: Path) -> None:
    async with running_bot(tmp_path, corpus=pensions) as bot:
        await bot.send(updates.private_message("What did Brown say about pensioners?"))
        text = visible_text(bot.messages()[-1].params["text"])
        assert text.index("Every pensioner household") < text.index("— Gordon Brown")
        assert "Kennedy" not in text.split("— Gordon Brown")[0]
        await bot.send(updates.private_message("What did Schwarzenegger say about video games?"))
        text = visible_text(bot.messages()[-1].params["text"])
        assert text.startswith(
            "Schwarzenegger is not quoted about video games. Other people quoted on it:"
        )


def test_each_speaker_line_stands_under_its_own_words(tmp_path: Path) -> None:
    """Before: one speaker line under the whole quote, narration and other people included."""
    corpus = write_corpus(
        tmp_path / "corpus",
        {
            "match.txt": (
                "Wales rest their stars\n\n"
                "Wales coach Mike Ruddock rested his stars for the weekend fixtures. "
                '"The stars will benefit from the rest," Ruddock said. '
                '"We are disappointed to lose our stars," said Dragons chief Jason Forster.\n'
            ),
            **FILLER,
        },
    )
    data = ask(corpus, tmp_path / "ix", "stars rest Ruddock Forster")
    hits = data["hits"]
    assert isinstance(hits, list)
    parts = {part["speaker"]: part["text"] for part in hits[0]["parts"]}
    assert "benefit from the rest" in parts["Mike Ruddock"]
    assert "disappointed" in parts["Jason Forster"]
    assert "rested his stars" in parts[None]  # narration: no speaker line


def test_a_refiled_story_is_shown_once_with_its_other_source(tmp_path: Path) -> None:
    """Before: the same wire story filed twice was hits 1 and 2."""
    story = (
        "The average mark/dollar rate is put at 1.80 marks this year and 1.70 in 1988. "
        "The yen/dollar rate is put at 150 yen this year, the organisation said in its report. "
        "It said the key to the dollar was the willingness of investors to buy bonds again. "
    )
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    records = [
        {"id": "wire-1", "title": "OECD sees dollar lower", "text": story},
        {"id": "wire-2", "title": "OECD sees dollar lower", "text": story + "More follows."},
        {"id": "other", "title": "Dollar steady", "text": "The dollar was steady in Tokyo."},
    ] + [
        {"id": f"f{n}", "title": f"Note {n}", "text": f"Harbour shares rose {n}."} for n in range(8)
    ]
    (corpus / "wire.jsonl").write_text(
        "".join(json.dumps(record) + "\n" for record in records), encoding="utf-8"
    )
    data = ask(corpus, tmp_path / "ix", "mark dollar rate marks")
    hits = data["hits"]
    assert isinstance(hits, list)
    ids = [hit["article_id"] for hit in hits]
    assert ids.count("wire-1") + ids.count("wire-2") == 1
    assert [copy["title"] for copy in hits[0]["also_in"]] == ["OECD sees dollar lower"]


def test_the_amount_asked_for_is_in_the_quote(tmp_path: Path) -> None:
    """A how-many question is quoted with the sentence that holds the number."""
    corpus = write_corpus(
        tmp_path / "corpus",
        {
            "sham.txt": (
                "New rules tackle sham weddings\n\n"
                "New rules to tackle sham marriages in Britain come into force on Tuesday. "
                "Couples from outside Europe will need permission to marry in Britain. "
                "The Home Office says sham marriages in Britain are a growing problem. "
                "Officials estimate there are up to 15,000 sham marriages a year.\n"
            ),
            **FILLER,
        },
    )
    data = ask(corpus, tmp_path / "ix", "How many sham marriages happen in Britain each year?")
    hits = data["hits"]
    assert isinstance(hits, list)
    assert "up to 15,000" in hits[0]["quote"]


def test_no_amount_anywhere_is_related_not_an_answer(tmp_path: Path) -> None:
    """Every word is in the corpus, the amount is not: say so, and show the passages as related."""
    corpus = write_corpus(
        tmp_path / "corpus",
        {
            "bp.txt": (
                "BP boss speaks\n\n"
                "BP boss Lord Browne said the company paid more tax as profits rose. "
                "Lord Browne was paid by the board, which praised his work.\n"
            ),
            **FILLER,
        },
    )
    data = ask(corpus, tmp_path / "ix", "How much was Lord Browne paid?")
    assert data["related"] is True
    assert (
        data["nothing_found"] == "No passage gives an amount for this. Related, but not an answer:"
    )
    assert data["hits"]


def test_a_description_finds_the_person_it_describes(pensions: Path, tmp_path: Path) -> None:
    """People ask about someone as the article describes them. Before: "the Scotsman journalist"
    matched no speaker's name, so the answer said nobody of that name was quoted."""
    data = ask(
        pensions,
        tmp_path / "ix",
        "what did the scotsman journalist say about jack mcconnell telling kids to get drunk",
    )
    assert data["speaker_found"] is True
    hits = data["hits"]
    assert isinstance(hits, list) and hits[0]["article_id"] == "drinking.txt"
    spoken = [part for part in hits[0]["parts"] if part["speaker"] == "Hamish MacDonell"]
    assert spoken and "sends exactly the wrong message" in spoken[0]["text"]
