"""The forms in which an organisation, or the principal of a spokesman, is a verb's subject.

"General Motors of Canada Ltd, a unit of General Motors Corp, said", "said the Commerce
Ministry", "сообщило министерство юстиции США", "передает Reuters", "A Treasury spokesperson
said", "Tony Blair's official spokesman said", "сообщил представитель Обамы". Each is a bounded
look at the tokens beside the verb; `subjects` turns what they find into a `Subject`.
"""

from __future__ import annotations

from newsbot.speech.document import Document
from newsbot.speech.names import is_cyrillic
from newsbot.speech.organisations import (
    OrgName,
    is_acronym,
    name_ending,
    name_starting,
    org_words_in,
)
from newsbot.speech.vocabulary import (
    ADVERBS,
    DEMONYMS,
    ORG_REFS,
    PREPOSITIONS,
    QUOTE_CHARS,
    ROLE_MODIFIERS,
    RU_ORG_STEMS,
    RU_PREPOSITIONS,
)

_SPOKES_MODIFIERS = ROLE_MODIFIERS | {"official", "press", "club", "party", "team", "government"}
_RU_ORG_HEADS = (*RU_ORG_STEMS, "полици", "прокуратур", "пресс-служб", "ведомств", "мэри", "штаб")
# Russian organisations as the subject after a verb are in the nominative: «сообщило
# министерство юстиции США», not «центра» of «замдиректора центра …»
_RU_ORG_NOMINATIVES = frozenset(
    """министерство ведомство правительство агентство полиция прокуратура пресс-служба служба
    мэрия администрация компания корпорация банк издание газета комитет совет центр фонд суд
    штаб партия организация департамент управление комиссия академия университет институт союз
    ассоциация госдума кремль минздрав минобороны минюст минфин мид федерация генпрокуратура
    минэкономразвития ведомство посольство""".split()
)
_DATIVE_ENDINGS = ("у", "ю", "ам", "ям", "ому", "ему")


def _org_like(found: OrgName, doc: Document) -> bool:
    if found.first == found.last and doc.folded[found.first] in DEMONYMS:
        return False  # "the American said" describes a person
    return org_words_in(found.name) or is_acronym(doc.words[found.last])


def appositive_org(doc: Document, comma: int) -> OrgName | None:
    """ "General Motors of Canada Ltd, a unit of General Motors Corp, said" and "The group which
    represents university vice-chancellors, Universities UK, said": `comma` is the one before
    the verb."""
    for token in range(comma - 1, max(0, comma - 16), -1):
        word = doc.words[token]
        if word in ".!?;:" or word in QUOTE_CHARS or token in doc.sentence_first_tokens:
            return None
        if word != ",":
            continue
        inner = name_starting(doc, token + 1)
        if inner is not None and inner.last == comma - 1 and _org_like(inner, doc):
            return inner
        outer = name_ending(doc, token - 1)
        if outer is None or not _org_like(outer, doc):
            return None
        if outer.first and doc.folded[outer.first - 1] in PREPOSITIONS:
            return None
        return outer
    return None


def _ru_org_head(folded: str) -> bool:
    return any(folded.startswith(stem) for stem in _RU_ORG_HEADS)


def org_after(doc: Document, token: int) -> OrgName | None:
    """An organisation named from `token` on, after a verb: "the Commerce Ministry", "the
    Exchange", "министерство юстиции США", "РБК", and in Russian text any Latin name
    ("передает Reuters")."""
    count = len(doc.words)
    if token >= count:
        return None
    word, folded = doc.words[token], doc.folded[token]
    if (
        is_cyrillic(folded)
        and not word.islower()
        and token + 1 < count
        and _ru_adjective(doc, token)
    ) and doc.folded[token + 1] in _RU_ORG_NOMINATIVES:  # «сообщила Кубинская федерация …»
        found = org_after(doc, token + 1)
        if found is not None:
            return OrgName(doc.text[doc.starts[token] : doc.ends[found.last]], token, found.last)
    if is_cyrillic(folded) and word.islower():
        if folded not in _RU_ORG_NOMINATIVES:
            return None
        last = token
        while (
            last + 1 < min(count, token + 6)
            and doc.words[last + 1][0].isalnum()
            and doc.same_line(last, last + 1)
            and (doc.folded[last + 1] not in RU_PREPOSITIONS or doc.folded[last + 1] == "по")
        ):
            last += 1
        if last == token and folded in ORG_REFS:
            return None  # «отмечает агентство»: a reference, not a name
        return _with_quoted_part(
            doc, OrgName(doc.text[doc.starts[token] : doc.ends[last]], token, last)
        )
    found = name_starting(doc, token)
    if found is None:
        return None
    found = _with_quoted_part(doc, found)
    russian = token > 0 and is_cyrillic(doc.folded[token - 1]) and not is_cyrillic(folded)
    return found if russian or _org_like(found, doc) else None


def _with_quoted_part(doc: Document, found: OrgName) -> OrgName:
    """ "РИА «Новости»": an acronym and the name in quote marks after it are one name."""
    after = found.last + 1
    if not (is_acronym(doc.words[found.last]) and doc.words[after : after + 1] == ["«"]):
        return found
    for closing in range(after + 2, min(len(doc.words), after + 5)):
        if doc.words[closing] == "»":
            inner = doc.text[doc.ends[after] : doc.starts[closing]]
            if not inner[:1].isupper():
                return found
            return OrgName(f"{found.name} {inner}", found.first, closing)
        if not doc.words[closing][0].isalnum():
            break
    return found


