"""Japanese prefectures and municipalities with their 全国地方公共団体コード (JIS X 0402).

Part of the kernel (imports nothing of etl/ or server/). The data is the bundled table
``data/municipalities/municipalities.csv`` (its SOURCE.md says where it comes from: 総務省's code list as of
2019–2020) with the columns ``code, prefecture_code, prefecture, name, kind, parent_code, parent_name, kana``;
:func:`gazetteer` loads it once per process, :meth:`Gazetteer.load` any such file.

Codes are 6 digits: 2 for the prefecture (JIS X 0401), 3 for the body, 1 check digit. The 5-digit form without
the check digit is accepted wherever a code is looked up.
"""

from __future__ import annotations

import csv
import functools
import os
import re
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from jkg import resources

__all__ = [
    "KINDS",
    "Gazetteer",
    "LocalGovernment",
    "check_digit",
    "gazetteer",
    "is_valid_code",
    "normalize_name",
]

#: Every value of :attr:`LocalGovernment.kind`.
KINDS: frozenset[str] = frozenset({"prefecture", "designated-city", "city", "special-ward", "ward", "town", "village"})
#: Kinds that are 市区町村 (basic local governments): everything but prefectures and designated-city wards.
MUNICIPALITY_KINDS: frozenset[str] = frozenset({"designated-city", "city", "special-ward", "town", "village"})

_WEIGHTS = (6, 5, 4, 3, 2)
_REQUIRED_COLUMNS = ("code", "prefecture_code", "prefecture", "name", "kind", "parent_code", "parent_name")
_SPACES = re.compile(r"\s+")
# Folded for matching only: small ヶ/ヵ and their full-size forms are used interchangeably in writing
# (鶴ヶ島市 / 鶴ケ島市, 保土ケ谷区 / 保土ヶ谷区). No two bodies differ only by these.
_FOLD = str.maketrans({"ヶ": "ケ", "ヵ": "カ"})


def check_digit(five: str) -> str:
    """The JIS X 0402 check digit (検査数字) of a 5-digit code.

    Weights 6, 5, 4, 3, 2; the check digit is the last digit of 11 minus the weighted sum mod 11
    (remainder 0 gives 1, remainder 1 gives 0).

    >>> check_digit("08220")
    '1'
    """
    if len(five) != 5 or not five.isascii() or not five.isdigit():
        raise ValueError(f"expected 5 ASCII digits, got {five!r}")
    remainder = sum(int(d) * w for d, w in zip(five, _WEIGHTS, strict=True)) % 11
    return str((11 - remainder) % 10)


def is_valid_code(code: str) -> bool:
    """True if ``code`` is 6 ASCII digits whose last digit is the check digit of the first five."""
    return len(code) == 6 and code.isascii() and code.isdigit() and check_digit(code[:5]) == code[5]


def normalize_name(text: str) -> str:
    """The form names are matched in: NFKC, all white space removed, ヶ/ヵ folded to ケ/カ."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", text)).translate(_FOLD)


@dataclass(frozen=True, slots=True)
class LocalGovernment:
    """One prefecture, municipality (市区町村) or ward (行政区) of a designated city."""

    code: str  # 6 digits with check digit
    prefecture_code: str  # 2 digits
    prefecture: str  # e.g. 茨城県
    name: str  # e.g. つくば市; for a prefecture its own name; for a designated-city ward the ward, e.g. 北区
    kind: str  # one of KINDS
    parent_code: str  # the designated city of a ward, else ""
    parent_name: str = ""  # e.g. 大阪市 for 大阪市北区, else ""
    kana: str = ""  # reading in katakana, "" where the source has none

    @property
    def code5(self) -> str:
        """The 5-digit code without the check digit."""
        return self.code[:5]

    @property
    def local_name(self) -> str:
        """The name within the prefecture: つくば市, 大阪市北区; a prefecture's own name."""
        if self.kind == "ward":
            return self.parent_name + self.name
        return self.name

    @property
    def full_name(self) -> str:
        """茨城県つくば市, 大阪府大阪市北区, 東京都品川区; a prefecture's own name (茨城県)."""
        if self.kind == "prefecture":
            return self.prefecture
        return self.prefecture + self.local_name

    def __str__(self) -> str:
        return f"{self.full_name} ({self.code})"


def _strip_prefecture_suffix(name: str) -> str:
    """東京都 → 東京, 大阪府 → 大阪, 茨城県 → 茨城; 北海道 is kept whole."""
    if name != "北海道" and name[-1:] in ("都", "府", "県"):
        return name[:-1]
    return name


