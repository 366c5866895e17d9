"""Answers as Telegram messages: HTML for parse_mode=HTML, and the same words as plain text.

Telegram refuses a message over 4,096 characters (counted in UTF-16 code units, after the tags
are parsed away) or with more than 100 formatting entities. So answers are laid out in pages of
one message each: hits are placed whole while they fit, and a quote too long for a message on its
own is continued on the next page, cut between sentences (or, for a single monstrous sentence,
between words). Every piece of corpus text is escaped, so a quote can never break the markup.
The plain text of each message is kept for the case where Telegram still rejects the HTML.
"""

from __future__ import annotations

import html
import string
from collections.abc import Sequence
from dataclasses import dataclass, field

from newsbot.answering.models import Answer, CorpusFacts, Hit, Source
from newsbot.corpus.model import Article
from newsbot.render.catalogue import counted, number, template
from newsbot.render.catalogue import text as say
from newsbot.render.wording import filter_line, nothing_found_reason, related_notice
from newsbot.text.normalise import scrub
from newsbot.text.segment import Span, sentence_spans

MESSAGE_LIMIT = 4096
ENTITY_LIMIT = 100
# Kept free in every message, so that small additions (a continuation mark) never overflow.
_SLACK = 32
_SAFE_SCHEMES = ("http://", "https://", "tg://")
_MAX_TITLE = 300
_MAX_ALSO_IN = 3  # copies of a story listed under it
_MAX_DETAIL = 100


@dataclass(frozen=True, slots=True)
class TelegramMessage:
    """One message: `html` to send with parse_mode=HTML, `plain` as the fallback."""

    html: str
    plain: str


def utf16_length(text: str) -> int:
    """Length as Telegram counts it: in UTF-16 code units (an emoji counts two)."""
    return len(text.encode("utf-16-le")) // 2


@dataclass(slots=True)
class _Fragment:
    html: str
    plain: str
    entities: int = 0

    def __add__(self, other: _Fragment) -> _Fragment:
        return _Fragment(
            self.html + other.html, self.plain + other.plain, self.entities + other.entities
        )

    @property
    def length(self) -> int:
        return utf16_length(self.plain)


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _text(value: str) -> _Fragment:
    value = scrub(value)
    return _Fragment(html.escape(value, quote=False), value)


def _format(key: str, lang: str, **fields: _Fragment | str) -> _Fragment:
    """The catalogue's message `key` with each `{name}` replaced by a fragment (markup and
    all) or by escaped text: the words around a bold question or an italic example come from
    the language's table, and the markup stays here."""
    result = _Fragment("", "")
    for literal, name, _, _ in string.Formatter().parse(template(key, lang)):
        result = result + _text(literal)
        if name is not None:
            value = fields[name]
            result = result + (value if isinstance(value, _Fragment) else _text(value))
    return result


def _wrap(tag: str, inner: _Fragment, attributes: str = "") -> _Fragment:
    opening = f"<{tag}{attributes}>"
    return _Fragment(f"{opening}{inner.html}</{tag}>", inner.plain, inner.entities + 1)


def _link(label: str, url: str | None) -> _Fragment:
    inner = _text(label)
    if not url or not url.startswith(_SAFE_SCHEMES):
        return inner
    return _wrap("a", inner, f' href="{html.escape(scrub(url), quote=True)}"')


def _marked(text: str, highlights: Sequence[Span], max_entities: int) -> _Fragment:
    """`text` with the first `max_entities` highlights in bold."""
    result = _Fragment("", "")
    position = 0
    for start, end in list(highlights)[: max(0, max_entities)]:
        if start < position or end > len(text):
            continue
        result = result + _text(text[position:start]) + _wrap("b", _text(text[start:end]))
        position = end
    return result + _text(text[position:])


@dataclass(slots=True)
class _Page:
    """A message under construction, measured as it grows."""

    parts: list[_Fragment] = field(default_factory=list)
    length: int = 0
    entities: int = 0
    hits: int = 0

    @property
    def empty(self) -> bool:
        return not self.parts

    def room(self) -> tuple[int, int]:
        return MESSAGE_LIMIT - _SLACK - self.length, ENTITY_LIMIT - self.entities

    def fits(self, fragment: _Fragment) -> bool:
        chars, entities = self.room()
        return fragment.length <= chars and fragment.entities <= entities

    def add(self, fragment: _Fragment) -> None:
        self.parts.append(fragment)
        self.length += fragment.length
        self.entities += fragment.entities

    def message(self) -> TelegramMessage:
        html_text = "".join(part.html for part in self.parts).strip("\n")
        plain = "".join(part.plain for part in self.parts).strip("\n")
        return TelegramMessage(html_text, plain)


