"""What the charts show, from the faceted lists' tables: projects per department (or per division within one
department), partner bodies by type, projects per plan — for the home page (the whole dataset) and for a view
(its rows)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping

from jkg.server import facets as F
from jkg.server import i18n
from jkg.server.charts import Bar, Chart
from jkg.server.colours import colour
from jkg.vocab import JKG_NS

TOP = 10  # bars per chart; the rest are counted in its table


def _bars(
    facet: F.Facet, names: Mapping[str, str], kind: str, link: Callable[[str], str], top: int = TOP
) -> tuple[list[Bar], int]:
    values = [v for v in facet.values if v.count]
    ordered = sorted(values, key=lambda v: (-v.count, names.get(v.value, v.value)))
    bars = []
    for v in ordered[:top]:
        shade = colour(v.value[len(JKG_NS) :]) if v.value.startswith(JKG_NS) else colour(kind)
        bars.append(Bar(names.get(v.value, v.value), v.count, shade, link(v.value)))
    return bars, max(0, facet.distinct - len(bars))


def partner_types(db: sqlite3.Connection, sheets: str, args: list[object]) -> F.Facet:
    """How many distinct partner bodies of each type the given sheets name."""
    counted = db.execute(
        f"""SELECT e.type, COUNT(DISTINCT e.iri) FROM facet f JOIN entities e ON e.iri = f.value
            WHERE f.name = 'partner'{F._within("f.sheet", sheets)} AND e.type IS NOT NULL GROUP BY e.type""",
        args,
    ).fetchall()
    return F.Facet("type", [F.FacetValue(str(t), int(n), False) for t, n in counted], len(counted))


Labels = Callable[[set[str]], dict[str, str]]


def _money_per(
    db: sqlite3.Connection, table: F.Table, query: F.Query, per: str, labels: Labels, link: Callable[[str], str]
) -> Chart | None:
    """The 当初予算 of the view's sheets summed per department (or division), in thousands of yen, for the latest
    fiscal year that has any (summing several years would count a project once a year)."""
    sheets, args = F.sheet_filter(table, query)
    within = F._within("s.id", sheets)
    (year,) = db.execute(f"SELECT MAX(s.year) FROM sheets s WHERE s.budget_year = s.year{within}", args).fetchone()
    if year is None:
        return None
    summed = db.execute(
        f"""SELECT f.value, SUM(s.budget) FROM facet f JOIN sheets s ON s.id = f.sheet
            WHERE f.name = ? AND s.year = ? AND s.budget_year = s.year{within} GROUP BY f.value""",
        [per, year, *args],
    ).fetchall()
    names = labels({str(v) for v, _y in summed})
    ordered = sorted(summed, key=lambda vy: (-float(vy[1]), names.get(str(vy[0]), "")))
    bars = [Bar(names.get(str(v), str(v)), float(y) / 1000, colour("Department"), link(str(v))) for v, y in ordered]
    title = f"{i18n.translate(f'chart_budget_per_{per}')} ({year})"
    return Chart(f"budget-{per}", title, i18n.translate("thousand_yen"), bars[:TOP], max(0, len(bars) - TOP))


def view_charts(
    db: sqlite3.Connection,
    table: F.Table,
    query: F.Query,
    labels: Labels,
    toggle: Callable[[str, str], str],
) -> list[Chart]:
    """The charts of a view: its rows per department (per division when it holds one department), per plan,
    and the partner bodies its rows name by type; each bar links to the view narrowed to it (`toggle`)."""

    def link(facet: str) -> Callable[[str], str]:
        return lambda iri: toggle(facet, iri)

    def named(facet: F.Facet) -> dict[str, str]:
        return labels({v.value for v in facet.values})

    charts = []
    if not table.kind:
        departments = F.facet_counts(db, table, query, "department", None)
        per = "division" if len([v for v in departments.values if v.count]) == 1 else "department"
        units = F.facet_counts(db, table, query, per, None)
        bars, more = _bars(units, named(units), per.capitalize(), link(per))
        charts.append(Chart(per, i18n.translate(f"chart_per_{per}"), i18n.translate("sheets_unit"), bars, more))
        money = _money_per(db, table, query, per, labels, link(per))
        if money:
            charts.append(money)
        plans = F.facet_counts(db, table, query, "plan", None)
        bars, more = _bars(plans, named(plans), "Plan", link("plan"))
        charts.append(Chart("plan", i18n.translate("chart_per_plan"), i18n.translate("sheets_unit"), bars, more))
        sheets, args = F.sheet_filter(table, query)
        types = partner_types(db, sheets, args)
        bars, more = _bars(types, named(types), "PartnerBody", link("partner_type"))
        charts.append(Chart("partner-type", i18n.translate("chart_partner_types"), i18n.translate("bodies"), bars))
    elif "type" in table.facets:
        types = F.facet_counts(db, table, query, "type", None)
        bars, more = _bars(types, named(types), "PartnerBody", link("type"))
        charts.append(Chart("partner-type", i18n.translate("chart_partner_types"), i18n.translate("bodies"), bars))
    return [c for c in charts if c.bars]
