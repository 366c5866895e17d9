"""Russian subjects told apart by case and agreement: who a Russian speech verb's subject can be.

Russian marks with endings what English marks with word order: «президента Ирана заявили» has
no Iranian speaking, «Министерство обороны Румынии заявило» no Romanian, «Адвокат Караджича
заявил» is the lawyer, and a plural or neuter verb has no one person for its subject. These
tests are bounded looks at the tokens beside the verb, used by `subject_before`.
"""

from __future__ import annotations

from newsbot.speech.document import Document
from newsbot.speech.name_runs import role_named
from newsbot.speech.names import is_cyrillic
from newsbot.speech.subjects import Subject
from newsbot.speech.vocabulary import OPENERS, SPOKES

DATIVE_ENDINGS = ("у", "ю", "ам", "ям", "ому", "ему")


def genitive_complement(doc: Document, name: int, verb: int) -> bool:
    """A lone Russian name in the genitive after a noun, before a verb that cannot agree with
    it: «президента Ирана заявили», but «О своих планах Лужков рассказал»."""
    word, before = doc.words[name], doc.words[name - 1] if name else ""
    if not (doc.run_end[name] == name + 1 and is_cyrillic(word) and is_cyrillic(before)):
        return False
    said = doc.folded[verb] if verb < len(doc.words) else ""
    if said.endswith("ло"):
        return True  # «Министерство обороны Румынии заявило»: a neuter verb has no person
    listed = said.endswith("ли") and doc.folded[name - 1] in ("и", ",")
    if listed and word.endswith(("ы", "и", "ого", "его")):
        return True  # «Представители США, Канады и Великобритании объявили»
    if doc.folded[name - 1] in OPENERS or not said.endswith(("л", "ли", "ет", "ит")):
        return False  # a present-tense verb too: «Федерация футбола Португалии замечает»
    if role_named(doc.folded[name - 1]) is not None:
        # «Адвокат Караджича заявил»: the lawyer speaks; «премьер Берлускони заявил»: he does
        return word.endswith(("а", "я", "ого", "его", "ии", "ы"))  # «президент Боливии»
    return before.islower() and word.endswith(("а", "я", "ы", "и", "ого", "его"))


def after_genitive_role(doc: Document, first: int) -> bool:
    """A Russian name after a role in the genitive is that person's, not the speaker: «семья
    английского актёра Алана Рикмана объявила»."""
    before = doc.words[first - 1] if first else ""
    if not (is_cyrillic(before) and before.islower() and before.endswith(("а", "я", "ы"))):
        return False
    last = doc.folded[doc.run_end[first] - 1] if doc.run_end[first] > first else ""
    if last.endswith(("ая", "ий", "ый")):
        return False  # «супруга музыканта Эльжбета Пендерецкая»: her own name, nominative
    return role_named(doc.folded[first - 1][:-1]) is not None


def ru_adverb(folded: str) -> bool:
    """A Russian adverb between a subject and its verb: «он открыто говорил»."""
    return is_cyrillic(folded) and len(folded) > 3 and folded.endswith("о")


def body_at(doc: Document, verb: int) -> int:
    """Where «в» would stand before a body and the verb: «В Минздраве заявили», «В
    министерстве обороны России сообщили»; -1 when the verb does not end a clause's start."""
    first = doc.token_at(doc.sentence_start(doc.starts[verb]))
    if not doc.words[verb - 1][0].isalnum():
        return len(doc.words)  # «… в Милане, сообщили СМИ»: the subject follows
    for at in range(verb - 2, max(first - 1, verb - 5), -1):
        if doc.folded[at] in ("в", "во"):
            lead = doc.words[at - 1] if at > first else ""
            if lead[:1].isupper() or doc.folded[at - 1].startswith("источник"):
                break  # «Источники в полиции сообщают», «Врачи в больнице считают»
            return at
        if not doc.words[at][0].isalnum():
            break
    return len(doc.words)


def titled_genitive(doc: Document, first: int, subject: Subject, verb: int) -> Subject | None:
    """A Russian role opening a run before a lone name in the genitive, «Адвокат Караджича
    заявил», names the role's holder, not the person in the genitive; «Министр Скворцова
    заявила» agrees with its verb and names her."""
    role = role_named(doc.folded[first])
    word = subject.value.casefold()
    if role is None or role in SPOKES or not is_cyrillic(role) or " " in word:
        return None  # «Представитель Путина подчеркнул»: Putin's words (`spokes_subject`)
    if doc.run_end[first] != first + 2:
        return None
    said = doc.folded[verb] if verb < len(doc.words) else ""
    feminine = said.endswith(("ла", "лась"))
    genitive = word.endswith(("ого", "его", "ии", "ы")) or (
        word.endswith(("а", "я")) and not feminine
    )
    if not genitive:
        return None
    return Subject("role", role, first, subject.last, weak=True, described=True)


def verb_plural(doc: Document, verb: int) -> bool:
    """A Russian verb in the plural («заявили», «считают»): no one person is its subject."""
    said = doc.folded[verb] if verb < len(doc.words) else ""
    return is_cyrillic(said) and said.endswith(("ют", "ят", "ли"))


def parenthetical(doc: Document, verb: int) -> bool:
    """The verb and a short subject stand between commas: «…, отмечает министерство, что …»."""
    for token in range(verb + 1, min(len(doc.words), verb + 5)):
        if doc.words[token] == ",":
            return token > verb + 1
        if not doc.words[token][0].isalnum():
            return False
    return False


def genitive_for(doc: Document, name: Subject, verb: int) -> bool:
    """A Russian name in the genitive where a man is the subject of `verb`: «отец рэпера
    Кирилла Толмацкого, больше известного как Децл, сообщил» is the father speaking. Adjectival
    surnames («Толмацкого») are never nominative; «Петрова», «Ильина» are not with «сообщил»."""
    last = name.value.split()[-1].casefold()
    if not is_cyrillic(last) or verb >= len(doc.words):
        return False
    if last.endswith(("ого", "его")):
        return True
    masculine = doc.folded[verb].endswith(("л", "лся"))
    return masculine and last.endswith(("ова", "ева", "ина", "ына"))
