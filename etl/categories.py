"""The common categories a municipality's own wording maps onto (skos:broadMatch), by keyword.

Each municipality writes its evaluation's direction and its legal-basis kinds in its own words (`手法等の改善`,
`1_実施方法等の見直し`, `規則等`); each wording is a concept of that municipality's scheme, kept verbatim, and is
matched here to one of the shared categories of the vocabulary (`jkg:direction-improve`, `jkg:basis-rule`), so
that one query finds every city's 縮小 and 廃止. The first rule whose keyword the label contains wins; a label
no rule matches gets no category (the build warns), and data/registry/organizations.toml can give one.
Pure, table-tested in tests/unit/test_categories.py.
"""

from __future__ import annotations

from jkg.etl.normalise import key

# (category, keywords), tried in order: the phrases that say "no change" come before 見直し (review).
DIRECTION_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "continue",
        ("見直しは必要ない", "見直しの必要はない", "見直しは不要", "見直しが不可能", "時期尚早", "改正が必須"),
    ),
    ("reduce", ("一部廃止", "縮小", "縮減", "削減")),
    ("abolish", ("廃止", "休止", "中止")),
    ("complete", ("完了", "終了")),
    ("merge", ("統合", "統廃合", "移管")),
    ("expand", ("拡大", "拡充", "重点化", "充実")),
    ("continue", ("現状維持", "現状継続", "継続", "維持", "どおり", "通り", "現行どおり")),
    ("improve", ("改善", "見直し", "改革", "効率化", "再構築")),
)
DIRECTIONS = ("expand", "continue", "improve", "reduce", "merge", "abolish", "complete")

BASIS_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("none", ("なし", "無し", "該当なし", "根拠なし")),
    ("law", ("法令", "法律", "政令", "省令", "国の法")),
    ("ordinance", ("条例",)),
    ("rule", ("規則", "規程")),
    ("guideline", ("要綱", "要領", "基準", "指針")),
    ("agreement", ("協定", "契約", "覚書", "申合せ")),
)
BASES = ("law", "ordinance", "rule", "guideline", "agreement", "none")


def _match(rules: tuple[tuple[str, tuple[str, ...]], ...], label: str) -> str | None:
    k = key(label)
    for category, words in rules:
        if any(w in k for w in words):
            return category
    return None


def direction_category(label: str) -> str | None:
    """The common direction of a municipality's wording: `3_事業費の縮小` → reduce, `手法等の改善` → improve."""
    return _match(DIRECTION_RULES, label)


def basis_category(label: str) -> str | None:
    """The common kind of legal basis of a municipality's wording: `規則等` → rule, `法令` → law, `なし` → none."""
    return _match(BASIS_RULES, label)


# 移管 (a transfer to another body) counts as merge: both end the project as the city ran it. 見直し alone
# (対象・規模等の見直し) is a review, improve; its "no change" phrases are matched first.
SCHEMES = {"direction": direction_category, "legal-basis-kind": basis_category}
