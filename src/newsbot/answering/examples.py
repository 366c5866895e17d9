"""Questions to try, made from the corpus itself.

A fixed example ("What did he say about youth?") fits the one article it was written for: over
BBC it finds a Wales rugby youth-team story. The examples are instead asked of the corpus's own
most quoted people, about the word they use most that the corpus does not use everywhere, and
each is kept only if newsbot answers it, so that a tapped example never ends in "nothing found".
"""

from __future__ import annotations

import re
from collections import Counter

from newsbot.answering.pipeline import Answerer
from newsbot.speech import may_hold_speech

_CYRILLIC = re.compile("[а-яё]", re.IGNORECASE)
# Articles read for their speakers: evenly spread, so that a large corpus costs no more.
_SAMPLE = 80
# A topic word is at least this long (no "said", "also" …) …
_MIN_WORD_CHARS = 4
# … and the people tried, most quoted first.
_PEOPLE_TRIED = 8


def corpus_examples(answerer: Answerer, count: int = 3) -> tuple[str, ...]:
    """Up to `count` questions about the corpus that newsbot answers: "What did <the most
    quoted person> say about <their word>?" (in Russian for a Russian corpus), then the titles
    of a few articles, which are questions too."""
    index = answerer.index
    total = index.article_count
    if not total:
        return ()
    numbers = sorted({number * total // _SAMPLE for number in range(min(_SAMPLE, total))})
    quoted: Counter[str] = Counter()
    words: dict[str, Counter[str]] = {}
    for number in numbers:
        article = index.article(number)
        if not may_hold_speech(article.text):
            continue
        speech = answerer.speech(number)
        for quotation in speech.quotations:
            name = quotation.speaker
            if not name or len(name.split()) < 2:
                continue
            quoted[name] += 1
            said = article.text[quotation.start : quotation.end]
            words.setdefault(name, Counter()).update(_content_words(answerer, said, name))
    examples: list[str] = []
    for name, _ in quoted.most_common(_PEOPLE_TRIED):
        topic = _topic(answerer, words.get(name, Counter()))
        if topic is None:
            continue
        if _CYRILLIC.search(name):
            question = f"Что сказал {name} о «{topic}»?"
        else:
            question = f"What did {name} say about {topic}?"
        if answerer.ask(question, k=1).found:
            examples.append(question)
            break
    for number in (numbers[-1], numbers[len(numbers) // 2], numbers[0]):
        if len(examples) >= count:
            break
        title = " ".join(index.article(number).title.split())
        if title and title not in examples and answerer.ask(title, k=1).found:
            examples.append(title)
    return tuple(examples[:count])


def _content_words(answerer: Answerer, text: str, name: str) -> Counter[str]:
    """The words of `text` that are search terms, as written (lower case), but not the
    speaker's own name."""
    analyzer = answerer.index.analyzer
    own = {part.casefold() for part in name.split()}
    found: Counter[str] = Counter()
    for token in analyzer.tokens(text):
        if token.term is None:
            continue
        surface = text[token.start : token.end]
        if (
            len(surface) >= _MIN_WORD_CHARS
            and surface.isalpha()
            and surface.islower()
            and surface.casefold() not in own
        ):
            found[surface] += 1
    return found


def _topic(answerer: Answerer, words: Counter[str]) -> str | None:
    """The person's word that says most: used often by them, and not by every article."""
    index = answerer.index
    analyzer = index.analyzer
    best: tuple[float, str] | None = None
    for surface, uses in words.items():
        terms = analyzer.terms(surface)
        if len(terms) != 1 or not index.knows(terms[0]):
            continue
        # a word said twice says more of the person than a rarer word said once
        weight = min(uses, 3) * max(index.information(terms[0]), 0.0)
        if best is None or weight > best[0]:
            best = (weight, surface)
    return best[1] if best is not None else None
