"""Question → what to search for: weighted terms, and who the question asks about.

A question is not a document. Its question words, pronouns and filler ("what did he say
about …") describe the kind of answer wanted, not its topic, so they are not search terms.
"What did X say about Y" asks for speech by X: X's words stay search terms (a name is strong
evidence), and the ranking prefers passages where X speaks. Words the corpus does not know are
matched to close spellings from its vocabulary; known words also bring their variants
("youth" → "young"), weighted below the user's own words.

The question is taken as typed. A slip of a function word ("waht", "teh") is that function
word, read before anything else, so that "waht did blair say" is still a speech question and
never "nothing found" for want of "waht". A corrected word is searched in place of the word
typed, and `Question.searched` lists the words searched, for the answer to show. An acronym in
capitals ("US", "WHO") is a search term even where its lower-case form is a question word. An
ambiguous "100m" is searched as written and in both its readings (metres, million).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from newsbot.answering.answer_types import expected_answer
from newsbot.answering.search_index import SearchIndex
from newsbot.answering.spelling import (
    MIN_MISSPELT_LENGTH,
    compound_parts,
    corpus_misspellings,
    function_word,
    suggest,
)
from newsbot.text import Analyzer
from newsbot.text.analyzer import AMBIGUOUS_UNIT, UNIT_READINGS
from newsbot.text.tokens import FORMAT_CHARS, unshout
from newsbot.text.variants import variants_of

# Words that shape a question rather than name its topic, in both languages. Compared with the
# case-folded surface word, before stemming.
QUESTION_WORDS = frozenset(
    """
    what whats what's which who whom whose when where why how much many did does do done say
    says said saying tell tells told think thinks thought know knows knew please anything
    something someone somebody me us you i about regarding concerning really exactly actually
    happened happen happens happening there any some news latest recent recently currently
    now today tell give show find explain describe mean means meant ever else kind sort going
    get gets got cannot could would should can will is are was were be been being the a an of to
    its it's hey hi hello ok okay thanks thank
    что кто кого кому кем чем чём когда где куда откуда почему зачем как какой какая какое какие
    каких каким какую каков сколько чей чья чьё чьи ли же сказал сказала сказали говорил
    говорила говорили заявил заявила заявили рассказал рассказала рассказали думает думают
    считает считают о об про насчёт насчет расскажи расскажите скажи скажите пожалуйста
    новости новость произошло случилось было была были есть это этот эта эти
    """.split()
)
PRONOUNS = frozenset(
    """
    he she they him her them his hers their theirs it its this that these those
    он она они его её ее их ему ей им него неё нее них
    """.split()
)
_SPEECH_EN = re.compile(
    r"""^(?:so\s+|and\s+)?(?:what|how)\s+(?:exactly\s+)?
        (?:did|does|do|has|have|had|was|is|will|would)\s+(?P<speaker>.+?)\s+
        (?:say|said|says|think|thought|feel|felt|tell|told|mean|claim|claimed|reveal|revealed
          |announce|announced|comment|commented|describe|described|argue|argued
          |warn|warned|add|added|write|wrote|react|reacted|respond|responded|make\s+of
          |explain|explained|admit|admitted|insist|insisted|suggest|suggested|predict|predicted
          |promise|promised|deny|denied|confirm|confirmed|reply|replied|urge|urged
          |complain|complained)\b
        (?:\s+(?:about|of|on|regarding|concerning|over|to|after|when|that|in|at))?
        (?P<topic>.*)$""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)
_RU_VERBS = (
    r"(?:сказал|сказала|сказали|заявил|заявила|заявили|говорил|говорила|говорили|думает|думал"
    r"|думала|считает|считал|считала|прокомментировал|прокомментировала|ответил|ответила"
    r"|написал|написала|рассказал|рассказала|сообщил|сообщила|отметил|отметила|пообещал"
    r"|пообещала|объяснил|объяснила|объяснили|пояснил|пояснила|пояснили|признал|признала"
    r"|признали|подчеркнул|подчеркнула|предупредил|предупредила|предложил|предложила)"
)
_SPEECH_RU = (
    re.compile(
        rf"^(?:а\s+)?(?:что|как)\s+(?P<speaker>.+?)\s+{_RU_VERBS}\b"
        r"(?:\s+(?:о|об|обо|про|насчёт|насчет|по\s+поводу))?(?P<topic>.*)$",
        re.IGNORECASE | re.DOTALL,
    ),
    re.compile(
        rf"^(?:а\s+)?(?:что|как)\s+{_RU_VERBS}\s+(?P<speaker>.+?)"
        r"(?:\s+(?:о|об|обо|про|насчёт|насчет|по\s+поводу)\s+(?P<topic>.*))?$",
        re.IGNORECASE | re.DOTALL,
    ),
)
_RU_CLAUSE_START = re.compile(
    r",|\s(?:когда|после|перед|в|во|на|при|если|чтобы|где|почему|зачем|насчёт|насчет)\s",
    re.IGNORECASE,
)
# "How tall is it these days": phrases that place the question in time without being its
# topic. News is read as current, so they carry nothing to search for.
_TIME_FILLER = re.compile(
    r"\b(?:these\s+days|nowadays|at\s+the\s+moment|right\s+now|at\s+present|as\s+of\s+now"
    r"|в\s+наши\s+дни|на\s+данный\s+момент|в\s+настоящее\s+время)\b",
    re.IGNORECASE,
)
# A year as a word of its own: "in 2021", "2021-й", not "£2021m" or "12021".
_YEAR = re.compile(r"(?<![\w£$€])(1[89]\d\d|20\d\d)(?![\d.,]\d|\w)")
_ROLE_WORDS = frozenset("the a an our their his her this that".split())


