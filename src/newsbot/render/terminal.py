"""Answers for a terminal, drawn with rich: the quote with matched words in bold, then its source.

rich drops the styling by itself when the output is not a terminal, so piping stays clean.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from newsbot.answering.models import Answer, Hit, Source
from newsbot.corpus.model import Article
from newsbot.render.wording import filter_line, nothing_found_reason, related_notice
from newsbot.text.normalise import scrub

if TYPE_CHECKING:
    from newsbot.evaluation import FilterReport, IRReport, QAReport, SpeakerReport
    from newsbot.evaluation.conversations import ConversationReport
    from newsbot.evaluation.qa import Tally


def source_line(source: Source) -> str:
    """ "Title (Outlet, 2004-12-01)", leaving out what is unknown."""
    details = ", ".join(part for part in (source.outlet, source.published) if part)
    return f"{source.title} ({details})" if details else source.title


def render_hit(hit: Hit, full: bool = False) -> RenderableType:
    header = Text(f"[{hit.rank}] ", style="bold cyan")
    header.append(f"score {hit.score:.3f}", style="dim")
    source = Text("Source: " + source_line(hit.source), style="italic")
    parts: list[RenderableType] = [header]
    if full:
        parts.extend(_indented(Text(hit.text), 4))
    else:
        # Each speaker's part of the quote with its own line under it; narration has none.
        for voice in hit.voices:
            quote = Text(hit.quote[voice.start : voice.end].strip())
            lead = len(hit.quote[voice.start : voice.end]) - len(
                hit.quote[voice.start : voice.end].lstrip()
            )
            for start, end in hit.highlights:
                if voice.start <= start and end <= voice.end:
                    quote.stylize("bold", start - voice.start - lead, end - voice.start - lead)
            parts.extend(_indented(quote, 4))
            if voice.speaker:
                parts.extend(_indented(Text(f"— {voice.speaker}", style="bold"), 4))
    if full and hit.speaker:
        parts.extend(_indented(Text(f"— {hit.speaker}", style="bold"), 4))
    parts.extend(_indented(source, 4))
    if hit.also_in:
        also = "Also in: " + "; ".join(source_line(copy) for copy in hit.also_in)
        parts.extend(_indented(Text(also, style="italic dim"), 4))
    if hit.source.url:
        parts.extend(_indented(Text(hit.source.url, style="blue underline"), 6))
    return Group(*parts)


def _indented(text: Text, spaces: int) -> list[RenderableType]:
    """Each line indented on its own, so wrapped lines keep the indent and none is padded."""
    return [
        Padding(line, (0, 0, 0, spaces), expand=False) if line.plain else Text("")
        for line in text.split("\n")
    ]


def render_answer(answer: Answer, full: bool = False) -> RenderableType:
    """The hits, best first; `full` shows whole passages instead of the best sentences."""
    parts: list[RenderableType] = []
    if answer.notice:
        parts.append(Text(answer.notice, style="yellow"))
    if answer.understood:
        parts.append(Text(f"Understood: {answer.understood}", style="italic"))
    filtered = filter_line(answer.filters)
    if not answer.hits:
        parts.append(
            Text(f"I found nothing about “{answer.question}”. {nothing_found_reason(answer)}")
        )
        if filtered:
            parts.append(Text(filtered, style="italic"))
        if answer.closest_titles and not answer.filters.restricts:
            parts.append(Text("The closest articles:"))
            parts.extend(Text(f"  • {title}") for title in answer.closest_titles)
        return Group(*parts)
    related = related_notice(answer)
    if related:
        parts.append(Text(related, style="bold yellow"))
    if answer.suggestions:
        fixes = ", ".join(f"{word} → {fixed}" for word, fixed in answer.suggestions)
        parts.append(Text(f"(Spelling: {fixes})", style="yellow"))
    if answer.searched:
        parts.append(Text(f"Searched for: {' '.join(answer.searched)}", style="italic"))
    if filtered:
        parts.append(Text(filtered, style="italic"))
    for hit in answer.hits:
        parts.append(render_hit(hit, full))
        parts.append(Text(""))
    return Group(*parts[:-1])


def render_qa_report(report: QAReport) -> RenderableType:
    """A short table: hit rates overall, per kind and per language, then "nothing found"."""
    rows = [("answerable", report.answerable)]
    rows += [(f"kind: {kind}", tally) for kind, tally in sorted(report.by_kind.items())]
    rows += [(f"lang: {lang}", tally) for lang, tally in sorted(report.by_lang.items())]
    honest = Text(
        f"noanswer questions: {report.noanswer_honest} of {report.noanswer} got an honest "
        f'"nothing found"; answerable questions refused: {report.answerable.refused}'
    )
    return Group(_tally_table("QA evaluation", "questions", rows), honest)


def _tally_table(title: str, counted: str, rows: list[tuple[str, Tally]]) -> Table:
    """Top-1, top-3, quote@1 and refusals of each group of a QA-style evaluation."""
    table = Table(title=title, show_edge=False)
    for column in ("group", counted, "top-1", "top-3", "quote@1", "refused"):
        table.add_column(column, justify="left" if column == "group" else "right")
    for name, tally in rows:
        data = tally.as_dict()
        table.add_row(
            name,
            str(data["questions"]),
            f"{data['top1']:.2f} ({data['top1_count']})",
            f"{data['top3']:.2f} ({data['top3_count']})",
            f"{data['quote1']:.2f} ({data['quote1_count']})",
            str(data["refused"]),
        )
    return table


def render_conversation_report(report: ConversationReport) -> RenderableType:
    """First turns and follow-ups apart, follow-ups in the conversation and asked alone."""
    rows = [
        ("first turns", report.first),
        ("follow-ups", report.follow_ups),
        ("follow-ups asked alone", report.follow_ups_alone),
    ]
    rows += [(f"follow-ups: {kind}", tally) for kind, tally in sorted(report.by_kind.items())]
    rows += [(f"follow-ups: {lang}", tally) for lang, tally in sorted(report.by_lang.items())]
    table = _tally_table("Conversation evaluation", "turns", rows)
    if not report.not_in_corpus:
        return table
    skipped = Text(
        f"{len(report.not_in_corpus)} conversations are about another corpus and were left out."
    )
    return Group(table, skipped)


def render_filter_report(report: FilterReport) -> RenderableType:
    """Top-1, top-3 and the share of hits meeting the constraint, overall and per kind."""
    table = Table(title="Filter evaluation", show_edge=False)
    for column in ("group", "questions", "top-1", "top-3", "hits meeting the filter"):
        table.add_column(column, justify="left" if column == "group" else "right")
    rows = [("all", report.overall)]
    rows += [(f"constraint: {kind}", tally) for kind, tally in sorted(report.by_kind.items())]
    for name, tally in rows:
        data = tally.as_dict()
        share = "–" if data["meeting"] is None else f"{data['meeting']:.2f}"
        table.add_row(
            name,
            str(tally.questions),
            f"{data['top1']:.2f} ({tally.top1})",
            f"{data['top3']:.2f} ({tally.top3})",
            f"{share} ({tally.meeting} of {tally.hits})",
        )
    return table


def render_ir_report(name: str, report: IRReport) -> RenderableType:
    table = Table(title=f"IR evaluation: {name}", show_edge=False)
    for column in ("queries judged", "nDCG@10", "MAP", "R@100"):
        table.add_column(column, justify="right")
    measures = report.measures
    table.add_row(
        str(report.judged_queries),
        f"{measures['ndcg@10']:.4f}",
        f"{measures['map']:.4f}",
        f"{measures['recall@100']:.4f}",
    )
    return table


def render_speaker_report(report: SpeakerReport) -> RenderableType:
    """Precision and recall of the shown speaker lines, overall, per corpus and per kind."""
    table = Table(title="Speaker evaluation", show_edge=False)
    for column in ("group", "lines", "gold speakers", "shown", "correct", "precision", "recall"):
        table.add_column(column, justify="left" if column == "group" else "right")
    rows = [("all", report.overall)]
    rows += [(f"corpus: {name}", tally) for name, tally in sorted(report.by_corpus.items())]
    rows += [(f"kind: {kind}", tally) for kind, tally in sorted(report.by_kind.items())]
    for name, tally in rows:
        table.add_row(
            name,
            str(tally.lines),
            str(tally.gold),
            str(tally.shown),
            str(tally.correct),
            "–" if tally.precision is None else f"{tally.precision:.3f}",
            "–" if tally.recall is None else f"{tally.recall:.3f}",
        )
    parts: list[RenderableType] = [table]
    errors = report.errors()
    if errors:
        counts = {
            kind: sum(result.error == kind for result in errors)
            for kind in ("wrong", "spurious", "missing")
        }
        parts.append(
            Text(
                f"errors: {counts['wrong']} wrong speaker, {counts['spurious']} speaker where "
                f"none is due, {counts['missing']} missing (--json lists them)"
            )
        )
    skipped = len(report.not_in_corpora) + len(report.not_located)
    if skipped:
        parts.append(
            Text(
                f"not scored: {len(report.not_in_corpora)} lines whose article is in no given "
                f"corpus, {len(report.not_located)} whose sentence is not in its article"
            )
        )
    return Group(*parts)


def render_article(article: Article) -> RenderableType:
    """A whole article for `newsbot show`: its source line and link, then its text exactly.

    The text is the corpus's, so its control characters (an ESC could drive the terminal) are
    dropped; Text never reads rich markup in it."""
    source = Source.of(article)
    parts: list[RenderableType] = [Text(scrub(source_line(source)), style="bold")]
    if source.url:
        parts.append(Text(scrub(source.url), style="blue underline"))
    parts.append(Text(f"id: {scrub(article.id)}", style="dim"))
    parts.append(Text(""))
    parts.append(Text(scrub(article.text)))
    return Group(*parts)
