"""The DCAT-AP 3 side of the dataset description: a catalogue, the SPARQL endpoint as a data service, the
distributions' access, format and availability, the agents, the licence, the rights and the attribution
(出典 and a 加工 notice, as 政府標準利用規約 asks), the spatial and temporal coverage, themes and keywords.

describe() in publish.py writes the VoID side (counts, partitions, subsets); this module adds what a DCAT-AP
harvester needs, typing every value as the DCAT-AP range shapes expect (dct:LicenseDocument, foaf:Agent,
dct:MediaType, spdx:Checksum …). Values from the EU controlled vocabularies (file types, themes, languages,
availability, the country) are IRIs of publications.europa.eu authority tables, stated with the scheme they
belong to so that the vocabulary shapes can check them.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from jkg.iris import Iris
from jkg.municipalities import LocalGovernment
from jkg.vocab import DCAT, DCTERMS, FOAF, RDFS, SKOS, TYPE, XSD, _Namespace

EU = "http://publications.europa.eu/resource/authority/"
PREFIXES = {
    "spdx": "http://spdx.org/rdf/terms#",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "dcatap": "http://data.europa.eu/r5r/",
}

FILE_TYPES = {  # media type → EU file type
    "text/turtle": "RDF_TURTLE",
    "application/n-triples": "RDF_N_TRIPLES",
    "application/n-quads": "RDF_N_QUADS",
    "application/ld+json": "JSON_LD",
}
SPDX = _Namespace(PREFIXES["spdx"])
VCARD = _Namespace(PREFIXES["vcard"])
DCATAP = _Namespace(PREFIXES["dcatap"])
ADMS_LICENCE = "http://purl.org/adms/licencetype/"
LICENCE_TYPES = {  # the licences jkg build --licence names, by what they ask of a user (ADMS licence type)
    "https://creativecommons.org/licenses/by/4.0/": "Attribution",
    "https://creativecommons.org/licenses/by-sa/4.0/": "ViralEffect-ShareAlike",
    "https://creativecommons.org/publicdomain/zero/1.0/": "PublicDomain",
    "https://opendatacommons.org/licenses/by/1-0/": "Attribution",
    "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0": "Attribution",
}
SOURCE_FILE_TYPES = {"txt": "TXT", "csv": "CSV", "tsv": "TSV", "xlsx": "XLSX", "xls": "XLS", "ods": "ODS"}
THEME = "GOVE"  # Government and public sector
KEYWORDS = {
    "ja": ("事務事業", "事務事業評価", "地方公共団体", "行政改革", "ナレッジグラフ", "オープンデータ"),
    "en": (
        "administrative projects",
        "project evaluation",
        "local government",
        "administrative reform",
        "knowledge graph",
        "linked open data",
    ),
}
ATTRIBUTION_EDITED = (
    "このデータは、出典の資料を加工して作成したものです（事務事業・組織・言及された団体等をグラフ化）。"
)
ATTRIBUTION_EDITED_EN = "Derived by restructuring the source lists into a graph (projects, units, named bodies)."


@dataclass(frozen=True)
class Agents:
    """Who the description names: the publisher, the rights holder, the contact point (any may be unknown)."""

    publisher: NamedNode | None
    rights_holder: NamedNode | None
    contact: str | None  # mailto:… or https://…
    attribution: str | None  # the user's own 出典 text; None: made from the sources


LABELS = {  # the English labels of the controlled-vocabulary concepts used (as their tables give them)
    "language/JPN": "Japanese",
    "data-theme/GOVE": "Government and public sector",
    "country/JPN": "Japan",
    "planned-availability/AVAILABLE": "available",
    "file-type/RDF_TURTLE": "RDF Turtle",
    "file-type/RDF_N_TRIPLES": "RDF N-Triples",
    "file-type/RDF_N_QUADS": "RDF N-Quads",
    "file-type/JSON_LD": "JSON-LD",
    "file-type/TXT": "TXT",
    "file-type/CSV": "CSV",
    "file-type/TSV": "TSV",
    "file-type/XLSX": "XLSX",
    "file-type/XLS": "XLS",
    "file-type/ODS": "ODS",
    "LocalAuthority": "Local Authority",
    "Attribution": "Attribution",
    "ViralEffect-ShareAlike": "Viral effect (a.k.a. Share-alike)",
    "PublicDomain": "Public domain",
}


SCHEME_TITLES = {
    EU + "language": "Language",
    EU + "data-theme": "Data theme",
    EU + "country": "Country",
    EU + "planned-availability": "Planned availability",
    EU + "file-type": "File type",
    "http://purl.org/adms/publishertype/1.0": "ADMS publisher type",
    "http://purl.org/adms/licencetype/1.0": "ADMS licence type",
}


SCHEME_TITLES_JA = {
    EU + "language": "言語",
    EU + "data-theme": "データのテーマ",
    EU + "country": "国",
    EU + "planned-availability": "提供予定",
    EU + "file-type": "ファイル形式",
}


def _eu(table: str, code: str, cls: NamedNode = SKOS.Concept) -> Iterator[Triple]:
    """A concept of an EU authority table, with its scheme and label."""
    yield from _concept(NamedNode(f"{EU}{table}/{code}"), NamedNode(f"{EU}{table}"), LABELS[f"{table}/{code}"], cls)


def _concept(node: NamedNode, scheme: NamedNode, label: str, cls: NamedNode = SKOS.Concept) -> Iterator[Triple]:
    """A concept with its label; for an EU authority table, its scheme too (published by the EU Publications
    Office), so that the vocabulary shapes can check it. ADMS concepts are left without a scheme: who publishes
    those tables is not something this build can state for certain."""
    yield Triple(node, TYPE, cls)
    yield Triple(node, SKOS.prefLabel, Literal(label, language="en"))
    if scheme.value.startswith(EU):
        yield Triple(node, SKOS.inScheme, scheme)
        yield Triple(scheme, TYPE, SKOS.ConceptScheme)
        yield Triple(scheme, DCTERMS.title, Literal(SCHEME_TITLES[scheme.value], language="en"))
        yield Triple(scheme, SKOS.prefLabel, Literal(SCHEME_TITLES_JA[scheme.value], language="ja"))
        yield Triple(scheme, DCTERMS.publisher, NamedNode(EU + "corporate-body/PUBL"))


def _agent(node: NamedNode, body: LocalGovernment | None, en: str) -> Iterator[Triple]:
    """The municipality (or any IRI given as publisher) as a foaf:Agent with a foaf:name."""
    yield Triple(node, TYPE, FOAF.Agent)
    if body is not None:
        yield Triple(node, FOAF.name, Literal(body.local_name, language="ja"))
        kind = NamedNode("http://purl.org/adms/publishertype/LocalAuthority")
        yield Triple(node, DCTERMS.type, kind)
        yield from _concept(kind, NamedNode("http://purl.org/adms/publishertype/1.0"), LABELS["LocalAuthority"])
    if en:
        yield Triple(node, FOAF.name, Literal(en, language="en"))


def _period(node: NamedNode | BlankNode, start: str, end: str) -> Iterator[Triple]:
    yield Triple(node, TYPE, DCTERMS.PeriodOfTime)
    yield Triple(node, DCAT.startDate, Literal(start, datatype=XSD.date))
    yield Triple(node, DCAT.endDate, Literal(end, datatype=XSD.date))


def attribution_text(report: dict[str, Any], names: dict[str, str]) -> str:
    """出典：{publisher}「{title}」 for every source, then the 加工 notice."""
    cited = dict.fromkeys(
        f"{names.get(s['municipality'], s['municipality'])}「{s.get('title') or s['file']}」"
        + (f"（{s['page']}）" if s.get("page") else "")
        for s in report["sources"]
    )
    return "出典：" + "、".join(cited) + "。" + ATTRIBUTION_EDITED


def dcat_ap(
    iris: Iris,
    report: dict[str, Any],
    dumps: list[dict[str, Any]],
    bodies: list[LocalGovernment],
    english: dict[str, str],
    homepages: dict[str, str],
    agents: Agents,
    licence: str,
) -> list[Triple]:
    """The DCAT-AP triples of the dataset, its catalogue, its distributions and its data service."""
    ds, catalog, service = iris.dataset(), iris.catalog(), iris.sparql_endpoint()
    names = {b.code: b.local_name for b in bodies}
    t: list[Triple] = []
    # The catalogue that lists the dataset and the service.
    title_ja = "・".join(names.values()) + " 事務事業ナレッジグラフ カタログ"
    t += [
        Triple(catalog, TYPE, DCAT.Catalog),
        Triple(catalog, DCTERMS.title, Literal(title_ja, language="ja")),
        Triple(catalog, DCTERMS.title, Literal("Administrative projects knowledge graph catalogue", language="en")),
        Triple(
            catalog,
            DCTERMS.description,
            Literal("事務事業一覧から作成したナレッジグラフのデータセットとSPARQLエンドポイント。", language="ja"),
        ),
        Triple(
            catalog,
            DCTERMS.description,
            Literal(
                "The knowledge graph made from lists of administrative projects, its dumps and its SPARQL endpoint.",
                language="en",
            ),
        ),
        Triple(catalog, DCAT.dataset, ds),
        Triple(catalog, DCAT.service, service),
        Triple(catalog, FOAF.homepage, NamedNode(iris.base)),
        Triple(catalog, DCTERMS.language, NamedNode(EU + "language/JPN")),
        Triple(catalog, DCTERMS.modified, Literal(report["built_at"], datatype=XSD.dateTime)),
        Triple(catalog, DCAT.themeTaxonomy, NamedNode(EU + "data-theme")),
        Triple(catalog, DCTERMS.issued, Literal(report["built_at"], datatype=XSD.dateTime)),
        Triple(catalog, DCTERMS.spatial, NamedNode(EU + "country/JPN")),
        Triple(NamedNode(iris.base), TYPE, FOAF.Document),
    ]
    # The dataset: description in English, language, theme, keywords, coverage, agents, rights.
    t += [
        Triple(
            ds,
            DCTERMS.description,
            Literal(
                "Projects, their yearly sheets, the units that run them and the bodies, plans, laws and events their "
                "texts name, from municipal lists of administrative projects (事務事業一覧).",
                language="en",
            ),
        ),
        Triple(ds, DCTERMS.language, NamedNode(EU + "language/JPN")),
        Triple(ds, DCAT.theme, NamedNode(f"{EU}data-theme/{THEME}")),
        Triple(ds, DCAT.landingPage, NamedNode(iris.base)),
        Triple(ds, DCTERMS.spatial, NamedNode(EU + "country/JPN")),
        Triple(NamedNode(EU + "country/JPN"), TYPE, DCTERMS.Location),
        Triple(ds, DCTERMS.conformsTo, NamedNode(iris.vocabulary())),
        Triple(NamedNode(iris.vocabulary()), TYPE, DCTERMS.Standard),
    ]
    t += [*_eu("language", "JPN", DCTERMS.LinguisticSystem), *_eu("data-theme", THEME), *_eu("country", "JPN")]
    t += [Triple(service, DCAT.theme, NamedNode(f"{EU}data-theme/{THEME}"))]
    for lang, words in KEYWORDS.items():
        t += [Triple(node, DCAT.keyword, Literal(w, language=lang)) for w in words for node in (ds, service)]
    for body in bodies:
        node = iris.local_government(body.code)
        t += [Triple(ds, DCTERMS.spatial, node), Triple(node, TYPE, DCTERMS.Location)]
        t += _agent(node, body, english.get(body.code, ""))
    years = sorted(
        {y for s in report["sources"] for y in ([s["fiscal_year"]] if s["fiscal_year"] else s.get("years", []))}
    )
    for fy in years:
        node = iris.fiscal_year(fy)
        t.append(Triple(ds, DCTERMS.temporal, node))
        t += _period(node, f"{fy}-04-01", f"{fy + 1}-03-31")
    if agents.publisher is not None:
        t += [
            Triple(catalog, DCTERMS.publisher, agents.publisher),
            Triple(service, DCTERMS.publisher, agents.publisher),
        ]
        if not agents.publisher.value.startswith(iris.base):
            t += _agent(agents.publisher, None, "")
    holder = agents.rights_holder
    if holder is None and len(bodies) == 1:
        holder = iris.local_government(bodies[0].code)  # the municipality that published the list
    if holder is not None:
        t.append(Triple(ds, DCTERMS.rightsHolder, holder))
        if not holder.value.startswith(iris.base):
            t += _agent(holder, None, "")
    rights = iris.rights()
    text = agents.attribution or attribution_text(report, names)
    t += [
        Triple(ds, DCTERMS.rights, rights),
        Triple(rights, TYPE, DCTERMS.RightsStatement),
        Triple(rights, RDFS.label, Literal(text, language="ja")),
        Triple(rights, RDFS.label, Literal(ATTRIBUTION_EDITED_EN, language="en")),
    ]
    if agents.contact:
        card = iris.contact_point()
        kind = VCARD.hasEmail if agents.contact.startswith("mailto:") else VCARD.hasURL
        t += [
            Triple(ds, DCAT.contactPoint, card),
            Triple(service, DCAT.contactPoint, card),
            Triple(card, TYPE, VCARD.Kind),
            Triple(
                card,
                VCARD.fn,
                Literal("・".join(names.values()) + " 事務事業ナレッジグラフ 問い合わせ先", language="ja"),
            ),
            Triple(card, kind, NamedNode(agents.contact)),
        ]
    if licence:
        t += [Triple(NamedNode(licence), TYPE, DCTERMS.LicenseDocument)]
        t += [Triple(node, DCTERMS.license, NamedNode(licence)) for node in (service, catalog)]
        licence_type = LICENCE_TYPES.get(licence)
        if licence_type:
            kind = NamedNode(ADMS_LICENCE + licence_type)
            t.append(Triple(NamedNode(licence), DCTERMS.type, kind))
            t += _concept(kind, NamedNode(ADMS_LICENCE + "1.0"), LABELS[licence_type])
    t += _sources(iris, report, homepages, licence)
    t += _distributions(iris, dumps, rights)
    t += _service(iris, service, ds)
    return t


def _years(source: dict[str, Any]) -> list[int]:
    """The fiscal years a source covers: its own, or those of its rows (a 年度 column)."""
    return [source["fiscal_year"]] if source["fiscal_year"] is not None else list(source.get("years", []))


def _sources(iris: Iris, report: dict[str, Any], homepages: dict[str, str], licence: str) -> Iterator[Triple]:
    """Each source list as the dataset it is (dct:source ranges over dcat:Dataset), published by its
    municipality on its page: the page the list's mapping file names (dc:source), else the city's home page."""
    for s in report["sources"]:
        page = s.get("page") or homepages.get(s["municipality"], "")
        for fy in _years(s):
            doc = iris.source_document(s["municipality"], fy, s["document"])
            yield Triple(doc, TYPE, DCAT.Dataset)
            yield Triple(doc, DCTERMS.title, Literal(s.get("title") or s["file"], language="ja"))
            yield Triple(doc, DCTERMS.publisher, iris.local_government(s["municipality"]))
            yield Triple(doc, DCTERMS.description, Literal(f"{s.get('title') or s['file']}（原資料）", language="ja"))
            yield Triple(doc, DCTERMS.spatial, iris.local_government(s["municipality"]))
            yield Triple(doc, DCTERMS.temporal, iris.fiscal_year(fy))
            yield Triple(doc, DCAT.theme, NamedNode(f"{EU}data-theme/{THEME}"))
            for word in KEYWORDS["ja"][:3]:
                yield Triple(doc, DCAT.keyword, Literal(word, language="ja"))
            if licence:
                yield Triple(doc, DCTERMS.license, NamedNode(licence))
            if page:
                yield Triple(doc, DCAT.landingPage, NamedNode(page))
                yield Triple(NamedNode(page), TYPE, FOAF.Document)
            yield from _source_file(iris, doc, s, page, licence)


def _source_file(iris: Iris, doc: NamedNode, s: dict[str, Any], page: str, licence: str) -> Iterator[Triple]:
    """The file that was read, as the source dataset's distribution: found on the page, with its SHA-256."""
    dist, checksum = NamedNode(doc.value + "#file"), NamedNode(doc.value + "#sha256")
    yield Triple(doc, DCAT.distribution, dist)
    yield Triple(dist, TYPE, DCAT.Distribution)
    yield Triple(dist, DCTERMS.title, Literal(s["file"]))
    yield Triple(
        dist, DCTERMS.description, Literal(f"読み込んだファイル {s['file']}（{s['encoding']}）", language="ja")
    )
    yield Triple(dist, DCAT.accessURL, NamedNode(page or iris.base))
    yield Triple(dist, SPDX.checksum, checksum)
    yield Triple(checksum, TYPE, SPDX.Checksum)
    yield Triple(checksum, SPDX.algorithm, SPDX.checksumAlgorithm_sha256)
    yield Triple(checksum, SPDX.checksumValue, Literal(s["sha256"], datatype=XSD.hexBinary))
    if licence:
        yield Triple(dist, DCTERMS.license, NamedNode(licence))
    file_type = SOURCE_FILE_TYPES.get(s["file"].rpartition(".")[2].lower())
    if file_type:
        yield Triple(dist, DCTERMS.format, NamedNode(f"{EU}file-type/{file_type}"))
        yield from _eu("file-type", file_type, DCTERMS.MediaTypeOrExtent)