# At most this many words of one question are looked up for the corpus's misspellings of them,
# and this many unknown words for corrections; the rest count as they are.
MAX_SLIP_SEARCHES = 8
MAX_CORRECTIONS = 8
# Terms a question brings beyond the user's own words: they widen the search, but do not count
# as what the user asked.
GUESSES = ("variant", "misspelling", "reading", "context")
# A function word's slip is read as the function word unless the corpus writes it in this many
# articles (a word of one article may be the corpus's own typo).
_KNOWN_WORD_ARTICLES = 2
# How many of the passages that use a term most are read for the way a correction is written.
_CONFIRMING_PASSAGES = 10


@dataclass(frozen=True, slots=True)
class WeightedTerm:
    """A search term and how much it counts; `source` says where it came from."""

    term: str
    weight: float
    # "question", "speaker", "variant", "spelling", "misspelling", "reading" (what an
    # ambiguous "100m" may mean) or "context" (an earlier turn's word, for a follow-up)
    source: str


@dataclass(frozen=True, slots=True)
class Question:
    """A question analysed for search."""

    text: str
    terms: tuple[WeightedTerm, ...]
    speech: bool
    speaker: str | None
    speaker_is_pronoun: bool
    unknown: tuple[str, ...]
    suggestions: tuple[tuple[str, str], ...]
    answer_kinds: tuple[str, ...] = ()
    # Years the question names ("Eurovision 2021"): an answer must come from an article that
    # mentions one of them (see `Answerer.ask`).
    years: tuple[str, ...] = ()
    # What a speech question asks the speaker about, as typed ("video games").
    topic: str = ""
    # The words searched, in the question's order, where a correction changed them ("blair
    # election" for "blair elction"); empty when they are the words typed.
    searched: tuple[str, ...] = ()
    # A follow-up's context: the articles the turn before answered from, preferred in ranking.
    context_articles: tuple[str, ...] = ()
    # … and, for "what else did he say", the quotes already shown, which its quote leaves out.
    seen: tuple[str, ...] = ()

    def in_context(
        self,
        terms: Iterable[tuple[str, float]],
        articles: tuple[str, ...],
        answer_kinds: tuple[str, ...] = (),
    ) -> Question:
        """This question with an earlier turn's terms (those it does not have) added at their
        weights, its articles preferred, and its kinds of answer when this one asks for none."""
        have = {item.term for item in self.terms}
        extra = tuple(
            WeightedTerm(term, weight, "context") for term, weight in terms if term not in have
        )
        return replace(
            self,
            terms=self.terms + extra,
            context_articles=articles,
            answer_kinds=self.answer_kinds or answer_kinds,
        )

    @property
    def own_terms(self) -> tuple[str, ...]:
        """The user's own words as terms (no variants), for display and highlighting."""
        return tuple(t.term for t in self.terms if t.source in ("question", "speaker"))

    def weights(self, context_share: float = 1.0) -> dict[str, float]:
        """Each distinct term's total weight, an earlier turn's terms ("context") at
        `context_share` of theirs."""
        weights: dict[str, float] = {}
        for item in self.terms:
            share = context_share if item.source == "context" else 1.0
            weights[item.term] = weights.get(item.term, 0.0) + item.weight * share
        return weights


