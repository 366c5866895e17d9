"""The analysis: quotations paired with their cues and speakers, then speech without quote marks.

Quotations are attributed in text order, because "he said" and uncued follow-ups depend on the
speaker of the quotation before; reports ("X said that …", "according to X") come last, from the
speech verbs no quotation used. Every step is a single pass over tokens or a bounded
look-around, so hostile or huge input stays linear.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from newsbot.speech.cues import Cue, Subj, cue_after, loose_cue, subject_after, subject_before
from newsbot.speech.document import Doc
from newsbot.speech.names import Names, is_cyrillic
from newsbot.speech.people import Mention, People, most_mentioned
from newsbot.speech.quotes import Raw, find_quotes
from newsbot.speech.results import Quotation, ReportedSpeech, Speech
from newsbot.speech.vocabulary import (
    PARTICIPLE_LEADS,
    PARTICIPLES,
    QUOTE_CHARS,
    REPORT_WORDS,
    TAKES_OBJECT,
    VERBS,
)


@dataclass(frozen=True, slots=True)
class _Said:
    """A quotation with its attribution resolved; `until` is where its quote or cue ends."""

    raw: Raw
    speaker: str | None
    cue: Cue | None
    until: int


class Analysis(People):
    """One pass of attribution over a text: people first, then quotations, then reports."""

    def __init__(self, text: str, body: int = 0) -> None:
        doc = self.doc = Doc(text)
        self.body = body
        self.raws = find_quotes(doc)
        for q in self.raws:
            end = q.close_end if q.close_end >= 0 else q.end
            for k in range(doc.tok_at(q.open_mark), doc.tok_at(end)):
                doc.in_quote[k] = True
        starts = [q.start for q in self.raws]
        self.out_sents = [
            s
            for s in doc.sents
            if (k := bisect_right(starts, s) - 1) < 0
            or not self.raws[k].start < s < self.raws[k].end
        ]
        marks = {q.open_mark for q in self.raws}
        # narration only: a run of quotations ('"A," he said. "B." "C," he added') is one step
        self.narration = [s for s in self.out_sents if s not in marks]
        self.names = Names()
        self.mentions: list[Mention] = []
        self.out: list[Mention] = []  # mentions outside quotations: candidate antecedents
        self.bindings: dict[str, list[tuple[int, str]]] = {}
        self.extra: dict[str, int] = {}
        self.genders: dict[str, str] = {}
        self._find_people()
        self.out_starts = [m.start for m in self.out]
        self.main = most_mentioned([(m.start, m.name) for m in self.mentions])
        self.unnamed = [  # "a spokesman said": the nearest speaker may be nobody we can name
            doc.starts[v]
            for v, low in enumerate(doc.low)
            if low in VERBS
            and not doc.in_quote[v]
            and (subj := subject_before(doc, v)) is not None
            and (subj.kind == "none" or self._unknown_role(subj, doc.starts[v]))
        ]
        self.said: list[_Said] = []
        self._attribute_quotes()
        self.reports = self._find_reports()

    # quotations

    def _cue_before(self, open_mark: int) -> Cue | None:
        """The nearest speech verb earlier in the quotation's sentence: 'X said: "…"', 'X said
        he feared "…"', '…, saying: "…"'. An unresolvable one still counts, as a "none" cue."""
        doc = self.doc
        i = doc.tok_at(open_mark) - 1
        for v in range(i, max(doc.tok_at(doc.sent_start(open_mark)), i - 40) - 1, -1):
            if doc.in_quote[v]:
                continue
            if doc.low[v] in PARTICIPLES and doc.words[v - 1] in PARTICIPLE_LEADS:
                subj = self._clause_subject(v)
                return Cue(subj or Subj("none", "", v, v), v, v, v, i - v <= 2)
            if doc.low[v] in VERBS:
                subj = subject_before(doc, v)
                inverted = doc.words[v - 1] in QUOTE_CHARS + "," or is_cyrillic(doc.low[v])
                if subj is None and v and inverted and doc.low[v] not in TAKES_OBJECT:
                    # '"…" said Mr Prettejohn, who wants "…"', "Как отметила Варвара Визбор, …"
                    subj = subject_after(doc, v + 1)
            else:
                continue
            subj = subj or Subj("none", "", v, v)
            return Cue(subj, min(subj.first, v), max(subj.last, v), v, i - v <= 2)
        return None

    def _cue_rest(self, close_end: int) -> Cue | None:
        """A speech verb later in the sentence: 'the "reckless … spree" planned by the Tories,
        he said.'"""
        doc = self.doc
        j, stop = doc.tok_at(close_end), doc.next_sent(close_end)
        for v in range(j, min(len(doc.words), j + 40)):
            if doc.starts[v] >= stop:
                break
            if doc.in_quote[v] or doc.low[v] not in VERBS:
                continue
            subj = subject_before(doc, v)
            if subj is None and doc.words[v - 1] in ",—–-" and doc.low[v] not in TAKES_OBJECT:
                subj = subject_after(doc, v + 1)  # «…» и «…», — заявил премьер
            loose = subj is not None and subj.first == j and not loose_cue(doc, subj, v)
            if subj is None or subj.first < j or loose:
                subj = Subj("none", "", v, v)
            return Cue(subj, min(subj.first, v), max(subj.last, v), v, False)
        return None

    def _cue(self, q: Raw) -> Cue | None:
        """The attribution of a quotation: one right after it wins, then one before it in its
        sentence, then one after it in its sentence, then one opening the next sentence."""
        after = cue_after(self.doc, q.close_end) if q.close_end >= 0 else None
        if after is not None and after.immediate:
            return after
        rest = self._cue_rest(q.close_end) if q.close_end >= 0 else None
        return self._cue_before(q.open_mark) or rest or after

    def _attribute_quotes(self) -> None:
        """Speakers in text order, since "he said" and uncued follow-ups depend on the speaker of
        the quotation before. Two-word scare quotes ("black hole") are dropped unless a cue
        sits right next to them."""
        doc, text = self.doc, self.doc.text
        prev: _Said | None = None
        for q in self.raws:
            cue = self._cue(q)
            if len(text[q.start : min(q.end, q.start + 100)].split()) < 3 and not (
                cue and cue.immediate
            ):
                continue
            last = self._last_speaker(prev, q.open_mark)
            if cue is not None:
                pos = min(q.open_mark, doc.starts[cue.first])
                speaker = self._speaker(cue.subj, pos, last, strict=False)
                until = max(q.close_end, q.end, doc.ends[cue.last])
            else:
                speaker, until = self._inherit(q, prev), max(q.close_end, q.end)
            prev = _Said(q, speaker, cue, until)
            self.said.append(prev)

    def _last_speaker(self, prev: _Said | None, pos: int) -> str | None:
        """The previous quotation's speaker if it is near: same or previous paragraph. An
        unnamed one ("" for "said a spokesman") only counts if nobody was named since."""
        doc = self.doc
        if prev is None or doc.para_of(prev.until) < doc.para_of(pos) - 1:
            return None
        if prev.speaker is not None:
            return prev.speaker
        unnamed = prev.cue is not None and prev.cue.subj.kind == "none"
        named_since = bisect_left(self.out_starts, prev.until) < bisect_left(self.out_starts, pos)
        return "" if unnamed and not named_since else None

    def _inherit(self, q: Raw, prev: _Said | None) -> str | None:
        """An unattributed quotation right after someone's quotation is theirs, as news style
        has it, when nothing but that quotation's cue sentence stands between them."""
        if prev is None or prev.speaker is None:
            return None
        doc = self.doc
        here, there = doc.para_of(q.open_mark), doc.para_of(prev.until)
        if not (here == there or (here == there + 1 and doc.paras[here] == q.open_mark)):
            return None
        if self._sents_between(prev.until, q.open_mark) > 1:
            return None
        lo = bisect_left(self.out_starts, prev.until)
        hi = bisect_left(self.out_starts, q.open_mark)
        others = [m for m in self.out[lo:hi] if m.subject and m.name != prev.speaker]
        if hi - lo > 5 or others:  # "said McIlroy, who … under Lester's guidance" is still his
            return None
        return prev.speaker

    # reported speech

    def _find_reports(self) -> list[ReportedSpeech]:
        """Speech verbs outside quotations and not used as their cues ("X said that …",
        "according to X"), so answers can tell whose claim a passage reports."""
        doc, n = self.doc, len(self.doc.words)
        used = {s.cue.verb for s in self.said if s.cue is not None}
        ends = [s.until for s in self.said]
        reports: list[ReportedSpeech] = []
        for v in [v for v, low in enumerate(doc.low) if low in REPORT_WORDS]:
            low = doc.low[v]
            if doc.in_quote[v] or v in used:
                continue
            nxt = doc.low[v + 1] if v + 1 < n else ""
            subj: Subj | None = None
            if low in VERBS:
                subj = subject_before(doc, v)
                if subj is None and v and doc.words[v - 1] == "," and low not in TAKES_OBJECT:
                    subj = subject_after(doc, v + 1)
            elif low in PARTICIPLES and v and doc.words[v - 1] in PARTICIPLE_LEADS:
                subj = self._clause_subject(v)
            elif (low, nxt) in (("according", "to"), ("по", "словам"), ("по", "мнению")):
                subj = subject_after(doc, v + 2)
            if subj is None:
                continue
            first, last = min(subj.first, v), max(subj.last, v)
            pos = doc.starts[first]
            k = bisect_right(ends, pos) - 1
            prior = self._last_speaker(self.said[k] if k >= 0 else None, pos)
            speaker = self._speaker(subj, pos, prior, strict=True)
            if speaker:
                reports.append(ReportedSpeech(pos, doc.ends[last], speaker))
        return reports

    def result(self, offset: int, length: int) -> Speech:
        def at(pos: int) -> int:
            return min(max(pos - offset, 0), length)

        quotations = []
        for s in self.said:
            if s.raw.start < offset:
                continue
            cue = (
                (at(self.doc.starts[s.cue.first]), at(self.doc.ends[s.cue.last]))
                if s.cue
                else (-1, -1)
            )
            quotations.append(Quotation(at(s.raw.start), at(s.raw.end), s.speaker, *cue))
        reports = [
            ReportedSpeech(at(r.start), at(r.end), r.speaker)
            for r in self.reports
            if r.start >= offset
        ]
        named = [(m.start, m.name) for m in self.mentions]
        mentions = sorted(named + [(p, n) for n, p in self.extra.items()])
        people = tuple(dict.fromkeys(name for _, name in mentions))
        return Speech(tuple(quotations), people, most_mentioned(mentions), tuple(reports))


def analyse_speech(text: str, title: str = "") -> Speech:
    """Quotations, their speakers, and the people of an article.

    The title is read as a paragraph before the text, because headlines often name the person the
    first "he said" refers to; offsets in the result are into `text` alone.
    """
    head = f"{title.strip()}\n\n" if title.strip() else ""
    return Analysis(head + text, len(head)).result(len(head), len(text))
