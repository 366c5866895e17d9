"""The errors newsbot raises on purpose.

    NewsbotError                 base: the message says what went wrong and what to do next
    ├── CorpusNotFoundError      the corpus path does not exist
    ├── EmptyCorpusError         nothing readable in the corpus
    ├── IndexFormatError         a saved index is unreadable, foreign, or corrupt (it gets rebuilt)
    ├── IndexRewrittenError      the index in use was written over in place (not renamed)
    ├── ReindexRunningError      a reindex was asked for while another one runs
    └── ConfigurationError       a setting is missing or invalid

A corpus file that cannot be read is not an error: it is reported as `Skipped` and the others
are still indexed.
"""

from __future__ import annotations


class NewsbotError(Exception):
    """An expected failure, with a message meant for the user."""


class CorpusNotFoundError(NewsbotError):
    """The corpus folder or file does not exist."""


class EmptyCorpusError(NewsbotError):
    """The corpus holds no article that could be read."""


class IndexFormatError(NewsbotError):
    """A saved index cannot be used: wrong format, wrong version, or damaged."""


class IndexRewrittenError(NewsbotError):
    """The index file in use was written over in place and cannot be read yet."""


class ReindexRunningError(NewsbotError):
    """A reindex is already running; callers wait and retry, or say so."""


class ConfigurationError(NewsbotError):
    """A setting is missing or has a value that cannot work."""
