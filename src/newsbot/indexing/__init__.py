"""Corpus files → a saved index: units planned, analysed by worker processes, counted, written."""
