"""The dataset description as served conforms to DCAT-AP 3.0.1 (SEMIC's SHACL shapes, read from
../shared/schemas/dcat-ap-3.0.1/ beside the repository, as CI lays it out; never copied here)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from flask.testing import FlaskClient
from pyshacl import validate

from jkg.etl.build import build
from jkg.etl.publish import DatasetOptions
from tests.conftest import BASE, BUNDLED, ROOT, jkg

# ../shared beside the clone (CI, the main checkout); ../../shared for a git worktree kept in a folder beside it
SCHEMAS = (
    next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()), ROOT.parent / "shared")
    / "schemas"
    / "dcat-ap-3.0.1"
)
SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
DCAT = rdflib.Namespace("http://www.w3.org/ns/dcat#")
CONTACT = "mailto:opendata@example.jp"

if not SCHEMAS.is_dir():  # CI always has them; a clone without ../shared/ cannot run this check
    if os.environ.get("CI"):
        raise RuntimeError(f"DCAT-AP shapes missing: {SCHEMAS}")
    pytest.skip(f"DCAT-AP shapes not found at {SCHEMAS}", allow_module_level=True)


@pytest.fixture(scope="module")
def described(tmp_path_factory: pytest.TempPathFactory) -> Iterator[rdflib.Graph]:
    """The description a server of a build with a contact point answers at /data/dataset."""
    from jkg.server.app import create_app

    out = tmp_path_factory.mktemp("dcat") / "jkg-data"
    build(BUNDLED, out, BASE, dataset=DatasetOptions(contact=CONTACT))
    app = create_app({"data": str(out)})
    client: FlaskClient = app.test_client()
    r = client.get("/data/dataset", headers={"Accept": "text/turtle"})
    yield rdflib.Graph().parse(data=r.data, format="turtle")
    app.extensions["jkg_builds"].close()


def results(data: rdflib.Graph, shapes: str) -> list[tuple[str, str, str]]:
    shapes_graph = rdflib.Graph().parse(SCHEMAS / shapes)
    _conforms, report, _text = validate(data, shacl_graph=shapes_graph, inference="none", allow_warnings=True)
    return sorted(
        (str(report.value(r, SH.resultSeverity)).rpartition("#")[2], str(report.value(r, SH.focusNode)),
         str(report.value(r, SH.resultPath)))
        for r in report.subjects(rdflib.RDF.type, SH.ValidationResult)
    )  # fmt: skip


@pytest.mark.parametrize("shapes", ["shapes.ttl", "range.ttl"])
def test_no_violation(described: rdflib.Graph, shapes: str) -> None:
    assert results(described, shapes) == []


def test_only_recommended_properties_that_do_not_apply_are_missing(described: rdflib.Graph) -> None:
    missing = {
        (focus, path.rpartition("#")[2].rpartition("/")[2])
        for _s, focus, path in results(described, "shapes_recommended.ttl")
    }
    source = BASE + "id/lg/082201/source/2020/tsukuba-r2-seisaku-innovation.txt"
    assert missing == {
        (BASE + "id/lg/082201", "bbox"),  # no geometry offline
        (BASE + "id/lg/082201", "centroid"),
        ("http://publications.europa.eu/resource/authority/country/JPN", "bbox"),
        ("http://publications.europa.eu/resource/authority/country/JPN", "centroid"),
        (source, "contactPoint"),  # the city's list: its contact and availability are not ours to say
        (source + "#file", "availability"),
    }


def test_catalogue_service_and_coverage(described: rdflib.Graph) -> None:
    dataset, service = rdflib.URIRef(BASE + "data/dataset"), rdflib.URIRef(BASE + "sparql")
    DCT = rdflib.namespace.DCTERMS
    assert (rdflib.URIRef(BASE + "data/catalog"), DCAT.dataset, dataset) in described
    assert (service, rdflib.RDF.type, DCAT.DataService) in described
    assert (service, DCAT.servesDataset, dataset) in described
    assert rdflib.URIRef(BASE + "id/lg/082201") in set(described.objects(dataset, DCT.spatial))
    (year,) = described.objects(dataset, DCT.temporal)
    assert str(described.value(year, DCAT.startDate)) == "2020-04-01"
    assert str(described.value(year, DCAT.endDate)) == "2021-03-31"
    card = described.value(dataset, DCAT.contactPoint)
    assert described.value(card, rdflib.URIRef("http://www.w3.org/2006/vcard/ns#hasEmail")) == rdflib.URIRef(CONTACT)
    statement = described.value(dataset, DCT.rights)
    (rights,) = (str(o) for o in described.objects(statement, rdflib.RDFS.label) if o.language == "ja")  # type: ignore[attr-defined]
    assert rights.startswith("出典：つくば市「令和2年度事務事業一覧") and "加工" in rights
    source = described.value(dataset, DCT.source)
    assert described.value(source, DCAT.landingPage) == rdflib.URIRef("https://www.city.tsukuba.lg.jp/")


def test_publisher_licence_rights_holder_and_attribution_come_from_the_build_options(tmp_path: Path) -> None:
    """jkg build's --publisher, --licence, --rights-holder and --attribution are what the description says,
    not assumptions (the defaults are the list's municipality and its registry licence, test above)."""
    out = tmp_path / "jkg-data"
    attribution = "出典：茨城県つくば市「事務事業一覧」を加工して作成"
    done = jkg(
        "build", "--out", str(out), "--no-progress", "--publisher", "茨城県", "--licence", "CC-BY-SA-4.0",
        "--rights-holder", "https://www.city.tsukuba.lg.jp/", "--attribution", attribution,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    g = rdflib.Graph().parse(out / "current" / "void.ttl")
    DCT, dataset = rdflib.namespace.DCTERMS, rdflib.URIRef(BASE + "data/dataset")
    assert g.value(dataset, DCT.publisher) == rdflib.URIRef(BASE + "id/lg/080004")  # 茨城県's 団体コード
    assert g.value(dataset, DCT.license) == rdflib.URIRef("https://creativecommons.org/licenses/by-sa/4.0/")
    assert g.value(dataset, DCT.rightsHolder) == rdflib.URIRef("https://www.city.tsukuba.lg.jp/")
    statement = g.value(dataset, DCT.rights)
    assert rdflib.Literal(attribution, lang="ja") in set(g.objects(statement, rdflib.RDFS.label))
    bad = jkg("build", "--out", str(tmp_path / "other"), "--licence", "GPL-3.0")
    assert bad.returncode == 2 and "unknown licence 'GPL-3.0'" in bad.stderr
