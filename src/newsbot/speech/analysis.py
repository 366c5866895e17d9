"""The analysis: quotations paired with their cues and speakers, then speech without quote marks.

Quotations are attributed in text order, because "he said" and uncued follow-ups depend on the
speaker of the quotation before; reports ("X said that …", "according to X") come last, from the
speech verbs no quotation used. Every step is a single pass over tokens or a bounded
look-around, so hostile or huge input stays linear.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from newsbot.speech.cues import (
    Cue,
    cue_after,
    inner_cue,
    introduces_speech,
    loose_cue,
    unclosed_cue,
)
from newsbot.speech.document import Document
from newsbot.speech.names import Names, is_cyrillic
from newsbot.speech.people import People, most_mentioned
from newsbot.speech.quotes import RawQuotation, find_quotes
from newsbot.speech.reports import report_cues
from newsbot.speech.results import Quotation, ReportedSpeech, Speech
from newsbot.speech.subject_after import subject_after
from newsbot.speech.subject_before import subject_before
from newsbot.speech.subjects import Subject, genitive_subject, unnamed_subject
from newsbot.speech.vocabulary import (
    EXPRESSES,
    GENITIVE_CUES,
    PARTICIPLE_LEADS,
    PARTICIPLES,
    QUOTE_CHARS,
    SPOKES,
    TAKES_OBJECT,
)

# cues that attribute speech to someone "he said" cannot mean: nobody named, or a body
UNNAMED_KINDS = ("unnamed", "org", "org_ref")


@dataclass(frozen=True, slots=True)
class _Said:
    """A quotation, or a report when `quotation` is None, with its attribution resolved;
    `until` is where its quote or cue ends."""

    quotation: RawQuotation | None
    speaker: str | None
    cue: Cue | None
    until: int


class Analysis(People):
    """One pass of attribution over a text: people and organisations first, then quotations and
    reports in text order."""

    def __init__(self, text: str, body_start: int = 0) -> None:
        doc = self.doc = Document(text)
        self.body_start = body_start
        self.raw_quotations = find_quotes(doc)
        for quotation in self.raw_quotations:
            end = quotation.close_end if quotation.close_end >= 0 else quotation.end
            for token in range(doc.token_at(quotation.open_mark), doc.token_at(end)):
                doc.in_quote[token] = True
        starts = [quotation.start for quotation in self.raw_quotations]
        self.unquoted_sentences = [
            sentence
            for sentence in doc.sentence_starts
            if (index := bisect_right(starts, sentence) - 1) < 0
            or not self.raw_quotations[index].start < sentence < self.raw_quotations[index].end
        ]
        marks = {quotation.open_mark for quotation in self.raw_quotations}
        # narration only: a run of quotations ('"A," he said. "B." "C," he added') is one step
        self.narration_sentences = [
            sentence for sentence in self.unquoted_sentences if sentence not in marks
        ]
        self.names = Names()
        self.mentions = []
        self.unquoted_mentions = []
        self.role_holders = {}
        self.extra_speakers = {}
        self.genders = {}
        self.descriptions = []
        self._find_people()
        self._find_organisations()
        self.unquoted_mention_starts = [mention.start for mention in self.unquoted_mentions]
        self.main_person = most_mentioned(
            [(mention.start, mention.name) for mention in self.mentions]
        )
        self.unnamed_cues = [  # "a spokesman said": the nearest speaker may be nobody we can name
            doc.starts[verb]
            for verb, folded in enumerate(doc.folded)
            if doc.is_verb[verb]
            and not doc.in_quote[verb]
            and (subject := subject_before(doc, verb)) is not None
            and (self._someone(subject, verb) or self._unknown_role(subject, doc.starts[verb]))
        ]
        self.said: list[_Said] = []
        self.reports: list[ReportedSpeech] = []
        self.reported_sentences = set()
        self.unattributed: list[int] = []
        self._attribute()

    # quotations

    def _cue_before(self, open_mark: int) -> Cue | None:
        """The nearest speech verb earlier in the quotation's sentence: 'X said: "…"', 'X said
        he feared "…"', '…, saying: "…"'. An unresolvable one still counts, as an unnamed cue."""
        doc = self.doc
        before = doc.token_at(open_mark) - 1
        sentence_first = doc.token_at(doc.sentence_start(open_mark))
        for verb in range(before, max(sentence_first, before - 40) - 1, -1):
            if doc.in_quote[verb]:
                continue
            folded = doc.folded[verb]
            if folded == "по" and doc.folded[verb + 1] in GENITIVE_CUES:
                subject = genitive_subject(doc, verb + 2)  # «По словам X: „…“»
                cue_end = subject.last if subject else verb + 1
                return Cue(subject or unnamed_subject(verb), verb, cue_end, verb, False)
            colon = doc.words[verb + 1 : verb + 2] == [":"]  # "… saying: "…""
            if folded in PARTICIPLES and (doc.words[verb - 1] in PARTICIPLE_LEADS or colon):
                subject = self._clause_subject(verb)
                return Cue(subject or unnamed_subject(verb), verb, verb, verb, before - verb <= 2)
            if doc.is_verb[verb] and before - verb > 2 and not introduces_speech(doc, verb):
                continue  # "Marsh agreed to pay …, but it "neither admits …""
            expressed = (
                folded.startswith(EXPRESSES) and verb + 2 == before and doc.words[before] == ":"
            )
            if doc.is_verb[verb] or expressed:  # expressed: «X выразил соболезнования: „…“»
                subject = subject_before(doc, verb)
                inverted = doc.words[verb - 1] in QUOTE_CHARS + "," or is_cyrillic(folded)
                if subject is None and verb and inverted and folded not in TAKES_OBJECT:
                    # '"…" said Mr Prettejohn, who wants "…"', "Как отметила Варвара Визбор, …"
                    subject = subject_after(doc, verb + 1)
            else:
                continue
            subject = subject or unnamed_subject(verb)
            first, last = min(subject.first, verb), max(subject.last, verb)
            return Cue(subject, first, last, verb, before - verb <= 2)
        return None

    def _cue_rest(self, close_end: int) -> Cue | None:
        """A speech verb later in the sentence: 'the "reckless … spree" planned by the Tories,
        he said.'"""
        doc = self.doc
        first, stop = doc.token_at(close_end), doc.next_sentence_start(close_end)
        for verb in range(first, min(len(doc.words), first + 40)):
            if doc.starts[verb] >= stop:
                break
            if doc.in_quote[verb] or not doc.is_verb[verb]:
                continue
            subject = subject_before(doc, verb)
            inverted = doc.words[verb - 1] in ",—–-"
            if subject is None and inverted and doc.folded[verb] not in TAKES_OBJECT:
                subject = subject_after(doc, verb + 1)  # «…» и «…», — заявил премьер
            loose = (
                subject is not None and subject.first == first and not loose_cue(doc, subject, verb)
            )
            if subject is None or subject.first < first or loose:
                subject = unnamed_subject(verb)
            return Cue(subject, min(subject.first, verb), max(subject.last, verb), verb, False)
        return None

    def _cue(self, quotation: RawQuotation) -> Cue | None:
        """The attribution of a quotation: one right after it wins, then one before it in its
        sentence, then one after it in its sentence, then one opening the next sentence."""
        closed = quotation.close_end >= 0
        inner = inner_cue(self.doc, quotation.start, quotation.end)
        if inner is None and not closed:
            inner = unclosed_cue(self.doc, quotation.start, quotation.end)
        if inner is not None:
            return inner  # «…, — замечает Машков. — …»: the cue between the dashes
        after = cue_after(self.doc, quotation.close_end) if closed else None
        if after is not None and after.immediate:
            return after
        rest = self._cue_rest(quotation.close_end) if closed else None
        return self._cue_before(quotation.open_mark) or rest or after

    def _attribute(self) -> None:
        """Speakers in text order, quotations and reports alike, since "he said" and uncued
        follow-ups depend on who spoke before. Two-word scare quotes ("black hole") are dropped
        unless a cue sits right next to them."""
        doc, text = self.doc, self.doc.text
        quotations: list[tuple[RawQuotation, Cue | None]] = []
        for quotation in self.raw_quotations:
            cue = self._cue(quotation)
            start, end = quotation.start, quotation.end
            short = len(text[start : min(end, start + 100)].split()) < 3
            if short and cue is not None and self._names_subject(quotation, cue):
                continue  # «„Эхо Москвы“ говорит»: the quote marks hold a name, the speaker's
            if not short or (cue and cue.immediate):
                quotations.append((quotation, cue))
        used = {cue.verb for _, cue in quotations if cue is not None}
        reports = report_cues(doc, used, self._clause_subject)
        events = sorted(
            [(quotation.open_mark, 0, index) for index, (quotation, _) in enumerate(quotations)]
            + [
                (doc.starts[min(subject.first, verb)], 1, index)
                for index, (verb, subject) in enumerate(reports)
            ]
        )
        reported: _Said | None = None  # the last report
        quoted: _Said | None = None  # the last quotation
        for pos, is_report, index in events:
            # the last quotation's speaker, else the last report's: a report does not settle
            # whom "he" means after someone else's quotation ('"…," Stam said. Ferguson
            # insisted he … "…," he said' stays unknown)
            last = self._last_speaker(quoted, pos)
            if last is None:
                last = self._last_speaker(reported, pos)
            if is_report:
                verb, subject = reports[index]
                reported = self._report(verb, subject, last) or reported
                continue
            quotation, cue = quotations[index]
            if cue is not None:
                pos = min(quotation.open_mark, doc.starts[cue.first])
                speaker = self._speaker(cue.subject, pos, last, strict=False)
                until = max(quotation.close_end, quotation.end, doc.ends[cue.last])
            else:
                speaker = self._inherit(quotation, quoted)
                until = max(quotation.close_end, quotation.end)
            quoted = _Said(quotation, speaker, cue, until)
            self.said.append(quoted)

    def _names_subject(self, quotation: RawQuotation, cue: Cue) -> bool:
        """A short Russian quotation right before its verb is the verb's subject, a name in
        quote marks («„Эхо Москвы“ говорит», «„Коммерсантъ“ пишет»)."""
        doc = self.doc
        if not (
            is_cyrillic(doc.folded[cue.verb])
            and doc.text[quotation.start : quotation.start + 1].isupper()
        ):
            return False
        before = quotation.close_end >= 0 and cue.verb == doc.token_at(quotation.close_end)
        verb = doc.token_at(quotation.open_mark) - 1  # «Как пишет „Коммерсантъ“»
        after = verb >= 0 and doc.is_verb[verb] and is_cyrillic(doc.folded[verb])
        return before or after

    def _someone(self, subject: Subject, verb: int) -> bool:
        """The cue names someone a later "he" may mean but nobody we can name: "a spokesman
        said", "a Marsh spokeswoman said"; not a body itself ("the company said")."""
        if subject.kind == "unnamed":
            return True
        if subject.kind not in ("org", "org_ref"):
            return False
        doc = self.doc
        return any(doc.folded[token] in SPOKES for token in range(subject.first, verb))

    def _report(self, verb: int, subject: Subject, last: str | None) -> _Said | None:
        """Resolve a report's subject; "…, he said" at a sentence's end means someone named
        before the sentence, not in the clause it reports ("Tony Blair would lead, he said")."""
        doc = self.doc
        first, final = min(subject.first, verb), max(subject.last, verb)
        pos = doc.starts[first]
        where = pos
        ends = doc.words[verb + 1 : verb + 2] in ([], ["."], ["!"], ["?"], [";"])
        trailing = (
            (  # "…, he said." / "…, said Mr Smith."
                subject.first < verb and subject.first > 0 and doc.words[subject.first - 1] == ","
            )
            and ends
        ) or (subject.first > verb and doc.words[verb - 1] == ",")
        if trailing:
            self.reported_sentences.add(doc.sentence_start(pos))  # names in it are his words
            if subject.kind == "pronoun":
                where = doc.sentence_start(pos)
        speaker = self._speaker(subject, where, last, strict=True)
        if not speaker:
            self.unattributed.append(pos)
            return None
        self.reports.append(ReportedSpeech(pos, doc.ends[final], speaker))
        cue = Cue(subject, first, final, verb, False)
        return _Said(None, speaker, cue, doc.ends[final])

    def _last_speaker(self, previous: _Said | None, pos: int) -> str | None:
        """The previous quotation's speaker if it is near: same or previous paragraph. An
        unnamed one ("" for "said a spokesman") only counts if nobody was named since."""
        doc = self.doc
        if previous is None or doc.paragraph_of(previous.until) < doc.paragraph_of(pos) - 1:
            return None
        if previous.speaker is not None:
            return previous.speaker
        unnamed = previous.cue is not None and previous.cue.subject.kind in UNNAMED_KINDS
        starts = self.unquoted_mention_starts
        named_since = bisect_left(starts, previous.until) < bisect_left(starts, pos)
        return "" if unnamed and not named_since else None

    def _inherit(self, quotation: RawQuotation, previous: _Said | None) -> str | None:
        """An unattributed quotation right after someone's quotation is theirs, as news style
        has it, when nothing but that quotation's cue sentence stands between them."""
        if previous is None or previous.speaker is None:
            return None
        doc, open_mark = self.doc, quotation.open_mark
        here, there = doc.paragraph_of(open_mark), doc.paragraph_of(previous.until)
        opens_next = here == there + 1 and doc.paragraph_starts[here] == open_mark
        if not (here == there or opens_next):
            return None
        if self._sentences_between(previous.until, open_mark) > 1:
            return None
        first = bisect_left(self.unquoted_mention_starts, previous.until)
        end = bisect_left(self.unquoted_mention_starts, open_mark)
        others = [
            mention
            for mention in self.unquoted_mentions[first:end]
            if mention.is_subject and mention.name != previous.speaker
        ]
        if end - first > 5 or others:  # "said McIlroy, who … under Lester's guidance" is still his
            return None
        return previous.speaker

    def result(self, offset: int, length: int) -> Speech:
        """What was found after `offset`, in offsets into the `length` characters from there."""

        def clip(pos: int) -> int:
            return min(max(pos - offset, 0), length)

        doc = self.doc
        quotations = []
        for said in self.said:
            if said.quotation is None or said.quotation.start < offset:
                continue
            cue = (
                (clip(doc.starts[said.cue.first]), clip(doc.ends[said.cue.last]))
                if said.cue
                else (-1, -1)
            )
            start, end = clip(said.quotation.start), clip(said.quotation.end)
            quotations.append(Quotation(start, end, said.speaker, *cue))
        reports = [
            ReportedSpeech(clip(report.start), clip(report.end), report.speaker)
            for report in self.reports
            if report.start >= offset
        ]
        named = [(mention.start, mention.name) for mention in self.mentions]
        extra = [(pos, name) for name, pos in self.extra_speakers.items()]
        mentions = sorted(named + extra)
        bodies = sorted((pos, name) for name, pos in self.org_speakers.items())
        people = tuple(dict.fromkeys(name for _, name in mentions + bodies))
        unattributed = tuple(clip(pos) for pos in self.unattributed if pos >= offset)
        return Speech(
            tuple(quotations),
            people,
            most_mentioned(mentions),
            tuple(reports),
            unattributed,
            tuple(self.descriptions),
        )


def analyse_speech(text: str, title: str = "") -> Speech:
    """Quotations, their speakers, and the people of an article.

    The title is read as a paragraph before the text, because headlines often name the person the
    first "he said" refers to; offsets in the result are into `text` alone.
    """
    head = f"{title.strip()}\n\n" if title.strip() else ""
    return Analysis(head + text, len(head)).result(len(head), len(text))


def resolve_description(speech_or_text: Speech | str, description: str) -> str | None:
    """The person an article names with `description`: "the Scotsman journalist" is "Mr
    MacDonell, political editor of The Scotsman", «министр» the minister it names; None when
    nobody, or more than one person, fits. For "what did <description> say" questions."""
    speech = analyse_speech(speech_or_text) if isinstance(speech_or_text, str) else speech_or_text
    return speech.describe(description)
