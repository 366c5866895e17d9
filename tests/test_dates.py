"""Publication dates: every common way of writing one becomes an ISO date (YYYY-MM-DD), the
cheap parsers answer first, and what is not a date is kept as written."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsbot.corpus import metadata
from newsbot.corpus.metadata import normalise_date
from newsbot.corpus.model import Article
from newsbot.corpus.reader import ReadReport, read_corpus, scan_corpus
from tests.conftest import REPO, needs_shared, shared

REUTERS = "reuters-21578/reuters-21578.jsonl"
RUSSIAN_MONTHS = (
    "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split()
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # ISO 8601: dates, datetimes, Z and offsets (the date written, not the UTC one)
        ("2005-03-01", "2005-03-01"),
        ("2005-03-01T10:00:00", "2005-03-01"),
        ("2005-03-01T10:00:00Z", "2005-03-01"),
        ("2005-03-01T10:00:00.123Z", "2005-03-01"),
        ("2005-03-01T23:30:00-05:00", "2005-03-01"),
        ("2005-03-01T01:30:00+05:30", "2005-03-01"),
        ("2005-03-01 10:00:00", "2005-03-01"),
        ("2005-03-01 10:00:00 +0000", "2005-03-01"),
        ("2005-03-01 10:00:00 PST", "2005-03-01"),
        ("20050301", "2005-03-01"),
        ("2005/03/01", "2005-03-01"),
        ("2005-03-01Z", "2005-03-01"),
        # RFC 2822 (e-mail, RSS)
        ("Tue, 01 Mar 2005 10:00:00 GMT", "2005-03-01"),
        ("Tue, 01 Mar 2005 10:00:00 +0100", "2005-03-01"),
        ("Tue, 1 Mar 2005 10:00:00 EST", "2005-03-01"),
        ("01 Mar 2005 10:00 -0800", "2005-03-01"),
        ("Tue, 01 Mar 05 10:00:00 GMT", "2005-03-01"),  # RFC 2822's two-digit year
        # epoch seconds: int, float or digit string
        (1109671200, "2005-03-01"),
        ("1109671200", "2005-03-01"),
        (1109671200.75, "2005-03-01"),
        (539_000_000, "1987-01-30"),
        # day-first numeric dates (not American)
        ("03/04/2005", "2005-04-03"),
        ("03.04.2005", "2005-04-03"),
        ("03-04-2005", "2005-04-03"),
        ("3/4/2005", "2005-04-03"),
        ("1.3.2005", "2005-03-01"),
        ("25/12/2004", "2004-12-25"),
        ("12/25/2004", "2004-12-25"),  # unambiguous: only one reading is a date
        # English month names
        ("1 March 2005", "2005-03-01"),
        ("1 Mar 2005", "2005-03-01"),
        ("01 March 2005", "2005-03-01"),
        ("March 1, 2005", "2005-03-01"),
        ("Mar 1, 2005", "2005-03-01"),
        ("March 1 2005", "2005-03-01"),
        ("1st March 2005", "2005-03-01"),
        ("Tuesday, 1 March 2005", "2005-03-01"),
        ("Tuesday, March 1, 2005 10:00 AM", "2005-03-01"),
        ("26-FEB-1987 15:01:01.79", "1987-02-26"),  # Reuters-21578's own form
        ("1 march 2005", "2005-03-01"),
        # Russian month names (genitive, as dates are written)
        ("12 марта 2021", "2021-03-12"),
        ("1 марта 2005 г.", "2005-03-01"),
        ("12 марта 2021 года", "2021-03-12"),
        ("12 марта 2021, 10:00", "2021-03-12"),
        ("31 декабря 1999", "1999-12-31"),
        # Python values
        (dt.date(2005, 3, 1), "2005-03-01"),
        (dt.datetime(2005, 3, 1, 23, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5))), "2005-03-01"),
        (None, None),
        ("", None),
        ("   ", None),
        (["2005-03-01"], None),
    ],
)
def test_dates_become_iso(value: object, expected: str | None) -> None:
    assert normalise_date(value) == expected


@pytest.mark.parametrize(
    "value",
    [
        "not a date",
        "sometime in spring",
        "2005",  # a year is not a date
        "2005-03",
        "March 2005",
        "Spring 2005",
        "1 March",  # no year
        "03/04/05",  # two-digit year: too ambiguous
        "10:00",
        "31/02/2005",  # no such day
        "13/13/2005",
        "0000-00-00",
        "2 days ago",  # relative dates are not publication dates
        "yesterday",
        "вчера",
        "март 2021",
        "2005 года",
        "99999999999999999999",
        "1109671200000",  # milliseconds: out of the epoch-seconds range
        "12345",
        "n/a",
    ],
)
def test_what_is_not_a_date_is_kept_as_written(value: str) -> None:
    assert normalise_date(value) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (2005, "2005"),
        (20050301, "2005-03-01"),
        (True, "True"),
        (99_999_999, "99999999"),  # below the epoch range: kept
        (100_000_000, "1973-03-03"),  # its first second
        (4_102_444_799, "2099-12-31"),  # its last second
        (4_102_444_800, "4102444800"),  # 2100: past it
        (-1109671200, "-1109671200"),
        (float("nan"), "nan"),
        (float("inf"), "inf"),
    ],
)
def test_numbers(value: object, expected: str) -> None:
    assert normalise_date(value) == expected


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        ("03/04/2005", None, "2005-04-03"),
        ("03/04/2005", "en", "2005-04-03"),
        ("03/04/2005", "en-GB", "2005-04-03"),
        ("03/04/2005", "ru", "2005-04-03"),
        ("03/04/2005", "en-US", "2005-03-04"),
        ("03/04/2005", "en_US", "2005-03-04"),
        ("03/04/2005", "EN-us", "2005-03-04"),
        ("03/04/2005", " en-US-x-newsroom ", "2005-03-04"),
        ("03-04-2005", "en-US", "2005-03-04"),
        ("12/25/2004", "en-US", "2004-12-25"),
        ("25/12/2004", "en-US", "2004-12-25"),  # unambiguous either way
        ("12/25/2004", "en-GB", "2004-12-25"),
        ("2005/03/04", "en-US", "2005-03-04"),  # year first is year, month, day for everyone
        ("2005/03/04", "en-GB", "2005-03-04"),
        ("2005-03-04T10:00:00Z", "en-US", "2005-03-04"),
        ("March 4, 2005", "en-GB", "2005-03-04"),
        ("4 March 2005", "en-US", "2005-03-04"),
    ],
)
def test_day_first_unless_the_article_is_american(
    value: str, language: str | None, expected: str
) -> None:
    assert normalise_date(value, language) == expected


@pytest.mark.parametrize(
    ("value", "language", "expected"),
    [
        ("12 марта 2021", "ru", "2021-03-12"),
        ("12 марта 2021", None, "2021-03-12"),  # Russian needs no language tag
        ("12 марта 2021", "xx-unknown", "2021-03-12"),  # a tag dateparser does not know
        ("1. März 2005", "de", "2005-03-01"),  # the article's own language is tried too
        ("1 de marzo de 2005", "es", "2005-03-01"),
        ("1. März 2005", None, "1. März 2005"),  # but not every language, unasked
    ],
)
def test_month_names_in_the_article_language(
    value: str, language: str | None, expected: str
) -> None:
    assert normalise_date(value, language) == expected


# --- the cheap parsers answer first --------------------------------------------------------


def test_fast_paths_do_not_import_the_libraries() -> None:
    code = (
        "import sys\n"
        "from newsbot.corpus.metadata import normalise_date\n"
        "values = ['2005-03-01', '2005-03-01T10:00:00Z', '2005-03-01T10:00:00+05:00',\n"
        "          20050301, '20050301', 1109671200, '1109671200', '2005', None]\n"
        "results = [normalise_date(value) for value in values]\n"
        "assert results[:7] == ['2005-03-01'] * 6 + ['2005-03-01'], results\n"
        "print(sorted(m for m in sys.modules if m.startswith(('dateutil', 'dateparser'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip() == "[]"


class Calls:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.dateutil: list[str] = []
        self.dateparser: list[str] = []
        real_dateutil, real_dateparser = metadata._dateutil, metadata._dateparser

        def dateutil(text: str, american: bool) -> str | None:
            self.dateutil.append(text)
            return real_dateutil(text, american)

        def dateparser(text: str, american: bool, language: str) -> str | None:
            self.dateparser.append(text)
            return real_dateparser(text, american, language)

        monkeypatch.setattr(metadata, "_dateutil", dateutil)
        monkeypatch.setattr(metadata, "_dateparser", dateparser)
        metadata._parse_text.cache_clear()


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> Calls:
    return Calls(monkeypatch)


def test_iso_rfc_and_epoch_never_reach_the_libraries(calls: Calls) -> None:
    for value in ("2005-03-01T10:00:00Z", "Tue, 01 Mar 2005 10:00:00 GMT", "1109671200"):
        assert normalise_date(value) == "2005-03-01"
    assert calls.dateutil == [] and calls.dateparser == []


def test_dateparser_only_for_text_with_letters_that_dateutil_did_not_read(calls: Calls) -> None:
    assert normalise_date("1 March 2005") == "2005-03-01"
    assert normalise_date("31/02/2005") == "31/02/2005"  # digits only: dateutil's to refuse
    assert normalise_date("not a date") == "not a date"  # no four-digit year: neither
    assert calls.dateparser == []
    assert normalise_date("12 марта 2021") == "2021-03-12"
    assert calls.dateparser == ["12 марта 2021"]


def test_a_date_written_many_times_is_parsed_once(calls: Calls) -> None:
    for _ in range(50):
        assert normalise_date("12 марта 2021", "ru") == "2021-03-12"
        assert normalise_date("1 March 2005") == "2005-03-01"
    assert calls.dateparser == ["12 марта 2021"]
    assert calls.dateutil == ["12 марта 2021", "1 March 2005"]


# --- properties ----------------------------------------------------------------------------

DATES = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31))


@settings(max_examples=150, deadline=None)
@given(day=DATES, hour=st.integers(0, 23), offset=st.integers(-12 * 60, 14 * 60))
def test_any_date_in_any_common_form(day: dt.date, hour: int, offset: int) -> None:
    iso = day.isoformat()
    moment = dt.datetime.combine(day, dt.time(hour, 7, 9))
    zone = dt.timezone(dt.timedelta(minutes=offset))
    assert normalise_date(iso) == iso
    assert normalise_date(moment.replace(tzinfo=zone).isoformat()) == iso
    assert normalise_date(moment.isoformat() + "Z") == iso
    assert normalise_date(day.strftime("%Y%m%d")) == iso
    assert normalise_date(email_date(moment, zone)) == iso
    assert normalise_date(f"{day.day} {day:%B %Y}") == iso
    assert normalise_date(f"{day:%B} {day.day}, {day.year}") == iso
    assert normalise_date(f"{day.day} {day:%b} {day.year}") == iso
    assert normalise_date(f"{day.day:02}/{day.month:02}/{day.year}") == iso
    assert normalise_date(f"{day.month:02}/{day.day:02}/{day.year}", "en-US") == iso
    assert normalise_date(f"{day.day}.{day.month}.{day.year}", "ru") == iso
    assert normalise_date(f"{day.year}/{day.month:02}/{day.day:02}", "en-US") == iso


def email_date(moment: dt.datetime, zone: dt.timezone) -> str:
    minutes = int(zone.utcoffset(None).total_seconds() // 60)
    sign, minutes = ("-", -minutes) if minutes < 0 else ("+", minutes)
    return f"{moment:%a, %d %b %Y %H:%M:%S} {sign}{minutes // 60:02}{minutes % 60:02}"


@settings(max_examples=60, deadline=None)
@given(day=DATES)
def test_russian_dates(day: dt.date) -> None:
    assert normalise_date(f"{day.day} {RUSSIAN_MONTHS[day.month - 1]} {day.year}") == (
        day.isoformat()
    )


@settings(max_examples=100, deadline=None)
@given(
    seconds=st.integers(min_value=100_000_000, max_value=4_102_444_799),
    as_text=st.booleans(),
)
def test_epoch_seconds(seconds: int, as_text: bool) -> None:
    expected = dt.datetime.fromtimestamp(seconds, tz=dt.UTC).date().isoformat()
    assert normalise_date(str(seconds) if as_text else seconds) == expected


@settings(max_examples=300, deadline=None)
@given(
    text=st.text(
        alphabet=st.sampled_from("0123456789 /.-:,+TZ" + "abcMarchJunmaрта" + "\u00e4\u00df"),
        max_size=30,
    )
    | st.text(max_size=30),
    language=st.sampled_from([None, "en", "en-US", "ru", "de", "zz"]),
)
def test_never_raises_and_gives_a_date_or_the_text(text: str, language: str | None) -> None:
    result = normalise_date(text, language)
    cleaned = metadata.clean_line(text)
    assert result == cleaned or (
        result is not None and dt.date.fromisoformat(result).isoformat() == result
    )


# --- the readers pass the article's language -----------------------------------------------


def read_all(path: Path) -> tuple[list[Article], ReadReport]:
    report = ReadReport()
    return list(read_corpus(scan_corpus(path), report)), report


def test_records_read_dates_with_their_language(tmp_path: Path) -> None:
    records = [
        {"id": "us", "text": "One.", "published": "03/04/2005", "language": "en-US"},
        {"id": "gb", "text": "Two.", "published": "03/04/2005", "language": "en-GB"},
        {"id": "none", "text": "Three.", "published": "03/04/2005"},
        {"id": "ru", "text": "Четыре.", "published": "12 марта 2021", "language": "ru"},
        {"id": "epoch", "text": "Five.", "published": 1109671200},
    ]
    path = tmp_path / "articles.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    articles, _ = read_all(path)
    assert {a.id: a.published for a in articles} == {
        "us": "2005-03-04",
        "gb": "2005-04-03",
        "none": "2005-04-03",
        "ru": "2021-03-12",
        "epoch": "2005-03-01",
    }
    assert {a.id: a.language for a in articles}["us"] == "en-US"


def test_markdown_reads_dates_with_its_language(tmp_path: Path) -> None:
    (tmp_path / "us.md").write_text(
        "---\ntitle: T\npublished: 03/04/2005\nlang: en-US\n---\nOne story.\n"
    )
    (tmp_path / "gb.md").write_text(
        '---\ntitle: T\ndate: "03/04/2005"\nlanguage: en-GB\n---\nAnother story.\n'
    )
    articles, _ = read_all(tmp_path)
    assert {a.id: a.published for a in articles} == {"us.md": "2005-03-04", "gb.md": "2005-04-03"}


def test_text_files_have_no_language_so_dates_are_day_first(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Title\n\nBody text.\n\nPublished: 03/04/2005\n")
    articles, _ = read_all(tmp_path)
    assert articles[0].published == "2005-04-03"


def test_html_reads_dates_with_its_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[tuple[object, str | None]] = []

    def record(value: object, language: str | None = None) -> str | None:
        seen.append((value, language))
        return normalise_date(value, language)

    import newsbot.corpus.html as html_reader

    monkeypatch.setattr(html_reader, "normalise_date", record)
    (tmp_path / "page.html").write_text(
        '<html lang="en-US"><head><title>Council votes</title>'
        '<meta property="article:published_time" content="2005-03-04T09:30:00Z"></head>'
        "<body><article><h1>Council votes</h1><p>"
        + "The council voted on the new budget after a long debate about schools. " * 8
        + "</p></article></body></html>"
    )
    articles, _ = read_all(tmp_path)
    assert articles[0].published == "2005-03-04"
    assert seen and seen[0][1] == articles[0].language and articles[0].language is not None


# --- real data -----------------------------------------------------------------------------


@needs_shared(REUTERS)
def test_every_reuters_date_stays_what_it_is() -> None:
    path = shared(REUTERS)
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    published = [row.get("published") for row in rows]
    assert [normalise_date(value) for value in published] == published
    raw = [row["datetime"] for row in rows if row.get("datetime")]
    assert all(normalise_date(value) == value[:10] for value in raw)
