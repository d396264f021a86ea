"""Unit cells → hierarchies of one to four named units (局 › 部 › 課 › 係), by the suffixes real lists use.

`政策イノベーション部 情報政策課`, `政策推進部市長公室`, `法務省 大臣官房 司法法制部 司法法制課`, `会計課` (a division
directly under the municipality), `区長室 総務課官民共創担当`; a cell naming two units (`企画課・財政課`,
`市民部 市民課、保険課`) gives both. Names keep their verbatim spelling (spaces inside a name dropped).
"""

from __future__ import annotations

import re
from functools import lru_cache

from jkg.etl.normalise import key, nfkc

# Suffix → kind. Longest first, so 事務局 wins over 局 and 公室 over 室.
SUFFIXES: dict[str, str] = {
    "区長室": "department",
    "市長室": "department",
    "事務局": "department",
    "委員会": "department",
    "官房": "department",
    "局": "department",
    "部": "department",
    "省": "department",
    "庁": "department",
    "本部": "department",
    "センター": "division",
    "事務所": "division",
    "公室": "division",
    "室": "division",
    "課": "division",
    "所": "division",
    "館": "division",
    "園": "division",
    "担当": "section",
    "係": "section",
    "グループ": "section",
    "チーム": "section",
}
KINDS = ("department", "division", "section")
MAX_LEVELS = 4
_BY_LENGTH = sorted(SUFFIXES, key=len, reverse=True)
# Suffixes a run is split after; 庁 (庁舎), 所, 館, 園 occur inside names too often to split on.
_SPLIT_AT = [s for s in _BY_LENGTH if s not in ("庁", "所", "館", "園", "グループ", "チーム")]
_LIST_SEPARATORS = re.compile(r"[、，,／/\n;；]+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def kind_of(name: str) -> str | None:
    """The kind a unit name's suffix gives, or None when it has no unit suffix (cached: a list names the same
    units on many rows)."""
    n = nfkc(name)
    for suffix in _BY_LENGTH:
        if n.endswith(suffix) and len(n) > len(suffix) - (1 if suffix in ("区長室", "市長室") else 0):
            return SUFFIXES[suffix]
    return None


def _tokens(text: str) -> list[str]:
    """Split a run without spaces after each unit suffix that ends a name of three characters or more and is
    followed by another unit name (委員会|事務局 stays one name: the rest must be more than a suffix)."""
    names: list[str] = []
    start = 0
    for i in range(len(text)):
        for suffix in _SPLIT_AT:
            end = i + len(suffix)
            rest = text[end:]
            if (
                text.startswith(suffix, i)
                and end - start >= 3
                and kind_of(rest) is not None
                and rest not in SUFFIXES
                and not any(rest.startswith(s) and rest[len(s) :] in SUFFIXES for s in SUFFIXES)
            ):
                names.append(text[start:end])
                start = end
                break
    names.append(text[start:])
    return [n for n in names if n]


def _head_and_name(text: str) -> list[str]:
    """A run whose last name has no suffix (政策イノベーション部つくばイノベーションプラザ): split it after the last
    department suffix that ends a name of three characters or more; the rest is the name."""
    for i in range(len(text) - 1, 2, -1):
        head = text[:i]
        if kind_of(head) == "department" and any(head.endswith(s) for s in _SPLIT_AT):
            return [*_tokens(head), text[i:]]
    return [text]


def split_path(text: str) -> tuple[str, ...]:
    """One unit's path of names, top first: by white space when the cell has it, else by suffixes."""
    parts = [p for p in _SPACES.split(text.strip()) if p]
    names: list[str] = []
    for part in parts:
        names.extend(_tokens(part) if kind_of(part) is not None else _head_and_name(part))
    merged: list[str] = []
    for name in names:  # a word without a suffix (司法, 大臣) belongs to the next name
        if merged and kind_of(merged[-1]) is None:
            merged[-1] += name
        else:
            merged.append(name)
    out: list[str] = []
    for name in merged:  # 選挙管理委員会事務局 / 選挙管理委員会事務局 in two cells is one unit
        if not out or key(out[-1]) != key(name):
            out.append(name)
    return tuple(out)


def _split_list(text: str) -> list[str]:
    parts = [p.strip() for p in _LIST_SEPARATORS.split(text) if p.strip()]
    out: list[str] = []
    for part in parts:
        dotted = [p for p in part.split("・") if p.strip()]
        if len(dotted) > 1 and all(kind_of(p.strip()) is not None for p in dotted):
            out.extend(p.strip() for p in dotted)
        else:
            out.append(part)
    return out


def parse_units(cells: list[str]) -> list[tuple[str, ...]] | None:
    """Every unit path that the unit cell(s) name, top first; None when a lone name has no unit suffix or a
    path is deeper than MAX_LEVELS (a name after a parent may lack one: 政策イノベーション部 ○○プラザ).

    `cells` is one cell (課名) or several (担当部, 担当課, 係): the last may list several units; each one after
    the first with a single name shares the first one's parents (`市民部 市民課、保険課`)."""
    paths = _parse_units(tuple(cells))
    return None if paths is None else list(paths)


@lru_cache(maxsize=4096)
def _parse_units(cells: tuple[str, ...]) -> tuple[tuple[str, ...], ...] | None:
    """parse_units, cached: a list names the same few hundred units on thousands of rows."""
    filled = [c for c in cells if c.strip()]
    if not filled:
        return None
    prefix: tuple[str, ...] = ()
    for cell in filled[:-1]:
        prefix += split_path(cell)
    paths: list[tuple[str, ...]] = []
    for i, item in enumerate(_split_list(filled[-1])):
        path = split_path(item)
        path = paths[0][:-1] + path if i > 0 and len(path) == 1 and paths and len(paths[0]) > 1 else prefix + path
        dedup: list[str] = []
        for name in path:
            if not dedup or key(dedup[-1]) != key(name):
                dedup.append(name)
        path = tuple(dedup)
        if len(path) > MAX_LEVELS or (len(path) == 1 and kind_of(path[0]) is None):
            return None
        paths.append(path)
    return tuple(paths)


def unit_kind(path: tuple[str, ...], level: int) -> str:
    """The kind of the unit at `level` of a path: by its suffix; a name without one is a division."""
    return kind_of(path[level]) or "division"