@dataclass(frozen=True, slots=True)
class QuestionSettings:
    """Weights of the terms a question brings beyond the user's own words."""

    variant_weight: float = 0.2
    spelling_weight: float = 0.8
    # 1.0: a slip found in the corpus counts as much as the word itself (see `_misspellings`).
    misspelling_weight: float = 1.0
    # Each reading of an ambiguous "100m" (metres, million), and "100m" for "100 metres" or
    # "100 million": the word's weight shared between its two readings.
    reading_weight: float = 0.5


def analyse_question(
    text: str, index: SearchIndex, settings: QuestionSettings | None = None
) -> Question:
    """Split a question into weighted search terms and a speaker, against `index`'s vocabulary."""
    settings = settings or QuestionSettings()
    analyzer = index.analyzer
    # A question in capitals is read as lower case, as a whole: its speaker and topic apart
    # would each be too short a stretch of capitals to tell.
    read = _read_function_words(unshout(text), index)
    speech, speaker_text, topic_text = speech_parts(read)
    pronoun = speaker_text is not None and speaker_text.casefold() in PRONOUNS
    terms: list[WeightedTerm] = []
    unknown: list[str] = []
    suggestions: list[tuple[str, str]] = []
    searched: list[str] = []
    corrected = False
    parts = [(topic_text, "question")] if speech else [(read, "question")]
    if speech and speaker_text and not pronoun:
        parts.insert(0, (speaker_text, "speaker"))
    # Spelling work is bounded per question: a question of 62 made-up words must not cost a
    # second of CPU (and, in the bot, every other user's wait).
    slips_left, corrections_left = MAX_SLIP_SEARCHES, MAX_CORRECTIONS
    for part, source in parts:
        for surface, term, after_number in _content_terms(part, analyzer):
            if index.knows(term):
                terms.append(WeightedTerm(term, 1.0, source))
                terms.extend(_readings(term, after_number, index, settings.reading_weight))
                searched.append(surface)
                if slips_left > 0 and len(surface) >= MIN_MISSPELT_LENGTH:
                    slips_left -= 1
                    terms.extend(_misspellings(surface, term, index, settings.misspelling_weight))
                continue
            if term == AMBIGUOUS_UNIT:  # "100m" where the corpus only has its readings
                terms.extend(_readings(term, after_number, index, settings.reading_weight))
                searched.append(surface)
                continue
            if corrections_left <= 0:
                unknown.append(surface)
                continue
            corrections_left -= 1
            compound = compound_parts(surface, index.vocabulary)
            if compound is not None:
                terms.extend(WeightedTerm(part_term, 1.0, source) for part_term in compound[0])
                searched.append(compound[1])
                corrected = True
                continue
            correction = suggest(surface, term, index.vocabulary, _writer(index))
            if correction is None:
                unknown.append(surface)
                continue
            suggestions.append((surface, correction.surface))
            terms.append(WeightedTerm(correction.term, settings.spelling_weight, "spelling"))
            searched.append(correction.surface)
            corrected = True
    own = {item.term for item in terms}
    for item in list(terms):
        if item.source != "question" or settings.variant_weight <= 0:
            continue
        for variant in variants_of(item.term, analyzer):
            if variant not in own and index.knows(variant):
                own.add(variant)
                terms.append(WeightedTerm(variant, settings.variant_weight, "variant"))
    return Question(
        text=text,
        terms=tuple(terms),
        speech=speech,
        speaker=None if pronoun or not speaker_text else _clean_speaker(speaker_text),
        speaker_is_pronoun=pronoun,
        unknown=tuple(dict.fromkeys(unknown)),
        suggestions=tuple(dict.fromkeys(suggestions)),
        answer_kinds=expected_answer(read),
        years=tuple(dict.fromkeys(_YEAR.findall(text))),
        topic=topic_text.strip(" ?!.") if speech else "",
        searched=tuple(searched) if corrected else (),
    )


def _read_function_words(text: str, index: SearchIndex) -> str:
    """The question with each slip of a function word replaced by the word ("waht did blair
    say about teh election" → "what did blair say about the election").

    Only words the corpus does not write (or writes in a single article) are read so: "form"
    stays "form" in a corpus that has it, though it is "from" with two letters swapped.
    """
    analyzer = index.analyzer
    pieces: list[str] = []
    position = 0
    for token in analyzer.tokens(text):
        surface = text[token.start : token.end]
        if token.term is None or analyzer.is_acronym(surface):
            continue
        if index.vocabulary.document_frequency(token.term) >= _KNOWN_WORD_ARTICLES:
            continue
        meant = function_word(surface)
        if meant is None:
            continue
        pieces.extend((text[position : token.start], meant))
        position = token.end
    if not pieces:
        return text
    return "".join(pieces) + text[position:]


