"""A conversation, not a search box: the issue's follow-ups through `newsbot chat --json` and
through the bot's real handlers over the fake Bot API, on a newsroom written here.

Before this change each message was answered as if it were the first: "And about Iraq?" found
"Irish company hit by Iraqi report" and "US firm pulls out of Iraq", with no Blair, and "what
else did he say?" had "no words to search for".
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsbot.answering.follow_up import Turn, read_follow_up
from newsbot.cli import app
from tests.conftest import SEED_CORPUS, write_corpus
from tests.support import updates
from tests.support.telegram_html import visible_text
from tests.test_bot import running_bot

runner = CliRunner()

NEWSROOM = {
    "blair-election.txt": (
        "Blair sets out election plans\n\n"
        "Tony Blair said the general election would be fought on the economy. "
        '"We will win this election on our record," Mr Blair said.\n'
    ),
    "blair-iraq.txt": (
        "Blair defends his record on Iraq\n\n"
        "Tony Blair spoke to MPs on Wednesday. "
        '"I do not regret the decision on Iraq," Mr Blair said.\n'
    ),
    "blair-schools.txt": (
        "Blair promises more for schools\n\n"
        "Tony Blair visited a school in Leeds on Friday. "
        '"Every child deserves a good school," Mr Blair said.\n'
    ),
    "irish-iraq.txt": (
        "Irish company hit by Iraqi report\n\n"
        "An Irish company said a report on Iraq had hurt its shares in Iraq and in Dublin. "
        "Iraq was the company's largest market, and Iraq contracts made up half of its sales.\n"
    ),
    "us-firm-iraq.txt": (
        "US firm pulls out of Iraq\n\n"
        "A US engineering firm is pulling out of Iraq, citing the cost of security in Iraq.\n"
    ),
    "howard-election.txt": (
        "Howard attacks election timing\n\n"
        'Michael Howard said the election was being called early. "The timing is cynical," '
        "Mr Howard said.\n"
    ),
    **{
        f"market-{n}.txt": f"Market note {n}\n\nShares in the harbour fund rose {n} points.\n"
        for n in range(6)
    },
}


@pytest.fixture
def newsroom(tmp_path: Path) -> Path:
    return write_corpus(tmp_path / "corpus", NEWSROOM)


def chat_json(corpus: Path, index_dir: Path, *lines: str, top: int = 3) -> list[dict[str, Any]]:
    result = runner.invoke(
        app,
        [
            "chat",
            "--json",
            "--top",
            str(top),
            "--corpus",
            str(corpus),
            "--index-dir",
            str(index_dir),
        ],
        input="\n".join(lines) + "\n",
    )
    assert result.exit_code == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def first_article(answer: dict[str, Any]) -> str:
    hits = answer["hits"]
    assert isinstance(hits, list) and hits, answer
    return str(hits[0]["article_id"])


def test_and_about_iraq_is_blair_about_iraq(newsroom: Path, tmp_path: Path) -> None:
    first, follow = chat_json(
        newsroom, tmp_path / "ix", "What did Blair say about the election?", "And about Iraq?"
    )
    assert first_article(first) == "blair-election.txt"
    assert "understood" not in first
    assert first_article(follow) == "blair-iraq.txt"
    assert follow["understood"] == "Tony Blair, about Iraq"
    assert "I do not regret" in follow["hits"][0]["quote"]


def test_what_else_did_he_say_gives_more_of_his_words(newsroom: Path, tmp_path: Path) -> None:
    answers = chat_json(
        newsroom,
        tmp_path / "ix",
        "What did Blair say about the election?",
        "what else did he say?",
        "what else did he say?",
        top=1,
    )
    shown = [hit["quote"] for answer in answers for hit in answer["hits"][:1]]
    assert len(set(shown)) == 3  # no repeats
    for answer in answers[1:]:
        assert answer["understood"] == "Tony Blair: more of what they said"
        assert first_article(answer).startswith("blair-")


def test_a_new_subject_starts_afresh(newsroom: Path, tmp_path: Path) -> None:
    _, fresh = chat_json(
        newsroom,
        tmp_path / "ix",
        "What did Blair say about the election?",
        "What did Michael Howard say about the election timing?",
    )
    assert first_article(fresh) == "howard-election.txt"
    assert "understood" not in fresh


def test_new_forgets_the_conversation(newsroom: Path, tmp_path: Path) -> None:
    answers = chat_json(
        newsroom,
        tmp_path / "ix",
        "What did Blair say about the election?",
        "/new",
        "And about Iraq?",
    )
    assert answers[1] == {"new_conversation": True}
    assert "understood" not in answers[2]
    assert first_article(answers[2]) != "blair-iraq.txt"


def test_the_seed_question_still_means_nazarbayev(tmp_path: Path) -> None:
    first, follow = chat_json(
        SEED_CORPUS, tmp_path / "ix", "What did he say about youth?", "and about jobs?"
    )
    assert first["hits"] and follow["hits"]
    assert follow["understood"] == "Nursultan Nazarbayev, about jobs"


def test_unknown_words_after_an_answer_are_not_answered_from_it(tmp_path: Path) -> None:
    _, unknown = chat_json(
        SEED_CORPUS, tmp_path / "ix", "What did he say about youth?", "quantum chromodynamics"
    )
    assert unknown["hits"] == []


@pytest.mark.parametrize(
    ("message", "searched"),
    [
        ("and about Iraq?", "what did Tony Blair say about Iraq"),
        ("what about jobs", "what did Tony Blair say about jobs"),
        ("what did he say about schools?", "what did Tony Blair say about schools?"),
        ("and the unions?", "what did the unions say about the election"),
        ("and in Scotland?", "What did Blair say about the election in Scotland"),
        ("а про Ирак?", "что сказал Tony Blair о Ирак"),
        ("what did his opponent say?", "what did opponent say about the election"),
    ],
)
def test_follow_ups_are_read_against_the_turn_before(message: str, searched: str) -> None:
    previous = Turn(
        question="What did Blair say about the election?",
        searched="What did Blair say about the election?",
        terms=("blair", "elect"),
        person="Tony Blair",
        topic="the election",
        speech=True,
        articles=("blair-election.txt",),
        frame="What did Blair say about the election?",
    )
    follow = read_follow_up(message, previous)
    assert follow.text == searched
    assert follow.context_articles == ("blair-election.txt",)


@pytest.mark.parametrize(
    "message",
    ["Who won the Australian Open final on Sunday?", "How much did BP earn in 2004?"],
)
def test_a_question_that_stands_alone_is_left_alone(message: str) -> None:
    previous = Turn(question="x", searched="x", terms=("blair",), person="Tony Blair")
    follow = read_follow_up(message, previous)
    assert follow.text == message
    assert not follow.leans_on_context


# The bot -------------------------------------------------------------------------------------


async def test_a_follow_up_through_the_bot(newsroom: Path, tmp_path: Path) -> None:
    async with running_bot(tmp_path, corpus=newsroom) as bot:
        await bot.send(updates.private_message("What did Blair say about the election?"))
        await bot.send(updates.private_message("And about Iraq?"))
        reply = bot.messages()[-1].params
        text = visible_text(reply["text"])
        assert text.startswith("Understood: Tony Blair, about Iraq")
        assert "I do not regret the decision on Iraq" in text
        assert "Irish company" not in text.split("\n\n")[1]
        keyboard = reply["reply_markup"]["inline_keyboard"]
        labels = [button["text"] for row in keyboard for button in row]
        assert "🆕 Ask as a new topic" in labels
        await bot.send(updates.private_message("what else did he say?"))
        text = visible_text(bot.messages()[-1].params["text"])
        assert "no words to search for" not in text
        assert "Blair" in text


async def test_the_conversation_survives_a_restart(newsroom: Path, tmp_path: Path) -> None:
    async with running_bot(tmp_path, corpus=newsroom) as bot:
        await bot.send(updates.private_message("What did Blair say about the election?"))
    async with running_bot(tmp_path, corpus=newsroom) as bot:
        await bot.send(updates.private_message("And about Iraq?"))
        text = visible_text(bot.messages()[-1].params["text"])
        assert text.startswith("Understood: Tony Blair, about Iraq")


async def test_new_and_the_new_topic_button_forget_it(newsroom: Path, tmp_path: Path) -> None:
    async with running_bot(tmp_path, corpus=newsroom) as bot:
        await bot.send(updates.private_message("What did Blair say about the election?"))
        await bot.send(updates.private_command("/new"))
        assert "New conversation" in visible_text(bot.messages()[-1].params["text"])
        await bot.send(updates.private_message("And about Iraq?"))
        assert not visible_text(bot.messages()[-1].params["text"]).startswith("Understood")

        await bot.send(updates.private_message("What did Blair say about the election?"))
        await bot.send(updates.private_message("And about Iraq?"))
        markup = bot.messages()[-1].params["reply_markup"]["inline_keyboard"]
        data = next(
            button["callback_data"]
            for row in markup
            for button in row
            if button["text"] == "🆕 Ask as a new topic"
        )
        await bot.send(updates.callback_query(data))
        text = visible_text(bot.messages()[-1].params["text"])
        assert text.startswith("As a new topic: And about Iraq?")
        assert "Understood" not in text


async def test_a_forged_new_topic_button_has_expired(newsroom: Path, tmp_path: Path) -> None:
    async with running_bot(tmp_path, corpus=newsroom) as bot:
        await bot.send(updates.callback_query("n:forgedtoken1"))
        answers = bot.calls("answerCallbackQuery")
        assert answers and "expired" in str(answers[-1].params.get("text", "")).casefold()


async def test_a_quiet_conversation_expires(newsroom: Path, tmp_path: Path) -> None:
    async with running_bot(tmp_path, corpus=newsroom, context_minutes=0) as bot:
        await bot.send(updates.private_message("What did Blair say about the election?"))
        await bot.send(updates.private_message("And about Iraq?"))
        assert not visible_text(bot.messages()[-1].params["text"]).startswith("Understood")


async def test_in_a_group_each_user_has_a_conversation(newsroom: Path, tmp_path: Path) -> None:
    async with running_bot(tmp_path, corpus=newsroom) as bot:
        asking = "@newsbot_test_bot What did Blair say about the election?"
        await bot.send(updates.group_message(asking))
        await bot.send(updates.group_message("@newsbot_test_bot And about Iraq?", user_id=777))
        text = visible_text(bot.messages()[-1].params["text"])
        assert not text.startswith("Understood")
        await bot.send(updates.group_message("@newsbot_test_bot And about Iraq?"))
        text = visible_text(bot.messages()[-1].params["text"])
        assert text.startswith("Understood: Tony Blair, about Iraq")


async def test_examples_are_made_from_the_corpus(newsroom: Path, tmp_path: Path) -> None:
    """Before: /start, /help and every hint suggested the Kazakh seed's "What did he say about
    youth?" on every corpus; over BBC it found a Wales rugby youth-team story."""
    async with running_bot(tmp_path, corpus=newsroom) as bot:
        await bot.send(updates.private_command("/start"))
        start = bot.messages()[-1].params
        examples = [row[0]["text"] for row in start["reply_markup"]["inline_keyboard"]]
        assert examples and not any("youth" in example for example in examples)
        assert any(example.startswith("What did Tony Blair say about") for example in examples)
        await bot.send(updates.private_command("/help"))
        assert "youth" not in visible_text(bot.messages()[-1].params["text"])
        data = next(iter(start["reply_markup"]["inline_keyboard"]))[0]["callback_data"]
        await bot.send(updates.callback_query(data))
        answered = visible_text(bot.messages()[-1].params["text"])
        assert "I found nothing" not in answered and "Blair" in answered
