"""Reading a chat message against the turn before it.

People chat: after "What did Blair say about the election?" they ask "and about Iraq?", "what
else did he say?", "and the unions?" or "when was that?". Each of those is a question only with
the turn before it, so it is rewritten into one that stands alone ("What did Tony Blair say about
Iraq?"), and the earlier turn still counts a little: its words are searched at a low weight and
the articles it answered from are preferred (a follow-up is usually about the same story).

Only messages that show they lean on the turn before are read so: a pronoun, a leading "and" /
«а», "what else", or a message of a few words. A question that names its own subject starts
afresh. Pronouns are replaced only where they are the speaker of a speech question ("what did
he say"): elsewhere ("why did he resign?") "he" may be anyone the last answer named, so the
earlier words and articles carry the context instead of a guess.

The rules are plain patterns, English and Russian; there is no kept library for resolving
follow-ups, and a language model would be a second, unquotable source of words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from newsbot.answering.question import PRONOUNS, speech_parts

# The earlier turn's words count this much beside the message's own (1.0) …
CONTEXT_WEIGHT = 0.3
# … and this much when the message has hardly any words of its own ("when was that?").
ABOUT_ANSWER_WEIGHT = 0.6
# Messages of at most this many words lean on the turn before even without a marker.
_SHORT_WORDS = 3

_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
_LEADING = re.compile(
    r"^\s*(?:and|but|so|also|plus|or|а|и|ну\s+а|а\s+вот|но)\s+", re.IGNORECASE | re.UNICODE
)
_WHAT_ABOUT = re.compile(
    r"^\s*(?:(?:and|but|so)\s+)?(?:what|how)\s+about\s+", re.IGNORECASE | re.UNICODE
)
_ELSE = re.compile(
    r"\b(?:what|anything|something|who|where)\s+else\b|\bwhat\s+more\b"
    r"|(?<!\w)(?:что|кто|где)\s+(?:ещё|еще)(?!\w)|(?<!\w)(?:ещё|еще)\s+что(?!\w)"
    r"|(?<!\w)что-(?:нибудь|то)\s+(?:ещё|еще)(?!\w)",
    re.IGNORECASE | re.UNICODE,
)
_ABOUT = re.compile(
    r"^(?:about|on|regarding|concerning|про|о|об|обо|насчёт|насчет|по\s+поводу)\s+(?P<rest>.+)$",
    re.IGNORECASE | re.UNICODE,
)
_PLACE_OR_TIME = re.compile(
    r"^(?:in|at|on|for|during|before|after|since|last|this|next|with|without|excluding"
    r"|including|outside|inside|в|во|на|за|до|после|с|со|без|кроме|прошл\w*|этом|этот)(?!\w)",
    re.IGNORECASE | re.UNICODE,
)
# "and the unions?", "and the Guardian critic?": a noun phrase that names who may speak (a name,
# or ends in a word for people or a body) asks what they said; "and the debt ratio?" asks
# about another thing.
_SPEAKERS = re.compile(
    r"(?:^|\s)(?:unions?|analysts?|critics?|administration|government|ministers?|ministry"
    r"|lawyers?|chairman|chairwoman|chair|spokes(?:man|woman|person)|officials?|experts?"
    r"|economists?|victims?|opposition|party|parties|leaders?|companies|company|firm|board"
    r"|police|prosecutors?|judges?|fans|players?|coach|manager|family|wife|husband|son"
    r"|daughter|widow|mother|father|residents?|workers?|staff|teachers?|doctors?|scientists?"
    r"|campaigners?|protesters?|rivals?|opponents?|allies|regulators?|bank|president|mayor"
    r"|governor|premier|secretary|director|chief|executive|boss|head|founder|owner|author"
    r"|министр\w*|министерств\w*|правительств\w*|власт\w*|юрист\w*|адвокат\w*|эксперт\w*"
    r"|аналитик\w*|критик\w*|депутат\w*|президент\w*|мэр\w*|губернатор\w*|глав\w*"
    r"|директор\w*|жена|жены|муж\w*|сын\w*|доч\w*|вдов\w*|мать|матер\w*|отец|отц\w*"
    r"|семь\w*|полици\w*|прокурор\w*|суд\w*|оппозици\w*|парти\w*|компани\w*"
    r"|представител\w*|администраци\w*|жител\w*|врач\w*|учён\w*|ученые|ученых|фанат\w*"
    r"|болельщик\w*|тренер\w*|игрок\w*|соперник\w*|противник\w*)[?!.]*$",
    re.IGNORECASE | re.UNICODE,
)
_SPEECH_TAIL = re.compile(
    r"\s+(?:say|says|said|think|thinks|think\s+of\s+it|что|сказал\w*|говор\w*|думает|считает)"
    r"\s*$",
    re.IGNORECASE | re.UNICODE,
)
# Words that refer back to the last answer without naming anything.
_REFERRING = frozenset(
    """
    that this it those these there then them
    это этого этом этому то того том тот та те там тогда
    """.split()
)
_POSSESSIVES = frozenset("his her their its его её ее их".split())
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Turn:
    """What one answered message leaves for the next: kept in the bot's state store, so its
    fields are plain values."""

    question: str  # as typed
    searched: str  # as searched, after reading it against the turn before
    terms: tuple[str, ...]  # its own search terms (analysed), for the next turn's context
    person: str | None = None  # who the answer was about or quoted, as the article names them
    topic: str = ""  # what a speech question asked the person about, as typed
    speech: bool = False
    articles: tuple[str, ...] = ()  # ids of the articles it answered from, best first
    answer_kinds: tuple[str, ...] = ()
    at: float = 0.0  # when, in seconds since the epoch
    # the last question of the conversation that stood alone (or was rewritten to): what "and
    # without cars?" adds to, when the turn before was only "why?"
    frame: str = ""
    quotes: tuple[str, ...] = ()  # the quotes of this person's words shown so far


@dataclass(frozen=True, slots=True)
class FollowUp:
    """A message read against the turn before: the question to search, and the context that
    still counts. `understood` is set when the context changed the search, to show the user."""

    text: str
    context_terms: tuple[tuple[str, float], ...] = ()
    context_articles: tuple[str, ...] = ()
    answer_kinds: tuple[str, ...] = ()
    understood: str | None = None
    # the person "what else did he say" asks about, whose shown words are `seen`
    more_of: str | None = None
    seen: tuple[str, ...] = ()  # the person's quotes shown so far, not to be shown again

    @property
    def leans_on_context(self) -> bool:
        return bool(self.context_terms or self.context_articles)


def read_follow_up(message: str, previous: Turn | None) -> FollowUp:
    """`message` as a question of its own, using `previous` when the message leans on it."""
    text = " ".join(message.split())
    if previous is None or not text or not _leans_on(text):
        return FollowUp(text=text)
    russian = bool(_CYRILLIC.search(text))
    person = previous.person
    terms = tuple((term, CONTEXT_WEIGHT) for term in previous.terms)
    articles = previous.articles
    bare = _without_leading(text)

    if _ELSE.search(text) and person:
        topic = previous.topic if _refers_back(bare) else ""
        searched = _say(person, topic, russian)
        return FollowUp(
            text=searched,
            context_terms=terms,
            context_articles=articles,
            seen=previous.quotes,
            understood=f"{person}: more of what they said" if not russian else f"{person}: ещё",
            more_of=person,
        )

    is_speech, speaker, topic = speech_parts(bare)
    if is_speech and speaker:
        replaced = _speaker_in_context(speaker, person)
        if replaced is not None:
            searched = _replace_once(bare, speaker, replaced)
            about = topic or previous.topic
            if not topic and previous.topic:
                searched = _say(replaced, previous.topic, russian)
            return FollowUp(
                text=searched,
                context_terms=terms,
                context_articles=articles,
                understood=_understood(replaced, about),
            )
        # A person named in full: a switch of speaker on the same story, and on the same
        # topic when the message names none ("and what did Prescott say?").
        if not topic and previous.topic:
            searched = _say(speaker, previous.topic, russian)
            return FollowUp(
                text=searched,
                context_terms=terms,
                context_articles=articles,
                understood=_understood(speaker, previous.topic),
            )
        return FollowUp(text=bare, context_terms=terms, context_articles=articles)

    leading = _LEADING.match(text) is not None
    about_match = _ABOUT.match(bare) if leading else None
    if about_match is not None:  # "and about Iraq?", «а про Ирак?»
        rest = about_match.group("rest").rstrip("?!. ")
        return _another(rest, previous, russian, terms, articles, explicit=True)
    what_about = _WHAT_ABOUT.match(text)
    if what_about is not None and not _has_question_word(text[what_about.end() :]):
        # "what about jobs?", "what about the unions?"
        rest = text[what_about.end() :].rstrip("?!. ")
        return _another(rest, previous, russian, terms, articles, explicit=False)

    if leading and not _has_question_word(bare):
        rest = _SPEECH_TAIL.sub("", bare.rstrip("?!. "))
        return _another(rest, previous, russian, terms, articles, explicit=False)

    # A question about the last answer ("when was that?", "why did she resign?", "by when?").
    weight = ABOUT_ANSWER_WEIGHT if _own_words(bare) <= _SHORT_WORDS else CONTEXT_WEIGHT
    return FollowUp(
        text=bare,
        context_terms=tuple((term, weight) for term in previous.terms),
        context_articles=articles,
        understood=None,
    )


def _another(
    rest: str,
    previous: Turn,
    russian: bool,
    terms: tuple[tuple[str, float], ...],
    articles: tuple[str, ...],
    explicit: bool,
) -> FollowUp:
    """The turn before, asked of or about something else: a place or a time is added to it
    ("and in Scotland?"), someone who may speak is asked the same thing ("and the unions?"),
    and anything else is the person's words on it, or the new topic in the old story."""
    frame = previous.frame or previous.searched
    if not explicit and _PLACE_OR_TIME.match(rest):
        searched = f"{frame.rstrip('?!. ')} {rest}"
        return FollowUp(
            text=searched,
            context_articles=articles,
            answer_kinds=previous.answer_kinds,
            understood=searched,
        )
    if not explicit and _names_speaker(rest):
        topic = previous.topic or _topic_of(frame)
        return FollowUp(
            text=_say(rest, topic, russian),
            context_terms=terms,
            context_articles=articles,
            understood=_understood(rest, topic),
        )
    if previous.speech and previous.person:
        return FollowUp(
            text=_say(previous.person, rest, russian),
            context_terms=terms,
            context_articles=articles,
            understood=_understood(previous.person, rest),
        )
    return FollowUp(
        text=rest,
        context_terms=terms,
        context_articles=articles,
        answer_kinds=previous.answer_kinds,
        understood=_understood(None, rest, frame),
    )


