"""The people an article names, and whom the subject of an attribution cue means.

People come from the runs of capitalised words that look like names; a later "he", "the
spokesman" or bare surname is resolved against the people named before it. Where it is unsure,
resolution leaves the speaker unknown: a wrong name under a quote misinforms, a missing one only
costs a byline.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import NamedTuple

from newsbot.speech.descriptions import describe_mention, match_description
from newsbot.speech.document import Document
from newsbot.speech.genders import gender_near
from newsbot.speech.name_context import possessive, roles_of, speaks_after, stands_as_subject
from newsbot.speech.name_runs import bad_name, role_at, run_name
from newsbot.speech.names import Names, fold, is_cyrillic, same_person
from newsbot.speech.org_speakers import OrgSpeakers
from newsbot.speech.organisations import org_words_in
from newsbot.speech.russian import nominative
from newsbot.speech.subject_before import subject_before
from newsbot.speech.subjects import Subject, opening_subject
from newsbot.speech.vocabulary import (
    ANONYMOUS,
    GENDERS,
    GENERIC_SPEAKERS,
    HIGH_ROLES,
    HONORIFICS,
    OPENERS,
    PLURAL_PRONOUNS,
    PRONOUNS,
    QUOTE_CHARS,
    ROLES,
    VERBS,
    Gender,
)


@dataclass(frozen=True, slots=True)
class Mention:
    """A person named at offset `start`, under their canonical `name`."""

    start: int
    name: str
    is_subject: bool  # stands where a clause subject stands, so "he" may refer to it
    speaks: bool  # the subject of a speech verb: "Michael Howard has said"


class _NameRun(NamedTuple):
    """A run of tokens `first`..`end` that names a person, the name's words and its title."""

    first: int
    end: int
    name: list[str]
    title: str | None


