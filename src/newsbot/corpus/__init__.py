"""Reading a corpus: files in several formats → `Article`s, with the unreadable ones reported."""

from newsbot.corpus.model import Article, Skipped
from newsbot.corpus.reader import (
    SUPPORTED_SUFFIXES,
    CorpusFile,
    ReadReport,
    printable,
    read_corpus,
    scan_corpus,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Article",
    "CorpusFile",
    "ReadReport",
    "Skipped",
    "printable",
    "read_corpus",
    "scan_corpus",
]