class Gazetteer:
    """All bodies of one table, indexed by code and by name."""

    def __init__(self, bodies: Collection[LocalGovernment]) -> None:
        self._by_code5: dict[str, LocalGovernment] = {}
        for body in sorted(bodies, key=lambda b: b.code):
            if not is_valid_code(body.code):
                raise ValueError(f"{body.full_name}: invalid code {body.code!r}")
            if body.kind not in KINDS:
                raise ValueError(f"{body.code}: unknown kind {body.kind!r}")
            if body.code5 in self._by_code5:
                raise ValueError(f"duplicate code {body.code}")
            self._by_code5[body.code5] = body
        self._prefectures: dict[str, LocalGovernment] = {}
        self._by_key: dict[str, list[LocalGovernment]] = {}
        for body in self._by_code5.values():
            if body.kind == "prefecture":
                self._prefectures[body.prefecture_code] = body
            for key in self._keys(body):
                entries = self._by_key.setdefault(normalize_name(key), [])
                if body not in entries:
                    entries.append(body)
        for body in self._by_code5.values():
            if body.kind == "ward":
                parent = self._by_code5.get(body.parent_code[:5])
                if parent is None or parent.kind != "designated-city" or parent.name != body.parent_name:
                    raise ValueError(f"{body.code} {body.name}: parent {body.parent_code} {body.parent_name} not found")
            elif body.parent_code:
                raise ValueError(f"{body.code} {body.name}: only wards have a parent, got {body.parent_code}")
            if body.prefecture_code not in self._prefectures:
                raise ValueError(f"{body.code} {body.name}: no prefecture {body.prefecture_code}")

    @staticmethod
    def _keys(body: LocalGovernment) -> list[str]:
        if body.kind == "prefecture":
            return [body.name, _strip_prefecture_suffix(body.name)]
        keys = [body.name, body.prefecture + body.name]
        if body.kind == "ward":
            keys += [body.local_name, body.prefecture + body.local_name]
        return keys

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Gazetteer:
        """Read a CSV written by the build script (UTF-8, header row; ``kana`` optional)."""
        bodies: list[LocalGovernment] = []
        with Path(path).open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            missing = [c for c in _REQUIRED_COLUMNS if c not in (reader.fieldnames or ())]
            if missing:
                raise ValueError(f"{path}: missing column(s) {', '.join(missing)}")
            for row in reader:
                if None in row or None in row.values():  # too many or too few fields
                    raise ValueError(f"{path}:{reader.line_num}: wrong number of fields")
                body = LocalGovernment(
                    code=row["code"],
                    prefecture_code=row["prefecture_code"],
                    prefecture=row["prefecture"],
                    name=row["name"],
                    kind=row["kind"],
                    parent_code=row["parent_code"],
                    parent_name=row["parent_name"],
                    kana=row.get("kana") or "",
                )
                if not is_valid_code(body.code):
                    raise ValueError(f"{path}:{reader.line_num}: bad code or check digit {body.code!r}")
                if body.code[:2] != body.prefecture_code:
                    raise ValueError(f"{path}:{reader.line_num}: code {body.code} not in {body.prefecture_code}")
                bodies.append(body)
        return cls(bodies)

    def __len__(self) -> int:
        return len(self._by_code5)

    def __iter__(self) -> Iterator[LocalGovernment]:
        return iter(self._by_code5.values())

    def by_code(self, code: str) -> LocalGovernment | None:
        """The body with a 5- or 6-digit code (full-width digits and spaces are tolerated), or None.

        Raises ValueError for anything that is not 5 or 6 digits, and for a 6-digit code whose check digit is wrong.
        """
        digits = _SPACES.sub("", unicodedata.normalize("NFKC", code))
        if not (digits.isascii() and digits.isdigit() and len(digits) in (5, 6)):
            raise ValueError(f"not a 5- or 6-digit local government code: {code!r}")
        if len(digits) == 6 and not is_valid_code(digits):
            raise ValueError(f"check digit of {digits} is wrong: expected {digits[:5]}{check_digit(digits[:5])}")
        return self._by_code5.get(digits[:5])

    def _prefecture(self, prefecture: str) -> LocalGovernment:
        key = normalize_name(prefecture)
        if key.isascii() and key.isdigit() and len(key) in (1, 2):
            found = self._prefectures.get(key.zfill(2))
            if found is not None:
                return found
        for pref in self._prefectures.values():
            if key in (pref.name, _strip_prefecture_suffix(pref.name)):
                return pref
        raise ValueError(f"unknown prefecture {prefecture!r}")

    def find(self, name: str, prefecture: str | None = None) -> list[LocalGovernment]:
        """Every body whose name matches ``name`` (NFKC, spaces ignored, ヶ/ケ folded), in code order.

        ``name`` may carry the prefecture and, for a ward, the city: 品川区, 東京都品川区, 北区, 大阪市北区,
        大阪府大阪市北区. ``prefecture`` (東京都, 東京 or the code 13) narrows the result; an unknown prefecture
        raises ValueError.
        """
        found = self._by_key.get(normalize_name(name), [])
        if prefecture is not None:
            pref = self._prefecture(prefecture)
            found = [b for b in found if b.prefecture_code == pref.prefecture_code]
        return sorted(found, key=lambda b: b.code)

    def resolve(self, text: str, prefecture: str | None = None) -> LocalGovernment:
        """The one body that ``text`` (a 5- or 6-digit code, or a name as for :meth:`find`) names.

        Raises ValueError, saying what to give instead, when the code or name is unknown or the name is ambiguous.
        """
        key = normalize_name(text)
        if key.isascii() and key.isdigit():
            body = self.by_code(key)
            if body is None:
                raise ValueError(f"no local government has the code {key}")
            if prefecture is not None and body.prefecture_code != self._prefecture(prefecture).prefecture_code:
                raise ValueError(f"{body} is not in {prefecture}")
            return body
        found = self.find(text, prefecture)
        if len(found) == 1:
            return found[0]
        where = f" in {prefecture}" if prefecture is not None else ""
        if not found:
            similar = self._similar(key, prefecture)
            hint = f"; did you mean {', '.join(map(str, similar))}?" if similar else ""
            raise ValueError(f"unknown local government {text!r}{where}{hint}")
        candidates = ", ".join(map(str, found))
        first = found[0]
        what = (
            "the prefecture (and, for a ward, the city)" if any(b.kind == "ward" for b in found) else "the prefecture"
        )
        raise ValueError(
            f"{text!r}{where} is ambiguous: {len(found)} candidates: {candidates}; "
            f"give {what}, e.g. {first.full_name}, or the code {first.code}"
        )

    def _similar(self, key: str, prefecture: str | None, limit: int = 10) -> list[LocalGovernment]:
        if not key:
            return []
        pref_code = self._prefecture(prefecture).prefecture_code if prefecture is not None else None
        hits = [
            b
            for b in self._by_code5.values()
            if (pref_code is None or b.prefecture_code == pref_code)
            and (key in normalize_name(b.full_name) or normalize_name(b.local_name) in key)
        ]
        return hits[:limit]

    def prefectures(self) -> list[LocalGovernment]:
        """The 47 prefectures in code order (北海道 … 沖縄県)."""
        return sorted(self._prefectures.values(), key=lambda b: b.code)

    def prefecture_of(self, body: LocalGovernment) -> LocalGovernment:
        """The prefecture a body belongs to (itself for a prefecture)."""
        return self._prefectures[body.prefecture_code]

    def wards_of(self, city: LocalGovernment) -> list[LocalGovernment]:
        """The wards of a designated city, in code order (empty for any other body)."""
        return [b for b in self._by_code5.values() if b.kind == "ward" and b.parent_code == city.code]

    def names(self, kinds: Collection[str] | None = None) -> list[str]:
        """Distinct names of the bodies of ``kinds`` (default: all but prefectures), longest first.

        Longest-first order suits building an alternation regex, in which a name must be tried before any
        shorter name it begins with. Ward names are the bare ward names (北区), not 大阪市北区.
        """
        wanted = KINDS - {"prefecture"} if kinds is None else frozenset(kinds)
        unknown = wanted - KINDS
        if unknown:
            raise ValueError(f"unknown kind(s): {', '.join(sorted(unknown))}")
        distinct = {b.name for b in self._by_code5.values() if b.kind in wanted}
        return sorted(distinct, key=lambda n: (-len(n), n))

    def shared_names(self, kinds: Collection[str] = MUNICIPALITY_KINDS) -> dict[str, list[LocalGovernment]]:
        """Names borne by bodies (of ``kinds``) in more than one prefecture, e.g. 府中市 (東京都, 広島県)."""
        groups: dict[str, list[LocalGovernment]] = {}
        for body in self._by_code5.values():
            if body.kind in kinds:
                groups.setdefault(body.name, []).append(body)
        return {
            name: bodies
            for name, bodies in sorted(groups.items(), key=lambda item: item[1][0].code)
            if len({b.prefecture_code for b in bodies}) > 1
        }


@functools.cache
def gazetteer() -> Gazetteer:
    """The bundled table of every prefecture, municipality and designated-city ward, loaded once."""
    return Gazetteer.load(resources.municipalities_file())
