"""Direct quotations in news text and who said them, in English and Russian.

Answers quote articles verbatim; knowing who speaks lets them sign a quote ("— Speaker") and
prefer passages where the person asked about is the one talking. News prose attributes speech in a
handful of set patterns ("…," X said / X said: "…" / «…», — сказал X), so a small heuristic
parser recovers most attributions. Where it is unsure it leaves the speaker unknown: a wrong name
under a quote misinforms, a missing one only costs a byline. Every step is a single pass over
tokens or a bounded look-around, so hostile or huge input stays linear.

The stages: tokens, paragraphs, sentences and runs of capitalised words (`_Doc`); quote marks
paired by shape (`_find_quotes`); people, from those runs (`_Analysis._find_people`); for each
quotation, a cue after it, before it or elsewhere in its sentence (`_Analysis._cue`) whose subject
is a name, a pronoun or a role, resolved against the people named before it (`_Analysis._speaker`);
and last, attributions without quote marks (`_Analysis._find_reports`).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

__all__ = [
    "Quotation",
    "ReportedSpeech",
    "Speech",
    "analyse_speech",
    "may_hold_speech",
    "may_overlap_quotation",
    "same_person",
]


@dataclass(frozen=True, slots=True)
class Quotation:
    """Quoted words (offsets exclude the quote marks) and the cue that attributes them."""

    start: int
    end: int
    speaker: str | None
    cue_start: int = -1
    cue_end: int = -1


@dataclass(frozen=True, slots=True)
class ReportedSpeech:
    """An attribution without quote marks ("X said that …"); offsets are those of the cue."""

    start: int
    end: int
    speaker: str


@dataclass(frozen=True, slots=True)
class Speech:
    """Who speaks where in one article; offsets refer to the article text, not the title."""

    quotations: tuple[Quotation, ...] = ()
    people: tuple[str, ...] = ()
    main_person: str | None = None
    reports: tuple[ReportedSpeech, ...] = ()

    def speaker_at(self, start: int, end: int) -> str | None:
        """The speaker of the first attributed quotation overlapping the span."""
        return next(iter(self.speakers_in(start, end)), None)

    def speakers_in(self, start: int, end: int) -> tuple[str, ...]:
        """Distinct speakers of quotations overlapping the span, in text order."""
        return _distinct(
            q.speaker for q in self.quotations if _overlaps(q.start, q.end, start, end)
        )

    def reported_speech_in(self, start: int, end: int) -> tuple[str, ...]:
        """Distinct people whose words the span reports without quote marks, in text order."""
        return _distinct(r.speaker for r in self.reports if _overlaps(r.start, r.end, start, end))


def _overlaps(a_start: int, a_end: int, start: int, end: int) -> bool:
    return a_start < max(end, start + 1) and start < a_end


def _distinct(names: Iterable[str | None]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(name for name in names if name))


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_VERBS = _words(
    """said says say told tells added adds noted notes stressed stresses explained explains warned
    warns insisted insists argued argues claimed claims concluded concludes urged urges continued
    continues admitted admits asked asks replied replies wrote writes declared declares announced
    announces commented comments suggested suggests recalled recalls observed remarked confirmed
    confirms acknowledged conceded concedes maintained maintains revealed predicted predicts joked
    cautioned complained complains agreed agrees responded responds emphasised emphasized
    emphasises emphasizes stated states vowed promised pledged answered countered quipped boasted
    считает говорит заявляет отмечает сообщает подчеркивает подчёркивает поясняет добавляет пишет
    утверждает признаёт признает рассказывает указывает полагает уверяет"""
) | frozenset(
    stem + ending
    for stem in """сказал заявил отметил сообщил подчеркнул добавил пояснил написал рассказал
    уточнил признал заметил констатировал указал объяснил ответил заключил напомнил предупредил
    призвал заверил пообещал говорил резюмировал""".split()
    for ending in ("", "а", "и")
)
_PARTICIPLES = _words(
    """saying adding telling noting stressing explaining warning insisting arguing claiming
    declaring writing suggesting asking replying сказав заявив отметив добавив подчеркнув пояснив"""
)
_PARTICIPLE_LEADS = (",", "—", "–", "-", "and", "и")
_CLAUSE_LEADS = frozenset(',;:—–-("“”„‟«»‘’') | _words(
    "but however meanwhile yet so then но однако а"
)
# the words a report without quote marks turns on (see `_Analysis._find_reports`)
_REPORT_WORDS = _VERBS | _PARTICIPLES | {"according", "по"}
# after these a name is the listener, not the speaker: "one dealer, who …, told Reuters"
_TAKES_OBJECT = _words("told tells urged urges promised pledged vowed warned warns")
_UNNAMED = _words("the a an it its this that one another their his her our")
_PRONOUNS = _words("he she they он она они")
_GENDERS = {"he": "m", "он": "m", "she": "f", "она": "f"}
_OBJECTS = _words("him her them me us him")
_OPENERS = _words(", but and however so yet then also meanwhile но и однако а")
_ADVERBS = _words(
    """also has had have later then previously recently once again further repeatedly reportedly
    simply subsequently earlier также тоже ранее уже вновь затем тогда позже потом"""
)
_HONORIFICS = _words("mr mrs ms miss mx dr sir lord lady dame prof rev reverend господин госпожа")
_ROLES = _words(
    """president minister secretary chancellor premier chairman chairwoman chair spokesman
    spokeswoman spokesperson boss coach manager leader head chief director executive governor
    mayor senator economist analyst official commissioner ambassador envoy judge prosecutor lawyer
    captain striker defender midfielder goalkeeper player singer actor actress star guitarist
    musician producer writer author editor officer co-ordinator coordinator founder owner
    professor scientist researcher doctor agent man woman dutchman frenchman englishman scotsman
    irishman welshman
    expert campaigner activist king queen prince princess general commander inspector detective
    bishop archbishop cardinal pope superintendent chairperson teenager youngster veteran rookie
    президент премьер премьер-министр министр глава председатель представитель пресс-секретарь
    спикер губернатор мэр директор руководитель лидер депутат посол тренер генсек секретарь
    канцлер король королева принц судья адвокат прокурор эксперт аналитик экономист начальник
    командующий генерал сенатор советник основатель врач собеседник источник звезда
    певица певец актёр актер актриса режиссёр режиссер кандидат"""
)
# Roles that, with no name attached, can still be taken to mean the person last named.
_HIGH_ROLES = _words(
    """president minister chancellor premier chairman chairwoman boss coach manager leader
    governor mayor king queen президент премьер премьер-министр министр глава председатель
    губернатор мэр тренер лидер канцлер"""
)
# roles that usually stand for someone the article never names
_ANONYMOUS = _words(
    "spokesman spokeswoman spokesperson official source representative представитель источник"
)
_ROLE_MODIFIERS = _words(
    "first former deputy vice acting new outgoing foreign prime home chief interim senior general"
    " most right"
)
_STOP = _words(
    """the a an and but or nor so yet for of in on at to by with from as if when while after
    before since until although though because despite during under over into about against
    among between through without within this that these those there here then now also still
    even just only it its he she they we i you his her their our my your me him them us who
    what which where why how whose is are was were be been has have had do does did will would
    can could should might must shall not no yes all some any many much most more each every both
    few several such other another one two three four five six seven eight nine ten first second
    third last next monday tuesday wednesday thursday friday saturday sunday january february
    march april july september october november december today tomorrow yesterday tonight however
    meanwhile instead finally furthermore moreover indeed perhaps according asked like let please
    dear oh well very
    в во на по как это этот эта эти он она оно они мы я вы ты но и а или так также однако при для
    за из от до после между когда если что чтобы кроме об о с со у к ко его ее её их там тут
    здесь сегодня вчера завтра ранее позже затем теперь уже еще ещё все всё весь вся где кто
    почему сейчас впрочем тогда лишь только даже именно среди около через против без над под
    перед помимо согласно напомним кстати всего более менее"""
)
_ORG_WORDS = _words(
    """party ministry department office bank council university college school institute academy
    association society club team company corporation corp group holdings inc ltd plc fund
    trust foundation agency authority service services commission committee board court
    parliament assembly congress senate government administration police army navy force forces
    guard news times post journal herald gazette telegraph tribune mail express radio television
    tv network channel records studios pictures entertainment airlines airways motors systems
    technologies software energy oil telecom media communications partners brothers bros league
    cup championship championships olympics games awards award prize festival museum gallery
    theatre theater utd hospital
    cathedral prison hotel market exchange index treasury reserve
    act  law treaty programme program report day week premiership premier champions olympic
    international national royal federal european united labour conservative conservatives tory
    tories democrat democrats democratic republican republicans liberal lib dem dems nations
    headquarters fame  street road avenue  square   palace   airport
    station stadium arena centre center city island islands river valley  county province
    region district state states kingdom republic federation union emirates gardens beach coast
    trustees investments securities associates advisers advisors consultants ventures capital
    equity management research solutions industries enterprises laboratories pharmaceuticals
    resources logistics insurance finance financial stade estadio films staff public
    forum summit conference kremlin organisation organization america
    africa asia europe american african asian british french german russian chinese japanese"""
)
_PLACE_PREFIXES = _words(
    """new old north south east west northern southern eastern western upper lower great greater
    los las san santa sao st saint fort port mount lake cape sri hong abu tel kuala costa puerto
    buenos saudi wall downing grand capitol silicon middle gulf новая новой новый нового санкт"""
)
_RU_ORG_STEMS = tuple(
    """росси москв московск украин федерац республик министерств правительств парти банк
    университет академи совет комитет агентств служб госдум кремл союз организац объединен
    государств област компани корпорац фонд ассоциац институт центр управлени департамент
    комисси газет новост интерфакс северн южн западн восточн нижн казахстан кита япони
    германи франци итали испани британи беларус белорус""".split()
)
_NOT_NAME_SUFFIXES = _words(
    "style based led born owned era backed run made like type sized inspired related wide"
)
_PREPS = _words("at of with for from in on by to в на из от для при")
_DEPUTIES = _words("deputy vice shadow former ex assistant acting junior under заместитель экс")
_INDEFINITE = _words("a an one another")
_PATRONYMIC = ("вич", "вна", "ична", "ич")
_OBLIQUE = ("ой", "ого", "ому", "ему", "ых", "ей", "у", "ю")
_RU_PREPS = _words("в во на с со о об по к ко от для у из за при перед против после без до над под")
_MAX_NAMESAKES = 64  # people sharing a surname worth telling apart; bounds adversarial input
_PARTICLES = _words("van von de der den da di del la le du bin ibn al ter dos das")
_QUOTE_CHARS = '"“”„‟«»‘’'
_DOUBLE_OPENERS = '"“”„‟«'
_TERMINAL = ".!?…:\"“”»'’"
_TOKEN = re.compile(r"\w+(?:['’\-]\w+)*|[^\w\s]")
_TOKEN_SPLIT = re.compile(f"({_TOKEN.pattern})")
_NEWLINES = re.compile(r"\n\s*")
_SENT_END = re.compile(r"[.!?…]+[\"'”’»“)\]]*\s+")
_ABBREVIATION = re.compile(
    r"(?:^|\W)(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Prof|Gen|Col|Lt|Sgt|Rev|Gov|Sen|[A-ZА-ЯЁ])$"
)
_MARK = re.compile(r"\n\s*|[\"“”„‟«»]")
_SINGLE_MARK = re.compile(r"[‘’\n]")
_WORD_RE = re.compile(r"\w+(?:['’\-]\w+)*")


def same_person(name: str, mention: str) -> bool:
    """True when `mention` can refer to `name`: same surname, other words (or initials) agree.

    Case, accents, honorifics and titles are ignored, and Russian case endings are tolerated
    ("Путина" is Путин), because articles shorten and inflect the names they repeat.
    """
    a, b = _name_words(name), _name_words(mention)
    if not a or not b:
        return False
    short, long_ = sorted((a, b), key=len)
    if not _word_match(short[-1], long_[-1]):
        return False
    rest = long_[:-1]
    return all(any(_word_match(w, x) or _initial(w, x) for x in rest) for w in short[:-1])


def _initial(a: str, b: str) -> bool:
    return (len(a) == 1 and b.startswith(a)) or (len(b) == 1 and a.startswith(b))


def _fold(word: str) -> str:
    if word.isascii():  # most words: nothing to decompose
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=4096)
def _name_words(text: str) -> tuple[str, ...]:
    words = [_fold(re.sub(r"['’]s$", "", w)) for w in _WORD_RE.findall(text)]
    return tuple(w for w in words if w not in _HONORIFICS and w not in _ROLES)


def _is_cyrillic(word: str) -> bool:
    return not word.isascii() and any("\u0400" <= c <= "\u04ff" for c in word)


def _word_match(a: str, b: str) -> bool:
    if a == b:
        return True
    if not (_is_cyrillic(a) and _is_cyrillic(b)):
        return False
    if min(len(a), len(b)) < 4:  # short Asian names inflect too: "Ким Чен Ына"
        return (a.startswith(b) or b.startswith(a)) and abs(len(a) - len(b)) <= 1
    common = next(
        (k for k, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    return common >= 4 and common >= max(len(a), len(b)) - 2


def _role(low: str) -> str | None:
    """The role a lower-cased token names, "co-chairman" included, or None."""
    if low in _ROLES:
        return low
    return low if "-" in low and low.rsplit("-", 1)[-1] in _ROLES else None


def _role_at(doc: _Doc, k: int) -> str | None:
    """The role token k names, told apart from its deputies and predecessors: the Deputy Prime
    Minister is not who "the prime minister said" means."""
    key = _role(doc.low[k])
    if key is None:
        return None
    for t in range(k - 1, max(-1, k - 4), -1):
        if not doc.words[t][0].isalnum():
            break
        if doc.low[t] in _DEPUTIES:
            return f"deputy {key}"
    return key


def _key(word: str) -> str:
    folded = _fold(word)
    return folded[:2] if _is_cyrillic(folded) else folded  # Russian endings vary: Ын, Ына


# --- text layout: tokens, paragraphs, sentences, name runs ---------------------------------------


class _Doc:
    """Tokens, paragraph and sentence starts, and capitalised-word runs of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        # Split on the tokens, keeping them: gap, token, gap … token, gap. Their running
        # lengths are the tokens' offsets, with no match object per token (twice as fast).
        parts = _TOKEN_SPLIT.split(text)
        self.words = words = parts[1::2]
        bounds = list(accumulate(map(len, parts)))
        self.starts, self.ends = bounds[0:-1:2], bounds[1::2]
        n = len(words)
        self.low = [w.casefold() for w in words]
        self.paras = _paragraph_starts(text)
        self.sents = _sentence_starts(text, self.paras)
        self.in_quote = [False] * n
        self.sent_toks = {k for k in map(self.tok_at, self.sents) if k < n}
        self.run_first = [-1] * n
        self.run_end = [-1] * n
        self.run_starts: list[int] = []
        # Whether each token may be part of a name, worked out once: the run finder asks up to
        # three times a token. Most tokens fail the first test, capitalisation.
        self.name_word = [False] * n
        for k, word in enumerate(words):
            if word[:1].isupper():
                self.name_word[k] = self._name_word(k)
        self._find_runs()

    def para_of(self, pos: int) -> int:
        return bisect_right(self.paras, pos) - 1

    def sent_start(self, pos: int) -> int:
        return self.sents[max(0, bisect_right(self.sents, pos) - 1)]

    def next_sent(self, pos: int) -> int:
        k = bisect_right(self.sents, pos)
        return self.sents[k] if k < len(self.sents) else len(self.text)

    def tok_at(self, pos: int) -> int:
        """Index of the first token starting at or after `pos`."""
        return bisect_left(self.starts, pos)

    def joined(self, i: int, j: int) -> bool:
        """Tokens i and j are on the same line."""
        return "\n" not in self.text[self.ends[i] : self.starts[j]]

    def _name_word(self, k: int) -> bool:
        w = self.words[k]
        if not w[:1].isupper() or self.low[k] in _STOP:  # most words fail the first test
            return False
        if len(w) == 1:  # an initial, as in "George W. Bush"
            return w.isupper() and k + 2 < len(self.words) and self.words[k + 1] == "."
        if not (w[1].islower() or w[1] in "'’"):  # "REUTERS": the cheap test first
            return False
        core = w.replace("'", "").replace("’", "").replace("-", "")
        return core.isalpha() and self.low[k].rsplit("-", 1)[-1] not in _NOT_NAME_SUFFIXES

    def _find_runs(self) -> None:
        n, name_word, after = len(self.words), self.name_word, 0
        for i in [k for k, flag in enumerate(name_word) if flag]:
            if i < after:
                continue  # inside the run before
            j = i + 1
            while j < n and self._continues(i, j):
                j += 1
            while j - 1 > i and not name_word[j - 1]:
                j -= 1
            for k in range(i, j):
                self.run_first[k], self.run_end[k] = i, j
            self.run_starts.append(i)
            after = j

    def _continues(self, i: int, j: int) -> bool:
        prev, w = self.words[j - 1], self.words[j]
        if not self.joined(j - 1, j) or prev.endswith(("'s", "’s")):
            return False
        then = j + 1 < len(self.words) and self.name_word[j + 1]
        if w == "." and (len(prev) == 1 or self.low[j - 1] in _HONORIFICS):
            return then
        if self.low[j] in _PARTICLES or (len(w) == 1 and w.isupper() and w.isalpha()):
            return then  # "Ludwig van Beethoven", "Walter M Phillips"
        return self.name_word[j] and _is_cyrillic(w) == _is_cyrillic(self.words[i])

    def run_words(self, a: int, b: int) -> list[str]:
        out: list[str] = []
        for k in range(a, b):
            if self.words[k] == "." and out:
                out[-1] += "."
            else:
                word = self.words[k]
                out.append(word[:-2] if word.endswith(("'s", "’s")) else word)
        return out


