"""Follow your nose: documents say what they are about and label what they link to; every negotiated answer
says where its format lives; / negotiates; the sitemap lists every resource; one endpoint IRI."""

from __future__ import annotations

import xml.dom.minidom

import pytest
import rdflib
from flask.testing import FlaskClient

from tests.conftest import BASE, ID, JKG, TSUKUBA

FOAF = rdflib.Namespace("http://xmlns.com/foaf/0.1/")
VOID = rdflib.Namespace("http://rdfs.org/ns/void#")
SD = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
SKOS = rdflib.namespace.SKOS
DATASET = rdflib.URIRef(BASE + "data/dataset")


def test_a_document_names_its_topic_its_dataset_and_labels_what_it_links_to(
    client: FlaskClient, bundled_graph: rdflib.Graph
) -> None:
    r = client.get("/doc/lg/082201/project/94/2020", headers={"Accept": "text/turtle"})
    g = rdflib.Graph().parse(data=r.data, format="turtle")
    doc = rdflib.URIRef(BASE + "doc/lg/082201/project/94/2020")
    sheet = TSUKUBA["project/94/2020"]
    assert (doc, FOAF.primaryTopic, sheet) in g
    assert (doc, VOID.inDataset, DATASET) in g
    linked = set(g.objects(sheet, None)) | set(g.subjects(None, sheet))
    resources = {n for n in linked if isinstance(n, rdflib.URIRef) and n != doc}
    assert ID["org/jaxa"] in resources and JKG.ProjectSheet in resources
    vocabulary = rdflib.Graph().parse(client.get("/def/jkg.ttl").data, format="turtle")
    known = bundled_graph + vocabulary
    labelled = {n for n in resources if any(known.objects(n, rdflib.RDFS.label))}
    assert ID["org/jaxa"] in labelled and JKG.ProjectSheet in labelled
    assert all(g.value(n, rdflib.RDFS.label) is not None for n in labelled)  # in the document itself


def test_turtle_documents_use_prefixes(client: FlaskClient) -> None:
    body = client.get("/doc/org/jaxa.ttl").data.decode()
    assert "@prefix skos: <http://www.w3.org/2004/02/skos/core#> ." in body
    assert "skos:prefLabel" in body


@pytest.mark.parametrize(
    ("accept", "location"),
    [
        ("text/turtle", "/doc/org/jaxa.ttl"),
        ("application/ld+json", "/doc/org/jaxa.jsonld"),
        ("text/html", "/doc/org/jaxa.html"),
    ],
)
def test_negotiated_documents_carry_content_location_and_alternates(
    client: FlaskClient, accept: str, location: str
) -> None:
    r = client.get("/doc/org/jaxa", headers={"Accept": accept})
    assert r.status_code == 200
    assert r.headers["Content-Location"] == location
    links = r.headers["Link"]
    for alternate in ("/doc/org/jaxa.ttl", "/doc/org/jaxa.jsonld", "/doc/org/jaxa.html"):
        assert f'<{alternate}>; rel="alternate"' in links
    assert f'<{BASE}doc/org/jaxa>; rel="canonical"' in links


def test_html_names_its_canonical_iri(client: FlaskClient) -> None:
    body = client.get("/doc/org/jaxa", headers={"Accept": "text/html"}).data.decode()
    assert f'<link rel="canonical" href="{BASE}doc/org/jaxa">' in body


