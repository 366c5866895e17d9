"""Sentence boundaries and passages: quotes must never start or end mid-sentence."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbot.corpus.txt import read_txt
from newsbot.text.passages import DEFAULT_PASSAGE_WORDS, paragraph_spans, split_passages
from newsbot.text.segment import Span, sentence_spans

SEED_PATH = (
    Path(__file__).parent.parent
    / "corpus"
    / "kazakhstan-nazarbayev-nur-otan-election-headquarters.txt"
)


@pytest.fixture(scope="module")
def seed_text() -> str:
    return read_txt(SEED_PATH, "seed", "seed").text


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def words(text: str, span: Span) -> int:
    return len(text[span[0] : span[1]].split())


# --- invariants shared by the example tests and the property tests ---------------------------


def assert_valid_passages(text: str, spans: list[Span]) -> None:
    """Sorted, disjoint, in bounds, trimmed, and covering every non-whitespace character once."""
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text), (start, end)
        assert not text[start].isspace()
        assert not text[end - 1].isspace()
        assert text[previous_end:start].strip() == "", "text left out between passages"
        previous_end = end
    assert text[previous_end:].strip() == "", "text left out after the last passage"


def assert_no_sentence_cut(text: str, spans: list[Span]) -> None:
    """Every sentence of every paragraph lies entirely within one passage."""
    for p_start, p_end in paragraph_spans(text):
        for s_start, s_end in sentence_spans(text, p_start, p_end):
            assert any(start <= s_start and s_end <= end for start, end in spans), (
                f"sentence {text[s_start:s_end]!r} is cut"
            )


def assert_size_bound(text: str, spans: list[Span], target: int) -> None:
    """A passage exceeds the target only when it is one paragraph or one sentence, or when a
    short tail was merged into the last passage (which then stays within 1.5 × target)."""
    target = max(1, target)
    units: set[Span] = set()
    for p_start, p_end in paragraph_spans(text):
        units.add((p_start, p_end))
        units.update(sentence_spans(text, p_start, p_end))
    for index, span in enumerate(spans):
        size = words(text, span)
        is_last = index == len(spans) - 1
        assert size <= target or span in units or (is_last and size <= target * 3 // 2), (
            size,
            text[span[0] : span[1]],
        )


# --- sentences -------------------------------------------------------------------------------


def test_seed_paragraph_splits_into_nine_sentences(seed_text: str) -> None:
    paragraph = next(
        seed_text[start:end]
        for start, end in paragraph_spans(seed_text)
        if seed_text[start:end].startswith("“From the very first days")
    )
    found = sentences(paragraph)
    assert len(found) == 9
    assert found[0] == (
        "“From the very first days of independence I paid special attention to the issue of "
        "education and upbringing of young people."
    )
    assert found[1] == "This work needs to be continued."
    assert found[4] == "I’m glad that the staff members of the headquarters are young people."
    assert found[-1] == "I place great hopes on our young people, “Nursultan Nazarbayev said."


def test_seed_sentences_with_closing_quote(seed_text: str) -> None:
    """A sentence that ends with ' “, concluded …' is one sentence, not two."""
    last = seed_text[paragraph_spans(seed_text)[-1][0] :]
    assert sentences(last)[-1] == (
        "We all support and work for the elected President “, concluded the First President "
        "of Kazakhstan."
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Mr. Smith went to Washington. He met Dr. Jones there.",
            ["Mr. Smith went to Washington.", "He met Dr. Jones there."],
        ),
        (
            "Mrs. Brown and Prof. White arrived. St. Paul's was full.",
            ["Mrs. Brown and Prof. White arrived.", "St. Paul's was full."],
        ),
        (
            "The U.S. Senate voted on Monday. It passed.",
            ["The U.S. Senate voted on Monday.", "It passed."],
        ),
        (
            "The book is by J. K. Rowling. It sold well.",
            ["The book is by J. K. Rowling.", "It sold well."],
        ),
        (
            "He lives at No. 10 Downing Street. Nobody else does.",
            ["He lives at No. 10 Downing Street.", "Nobody else does."],
        ),
        (
            "Встречу провёл В. В. Путин. Она длилась час.",
            ["Встречу провёл В. В. Путин.", "Она длилась час."],
        ),
        (
            "Закон принят 5 мая 2010 г. Государственной думой. Он вступил в силу.",
            ["Закон принят 5 мая 2010 г. Государственной думой.", "Он вступил в силу."],
        ),
        (
            "Прибыли т. д. и т. п. Дальше.",
            ["Прибыли т. д. и т. п.", "Дальше."],
        ),
    ],
)
def test_abbreviations_are_not_sentence_ends(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It rained. It poured.", ["It rained.", "It poured."]),
        ("Really? Yes! Fine… Thanks.", ["Really?", "Yes!", "Fine…", "Thanks."]),
        ('He said "Stop." Then he left.', ['He said "Stop."', "Then he left."]),
        ("She asked (quietly.) Nobody answered.", ["She asked (quietly.)", "Nobody answered."]),
        ("It ended. «Новое» начало.", ["It ended.", "«Новое» начало."]),
        ("Prices rose. 2024 was worse.", ["Prices rose.", "2024 was worse."]),
        ("It ended. — Yes, it did.", ["It ended.", "— Yes, it did."]),
        # "No." without a number after it is the word "no".
        ("The answer was No. Then we left.", ["The answer was No.", "Then we left."]),
    ],
)
def test_sentence_ends(text: str, expected: list[str]) -> None:
    assert sentences(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Prices rose 3.5 per cent in the year.",
        "See e.g. the report on page four.",
        "It happened at 10 p.m. on Friday.",  # lower case after the dot: no new sentence
        "What next?he asked.",  # no space after the mark
        "The total was 1.234.567 euros.",
    ],
)
def test_single_sentence(text: str) -> None:
    assert sentences(text) == [text]


def test_sentence_spans_are_trimmed_and_in_text_coordinates() -> None:
    text = "Ignore this.   One here.  Two here.   Ignore that."
    start = text.index("One")
    end = text.index("Ignore that")
    spans = sentence_spans(text, start, end)
    assert [text[s:e] for s, e in spans] == ["One here.", "Two here."]
    assert all(start <= s < e <= end for s, e in spans)


@pytest.mark.parametrize("text", ["", "   ", "\n\n\t"])
def test_blank_text_has_no_sentences(text: str) -> None:
    assert sentence_spans(text) == []


def test_text_without_terminal_punctuation_is_one_sentence() -> None:
    assert sentences("  a headline with no full stop  ") == ["a headline with no full stop"]


# --- paragraphs ------------------------------------------------------------------------------


def test_lines_are_paragraphs_when_not_hard_wrapped() -> None:
    text = "First paragraph ends here.\nSecond one too.\n\nThird after a blank line.\n"
    assert [text[s:e] for s, e in paragraph_spans(text)] == [
        "First paragraph ends here.",
        "Second one too.",
        "Third after a blank line.",
    ]


def test_seed_paragraphs_are_its_lines(seed_text: str) -> None:
    lines = [line.strip() for line in seed_text.split("\n") if line.strip()]
    assert [seed_text[s:e] for s, e in paragraph_spans(seed_text)] == lines


def wrapped_article(paragraphs: list[list[str]], width: int = 70) -> str:
    """Paragraphs of sentences, hard-wrapped at `width` and separated by blank lines."""
    return "\n\n".join(textwrap.fill(" ".join(p), width=width) for p in paragraphs) + "\n"


HARD_WRAPPED_PARAGRAPHS = [
    [
        "The harbour bridge reopened to traffic on Friday morning after eight months of repairs.",
        "Engineers replaced the worn steel cables and resurfaced the whole deck of the bridge.",
        "The council said the work had finished two weeks ahead of the agreed schedule.",
    ],
    [
        "Local shop owners welcomed the news after what many called a very difficult winter.",
        "Many of them said trade had fallen by a third while the bridge was closed to cars.",
        "One baker said customers from the north shore had simply stopped coming at all.",
    ],
    [
        "The repairs cost twelve million pounds, paid partly by a national infrastructure grant.",
        "The council expects the bridge to last another forty years before more work is due.",
        "Cyclists will get a separate lane from next month, the transport officer confirmed.",
    ],
]


def test_hard_wrapped_paragraphs_are_blank_line_blocks() -> None:
    text = wrapped_article(HARD_WRAPPED_PARAGRAPHS)
    assert max(len(line) for line in text.split("\n")) <= 70
    paragraphs = [" ".join(text[s:e].split()) for s, e in paragraph_spans(text)]
    assert paragraphs == [" ".join(p) for p in HARD_WRAPPED_PARAGRAPHS]


@pytest.mark.parametrize("target", [10, 20, 35, 60, 100, 1000])
def test_hard_wrapped_text_is_not_cut_at_line_breaks(target: int) -> None:
    """Each passage of a hard-wrapped article is a run of whole sentences."""
    text = wrapped_article(HARD_WRAPPED_PARAGRAPHS)
    all_sentences = [s for p in HARD_WRAPPED_PARAGRAPHS for s in p]
    spans = split_passages(text, target)
    assert_valid_passages(text, spans)
    position = 0
    for start, end in spans:
        passage = " ".join(text[start:end].split())
        taken: list[str] = []
        while " ".join(taken) != passage:
            assert position < len(all_sentences) and len(" ".join(taken)) < len(passage), (
                f"passage {passage!r} does not end at a sentence end"
            )
            taken.append(all_sentences[position])
            position += 1
    assert position == len(all_sentences)


def test_hard_wrapped_text_with_large_target_keeps_paragraphs_whole() -> None:
    text = wrapped_article(HARD_WRAPPED_PARAGRAPHS)
    spans = split_passages(text, 1000)
    assert spans == [(paragraph_spans(text)[0][0], paragraph_spans(text)[-1][1])]


# --- passages --------------------------------------------------------------------------------


def test_seed_passages(seed_text: str) -> None:
    spans = split_passages(seed_text)
    assert_valid_passages(seed_text, spans)
    assert_no_sentence_cut(seed_text, spans)
    assert_size_bound(seed_text, spans, DEFAULT_PASSAGE_WORDS)
    assert len(spans) > 1
    assert all(seed_text[end - 1] in ".!?…”" for _, end in spans)
    quote = "I place great hopes on our young people"
    assert sum(quote in seed_text[s:e] for s, e in spans) == 1


def test_default_target() -> None:
    text = "\n\n".join(f"Paragraph number {i} has exactly seven words." for i in range(40))
    assert split_passages(text) == split_passages(text, DEFAULT_PASSAGE_WORDS)


def test_short_paragraphs_are_packed_up_to_the_target() -> None:
    paragraphs = [" ".join(["word"] * (5 + i % 11)) + "." for i in range(60)]
    text = "\n\n".join(paragraphs)
    target = 40
    spans = split_passages(text, target)
    assert_valid_passages(text, spans)
    sizes = [words(text, span) for span in spans]
    assert all(size <= target for size in sizes[:-1])
    assert sizes[-1] <= target * 3 // 2  # a short tail may be merged into the last passage
    # Packing is greedy: the next paragraph would not have fitted.
    para_words = [len(p.split()) for p in paragraphs]
    consumed = 0
    for size in sizes[:-1]:
        taken = 0
        while taken < size:
            taken += para_words[consumed]
            consumed += 1
        assert taken == size  # passages hold whole paragraphs
        assert size + para_words[consumed] > target


def test_target_is_configurable() -> None:
    paragraphs = [" ".join(["word"] * 8) + "." for _ in range(50)]
    text = "\n".join(paragraphs)
    counts = [len(split_passages(text, target)) for target in (8, 16, 40, 100, 400)]
    assert counts == [50, 25, 10, 4, 1]


def test_long_paragraph_is_split_between_sentences() -> None:
    sentence = "This sentence has exactly eight words in it."
    text = " ".join([sentence] * 30)  # one paragraph of 240 words
    spans = split_passages(text, 40)
    assert len(spans) == 6
    for start, end in spans:
        assert text[start:end] == " ".join([sentence] * 5)


def test_paragraph_slightly_over_target_stays_whole() -> None:
    """Up to 1.5 × target, a paragraph is not broken up: splitting it would gain little."""
    text = "Short intro here.\n\n" + " ".join(["Six words in this sentence here."] * 9)
    spans = split_passages(text, 40)  # the second paragraph has 54 words
    assert [text[s:e] for s, e in spans] == text.split("\n\n")


def test_sentence_longer_than_target_is_kept_whole() -> None:
    long_sentence = "Word " + " ".join(["word"] * 49) + "."
    text = (f"Before it. {long_sentence} After it. " * 2).strip()
    spans = split_passages(text, 10)
    assert_valid_passages(text, spans)
    assert_no_sentence_cut(text, spans)
    assert [text[s:e] for s, e in spans] == [
        "Before it.",
        long_sentence,
        "After it. Before it.",
        long_sentence,
        "After it.",
    ]


@pytest.mark.parametrize("text", ["", "   ", "\n\n\n", " \t\n "])
def test_blank_text_has_no_passages(text: str) -> None:
    assert split_passages(text) == []


@pytest.mark.parametrize("target", [0, -5, 1])
def test_tiny_or_invalid_target(target: int) -> None:
    text = "One two. Three four.\n\nFive six seven."
    spans = split_passages(text, target)
    assert_valid_passages(text, spans)
    assert_no_sentence_cut(text, spans)
    assert [text[s:e] for s, e in spans] == ["One two.", "Three four.", "Five six seven."]


# --- property tests --------------------------------------------------------------------------

_WORDS = st.one_of(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9),
    st.text(alphabet="абвгдежзийклмнопрстуфхцчшщыэюя", min_size=1, max_size=9),
    st.sampled_from(
        ["Mr.", "Dr.", "U.S.", "No. 10", "J. K.", "В. В.", "2010 г.", "4,000", "“Yes", "(so)", "—"]
    ),
)
_ENDINGS = st.sampled_from([".", "!", "?", "…", ".”", "?»", '."', ".)", "!!"])


@st.composite
def article_sentences(draw: st.DrawFn) -> str:
    head = draw(_WORDS).capitalize()
    rest = draw(st.lists(_WORDS, max_size=25))
    return " ".join([head, *rest]) + draw(_ENDINGS)


@st.composite
def article_texts(draw: st.DrawFn) -> str:
    """Sentences joined by spaces, newlines and blank lines; sometimes hard-wrapped."""
    parts = draw(st.lists(article_sentences(), min_size=1, max_size=40))
    separators = draw(
        st.lists(
            st.sampled_from([" ", " ", " ", "\n", "\n\n", "\n \n", "\n\n\n"]),
            min_size=len(parts),
            max_size=len(parts),
        )
    )
    text = "".join(p + s for p, s in zip(parts, separators, strict=True))
    if draw(st.booleans()):
        width = draw(st.integers(min_value=30, max_value=90))
        blocks = text.split("\n\n")
        text = "\n\n".join(textwrap.fill(block, width=width) for block in blocks)
    return draw(st.sampled_from(["", " ", "\n"])) + text


_TARGETS = st.integers(min_value=1, max_value=150)


@settings(max_examples=300, deadline=None)
@given(article_texts(), _TARGETS)
def test_article_passages_invariants(text: str, target: int) -> None:
    spans = split_passages(text, target)
    assert_valid_passages(text, spans)
    assert_no_sentence_cut(text, spans)
    assert_size_bound(text, spans, target)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.integers(min_value=-3, max_value=200))
def test_any_text_passages_invariants(text: str, target: int) -> None:
    spans = split_passages(text, target)
    assert_valid_passages(text, spans)
    assert_no_sentence_cut(text, spans)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?…\n\t”»«(\"'ГгNo1"), max_size=200))
def test_punctuation_heavy_text_passages_invariants(text: str) -> None:
    spans = split_passages(text, 5)
    assert_valid_passages(text, spans)
    assert_no_sentence_cut(text, spans)
    assert_size_bound(text, spans, 5)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_sentence_spans_are_trimmed_and_cover_the_text(text: str) -> None:
    assert_valid_passages(text, sentence_spans(text))


def test_passages_are_deterministic(seed_text: str) -> None:
    assert split_passages(seed_text, 37) == split_passages(seed_text, 37)