def _writer(index: SearchIndex) -> Callable[[str, str], bool]:
    """Whether the corpus writes a term as a word, in one of the passages that use the term
    most: "feder" is written "Federer" in the tennis news, though it is first "federal"."""

    def writes(term: str, word: str) -> bool:
        pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
        for number, _ in index.top("passage", [(term, 1.0)], _CONFIRMING_PASSAGES):
            passage = index.passage(number)
            if pattern.search(passage.text) or pattern.search(passage.article.title):
                return True
        return False

    return writes


def _readings(
    term: str, after_number: bool, index: SearchIndex, weight: float
) -> list[WeightedTerm]:
    """What else a number's unit may be written as: "100m" may be "100 metres" or "100
    million", and either of those may be written "100m" (the index's term "m")."""
    if weight <= 0:
        return []
    readings = _unit_readings(index.analyzer)
    if term == AMBIGUOUS_UNIT:
        found = [reading for reading in readings if index.knows(reading)]
    elif after_number and term in readings and index.knows(AMBIGUOUS_UNIT):
        found = [AMBIGUOUS_UNIT]
    else:
        return []
    return [WeightedTerm(reading, weight, "reading") for reading in found]


def _unit_readings(analyzer: Analyzer) -> frozenset[str]:
    """The terms of the words an ambiguous unit may stand for, and their variants."""
    terms = {term for word in UNIT_READINGS[AMBIGUOUS_UNIT] for term in analyzer.run_terms(word)}
    return frozenset(terms | {v for term in terms for v in variants_of(term, analyzer)})


def _misspellings(surface: str, term: str, index: SearchIndex, weight: float) -> list[WeightedTerm]:
    """The corpus's misspellings of a known word, each weighted to carry the word's information.

    A misspelling is rare, so its idf is far above the word's; at the weight of the word itself
    the one article that misspelt "Sheffield" would outrank every article that spelt it right.
    Scaling by idf(word) / idf(slip) makes it count as the word does (Lucene's fuzzy queries
    blend document frequencies for the same reason).
    """
    if weight <= 0:
        return []
    information = index.idf(term)
    if information <= 0:
        return []
    return [
        WeightedTerm(slip, weight * information / idf, "misspelling")
        for slip in corpus_misspellings(surface, term, index.vocabulary)
        if (idf := index.idf(slip)) > 0
    ]


def speech_parts(text: str) -> tuple[bool, str | None, str]:
    """(is it a speech question, the speaker as written, the rest of the question)."""
    stripped = text.strip().rstrip("?!. ")
    match = _SPEECH_EN.match(stripped)
    verb_first = False
    if match is None:
        for pattern in _SPEECH_RU:
            match = pattern.match(stripped)
            if match is not None:
                verb_first = pattern is _SPEECH_RU[1]
                break
    if match is None:
        return False, None, text
    speaker = match.group("speaker").strip(" ,")
    topic = (match.group("topic") or "").strip()
    if verb_first:
        speaker, clause = _speaker_and_clause(speaker)
        topic = f"{clause} {topic}".strip()
    if not speaker or len(speaker.split()) > 8:
        return False, None, text
    return True, speaker, topic


def _speaker_and_clause(words: str) -> tuple[str, str]:
    """«Что сказал Путин, когда …», «Что сказал Путин в Давосе»: with the verb first, the
    speaker ends where a clause or a place begins, and the rest is what the question is about."""
    cut = _RU_CLAUSE_START.search(words)
    if cut is None or cut.start() == 0:
        return words, ""
    return words[: cut.start()].strip(" ,"), words[cut.end() :].strip(" ,")


def _clean_speaker(speaker: str) -> str:
    """'the lib dem treasury spokesman' stays a description; possessives are dropped."""
    words = [word for word in speaker.split() if word.casefold() not in _ROLE_WORDS]
    return " ".join(re.sub(r"['’]s$", "", word) for word in words) or speaker


def _content_terms(text: str, analyzer: Analyzer) -> Iterable[tuple[str, str, bool]]:
    """(surface, term, whether a number comes just before) for each word that is neither a stop
    word nor a question word. An acronym in capitals ("US", "WHO") is never a question word."""
    text = _TIME_FILLER.sub(lambda match: " " * len(match.group()), text)
    previous: str | None = None
    for token in analyzer.tokens(text):
        after_number, previous = previous is not None and previous[:1].isdigit(), token.term
        if token.term is None:
            continue
        surface = FORMAT_CHARS.sub("", text[token.start : token.end])
        folded = surface.casefold().replace("’", "'")
        if (folded in QUESTION_WORDS or folded in PRONOUNS) and not analyzer.is_acronym(surface):
            continue
        yield surface, token.term, after_number
