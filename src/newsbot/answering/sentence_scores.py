"""How well each sentence of a hit answers the question: the highlighter's half of quoting.

Every sentence is scored as a small document with BM25, as Lucene's UnifiedHighlighter does, but
inside an article that is already known to be about the question, so three things change:

- The words that found the article are not the ones that find the answer in it. Words of the
  article's title (its subject: "Ask Jeeves", "NTL and Telewest") count for little, and a word
  that most sentences of the hit share counts for less; the question's other words ("profit",
  "how pricey", «скорость») point at the answering sentence.
- A sentence holding the kind of thing asked for (an amount, a date, a reason, a name) counts as
  if it matched a word, and so does a sentence that the person asked about says.
- Length matters less than in a search (a sentence is not a long document diluting its match),
  and a caption or heading of a few words, which repeats names without saying anything, counts
  for little.

The weights were chosen with `newsbot eval qa`'s quote@1 on the public, held-out and Russian
sets (see the README).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from newsbot.answering.answer_types import contains_answer
from newsbot.text import Analyzer
from newsbot.text.segment import Span

_K1 = 1.2
_B = 0.3
_PIVOT_TERMS = 20.0
_TITLE_WEIGHT = 0.2  # a title word's share of its weight when choosing among the sentences
_SHARED_DISCOUNT = 0.5  # a word in every sentence of the hit keeps half its weight
_ANSWER_SHARE = 0.5  # holding the kind of answer asked for: half the question's best word
_SPEAKER_SHARE = 1.0  # said by the person asked about: above every other sentence, by the best word
_CAPTION_WORDS = 5  # shorter is a caption or a heading …
_CAPTION_WEIGHT = 0.3  # … which keeps this share of its score
_ENDS = tuple(".!?…:;\"'”’»)")


@dataclass(frozen=True, slots=True)
class Asked:
    """What a quote is chosen for: the question's weighted terms, the kinds of answer it wants,
    whether a sentence is said by the person asked about, and the article's title."""

    weights: Mapping[str, float]
    answer_kinds: tuple[str, ...] = ()
    title: str = ""


def score_sentences(
    text: str,
    sentences: Sequence[Span],
    asked: Asked,
    idf: Callable[[str], float],
    analyzer: Analyzer,
    by_wanted: Sequence[bool] = (),
) -> list[float]:
    """A score for each sentence; `by_wanted[i]` says that sentence i is the asked person's."""
    if not sentences:
        return []
    counted = [Counter(analyzer.terms(text[start:end])) for start, end in sentences]
    titled = set(analyzer.terms(asked.title))
    weights = {
        term: weight
        * (_TITLE_WEIGHT if term in titled else 1.0)
        * (1 - _SHARED_DISCOUNT * sum(1 for counts in counted if term in counts) / len(counted))
        for term, weight in asked.weights.items()
    }
    unit = max((weight * max(idf(term), 0.0) for term, weight in asked.weights.items()), default=0)
    scores = [_bm25(counts, weights, idf) for counts in counted]
    for position, (start, end) in enumerate(sentences):
        if asked.answer_kinds and contains_answer(text[start:end], asked.answer_kinds):
            scores[position] += _ANSWER_SHARE * unit
        if len(sentences) > 1 and _is_caption(text[start:end]):
            scores[position] *= _CAPTION_WEIGHT
    if any(by_wanted):
        # "What did X say": X's own sentences come before anyone else's, best first.
        mine = [
            position < len(by_wanted) and by_wanted[position] for position in range(len(scores))
        ]
        others = max(
            (score for score, own in zip(scores, mine, strict=True) if not own), default=0.0
        )
        lift = others + _SPEAKER_SHARE * unit
        scores = [score + lift if own else score for score, own in zip(scores, mine, strict=True)]
    return scores


def _is_caption(sentence: str) -> bool:
    """A photo caption, a heading or a dateline: a few words, or a line with no full stop."""
    return len(sentence.split()) < _CAPTION_WORDS or not sentence.rstrip().endswith(_ENDS)


def _bm25(counts: Counter[str], weights: Mapping[str, float], idf: Callable[[str], float]) -> float:
    length = sum(counts.values())
    if not length:
        return 0.0
    norm = _K1 * (1 - _B + _B * length / _PIVOT_TERMS)
    score = 0.0
    for term, weight in weights.items():
        frequency = counts.get(term, 0)
        if frequency:
            score += weight * max(idf(term), 0.0) * frequency * (_K1 + 1) / (frequency + norm)
    return score
