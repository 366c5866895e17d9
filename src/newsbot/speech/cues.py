"""Attribution cues: a speech verb and its subject, next to a quotation or in a sentence.

News prose attributes speech in a handful of set patterns ("…," X said / X said: "…" / «…», —
сказал X / "…," said the minister), so each cue is found by a bounded look-around over tokens.
Its subject is kept as written, a name, a pronoun, a role, the clause's subject or someone
unnamed, and resolved to a person later (`people.People._speaker`).
"""

from __future__ import annotations

from dataclasses import dataclass

from newsbot.speech.document import Doc
from newsbot.speech.name_runs import bad_name, role_at, role_named, run_name, split_run
from newsbot.speech.names import is_cyrillic
from newsbot.speech.vocabulary import (
    ADVERBS,
    HONORIFICS,
    INDEFINITE,
    PREPS,
    PRONOUNS,
    QUOTE_CHARS,
    ROLE_MODIFIERS,
    UNNAMED,
    VERBS,
)


@dataclass(frozen=True, slots=True)
class Subj:
    """Who a cue names, kept apart by how it must be resolved: a "name" as written, a "pron"oun,
    a "role" noun, the "clause" subject ("… and added"), or "none" ("a spokesman said": said by
    someone, but nobody we can name). Tokens first..last."""

    kind: str
    value: str
    first: int
    last: int
    # a name: a lone sentence-initial word, trusted only if it is known; a role: one with a
    # complement ("the president of Fifa"), never taken to mean whoever was named last
    weak: bool = False


@dataclass(frozen=True, slots=True)
class Cue:
    subj: Subj
    first: int
    last: int
    verb: int
    immediate: bool


def _name_or_title(doc: Doc, a: int, b: int) -> Subj | None:
    name, title = run_name(doc, a, b)
    if name:
        if bad_name(doc, name, a, b, title is not None):
            return None
        honorific = title is not None and title.casefold().rstrip(".") in HONORIFICS
        prefix = [title] if honorific and title and len(name) == 1 else []
        return Subj("name", " ".join(prefix + name), a, b - 1)
    if title is None or (a and doc.low[a - 1] in INDEFINITE):
        return None
    first = a
    while first > max(0, a - 3) and doc.low[first - 1] in ROLE_MODIFIERS:
        first -= 1
    first = first - 1 if first and doc.low[first - 1] == "the" else first
    t = max(k for k in range(a, b) if doc.low[k] in HONORIFICS or role_named(doc.low[k]))
    return Subj("role", role_at(doc, t) or doc.low[t], first, b - 1)


def subject_before(doc: Doc, v: int) -> Subj | None:
    """The subject ending just before verb token v: "X said", "he said", "X, the minister, said"."""
    i = v - 1
    for _ in range(2):
        if i >= 0 and doc.low[i] in ADVERBS:
            i -= 1
    if i < 0:
        return None
    if doc.low[i] in PRONOUNS:
        return Subj("pron", doc.low[i], i, i)
    if doc.low[i] in ("and", "и"):
        return Subj("clause", "", i, i)  # "Coria conceded … and added": the sentence's subject
    if doc.words[i] == ",":
        return _appositive_subject(doc, i)
    i = _skip_postnominals(doc, i)
    if doc.run_first[i] >= 0 and doc.run_end[i] == i + 1:
        a = doc.run_first[i]
        titled = split_run(doc.run_words(a, i + 1))[1] is not None
        if a and doc.low[a - 1] in PREPS and not is_cyrillic(doc.low[a - 1]) and not titled:
            # "Peter Misselbrook, executive partner of Tods Murray said": not the firm
            return _appositive_subject(doc, i + 1)
        subj = _name_or_title(doc, a, i + 1)
        if subj is None and a and doc.low[a - 1] in INDEFINITE:
            return Subj("none", "", a - 1, i)
        if subj and subj.kind == "name" and " " not in subj.value and subj.first in doc.sent_toks:
            return Subj("name", subj.value, subj.first, subj.last, weak=True)
        return subj
    role = role_at(doc, i)
    if role is None:
        return None
    if is_cyrillic(role):
        return Subj("role", role, i, i)
    for k in range(i - 1, max(-1, i - 5), -1):
        if doc.low[k] == "the":
            return Subj("role", role, k, i)
        if doc.low[k] in INDEFINITE:
            return Subj("none", "", k, i)  # "A Home Office spokesman said": someone unnamed
        if not doc.words[k][0].isalnum():
            return None
    return None


