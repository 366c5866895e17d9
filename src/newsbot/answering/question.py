"""Question → what to search for: weighted terms, and who the question asks about.

A question is not a document. Its question words, pronouns and filler ("what did he say
about …") describe the kind of answer wanted, not its topic, so they are not search terms.
"What did X say about Y" asks for speech by X: X's words stay search terms (a name is strong
evidence), and the ranking prefers passages where X speaks. Words the corpus does not know are
matched to close spellings from its vocabulary; known words also bring their variants
("youth" → "young"), weighted below the user's own words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from newsbot.answering.answer_types import expected_answer
from newsbot.answering.search_index import SearchIndex
from newsbot.answering.spelling import (
    MIN_MISSPELT_LENGTH,
    corpus_misspellings,
    split_compound,
    suggest,
)
from newsbot.text import Analyzer
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
GUESSES = ("variant", "misspelling")


@dataclass(frozen=True, slots=True)
class WeightedTerm:
    """A search term and how much it counts; `source` says where it came from."""

    term: str
    weight: float
    source: str  # "question", "speaker", "variant", "spelling" or "misspelling"


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

    @property
    def own_terms(self) -> tuple[str, ...]:
        """The user's own words as terms (no variants), for display and highlighting."""
        return tuple(t.term for t in self.terms if t.source in ("question", "speaker"))

    def weights(self) -> dict[str, float]:
        """Each distinct term's total weight."""
        weights: dict[str, float] = {}
        for item in self.terms:
            weights[item.term] = weights.get(item.term, 0.0) + item.weight
        return weights


@dataclass(frozen=True, slots=True)
class QuestionSettings:
    """Weights of the terms a question brings beyond the user's own words."""

    variant_weight: float = 0.2
    spelling_weight: float = 0.8
    # 1.0: a slip found in the corpus counts as much as the word itself (see `_misspellings`).
    misspelling_weight: float = 1.0


def analyse_question(
    text: str, index: SearchIndex, settings: QuestionSettings | None = None
) -> Question:
    """Split a question into weighted search terms and a speaker, against `index`'s vocabulary."""
    settings = settings or QuestionSettings()
    analyzer = index.analyzer
    speech, speaker_text, topic_text = _speech_parts(text)
    pronoun = speaker_text is not None and speaker_text.casefold() in PRONOUNS
    terms: list[WeightedTerm] = []
    unknown: list[str] = []
    suggestions: list[tuple[str, str]] = []
    parts = [(topic_text, "question")] if speech else [(text, "question")]
    if speech and speaker_text and not pronoun:
        parts.insert(0, (speaker_text, "speaker"))
    # Spelling work is bounded per question: a question of 62 made-up words must not cost a
    # second of CPU (and, in the bot, every other user's wait).
    slips_left, corrections_left = MAX_SLIP_SEARCHES, MAX_CORRECTIONS
    for part, source in parts:
        for surface, term in _content_terms(part, analyzer):
            if index.knows(term):
                terms.append(WeightedTerm(term, 1.0, source))
                if slips_left > 0 and len(surface) >= MIN_MISSPELT_LENGTH:
                    slips_left -= 1
                    terms.extend(_misspellings(surface, term, index, settings.misspelling_weight))
                continue
            if corrections_left <= 0:
                unknown.append(surface)
                continue
            corrections_left -= 1
            parts_known = split_compound(surface, index.vocabulary)
            if parts_known is not None:
                terms.extend(WeightedTerm(part_term, 1.0, source) for part_term in parts_known)
                continue
            correction = suggest(surface, term, index.vocabulary)
            if correction is None:
                unknown.append(surface)
                continue
            suggestions.append((surface, correction.surface))
            terms.append(WeightedTerm(correction.term, settings.spelling_weight, "spelling"))
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
        answer_kinds=expected_answer(text),
        years=tuple(dict.fromkeys(_YEAR.findall(text))),
        topic=topic_text.strip(" ?!.") if speech else "",
    )


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


def _speech_parts(text: str) -> tuple[bool, str | None, str]:
    """(is it a speech question, the speaker as written, the rest of the question)."""
    stripped = text.strip().rstrip("?!. ")
    match = _SPEECH_EN.match(stripped)
    if match is None:
        for pattern in _SPEECH_RU:
            match = pattern.match(stripped)
            if match is not None:
                break
    if match is None:
        return False, None, text
    speaker = match.group("speaker").strip(" ,")
    topic = (match.group("topic") or "").strip()
    if not speaker or len(speaker.split()) > 8:
        return False, None, text
    return True, speaker, topic


def _clean_speaker(speaker: str) -> str:
    """'the lib dem treasury spokesman' stays a description; possessives are dropped."""
    words = [word for word in speaker.split() if word.casefold() not in _ROLE_WORDS]
    return " ".join(re.sub(r"['’]s$", "", word) for word in words) or speaker


def _content_terms(text: str, analyzer: Analyzer) -> Iterable[tuple[str, str]]:
    """(surface, term) for each word that is neither a stop word nor a question word."""
    text = _TIME_FILLER.sub(lambda match: " " * len(match.group()), text)
    for token in analyzer.tokens(text):
        if token.term is None:
            continue
        surface = text[token.start : token.end]
        folded = surface.casefold().replace("’", "'")
        if folded in QUESTION_WORDS or folded in PRONOUNS:
            continue
        yield surface, token.term
