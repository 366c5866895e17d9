"""Question analysis: which words are searched for, with what weight, and whom a question asks
about. On the seed article, on a small newsroom written here (names, word families and typos
that the seed article does not have), and on the BBC corpus when ../shared is present."""

from __future__ import annotations

import pytest

from newsbot.answering.pipeline import Answerer
from newsbot.answering.question import (
    GUESSES,
    PRONOUNS,
    QUESTION_WORDS,
    Question,
    QuestionSettings,
    WeightedTerm,
    analyse_question,
)
from newsbot.answering.spelling import (
    FUNCTION_WORDS,
    MIN_LENGTH,
    corpus_misspellings,
    edit_distance,
    function_word,
    sound_key,
    split_compound,
    suggest,
)
from newsbot.app.library import open_index
from newsbot.index.news_index import NewsIndex
from newsbot.text.stopwords import ENGLISH
from newsbot.text.variants import variants_of
from tests.conftest import index_of, needs_shared, shared

BBC = ("bbc-news", "bbc-news.jsonl")

# Short articles with the names and words of the public question set. "youth" and "Mourinho"
# are each in two articles, so that they can be offered as corrections (a correction must be a
# word of at least two articles).
NEWSROOM = {
    "robson.txt": """Robson says Mourinho must learn to lose

Sir Bobby Robson said Jose Mourinho would have to learn how to lose. "Sometimes you have to have
a bit of humility and learn how to lose," Robson said.
""",
    "chelsea.txt": """Mourinho praises Chelsea youth team

Jose Mourinho said the youth team had impressed him this season. Young players trained with the
first team all week, and two of them may play on Saturday.
""",
    "howard.txt": """Howard attacks house arrest plans

Michael Howard said ministers should not decide who is put under house arrest. "Judges must
decide," Mr Howard said.
""",
    "jobs.txt": """Employment reaches a record high

Employment rose again and unemployment fell to its lowest level, official figures showed. The
number of jobless people dropped, and youth unemployment fell too. Firms added 90,000 jobs.
""",
    "housing.txt": """Nationwide sees no housing crash

Nationwide's chief economist said fears of a housing crash were overdone. The economy is strong
and house prices rose by 2% in March.
""",
    "putin.txt": """Путин прокомментировал выборы

Владимир Путин сказал, что выборы прошли спокойно. «Люди пришли голосовать», — сказал Путин.
""",
}


@pytest.fixture(scope="module")
def newsroom(tmp_path_factory: pytest.TempPathFactory) -> NewsIndex:
    return index_of(tmp_path_factory, NEWSROOM)


@pytest.fixture(scope="module")
def bbc(tmp_path_factory: pytest.TempPathFactory) -> NewsIndex:
    return open_index(shared(*BBC), tmp_path_factory.mktemp("ix")).index


def sources(question: Question) -> dict[str, set[str]]:
    """source → the terms from it."""
    found: dict[str, set[str]] = {}
    for item in question.terms:
        found.setdefault(item.source, set()).add(item.term)
    return found


# --- What is not a search term ------------------------------------------------------------------


def test_question_words_pronouns_and_filler_are_not_search_terms(seed: NewsIndex) -> None:
    question = analyse_question("What did he say about youth?", seed)
    assert question.own_terms == ("youth",)
    assert question.speech
    assert question.speaker_is_pronoun
    assert question.speaker is None
    assert question.unknown == ()


@pytest.mark.parametrize("word", sorted(QUESTION_WORDS | PRONOUNS))
def test_no_question_word_or_pronoun_is_ever_searched(seed: NewsIndex, word: str) -> None:
    question = analyse_question(f"{word} youth", seed)
    assert question.own_terms == ("youth",)
    assert question.unknown == ()


