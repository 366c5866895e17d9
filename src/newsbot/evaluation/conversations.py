"""Conversation sets (`benchmarks/eval/conversations.jsonl`): is each turn answered, with the
turns before it in mind?

Each line is `{"id", "turns": [{"question", "gold", "gold_article", "kind"}]}` (extra fields
such as corpus and lang are kept for grouping). Every conversation is asked turn by turn through
`Conversation`, as the bot and `newsbot chat` ask it, and every follow-up is also asked alone,
without the turns before it: the difference is what reading the conversation is worth. First
turns and follow-ups are reported apart (top-1, top-3, quote@1), and follow-ups per kind.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsbot.answering.conversation import Conversation
from newsbot.answering.models import Answer
from newsbot.answering.pipeline import Answerer
from newsbot.errors import NewsbotError
from newsbot.evaluation.qa import QAResult, Tally, judge


@dataclass(frozen=True, slots=True)
class ConversationTurn:
    question: str
    gold: tuple[str, ...]
    gold_articles: tuple[str, ...]
    kind: str


@dataclass(frozen=True, slots=True)
class ConversationCase:
    id: str
    lang: str
    turns: tuple[ConversationTurn, ...]


@dataclass
class ConversationReport:
    first: Tally = field(default_factory=Tally)
    follow_ups: Tally = field(default_factory=Tally)
    follow_ups_alone: Tally = field(default_factory=Tally)
    by_kind: dict[str, Tally] = field(default_factory=dict)
    by_kind_alone: dict[str, Tally] = field(default_factory=dict)
    by_lang: dict[str, Tally] = field(default_factory=dict)
    turns: list[dict[str, Any]] = field(default_factory=list)
    # conversations none of whose gold articles is in the corpus asked (another corpus's)
    not_in_corpus: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "first_turns": self.first.as_dict(),
            "follow_ups": self.follow_ups.as_dict(),
            "follow_ups_asked_alone": self.follow_ups_alone.as_dict(),
            "follow_ups_by_kind": {k: t.as_dict() for k, t in sorted(self.by_kind.items())},
            "follow_ups_by_kind_alone": {
                k: t.as_dict() for k, t in sorted(self.by_kind_alone.items())
            },
            "follow_ups_by_lang": {k: t.as_dict() for k, t in sorted(self.by_lang.items())},
            "not_in_corpus": self.not_in_corpus,
            "turns": self.turns,
        }


def load_conversations(path: Path) -> list[ConversationCase]:
    """Read a conversation set; a line that is not one is an error naming the line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise NewsbotError(f"cannot read the conversation file {path}: {error}") from None
    cases = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            turns = tuple(
                ConversationTurn(
                    question=str(turn["question"]),
                    gold=tuple(str(g) for g in turn.get("gold") or ()),
                    gold_articles=tuple(str(a) for a in turn.get("gold_article") or ()),
                    kind=str(turn.get("kind") or ("first" if position == 0 else "follow-up")),
                )
                for position, turn in enumerate(item["turns"])
            )
            if not turns:
                raise ValueError("no turns")
            cases.append(
                ConversationCase(str(item.get("id", number)), str(item.get("lang") or "en"), turns)
            )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError, ValueError) as error:
            raise NewsbotError(f"{path}:{number}: not a conversation record ({error})") from None
    return cases


def evaluate_conversations(
    answerer: Answerer, cases: Sequence[ConversationCase], depth: int = 3
) -> ConversationReport:
    """Ask each conversation turn by turn, and each follow-up alone as well; a set may mix
    corpora, and the conversations of another corpus are left out (and listed)."""
    report = ConversationReport()
    index = answerer.index
    known = {index.article(number).id for number in range(index.article_count)}
    for case in cases:
        wanted = {article for turn in case.turns for article in turn.gold_articles}
        if wanted and not wanted & known:
            report.not_in_corpus.append(case.id)
            continue
        conversation = Conversation(answerer, clock=lambda: 0.0)
        for position, turn in enumerate(case.turns):
            answer = conversation.ask(turn.question)
            result = _judge(answer, case, turn, depth)
            if position == 0:
                report.first.add(result)
            else:
                report.follow_ups.add(result)
                report.by_kind.setdefault(turn.kind, Tally()).add(result)
                report.by_lang.setdefault(case.lang, Tally()).add(result)
                alone = _judge(answerer.ask(turn.question), case, turn, depth)
                report.follow_ups_alone.add(alone)
                report.by_kind_alone.setdefault(turn.kind, Tally()).add(alone)
            report.turns.append(
                {
                    "id": case.id,
                    "turn": position + 1,
                    "kind": turn.kind,
                    "question": turn.question,
                    "understood": answer.understood,
                    "first_hit_rank": result.first_hit_rank,
                    "quoted": result.quoted,
                    "returned": list(result.returned),
                }
            )
    return report


def _judge(answer: Answer, case: ConversationCase, turn: ConversationTurn, depth: int) -> QAResult:
    return judge(answer, case.id, turn.kind, case.lang, turn.gold, turn.gold_articles, depth)
