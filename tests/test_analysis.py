"""Text analysis: the same index terms for an article and for a question about it."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbot.text import (
    DEFAULT_LANGUAGE,
    Analyzer,
    detect_language,
    normalise_language,
)
from newsbot.text.analyzer import MAX_TERM_CHARS
from newsbot.text.stopwords import ENGLISH, RUSSIAN
from newsbot.text.tokens import FORMAT_RANGES


@pytest.fixture(scope="module")
def analyzer() -> Analyzer:
    return Analyzer()


def same_terms(analyzer: Analyzer, *forms: str) -> None:
    """Every form analyses to the same single term."""
    terms = [analyzer.terms(form) for form in forms]
    assert all(len(t) == 1 for t in terms), terms
    assert len({t[0] for t in terms}) == 1, terms


# --- English normalisation -------------------------------------------------------------------


def test_case_folding(analyzer: Analyzer) -> None:
    same_terms(analyzer, "Election", "ELECTION", "election")


def test_nfkc_full_width_letters(analyzer: Analyzer) -> None:
    assert analyzer.terms("ＨＥＬＬＯ Ｗｏｒｌｄ") == analyzer.terms("hello world")
    assert analyzer.terms("ﬁnance") == analyzer.terms("finance")  # ligature


def test_curly_and_straight_apostrophes(analyzer: Analyzer) -> None:
    same_terms(analyzer, "country’s", "country's", "country", "Country")


def test_possessive(analyzer: Analyzer) -> None:
    assert analyzer.terms("youth's") == ["youth"]
    same_terms(analyzer, "youth’s", "Youth", "youth")


def test_apostrophe_inside_word_is_dropped(analyzer: Analyzer) -> None:
    assert analyzer.terms("O'Brien") == ["obrien"]
    assert analyzer.terms("O’Brien") == ["obrien"]


def test_hyphenated_words_split(analyzer: Analyzer) -> None:
    assert analyzer.terms("high-speed") == ["high", "speed"]
    assert analyzer.terms("high-speed") == analyzer.terms("high speed")


def test_accents_folded_for_latin_script(analyzer: Analyzer) -> None:
    same_terms(analyzer, "café", "cafe", "CAFÉ")
    same_terms(analyzer, "Zürich", "Zurich")
    # Decomposed form (e + combining acute) is the same word too.
    same_terms(analyzer, "cafe\u0301", "café")


def test_stop_words_removed(analyzer: Analyzer) -> None:
    assert analyzer.terms("The president of the party and all of its members") == [
        analyzer.terms("president")[0],
        analyzer.terms("party")[0],
        analyzer.terms("members")[0],
    ]
    assert analyzer.terms("I'm sure they're not") == analyzer.terms("sure")
    assert analyzer.terms("the and of to a") == []


def test_single_ascii_letters_are_dropped(analyzer: Analyzer) -> None:
    assert analyzer.terms("x y z e-mail") == ["mail"]


def test_stemming(analyzer: Analyzer) -> None:
    same_terms(analyzer, "employment", "employed", "employ")
    same_terms(analyzer, "elections", "election")
    same_terms(analyzer, "running", "run")


def test_overlong_words_have_no_term(analyzer: Analyzer) -> None:
    assert analyzer.terms("x" * (MAX_TERM_CHARS + 1)) == []
    assert analyzer.terms("x" * MAX_TERM_CHARS) == ["x" * MAX_TERM_CHARS]


def test_dotted_abbreviations(analyzer: Analyzer) -> None:
    assert analyzer.terms("U.S.") == ["us"]
    assert analyzer.terms("the U.S. economy") == ["us", analyzer.terms("economy")[0]]


# --- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("4 million", ["4", "million"]),
        ("2030", ["2030"]),
        ("$1.13bn", ["1.13", "billion"]),
        ("1.13 bn", ["1.13", "billion"]),
        ("£600m", ["600", "million"]),
        ("£600M", ["600", "million"]),
        ("50k", ["50", "thousand"]),
        ("4,000", ["4000"]),
        ("2,000,000", ["2000000"]),
        ("8,1 млн", ["8.1", "миллион"]),
        ("3 млрд", ["3", "миллиард"]),
        ("76%", ["76"]),
    ],
)
def test_numbers(analyzer: Analyzer, text: str, expected: list[str]) -> None:
    assert analyzer.terms(text) == expected


def test_spelled_quantity_matches_abbreviation(analyzer: Analyzer) -> None:
    assert analyzer.terms("$1.13bn") == analyzer.terms("1.13 billion")
    assert analyzer.terms("£600m") == analyzer.terms("600 million")


def test_quantity_suffix_only_when_glued_to_a_number(analyzer: Analyzer) -> None:
    """A lone "m" or "k" is a letter, not "million" or "thousand"."""
    assert analyzer.terms("10 m") == ["10"]
    assert analyzer.terms("Plan k") == analyzer.terms("plan")


# --- Russian ---------------------------------------------------------------------------------


def test_russian_stop_words(analyzer: Analyzer) -> None:
    assert analyzer.terms("и в не что он на я с") == []
    assert analyzer.terms("Президент и народ") == [
        analyzer.terms("президент")[0],
        analyzer.terms("народ")[0],
    ]


def test_russian_stemming(analyzer: Analyzer) -> None:
    same_terms(analyzer, "президента", "президент", "Президенту", "ПРЕЗИДЕНТОМ")
    same_terms(analyzer, "выборы", "выборов")


def test_russian_yo_folded(analyzer: Analyzer) -> None:
    same_terms(analyzer, "актёр", "актер")
    same_terms(analyzer, "Ёлка", "елка")
    assert analyzer.terms("ещё") == analyzer.terms("еще") == []  # a stop word either way


def test_russian_accents_are_not_stripped(analyzer: Analyzer) -> None:
    """ "й" decomposes to "и" + breve in NFD; it must stay a distinct letter."""
    assert analyzer.terms("война") == ["войн"]
    assert analyzer.terms("воина") == ["воин"]
    assert analyzer.terms("йод") == ["йод"]


def test_mixed_script_words_stem_by_script() -> None:
    ru = Analyzer("ru")
    assert ru.language == "ru"
    assert ru.terms("Google и Яндекс running") == ["googl", "яндекс", "run"]


def test_stop_word_lists_are_normalised() -> None:
    """Lists are compared with folded words, so they must hold no "ё" or apostrophe."""
    assert not any("ё" in word for word in RUSSIAN)
    assert not any("'" in word or word != word.casefold() for word in ENGLISH)


def test_unknown_language_falls_back_to_default() -> None:
    assert Analyzer("xx").language == DEFAULT_LANGUAGE
    assert Analyzer("xx").terms("running") == Analyzer().terms("running")


def test_other_latin_language_uses_its_stemmer() -> None:
    assert Analyzer("de").terms("Häuser") == ["haus"]


# --- offsets ---------------------------------------------------------------------------------


def test_token_offsets_point_at_surface_words(analyzer: Analyzer) -> None:
    text = "The country’s youth: $1.13bn, £600m and «8,1 млн» for café-owners."
    surfaces = [text[t.start : t.end] for t in analyzer.tokens(text)]
    assert surfaces == [
        "The",
        "country’s",
        "youth",
        "1.13",
        "bn",
        "600",
        "m",
        "and",
        "8,1",
        "млн",
        "for",
        "café",
        "owners",
    ]


def test_stop_words_keep_their_token(analyzer: Analyzer) -> None:
    tokens = list(analyzer.tokens("the youth"))
    assert [(t.start, t.end, t.term) for t in tokens] == [(0, 3, None), (4, 9, "youth")]


def test_offsets_survive_nfkc_changes(analyzer: Analyzer) -> None:
    """Offsets refer to the original text, even where normalisation changes the length."""
    text = "ﬁnance ＨＥＬＬＯ Straße"
    tokens = list(analyzer.tokens(text))
    assert [text[t.start : t.end] for t in tokens] == ["ﬁnance", "ＨＥＬＬＯ", "Straße"]
    assert [t.term for t in tokens] == analyzer.terms("finance hello strasse")


def test_terms_match_tokens(analyzer: Analyzer) -> None:
    text = "The President met the youth wing of the party in 2019."
    assert analyzer.terms(text) == [t.term for t in analyzer.tokens(text) if t.term is not None]


# --- language detection and names ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Президент Казахстана встретился с молодёжью.", "ru"),
        ("Google и Яндекс объявили о партнёрстве", "ru"),
        ("The President met the youth wing.", "en"),
        ("Der Präsident traf die Jugend.", "en"),  # not Cyrillic: the default
        ("", "en"),
        ("12345 !!!", "en"),
        ("Nazarbayev said «Казахстан»", "en"),  # more Latin letters than Cyrillic
    ],
)
def test_detect_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_detect_language_looks_at_a_sample() -> None:
    text = "Привет " * 10 + "hello " * 10_000
    assert detect_language(text, sample=50) == "ru"
    assert detect_language(text) == "en"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("en", "en"),
        ("en-GB", "en"),
        ("EN_us", "en"),
        ("ru_RU", "ru"),
        ("Russian", "ru"),
        ("english", "en"),
        (" de ", "de"),
        ("klingon", None),
        ("xx-YY", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_language(value: str | None, expected: str | None) -> None:
    assert normalise_language(value) == expected


# --- hostile input ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\x00\x00\x00",
        "nul\x00inside\x00words",
        "\x01\x02\x1b[31mred\x1b[0m\x7f",
        "🎉🎉 party 👩‍👩‍👧 time 🇰🇿",
        "!!! ... ??? --- *** ///",
        "\u200b\u200d\ufeff zero width",
        "\ud7ff\ue000\uffff",
        "̀́̂ combining marks first",
        "日本語のテキスト 한국어 中文",
        "ͺͺ ͺ",
    ],
)
def test_hostile_input_does_not_raise(analyzer: Analyzer, text: str) -> None:
    for token in analyzer.tokens(text):
        assert 0 <= token.start < token.end <= len(text)
    assert isinstance(analyzer.terms(text), list)


def test_hostile_input_keeps_real_words(analyzer: Analyzer) -> None:
    assert analyzer.terms("nul\x00inside\x00words") == analyzer.terms("nul inside words")
    assert analyzer.terms("🎉 party 🎉") == analyzer.terms("party")
    assert analyzer.terms("!!! ... ???") == []


def test_very_long_input(analyzer: Analyzer) -> None:
    text = ("The youth of Kazakhstan, 4 million people. " * 2500)[:100_000]
    assert len(text) == 100_000
    terms = analyzer.terms(text)
    assert len(terms) > 10_000
    assert set(terms) == set(analyzer.terms("youth kazakhstan 4 million people"))


def test_one_huge_word(analyzer: Analyzer) -> None:
    assert analyzer.terms("a" * 100_000) == []


def test_cache_does_not_change_results() -> None:
    """A warm analyzer gives the same terms as a fresh one."""
    text = "Employment of the youth’s employed country’s citizens, президента и президент."
    warm = Analyzer()
    first = warm.terms(text)
    assert warm.terms(text) == first == Analyzer().terms(text)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_gives_valid_tokens(text: str) -> None:
    analyzer = Analyzer()
    tokens = list(analyzer.tokens(text))
    previous_end = 0
    for token in tokens:
        assert 0 <= token.start < token.end <= len(text)
        assert token.start >= previous_end  # in order, not overlapping
        assert text[token.start : token.end].strip() != ""
        assert token.term is None or (isinstance(token.term, str) and token.term != "")
        previous_end = token.end
    assert analyzer.terms(text) == [t.term for t in tokens if t.term is not None]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["the", "Youth", "country’s", "4,000", "£600m", "президента"])))
def test_analysis_is_token_local(words: list[str]) -> None:
    """Joining words with spaces gives the concatenation of each word's terms."""
    analyzer = Analyzer()
    expected = [term for word in words for term in analyzer.terms(word)]
    assert analyzer.terms(" ".join(words)) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.text(max_size=400) | st.from_regex(r"[\d $£.,a-zA-Z\u0400-\u04ff'’-]{0,200}", fullmatch=True)
)
def test_fast_terms_path_equals_the_token_path(text: str) -> None:
    """`terms` (one findall and a cache) must give exactly what `tokens` gives, in order."""
    analyzer = Analyzer()
    expected = [token.term for token in analyzer.tokens(text) if token.term is not None]
    assert analyzer.terms(text) == expected
    assert analyzer.terms(text) == expected  # and again, from the warm cache


