"""The subject right after a speech verb: "said Robson", "said Nationwide economist Alex
Bannister", "said its chief executive, Sir Howard Newby", "said a Vodafone spokesman", «— сказал
в эфире главный редактор Ричард Стенгел», «сообщило министерство юстиции США».

Inverted attribution ('"…," said X') and Russian word order put the subject here; a bounded look
forward over tokens finds the name, the role or the body, preferring a person named after a
body or a lone word ("said Hopman Cup doctor Hamish Osborne").
"""

from __future__ import annotations

from newsbot.speech.document import Document
from newsbot.speech.name_runs import role_at, role_named
from newsbot.speech.names import is_cyrillic
from newsbot.speech.organisations import (
    OrgName,
    org_words_in,
)
from newsbot.speech.subject_forms import (
    body_spoken_in,
    org_after,
)
from newsbot.speech.subjects import (
    Subject,
    body_subject_in,
    name_or_title,
    org_subject,
    quoted_name,
    spokes_subject,
)
from newsbot.speech.vocabulary import (
    HONORIFICS,
    ORG_REFS,
    PRONOUNS,
    ROLE_MODIFIERS,
    RU_PREPOSITIONS,
    SPOKES,
)


def subject_after(doc: Document, first: int) -> Subject | None:
    """The subject right after a verb, from token `first`: "said Robson", "said Nationwide
    economist Alex Bannister", "concluded the First President", "said its chief executive, Sir
    Howard Newby", "— сказал в эфире главный редактор Ричард Стенгел"."""
    key = (False, first)
    if key not in doc.subjects:
        doc.subjects[key] = _after(doc, first)
    found: Subject | None = doc.subjects[key]
    return found


def _after(doc: Document, first: int) -> Subject | None:
    count = len(doc.words)
    if first >= count:
        return None
    if doc.folded[first] in PRONOUNS:
        return Subject("pronoun", doc.folded[first], first, first)
    if first and _listener(doc, first):
        return None  # «Его дочь рассказала Reuters, что …»: Reuters heard it
    if first and (body := body_spoken_in(doc, first - 1, first)) is not None:
        following = doc.words[body.last + 1 : body.last + 2]
        if following in ([","], ["."], [":"], []):
            return body_subject_in(body)  # «Как утверждают в Odebrecht,»
    if doc.words[first] == "«" or (doc.words[first] == '"' and is_cyrillic(doc.folded[first - 1])):
        quoted = quoted_name(doc, first)  # «Как пишет „Коммерсантъ“,», «сообщает "Коммерсантъ"»
        dative = quoted is not None and "." not in quoted.value  # not «Лента.ру»
        if quoted is None or (dative and quoted.value.casefold().endswith(("у", "ю"))):
            return None  # «заявил „Коммерсанту“, что»: the paper heard it
        behind = _after(doc, quoted.last + 1) if quoted.last + 1 < count else None
        if behind is not None and behind.kind == "name" and " " in behind.value:
            return behind  # «Как сообщил „Ъ“ глава пресс-службы Айрат Мурзагалиев»
        return quoted
    if doc.folded[first] in ("сми", "media"):
        return Subject("unnamed", "", first, first)  # «сообщают СМИ со ссылкой на …»
    if doc.folded[first] in ("a", "an"):
        return _spokes_after(doc, first)  # "said a Vodafone spokesman"
    said = doc.folded[first - 1] if first else ""
    plural = is_cyrillic(said) and said.endswith(("ют", "ят", "ли"))  # no one person's verb
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
            cyrillic = is_cyrillic(doc.folded[token])
            if subject and subject.kind == "name" and cyrillic and plural:
                token = run_end  # «Обе записи сообщали о скором замужестве Джейн Остин»
                continue
            if subject and subject.kind == "name" and _genitive_after_noun(doc, subject):
                token = run_end  # «рассказала подруга супруги Виталины Цымбалюк-Романовской»
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
        elif folded == "the" and token > 0 and is_cyrillic(doc.folded[token - 1]):
            token += 1  # «сообщила сегодня The Times»
        elif token > 0 and _date_word(doc, token):
            token += 1  # «пишет 22 декабря 2018 года издание Asia Times»
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
    found_last = max((s.last for s in (named, role) if s is not None), default=-1)
    if org is not None:
        found_last = max(found_last, org.last)
    if found_last >= 0 and doc.folded[found_last + 1 : found_last + 2] in _CLAUSE_VERBS:
        return None  # "…, says Argentina will have to grow": the reported clause's subject
    if named is not None and (doc.folded[first] != "the" or " " in named.value):
        extended = org_after(doc, named.first) if " " not in named.value else None
        if extended is not None and extended.last > named.last:
            # "said sole manager Hambrecht and Quist Inc", "said P.S. Tam of Morgan Guaranty"
            return _person_of(doc, extended) or org_subject(extended)
        if org is None or " " in named.value or named.first > org.last:
            return named
    if org is not None:
        return org_subject(org)
    if role is None:
        return None
    if role.value in SPOKES and is_cyrillic(role.value):
        return spokes_subject(doc, role.last)  # «сообщил представитель Обамы»
    # "the president of Fifa", "президент Фонда прав человека": someone else's president
    complement = token > role.last + 1 or doc.folded[token : token + 1] == ["of"]
    return Subject("role", role.value, first, role.last, weak=complement)


