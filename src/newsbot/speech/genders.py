"""Whether a person is a man or a woman, as far as the words beside their name say so.

"She said" cannot mean the man named before it, nor «Она заявила» Иван Петров: knowing a
person's gender lets a pronoun skip to the one person it can mean, or refuse to guess. The
evidence is only what is written next to a name: an honorific ("Mr", "Mrs", "Lady"), a
gendered role ("spokeswoman", "actress", «певица») and, in Russian, the past tense of the verb
the name is the subject of («Петрова заявила», «сообщил Иванов»), which agrees with it in
gender. A person with evidence both ways gets none.
"""

from __future__ import annotations

from newsbot.speech.document import Document
from newsbot.speech.names import is_cyrillic
from newsbot.speech.vocabulary import ADVERBS, Gender

_WORDS: dict[str, Gender] = {
    **dict.fromkeys("mr sir lord господин".split(), "male"),
    **dict.fromkeys(
        """mrs ms miss lady dame madam госпожа spokeswoman chairwoman actress businesswoman
        congresswoman певица актриса""".split(),
        "female",
    ),
}


def gender_near(doc: Document, first: int, end: int) -> Gender | None:
    """What the words around the name in tokens `first`..`end` say of its person's gender."""
    for token in (first, first - 1):  # the run's own title, or the word right before it
        if token >= 0 and (gender := _WORDS.get(doc.folded[token].rstrip("."))):
            return gender
    if not is_cyrillic(doc.words[end - 1]):
        return None
    after = end
    while after < len(doc.words) and doc.folded[after] in ADVERBS:
        after += 1
    for token in (after, first - 1):  # «Петрова заявила», «заявила Петрова»
        lower = 0 <= token < len(doc.words) and doc.words[token].islower()
        if lower and (gender := _past_tense(doc.folded[token])) is not None:
            return gender
    return None


def _past_tense(word: str) -> Gender | None:
    """The gender a Russian past-tense verb agrees with: «заявил» a man's, «заявила» a
    woman's; None for other words («села», «дела» are nouns too, hence the longer endings)."""
    if not is_cyrillic(word) or len(word) < 5:
        return None
    stem = word[:-2] if word.endswith(("ся", "сь")) else word  # «встретился», «встретилась»
    if stem.endswith(("ала", "ила", "ела", "яла", "ула", "ыла")):
        return "female"
    if stem.endswith(("ал", "ил", "ел", "ял", "ул", "ыл")):
        return "male"
    return None