@pytest.mark.parametrize(
    "text",
    [
        "Please tell me what happened with the youth?",
        "hey, what's the latest news about youth",
        "Скажите, пожалуйста, что говорили про youth",
        "So what exactly did they say about the youth?",
        "how are the youth doing these days",
        "What about youth right now?",
        "Что сейчас с youth в наши дни",
    ],
)
def test_filler_around_the_topic_is_dropped(seed: NewsIndex, text: str) -> None:
    question = analyse_question(text, seed)
    assert question.own_terms == ("youth",)
    assert question.unknown == ()


def test_a_question_of_only_question_words_has_nothing_to_search(seed: NewsIndex) -> None:
    question = analyse_question("What is it? Who said that?", seed)
    assert question.terms == ()
    assert question.unknown == ()


# --- Speech questions ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("what did bobby robson say about mourihno having to learn about losing", "bobby robson"),
        (
            "What did Michael Howard say about ministers rather than judges deciding who gets put "
            "under house arrest?",
            "Michael Howard",
        ),
        # A role stays a description, without its article.
        (
            "what did the lib dem treasury spokesman say about trusting the chancellor's figures",
            "lib dem treasury spokesman",
        ),
        # The possessive is dropped ("Nationwide's economist" → "Nationwide economist").
        (
            "What did Nationwide's economist say about fears of a housing crash?",
            "Nationwide economist",
        ),
        (
            "What did Nationwide’s economist say about fears of a housing crash?",
            "Nationwide economist",
        ),
        ("What did Stam say about Manchester United selling him?", "Stam"),
        ("what did clapton say about buddy guy at the hall of fame", "clapton"),
        ("how did Nazarbayev react to the election", "Nazarbayev"),
        ("What has the Prime Minister said about the war?", "Prime Minister"),
        ("Что сказал Путин о выборах", "Путин"),
        ("что Путин сказал о выборах", "Путин"),
        ("что сказала тулси габбард о байдене", "тулси габбард"),
        ("Как Людмила Нарусова прокомментировала закон", "Людмила Нарусова"),
        # Explaining, admitting, promising … are speech too.
        ("how did the minister explain the delay", "minister"),
        ("What did Blair admit about the war?", "Blair"),
        ("what has Brown promised on tax", "Brown"),
        ("как Уэнтуорт Миллер объяснил, почему не поедет на кинофестиваль", "Уэнтуорт Миллер"),
        ("что пообещал мэр о ремонте дорог", "мэр"),
        # With the verb first, the speaker ends where a clause or a place begins.
        ("Что сказал Путин, когда приехал в Минск?", "Путин"),
        ("Что сказала Анджелина Джоли после операции?", "Анджелина Джоли"),
        ("Что сказал министр финансов в Думе?", "министр финансов"),
    ],
)
def test_speech_questions_name_their_speaker(seed: NewsIndex, text: str, speaker: str) -> None:
    question = analyse_question(text, seed)
    assert question.speech
    assert question.speaker == speaker
    assert not question.speaker_is_pronoun


@pytest.mark.parametrize(
    "text",
    [
        "What did she say about the election?",
        "what do they think of the program",
        "Что он сказал о выборах?",
        "что сказала она про молодёжь",
    ],
)
def test_a_pronoun_speaker_is_no_name(seed: NewsIndex, text: str) -> None:
    question = analyse_question(text, seed)
    assert question.speech
    assert question.speaker_is_pronoun
    assert question.speaker is None
    assert "speaker" not in sources(question)


@pytest.mark.parametrize(
    "text",
    [
        "what's the name of the windows virus that installs tetris on your pc",
        "what was found on the buses of anti-war protesters stopped near fairford",
        "how many scots were killed in the asian tsunami",
        "how tall is honda's humanoid these days",
        "When does the Nintendo Wii go on sale in Europe?",
        "youth education independence",
        "сколько получит телеведущая, которую маньяк тайком заснял нагишом в гостинице?",
        "с какой скоростью Фрэнки Запата собирался лететь через Ла-Манш",
    ],
)
def test_other_questions_are_not_speech(seed: NewsIndex, text: str) -> None:
    question = analyse_question(text, seed)
    assert not question.speech
    assert question.speaker is None
    assert not question.speaker_is_pronoun
    assert "speaker" not in sources(question)


