"""The Telegram test infrastructure itself, against real python-telegram-bot objects: the HTML
validator, the update factories, FakeBotAPI (in-process BaseRequest) and BotApiServer (HTTP)."""

from __future__ import annotations

import asyncio
import datetime as dtm
import json
import time
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from telegram import (
    Bot,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    MessageEntity,
    TelegramObject,
    Update,
)
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Conflict,
    EndPointNotFound,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TimedOut,
)
from telegram.ext import (
    AIORateLimiter,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)
from telegram.request import HTTPXRequest

from tests.support import updates
from tests.support.fake_telegram import NOT_MODIFIED, BotApiEmulator, FakeBotAPI
from tests.support.http_bot_api import BotApiServer, parse_body
from tests.support.telegram_html import (
    assert_valid_message,
    entity_count,
    html_problems,
    parse_html,
    visible_length,
    visible_text,
)

TOKEN = "123:ABC"
USER = updates.DEFAULT_USER_ID
GROUP = updates.DEFAULT_GROUP_ID


@pytest.fixture(autouse=True)
def _ptb_timedelta(monkeypatch: pytest.MonkeyPatch) -> None:
    # Without it PTB warns (PTBDeprecationWarning, an error here) whenever a RetryAfter is built
    # or a duration attribute is read; with it those values are datetime.timedelta.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")


@pytest.fixture
def api() -> FakeBotAPI:
    return FakeBotAPI()


@pytest.fixture
async def bot(api: FakeBotAPI) -> AsyncIterator[Bot]:
    async with Bot(TOKEN, request=api, get_updates_request=api) as ready:
        yield ready


def keyboard(*labels: str) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=f"cb:{label}") for label in labels]]
    )


# ------------------------------------------------------------------------------ HTML validator

VALID_HTML = [
    "plain text, no tags",
    "<b>bold</b> <strong>strong</strong> <i>i</i> <em>em</em> <u>u</u> <ins>ins</ins>",
    "<s>s</s> <strike>strike</strike> <del>del</del>",
    "<b>bold <i>italic bold <s>and struck</s></i> bold</b>",
    '<span class="tg-spoiler">spoiler</span> and <tg-spoiler>spoiler</tg-spoiler>',
    '<a href="https://example.com/a?b=1&amp;c=2">a link</a>',
    '<a href="tg://user?id=123"><b>bold link</b></a>',
    '<tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>',
    "<code>x &lt; y</code>",
    '<pre><code class="language-python">print(1 &lt; 2)</code></pre>',
    "<pre>preformatted\n  block</pre>",
    "<blockquote>a quote</blockquote>",
    "<blockquote expandable>a long quote</blockquote>",
    '<blockquote>“Quote” — <a href="https://bbc.co.uk/x">BBC</a>, <i>2024</i></blockquote>',
    "1 &lt; 2 &amp;&amp; 3 &gt; 2, &quot;quoted&quot;, &#39;single&#39;, &#x1F600;",
    "emoji 👍🏽 and ünïcödé",
    "line one\nline two",
    '<b >spaced</b > <a\n  href="https://x.y">tags</a>',
]


@pytest.mark.parametrize("html", VALID_HTML)
def test_valid_html_has_no_problems(html: str) -> None:
    assert html_problems(html) == []
    assert_valid_message(html)


INVALID_HTML = [
    ("<b>x", "unclosed tag <b>"),
    ("<b><i>x</b></i>", "properly nested"),
    ("x</b>", "no matching start tag"),
    ("<script>alert(1)</script>", "unsupported tag <script>"),
    ("line<br>break", "unsupported tag <br>"),
    ("<p>para</p>", "unsupported tag <p>"),
    ("<b/>", "self-closing"),
    ("<B>x</B>", "lower-case"),
    ("a < b", "unescaped '<'"),
    ("a > b", "unescaped '>'"),
    ("AT&T", "unescaped '&'"),
    ("<!-- comment -->", "unescaped '<'"),
    ("&nbsp;", "unsupported entity '&nbsp;'"),
    ("&apos;", "unsupported entity '&apos;'"),
    ("&#0;", "unsupported entity '&#0;'"),
    ("&#xD800;", "unsupported entity"),
    ("<a>x</a>", "non-empty href"),
    ('<a href="">x</a>', "non-empty href"),
    ("<a href=https://example.com>x</a>", "must be quoted"),
    ('<a href="https://e.com/?a=1&b=2">x</a>', "unescaped '&' in attribute 'href'"),
    ('<a href="https://e.com" title="t">x</a>', "unsupported attribute 'title'"),
    ("<span>x</span>", 'class="tg-spoiler"'),
    ('<span class="bold">x</span>', 'class="tg-spoiler"'),
    ('<b class="x">y</b>', "unsupported attribute 'class'"),
    ("<tg-emoji>👍</tg-emoji>", "emoji-id"),
    ('<tg-emoji emoji-id="1"></tg-emoji>', "must contain an emoji"),
    ('<blockquote expandable="true">x</blockquote>', "must be bare"),
    ("<blockquote><blockquote>x</blockquote></blockquote>", "inside another <blockquote>"),
    ('<a href="https://a.b"><a href="https://c.d">x</a></a>', "inside another <a>"),
    ("<code><b>x</b></code>", "inside <code>"),
    ("<pre><i>x</i></pre>", "inside <pre>"),
    ("<b><pre>x</pre></b>", "<pre> must be at the top level"),
    ('<code class="language-python">x</code>', "only allowed on <code> directly inside <pre>"),
    ('<pre><code class="python">x</code></pre>', 'class="language-python"'),
]


