"""The subject ending just before a speech verb: "X said", "he said", "X, the minister, said",
"the Commerce Ministry said", "a Treasury spokesperson said", «Министерство юстиции США
сообщило».

The left side of the verb is where English puts its subject, and where names, roles, bodies and
appositives ("Ken Kutaragi, chief operating officer of Sony, said") pile up; each form is a
bounded look back over tokens.
"""

from __future__ import annotations

import re

from newsbot.speech.document import Document
from newsbot.speech.name_runs import role_at, role_named, split_run
from newsbot.speech.names import is_cyrillic
from newsbot.speech.organisations import (
    is_acronym,
    name_ending,
    org_words_in,
)
from newsbot.speech.ru_subjects import (
    DATIVE_ENDINGS,
    after_genitive_role,
    body_at,
    genitive_complement,
    genitive_for,
    parenthetical,
    ru_adverb,
    titled_genitive,
    verb_plural,
)
from newsbot.speech.subject_after import subject_after
from newsbot.speech.subject_forms import (
    appositive_org,
    body_spoken_in,
    ru_org_before,
)
from newsbot.speech.subjects import (
    Subject,
    body_subject_in,
    describes,
    name_or_title,
    org_subject,
    quoted_name,
    spokes_subject,
)
from newsbot.speech.vocabulary import (
    ADVERBS,
    DEMONYMS,
    GENERIC_SPEAKERS,
    INDEFINITE,
    NOT_ACRONYMS,
    OPENERS,
    ORG_REFS,
    ORG_WORDS,
    PREPOSITIONS,
    PRONOUNS,
    ROLE_MODIFIERS,
    RU_PREPOSITIONS,
    SPOKES,
)

_AGE = re.compile(r"\d+-year-old")
# the nouns an outlet's name in quote marks may follow: «газета „Коммерсантъ“ пишет»
_OUTLET_NOUNS = frozenset(
    "газета издание агентство радиостанция телеканал журнал портал сайт движение".split()
)


def _joint(doc: Document, first: int) -> Subject | None:
    """The first of two speakers, "X and Y said", whose name ends before the "and" at `first`
    - 1; the speaker set labels joint speech with the first one named."""
    last = first - 2
    if last < 0 or doc.run_end[last] != last + 1:
        return None
    found = name_or_title(doc, doc.run_first[last], last + 1)
    if found is None or found.kind != "name":
        return None
    whole = name_ending(doc, doc.run_end[first] - 1)
    if whole is not None and whole.first < doc.run_first[last] and org_words_in(whole.name):
        # "the Organisation for Economic Cooperation and Development said": one body
        return org_subject(whole)
    if doc.run_first[last] == last and doc.run_end[first] == first + 1:
        # "Duff and Phelps said", "Procter and Gamble said": two lone words are one firm's name
        # (`people.People._speaker` still takes the first for a person the article names),
        # and may end a longer one ("the Department of Trade and Industry said")
        whole = name_ending(doc, first)
        if whole is None or (whole.first and doc.folded[whole.first - 1] in PREPOSITIONS):
            return None  # "the leader of Trade and Industry said": not the body
        tokens = range(whole.first, whole.last + 1)
        if any(doc.folded[t] in NOT_ACRONYMS or role_named(doc.folded[t]) for t in tokens):
            return None  # "The MP for Sittingbourne and Sheppey said": a person, not a place
        return org_subject(whole) if whole.first < last else Subject("org", whole.name, last, first)
    return found


def _described(doc: Document, token: int) -> Subject | None:
    """ "the American said", "the 23-year-old added": someone just named, described."""
    folded = doc.folded[token]
    if token and doc.folded[token - 1] == "the" and (folded in DEMONYMS or _AGE.fullmatch(folded)):
        return Subject("described", folded, token - 1, token)
    return None


def _org_before(doc: Document, token: int) -> Subject | None:
    """ "the Commerce Ministry said", "CECOS said", "Министерство юстиции США сообщило"."""
    if is_cyrillic(doc.folded[token]):
        return org_subject(ru_org_before(doc, token))
    found = name_ending(doc, token)
    if found is None:
        return None
    lead = found.first - 1
    while lead > found.first - 4 and lead >= 0 and doc.words[lead].islower():
        if doc.folded[lead] == "for" and lead and doc.folded[lead - 1] in SPOKES:
            return org_subject(found)  # "A spokesman for Manchester's Trafford Centre said"
        if doc.folded[lead] in PREPOSITIONS:
            # "Peter Misselbrook, executive partner of Tods Murray said", "Roland Dumas, head
            # of a parliamentary Foreign Affairs Committee said": not the body
            return _appositive_subject(doc, token + 1)
        lead -= 1
    if found.first == found.last and doc.folded[token] in DEMONYMS:
        return None
    if org_words_in(found.name) or is_acronym(doc.words[token]):
        return org_subject(found)
    if (
        found.first != found.last
        and _definite(doc, found.first)
        and doc.folded[token + 1 : token + 2] in (["said"], ["says"], ["told"], ["stated"])
        and not any(part.islower() for part in found.name.replace("-", " ").split())
    ):
        return org_subject(found)  # "The White House said": "the" makes no person of a name
    return None


