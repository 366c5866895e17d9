"""The words every surface uses to explain an answer to a user, kept in one place.

The engine says *what* happened (which words no article has, which years no matching article
mentions); how to say it is the surfaces' business, and the terminal, Telegram and JSON say it
alike.
"""

from __future__ import annotations

from newsbot.answering.models import Answer


def nothing_found_reason(answer: Answer) -> str:
    """Why there are no hits (or only related ones), in words a user can act on."""
    related = related_notice(answer)
    if related:
        return related
    if not answer.terms and not answer.unknown_words:
        return "Your question has no words to search for. Try naming a person, place or topic."
    parts = []
    if answer.unknown_words:
        words = ", ".join(f"“{word}”" for word in answer.unknown_words)
        parts.append(f"No article mentions {words}.")
    elif answer.missing_years:
        years = " or ".join(answer.missing_years)
        parts.append(f"The articles that match do not mention {years}.")
    else:
        parts.append("No passage matches your question well enough.")
    if answer.suggestions:
        options = ", ".join(f"“{fixed}”" for _, fixed in answer.suggestions)
        parts.append(f"Did you mean {options}?")
    return " ".join(parts)


_KINDS = {
    "money": "an amount",
    "measure": "a measure",
    "duration": "a length of time",
    "date": "a date",
    "percent": "a percentage",
    "number": "a number",
}


def related_notice(answer: Answer) -> str | None:
    """What to say above hits that are related to the question but do not answer it."""
    if answer.speaker_found is False and answer.asked_speaker:
        about = f" about {answer.asked_topic}" if answer.asked_topic else ""
        return f"{answer.asked_speaker} is not quoted{about}. Other people quoted on it:"
    if answer.related and answer.missing_kind:
        kind = _KINDS.get(answer.missing_kind, "an answer")
        return f"No passage gives {kind} for this. Related, but not an answer:"
    return None
