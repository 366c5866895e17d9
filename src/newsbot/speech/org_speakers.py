"""Which organisation a cue's subject means: one named ("CECOS said"), one referred to ("it
said", "the company said", "a spokesman said"), or one a spokesman speaks for.

The half of the people side that deals with bodies rather than persons. Before quotations are
attributed, every speech verb whose subject names an organisation is noted in text order
(`_find_organisations`), so that a later "it said" means the organisation that spoke last, and
only when no other one has opened a sentence since (`organisations.Organisations.last_speaker`).
"""

from __future__ import annotations

from newsbot.speech.document import Document
from newsbot.speech.names import Names, fold, is_cyrillic
from newsbot.speech.organisations import (
    Organisations,
    is_acronym,
    name_ending,
    name_starting,
    org_words_in,
    with_body_noun,
)
from newsbot.speech.subject_after import subject_after
from newsbot.speech.subject_before import subject_before
from newsbot.speech.subjects import Subject
from newsbot.speech.vocabulary import (
    DEMONYMS,
    HONORIFICS,
    NOT_ACRONYMS,
    PARTICIPLES,
    ROLES,
    SPOKES,
)

_PARAGRAPHS_BACK = 4  # how far back "it said" may look for the organisation that spoke


class OrgSpeakers:
    """Organisations as speakers for `people.People`; `_find_organisations` runs after the
    people are found, before any quotation is attributed."""

    doc: Document
    body_start: int
    names: Names
    organisations: set[str]  # folded runs of several words ruled out as names
    lone_names: set[str]
    orgs: Organisations
    org_speakers: dict[str, int]  # organisations that speak, by where they first do

    def _find_organisations(self) -> None:
        """Every organisation named, with the acronym in brackets after it ("Middle East
        Economic Survey (MEES)"), and those opening a sentence; then every speech verb whose
        subject names one."""
        doc = self.doc
        self.orgs = orgs = Organisations()
        self.org_speakers = {}
        token, count, words = 0, len(doc.words), doc.words
        while token < count:
            # a name starts with a word that may be a name's, or with an acronym
            opens = doc.is_name_word[token] or (len(words[token]) > 1 and words[token].isupper())
            found = name_starting(doc, token) if opens else None
            if found is None:
                token += 1
                continue
            title = doc.starts[token] < self.body_start and doc.words[token].isupper()
            name, last = _without_people(found.name), found.last
            if name == found.name:
                found = with_body_noun(doc, found)
                name, last = found.name, found.last
            alias = doc.words[last + 2] if doc.words[last + 2 : last + 4][1:] == [")"] else ""
            alias = alias if doc.words[last + 1 : last + 2] == ["("] else ""
            named = bool(alias) and _abbreviates(alias, name)  # "Middle East Survey (MES)"
            if name and not title and (org_words_in(name) or is_acronym(name) or named):
                orgs.remember(name, alias if named else "")
                orgs.mentions.append((doc.starts[token], orgs.canonical(name)))
                opens = token in doc.sentence_first_tokens or (
                    token - 1 in doc.sentence_first_tokens and doc.folded[token - 1] == "the"
                )
                if opens and name == found.name:  # not "Saudi Oil Minister Hisham Nazer"
                    orgs.opens_sentence(doc.starts[token], orgs.canonical(name))
            token = last + 1
        for verb, folded in enumerate(doc.folded):
            if (not doc.is_verb[verb] and folded not in PARTICIPLES) or doc.in_quote[verb]:
                continue
            subject = subject_before(doc, verb)
            inverted = verb and (doc.words[verb - 1] in ",—–-" or is_cyrillic(folded))
            if subject is None and inverted:
                subject = subject_after(doc, verb + 1)
            speaker = self._as_org(subject) if subject is not None else None
            if subject is not None and speaker is not None:
                spokes = any(doc.folded[token] in SPOKES for token in range(subject.first, verb))
                orgs.spoke(doc.starts[min(subject.first, verb)], speaker, spokes)

    def _as_org(self, subject: Subject) -> str | None:
        """The organisation a subject names outright, by its fullest name, or None."""
        doc = self.doc
        if subject.kind == "org":
            if self.names.find(subject.value, doc.starts[subject.first]) is not None:
                return None  # "Tony Blair's spokesman": a person's
            return self.orgs.canonical(subject.value)
        if subject.kind != "name":
            return None
        pos = doc.starts[subject.first]
        if self.names.find(subject.value, pos) is not None:
            return None
        found = name_ending(doc, subject.last)
        if found is not None and found.first < subject.first and org_words_in(found.name):
            return self.orgs.canonical(found.name)  # "JP Morgan said"
        folded = fold(subject.value)
        if folded in self.organisations:
            return self.orgs.canonical(subject.value)
        if self.orgs.is_known(subject.value):
            # a capitalised word opening a sentence ("Bankers said") is that organisation only
            # when it is what the story is about: it has spoken or opened a sentence before
            name = self.orgs.canonical(subject.value)
            return name if not subject.weak or self.orgs.is_topic(name) else None
        if " " not in subject.value and folded in self.lone_names and folded not in DEMONYMS:
            return subject.value  # "Marsh said", "Oxfam says": a lone name nobody else bears
        return None

    def _org_speaker(self, subject: Subject, pos: int) -> str | None:
        """The organisation speaking through `subject` at `pos`: named, or the one that spoke
        last for "it", "the company" and an unnamed spokesman."""
        doc = self.doc
        if subject.kind == "org_ref":
            paragraph = max(0, doc.paragraph_of(pos) - _PARAGRAPHS_BACK)
            since = doc.paragraph_starts[paragraph]
            if subject.value == "spokesman":  # "a spokesman said": this paragraph or the last
                since = doc.paragraph_starts[max(0, doc.paragraph_of(pos) - 1)]
            near = doc.sentence_start(max(0, doc.sentence_start(pos) - 1))
            name = self.orgs.last_speaker(pos, subject.value, since, near)
        else:
            name = self._as_org(subject)
        if name:
            self.org_speakers.setdefault(name, pos)
        return name

    def _spokesman_before(self, pos: int) -> str | None:
        """ "A company spokesman said …. He said …": the organisation whose spokesman spoke in
        the sentence before `pos`, if any."""
        doc = self.doc
        previous = doc.sentence_start(max(0, doc.sentence_start(pos) - 1))
        return self.orgs.spokesman_since(pos, previous)


def _abbreviates(acronym: str, name: str) -> bool:
    """ "MEES" for the Middle East Economic Survey, "CAS" for the North American Court of
    Arbitration for Sport, not "SARFT" for "Film and Television"."""
    initials = "".join(word[0] for word in name.split() if word[:1].isupper())
    return is_acronym(acronym) and initials.upper().endswith(acronym.replace(".", "").upper())


def _without_people(name: str) -> str:
    """An organisation's name up to the first title or role in it: "Conservative MP David
    Davis" is the Conservatives' David Davis, not an organisation."""
    kept: list[str] = []
    for word in name.split():
        folded = fold(word.rstrip("."))
        if folded in ROLES or folded in HONORIFICS or folded in NOT_ACRONYMS:
            break
        kept.append(word)
    if len(kept) == 1 and fold(kept[0]) in DEMONYMS:
        return ""
    return " ".join(kept)
