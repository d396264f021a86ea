"""What a sheet holds, as a page shows it: its amounts by kind and fiscal year (a table and a bar chart) and its
indicators' targets and actuals; for a project, the same over all its yearly sheets.

Read from the store starting from the sheets' IRIs (cheap at any size). When two sheets give the same kind of
amount for the same year (a FY2025 sheet restating the FY2024 決算), or the same indicator's value for a year,
the newer sheet's figure is shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from jkg.server import i18n
from jkg.server.charts import Bar, Chart
from jkg.server.colours import colour
from jkg.server.resource import Reader, Term
from jkg.vocab import JKG_NS

KIND_ORDER = (  # the order a sheet's money is read in: budget, then spending, then its sources
    "initial-budget",
    "planned",
    "settled",
    "project-cost",
    "total-cost",
    "personnel-cost",
    "general-revenue",
    "national-subsidy",
    "prefectural-subsidy",
    "local-bond",
    "unit-cost",
)


CHART_KINDS = 3  # a small chart: 当初予算, 決算 and one more at most


@dataclass(frozen=True)
class Amount:
    kind: Term
    year: int
    yen: Decimal
    sheet: Term  # the sheet that gives it
    caveat: str = ""


@dataclass(frozen=True)
class MoneyRow:
    """One kind of amount across the years: yen per year (None where no sheet gives it)."""

    kind: Term
    cells: list[Amount | None]


@dataclass(frozen=True)
class IndicatorRow:
    """One indicator in one fiscal year: its target, its actual, and whether the actual reached the target."""

    name: str
    kind: str
    unit: str
    year: int
    target: Decimal | None
    actual: Decimal | None
    sheet: Term

    @property
    def met(self) -> bool | None:
        if self.target is None or self.actual is None:
            return None
        return self.actual >= self.target  # "below target" is missed: the lists do not say when less is better


@dataclass
class Figures:
    years: list[int] = field(default_factory=list)
    money: list[MoneyRow] = field(default_factory=list)
    chart: Chart | None = None
    indicators: list[IndicatorRow] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.money or self.indicators)


def _values(sheets: list[str]) -> str:
    return " ".join(f"<{s}>" for s in sheets)


def rank(kind: str) -> int:
    local = kind.removeprefix(JKG_NS + "amount-")
    return KIND_ORDER.index(local) if local in KIND_ORDER else len(KIND_ORDER)


def _sheet_year(row: dict[str, object]) -> str:
    year = row.get("sheet_year")
    return getattr(year, "value", "") or ""


def amounts(r: Reader, sheets: list[str]) -> list[Amount]:
    """Every amount the sheets give, one per kind and year (the newest sheet's), by year then kind."""
    if not sheets:
        return []
    found = r.select(
        f"""SELECT ?sheet ?sheet_year ?kind ?year ?yen ?caveat WHERE {{
              VALUES ?sheet {{ {_values(sheets)} }}
              ?sheet jkg:amount ?obs . ?obs jkg:amountKind ?kind ; jkg:fiscalYear ?year ; jkg:yen ?yen .
              OPTIONAL {{ ?sheet jkg:fiscalYear ?sheet_year }}
              OPTIONAL {{ ?obs jkg:caveat ?caveat }} }}"""
    )
    chosen: dict[tuple[str, int], dict[str, object]] = {}
    for row in sorted(found, key=lambda x: (_sheet_year(x), x["sheet"].value)):
        chosen[(row["kind"].value, int(row["year"].value))] = row  # newer sheets last: they win
    out = [
        Amount(
            r.named(kind, vocabulary=True),
            year,
            Decimal(row["yen"].value),  # type: ignore[attr-defined]
            r.named(row["sheet"].value),  # type: ignore[attr-defined]
            row["caveat"].value if row["caveat"] is not None else "",  # type: ignore[attr-defined]
        )
        for (kind, year), row in chosen.items()
    ]
    return sorted(out, key=lambda a: (a.year, rank(a.kind.iri)))


def indicators(r: Reader, sheets: list[str]) -> list[IndicatorRow]:
    """Every indicator's target and actual per fiscal year (one row per name, kind and year; the newest sheet's)."""
    if not sheets:
        return []
    found = r.select(
        f"""SELECT ?sheet ?sheet_year ?name ?ikind ?unit ?year ?vkind ?value WHERE {{
              VALUES ?sheet {{ {_values(sheets)} }}
              ?sheet jkg:indicator ?ind .
              OPTIONAL {{ ?sheet jkg:fiscalYear ?sheet_year }}
              OPTIONAL {{ ?ind rdfs:label ?name }}
              OPTIONAL {{ ?ind jkg:indicatorKind ?ikind }}
              OPTIONAL {{ ?ind jkg:unitOfMeasure ?unit }}
              ?obs jkg:ofIndicator ?ind ; jkg:fiscalYear ?year ; jkg:valueKind ?vkind ; jkg:indicatorValue ?value }}"""
    )
    rows: dict[tuple[str, str, int], dict[str, object]] = {}
    for row in sorted(found, key=lambda x: (_sheet_year(x), x["sheet"].value)):
        name = row["name"].value if row["name"] is not None else ""
        kind = row["ikind"].value if row["ikind"] is not None else ""
        key = (kind, name, int(row["year"].value))
        entry = rows.setdefault(key, {})
        if entry.get("sheet_value") != row["sheet"].value:  # a newer sheet: its values replace the older's
            entry.clear()
            entry["sheet_value"] = row["sheet"].value
        entry[row["vkind"].value.rsplit("-", 1)[1]] = Decimal(row["value"].value)
        entry["unit"] = row["unit"].value if row["unit"] is not None else entry.get("unit", "")
    out = [
        IndicatorRow(
            name,
            r.label(kind, vocabulary=True) if kind else "",
            str(entry.get("unit", "")),
            year,
            entry.get("target"),  # type: ignore[arg-type]
            entry.get("actual"),  # type: ignore[arg-type]
            r.named(str(entry["sheet_value"])),
        )
        for (kind, name, year), entry in rows.items()
    ]
    return sorted(out, key=lambda x: (x.kind, x.name, x.year))


def money_chart(found: list[Amount]) -> Chart | None:
    """The amounts as bars in thousands of yen (as the lists give them), by year then kind, of the first
    CHART_KINDS kinds the sheets give (budget and settlement first; the table has every kind); each bar links to
    the sheet that gives it."""
    if not found:
        return None
    kinds = sorted({a.kind.iri for a in found}, key=rank)[:CHART_KINDS]
    bars = [
        Bar(
            f"{a.year} {a.kind.label}",
            float(a.yen / 1000),
            colour(a.kind.iri.removeprefix(JKG_NS)),
            a.sheet.href,
        )
        for a in found
        if a.kind.iri in kinds
    ]
    return Chart("money", i18n.translate("chart_money"), i18n.translate("thousand_yen"), bars)


def of_sheets(r: Reader, sheets: list[str]) -> Figures:
    found = amounts(r, sheets)
    years = sorted({a.year for a in found})
    kinds: dict[str, Term] = {}
    for a in sorted(found, key=lambda a: rank(a.kind.iri)):
        kinds.setdefault(a.kind.iri, a.kind)
    at = {(a.kind.iri, a.year): a for a in found}
    money = [MoneyRow(kind, [at.get((iri, y)) for y in years]) for iri, kind in kinds.items()]
    return Figures(years, money, money_chart(found), indicators(r, sheets))


def of_project(r: Reader, project: str) -> Figures:
    """A project's figures over all its yearly sheets."""
    rows = r.select(f"SELECT ?sheet WHERE {{ ?sheet prov:specializationOf <{project}> }}")
    return of_sheets(r, sorted(row["sheet"].value for row in rows))


def for_page(r: Reader, iri: str, types: set[str]) -> Figures:
    """The figures a resource's page shows: a sheet's own, a project's over its years, else none."""
    if JKG_NS + "ProjectSheet" in types:
        return of_sheets(r, [iri])
    if JKG_NS + "Project" in types:
        return of_project(r, iri)
    return Figures()
