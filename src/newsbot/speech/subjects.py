"""The subject of a speech verb, as written: who a cue says is speaking.

A subject is a name, a pronoun, a role ("the minister"), the clause's subject ("… and added"),
an organisation ("Weatherford said", "said the Commerce Ministry", "a Treasury spokesperson
said"), a reference to one ("it said", "the company said"), a description of someone just named
("the American said"), or someone unnamed ("a spokesman said", "analysts said"). It is resolved
to a person or an organisation later (`people.People._speaker`). This module holds the value and
the forms shared by both sides of the verb; `subject_before` and `subject_after` find it before
the verb ("X said") and after it ("said X"), each by a bounded look-around over tokens.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from newsbot.speech.document import Document
from newsbot.speech.name_runs import bad_name, role_at, role_named, run_name
from newsbot.speech.names import is_cyrillic
from newsbot.speech.organisations import (
    OrgName,
    is_acronym,
    name_starting,
    org_words_in,
)
from newsbot.speech.subject_forms import (
    spoken_for,
)
from newsbot.speech.vocabulary import (
    HONORIFICS,
    INDEFINITE,
    ROLE_MODIFIERS,
    SPOKES,
)

# How a subject must be resolved: a "name" as written, a "pronoun", a "role" noun, the "clause"
# subject ("… and added"), an "org" by name, an "org_ref" ("it", "the company"), a "described"
# person ("the American"), or someone "unnamed" ("a spokesman said": said by someone, but
# nobody we can name).
SubjectKind = Literal["name", "pronoun", "role", "clause", "org", "org_ref", "described", "unnamed"]


_PATRONYMICS = ("вича", "вны", "ичны", "ича")


# «по данным агентства»: the body a noun names, as «агентство» would
_RU_BODIES = frozenset(
    "агентства издания газеты министерства ведомства полиции правительства компании".split()
)


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
    genitive: bool = False  # a Russian name in the genitive («по словам Сергея Копылова»)
    # a role with its complement opening the sentence ("The chairman of the Senate Agriculture
    # subcommittee said"): the one person the article describes with all those words
    described: bool = False


def unnamed_subject(token: int) -> Subject:
    """The subject of a cue that attributes speech to nobody we can name, placed at `token`."""
    return Subject("unnamed", "", token, token)


def body_subject_in(body: OrgName) -> Subject:
    """A body named with «в»: a lone noun («в компании сообщили») means the one named before,
    as «компания сообщила» does; a name or a noun with its complement is the body itself."""
    if body.first == body.last and body.name.islower():
        return Subject("org_ref", body.name, body.first, body.last)
    return Subject("org", body.name, body.first, body.last)


def org_subject(found: OrgName | None) -> Subject | None:
    return Subject("org", found.name, found.first, found.last) if found else None


def name_or_title(doc: Document, first: int, end: int) -> Subject | None:
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


def spokes_subject(doc: Document, token: int) -> Subject | None:
    """ "A Treasury spokesperson said", "Tony Blair's spokesman said", "a company spokesman
    said": the words are the principal's; a bare "a spokesman" is the organisation that spoke
    last, if any."""
    if is_cyrillic(doc.folded[token]):  # «представитель Обамы»: Obama's words
        principal = genitive_subject(doc, token + 1)
        if principal is None or principal.kind != "name":
            return None
        return Subject("org", principal.value, token, principal.last, genitive=True)
    owner, first = spoken_for(doc, token)
    if owner is not None:
        return Subject("org", owner.name, first, token)
    lead = doc.folded[first - 1] if first else ""
    if lead in ("company", "firm", "компании"):
        return Subject("org_ref", "company", first - 1, token)
    if lead in INDEFINITE or (first and doc.folded[first - 1] in INDEFINITE):
        return Subject("org_ref", "spokesman", first - 1, token)
    if lead == "the":
        return Subject("role", doc.folded[token], first - 1, token)
    return None


# «по словам матери X»: the words of X's family or friends, none of whom the article names
_KIN = frozenset(
    """матери отца сына дочери жены мужа брата сестры вдовы друга подруги соседа соседки
    родственников родных близких бабушки дедушки внука внучки""".split()
)


def quoted_name(doc: Document, first: int) -> Subject | None:
    """An outlet or a body named in quote marks from token `first`, «„Коммерсантъ“», as a
    subject: the capitalised words up to the closing mark."""
    if first >= len(doc.words) or doc.words[first] not in ("«", '"', "„"):
        return None
    closers = "»" if doc.words[first] == "«" else '"“'  # «„Коммерсантъ“», «"Коммерсантъ"»
    for closing in range(first + 1, min(len(doc.words), first + 6)):
        if doc.words[closing] in closers:
            text = doc.text[doc.ends[first] : doc.starts[closing]]
            return Subject("org", text, first, closing) if text[:1].isupper() else None
    return None


def genitive_subject(doc: Document, first: int) -> Subject | None:
    """Whose words «по словам X», «по мнению X», «по данным X» or «представитель X» give, from
    token `first`: the last name before the clause ends («по словам другого адвоката заявителей
    Бартоломея Соханьского»), an organisation («по данным издания Winnipeg Sun»), or the body
    a noun names («по данным агентства»); nobody for «по словам источника»."""
    count, person, org = len(doc.words), None, None
    if first < count and doc.folded[first].startswith("источник"):
        return None  # «по данным источников РИА Новости»: anonymous
    if first < count and doc.words[first] == "«":
        return quoted_name(doc, first)  # «По данным „Вестей“»
    for token in range(first, min(count, first + 14)):
        word = doc.words[token]
        if word == "'" and org is not None:
            org = Subject(org.kind, org.value, org.first, token)  # the body noun, then ''
            continue  # «по данным газеты ''Süddeutsche Zeitung''»: wiki quote marks
        if not word[0].isalnum() and word != "-":
            break
        named_next = token + 1 < count and doc.run_first[token + 1] == token + 1
        if named_next and is_cyrillic(doc.folded[token + 1]) and doc.run_end[token + 1] > token + 2:
            continue  # «по словам представителя СК Владимира Маркина»: the person named
        if person is None and org is None and is_acronym(word):
            return org_subject(
                name_starting(doc, token)
            )  # «по данным РИА Новости», «по данным РБК»
        if doc.run_first[token] == token and is_cyrillic(doc.folded[token]):
            if token > first and doc.folded[token - 1] in _KIN:
                return None  # «по словам матери Майкла Джексона»: his mother's words
            person = _genitive_name(doc, token, doc.run_end[token])
        elif (
            person is None
            and (org is None or org.last == token - 1)
            and not is_cyrillic(doc.folded[token])
        ):  # «по данным РБК», and after a body noun «по данным издания Winnipeg Sun»
            if (found := name_starting(doc, token)) is not None:
                return org_subject(found)  # «по данным издания Winnipeg Sun», «по данным РБК»
        elif token == first and doc.folded[token] in _RU_BODIES:
            org = Subject("org_ref", doc.folded[token], token, token)
    return person or org


def _genitive_name(doc: Document, first: int, end: int) -> Subject:
    """A run of Cyrillic name words in the genitive; a word glued before a first name and
    surname («Интернет Сергея Копылова») is dropped, a patronymic kept."""
    words = doc.run_words(first, end)
    keep = 3 if len(words) >= 3 and words[-2].endswith(_PATRONYMICS) else 2
    start = max(first, end - keep)
    return Subject("name", " ".join(words[start - first :]), start, end - 1, genitive=True)


def opening_subject(doc: Document, first: int, verb: int) -> Subject | None:
    """An organisation or a spokesman opening the sentence at token `first`, as the subject of
    "…, saying" or "… and added" at `verb`: "A Treasury spokesperson dismissed …, saying",
    "Mash опубликовал … и указывает"."""
    for token in range(first, min(first + 5, verb)):
        if doc.folded[token] in SPOKES:
            return spokes_subject(doc, token)
        if not doc.words[token][0].isalnum():
            break
    found = name_starting(doc, first)
    if found is None or found.last >= verb:
        return None
    russian = is_cyrillic(doc.folded[verb]) and not is_cyrillic(doc.folded[first])
    if russian or org_words_in(found.name) or is_acronym(doc.words[found.last]):
        return org_subject(found)
    return None


def describes(doc: Document, token: int) -> bool:
    """Words that may stand before a name in a subject: "chairman", "chief executive", "LSE"."""
    word, folded = doc.words[token], doc.folded[token]
    return (
        bool(role_named(folded))
        or folded in ROLE_MODIFIERS
        or doc.run_first[token] >= 0
        or word.isupper()
    )
