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


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            'Chris Hawkins, host of a radio chart show, said the band had "great guitars and'
            ' a mastery of tunes".',
            "Chris Hawkins",
        ),
        ("Anna Berg, a lawyer based in the capital, said the case would go on.", "Anna Berg"),
        (
            "Брижит Бардо, известная также своей борьбой за права животных, заявила, что уедет.",
            "Брижит Бардо",
        ),
        (
            "Министр финансов Иван Петров, вернувшийся из Вены, заявил, что цены растут.",
            "Иван Петров",
        ),
    ],
)
def test_a_person_described_between_commas_speaks(text: str, speaker: str) -> None:
    assert lines(text) == [speaker]


@pytest.mark.parametrize(
    "text",
    [
        # the person described is the object; the outlet speaks
        "Глава государства назначил на пост министра полковника Игоря Шуневича, известного"
        " близкими отношениями с президентом, пишет газета.",
        "The MP for Sittingbourne and Sheppey said the vote had been lost.",
        "Celebrating his win, the Oscar-nominated Owen told reporters he was happy.",
        "Marc Cohen of Republic National Bank of New York said the dollar would fall.",
    ],
)
def test_no_wrong_body_or_person(text: str) -> None:
    assert lines(text) == [None]


def test_a_body_over_of_and_and_is_named_in_full() -> None:
    text = "In a statement, the Department of Trade and Industry said the policy would change."
    assert lines(text) == ["Department of Trade and Industry"]


def test_a_cue_between_dashes_inside_a_russian_quotation() -> None:
    text = (
        "Актёр Иван Кузнецов отметил юбилей.\n\n"
        "«Я давно понял, что артист должен говорить со зрителем, — замечает Кузнецов. — "
        "Мои герои лучше меня. Я их слушаю»."
    )
    assert lines(text) == [None, "Иван Кузнецов", "Иван Кузнецов", "Иван Кузнецов"]


def test_a_dash_inside_a_quotation_without_a_cue_adds_nobody() -> None:
    text = "«Мы победим, — и это главное, — потому что правы», — сказал Иван Кузнецов."
    assert lines(text) == ["Иван Кузнецов"]


def test_a_name_written_in_the_nominative_anywhere_is_shown_so() -> None:
    text = (
        "Поклонники поздравили Владимира Кузнецова с юбилеем. "
        "Владимира Кузнецова пригласили в Голливуд.\n\n"
        "Актёр Владимир Кузнецов сказал, что доволен жизнью."
    )
    assert lines(text)[-1] == "Владимир Кузнецов"


def test_a_first_name_alone_is_the_one_person_bearing_it() -> None:
    text = (
        "Владелец мастерской Андреа Падован шьёт маски.\n\n"
        "«Всё началось случайно, — рассказал Андреа, — мы сшили пятьдесят масок»."
    )
    assert lines(text)[-1] == "Андреа Падован"


@pytest.mark.parametrize(
    "text",
    [
        "В настоящее время полиция уточняет обстоятельства случившегося.",
        "Издания утверждают, что он родился в 1979 году.",
    ],
)
def test_russian_narration_and_plural_outlets_get_no_line(text: str) -> None:
    assert lines(text) == [None]


def test_a_genitive_after_a_body_is_not_the_speaker() -> None:
    text = "Федерация футбола Португалии замечает, что игрок говорил о своих детях."
    assert lines(text) != ["Португалии"]


def test_the_pm_is_the_prime_minister_named_before() -> None:
    text = (
        "Prime Minister Tony Blair visited Leeds on Monday. "
        "The PM insisted nothing would derail the campaign."
    )
    assert lines(text) == [None, "Tony Blair"]


def test_insisting_on_something_is_no_speech() -> None:
    text = "John Smith fell ill in Athens. But he insisted on flying home for surgery."
    assert lines(text) == [None, None]


@pytest.mark.parametrize(
    "text",
    [
        "Michael Howard spoke in Leeds on Monday. They say the government is spending too much.",
        "Acme Corp said profits rose. They said the outlook was good.",
    ],
)
def test_they_is_no_single_person_or_firm(text: str) -> None:
    assert lines(text)[1] is None


def test_they_are_the_firms_that_spoke_together() -> None:
    text = (
        "Alpha Mining Inc and Beta Resources Ltd said they would build a mine. "
        "They said production would start in 1988."
    )
    assert lines(text) == ["Alpha Mining Inc and Beta Resources Ltd"] * 2


