"""Who speaks in each sentence (`Speech.speaker_of`): the speaker line belongs to the sentences
it stands under. Small examples of every attribution form (organisations and spokesmen, "it
said", descriptions such as "the American", Russian «по словам», «заявил X», «— сказал он»),
narration that gets no line, and the articles the issue named (when ../shared/data is there)."""

from __future__ import annotations

import json
import time
from functools import cache
from pathlib import Path

import pytest

from newsbot.speech import Speech, analyse_speech
from newsbot.text.segment import sentence_spans
from tests.conftest import needs_shared, shared


def lines(text: str, title: str = "") -> list[tuple[str, str | None]]:
    """Each sentence of `text` with its speaker line."""
    speech = analyse_speech(text, title)
    return [(text[start:end], speech.speaker_of(start, end)) for start, end in sentence_spans(text)]


def speaker_of(text: str, words: str, title: str = "") -> str | None:
    """The speaker line of the sentence holding `words`."""
    found = [speaker for sentence, speaker in lines(text, title) if words in sentence]
    assert len(found) == 1, lines(text, title)
    return found[0]


# --- sentences, not passages -----------------------------------------------------------------


def test_each_sentence_of_a_passage_has_its_own_line() -> None:
    text = (
        '"We will win," said John Smith. Prices rose by 5% in March. '
        "Mary Jones said that they would fall again. "
        '"It is a disaster for savers," she added.'
    )
    assert [speaker for _, speaker in lines(text)] == [
        "John Smith",
        None,
        "Mary Jones",
        "Mary Jones",
    ]


def test_the_inside_of_a_long_quotation_is_the_speakers() -> None:
    text = (
        'Bobby Robson said: "It has all gone well for him lately. '
        "It is when it goes against you that you learn. "
        'Then you find out about a manager."'
    )
    assert {speaker for _, speaker in lines(text)} == {"Bobby Robson"}


def test_narration_with_a_scare_quote_gets_no_line() -> None:
    text = (
        "John Smith spoke in Leeds. The award honours "
        '"continued creativity, development and overall contribution to fiction".'
    )
    assert speaker_of(text, "The award honours") is None


def test_speaker_at_still_answers_for_a_span() -> None:
    text = '"We will win this election," John Smith said. Prices rose.'
    speech = analyse_speech(text)
    assert speech.speaker_at(0, len(text)) == "John Smith"
    assert speech.speaker_of(text.index("Prices"), len(text)) is None


def test_a_sentence_whose_first_attribution_names_nobody_gets_no_line() -> None:
    text = "Analysts said prices would rise, while John Smith said they would not."
    assert speaker_of(text, "Analysts") is None


def test_attributions_that_disagree_give_no_line() -> None:
    text = "John Smith said prices would rise, but Mary Jones said that they would fall."
    assert speaker_of(text, "prices") is None


# --- forms of attribution --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        # a role or a description resolved to the person the article named with it
        (
            "World number one Lindsay Davenport criticised Wimbledon on Monday. "
            'Asked about the prize money, the American said: "It is highly insulting."',
            "the American said",
            "Lindsay Davenport",
        ),
        (
            "The Funding Council said more people went to university. "
            'But the share of poor students "hardly changed at all", said its chief '
            "executive, Sir Howard Newby.",
            "hardly changed",
            "Howard Newby",
        ),
        (
            "Chancellor Gordon Brown spoke on Monday. Growth was strong, the chancellor said.",
            "Growth was strong",
            "Gordon Brown",
        ),
        ("Turnout will be high, according to Mary Jones.", "Turnout", "Mary Jones"),
        # a spokesman's words are the body's, or the person's he speaks for
        (
            'Tony Blair met the unions. "We are listening," Tony Blair\'s spokesman said.',
            "We are listening",
            "Tony Blair",
        ),
        ('"We have had an approach," said a Saints spokesman.', "approach", "Saints"),
        ("A Treasury spokesperson said the plans were on track.", "on track", "Treasury"),
    ],
)
def test_english_forms(text: str, words: str, speaker: str) -> None:
    assert speaker_of(text, words) == speaker


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        ("MCA Inc said shareholders would vote on May 5.", "shareholders", "MCA Inc"),
        ('"We are saddened," Marsh said in a statement.', "saddened", "Marsh"),
        (
            "Weatherford International said it suspended its dividend.\n\n"
            "Weatherford said this will be the sixth non-payment.",
            "sixth",
            "Weatherford International",
        ),
        (
            "Conrac Corp said its board rejected the offer.\n\n"
            "It said management would explore other courses of action.",
            "explore",
            "Conrac Corp",
        ),
        (
            "Thailand exported 84,960 tonnes of rice, the Commerce Ministry said.\n\n"
            "It said private exporters shipped 57,450 tonnes.",
            "private exporters",
            "Commerce Ministry",
        ),
        (
            "The Middle East Economic Survey (MEES) estimated output.\n\n"
            "MEES said Saudi Arabia was pumping more.",
            "pumping",
            "Middle East Economic Survey",
        ),
        (
            "Yields offered by the United Arab Emirates central bank were lower, the bank said.",
            "Yields",
            "United Arab Emirates central bank",
        ),
        ("Separately, the Indonesian government has said it will report.", "report", None),
    ],
)
def test_organisations_speak_through_speech_verbs(
    text: str, words: str, speaker: str | None
) -> None:
    found = speaker_of(text, words)
    if speaker is None:
        assert found in (None, "Indonesian government")
    else:
        assert found == speaker


