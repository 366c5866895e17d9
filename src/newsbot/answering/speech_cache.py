"""Who speaks where in an article, worked out once per article for every stage that asks.

Ranking asks whether the person in a "what did X say" question speaks in a passage, and quoting
signs the sentences it shows; both ask about the same few articles, and analysing one costs
milliseconds. One cache serves both.
"""

from __future__ import annotations

from functools import _CacheInfo, lru_cache

from newsbot.answering.search_index import SearchIndex
from newsbot.speech import Speech, analyse_speech

_ARTICLES_CACHED = 512


class SpeechCache:
    """The speech of an index's articles, by article number, most recent kept."""

    def __init__(self, index: SearchIndex, size: int = _ARTICLES_CACHED) -> None:
        self._index = index
        self._speech = lru_cache(maxsize=size)(self._analyse)

    def __call__(self, article_number: int) -> Speech:
        return self._speech(article_number)

    def cache_info(self) -> _CacheInfo:
        """How many articles are cached (and hits and misses), as `functools.lru_cache` says."""
        return self._speech.cache_info()

    def _analyse(self, article_number: int) -> Speech:
        article = self._index.article(article_number)
        return analyse_speech(article.text, article.title)
