"""Question → answer: analyse, retrieve, filter, select and quote, over a `SearchIndex`."""
