"""The people an article names, and whom the subject of an attribution cue means.

People come from the runs of capitalised words that look like names; a later "he", "the
spokesman" or bare surname is resolved against the people named before it. Where it is unsure,
resolution leaves the speaker unknown: a wrong name under a quote misinforms, a missing one only
costs a byline.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from newsbot.speech.cues import Subj, subject_before
from newsbot.speech.document import Doc
from newsbot.speech.name_runs import bad_name, role_at, role_named, run_name
from newsbot.speech.names import Names, fold, is_cyrillic
from newsbot.speech.vocabulary import (
    ADVERBS,
    ANONYMOUS,
    CLAUSE_LEADS,
    GENDERS,
    HIGH_ROLES,
    HONORIFICS,
    OBJECTS,
    OPENERS,
    PRONOUNS,
    QUOTE_CHARS,
    ROLE_MODIFIERS,
    ROLES,
    RU_PREPS,
    VERBS,
)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    name: str
    subject: bool  # stands where a clause subject stands, so "he" may refer to it
    speaks: bool  # the subject of a speech verb: "Michael Howard has said"


class People:
    """The people of one text, and whom "he", "the President" or "Robson" means at a point.

    The half of `analysis.Analysis` that finds people and resolves references to them; the other
    half attributes quotations and reports. `Analysis.__init__` sets up the state declared here,
    then calls `_find_people`.
    """

    doc: Doc
    body: int
    names: Names
    mentions: list[Mention]
    out: list[Mention]
    bindings: dict[str, list[tuple[int, str]]]
    extra: dict[str, int]
    genders: dict[str, str]
    out_starts: list[int]
    main: str | None
    unnamed: list[int]
    out_sents: list[int]
    narration: list[int]

    # people

    def _find_people(self) -> None:
        """Runs of capitalised words that look like people become mentions; the ones outside
        quotations, and "the President" once a president has been named, are what a later
        "he said" may point back to."""
        doc = self.doc
        runs: list[tuple[int, int, list[str], str | None]] = []
        orgs: set[str] = set()
        for a in doc.run_starts:
            b = doc.run_end[a]
            name, title = run_name(doc, a, b)
            if name and not bad_name(doc, name, a, b, title is not None):
                runs.append((a, b, name, title))
            elif len(name) > 1:
                orgs.add(fold(" ".join(name)))
        runs = [r for r in runs if fold(" ".join(r[2])) not in orgs]
        self.orgs = orgs
        self._register(runs)
        self.singles = {fold(r[2][0]) for r in runs if len(r[2]) == 1 and r[0] not in doc.sent_toks}
        for a, b, name, title in runs:
            canonical = self.names.find(" ".join(name), doc.starts[a])
            if canonical is not None:
                subject = self._is_subject(a, b)
                mention = Mention(doc.starts[a], canonical, subject, self._speaks(b))
                self.mentions.append(mention)
                if not doc.in_quote[a]:
                    self.out.append(mention)
                    self._bind(a, b, title, canonical)
        for k in [k for k, low in enumerate(doc.low) if low in ROLES or "-" in low]:
            low = doc.low[k]
            role = role_at(doc, k)
            if role and not doc.in_quote[k] and not is_cyrillic(low):
                subj = subject_before(doc, k + 1)
                if subj and subj.kind == "role" and (bound := self._bound(role, doc.starts[k])):
                    subject = self._is_subject(subj.first, k + 1)
                    self.out.append(
                        Mention(doc.starts[subj.first], bound, subject, self._speaks(k + 1))
                    )
        self.out.sort(key=lambda m: m.start)
        self.mention_at = {doc.tok_at(m.start): m for m in self.out}

    def _register(self, runs: list[tuple[int, int, list[str], str | None]]) -> None:
        """Keep full names unless they only ever open the headline ("Ailing EuroDisney vows …",
        "Budget Aston takes on …") with nothing else to show they are people: a title, a role,
        a repeat, or a speech verb. Each person is named by their commonest full form."""
        doc, draft, n = self.doc, Names(), len(self.doc.words)
        for a, _, name, _ in runs:
            if len(name) > 1:
                draft.add(" ".join(name), doc.starts[a])
        variants: dict[str, dict[str, int]] = {}
        confirmed: set[str] = set()
        for a, b, name, title in runs:
            found = draft.find(" ".join(name), doc.starts[a])
            if found is None:
                continue
            if len(name) > 1:  # quoted speech may inflect or nickname; narration counts double
                forms = variants.setdefault(found, {})
                forms[" ".join(name)] = forms.get(" ".join(name), 0) + 2 - doc.in_quote[a]
                speaks = (b < n and doc.low[b] in VERBS) or (a > 0 and doc.low[a - 1] in VERBS)
                headline = doc.starts[a] < self.body and a in doc.sent_toks
                speaks = speaks or doc.words[b : b + 1] == [":"]  # "Blair: tax cuts are coming"
                if speaks or self._roles_of(a, b, title) or not headline:
                    confirmed.add(found)
            elif (
                (title and title.casefold() in HONORIFICS)
                or (b < n and doc.low[b] in VERBS)
                or (a > 0 and doc.low[a - 1] in VERBS and not self._possessive(b))
            ):
                confirmed.add(found)
        confirmed |= {name for name, forms in variants.items() if sum(forms.values()) > 2}
        for pos, full in sorted(e for entries in draft.by_key.values() for e in entries):
            if full in confirmed:
                # the commonest spelling: Russian inflects names ("Марию Алёхину" in a headline)
                forms = variants.get(full, {full: 1})
                self.names.add(max(forms, key=forms.__getitem__), pos)
        for a, _, name, title in runs:
            honorific = title is not None and title.casefold().rstrip(".") in HONORIFICS
            if len(name) == 1 and honorific and not self.names.find(name[0], doc.starts[a]):
                self.names.add(f"{title} {name[0]}", doc.starts[a])

    def _speaks(self, b: int, appositive: bool = True) -> bool:
        """A speech verb follows the name ending at token b: "Michael Howard has said", and with
        `appositive`, "Kostas Panagopoulos, said"."""
        doc = self.doc
        b += appositive and b < len(doc.words) and doc.words[b] == ","
        for k in range(b, min(b + 3, len(doc.words))):
            if doc.low[k] in VERBS:
                return True
            if doc.low[k] not in ADVERBS:
                return False
        return False

    def _possessive(self, b: int) -> bool:
        doc = self.doc
        return doc.words[b - 1].endswith(("'s", "’s")) or (
            b < len(doc.words) and doc.words[b] in "'’"
        )

    def _is_subject(self, a: int, b: int) -> bool:
        """Whether the name in tokens a..b stands where a clause's subject stands, so that a later
        "he" can mean it: "Mr Abbas said", not "talks with Mr Blair" or "Tony Blair's spokesman"."""
        doc = self.doc
        if self._possessive(b):
            return False
        k = a - 1
        while k >= max(0, a - 8) and k + 1 not in doc.sent_toks and doc.joined(k, k + 1):
            w, low = doc.words[k], doc.low[k]
            attached = role_named(low) or low in ROLE_MODIFIERS or low in ("the", "a", "an")
            if not (attached or doc.run_first[k] >= 0 or (len(w) > 1 and w.isupper())):
                break
            k -= 1
        if is_cyrillic(doc.words[a]) and k >= 0 and doc.low[k] not in RU_PREPS:
            return True  # Russian word order is free; a name not after a preposition may lead
        if self._speaks(b, appositive=False) or k < 0 or k + 1 in doc.sent_toks:
            return True
        if (doc.low[k - 1 : k + 1]) in (["according", "to"], ["по", "словам"]):
            return True
        after = doc.low[b : b + 2]
        if doc.low[k] in VERBS:
            # a name right after "said" leads only in an inverted cue ('"…," said Robson', "…
            # said Mr Owen."), not in "he said Mr Blair had lost trust"
            cued = k > 0 and doc.words[k - 1] in QUOTE_CHARS + ",—–-"
            appositive = after[:1] == [","] and after[1:] in (["a"], ["an"], ["the"])
            ends = not after or after[0] in ".;!?" or appositive  # "said Jane Doe, an analyst"
            return cued or ends
        if doc.low[k] not in CLAUSE_LEADS:
            return False
        listed = (
            after[:1] in ([","], ["and"]) and b + 1 < len(doc.words) and doc.run_first[b + 1] >= 0
        )
        if listed:
            return False  # "Paolo Maldini and Alessandro Costacurta"
        if doc.low[k] == "," and after[:1] == [","]:
            # an appositive leads after a title ("…President of Kazakhstan, Nursultan
            # Nazarbayev,"), not after a verb ("the woman she played, Katharine Hepburn,")
            before = doc.low[k - 1] if k > 0 else ""
            return not (before.endswith("ed") or before in VERBS or before in OBJECTS)
        return True

    def _roles_of(self, a: int, b: int, title: str | None) -> list[str]:
        """Role nouns attached to the name in tokens a..b: "Lib Dem spokesman Vince Cable",
        "The First President of Kazakhstan, Nursultan Nazarbayev,", "Paul Myers, chief of …"."""
        doc, n = self.doc, len(self.doc.words)
        titles = [k for k in range(a, b) if role_named(doc.low[k])] if title else []
        roles = [r for r in [role_at(doc, titles[-1]) if titles else None] if r]
        windows = [range(a - 1, max(-1, a - 4), -1)]
        if a >= 2 and doc.words[a - 1] == "," and b < n and doc.words[b] == ",":
            windows.append(range(a - 2, max(-1, a - 8), -1))
        if b + 1 < n and doc.words[b] == ",":
            windows.append(range(b + 1, min(n, b + 5)))
        for window in windows:
            for k in window:
                if not doc.words[k][0].isalnum():
                    break
                if role := role_at(doc, k):
                    roles.append(role)
                    break
        return roles

    def _bind(self, a: int, b: int, title: str | None, person: str) -> None:
        """Remember roles attached to a name so "the spokesman said" can be resolved later."""
        for role in self._roles_of(a, b, title):
            self.bindings.setdefault(role, []).append((self.doc.starts[a], person))

    def _unknown_role(self, subj: Subj, pos: int) -> bool:
        """ "the spokesman said" with no spokesman named: someone we cannot name is speaking."""
        return subj.kind == "role" and subj.value in ANONYMOUS and not self._bound(subj.value, pos)

    def _bound(self, role: str, pos: int) -> str | None:
        bound = self.bindings.get(role, [])
        k = bisect_right(bound, (pos, "\uffff")) - 1
        return bound[k][1] if k >= 0 else None

    def _narration_between(self, a: int, b: int) -> int:
        return bisect_right(self.narration, b) - bisect_right(self.narration, a)

    def _sents_between(self, a: int, b: int) -> int:
        return bisect_right(self.out_sents, b) - bisect_right(self.out_sents, a)

    def _antecedent(self, pos: int, last: str | None) -> str | None:
        """Who "he" or "the President" means: the subject of the nearest sentence with a named
        subject, unless the previous quotation's speaker disagrees, in which case nobody; a
        subject in the sentence just before, in the same paragraph, wins regardless.

        `last` is that speaker, "" for someone unnamed ("said a Juventus official"), or None.
        """
        doc, subject, adjacent = self.doc, None, False
        nearest = bisect_left(self.out_starts, pos) - 1
        floor = doc.para_of(pos) - 1
        for k in range(nearest, max(-1, nearest - 30), -1):
            start = self.out[k].start
            if doc.para_of(start) < floor or self._narration_between(start, pos) > 2:
                break
            led = doc.low[doc.tok_at(start) - 1] in OPENERS - {","}  # "He joins …, but Stuart …"
            if not self.out[k].subject or (self._pronoun_led(start) and not led):
                continue
            if bisect_right(self.unnamed, start) < bisect_left(self.unnamed, pos):
                return None
            first = bisect_left(self.out_starts, doc.sent_start(start))
            subjects = [m for m in self.out[first : k + 1] if m.subject]
            subject = next((m for m in subjects if m.speaks), subjects[0]).name
            adjacent = doc.para_of(start) == floor + 1 and self._sents_between(start, pos) <= 1
            break
        if subject and last is not None and subject != last and not adjacent:
            return None
        return subject or last or None

    def _pronoun_led(self, pos: int) -> bool:
        """The sentence holding `pos` opens with "he" or "she": in "But he said Mr Blair had
        lost trust" or "He has worked on Finding Nemo", the name is not who a later "he" means."""
        doc = self.doc
        u, end = doc.tok_at(doc.sent_start(pos)), doc.tok_at(pos)
        while u < end and (doc.low[u] in OPENERS or doc.words[u] in QUOTE_CHARS):
            u += 1
        return u < end and doc.low[u] in GENDERS

    def _speaker(self, subj: Subj, pos: int, last: str | None, strict: bool) -> str | None:
        """The person a cue's subject means at `pos`, or None when unsure. `strict` (for reported
        speech) also refuses lone words nobody else calls a person, such as "Nationwide"."""
        if subj.kind == "clause":
            inner = self._clause_subject(subj.first)
            return self._speaker(inner, pos, last, strict) if inner else None
        if subj.kind == "none":
            return None
        if subj.kind == "pron":
            person, gender = self._antecedent(pos, last), GENDERS.get(subj.value)
            if person and gender and self.genders.setdefault(person, gender) != gender:
                return None  # "he" cannot be the woman an earlier "she said" was
            return person
        if subj.kind == "role":
            bound = self._bound(subj.value, pos)
            if bound or subj.value not in HIGH_ROLES or subj.weak:
                return bound
            # "the President said" with no president named: only the article's main figure
            nearest = self._antecedent(pos, last)
            return nearest if nearest == self.main else None
        found = self.names.find(subj.value, pos)
        if found is None and fold(subj.value) in self.orgs:
            return None
        known = fold(subj.value) in self.singles
        if found or (subj.weak and not known) or (strict and " " not in subj.value):
            return found
        self.extra.setdefault(subj.value, self.doc.starts[subj.first])
        return subj.value

    # the subject of a clause

    def _clause_subject(self, v: int) -> Subj | None:
        """The subject of "X …, saying: …" or "X … and added": the sentence's first person."""
        doc = self.doc
        for t in range(max(doc.tok_at(doc.sent_start(doc.starts[v])), v - 40), v):
            mention = self.mention_at.get(t)
            if mention is not None:
                return Subj("name", mention.name, t, t)
            if doc.low[t] in PRONOUNS and not doc.in_quote[t]:
                return Subj("pron", doc.low[t], t, t)
        return None


def most_mentioned(mentions: list[tuple[int, str]]) -> str | None:
    """Most mentions wins, then the earliest; a full name beats a bare word such as a company
    quoted often ("Turkcell said")."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for pos, name in sorted(mentions):
        counts[name] = counts.get(name, 0) + 1
        first.setdefault(name, pos)
    return max(first, key=lambda p: (" " in p, counts[p], -first[p])) if first else None
