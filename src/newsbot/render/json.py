"""Answers as JSON, for scripts: one object per question, passage text exactly as in the article."""

from __future__ import annotations

import json
from typing import Any

from newsbot.answering.models import Answer, Filters, Hit
from newsbot.corpus.model import Article
from newsbot.render.wording import nothing_found_reason


def hit_to_dict(hit: Hit) -> dict[str, Any]:
    return {
        "rank": hit.rank,
        "score": hit.score,
        "passage_id": hit.passage_id,
        "article_id": hit.article_id,
        "title": hit.source.title,
        "source": hit.source.outlet,
        "section": hit.source.section,
        "published": hit.source.published,
        "url": hit.source.url,
        "text": hit.text,
        "quote": hit.quote,
        "highlights": [list(span) for span in hit.highlights],
        "speaker": hit.speaker,
        "also_in": [
            {"title": s.title, "source": s.outlet, "published": s.published, "url": s.url}
            for s in hit.also_in
        ],
        "parts": [
            {"text": hit.quote[part.start : part.end], "speaker": part.speaker}
            for part in hit.voices
        ],
    }


def filters_to_dict(filters: Filters) -> dict[str, Any]:
    """The filters applied: `source` is the outlet as the corpus names it (outlets joined by
    " | " when a name stood for several), dates are YYYY-MM-DD, inclusive."""
    return {
        "section": filters.section,
        "source": " | ".join(filters.sources) or None,
        "since": filters.since,
        "until": filters.until,
        "latest": filters.latest,
    }


def answer_to_dict(answer: Answer) -> dict[str, Any]:
    data: dict[str, Any] = {
        "question": answer.question,
        "terms": list(answer.terms),
        "hits": [hit_to_dict(hit) for hit in answer.hits],
    }
    data["suggestions"] = [
        {"word": word, "suggestion": suggestion} for word, suggestion in answer.suggestions
    ]
    data["searched"] = list(answer.searched)
    if answer.understood:
        data["understood"] = answer.understood  # a follow-up, as read against the turn before
    data["filters"] = filters_to_dict(answer.filters)
    if not answer.found:
        data["nothing_found"] = nothing_found_reason(answer)
        data["unknown_words"] = list(answer.unknown_words)
        data["missing_years"] = list(answer.missing_years)
        data["closest_titles"] = list(answer.closest_titles)
    if answer.notice:
        data["notice"] = answer.notice
    if answer.speaker_found is not None:
        data["speaker_found"] = answer.speaker_found
    if answer.related:
        data["related"] = True  # the hits are related passages, not an answer
    if answer.missing_kind:
        data["missing_kind"] = answer.missing_kind
    if answer.filters.unmet:
        data["filters_unmet"] = answer.filters.unmet  # "no_dates": the corpus has none
    if answer.elsewhere:
        data["elsewhere"] = [
            {"value": value, "articles": count} for value, count in answer.elsewhere
        ]
    return data


def render_answer(answer: Answer) -> str:
    return json.dumps(answer_to_dict(answer), ensure_ascii=False, indent=2)


def render_answer_line(answer: Answer) -> str:
    """The answer on one line, for `newsbot chat --json` (JSON Lines)."""
    return json.dumps(answer_to_dict(answer), ensure_ascii=False)


def article_to_dict(article: Article) -> dict[str, Any]:
    """`newsbot show --json`: the article's text exactly, with its id and source."""
    return {
        "id": article.id,
        "title": article.title,
        "source": article.source,
        "published": article.published,
        "url": article.url,
        "language": article.language,
        "text": article.text,
    }