@pytest.mark.parametrize(("html", "expected"), INVALID_HTML)
def test_invalid_html_is_reported(html: str, expected: str) -> None:
    problems = html_problems(html)
    assert problems, html
    assert any(expected in problem for problem in problems), problems
    with pytest.raises(AssertionError, match="invalid Telegram HTML message"):
        assert_valid_message(html)


def test_problems_name_the_offset() -> None:
    assert html_problems("ok <b>bold</i>") == [
        "end tag </i> at offset 10 has no matching start tag",
        "unclosed tag <b> opened at offset 3",
    ]


def test_visible_text_decodes_entities_and_drops_tags() -> None:
    html = '<b>Tom &amp; Jerry</b> said &quot;hi&quot; &lt;3 <a href="https://x.y">here</a>&#33;'
    assert visible_text(html) == 'Tom & Jerry said "hi" <3 here!'
    assert entity_count(html) == 2
    assert visible_text('<pre><code class="language-python">a &gt; b</code></pre>') == "a > b"


def test_lengths_and_offsets_are_in_utf16_code_units() -> None:
    assert visible_length("👍") == 2  # outside the BMP: a surrogate pair
    assert visible_length("<b>é</b>") == 1
    assert visible_length("&#x1F600; &lt;") == 4
    parsed = parse_html("👍 <b>bold</b> <i>ünï</i>")
    assert parsed.entities == [
        {"type": "bold", "offset": 3, "length": 4},
        {"type": "italic", "offset": 8, "length": 3},
    ]


def test_entities_carry_urls_languages_and_kinds() -> None:
    parsed = parse_html(
        '<a href="https://a.b/?x=1&amp;y=2">l</a><pre><code class="language-py">c</code></pre>'
        '<blockquote expandable>q</blockquote><span class="tg-spoiler">s</span>'
        '<tg-emoji emoji-id="42">👍</tg-emoji><b></b>'
    )
    assert parsed.entities == [
        {"type": "text_link", "offset": 0, "length": 1, "url": "https://a.b/?x=1&y=2"},
        {"type": "pre", "offset": 1, "length": 1, "language": "py"},
        {"type": "expandable_blockquote", "offset": 2, "length": 1},
        {"type": "spoiler", "offset": 3, "length": 1},
        {"type": "custom_emoji", "offset": 4, "length": 2, "custom_emoji_id": "42"},
    ]
    assert parsed.opened_tags == 7  # the empty <b></b> and the <code> count as opened tags


def test_message_limits() -> None:
    assert_valid_message("a" * 4096)
    assert_valid_message("👍" * 2048)  # 4096 UTF-16 code units
    with pytest.raises(AssertionError, match="4098 UTF-16 code units"):
        assert_valid_message("👍" * 2049)
    with pytest.raises(AssertionError, match="4097 UTF-16"):
        assert_valid_message("<b>" + "a" * 4097 + "</b>")
    assert_valid_message("<b>x</b>" * 100)
    with pytest.raises(AssertionError, match="101 formatting entities"):
        assert_valid_message("<b>x</b>" * 101)
    with pytest.raises(AssertionError, match="visible text is empty"):
        assert_valid_message("<b> </b>\n")
    with pytest.raises(AssertionError) as raised:
        assert_valid_message("<b>x <script>")
    assert "unsupported tag <script>" in str(raised.value)
    assert "unclosed tag <b>" in str(raised.value)


# ------------------------------------------------------------------------------ update factories


def unknown_fields(obj: object, path: str = "update") -> list[str]:
    """Paths of fields PTB did not recognise (kept in some object's api_kwargs)."""
    if isinstance(obj, TelegramObject):
        found = [f"{path}.{key}" for key in obj.api_kwargs]
        for name, value in obj._get_attrs(recursive=False).items():
            found += unknown_fields(value, f"{path}.{name}")
        return found
    if isinstance(obj, list | tuple):
        return [
            bad
            for index, item in enumerate(obj)
            for bad in unknown_fields(item, f"{path}[{index}]")
        ]
    return []


