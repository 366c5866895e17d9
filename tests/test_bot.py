"""The bot through its real handlers, built by the same factory as `newsbot run`, with a fake
Bot API at PTB's transport seam. Every HTML text the bot sends is validated by the fake itself,
which answers 400 "can't parse entities" as Telegram would."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from telegram import Update
from telegram.ext import Application

from newsbot.answering.models import STABLE_HITS
from newsbot.app.service import SearchService
from newsbot.bot import build_application
from newsbot.bot.handlers import Handlers
from newsbot.bot.store import QuestionStore
from newsbot.cli.shared import index_config
from newsbot.config import Settings
from tests.conftest import SEED_CORPUS
from tests.support import updates
from tests.support.fake_telegram import Call, FakeBotAPI
from tests.support.telegram_html import assert_valid_message, visible_text

ADMIN = 4242
QUESTION = "What did he say about youth?"


class Harness:
    """A running Application over a fake Bot API."""

    def __init__(
        self, app: Application, handlers: Handlers, fake: FakeBotAPI, service: SearchService
    ) -> None:  # type: ignore[type-arg]
        self.app = app
        self.handlers = handlers
        self.fake = fake
        self.service = service

    async def send(self, update: dict[str, Any]) -> None:
        """Process the update, then wait for the replies it queued in the outbox."""
        parsed = Update.de_json(update, self.app.bot)
        await self.app.process_update(parsed)
        await self.handlers.outbox.settle(parsed)

    def calls(self, method: str) -> list[Call]:
        return [call for call in self.fake.calls_to(method) if call.ok]

    def last_text(self) -> str:
        return self.fake.sent_texts()[-1]

    def messages(self) -> list[Call]:
        return self.calls("sendMessage")


def settings_for(tmp_path: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "telegram_token": "123456:TEST-token_abc",
        "state_dir": tmp_path / "state",
        "index_dir": tmp_path / "indexes",
        "admin_ids": frozenset({ADMIN}),
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


@asynccontextmanager
async def running_bot(
    tmp_path: Path,
    corpus: Path = SEED_CORPUS,
    fake: FakeBotAPI | None = None,
    store: QuestionStore | None = None,
    **overrides: Any,
) -> AsyncIterator[Harness]:
    settings = settings_for(tmp_path, **overrides)
    service = SearchService(corpus, settings.index_dir, index_config(settings), settings.top_k)
    service.open()
    fake = fake or FakeBotAPI()
    app, handlers = build_application(settings, service, request=fake, store=store)
    async with app:
        yield Harness(app, handlers, fake, service)


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[Harness]:
    async with running_bot(tmp_path) as harness:
        yield harness


def assert_all_html_valid(harness: Harness) -> None:
    for call in harness.fake.calls:
        if call.params.get("parse_mode") == "HTML" and "text" in call.params:
            assert_valid_message(str(call.params["text"]))


# Conversation -------------------------------------------------------------------------------


async def test_start_says_what_the_bot_knows(bot: Harness) -> None:
    await bot.send(updates.private_command("/start"))
    call = bot.messages()[-1]
    text = visible_text(call.params["text"])
    assert "Hello, Alice!" in text
    assert "I know 1 news article from 1 outlet" in text
    assert "Try one of these" in text
    buttons = call.params["reply_markup"]["inline_keyboard"]
    assert buttons and all(len(row[0]["callback_data"].encode()) <= 64 for row in buttons)
    assert call.params["link_preview_options"] == {"is_disabled": True}


async def test_example_button_asks_the_example(tmp_path: Path) -> None:
    async with running_bot(tmp_path, example_questions=(QUESTION,)) as bot:
        await bot.send(updates.private_command("/start"))
        data = bot.messages()[-1].params["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
        await bot.send(updates.callback_query(data))
        assert bot.calls("answerCallbackQuery")
        assert "I place great hopes on our young people" in visible_text(bot.last_text())
        assert "You asked: What did he say about youth?" in visible_text(bot.last_text())


async def test_help_explains_how_to_ask(bot: Harness) -> None:
    await bot.send(updates.private_command("/help"))
    text = visible_text(bot.last_text())
    assert "How to ask" in text and "/sources" in text and "@newsbot_test_bot" in text


async def test_seed_question_gets_quotes_with_sources(bot: Harness) -> None:
    await bot.send(updates.private_message(QUESTION))
    assert not bot.calls("sendChatAction")  # a fast answer needs no "typing…"
    call = bot.messages()[-1]
    assert call.params["parse_mode"] == "HTML"
    assert call.params["link_preview_options"] == {"is_disabled": True}
    html = call.params["text"]
    assert "<blockquote>" in html and "<b>youth</b>" in html
    text = visible_text(html)
    assert "I place great hopes on our young people" in text
    assert "Kazakhtan 2050" in text
    assert "Skip to Content" not in text
    labels = [b["text"] for row in call.params["reply_markup"]["inline_keyboard"] for b in row]
    assert not any(label.startswith("More") for label in labels)  # three hits fit one page
    assert labels[-2:] == ["👍", "👎"]
    assert_all_html_valid(bot)


async def test_nothing_found_is_said_plainly(bot: Harness) -> None:
    await bot.send(updates.private_message("quantum chromodynamics"))
    text = visible_text(bot.last_text())
    assert "I found nothing about “quantum chromodynamics”" in text
    assert "No article mentions “quantum”, “chromodynamics”" in text


async def test_a_year_the_corpus_lacks_is_said_plainly(bot: Harness) -> None:
    await bot.send(updates.private_message("What did he say about youth in 1990?"))
    text = visible_text(bot.last_text())
    assert "I found nothing about “What did he say about youth in 1990?”" in text
    assert "No article mentions “1990”." in text
    assert "I would like to note that the double power" in text  # the closest title
    await bot.send(updates.private_message("Which program runs until 2030?"))
    assert "implement the program until 2030" in visible_text(bot.last_text())
    assert_all_html_valid(bot)


async def test_sources_are_listed(bot: Harness) -> None:
    await bot.send(updates.private_command("/sources"))
    text = visible_text(bot.last_text())
    assert "Articles 1–1 of 1" in text
    assert "I would like to note that the double power" in text


# "More" -------------------------------------------------------------------------------------


def more_button(call: Call) -> str:
    row = call.params["reply_markup"]["inline_keyboard"][0]
    return next(button["callback_data"] for button in row if button["text"].startswith("More"))


async def test_more_pages_through_results_and_survives_a_restart(tmp_path: Path) -> None:
    async with running_bot(tmp_path, top_k=2) as bot:
        await bot.send(updates.private_message("Kazakhstan president"))
        first = bot.messages()[-1]
        data = more_button(first)
        assert len(data.encode()) <= 64
        message_id = first.result["message_id"]
        await bot.send(
            updates.callback_query(
                data, message_id=message_id, message_text=visible_text(first.params["text"])
            )
        )
        assert bot.calls("answerCallbackQuery")
        edit = bot.calls("editMessageText")[-1]
        assert edit.params["message_id"] == message_id
        assert edit.params["text"] != first.params["text"]
        assert_valid_message(edit.params["text"])
        # A double press: Telegram says "message is not modified", and the bot shrugs.
        await bot.send(updates.callback_query(data, message_id=message_id))
        second = bot.fake.calls_to("editMessageText")[-1]
        assert not second.ok and "not modified" in (second.description or "")
        assert len(bot.calls("answerCallbackQuery")) == 2
        assert not any("Sorry, something went wrong" in text for text in bot.fake.sent_texts())
    async with running_bot(tmp_path, top_k=2) as restarted:
        await restarted.send(updates.callback_query(data, message_id=message_id))
        assert restarted.calls("editMessageText"), "the button works after a restart"


async def test_more_walks_every_hit_once_in_the_order_of_one_long_answer(tmp_path: Path) -> None:
    question = "Kazakhstan president"
    async with running_bot(tmp_path, top_k=1) as bot:
        whole = bot.service.ask(question, STABLE_HITS, count=False)
        assert whole.total >= 3  # several windows to walk
        first_two = bot.service.ask(question, 2, count=False)
        assert [hit.passage_id for hit in first_two.hits] == [
            hit.passage_id for hit in whole.hits[:2]
        ]  # a short answer is the start of a long one
        await bot.send(updates.private_message(question))
        call = bot.messages()[-1]
        shown = [visible_text(call.params["text"])]
        message_id = call.result["message_id"]
        while "reply_markup" in call.params and any(
            button["text"].startswith("More")
            for button in call.params["reply_markup"]["inline_keyboard"][0]
        ):
            await bot.send(updates.callback_query(more_button(call), message_id=message_id))
            call = bot.calls("editMessageText")[-1]
            shown.append(visible_text(call.params["text"]))
            assert len(shown) <= whole.total + 1
        seen = [
            number
            for page in shown
            for number, hit in enumerate(whole.hits)
            # a quote in several voices is shown part by part: look for its first part
            if hit.quote[hit.voices[0].start : hit.voices[0].end].strip()[:60] in page
        ]
        assert seen == sorted(set(seen)) == list(range(whole.total))  # all, once, in order
        back = next(
            button["callback_data"]
            for button in call.params["reply_markup"]["inline_keyboard"][0]
            if button["text"].startswith("◀")
        )
        await bot.send(updates.callback_query(back, message_id=message_id))
        assert visible_text(bot.calls("editMessageText")[-1].params["text"]) == shown[-2]
        token = more_button(bot.messages()[-1]).split(":")[1]
        await bot.send(updates.callback_query(f"m:{token}:1", message_id=message_id))
        assert visible_text(bot.calls("editMessageText")[-1].params["text"]) == shown[1]


async def test_expired_result_is_said_plainly(bot: Harness) -> None:
    await bot.send(updates.callback_query("m:AAAAAAAAAAAA:1"))
    answer = bot.calls("answerCallbackQuery")[-1]
    assert "expired" in answer.params["text"]


# Inline mode ---------------------------------------------------------------------------------


async def test_inline_query_returns_articles_with_paging(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        await bot.send(updates.inline_query("Kazakhstan president"))
        call = bot.calls("answerInlineQuery")[-1]
        results = call.params["results"]
        assert 1 <= len(results) <= 5
        for result in results:
            assert result["type"] == "article"
            assert len(result["id"].encode()) <= 64
            content = result["input_message_content"]
            assert content["parse_mode"] == "HTML"
            assert_valid_message(content["message_text"])
            assert "Kazakhtan 2050" in visible_text(content["message_text"])
        total = len(bot.service.ask("Kazakhstan president", 50).hits)
        assert call.params["next_offset"] == ("5" if total > 5 else "")
        await bot.send(updates.inline_query("Kazakhstan president", offset="5"))
        second = bot.calls("answerInlineQuery")[-1]
        assert second.params["next_offset"] == ""
        ids = [result["id"] for result in results + second.params["results"]]
        assert len(ids) == len(set(ids)) == total


async def test_inline_query_with_nothing_found(bot: Harness) -> None:
    await bot.send(updates.inline_query("quantum chromodynamics"))
    call = bot.calls("answerInlineQuery")[-1]
    assert call.params["results"] == []
    assert "Nothing found" in call.params["button"]["text"]


# Groups ----------------------------------------------------------------------------------------


async def test_group_chatter_is_ignored(bot: Harness) -> None:
    await bot.send(updates.group_message("youth is wasted on the young"))
    assert bot.messages() == []


async def test_group_mention_ask_and_reply_are_answered(bot: Harness) -> None:
    await bot.send(updates.group_mention("@newsbot_test_bot what about youth?"))
    await bot.send(updates.group_command("/ask", "youth"))
    await bot.send(updates.group_reply_to_bot("and youth?"))
    answers = bot.messages()
    assert len(answers) == 3
    for call in answers:
        assert (
            "I place great hopes on our young people" in visible_text(call.params["text"])
            or "youth" in call.params["text"]
        )
        assert call.params["reply_parameters"]["allow_sending_without_reply"] is True


async def test_ask_without_a_question_explains_usage(bot: Harness) -> None:
    """The example is made from the corpus (its most quoted person), not a fixed sentence."""
    await bot.send(updates.group_command("/ask"))
    assert "/ask What did Nursultan Nazarbayev say about" in bot.last_text()


# Other kinds of messages ---------------------------------------------------------------------


async def test_edited_question_is_answered_again(bot: Harness) -> None:
    await bot.send(updates.edited_message("What about youth?"))
    text = visible_text(bot.last_text())
    assert "edited question" in text and "youth" in text


@pytest.mark.parametrize(
    "factory", [updates.sticker_message, updates.photo_message, updates.voice_message]
)
async def test_non_text_gets_a_hint(bot: Harness, factory: Callable[[], dict[str, Any]]) -> None:
    await bot.send(factory())
    assert bot.last_text().startswith("I can only read text.")


async def test_long_question_is_trimmed_with_a_note(bot: Harness) -> None:
    await bot.send(updates.private_message("youth " * 400))
    assert "I used its first 500 characters" in visible_text(bot.last_text())


async def test_unknown_command_gets_a_hint(bot: Harness) -> None:
    await bot.send(updates.private_command("/frobnicate"))
    assert "/help" in bot.last_text()


# Access and limits ---------------------------------------------------------------------------


async def test_allowlist_refuses_others_politely(tmp_path: Path) -> None:
    async with running_bot(tmp_path, allowed_chats=frozenset({777})) as bot:
        await bot.send(updates.private_message(QUESTION, user_id=1001))
        assert bot.last_text().startswith("Sorry, this bot is private")
        await bot.send(updates.private_message(QUESTION, user_id=777))
        assert "young people" in visible_text(bot.last_text())
        await bot.send(updates.inline_query("youth", user_id=1001))
        assert bot.calls("answerInlineQuery")[-1].params["results"] == []


async def test_allowlist_refuses_buttons_and_inline_queries_in_their_own_way(
    tmp_path: Path,
) -> None:
    async with running_bot(tmp_path, allowed_chats=frozenset({777})) as bot:
        await bot.send(updates.callback_query("s:0", user_id=1001))
        alert = bot.calls("answerCallbackQuery")[-1].params
        assert alert["text"].startswith("Sorry, this bot is private") and alert["show_alert"]
        assert not bot.calls("editMessageText")
        await bot.send(updates.inline_query("youth", user_id=1001))
        inline = bot.calls("answerInlineQuery")[-1].params
        assert inline["button"] == {"text": "This bot is private", "start_parameter": "help"}
        assert inline["is_personal"] is True
        assert bot.messages() == []


async def test_allowlist_leaves_alone_what_the_bot_would_ignore(tmp_path: Path) -> None:
    async with running_bot(tmp_path, allowed_chats=frozenset({777})) as bot:
        await bot.send(updates.group_message("youth is wasted on the young", user_id=1001))
        joined = updates.message(
            None,
            sender=updates.user(1001),
            chat=updates.group_chat(),
            new_chat_members=[updates.user(1002)],
        )
        await bot.send({"update_id": updates.next_update_id(), "message": joined})
        assert bot.messages() == []  # no refusal for chatter or a member joining
        await bot.send(updates.private_command("/stats", user_id=1001))
        assert "administrators" in bot.last_text()  # the admin check answers, as it always did
        await bot.send(updates.private_command("/stats", user_id=ADMIN))
        assert "Articles: 1" in bot.last_text()  # an administrator needs no allowlist entry


async def test_a_refusal_that_fails_still_stops_the_update(tmp_path: Path) -> None:
    async with running_bot(tmp_path, allowed_chats=frozenset({777})) as bot:
        # Twice: a 502 is tried once more (it did not arrive), so only a second one fails it.
        bot.fake.fail_next("sendMessage", status=502, description="Bad Gateway", times=2)
        await bot.send(updates.private_message(QUESTION, user_id=1001))
        assert not any("young people" in text for text in bot.fake.sent_texts())
        assert 'newsbot_errors_total{kind="NetworkError"} 1.0' in (
            bot.handlers.metrics.exposition().decode()
        )


async def test_rate_limit_counts_only_searches(tmp_path: Path) -> None:
    async with running_bot(tmp_path, rate_limit=1) as bot:
        await bot.send(updates.private_message(QUESTION))
        assert "young people" in visible_text(bot.last_text())
        await bot.send(updates.private_command("/ask"))  # no question: nothing searched
        assert "/ask What did Nursultan Nazarbayev say about" in bot.last_text()
        await bot.send(updates.private_command("/start"))
        assert "Hello, Alice!" in visible_text(bot.last_text())
        await bot.send(updates.callback_query("s:0"))
        assert bot.calls("editMessageText")
        await bot.send(updates.inline_query(""))  # the empty query the client sends first
        assert "Type a question" in bot.calls("answerInlineQuery")[-1].params["button"]["text"]
        # An inline query with a question searches, so it counts like one (it used not to).
        await bot.send(updates.inline_query("youth"))
        assert bot.calls("answerInlineQuery")[-1].params["results"] == []
        await bot.send(updates.group_mention("@newsbot_test_bot youth?"))
        assert "Please wait" in bot.last_text()
        await bot.send(updates.private_message(QUESTION, user_id=2002))
        assert "young people" in visible_text(bot.last_text())  # the limit is per user


async def test_admin_commands(bot: Harness) -> None:
    await bot.send(updates.private_command("/stats", user_id=1001))
    assert "administrators" in bot.last_text()
    await bot.send(updates.private_message(QUESTION))
    await bot.send(updates.private_command("/stats", user_id=ADMIN))
    stats = bot.last_text()
    assert "Articles: 1" in stats and "Questions answered: 1" in stats and "Latency p50" in stats
    await bot.send(updates.private_command("/reindex", user_id=ADMIN))
    texts = bot.fake.sent_texts()
    assert texts[-2].startswith("Reindexing the corpus")
    assert texts[-1].startswith("Reindexed in") and "Articles: 1 (+0)" in texts[-1]


async def test_reindex_picks_up_new_articles_while_answering(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "seed.txt").write_bytes(next(SEED_CORPUS.glob("*.txt")).read_bytes())
    async with running_bot(tmp_path, corpus=corpus) as bot:
        await bot.send(updates.private_message("ferry harbour"))
        assert "I found nothing" in visible_text(bot.last_text())
        (corpus / "ferry.txt").write_text("Ferry sinks\n\nA ferry sank in the harbour on Monday.\n")
        await bot.send(updates.private_command("/reindex", user_id=ADMIN))
        assert "1 added" in bot.last_text() and "(+1)" in bot.last_text()
        await bot.send(updates.private_message("ferry harbour"))
        assert "A ferry sank in the harbour" in visible_text(bot.last_text())


async def test_rate_limit_is_polite(tmp_path: Path) -> None:
    async with running_bot(tmp_path, rate_limit=2) as bot:
        for _ in range(3):
            await bot.send(updates.private_message(QUESTION))
        assert "Please wait" in bot.last_text()
        assert len(bot.messages()) == 3


# Faults ----------------------------------------------------------------------------------------


async def test_flood_control_is_respected(bot: Harness) -> None:
    bot.fake.fail_next(
        "sendMessage",
        status=429,
        description="Too Many Requests: retry after 0.05",
        retry_after=0.05,
    )
    await bot.send(updates.private_message(QUESTION))
    sends = bot.fake.calls_to("sendMessage")
    assert [call.ok for call in sends] == [False, True]


async def test_html_refused_is_sent_again_as_plain_text(bot: Harness) -> None:
    bot.fake.fail_next(
        "sendMessage",
        status=400,
        description="Bad Request: can't parse entities: unsupported start tag",
    )
    await bot.send(updates.private_message(QUESTION))
    sends = bot.fake.calls_to("sendMessage")
    assert [call.ok for call in sends] == [False, True]
    assert "parse_mode" not in sends[1].params
    assert "I place great hopes on our young people" in sends[1].params["text"]


async def test_defaults_reach_only_the_calls_that_had_them(bot: Harness) -> None:
    # The application's Defaults (HTML, no link preview) stand in for arguments the bot used to
    # pass on each message; PTB would also put them where the bot never sent them.
    await bot.send(updates.group_mention("@newsbot_test_bot what about youth?"))
    group_reply = bot.messages()[-1].params
    assert group_reply["parse_mode"] == "HTML"
    assert group_reply["reply_parameters"] == {
        "message_id": group_reply["reply_parameters"]["message_id"],
        "allow_sending_without_reply": True,
    }
    await bot.send(updates.callback_query("m:AAAAAAAAAAAA:1"))
    assert "parse_mode" not in bot.calls("editMessageReplyMarkup")[-1].params
    await bot.send(updates.inline_query("quantum chromodynamics"))
    assert bot.calls("answerInlineQuery")[-1].params["next_offset"] == ""  # not "[]"
    # A refusal Telegram gives for no reason the bot knows: the one kind still apologised for
    # (a 502 is now tried again, and the answer arrives).
    bot.fake.fail_next("sendMessage", status=400, description="Bad Request: injected")
    await bot.send(updates.private_message(QUESTION))
    apology = bot.messages()[-1].params
    assert apology["text"].startswith("Sorry, something went wrong")
    assert "parse_mode" not in apology and "link_preview_options" not in apology


async def test_blocked_user_and_timeouts_do_not_stop_the_bot(bot: Harness) -> None:
    bot.fake.fail_next(
        "sendMessage", status=403, description="Forbidden: bot was blocked by the user"
    )
    await bot.send(updates.private_message(QUESTION))
    bot.fake.timeout_next("sendMessage")
    await bot.send(updates.private_message(QUESTION))
    bot.fake.fail_next("sendMessage", status=502, description="Bad Gateway")
    await bot.send(updates.private_message(QUESTION))
    await bot.send(updates.private_message(QUESTION))
    assert "I place great hopes on our young people" in visible_text(bot.last_text())


async def test_hostile_article_gives_valid_html(tmp_path: Path) -> None:
    corpus = tmp_path / "hostile"
    corpus.mkdir()
    paragraph = " ".join(
        f"Claim {n}: <script>alert('x')</script> & <b>unclosed <i>tags</a> 😀 שלום עולם."
        for n in range(600)
    )
    record = {
        "id": "h1",
        "title": "<b>Bold</b> & stray",
        "text": "Lead about ferries.\n\n" + paragraph,
        "source": "A&B <News>",
        "url": "https://example.com/?a=1&b=<2>",
    }
    (corpus / "h.jsonl").write_text(json.dumps(record) + "\n")
    async with running_bot(tmp_path, corpus=corpus) as bot:
        await bot.send(updates.private_message("claim script ferries"))
        await bot.send(updates.inline_query("claim script"))
        sends = bot.fake.calls_to("sendMessage")
        assert sends and all(call.ok and call.params.get("parse_mode") == "HTML" for call in sends)
        assert_all_html_valid(bot)
        assert bot.calls("answerInlineQuery")


async def test_slow_answer_shows_typing_first(tmp_path: Path) -> None:
    # NEWSBOT_TYPING_AFTER=0 makes every answer "slow".
    async with running_bot(tmp_path, typing_after=0.0) as bot:
        await bot.send(updates.private_message(QUESTION))
        methods = [call.method for call in bot.fake.calls]
        assert methods.index("sendChatAction") < methods.index("sendMessage")
        assert bot.calls("sendChatAction")[0].params["action"] == "typing"
