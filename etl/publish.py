"""Publish a build: an Oxigraph store, dumps, a DCAT/VoID description and a report, swapped in at the end."""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, Quad, RdfFormat, Store, Triple, serialize

from jkg import layout, lease, resources
from jkg.etl import catalog, context, identifiers
from jkg.etl.registry import Registry
from jkg.iris import Iris
from jkg.layout import BUILDS, CURRENT, KEEP_BUILDS, PARTIAL, BuildFolder
from jkg.municipalities import LocalGovernment, gazetteer
from jkg.vocab import DCAT, DCTERMS, FOAF, PREFIXES, RDFS, TYPE, VOID, XSD

SPDX = "http://spdx.org/rdf/terms#"
LOCK = ".build.lock"


class BuildLocked(Exception):
    """Another build is writing into the same data folder."""


class BuildLock:
    """DIR/.build.lock held with flock(2) for the whole build, holding the builder's pid: a second build into
    the same folder is refused instead of deleting the first one's staging folder. The lock ends with the
    process, however it ends."""

    def __init__(self, out: Path) -> None:
        out.mkdir(parents=True, exist_ok=True)
        self._fd: int | None = os.open(out / LOCK, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(self._fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(self._fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            self.release()
            raise BuildLocked(
                f"another build is running (pid {holder}) into {out}; wait for it to end, or build elsewhere"
            ) from None
        os.ftruncate(self._fd, 0)
        os.pwrite(self._fd, f"{os.getpid()}\n".encode(), 0)

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None


NAME_FORMAT = "%Y%m%dT%H%M%S.%fZ"  # a build's folder: its start in UTC to the microsecond
_OLD_NAME_FORMAT = "%Y%m%dT%H%M%SZ"  # to the second, as builds were named before


def build_time(name: str) -> datetime | None:
    """The time a build's folder name stands for (either format), or None for a name that is no build's."""
    for fmt in (NAME_FORMAT, _OLD_NAME_FORMAT):
        try:
            return datetime.strptime(name, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def _in_build_order(folders: list[Path]) -> list[Path]:
    return sorted(folders, key=lambda p: (build_time(p.name) or datetime.min.replace(tzinfo=UTC), p.name))


def _published(out: Path) -> list[Path]:
    return [p for p in (out / BUILDS).iterdir() if p.is_dir() and not p.name.endswith(PARTIAL)]


def stage(out: Path, started: datetime) -> Path:
    """A fresh folder for a build, named by its start (20261201T121543.048213Z) and later than every build
    already published there, so that names are unique and sort in build order even when two builds start in
    one microsecond or the clock was set back. Leftovers of interrupted builds are removed first. The caller
    holds the folder's BuildLock; mkdir is exclusive all the same."""
    builds = out / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    for leftover in builds.glob("*" + PARTIAL):
        shutil.rmtree(leftover, ignore_errors=True)
    at = started.astimezone(UTC)
    times = [t for t in (build_time(p.name) for p in _published(out)) if t is not None]
    if times and max(times) >= at:
        at = max(times) + timedelta(microseconds=1)
    while True:
        name = at.strftime(NAME_FORMAT)
        if not (builds / name).exists():
            try:
                folder = builds / f"{name}{PARTIAL}"
                folder.mkdir()
                return folder
            except FileExistsError:
                pass
        at += timedelta(microseconds=1)


def discard(folder: Path) -> None:
    """Remove a failed build's folder."""
    shutil.rmtree(folder, ignore_errors=True)


def swap(out: Path, folder: Path) -> Path:
    """Rename the finished build into place and point out/current at it atomically; prune old builds."""
    final = folder.with_name(folder.name.removesuffix(PARTIAL))
    folder.rename(final)
    link = out / f".{CURRENT}.tmp"
    if link.is_symlink() or link.exists():
        link.unlink()
    link.symlink_to(Path(BUILDS) / final.name)
    os.replace(link, out / CURRENT)
    for old in _in_build_order(_published(out))[:-KEEP_BUILDS]:
        if old == final:
            continue
        with lease.unused(old) as free:  # a running server's build stays until it lets go of it
            if free:
                shutil.rmtree(old, ignore_errors=True)
    return final


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def write_dumps(folder: Path, base_iri: str) -> list[dict[str, Any]]:
    """context.jsonld (the term context that per-resource JSON-LD is compacted with) beside the dumps that
    staging.Staged wrote while the rows were mapped (the gzipped N-Triples and N-Quads, and through etl/dumps.py
    Turtle and JSON-LD); the list of every dump with its size and digest."""
    dumps = BuildFolder(folder).dumps
    terms = context.term_context(base_iri, sorted(resources.ontology_dir().glob("*.ttl")))
    (dumps / layout.CONTEXT).write_text(json.dumps(terms, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [
        {
            "file": d.file,
            "media_type": d.media_type,
            "title": d.title,
            "bytes": (dumps / d.file).stat().st_size,
            "sha256": _sha256(dumps / d.file),
        }
        for d in layout.DATA_DUMPS
    ]


@dataclass(frozen=True)
class DatasetOptions:
    """What the user says about the published dataset: its publisher and licence (IRIs)."""

    publisher: str | None = None  # a local government code or an IRI
    licence: str | None = None
    rights_holder: str | None = None  # an IRI or a local government code; default: the list's municipality
    contact: str | None = None  # the contact point: mailto:… or an https:// page
    attribution: str | None = None  # the 出典 text; default: made from the sources' publishers and titles


LICENCES = {
    "cc-by-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "cc-by-sa-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "cc0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "odc-by-1.0": "https://opendatacommons.org/licenses/by/1-0/",
    "pdl-1.0": "https://www.digital.go.jp/resources/open_data/public_data_license_v1.0",
}


def licence_iri(text: str) -> str:
    """A licence as an IRI: one given as an http(s) IRI, or an SPDX id (CC-BY-4.0, CC0-1.0, ODC-By-1.0, PDL-1.0)."""
    if text.startswith(("http://", "https://")):
        return text
    found = LICENCES.get(text.strip().lower())
    if found is None:
        raise ValueError(
            f"unknown licence {text!r}: give its IRI, or one of CC-BY-4.0, CC-BY-SA-4.0, CC0-1.0, ODC-By-1.0, PDL-1.0"
        )
    return found


def describe(
    iris: Iris,
    registry: Registry,
    report: dict[str, Any],
    dumps: list[dict[str, Any]],
    options: DatasetOptions | None = None,
) -> list[Triple]:
    """The dataset as dcat:Dataset and void:Dataset: counts, dumps with sha256, licence, sources, and one
    void:subset per municipality (its title, publisher, licence, counts and sources)."""
    options = options or DatasetOptions()
    ds = iris.dataset()
    g = gazetteer()
    codes = sorted(report["municipalities"]) or sorted({s["municipality"] for s in report["sources"]})
    bodies = [b for b in (g.by_code(c) for c in codes) if b is not None]
    names_ja = "・".join(b.local_name for b in bodies)
    names_en = ", ".join(registry.municipality(b.code).en or b.local_name for b in bodies)
    years = sorted({s["fiscal_year"] for s in report["sources"] if s["fiscal_year"] is not None})
    span = "" if not years else f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
    licences = {registry.municipality(c).licence for c in codes}
    licence = licence_iri(options.licence) if options.licence else (licences.pop() if len(licences) == 1 else "")
    if options.publisher:
        publisher: NamedNode | None = (
            NamedNode(options.publisher)
            if options.publisher.startswith(("http://", "https://"))
            else iris.local_government(g.resolve(options.publisher).code)
        )
    else:
        publisher = iris.local_government(codes[0]) if len(codes) == 1 else None
    t = [
        Triple(ds, TYPE, DCAT.Dataset),
        Triple(ds, TYPE, VOID.Dataset),
        Triple(ds, DCTERMS.title, Literal(f"{names_ja} 事務事業一覧 ナレッジグラフ（{span}年度）", language="ja")),
        Triple(
            ds, DCTERMS.title, Literal(f"{names_en} administrative projects knowledge graph (FY{span})", language="en")
        ),
        Triple(
            ds,
            DCTERMS.description,
            Literal(
                f"{names_ja}が公表した事務事業一覧から作成した、事務事業・年度別シート・組織・言及された団体や計画のグラフ。",
                language="ja",
            ),
        ),
        Triple(ds, DCTERMS.modified, Literal(report["built_at"], datatype=XSD.dateTime)),
        Triple(ds, VOID.triples, Literal(str(report["triples"]), datatype=XSD.integer)),
        Triple(ds, VOID.entities, Literal(str(sum(report["classes"].values())), datatype=XSD.integer)),
        Triple(ds, VOID.uriSpace, Literal(iris.base + "id/")),
        Triple(ds, VOID.sparqlEndpoint, iris.sparql_endpoint()),
        Triple(ds, VOID.vocabulary, NamedNode(iris.vocabulary())),  # the ontology IRI, which dereferences
    ]
    if publisher is not None:
        t.append(Triple(ds, DCTERMS.publisher, publisher))
    if licence:
        t.append(Triple(ds, DCTERMS.license, NamedNode(licence)))
    for body in bodies:
        t.append(Triple(ds, VOID.rootResource, iris.local_government(body.code)))
    for ns in ("org", "prov", "skos", "dcterms"):
        t.append(Triple(ds, VOID.vocabulary, NamedNode(PREFIXES[ns])))
    for cls, count in sorted(report["classes"].items()):
        t += _partition(ds, cls, count)
    for body in bodies:
        t += _subset(iris, registry, ds, body, report, options)
    t += _graphs(iris, ds, report, {b.code: b for b in bodies}, registry)
    for source in report["sources"]:
        for doc in _documents(iris, source):
            t.append(Triple(ds, DCTERMS.source, doc))
    for dump in dumps:
        dist = iris.dump(dump["file"])
        checksum = BlankNode()
        t += [
            Triple(ds, DCAT.distribution, dist),
            Triple(ds, VOID.dataDump, dist),
            Triple(dist, TYPE, DCAT.Distribution),
            Triple(dist, DCTERMS.title, Literal(dump["title"], language="en")),
            Triple(dist, DCAT.downloadURL, dist),
            Triple(
                dist, DCAT.mediaType, NamedNode("https://www.iana.org/assignments/media-types/" + dump["media_type"])
            ),
            Triple(dist, NamedNode(SPDX + "checksum"), checksum),
            Triple(checksum, TYPE, NamedNode(SPDX + "Checksum")),
            Triple(checksum, NamedNode(SPDX + "algorithm"), NamedNode(SPDX + "checksumAlgorithm_sha256")),
            Triple(NamedNode(SPDX + "checksumAlgorithm_sha256"), TYPE, NamedNode(SPDX + "ChecksumAlgorithm")),
            Triple(checksum, NamedNode(SPDX + "checksumValue"), Literal(dump["sha256"], datatype=XSD.hexBinary)),
        ]
        if licence:
            t.append(Triple(dist, DCTERMS.license, NamedNode(licence)))
    t.append(Triple(ds, FOAF.page, NamedNode(iris.base)))
    t.append(Triple(ds, RDFS.label, Literal(f"{names_ja} 事務事業ナレッジグラフ", language="ja")))
    agents = catalog.Agents(publisher, _agent_iri(iris, options.rights_holder), options.contact, options.attribution)
    english = {b.code: registry.municipality(b.code).en for b in bodies}
    homepages = {b.code: registry.municipality(b.code).homepage for b in bodies}
    t += catalog.dcat_ap(iris, report, dumps, bodies, english, homepages, agents, licence)
    return t


SD = "http://www.w3.org/ns/sparql-service-description#"


def _graphs(
    iris: Iris, ds: NamedNode, report: dict[str, Any], bodies: dict[str, LocalGovernment], registry: Registry
) -> list[Triple]:
    """Each named graph of the store as a part of the dataset (sd:NamedGraph, void:Dataset): a municipality's
    (its year's, or across years) under its void:subset, the shared, vocabulary and meta graphs under the
    dataset; its triple count (build.json's; the vocabulary's and the description's own are added as the store
    holds them, write_description), municipality, fiscal year and the dump that holds it."""
    t: list[Triple] = []
    named: list[tuple[NamedNode, NamedNode, str, str, NamedNode]] = []  # graph, parent, ja, en, dump
    for name in sorted(report.get("graphs", {})):
        graph, parts = NamedNode(name), name.removeprefix(iris.base + "graph/").split("/")
        dump = iris.dump("data.nq.gz")
        body = (bodies.get(parts[1]) or gazetteer().by_code(parts[1])) if parts[0] == "lg" and len(parts) == 3 else None
        if body is None:
            named.append((graph, ds, "全団体に共通の資源", "Resources shared by every municipality", dump))
            continue
        year = parts[2]
        en = registry.municipality(body.code).en or body.local_name
        t.append(Triple(graph, DCTERMS.spatial, iris.local_government(body.code)))
        if year.isdigit():
            t.append(Triple(graph, DCTERMS.temporal, iris.fiscal_year(int(year))))
            named.append((graph, iris.subset(body.code), f"{body.local_name} {year}年度", f"{en}, FY{year}", dump))
        else:
            named.append((graph, iris.subset(body.code), f"{body.local_name}（年度共通）", f"{en}, across years", dump))
    named.append(
        (iris.vocabulary_graph(), ds, "語彙（オントロジー）", "The vocabulary", NamedNode(iris.base + "def/jkg.ttl"))
    )
    named.append((iris.meta_graph(), ds, "データセットの記述", "The dataset description", iris.dump("dataset.ttl")))
    for graph, parent, ja, en, dump in named:
        t += [
            Triple(parent, VOID.subset, graph),
            Triple(graph, TYPE, NamedNode(SD + "NamedGraph")),
            Triple(graph, TYPE, VOID.Dataset),
            Triple(graph, NamedNode(SD + "name"), graph),
            Triple(graph, DCTERMS.title, Literal(f"名前付きグラフ：{ja}", language="ja")),
            Triple(graph, DCTERMS.title, Literal(f"Named graph: {en}", language="en")),
            # the N-Quads dump holds the data graphs; the other two are served as files of their own
            Triple(graph, VOID.dataDump if dump == iris.dump("data.nq.gz") else RDFS.seeAlso, dump),
            Triple(graph, VOID.sparqlEndpoint, iris.sparql_endpoint()),
        ]
        count = report.get("graphs", {}).get(graph.value)
        if count is not None:
            t.append(Triple(graph, VOID.triples, Literal(str(count), datatype=XSD.integer)))
    return t


def _agent_iri(iris: Iris, given: str | None) -> NamedNode | None:
    """An agent given as an IRI or as a local government's name or code."""
    if not given:
        return None
    if given.startswith(("http://", "https://")):
        return NamedNode(given)
    return iris.local_government(gazetteer().resolve(given).code)


def _partition(ds: NamedNode | BlankNode, cls: str, count: int) -> list[Triple]:
    part = BlankNode()
    return [
        Triple(ds, VOID.classPartition, part),
        Triple(part, VOID["class"], NamedNode(cls)),
        Triple(part, VOID.entities, Literal(str(count), datatype=XSD.integer)),
    ]


def _documents(iris: Iris, source: dict[str, Any]) -> list[NamedNode]:
    years = [source["fiscal_year"]] if source["fiscal_year"] is not None else source.get("years", [])
    return [iris.source_document(source["municipality"], fy, source["document"]) for fy in years]


def _subset(
    iris: Iris,
    registry: Registry,
    ds: NamedNode,
    body: LocalGovernment,
    report: dict[str, Any],
    options: DatasetOptions,
) -> list[Triple]:
    """One municipality's part of the dataset (void:subset): its title, publisher, licence, counts, sources."""
    sub = iris.subset(body.code)
    info = registry.municipality(body.code)
    sources = [s for s in report["sources"] if s["municipality"] == body.code]
    years = sorted({s["fiscal_year"] for s in sources if s["fiscal_year"] is not None})
    span = "" if not years else f"{years[0]}" if len(years) == 1 else f"{years[0]}–{years[-1]}"
    licence = licence_iri(options.licence) if options.licence else info.licence
    t = [
        Triple(ds, VOID.subset, sub),
        Triple(sub, TYPE, VOID.Dataset),
        Triple(sub, DCTERMS.title, Literal(f"{body.local_name} 事務事業一覧（{span}年度）", language="ja")),
        Triple(sub, DCTERMS.publisher, iris.local_government(body.code)),
        Triple(sub, DCTERMS.spatial, iris.local_government(body.code)),
        Triple(sub, VOID.rootResource, iris.local_government(body.code)),
    ]
    if info.en:
        t.append(Triple(sub, DCTERMS.title, Literal(f"Administrative projects of {info.en} (FY{span})", language="en")))
    if licence:
        t.append(Triple(sub, DCTERMS.license, NamedNode(licence)))
    for cls, count in sorted(report["municipalities"].get(body.code, {}).items()):
        t += _partition(sub, cls, count)
    for source in sources:
        for doc in _documents(iris, source):
            t.append(Triple(sub, DCTERMS.source, doc))
    return t


def write_description(store: Store, folder: Path, iris: Iris, triples: list[Triple], links: Mapping[str, int]) -> None:
    """The description, with the data's linksets (links: outward links per predicate), into the store's meta
    graph, then void.ttl written from what the store holds: the file and the endpoint serve one graph, with the
    datatypes the store keeps."""
    triples = triples + identifiers.linksets(links, iris)
    vocabulary = sum(1 for _ in store.quads_for_pattern(None, None, None, iris.vocabulary_graph()))
    triples.append(Triple(iris.vocabulary_graph(), VOID.triples, Literal(str(vocabulary), datatype=XSD.integer)))
    store.extend([Quad(t.subject, t.predicate, t.object, iris.meta_graph()) for t in triples])
    held = sum(1 for _ in store.quads_for_pattern(None, None, None, iris.meta_graph()))
    count = Literal(str(held + 1), datatype=XSD.integer)  # with this triple itself
    store.add(Quad(iris.meta_graph(), VOID.triples, count, iris.meta_graph()))
    store.flush()
    stored = sorted(
        (
            Triple(q.subject, q.predicate, q.object)
            for q in store.quads_for_pattern(None, None, None, iris.meta_graph())
        ),
        key=lambda t: (str(t.subject), str(t.predicate), str(t.object)),
    )
    prefixes = {**PREFIXES, **catalog.PREFIXES}
    BuildFolder(folder).description.write_bytes(serialize(stored, format=RdfFormat.TURTLE, prefixes=prefixes) or b"")


def write_report(folder: Path, report: dict[str, Any]) -> None:
    """build.json: what was read, made, checked and published."""
    text = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    BuildFolder(folder).report_file.write_text(text, encoding="utf-8")


def now() -> datetime:
    """The time a build starts, in UTC."""
    return datetime.now(UTC)


def xsd_datetime(at: datetime) -> str:
    """A time as an xsd:dateTime in UTC, to the second (2026-12-01T12:15:43Z)."""
    return at.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