def assert_contains(actual: Any, expected: Any, path: str = "update") -> None:
    """``expected`` is ``actual`` with PTB's default fields (False flags...) left out."""
    if isinstance(expected, dict):
        assert isinstance(actual, dict), path
        for key, value in expected.items():
            assert key in actual, f"{path}.{key} missing"
            assert_contains(actual[key], value, f"{path}.{key}")
    elif isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), path
        for index, (got, want) in enumerate(zip(actual, expected, strict=True)):
            assert_contains(got, want, f"{path}[{index}]")
    else:
        assert actual == expected, f"{path}: {actual!r} != {expected!r}"


FACTORIES: list[tuple[str, Callable[[], dict[str, Any]]]] = [
    ("private_message", lambda: updates.private_message("hello")),
    ("private_command", lambda: updates.private_command("/ask", "who won?")),
    ("group_message", lambda: updates.group_message("hi all")),
    ("group_mention", updates.group_mention),
    ("group_command", lambda: updates.group_command("/sources")),
    ("group_reply_to_bot", updates.group_reply_to_bot),
    ("callback_query", updates.callback_query),
    ("inline_query", updates.inline_query),
    ("edited_message", updates.edited_message),
    ("sticker_message", updates.sticker_message),
    ("photo_message", lambda: updates.photo_message("a #photo")),
    ("voice_message", updates.voice_message),
]


@pytest.mark.parametrize(("name", "factory"), FACTORIES, ids=[name for name, _ in FACTORIES])
async def test_factories_deserialise(
    bot: Bot, name: str, factory: Callable[[], dict[str, Any]]
) -> None:
    data = factory()
    update = Update.de_json(json.loads(json.dumps(data)), bot)
    assert update.update_id == data["update_id"]
    assert update.effective_user is not None
    assert update.effective_user.id == USER
    # Every field is one PTB knows (unknown ones would land in api_kwargs) and survives a round
    # trip unchanged.
    assert unknown_fields(update) == []
    assert_contains(update.to_dict(), data)


@pytest.mark.parametrize(
    "command", ["/start", "/help", "/sources", "/ask question", "/stats", "/reindex"]
)
async def test_private_commands_carry_a_bot_command_entity(bot: Bot, command: str) -> None:
    name, _, args = command.partition(" ")
    update = Update.de_json(updates.private_command(name, args), bot)
    assert update.message is not None
    assert update.message.text == command
    assert update.message.chat.type == "private"
    assert update.message.chat.id == USER
    entity = update.message.entities[0]
    assert (entity.type, entity.offset, entity.length) == ("bot_command", 0, len(name))


async def test_group_mention_offsets_are_utf16(bot: Bot) -> None:
    text = "👋🏽 hey @newsbot_test_bot, what about the economy?"
    update = Update.de_json(updates.group_mention(text), bot)
    message = update.message
    assert message is not None
    assert message.chat.type == "supergroup"
    assert message.chat.id < 0
    mentions = message.parse_entities([MessageEntity.MENTION])
    assert list(mentions.values()) == ["@newsbot_test_bot"]
    (entity,) = mentions
    assert (entity.offset, entity.length) == (9, 17)  # two surrogate pairs + "hey "


async def test_factories_ids_increase_and_details(bot: Bot) -> None:
    first, second = updates.private_message(), updates.private_message()
    assert second["update_id"] > first["update_id"]
    assert second["message"]["message_id"] > first["message"]["message_id"]

    reply = Update.de_json(updates.group_reply_to_bot("and then?"), bot).message
    assert reply is not None and reply.reply_to_message is not None
    assert reply.reply_to_message.from_user is not None
    assert reply.reply_to_message.from_user.id == updates.BOT_ID

    query = Update.de_json(updates.callback_query("more:2"), bot).callback_query
    assert query is not None and isinstance(query.message, Message)
    assert query.data == "more:2"
    markup = query.message.reply_markup
    assert markup is not None
    assert markup.inline_keyboard[0][0].callback_data == "more:2"

    in_group = Update.de_json(updates.callback_query(chat_id=GROUP), bot).callback_query
    assert in_group is not None and isinstance(in_group.message, Message)
    assert in_group.message.chat.type == "supergroup"

    inline = Update.de_json(updates.inline_query("brexit", offset="10"), bot).inline_query
    assert inline is not None and (inline.query, inline.offset) == ("brexit", "10")

    edited = Update.de_json(updates.edited_message("fixed", message_id=77), bot)
    assert edited.edited_message is not None and edited.edited_message.edit_date is not None
    assert edited.edited_message.message_id == 77

    voice = Update.de_json(updates.voice_message(4), bot).message
    assert voice is not None and voice.voice is not None
    assert voice.voice.duration == dtm.timedelta(seconds=4)

    photo = Update.de_json(updates.photo_message(chat_id=GROUP), bot).message
    assert photo is not None and len(photo.photo) == 3 and photo.chat.id == GROUP

    with pytest.raises(ValueError, match="mention"):
        updates.group_mention("no mention here")