# --- the word as typed: format characters, acronyms, names with "&", "100m" --------------------


def test_format_ranges_are_unicodes_format_characters() -> None:
    """`FORMAT_RANGES` (which the C run coder repeats) holds every format character of this
    Python's Unicode, and nothing but format characters or code points not yet assigned."""
    listed = {code for low, high in FORMAT_RANGES for code in range(low, high + 1)}
    every = {code for code in range(0x110000) if unicodedata.category(chr(code)) == "Cf"}
    assert every <= listed
    assert all(unicodedata.category(chr(code)) in ("Cf", "Cn") for code in listed)


@pytest.mark.parametrize("invisible", ["\u200b", "\u00ad", "\u200d", "\u2060", "\ufeff", "\u200e"])
def test_format_characters_never_split_a_word(analyzer: Analyzer, invisible: str) -> None:
    text = f"Roger Fe{invisible}derer won"
    assert analyzer.terms(text) == analyzer.terms("Roger Federer won")
    tokens = [t for t in analyzer.tokens(text) if t.term == "feder"]
    assert [text[t.start : t.end] for t in tokens] == [f"Fe{invisible}derer"]  # the word whole
    assert analyzer.terms(f"e{invisible}.{invisible}g.") == analyzer.terms("e.g.")


def test_acronyms_in_capitals_keep_a_term(analyzer: Analyzer) -> None:
    assert analyzer.terms("US") == analyzer.terms("U.S.") == ["us"]
    assert analyzer.terms("the US's plans") == ["us", "plan"]
    assert analyzer.terms("IT firms") == ["it", "firm"]
    assert analyzer.terms("WHO") == ["who"] and analyzer.terms("AM radio") == ["am", "radio"]
    # The pronouns, and capitalised words, stay stop words: the term "us" is the country only.
    assert analyzer.terms("tell us it, who am I") == analyzer.terms("tell")
    assert analyzer.terms("Us and It") == []
    # Capitals that spell no stop word are analysed as before; so are longer words in capitals.
    assert analyzer.terms("UK BBC EU") == analyzer.terms("uk bbc eu")
    assert analyzer.terms("ABOUTS") == analyzer.terms("abouts")


