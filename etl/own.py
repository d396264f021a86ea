"""The list's own municipality: what in its text is itself, its organs and its own plans and ordinances.

* The municipality (北本市, 埼玉県北本市, 本市, 当市, 市) and its organs, offices and facilities (北本市教育委員会,
  市役所, 北本市立図書館, its 審議会, 推進本部, 事務局 …) are never partners. Bodies of their own that carry its
  name are (北本市社会福祉協議会, 北本市商工会); a short form with 市 is completed
  (市スポーツ協会 → 北本市スポーツ協会).
* A plan, 条例 or 規則 named without any body's prefix is the municipality's own (総合振興計画, 第五次総合振興計画,
  自治基本条例): its canonical name carries the municipality's name after the ordinal (第五次北本市総合振興計画), and it
  is one resource per municipality and name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jkg.etl.lexicon import INTERNAL_HEADS, STATUTORY_OWN
from jkg.municipalities import LocalGovernment

_ORDINAL = re.compile(r"^第[0-9〇一二三四五六七八九十]+(?:次|期)")
_KANA_SUFFIX = {"市": ("シ",), "区": ("ク",), "町": ("マチ", "チョウ"), "村": ("ムラ", "ソン"), "県": ("ケン",)}
# 市 + one of these is another word, not 「市」 as the short name of the municipality (市民大学, 市内, 市長 …).
_NOT_SHORT_NAME = "民内外長立議役場政制営道債費税街域全"


def hiragana_name(body: LocalGovernment) -> str:
    """The name in hiragana without its kind (キタモトシ → きたもと), "" when the table has no reading."""
    kana = body.kana
    for ending in _KANA_SUFFIX.get(body.name[-1:], ()):
        if kana.endswith(ending):
            kana = kana[: -len(ending)]
            break
    else:
        return ""
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in kana)


@dataclass(frozen=True)
class Own:
    """What the own-body and own-plan rules need to know about the list's municipality."""

    body: LocalGovernment
    names: tuple[str, ...] = ()  # its names, longest first: 埼玉県北本市, 北本市
    prefixes: tuple[str, ...] = ()  # what may stand for it before a name: its names, its reading, 本市, 当市

    def __post_init__(self) -> None:
        b = self.body
        names = tuple(sorted({b.full_name, b.local_name, b.name}, key=len, reverse=True))
        object.__setattr__(self, "names", names)
        reading = (hiragana_name(b),) if hiragana_name(b) else ()  # しながわ防災学校 is 品川区's
        object.__setattr__(self, "prefixes", (*names, *reading, "本" + b.name[-1], "当" + b.name[-1]))

    @property
    def kind_char(self) -> str:
        return self.body.name[-1]  # 市, 区, 町, 村; 県, 都, 府, 道 for a prefecture's list

    @property
    def short_forms(self) -> frozenset[str]:
        """本市, 当市, 同市, 市 (or 区, 町, 村): the municipality itself."""
        k = self.kind_char
        return frozenset({k, "本" + k, "当" + k, "同" + k, "わが" + k, "我が" + k})

    def prefix(self, name: str) -> str:
        """The part of `name` (after an ordinal) that names this municipality: 北本市, 本市, 市; else ""."""
        ordinal = _ORDINAL.match(name)
        rest = name[ordinal.end() :] if ordinal else name
        for own in self.prefixes:
            if rest.startswith(own):
                return own
        k = self.kind_char
        if rest.startswith(k) and len(rest) > 1 and rest[1] not in _NOT_SHORT_NAME:
            return k
        return ""

    def is_itself(self, name: str) -> bool:
        return name in self.short_forms or name in self.names

    def is_organ(self, name: str) -> bool:
        """An organ, office or facility of the municipality (its name or its short name first), or a council
        every municipality sets up by statute (青少年問題協議会)."""
        if any(name.endswith(s) for s in STATUTORY_OWN):
            return True
        if name.startswith(self.kind_char + "立") or any(name.startswith(n + "立") for n in self.names):
            return True  # 市立図書館, 北本市立中学校
        prefix = self.prefix(name)
        if not prefix:
            return False
        rest = name[name.index(prefix) + len(prefix) :]
        independent = ("協議会", "市民会議", "連合会", "シルバー人材センター")
        return not rest or (rest.endswith(INTERNAL_HEADS) and not rest.endswith(independent))

    def complete(self, name: str) -> str:
        """The full name of a body or plan written with the short name: 市スポーツ協会 → 北本市スポーツ協会."""
        prefix = self.prefix(name)
        if prefix and prefix in ("本" + self.kind_char, "当" + self.kind_char, self.kind_char):
            i = name.index(prefix)
            return name[:i] + self.body.name + name[i + len(prefix) :]
        return name

    def own_name(self, name: str) -> str:
        """The canonical name of an own plan or ordinance: the municipality's name after the ordinal."""
        if self.prefix(name):
            return self.complete(name)
        ordinal = _ORDINAL.match(name)
        i = ordinal.end() if ordinal else 0
        return name[:i] + self.body.name + name[i:]
