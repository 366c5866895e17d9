"""Text analysis: the same terms for articles and for questions."""

from newsbot.text.analyzer import ANALYZER_VERSION, Analyzer, Token
from newsbot.text.language import DEFAULT_LANGUAGE, detect_language, normalise_language

__all__ = [
    "ANALYZER_VERSION",
    "DEFAULT_LANGUAGE",
    "Analyzer",
    "Token",
    "detect_language",
    "normalise_language",
]