def test_a_stretch_of_capitals_is_read_as_lower_case(analyzer: Analyzer) -> None:
    """Three words in capitals in a row (with no lower-case word between) are a headline or
    shouting, not acronyms: "WHO WAS OSCAR?" has none, "the US, UK and EU" three."""
    assert analyzer.terms("WHO WAS OSCAR? The Academy") == analyzer.terms("who was oscar academy")
    assert analyzer.terms("WHAT DID THE US SAY ABOUT IRAN") == analyzer.terms("say iran")
    assert analyzer.terms("the US, UK and EU") == ["us", "uk", "eu"]
    assert analyzer.terms("the US and the UK in 2005") == ["us", "uk", "2005"]
    time_1963 = "THE ALLIES AFTER NASSAU IN DECEMBER 1960, THE U.S . FIRST PROPOSED TO HELP NATO"
    assert analyzer.terms(time_1963) == analyzer.terms(time_1963.lower())


@settings(max_examples=200, deadline=None)
@given(st.lists(st.from_regex(r"[a-z]{1,8}", fullmatch=True), min_size=3, max_size=12))
def test_text_all_in_capitals_has_the_terms_of_its_lower_case(words: list[str]) -> None:
    analyzer = Analyzer()
    text = " ".join(words)
    assert analyzer.terms(text.upper()) == analyzer.terms(text)
    tokens = [token.term for token in analyzer.tokens(text.upper())]
    assert [term for term in tokens if term is not None] == analyzer.terms(text)


