"""Resource pages, the home page and the vocabulary documentation, read as HTML and checked against the graph."""

from __future__ import annotations

import json
from urllib.parse import unquote, urlsplit

import lxml.html
import pytest
import rdflib
from flask.testing import FlaskClient
from pyoxigraph import Store

from jkg.server.resource import Reader
from jkg.server.store import open_published
from tests.conftest import BASE, ID, JKG, TSUKUBA

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
OA = rdflib.Namespace("http://www.w3.org/ns/oa#")
ORG = rdflib.Namespace("http://www.w3.org/ns/org#")
PROV = rdflib.Namespace("http://www.w3.org/ns/prov#")
DCTERMS = rdflib.Namespace("http://purl.org/dc/terms/")
SHEET = "lg/082201/project/11/2020"  # スマートシティの推進: partners, a plan and a date in its texts


def page(client: FlaskClient, path: str, status: int = 200) -> lxml.html.HtmlElement:
    r = client.get(path, headers={"Accept": BROWSER})
    assert r.status_code == status, r.data[:500]
    assert r.content_type == "text/html; charset=utf-8"
    return lxml.html.fromstring(r.data.decode("utf-8"))


def hrefs(doc: lxml.html.HtmlElement, xpath: str = "//main//a/@href") -> list[str]:
    return [str(h) for h in doc.xpath(xpath)]


def local(iri: rdflib.term.Node) -> str:
    return "/doc/" + str(iri).removeprefix(str(ID))


def test_a_browser_gets_html_and_a_client_asking_for_anything_gets_turtle(client: FlaskClient) -> None:
    browser = client.get(f"/doc/{SHEET}", headers={"Accept": BROWSER})
    assert browser.content_type == "text/html; charset=utf-8"
    assert "Accept" in browser.headers["Vary"]
    anything = client.get(f"/doc/{SHEET}", headers={"Accept": "*/*"})
    assert anything.content_type.startswith("text/turtle")
    assert f'</doc/{SHEET}.html>; rel="alternate"; type="text/html"' in anything.headers["Link"]
    # The extension wins over Accept, both ways.
    assert client.get(f"/doc/{SHEET}.html", headers={"Accept": "text/turtle"}).content_type.startswith("text/html")
    assert client.get(f"/doc/{SHEET}.ttl", headers={"Accept": BROWSER}).content_type.startswith("text/turtle")


def test_an_unknown_iri_gets_a_404_page(client: FlaskClient) -> None:
    doc = page(client, "/doc/org/no-such-body", status=404)
    assert BASE + "id/org/no-such-body" in doc.text_content()
    assert "/" in hrefs(doc, "//header//a/@href")


def test_sheet_text_links_every_mention_to_what_it_names(client: FlaskClient, bundled_graph: rdflib.Graph) -> None:
    sheet = ID[SHEET]
    expected = []
    for m in bundled_graph.objects(sheet, rdflib.namespace.DCTERMS.isReferencedBy):
        body = bundled_graph.value(m, OA.hasBody)
        expected.append((str(bundled_graph.value(m, JKG.exact)), local(body if body is not None else m)))
    assert len(expected) >= 4
    doc = page(client, f"/doc/{SHEET}")
    shown = [(a.text_content(), a.get("href")) for a in doc.xpath("//a[contains(@class, 'mention')]")]
    assert sorted(shown) == sorted(expected)
    kinds = {a.get("data-kind") for a in doc.xpath("//a[contains(@class, 'mention')]")}
    assert {"partner", "plan", "date"} <= kinds
    # The highlighted text reads as the source text: segments put back together give each field's value.
    results = str(bundled_graph.value(sheet, JKG.results))
    assert results in [p.text_content() for p in doc.xpath("//div[@class='field']/p")]


