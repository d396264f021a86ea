"""What the sheets hold, on resource pages: a project's money by kind and year (table and chart), its
indicators' targets and actuals, and a page per level of the policy hierarchy with its projects and their money
summed by year — each checked against the graph of the fixture lists (三鷹市, FY2023 and FY2024)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import lxml.html
import pytest
import rdflib
from flask.testing import FlaskClient

from tests.conftest import ID, JKG
from tests.test_tables import page

MITAKA = "lg/132047/"
POLICY = MITAKA + "policy/comprehensive-plan"
SKOS = rdflib.Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")


@pytest.fixture(scope="module")
def graph(figures_graph: rdflib.Graph) -> rdflib.Graph:
    return figures_graph


def cells(doc: lxml.html.HtmlElement, table: str) -> list[list[str]]:
    return [[c.text_content().strip() for c in tr.xpath("th|td")] for tr in doc.xpath(f"//table[@id='{table}']//tr")]


def test_a_projects_money_over_its_years(figures: FlaskClient, graph: rdflib.Graph) -> None:
    doc = page(figures, f"/doc/{MITAKA}project/201?lang=ja")
    assert cells(doc, "money-table") == [
        ["区分", "2023", "2024"],
        ["当初予算", "1,000,000", "1,200,000"],
        ["決算", "950,000", "1,100,000"],
    ]
    expected = {
        (str(graph.value(o, JKG.amountKind)), int(str(graph.value(o, JKG.fiscalYear)))): int(graph.value(o, JKG.yen))
        for sheet in graph.subjects(PROV.specializationOf, ID[MITAKA + "project/201"])
        for o in graph.objects(sheet, JKG.amount)
    }
    assert len(expected) == 4 and 1_200_000 in expected.values()
    # the chart draws the same amounts in thousands of yen, each bar linking to the sheet that gives it
    bars = doc.xpath("//svg[@id='chart-money']//a")
    assert [b.get("href") for b in bars][:2] == [f"/doc/{MITAKA}project/201/2023"] * 2
    assert cells(doc, "data-money")[1:] == [
        ["2023 当初予算", "1,000"],
        ["2023 決算", "950"],
        ["2024 当初予算", "1,200"],
        ["2024 決算", "1,100"],
    ]


def test_a_sheet_shows_its_own_money_and_the_caveat(tmp_path: Path) -> None:
    """The golden list's FY2024 sheet gives the FY2023 決算 (人件費除く) beside the FY2024 budget."""
    from jkg.etl.build import ReadOptions, build
    from jkg.municipalities import gazetteer
    from jkg.server.app import create_app
    from tests.conftest import BASE, TESTS

    out = tmp_path / "jkg-data"
    source = TESTS / "golden" / "sheet-figures" / "input.csv"
    build([source], out, BASE, options=ReadOptions(municipality=(gazetteer().resolve("132047"),)))
    app = create_app({"data": str(out)})
    try:
        doc = page(app.test_client(), f"/doc/{MITAKA}project/101/2024?lang=ja")
    finally:
        app.extensions["jkg_builds"].close()
    money = cells(doc, "money-table")
    assert money[0] == ["区分", "2023", "2024"]
    assert ["決算", "1,234,000 （人件費除く）", ""] in money
    assert ["当初予算", "", "1,500,000"] in money and ["事業費", "", "12,345,678"] in money
    indicators = cells(doc, "indicator-table")
    assert ["相談件数", "成果指標", "2023", "100", "87", "件", "✗ 未達成"] in indicators
    # a small chart: the first three kinds (当初予算, 決算, 事業費); the table above has all five
    assert [row[0] for row in cells(doc, "data-money")[1:]] == ["2023 決算", "2024 当初予算", "2024 事業費"]


def test_indicators_target_against_actual(figures: FlaskClient) -> None:
    doc = page(figures, f"/doc/{MITAKA}project/201?lang=ja")
    assert cells(doc, "indicator-table")[1:] == [
        ["訓練参加者数", "成果指標", "2023", "90", "95", "", "✓ 達成"],
        ["訓練参加者数", "成果指標", "2024", "100", "80", "人", "✗ 未達成"],
    ]
    assert doc.xpath("//table[@id='indicator-table']//tr/@data-met") == ["yes", "no"]
    bundled_like = page(figures, f"/doc/{MITAKA}project/203?lang=ja")  # no indicator
    assert not bundled_like.xpath("//table[@id='indicator-table']")


def policy_sums(graph: rdflib.Graph, node: str) -> dict[int, dict[str, int]]:
    """Budget and settled totals per fiscal year over the sheets under a place in the plan, from the graph."""
    under = {node} | {str(s) for s in graph.transitive_subjects(SKOS.broader, rdflib.URIRef(node))}
    sums: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for sheet, place in graph.subject_objects(JKG.placeInPlan):
        if str(place) not in under:
            continue
        for o in graph.objects(sheet, JKG.amount):
            kind = str(graph.value(o, JKG.amountKind)).rsplit("-", 1)[1]
            sums[int(str(graph.value(o, JKG.fiscalYear)))][kind] += int(graph.value(o, JKG.yen))
    return sums


