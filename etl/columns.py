"""Column roles: which column of a list holds what, recognised from the real header variants.

A header is matched on its NFKC form with white space and brackets ignored, in any order. Money headers carry
their kind, year and unit (`R6決算(千円)` → settled amount, FY2024, thousands of yen). A column whose header is
not recognised keeps the role `extra`: it is reported and its cells go into the graph as raw values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from jkg.etl.normalise import era_year, nfkc

# role → header variants (as keys: NFKC, no white space, no brackets).
VARIANTS: dict[str, tuple[str, ...]] = {
    "serial": ("通し番号", "番号", "連番", "No", "NO", "No."),
    "number": (
        "事業番号",
        "事務事業番号",
        "事務事業コード",
        "事業コード",
        "予算事業ID",
        "事業ID",
        "事務事業ID",
        "事務事業No",
        "事業No",
    ),
    "page": ("ページ番号", "ページ", "頁", "掲載ページ"),
    "name": ("事務事業名", "事業名", "予算名", "事務事業の名称", "事業名称", "予算事業名"),
    "department": ("担当部", "担当局", "局", "部", "部名", "局名", "担当部局", "担当部署", "部局", "部局名", "所管部"),
    "unit": (
        "課名",
        "担当課",
        "主管課",
        "所管課",
        "担当部室課",
        "担当部課",
        "担当課名",
        "所属",
        "所属名",
        "担当課室",
        "所管課名",
    ),
    "section": ("係", "担当係", "係名", "担当係名", "担当グループ"),
    "purpose": ("事業の目的", "目的", "意図", "事業目的", "目的・意図"),
    "overview": ("事業の概要", "事業概要", "事業の内容", "手段", "実施内容", "概要", "事業内容", "内容"),
    "results": ("成果", "事業実施結果", "活動実績", "事業の成果", "実績", "実施結果", "成果・実績"),
    "fiscal_year": ("年度", "事業年度", "実施年度", "対象年度"),
    "evaluation_year": ("評価年度",),
    "direction": (
        "今後の方向性",
        "今後の展開",
        "今後の取組の方向性",
        "方向性",
        "今後の展開詳細",
        "今後の方向",
        "改革改善の方向性",
    ),
    "grade": ("総合評価", "評価", "評価結果", "総合判定"),
    "legal_basis_kind": ("根拠法令区分", "根拠法令等区分", "法令区分"),
    "legal_basis": ("根拠法令", "根拠法令等", "根拠法", "根拠法令・条例", "法令根拠"),
    "policy": ("政策", "政策の柱", "政策名", "基本目標", "政策分野"),
    "measure": ("施策", "施策名"),
    "basic_project": ("基本事業", "基本事業名"),
}
TEXT_ROLES = ("name", "purpose", "overview", "results")
CODED_ROLES = ("direction", "grade", "legal_basis_kind", "legal_basis", "policy", "measure", "basic_project")
UNIT_ROLES = ("department", "unit", "section")
KEY_ROLES = ("number", "page", "serial")
# Roles a mapping file may name: every role above, amounts, indicators, and `extra` / `ignore`.
AMOUNT = "amount"
INDICATOR = "indicator"
ROLES = (*VARIANTS, AMOUNT, INDICATOR, "extra", "ignore")
LABELS: dict[str, str] = {role: variants[0] for role, variants in VARIANTS.items()}

_IGNORED = re.compile(r"[\s()（）\[\]［］【】「」〔〕<>＜＞]")
_BRACKETED = re.compile(r"[(（\[［【〔<＜][^)）\]］】〕>＞]*[)）\]］】〕>＞]")

# Money: an optional year (R6, 令和6年度, 2024年度), a kind, and the unit (千円, 円, 百万円).
AMOUNT_KINDS: dict[str, str] = {
    "決算見込": "settled-estimate",
    "決算": "settled",
    "当初予算": "initial-budget",
    "補正後予算": "revised-budget",
    "予算現額": "revised-budget",
    "予算": "budget",
    "予定": "planned",
    "計画": "planned",
    "事業費": "project-cost",
    "一般財源": "general-revenue",
    "トータルコスト": "total-cost",
    "総コスト": "total-cost",
    "人件費": "personnel-cost",
    "国庫支出金": "national-subsidy",
    "都道府県支出金": "prefectural-subsidy",
    "県支出金": "prefectural-subsidy",
    "都支出金": "prefectural-subsidy",
    "地方債": "local-bond",
    "単位コスト": "unit-cost",
    "その他特定財源": "other-specific-revenue",
    "特定財源": "specific-revenue",
}
SCALES: dict[str, int] = {"円": 1, "千円": 1000, "百万円": 1_000_000}
_KINDS_RE = "|".join(sorted(map(re.escape, AMOUNT_KINDS), key=len, reverse=True))
_AMOUNT = re.compile(
    r"^(?:(?P<era>[RrHh令平]|令和|平成)(?P<n>元|\d{1,2})(?:年度?)?|(?P<west>(?:19|20)\d\d)(?:年度?)?)?"
    rf"(?:年度)?(?P<kind>{_KINDS_RE})額?(?P<tail>[^(（]*)(?:[(（](?P<unit>[^)）]*)[)）])?$"
)
_ERA = {"r": "令和", "h": "平成", "令": "令和", "平": "平成", "令和": "令和", "平成": "平成"}


@dataclass(frozen=True)
class Amount:
    """What a money column holds: its kind, fiscal year (None: the sheet's year) and scale in yen (0: the header
    names no unit)."""

    kind: str
    fiscal_year: int | None
    scale: int
    caveat: str = ""  # e.g. 人件費除く, from the header


@dataclass(frozen=True)
class IndicatorField:
    """What an indicator column holds: which indicator (kind and number) and which of its fields, for which
    fiscal year (None: the sheet's year)."""

    kind: str  # activity, outcome, other
    number: int  # 1 unless the header numbers it (成果指標2)
    field: str  # name, unit, target, actual
    fiscal_year: int | None = None

    @property
    def key(self) -> str:
        """The indicator's key within its sheet: outcome-1."""
        return f"{self.kind}-{self.number}"


INDICATOR_KINDS = {"活動指標": "activity", "成果指標": "outcome", "指標": "other"}
INDICATOR_FIELDS = {"名称": "name", "名": "name", "単位": "unit", "目標値": "target", "目標": "target"}
INDICATOR_FIELDS |= {"実績値": "actual", "実績": "actual"}
_YEAR = r"(?:(?P<{0}era>[RrHh令平]|令和|平成)(?P<{0}n>元|\d{{1,2}})|(?P<{0}west>(?:19|20)\d\d))(?:年度|年)?"
_INDICATOR = re.compile(
    rf"^(?:{_YEAR.format('a')})?(?P<kind>活動指標|成果指標|指標)(?P<number>\d{{1,2}})?(?:{_YEAR.format('b')})?"
    rf"の?(?P<field>{'|'.join(INDICATOR_FIELDS)})?(?:{_YEAR.format('c')})?(?P<number2>\d{{1,2}})?$"
)


def _year_of(m: re.Match[str], prefix: str) -> int | None:
    if m.group(prefix + "era"):
        return era_year(_ERA[m.group(prefix + "era").lower()], m.group(prefix + "n"))
    if m.group(prefix + "west"):
        return int(m.group(prefix + "west"))
    return None


def indicator_of(header: str) -> IndicatorField | None:
    """The indicator field a header announces: `成果指標名`, `活動指標1の単位`, `成果指標目標値(R6)`,
    `R6成果指標実績`, or None."""
    m = _INDICATOR.match(header_key(header))
    if not m:
        return None
    number = int(m.group("number") or m.group("number2") or 1)
    year = next((y for y in (_year_of(m, p) for p in "abc") if y is not None), None)
    field = INDICATOR_FIELDS[m.group("field")] if m.group("field") else "name"
    return IndicatorField(INDICATOR_KINDS[m.group("kind")], number, field, year)


def header_key(text: str) -> str:
    """A header as matched: NFKC, white space and brackets removed (their content kept)."""
    return _IGNORED.sub("", nfkc(text))


def amount_of(header: str) -> Amount | None:
    """The money a header announces: `R6決算(千円)`, `令和7年度当初予算額（千円）`, `事業費(円)`, or None."""
    text = re.sub(r"\s+", "", nfkc(header))
    m = _AMOUNT.match(text)
    if not m:
        return None
    unit = m.group("unit") or ""
    scale = next((SCALES[u] for u in sorted(SCALES, key=len, reverse=True) if u in unit), None)
    caveat = (m.group("tail") or "") + (
        unit.replace("千円", "").replace("百万円", "").replace("円", "") if unit else ""
    )
    caveat = caveat.strip("・、,:： ")
    if scale is None:
        if unit and not any(word in unit for word in ("除", "含", "込", "税")):
            return None  # (ドル), (件): not an amount in yen
        scale = 0  # not stated in the header: the title's 単位：千円, else yen (with a warning)
    year: int | None = None
    if m.group("era"):
        year = era_year(_ERA[m.group("era").lower()], m.group("n"))
    elif m.group("west"):
        year = int(m.group("west"))
    return Amount(AMOUNT_KINDS[m.group("kind")], year, scale, caveat)


def role_of(header: str) -> str | None:
    """The role a header names, or None (an extra column). Money headers give `amount`."""
    k = header_key(header)
    if not k:
        return None
    for role, variants in VARIANTS.items():
        if k in variants:
            return role
    if amount_of(header) is not None:
        return AMOUNT
    if indicator_of(header) is not None:
        return INDICATOR
    bare = _IGNORED.sub("", _BRACKETED.sub("", nfkc(header)))  # 今後の展開（詳細） → 今後の展開
    for role, variants in VARIANTS.items():
        if bare and bare in variants:
            return role
    return None
