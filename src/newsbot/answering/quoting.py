"""Choosing the sentences of a passage that answer the question, as a search highlighter does.

Like Lucene's UnifiedHighlighter, every sentence is scored as a small document with BM25 (the
question's weighted terms, the corpus idf, and the sentence's length against a pivot), and the
best few are shown in text order. Sentences spoken by the person the question asks about count
for more, as do sentences holding the kind of answer asked for (an amount, a date). The quote is
the article's own text; "…" marks where it was cut.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from newsbot.answering.answer_types import contains_answer
from newsbot.speech import Quotation, Speech, same_person
from newsbot.text import Analyzer
from newsbot.text.segment import Span, paragraph_spans, sentence_spans

ELLIPSIS = "…"
_K1 = 1.2
_B = 0.75
_PIVOT_TERMS = 20.0
_MAX_SENTENCES = 3
_MAX_WORDS = 90
_SPEAKER_BOOST = 1.5
# No quote is longer than this: above the longest sentence of BBC, Reuters and Russian Wikinews
# (1,063, 655 and 1,480 characters), so only text without full stops is cut, around its match.
MAX_QUOTE_CHARS = 2000
_FOCUS_SEARCH = 20_000  # how far into a long segment its first matched word is looked for
_SNAP = 80  # how far a cut moves to fall on a space
_ANSWER_SHARE = 0.5


@dataclass(frozen=True, slots=True)
class Quote:
    """The text to show, the matched words in it, and who is speaking, if anyone."""

    text: str
    highlights: tuple[Span, ...]
    speaker: str | None
    start: int  # offsets of the quoted span in the article text
    end: int


def choose_quote(
    text: str,
    start: int,
    end: int,
    weights: Mapping[str, float],
    idf: Callable[[str], float],
    analyzer: Analyzer,
    speech: Speech | None = None,
    wanted_speaker: str | None = None,
    answer_kinds: tuple[str, ...] = (),
    title: str = "",
) -> Quote:
    """The best sentences of `text[start:end]` (an article's passage) for the weighted terms."""
    sentences = _sentences(text, start, end) or [(start, end)]
    import os
    X = {k: float(os.environ.get("Q_" + k, v)) for k, v in dict(B=_B, T=1.0, LOCAL=0.0, ANS=_ANSWER_SHARE, SPK=0.0, BOOST=_SPEAKER_BOOST, SHORT=1.0, MINW=0).items()}
    analysed = [Counter(analyzer.terms(text[s:e])) for s, e in sentences]
    share = {t: sum(1 for c in analysed if t in c) / len(analysed) for t in weights}
    titled = set(analyzer.terms(title))
    weights = {t: w * (X["T"] if t in titled else 1.0) for t, w in weights.items()}
    scores = [_score2(c, weights, idf, X["B"], share, X["LOCAL"]) for c in analysed]
    quotations = [_quotation_at(speech, s, e) for s, e in sentences]
    unit = max((weight * idf(term) for term, weight in weights.items()), default=0.0)
    if answer_kinds:
        # A sentence holding the kind of answer asked for counts as if it matched a term.
        for i, (s, e) in enumerate(sentences):
            if contains_answer(text[s:e], answer_kinds):
                scores[i] += X["ANS"] * unit
    if speech is not None and wanted_speaker:
        for i, quotation in enumerate(quotations):
            if (
                quotation is not None
                and quotation.speaker
                and same_person(quotation.speaker, wanted_speaker)
            ):
                scores[i] = scores[i] * X["BOOST"] + X["SPK"] * unit
    if len(sentences) > 1:
        for i, (s, e) in enumerate(sentences):
            if len(text[s:e].split()) < X["MINW"]:
                scores[i] *= X["SHORT"]
    chosen = _choose(sentences, scores, text)
    segments = [
        _window(text, segment, weights, analyzer) for segment in _segments(sentences, chosen)
    ]
    pieces: list[str] = []
    highlights: list[Span] = []
    length = 0
    for position, (seg_start, seg_end) in enumerate(segments):
        lead = ELLIPSIS + " " if position == 0 and seg_start > start else ""
        gap = " " + ELLIPSIS + " " if position > 0 else ""
        body = text[seg_start:seg_end]
        offset = length + len(lead) + len(gap)
        highlights.extend(
            (token.start + offset, token.end + offset)
            for token in analyzer.tokens(body)
            if token.term is not None and token.term in weights
        )
        pieces.append(lead + gap + body)
        length += len(lead) + len(gap) + len(body)
    quote_start, quote_end = segments[0][0], segments[-1][1]
    tail = " " + ELLIPSIS if quote_end < end else ""
    speaker = speech.speaker_at(quote_start, quote_end) if speech is not None else None
    return Quote("".join(pieces) + tail, tuple(highlights), speaker, quote_start, quote_end)


def _window(text: str, segment: Span, weights: Mapping[str, float], analyzer: Analyzer) -> Span:
    """The segment, or, when it is longer than a quote may be (a "sentence" of thousands of
    characters with no full stop), the part of it around its first matched word, cut at spaces.
    """
    start, end = segment
    if end - start <= MAX_QUOTE_CHARS:
        return segment
    focus = start
    for token in analyzer.tokens(text[start : start + _FOCUS_SEARCH]):
        if token.term is not None and token.term in weights:
            focus = start + token.start
            break
    begin = max(start, min(focus - MAX_QUOTE_CHARS // 4, end - MAX_QUOTE_CHARS))
    finish = min(end, begin + MAX_QUOTE_CHARS)
    if begin > start:
        space = text.find(" ", begin, begin + _SNAP)
        begin = space + 1 if space >= 0 else begin
    if finish < end:
        space = text.rfind(" ", finish - _SNAP, finish)
        finish = space if space > begin else finish
    return begin, finish


def _sentences(text: str, start: int, end: int) -> list[Span]:
    """The sentences of the span, paragraph by paragraph: a caption or a heading line without
    a full stop is a sentence of its own, not the start of the next one."""
    spans: list[Span] = []
    for paragraph_start, paragraph_end in paragraph_spans(text):
        if paragraph_end <= start or paragraph_start >= end:
            continue
        spans.extend(sentence_spans(text, max(start, paragraph_start), min(end, paragraph_end)))
    return spans


def _choose(sentences: list[Span], scores: list[float], text: str) -> list[int]:
    """The best-scoring sentences, up to the sentence and word budgets, in text order."""
    import os
    mode = os.environ.get("Q_MODE", "top")
    if mode != "top" and sentences:
        best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
        chosen = [best]
        words = _words(text, sentences[best])
        while len(chosen) < _MAX_SENTENCES:
            lo, hi = min(chosen) - 1, max(chosen) + 1
            options = [i for i in (lo, hi) if 0 <= i < len(sentences)]
            if mode == "next":
                options.sort(key=lambda i: (i != hi,))
            else:
                options.sort(key=lambda i: (-scores[i], i != hi))
            if mode == "grow" and options and scores[options[0]] <= 0 and float(os.environ.get("Q_GROWZERO", 1)) == 0:
                break
            placed = False
            for i in options:
                extra = _words(text, sentences[i])
                if words + extra <= _MAX_WORDS:
                    chosen.append(i); words += extra; placed = True; break
            if not placed:
                break
        return sorted(chosen)
    ranked = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    words = 0
    for index in ranked:
        if scores[index] <= 0 and chosen:
            break
        extra = _words(text, sentences[index])
        if chosen and (len(chosen) >= _MAX_SENTENCES or words + extra > _MAX_WORDS):
            break
        chosen.append(index)
        words += extra
        if scores[index] <= 0:
            break  # nothing matched: the passage's opening sentence stands for it
    return sorted(chosen)


def _segments(sentences: list[Span], chosen: list[int]) -> list[Span]:
    """Adjacent chosen sentences joined into one span of the text."""
    segments: list[Span] = []
    previous = -2
    for index in chosen:
        start, end = sentences[index]
        if index == previous + 1 and segments:
            segments[-1] = (segments[-1][0], end)
        else:
            segments.append((start, end))
        previous = index
    return segments


def _score(
    sentence: str, weights: Mapping[str, float], idf: Callable[[str], float], analyzer: Analyzer
) -> float:
    terms = analyzer.terms(sentence)
    if not terms:
        return 0.0
    counts = Counter(terms)
    norm = _K1 * (1 - _B + _B * len(terms) / _PIVOT_TERMS)
    score = 0.0
    for term, weight in weights.items():
        frequency = counts.get(term, 0)
        if frequency:
            score += weight * max(idf(term), 0.0) * frequency * (_K1 + 1) / (frequency + norm)
    return score


def _score2(counts, weights, idf, b, share, local):
    length = sum(counts.values())
    if not length:
        return 0.0
    norm = _K1 * (1 - b + b * length / _PIVOT_TERMS)
    score = 0.0
    for term, weight in weights.items():
        frequency = counts.get(term, 0)
        if frequency:
            score += weight * max(idf(term), 0.0) * (1 - local * share[term]) * frequency * (_K1 + 1) / (frequency + norm)
    return score


def _quotation_at(speech: Speech | None, start: int, end: int) -> Quotation | None:
    if speech is None:
        return None
    for quotation in speech.quotations:
        if quotation.start < end and start < quotation.end:
            return quotation
    return None


def _words(text: str, span: Span) -> int:
    return len(text[span[0] : span[1]].split())