def test_a_policy_page_sums_its_projects_money_by_year(figures: FlaskClient, graph: rdflib.Graph) -> None:
    doc = page(figures, f"/doc/{POLICY}/2?lang=ja")
    sums = policy_sums(graph, str(ID[POLICY + "/2"]))
    rows = cells(doc, "policy-totals")[1:]
    assert [int(r[0]) for r in rows] == [2024, 2023]
    for year, _sheets, budget, settled in rows:
        assert int(budget.replace(",", "")) == sums[int(year)]["budget"]
        assert int(settled.replace(",", "")) == sums[int(year)]["settled"]
    children = cells(doc, "policy-children")[1:]
    assert [c[0] for c in children] == ["2-1 防災力の強化", "2-2 財政の健全化"]
    assert [int(c[1]) for c in children] == [6, 6]  # FY2024 sheets under each 施策
    listed = cells(doc, "policy-sheets")
    assert len(listed) == 1 + 12 + 1 and listed[1][:2] == ["201", "防災訓練事業"]  # header, FY2024, total
    assert doc.xpath("string(//td[@id='policy-budget-total'])") == "9,300,000"
    link = doc.xpath("string(//a[@id='policy-list']/@href)")
    assert link == f"/projects?policy={POLICY.replace('/', '%2F')}%2F2"
    assert doc.xpath("//svg[@id='chart-policy-budget']") and doc.xpath("//table[@id='data-policy-budget']")


def test_a_measures_page_has_its_place_and_other_years(figures: FlaskClient) -> None:
    doc = page(figures, f"/doc/{POLICY}/2/2-1?lang=ja&year=2023")
    assert doc.xpath("//nav[@class='breadcrumb']/a/text()") == ["2 安全なまち"]
    assert [r[:2] for r in cells(doc, "policy-sheets")[1:-1]] == [["201", "防災訓練事業"], ["202", "防災無線維持事業"]]
    assert doc.xpath("//a[@data-year='2024']/@href") == ["?year=2024#policy-projects"]


def test_the_policy_system_lists_its_top_levels(figures: FlaskClient) -> None:
    doc = page(figures, f"/doc/{POLICY}?lang=ja")
    assert [c[0] for c in cells(doc, "policy-children")[1:]] == ["1 子どもが健やかに育つまち", "2 安全なまち"]
    assert cells(doc, "policy-totals")[1][:2] == ["2024", "15"]


def test_pages_without_figures_show_none(client: FlaskClient) -> None:
    doc = page(client, "/doc/lg/082201/project/11")
    assert not doc.xpath("//table[@id='money-table' or @id='indicator-table' or @id='policy-totals']")


def test_compare_years_puts_money_indicators_and_direction_side_by_side(figures: FlaskClient) -> None:
    doc = page(figures, f"/compare/years?project={MITAKA}project/201&lang=ja")
    table = {tr.get("data-row"): [c.text_content().strip() for c in tr.xpath("td")] for tr in doc.xpath("//tr")}
    assert table["amount-initial-budget"] == ["1,000,000 円 (2023)", "1,200,000 円 (2024)"]
    assert table["amount-settled"] == ["950,000 円 (2023)", "1,100,000 円 (2024)"]
    assert table["indicator"] == ["2023: 目標値 90 / 実績値 95", "2024: 目標値 100 / 実績値 80 人"]
    changes = [" ".join(li.text_content().split()) for li in doc.xpath("//ul[@id='changes']/li")]
    assert "2024 当初予算: 1,000,000 円 (2023) → 1,200,000 円 (2024)" in changes
    assert any(c.endswith("現状維持 → 縮小") for c in changes), changes  # one direction a year: before → after
    assert not doc.xpath("//tr[contains(@data-row, '#amount')]")  # amounts are figures, not links to observations


def test_a_long_policy_page_lists_the_most_expensive_and_links_to_the_rest(
    figures: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    from jkg.server import policy

    monkeypatch.setattr(policy, "ROWS_SHOWN", 3)
    doc = page(figures, f"/doc/{POLICY}/2?lang=ja")
    assert [r[0] for r in cells(doc, "policy-sheets")[1:4]] == ["201", "212", "211"]
    assert "9 ほか" in doc.xpath("string(//td[@id='policy-more'])")
    assert doc.xpath("string(//td[@id='policy-more']/a/@href)").endswith("&year=2024")
    assert doc.xpath("string(//td[@id='policy-budget-total'])") == "9,300,000"  # every project, not the three
