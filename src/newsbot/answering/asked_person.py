"""Who, in one article's words, is the person a speech question asks about.

People ask about someone as they remember them: "the Scotsman journalist", "Union Investment's
spokesman", «министр». The article names that person once ("Mr MacDonell, political editor of
The Scotsman") and quotes them by name, so matching the question's words against speakers' names
finds nobody. Ranking, quoting and the "X is not quoted" check all need the same answer, so it is
worked out here once.
"""

from __future__ import annotations

from newsbot.answering.question import Question
from newsbot.speech import Speech, same_person


def asked_person(question: Question, speech: Speech) -> str | None:
    """The name the article uses for the asked-about person, or None for a question about no
    one. A pronoun ("what else did he say") is the article's main person; a name that speaks in
    the article is itself; otherwise the one person the article describes with the question's
    words, if exactly one fits, else the words as typed."""
    if question.speaker_is_pronoun:
        return speech.main_person
    wanted = question.speaker
    if not wanted:
        return None
    if any(name and same_person(name, wanted) for name in speakers(speech)):
        return wanted
    return speech.describe(wanted) or wanted


def speakers(speech: Speech) -> tuple[str, ...]:
    """Everyone the article quotes or reports, once each, in text order."""
    names = [quotation.speaker for quotation in speech.quotations if quotation.speaker]
    names += [report.speaker for report in speech.reports]
    return tuple(dict.fromkeys(names))
