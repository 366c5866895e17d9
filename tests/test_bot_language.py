"""The bot speaks Russian to whoever's Telegram speaks Russian or who asks in Cyrillic, and
English to everyone else, through the real handlers and the fake Bot API as in test_bot. Every
message sent in either language is valid Telegram HTML."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import write_corpus
from tests.support import updates
from tests.support.fake_telegram import Call
from tests.support.telegram_html import visible_text
from tests.test_bot import QUESTION, Harness, assert_all_html_valid, running_bot
from tests.test_bot_feedback import buttons, labelled

RU = "ru"


def labels(call: Call) -> list[str]:
    return list(buttons(call))


async def press(bot: Harness, data: str, call: Call, language_code: str | None) -> str:
    """Press a button under `call`'s message as a user with `language_code`: its toast."""
    await bot.send(
        updates.callback_query(
            data, message_id=call.result["message_id"], language_code=language_code
        )
    )
    return str(bot.calls("answerCallbackQuery")[-1].params.get("text"))


async def test_a_russian_user_is_welcomed_and_helped_in_russian(tmp_path: Path) -> None:
    async with running_bot(tmp_path, example_questions=(QUESTION,)) as bot:
        await bot.send(updates.private_command("/start", language_code=RU))
        welcome = visible_text(bot.last_text())
        assert "Здравствуйте, Alice!" in welcome
        assert "Я знаю 1 новостную статью из 1 издания" in welcome  # 1: the "one" forms
        assert "Попробуйте спросить:" in welcome and QUESTION in welcome
        await bot.send(updates.private_command("/help", language_code="ru-RU"))
        help_text = visible_text(bot.last_text())
        assert help_text.startswith("Как спрашивать")
        assert "/ask вопрос — задать вопрос (в группах)" in help_text
        assert "/sources — статьи, которые я знаю" in help_text
        await bot.send(updates.private_command("/new", language_code=RU))
        assert bot.last_text().startswith("Начинаем новый разговор")
        await bot.send(updates.private_command("/ask", language_code=RU))
        assert bot.last_text().startswith("Спрашивайте так: /ask ")
        await bot.send(updates.private_command("/stats", language_code=RU))
        assert "только администраторам" in bot.last_text()
        await bot.send(updates.private_command("/frobnicate", language_code=RU))
        assert "Я не знаю такой команды" in bot.last_text()
        assert_all_html_valid(bot)


async def test_a_russian_user_gets_an_answer_with_russian_words_and_buttons(
    tmp_path: Path,
) -> None:
    async with running_bot(tmp_path, top_k=2) as bot:
        await bot.send(updates.private_message("Kazakhstan president", language_code=RU))
        answer = bot.messages()[-1]
        assert "Kazakhstan" in visible_text(answer.params["text"])  # the quotes are the corpus's
        names = labels(answer)
        assert any(label.startswith("Ещё ▶ 2/") for label in names)
        assert any(label.startswith("📄 Читать статью: ") for label in names)
        assert names[-2:] == ["👍", "👎"]
        assert not any("Read the article" in label or "More" in label for label in names)
        # "More", pressed by the Russian user: the next page and its buttons in Russian.
        await press(bot, labelled(answer, "Ещё"), answer, RU)
        edited = bot.calls("editMessageText")[-1]
        assert "◀ Назад" in labels(edited)
        # 👎 offers its reasons in Russian, and thanks in Russian.
        toast = await press(bot, buttons(answer)["👎"], answer, RU)
        assert toast == "Спасибо! Что было не так? (необязательно: выберите ниже)"
        reasons = buttons(bot.calls("editMessageReplyMarkup")[-1])
        assert {"Не та статья", "Статья та, цитата не та", "Не тот человек"} <= reasons.keys()
        assert await press(bot, reasons["Не тот человек"], answer, RU) == "Спасибо!"
        # The article behind a hit, in Russian.
        await press(bot, labelled(answer, "📄 Читать статью"), answer, RU)
        article = bot.messages()[-1]
        assert "Ещё из этой статьи" in labels(article)
        assert_all_html_valid(bot)