@pytest.mark.parametrize("text", ["What is the windows virus called?", "what was the film called"])
def test_asking_for_a_name_is_not_speech(seed: NewsIndex, text: str) -> None:
    question = analyse_question(text, seed)
    assert not question.speech
    assert question.speaker is None


def test_speaker_words_are_search_terms(newsroom: NewsIndex) -> None:
    question = analyse_question(
        "what did bobby robson say about mourinho having to learn about losing", newsroom
    )
    assert question.speaker == "bobby robson"
    speaker_terms = [item for item in question.terms if item.source == "speaker"]
    assert speaker_terms == [
        WeightedTerm("bobbi", 1.0, "speaker"),
        WeightedTerm("robson", 1.0, "speaker"),
    ]
    assert question.own_terms[:2] == ("bobbi", "robson")
    assert {"mourinho", "learn", "lose"} <= sources(question)["question"]


def test_possessive_speaker_and_its_terms(newsroom: NewsIndex) -> None:
    question = analyse_question(
        "What did Nationwide's economist say about fears of a housing crash?", newsroom
    )
    assert question.speaker == "Nationwide economist"
    assert sources(question)["speaker"] == {"nationwid", "economist"}
    # Variants come from the topic only: "economist" as a speaker does not bring "economy",
    # although the corpus has it.
    assert newsroom.term_id("economi") is not None
    assert "economi" not in question.weights()
    assert "economi" in variants_of("economist", newsroom.analyzer)


def test_russian_speaker_words_are_search_terms(newsroom: NewsIndex) -> None:
    question = analyse_question("Что сказал Путин о выборах", newsroom)
    assert question.speaker == "Путин"
    assert [item for item in question.terms if item.source == "speaker"] == [
        WeightedTerm("путин", 1.0, "speaker")
    ]
    assert sources(question)["question"] == {"выбор"}


# --- Variants -----------------------------------------------------------------------------------


def test_youth_brings_young_below_the_users_own_word(seed: NewsIndex) -> None:
    settings = QuestionSettings()
    assert 0 < settings.variant_weight < 1
    question = analyse_question("youth", seed)
    assert question.terms == (
        WeightedTerm("youth", 1.0, "question"),
        WeightedTerm("young", settings.variant_weight, "variant"),
    )
    assert question.own_terms == ("youth",)  # variants are not shown as the user's words


def test_a_variant_the_user_wrote_stays_the_users_word(seed: NewsIndex) -> None:
    question = analyse_question("youth and young people", seed)
    assert [item.term for item in question.terms].count("young") == 1
    assert question.weights()["young"] == 1.0
    assert "variant" not in sources(question)


def test_jobs_brings_employment(newsroom: NewsIndex) -> None:
    settings = QuestionSettings()
    question = analyse_question("jobs", newsroom)
    variants = {item.term: item.weight for item in question.terms if item.source == "variant"}
    assert variants == dict.fromkeys(("employ", "unemploy", "jobless"), settings.variant_weight)


def test_only_variants_the_corpus_knows_are_searched(newsroom: NewsIndex) -> None:
    family = variants_of("youth", newsroom.analyzer)
    assert {"young", "teenag"} <= family
    assert newsroom.term_id("teenag") is None
    question = analyse_question("youth", newsroom)
    assert sources(question)["variant"] == {"young"}


def test_variants_never_duplicate_terms(newsroom: NewsIndex) -> None:
    question = analyse_question("youth jobs young employment teenagers unemployment", newsroom)
    terms = [item.term for item in question.terms]
    assert len(terms) == len(set(terms))
    own = set(question.own_terms)
    assert all(item.term not in own for item in question.terms if item.source == "variant")


