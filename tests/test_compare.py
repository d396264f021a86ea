"""Compare views: a project across its years (two years of a list written for this test), and municipalities
whose projects name the same partner body or plan."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import lxml.html
import pytest
import rdflib
from flask.testing import FlaskClient

from jkg.etl.build import build
from tests.conftest import BASE, TESTS

BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"
YEARS = sorted((TESTS / "fixtures" / "compare").glob("r*.txt"))


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("two-years") / "data"
    build(YEARS, out, BASE)
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
    doc = page(years_client, "/compare/years?project=project/501")
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
    doc = page(years_client, "/compare/years?project=project/501")
    changed = {li.get("data-row") for li in doc.xpath("//ul[@id='changes']/li")}
    assert changed == {"title", "division", "partners", "overview"}
    division = doc.xpath("//ul[@id='changes']/li[@data-row='division']")[0].text_content()
    assert "情報政策課" in division and "→" in division and "企画経営課" in division
    same = page(years_client, "/compare/years?project=project/502")
    assert same.xpath("//p[@id='no-change']") and not same.xpath("//ul[@id='changes']/li")


def test_the_project_page_links_to_its_comparison(years_client: FlaskClient) -> None:
    doc = page(years_client, "/doc/project/501")
    assert doc.xpath("string(//a[@id='compare']/@href)") == "/compare/years?project=project%2F501"
    assert years_client.get("/compare/years?project=project/999", headers={"Accept": BROWSER}).status_code == 404
    assert years_client.get("/compare/years", headers={"Accept": "application/json"}).status_code == 400


def test_a_one_year_project_says_so(client: FlaskClient) -> None:
    doc = page(client, "/compare/years?project=project/11")
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
