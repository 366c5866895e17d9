"""A deterministic news-like corpus of a few hundred articles, for tests that need realistic
term statistics (common words in most passages, a long tail of rare ones) without ../shared."""

from __future__ import annotations

import json
import random
from pathlib import Path

_SEED_WORDS = (
    "president election party candidate youth people country program government minister "
    "economy growth bank market shares profit sales company report figures trade deficit "
    "football match season club coach player goal league final injury film award music band "
    "album chart internet software users broadband mobile phone security virus court judge "
    "police arrest law rights health hospital school teacher students university research"
).split()
_COMMON = "said also would year new people time first last government".split()


def _vocabulary(rng: random.Random, size: int) -> list[str]:
    letters = "abcdefghijklmnoprstuvw"
    words = list(_SEED_WORDS)
    while len(words) < size:
        word = "".join(rng.choice(letters) for _ in range(rng.randint(4, 9)))
        if word not in words:
            words.append(word)
    return words


def write_corpus(path: Path, articles: int = 300, seed: int = 7) -> list[str]:
    """Write `articles` records as JSON Lines; return the vocabulary used."""
    rng = random.Random(seed)
    vocabulary = _vocabulary(rng, 2500)
    weights = [1.0 / (rank + 1) ** 1.1 for rank in range(len(vocabulary))]
    with path.open("w", encoding="utf-8") as stream:
        for number in range(articles):
            paragraphs = []
            for _ in range(rng.randint(2, 6)):
                sentences = []
                for _ in range(rng.randint(1, 4)):
                    words = rng.choices(vocabulary, weights, k=rng.randint(6, 25))
                    words += rng.sample(_COMMON, 2)
                    rng.shuffle(words)
                    sentences.append(" ".join(words).capitalize() + ".")
                paragraphs.append(" ".join(sentences))
            title = " ".join(rng.choices(vocabulary, weights, k=rng.randint(3, 7))).capitalize()
            record = {
                "id": f"syn-{number:04d}",
                "title": title,
                "text": "\n\n".join(paragraphs),
                "source": rng.choice(["Daily Planet", "Evening Star", None]),
                "published": f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            }
            stream.write(json.dumps(record) + "\n")
    return vocabulary
