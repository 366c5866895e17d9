"""Which language a text is in, and which Snowball stemmer serves it.

Detection only has to tell the scripts apart: the stemmer is chosen per token by its script
(see `analyzer`), so a Russian article quoting "Google" still stems that word the English way,
and a question can be analysed without knowing which article it will match.
"""

from __future__ import annotations

import re

DEFAULT_LANGUAGE = "en"

# ISO 639-1 code -> PyStemmer algorithm.
STEMMERS: dict[str, str] = {
    "ar": "arabic",
    "ca": "catalan",
    "cs": "czech",
    "da": "danish",
    "de": "german",
    "el": "greek",
    "en": "english",
    "es": "spanish",
    "et": "estonian",
    "eu": "basque",
    "fi": "finnish",
    "fr": "french",
    "ga": "irish",
    "hu": "hungarian",
    "hy": "armenian",
    "id": "indonesian",
    "it": "italian",
    "lt": "lithuanian",
    "nl": "dutch",
    "no": "norwegian",
    "pl": "polish",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sr": "serbian",
    "sv": "swedish",
    "tr": "turkish",
}

# Languages written in Latin script: their words are stemmed with that language's stemmer.
LATIN_SCRIPT = frozenset(
    {
        "ca",
        "cs",
        "da",
        "de",
        "en",
        "es",
        "et",
        "eu",
        "fi",
        "fr",
        "ga",
        "hu",
        "id",
        "it",
        "lt",
        "nl",
        "no",
        "pl",
        "pt",
        "ro",
        "sv",
        "tr",
    }
)

_NAMES = {name: code for code, name in STEMMERS.items()}
_CYRILLIC = re.compile(r"[\u0400-\u04FF]")
_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")


def normalise_language(value: str | None) -> str | None:
    """Map "en-GB", "English" or "ru_RU" to an ISO 639-1 code we can stem, or None."""
    if not value:
        return None
    tag = value.strip().lower().replace("_", "-")
    code = tag.split("-", 1)[0]
    if code in STEMMERS:
        return code
    return _NAMES.get(tag)


def detect_language(text: str, sample: int = 4000) -> str:
    """Tell Russian from English (the default) by counting letters of each script."""
    head = text[:sample]
    if not _CYRILLIC.search(head):
        return DEFAULT_LANGUAGE  # the common case, decided without counting
    cyrillic = len(_CYRILLIC.findall(head))
    latin = len(_LATIN.findall(head))
    return "ru" if cyrillic > latin else DEFAULT_LANGUAGE