_GENITIVE_FIRST = ("ы", "ии")
_GENITIVE_LAST = ("ского", "цкого", "ской", "цкой", "ого", "его")


def _genitive_after_noun(doc: Document, subject: Subject) -> bool:
    """A Russian name in the genitive after a lower-case noun belongs to that noun («подруга
    супруги Виталины Цымбалюк-Романовской»): it is no subject, which is in the nominative."""
    before = doc.words[subject.first - 1] if subject.first else ""
    if not (is_cyrillic(before) and before.islower()):
        return False
    words = subject.value.casefold().split()
    first, last = words[0], words[-1]
    return (len(first) > 3 and first.endswith(_GENITIVE_FIRST)) or (
        len(words) > 1 and last.endswith(_GENITIVE_LAST)
    )


# after a name, these make it the subject of a clause of its own, not of the verb before it
_CLAUSE_VERBS = [
    [word]
    for word in "will would could should may might must can has have had is are was were".split()
]


_MONTHS = frozenset(
    """января февраля марта апреля мая июня июля августа сентября октября ноября декабря года
    году г""".split()
)


def _date_word(doc: Document, token: int) -> bool:
    """A word of a date in Russian text: «22 декабря 2018 года»."""
    word = doc.words[token]
    return is_cyrillic(doc.folded[token - 1] + doc.folded[token]) and (
        word.isdigit() or doc.folded[token] in _MONTHS
    )


def _listener(doc: Document, first: int) -> bool:
    """A Latin name right after a Russian past-tense verb that a person governs, and then ", что":
    the outlet told («рассказала Reuters, что»), not the one telling («сообщает Reuters, что»,
    «сообщило агентство Reuters»)."""
    verb, word = doc.folded[first - 1], doc.words[first]
    if not (is_cyrillic(verb) and verb.endswith(("л", "ла")) and word[:1].isupper()):
        return False
    if is_cyrillic(word):
        return False
    end = doc.run_end[first] if doc.run_first[first] == first else first + 1
    return doc.folded[end : end + 2] == [",", "что"]


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
            return spokes_subject(doc, token)
        if not doc.words[token][0].isalnum():
            break
    return None


def _after_role(doc: Document, subject: Subject, first: int) -> Subject | None:
    """A name after a verb is the speaker if it comes first, is a full name, or follows a role
    that describes it."""
    if subject.first == first or " " in subject.value:
        return subject
    if doc.folded[subject.first - 1] in ("сам", "сама"):
        return subject  # «Об этом заявил сам Бахтадзе»
    before = doc.folded[subject.first - 1]
    if role_named(before) or before in HONORIFICS:
        # "economist Bannister" names him; "представитель Обамы" is Obama's spokesman.
        return None if is_cyrillic(before) else subject
    return None  # "сообщила об этом в своем Instagram": a lone word after others is no speaker
