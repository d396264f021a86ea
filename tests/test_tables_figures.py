"""What the sheets hold, in the faceted lists: money columns (sortable, in every download, in the view's SPARQL),
the direction, evaluation, legal-basis and policy facets, checked against the graph of the fixture lists."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import rdflib
from flask.testing import FlaskClient

from jkg.etl.build import ReadOptions, build
from jkg.municipalities import gazetteer
from tests.conftest import BASE, ID, JKG, TESTS
from tests.test_tables import page, sparql_rows

MITAKA = "lg/132047/"
POLICY = MITAKA + "policy/comprehensive-plan/"
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")


def rows(client: FlaskClient, query: str = "") -> list[dict[str, object]]:
    r = client.get("/projects.json" + (f"?{query}" if query else ""))
    assert r.status_code == 200, r.data[:300]
    return list(json.loads(r.data)["rows"])


def amount(graph: rdflib.Graph, sheet: str, kind: str) -> dict[int, int]:
    """fiscal year → yen of one kind of amount of a sheet, from the graph."""
    found = {}
    for obs in graph.objects(rdflib.URIRef(sheet), JKG.amount):
        if graph.value(obs, JKG.amountKind) == JKG["amount-" + kind]:
            found[int(str(graph.value(obs, JKG.fiscalYear)))] = int(graph.value(obs, JKG.yen).toPython())
    return found


def test_money_columns_are_the_sheets_amounts(figures: FlaskClient, figures_graph: rdflib.Graph) -> None:
    listed = rows(figures)
    assert len(listed) == len(set(figures_graph.subjects(rdflib.RDF.type, JKG.ProjectSheet))) == 19
    for row in listed:
        for column, kind in (("budget", "initial-budget"), ("settled", "settled")):
            given = amount(figures_graph, str(row["sheet"]), kind)
            assert row[column] == given.get(int(str(row["fiscal_year"]))), (row["sheet"], column)
            assert row[f"{column}_year"] == (row["fiscal_year"] if given else None)
    one = next(r for r in listed if r["number"] == "201" and r["fiscal_year"] == 2024)
    assert (one["budget"], one["settled"], one["direction"]) == (1_200_000, 1_100_000, "縮小")


def test_sorting_by_money_puts_the_most_expensive_first(figures: FlaskClient) -> None:
    by_budget = rows(figures, "_sort_desc=budget")
    budgets = [r["budget"] for r in by_budget]
    assert budgets == sorted(budgets, key=lambda b: -int(str(b)))
    assert by_budget[0]["number"] in {"201", "212"} and by_budget[0]["budget"] == 1_200_000
    doc = page(figures, "/projects?_sort_desc=settled")
    shown = doc.xpath("//table[@id='rows']//td[@data-column='settled']/text()")
    assert shown[:3] == ["1,100,000", "1,000,000", "950,000"]  # yen with separators on the page
    assert doc.xpath("//th/a[@data-sort='budget']") and not doc.xpath("//th/a[@data-sort='budget_year']")


def test_direction_facet_finds_every_wording_of_a_category(figures: FlaskClient, figures_graph: rdflib.Graph) -> None:
    doc = page(figures, "/projects")
    counts = {a.get("data-value"): int(a.getnext().text) for a in doc.xpath("//section[@data-facet='direction']//a")}
    for key, n in counts.items():
        sheets = {
            s
            for s, own in figures_graph.subject_objects(JKG.direction)
            if figures_graph.value(own, SKOS.broadMatch) == JKG[key]
        }
        assert n == len(sheets), key
    reduced = rows(figures, "direction=direction-reduce")
    assert {(r["number"], r["direction"]) for r in reduced} == {("201", "縮小"), ("203", "取組みの一部廃止")}
    both = rows(figures, "direction=direction-reduce&direction=direction-abolish")
    assert {r["number"] for r in both} == {"201", "202", "203"}


def test_policy_facet_holds_every_level_above_a_sheet(figures: FlaskClient, figures_graph: rdflib.Graph) -> None:
    policy = rows(figures, f"policy={POLICY}2")  # 2 安全なまち: its 施策 2-1 and 2-2
    measures = {ID[POLICY + "2/2-1"], ID[POLICY + "2/2-2"]}
    expected = {str(s) for m in measures for s in figures_graph.subjects(JKG.placeInPlan, m)}
    assert {str(r["sheet"]) for r in policy} == expected and len(expected) == 14
    assert len(rows(figures, f"policy={POLICY}2/2-2")) == 6
    doc = page(figures, "/projects")
    labels = doc.xpath("//section[@data-facet='policy']//a/span/text()")
    assert "2-1 防災力の強化" in labels  # shown with its number, as the lists write it


def test_legal_basis_facet(figures: FlaskClient) -> None:
    assert {r["number"] for r in rows(figures, "basis=basis-none")} == {"202"}
    assert {r["number"] for r in rows(figures, "basis=basis-ordinance")} == {"203"}


def test_downloads_carry_the_money_and_its_year(figures: FlaskClient) -> None:
    r = figures.get("/projects.csv?direction=direction-reduce&_sort_desc=budget")
    records = list(csv.DictReader(io.StringIO(r.data.decode("utf-8-sig"))))
    assert [(x["number"], x["budget"], x["budget_year"], x["settled"]) for x in records] == [
        ("201", "1200000", "2024", "1100000"),
        ("203", "300000", "2024", "300000"),
    ]
    assert records[0]["direction_iri"].startswith(BASE + "id/" + MITAKA + "scheme/direction/")
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(figures.get("/projects.xlsx?_sort_desc=budget").data))
    sheet = book.active
    assert sheet is not None
    header = [c.value for c in sheet[1]]
    assert sheet.cell(2, header.index("Budget (yen)") + 1).value == 1_200_000


@pytest.mark.parametrize(
    "view",
    [
        "/projects?_sort_desc=budget",
        "/projects?direction=direction-reduce&_sort=settled",
        f"/projects?policy={POLICY}2&_sort_desc=direction",
        "/projects?basis=basis-law&year=2024",
    ],
)
def test_the_views_sparql_gives_the_same_money(figures: FlaskClient, view: str) -> None:
    doc = page(figures, view)
    query = unquote(doc.xpath("//a[@id='show-sparql']/@href")[0].removeprefix("/sparql#query="))
    answer = sparql_rows(figures, query)
    records = rows(figures, urlsplit(view).query)
    assert records and [a["sheet"] for a in answer] == [r["sheet"] for r in records]
    for a, r in zip(answer, records, strict=True):
        for column in ("budget", "budget_year", "settled", "settled_year", "direction"):
            assert a.get(column) == (None if r[column] is None else str(r[column])), column


def test_an_earlier_years_settlement_and_the_grade(tmp_path: Path) -> None:
    """A FY2024 sheet that reports the FY2023 決算 shows it with its year; 総合評価 is a facet and a column."""
    from jkg.server.app import create_app

    golden = TESTS / "golden" / "sheet-figures"
    out = tmp_path / "jkg-data"
    build([golden / "input.csv"], out, BASE, options=ReadOptions(municipality=(gazetteer().resolve("132047"),)))
    app = create_app({"data": str(out)})
    try:
        client = app.test_client()
        first = next(r for r in rows(client) if r["number"] == "101")
        assert (first["settled"], first["settled_year"], first["budget"], first["budget_year"]) == (
            1_234_000,
            2023,
            1_500_000,
            2024,
        )
        assert first["grade"] == "B"
        doc = page(client, "/projects")
        grades = doc.xpath("//section[@data-facet='grade']//a/span/text()")
        assert sorted(grades) == ["A", "B", "C", "D"]
        assert doc.xpath("//th/a[@data-sort='grade']")
    finally:
        app.extensions["jkg_builds"].close()


def test_lists_without_money_hide_its_columns_but_downloads_keep_them(client: FlaskClient) -> None:
    doc = page(client, "/projects")
    assert not doc.xpath("//th/a[@data-sort='budget' or @data-sort='direction']")
    header = client.get("/projects.csv").data.decode("utf-8-sig").splitlines()[0].split(",")
    assert {"budget", "budget_year", "settled", "direction", "grade"} <= set(header)


def test_charts_show_the_budget_per_department_with_its_numbers(figures: FlaskClient) -> None:
    for url, year in (("/projects?lang=ja", 2024), ("/projects?year=2023&lang=ja", 2023), ("/?lang=ja", 2024)):
        doc = page(figures, url)
        assert doc.xpath("string(//figure[@id='figure-budget-department']/figcaption)") == f"部局別の当初予算 ({year})"
        table = [
            [c.text_content().strip() for c in tr.xpath("td")]
            for tr in doc.xpath("//table[@id='data-budget-department']/tbody/tr")
        ]
        sums: dict[str, int] = {}
        for r in rows(figures, f"year={year}"):
            if r["budget"] is not None and r["department"]:
                sums[str(r["department"])] = sums.get(str(r["department"]), 0) + int(str(r["budget"]))
        assert table == [[d, f"{y // 1000:,}"] for d, y in sorted(sums.items(), key=lambda dy: -dy[1])]
        assert doc.xpath("//svg[@id='chart-budget-department']//a[@class='bar']/@href")
