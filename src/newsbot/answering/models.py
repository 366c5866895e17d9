"""The answer model: what every surface renders (terminal, Telegram HTML, JSON).

Each hit keeps the full passage text apart from the quote (the best sentences), the spans to
highlight, and the speaker, so better quoting changes what is shown without changing the
renderers' contract. Plain frozen values with no behaviour beyond counting, so the renderers
depend on them and not on the engine that made them; the words that explain an empty answer to
a user live in `newsbot.render.wording`.
"""

from __future__ import annotations

from dataclasses import dataclass

from newsbot.corpus.model import Article
from newsbot.text.segment import Span

# Answers are ranked this deep whatever slice is asked for, so that the first hits of a long
# answer are the hits of a short one: paging never reshuffles, and the bot agrees with the CLI.
STABLE_HITS = 30


@dataclass(frozen=True, slots=True)
class Source:
    """Where a passage comes from."""

    title: str
    outlet: str | None
    published: str | None
    url: str | None
    section: str | None = None

    @classmethod
    def of(cls, article: Article) -> Source:
        return cls(article.title, article.source, article.published, article.url, article.section)


@dataclass(frozen=True, slots=True)
class Filters:
    """Where an answer may come from: outlets, a section, a span of days (inclusive, YYYY-MM-DD),
    and whether the newest come first. Read from the question's words and from flags (see
    `answering.filters`)."""

    sources: tuple[str, ...] = ()
    section: str | None = None
    since: str | None = None
    until: str | None = None
    latest: bool = False
    # "last week", "recently": this many days up to the corpus's newest, until resolved.
    relative_days: int = 0
    # Why the filters cannot be applied: "no_dates" for a time asked of a corpus without dates.
    unmet: str | None = None

    @property
    def has_time(self) -> bool:
        return self.since is not None or self.until is not None or self.relative_days > 0

    @property
    def restricts(self) -> bool:
        """Whether only some articles may answer (ordering by date restricts nothing)."""
        return bool(self.sources) or self.section is not None or self.has_time

    @property
    def any(self) -> bool:
        return self.restricts or self.latest


@dataclass(frozen=True, slots=True)
class QuotePart:
    """A stretch of a quote (offsets into `Hit.quote`) and who says it; None for narration or an
    unknown speaker. A speaker line belongs under exactly its part."""

    start: int
    end: int
    speaker: str | None


@dataclass(frozen=True, slots=True)
class Hit:
    """One answer passage. `text` is the passage exactly as in the article; `quote` is the part
    to show, and `highlights` are spans of `quote` that matched the question."""

    rank: int
    score: float
    passage_id: str
    article_id: str
    source: Source
    text: str
    quote: str
    highlights: tuple[Span, ...]
    speaker: str | None = None
    parts: tuple[QuotePart, ...] = ()
    # The same story, nearly word for word, elsewhere in the corpus (re-filed, syndicated).
    also_in: tuple[Source, ...] = ()

    @property
    def voices(self) -> tuple[QuotePart, ...]:
        """The quote's parts as they are shown: one part under one line when a single person
        (or nobody) speaks in all of it, else each part with its own line."""
        speakers = {part.speaker for part in self.parts}
        if len(speakers) <= 1:
            return (QuotePart(0, len(self.quote), self.speaker),)
        return self.parts


@dataclass(frozen=True, slots=True)
class Answer:
    """The reply to one question. An empty `hits` is an honest "nothing found"."""

    question: str
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    unknown_words: tuple[str, ...] = ()
    # Years the question named that no matching article mentions (see `Answerer.ask`).
    missing_years: tuple[str, ...] = ()
    notice: str | None = None
    suggestions: tuple[tuple[str, str], ...] = ()
    closest_titles: tuple[str, ...] = ()
    # `hits` are ranks first + 1 … first + len(hits) of `total` (see `Answerer.ask`).
    first: int = 0
    total: int = 0
    # "What did X say about Y": whether X speaks on Y in any hit (None for other questions).
    # When not, the hits are other people's words on Y, and the surfaces say so first.
    speaker_found: bool | None = None
    asked_speaker: str | None = None
    asked_topic: str = ""
    # The hits are related passages, not an answer: the question asked for a kind of thing
    # (`missing_kind`: an amount, a date …) or for a person's words that none of them holds.
    related: bool = False
    missing_kind: str | None = None
    # The words searched, corrections applied, in the question's order ("blair election" for
    # "waht did blair say about teh elction"); empty when they are the question's own words.
    searched: tuple[str, ...] = ()
    # A follow-up read against the turn before: what was searched, when the context changed it
    # ("Tony Blair, about Iraq"); None for a question that stands alone.
    understood: str | None = None
    # Who the answer is about, as the first hit's article names them (the person asked about,
    # else the first speaker quoted): what "he" means in the next message.
    person: str | None = None
    # The filters applied, and, when they left nothing, how many articles that answer each
    # other value of the filtered facet has (("tech", 3): "3 tech articles do").
    filters: Filters = Filters()
    elsewhere: tuple[tuple[str, int], ...] = ()

    @property
    def found(self) -> bool:
        """True when the hits answer; False for "nothing found", with or without related hits."""
        return bool(self.hits) and not self.related

    @property
    def available(self) -> int:
        """How many hits the question has in all, this slice and those after it included."""
        return max(self.total, self.first + len(self.hits))


@dataclass(frozen=True, slots=True)
class CorpusFacts:
    """What the corpus holds, as a greeting tells it."""

    articles: int
    passages: int
    outlets: int
    first_published: str | None
    last_published: str | None