def _skip_postnominals(doc: Doc, i: int) -> int:
    """Step back over "MP", "QC", "MEP" after a name."""
    while i > 0 and len(doc.words[i]) > 1 and doc.words[i].isupper() and doc.words[i].isalpha():
        i -= 1
    return i


def _appositive_subject(doc: Doc, i: int) -> Subj | None:
    """ "Ken Kutaragi, chief operating officer of Sony, said"; a full name inside the commas wins
    ("the Archbishop of Cardiff, the Most Reverend Peter Smith, told")."""
    k = next((k for k in range(i - 1, max(-1, i - 12), -1) if not doc.words[k][0].isalnum()), -1)
    if k < 1 or doc.words[k] != ",":
        return None
    e = _skip_postnominals(doc, k - 1)
    before = _name_or_title(doc, doc.run_first[e], e + 1) if doc.run_end[e] == e + 1 else None
    first = before.first if before else k + 1
    r = k + 1  # the appositive's head, after "the" and titles: not "vice-president of RJ …"
    while r < i and doc.run_first[r] != r and (doc.low[r] == "the" or _describes(doc, r)):
        r += 1
    inner = _name_or_title(doc, r, doc.run_end[r]) if r < i and doc.run_first[r] == r else None
    owner = inner is not None and doc.words[inner.last].endswith(("'s", "’s"))  # "Christian Aid's"
    if inner and inner.kind == "name" and " " in inner.value and not owner:
        return Subj("name", inner.value, first, i - 1)
    if before is None or before.kind != "name":
        return None
    return Subj("name", before.value, first, i - 1, weak=" " not in before.value)


def subject_after(doc: Doc, j: int) -> Subj | None:
    """The subject right after a verb: "said Robson", "said Nationwide economist Alex Bannister",
    "concluded the First President", "— сказал в эфире главный редактор Ричард Стенгел"."""
    n = len(doc.words)
    if j >= n:
        return None
    if doc.low[j] in PRONOUNS:
        return Subj("pron", doc.low[j], j, j)
    if doc.low[j] in ("a", "an"):
        return None  # "said a Vodafone spokesman": someone unnamed
    best: Subj | None = None
    role: Subj | None = None
    k = j + 1 if doc.low[j] == "the" else j
    while k < min(n, j + 12) and (k == j or doc.joined(k - 1, k)):
        w, low = doc.words[k], doc.low[k]
        if doc.run_first[k] == k:
            subj = _name_or_title(doc, k, doc.run_end[k])
            owner = doc.words[doc.run_end[k] - 1].endswith(("'s", "’s"))
            if owner:  # "said Aguilera's agent Meghan Prophet": the agent speaks
                k = doc.run_end[k] + (doc.run_end[k] < n and doc.words[doc.run_end[k]].islower())
                continue
            if subj and subj.kind == "name":
                best = _after_role(doc, subj, j)
            elif subj and role is None:
                role = subj
            k = doc.run_end[k]
        elif role_named(low) or low in ROLE_MODIFIERS:
            if role is None and (key := role_at(doc, k)):
                role = Subj("role", key, j, k)
            k += 1
        elif (is_cyrillic(w) and w.islower()) or (len(w) > 1 and w.isupper() and w.isalpha()):
            k += 1  # Russian puts adverbials and genitives between verb and name
        elif w[:1].isupper() and w.endswith(("'s", "’s")):
            k += 1  # "said MSN's Blake Irving"
        elif w.isalpha() and w.islower() and any(role_named(x) for x in doc.low[k + 1 : k + 3]):
            k += 1  # "said union leader Vincenzo Lilliu"
        else:
            break
    if best is not None and (doc.low[j] != "the" or " " in best.value):
        return best
    if role is None:
        return None
    # "the president of Fifa", "президент Фонда прав человека": someone else's president
    complement = k > role.last + 1 or doc.low[k : k + 1] == ["of"]
    return Subj("role", role.value, j, role.last, weak=complement)


