"""Filter sets: questions that name a section, a month, a year or an outlet ("only sport: …",
"in March 1987, …", "from Reuters, …"), each with the constraint its answer must meet.

Three figures: top-1 and top-3 (a gold string inside a returned hit's passage), and the share of
returned hits that meet the constraint, since a filter that keeps the answer but lets other
articles in is only half a filter.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsbot.answering.models import Answer, Hit
from newsbot.errors import NewsbotError

CONSTRAINT_KINDS = ("category", "published_month", "published_year", "source")


@dataclass(frozen=True, slots=True)
class FilterQuestion:
    id: str
    question: str
    gold: tuple[str, ...]
    kind: str  # one of CONSTRAINT_KINDS
    value: str


@dataclass
class FilterTally:
    questions: int = 0
    top1: int = 0
    top3: int = 0
    hits: int = 0
    meeting: int = 0

    def as_dict(self) -> dict[str, Any]:
        n = max(self.questions, 1)
        return {
            "questions": self.questions,
            "top1": round(self.top1 / n, 4),
            "top3": round(self.top3 / n, 4),
            "hits": self.hits,
            "hits_meeting": self.meeting,
            "meeting": round(self.meeting / self.hits, 4) if self.hits else None,
        }


@dataclass
class FilterReport:
    overall: FilterTally = field(default_factory=FilterTally)
    by_kind: dict[str, FilterTally] = field(default_factory=dict)
    results: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.as_dict(),
            "by_kind": {kind: tally.as_dict() for kind, tally in sorted(self.by_kind.items())},
            "results": self.results,
        }


def load_filter_questions(path: Path) -> list[FilterQuestion]:
    """Read a filter set: JSON lines of {id, question, gold, constraint: {kind: value}}; other
    fields (corpus, lang, gold_article) are allowed and ignored."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise NewsbotError(f"cannot read the question file {path}: {error}") from None
    questions = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            ((kind, value),) = dict(item["constraint"]).items()
            if kind not in CONSTRAINT_KINDS:
                raise ValueError(f"unknown constraint {kind!r}")
            questions.append(
                FilterQuestion(
                    id=str(item.get("id", number)),
                    question=str(item["question"]),
                    gold=tuple(str(gold) for gold in item.get("gold") or ()),
                    kind=kind,
                    value=str(value),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as error:
            raise NewsbotError(f"{path}:{number}: not a filter question ({error})") from None
    return questions


def meets(hit: Hit, kind: str, value: str) -> bool:
    """Whether a hit's article meets a constraint of the set."""
    source = hit.source
    if kind == "category":
        return (source.section or "").casefold() == value.casefold()
    if kind in ("published_month", "published_year"):
        return (source.published or "").startswith(value)
    return (source.outlet or "").casefold() == value.casefold()


def evaluate_filters(
    ask: Callable[[str], Answer], questions: Sequence[FilterQuestion], depth: int = 3
) -> FilterReport:
    """Ask every question as a user would (the filter in its words) and score the hits."""
    report = FilterReport()
    for question in questions:
        hits = ask(question.question).hits[:depth]
        rank = next(
            (hit.rank for hit in hits if any(gold in hit.text for gold in question.gold)), None
        )
        meeting = [meets(hit, question.kind, question.value) for hit in hits]
        for tally in (report.overall, report.by_kind.setdefault(question.kind, FilterTally())):
            tally.questions += 1
            tally.top1 += rank == 1
            tally.top3 += rank is not None
            tally.hits += len(hits)
            tally.meeting += sum(meeting)
        report.results.append(
            {
                "id": question.id,
                "first_hit_rank": rank,
                "hits_meeting": meeting,
                "returned": [hit.passage_id for hit in hits],
            }
        )
    return report