def test_weights_sum_a_repeated_word(seed: NewsIndex) -> None:
    assert analyse_question("youth youth", seed).weights() == {
        "youth": 2.0,
        "young": QuestionSettings().variant_weight,
    }


def test_variant_weight_setting_is_used(seed: NewsIndex) -> None:
    question = analyse_question("youth", seed, QuestionSettings(variant_weight=0.5))
    assert WeightedTerm("young", 0.5, "variant") in question.terms


def test_variant_weight_zero_adds_no_variants(seed: NewsIndex) -> None:
    question = analyse_question("youth", seed, QuestionSettings(variant_weight=0))
    assert question.terms == (WeightedTerm("youth", 1.0, "question"),)


# --- Unknown words and spelling -----------------------------------------------------------------


def test_unknown_words_are_reported_once_each(seed: NewsIndex) -> None:
    question = analyse_question("youth xyzzyplugh, xyzzyplugh and frobnitz", seed)
    assert question.unknown == ("xyzzyplugh", "frobnitz")
    assert question.own_terms == ("youth",)
    assert question.suggestions == ()


def test_unknown_speaker_words_are_unknown_too(seed: NewsIndex) -> None:
    question = analyse_question("What did Elon Musk say about Twitter?", seed)
    assert question.speaker == "Elon Musk"
    assert question.unknown == ("Elon", "Musk", "Twitter")
    assert question.terms == ()


def test_misspelt_word_is_corrected_from_the_corpus(newsroom: NewsIndex) -> None:
    settings = QuestionSettings()
    question = analyse_question("yuoth unemployment", newsroom)
    assert question.suggestions == (("yuoth", "youth"),)
    assert WeightedTerm("youth", settings.spelling_weight, "spelling") in question.terms
    assert question.unknown == ()
    assert question.own_terms == ("unemploy",)  # a correction is not the user's own word


def test_misspelt_name_of_the_public_question_is_corrected(newsroom: NewsIndex) -> None:
    question = analyse_question(
        "what did bobby robson say about mourihno having to learn about losing", newsroom
    )
    assert question.suggestions == (("mourihno", "mourinho"),)
    assert WeightedTerm("mourinho", QuestionSettings().spelling_weight, "spelling") in (
        question.terms
    )


def test_spelling_weight_setting_is_used(newsroom: NewsIndex) -> None:
    question = analyse_question("yuoth", newsroom, QuestionSettings(spelling_weight=0.3))
    assert question.terms == (WeightedTerm("youth", 0.3, "spelling"),)


def test_a_correction_must_be_a_word_of_two_articles(seed: NewsIndex) -> None:
    """The seed corpus is one article, so it never offers a correction, even for "yuoth"."""
    assert seed.article_count == 1
    question = analyse_question("yuoth", seed)
    assert question.suggestions == ()
    assert question.unknown == ("yuoth",)


@pytest.mark.parametrize("word", ["yuth", "yoth", "jbos"])
def test_short_unknown_words_get_no_suggestion(newsroom: NewsIndex, word: str) -> None:
    assert len(word) < MIN_LENGTH
    question = analyse_question(word, newsroom)
    assert question.suggestions == ()
    assert question.unknown == (word,)


def test_suggest_needs_a_close_known_word(newsroom: NewsIndex) -> None:
    analyzer = newsroom.analyzer
    correction = suggest("yuoth", analyzer.terms("yuoth")[0], newsroom.vocabulary)
    assert correction is not None
    assert (correction.term, correction.surface, correction.distance) == ("youth", "youth", 1)
    assert suggest("xyzzyplugh", "xyzzyplugh", newsroom.vocabulary) is None
    assert suggest("12345", "12345", newsroom.vocabulary) is None


# --- Compounds ----------------------------------------------------------------------------------


