"""answering.spelling.edit_distance (rapidfuzz's optimal string alignment) against the pure-Python
implementation it replaced, kept here as the reference."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from newsbot.answering.spelling import edit_distance


def reference_edit_distance(left: str, right: str, limit: int) -> int:
    """newsbot's own optimal-string-alignment distance before rapidfuzz, unchanged.

    It gives up with limit + 1 as soon as a whole row exceeds `limit`; when no row does, it
    returns the distance itself, which can then be above limit + 1 (("a", "abcd", 0) → 3).
    """
    if left == right:
        return 0
    previous2: list[int] = []
    previous = list(range(len(right) + 1))
    for i, char in enumerate(left, start=1):
        current = [i] + [0] * len(right)
        for j, other in enumerate(right, start=1):
            cost = 0 if char == other else 1
            value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char == right[j - 2] and left[i - 2] == other:
                value = min(value, previous2[j - 2] + 1)
            current[j] = value
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return previous[-1]


# Few letters, so that random words share many and transpositions happen; and any text.
WORDS = st.text(alphabet="abcdeéyoutнм", max_size=12) | st.text(max_size=12)
LIMITS = st.integers(min_value=0, max_value=14)


@settings(max_examples=2000, deadline=None)
@given(left=WORDS, right=WORDS, limit=LIMITS)
@example(left="a", right="abcd", limit=0)
@example(left="ca", right="abc", limit=5)
@example(left="yuoth", right="youth", limit=1)
@example(left="", right="", limit=0)
def test_same_answer_as_the_reference(left: str, right: str, limit: int) -> None:
    expected = reference_edit_distance(left, right, limit)
    got = edit_distance(left, right, limit)
    # Within the limit: the same distance. Past it: the reference sometimes returned the full
    # distance instead of limit + 1; rapidfuzz always returns limit + 1. Callers only ask
    # whether the distance exceeds the limit, which both answer alike.
    assert got == min(expected, limit + 1)
    assert (got > limit) == (expected > limit)


@settings(max_examples=1000, deadline=None)
@given(left=WORDS, right=WORDS)
def test_exact_distance_when_the_limit_is_not_reached(left: str, right: str) -> None:
    limit = max(len(left), len(right))  # no distance exceeds the longer length
    assert edit_distance(left, right, limit) == reference_edit_distance(left, right, limit)
    assert edit_distance(left, right, limit) == edit_distance(right, left, limit)


@pytest.mark.parametrize(
    ("left", "right", "limit", "reference", "now"),
    [
        ("a", "abcd", 0, 3, 1),  # no row of the reference exceeded 0; the last cell did
        ("ab", "abcdef", 1, 4, 2),
        ("abcdef", "uvwxyz", 1, 2, 2),
    ],
)
def test_past_the_limit_it_is_always_limit_plus_one(
    left: str, right: str, limit: int, reference: int, now: int
) -> None:
    assert reference_edit_distance(left, right, limit) == reference
    assert edit_distance(left, right, limit) == now == limit + 1