# --------------------------------------------------------------------- FakeBotAPI through a Bot


async def test_get_me(bot: Bot, api: FakeBotAPI) -> None:
    assert [call.method for call in api.calls] == ["getMe"]  # by `async with bot`
    me = await bot.get_me()
    assert (me.id, me.username, me.first_name, me.is_bot) == (
        5000,
        "newsbot_test_bot",
        "Newsbot",
        True,
    )
    assert me.can_join_groups and me.supports_inline_queries
    assert me.can_read_all_group_messages is False
    assert bot.username == "newsbot_test_bot"


async def test_send_message_with_html(bot: Bot, api: FakeBotAPI) -> None:
    markup = keyboard("More", "Sources")
    message = await bot.send_message(
        USER, "<b>Tom &amp; Jerry</b> said hi", parse_mode="HTML", reply_markup=markup
    )
    assert message.text == "Tom & Jerry said hi"
    assert message.text_html == "<b>Tom &amp; Jerry</b> said hi"
    assert message.chat.id == USER and message.chat.type == "private"
    assert message.from_user is not None and message.from_user.id == 5000
    assert message.reply_markup == markup
    assert isinstance(message.date, dtm.datetime)

    call = api.calls_to("sendMessage")[0]
    assert call.params["chat_id"] == USER
    assert call.params["parse_mode"] == "HTML"
    assert call.params["reply_markup"] == markup.to_dict()  # nested JSON as plain dicts
    assert api.sent_texts() == ["<b>Tom &amp; Jerry</b> said hi"]

    again = await bot.send_message(USER, "second")
    group = await bot.send_message(GROUP, "in a group")
    assert again.message_id == message.message_id + 1
    assert group.chat.type == "supergroup"
    assert api.message(USER, again.message_id) is not None


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("<b>x", "unclosed tag <b>"),
        ("<script>alert(1)</script>", "unsupported tag <script>"),
        ("1 < 2", "unescaped '<'"),
    ],
)
async def test_send_message_with_invalid_html(
    bot: Bot, api: FakeBotAPI, text: str, problem: str
) -> None:
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities") as raised:
        await bot.send_message(USER, text, parse_mode="HTML")
    assert problem.lower() in str(raised.value).lower()  # PTB lower-cases after the first char
    call = api.calls_to("sendMessage")[-1]
    assert call.status == 400
    assert call.description == f"Bad Request: can't parse entities: {html_problems(text)[0]}"
    assert api.sent_texts() == []
    assert api.sent_texts(include_failed=True) == [text]


async def test_plain_text_is_not_parsed_and_limits_apply(bot: Bot) -> None:
    message = await bot.send_message(USER, "  1 < 2 & <b>  \n")
    assert message.text == "1 < 2 & <b>"  # stripped like Telegram does, no parsing
    await bot.send_message(USER, "👍" * 2048)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "👍" * 2049)
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(USER, "<i>" + "a" * 4097 + "</i>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)message text is empty"):
        await bot.send_message(USER, "<b> </b>", parse_mode="HTML")
    with pytest.raises(BadRequest, match=r"(?i)unsupported parse_mode"):
        await bot.send_message(USER, "x", parse_mode="XML")


async def test_edit_message_text(bot: Bot, api: FakeBotAPI) -> None:
    markup = keyboard("More")
    sent = await bot.send_message(USER, "<b>Answer</b>", parse_mode="HTML", reply_markup=markup)
    with pytest.raises(BadRequest, match=r"(?i)message is not modified") as raised:
        await bot.edit_message_text(
            "<b>Answer</b>", USER, sent.message_id, parse_mode="HTML", reply_markup=markup
        )
    assert api.calls_to("editMessageText")[-1].description == NOT_MODIFIED
    assert "specified new message content" in str(raised.value)

    # Same visible text but different entities, or a dropped keyboard, is a modification.
    edited = await bot.edit_message_text("Answer", USER, sent.message_id, reply_markup=markup)
    assert isinstance(edited, type(sent)) and edited.text == "Answer" and not edited.entities
    assert edited.edit_date is not None
    edited = await bot.edit_message_text("Answer", USER, sent.message_id)
    assert not isinstance(edited, bool) and edited.reply_markup is None
    with pytest.raises(BadRequest, match=r"(?i)not modified"):
        await bot.edit_message_reply_markup(USER, sent.message_id)
    edited = await bot.edit_message_reply_markup(USER, sent.message_id, reply_markup=markup)
    assert not isinstance(edited, bool) and edited.reply_markup == markup
    assert api.sent_texts() == ["<b>Answer</b>", "Answer", "Answer"]

    assert await bot.delete_message(USER, sent.message_id) is True
    assert api.message(USER, sent.message_id) is None


