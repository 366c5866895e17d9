"""The sorted vocabulary an index stores, and term lookups in it."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsbot.index.lexicon import Lexicon, sorted_vocabulary

TERMS = ["youth", "молодёжь", "astana", "2050", "zürich", "a", "youths", "nazarbayev"]


def lexicon_of(terms: list[str]) -> Lexicon:
    return Lexicon(*sorted_vocabulary(terms))


def test_every_term_finds_its_own_id() -> None:
    lexicon = lexicon_of(TERMS)
    assert [lexicon.get(term) for term in TERMS] == list(range(len(TERMS)))
    assert len(lexicon) == len(TERMS)


def test_unknown_terms_and_prefixes_are_not_found() -> None:
    lexicon = lexicon_of(TERMS)
    for term in ["", "yout", "youthss", "zz", "молодёж", "0"]:
        assert lexicon.get(term) is None


def test_items_walk_the_vocabulary_in_id_order() -> None:
    assert list(lexicon_of(TERMS).items()) == [(term, n) for n, term in enumerate(TERMS)]


def test_an_empty_vocabulary_knows_nothing() -> None:
    lexicon = lexicon_of([])
    assert len(lexicon) == 0
    assert lexicon.get("youth") is None
    assert list(lexicon.items()) == []


@given(
    st.lists(
        st.text(
            alphabet=st.characters(blacklist_characters="\n", blacklist_categories=("Cs",)),
            min_size=1,
        ),
        unique=True,
    )
)
def test_lookup_agrees_with_a_dictionary(terms: list[str]) -> None:
    lexicon = lexicon_of(terms)
    expected = {term: n for n, term in enumerate(terms)}
    for term in [*terms, "absent-term", "\u0000"]:
        assert lexicon.get(term) == expected.get(term)
