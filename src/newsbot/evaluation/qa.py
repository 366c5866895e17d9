"""QA sets in the format of the public question file: does a returned passage contain a gold
string verbatim? Reported overall, per kind and per language, with honest "nothing found" counts.

Top-1 and top-3 judge the passage behind a hit; `quote@1` judges what a user reads: a gold
string inside the first hit's shown quote, where "…" marks a cut (a gold string that runs across
a cut is not in the quote).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsbot.answering.models import Answer
from newsbot.errors import NewsbotError


@dataclass(frozen=True, slots=True)
class QAQuestion:
    id: str
    question: str
    gold: tuple[str, ...]
    gold_articles: tuple[str, ...]
    kind: str
    lang: str

    @property
    def answerable(self) -> bool:
        return bool(self.gold)


@dataclass(frozen=True, slots=True)
class QAResult:
    """How one question went: the rank (1-based) of the first passage holding a gold string."""

    id: str
    kind: str
    lang: str
    answerable: bool
    found: bool
    first_hit_rank: int | None
    article_rank: int | None
    returned: tuple[str, ...]
    quoted: bool = False  # a gold string is inside the first hit's shown quote


@dataclass
class Tally:
    questions: int = 0
    top1: int = 0
    top3: int = 0
    quote1: int = 0
    refused: int = 0

    def add(self, result: QAResult) -> None:
        self.questions += 1
        self.quote1 += result.quoted
        self.top1 += result.first_hit_rank == 1
        self.top3 += result.first_hit_rank is not None and result.first_hit_rank <= 3
        self.refused += not result.found

    def as_dict(self) -> dict[str, Any]:
        n = max(self.questions, 1)
        return {
            "questions": self.questions,
            "top1": round(self.top1 / n, 4),
            "top3": round(self.top3 / n, 4),
            "quote1": round(self.quote1 / n, 4),
            "top1_count": self.top1,
            "top3_count": self.top3,
            "quote1_count": self.quote1,
            "refused": self.refused,
        }


@dataclass
class QAReport:
    answerable: Tally = field(default_factory=Tally)
    by_kind: dict[str, Tally] = field(default_factory=dict)
    by_lang: dict[str, Tally] = field(default_factory=dict)
    noanswer: int = 0
    noanswer_honest: int = 0
    results: list[QAResult] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "answerable": self.answerable.as_dict(),
            "by_kind": {kind: tally.as_dict() for kind, tally in sorted(self.by_kind.items())},
            "by_lang": {lang: tally.as_dict() for lang, tally in sorted(self.by_lang.items())},
            "noanswer": {"questions": self.noanswer, "honest_nothing_found": self.noanswer_honest},
            "answerable_refused": self.answerable.refused,
            "results": [
                {
                    "id": r.id,
                    "kind": r.kind,
                    "lang": r.lang,
                    "found": r.found,
                    "first_hit_rank": r.first_hit_rank,
                    "quoted": r.quoted,
                    "gold_article_rank": r.article_rank,
                    "returned": list(r.returned),
                }
                for r in self.results
            ],
        }


def load_questions(path: Path) -> list[QAQuestion]:
    """Read a QA set; each line is {id, question, gold_article, gold, kind, lang}.

    A line with `needs_gold` and no gold (a 👎 from the bot's feedback whose right answer
    nobody has written yet, see `newsbot feedback export`) is skipped: without gold it would
    count as a question the corpus cannot answer."""
    questions = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise NewsbotError(f"cannot read the question file {path}: {error}") from None
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if item.get("needs_gold") and not item.get("gold"):
                continue
            questions.append(
                QAQuestion(
                    id=str(item.get("id", number)),
                    question=str(item["question"]),
                    gold=tuple(str(g) for g in item.get("gold") or ()),
                    gold_articles=tuple(str(a) for a in item.get("gold_article") or ()),
                    kind=str(item.get("kind") or ("noanswer" if not item.get("gold") else "fact")),
                    lang=str(item.get("lang") or "en"),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            raise NewsbotError(f"{path}:{number}: not a question record ({error})") from None
    return questions


def evaluate_qa(
    ask: Callable[[str], Answer], questions: Sequence[QAQuestion], depth: int = 3
) -> QAReport:
    """Ask every question the way a user would and score the passages returned."""
    report = QAReport()
    for question in questions:
        answer = ask(question.question)
        result = judge(
            answer,
            question.id,
            question.kind,
            question.lang,
            question.gold,
            question.gold_articles,
            depth,
        )
        report.results.append(result)
        if question.answerable:
            report.answerable.add(result)
            report.by_kind.setdefault(question.kind, Tally()).add(result)
            report.by_lang.setdefault(question.lang, Tally()).add(result)
        else:
            report.noanswer += 1
            report.noanswer_honest += not answer.found
    return report


def judge(
    answer: Answer,
    question_id: str,
    kind: str,
    lang: str,
    gold: Sequence[str],
    gold_articles: Sequence[str],
    depth: int = 3,
) -> QAResult:
    """Score one answer: where the first passage holding a gold string is, and whether the
    first hit's shown quote holds one."""
    hits = answer.hits[:depth]
    first = next((hit.rank for hit in hits if any(g in hit.text for g in gold)), None)
    article_rank = next(
        (position for position, hit in enumerate(hits, 1) if hit.article_id in gold_articles),
        None,
    )
    return QAResult(
        id=question_id,
        kind=kind,
        lang=lang,
        answerable=bool(gold),
        found=answer.found,
        first_hit_rank=first,
        article_rank=article_rank,
        returned=tuple(hit.passage_id for hit in hits),
        quoted=bool(hits) and any(g in hits[0].quote for g in gold),
    )