@pytest.mark.parametrize(
    "text",
    [
        "Marsh posted a $676m loss for the last three months of 2004.",
        "New York attorney general Eliot Spitzer sued Marsh over bid rigging.",
        "Stephen Cairns and Jill Shannon claimed the individual titles.",
        "Rosneft, meanwhile, has agreed to merge with Gazprom.",
        "The shows were broadcast by Viacom-owned stations across the United States.",
        "Chelsea were frustrated but Joe Cole added a second in injury-time.",
    ],
)
def test_a_subject_that_does_not_speak_gets_no_line(text: str) -> None:
    assert {speaker for _, speaker in lines(text)} == {None}


@pytest.mark.parametrize(
    ("text", "words", "speaker"),
    [
        (
            "По словам другого адвоката заявителей Бартоломея Соханьского, он удовлетворён.",
            "удовлетворён",
            "Бартоломей Соханьский",
        ),
        (
            "Культовый режиссёр Дэвид Линч объявил, что перестанет снимать кино.",
            "перестанет",
            "Дэвид Линч",
        ),
        (
            "Об этом сообщил продюсер Скотт Рудин агентству Reuters.",
            "Об этом",
            "Скотт Рудин",
        ),
        (
            "Юрий Лужков планирует выращивать грибы. «В планах — грибы», — сказал он.",
            "В планах",
            "Юрий Лужков",
        ),
        (
            "Как сообщило министерство юстиции США, американец был арестован в четверг.",
            "арестован",
            "министерство юстиции США",
        ),
        ("Сделка сорвалась, пишет «Коммерсантъ».", "Сделка", "Коммерсантъ"),
        ("Такое решение принял Сенат США, передает Reuters.", "решение", "Reuters"),
    ],
)
def test_russian_forms(text: str, words: str, speaker: str) -> None:
    assert speaker_of(text, words) == speaker


@pytest.mark.parametrize(
    "text",
    [
        "По словам источника, сделка сорвалась.",
        "Источник Интерфакса сообщил, что обыски продолжаются.",
        "Сейчас он арестован, сообщили итальянские СМИ.",
        "Петербургская Духовная академия отмечает свой 200-летний юбилей.",
        "Петреус подал в отставку после того как признал факт связей с Полой Бродвелл.",
    ],
)
def test_russian_without_a_speaker(text: str) -> None:
    assert {speaker for _, speaker in lines(text)} == {None}


# --- the articles the issue named --------------------------------------------------------------


@cache
def bbc() -> dict[str, dict[str, str]]:
    path: Path = shared("bbc-news", "bbc-news.jsonl")
    with path.open(encoding="utf-8") as rows:
        return {row["id"]: row for row in map(json.loads, rows)}


def bbc_speaker(article_id: str, words: str) -> str | None:
    row = bbc()[article_id]
    return speaker_of(row["text"], words, row["title"])


@needs_shared("bbc-news", "bbc-news.jsonl")
@pytest.mark.parametrize(
    ("article_id", "words", "speaker"),
    [
        # Ruddock's words were under "— Jason Forster"
        ("bbc-sport-316", "We've got the WRU charter", "Mike Ruddock"),
        ("bbc-sport-316", "I'm sure the guys would want", "Jason Forster"),
        # Gerry Ellis's sentence was under "— Zhang Hemin"
        ("bbc-tech-107", "Digital technology brings this story", "Gerry Ellis"),
        ("bbc-tech-107", "Digital technology has transformed", "Zhang Hemin"),
        # "the American said:" and "said its chief executive, Sir Howard Newby" found nobody
        ("bbc-sport-432", "highly insulting", "Lindsay Davenport"),
        ("bbc-politics-246", "hardly changed at all", "Howard Newby"),
        # a company speaks when it speaks
        # its fullest name: the article first names it "Marsh & McLennan"
        ("bbc-business-103", "it has already introduced new leadership", "Marsh & McLennan"),
        ("bbc-business-184", "it still feels very early", "Dresdner Kleinwort Wasserstein"),
    ],
)
def test_issue_speakers(article_id: str, words: str, speaker: str) -> None:
    assert bbc_speaker(article_id, words) == speaker


@needs_shared("bbc-news", "bbc-news.jsonl")
@pytest.mark.parametrize(
    ("article_id", "words"),
    [
        # narration was under "— Javier Solana"
        ("bbc-politics-216", "Under the Anti-Terrorism Crimes and Security Act"),
        # the share price was under "— Dresdner Kleinwort Wasserstein"
        ("bbc-business-184", "A sudden spike in M&S's share price followed"),
        # Spitzer's suit was under "— Marsh"
        ("bbc-business-103", "Elliot Spitzer sued the company"),
        ("bbc-business-103", "Marsh posted a $676m"),
    ],
)
def test_issue_narration(article_id: str, words: str) -> None:
    assert bbc_speaker(article_id, words) is None


# --- any input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        ("Acme Corp said it " * 8000)[:100_000],
        ("the company said the company said " * 4000)[:100_000],
        ("По словам Ивана Петрова, " * 5000)[:100_000],
        ("«Эхо Москвы» говорит, " * 6000)[:100_000],
        ("A Treasury spokesperson said: " * 4000)[:100_000],
        ("US UK EU UN " * 10000)[:100_000],
        ("he said she said it said " * 5000)[:100_000],
    ],
)
def test_hostile_attribution_is_fast(text: str) -> None:
    started = time.perf_counter()
    speech = analyse_speech(text, text[:50])
    for start, end in sentence_spans(text)[:2000]:
        speech.speaker_of(start, end)
    assert time.perf_counter() - started < 10
    assert_valid(text, speech)


def assert_valid(text: str, speech: Speech) -> None:
    for report in speech.reports:
        assert 0 <= report.start <= report.end <= len(text)
        assert report.speaker in speech.people
    assert all(0 <= pos <= len(text) for pos in speech.unattributed)