def _after_role(doc: Doc, subj: Subj, j: int) -> Subj | None:
    if subj.first == j or " " in subj.value:
        return subj
    before = doc.low[subj.first - 1]
    if role_named(before) or before in HONORIFICS:
        # "economist Bannister" names him; "представитель Обамы" is Obama's spokesman.
        return None if is_cyrillic(before) else subj
    return None  # "сообщила об этом в своем Instagram": a lone word after others is no speaker


def cue_after(doc: Doc, pos: int) -> Cue | None:
    """An attribution right after a closing quote mark at `pos`: "said X", "X said", "he said".

    After a quotation that ends its sentence, a capitalised "Mr Brown confirmed he …" starts new
    reported speech, likely someone else's; only "He asked …" or a bare "Smith said." count.
    """
    n, j = len(doc.words), doc.tok_at(pos)
    para = doc.para_of(max(0, pos - 1))
    k = pos - 2
    while k >= 0 and doc.text[k].isspace():
        k -= 1
    ended = k >= 0 and doc.text[k] in ".!?…"
    skipped = 0
    while j < n and doc.words[j] in ",—–-:―" and skipped < 3:
        j, skipped = j + 1, skipped + 1
    if j < n and doc.words[j] in ".!?…":
        ended, j = True, j + 1
    if j >= n or doc.para_of(doc.starts[j]) != para:
        return None
    if ended and doc.words[j][0].isupper():
        cue = _subject_verb_at(doc, j)
        if cue is None:
            return None
        terse = cue.verb + 1 >= n or doc.words[cue.verb + 1] in ".,!?;"
        if cue.subj.kind == "pron" or terse:
            return Cue(cue.subj, cue.first, cue.last, cue.verb, False)
        return None
    if doc.low[j] in VERBS or (doc.low[j] == "according" and doc.low[j + 1 : j + 2] == ["to"]):
        subj = subject_after(doc, j + (1 if doc.low[j] in VERBS else 2))
        return Cue(subj or Subj("none", "", j, j), j, subj.last if subj else j, j, True)
    cue = _subject_verb_at(doc, j)
    punctuated = skipped > 0 or (k >= 0 and doc.text[k] in ",.!?…—-'’")
    return cue if cue is None or punctuated or loose_cue(doc, cue.subj, cue.verb) else None


def loose_cue(doc: Doc, subj: Subj, verb: int) -> bool:
    """Without punctuation closing the quotation, "X said" attributes it only when X is a pronoun
    or the verb ends the clause: '"…" Serena continued.', not 'it was "plain" Iraq continued to'."""
    after = doc.words[verb + 1 : verb + 2]
    return subj.kind == "pron" or not after or after[0] in ".,;!?"


def _describes(doc: Doc, t: int) -> bool:
    """Words that may stand before a name in a subject: "chairman", "chief executive", "LSE"."""
    w, low = doc.words[t], doc.low[t]
    return bool(role_named(low)) or low in ROLE_MODIFIERS or doc.run_first[t] >= 0 or w.isupper()


def _subject_verb_at(doc: Doc, j: int) -> Cue | None:
    """A cue "X said" / "X, the minister, said" beginning exactly at token j."""
    for v in range(j + 1, min(len(doc.words), j + 14)):
        w = doc.words[v]
        if w in ".!?…" or w in QUOTE_CHARS or doc.in_quote[v]:
            return None
        if doc.low[v] in VERBS:
            subj = subject_before(doc, v)
            if subj and subj.first >= j and all(_describes(doc, t) for t in range(j, subj.first)):
                return Cue(subj, j, v, v, True)
            # "the firm said", "it said", "a spokesman said": attributed, but to nobody we name
            unnamed = v <= j + 3 and doc.low[j] in UNNAMED
            return Cue(Subj("none", "", j, j), j, v, v, True) if unnamed else None
    return None
