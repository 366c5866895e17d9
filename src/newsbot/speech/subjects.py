"""The subject of a speech verb, as written: who a cue says is speaking.

A subject is a name, a pronoun, a role ("the minister"), the clause's subject ("… and added"),
an organisation ("Weatherford said", "said the Commerce Ministry", "a Treasury spokesperson
said"), a reference to one ("it said", "the company said"), a description of someone just named
("the American said"), or someone unnamed ("a spokesman said", "analysts said"). It is resolved
to a person or an organisation later (`people.People._speaker`). Each is found by a bounded
look-around over tokens, before the verb or after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from newsbot.speech.document import Document
from newsbot.speech.name_runs import bad_name, role_at, role_named, run_name, split_run
from newsbot.speech.names import is_cyrillic
from newsbot.speech.organisations import (
    OrgName,
    is_acronym,
    name_ending,
    name_starting,
    org_words_in,
)
from newsbot.speech.subject_forms import (
    appositive_org,
    org_after,
    ru_org_before,
    spoken_for,
)
from newsbot.speech.vocabulary import (
    ADVERBS,
    DEMONYMS,
    HONORIFICS,
    INDEFINITE,
    OPENERS,
    ORG_REFS,
    PREPOSITIONS,
    PRONOUNS,
    ROLE_MODIFIERS,
    RU_PREPOSITIONS,
    SPOKES,
)

# How a subject must be resolved: a "name" as written, a "pronoun", a "role" noun, the "clause"
# subject ("… and added"), an "org" by name, an "org_ref" ("it", "the company"), a "described"
# person ("the American"), or someone "unnamed" ("a spokesman said": said by someone, but
# nobody we can name).
SubjectKind = Literal["name", "pronoun", "role", "clause", "org", "org_ref", "described", "unnamed"]

_AGE = re.compile(r"\d+-year-old")
_PATRONYMICS = ("вича", "вны", "ичны", "ича")
_DATIVE = ("у", "ю", "ам", "ям", "ому", "ему")
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


def unnamed_subject(token: int) -> Subject:
    """The subject of a cue that attributes speech to nobody we can name, placed at `token`."""
    return Subject("unnamed", "", token, token)


def _org(found: OrgName | None) -> Subject | None:
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


def _complement(doc: Document, name: int, verb: int) -> bool:
    """A lone Russian name in the genitive after a noun, before a verb that cannot agree with
    it: «президента Ирана заявили», but «О своих планах Лужков рассказал»."""
    word, before = doc.words[name], doc.words[name - 1] if name else ""
    if not (
        doc.run_end[name] == name + 1
        and is_cyrillic(word)
        and is_cyrillic(before)
        and doc.folded[name - 1] not in OPENERS
        and doc.folded[verb].endswith(("л", "ли"))
    ):
        return False
    if role_named(doc.folded[name - 1]) is not None:
        # «Адвокат Караджича заявил»: the lawyer speaks; «премьер Берлускони заявил»: he does
        return word.endswith(("а", "я", "ого", "его"))
    return before.islower() and word.endswith(("а", "я", "ы", "и", "ого", "его"))


def _joint(doc: Document, first: int) -> Subject | None:
    """The first of two speakers, "X and Y said", whose name ends before the "and" at `first`
    - 1; the speaker set labels joint speech with the first one named."""
    last = first - 2
    if last < 0 or doc.run_end[last] != last + 1:
        return None
    found = name_or_title(doc, doc.run_first[last], last + 1)
    return found if found is not None and found.kind == "name" else None


def _ru_adverb(folded: str) -> bool:
    """A Russian adverb between a subject and its verb: «он открыто говорил»."""
    return is_cyrillic(folded) and len(folded) > 3 and folded.endswith("о")


def _described(doc: Document, token: int) -> Subject | None:
    """ "the American said", "the 23-year-old added": someone just named, described."""
    folded = doc.folded[token]
    if token and doc.folded[token - 1] == "the" and (folded in DEMONYMS or _AGE.fullmatch(folded)):
        return Subject("described", folded, token - 1, token)
    return None


def _org_before(doc: Document, token: int) -> Subject | None:
    """ "the Commerce Ministry said", "CECOS said", "Министерство юстиции США сообщило"."""
    if is_cyrillic(doc.folded[token]):
        return _org(ru_org_before(doc, token))
    found = name_ending(doc, token)
    if found is None:
        return None
    lead = found.first - 1
    while lead > found.first - 4 and lead >= 0 and doc.words[lead].islower():
        if doc.folded[lead] in PREPOSITIONS:
            # "Peter Misselbrook, executive partner of Tods Murray said", "Roland Dumas, head
            # of a parliamentary Foreign Affairs Committee said": not the body
            return _appositive_subject(doc, token + 1)
        lead -= 1
    if found.first == found.last and doc.folded[token] in DEMONYMS:
        return None
    if org_words_in(found.name) or is_acronym(doc.words[token]):
        return _org(found)
    return None


def subject_before(doc: Document, verb: int) -> Subject | None:
    """The subject ending just before `verb`: "X said", "he said", "X, the minister, said"."""
    token = verb - 1
    for _ in range(2):
        if token >= 0 and doc.folded[token] in ADVERBS:
            token -= 1
    if token > 0 and doc.words[token] == ">":
        token -= 1  # "<Bralorne Resources Ltd> said"
    if token > 2 and doc.words[token] == ")" and doc.words[token - 2] == "(":
        token -= 3  # "the Middle East Economic Survey (MEES) estimated"
    if token < 0:
        return None
    folded = doc.folded[token]
    if folded in PRONOUNS:
        return Subject("pronoun", folded, token, token)
    if _ru_adverb(folded) and token and doc.folded[token - 1] in PRONOUNS:
        # «он открыто говорил»
        return Subject("pronoun", doc.folded[token - 1], token - 1, token - 1)
    if folded == "it":
        return Subject("org_ref", folded, token, token)
    if folded in ("сми", "media"):
        return Subject("unnamed", "", token, token)  # «Западные СМИ сообщают»
    if folded in ORG_REFS and (body := _body_subject(doc, token)) is not None:
        return body
    if folded in ("and", "и"):
        # "Coria conceded … and added": the sentence's subject
        return Subject("clause", "", token, token)
    if doc.words[token] == ",":
        return _appositive_subject(doc, token) or _org(appositive_org(doc, token))
    if (described := _described(doc, token)) is not None:
        return described
    if is_acronym(doc.words[token]) and not (token and doc.run_first[token - 1] >= 0):
        role = role_at(doc, token - 1) if token and is_cyrillic(doc.folded[token - 1]) else None
        if role is not None:  # «Новый глава GM объявил»: the head, not the firm
            return Subject("role", role, token - 1, token, weak=True)
        return _org_before(doc, token)  # "CECOS said", not "John Smith MP said"
    token = _skip_postnominals(doc, token)
    if doc.run_first[token] >= 0 and doc.run_end[token] == token + 1:
        first = doc.run_first[token]
        titled = split_run(doc.run_words(first, token + 1))[1] is not None
        before = doc.folded[first - 1] if first else ""
        if first and before in PREPOSITIONS and is_cyrillic(before):
            return None  # «Об этом в Facebook рассказала …»: a place, not the speaker
        if first and before in PREPOSITIONS and not titled:
            # "Peter Misselbrook, executive partner of Tods Murray said": not the firm
            return _appositive_subject(doc, token + 1)
        if is_cyrillic(before) and before.endswith(_DATIVE) and doc.words[first - 1].islower():
            return None  # «агентству Reuters сообщил X»: the listener
        if _complement(doc, first, verb):
            return None  # «с избранием нового президента Ирана заявили»
        if before in ("источник", "источники"):
            return Subject("unnamed", "", first - 1, token)  # «Источник Интерфакса сообщил»
        subject = name_or_title(doc, first, token + 1)
        if subject is None and first and before in INDEFINITE:
            return Subject("unnamed", "", first - 1, token)
        if subject is None:
            return _org_before(doc, token)
        if subject.kind == "name" and before == "and" and (joint := _joint(doc, first)):
            return joint  # "Jim Wright and Robert Byrd told": the first named
        if (
            subject.kind == "name"
            and " " not in subject.value
            and subject.first in doc.sentence_first_tokens
        ):
            return Subject("name", subject.value, subject.first, subject.last, weak=True)
        return subject
    role = role_at(doc, token)
    if role is None:
        return _org_before(doc, token)
    if role in SPOKES:
        return _spokes_subject(doc, token)
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


def _body_subject(doc: Document, noun: int) -> Subject | None:
    """ "the company said", "the Cyprus-based newsletter said": an organisation named before;
    "the Indonesian government said", "the UAE central bank said": one named here."""
    for the in range(noun - 1, max(-1, noun - 4), -1):
        if doc.folded[the] == "the":
            break
        if not doc.words[the][0].isalnum():
            return None
    else:
        return None
    found = name_ending(doc, noun - 1)
    if found is None or found.first <= the or (found.first == found.last and "-" in found.name):
        return Subject("org_ref", doc.folded[noun], the, noun)
    text = doc.text[doc.starts[found.first] : doc.ends[noun]]
    return Subject("org", " ".join(text.split()), found.first, noun)


def _spokes_subject(doc: Document, token: int) -> Subject | None:
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
    before = name_or_title(doc, doc.run_first[name_last], name_last + 1) if run_ends else None
    first = before.first if before else comma + 1
    head = comma + 1  # the appositive's head, after "the" and titles: not "vice-president of RJ …"
    while (
        head < end
        and doc.run_first[head] != head
        and (doc.folded[head] == "the" or describes(doc, head))
    ):
        head += 1
    run_starts = head < end and doc.run_first[head] == head
    inner = name_or_title(doc, head, doc.run_end[head]) if run_starts else None
    owner = inner is not None and doc.words[inner.last].endswith(("'s", "’s"))  # "Christian Aid's"
    if inner and inner.kind == "name" and " " in inner.value and not owner:
        return Subject("name", inner.value, first, end - 1)
    if before is None or before.kind != "name":
        return None
    inner_words = range(comma + 1, end)
    short = len(inner_words) <= 4 and not any(doc.folded[t] in PREPOSITIONS for t in inner_words)
    relative = doc.folded[comma + 1] in ("who", "which", "whose", "который", "которая")
    if not (short or relative) and not any(role_named(doc.folded[t]) for t in inner_words):
        return None  # "come late August, a few hot days in Athens told us": no appositive
    return Subject("name", before.value, first, end - 1, weak=" " not in before.value)


def subject_after(doc: Document, first: int) -> Subject | None:
    """The subject right after a verb, from token `first`: "said Robson", "said Nationwide
    economist Alex Bannister", "concluded the First President", "said its chief executive, Sir
    Howard Newby", "— сказал в эфире главный редактор Ричард Стенгел"."""
    count = len(doc.words)
    if first >= count:
        return None
    if doc.folded[first] in PRONOUNS:
        return Subject("pronoun", doc.folded[first], first, first)
    if doc.folded[first] in ("a", "an"):
        return _spokes_after(doc, first)  # "said a Vodafone spokesman"
    named: Subject | None = None
    role: Subject | None = None
    org: OrgName | None = None  # an organisation, unless a person is named after it
    preposition = False
    determiner = doc.folded[first] in ("the", "its", "his", "her", "their")
    token = first + 1 if determiner else first
    while token < min(count, first + 12) and (token == first or doc.same_line(token - 1, token)):
        word, folded = doc.words[token], doc.folded[token]
        if doc.run_first[token] == token:
            run_end = doc.run_end[token]
            subject = name_or_title(doc, token, run_end)
            if doc.words[run_end - 1].endswith(("'s", "’s")):
                # "said Aguilera's agent Meghan Prophet": the agent speaks
                token = run_end + (run_end < count and doc.words[run_end].islower())
                continue
            if subject and subject.kind == "name":
                later = named is not None or org is not None
                if not later or " " in subject.value:  # "said Cobain biographer Charles Cross"
                    named = _after_role(doc, subject, first) or (named if later else None)
            elif subject and role is None:
                role = subject
            elif subject is None and org is None and named is None:
                org = org_after(doc, token)  # "said the Commerce Ministry"
                if org is not None and (person := _person_of(doc, org)) is not None:
                    return person  # "said P.S. Tam of Morgan Guaranty Trust"
            token = run_end
        elif token == first + 1 and determiner and folded in ORG_REFS:
            return Subject("org_ref", folded, first, token)  # "said the company"
        elif word == "," and role is not None and named is None:
            token += 1  # "said its chief executive, Sir Howard Newby"
        elif role_named(folded) or folded in ROLE_MODIFIERS:
            if role is None and (named_role := role_at(doc, token)):
                role = Subject("role", named_role, first, token)
            token += 1
        elif (is_cyrillic(word) and word.islower()) or (
            len(word) > 1 and word.isupper() and word.isalpha()
        ):
            near = token - first <= 3  # not «говорил о намерениях стать … игроком НБА»
            if folded.startswith("источник"):
                return Subject("unnamed", "", first, token)  # «сообщил Regnum источник в …»
            if folded in RU_PREPOSITIONS:
                preposition = True  # «рассказал в интервью ТАСС»: ТАСС is no subject
            elif near and named is None and role is None and org is None:
                org = org_after(doc, token)  # "сообщило министерство юстиции США", "РБК"
                if preposition and org is not None and not word.islower():
                    org = None
                if org is None and doc.folded[token] in ORG_REFS:
                    return Subject("org_ref", doc.folded[token], first, token)  # «агентство»
            token += 1  # Russian puts adverbials and genitives between verb and name
        elif word[:1].isupper() and word.endswith(("'s", "’s")):
            token += 1  # "said MSN's Blake Irving"
        elif (
            word.isalpha()
            and word.islower()
            and any(role_named(later) for later in doc.folded[token + 1 : token + 3])
        ) or (
            (named is not None or org is not None)
            and word.isalpha()
            and word.islower()
            and token + 1 < count
            and doc.run_first[token + 1] == token + 1
        ):
            token += 1  # "said union leader Vincenzo Lilliu", "said Hopman Cup doctor X"
        else:
            break
    if named is not None and (doc.folded[first] != "the" or " " in named.value):
        extended = org_after(doc, named.first) if " " not in named.value else None
        if extended is not None and extended.last > named.last:
            # "said sole manager Hambrecht and Quist Inc", "said P.S. Tam of Morgan Guaranty"
            return _person_of(doc, extended) or _org(extended)
        if org is None or " " in named.value or named.first > org.last:
            return named
    if org is not None:
        return _org(org)
    if role is None:
        return None
    if role.value in SPOKES and is_cyrillic(role.value):
        return _spokes_subject(doc, role.last)  # «сообщил представитель Обамы»
    # "the president of Fifa", "президент Фонда прав человека": someone else's president
    complement = token > role.last + 1 or doc.folded[token : token + 1] == ["of"]
    return Subject("role", role.value, first, role.last, weak=complement)


