"""What the speech analysis hands back: quotations and reported speech with their speakers.

Plain frozen values, kept apart from the analysis so that what uses them (quoting signs a quote,
ranking prefers passages where the person asked about speaks) depends on the answer, not on how it
was found. The span queries are here because every such use asks them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from newsbot.speech.descriptions import match_description


@dataclass(frozen=True, slots=True)
class Quotation:
    """Quoted words (offsets exclude the quote marks) and the cue that attributes them."""

    start: int
    end: int
    speaker: str | None
    cue_start: int = -1
    cue_end: int = -1


@dataclass(frozen=True, slots=True)
class ReportedSpeech:
    """An attribution without quote marks ("X said that …"); offsets are those of the cue."""

    start: int
    end: int
    speaker: str


@dataclass(frozen=True, slots=True)
class Speech:
    """Who speaks where in one article; offsets refer to the article text, not the title."""

    quotations: tuple[Quotation, ...] = ()
    people: tuple[str, ...] = ()
    main_person: str | None = None
    reports: tuple[ReportedSpeech, ...] = ()
    # where speech is attributed to nobody it can name ("analysts said", "a source said")
    unattributed: tuple[int, ...] = ()
    # (person, the words the article describes them with: "Empire magazine's reviews editor")
    descriptions: tuple[tuple[str, str], ...] = ()

    def describe(self, description: str) -> str | None:
        """The person the article names with `description` ("the Scotsman journalist",
        "empire's reviews editor", «министр»), or None when nobody or several people fit."""
        return match_description(self.descriptions, description)

    def speaker_at(self, start: int, end: int) -> str | None:
        """The speaker of the first attributed quotation overlapping the span."""
        return next(iter(self.speakers_in(start, end)), None)

    def speaker_of(self, start: int, end: int) -> str | None:
        """Who speaks in the sentence `start`..`end`, for the speaker line under it.

        The speaker of the quotation that holds most of the sentence (the inside of a quote that
        runs over several sentences included), else the one person an attribution inside the
        sentence reports ("X said that …", "according to X", a quotation's own cue); a sentence
        that only narrates gets None, and so does one whose attributions disagree, since a wrong
        name under a quote misinforms where a missing one only costs a byline.
        """
        length = max(end - start, 1)
        best: Quotation | None = None
        best_share = 0
        for quotation in self.quotations:
            share = min(quotation.end, end) - max(quotation.start, start)
            if share > best_share:
                best, best_share = quotation, share
        if best is not None and 2 * best_share >= length:
            return best.speaker
        cued = [
            (quotation.cue_start, quotation.speaker)
            for quotation in self.quotations
            if quotation.cue_start >= 0 and start <= quotation.cue_start < end
        ]
        reported = [
            (report.start, report.speaker) for report in self.reports if start <= report.start < end
        ]
        nobody = [(pos, None) for pos in self.unattributed if start <= pos < end]
        attributions = sorted([*cued, *reported, *nobody], key=lambda item: item[0])
        if not attributions or attributions[0][1] is None:
            return None  # narration, or the sentence's first attribution names nobody
        speakers = _distinct(speaker for _, speaker in attributions)
        return speakers[0] if len(speakers) == 1 else None

    def speakers_in(self, start: int, end: int) -> tuple[str, ...]:
        """Distinct speakers of quotations overlapping the span, in text order."""
        return _distinct(
            quotation.speaker
            for quotation in self.quotations
            if _overlaps(quotation.start, quotation.end, start, end)
        )

    def reported_speech_in(self, start: int, end: int) -> tuple[str, ...]:
        """Distinct people whose words the span reports without quote marks, in text order."""
        return _distinct(
            report.speaker
            for report in self.reports
            if _overlaps(report.start, report.end, start, end)
        )


def _overlaps(item_start: int, item_end: int, start: int, end: int) -> bool:
    """An empty span counts as its first character, so a point inside a quotation finds it."""
    return item_start < max(end, start + 1) and start < item_end


def _distinct(names: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for name in names if name))