def _distributions(iris: Iris, dumps: list[dict[str, Any]], rights: NamedNode) -> Iterator[Triple]:
    """Each dump: where it is (access and download URL), its format, media type, availability and rights."""
    listing = NamedNode(iris.base + "data/")
    for dump in dumps:
        dist = iris.dump(dump["file"])
        media = NamedNode("https://www.iana.org/assignments/media-types/" + dump["media_type"])
        file_type = FILE_TYPES.get(dump["media_type"])
        yield Triple(dist, DCAT.accessURL, listing)
        yield Triple(
            dist,
            DCTERMS.description,
            Literal(f"グラフ全体のダンプ（{dump['title']}）。SHA-256 は spdx:checksum に記す。", language="ja"),
        )
        yield Triple(dist, DCTERMS.description, Literal(f"The whole graph as {dump['title']}.", language="en"))
        yield Triple(media, TYPE, DCTERMS.MediaType)
        yield Triple(dist, DCATAP.availability, NamedNode(EU + "planned-availability/AVAILABLE"))
        yield from _eu("planned-availability", "AVAILABLE")
        yield Triple(dist, DCTERMS.rights, rights)
        if file_type:
            yield Triple(dist, DCTERMS.format, NamedNode(f"{EU}file-type/{file_type}"))
            yield from _eu("file-type", file_type, DCTERMS.MediaTypeOrExtent)
        if dump["file"].endswith(".gz"):
            gzip = NamedNode("https://www.iana.org/assignments/media-types/application/gzip")
            yield Triple(dist, DCAT.compressFormat, gzip)
            yield Triple(gzip, TYPE, DCTERMS.MediaType)


def _service(iris: Iris, service: NamedNode, ds: NamedNode) -> list[Triple]:
    """The SPARQL endpoint as a dcat:DataService serving the dataset (its sd:Service description is itself)."""
    return [
        Triple(service, TYPE, DCAT.DataService),
        Triple(service, DCTERMS.title, Literal("SPARQL エンドポイント（読み取り専用）", language="ja")),
        Triple(service, DCTERMS.title, Literal("SPARQL endpoint (read-only)", language="en")),
        Triple(service, DCAT.endpointURL, service),
        Triple(service, DCAT.endpointDescription, service),
        Triple(service, DCAT.servesDataset, ds),
        Triple(service, DCTERMS.conformsTo, NamedNode("https://www.w3.org/TR/sparql11-protocol/")),
        Triple(NamedNode("https://www.w3.org/TR/sparql11-protocol/"), TYPE, DCTERMS.Standard),
    ]
