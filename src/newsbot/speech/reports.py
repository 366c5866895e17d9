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
        elif folded == "по" and next_folded in GENITIVE_CUES:
            subject = genitive_subject(doc, verb + 2)  # «по словам Сергея Копылова»
        if subject is not None and not _subordinate(doc, min(subject.first, verb)):
            found.append((verb, subject))
    return found


def _subordinate(doc: Document, first: int) -> bool:
    """The cue opens a clause of time ("after he said", «после того как признал»): what the
    sentence says is not his words."""
    before = doc.folded[first - 1] if first else ""
    if before == "как":
        return doc.folded[first - 2 : first - 1] == ["того"]
    return before in SUBORDINATORS
