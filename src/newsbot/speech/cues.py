"""Attribution cues: a speech verb and its subject, next to a quotation or in a sentence.

News prose attributes speech in a handful of set patterns ("…," X said / X said: "…" / «…», —
сказал X / "…," said the minister), so each cue is found by a bounded look-around over tokens.
Its subject is kept as written, a name, a pronoun, a role, the clause's subject or someone
unnamed, and resolved to a person later (`people.People._speaker`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newsbot.speech.document import Document
from newsbot.speech.name_runs import bad_name, role_at, role_named, run_name, split_run
from newsbot.speech.names import is_cyrillic
from newsbot.speech.vocabulary import (
    ADVERBS,
    HONORIFICS,
    INDEFINITE,
    PREPOSITIONS,
    PRONOUNS,
    QUOTE_CHARS,
    ROLE_MODIFIERS,
    UNNAMED,
    VERBS,
)

# How a subject must be resolved: a "name" as written, a "pronoun", a "role" noun, the "clause"
# subject ("… and added"), or someone "unnamed" ("a spokesman said": said by someone, but
# nobody we can name).
SubjectKind = Literal["name", "pronoun", "role", "clause", "unnamed"]


@dataclass(frozen=True, slots=True)
class Subject:
    """Who a cue names, in tokens `first`..`last`; `value` is the name, pronoun or role."""

    kind: SubjectKind
    value: str
    first: int
    last: int
    # a name: a lone sentence-initial word, trusted only if it is known; a role: one with a
    # complement ("the president of Fifa"), never taken to mean whoever was named last
    weak: bool = False


@dataclass(frozen=True, slots=True)
class Cue:
    """A speech verb and its subject, in tokens `first`..`last`; `immediate` when it sits right
    next to its quotation, which beats any cue further off."""

    subject: Subject
    first: int
    last: int
    verb: int
    immediate: bool


def unnamed_subject(token: int) -> Subject:
    """The subject of a cue that attributes speech to nobody we can name, placed at `token`."""
    return Subject("unnamed", "", token, token)


def _name_or_title(doc: Document, first: int, end: int) -> Subject | None:
    name, title = run_name(doc, first, end)
    if name:
        if bad_name(doc, name, first, end, title is not None):
            return None
        honorific = title is not None and title.casefold().rstrip(".") in HONORIFICS
        prefix = [title] if honorific and title and len(name) == 1 else []
        return Subject("name", " ".join(prefix + name), first, end - 1)
    if title is None or (first and doc.folded[first - 1] in INDEFINITE):
        return None
    role_first = first
    while role_first > max(0, first - 3) and doc.folded[role_first - 1] in ROLE_MODIFIERS:
        role_first -= 1
    if role_first and doc.folded[role_first - 1] == "the":
        role_first -= 1
    role = max(token for token in range(first, end) if _is_title(doc.folded[token]))
    return Subject("role", role_at(doc, role) or doc.folded[role], role_first, end - 1)


def _is_title(folded: str) -> bool:
    return folded in HONORIFICS or role_named(folded) is not None


def subject_before(doc: Document, verb: int) -> Subject | None:
    """The subject ending just before `verb`: "X said", "he said", "X, the minister, said"."""
    token = verb - 1
    for _ in range(2):
        if token >= 0 and doc.folded[token] in ADVERBS:
            token -= 1
    if token < 0:
        return None
    if doc.folded[token] in PRONOUNS:
        return Subject("pronoun", doc.folded[token], token, token)
    if doc.folded[token] in ("and", "и"):
        # "Coria conceded … and added": the sentence's subject
        return Subject("clause", "", token, token)
    if doc.words[token] == ",":
        return _appositive_subject(doc, token)
    token = _skip_postnominals(doc, token)
    if doc.run_first[token] >= 0 and doc.run_end[token] == token + 1:
        first = doc.run_first[token]
        titled = split_run(doc.run_words(first, token + 1))[1] is not None
        before = doc.folded[first - 1] if first else ""
        if first and before in PREPOSITIONS and not is_cyrillic(before) and not titled:
            # "Peter Misselbrook, executive partner of Tods Murray said": not the firm
            return _appositive_subject(doc, token + 1)
        subject = _name_or_title(doc, first, token + 1)
        if subject is None and first and before in INDEFINITE:
            return Subject("unnamed", "", first - 1, token)
        if (
            subject
            and subject.kind == "name"
            and " " not in subject.value
            and subject.first in doc.sentence_first_tokens
        ):
            return Subject("name", subject.value, subject.first, subject.last, weak=True)
        return subject
    role = role_at(doc, token)
    if role is None:
        return None
    if is_cyrillic(role):
        return Subject("role", role, token, token)
    for before_role in range(token - 1, max(-1, token - 5), -1):
        if doc.folded[before_role] == "the":
            return Subject("role", role, before_role, token)
        if doc.folded[before_role] in INDEFINITE:
            # "A Home Office spokesman said": someone unnamed
            return Subject("unnamed", "", before_role, token)
        if not doc.words[before_role][0].isalnum():
            return None
    return None


def _skip_postnominals(doc: Document, token: int) -> int:
    """Step back over "MP", "QC", "MEP" after a name."""
    words = doc.words
    while token > 0 and len(words[token]) > 1 and words[token].isupper() and words[token].isalpha():
        token -= 1
    return token


def _appositive_subject(doc: Document, end: int) -> Subject | None:
    """ "Ken Kutaragi, chief operating officer of Sony, said"; a full name inside the commas wins
    ("the Archbishop of Cardiff, the Most Reverend Peter Smith, told"). `end` is the token after
    the appositive."""
    window = range(end - 1, max(-1, end - 12), -1)
    comma = next((token for token in window if not doc.words[token][0].isalnum()), -1)
    if comma < 1 or doc.words[comma] != ",":
        return None
    name_last = _skip_postnominals(doc, comma - 1)
    run_ends = doc.run_end[name_last] == name_last + 1
    before = _name_or_title(doc, doc.run_first[name_last], name_last + 1) if run_ends else None
    first = before.first if before else comma + 1
    head = comma + 1  # the appositive's head, after "the" and titles: not "vice-president of RJ …"
    while (
        head < end
        and doc.run_first[head] != head
        and (doc.folded[head] == "the" or _describes(doc, head))
    ):
        head += 1
    run_starts = head < end and doc.run_first[head] == head
    inner = _name_or_title(doc, head, doc.run_end[head]) if run_starts else None
    owner = inner is not None and doc.words[inner.last].endswith(("'s", "’s"))  # "Christian Aid's"
    if inner and inner.kind == "name" and " " in inner.value and not owner:
        return Subject("name", inner.value, first, end - 1)
    if before is None or before.kind != "name":
        return None
    return Subject("name", before.value, first, end - 1, weak=" " not in before.value)


def subject_after(doc: Document, first: int) -> Subject | None:
    """The subject right after a verb, from token `first`: "said Robson", "said Nationwide
    economist Alex Bannister", "concluded the First President", "— сказал в эфире главный
    редактор Ричард Стенгел"."""
    count = len(doc.words)
    if first >= count:
        return None
    if doc.folded[first] in PRONOUNS:
        return Subject("pronoun", doc.folded[first], first, first)
    if doc.folded[first] in ("a", "an"):
        return None  # "said a Vodafone spokesman": someone unnamed
    named: Subject | None = None
    role: Subject | None = None
    token = first + 1 if doc.folded[first] == "the" else first
    while token < min(count, first + 12) and (token == first or doc.same_line(token - 1, token)):
        word, folded = doc.words[token], doc.folded[token]
        if doc.run_first[token] == token:
            run_end = doc.run_end[token]
            subject = _name_or_title(doc, token, run_end)
            if doc.words[run_end - 1].endswith(("'s", "’s")):
                # "said Aguilera's agent Meghan Prophet": the agent speaks
                token = run_end + (run_end < count and doc.words[run_end].islower())
                continue
            if subject and subject.kind == "name":
                named = _after_role(doc, subject, first)
            elif subject and role is None:
                role = subject
            token = run_end
        elif role_named(folded) or folded in ROLE_MODIFIERS:
            if role is None and (named_role := role_at(doc, token)):
                role = Subject("role", named_role, first, token)
            token += 1
        elif (is_cyrillic(word) and word.islower()) or (
            len(word) > 1 and word.isupper() and word.isalpha()
        ):
            token += 1  # Russian puts adverbials and genitives between verb and name
        elif word[:1].isupper() and word.endswith(("'s", "’s")):
            token += 1  # "said MSN's Blake Irving"
        elif (
            word.isalpha()
            and word.islower()
            and any(role_named(later) for later in doc.folded[token + 1 : token + 3])
        ):
            token += 1  # "said union leader Vincenzo Lilliu"
        else:
            break
    if named is not None and (doc.folded[first] != "the" or " " in named.value):
        return named
    if role is None:
        return None
    # "the president of Fifa", "президент Фонда прав человека": someone else's president
    complement = token > role.last + 1 or doc.folded[token : token + 1] == ["of"]
    return Subject("role", role.value, first, role.last, weak=complement)