class People(OrgSpeakers):
    """The people of one text, and whom "he", "the President" or "Robson" means at a point.

    The half of `analysis.Analysis` that finds people and resolves references to them; the other
    half attributes quotations and reports. `Analysis.__init__` sets up the state declared here,
    then calls `_find_people`.
    """

    doc: Document
    body_start: int  # where the text proper begins, after the title
    names: Names
    mentions: list[Mention]
    unquoted_mentions: list[Mention]  # the candidate antecedents, sorted by start
    unquoted_mention_starts: list[int]
    role_holders: dict[str, list[tuple[int, str]]]  # (where named, person) by role
    extra_speakers: dict[str, int]  # speakers a cue names who are not among `names`, by offset
    genders: dict[str, Gender]
    main_person: str | None
    unnamed_cues: list[int]  # where speech is attributed to someone we cannot name
    unquoted_sentences: list[int]  # starts of sentences not inside a quotation
    narration_sentences: list[int]  # those of them that do not open with a quote mark
    organisations: set[str]  # folded runs of several words ruled out as names
    lone_names: set[str]  # folded one-word names not at a sentence start
    mention_at_token: dict[int, Mention]
    descriptions: list[tuple[str, str]]  # (person, the words around a mention of them)
    reported_sentences: set[int]  # starts of sentences a trailing cue reports ("…, he said.")

    # people

    def _find_people(self) -> None:
        """Runs of capitalised words that look like people become mentions; the ones outside
        quotations, and "the President" once a president has been named, are what a later
        "he said" may point back to."""
        doc = self.doc
        runs: list[_NameRun] = []
        organisations: set[str] = set()
        for first in doc.run_starts:
            end = doc.run_end[first]
            name, title = run_name(doc, first, end)
            if name and not bad_name(doc, name, first, end, title is not None):
                runs.append(_NameRun(first, end, name, title))
            elif len(name) > 1:
                organisations.add(fold(" ".join(name)))
        runs = [run for run in runs if fold(" ".join(run.name)) not in organisations]
        runs = _unglued(runs)
        self.organisations = organisations
        self._register(runs)
        self.lone_names = {
            fold(run.name[0])
            for run in runs
            if len(run.name) == 1 and run.first not in doc.sentence_first_tokens
        }
        evidence: dict[str, set[Gender]] = {}
        for first, end, name, title in runs:
            canonical = self.names.find(" ".join(name), doc.starts[first])
            if canonical is not None and (gender := gender_near(doc, first, end)):
                evidence.setdefault(canonical, set()).add(gender)
            if canonical is not None:
                is_subject = stands_as_subject(doc, first, end)
                mention = Mention(doc.starts[first], canonical, is_subject, speaks_after(doc, end))
                self.mentions.append(mention)
                if not doc.in_quote[first]:
                    self.unquoted_mentions.append(mention)
                    self._bind(first, end, title, canonical)
                    if doc.starts[first] >= self.body_start:
                        self.descriptions.append((canonical, describe_mention(doc, first, end)))
        self.genders.update(
            (person, genders.pop()) for person, genders in evidence.items() if len(genders) == 1
        )
        role_tokens = [
            token for token, folded in enumerate(doc.folded) if folded in ROLES or "-" in folded
        ]
        for token in role_tokens:
            role = role_at(doc, token)
            if role and not doc.in_quote[token] and not is_cyrillic(doc.folded[token]):
                subject = subject_before(doc, token + 1)
                if (
                    subject
                    and subject.kind == "role"
                    and (holder := self._holder(role, doc.starts[token]))
                ):
                    is_subject = stands_as_subject(doc, subject.first, token + 1)
                    speaks = speaks_after(doc, token + 1)
                    mention = Mention(doc.starts[subject.first], holder, is_subject, speaks)
                    self.unquoted_mentions.append(mention)
        self.unquoted_mentions.sort(key=lambda mention: mention.start)
        self.mention_at_token = {
            doc.token_at(mention.start): mention for mention in self.unquoted_mentions
        }

    def _register(self, runs: list[_NameRun]) -> None:
        """Keep full names unless they only ever open the headline ("Ailing EuroDisney vows …",
        "Budget Aston takes on …") with nothing else to show they are people: a title, a role,
        a repeat, or a speech verb. Each person is named by their commonest full form."""
        doc, draft, count = self.doc, Names(), len(self.doc.words)
        for first, _, name, _ in runs:
            if len(name) > 1:
                draft.add(" ".join(name), doc.starts[first])
        variants: dict[str, dict[str, int]] = {}
        confirmed: set[str] = set()
        for first, end, name, title in runs:
            found = draft.find(" ".join(name), doc.starts[first])
            if found is None:
                continue
            verb_after = end < count and doc.folded[end] in VERBS
            verb_before = first > 0 and doc.folded[first - 1] in VERBS
            if len(name) > 1:  # quoted speech may inflect or nickname; narration counts double
                forms = variants.setdefault(found, {})
                written = " ".join(name)
                forms[written] = forms.get(written, 0) + 2 - doc.in_quote[first]
                headline = (
                    doc.starts[first] < self.body_start and first in doc.sentence_first_tokens
                )
                colon = doc.words[end : end + 1] == [":"]  # "Blair: tax cuts are coming"
                speaks = verb_after or verb_before or colon
                if speaks or roles_of(doc, first, end, title) or not headline:
                    confirmed.add(found)
            elif (
                (title and title.casefold() in HONORIFICS)
                or verb_after
                or (verb_before and not possessive(doc, end))
            ):
                confirmed.add(found)
        confirmed |= {name for name, forms in variants.items() if sum(forms.values()) > 2}
        entries = sorted(entry for entries in draft.by_surname.values() for entry in entries)
        for pos, full in entries:
            if full in confirmed:
                # the commonest spelling: Russian inflects names ("Марию Алёхину" in a headline)
                forms = variants.get(full, {full: 1})
                # a form the article also writes in another case ("Владимира Машкова" and
                # "Владимир Машков") is the nominative of it, whichever is commoner
                undone = {nominative(form) for form in forms if nominative(form) != form}
                undone &= forms.keys()
                self.names.add(
                    max(forms, key=lambda form: (_nominative(form), form in undone, forms[form])),
                    pos,
                )
        for first, _, name, title in runs:
            honorific = title is not None and title.casefold().rstrip(".") in HONORIFICS
            if len(name) == 1 and honorific and not self.names.find(name[0], doc.starts[first]):
                self.names.add(f"{title} {name[0]}", doc.starts[first])

    def _bind(self, first: int, end: int, title: str | None, person: str) -> None:
        """Remember roles attached to a name so "the spokesman said" can be resolved later."""
        for role in roles_of(self.doc, first, end, title):
            self.role_holders.setdefault(role, []).append((self.doc.starts[first], person))

    def _unknown_role(self, subject: Subject, pos: int) -> bool:
        """ "the spokesman said" with no spokesman named: someone we cannot name is speaking."""
        return (
            subject.kind == "role"
            and subject.value in ANONYMOUS
            and not self._holder(subject.value, pos)
        )

    def _holder(self, role: str, pos: int) -> str | None:
        """The person named with `role` before `pos`, if only one person was: "the actor said"
        after two actors are named could be either."""
        holders = self.role_holders.get(role, [])
        index = bisect_right(holders, (pos, "\uffff")) - 1
        if index < 0 or len({person for _, person in holders[: index + 1]}) > 1:
            return None
        return holders[index][1]

    def _named_beside(self, person: str, role: str, pos: int) -> bool:
        """Before `pos`, `person` is named in a sentence that also speaks of `role` as someone:
        then the role is someone else ("Michael Howard has no doubt it is the prime minister
        who …")."""
        doc = self.doc
        sentences = {
            doc.sentence_start(doc.starts[token])
            for token in range(doc.token_at(self.body_start), doc.token_at(pos))
            if doc.folded[token] == role and not doc.in_quote[token]
        }
        return any(
            mention.name == person and doc.sentence_start(mention.start) in sentences
            for mention in self.mentions
            if mention.start < pos
        )

    def _narration_between(self, start: int, end: int) -> int:
        narration = self.narration_sentences
        return bisect_right(narration, end) - bisect_right(narration, start)

    def _sentences_between(self, start: int, end: int) -> int:
        sentences = self.unquoted_sentences
        return bisect_right(sentences, end) - bisect_right(sentences, start)

    def _antecedent(self, pos: int, last: str | None, gender: Gender | None = None) -> str | None:
        """Who "he" or "the President" means: the subject of the nearest sentence with a named
        subject, unless the previous quotation's speaker disagrees, in which case nobody; a
        subject in the sentence just before, in the same paragraph, wins regardless. For "she"
        or "he" (`gender`), people known to be of the other gender are passed over.

        `last` is that speaker, "" for someone unnamed ("said a Juventus official"), or None.
        """
        doc, person, adjacent, passed_over = self.doc, None, False, False
        if last and gender and self.genders.get(last, gender) != gender:
            last = None  # «Иван Петров заявил … Она сказала»: not him
        mentions, starts = self.unquoted_mentions, self.unquoted_mention_starts
        nearest = bisect_left(starts, pos) - 1
        earliest_paragraph = doc.paragraph_of(pos) - 1
        for index in range(nearest, max(-1, nearest - 30), -1):
            start = mentions[index].start
            if (
                doc.paragraph_of(start) < earliest_paragraph
                or self._narration_between(start, pos) > 2
            ):
                break
            if doc.sentence_start(start) in self.reported_sentences:
                continue  # "Tony Blair would lead, he said.": Blair is in what he said
            # "He joins …, but Stuart …"
            after_opener = doc.folded[doc.token_at(start) - 1] in OPENERS - {","}
            if not mentions[index].is_subject or (self._pronoun_led(start) and not after_opener):
                continue
            known = self.genders.get(mentions[index].name)
            if gender and known != gender and (known or passed_over):
                # past someone of the other gender, only someone known to be of this one
                passed_over = True
                continue
            if bisect_right(self.unnamed_cues, start) < bisect_left(self.unnamed_cues, pos):
                return None
            sentence_first = bisect_left(starts, doc.sentence_start(start))
            subjects = [
                mention
                for mention in mentions[sentence_first : index + 1]
                if mention.is_subject
                and (not gender or self.genders.get(mention.name, gender) == gender)
            ]
            if not subjects:
                continue
            person = next((mention for mention in subjects if mention.speaks), subjects[0]).name
            adjacent = (
                doc.paragraph_of(start) == earliest_paragraph + 1
                and self._sentences_between(start, pos) <= 1
            )
            break
        if person and last is not None and person != last and not adjacent:
            return None
        return person or last or None

    def _named_since(self, pos: int) -> bool:
        """Someone was named as a subject in the sentence before `pos` or in its own."""
        doc, starts = self.doc, self.unquoted_mention_starts
        previous = doc.sentence_start(max(0, doc.sentence_start(pos) - 1))
        first, end = bisect_left(starts, previous), bisect_left(starts, pos)
        return any(mention.is_subject for mention in self.unquoted_mentions[first:end])

    def _pronoun_led(self, pos: int) -> bool:
        """The sentence holding `pos` opens with "he" or "she": in "But he said Mr Blair had
        lost trust" or "He has worked on Finding Nemo", the name is not who a later "he" means."""
        doc = self.doc
        token, end = doc.token_at(doc.sentence_start(pos)), doc.token_at(pos)
        while token < end and (doc.folded[token] in OPENERS or doc.words[token] in QUOTE_CHARS):
            token += 1
        return token < end and doc.folded[token] in GENDERS

    def _speaker(self, subject: Subject, pos: int, last: str | None, strict: bool) -> str | None:
        """The person a cue's subject means at `pos`, or None when unsure. `strict` (for reported
        speech) also refuses lone words nobody else calls a person, such as "Nationwide"."""
        if subject.kind == "clause":
            inner = self._clause_subject(subject.first)
            return self._speaker(inner, pos, last, strict) if inner else None
        if subject.kind == "unnamed":
            return None
        if subject.kind in ("org", "org_ref"):
            person = self.names.find(subject.value, pos) if subject.kind == "org" else None
            if person and subject.genitive and person == subject.value:
                person = nominative(person)  # «по словам представителя СК Владимира Маркина»
                self.extra_speakers.setdefault(person, self.doc.starts[subject.first])
                return person
            if person and (person == subject.value or not org_words_in(subject.value)):
                return person  # "Tony Blair's spokesman said": his words; but "the National
                # Association of Purchasing Management-Chicago said" is no person in it
            partner, joined, other = subject.value.partition(" and ")
            if (
                subject.kind == "org"
                and joined
                and not org_words_in(other)  # "Morgan Stanley and Co Inc" stays the firm
                and not org_words_in(partner)  # so does "the Organisation for … and …"
                and (person := self.names.find(partner, pos))
            ):
                return person  # "Blair and Brown said": the first named, as for full names
            return self._org_speaker(subject, pos)
        if subject.kind == "described":  # "the American said": whoever was just named
            person = self._antecedent(pos, last)
            if person and person in (self.main_person, last):
                self.descriptions.append((person, f"the {subject.value}"))
                return person
            return None
        if subject.kind == "pronoun":
            if (body := self._spokesman_before(pos)) and not self._named_since(pos):
                return body  # "A company spokesman said …. He added …"
            if subject.value in PLURAL_PRONOUNS:
                # "they said": the firms that spoke together last ("X Inc and Y Ltd said"),
                # never the one person or the one firm ("it") named last
                joint = last is not None and last in self.org_speakers and " and " in last
                return last if joint else None
            if last in self.org_speakers:
                last = None  # "he" is no organisation that spoke last
            gender = GENDERS.get(subject.value)
            person = self._antecedent(pos, last, gender)
            if person and gender and self.genders.setdefault(person, gender) != gender:
                return None  # "he" cannot be the woman an earlier "she said" was
            return person
        if subject.kind == "role" and subject.described:
            doc = self.doc
            words = doc.text[doc.starts[subject.first] : doc.ends[subject.last]]
            named = [word for word in doc.words[subject.first : subject.last + 1] if word.istitle()]
            others = [  # «Адвокат Караджича»: not Караджич himself, whom the words name
                (person, text)
                for person, text in self.descriptions
                if not any(same_person(person, word) for word in named)
            ]
            return match_description(others, words)
        if subject.kind == "role":
            holder = self._holder(subject.value, pos)
            if holder is None and subject.value in HIGH_ROLES and not subject.weak:
                # "the President said" with no president named: only the article's main figure
                nearest = self._antecedent(pos, last)
                holder = nearest if nearest == self.main_person else None
                if holder and self._named_beside(holder, subject.value, pos):
                    holder = None  # "Michael Howard has no doubt it is the prime minister who"
            if holder:
                self.descriptions.append((holder, f"the {subject.value}"))
            return holder
        found = self.names.find(subject.value, pos)
        if subject.genitive and found in (None, subject.value):
            name = nominative(subject.value)  # «по словам Бартоломея Соханьского»
            self.extra_speakers.setdefault(name, self.doc.starts[subject.first])
            return name
        if found is None and " " not in subject.value and not subject.weak:
            found = self.names.by_first(subject.value)  # "— рассказал Андреа, —"
        if found is None and (body := self._org_speaker(subject, pos)):
            return body  # "Weatherford said", "MCA Inc said"
        if found is None and fold(subject.value) in self.organisations:
            return None
        known = fold(subject.value) in self.lone_names
        if found and " " not in subject.value and found != subject.value:
            written = _as_written(found, subject.value)
            if written != found:
                self.extra_speakers.setdefault(written, self.doc.starts[subject.first])
            return written
        if found:
            return found
        # a lone capitalised word nobody else calls a person may still be a speaker ("Glaxo
        # says …") unless the article writes it in lower case too ("Analysts said")
        folded = fold(subject.value)
        plausible = folded not in self.doc.lower_words and folded not in GENERIC_SPEAKERS
        if (subject.weak or (strict and " " not in subject.value)) and not (known or plausible):
            return None
        self.extra_speakers.setdefault(subject.value, self.doc.starts[subject.first])
        return subject.value

    # the subject of a clause

    def _clause_subject(self, verb: int) -> Subject | None:
        """The subject of "X …, saying: …" or "X … and added": the sentence's first person."""
        doc = self.doc
        sentence_first = doc.token_at(doc.sentence_start(doc.starts[verb]))
        lead = sentence_first
        while lead < verb and (doc.folded[lead] in OPENERS or doc.words[lead] in QUOTE_CHARS):
            lead += 1
        if lead < verb and (opening := opening_subject(doc, lead, verb)) is not None:
            return opening  # "A Treasury spokesperson dismissed …, saying"
        for token in range(max(sentence_first, verb - 40), verb):
            mention = self.mention_at_token.get(token)
            if mention is not None:
                return Subject("name", mention.name, token, token)
            if doc.folded[token] in PRONOUNS and not doc.in_quote[token]:
                return Subject("pronoun", doc.folded[token], token, token)
        return None


