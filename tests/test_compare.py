"""Compare views: a project across its years (two years of a list written for this test), and municipalities
whose projects name the same partner body or plan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
import rdflib
from flask.testing import FlaskClient

from jkg.etl.build import ReadOptions, build
from tests.conftest import BASE, TESTS

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"
FIXTURES = TESTS / "fixtures" / "compare"
LISTS = sorted((FIXTURES / "lists").glob("*.txt"))  # つくば市 FY2020 and FY2021, 北本市 FY2021
# 501 is renamed in FY2021: the crosswalk says it is the same project (else the later sheet is a project of its own).
CROSSWALK = FIXTURES / "crosswalk.csv"
PROJECT = "lg/082201/project/501"


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("two-years") / "data"
    build(LISTS, out, BASE, options=ReadOptions(crosswalk=CROSSWALK))
    return out


@pytest.fixture(scope="module")
def years_client(two_years: Path) -> Iterator[FlaskClient]:
    from jkg.server.app import create_app

    app = create_app({"data": str(two_years)})
    yield app.test_client()
    app.extensions["jkg_builds"].close()


def page(client: FlaskClient, url: str) -> lxml.html.HtmlElement:
    r = client.get(url, headers={"Accept": BROWSER})
    assert r.status_code == 200, r.data[:300]
    return lxml.html.fromstring(r.data.decode())


def cells(doc: lxml.html.HtmlElement, row: str) -> list[lxml.html.HtmlElement]:
    return doc.xpath(f"//table[@id='years']//tr[@data-row='{row}']/td")


def test_a_project_across_years_side_by_side(years_client: FlaskClient) -> None:
    doc = page(years_client, f"/compare/years?project={PROJECT}")
    assert [th.text_content().strip() for th in doc.xpath("//table[@id='years']/thead//th")][1:] == ["2020", "2021"]
    title = cells(doc, "title")
    assert [c.text_content().strip() for c in title] == ["地域データ連携事業", "地域データ連携推進事業"]
    assert "changed" in title[1].get("class", "") and "changed" not in title[0].get("class", "")
    division = cells(doc, "division")
    assert [c.xpath("string(a)") for c in division] == ["情報政策課", "企画経営課"]
    partners = cells(doc, "partners")
    assert [sorted(a.text for a in c.xpath("a")) for c in partners] == [["内閣府"], ["筑波大学", "総務省"]]
    assert sorted(i.text_content().strip() for i in partners[1].xpath(".//ins")) == ["+ 筑波大学", "+ 総務省"]
    assert [d.text_content().strip() for d in partners[1].xpath(".//del")] == ["− 内閣府"]
    assert "changed" in cells(doc, "overview")[1].get("class", "")
    assert "changed" not in cells(doc, "purpose")[1].get("class", "")


def test_what_changed_lists_each_change_once(years_client: FlaskClient) -> None:
    doc = page(years_client, f"/compare/years?project={PROJECT}")
    changed = {li.get("data-row") for li in doc.xpath("//ul[@id='changes']/li")}
    assert changed == {"title", "division", "partners", "overview"}
    division = doc.xpath("//ul[@id='changes']/li[@data-row='division']")[0].text_content()
    assert "情報政策課" in division and "→" in division and "企画経営課" in division
    same = page(years_client, "/compare/years?project=lg/082201/project/502")
    assert same.xpath("//p[@id='no-change']") and not same.xpath("//ul[@id='changes']/li")


def test_the_project_page_links_to_its_comparison(years_client: FlaskClient) -> None:
    doc = page(years_client, "/doc/" + PROJECT)
    assert doc.xpath("string(//a[@id='compare']/@href)") == "/compare/years?project=lg%2F082201%2Fproject%2F501"
    assert (
        years_client.get("/compare/years?project=lg/082201/project/999", headers={"Accept": BROWSER}).status_code == 404
    )
    assert years_client.get("/compare/years", headers={"Accept": "application/json"}).status_code == 400


def test_a_one_year_project_says_so(client: FlaskClient) -> None:
    doc = page(client, "/compare/years?project=lg/082201/project/11")
    assert doc.xpath("//p[@id='one-year']")
    assert len(doc.xpath("//table[@id='years']/thead//th")) == 2


def test_municipalities_naming_a_partner(client: FlaskClient, bundled_graph: rdflib.Graph) -> None:
    doc = page(client, "/compare/municipalities?on=org/cabinet-office")
    sides = doc.xpath("//section[@class='side']")
    assert len(sides) == 1 and doc.xpath("//p[@id='one-municipality']")
    shown = {BASE + "id/" + h.removeprefix("/doc/") for h in sides[0].xpath(".//td[@data-column='title']/a/@href")}
    jkg = rdflib.Namespace("https://data.jimujigyo-kg.example/def/jkg#")
    assert shown == {str(s) for s in bundled_graph.subjects(jkg.partner, rdflib.URIRef(BASE + "id/org/cabinet-office"))}
    partner_page = page(client, "/doc/org/cabinet-office")
    assert partner_page.xpath("string(//a[@id='compare']/@href)") == "/compare/municipalities?on=org%2Fcabinet-office"


def test_two_municipalities_on_one_partner_side_by_side(years_client: FlaskClient) -> None:
    doc = page(years_client, "/compare/municipalities?on=org/cabinet-office")
    sides = {s.xpath("string(h2/a)"): s for s in doc.xpath("//section[@class='side']")}
    assert set(sides) == {"つくば市", "北本市"}
    titles = {name: [a.text for a in s.xpath(".//td[@data-column='title']/a")] for name, s in sides.items()}
    assert sorted(titles["北本市"]) == ["地方創生推進事業", "行政手続オンライン化事業"]
    assert titles["つくば市"] == ["地域データ連携事業"]
    assert not doc.xpath("//p[@id='one-municipality']")
    options = doc.xpath("//form[@id='pick']//select[@name='a']/option/@value")
    assert options == ["lg/112330", "lg/082201"]  # most sheets first
    one = page(years_client, "/compare/municipalities?on=org/cabinet-office&a=lg/112330&b=lg/112330")
    assert len(one.xpath("//section[@class='side']")) == 1
    plan = page(years_client, "/compare/municipalities?on=plan/digital-government-action-plan")
    assert [s.xpath("string(h2/a)") for s in plan.xpath("//section[@class='side']")] == ["北本市"]