@pytest.mark.parametrize(
    ("accept", "fmt", "ext"), [("text/turtle", "turtle", "ttl"), ("application/ld+json", "json-ld", "jsonld")]
)
def test_home_negotiates_to_the_dataset_description(client: FlaskClient, accept: str, fmt: str, ext: str) -> None:
    r = client.get("/", headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["Content-Location"] == f"/data/dataset.{ext}"
    assert "Accept" in r.headers["Vary"]
    g = rdflib.Graph().parse(data=r.data, format=fmt)
    assert (DATASET, rdflib.RDF.type, DCAT.Dataset) in g
    assert client.get("/", headers={"Accept": "text/html"}).mimetype == "text/html"


def test_dataset_formats_by_extension(client: FlaskClient) -> None:
    r = client.get("/data/dataset.nt")
    assert r.mimetype == "application/n-triples"
    assert (DATASET, rdflib.RDF.type, DCAT.Dataset) in rdflib.Graph().parse(data=r.data, format="nt")


def test_dump_content_type_has_one_charset(client: FlaskClient) -> None:
    for name, content_type in (("data.ttl", "text/turtle; charset=utf-8"), ("data.nt.gz", "application/gzip")):
        with client.get(f"/data/{name}") as r:
            assert r.headers["Content-Type"] == content_type


def test_one_endpoint_iri_in_the_service_and_the_dataset(client: FlaskClient) -> None:
    sd = rdflib.Graph().parse(data=client.get("/sparql", headers={"Accept": "text/turtle"}).data, format="turtle")
    void = rdflib.Graph().parse(data=client.get("/.well-known/void", headers={"Accept": "text/turtle"}).data)
    endpoints = set(sd.objects(None, SD.endpoint))
    assert endpoints == set(void.objects(DATASET, VOID.sparqlEndpoint)) == {rdflib.URIRef(BASE + "sparql")}


def test_sitemap_lists_every_resource_document(client: FlaskClient, bundled_graph: rdflib.Graph) -> None:
    index = xml.dom.minidom.parseString(client.get("/sitemap.xml").data)
    pages = [n.firstChild.data for n in index.getElementsByTagName("loc")]  # type: ignore[union-attr]
    assert pages == [BASE + "sitemap/1.xml"]
    r = client.get("/sitemap/1.xml")
    assert r.mimetype == "application/xml"
    urls = {n.firstChild.data for n in xml.dom.minidom.parseString(r.data).getElementsByTagName("loc")}  # type: ignore[union-attr]
    subjects = {str(s) for s in bundled_graph.subjects(rdflib.RDF.type, None) if isinstance(s, rdflib.URIRef)}
    assert urls == {BASE} | {BASE + "doc/" + s[len(str(ID)) :] for s in subjects}
    assert client.get("/sitemap/2.xml").status_code == 404
    assert f"Sitemap: {BASE}sitemap.xml" in client.get("/robots.txt").data.decode()


def test_home_page_has_a_schema_org_dataset_island(client: FlaskClient) -> None:
    import json
    import re

    html = client.get("/", headers={"Accept": "text/html"}).data.decode()
    (body,) = re.findall(r'<script type="application/ld\+json" id="jsonld">(.*?)</script>', html, re.S)
    island = json.loads(body)
    assert island["@context"] == {"@vocab": "https://schema.org/"} and island["@type"] == "Dataset"
    assert island["@id"] == BASE + "data/dataset" and island["name"].startswith("つくば市")
    assert island["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert island["temporalCoverage"] == "2020-04-01/2021-03-31"
    assert {d["contentUrl"] for d in island["distribution"]} == {
        BASE + "data/" + f for f in ("data.ttl", "data.nt.gz", "data.nq.gz", "data.jsonld")
    }
    assert island["spatialCoverage"][0]["name"] == "つくば市"
    g = rdflib.Graph().parse(data=body, format="json-ld")  # it is RDF too, read without fetching a context
    assert (rdflib.URIRef(BASE + "data/dataset"), rdflib.RDF.type, rdflib.URIRef("https://schema.org/Dataset")) in g


def test_the_catalogue_and_the_municipality_parts_answer_with_the_description(client: FlaskClient) -> None:
    for path in ("/data/catalog", "/data/dataset/lg/082201"):
        r = client.get(path, headers={"Accept": "text/turtle"})
        assert r.status_code == 303 and r.headers["Location"].endswith("/data/dataset"), path
        g = rdflib.Graph().parse(data=client.get(r.headers["Location"], headers={"Accept": "text/turtle"}).data)
        assert (rdflib.URIRef(BASE + path.lstrip("/")), None, None) in g
    assert client.get("/data/dataset/lg/999999").status_code == 404