def _paragraph_starts(text: str) -> list[int]:
    """Blank lines break paragraphs; so does a single newline after a finished sentence."""
    starts = [0]
    for m in _NEWLINES.finditer(text):
        k = m.start() - 1
        while k >= 0 and text[k] in " \t\r":
            k -= 1
        nxt = m.end()
        opener = nxt < len(text) and text[nxt] in _DOUBLE_OPENERS + "—–-"
        if m.group().count("\n") > 1 or k < 0 or text[k] in _TERMINAL or opener:
            starts.append(nxt)
    return starts


def _sentence_starts(text: str, paras: list[int]) -> list[int]:
    starts = set(paras)
    for m in _SENT_END.finditer(text):
        nxt = m.end()
        if nxt >= len(text):
            continue
        c = text[nxt]
        if not (c.isupper() or c.isdigit() or c in _DOUBLE_OPENERS + "‘("):
            continue
        if text[m.start()] == "." and _ABBREVIATION.search(text[max(0, m.start() - 5) : m.start()]):
            continue
        starts.add(nxt)
    return sorted(starts)


# --- quote marks -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Raw:
    """A quotation before attribution; `close_end` is -1 when it ran to its paragraph's end."""

    open_mark: int
    close_end: int
    start: int
    end: int


@dataclass(slots=True)
class _Open:
    kind: str
    mark: int
    depth: int = 1
    awaiting: bool = False


