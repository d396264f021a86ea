"""File names that name a municipality in romaji: only one municipality, and never a word lists use."""

from __future__ import annotations

import pytest

from jkg.etl.romaji import find_by_romaji, spellings

CASES = [
    ("kitamoto-r6", ["112330"]),  # 北本市
    ("shinagawa_R7", ["131091"]),  # 品川区
    ("Mitaka-shi-2024", ["132047"]),  # with its kind
    ("kitamotoshi", ["112330"]),
    ("setagaya-ku-jimujigyo", ["131121"]),
    ("hachioji", ["132012"]),  # 長音 left out (はちおうじ)
    ("fuchu-r5", ["132063", "342084", "343021"]),  # 府中市 twice and 府中町: ambiguous
    ("jimujigyo-seika-r6", []),  # 成果, not 精華町
    ("kaisei-ban", []),  # 改正, not 開成町
    ("chuo-ku", []),  # fewer than five letters: too short to tell
    ("list-2024", []),
]


@pytest.mark.parametrize(("stem", "codes"), CASES)
def test_find_by_romaji(stem: str, codes: list[str]) -> None:
    assert sorted(b.code for b in find_by_romaji(stem)) == codes


@pytest.mark.parametrize(
    ("hiragana", "expected"),
    [("きたもと", {"kitamoto"}), ("ちゅうおう", {"chuuou", "chuou", "chuo"}), ("なんば", {"nanba", "namba"})],
)
def test_spellings(hiragana: str, expected: set[str]) -> None:
    assert expected <= spellings(hiragana)
