"""Choosing the sentences of a hit that answer the question, and who says each of them.

The sentences are scored as a highlighter does (see `sentence_scores`), and the best few are
shown in text order, with "…" where the text between them was left out. The quote is the
article's own text. Each run of sentences said by one person (or by nobody) is a part with its
own speaker line: a speaker line stands under exactly the sentences it belongs to, and
narration stands under none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from newsbot.answering.models import QuotePart
from newsbot.answering.sentence_scores import Asked, score_sentences
from newsbot.speech import Speech, same_person
from newsbot.text import Analyzer
from newsbot.text.segment import Span, paragraph_spans, sentence_spans

ELLIPSIS = "…"
_MAX_SENTENCES = 3
_MAX_WORDS = 90
# No quote is longer than this: above the longest sentence of BBC, Reuters and Russian Wikinews
# (1,063, 655 and 1,480 characters), so only text without full stops is cut, around its match.
MAX_QUOTE_CHARS = 2000
_FOCUS_SEARCH = 20_000  # how far into a long segment its first matched word is looked for
_SNAP = 80  # how far a cut moves to fall on a space


@dataclass(frozen=True, slots=True)
class Quote:
    """The text to show, the matched words in it, its parts by speaker, and the first speaker."""

    text: str
    highlights: tuple[Span, ...]
    speaker: str | None
    start: int  # offsets of the quoted span in the article text
    end: int
    parts: tuple[QuotePart, ...] = ()


# A sentence already shown keeps this share of its score in a "what else" quote.
_SEEN_WEIGHT = 0.05


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
    seen: tuple[str, ...] = (),
) -> Quote:
    """The best sentences of `text[start:end]` (an article's passage) for the question."""
    sentences = _sentences(text, start, end) or [(start, end)]
    speakers = [speech.speaker_of(s, e) if speech is not None else None for s, e in sentences]
    by_wanted = [
        bool(wanted_speaker and speaker and same_person(speaker, wanted_speaker))
        for speaker in speakers
    ]
    scores = score_sentences(
        text, sentences, Asked(weights, answer_kinds, title), idf, analyzer, by_wanted
    )
    if seen:
        # "What else did he say": what the conversation has shown counts for next to nothing.
        scores = [
            score * _SEEN_WEIGHT if any(text[s:e].strip() in quote for quote in seen) else score
            for score, (s, e) in zip(scores, sentences, strict=True)
        ]
    chosen = _choose(sentences, scores, text)
    pieces: list[str] = []
    highlights: list[Span] = []
    parts: list[QuotePart] = []
    length = 0
    previous = -2
    for index in chosen:
        piece_start, piece_end = _window(text, sentences[index], weights, analyzer)
        if index == previous + 1:
            joint = text[sentences[previous][1] : piece_start]
        elif not pieces:
            joint = ELLIPSIS + " " if piece_start > start else ""
        else:
            joint = " " + ELLIPSIS + " "
        body = text[piece_start:piece_end]
        offset = length + len(joint)
        highlights.extend(
            (token.start + offset, token.end + offset)
            for token in analyzer.tokens(body)
            if token.term is not None and token.term in weights
        )
        speaker = speakers[index]
        if parts and parts[-1].speaker == speaker:
            parts[-1] = QuotePart(parts[-1].start, offset + len(body), speaker)
        else:
            parts.append(QuotePart(offset, offset + len(body), speaker))
        pieces.append(joint + body)
        length = offset + len(body)
        previous = index
    quote_start, quote_end = sentences[chosen[0]][0], sentences[chosen[-1]][1]
    tail = " " + ELLIPSIS if quote_end < end else ""
    first_speaker = next((part.speaker for part in parts if part.speaker), None)
    return Quote(
        "".join(pieces) + tail,
        tuple(highlights),
        first_speaker,
        quote_start,
        quote_end,
        tuple(parts),
    )


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
    ranked = sorted(range(len(sentences)), key=lambda i: (-scores[i], i))
    chosen: list[int] = []
    words = 0
    for index in ranked:
        if index in chosen:
            continue
        if scores[index] <= 0 and chosen:
            break
        unit = [index, *_introduced(sentences, index, text, chosen)]
        extra = sum(_words(text, sentences[i]) for i in unit)
        if chosen and (len(chosen) + len(unit) > _MAX_SENTENCES or words + extra > _MAX_WORDS):
            break
        chosen.extend(unit)
        words += extra
        if scores[index] <= 0:
            break  # nothing matched: the passage's opening sentence stands for it
    return sorted(chosen)


def _introduced(sentences: list[Span], index: int, text: str, chosen: list[int]) -> list[int]:
    """The sentence a chosen one introduces ("Hewlett said:", «Коэн сказал:»): shown without
    it, the introduction says that somebody spoke and not what they said."""
    following = index + 1
    start, end = sentences[index]
    if (
        following < len(sentences)
        and following not in chosen
        and text[start:end].rstrip().endswith(":")
    ):
        return [following]
    return []


def _words(text: str, span: Span) -> int:
    return len(text[span[0] : span[1]].split())
