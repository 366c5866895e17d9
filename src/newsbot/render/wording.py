"""The words every surface uses to explain an answer to a user, kept in one place.

The engine says *what* happened (which words no article has, which years no matching article
mentions); how to say it is the surfaces' business, and the terminal, Telegram and JSON say it
alike.
"""

from __future__ import annotations

from newsbot.answering.models import Answer


def nothing_found_reason(answer: Answer) -> str:
    """Why there are no hits, in words a user can act on."""
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


def speaker_notice(answer: Answer) -> str | None:
    """What to say before the hits when the person asked about is not quoted on the topic."""
    if answer.speaker_found is not False or not answer.asked_speaker:
        return None
    about = f" about {answer.asked_topic}" if answer.asked_topic else ""
    return f"{answer.asked_speaker} is not quoted{about}. Other people quoted on it:"