def _body_of(doc: Document, token: int) -> Subject | None:
    """ "The Department of Justice said", "the Office for National Statistics said": a body
    named by an organisation word before "of" or "for", not "Marc Cohen of Republic National
    Bank said" (a person of the bank)."""
    found = name_ending(doc, token)
    if found is None:
        return None
    for connector in range(found.first + 1, found.last):
        if doc.folded[connector] in ("of", "for"):
            head = doc.folded[connector - 1]
            return org_subject(found) if head in ORG_WORDS and head not in DEMONYMS else None
    return None


def _definite(doc: Document, first: int) -> bool:
    """The name at `first` follows a "the" that opens its sentence or clause: "The White House
    said", "…, and the White House said"; not "the Smith family", which ends elsewhere."""
    if not first or doc.folded[first - 1] != "the":
        return False
    the = first - 1
    return the in doc.sentence_first_tokens or (the > 0 and doc.folded[the - 1] in OPENERS)


def subject_before(doc: Document, verb: int) -> Subject | None:
    """The subject ending just before `verb`: "X said", "he said", "X, the minister, said";
    in Russian also over an adverb or a phrase with a preposition («Рено часто говорила»,
    «Гугучкин в беседе с НСН сообщил») and a quoted outlet («„Эхо Москвы“ говорит»)."""
    key = (True, verb)
    if key not in doc.subjects:
        doc.subjects[key] = _before(doc, verb)
    found: Subject | None = doc.subjects[key]
    return found


_MAX_DESCRIPTION = 12  # words of a role and its complement before the verb


def _described_role(doc: Document, verb: int) -> Subject | None:
    """A role with its complement opening the sentence as the verb's subject: "The chairman of
    the Senate Agriculture subcommittee on credit said", «Глава российского государства
    заявил». `people.People._speaker` resolves it only to the one person the article describes
    with those words."""
    first = doc.token_at(doc.sentence_start(doc.starts[verb]))
    while first < verb and doc.folded[first] in OPENERS:
        first += 1
    if verb - first > _MAX_DESCRIPTION or verb - first < 3:
        return None
    russian = is_cyrillic(doc.folded[verb])
    role = first if russian else first + 1
    if not russian and doc.folded[first] != "the":
        return None
    while role < verb - 2 and doc.folded[role] in ROLE_MODIFIERS:
        role += 1
    if russian and role_named(doc.folded[role]) is None and role + 1 < verb:
        role += 1  # «43-летний лидер консерваторов»
    named = role_named(doc.folded[role])
    if named is None or named in SPOKES or is_cyrillic(named) != russian:
        return None
    complement = doc.folded[role + 1]
    if not russian and complement not in ("of", "for", "at"):
        return None
    if russian and not (doc.words[role + 1].islower() and complement not in RU_PREPOSITIONS):
        return None
    if any(not doc.words[token][0].isalnum() for token in range(role + 1, verb)):
        return None  # a clause, not a complement
    if russian and any(doc.words[token][0].isupper() for token in range(role + 1, verb)):
        return None  # «Генеральный директор клуба ЦСКА Игорь Есмантович сообщил»: named
    return Subject("role", named, first, verb - 1, weak=True, described=True)