def _unglued(runs: list[_NameRun]) -> list[_NameRun]:
    """«Моралес Эдвард Сноуден» is Эдвард Сноуден after another name when the article also
    names him as «Эдвард Сноуден»: three Cyrillic words whose last two are a name of their
    own."""
    pairs = {fold(" ".join(run.name)) for run in runs if len(run.name) == 2}
    unglued: list[_NameRun] = []
    for run in runs:
        name = run.name
        if len(name) == 3 and is_cyrillic(name[0]) and fold(" ".join(name[1:])) in pairs:
            run = _NameRun(run.first + 1, run.end, name[1:], run.title)
        unglued.append(run)
    return unglued


def _as_written(canonical: str, surname: str) -> str:
    """The person's full name in the case the cue writes the surname in: "Саипов заявил" is
    Сайфулло Саипов, though the article named him in full only as "Сайфулло Саипова". The
    genitive is undone only when that gives the surname exactly as written."""
    last = canonical.split()[-1]
    if not is_cyrillic(last) or last == surname or nominative(last) != surname:
        return canonical
    return nominative(canonical)


def _nominative(name: str) -> bool:
    """A name whose last word does not end like a Russian oblique case ("Сергеем Антуфьевым"),
    so that the speaker line names the person in the nominative when the article ever does."""
    last = name.split()[-1].casefold()
    return not (is_cyrillic(last) and last.endswith(_OBLIQUE_SURNAMES))


_OBLIQUE_SURNAMES = ("ым", "ом", "ем", "ого", "ому", "ой", "ину", "ову", "еву", "ыми")


def most_mentioned(mentions: list[tuple[int, str]]) -> str | None:
    """Most mentions wins, then the earliest; a full name beats a bare word such as a company
    quoted often ("Turkcell said")."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for pos, name in sorted(mentions):
        counts[name] = counts.get(name, 0) + 1
        first.setdefault(name, pos)
    return max(first, key=lambda name: (" " in name, counts[name], -first[name])) if first else None
