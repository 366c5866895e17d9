"""Direct quotations in news text and who said them, in English and Russian.

Answers quote articles verbatim; knowing who speaks lets them sign a quote ("— Speaker") and
prefer passages where the person asked about is the one talking. News prose attributes speech in a
handful of set patterns ("…," X said / X said: "…" / «…», — сказал X), so a small heuristic
parser recovers most attributions. Where it is unsure it leaves the speaker unknown: a wrong name
under a quote misinforms, a missing one only costs a byline. Every step is a single pass over
tokens or a bounded look-around, so hostile or huge input stays linear.

The stages, a module each: tokens, paragraphs, sentences and runs of capitalised words
(`document`); quote marks paired by shape (`quotes`); people, from those runs and the words
around them (`name_runs`, `name_context`, `people.People._find_people`); for each quotation, a
cue after it, before it or elsewhere in its sentence (`cues`, `analysis.Analysis._cue`) whose
subject is a name, a pronoun or a role, resolved against the people named before it
(`people.People._speaker`); and last, attributions without quote marks
(`analysis.Analysis._find_reports`). A pronoun passes over people of the other gender
(`genders`), and a role with its complement ("the chairman of the Senate Agriculture
subcommittee", «глава российского государства») means only the one person the article
describes so (`descriptions`). `ru_subjects` tells by case and agreement who a Russian verb's
subject can be. `names` tells whether two names mean one person, `russian` puts oblique names
back in the nominative, `vocabulary` holds the word lists, `results` the values
handed back, and `prechecks` the cheap tests that let callers skip the analysis.

This module is the package's public face; the rest is internal to it.
"""

from newsbot.speech.analysis import analyse_speech, resolve_description
from newsbot.speech.names import same_person
from newsbot.speech.prechecks import may_hold_speech, may_overlap_quotation
from newsbot.speech.results import Quotation, ReportedSpeech, Speech

__all__ = [
    "Quotation",
    "ReportedSpeech",
    "Speech",
    "analyse_speech",
    "may_hold_speech",
    "may_overlap_quotation",
    "resolve_description",
    "same_person",
]