def test_compound_of_words_that_occur_together_is_split(seed: NewsIndex) -> None:
    # "election campaign" is written in the seed article's third passage.
    assert seed.vocabulary.cooccur("elect", "campaign")
    assert split_compound("electioncampaign", seed.vocabulary) == ("elect", "campaign")
    question = analyse_question("electioncampaign", seed)
    assert question.terms == (
        WeightedTerm("elect", 1.0, "question"),
        WeightedTerm("campaign", 1.0, "question"),
    )
    assert question.unknown == ()


def test_compound_of_words_never_together_is_not_split(seed: NewsIndex) -> None:
    # Both are words of the seed article, in different passages.
    assert seed.term_id("flagman") is not None and seed.term_id("interethn") is not None
    assert not seed.vocabulary.cooccur("interethn", "flagman")
    assert split_compound("interethnicflagman", seed.vocabulary) is None
    assert split_compound("xyzzyplugh", seed.vocabulary) is None
    assert analyse_question("xyzzyplugh", seed).unknown == ("xyzzyplugh",)


def test_compound_parts_are_words_of_four_letters_or_more(seed: NewsIndex) -> None:
    assert split_compound("teamwork", seed.vocabulary) == ("team", "work")
    # "job" and "work" are both in the seed article, in one passage, but "job" is too short to
    # be split off: at three letters almost anything ends or starts with some word.
    assert seed.vocabulary.cooccur("job", "work")
    assert split_compound("jobwork", seed.vocabulary) is None
    assert split_compound("party2030", seed.vocabulary) is None
    assert split_compound("youth", seed.vocabulary) is None


# --- Edit distance ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("left", "right", "limit", "distance"),
    [
        ("youth", "youth", 2, 0),
        ("yuoth", "youth", 2, 1),  # a transposition is one edit
        ("mourihno", "mourinho", 2, 1),
        ("youth", "yout", 2, 1),
        ("youth", "yoouth", 2, 1),
        ("youth", "mouth", 2, 1),
        ("kitten", "sitting", 5, 3),
        ("ca", "abc", 5, 3),  # optimal string alignment: no edit of a transposed pair
        ("", "abc", 5, 3),
        ("abc", "", 5, 3),
    ],
)
def test_edit_distance(left: str, right: str, limit: int, distance: int) -> None:
    assert edit_distance(left, right, limit) == distance
    assert edit_distance(right, left, limit) == distance


@pytest.mark.parametrize(
    ("left", "right", "limit"),
    [("abcdef", "uvwxyz", 1), ("kitten", "sitting", 2), ("youth", "elections", 2)],
)
def test_edit_distance_gives_up_past_the_limit(left: str, right: str, limit: int) -> None:
    assert edit_distance(left, right, limit) == limit + 1


# --- Misspellings in the corpus ------------------------------------------------------------------

# Three articles spell "Sheffield" right and one does not; "wine" is a word of two articles, one
# slip away from "wining" (a slip of "winning"), and must not be taken for a misspelling.
TRACK = {
    "indoor.txt": "McIlroy wins indoor title\n\nJames McIlroy won the 800m title in Sheffied in a "
    "time of one minute, 47.97 seconds.\n",
    "grand_prix.txt": "Holmes runs in Sheffield\n\nKelly Holmes will race at the Sheffield "
    "grand prix next month.\n",
    "trials.txt": "Trials set for Sheffield\n\nThe indoor trials return to Sheffield in "
    "February, organisers said.\n",
    "arena.txt": "Sheffield arena reopens\n\nThe Sheffield arena reopens after repairs to its "
    "roof.\n",
    "vineyard.txt": "Wine sales grow\n\nSales of English wine grew again, and winning "
    "vineyards won awards.\n",
    "cellar.txt": "Old wine fetches record\n\nA bottle of old wine fetched a record price.\n",
    # "offs" stems to "off", as does "offeing", a slip of "offering": yet "offs" is no slip.
    "bid.txt": "Club makes offer\n\nThe club made an offer for the striker.\n",
    "rejected.txt": "Offer rejected\n\nThe board rejected the offer on Friday.\n",
    "playoffs.txt": "Play offs set\n\nThe play offs start in May.\n",
    # Other news, so that a word of three articles is not a word of half the corpus (BM25Okapi
    # gives such words no weight at all).
    **{
        f"other{number}.txt": f"Council budget {number}\n\nThe council set its budget for year "
        f"{number}, with more for schools and roads.\n"
        for number in range(8)
    },
}


