"""Speaker sets (`benchmarks/eval/speakers.jsonl`): is the speaker line shown under a sentence
the person whose words it gives?

Each line of a set is one sentence of a corpus article with its true speaker, or null for
narration and for speech the article does not attribute. The shown line is what the answer path
would print under that sentence: `Speech.speaker_of` over the article analysed with its title.
Precision counts the shown lines that name the right person (a wrong name misinforms); recall
counts the gold speakers that got their line (a missing one only costs a byline). Both are
reported overall, per corpus and per kind, with every error listed for `--json`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsbot.corpus.model import Article
from newsbot.corpus.records import read_jsonl
from newsbot.errors import NewsbotError
from newsbot.speech import Speech, analyse_speech, same_person


@dataclass(frozen=True, slots=True)
class SpeakerItem:
    """One labelled sentence: `text` occurs in the article's text, `speaker` is None when
    nobody's words are given or the article does not say whose they are."""

    id: str
    corpus: str
    article_id: str
    lang: str
    text: str
    speaker: str | None
    aliases: tuple[str, ...]
    kind: str

    def names(self) -> tuple[str, ...]:
        return (self.speaker, *self.aliases) if self.speaker else ()


@dataclass(frozen=True, slots=True)
class SpeakerResult:
    """How one sentence went; `error` is "wrong", "missing" or "spurious", or None."""

    item: SpeakerItem
    shown: str | None
    correct: bool

    @property
    def error(self) -> str | None:
        if self.correct or (self.shown is None and self.item.speaker is None):
            return None
        if self.shown is None:
            return "missing"
        return "wrong" if self.item.speaker else "spurious"


@dataclass
class SpeakerTally:
    """Counts behind precision (correct / shown) and recall (correct / gold speakers)."""

    lines: int = 0
    gold: int = 0
    shown: int = 0
    correct: int = 0

    def add(self, result: SpeakerResult) -> None:
        self.lines += 1
        self.gold += result.item.speaker is not None
        self.shown += result.shown is not None
        self.correct += result.correct

    @property
    def precision(self) -> float | None:
        return self.correct / self.shown if self.shown else None

    @property
    def recall(self) -> float | None:
        return self.correct / self.gold if self.gold else None

    def as_dict(self) -> dict[str, Any]:
        def rounded(value: float | None) -> float | None:
            return None if value is None else round(value, 4)

        return {
            "lines": self.lines,
            "gold_speakers": self.gold,
            "shown": self.shown,
            "correct": self.correct,
            "precision": rounded(self.precision),
            "recall": rounded(self.recall),
        }


@dataclass
class SpeakerReport:
    overall: SpeakerTally = field(default_factory=SpeakerTally)
    by_corpus: dict[str, SpeakerTally] = field(default_factory=dict)
    by_kind: dict[str, SpeakerTally] = field(default_factory=dict)
    results: list[SpeakerResult] = field(default_factory=list)
    not_in_corpora: list[str] = field(default_factory=list)  # ids whose article was not given
    not_located: list[str] = field(default_factory=list)  # ids whose text the article lacks

    def add(self, result: SpeakerResult) -> None:
        self.results.append(result)
        self.overall.add(result)
        self.by_corpus.setdefault(result.item.corpus, SpeakerTally()).add(result)
        self.by_kind.setdefault(result.item.kind, SpeakerTally()).add(result)

    def errors(self) -> list[SpeakerResult]:
        return [result for result in self.results if result.error]

    def as_dict(self) -> dict[str, Any]:
        return {
            "overall": self.overall.as_dict(),
            "by_corpus": {name: tally.as_dict() for name, tally in sorted(self.by_corpus.items())},
            "by_kind": {kind: tally.as_dict() for kind, tally in sorted(self.by_kind.items())},
            "not_in_corpora": self.not_in_corpora,
            "not_located": self.not_located,
            "errors": [
                {
                    "id": result.item.id,
                    "corpus": result.item.corpus,
                    "kind": result.item.kind,
                    "error": result.error,
                    "gold": result.item.speaker,
                    "aliases": list(result.item.aliases),
                    "shown": result.shown,
                    "text": result.item.text,
                }
                for result in self.errors()
            ],
        }


def load_speaker_set(path: Path) -> list[SpeakerItem]:
    """Read a speaker set: JSON lines of id, corpus, article_id, lang, text, speaker, aliases,
    kind."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise NewsbotError(f"cannot read the speaker set {path}: {error}") from None
    items = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            speaker = row.get("speaker")
            items.append(
                SpeakerItem(
                    id=str(row.get("id", number)),
                    corpus=str(row.get("corpus") or ""),
                    article_id=str(row["article_id"]),
                    lang=str(row.get("lang") or ""),
                    text=str(row["text"]),
                    speaker=str(speaker) if speaker else None,
                    aliases=tuple(str(alias) for alias in row.get("aliases") or ()),
                    kind=str(row.get("kind") or ""),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError, AttributeError) as error:
            raise NewsbotError(f"{path}:{number}: not a speaker record ({error})") from None
    return items


def read_articles(corpora: Iterable[Path], wanted: set[str]) -> dict[str, Article]:
    """The articles with the `wanted` ids from JSON Lines corpora, read as the index reads them
    (so the text is the one answers quote)."""
    found: dict[str, Article] = {}
    for path in corpora:
        if not path.is_file():
            raise NewsbotError(f"the corpus {path} is not a JSON Lines file")
        for article in read_jsonl(path, str(path)):
            if isinstance(article, Article) and article.id in wanted:
                found.setdefault(article.id, article)
    return found


def names_speaker(shown: str, names: Sequence[str]) -> bool:
    """The shown line names the gold speaker: the same words, or the same person ("Mr Brown" is
    Gordon Brown)."""
    folded = shown.strip().casefold()
    return any(name.strip().casefold() == folded or same_person(name, shown) for name in names)


def evaluate_speakers(
    items: Sequence[SpeakerItem], articles: Mapping[str, Article]
) -> SpeakerReport:
    """Score the speaker line `Speech.speaker_of` gives each sentence whose article is known."""
    report = SpeakerReport()
    analysed: dict[str, Speech] = {}
    for item in items:
        article = articles.get(item.article_id)
        if article is None:
            report.not_in_corpora.append(item.id)
            continue
        start = article.text.find(item.text)
        if start < 0:
            report.not_located.append(item.id)
            continue
        speech = analysed.get(article.id)
        if speech is None:
            speech = analysed[article.id] = analyse_speech(article.text, article.title)
        shown = speech.speaker_of(start, start + len(item.text))
        correct = shown is not None and names_speaker(shown, item.names())
        report.add(SpeakerResult(item, shown, correct))
    return report