def _before(doc: Document, verb: int) -> Subject | None:
    if verb >= len(doc.words):  # the subject of a role ending the text ("… the minister")
        return _subject_at(doc, verb, verb - 1)
    comma = verb > 0 and doc.words[verb - 1] == ","
    if comma and is_cyrillic(doc.folded[verb]) and parenthetical(doc, verb):
        return None  # «…, отмечает издание, …»: the subject follows the verb
    if verb >= 2 and (body := body_spoken_in(doc, verb, body_at(doc, verb))) is not None:
        return body_subject_in(body)  # «В Минздраве заявили, что»
    subject = _subject_at(doc, verb, verb - 1)
    if subject is None and 2 <= verb < len(doc.words):
        subject = _described_role(doc, verb)
    if subject is not None or verb < 2 or verb >= len(doc.words):
        return subject
    if not is_cyrillic(doc.folded[verb]):
        return None
    token = verb - 1
    if doc.words[token] == "»":  # «Эхо Москвы» говорит
        for opening in range(token - 1, max(-1, token - 6), -1):
            if doc.words[opening] == "«":
                lead = doc.folded[opening - 1] if opening else ""
                if (lead in ("и", ",") or doc.words[opening - 1].islower()) and (
                    lead not in _OUTLET_NOUNS
                ):
                    return None  # «автор „Диких сердцем“ и „Малхолланд Драйва“ сказал»
                return quoted_name(doc, opening)
        return None
    if ru_adverb(doc.folded[token]) and doc.words[token].islower():
        return _subject_at(doc, verb, token - 1)  # «Рено часто говорила»
    for preposition in range(token, max(0, token - 6), -1):
        # «X в беседе с НСН сообщил», «Тихонов накануне матча признался»
        if doc.folded[preposition] in RU_PREPOSITIONS or doc.folded[preposition] == "накануне":
            before = _subject_at(doc, verb, preposition - 1)  # «X в беседе с НСН сообщил»
            if before is not None and before.kind in ("name", "role"):
                after = subject_after(doc, verb + 1) if before.weak else None
                if after is not None and after.kind == "name" and " " in after.value:
                    return None  # «Впечатления от концерта резюмировал журналист Михаил …»
                return before
        elif not doc.words[preposition][0].isalnum():
            return None
    return None


def _subject_at(doc: Document, verb: int, token: int) -> Subject | None:
    """The subject ending at `token`, for the speech verb at `verb`."""
    for _ in range(2):
        if token >= 0 and doc.folded[token] in ADVERBS:
            token -= 1
    if token > 0 and doc.words[token] == ">":
        token -= 1  # "<Bralorne Resources Ltd> said"
    if token > 2 and doc.words[token] == ")":
        # "the Middle East Economic Survey (MEES) estimated", «Джон Стэйнтон (John Stainton)
        # сказал»: the name before the brackets
        for opening in range(token - 2, max(0, token - 6), -1):
            if doc.words[opening] == "(":
                if opening not in doc.sentence_first_tokens and doc.same_line(opening - 1, opening):
                    token = opening - 1  # not "(Instant Medical Test Inc) said" after a title
                break
            if not doc.words[opening][0].isalnum():
                break
    if token < 0:
        return None
    folded = doc.folded[token]
    if folded in PRONOUNS:
        return Subject("pronoun", folded, token, token)
    if ru_adverb(folded) and token and doc.folded[token - 1] in PRONOUNS:
        # «он открыто говорил»
        return Subject("pronoun", doc.folded[token - 1], token - 1, token - 1)
    if folded == "it":
        return Subject("org_ref", folded, token, token)
    if folded in ("сми", "media") or folded in GENERIC_SPEAKERS:
        return Subject("unnamed", "", token, token)  # «Западные СМИ сообщают», "analysts said"
    if folded in ORG_REFS and (body := _body_subject(doc, token)) is not None:
        return body
    if folded in ("and", "и"):
        # "Coria conceded … and added": the sentence's subject
        return Subject("clause", "", token, token)
    if folded in ("who", "который", "которая") and token > 1 and doc.words[token - 1] == ",":
        last = _skip_postnominals(doc, token - 2)  # "denied by Mr Mandelson, who said"
        if doc.run_end[last] == last + 1:
            named = name_or_title(doc, doc.run_first[last], last + 1)
            return named if named is not None and named.kind == "name" else None
        return None
    if doc.words[token] == ",":
        return (
            _appositive_subject(doc, token)
            or _relative_subject(doc, token)
            or org_subject(appositive_org(doc, token))
        )
    if (described := _described(doc, token)) is not None:
        return described
    if is_acronym(doc.words[token]) and not (token and doc.run_first[token - 1] >= 0):
        role = role_at(doc, token - 1) if token and is_cyrillic(doc.folded[token - 1]) else None
        if role is not None:  # «Новый глава GM объявил»: the head, not the firm
            return Subject("role", role, token - 1, token, weak=True)
        return _org_before(doc, token)  # "CECOS said", not "John Smith MP said"
    if not (role_named(folded) and doc.words[token].isupper()):  # "the PM said"
        token = _skip_postnominals(doc, token)
    if doc.run_first[token] >= 0 and doc.run_end[token] == token + 1:
        first = doc.run_first[token]
        titled = split_run(doc.run_words(first, token + 1))[1] is not None
        before = doc.folded[first - 1] if first else ""
        if first and before in PREPOSITIONS and is_cyrillic(before):
            return None  # «Об этом в Facebook рассказала …»: a place, not the speaker
        if first and before in PREPOSITIONS and not titled:
            # "Peter Misselbrook, executive partner of Tods Murray said": not the firm; but
            # "The Department of Justice said" is the body itself
            return _appositive_subject(doc, token + 1) or _body_of(doc, token)
        if (
            is_cyrillic(before)
            and before.endswith(DATIVE_ENDINGS)
            and doc.words[first - 1].islower()
        ):
            return None  # «агентству Reuters сообщил X»: the listener
        if genitive_complement(doc, first, verb) or after_genitive_role(doc, first):
            # «с избранием нового президента Ирана заявили», «семья актёра X»; but the body
            # the genitive belongs to may speak («Министерство обороны Румынии заявило»), or
            # the one person the article describes with the role («президент Боливии
            # отметил»)
            role = role_named(doc.folded[first - 1]) if first else None
            if role is not None and first == token and not verb_plural(doc, verb):
                return Subject("role", role, first - 1, token, weak=True, described=True)
            return org_subject(ru_org_before(doc, token))
        if before in ("источник", "источники"):
            return Subject("unnamed", "", first - 1, token)  # «Источник Интерфакса сообщил»
        subject = name_or_title(doc, first, token + 1)
        if subject is not None and (holder := titled_genitive(doc, first, subject, verb)):
            return holder  # «Адвокат Караджича заявил»: the lawyer
        if subject is None and first and before in INDEFINITE:
            return Subject("unnamed", "", first - 1, token)
        if subject is None:
            return _org_before(doc, token)
        if subject.kind == "name" and before == "and" and first > 1:
            # "Jim Wright and Robert Byrd told": the first named; none when the names before
            # "and" are no one's ("The MP for Sittingbourne and Sheppey said")
            joint = _joint(doc, first)
            if joint is not None or doc.run_end[first - 2] == first - 1:
                return joint
        if subject.kind == "name" and verb_plural(doc, verb):
            # «Издания утверждают», «Адвокаты Мингазова сообщили»: one person is no subject of
            # a plural verb, nor is anyone after it («в российском Минфине заявили о … с
            # Украиной»)
            return Subject("unnamed", "", subject.first, subject.last)
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
        return spokes_subject(doc, token)
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