def _shape(text: str, i: int) -> str:
    """Whether a quote mark sits like an opener ("x "Word") or a closer ("word" x)."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    left = before.isspace() or before in "([{—–-/" + _QUOTE_CHARS
    right = after.isspace() or after in ",.;:!?)]}…—–" + _QUOTE_CHARS
    if left and not right:
        return "open"
    if right and not left:
        return "close"
    return "?"


def _raw(text: str, mark: int, end: int, close_end: int) -> _Raw | None:
    start = mark + 1
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return _Raw(mark, close_end, start, end) if start < end else None


def _find_quotes(doc: _Doc) -> list[_Raw]:
    """Pair quote marks by their shape, tolerating the mess scrapers and newswires leave.

    A quote left open at a paragraph's end continues if the next paragraph opens with a quote
    mark (newswire style); an "opening" mark inside an open quote closes it when an attribution
    follows ('…young people, “Nursultan Nazarbayev said'), and continues it after a full stop
    (the same newswire convention, with the paragraph break lost).
    """
    text, paras = doc.text, set(doc.paras)
    found: list[_Raw | None] = []
    cur: _Open | None = None
    for m in _MARK.finditer(text):
        i, ch = m.start(), text[m.start()]
        if ch == "\n":
            if cur is None or m.end() not in paras:
                continue
            nxt = m.end()
            if nxt < len(text) and text[nxt] in (_DOUBLE_OPENERS if cur.kind == '"' else "«"):
                cur.awaiting, cur.depth = True, 1
            else:
                found.append(_raw(text, cur.mark, i, -1))
                cur = None
            continue
        if cur is not None and cur.awaiting:
            cur.awaiting = False
            continue
        if ch in "«»":
            if ch == "«" and cur is None:
                cur = _Open("«", i)
            elif cur is not None and cur.kind == "«":
                cur.depth += 1 if ch == "«" else -1
                if cur.depth == 0:
                    found.append(_raw(text, cur.mark, i, i + 1))
                    cur = None
            continue
        if cur is not None and cur.kind == "«":
            continue
        shape = _shape(text, i)
        if cur is None:
            if shape == "open" or (shape == "?" and ch in "“„"):
                cur = _Open('"', i)
            continue
        if shape == "open" and not _attribution_follows(doc, i):
            k = i - 1
            while k > cur.mark and text[k].isspace():
                k -= 1
            if text[k] in ".!?…":
                continue
        found.append(_raw(text, cur.mark, i, i + 1))
        cur = None
    if cur is not None:
        found.append(_raw(text, cur.mark, len(text), -1))
    quotes = [q for q in found if q is not None] + _single_quotes(text)
    quotes.sort(key=lambda q: (q.open_mark, -q.end))
    kept: list[_Raw] = []
    for q in quotes:
        if not kept or q.open_mark >= max(kept[-1].end, kept[-1].close_end):
            kept.append(q)
    return kept


def _attribution_follows(doc: _Doc, i: int) -> bool:
    k = i - 1
    while k >= 0 and doc.text[k].isspace():
        k -= 1
    return k >= 0 and doc.text[k] in ",.!?…—-" and _cue_after(doc, i + 1) is not None


def _single_quotes(text: str) -> list[_Raw]:
    """‘…’ only around several words: the same mark is an apostrophe everywhere else."""
    out: list[_Raw] = []
    pending = -1
    for m in _SINGLE_MARK.finditer(text):
        i, ch = m.start(), m.group()
        if ch == "\n":
            pending = -1
        elif ch == "‘" and _shape(text, i) == "open":
            pending = i
        elif ch == "’" and pending >= 0 and _shape(text, i) == "close":
            if i - pending <= 600 and len(text[pending + 1 : i].split()) >= 3:
                raw = _raw(text, pending, i, i + 1)
                if raw is not None:
                    out.append(raw)
            pending = -1
    return out


# --- attribution cues ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Subj:
    """Who a cue names, kept apart by how it must be resolved: a "name" as written, a "pron"oun,
    a "role" noun, the "clause" subject ("… and added"), or "none" ("a spokesman said": said by
    someone, but nobody we can name). Tokens first..last."""

    kind: str
    value: str
    first: int
    last: int
    # a name: a lone sentence-initial word, trusted only if it is known; a role: one with a
    # complement ("the president of Fifa"), never taken to mean whoever was named last
    weak: bool = False


@dataclass(frozen=True, slots=True)
class _Cue:
    subj: _Subj
    first: int
    last: int
    verb: int
    immediate: bool


def _split_run(words: list[str]) -> tuple[list[str], str | None]:
    """The name after the last title in a run ("Home Secretary Charles Clarke"), and the title."""
    titles = [
        k
        for k, w in enumerate(words)
        if w.casefold().rstrip(".") in _HONORIFICS or _role(w.casefold())
    ]
    if not titles:
        return words, None
    k = titles[-1]
    return words[k + 1 :], words[k]


def _org_word(low: str) -> bool:
    if not _is_cyrillic(low):
        return low in _ORG_WORDS
    return any(low.startswith(s) and len(low) - len(s) <= 3 for s in _RU_ORG_STEMS)


def _run_name(doc: _Doc, a: int, b: int) -> tuple[list[str], str | None]:
    """`_split_run` for the run in tokens a..b, minus a Russian sentence-opening or genitive
    word glued to a name ("Скончался Аркадий Арканов", "адвокат Алёхиной Оксана Дарова")."""
    name, title = _split_run(doc.run_words(a, b))
    orgish = [k for k, w in enumerate(name) if _org_word(w.casefold())]
    if orgish and orgish[-1] < len(name) - 2:  # "Treasury Paul Boateng", "Lib Dem Vince Cable"
        name, title = name[orgish[-1] + 1 :], title or name[orgish[-1]]
    glued = a in doc.sent_toks or name[0].casefold().endswith(_OBLIQUE) if name else False
    if len(name) >= 3 and _is_cyrillic(name[0]) and not name[1].endswith(_PATRONYMIC) and glued:
        name = name[1:]
    return name, title


def _bad_name(doc: _Doc, name: list[str], a: int, b: int, titled: bool) -> bool:
    """Organisations and places look like names; their words and context give them away."""
    if not 1 <= len(name) <= 4 or name[0].casefold() in _PLACE_PREFIXES:
        return True
    if any(_org_word(word.casefold()) for word in name):
        return True
    after = doc.low[b] if b < len(doc.words) else ""
    before = doc.low[a - 1] if a else ""
    acronym = (after == "(" and b + 1 < len(doc.words) and doc.words[b + 1].isupper()) or (
        before == "(" and a > 1 and doc.words[a - 2].isupper()
    )
    owner = doc.words[b - 1].endswith(("'s", "’s"))  # "John Prescott's department" is his
    org_next = after in _ORG_WORDS and not owner
    return org_next or acronym or (len(name) > 1 and before == "the" and not titled)


def _name_or_title(doc: _Doc, a: int, b: int) -> _Subj | None:
    name, title = _run_name(doc, a, b)
    if name:
        if _bad_name(doc, name, a, b, title is not None):
            return None
        honorific = title is not None and title.casefold().rstrip(".") in _HONORIFICS
        prefix = [title] if honorific and title and len(name) == 1 else []
        return _Subj("name", " ".join(prefix + name), a, b - 1)
    if title is None or (a and doc.low[a - 1] in _INDEFINITE):
        return None
    first = a
    while first > max(0, a - 3) and doc.low[first - 1] in _ROLE_MODIFIERS:
        first -= 1
    first = first - 1 if first and doc.low[first - 1] == "the" else first
    t = max(k for k in range(a, b) if doc.low[k] in _HONORIFICS or _role(doc.low[k]))
    return _Subj("role", _role_at(doc, t) or doc.low[t], first, b - 1)


def _subject_before(doc: _Doc, v: int) -> _Subj | None:
    """The subject ending just before verb token v: "X said", "he said", "X, the minister, said"."""
    i = v - 1
    for _ in range(2):
        if i >= 0 and doc.low[i] in _ADVERBS:
            i -= 1
    if i < 0:
        return None
    if doc.low[i] in _PRONOUNS:
        return _Subj("pron", doc.low[i], i, i)
    if doc.low[i] in ("and", "и"):
        return _Subj("clause", "", i, i)  # "Coria conceded … and added": the sentence's subject
    if doc.words[i] == ",":
        return _appositive_subject(doc, i)
    i = _skip_postnominals(doc, i)
    if doc.run_first[i] >= 0 and doc.run_end[i] == i + 1:
        a = doc.run_first[i]
        titled = _split_run(doc.run_words(a, i + 1))[1] is not None
        if a and doc.low[a - 1] in _PREPS and not _is_cyrillic(doc.low[a - 1]) and not titled:
            # "Peter Misselbrook, executive partner of Tods Murray said": not the firm
            return _appositive_subject(doc, i + 1)
        subj = _name_or_title(doc, a, i + 1)
        if subj is None and a and doc.low[a - 1] in _INDEFINITE:
            return _Subj("none", "", a - 1, i)
        if subj and subj.kind == "name" and " " not in subj.value and subj.first in doc.sent_toks:
            return _Subj("name", subj.value, subj.first, subj.last, weak=True)
        return subj
    role = _role_at(doc, i)
    if role is None:
        return None
    if _is_cyrillic(role):
        return _Subj("role", role, i, i)
    for k in range(i - 1, max(-1, i - 5), -1):
        if doc.low[k] == "the":
            return _Subj("role", role, k, i)
        if doc.low[k] in _INDEFINITE:
            return _Subj("none", "", k, i)  # "A Home Office spokesman said": someone unnamed
        if not doc.words[k][0].isalnum():
            return None
    return None


def _skip_postnominals(doc: _Doc, i: int) -> int:
    """Step back over "MP", "QC", "MEP" after a name."""
    while i > 0 and len(doc.words[i]) > 1 and doc.words[i].isupper() and doc.words[i].isalpha():
        i -= 1
    return i


def _appositive_subject(doc: _Doc, i: int) -> _Subj | None:
    """ "Ken Kutaragi, chief operating officer of Sony, said"; a full name inside the commas wins
    ("the Archbishop of Cardiff, the Most Reverend Peter Smith, told")."""
    k = next((k for k in range(i - 1, max(-1, i - 12), -1) if not doc.words[k][0].isalnum()), -1)
    if k < 1 or doc.words[k] != ",":
        return None
    e = _skip_postnominals(doc, k - 1)
    before = _name_or_title(doc, doc.run_first[e], e + 1) if doc.run_end[e] == e + 1 else None
    first = before.first if before else k + 1
    r = k + 1  # the appositive's head, after "the" and titles: not "vice-president of RJ …"
    while r < i and doc.run_first[r] != r and (doc.low[r] == "the" or _describes(doc, r)):
        r += 1
    inner = _name_or_title(doc, r, doc.run_end[r]) if r < i and doc.run_first[r] == r else None
    owner = inner is not None and doc.words[inner.last].endswith(("'s", "’s"))  # "Christian Aid's"
    if inner and inner.kind == "name" and " " in inner.value and not owner:
        return _Subj("name", inner.value, first, i - 1)
    if before is None or before.kind != "name":
        return None
    return _Subj("name", before.value, first, i - 1, weak=" " not in before.value)


def _subject_after(doc: _Doc, j: int) -> _Subj | None:
    """The subject right after a verb: "said Robson", "said Nationwide economist Alex Bannister",
    "concluded the First President", "— сказал в эфире главный редактор Ричард Стенгел"."""
    n = len(doc.words)
    if j >= n:
        return None
    if doc.low[j] in _PRONOUNS:
        return _Subj("pron", doc.low[j], j, j)
    if doc.low[j] in ("a", "an"):
        return None  # "said a Vodafone spokesman": someone unnamed
    best: _Subj | None = None
    role: _Subj | None = None
    k = j + 1 if doc.low[j] == "the" else j
    while k < min(n, j + 12) and (k == j or doc.joined(k - 1, k)):
        w, low = doc.words[k], doc.low[k]
        if doc.run_first[k] == k:
            subj = _name_or_title(doc, k, doc.run_end[k])
            owner = doc.words[doc.run_end[k] - 1].endswith(("'s", "’s"))
            if owner:  # "said Aguilera's agent Meghan Prophet": the agent speaks
                k = doc.run_end[k] + (doc.run_end[k] < n and doc.words[doc.run_end[k]].islower())
                continue
            if subj and subj.kind == "name":
                best = _after_role(doc, subj, j)
            elif subj and role is None:
                role = subj
            k = doc.run_end[k]
        elif _role(low) or low in _ROLE_MODIFIERS:
            if role is None and (key := _role_at(doc, k)):
                role = _Subj("role", key, j, k)
            k += 1
        elif (_is_cyrillic(w) and w.islower()) or (len(w) > 1 and w.isupper() and w.isalpha()):
            k += 1  # Russian puts adverbials and genitives between verb and name
        elif w[:1].isupper() and w.endswith(("'s", "’s")):
            k += 1  # "said MSN's Blake Irving"
        elif w.isalpha() and w.islower() and any(_role(x) for x in doc.low[k + 1 : k + 3]):
            k += 1  # "said union leader Vincenzo Lilliu"
        else:
            break
    if best is not None and (doc.low[j] != "the" or " " in best.value):
        return best
    if role is None:
        return None
    # "the president of Fifa", "президент Фонда прав человека": someone else's president
    complement = k > role.last + 1 or doc.low[k : k + 1] == ["of"]
    return _Subj("role", role.value, j, role.last, weak=complement)


def _after_role(doc: _Doc, subj: _Subj, j: int) -> _Subj | None:
    if subj.first == j or " " in subj.value:
        return subj
    before = doc.low[subj.first - 1]
    if _role(before) or before in _HONORIFICS:
        # "economist Bannister" names him; "представитель Обамы" is Obama's spokesman.
        return None if _is_cyrillic(before) else subj
    return None  # "сообщила об этом в своем Instagram": a lone word after others is no speaker


def _cue_after(doc: _Doc, pos: int) -> _Cue | None:
    """An attribution right after a closing quote mark at `pos`: "said X", "X said", "he said".

    After a quotation that ends its sentence, a capitalised "Mr Brown confirmed he …" starts new
    reported speech, likely someone else's; only "He asked …" or a bare "Smith said." count.
    """
    n, j = len(doc.words), doc.tok_at(pos)
    para = doc.para_of(max(0, pos - 1))
    k = pos - 2
    while k >= 0 and doc.text[k].isspace():
        k -= 1
    ended = k >= 0 and doc.text[k] in ".!?…"
    skipped = 0
    while j < n and doc.words[j] in ",—–-:―" and skipped < 3:
        j, skipped = j + 1, skipped + 1
    if j < n and doc.words[j] in ".!?…":
        ended, j = True, j + 1
    if j >= n or doc.para_of(doc.starts[j]) != para:
        return None
    if ended and doc.words[j][0].isupper():
        cue = _subject_verb_at(doc, j)
        if cue is None:
            return None
        terse = cue.verb + 1 >= n or doc.words[cue.verb + 1] in ".,!?;"
        if cue.subj.kind == "pron" or terse:
            return _Cue(cue.subj, cue.first, cue.last, cue.verb, False)
        return None
    if doc.low[j] in _VERBS or (doc.low[j] == "according" and doc.low[j + 1 : j + 2] == ["to"]):
        subj = _subject_after(doc, j + (1 if doc.low[j] in _VERBS else 2))
        return _Cue(subj or _Subj("none", "", j, j), j, subj.last if subj else j, j, True)
    cue = _subject_verb_at(doc, j)
    punctuated = skipped > 0 or (k >= 0 and doc.text[k] in ",.!?…—-'’")
    return cue if cue is None or punctuated or _loose_cue(doc, cue.subj, cue.verb) else None


def _loose_cue(doc: _Doc, subj: _Subj, verb: int) -> bool:
    """Without punctuation closing the quotation, "X said" attributes it only when X is a pronoun
    or the verb ends the clause: '"…" Serena continued.', not 'it was "plain" Iraq continued to'."""
    after = doc.words[verb + 1 : verb + 2]
    return subj.kind == "pron" or not after or after[0] in ".,;!?"


def _describes(doc: _Doc, t: int) -> bool:
    """Words that may stand before a name in a subject: "chairman", "chief executive", "LSE"."""
    w, low = doc.words[t], doc.low[t]
    return bool(_role(low)) or low in _ROLE_MODIFIERS or doc.run_first[t] >= 0 or w.isupper()


def _subject_verb_at(doc: _Doc, j: int) -> _Cue | None:
    """A cue "X said" / "X, the minister, said" beginning exactly at token j."""
    for v in range(j + 1, min(len(doc.words), j + 14)):
        w = doc.words[v]
        if w in ".!?…" or w in _QUOTE_CHARS or doc.in_quote[v]:
            return None
        if doc.low[v] in _VERBS:
            subj = _subject_before(doc, v)
            if subj and subj.first >= j and all(_describes(doc, t) for t in range(j, subj.first)):
                return _Cue(subj, j, v, v, True)
            # "the firm said", "it said", "a spokesman said": attributed, but to nobody we name
            unnamed = v <= j + 3 and doc.low[j] in _UNNAMED
            return _Cue(_Subj("none", "", j, j), j, v, v, True) if unnamed else None
    return None


# --- people and attribution ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Mention:
    start: int
    name: str
    subject: bool  # stands where a clause subject stands, so "he" may refer to it
    speaks: bool  # the subject of a speech verb: "Michael Howard has said"


class _Names:
    """Canonical person names, looked up by surname so "Robson" finds "Sir Bobby Robson"."""

    def __init__(self) -> None:
        self.by_key: dict[str, list[tuple[int, str]]] = {}
        self.by_first: dict[str, list[tuple[int, str]]] = {}
        self.matches: dict[str, list[tuple[int, str]]] = {}

    def find(self, name: str, pos: int) -> str | None:
        """The person `name` refers to: the one named most recently before `pos`, else first."""
        found = self.matches.get(name)
        if found is None:
            found = self.matches[name] = self._match(name)
        before = [c for c in found if c[0] <= pos]
        return max(before)[1] if before else min(found)[1] if found else None

    def _match(self, name: str) -> list[tuple[int, str]]:
        words = _WORD_RE.findall(name)
        if not words:
            return []
        namesakes = self.by_key.get(_key(words[-1]), [])[-_MAX_NAMESAKES:]
        found = [(p, n) for p, n in namesakes if same_person(n, name)]
        if not found and len(words) == 2 and words[0].casefold() in ("sir", "dame"):
            # British knights go by first name: "Sir John" is Sir John Bourn
            found = self.by_first.get(_fold(words[1]), [])[-_MAX_NAMESAKES:]
        return found

    def add(self, name: str, pos: int) -> None:
        if self.find(name, pos) is None:
            self.by_key.setdefault(_key(name.split()[-1]), []).append((pos, name))
            self.by_first.setdefault(_fold(name.split()[0]), []).append((pos, name))
            self.matches.clear()


@dataclass(frozen=True, slots=True)
class _Said:
    """A quotation with its attribution resolved; `until` is where its quote or cue ends."""

    raw: _Raw
    speaker: str | None
    cue: _Cue | None
    until: int


class _Analysis:
    """One pass of attribution over a text: people first, then quotations, then reports."""

    def __init__(self, text: str, body: int = 0) -> None:
        doc = self.doc = _Doc(text)
        self.body = body
        self.raws = _find_quotes(doc)
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
        self.names = _Names()
        self.mentions: list[_Mention] = []
        self.out: list[_Mention] = []  # mentions outside quotations: candidate antecedents
        self.bindings: dict[str, list[tuple[int, str]]] = {}
        self.extra: dict[str, int] = {}
        self.genders: dict[str, str] = {}
        self._find_people()
        self.out_starts = [m.start for m in self.out]
        self.main = _most_mentioned([(m.start, m.name) for m in self.mentions])
        self.unnamed = [  # "a spokesman said": the nearest speaker may be nobody we can name
            doc.starts[v]
            for v, low in enumerate(doc.low)
            if low in _VERBS
            and not doc.in_quote[v]
            and (subj := _subject_before(doc, v)) is not None
            and (subj.kind == "none" or self._unknown_role(subj, doc.starts[v]))
        ]
        self.said: list[_Said] = []
        self._attribute_quotes()
        self.reports = self._find_reports()

    # people

    def _find_people(self) -> None:
        """Runs of capitalised words that look like people become mentions; the ones outside
        quotations, and "the President" once a president has been named, are what a later
        "he said" may point back to."""
        doc = self.doc
        runs: list[tuple[int, int, list[str], str | None]] = []
        orgs: set[str] = set()
        for a in doc.run_starts:
            b = doc.run_end[a]
            name, title = _run_name(doc, a, b)
            if name and not _bad_name(doc, name, a, b, title is not None):
                runs.append((a, b, name, title))
            elif len(name) > 1:
                orgs.add(_fold(" ".join(name)))
        runs = [r for r in runs if _fold(" ".join(r[2])) not in orgs]
        self.orgs = orgs
        self._register(runs)
        self.singles = {
            _fold(r[2][0]) for r in runs if len(r[2]) == 1 and r[0] not in doc.sent_toks
        }
        for a, b, name, title in runs:
            canonical = self.names.find(" ".join(name), doc.starts[a])
            if canonical is not None:
                subject = self._is_subject(a, b)
                mention = _Mention(doc.starts[a], canonical, subject, self._speaks(b))
                self.mentions.append(mention)
                if not doc.in_quote[a]:
                    self.out.append(mention)
                    self._bind(a, b, title, canonical)
        for k in [k for k, low in enumerate(doc.low) if low in _ROLES or "-" in low]:
            low = doc.low[k]
            role = _role_at(doc, k)
            if role and not doc.in_quote[k] and not _is_cyrillic(low):
                subj = _subject_before(doc, k + 1)
                if subj and subj.kind == "role" and (bound := self._bound(role, doc.starts[k])):
                    subject = self._is_subject(subj.first, k + 1)
                    self.out.append(
                        _Mention(doc.starts[subj.first], bound, subject, self._speaks(k + 1))
                    )
        self.out.sort(key=lambda m: m.start)
        self.mention_at = {doc.tok_at(m.start): m for m in self.out}

    def _register(self, runs: list[tuple[int, int, list[str], str | None]]) -> None:
        """Keep full names unless they only ever open the headline ("Ailing EuroDisney vows …",
        "Budget Aston takes on …") with nothing else to show they are people: a title, a role,
        a repeat, or a speech verb. Each person is named by their commonest full form."""
        doc, draft, n = self.doc, _Names(), len(self.doc.words)
        for a, _, name, _ in runs:
            if len(name) > 1:
                draft.add(" ".join(name), doc.starts[a])
        variants: dict[str, dict[str, int]] = {}
        confirmed: set[str] = set()
        for a, b, name, title in runs:
            found = draft.find(" ".join(name), doc.starts[a])
            if found is None:
                continue
            if len(name) > 1:  # quoted speech may inflect or nickname; narration counts double
                forms = variants.setdefault(found, {})
                forms[" ".join(name)] = forms.get(" ".join(name), 0) + 2 - doc.in_quote[a]
                speaks = (b < n and doc.low[b] in _VERBS) or (a > 0 and doc.low[a - 1] in _VERBS)
                headline = doc.starts[a] < self.body and a in doc.sent_toks
                speaks = speaks or doc.words[b : b + 1] == [":"]  # "Blair: tax cuts are coming"
                if speaks or self._roles_of(a, b, title) or not headline:
                    confirmed.add(found)
            elif (
                (title and title.casefold() in _HONORIFICS)
                or (b < n and doc.low[b] in _VERBS)
                or (a > 0 and doc.low[a - 1] in _VERBS and not self._possessive(b))
            ):
                confirmed.add(found)
        confirmed |= {name for name, forms in variants.items() if sum(forms.values()) > 2}
        for pos, full in sorted(e for entries in draft.by_key.values() for e in entries):
            if full in confirmed:
                # the commonest spelling: Russian inflects names ("Марию Алёхину" in a headline)
                forms = variants.get(full, {full: 1})
                self.names.add(max(forms, key=forms.__getitem__), pos)
        for a, _, name, title in runs:
            honorific = title is not None and title.casefold().rstrip(".") in _HONORIFICS
            if len(name) == 1 and honorific and not self.names.find(name[0], doc.starts[a]):
                self.names.add(f"{title} {name[0]}", doc.starts[a])

    def _speaks(self, b: int, appositive: bool = True) -> bool:
        """A speech verb follows the name ending at token b: "Michael Howard has said", and with
        `appositive`, "Kostas Panagopoulos, said"."""
        doc = self.doc
        b += appositive and b < len(doc.words) and doc.words[b] == ","
        for k in range(b, min(b + 3, len(doc.words))):
            if doc.low[k] in _VERBS:
                return True
            if doc.low[k] not in _ADVERBS:
                return False
        return False

    def _possessive(self, b: int) -> bool:
        doc = self.doc
        return doc.words[b - 1].endswith(("'s", "’s")) or (
            b < len(doc.words) and doc.words[b] in "'’"
        )

    def _is_subject(self, a: int, b: int) -> bool:
        """Whether the name in tokens a..b stands where a clause's subject stands, so that a later
        "he" can mean it: "Mr Abbas said", not "talks with Mr Blair" or "Tony Blair's spokesman"."""
        doc = self.doc
        if self._possessive(b):
            return False
        k = a - 1
        while k >= max(0, a - 8) and k + 1 not in doc.sent_toks and doc.joined(k, k + 1):
            w, low = doc.words[k], doc.low[k]
            attached = _role(low) or low in _ROLE_MODIFIERS or low in ("the", "a", "an")
            if not (attached or doc.run_first[k] >= 0 or (len(w) > 1 and w.isupper())):
                break
            k -= 1
        if _is_cyrillic(doc.words[a]) and k >= 0 and doc.low[k] not in _RU_PREPS:
            return True  # Russian word order is free; a name not after a preposition may lead
        if self._speaks(b, appositive=False) or k < 0 or k + 1 in doc.sent_toks:
            return True
        if (doc.low[k - 1 : k + 1]) in (["according", "to"], ["по", "словам"]):
            return True
        after = doc.low[b : b + 2]
        if doc.low[k] in _VERBS:
            # a name right after "said" leads only in an inverted cue ('"…," said Robson', "…
            # said Mr Owen."), not in "he said Mr Blair had lost trust"
            cued = k > 0 and doc.words[k - 1] in _QUOTE_CHARS + ",—–-"
            appositive = after[:1] == [","] and after[1:] in (["a"], ["an"], ["the"])
            ends = not after or after[0] in ".;!?" or appositive  # "said Jane Doe, an analyst"
            return cued or ends
        if doc.low[k] not in _CLAUSE_LEADS:
            return False
        listed = (
            after[:1] in ([","], ["and"]) and b + 1 < len(doc.words) and doc.run_first[b + 1] >= 0
        )
        if listed:
            return False  # "Paolo Maldini and Alessandro Costacurta"
        if doc.low[k] == "," and after[:1] == [","]:
            # an appositive leads after a title ("…President of Kazakhstan, Nursultan
            # Nazarbayev,"), not after a verb ("the woman she played, Katharine Hepburn,")
            before = doc.low[k - 1] if k > 0 else ""
            return not (before.endswith("ed") or before in _VERBS or before in _OBJECTS)
        return True

    def _roles_of(self, a: int, b: int, title: str | None) -> list[str]:
        """Role nouns attached to the name in tokens a..b: "Lib Dem spokesman Vince Cable",
        "The First President of Kazakhstan, Nursultan Nazarbayev,", "Paul Myers, chief of …"."""
        doc, n = self.doc, len(self.doc.words)
        titles = [k for k in range(a, b) if _role(doc.low[k])] if title else []
        roles = [r for r in [_role_at(doc, titles[-1]) if titles else None] if r]
        windows = [range(a - 1, max(-1, a - 4), -1)]
        if a >= 2 and doc.words[a - 1] == "," and b < n and doc.words[b] == ",":
            windows.append(range(a - 2, max(-1, a - 8), -1))
        if b + 1 < n and doc.words[b] == ",":
            windows.append(range(b + 1, min(n, b + 5)))
        for window in windows:
            for k in window:
                if not doc.words[k][0].isalnum():
                    break
                if role := _role_at(doc, k):
                    roles.append(role)
                    break
        return roles

    def _bind(self, a: int, b: int, title: str | None, person: str) -> None:
        """Remember roles attached to a name so "the spokesman said" can be resolved later."""
        for role in self._roles_of(a, b, title):
            self.bindings.setdefault(role, []).append((self.doc.starts[a], person))

    def _unknown_role(self, subj: _Subj, pos: int) -> bool:
        """ "the spokesman said" with no spokesman named: someone we cannot name is speaking."""
        return subj.kind == "role" and subj.value in _ANONYMOUS and not self._bound(subj.value, pos)

    def _bound(self, role: str, pos: int) -> str | None:
        bound = self.bindings.get(role, [])
        k = bisect_right(bound, (pos, "\uffff")) - 1
        return bound[k][1] if k >= 0 else None

    def _narration_between(self, a: int, b: int) -> int:
        return bisect_right(self.narration, b) - bisect_right(self.narration, a)

    def _sents_between(self, a: int, b: int) -> int:
        return bisect_right(self.out_sents, b) - bisect_right(self.out_sents, a)

    def _antecedent(self, pos: int, last: str | None) -> str | None:
        """Who "he" or "the President" means: the subject of the nearest sentence with a named
        subject, unless the previous quotation's speaker disagrees, in which case nobody; a
        subject in the sentence just before, in the same paragraph, wins regardless.

        `last` is that speaker, "" for someone unnamed ("said a Juventus official"), or None.
        """
        doc, subject, adjacent = self.doc, None, False
        nearest = bisect_left(self.out_starts, pos) - 1
        floor = doc.para_of(pos) - 1
        for k in range(nearest, max(-1, nearest - 30), -1):
            start = self.out[k].start
            if doc.para_of(start) < floor or self._narration_between(start, pos) > 2:
                break
            led = doc.low[doc.tok_at(start) - 1] in _OPENERS - {","}  # "He joins …, but Stuart …"
            if not self.out[k].subject or (self._pronoun_led(start) and not led):
                continue
            if bisect_right(self.unnamed, start) < bisect_left(self.unnamed, pos):
                return None
            first = bisect_left(self.out_starts, doc.sent_start(start))
            subjects = [m for m in self.out[first : k + 1] if m.subject]
            subject = next((m for m in subjects if m.speaks), subjects[0]).name
            adjacent = doc.para_of(start) == floor + 1 and self._sents_between(start, pos) <= 1
            break
        if subject and last is not None and subject != last and not adjacent:
            return None
        return subject or last or None

    def _pronoun_led(self, pos: int) -> bool:
        """The sentence holding `pos` opens with "he" or "she": in "But he said Mr Blair had
        lost trust" or "He has worked on Finding Nemo", the name is not who a later "he" means."""
        doc = self.doc
        u, end = doc.tok_at(doc.sent_start(pos)), doc.tok_at(pos)
        while u < end and (doc.low[u] in _OPENERS or doc.words[u] in _QUOTE_CHARS):
            u += 1
        return u < end and doc.low[u] in _GENDERS

    def _speaker(self, subj: _Subj, pos: int, last: str | None, strict: bool) -> str | None:
        """The person a cue's subject means at `pos`, or None when unsure. `strict` (for reported
        speech) also refuses lone words nobody else calls a person, such as "Nationwide"."""
        if subj.kind == "clause":
            inner = self._clause_subject(subj.first)
            return self._speaker(inner, pos, last, strict) if inner else None
        if subj.kind == "none":
            return None
        if subj.kind == "pron":
            person, gender = self._antecedent(pos, last), _GENDERS.get(subj.value)
            if person and gender and self.genders.setdefault(person, gender) != gender:
                return None  # "he" cannot be the woman an earlier "she said" was
            return person
        if subj.kind == "role":
            bound = self._bound(subj.value, pos)
            if bound or subj.value not in _HIGH_ROLES or subj.weak:
                return bound
            # "the President said" with no president named: only the article's main figure
            nearest = self._antecedent(pos, last)
            return nearest if nearest == self.main else None
        found = self.names.find(subj.value, pos)
        if found is None and _fold(subj.value) in self.orgs:
            return None
        known = _fold(subj.value) in self.singles
        if found or (subj.weak and not known) or (strict and " " not in subj.value):
            return found
        self.extra.setdefault(subj.value, self.doc.starts[subj.first])
        return subj.value

    # quotations

    def _clause_subject(self, v: int) -> _Subj | None:
        """The subject of "X …, saying: …" or "X … and added": the sentence's first person."""
        doc = self.doc
        for t in range(max(doc.tok_at(doc.sent_start(doc.starts[v])), v - 40), v):
            mention = self.mention_at.get(t)
            if mention is not None:
                return _Subj("name", mention.name, t, t)
            if doc.low[t] in _PRONOUNS and not doc.in_quote[t]:
                return _Subj("pron", doc.low[t], t, t)
        return None

    def _cue_before(self, open_mark: int) -> _Cue | None:
        """The nearest speech verb earlier in the quotation's sentence: 'X said: "…"', 'X said
        he feared "…"', '…, saying: "…"'. An unresolvable one still counts, as a "none" cue."""
        doc = self.doc
        i = doc.tok_at(open_mark) - 1
        for v in range(i, max(doc.tok_at(doc.sent_start(open_mark)), i - 40) - 1, -1):
            if doc.in_quote[v]:
                continue
            if doc.low[v] in _PARTICIPLES and doc.words[v - 1] in _PARTICIPLE_LEADS:
                subj = self._clause_subject(v)
                return _Cue(subj or _Subj("none", "", v, v), v, v, v, i - v <= 2)
            if doc.low[v] in _VERBS:
                subj = _subject_before(doc, v)
                inverted = doc.words[v - 1] in _QUOTE_CHARS + "," or _is_cyrillic(doc.low[v])
                if subj is None and v and inverted and doc.low[v] not in _TAKES_OBJECT:
                    # '"…" said Mr Prettejohn, who wants "…"', "Как отметила Варвара Визбор, …"
                    subj = _subject_after(doc, v + 1)
            else:
                continue
            subj = subj or _Subj("none", "", v, v)
            return _Cue(subj, min(subj.first, v), max(subj.last, v), v, i - v <= 2)
        return None

    def _cue_rest(self, close_end: int) -> _Cue | None:
        """A speech verb later in the sentence: 'the "reckless … spree" planned by the Tories,
        he said.'"""
        doc = self.doc
        j, stop = doc.tok_at(close_end), doc.next_sent(close_end)
        for v in range(j, min(len(doc.words), j + 40)):
            if doc.starts[v] >= stop:
                break
            if doc.in_quote[v] or doc.low[v] not in _VERBS:
                continue
            subj = _subject_before(doc, v)
            if subj is None and doc.words[v - 1] in ",—–-" and doc.low[v] not in _TAKES_OBJECT:
                subj = _subject_after(doc, v + 1)  # «…» и «…», — заявил премьер
            loose = subj is not None and subj.first == j and not _loose_cue(doc, subj, v)
            if subj is None or subj.first < j or loose:
                subj = _Subj("none", "", v, v)
            return _Cue(subj, min(subj.first, v), max(subj.last, v), v, False)
        return None

    def _cue(self, q: _Raw) -> _Cue | None:
        """The attribution of a quotation: one right after it wins, then one before it in its
        sentence, then one after it in its sentence, then one opening the next sentence."""
        after = _cue_after(self.doc, q.close_end) if q.close_end >= 0 else None
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

    def _inherit(self, q: _Raw, prev: _Said | None) -> str | None:
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
        for v in [v for v, low in enumerate(doc.low) if low in _REPORT_WORDS]:
            low = doc.low[v]
            if doc.in_quote[v] or v in used:
                continue
            nxt = doc.low[v + 1] if v + 1 < n else ""
            subj: _Subj | None = None
            if low in _VERBS:
                subj = _subject_before(doc, v)
                if subj is None and v and doc.words[v - 1] == "," and low not in _TAKES_OBJECT:
                    subj = _subject_after(doc, v + 1)
            elif low in _PARTICIPLES and v and doc.words[v - 1] in _PARTICIPLE_LEADS:
                subj = self._clause_subject(v)
            elif (low, nxt) in (("according", "to"), ("по", "словам"), ("по", "мнению")):
                subj = _subject_after(doc, v + 2)
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
        return Speech(tuple(quotations), people, _most_mentioned(mentions), tuple(reports))