def source_fragment(source: Source) -> _Fragment:
    """ "📰 Title · Outlet · 2004-12-01", the title linked when the URL is known; a title or
    outlet that a corpus made absurdly long is shortened, so a source line always fits."""
    details = " · ".join(
        _shortened(part, _MAX_DETAIL) for part in (source.outlet, source.published) if part
    )
    fragment = _text("📰 ") + _link(_shortened(source.title, _MAX_TITLE), source.url)
    return fragment + _text(f" · {details}") if details else fragment


def _hit_fragment(
    hit: Hit,
    quote: str,
    highlights: Sequence[Span],
    *,
    continued: bool = False,
    cut: bool = False,
    with_full: bool = True,
    lang: str = "en",
) -> _Fragment:
    if not continued and not cut and quote == hit.quote and len(hit.voices) > 1:
        fragment = _voices_fragment(hit, highlights)
    else:
        quote_text = ("… " if continued else "") + quote + (" …" if cut else "")
        shift = 2 if continued else 0
        shifted = [(start + shift, end + shift) for start, end in highlights]
        body = _wrap("blockquote", _marked(quote_text, shifted, ENTITY_LIMIT // 2))
        fragment = body + _text("\n")
        if hit.speaker and not continued:
            fragment = fragment + _speaker_line(hit.speaker)
    if with_full and hit.text != hit.quote and not continued and not cut:
        full = _wrap("blockquote", _text(hit.text), " expandable")
        label = _wrap("i", _text(say("answer.full_passage", lang)))
        fragment = fragment + label + _text("\n") + full + _text("\n")
    fragment = fragment + source_fragment(hit.source)
    for copy in hit.also_in[:_MAX_ALSO_IN]:
        also_in = say("answer.also_in", lang)
        fragment = fragment + _text(f"\n{also_in} ") + source_fragment(copy)
    return fragment + _text("\n\n")


def _speaker_line(speaker: str) -> _Fragment:
    return _text("— ") + _wrap("i", _text(speaker)) + _text("\n")


def _voices_fragment(hit: Hit, highlights: Sequence[Span]) -> _Fragment:
    """A quote in which several people (or narration and someone) speak: each part in its own
    blockquote, with its speaker's line under it, and none under narration."""
    fragment = _Fragment("", "")
    budget = ENTITY_LIMIT // 2
    for voice in hit.voices:
        raw = hit.quote[voice.start : voice.end]
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        inside = [
            (start - voice.start - lead, end - voice.start - lead)
            for start, end in highlights
            if voice.start + lead <= start and end <= voice.start + lead + len(text)
        ]
        marked = _marked(text, inside, budget)
        budget -= marked.entities
        fragment = fragment + _wrap("blockquote", marked) + _text("\n")
        if voice.speaker:
            fragment = fragment + _speaker_line(voice.speaker)
    return fragment


def _split_quote(text: str, budget: int) -> tuple[int, int]:
    """Where to cut `text` so the first part fits `budget` UTF-16 units: (end, next_start)."""
    best = 0
    # A UTF-16 unit per character at least: the cut is within the first `budget` characters,
    # so only those are split into sentences (the last of them may run on past the window).
    window = min(len(text), budget + 1)
    sentences = sentence_spans(text, 0, window)
    if window < len(text):
        sentences = sentences[:-1]
    for _, end in sentences:
        if utf16_length(text[:end]) > budget:
            break
        best = end
    if best == 0:
        # One sentence longer than a message: cut between words, or at worst anywhere.
        limit = window
        while limit > 0 and utf16_length(text[:limit]) > budget:
            limit = limit * 9 // 10 if limit > 64 else limit - 1
        space = text.rfind(" ", 0, limit)
        best = space if space > limit // 2 else max(1, limit)
    following = best
    while following < len(text) and text[following].isspace():
        following += 1
    return best, following


def answer_pages(answer: Answer, per_page: int, lang: str = "en") -> list[TelegramMessage]:
    """The answer as pages of one message each, at most `per_page` hits a page, its fixed
    words in `lang`."""
    if not answer.hits:
        return [nothing_found_message(answer, lang)]
    pages: list[_Page] = []
    page = _Page()
    if answer.notice:
        page.add(_wrap("i", _text(answer.notice)) + _text("\n\n"))
    if answer.understood:
        understood = _shortened(answer.understood, _MAX_TITLE)
        line = say("answer.understood", lang, understood=understood)
        page.add(_wrap("i", _text(line)) + _text("\n\n"))
    if answer.searched:
        searched = _shortened(" ".join(answer.searched), _MAX_TITLE)
        line = say("answer.searched", lang, words=searched)
        page.add(_wrap("i", _text(line)) + _text("\n\n"))
    filtered = filter_line(answer.filters, lang)
    if filtered:
        page.add(_wrap("i", _text(_shortened(filtered, _MAX_TITLE))) + _text("\n\n"))
    related = related_notice(answer, lang)
    if related:
        page.add(_wrap("b", _text(related)) + _text("\n\n"))
    for hit in answer.hits:
        if page.hits >= per_page and not page.empty:
            pages.append(page)
            page = _Page()
        whole = _hit_fragment(hit, hit.quote, hit.highlights, lang=lang)
        lean = _hit_fragment(hit, hit.quote, hit.highlights, with_full=False, lang=lang)
        if not page.fits(lean) and page.hits:
            pages.append(page)
            page = _Page()
        if page.fits(whole) or page.fits(lean):
            page.add(whole if page.fits(whole) else lean)
            page.hits += 1
            continue
        page = _continue_long_hit(hit, page, pages, lang)
    if not page.empty:
        pages.append(page)
    return [item.message() for item in pages]


def _continue_long_hit(hit: Hit, page: _Page, pages: list[_Page], lang: str) -> _Page:
    """Lay out a hit too long for one message over as many pages as it needs."""
    text, offset, continued = hit.quote, 0, False
    while True:
        remaining = text[offset:]
        overhead = _hit_fragment(
            hit, "", (), continued=continued, cut=True, with_full=False, lang=lang
        )
        budget = page.room()[0] - overhead.length
        spans = [(s - offset, e - offset) for s, e in hit.highlights if s >= offset]
        if utf16_length(remaining) <= budget:
            page.add(
                _hit_fragment(
                    hit, remaining, spans, continued=continued, with_full=False, lang=lang
                )
            )
            page.hits += 1
            return page
        end, following = _split_quote(remaining, max(budget, 1))
        inside = [(s, e) for s, e in spans if e <= end]
        page.add(
            _hit_fragment(
                hit,
                remaining[:end],
                inside,
                continued=continued,
                cut=True,
                with_full=False,
                lang=lang,
            )
        )
        page.hits += 1
        pages.append(page)
        page = _Page()
        offset += following
        continued = True


def hit_message(hit: Hit, lang: str = "en") -> TelegramMessage:
    """A single hit as one message (for inline results): the first page of it."""
    answer = Answer(question="", terms=(), hits=(hit,))
    return answer_pages(answer, per_page=1, lang=lang)[0]


def nothing_found_message(answer: Answer, lang: str = "en") -> TelegramMessage:
    """An honest "nothing found", with the reason."""
    question = answer.question if len(answer.question) <= 200 else answer.question[:200] + "…"
    fragment = _format("nothing.title", lang, question=_wrap("b", _text(question)))
    fragment = fragment + _text("\n" + nothing_found_reason(answer, lang))
    filtered = filter_line(answer.filters, lang)
    if filtered:
        fragment = fragment + _text("\n") + _wrap("i", _text(_shortened(filtered, _MAX_TITLE)))
    if answer.closest_titles and not answer.filters.restricts:
        fragment = fragment + _text("\n\n" + say("nothing.closest", lang))
        for title in answer.closest_titles:
            fragment = fragment + _text(f"\n• {_shortened(title, _MAX_TITLE)}")
    if answer.notice:
        fragment = _wrap("i", _text(answer.notice)) + _text("\n\n") + fragment
    return TelegramMessage(fragment.html, fragment.plain)


def welcome_message(
    facts: CorpusFacts, examples: Sequence[str], first_name: str | None, lang: str = "en"
) -> TelegramMessage:
    """The /start greeting: what the bot knows, and questions to try."""
    greeting = (
        say("welcome.greeting_named", lang, name=first_name)
        if first_name
        else say("welcome.greeting", lang)
    )
    outlets = counted("welcome.outlets", facts.outlets, lang) if facts.outlets else ""
    published = ""
    if facts.first_published and facts.last_published:
        if facts.first_published == facts.last_published:
            published = say("welcome.published_on", lang, date=facts.first_published)
        else:
            published = say(
                "welcome.published_range",
                lang,
                first=facts.first_published,
                last=facts.last_published,
            )
    articles = counted("welcome.articles", facts.articles, lang)
    known = say("welcome.known", lang, articles=articles, outlets=outlets, published=published)
    fragment = _wrap("b", _text(greeting)) + _text(f" {known}\n\n")
    fragment = fragment + _text(say("welcome.intro", lang))
    if examples:
        fragment = fragment + _text("\n\n" + say("welcome.try", lang))
        for example in examples:
            fragment = fragment + _text("\n• ") + _wrap("i", _text(example))
    return TelegramMessage(fragment.html, fragment.plain)


def help_message(bot_username: str | None, example: str, lang: str = "en") -> TelegramMessage:
    """How to ask (with `example`, a question this corpus answers), and what the commands do."""
    mention = f"@{bot_username}" if bot_username else "@bot"
    fragment = (
        _wrap("b", _text(say("help.title", lang)))
        + _text("\n")
        + _format("help.ask", lang, example=_wrap("i", _text(example)))
        + _text("\n" + say("help.explain", lang) + "\n\n")
        + _wrap("b", _text(say("help.commands", lang)))
    )
    commands = [
        (say("help.command.ask", lang), "help.meaning.ask"),
        ("/new", "help.meaning.new"),
        ("/sources", "help.meaning.sources"),
        ("/help", "help.meaning.help"),
    ]
    for command, meaning in commands:
        fragment = (
            fragment
            + _text("\n")
            + _wrap("code", _text(command))
            + _text(f" — {say(meaning, lang)}")
        )
    fragment = fragment + _text("\n\n" + say("help.groups", lang, mention=mention))
    return TelegramMessage(fragment.html, fragment.plain)


def sources_message(
    sources: Sequence[Source], first_number: int, total: int, lang: str = "en"
) -> TelegramMessage:
    """One page of the article list."""
    last = first_number + len(sources) - 1
    title = say(
        "sources.title",
        lang,
        first=number(first_number, lang),
        last=number(last, lang),
        total=number(total, lang),
    )
    fragment = _wrap("b", _text(title)) + _text("\n")
    for source in sources:
        fragment = fragment + _text("\n") + source_fragment(source)
    return TelegramMessage(fragment.html, fragment.plain)


def notice_message(text: str) -> TelegramMessage:
    """A one-line message with no formatting (refusals, hints, limits)."""
    fragment = _text(text)
    return TelegramMessage(fragment.html, fragment.plain)


# The whole article ------------------------------------------------------------------------------

# An article longer than this many messages ends with a pointer to its source: a 5 MB record
# would otherwise be 1,300 pages, each recut on every press.
MAX_ARTICLE_PAGES = 100
_PAGE_FOOTER = 48  # room kept on every page for "Page 12 of 100" and the continuation marks


def article_pages(article: Article, lang: str = "en") -> list[TelegramMessage]:
    """The whole article as pages of one message each: its source line (title linked, outlet,
    date) first, then its text exactly, cut between sentences. Later pages are headed by the
    title, and every page of a long article says which page it is."""
    source = Source.of(article)
    first_head = source_fragment(source) + _text("\n\n")
    later_head = _wrap("i", _text(_shortened(source.title, _MAX_DETAIL))) + _text("\n\n")
    text = scrub(article.text).strip()
    bodies: list[_Fragment] = []
    offset = 0
    while True:
        head = later_head if bodies else first_head
        budget = MESSAGE_LIMIT - _SLACK - _PAGE_FOOTER - head.length
        remaining = text[offset:]
        # A UTF-16 unit per character at least: only a short rest needs to be measured.
        if len(remaining) <= budget and utf16_length(remaining) <= budget:
            bodies.append(head + _text(remaining))
            break
        if len(bodies) + 1 == MAX_ARTICLE_PAGES:
            end, _ = _split_quote(remaining, budget - 60)
            note = "\n\n" + say("article.goes_on", lang)
            bodies.append(head + _text(remaining[:end] + " …" + note))
            break
        end, following = _split_quote(remaining, budget)
        bodies.append(head + _text(remaining[:end] + " …"))
        offset += following
    if len(bodies) > 1:
        bodies = [
            body + _text("\n\n" + say("article.page", lang, number=page, total=len(bodies)))
            for page, body in enumerate(bodies, start=1)
        ]
    return [TelegramMessage(body.html, body.plain) for body in bodies]