def _leans_on(text: str) -> bool:
    """Whether a message shows that it continues the conversation."""
    if _LEADING.match(text) or _WHAT_ABOUT.match(text) or _ELSE.search(text):
        return True
    words = [word.casefold() for word in _WORD.findall(text)]
    if len(words) <= _SHORT_WORDS:
        return True
    return any(word in PRONOUNS or word in _REFERRING for word in words)


def _without_leading(text: str) -> str:
    return _LEADING.sub("", text, count=1).strip()


def _refers_back(text: str) -> bool:
    words = {word.casefold() for word in _WORD.findall(text)}
    return bool(words & {"it", "that", "this", "этом", "том", "это"})


def _speaker_in_context(speaker: str, person: str | None) -> str | None:
    """The speaker a speech question means: the last person for a pronoun ("he"), the role
    itself for "his opponent" (found in the same articles); None for a name of its own."""
    words = speaker.split()
    first = words[0].casefold()
    if len(words) == 1 and first in PRONOUNS:
        return person
    if first in _POSSESSIVES and len(words) > 1:
        return " ".join(words[1:])
    return None


def _replace_once(text: str, old: str, new: str) -> str:
    position = text.find(old)
    if position < 0:
        return text
    return text[:position] + new + text[position + len(old) :]


def _say(person: str, topic: str, russian: bool) -> str:
    if russian:
        return f"что сказал {person} о {topic}" if topic else f"что сказал {person}"
    return f"what did {person} say about {topic}" if topic else f"what did {person} say"


