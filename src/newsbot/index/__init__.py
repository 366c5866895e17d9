"""The read side of a saved index: the file, the lexicon, BM25 scoring and the search kernel.

Building an index is `newsbot.indexing`'s work; this package only opens and searches one.
"""
