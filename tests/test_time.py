"""#14.6: a fiscal year is the April–March interval it is (OWL-Time), and each sheet is dated by it
(dcterms:temporal), not by an xsd:gYear alone, which would mean January–December."""

from __future__ import annotations

import rdflib
from flask.testing import FlaskClient

from tests.conftest import ID, JKG

TIME = rdflib.Namespace("http://www.w3.org/2006/time#")
FY2020 = ID["fiscal-year/2020"]


def test_a_fiscal_year_is_an_april_to_march_interval_and_dates_each_sheet(bundled_graph: rdflib.Graph) -> None:
    g = bundled_graph
    assert {TIME.ProperInterval, JKG.FiscalYear} <= set(g.objects(FY2020, rdflib.RDF.type))
    for link, day in ((TIME.hasBeginning, "2020-04-01"), (TIME.hasEnd, "2021-03-31")):
        instant = g.value(FY2020, link)
        assert (instant, rdflib.RDF.type, TIME.Instant) in g
        assert g.value(instant, TIME.inXSDDate) == rdflib.Literal(day, datatype=rdflib.XSD.date)
    sheets = set(g.subjects(rdflib.RDF.type, JKG.ProjectSheet))
    assert sheets and all(g.value(s, rdflib.namespace.DCTERMS.temporal) == FY2020 for s in sheets)


def test_the_year_document_describes_its_first_and_last_day(client: FlaskClient) -> None:
    r = client.get("/doc/fiscal-year/2020", headers={"Accept": "application/n-triples"})
    g = rdflib.Graph().parse(data=r.data, format="nt")
    assert g.value(rdflib.URIRef(f"{FY2020}#start"), TIME.inXSDDate) == rdflib.Literal(
        "2020-04-01", datatype=rdflib.XSD.date
    )
    assert g.value(rdflib.URIRef(f"{FY2020}#end"), TIME.inXSDDate) == rdflib.Literal(
        "2021-03-31", datatype=rdflib.XSD.date
    )