def test_a_russian_verb_between_commas_takes_the_subject_after_it() -> None:
    text = (
        "Министерство здравоохранения сообщило о 1789 умерших. "
        "Из этих цифр следует, отмечает министерство, что вчера умерли 367 человек."
    )
    assert lines(text) == ["Министерство здравоохранения"] * 2


def test_the_outlet_after_a_body_noun_speaks() -> None:
    text = "По данным издания Winnipeg Sun, школьники взломали банкомат."
    assert lines(text) == ["Winnipeg Sun"]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Министерство обороны Румынии заявило, что погиб один военный.",
            "Министерство обороны Румынии",
        ),
        ("Федерация футбола Португалии замечает, что игрок устал.", "Федерация футбола Португалии"),
        ("Представители США, Канады и Великобритании объявили об арестах.", None),
        (
            "По данным миланской газеты Corriere della Sera, суд отменил решение.",
            "Corriere della Sera",
        ),
        ("По словам протоиерея Игоря Якимчука, интронизация прошла торжественно.", "Игорь Якимчук"),
        (
            "«Квартиру удалось отстоять», – рассказала близкая подруга супруги актёра Виталины"
            " Цымбалюк-Романовской.",
            None,
        ),
    ],
)
def test_a_russian_genitive_is_whose_not_who(text: str, speaker: str | None) -> None:
    assert lines(text) == [speaker]


def test_a_role_with_its_complement_is_the_one_person_described_so() -> None:
    text = (
        "Senator David Boren, chairman of the Senate Agriculture subcommittee on credit, met"
        " farmers on Monday. Senator John Heinz, chairman of the Senate Banking committee, was"
        " there too.\n\n"
        "The chairman of the Senate Agriculture subcommittee on credit said the plan would fail."
    )
    assert lines(text)[-1] == "David Boren"