@pytest.fixture(scope="module")
def track(tmp_path_factory: pytest.TempPathFactory) -> NewsIndex:
    return index_of(tmp_path_factory, TRACK)


def test_a_misspelling_in_the_corpus_is_searched_with_the_word(track: NewsIndex) -> None:
    question = analyse_question("what was mcilroy's winning time in sheffield", track)
    slips = [item for item in question.terms if item.source == "misspelling"]
    assert [item.term for item in slips] == ["sheffi"]  # "Sheffied", as the analyzer stems it
    # Weighted to carry the word's information, not the one-article slip's much larger idf.
    assert slips[0].weight * track.idf("sheffi") == pytest.approx(track.idf("sheffield"))
    assert question.own_terms == ("mcilroy", "win", "time", "sheffield")


def test_a_word_one_slip_from_another_common_word_is_not_a_misspelling(track: NewsIndex) -> None:
    """ "wining" is a slip of "winning", but "wine" is a word of two articles here, as common
    as "win": not a misspelling of it."""
    assert track.document_frequency("wine") == 2
    assert corpus_misspellings("winning", "win", track.vocabulary) == ()


def test_a_rare_word_that_only_stems_like_a_slip_is_not_a_misspelling(track: NewsIndex) -> None:
    assert track.analyzer.terms("offeing") == track.analyzer.terms("offs") == ["off"]
    assert track.document_frequency("off") == 1
    assert corpus_misspellings("offering", "offer", track.vocabulary) == ()


def test_short_words_and_one_article_words_have_no_misspellings(track: NewsIndex) -> None:
    assert corpus_misspellings("indoor", "indoor", track.vocabulary) == ()  # six letters: too short
    assert track.document_frequency("mcilroy") == 1
    assert corpus_misspellings("mcilroys", "mcilroy", track.vocabulary) == ()


def test_the_misspelt_article_answers_a_question_spelt_right(track: NewsIndex) -> None:
    assert Answerer(track).ask("time in sheffield").hits[0].article_id == "indoor.txt"
    without = Answerer(track, questions=QuestionSettings(misspelling_weight=0))
    assert without.ask("time in sheffield").hits[0].article_id != "indoor.txt"


def test_misspellings_are_guesses_not_the_users_words(track: NewsIndex) -> None:
    """The shown terms and the "nothing found" signals count only the user's words; a slip is
    highlighted like the word it stands for."""
    answerer = Answerer(track)
    answer = answerer.ask("time in sheffield")
    assert answer.terms == ("time", "sheffield")
    hit = next(hit for hit in answer.hits if hit.article_id == "indoor.txt")
    assert "Sheffied" in {hit.quote[start:end] for start, end in hit.highlights}
    with_slips, _ = answerer.analyse("time in sheffield")
    without_slips = analyse_question(
        "time in sheffield", track, QuestionSettings(misspelling_weight=0)
    )
    assert len(with_slips.terms) > len(without_slips.terms)
    assert answerer.confidence_signals(with_slips, None) == answerer.confidence_signals(
        without_slips, None
    )


# --- Years ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("who won eurovision 2021", ("2021",)),
        ("Сколько человек погибло в феврале 2023 года?", ("2023",)),
        ("results of 1998 and 2004, and 1998 again", ("1998", "2004")),
        ("who paid £2021m for the club", ()),
        ("a 12021 km trip", ()),
        ("the 2,021 workers", ()),
        ("a 1,998.5 figure", ()),
        ("in 1700 or 2100", ()),  # outside the years news asks about
    ],
)
def test_years_the_question_names(seed: NewsIndex, text: str, years: tuple[str, ...]) -> None:
    assert analyse_question(text, seed).years == years