def ru_org_before(doc: Document, token: int) -> OrgName | None:
    """ "Министерство юстиции США сообщило", "МВД заявило": the organisation ending at `token`,
    led by a word such as "министерство" within a few words."""
    while token > 0 and doc.words[token].islower() and _adverb(doc.folded[token]):
        token -= 1  # «Управление образования округа также официально сообщило»
    found = -1  # the leftmost head: «Следственный комитет России по Челябинской области»
    for head in range(token, max(-1, token - 7), -1):
        if not doc.words[head][0].isalnum():
            break
        if doc.folded[head] in _RU_ORG_NOMINATIVES or (
            head == token and is_acronym(doc.words[head])
        ):
            found = head  # «Критики правительства считают»: the genitive names no speaker
    if found < 0:
        return None
    while found > 0 and found > token - 8 and _ru_adjective(doc, found - 1):
        found -= 1  # «Следственный комитет»
    before = doc.folded[found - 1] if found else ""
    if found == token and doc.folded[found] in ORG_REFS:
        return None  # «его правительство предупредило»: a reference, not a name
    if before in RU_PREPOSITIONS or (is_cyrillic(before) and before.endswith(_DATIVE_ENDINGS)):
        return None  # «в министерстве заявили», «агентству Reuters сообщил X»
    return OrgName(doc.text[doc.starts[found] : doc.ends[token]], found, token)


def _adverb(folded: str) -> bool:
    """A Russian adverb between a body and its verb: «также», «официально»."""
    return folded in ADVERBS or (is_cyrillic(folded) and len(folded) > 5 and folded.endswith("о"))


def _ru_adjective(doc: Document, token: int) -> bool:
    """A capitalised Russian adjective opening a name: «Следственный», «Федеральная»."""
    word = doc.words[token]
    return is_cyrillic(word) and word[:1].isupper() and word.endswith(("ый", "ий", "ая", "ое"))


def spoken_for(doc: Document, role: int) -> tuple[OrgName | None, int]:
    """Whom the spokesman at token `role` speaks for, and where the subject starts: "A Treasury
    spokesperson", "Tony Blair's official spokesman", "An All England club spokesperson", "a
    spokesman for Microsoft", "представитель Обамы". No owner: (None, the first token of the
    modifiers)."""
    count = len(doc.words)
    if is_cyrillic(doc.folded[role]):
        after = name_starting(doc, role + 1) if role + 1 < count else None
        return after, role
    token, noun = role - 1, ""
    while token >= 0 and doc.folded[token] in _SPOKES_MODIFIERS and role - token <= 3:
        if doc.folded[token] in ORG_REFS:
            noun = doc.words[token]
        token -= 1
    found = name_ending(doc, token) if token >= 0 else None
    if found is not None and not (found.first and doc.folded[found.first - 1] in PREPOSITIONS):
        if found.first == found.last and doc.folded[found.first] in DEMONYMS:
            return None, token + 1
        name = f"{found.name} {noun}" if noun else found.name
        return OrgName(name, found.first, role), found.first
    if role + 2 < count and doc.folded[role + 1] == "for":
        owner = name_starting(doc, role + 2)
        if owner is not None:
            return owner, token + 1
    return None, token + 1


# bodies in the prepositional case and their nominative: «в министерстве заявили»
_RU_BODIES_IN = {
    "министерстве": "министерство",
    "ведомстве": "ведомство",
    "правительстве": "правительство",
    "администрации": "администрация",
    "компании": "компания",
    "полиции": "полиция",
    "прокуратуре": "прокуратура",
    "мэрии": "мэрия",
    "посольстве": "посольство",
    "пресс-службе": "пресс-служба",
    "штабе": "штаб",
}
_PLURAL_ENDINGS = ("ли", "ют", "ят")


def body_spoken_in(doc: Document, verb: int, at: int) -> OrgName | None:
    """The body an impersonal plural verb speaks for, named with «в» at token `at`: «В
    Минздраве заявили, что», «Как утверждают в Odebrecht,», «в министерстве обороны
    сообщили»; its name is given in the nominative («Минздрав», «министерство обороны»)."""
    count = len(doc.words)
    if not (
        is_cyrillic(doc.folded[verb])
        and doc.folded[verb].endswith(_PLURAL_ENDINGS)
        and at + 1 < count
        and doc.folded[at] in ("в", "во")
    ):
        return None
    token = at + 1
    if doc.words[token].islower() and doc.folded[token].endswith(("ом", "ой", "ем")):
        token += 1  # «в российском Минфине»
    if token >= count:
        return None
    word = doc.words[token]
    if doc.folded[token] in _RU_BODIES_IN:
        last = token
        while last + 1 < min(count, token + 4) and doc.words[last + 1].isalpha():
            if doc.folded[last + 1] in RU_PREPOSITIONS or last + 1 == verb:
                break
            last += 1  # «в министерстве обороны России»
        rest = doc.text[doc.ends[token] : doc.ends[last]]
        return OrgName(_RU_BODIES_IN[doc.folded[token]] + rest, token, last)
    found = name_starting(doc, token) if word[:1].isupper() else None
    if found is None or found.last + 1 >= count or found.last >= verb > token:
        return None
    if found.first == found.last and is_cyrillic(word):
        name = _nominative_body(word)  # «Минздраве», «Кремле»
        return OrgName(name, token, token) if name else None
    return found if not is_cyrillic(word) or is_acronym(word) else None


def _nominative_body(word: str) -> str | None:
    """«Минздраве» is Минздрав, «Кремле» Кремль, «МВД» МВД; None when unsure."""
    if is_acronym(word):
        return word
    if word.endswith("ле"):
        return word[:-1] + "ь"
    if word.endswith("е") and len(word) > 4 and word[-2] not in "аеёиоуыэюя":
        return word[:-1]
    return None
