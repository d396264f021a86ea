"""Map a row's money and indicator cells to W3C Data Cube observations (the model is in ontology/jkg.ttl).

An amount is a qb:Observation of the municipality's amounts data set, with the sheet, the kind (jkg:amount-…)
and the fiscal year as dimensions, yen (xsd:decimal) as the measure, and the cell verbatim, its unit, the
column header and the header's caveat as attributes. An indicator is a jkg:Indicator of the sheet (name, kind,
unit); each target and actual is an observation of the indicator-values data set.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode, Triple

from jkg.etl.cells import Cell
from jkg.etl.columns import AMOUNT, AMOUNT_KINDS, INDICATOR, IndicatorField
from jkg.etl.read import Row
from jkg.etl.values import decimal_lexical
from jkg.vocab import DCTERMS, JKG, QB, RDFS, XSD

if TYPE_CHECKING:
    from jkg.etl.mapping import Mapper

KIND_LABELS = {kind: ja for ja, kind in reversed(AMOUNT_KINDS.items())}  # settled → 決算 (the first spelling)
INDICATOR_LABELS = {"activity": "活動指標", "outcome": "成果指標", "other": "指標"}
VALUE_LABELS = {"target": "目標値", "actual": "実績値"}


def _ja(text: str) -> Literal:
    return Literal(text, language="ja")


def _year(fy: int) -> Literal:
    return Literal(str(fy), datatype=XSD.gYear)


def _decimal(cell: Cell, yen: bool) -> Literal:
    value = cell.yen if yen else cell.number
    assert value is not None
    return Literal(decimal_lexical(value), datatype=XSD.decimal)


def _dataset(m: Mapper, node: NamedNode, code: str, structure: NamedNode, what: str) -> Iterator[Triple]:
    if not m.shared(node):
        return
    name = m.municipality_name(code)
    yield from m.typed(node, QB.DataSet)
    yield Triple(node, RDFS.label, _ja(f"{name}の{what}"))
    yield Triple(node, QB.structure, structure)
    yield Triple(node, DCTERMS.publisher, m.iris.local_government(code))


def amounts(m: Mapper, row: Row, sheet: NamedNode) -> Iterator[Triple]:
    """Each money cell with a value, as an observation of the municipality's amounts."""
    code = row.municipality.code
    for cell in row.cells:
        if cell.role != AMOUNT or cell.amount is None or cell.yen is None:
            continue
        kind, fy = cell.amount.kind, cell.amount.fiscal_year or row.fiscal_year
        data = m.iris.amounts(code)
        yield from _dataset(m, data, code, JKG.amountStructure, "事務事業の金額")
        obs = m.iris.amount(sheet, kind, fy)
        yield from m.typed(obs, QB.Observation)
        yield Triple(obs, RDFS.label, _ja(f"{KIND_LABELS[kind]}（{fy}年度）"))
        yield Triple(obs, QB.dataSet, data)
        yield Triple(obs, JKG.sheet, sheet)
        yield Triple(sheet, JKG.amount, obs)
        yield Triple(obs, JKG.amountKind, JKG["amount-" + kind])
        yield Triple(obs, JKG.fiscalYear, _year(fy))
        yield Triple(obs, JKG.yen, _decimal(cell, yen=True))
        yield Triple(obs, JKG.sourceValue, Literal(cell.value.strip()))
        yield Triple(obs, JKG.sourceUnit, Literal(cell.source_unit))
        yield Triple(obs, JKG.columnHeader, Literal(cell.header))
        if cell.amount.caveat:
            yield Triple(obs, JKG.caveat, _ja(cell.amount.caveat))


def indicators(m: Mapper, row: Row, sheet: NamedNode) -> Iterator[Triple]:
    """Each indicator a row names or gives values for, with its targets and actuals per fiscal year."""
    code = row.municipality.code
    by_key: dict[str, list[tuple[IndicatorField, Cell]]] = {}
    for cell in row.cells:
        if cell.role == INDICATOR and cell.indicator is not None:
            by_key.setdefault(cell.indicator.key, []).append((cell.indicator, cell))
    for ind_key, fields in by_key.items():
        name = next((c.value.strip() for f, c in fields if f.field == "name" and c.value.strip()), "")
        unit = next((c.value.strip() for f, c in fields if f.field == "unit" and c.value.strip()), "")
        values = [(f, c) for f, c in fields if f.field in VALUE_LABELS and c.number is not None]
        if not name and not values:
            continue
        first = fields[0][0]
        node = m.iris.indicator(sheet, ind_key)
        yield from m.typed(node, JKG.Indicator)
        yield Triple(node, RDFS.label, _ja(name or f"{INDICATOR_LABELS[first.kind]}{first.number}"))
        yield Triple(node, JKG.indicatorKind, JKG["indicator-" + first.kind])
        yield Triple(node, JKG.sheet, sheet)
        yield Triple(sheet, JKG.indicator, node)
        if unit:
            yield Triple(node, JKG.unitOfMeasure, Literal(unit))
        data = m.iris.indicator_values(code)
        for f, cell in values:
            yield from _dataset(m, data, code, JKG.indicatorStructure, "指標の目標値と実績値")
            fy = f.fiscal_year or row.fiscal_year
            obs = m.iris.indicator_value(node, fy, f.field)
            yield from m.typed(obs, QB.Observation)
            yield Triple(
                obs, RDFS.label, _ja(f"{name or INDICATOR_LABELS[f.kind]} {VALUE_LABELS[f.field]}（{fy}年度）")
            )
            yield Triple(obs, QB.dataSet, data)
            yield Triple(obs, JKG.ofIndicator, node)
            yield Triple(obs, JKG.fiscalYear, _year(fy))
            yield Triple(obs, JKG.valueKind, JKG["value-" + f.field])
            yield Triple(obs, JKG.indicatorValue, _decimal(cell, yen=False))
            yield Triple(obs, JKG.sourceValue, Literal(cell.value.strip()))
            yield Triple(obs, JKG.columnHeader, Literal(cell.header))
