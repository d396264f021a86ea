"""The registry's names are matched by a trie of their characters: it must find exactly what the plain
alternation (longest word first) finds."""

import re

import pytest

from jkg.etl.lexicon import alternation, trie_alternation

WORDS = ["協議会", "協議", "協", "社会福祉協議会", "社会", "NPO法人", "NPO", "a.b", "(仮称)計画", "計画", "計画書"]
TEXTS = [
    "社会福祉協議会と協議会が協議した",
    "NPO法人とNPOとa.bとaxb",
    "(仮称)計画の計画書と計画",
    "協協議協議会会",
    "",
    "関係のない文",
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_trie_finds_what_the_alternation_finds(text: str) -> None:
    plain, trie = re.compile(alternation(WORDS)), re.compile(trie_alternation(WORDS))
    assert [m.span() for m in trie.finditer(text)] == [m.span() for m in plain.finditer(text)]


def test_the_longest_word_at_a_position_wins() -> None:
    found = [m.group() for m in re.finditer(trie_alternation(WORDS), "社会福祉協議会の協議会")]
    assert found == ["社会福祉協議会", "協議会"]
