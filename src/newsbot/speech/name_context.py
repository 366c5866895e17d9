"""What the words around a name say about its person: subject, speaker, owner, role holder.

A name standing as a clause's subject is what a later "he" points back to; one followed by a
speech verb is someone speaking; one with a role attached ("spokesman Vince Cable") tells whom
a later "the spokesman said" means. Each answer is a bounded look at the tokens beside the name,
so `people.People` can ask it of every mention.
"""

from __future__ import annotations

from newsbot.speech.document import Document
from newsbot.speech.name_runs import role_at, role_named
from newsbot.speech.names import is_cyrillic
from newsbot.speech.vocabulary import (
    ADVERBS,
    AUXILIARIES,
    CLAUSE_LEADS,
    OBJECTS,
    QUOTE_CHARS,
    ROLE_MODIFIERS,
    RU_PREPOSITIONS,
    VERBS,
)


def speaks_after(doc: Document, end: int, appositive: bool = True) -> bool:
    """A speech verb follows the name ending before token `end`: "Michael Howard has said",
    and with `appositive`, "Kostas Panagopoulos, said"."""
    end += appositive and end < len(doc.words) and doc.words[end] == ","
    for token in range(end, min(end + 3, len(doc.words))):
        if doc.folded[token] in VERBS:
            return True
        if doc.folded[token] not in ADVERBS:
            return False
    return False


def possessive(doc: Document, end: int) -> bool:
    """The name ending before token `end` owns what follows: "Tony Blair's spokesman"."""
    return doc.words[end - 1].endswith(("'s", "’s")) or (
        end < len(doc.words) and doc.words[end] in "'’"
    )


def stands_as_subject(doc: Document, first: int, end: int) -> bool:
    """Whether the name in tokens `first`..`end` stands where a clause's subject stands, so a
    later "he" can mean it: "Mr Abbas said", not "talks with Mr Blair" or "Tony Blair's
    spokesman"."""
    if possessive(doc, end):
        return False
    after = doc.words[end] if end < len(doc.words) else ""
    past = after.islower() and after.endswith("ed") and len(after) > 4
    if (past or after.casefold() in AUXILIARIES) and not is_cyrillic(doc.words[first]):
        return True  # "World number one Lindsay Davenport has criticised …", "… criticised"
    lead = first - 1  # back over the words attached to the name, to the word that leads them
    while (
        lead >= max(0, first - 8)
        and lead + 1 not in doc.sentence_first_tokens
        and doc.same_line(lead, lead + 1)
    ):
        word, folded = doc.words[lead], doc.folded[lead]
        attached = role_named(folded) or folded in ROLE_MODIFIERS or folded in ("the", "a", "an")
        if not (attached or doc.run_first[lead] >= 0 or (len(word) > 1 and word.isupper())):
            break
        lead -= 1
    if is_cyrillic(doc.words[first]) and lead >= 0 and doc.folded[lead] not in RU_PREPOSITIONS:
        return True  # Russian word order is free; a name not after a preposition may lead
    opens_sentence = lead < 0 or lead + 1 in doc.sentence_first_tokens
    if speaks_after(doc, end, appositive=False) or opens_sentence:
        return True
    if (doc.folded[lead - 1 : lead + 1]) in (["according", "to"], ["по", "словам"]):
        return True
    after = doc.folded[end : end + 2]
    if doc.folded[lead] in VERBS:
        # a name right after "said" leads only in an inverted cue ('"…," said Robson', "…
        # said Mr Owen."), not in "he said Mr Blair had lost trust"
        cued = lead > 0 and doc.words[lead - 1] in QUOTE_CHARS + ",—–-"
        appositive = after[:1] == [","] and after[1:] in (["a"], ["an"], ["the"])
        ends = not after or after[0] in ".;!?" or appositive  # "said Jane Doe, an analyst"
        return cued or ends
    if doc.folded[lead] not in CLAUSE_LEADS:
        return False
    listed = (
        after[:1] in ([","], ["and"]) and end + 1 < len(doc.words) and doc.run_first[end + 1] >= 0
    )
    if listed:
        return False  # "Paolo Maldini and Alessandro Costacurta"
    if doc.folded[lead] == "," and after[:1] == [","]:
        # an appositive leads after a title ("…President of Kazakhstan, Nursultan
        # Nazarbayev,"), not after a verb ("the woman she played, Katharine Hepburn,")
        before = doc.folded[lead - 1] if lead > 0 else ""
        return not (before.endswith("ed") or before in VERBS or before in OBJECTS)
    return True


def roles_of(doc: Document, first: int, end: int, title: str | None) -> list[str]:
    """Role nouns attached to the name in tokens `first`..`end`: "Lib Dem spokesman Vince
    Cable", "The First President of Kazakhstan, Nursultan Nazarbayev,", "Paul Myers, chief of
    …"."""
    count = len(doc.words)
    titled = range(first, end) if title else range(0)
    titles = [token for token in titled if role_named(doc.folded[token])]
    role = role_at(doc, titles[-1]) if titles else None
    roles = [role] if role else []
    windows = [range(first - 1, max(-1, first - 4), -1)]
    if first >= 2 and doc.words[first - 1] == "," and end < count and doc.words[end] == ",":
        windows.append(range(first - 2, max(-1, first - 8), -1))
    if end + 1 < count and doc.words[end] == ",":
        windows.append(range(end + 1, min(count, end + 5)))
    for window in windows:
        for token in window:
            if not doc.words[token][0].isalnum():
                break
            if role := role_at(doc, token):
                roles.append(role)
                break
    return roles
