"""The words every surface uses to explain an answer to a user, kept in one place.

The engine says *what* happened (which words no article has, which years no matching article
mentions); how to say it is the surfaces' business, and the terminal, Telegram and JSON say it
alike. The sentences themselves are message catalogue entries (`newsbot.render.catalogue`):
the terminal and JSON keep the default English, the bot passes the asker's language.
"""

from __future__ import annotations

from collections.abc import Iterable

from newsbot.answering.models import Answer
from newsbot.render.catalogue import text


def _quoted(words: Iterable[str], lang: str) -> str:
    return ", ".join(text("words.quoted", lang, word=word) for word in words)


def nothing_found_reason(answer: Answer, lang: str = "en") -> str:
    """Why there are no hits (or only related ones), in words a user can act on."""
    related = related_notice(answer, lang)
    if related:
        return related
    if not answer.terms and not answer.unknown_words:
        return text("nothing.no_words", lang)
    parts = []
    if answer.unknown_words:
        parts.append(text("nothing.unknown_words", lang, words=_quoted(answer.unknown_words, lang)))
    elif answer.missing_years:
        years = text("words.or", lang).join(answer.missing_years)
        parts.append(text("nothing.missing_years", lang, years=years))
    else:
        parts.append(text("nothing.no_match", lang))
    if answer.suggestions:
        options = _quoted((fixed for _, fixed in answer.suggestions), lang)
        parts.append(text("nothing.did_you_mean", lang, options=options))
    return " ".join(parts)


_KINDS = frozenset({"money", "measure", "duration", "date", "percent", "number"})


def related_notice(answer: Answer, lang: str = "en") -> str | None:
    """What to say above hits that are related to the question but do not answer it."""
    if answer.speaker_found is False and answer.asked_speaker:
        about = text("related.about", lang, topic=answer.asked_topic) if answer.asked_topic else ""
        return text("related.not_quoted", lang, speaker=answer.asked_speaker, about=about)
    if answer.related and answer.missing_kind:
        kind = answer.missing_kind if answer.missing_kind in _KINDS else "other"
        return text("related.kind", lang, kind=text(f"kind.{kind}", lang))
    return None