def test_a_role_with_a_complement_nobody_fits_names_nobody() -> None:
    text = (
        "Senator John Heinz met farmers on Monday.\n\n"
        "The chairman of the Senate Agriculture subcommittee said the plan would fail."
    )
    assert lines(text)[-1] is None


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("Иван Петров назвал решение «ошибкой».", "Иван Петров"),
        (
            "Президент Турции Реджеп Эрдоган, который дружил с Мурси, выразил соболезнования:"
            " «Пусть Господь утешит душу нашего брата»",
            "Реджеп Эрдоган",
        ),
        ("Парламент Грузии выразил доверие Мамуке Бахтадзе.", None),
        ("Иван Петров назвал сына Петром.", None),
    ],
)
def test_russian_naming_and_expressing(text: str, speaker: str | None) -> None:
    assert lines(text) == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("В Минздраве заявили, что вакцина безопасна.", "Минздрав"),
        ("Как утверждают в Odebrecht, взятки не давались.", "Odebrecht"),
        ("В МИД России заявили, что ждут разъяснений.", "МИД России"),
        (
            "Кроме того, в министерстве обороны заявили, что учения продолжатся.",
            "министерство обороны",
        ),
        ("Иван Петров опроверг эти слухи, сообщив, что всё в порядке.", "Иван Петров"),
        ("Источники в полиции сообщают, что горничная пришла в полдень.", None),
        ("Сейчас он содержится в тюрьме в Милане, сообщили итальянские СМИ.", None),
        ("Издания утверждают, что он родился в 1979 году.", None),
        ("Адвокаты Мингазова сообщили, что уведомили его.", None),
        ("Иван Петров, заметив драку, позвал на помощь прохожих.", None),
    ],
)
def test_russian_bodies_spoken_in_and_groups(text: str, speaker: str | None) -> None:
    assert lines(text) == [speaker]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Иван Петров заявил, что цены вырастут. Она также сказала, что зарплаты упадут.",
            ["Иван Петров", None],
        ),
        (
            "Анна Петрова заявила, что цены вырастут. Она также отметила, что зарплаты упадут.",
            ["Анна Петрова", "Анна Петрова"],
        ),
        (
            "Иван Петров встретился с Анной Ивановой. Она заявила, что переговоры провалились.",
            [None, None],
        ),
        (
            "Mrs Jane Hill opened the school. Mr Tom Reid spoke next.\n\n"
            '"It is a great day," she said.',
            [None, None, "Jane Hill"],  # past the man, to the one woman named
        ),
        (
            'Mrs Jane Hill opened the school.\n\n"It is a great day," she said.',
            [None, "Jane Hill"],
        ),
    ],
)
def test_a_pronoun_means_someone_of_its_gender(text: str, expected: list[str | None]) -> None:
    assert lines(text) == expected


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Президент Боливии Эво Моралес прибыл в Ла-Пас. "
            "Позже президент Боливии отметил, что посольство закроют.",
            "Эво Моралес",
        ),
        (
            "Президент США Барак Обама прибыл в Ла-Пас. "
            "Позже президент Боливии отметил, что посольство закроют.",
            None,
        ),
        ("Адвокат Караджича заявил, что суд несправедлив.", None),
        ("Министр Скворцова заявила, что вакцина готова.", "Скворцова"),
        ("Премьер Берлускони заявил, что уйдёт.", "Берлускони"),
        (
            "Менеджер Джон Стэйнтон (John Stainton) сказал Би-Би-Си, что шип проник в сердце.",
            "Джон Стэйнтон",
        ),
        (
            "Президент Дмитрий Медведев встретился с Путиным. Встреча с Дмитрием Медведевым"
            " прошла в Кремле. Медведев отметил, что проблемы есть.",
            "Дмитрий Медведев",
        ),
    ],
)
def test_russian_roles_brackets_and_cases(text: str, speaker: str | None) -> None:
    assert lines(text)[-1] == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Отец рэпера Кирилла Толмацкого, больше известного как Децл, сообщил о смерти сына.",
            None,
        ),
        ("Анна Петрова, глава компании, сообщила, что цены растут.", "Анна Петрова"),
        (
            "Впечатления от концерта резюмировал журналист Михаил Митропольский: «Эротизм тут"
            " присутствует».",
            "Михаил Митропольский",
        ),
        ("Гугучкин в беседе с НСН сообщил, что развод не повлияет на график.", "Гугучкин"),
    ],
)
def test_russian_subjects_agree_with_their_verbs(text: str, speaker: str | None) -> None:
    assert lines(text) == [speaker]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Australia faces a major adjustment, the Organisation for Economic Cooperation and"
            " Development said.",
            "Organisation for Economic Cooperation and Development",
        ),
        (
            "Brodersohn, who is negotiating with foreign banks for a loan for 1987 and for more"
            " money next year, says Argentina will have to grow at four pct.",
            "Brodersohn",  # the relative clause's antecedent, not Argentina
        ),
        ("Prices will rise, said John Smith, the economist.", "John Smith"),
    ],
)
def test_a_name_after_the_verb_is_its_subject_only_if_it_ends_there(
    text: str, speaker: str | None
) -> None:
    assert lines(text) == [speaker]


def test_a_whose_clause_leaves_its_antecedent_the_speaker() -> None:
    text = (
        "Charles Kennedy spoke first. Barbara Follett, whose first husband was killed while"
        " under house arrest, confirmed she would vote against the government."
    )
    assert lines(text) == [None, "Barbara Follett"]


def test_a_quotation_left_open_by_the_wire_keeps_its_inner_cue() -> None:
    text = (
        "Lawyer John Brown spoke to the tribunal.\n\n"
        '"We think you will conclude that the doors were open, he said.\n\n'
        "The ferry sank in March."
    )
    assert lines(text) == [None, "John Brown", None]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "Президент России Владимир Путин прибыл в Минск. "
            "Глава российского государства заявил, что переговоры пройдут успешно.",
            "Владимир Путин",
        ),
        (
            "Президент Белоруссии Александр Лукашенко прибыл в Минск. "
            "Глава российского государства заявил, что переговоры пройдут успешно.",
            None,
        ),
        (
            "Президент России Владимир Путин и президент Белоруссии Александр Лукашенко"
            " прибыли в Минск. Глава государства заявил, что переговоры пройдут успешно.",
            None,  # two heads of state: no answer
        ),
    ],
)
def test_the_head_of_state_is_the_one_president_named(text: str, speaker: str | None) -> None:
    assert lines(text)[-1] == speaker


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            "По словам представителя СК Владимира Маркина, делом займётся управление.",
            "Владимир Маркин",
        ),
        ("По данным РИА Новости, в городе прошли выборы.", "РИА Новости"),
        ("Как сообщает РИА «Новости», в городе прошли выборы.", "РИА Новости"),
        ("По словам самой матери Майкла Джексона, доктор рекомендует ей покой.", None),
        ("В беседе автор «Диких сердцем» и «Малхолланд Драйва» сказал, что фильм готов.", None),
        ("Газета «Коммерсантъ» пишет, что выборы прошли.", "Коммерсантъ"),
        (
            "Управление образования округа также официально сообщило о раненых.",
            "Управление образования округа",
        ),
        ("Его дочь рассказала Reuters, что сиделка заболела.", None),
        ("Как сообщает Reuters, выборы прошли.", "Reuters"),
    ],
)
def test_russian_outlets_bodies_and_whose_words(text: str, speaker: str | None) -> None:
    assert lines(text) == [speaker]


