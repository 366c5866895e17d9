"""👍 / 👎 under the bot's answers, the whole article behind a hit, and what the command line
makes of both (`newsbot feedback export` read back by `newsbot eval qa`, `newsbot show`). The bot
runs through its real handlers against the fake Bot API, as in test_bot."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from newsbot.app.service import SearchService
from newsbot.bot import build_application
from newsbot.bot.feedback_store import FeedbackStore
from newsbot.cli import app as cli
from newsbot.cli.shared import index_config
from newsbot.corpus.model import Article
from newsbot.render.telegram import MAX_ARTICLE_PAGES, article_pages, utf16_length
from tests.conftest import SEED_CORPUS, write_corpus
from tests.support import updates
from tests.support.fake_telegram import Call, FakeBotAPI
from tests.support.telegram_html import assert_valid_message, visible_text
from tests.test_bot import (
    ADMIN,
    QUESTION,
    Harness,
    assert_all_html_valid,
    running_bot,
    settings_for,
)

runner = CliRunner()
USER = updates.DEFAULT_USER_ID
APOLOGY = "Sorry, something went wrong"


def buttons(call: Call) -> dict[str, str]:
    """Label → callback data of every button under a message."""
    markup = call.params.get("reply_markup") or {}
    return {
        button["text"]: button["callback_data"]
        for row in markup.get("inline_keyboard", [])
        for button in row
    }


def labelled(call: Call, start: str) -> str:
    return next(data for label, data in buttons(call).items() if label.startswith(start))


async def press(bot: Harness, data: str, call: Call, user_id: int = USER) -> str:
    """Press a button under the message `call` sent; the press's answer (its toast)."""
    await bot.send(
        updates.callback_query(data, user_id=user_id, message_id=call.result["message_id"])
    )
    return str(bot.calls("answerCallbackQuery")[-1].params.get("text"))


async def stats(bot: Harness) -> str:
    await bot.send(updates.private_command("/stats", user_id=ADMIN))
    return visible_text(bot.last_text())


# Votes ------------------------------------------------------------------------------------------


async def test_a_thumbs_up_and_a_thumbs_down_with_a_reason_are_stored_and_counted(
    tmp_path: Path,
) -> None:
    async with running_bot(tmp_path) as bot:
        await bot.send(updates.private_message(QUESTION))
        liked = bot.messages()[-1]
        assert all(len(data.encode()) <= 64 for data in buttons(liked).values())
        assert await press(bot, buttons(liked)["👍"], liked) == "Thanks!"
        await bot.send(updates.private_message("Kazakhstan president"))
        disliked = bot.messages()[-1]
        assert "What was wrong" in await press(bot, buttons(disliked)["👎"], disliked)
        reasons = bot.calls("editMessageReplyMarkup")[-1]
        assert reasons.params["message_id"] == disliked.result["message_id"]
        offered = buttons(reasons)
        assert {
            "Wrong article",
            "Right article, wrong quote",
            "Wrong speaker",
            "Should have said nothing found",
        } <= offered.keys()
        assert "👍" not in offered and any(label.startswith("📄") for label in offered)
        assert await press(bot, offered["Wrong speaker"], reasons) == "Thanks!"
        assert "👍" in buttons(bot.calls("editMessageReplyMarkup")[-1])  # the vote row is back
        text = await stats(bot)
        assert "Feedback: 2 votes, 50% 👍 (1 👍, 1 👎)" in text
        assert "👎 reasons: wrong speaker 1" in text
        # A second vote on the same answer replaces the first.
        assert await press(bot, buttons(disliked)["👍"], disliked) == "Thanks!"
        assert "Feedback: 2 votes, 100% 👍" in await stats(bot)
        assert_all_html_valid(bot)
        assert not any(APOLOGY in text for text in bot.fake.sent_texts())
    database = sqlite3.connect(tmp_path / "state" / "feedback.sqlite3")
    rows = database.execute("SELECT * FROM votes").fetchall()
    shown = database.execute("SELECT * FROM shown").fetchall()
    database.close()
    assert len(rows) == 2
    stored = json.dumps([rows, shown], ensure_ascii=False)
    assert str(USER) not in stored  # the user (and the private chat) only as keyed hashes
    question, hits = rows[0][2], json.loads(rows[0][3])
    assert question == QUESTION
    assert [hit[0] for hit in hits] == list(range(1, len(hits) + 1))  # the ranks shown
    assert hits[0][2] == "kazakhstan-nazarbayev-nur-otan-election-headquarters.txt"
    assert hits[0][1].startswith(hits[0][2] + "#")