async def test_a_russian_user_is_told_plainly_that_nothing_was_found(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        await bot.send(updates.private_message("quantum chromodynamics", language_code=RU))
        text = visible_text(bot.last_text())
        assert text.startswith("Ничего не нашлось по вопросу «quantum chromodynamics».")
        assert "Ни одна статья не упоминает «quantum», «chromodynamics»." in text
        await bot.send(
            updates.private_message("What did he say about youth in 1990?", language_code=RU)
        )
        text = visible_text(bot.last_text())
        assert "Ни одна статья не упоминает «1990»." in text
        assert "Ближе всего к вопросу эти статьи:" in text
        await bot.send(updates.private_message("youth " * 400, language_code=RU))
        assert "учёл только 500 символов с его начала" in visible_text(bot.last_text())
        await bot.send(updates.callback_query("m:AAAAAAAAAAAA:1", language_code=RU))
        assert (
            bot.calls("answerCallbackQuery")[-1].params["text"].startswith("Этот результат устарел")
        )
        assert_all_html_valid(bot)


async def test_a_cyrillic_question_from_an_english_app_is_answered_in_russian(
    tmp_path: Path,
) -> None:
    async with running_bot(tmp_path) as bot:
        await bot.send(updates.private_message("Что сказал Назарбаев о квантовой хромодинамике?"))
        text = visible_text(bot.last_text())
        assert text.startswith("Ничего не нашлось по вопросу «Что сказал Назарбаев о квантовой")
        assert "Ни одна статья не упоминает «Назарбаев»" in text
        await bot.send(updates.private_command("/ask", "что сказал президент?"))
        assert visible_text(bot.last_text()).startswith("Ничего не нашлось по вопросу «что сказал")
        # A Latin word in it keeps the app's English.
        await bot.send(updates.private_message("Что сказал Nazarbayev?"))
        assert "Ничего" not in visible_text(bot.last_text())
        assert "Читать" not in str(bot.messages()[-1].params.get("reply_markup"))
        assert_all_html_valid(bot)


async def test_an_english_user_gets_english(tmp_path: Path) -> None:
    async with running_bot(tmp_path, example_questions=(QUESTION,)) as bot:
        await bot.send(updates.private_command("/start", language_code="en-GB"))
        assert "Hello, Alice! I know 1 news article from 1 outlet" in visible_text(bot.last_text())
        await bot.send(updates.private_message("Kazakhstan president", language_code=None))
        answer = bot.messages()[-1]
        assert any(label.startswith("📄 Read the article") for label in labels(answer))
        assert await press(bot, buttons(answer)["👍"], answer, "de") == "Thanks!"
        assert_all_html_valid(bot)


async def test_refusals_and_limits_speak_the_senders_language(tmp_path: Path) -> None:
    async with running_bot(tmp_path, allowed_chats=frozenset({777}), rate_limit=1) as bot:
        await bot.send(updates.private_message(QUESTION, user_id=1001, language_code=RU))
        assert bot.last_text().startswith("Извините, это закрытый бот.")
        await bot.send(updates.inline_query("youth", user_id=1001, language_code=RU))
        inline = bot.calls("answerInlineQuery")[-1].params
        assert inline["button"]["text"] == "Это закрытый бот"
        await bot.send(updates.private_message(QUESTION, user_id=777, language_code=RU))
        await bot.send(updates.private_message(QUESTION, user_id=777, language_code=RU))
        assert bot.last_text().startswith("Вы спрашиваете быстрее, чем я успеваю отвечать.")
        assert_all_html_valid(bot)


async def test_inline_mode_speaks_russian_to_a_russian_user(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        await bot.send(updates.inline_query("", language_code=RU))
        button = bot.calls("answerInlineQuery")[-1].params["button"]
        assert button["text"] == "Напишите вопрос о новостях"
        await bot.send(updates.inline_query("quantum chromodynamics", language_code=RU))
        button = bot.calls("answerInlineQuery")[-1].params["button"]
        assert button["text"] == "По этому вопросу ничего не нашлось"


async def test_a_sticker_from_a_russian_user_gets_a_russian_hint(tmp_path: Path) -> None:
    async with running_bot(tmp_path) as bot:
        sticker = updates.sticker_message()
        sticker["message"]["from"]["language_code"] = RU
        await bot.send(sticker)
        assert bot.last_text().startswith("Я понимаю только текст.")
        edited = updates.edited_message("Kazakhstan president")
        edited["edited_message"]["from"]["language_code"] = RU
        await bot.send(edited)
        assert "Вот ответ на исправленный вопрос." in visible_text(bot.last_text())


CITIES = ("Астану", "Алматы", "Шымкент", "Караганду")
TOPICS = (
    "«Мы построим новые школы», — сказал президент о планах на год.",
    "«Школы должны быть рядом с домом», — сказал президент жителям.",
    "Президент сказал, что учителям поднимут зарплаты и откроют школы.",
    "«Каждая школа получит компьютеры», — сказал президент журналистам.",
)
# Four stories, different enough not to be one story re-filed, each quoting the president.
RUSSIAN_CORPUS = {
    f"news-{number}.txt": (
        f"Президент посетил {city}\n\n"
        f"В {number}-й день поездки президент посетил {city} и встретился с жителями. {topic} "
        f"Жители города спрашивали о дорогах, ценах и работе; визит длился {number + 4} часов.\n\n"
        "Source: Новости дня\n"
    )
    for number, (city, topic) in enumerate(zip(CITIES, TOPICS, strict=True), start=1)
} | {
    # Stories of other things: a word found in every article would score nothing (BM25).
    f"other-{number}.txt": (
        f"Погода на {number}-ю неделю\n\n"
        f"Синоптики обещают {number + 10} градусов тепла и дожди на севере. "
        f"Футбольный матч перенесли на {number}-е число из-за ливня.\n\n"
        "Source: Новости дня\n"
    )
    for number in range(1, 9)
}


async def test_presses_under_a_russian_answer_stay_russian_for_an_english_app(
    tmp_path: Path,
) -> None:
    corpus = write_corpus(tmp_path / "corpus", RUSSIAN_CORPUS)
    async with running_bot(tmp_path, corpus=corpus, top_k=1) as bot:
        await bot.send(updates.private_message("Что сказал президент о школах?"))
        answer = bot.messages()[-1]
        assert "президент" in visible_text(answer.params["text"]).casefold()
        assert any(label.startswith("Ещё ▶") for label in labels(answer))
        await press(bot, labelled(answer, "Ещё"), answer, "en")
        assert "◀ Назад" in labels(bot.calls("editMessageText")[-1])
        assert await press(bot, buttons(answer)["👍"], answer, "en") == "Спасибо!"
        await press(bot, labelled(answer, "📄 Читать статью"), answer, "en")
        assert "Ещё из этой статьи" in labels(bot.messages()[-1])
        # The same press by someone else's English app under an English answer stays English.
        await bot.send(updates.private_message("president"))
        assert await press(bot, buttons(bot.messages()[-1])["👍"], bot.messages()[-1], "en") in {
            "Thanks!"
        }
        assert_all_html_valid(bot)
