"""What kind of answer a question expects, and whether a text contains one.

"How much …" wants an amount of money, "how tall …" a measurement, "when …" a date. A passage
that holds something of the expected kind is more likely to answer than one that only repeats
the question's words; this is the oldest trick of factoid question answering, and it needs no
knowledge of the topic, only the shapes of numbers.
"""

from __future__ import annotations

import re

_MONTHS = (
    r"january|february|march|april|may|june|july|august|september|october|november|december"
    r"|январ\w*|феврал\w*|март\w*|апрел\w*|ма[йя]|июн\w*|июл\w*|август\w*|сентябр\w*|октябр\w*"
    r"|ноябр\w*|декабр\w*"
)
_NUMBER = r"\d+(?:[.,]\d+)*"
_SHAPES: dict[str, re.Pattern[str]] = {
    "money": re.compile(
        rf"[$£€¥₽]\s?{_NUMBER}|{_NUMBER}\s?(?:bn|m|mln|million|billion|trillion|млн|млрд|трлн"
        r"|тыс\.?|миллион\w*|миллиард\w*|триллион\w*|тысяч\w*)?\s?"
        r"(?:dollars|dlrs|pounds|euros|yen|roubles|rubles|руб\w*|доллар\w*|евро)\b",
        re.IGNORECASE,
    ),
    "measure": re.compile(
        rf"{_NUMBER}\s?(?:mm|cm|m|km|kg|g|t|mph|km/h|kmh|ft|feet|foot|inches|inch|metres?|meters?"
        r"|miles?|tonnes?|tons?|kilos?|kilograms?|litres?|liters?|см|мм|км|кг|метр\w*|тонн\w*"
        r"|литр\w*|градус\w*|°)\b",
        re.IGNORECASE,
    ),
    "duration": re.compile(
        rf"{_NUMBER}\s?(?:seconds?|secs?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?"
        r"|секунд\w*|минут\w*|час\w*|дн\w*|недел\w*|месяц\w*|лет|год\w*)\b|\b\d+:\d{2}\b",
        re.IGNORECASE,
    ),
    "date": re.compile(
        rf"\b(?:1[89]|20)\d\d\b|\b\d{{1,2}}\s+(?:{_MONTHS})\b|\b(?:{_MONTHS})\s+\d{{1,2}}\b"
        r"|\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today"
        r"|понедельник\w*|вторник\w*|сред[ау]|четверг\w*|пятниц\w*|суббот\w*|воскресень\w*)\b",
        re.IGNORECASE,
    ),
    "percent": re.compile(
        rf"{_NUMBER}\s?(?:%|per\s?cent\b|percent\b|процент\w*)",
        re.IGNORECASE,
    ),
    "reason": re.compile(
        r"\b(?:because|due\s+to|owing\s+to|as\s+a\s+result|after|since|so\s+that|in\s+order\s+to"
        r"|following|amid|blamed|caused|из-за|так\s+как|потому\s+что|поскольку|в\s+связи\s+с"
        r"|благодаря|вследствие|чтобы|после\s+того)\b",
        re.IGNORECASE,
    ),
    # Case matters here: a name is capitalised words in a row ("Gordon Brown", "Дилма Руссефф").
    "person": re.compile(r"\b[A-ZА-ЯЁ][a-zа-яё'’-]+\s+[A-ZА-ЯЁ][a-zа-яё'’-]+"),
    "place": re.compile(
        r"\b(?:in|at|from|near)\s+[A-Z][a-z]+|(?<!\w)(?:в|во|на|из)\s+[А-ЯЁ][а-яё]+"
    ),
    "number": re.compile(
        rf"\b{_NUMBER}\b|\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens?|hundreds?"
        r"|thousands?|millions?|billions?)\b",
        re.IGNORECASE,
    ),
}
# The kinds that rank passages. A name, a place or a reason is in nearly every passage of news,
# so those only choose the sentences of a quote (measured: ranking with them lost a held-out
# answer from the top 3).
RANKING_KINDS = frozenset({"money", "measure", "duration", "date", "percent", "number"})
# Question openings → the kinds of answer that fit, most specific first.
_QUESTIONS: tuple[tuple[re.Pattern[str], tuple[str, ...]], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), kinds)
    for pattern, kinds in (
        (
            r"\bhow\s+much\b.*\b(?:cost|pay|paid|spend|spent|worth|price|cash|money|owe|owed|raise|earn)",
            ("money",),
        ),
        (r"\bhow\s+(?:pricey|expensive|cheap|costly|dear)\b", ("money",)),
        (
            r"^\s*(?:what|how\s+much)\s+(?:was|were|is|are|will|did)?\s*(?:the\s+|its\s+|their\s+)?"
            r"(?:\w+\s+){0,3}(?:profit|revenue|sales|turnover|loss|deficit|fine|fee|salary|price"
            r"|cost|debt|bid)s?\b",
            ("money",),
        ),
        (r"\bwhat\s+speed\b|\bhow\s+quickly\b", ("measure",)),
        (
            r"\bwhat\s+(?:share|proportion|percentage|fraction)\b|\bhow\s+many\s+per\s?cent\b"
            r"|\bwhat\s+(?:rate|level)\s+of\b",
            ("percent",),
        ),
        (r"\bhow\s+long\b|\bwinning\s+time\b|\btime\b.*\b(?:race|record)\b", ("duration",)),
        (r"\bhow\s+(?:tall|high|far|heavy|fast|wide|deep)\b", ("measure",)),
        (r"\bhow\s+(?:big|large)\b", ("measure", "money")),
        (r"\bhow\s+much\b", ("money", "measure", "number")),
        (r"\bhow\s+many\b", ("number",)),
        (r"^\s*when\b|\bwhat\s+(?:year|date|day|month)\b|\bsince\s+when\b", ("date",)),
        (r"^\s*why\b|\bfor\s+what\s+reason\b", ("reason",)),
        (r"^\s*(?:who|whom)\b", ("person",)),
        (r"^\s*where\b", ("place",)),
        (r"\bкаков\w*\s+(?:доля|процент)\b|\bсколько\s+процент", ("percent",)),
        (r"\bсколько\b.*\b(?:стои|плат|заплат|получ|потрат|денег|руб|доллар)", ("money",)),
        (
            r"\b(?:какие|какую|каких)\s+(?:деньги|средства|сумм\w*)|\bна\s+какую\s+сумму\b"
            r"|\bза\s+сколько\b|\bво\s+сколько\s+обош",
            ("money",),
        ),
        (r"\bс\s+какой\s+скоростью\b|\bкаков\w*\s+скорост", ("measure",)),
        (r"\bсколько\b", ("number", "money", "measure")),
        (r"\b(?:какого|какой)\s+(?:роста|высоты|длины|веса)\b", ("measure",)),
        (r"^\s*когда\b|\bв\s+каком\s+году\b|\bкакого\s+числа\b", ("date",)),
        (r"^\s*(?:почему|зачем)\b|\bпо\s+какой\s+причине\b|\bиз-за\s+чего\b", ("reason",)),
        (r"^\s*(?:кто|кого|кому)\b", ("person",)),
        (r"^\s*(?:где|куда|откуда)\b", ("place",)),
    )
)


def expected_answer(question: str) -> tuple[str, ...]:
    """The kinds of answer `question` asks for ("money", "measure", …); empty if none."""
    for pattern, kinds in _QUESTIONS:
        if pattern.search(question):
            return kinds
    return ()


def contains_answer(text: str, kinds: tuple[str, ...]) -> bool:
    """True when `text` holds something of one of `kinds`."""
    return any(_SHAPES[kind].search(text) for kind in kinds)
