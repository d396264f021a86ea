"""The copy of a field's text that names are matched in, with each character's offset in the verbatim text.

On top of normalise.normalise_with_offsets (NFKC, known transcription errors corrected):
* circled numbers (①, ⑫) are item markers, not digits of a name: they become a space;
* white space *inside a name* (a line break with the indentation after it, a stray space) is dropped, so that
  `スポ ーツ協会`, `財団法 人`, `児童福祉\\n法` and `東京\\n都` match as one name while the mention's span, taken
  back through the offsets, stays verbatim. White space is inside a name when the character after it cannot start
  a word (ー, small kana), when a known word runs across it (a registry or gazetteer name, a head or legal form, a
  word of the generic vocabulary), when a law or plan head stands alone after it, or — for a line break — when
  the text is wrapped at a fixed width (several lines of the longest length, as a PDF's) and the line before it is
  full. Other white space stays: a list's lines and words separated by a space are kept apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from jkg.etl.lexicon import LAW_HEADS, NAME_CHARS, NON_INITIAL, PLAN_HEADS
from jkg.etl.normalise import normalise_with_offsets

_CIRCLED = re.compile("[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u24ea\u24f5-\u24fe\u2776-\u2793]")
_WHITE = re.compile(r"\s+")
_MARKER = re.compile("[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf\u2776-\u2793・○●◎■□◆◇※▪•・]")
_WIDEST_PART = 12  # the longest part of a known name looked for on either side of a break


@dataclass(frozen=True)
class MatchText:
    norm: str  # what names are matched in
    origin: list[int]  # origin[i]: index in the verbatim text of norm[i]
    corrected: list[tuple[int, int]]  # spans of norm where a transcription correction applied

    def verbatim(self, start: int, end: int) -> tuple[int, int]:
        """The verbatim span of norm[start:end] (white space inside it included)."""
        return self.origin[start], self.origin[end - 1] + 1


def _line_widths(text: str) -> tuple[list[int], int, bool]:
    """Length of each line, the longest, and whether the text looks wrapped at a fixed width."""
    widths = [len(line.strip()) for line in text.split("\n")]
    widest = max(widths)
    full = sum(1 for w in widths if w >= widest - 1)
    wrapped = widest >= 15 and full >= 2 and full * 5 >= len(widths) * 2
    return widths, widest, wrapped


def match_text(text: str, corrections: dict[str, str], known: Callable[[str], bool] = lambda s: False) -> MatchText:
    """The matching copy of `text`; `known(word)` says whether a word is a known one (registry, gazetteer, heads)."""
    marked = _CIRCLED.sub(" ", text) if _CIRCLED.search(text) else text  # one character for one: offsets hold
    norm, origin, corrected = normalise_with_offsets(marked, corrections)
    if not _WHITE.search(norm):
        return MatchText(norm, origin, corrected)
    widths, widest, wrapped = _line_widths(text) if "\n" in text else ([], 0, False)
    parts: list[str] = []
    where: list[int] = []
    dropped: list[tuple[int, int]] = []
    done = 0
    for m in _WHITE.finditer(norm):
        i, j = m.span()
        if (
            i > 0
            and j < len(norm)
            and norm[i - 1] in NAME_CHARS
            and norm[j] in NAME_CHARS
            and _inside_a_name(norm, i, j, m.group(), text, origin, widths, widest, wrapped, known)
        ):
            parts.append(norm[done:i])
            where.extend(origin[done:i])
            dropped.append((i, j))
            done = j
    if not parts:
        return MatchText(norm, origin, corrected)
    parts.append(norm[done:])
    where.extend(origin[done:])
    if corrected:  # the corrected spans, in the copy without the dropped white space

        def moved(k: int) -> int:
            return k - sum(j - i for i, j in dropped if j <= k)

        corrected = [(moved(a), moved(b)) for a, b in corrected]
    return MatchText("".join(parts), where, corrected)


def _inside_a_name(
    norm: str,
    i: int,
    j: int,
    gap: str,
    text: str,
    origin: list[int],
    widths: list[int],
    widest: int,
    wrapped: bool,
    known: Callable[[str], bool],
) -> bool:
    """Whether the white space norm[i:j] between two name characters is a break inside a name."""
    if _MARKER.match(text, origin[j] - 1) or _MARKER.match(text, origin[j]):
        return False  # the next line starts an item: ①…, ・…, ○…
    if norm[j] in NON_INITIAL:
        return True
    left = norm[max(0, i - _WIDEST_PART) : i]
    right = norm[j : j + _WIDEST_PART]
    run = 0
    while run < len(right) and right[run] in NAME_CHARS:
        run += 1
    head = right[:run]
    if any(head == h or head.startswith(h + "第") for h in _HEAD_WORDS):
        return True  # a head alone at the start of a line: 児童福祉 / 法, 児童福祉 / 法第24条
    for a in range(1, len(left) + 1):
        for b in range(1, len(right) + 1):
            if known(left[-a:] + right[:b]):
                return True
    return "\n" in gap and wrapped and widths[text.count("\n", 0, origin[i - 1])] >= widest - 1


_HEAD_WORDS = frozenset(LAW_HEADS) | frozenset(PLAN_HEADS)