async def test_edits_of_unknown_messages() -> None:
    lenient, strict = FakeBotAPI(), FakeBotAPI(strict_messages=True)
    async with Bot(TOKEN, request=lenient) as bot:
        edited = await bot.edit_message_text("new", USER, 42)
        assert not isinstance(edited, bool) and edited.text == "new"
        # Its keyboard is unknown, so removing it is a change; removing it again is not.
        assert await bot.edit_message_reply_markup(USER, 43)
        with pytest.raises(BadRequest, match=r"(?i)not modified"):
            await bot.edit_message_reply_markup(USER, 43)
    async with Bot(TOKEN, request=strict) as bot:
        with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
            await bot.edit_message_text("new", USER, 42)
        with pytest.raises(BadRequest, match=r"(?i)message to delete not found"):
            await bot.delete_message(USER, 42)
        # Messages in queued (or observed) updates are known, as they are to Telegram.
        queued = strict.queue_update(updates.callback_query("more:1", message_text="Old"))
        bot_message = queued["callback_query"]["message"]
        with pytest.raises(BadRequest, match=r"(?i)not modified"):
            await bot.edit_message_text(
                "Old",
                USER,
                bot_message["message_id"],
                reply_markup=InlineKeyboardMarkup.de_json(bot_message["reply_markup"], bot),
            )
        user_message = strict.queue_update(updates.private_message("mine"))["message"]
        with pytest.raises(BadRequest, match=r"(?i)message can't be edited"):
            await bot.edit_message_text("yours", USER, user_message["message_id"])


async def test_callback_and_inline_answers(bot: Bot, api: FakeBotAPI) -> None:
    assert await bot.answer_callback_query("q1", text="Done") is True
    with pytest.raises(BadRequest, match=r"(?i)query is too old"):
        await bot.answer_callback_query("q1")  # answering twice
    assert await bot.send_chat_action(USER, "typing") is True

    from telegram import InlineQueryResultArticle, InputTextMessageContent

    def article(result_id: str, text: str) -> InlineQueryResultArticle:
        content = InputTextMessageContent(text, parse_mode="HTML")
        return InlineQueryResultArticle(result_id, "Title", content)

    assert await bot.answer_inline_query("i1", [article("a", "<b>ok</b>")]) is True
    results = api.calls_to("answerInlineQuery")[0].params["results"]
    assert results[0]["input_message_content"]["message_text"] == "<b>ok</b>"
    with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
        await bot.answer_inline_query("i2", [article("a", "<b>broken")])
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.answer_inline_query("i3", [article("a", "x" * 4097)])
    with pytest.raises(BadRequest, match=r"(?i)result_id_duplicate"):
        await bot.answer_inline_query("i4", [article("a", "x"), article("a", "y")])


async def test_commands_and_webhook_methods(bot: Bot) -> None:
    assert await bot.set_my_commands([("start", "Start"), ("ask", "Ask a question")]) is True
    commands = await bot.get_my_commands()
    assert [(c.command, c.description) for c in commands] == [
        ("start", "Start"),
        ("ask", "Ask a question"),
    ]
    with pytest.raises(BadRequest, match=r"(?i)bot_command_invalid"):
        await bot.set_my_commands([("Bad-Name", "x")])
    assert await bot.delete_my_commands() is True
    assert await bot.get_my_commands() == ()

    assert await bot.set_webhook("https://example.com/hook") is True
    assert (await bot.get_webhook_info()).url == "https://example.com/hook"
    with pytest.raises(Conflict, match=r"(?i)webhook is active"):
        await bot.get_updates()
    assert await bot.delete_webhook() is True
    info = await bot.get_webhook_info()
    assert info.url == "" and info.pending_update_count == 0
    assert await bot.log_out() is True
    assert await bot.close() is True


async def test_unknown_method(bot: Bot, api: FakeBotAPI) -> None:
    with pytest.raises(EndPointNotFound, match="fooBar"):
        await bot.do_api_request("fooBar", api_kwargs={"x": 1})
    call = api.calls_to("fooBar")[0]
    assert call.status == 404
    assert call.params == {"x": 1}
    assert call.description == "Not Found: method fooBar is not emulated by FakeBotAPI"
    # A Bot method the fake does not emulate: PTB maps the 404 to InvalidToken.
    with pytest.raises(InvalidToken):
        await bot.send_dice(USER)


