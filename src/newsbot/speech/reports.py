"""Reported speech: the speech verbs outside quotations that no quotation used as its cue ("X
said that …", "according to X", «по словам X»), with their subjects as written.

Found before anyone is resolved, so that `analysis.Analysis._attribute` can take quotations and
reports in text order: "he said" after a report means whoever that report named. One pass over
the tokens, each verb a bounded look-around.
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from newsbot.speech.cues import introduces_speech
from newsbot.speech.document import Document
from newsbot.speech.names import is_cyrillic
from newsbot.speech.subject_after import subject_after
from newsbot.speech.subject_before import subject_before
from newsbot.speech.subjects import Subject, genitive_subject
from newsbot.speech.vocabulary import (
    GENITIVE_CUES,
    PARTICIPLE_LEADS,
    PARTICIPLES,
    REPORT_WORDS,
    STATEMENT_VERBS,
    SUBORDINATORS,
    TAKES_OBJECT,
)


def report_cues(
    doc: Document, used: Collection[int], clause_subject: Callable[[int], Subject | None]
) -> list[tuple[int, Subject]]:
    """(verb, subject) for each report in text order; `used` are the verbs quotations took,
    `clause_subject` finds the subject of "…, saying"."""
    count = len(doc.words)
    found: list[tuple[int, Subject]] = []
    for verb in [token for token, folded in enumerate(doc.folded) if folded in REPORT_WORDS]:
        folded = doc.folded[verb]
        if doc.in_quote[verb] or verb in used:
            continue
        next_folded = doc.folded[verb + 1] if verb + 1 < count else ""
        subject: Subject | None = None
        if doc.is_verb[verb]:
            if not introduces_speech(doc, verb):
                continue
            subject = subject_before(doc, verb)
            # "…, said X"; Russian puts the subject after the verb at will ("Об этом сообщил X")
            inverted = verb > 0 and (doc.words[verb - 1] == "," or is_cyrillic(folded))
            if subject is None and inverted and folded not in TAKES_OBJECT:
                subject = subject_after(doc, verb + 1)
        elif folded in PARTICIPLES and verb and doc.words[verb - 1] in PARTICIPLE_LEADS:
            subject = clause_subject(verb)
        elif (folded, next_folded) == ("according", "to"):
            subject = subject_after(doc, verb + 2)
        elif (folded, next_folded) in (("called", "for"), ("calls", "for")):
            subject = subject_before(doc, verb)  # "Lichtblau called for a floor price"
        elif folded == "по" and next_folded in GENITIVE_CUES:
            subject = genitive_subject(doc, verb + 2)  # «по словам Сергея Копылова»
        elif folded in STATEMENT_VERBS:
            subject = _statement_owner(doc, verb)  # «В заявлении МВД говорится, что»
        if subject is not None and not _subordinate(doc, min(subject.first, verb)):
            found.append((verb, subject))
    return found


_STATEMENTS = ("заявлени", "сообщени", "коммюнике")
_STATEMENTS_BACK = 3  # sentences back to the statement whose owner the article named


def _statement_owner(doc: Document, verb: int) -> Subject | None:
    """Whose statement «В заявлении МВД говорится, что» or «…, — говорится в заявлении»
    quotes: the body or person named after «заявлении», here or, for a statement mentioned
    again («В заявлении также говорится»), where the article last named its owner a few
    sentences back; None when it never does."""
    sentence = doc.token_at(doc.sentence_start(doc.starts[verb]))
    window = range(max(sentence, verb - 12), min(len(doc.words), verb + 4))
    noun = next((t for t in window if doc.folded[t].startswith(_STATEMENTS)), -1)
    if noun < 1 or doc.folded[noun - 1] not in ("в", "во"):
        return None
    owner = genitive_subject(doc, noun + 1)
    if _owner(owner):
        return owner
    first = doc.token_at(doc.sentence_start(max(0, doc.starts[sentence] - 1)))
    for _ in range(_STATEMENTS_BACK):  # «В заявлении МВД, опубликованном в Facebook, …»
        for token in range(sentence - 1, first - 1, -1):
            if doc.folded[token].startswith(_STATEMENTS):
                found = genitive_subject(doc, token + 1)
                if found is not None and _owner(found):
                    # placed at this sentence's «заявлении», where the attribution is
                    return Subject(found.kind, found.value, noun, noun, genitive=found.genitive)
        if first == 0:
            break
        sentence, first = first, doc.token_at(doc.sentence_start(doc.starts[first] - 1))
    return None


def _owner(found: Subject | None) -> bool:
    """A statement's owner: a body, or a person named in full; a lone word in the genitive is
    more often a place («губернатора Оренбургской области», «Союза кинематографистов
    России»)."""
    if found is None:
        return False
    return found.kind == "org" or (found.kind == "name" and " " in found.value)


def _subordinate(doc: Document, first: int) -> bool:
    """The cue opens a clause of time ("after he said", «после того как признал»): what the
    sentence says is not his words."""
    before = doc.folded[first - 1] if first else ""
    if before == "как":
        return doc.folded[first - 2 : first - 1] == ["того"]
    return before in SUBORDINATORS