def test_a_page_embeds_its_json_ld(client: FlaskClient, bundled_graph: rdflib.Graph) -> None:
    doc = page(client, f"/doc/{SHEET}")
    (script,) = doc.xpath("//script[@type='application/ld+json']")
    embedded = rdflib.Graph().parse(data=script.text, format="json-ld")
    sheet = ID[SHEET]
    assert (sheet, DCTERMS.title, bundled_graph.value(sheet, DCTERMS.title)) in embedded
    assert (sheet, PROV.specializationOf, TSUKUBA["project/11"]) in embedded
    assert len(embedded) == len(list(bundled_graph.triples((sheet, None, None))))


def test_a_page_links_to_a_describe_of_itself_in_the_query_ui(client: FlaskClient) -> None:
    doc = page(client, f"/doc/{SHEET}")
    (link,) = doc.xpath("//a[@id='describe']/@href")
    path, _, fragment = str(link).partition("#")
    assert path == "/sparql"
    assert unquote(fragment) == f"query=DESCRIBE <{ID[SHEET]}>"


def test_project_page_lists_its_sheets(client: FlaskClient) -> None:
    doc = page(client, "/doc/lg/082201/project/11")
    assert f"/doc/{SHEET}" in hrefs(doc, "//h2[@id='sheets']/following-sibling::table[1]//a/@href")


def test_division_and_department_pages_list_their_projects(client: FlaskClient, bundled_graph: rdflib.Graph) -> None:
    division = TSUKUBA["org/planning-management-div"]
    sheets = {local(s) for s in bundled_graph.subjects(JKG.responsibleUnit, division)}
    assert len(sheets) == 23  # 企画経営課
    doc = page(client, local(division))
    listed = set(hrefs(doc, "//h2[@id='projects']/following-sibling::table[1]//a/@href"))
    assert sheets <= listed  # (the project pages are linked beside each sheet)
    # The department lists the projects of all its divisions.
    (department,) = set(bundled_graph.objects(division, ORG.subOrganizationOf))
    all_sheets = {local(s) for s in bundled_graph.subjects(rdflib.RDF.type, JKG.ProjectSheet)}
    doc = page(client, local(department))
    assert "(47)" in doc.xpath("string(//h2[@id='projects'])")
    assert all_sheets <= set(hrefs(doc, "//h2[@id='projects']/following-sibling::table[1]//a/@href"))


def test_partner_page_lists_the_projects_that_name_it_by_division(
    client: FlaskClient, bundled_graph: rdflib.Graph
) -> None:
    partner = ID["org/cabinet-office"]
    naming = list(bundled_graph.subjects(JKG.partner, partner))
    assert len(naming) >= 2
    doc = page(client, local(partner))
    groups = {}
    for heading in doc.xpath("//h3[@class='unit-group']"):
        unit = heading.xpath("string(a/@href)")
        groups[unit] = set(hrefs(heading, "following-sibling::ul[1]//a/@href"))
    expected: dict[str, set[str]] = {}
    for sheet in naming:
        expected.setdefault(local(bundled_graph.value(sheet, JKG.responsibleUnit)), set()).add(local(sheet))
    assert groups == expected