# --- The public question set on the BBC corpus --------------------------------------------------


@needs_shared(*BBC)
@pytest.mark.parametrize(
    ("text", "speaker", "speaker_terms"),
    [
        (
            "what did bobby robson say about mourihno having to learn about losing",
            "bobby robson",
            {"bobbi", "robson"},
        ),
        (
            "What did Michael Howard say about ministers rather than judges deciding who gets put "
            "under house arrest?",
            "Michael Howard",
            {"michael", "howard"},
        ),
        (
            "what did the lib dem treasury spokesman say about trusting the chancellor's figures",
            "lib dem treasury spokesman",
            {"lib", "dem", "treasuri", "spokesman"},
        ),
        (
            "What did Nationwide's economist say about fears of a housing crash?",
            "Nationwide economist",
            {"nationwid", "economist"},
        ),
        ("What did Stam say about Manchester United selling him?", "Stam", {"stam"}),
    ],
)
def test_bbc_public_speech_questions(
    bbc: NewsIndex, text: str, speaker: str, speaker_terms: set[str]
) -> None:
    question = analyse_question(text, bbc)
    assert question.speech
    assert question.speaker == speaker
    assert sources(question)["speaker"] == speaker_terms
    assert all(item.weight == 1.0 for item in question.terms if item.source == "speaker")
    assert question.unknown == ()


@needs_shared(*BBC)
def test_bbc_corrections_and_compounds(bbc: NewsIndex) -> None:
    question = analyse_question(
        "what did bobby robson say about mourihno having to learn about losing", bbc
    )
    assert question.suggestions == (("mourihno", "mourinho"),)
    # "prizegiving" is written "prize-giving" in the corpus.
    question = analyse_question(
        "which filmmaker gets a career honour at the british directors' prizegiving", bbc
    )
    assert {"prize", "give"} <= sources(question)["question"]
    assert question.unknown == ()


@needs_shared(*BBC)
def test_bbc_sheffield_finds_the_article_that_misspelt_it(bbc: NewsIndex) -> None:
    """The public question on McIlroy's time: its article writes "Sheffied"."""
    question = analyse_question("what was mcilroy's winning time in sheffield", bbc)
    assert "sheffi" in sources(question)["misspelling"]
    hits = Answerer(bbc).ask(question.text).hits
    assert "in a time of one minute, 47.97 seconds" in hits[0].text
    assert hits[0].article_id == "bbc-sport-060"


@needs_shared(*BBC)
def test_bbc_jobs_brings_employment(bbc: NewsIndex) -> None:
    question = analyse_question("how many new jobs were created", bbc)
    variants = sources(question)["variant"]
    assert any(term.startswith("employ") for term in variants)
    assert question.weights()["employ"] == QuestionSettings().variant_weight


# --- The question as typed ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("word", "meant"),
    [("waht", "what"), ("teh", "the"), ("Teh", "the"), ("abuot", "about"), ("abot", "about")],
)
def test_a_slip_of_a_frequent_function_word_is_that_word(word: str, meant: str) -> None:
    assert function_word(word) == meant


def test_hwo_is_a_question_word() -> None:
    assert function_word("hwo") in ("who", "how")


@pytest.mark.parametrize("word", ["tall", "musk", "blair", "the", "what", "xyz", "12345", "US"])
def test_other_words_are_no_function_words(word: str) -> None:
    """Short function words are only found through two letters swapped: "tall" is a letter
    from "all", "musk" from "must"."""
    assert function_word(word) is None


def test_function_words_are_stop_words_or_question_words() -> None:
    assert set(FUNCTION_WORDS) <= ENGLISH | QUESTION_WORDS