def test_names_with_an_ampersand_are_one_term(analyzer: Analyzer) -> None:
    assert analyzer.terms("M&S prices") == ["m&s", "price"]
    assert analyzer.terms("AT&T's deal") == ["at&t", "deal"]
    assert analyzer.terms("P&O, S&P and R&D") == ["p&o", "s&p", "r&d"]
    assert analyzer.terms("m&s") == analyzer.terms("M&S")
    # Long words joined by "&" stay words, as written apart; a spaced "&" joins nothing.
    assert analyzer.terms("Procter&Gamble") == analyzer.terms("Procter & Gamble")
    assert analyzer.terms("M & S") == []


def test_a_bare_100m_is_ambiguous_and_money_is_million(analyzer: Analyzer) -> None:
    assert analyzer.terms("the 100m final") == ["100", "m", "final"]
    assert analyzer.terms("14m viewers") == ["14", "m", "viewer"]
    for money in ("£100m", "$100m", "€100M", "¥100m"):
        assert analyzer.terms(money) == analyzer.terms("100 million"), money
    assert analyzer.terms("US$5m") == ["us", "5", "million"]
    assert analyzer.terms("100 metres") == ["100", analyzer.terms("metres")[0]]
    text = "the 100m final"
    assert [(text[t.start : t.end], t.term) for t in analyzer.tokens(text)][1:3] == [
        ("100", "100"),
        ("m", "m"),
    ]


@settings(max_examples=300, deadline=None)
@given(st.from_regex(r"[a-z]{1,12}|[а-яё]{1,12}|[a-zA-Z0-9&.'’]{1,12}", fullmatch=True) | st.text())
def test_word_terms_are_run_terms(word: str) -> None:
    """Spelling's fast path gives the terms the tokenizing path gives."""
    analyzer = Analyzer()
    terms = analyzer.run_terms(word)
    assert analyzer.word_terms([word]) == [terms[0] if len(terms) == 1 else None]