def test_a_statement_speaks_for_its_owner_named_beside_it_or_before() -> None:
    text = (
        "Взрыв произошел в Киеве, сообщило МВД Украины. "
        "В заявлении МВД, опубликованном в Facebook, говорится, что ранен депутат. "
        "В заявлении также говорится, что погиб полицейский."
    )
    assert lines(text) == ["МВД Украины"] * 3


@pytest.mark.parametrize(
    "text",
    [
        "В заявлении подчеркивается, что переговоры продолжатся.",
        "В сообщении правительства и губернатора Оренбургской области говорится, что всё хорошо.",
    ],
)
def test_a_statement_nobody_owns_or_a_place_owns_has_no_line(text: str) -> None:
    assert lines(text) == [None]


def test_an_admission_before_a_colon_cues_its_quotation() -> None:
    text = (
        "Тихонов накануне матча признался: «Приятно, если запомнюсь. "
        "Самое главное — ничего не испортить»."
    )
    assert lines(text) == ["Тихонов", "Тихонов"]


def test_a_role_two_people_hold_names_neither() -> None:
    text = (
        "Actress Cate Blanchett won. Actress Imelda Staunton lost.\n\n"
        "The actress said the night had been long."
    )
    assert lines(text)[-1] is None


def test_a_role_one_person_holds_names_them() -> None:
    text = "Prime Minister Tony Blair met US Secretary of State Condoleezza Rice.\n\n" + (
        "The prime minister conceded that the US had a harder position."
    )
    assert lines(text)[-1] == "Tony Blair"


def test_the_main_figure_is_not_the_role_he_attacks() -> None:
    text = (
        "Michael Howard has no doubt it is the prime minister who is ramming the bill through."
        " Michael Howard said the Tories would oppose it. Michael Howard spoke for an hour.\n\n"
        "The prime minister claims this shows the Tories are playing politics."
    )
    assert lines(text)[-1] is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "John Lichtblau runs a research group. "
            "Lichtblau called for an international floor price for crude oil.",
            [None, "John Lichtblau"],
        ),
        ("He was called for jury duty.", [None]),
        ("The company called for bids on the contract.", [None]),
    ],
)
def test_calling_for_something_reports_a_position(text: str, expected: list[str | None]) -> None:
    assert lines(text) == expected


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        (
            'Лидер группировки Шакирьянов, сообщает "Коммерсантъ" со ссылкой на источники.',
            "Коммерсантъ",
        ),
        ("Муфтий был застрелен неизвестными, сообщает «Лента.ру».", "Лента.ру"),
        ("По данным газеты ''Süddeutsche Zeitung'', виллу продадут.", "Süddeutsche Zeitung"),
        ("Они из индуистских семей, пишет 22 декабря 2018 года издание Asia Times.", "Asia Times"),
        ("Как сообщало РИА Новости, Башлаков ушел в отставку.", "РИА Новости"),
        (
            'Как сообщил "Ъ" глава пресс-службы президента Айрат Мурзагалиев, Рахимов подписал'
            " указ.",
            "Айрат Мурзагалиев",
        ),
        (
            'Имам Рустем Шакиров заявил "Коммерсанту", что преступник провел в колонии год.',
            "Рустем Шакиров",
        ),
        ('Как сообщает "Интерфакс", Наталья Тимакова назвала задачи.', "Интерфакс"),
        ("Обе записи сообщали о скором замужестве Джейн Остин из Стивентона.", None),
        ("Об этом сообщил в интервью ТАСС министр Иван Петров.", "Иван Петров"),
    ],
)
def test_russian_outlets_in_quote_marks_dates_and_listeners(text: str, speaker: str | None) -> None:
    assert lines(text) == [speaker]