async def test_unknown_method_before_initialize() -> None:
    api = FakeBotAPI()
    bot = Bot(TOKEN, request=api, get_updates_request=api)
    with pytest.raises(InvalidToken, match="fooBar"):
        await bot.do_api_request("fooBar")


async def test_retry_after(bot: Bot, api: FakeBotAPI) -> None:
    api.fail_next("sendMessage", retry_after=7)
    with pytest.raises(RetryAfter) as raised:
        await bot.send_message(USER, "hi")
    assert raised.value.retry_after == dtm.timedelta(seconds=7)
    call = api.calls_to("sendMessage")[0]
    assert (call.fault, call.status) == ("error", 429)
    assert call.response == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 7",
        "parameters": {"retry_after": 7},
    }
    await bot.send_message(USER, "hi")  # the fault was used up
    assert api.sent_texts() == ["hi"]


async def test_rate_limiter_retries_after_flood_control(api: FakeBotAPI) -> None:
    app = (
        ApplicationBuilder()
        .token(TOKEN)
        .request(api)
        .get_updates_request(api)
        .rate_limiter(AIORateLimiter(max_retries=2))
        .build()
    )
    async with app:
        api.fail_next("sendMessage", retry_after=0.01)
        started = time.monotonic()
        await app.bot.send_message(USER, "eventually")
        assert 0.1 <= time.monotonic() - started < 1.0
    assert [call.fault for call in api.calls_to("sendMessage")] == ["error", None]
    assert api.sent_texts() == ["eventually"]


@pytest.mark.parametrize(
    ("status", "description", "error", "message"),
    [
        (403, "Forbidden: bot was blocked by the user", Forbidden, "bot was blocked by the user"),
        (400, "Bad Request: chat not found", BadRequest, "Chat not found"),
        (409, None, Conflict, "terminated by other getUpdates"),
        (401, "Unauthorized", InvalidToken, "Unauthorized"),
        (500, "Internal Server Error", NetworkError, "Internal Server Error"),
        (502, "Bad Gateway", NetworkError, "Bad Gateway"),
    ],
)
async def test_error_statuses_map_to_ptb_exceptions(
    bot: Bot,
    api: FakeBotAPI,
    status: int,
    description: str | None,
    error: type[Exception],
    message: str,
) -> None:
    api.fail_next("sendMessage", status=status, description=description)
    with pytest.raises(error, match=message) as raised:
        await bot.send_message(USER, "hi")
    if error is NetworkError:
        assert not isinstance(raised.value, BadRequest)


async def test_html_502_and_chat_migrated(bot: Bot, api: FakeBotAPI) -> None:
    # Telegram's front end answers 502 with an HTML page, which PTB cannot parse as JSON.
    api.fail_next("sendMessage", status=502, body=b"<html><body>502 Bad Gateway</body></html>")
    with pytest.raises(NetworkError, match=r"Bad Gateway \(502\)"):
        await bot.send_message(USER, "hi")
    api.fail_next("sendMessage", migrate_to_chat_id=-1009999)
    with pytest.raises(ChatMigrated) as raised:
        await bot.send_message(-4242, "hi")
    assert raised.value.new_chat_id == -1009999


async def test_fault_times_and_predicate(bot: Bot, api: FakeBotAPI) -> None:
    api.fail_next("sendMessage", status=403, times=2, when=lambda c: c.params["chat_id"] == 7)
    await bot.send_message(8, "unaffected")
    for _ in range(2):
        with pytest.raises(Forbidden):
            await bot.send_message(7, "blocked")
    await bot.send_message(7, "fine again")
    assert [c.fault for c in api.calls_to("sendMessage")] == [None, "error", "error", None]

    api.block_chat(9)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(9, "x")
    with pytest.raises(Forbidden):
        await bot.send_chat_action(9, "typing")


async def test_timeouts(bot: Bot, api: FakeBotAPI) -> None:
    api.timeout_next("sendMessage")
    with pytest.raises(TimedOut):
        await bot.send_message(USER, "lost")
    call = api.calls_to("sendMessage")[0]
    assert (call.fault, call.response) == ("timeout", None)
    assert api.sent_texts() == []

    # The request reached Telegram but the answer was lost: the message exists.
    api.timeout_next("sendMessage", after_processing=True)
    with pytest.raises(TimedOut):
        await bot.send_message(USER, "delivered")
    delivered = api.calls_to("sendMessage")[1].result
    assert delivered["text"] == "delivered"
    assert api.message(USER, delivered["message_id"]) is not None

    # The connection was never made, as HTTPXRequest reports it: the cause says so.
    api.timeout_next("sendMessage", never_connected=True, after_processing=True)
    with pytest.raises(TimedOut) as raised:
        await bot.send_message(USER, "never left")
    assert isinstance(raised.value.__cause__, httpx.ConnectTimeout)
    assert api.calls_to("sendMessage")[2].result is None
    assert "never left" not in [message.get("text") for message in api.emulator.messages.values()]


