"""Attribution cues: a speech verb and its subject, next to a quotation or in a sentence.

News prose attributes speech in a handful of set patterns ("…," X said / X said: "…" / «…», —
сказал X / "…," said the minister), so each cue is found by a bounded look-around over tokens.
Its subject (`subjects`) is kept as written and resolved to a person or an organisation later
(`people.People._speaker`).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsbot.speech.document import Document
from newsbot.speech.names import is_cyrillic
from newsbot.speech.ru_subjects import parenthetical
from newsbot.speech.subject_after import subject_after
from newsbot.speech.subject_before import subject_before
from newsbot.speech.subjects import Subject, describes, unnamed_subject
from newsbot.speech.vocabulary import (
    ADVERBS,
    CLAUSE_OPENERS,
    CLAUSE_VERBS,
    CORE_VERBS,
    QUOTE_CHARS,
    RU_CORE_STEMS,
    UNNAMED,
)


@dataclass(frozen=True, slots=True)
class Cue:
    """A speech verb and its subject, in tokens `first`..`last`; `immediate` when it sits right
    next to its quotation, which beats any cue further off."""

    subject: Subject
    first: int
    last: int
    verb: int
    immediate: bool


def cue_after(doc: Document, pos: int) -> Cue | None:
    """An attribution right after a closing quote mark at `pos`: "said X", "X said", "he said".

    After a quotation that ends its sentence, a capitalised "Mr Brown confirmed he …" starts new
    reported speech, likely someone else's; only "He asked …" or a bare "Smith said." count.
    """
    count, token = len(doc.words), doc.token_at(pos)
    paragraph = doc.paragraph_of(max(0, pos - 1))
    before = pos - 2  # the last character inside the quote marks
    while before >= 0 and doc.text[before].isspace():
        before -= 1
    ended = before >= 0 and doc.text[before] in ".!?…"
    skipped = 0
    while token < count and doc.words[token] in ",—–-:―" and skipped < 3:
        token, skipped = token + 1, skipped + 1
    if token < count and doc.words[token] in ".!?…":
        ended, token = True, token + 1
    if token >= count or doc.paragraph_of(doc.starts[token]) != paragraph:
        return None
    if ended and doc.words[token][0].isupper():
        cue = _subject_verb_at(doc, token)
        if cue is None:
            return None
        terse = cue.verb + 1 >= count or doc.words[cue.verb + 1] in ".,!?;"
        if cue.subject.kind == "pronoun" or terse:
            return Cue(cue.subject, cue.first, cue.last, cue.verb, False)
        return None
    folded = doc.folded[token]
    if doc.is_verb[token] or (
        folded == "according" and doc.folded[token + 1 : token + 2] == ["to"]
    ):
        subject = subject_after(doc, token + (1 if doc.is_verb[token] else 2))
        last = subject.last if subject else token
        return Cue(subject or unnamed_subject(token), token, last, token, True)
    cue = _subject_verb_at(doc, token)
    punctuated = skipped > 0 or (before >= 0 and doc.text[before] in ",.!?…—-'’")
    return cue if cue is None or punctuated or loose_cue(doc, cue.subject, cue.verb) else None


def inner_cue(doc: Document, start: int, end: int) -> Cue | None:
    """A cue that interrupts a Russian quotation between dashes, «…, — замечает Машков. — …» or
    «…, — сказал он, — …»: the first speech verb right after a dash that follows a comma or an
    end mark inside the quote marks at `start`..`end`, whose subject is followed by a comma or
    a full stop and another dash."""
    last = doc.token_at(end)
    for dash in range(doc.token_at(start) + 1, min(last, len(doc.words)) - 2):
        if doc.words[dash] not in "—–" or doc.words[dash - 1] not in ",.!?…":
            continue
        verb = dash + 1
        if not (doc.is_verb[verb] and is_cyrillic(doc.folded[verb])):
            continue
        subject = subject_after(doc, verb + 1)
        if subject is None or subject.kind not in ("name", "pronoun", "role", "org"):
            continue
        resumes = doc.words[subject.last + 1 : subject.last + 3]
        if len(resumes) == 2 and resumes[0] in ".," and resumes[1] in "—–":
            return Cue(subject, dash, subject.last, verb, True)
    return None


def unclosed_cue(doc: Document, start: int, end: int) -> Cue | None:
    """The cue inside a quotation whose closing mark the wire lost, '"We think the doors were
    open, he said.': a comma, a pronoun or a name, a speech verb and the end of a sentence,
    the first such in the quote marks at `start`..`end`."""
    first, last = doc.token_at(start), min(doc.token_at(end), len(doc.words))
    for comma in range(first + 1, last - 2):
        if doc.words[comma] != ",":
            continue
        who = comma + 1
        verb = doc.run_end[who] if doc.run_first[who] == who else who + 1
        if verb + 1 >= len(doc.words) or not doc.is_verb[verb] or doc.words[verb + 1] != ".":
            continue
        subject = subject_before(doc, verb)
        if subject is not None and subject.first == who and subject.kind in ("pronoun", "name"):
            return Cue(subject, who, verb, verb, True)
    return None


def introduces_speech(doc: Document, verb: int) -> bool:
    """Whether the verb at `verb` reports words rather than an act: "said" always does;
    "claimed", "agreed" or "confirmed" only before a clause ("claimed that …", "agreed, …", "he
    confirmed."), not before an object ("claimed the title", "agreed to merge")."""
    folded = doc.folded[verb]
    if folded in CORE_VERBS or folded.startswith(RU_CORE_STEMS):
        return True
    as_said = (
        verb > 0 and doc.folded[verb - 1] == "как" and doc.folded[verb - 2 : verb - 1] != ["того"]
    )
    if verb > 0 and (doc.words[verb - 1] in QUOTE_CHARS + "—–-" or as_said):
        return True  # '"…" claimed Smith', «Как написал X,», but not «после того как признал»
    if verb > 0 and doc.words[verb - 1] == ",":
        # "…, claimed Smith." names the speaker next; "…, a former director, agreed to settle"
        # has an object next
        following = doc.words[verb + 1 : verb + 2]
        if not following or not following[0].islower() or following[0] in ("the", "a", "an"):
            return True
    if is_cyrillic(folded):  # «отметил, что …», not «отмечает свой юбилей», «заметил, как»
        if verb > 0 and doc.words[verb - 1] == "," and parenthetical(doc, verb):
            return True  # «Из этих цифр следует, отмечает министерство, что …»
        if folded.startswith("назва"):
            return False  # «назвал его „гигантом“» names a quotation, «назвал сына» nothing
        following = doc.folded[verb + 1 : verb + 3]
        return following[:1] in ([":"], ["—"], ["что"], ["о"], ["об"]) or following in (
            [",", "что"],
            [",", "будто"],
        )
    if folded in CLAUSE_VERBS and doc.folded[verb + 1 : verb + 2] != ["on"]:
        return True  # "insisted nothing would derail it": these take a clause, not an object
    after = verb + 1
    while after < len(doc.words) and doc.folded[after] in ADVERBS:
        after += 1
    if after >= len(doc.words):
        return True
    word = doc.words[after]
    if word in ".;!?":  # "…, he warned." reports what went before; "Nur Otan agreed." acts
        return "," in doc.words[max(0, verb - 5) : verb]
    return word[:1].isupper() or not word[:1].isalnum() or doc.folded[after] in CLAUSE_OPENERS


def loose_cue(doc: Document, subject: Subject, verb: int) -> bool:
    """Without punctuation closing the quotation, "X said" attributes it only when X is a pronoun
    or the verb ends the clause: '"…" Serena continued.', not 'it was "plain" Iraq continued to'."""
    after = doc.words[verb + 1 : verb + 2]
    return subject.kind == "pronoun" or not after or after[0] in ".,;!?"


def _subject_verb_at(doc: Document, first: int) -> Cue | None:
    """A cue "X said" / "X, the minister, said" beginning exactly at token `first`."""
    for verb in range(first + 1, min(len(doc.words), first + 14)):
        word = doc.words[verb]
        if word in ".!?…" or word in QUOTE_CHARS or doc.in_quote[verb]:
            return None
        if doc.is_verb[verb]:
            subject = subject_before(doc, verb)
            if (
                subject
                and subject.first >= first
                and all(describes(doc, token) for token in range(first, subject.first))
            ):
                return Cue(subject, first, verb, verb, True)
            # "the firm said", "it said", "a spokesman said": attributed, but to nobody we name
            unnamed = verb <= first + 3 and doc.folded[first] in UNNAMED
            return Cue(unnamed_subject(first), first, verb, verb, True) if unnamed else None
    return None