def test_long_link_lists_are_paged_without_gaps(bundled_out: pytest.TempPathFactory) -> None:
    published = open_published(bundled_out)  # type: ignore[arg-type]
    store: Store = published.store
    division = str(TSUKUBA["org/planning-management-div"])
    full = Reader(store, published.iris, page_size=1000).page(division)
    assert full.incoming.total > 20
    seen = []
    number = 1
    while True:
        part = Reader(store, published.iris, page_size=7).page(division, {"in": number})
        assert part.incoming.pages == -(-full.incoming.total // 7)
        seen += [(link.predicate.iri, link.node.iri) for link in part.incoming.items]  # type: ignore[union-attr]
        if number == part.incoming.pages:
            break
        number += 1
    assert seen == [(link.predicate.iri, link.node.iri) for link in full.incoming.items]  # type: ignore[union-attr]


def test_pager_links_move_through_the_pages(bundled_out: pytest.TempPathFactory) -> None:
    from jkg.server.app import create_app

    app = create_app({"data": str(bundled_out), "page_size": 5})
    client = app.test_client()
    doc = page(client, "/doc/lg/082201/org/planning-management-div")
    (next_link,) = doc.xpath("//div[@data-pager='projects']/a[@rel='next']/@href")
    second = page(client, str(next_link))
    first_rows = hrefs(doc, "//h2[@id='projects']/following-sibling::table[1]//td[1]/a[1]/@href")
    second_rows = hrefs(second, "//h2[@id='projects']/following-sibling::table[1]//td[1]/a[1]/@href")
    assert len(first_rows) == len(second_rows) == 5
    assert not set(first_rows) & set(second_rows)
    assert "Page 2 of 5" in " ".join(second.xpath("string(//div[@data-pager='projects'])").split())
    app.extensions["jkg_builds"].close()


def test_language_switch_changes_the_interface_and_is_remembered(client: FlaskClient) -> None:
    english = page(client, "/doc/org/cabinet-office")
    assert "Links to this resource" in english.text_content()
    (switch,) = english.xpath("//a[@id='language-switch']/@href")
    r = client.get(str(switch), headers={"Accept": BROWSER})
    japanese = lxml.html.fromstring(r.data.decode())
    assert "このリソースへのリンク" in japanese.text_content()
    assert japanese.xpath("string(/html/@lang)") == "ja"
    assert "jkg_lang=ja" in r.headers["Set-Cookie"]
    # The label of the data stays Japanese in both interfaces.
    assert english.xpath("string(//h1)") == japanese.xpath("string(//h1)") == "内閣府"
    later = page(client, "/doc/org/jaxa")  # the test client keeps the cookie
    assert "このリソースへのリンク" in later.text_content()
    client.get("/?lang=en")


def test_every_link_on_the_home_page_and_a_sheet_page_works(client: FlaskClient) -> None:
    for start in ("/", f"/doc/{SHEET}"):
        doc = page(client, start)
        for href in sorted(set(hrefs(doc, "//a/@href"))):
            parts = urlsplit(href)
            if parts.scheme or not parts.path:
                continue  # outside links (the licence) and fragments
            target = parts.path + ("?" + parts.query if parts.query else "")
            r = client.get(target, headers={"Accept": BROWSER})
            assert r.status_code in (200, 303), (start, href, r.status_code)


def test_home_page_says_what_the_dataset_is_and_shows_the_ways_in(
    client: FlaskClient, bundled_graph: rdflib.Graph
) -> None:
    doc = page(client, "/")
    text = doc.text_content()
    assert "Tsukuba City administrative projects knowledge graph" in text
    assert "令和2年度事務事業一覧" in text
    assert "creativecommons.org/licenses/by/4.0" in " ".join(hrefs(doc, "//a/@href"))
    counts = {row.xpath("string(td[1])"): row.xpath("string(td[2])") for row in doc.xpath("//table[@id='counts']//tr")}
    assert counts["Administrative project"] == "47" and counts["Division"] == "7"
    sections = {s.get("data-section"): hrefs(s, ".//a/@href") for s in doc.xpath("//section[@class='way-in']")}
    assert set(sections) == {"organisation", "action_plan_items", "plans", "laws", "partners", "events"}
    every_division = {local(d) for d in bundled_graph.subjects(rdflib.RDF.type, JKG.Division)}
    listed = {h for s in doc.xpath("//section[@data-section='organisation']") for h in hrefs(s, ".//a/@href")}
    assert every_division <= listed
    shown = {
        li.xpath("string(a/@href)"): li.xpath("string(span[@class='count'])")
        for li in doc.xpath("//section[@class='way-in']//li")
    }
    assert shown["/doc/lg/082201/org/planning-management-div"] == "23 sheets"  # 企画経営課
    # the department counts its divisions' sheets
    assert shown["/doc/lg/082201/org/policy-innovation-dept"] == "47 sheets"
    cabinet_office = len(set(bundled_graph.subjects(JKG.partner, ID["org/cabinet-office"])))
    assert shown["/doc/org/cabinet-office"] == f"{cabinet_office} sheets"
    every_partner = {local(d) for d in bundled_graph.subjects(rdflib.RDF.type, JKG.PartnerBody)}
    partners = {h for s in doc.xpath("//section[@data-section='partners']") for h in hrefs(s, ".//a/@href")}
    assert partners == every_partner
    assert doc.xpath("//form[@id='home-search']/@action") == ["/search"]
    # The dataset is embedded for search engines as a schema.org Dataset (made from the DCAT description).
    (script,) = doc.xpath("//script[@type='application/ld+json']")
    embedded = rdflib.Graph().parse(data=script.text, format="json-ld")
    schema = rdflib.Namespace("https://schema.org/")
    assert (rdflib.URIRef(BASE + "data/dataset"), rdflib.RDF.type, schema.Dataset) in embedded
    distributions = set(embedded.objects(rdflib.URIRef(BASE + "data/dataset"), schema.distribution))
    assert len(distributions) == 4  # Turtle, N-Triples, N-Quads, JSON-LD


def test_vocabulary_documentation_covers_every_term_in_both_languages(client: FlaskClient) -> None:
    ontology = rdflib.Graph().parse(data=client.get("/def/jkg.ttl").data, format="turtle")
    terms = {
        str(t).removeprefix(str(JKG))
        for kind in (rdflib.OWL.Class, rdflib.OWL.ObjectProperty, rdflib.OWL.DatatypeProperty)
        for t in ontology.subjects(rdflib.RDF.type, kind)
        if str(t).startswith(str(JKG))
    }
    assert len(terms) > 40
    for lang in ("en", "ja"):
        doc = page(client, f"/def/jkg?lang={lang}")
        sections = {s.get("id") for s in doc.xpath("//section[@class='term']")}
        assert sections == terms
        heading = doc.xpath("string(//section[@id='ProjectSheet']/h3)")
        label = ontology.value(JKG.ProjectSheet, rdflib.RDFS.label, any=True)
        wanted = {str(v) for v in ontology.objects(JKG.ProjectSheet, rdflib.RDFS.label) if v.language == lang}
        assert label is not None and wanted and all(w in heading for w in wanted)
    # Each class shows its SHACL constraints.
    doc = page(client, "/def/jkg")
    paths = doc.xpath("//section[@id='ProjectSheet']//table[@class='constraints']//td[1]//text()")
    assert "jkg:responsibleUnit" in paths and "dcterms:title" in paths
    client.get("/?lang=en")


def test_search_json_lists_resources_with_links(client: FlaskClient) -> None:
    r = client.get("/search?q=JAXA", headers={"Accept": "application/json"})
    body = json.loads(r.data)
    assert body["results"][0]["iri"] == str(ID["org/jaxa"])
    assert body["results"][0]["href"] == "/doc/org/jaxa"


@pytest.mark.parametrize(
    ("path", "accept"),
    [(f"/doc/{SHEET}", BROWSER), (f"/doc/{SHEET}", "text/turtle"), ("/", BROWSER), ("/search?q=JAXA", BROWSER)],
)
def test_a_client_that_has_the_answer_gets_304(client: FlaskClient, path: str, accept: str) -> None:
    first = client.get(path, headers={"Accept": accept})
    etag = first.headers["ETag"]
    again = client.get(path, headers={"Accept": accept, "If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    if path.startswith("/doc/"):  # the HTML and the Turtle of one resource are two variants, two tags
        other = "text/turtle" if accept == BROWSER else BROWSER
        assert client.get(path, headers={"Accept": other}).headers["ETag"] != etag
    assert client.get(path, headers={"Accept": accept, "If-None-Match": '"stale"'}).status_code == 200