async def test_requests_after_shutdown_fail_like_httpx(api: FakeBotAPI) -> None:
    bot = Bot(TOKEN, request=api, get_updates_request=api)
    async with bot:
        pass
    with pytest.raises(NetworkError, match="not initialized"):
        await bot.get_me()


async def test_get_updates_serves_queue_and_honours_offset(bot: Bot, api: FakeBotAPI) -> None:
    queued = api.queue_updates(
        [updates.private_command("/start"), updates.callback_query(), updates.inline_query()]
    )
    ids = [update["update_id"] for update in queued]
    got = await bot.get_updates()
    assert [u.update_id for u in got] == ids
    assert got[0].message is not None and got[0].message.text == "/start"
    assert got[1].callback_query is not None and got[2].inline_query is not None

    again = await bot.get_updates(offset=ids[1])  # confirms ids[0]
    assert [u.update_id for u in again] == ids[1:]
    assert [u.update_id for u in await bot.get_updates(offset=ids[1], limit=1)] == ids[1:2]
    assert [u.update_id for u in await bot.get_updates(offset=-1)] == ids[2:]

    started = time.monotonic()
    assert await bot.get_updates(offset=ids[2] + 1, timeout=30) == ()
    assert time.monotonic() - started < 1.0  # long polls are capped at 0.2 s
    assert api.emulator.pending_updates == []


async def test_long_poll_returns_when_an_update_arrives(bot: Bot, api: FakeBotAPI) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await asyncio.sleep(0.02)
    assert not poll.done()
    api.queue_update(updates.private_message("late"))
    got = await asyncio.wait_for(poll, 1)
    assert len(got) == 1 and got[0].message is not None and got[0].message.text == "late"


async def test_queue_update_keeps_ids_increasing(api: FakeBotAPI) -> None:
    later, earlier = updates.private_message("b"), updates.private_message("a")
    first = api.queue_update(earlier)  # a higher id than `later`
    second = api.queue_update(later)
    assert first["update_id"] == earlier["update_id"]
    assert second["update_id"] == first["update_id"] + 1
    without_id = api.queue_update({"message": later["message"]})
    assert without_id["update_id"] == second["update_id"] + 1
    assert [u["update_id"] for u in api.emulator.pending_updates] == [
        first["update_id"],
        second["update_id"],
        second["update_id"] + 1,
    ]


async def test_allowed_updates_and_drop_pending(bot: Bot, api: FakeBotAPI) -> None:
    api.queue_update(updates.inline_query())
    message = api.queue_update(updates.private_message())
    got = await bot.get_updates(allowed_updates=["message"])
    assert [u.update_id for u in got] == [message["update_id"]]
    api.queue_update(updates.private_message())
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == ()


async def test_application_polls_and_answers(api: FakeBotAPI) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_html(
            "<b>Welcome</b>", reply_markup=keyboard("More"), do_quote=False
        )

    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None and update.effective_message.text
        await update.effective_message.reply_text(update.effective_message.text.upper())

    async def press(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer()
        await query.edit_message_text(f"pressed {query.data}")

    app = ApplicationBuilder().token(TOKEN).request(api).get_updates_request(api).build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(press))

    async with app:
        assert app.updater is not None
        await app.updater.start_polling(poll_interval=0, timeout=dtm.timedelta(seconds=10))
        await app.start()
        api.queue_update(updates.private_command("/start"))
        welcome = await api.wait_for("sendMessage")
        api.queue_update(updates.group_mention())
        shout = await api.wait_for("sendMessage", lambda c: "@NEWSBOT" in c.params["text"])
        bot_message = welcome.result
        api.queue_update(
            updates.callback_query(
                "cb:More",
                message_id=bot_message["message_id"],
                message_text="Welcome",
                reply_markup=bot_message["reply_markup"],
            )
        )
        await api.wait_for("editMessageText")
        await app.updater.stop()
        await app.stop()

    assert welcome.params["parse_mode"] == "HTML"
    assert shout.params["reply_parameters"]["message_id"] > 0  # groups quote by default
    assert api.sent_texts() == [
        "<b>Welcome</b>",
        "@NEWSBOT_TEST_BOT WHAT DID THE MINISTER SAY ABOUT YOUTH?",
        "pressed cb:More",
    ]
    assert len(api.calls_to("answerCallbackQuery")) == 1
    assert api.emulator.pending_updates == []  # the updater confirmed everything on stop
    assert {c.method for c in api.calls} >= {"getMe", "deleteWebhook", "getUpdates"}