async def test_a_vote_after_a_restart_is_recorded(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        await bot.send(updates.private_message(QUESTION))
        answer = bot.messages()[-1]
    async with running_bot(tmp_path) as restarted:
        assert await press(restarted, buttons(answer)["👎"], answer) != "None"
        reasons = restarted.calls("editMessageReplyMarkup")[-1]
        nothing = buttons(reasons)["Should have said nothing found"]
        assert await press(restarted, nothing, reasons) == "Thanks!"
        text = await stats(restarted)
        assert "Feedback: 1 vote, 0% 👍 (0 👍, 1 👎)" in text
        assert "should have said nothing found 1" in text


@asynccontextmanager
async def bot_with_feedback(tmp_path: Path, feedback: FeedbackStore) -> AsyncIterator[Harness]:
    settings = settings_for(tmp_path)
    service = SearchService(SEED_CORPUS, settings.index_dir, index_config(settings), 3)
    service.open()
    fake = FakeBotAPI()
    app, handlers = build_application(settings, service, request=fake, feedback=feedback)
    async with app:
        yield Harness(app, handlers, fake, service)


async def test_forged_foreign_and_expired_buttons_have_expired(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3", max_shown=1)
    async with bot_with_feedback(tmp_path, store) as bot:
        await bot.send(updates.private_message(QUESTION))
        first = bot.messages()[-1]
        up, article = buttons(first)["👍"], labelled(first, "📄")
        token = up.split(":")[1]
        forged = [
            "v:AAAAAAAAAAAA:u",
            f"v:{token}:x",
            f"v:{token}:u:article",  # a reason is for a 👎 only
            f"v:{token}:d:because",
            "a:AAAAAAAAAAAA:1",
            f"a:{token}:99",  # no such hit
            f"x:{token}:1:9",
            "v:" + "A" * 60,
        ]
        for data in forged:
            assert "expired" in await press(bot, data, first), data
        # The answer's own chat only: user 2002's private chat is another.
        assert "expired" in await press(bot, up, first, user_id=2002)
        assert "expired" in await press(bot, article, first, user_id=2002)
        assert (await stats(bot)).count("Feedback: no votes yet") == 1
        await bot.send(updates.private_message("Kazakhstan president"))
        # The store keeps one answer: the first one's buttons have expired.
        assert "expired" in await press(bot, up, first)
        assert "expired" in await press(bot, article, first)
        assert "Feedback: no votes yet" in await stats(bot)
        assert all(call.params.get("show_alert") for call in bot.calls("answerCallbackQuery"))
        assert not bot.calls("editMessageReplyMarkup") and not bot.calls("editMessageText")
        assert not any(APOLOGY in text for text in bot.fake.sent_texts())


# The whole article --------------------------------------------------------------------------------


def long_article_corpus(folder: Path) -> Path:
    """One long article (about 40,000 characters, with markup-like text and emoji), in which
    several paragraphs speak of the harbour bridge, and a short one beside it."""
    paragraphs = []
    for number in range(1, 121):
        topic = (
            f"The harbour bridge repairs reached stage {number}, the council said."
            if number % 10 == 0
            else f"Paragraph {number} is about the weather & the <b>tides</b> 🌊 of the bay."
        )
        paragraphs.append(
            f"{topic} Residents of district {number} met on Tuesday to discuss the plans. "
            f"They asked for another meeting in the spring, and for notes of this one. "
            f"Nobody objected to the minutes of meeting {number}."
        )
    records = [
        {
            "id": "long-report",
            "title": "The long <report> & its bridge",
            "source": "Test Herald",
            "published": "2024-05-01",
            "url": "https://example.com/long?a=1&b=2",
            "text": "\n\n".join(paragraphs),
        },
        {
            "id": "short-note",
            "title": "A short note",
            "source": "Other Gazette",
            "published": "2024-05-02",
            "text": "The ferry timetable changes on Monday, the operator said.",
        },
    ]
    lines = "\n".join(json.dumps(record) for record in records) + "\n"
    return write_corpus(folder, {"news.jsonl": lines}) / "news.jsonl"


async def test_the_article_opens_in_pages_within_telegram_limits(tmp_path: Path) -> None:
    corpus = long_article_corpus(tmp_path / "corpus")
    async with running_bot(tmp_path, corpus=corpus) as bot:
        await bot.send(updates.private_message("harbour bridge repairs"))
        answer = bot.messages()[-1]
        assert (
            list(buttons(answer)).count("📄 Read the article: The long <report> & its bridge") == 1
        )
        await press(bot, labelled(answer, "📄"), answer)
        page = bot.messages()[-1]
        assert page is not answer
        assert '<a href="https://example.com/long?a=1&amp;b=2">' in page.params["text"]
        first = visible_text(page.params["text"])
        assert first.startswith("📰 The long <report> & its bridge · Test Herald · 2024-05-01")
        texts = [visible_text(page.params["text"])]
        while any(label.startswith("Next page") for label in buttons(page)):
            await press(bot, labelled(page, "Next page"), page)
            edit = bot.calls("editMessageText")[-1]
            assert edit.params["message_id"] == page.result["message_id"]
            texts.append(visible_text(edit.params["text"]))
            page = edit
            assert len(texts) < 30
        assert len(texts) >= 8
        for number, text in enumerate(texts, start=1):
            assert utf16_length(text) <= 4096
            assert text.endswith(f"Page {number} of {len(texts)}")
        for call in bot.calls("sendMessage") + bot.calls("editMessageText"):
            assert_valid_message(call.params["text"])
        shown = " ".join(texts)
        for number in (1, 57, 120):
            assert f"Nobody objected to the minutes of meeting {number}." in shown
        assert "the <b>tides</b> 🌊 of the bay" in shown  # the article's text, escaped
        await press(bot, labelled(page, "‹ Back"), page)
        assert visible_text(bot.calls("editMessageText")[-1].params["text"]) == texts[-2]
        assert not any(APOLOGY in text for text in bot.fake.sent_texts())


async def test_more_from_this_article_continues_with_its_other_passages(tmp_path: Path) -> None:
    corpus = long_article_corpus(tmp_path / "corpus")
    # The title's words count in every passage, so all of them match: many pages to search.
    async with running_bot(tmp_path, corpus=corpus, top_k=2, rate_limit=1000) as bot:
        question = "harbour bridge repairs"
        await bot.send(updates.private_message(question))
        answer = bot.messages()[-1]
        shown = bot.service.ask(question, 2, count=False).hits
        await press(bot, labelled(answer, "📄"), answer)
        article = bot.messages()[-1]
        await press(bot, buttons(article)["More from this article"], article)
        more = bot.messages()[-1]
        assert more is not article
        text = visible_text(more.params["text"])
        stages = [f"reached stage {n}," for n in range(10, 121, 10)]
        already = [stage for stage in stages if any(stage in hit.quote for hit in shown)]
        assert len(already) == 2 and not any(stage in text for stage in already)
        assert sum(stage in text for stage in stages) == 2  # the next two, top_k of them
        assert "Test Herald" in text and "A short note" not in text
        seen = {stage for stage in stages if stage in text} | set(already)
        while any(label.startswith("More ▶") for label in buttons(more)):
            await press(bot, labelled(more, "More ▶"), more)
            edit = bot.calls("editMessageText")[-1]
            seen |= {stage for stage in stages if stage in visible_text(edit.params["text"])}
            more = edit
            assert len(bot.calls("editMessageText")) < 40
        assert seen == set(stages)  # every passage on the bridge, each once
        assert_all_html_valid(bot)


# The command line ---------------------------------------------------------------------------------


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_show_prints_the_article_with_its_source(tmp_path: Path, index_dir: Path) -> None:
    corpus = long_article_corpus(tmp_path / "corpus")
    where = ("--corpus", str(corpus), "--index-dir", str(index_dir))
    code, stdout, stderr = run("show", "short-note", *where)
    assert code == 0, stderr
    assert stdout.splitlines()[0] == "A short note (Other Gazette, 2024-05-02)"
    assert "The ferry timetable changes on Monday, the operator said." in stdout
    code, stdout, _ = run("show", "long-report", "--json", *where)
    data = json.loads(stdout)
    assert code == 0 and data["url"] == "https://example.com/long?a=1&b=2"
    assert data["text"].endswith("Nobody objected to the minutes of meeting 120.")
    code, stdout, stderr = run("show", "no-such-article", *where)
    assert code == 1 and not stdout
    assert "no article has the id 'no-such-article'" in stderr and "Traceback" not in stderr


async def test_feedback_export_is_scored_by_eval_qa(tmp_path: Path, index_dir: Path) -> None:
    async with running_bot(tmp_path) as bot:
        await bot.send(updates.private_message(QUESTION))
        answer = bot.messages()[-1]
        await press(bot, buttons(answer)["👍"], answer)
        for question, reason in (
            ("Kazakhstan president", "Should have said nothing found"),
            ("Which program runs until 2030?", "Wrong article"),
        ):
            await bot.send(updates.private_message(question))
            answer = bot.messages()[-1]
            await press(bot, buttons(answer)["👎"], answer)
            reasons = bot.calls("editMessageReplyMarkup")[-1]
            await press(bot, buttons(reasons)[reason], reasons)
    exported = tmp_path / "feedback.jsonl"
    code, _, stderr = run(
        "feedback", "export", "--state-dir", str(tmp_path / "state"), "-o", str(exported)
    )
    assert code == 0, stderr
    assert "3 votes written" in stderr
    lines = [json.loads(line) for line in exported.read_text().splitlines()]
    liked, nothing, wrong = lines
    assert liked["question"] == QUESTION and liked["feedback"] == "up"
    assert liked["gold_article"] == ["kazakhstan-nazarbayev-nur-otan-election-headquarters.txt"]
    assert any("I place great hopes on our young people" in gold for gold in liked["gold"])
    assert [hit["rank"] for hit in liked["shown"]] == [1, 2, 3][: len(liked["shown"])]
    assert nothing["kind"] == "noanswer" and nothing["gold"] == [] and "needs_gold" not in nothing
    assert wrong["needs_gold"] is True and wrong["reason"] == "article" and wrong["gold"] == []
    code, stdout, stderr = run(
        "eval",
        "qa",
        str(exported),
        "--json",
        "--corpus",
        str(SEED_CORPUS),
        "--index-dir",
        str(index_dir),
    )
    assert code == 0, stderr
    report: dict[str, Any] = json.loads(stdout)
    assert report["answerable"]["questions"] == 1 and report["answerable"]["top1"] == 1.0
    assert report["answerable"]["quote1"] == 1.0
    assert report["noanswer"]["questions"] == 1
    assert [result["id"] for result in report["results"]] == [liked["id"], nothing["id"]]
    # Without -o the lines go to stdout; without a store, a clear error.
    code, stdout, _ = run("feedback", "export", "--state-dir", str(tmp_path / "state"))
    assert code == 0 and stdout == exported.read_text()
    code, stdout, stderr = run("feedback", "export", "--state-dir", str(tmp_path / "nowhere"))
    assert code == 1 and "no feedback store" in stderr


def test_a_huge_hostile_article_is_cut_into_at_most_the_page_limit() -> None:
    text = "<b>&amp;" + "x" * 2_000_000 + " 🌊" * 50_000 + "."
    pages = article_pages(Article(id="huge", title="<i>" * 500, text=text, url="javascript:x"))
    assert len(pages) == MAX_ARTICLE_PAGES
    for page in pages:
        assert_valid_message(page.html)
        assert utf16_length(visible_text(page.html)) <= 4096
    assert "javascript" not in pages[0].html  # only http(s) and tg links are linked
    assert visible_text(pages[0].html).startswith("📰 <i><i>")
    assert pages[-1].plain.endswith("the rest is at its source.)\n\nPage 100 of 100")
