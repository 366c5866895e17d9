"""The bot's votes as a QA set that `newsbot eval qa` scores (`newsbot feedback export`).

Each vote becomes one line in the format of `newsbot.evaluation.qa.load_questions` (id,
question, gold, gold_article, kind, lang), with what the vote was about beside it
(`feedback`, `reason`, `shown`: the hits the answer showed, `voted_at`):

- 👍 on hits: they are the gold. Each shown quote, cut at its "…" marks, gives gold strings
  (pieces of the article's own text, so a returned passage holds them verbatim), and its
  article id goes into `gold_article`.
- 👎 "should have said nothing found": a `noanswer` question (no gold), as is a 👍 on an honest
  "nothing found".
- Any other 👎, and a 👎 on "nothing found": the answer was wrong, but nobody has said what the
  right one is. Such a line has no gold and `needs_gold: true`; `eval qa` skips it (it is not a
  noanswer question) until someone writes its gold in.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from newsbot.bot.feedback_store import UP, Vote
from newsbot.bot.hit_buttons import NOTHING_FOUND
from newsbot.text.language import detect_language

_MIN_GOLD_CHARS = 12  # a shorter piece between cuts ("… he said. …") could match anywhere


def gold_strings(quote: str) -> list[str]:
    """The quote's pieces between its "…" cut marks, short pieces left out unless that leaves
    none."""
    pieces = [piece.strip() for piece in quote.split("…")]
    pieces = [piece for piece in pieces if piece]
    long_ones = [piece for piece in pieces if len(piece) >= _MIN_GOLD_CHARS]
    return long_ones or pieces


def qa_records(votes: Iterable[Vote]) -> Iterator[dict[str, Any]]:
    """One eval qa record per vote, oldest first."""
    for vote in votes:
        record: dict[str, Any] = {
            "id": f"feedback-{vote.answer}-{vote.user[:8]}",
            "question": vote.question,
            "gold": [],
            "gold_article": [],
            "kind": "feedback",
            "lang": detect_language(vote.question),
            "feedback": vote.vote,
            "reason": vote.reason,
            "shown": [
                {"rank": hit.rank, "passage_id": hit.passage_id, "article_id": hit.article_id}
                for hit in vote.hits
            ],
            "voted_at": round(vote.voted_at, 3),
        }
        if vote.vote == UP and vote.hits:
            gold = [piece for hit in vote.hits for piece in gold_strings(hit.quote)]
            record["gold"] = list(dict.fromkeys(gold))
            record["gold_article"] = list(dict.fromkeys(hit.article_id for hit in vote.hits))
        elif (vote.vote == UP and not vote.hits) or vote.reason == NOTHING_FOUND:
            record["kind"] = "noanswer"
        else:
            record["needs_gold"] = True
        yield record