# ------------------------------------------------------------------------------- HTTP server


async def test_http_server_with_a_real_bot() -> None:
    with BotApiServer() as server:
        assert server.base_url == f"http://127.0.0.1:{server.port}/bot"
        async with Bot(TOKEN, base_url=server.base_url) as bot:
            me = await bot.get_me()
            assert me.username == "newsbot_test_bot"
            message = await bot.send_message(
                USER, "<i>über</i> 👍", parse_mode="HTML", reply_markup=keyboard("More")
            )
            assert message.text == "über 👍"
            assert message.entities[0].type == "italic"
            with pytest.raises(BadRequest, match=r"(?i)can't parse entities"):
                await bot.send_message(USER, "<b>x", parse_mode="HTML")
            with pytest.raises(EndPointNotFound):
                await bot.do_api_request("fooBar")
            server.fail_next("sendMessage", retry_after=3)
            with pytest.raises(RetryAfter):
                await bot.send_message(USER, "flood")

            server.queue_update(updates.private_command("/help"))
            got = await bot.get_updates(timeout=5)
            assert got[0].message is not None and got[0].message.text == "/help"
            started = time.monotonic()
            assert await bot.get_updates(offset=got[0].update_id + 1, timeout=5) == ()
            assert 0.3 < time.monotonic() - started < 2.0  # long poll of ~0.5 s

    call = server.calls_to("sendMessage")[0]
    assert call.params == {
        "chat_id": USER,
        "text": "<i>über</i> 👍",
        "parse_mode": "HTML",
        "reply_markup": keyboard("More").to_dict(),
    }
    assert server.calls_to("getMe")[0].status == 200
    assert server.sent_texts() == ["<i>über</i> 👍"]


async def test_http_server_timeout_and_wait_for() -> None:
    with BotApiServer(hang_seconds=2.0) as server:
        request = HTTPXRequest(read_timeout=0.3)
        async with Bot(TOKEN, base_url=server.base_url, request=request) as bot:
            server.timeout_next("sendMessage")
            with pytest.raises(TimedOut):
                await bot.send_message(USER, "slow")
            loop = asyncio.get_running_loop()
            waiter = loop.run_in_executor(None, server.wait_for, "sendMessage", None, 5.0)
            await bot.send_message(USER, "fast", read_timeout=5)
            assert (await waiter).params["text"] == "slow"  # the first match, already recorded
            found = await loop.run_in_executor(
                None, server.wait_for, "sendMessage", lambda c: c.ok, 5.0
            )
            assert found.params["text"] == "fast"
    with pytest.raises(AssertionError, match="no matching deleteMessage call"):
        server.wait_for("deleteMessage", timeout=0.05)


def test_http_server_parses_json_multipart_and_query_strings() -> None:
    with BotApiServer() as server, httpx.Client(base_url=server.base_url + TOKEN) as client:
        answer = client.post("/sendMessage", json={"chat_id": 5, "text": "123"})
        assert answer.status_code == 200 and answer.json()["result"]["text"] == "123"
        form = client.post("/sendMessage", data={"chat_id": "5", "text": "true"})
        assert form.json()["result"]["text"] == "true"  # strings stay strings
        upload = client.post(
            "/sendPhoto",
            data={"chat_id": "5", "caption": "42"},
            files={"photo": ("pic.jpg", b"\xff\xd8jpeg", "image/jpeg")},
        )
        assert upload.status_code == 404  # not emulated: the gap shows
        query = client.get("/getUpdates?offset=0&timeout=0")
        assert query.json() == {"ok": True, "result": []}
        assert client.get("/nonsense").status_code == 404

    photo = server.calls_to("sendPhoto")[0]
    assert photo.params == {"chat_id": 5, "caption": "42"}
    assert photo.files == {"photo": "pic.jpg"}
    assert server.calls_to("sendMessage")[1].params == {"chat_id": 5, "text": "true"}
    assert server.calls_to("getUpdates")[0].params == {"offset": 0, "timeout": 0}
    assert parse_body("application/x-www-form-urlencoded", b"reply_markup=%7B%7D") == (
        {"reply_markup": {}},
        {},
    )


def test_emulator_is_shared_state() -> None:
    emulator = BotApiEmulator()
    fake, server = FakeBotAPI(emulator), BotApiServer(emulator)
    fake.queue_update(updates.private_message())
    assert server.calls is fake.calls
    assert len(server.emulator.pending_updates) == 1