def _understood(person: str | None, topic: str, earlier: str = "") -> str:
    if person and topic:
        return f"{person}, about {topic}"
    if person:
        return person
    return f"{topic}, following “{earlier.rstrip('?!. ')}”" if earlier else topic


def _names_speaker(phrase: str) -> bool:
    """Whether a bare noun phrase names someone who may speak: a name (a capital after its
    first word, or a lone capitalised word) or a word for people or a body at its end."""
    words = phrase.split()
    if not words:
        return False
    capitalised = [word for word in words[1:] if word[:1].isupper()]
    if capitalised or (len(words) == 1 and words[0][:1].isupper()):
        return True
    return bool(_SPEAKERS.search(phrase))


def _topic_of(question: str) -> str:
    """What a question that was not a speech question was about: its words without the
    question words, for asking someone else about the same thing."""
    words = [
        word
        for word in question.rstrip("?!. ").split()
        if word.casefold().strip(",") not in _QUESTION_WORDS
    ]
    return " ".join(words)


_QUESTION_WORDS = frozenset(
    """
    what who whom whose when where why how which does do did is are was were will would can
    could should has have had
    что кто кого кому когда где куда откуда почему зачем как какой какая какое какие каким
    какому какую каких какими каком сколько чей чья чьё чьи ли чем чём кем
    """.split()
)


def _has_question_word(text: str) -> bool:
    return any(word.casefold() in _QUESTION_WORDS for word in _WORD.findall(text))


def _own_words(text: str) -> int:
    return sum(
        1
        for word in _WORD.findall(text)
        if word.casefold() not in _QUESTION_WORDS
        and word.casefold() not in PRONOUNS
        and word.casefold() not in _REFERRING
    )