def _most_mentioned(mentions: list[tuple[int, str]]) -> str | None:
    """Most mentions wins, then the earliest; a full name beats a bare word such as a company
    quoted often ("Turkcell said")."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for pos, name in sorted(mentions):
        counts[name] = counts.get(name, 0) + 1
        first.setdefault(name, pos)
    return max(first, key=lambda p: (" " in p, counts[p], -first[p])) if first else None


_HINT_WORDS = _VERBS | _PARTICIPLES | {"according", "словам", "мнению"}
_HINT_QUOTES = frozenset(_QUOTE_CHARS)


def may_hold_speech(text: str) -> bool:
    """False when `text` cannot hold a quotation or a report: no quote mark, no speech verb.

    Analysing an article costs milliseconds; this costs microseconds (sets, not one regular
    expression of every verb, which measured 200 µs a passage), and lets ranking skip
    the analysis for the many passages that narrate without quoting anyone. Measured on BBC,
    Reuters and Russian Wikinews (see tests/test_speech_hint.py): no passage it rules out
    holds speech.
    """
    return not _HINT_QUOTES.isdisjoint(text) or not _HINT_WORDS.isdisjoint(
        _WORD_RE.findall(text.casefold())
    )


def may_overlap_quotation(text: str, start: int, end: int) -> bool:
    """False when no quotation `analyse_speech` finds in the article `text` can overlap
    `text[start:end]`, so no quote there has a speaker: a proof, not a measurement.

    A quotation never crosses a paragraph break unless the next paragraph opens with a quote
    mark (newswire style, see `_find_quotes`), and single quotes end at a line break, so every
    paragraph a quotation touches holds a quote mark. No mark in the paragraphs the span
    touches, then no quotation; most passages of plain reporting have none, and quoting them
    need not analyse their article (microseconds instead of a millisecond). The title, which
    the analysis reads as a paragraph of its own, cannot change this: a quotation begun there
    runs on only into a text that opens with a quote mark.
    """
    paras = _paragraph_starts(text)
    first = paras[bisect_right(paras, start) - 1]
    k = bisect_right(paras, max(end, start + 1) - 1)
    last = paras[k] if k < len(paras) else len(text)
    return not _HINT_QUOTES.isdisjoint(text[first:last])


def analyse_speech(text: str, title: str = "") -> Speech:
    """Quotations, their speakers, and the people of an article.

    The title is read as a paragraph before the text, because headlines often name the person the
    first "he said" refers to; offsets in the result are into `text` alone.
    """
    head = f"{title.strip()}\n\n" if title.strip() else ""
    return _Analysis(head + text, len(head)).result(len(head), len(text))
