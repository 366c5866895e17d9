"""Measuring answer quality: QA sets (does a returned passage quote the answer?), filter sets (the
same, for questions that name a section, time or outlet), IR test collections (nDCG@10, MAP,
R@100 against relevance judgements) and speaker sets (is the speaker
line under a sentence the right person?)."""

from newsbot.evaluation.filters import FilterReport, evaluate_filters, load_filter_questions
from newsbot.evaluation.ir import IRReport, evaluate_collection, load_collection
from newsbot.evaluation.qa import QAReport, evaluate_qa, load_questions
from newsbot.evaluation.speakers import (
    SpeakerReport,
    evaluate_speakers,
    load_speaker_set,
    read_articles,
)

__all__ = [
    "FilterReport",
    "IRReport",
    "QAReport",
    "SpeakerReport",
    "evaluate_collection",
    "evaluate_filters",
    "evaluate_qa",
    "evaluate_speakers",
    "load_collection",
    "load_filter_questions",
    "load_questions",
    "load_speaker_set",
    "read_articles",
]
