"""Speaker lines for the attribution forms news prose uses most, each on sentences written for
these tests: bodies opening a sentence ("The White House said"), names an organisation's words
run over ("Duff and Phelps"), Russian present-tense cues and interrupted quotations, roles and
pronouns that mean someone named before, and sentences that must stay unattributed."""

from __future__ import annotations

import pytest

from newsbot.speech import analyse_speech
from newsbot.text.segment import sentence_spans


def lines(text: str) -> list[str | None]:
    """The speaker line of each sentence of `text`."""
    speech = analyse_speech(text)
    return [speech.speaker_of(start, end) for start, end in sentence_spans(text)]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("The White House said that it would veto the bill.", "White House"),
        ("The Department of Justice said it had opened an inquiry.", "Department of Justice"),
        (
            "Unemployment rose by 20,000 in the three months to March, the Office for National"
            " Statistics said.",
            "Office for National Statistics",
        ),
    ],
)
def test_a_body_opening_or_closing_the_sentence_speaks(text: str, speaker: str) -> None:
    assert lines(text) == [speaker]


def test_a_family_named_with_the_is_no_body() -> None:
    assert lines("The Smith family bought the house in Leeds in 1990.") == [None]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Duff and Phelps said it lowered its rating on the company's bonds.", "Duff and Phelps"),
        (
            "Morgan Stanley and Co Inc said it would underwrite the offering.",
            "Morgan Stanley and Co Inc",
        ),
        (
            "According to Standard & Poor's, which rates the debt, the outlook is stable.",
            "Standard & Poor",
        ),
        (
            "Barclays Bank Plc and Midland Bank Plc said they are cutting their base rates.",
            "Barclays Bank Plc and Midland Bank Plc",
        ),
    ],
)
def test_an_organisations_name_is_kept_whole(text: str, speaker: str) -> None:
    assert lines(text) == [speaker]


def test_two_people_named_before_speak_as_the_first() -> None:
    text = "Tony Blair met Gordon Brown on Monday. Blair and Brown said they would work together."
    assert lines(text) == [None, "Tony Blair"]