def test_a_misspelt_function_word_is_not_unknown(newsroom: NewsIndex) -> None:
    question = analyse_question("waht did robson say about mourinho", newsroom)
    assert question.speech and question.speaker == "robson"
    assert question.unknown == ()
    assert question.searched == ()  # no word searched was corrected


def test_a_word_the_corpus_writes_is_not_taken_for_a_function_word(newsroom: NewsIndex) -> None:
    """ "Howard" is no slip of anything; "form" would be "from", but not in a corpus that has it."""
    assert newsroom.knows("howard")
    question = analyse_question("howard house arrest", newsroom)
    assert question.own_terms == ("howard", "hous", "arrest")


def test_the_words_searched_follow_the_question_with_corrections_applied(
    newsroom: NewsIndex,
) -> None:
    question = analyse_question("what did robson say about mourihno", newsroom)
    assert question.searched == ("robson", "mourinho")
    assert analyse_question("what did robson say about mourinho", newsroom).searched == ()


def test_the_words_searched_show_a_compound_split(seed: NewsIndex) -> None:
    assert analyse_question("electioncampaign", seed).searched == ("election campaign",)


def test_acronyms_in_capitals_are_not_question_words(seed: NewsIndex) -> None:
    analyzer = seed.analyzer
    assert analyzer.is_acronym("US") and analyzer.is_acronym("WHO's")
    assert not analyzer.is_acronym("us") and not analyzer.is_acronym("UK")


def test_sounds_alike() -> None:
    assert sound_key("blare") == sound_key("blair") == "blr"
    assert sound_key("brexit") != sound_key("breast")
    assert sound_key("москва") is None


# Two tracks and a budget: "100m" written bare is ambiguous, "£100m" is money.
SPRINTS = {
    "gatlin.txt": "Gatlin wins\n\nGatlin won the 100m final in Athens.\n",
    "collins.txt": "Collins wins\n\nCollins won the 100 metres at the world championships.\n",
    "budget.txt": "Budget\n\nThe council will spend £100m on roads.\n",
    "other.txt": "Other\n\nThe 100 million people who watched the final.\n",
}


@pytest.fixture(scope="module")
def sprints(tmp_path_factory: pytest.TempPathFactory) -> NewsIndex:
    return index_of(tmp_path_factory, SPRINTS)


def test_100m_is_searched_as_written_and_in_both_readings(sprints: NewsIndex) -> None:
    question = analyse_question("the 100m final", sprints)
    weight = QuestionSettings().reading_weight
    assert question.own_terms == ("100", "m", "final")
    readings = {item.term: item.weight for item in question.terms if item.source == "reading"}
    assert readings == {"million": weight, "metr": weight}
    assert "reading" in GUESSES  # what the user may have meant, not what they typed


@pytest.mark.parametrize("text", ["100 metres", "100 million"])
def test_metres_and_million_after_a_number_also_search_100m(sprints: NewsIndex, text: str) -> None:
    question = analyse_question(text, sprints)
    assert [item.term for item in question.terms if item.source == "reading"] == ["m"]
    assert analyse_question(text.split()[1], sprints).terms[-1].source != "reading"


@needs_shared(*BBC)
@pytest.mark.parametrize(
    ("word", "correction"),
    [
        ("elction", "election"),  # not "electioneering", whose stem is one letter away
        ("electon", "election"),  # not "electronic"
        ("blare", "blair"),  # not "blamed": Blair is the corpus's, and sounds the same
        ("fedrer", "federer"),  # not "federal", though both stem to "feder"
    ],
)
def test_bbc_corrections_are_the_corpus_frequent_words(
    bbc: NewsIndex, word: str, correction: str
) -> None:
    question = analyse_question(f"what did they say about {word}", bbc)
    assert question.suggestions == ((word, correction),)
    assert question.searched == (correction,)
