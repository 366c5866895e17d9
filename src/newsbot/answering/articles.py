"""Whole articles: finding one by its id, and its other passages for a question.

A hit names its article by id (the record's `id`, or the file's path in the corpus), and the
index numbers articles; the map from one to the other is built once per index, on first use,
because most processes (a question on the command line) never need it. "More from this
article" ranks every passage of one article by the question, best first, leaving out the
passages already shown, and quotes them as any answer's hits are quoted.
"""

from __future__ import annotations

import threading
import weakref

import numpy as np

from newsbot.answering.models import Answer
from newsbot.answering.pipeline import Answerer
from newsbot.answering.search_index import SearchIndex
from newsbot.answering.selection import HitSpan

_maps: weakref.WeakKeyDictionary[SearchIndex, dict[str, int]] = weakref.WeakKeyDictionary()
_maps_lock = threading.Lock()


def article_number(index: SearchIndex, article_id: str) -> int | None:
    """The index's number for the article with `article_id`; None if it has no such article.
    Should two records share an id, the first is the one found."""
    with _maps_lock:
        numbers = _maps.get(index)
        if numbers is None:
            numbers = {}
            for number in range(index.article_count):
                numbers.setdefault(index.article(number).id, number)
            _maps[index] = numbers
    return numbers.get(article_id)


def shown_ordinals(passage_ids: list[str] | tuple[str, ...], article_id: str) -> set[int]:
    """The ordinals (1-based, within the article) of the passages that `passage_ids` cover:
    "a#3" is passage 3 of article "a", and "a#3-4" the hit that merged passages 3 and 4."""
    ordinals: set[int] = set()
    prefix = article_id + "#"
    for passage_id in passage_ids:
        if not passage_id.startswith(prefix):
            continue
        first, _, last = passage_id[len(prefix) :].partition("-")
        try:
            start = int(first)
            end = int(last) if last else start
        except ValueError:
            continue
        ordinals.update(range(start, min(end, start + 10_000) + 1))
    return ordinals


def more_from_article(
    answerer: Answerer,
    question: str,
    article: int,
    shown: tuple[str, ...],
    first: int = 0,
    k: int = 3,
) -> Answer:
    """Hits first + 1 … first + k among article `article`'s passages that match `question` and
    are not among the `shown` passage ids, best first; `total` counts them all."""
    index = answerer.index
    analysed, notice = answerer.analyse(question)
    passages = index.passages_of(article)
    article_id = index.article(article).id
    skip = shown_ordinals(shown, article_id)
    numbers = np.array(
        [number for ordinal, number in enumerate(passages, start=1) if ordinal not in skip],
        dtype=np.int64,
    )
    terms = [(term, weight) for term, weight in analysed.weights().items() if index.knows(term)]
    scores = index.score("passage", terms, numbers) if terms and numbers.size else np.zeros(0)
    ranked = sorted(
        ((float(score), int(number)) for number, score in zip(numbers, scores, strict=True)),
        key=lambda pair: (-pair[0], pair[1]),
    )
    matching = [(score, number) for score, number in ranked if score > 0]
    first = max(first, 0)
    window = matching[first : first + max(k, 0)]
    hits = tuple(
        answerer.quote(rank, HitSpan(article, number, number, score), analysed)
        for rank, (score, number) in enumerate(window, start=first + 1)
    )
    return Answer(
        question=analysed.text,
        terms=analysed.own_terms,
        hits=hits,
        notice=notice,
        first=first,
        total=len(matching),
        searched=analysed.searched,
    )
