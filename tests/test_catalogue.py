"""The message catalogue: every language's table has the same messages with the same
placeholders, every message id the code asks for exists, the tables ship as package data, and
counted words take the right form."""

from __future__ import annotations

import re
import string
import tomllib
from importlib import resources
from pathlib import Path

import pytest

from newsbot.answering.answer_types import RANKING_KINDS
from newsbot.answering.models import CorpusFacts
from newsbot.bot.hit_buttons import REASONS
from newsbot.bot.language import written_in_cyrillic
from newsbot.corpus.model import Article
from newsbot.render.catalogue import (
    LANGUAGES,
    PLURAL_FORMS,
    counted,
    number,
    plural_form,
    table,
    template,
    text,
)
from newsbot.render.telegram import article_pages, welcome_message
from tests.support.telegram_html import assert_valid_message, visible_text

ROOT = Path(__file__).resolve().parent.parent
# Only the surfaces that speak to a user ask the catalogue for words.
SPEAKERS = (ROOT / "src" / "newsbot" / "render", ROOT / "src" / "newsbot" / "bot")
# A message id is a string literal of dotted lower-case words whose first word is one of the
# catalogue's sections ("notice", "button" …): text("notice.busy", …), or an id chosen by a
# condition ("toast.why" if … else "toast.thanks") or kept in a table ("help.meaning.new").
_LITERAL = re.compile(r"""["']([a-z_]+(?:\.[a-z_]+)+)["']""")
# Ids made at run time, from a prefix and a word the code knows.
DYNAMIC = {
    "reason": set(REASONS),
    "kind": {*RANKING_KINDS, "other"},
    "month": {str(number) for number in range(1, 13)},
}


def placeholders(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


def used_ids() -> set[str]:
    sections = {key.split(".")[0] for key in table("en")}
    found: set[str] = set()
    for path in (path for folder in SPEAKERS for path in folder.rglob("*.py")):
        for literal in _LITERAL.findall(path.read_text(encoding="utf-8")):
            if literal.split(".")[0] in sections:
                found.add(literal)
    for prefix, words in DYNAMIC.items():
        found.update(f"{prefix}.{word}" for word in words)
    return found


def test_every_language_has_the_same_messages_and_placeholders() -> None:
    english = table("en")
    assert len(english) > 50
    for lang in LANGUAGES:
        other = table(lang)
        assert other.keys() == english.keys(), lang
        for key, message in english.items():
            assert placeholders(other[key]) == placeholders(message), (lang, key)
            assert other[key].strip() or not message.strip(), (lang, key)


def test_every_message_the_code_asks_for_exists_and_none_is_left_unused() -> None:
    used, english = used_ids(), table("en").keys()
    # A counted message ("welcome.articles") is asked for by its stem, one entry per form.
    stems = {key.rsplit(".", 1)[0] for key in english if key.endswith(".many")}
    for stem in used & stems:
        assert {f"{stem}.{form}" for form in PLURAL_FORMS} <= english, stem
    assert used - stems <= english, "asked for, but not in the catalogue"
    forms = {f"{stem}.{form}" for stem in used & stems for form in PLURAL_FORMS}
    assert english <= used | forms, "in the catalogue, but nothing asks for them"
    assert len(english) == 129


def test_the_tables_are_package_data() -> None:
    locales = resources.files("newsbot.render").joinpath("locales")
    assert {f"{lang}.json" for lang in LANGUAGES} <= {item.name for item in locales.iterdir()}
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "locales/*.json" in config["tool"]["setuptools"]["package-data"]["newsbot.render"]


def test_unknown_languages_and_ids_fall_back_to_english() -> None:
    assert text("toast.thanks", "de") == "Thanks!"
    assert text("toast.thanks", "ru") == "Спасибо!"
    assert template("button.back", "xx") == "◀ Back"
    with pytest.raises(KeyError):
        text("no.such.message", "ru")


@pytest.mark.parametrize(
    ("count", "form"),
    [
        (0, "many"),
        (1, "one"),
        (2, "few"),
        (4, "few"),
        (5, "many"),
        (11, "many"),
        (12, "many"),
        (14, "many"),
        (21, "one"),
        (22, "few"),
        (25, "many"),
        (101, "one"),
        (111, "many"),
        (1_004, "few"),
    ],
)
def test_russian_plural_forms(count: int, form: str) -> None:
    assert plural_form(count, "ru") == form


def test_english_plural_forms_and_numbers() -> None:
    assert [plural_form(count, "en") for count in (0, 1, 2, 21)] == ["many", "one", "many", "many"]
    assert number(12_345, "en") == "12,345"
    assert number(12_345, "ru") == "12\u00a0345"
    assert counted("welcome.articles", 1, "en") == "1 news article"
    assert counted("welcome.articles", 1_234, "en") == "1,234 news articles"


@pytest.mark.parametrize(
    ("articles", "outlets", "says"),
    [
        (1, 1, "Я знаю 1 новостную статью из 1 издания"),
        (2, 2, "Я знаю 2 новостные статьи из 2 изданий"),
        (5, 21, "Я знаю 5 новостных статей из 21 издания"),
        (21, 3, "Я знаю 21 новостную статью из 3 изданий"),
        (1_012, 11, "Я знаю 1\u00a0012 новостных статей из 11 изданий"),
    ],
)
def test_the_russian_welcome_counts_correctly(articles: int, outlets: int, says: str) -> None:
    facts = CorpusFacts(articles, articles * 7, outlets, "2004-12-01", "2005-01-31")
    message = welcome_message(facts, ("Что сказал Блэр?",), "Аня", "ru")
    assert_valid_message(message.html)
    shown = visible_text(message.html)
    assert shown.startswith("Здравствуйте, Аня! " + says)
    assert "даты публикации — с 2004-12-01 по 2005-01-31." in shown


def test_cyrillic_writing() -> None:
    assert written_in_cyrillic("Что сказал Назарбаев?")
    assert written_in_cyrillic("/ask@newsbot_bot что сказал президент?")
    assert not written_in_cyrillic("Что сказал Nazarbayev?")
    assert not written_in_cyrillic("What did he say?")
    assert not written_in_cyrillic("2030?")


def test_counted_notices_and_article_pages_in_russian() -> None:
    assert counted("notice.long_question", 21, "ru").endswith("учёл только 21 символ с его начала.")
    assert "500 символов" in counted("notice.long_question", 500, "ru")
    assert "1 character." in counted("notice.long_question", 1, "en")
    article = Article(id="long", title="Длинная статья", text="Это предложение. " * 1_000)
    pages = article_pages(article, "ru")
    assert len(pages) > 1
    for page in pages:
        assert_valid_message(page.html)
    assert visible_text(pages[0].html).endswith(f"Страница 1 из {len(pages)}")
    assert visible_text(article_pages(article)[0].html).endswith(f"Page 1 of {len(pages)}")