def genitive_subject(doc: Document, first: int) -> Subject | None:
    """Whose words «по словам X», «по мнению X», «по данным X» or «представитель X» give, from
    token `first`: the last name before the clause ends («по словам другого адвоката заявителей
    Бартоломея Соханьского»), an organisation («по данным издания Winnipeg Sun»), or the body
    a noun names («по данным агентства»); nobody for «по словам источника»."""
    count, person, org = len(doc.words), None, None
    if first < count and doc.folded[first].startswith("источник"):
        return None  # «по данным источников РИА Новости»: anonymous
    for token in range(first, min(count, first + 14)):
        word = doc.words[token]
        if not word[0].isalnum() and word != "-":
            break
        if person is None and org is None and is_acronym(word):
            return _org(name_starting(doc, token))  # «по данным РИА Новости», «по данным РБК»
        if doc.run_first[token] == token and is_cyrillic(doc.folded[token]):
            person = _genitive_name(doc, token, doc.run_end[token])
        elif org is None and person is None and not is_cyrillic(doc.folded[token]):
            if (found := name_starting(doc, token)) is not None:
                return _org(found)  # «по данным издания Winnipeg Sun», «по данным РБК»
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
            return _spokes_subject(doc, token)
        if not doc.words[token][0].isalnum():
            break
    found = name_starting(doc, first)
    if found is None or found.last >= verb:
        return None
    russian = is_cyrillic(doc.folded[verb]) and not is_cyrillic(doc.folded[first])
    if russian or org_words_in(found.name) or is_acronym(doc.words[found.last]):
        return _org(found)
    return None


def _person_of(doc: Document, org: OrgName) -> Subject | None:
    """The person heading "P.S. Tam of Morgan Guaranty Trust": initials and a surname before
    "of" name someone, not the firm."""
    for token in range(org.first, org.last):
        if doc.folded[token] == "of":
            words = doc.run_words(org.first, token)
            if len(words) >= 2 and "." in words[0] and not org_words_in(" ".join(words)):
                return Subject("name", " ".join(words), org.first, token - 1)
            return None
    return None


def _spokes_after(doc: Document, first: int) -> Subject | None:
    """ "said a Saints spokesman", "said a company spokesman", "said a spokesman for X"."""
    for token in range(first + 1, min(len(doc.words), first + 6)):
        if doc.folded[token] in SPOKES:
            return _spokes_subject(doc, token)
        if not doc.words[token][0].isalnum():
            break
    return None


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


def describes(doc: Document, token: int) -> bool:
    """Words that may stand before a name in a subject: "chairman", "chief executive", "LSE"."""
    word, folded = doc.words[token], doc.folded[token]
    return (
        bool(role_named(folded))
        or folded in ROLE_MODIFIERS
        or doc.run_first[token] >= 0
        or word.isupper()
    )
