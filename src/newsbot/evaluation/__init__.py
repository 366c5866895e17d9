"""Measuring answer quality: QA sets (does a returned passage quote the answer?) and IR test
collections (nDCG@10, MAP, R@100 against relevance judgements)."""

from newsbot.evaluation.ir import IRReport, evaluate_collection, load_collection
from newsbot.evaluation.qa import QAReport, evaluate_qa, load_questions

__all__ = [
    "IRReport",
    "QAReport",
    "evaluate_collection",
    "evaluate_qa",
    "load_collection",
    "load_questions",
]