def _relative_subject(doc: Document, comma: int) -> Subject | None:
    """ "Bell, who featured in the England A side which beat France 10 days ago, added": the
    name before a relative clause that ends at `comma`, in the same sentence."""
    sentence_first = doc.token_at(doc.sentence_start(doc.starts[comma]))
    for token in range(comma - 1, max(sentence_first, comma - 30), -1):
        if doc.words[token] in ".!?;:" or doc.in_quote[token]:
            return None
        if (
            doc.folded[token] in ("who", "whose", "который", "которая", "чей", "чья")
            and doc.words[token - 1] == ","
        ):
            last = _skip_postnominals(doc, token - 2)
            if last >= 0 and doc.run_end[last] == last + 1:
                name = name_or_title(doc, doc.run_first[last], last + 1)
                if name is not None and name.kind == "name":
                    return Subject("name", name.value, name.first, comma - 1)
            return None
    return None


def _opens_sentence(doc: Document, first: int) -> bool:
    """A name at `first` within a few words of its sentence's start, no comma between: the
    sentence's subject ("Министр здравоохранения Мэтт Хэнкок, …, заявил"), not an object deep
    in it («назначил … полковника Игоря Шуневича, известного …, пишет „Коммерсантъ“»)."""
    start = doc.token_at(doc.sentence_start(doc.starts[first]))
    return first - start <= 5 and "," not in doc.words[start:first]


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
    if before is None or before.kind != "name" or genitive_for(doc, before, end):
        return None
    inner_words = range(comma + 1, end)
    short = len(inner_words) <= 4 and not any(doc.folded[t] in PREPOSITIONS for t in inner_words)
    relative = doc.folded[comma + 1] in ("who", "which", "whose", "который", "которая")
    # "Chris Hawkins, host of BBC 6 Music's chart show, said": a full name, then a description
    # opening in lower case, is the person described
    described = (
        " " in before.value
        and doc.words[comma + 1].islower()
        and _opens_sentence(doc, before.first)
    )
    if not (short or relative or described) and not any(
        role_named(doc.folded[t]) for t in inner_words
    ):
        return None  # "come late August, a few hot days in Athens told us": no appositive
    return Subject("name", before.value, first, end - 1, weak=" " not in before.value)