def _after_role(doc: Document, subject: Subject, first: int) -> Subject | None:
    """A name after a verb is the speaker if it comes first, is a full name, or follows a role
    that describes it."""
    if subject.first == first or " " in subject.value:
        return subject
    before = doc.folded[subject.first - 1]
    if role_named(before) or before in HONORIFICS:
        # "economist Bannister" names him; "представитель Обамы" is Obama's spokesman.
        return None if is_cyrillic(before) else subject
    return None  # "сообщила об этом в своем Instagram": a lone word after others is no speaker


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
    if folded in VERBS or (folded == "according" and doc.folded[token + 1 : token + 2] == ["to"]):
        subject = subject_after(doc, token + (1 if folded in VERBS else 2))
        last = subject.last if subject else token
        return Cue(subject or unnamed_subject(token), token, last, token, True)
    cue = _subject_verb_at(doc, token)
    punctuated = skipped > 0 or (before >= 0 and doc.text[before] in ",.!?…—-'’")
    return cue if cue is None or punctuated or loose_cue(doc, cue.subject, cue.verb) else None


def loose_cue(doc: Document, subject: Subject, verb: int) -> bool:
    """Without punctuation closing the quotation, "X said" attributes it only when X is a pronoun
    or the verb ends the clause: '"…" Serena continued.', not 'it was "plain" Iraq continued to'."""
    after = doc.words[verb + 1 : verb + 2]
    return subject.kind == "pronoun" or not after or after[0] in ".,;!?"


def _describes(doc: Document, token: int) -> bool:
    """Words that may stand before a name in a subject: "chairman", "chief executive", "LSE"."""
    word, folded = doc.words[token], doc.folded[token]
    return (
        bool(role_named(folded))
        or folded in ROLE_MODIFIERS
        or doc.run_first[token] >= 0
        or word.isupper()
    )


def _subject_verb_at(doc: Document, first: int) -> Cue | None:
    """A cue "X said" / "X, the minister, said" beginning exactly at token `first`."""
    for verb in range(first + 1, min(len(doc.words), first + 14)):
        word = doc.words[verb]
        if word in ".!?…" or word in QUOTE_CHARS or doc.in_quote[verb]:
            return None
        if doc.folded[verb] in VERBS:
            subject = subject_before(doc, verb)
            if (
                subject
                and subject.first >= first
                and all(_describes(doc, token) for token in range(first, subject.first))
            ):
                return Cue(subject, first, verb, verb, True)
            # "the firm said", "it said", "a spokesman said": attributed, but to nobody we name
            unnamed = verb <= first + 3 and doc.folded[first] in UNNAMED
            return Cue(unnamed_subject(first), first, verb, verb, True) if unnamed else None
    return None
