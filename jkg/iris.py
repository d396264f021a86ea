"""The one module that mints IRIs: /id/ names things, /doc/ documents, /def/ vocabulary, /data/ datasets.

The scheme holds the whole country under one base IRI (no city segment):

    id/lg/{code}                             a prefecture or municipality (全国地方公共団体コード, 6 digits),
                                             the same IRI whether it publishes a list or is named in another's
    id/lg/{code}/org/{path}                  one of its units, keyed by its path of names (or a registry slug)
    id/lg/{code}/project/{key}               a project, keyed by its 事業番号 (or 事業コード, or page)
    id/lg/{code}/project/{key}/from-{FY}     a later project that reused a number with another title
    id/lg/{code}/project/{key}/{FY}          its sheet of one fiscal year
    id/lg/{code}/project/{key}/{FY}/text/{field}     the verbatim text of one of its fields (a Web Annotation source)
    id/lg/{code}/project/{key}/{FY}/mention/{field}/{start}/{category}[#target|#position|#quote]
    id/lg/{code}/source/{FY}/{file}          a source document (file, or file/sheet of a workbook)
    id/lg/{code}/source/{FY}/{file}/row/{n}  one of its rows (line of a text file, row of a sheet)
    id/lg/{code}/action-plan[/{n}]           its administrative-reform action plan and items
    id/lg/{code}/scheme/{name}[/{key}]       its concept schemes (directions, grades, kinds of legal basis)
    id/lg/{code}/policy/{plan}[/{path}]      the policy hierarchy (政策 › 施策 › 基本事業) of one of its plans
    id/lg/{code}/amounts, …/indicators       its money and indicator values as Data Cube data sets
    id/lg/{code}/project/{key}/{FY}/amount/{kind}/{FY}, …/{FY}/indicator/{key}[/{FY}/{target|actual}]
    id/lg/{code}/plan/{key}                  its own plans
    id/lg/{code}/ordinance/{key}             its own 条例・規則
    id/org/{slug}, id/plan/…, id/law/…, id/event/…   shared authority resources (national agencies, companies,
                                             laws, national plans and events), the same for every city

Named graphs: graph/lg/{code}/{FY} (a municipality's year: sheets and their parts, source documents and rows),
graph/lg/{code}/common (what it has across years), graph/shared (what every list may name), graph/vocabulary and
graph/meta (the dataset description). Every triple is in the graph of its subject (graph_of).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar
from urllib.parse import quote

from pyoxigraph import NamedNode

from jkg.vocab import JKG_NS


@lru_cache(maxsize=1 << 14)
def segment(text: str) -> str:
    """One path segment: percent-encoded UTF-8, so that '/', spaces and '#' in a name stay inside it (cached:
    units, fields and file names repeat on every row)."""
    return quote(text, safe="")


_K = TypeVar("_K")


class _Minted(dict[_K, NamedNode]):
    """IRIs made once per key: a key seen before is a plain dict lookup; a new one is made (by `make`, given
    the key) and kept. What `make` raises is raised, and nothing is kept."""

    def __init__(self, make: Callable[[_K], NamedNode]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, key: _K) -> NamedNode:
        node = self[key] = self._make(key)
        return node


class Iris:
    """Mints every IRI of a dataset under one base IRI. The IRIs many rows share (local governments, units,
    fiscal years, source documents, graphs) are made once: a NamedNode checks its IRI when made (about 1 µs)."""

    def __init__(self, base: str) -> None:
        if not re.match(r"^https?://[^\s/]+(/[^\s]*)?/$", base):
            raise ValueError(f"base IRI must be an http(s) IRI ending with '/': {base!r}")
        self.base = base
        self._lg_base = base + "id/lg/"
        self._governments = _Minted[str](self._government)
        self._units = _Minted[tuple[str, tuple[str, ...], str | None]](
            lambda k: self._lg(k[0], "org/" + (k[2] or "/".join(segment(name) for name in k[1])))
        )
        self._documents = _Minted[tuple[str, int, str]](
            lambda k: self._lg(k[0], f"source/{k[1]}/" + "/".join(segment(p) for p in k[2].split("/")))
        )
        self._years = _Minted[int](lambda year: self._id(f"fiscal-year/{year}"))
        self._graphs = _Minted[tuple[str, int]](lambda k: NamedNode(self.base + f"graph/lg/{k[0]}/{k[1]}"))
        self._common = _Minted[str](lambda code: NamedNode(self.base + f"graph/lg/{code}/common"))
        self._shared = NamedNode(base + "graph/shared")

    def _id(self, path: str) -> NamedNode:
        return NamedNode(self.base + "id/" + path)

    # ------------------------------------------------------------ our IRIs on this server

    def named_by_path(self, rest: str) -> str:
        """The IRI a server path /id/<rest> (or its document /doc/<rest>) stands for."""
        return self.base + "id/" + quote(rest, safe="/%:@!$&'()*+,;=-._~")

    def document(self, iri: str) -> NamedNode:
        """The document about one of our things, BASE/id/… → BASE/doc/… (its canonical IRI, whatever host
        serves it)."""
        ids = self.base + "id/"
        if not iri.startswith(ids):
            raise ValueError(f"not an IRI of this dataset: {iri!r}")
        return NamedNode(self.base + "doc/" + iri[len(ids) :])

    def local_path(self, iri: str) -> str:
        """Where a browser follows an IRI on this server: /doc/… for our things, /def/jkg#… for the vocabulary,
        /data/… for the dataset and dumps, /graph/… for the named graphs; any other IRI as it is."""
        if iri.startswith(self.base + "id/"):
            return "/doc/" + iri[len(self.base) + 3 :]
        if iri.startswith(JKG_NS):
            return "/def/jkg#" + iri[len(JKG_NS) :]
        if iri.startswith((self.base + "data/", self.base + "graph/")):
            return "/" + iri[len(self.base) :]
        return iri

    # ------------------------------------------------------------ local governments and what is theirs

    def local_government(self, code: str) -> NamedNode:
        """A prefecture or municipality by its 6-digit 全国地方公共団体コード."""
        return self._governments[code]

    def _government(self, code: str) -> NamedNode:
        if not (len(code) == 6 and code.isascii() and code.isdigit()):
            raise ValueError(f"a local government code has 6 digits: {code!r}")
        return self._id(f"lg/{code}")

    def _lg(self, code: str, path: str) -> NamedNode:
        return NamedNode(self.local_government(code).value + "/" + path)

    def unit(self, code: str, path: tuple[str, ...], slug: str | None = None) -> NamedNode:
        """A unit of a municipality, keyed by its path of names (部, 課, …), or by a curated slug."""
        return self._units[(code, path, slug)]

    def project(self, code: str, key: str, since: int | None = None) -> NamedNode:
        """A project (事務事業), stable across years, keyed by its number; `since` marks a reused number."""
        tail = f"/from-{since}" if since is not None else ""
        return self._lg(code, f"project/{segment(key)}{tail}")

    def sheet(self, code: str, key: str, fiscal_year: int) -> NamedNode:
        """One fiscal year's sheet of a project."""
        return self._lg(code, f"project/{segment(key)}/{fiscal_year}")

    def mention(self, code: str, key: str, fiscal_year: int, field: str, start: int, category: str) -> NamedNode:
        """One mention: a span of one field of one sheet, keyed by where it starts and what it names (a date
        may start where the plan that contains it starts: 令和6年度 in 令和6年度税制改正大綱)."""
        return self._lg(
            code, f"project/{segment(key)}/{fiscal_year}/mention/{field}/{start}/{category.replace('_', '-')}"
        )

    def field_text(self, sheet: NamedNode, field: str) -> NamedNode:
        """The verbatim text of one field of a sheet: the source Web Annotation selectors point into."""
        return NamedNode(f"{sheet.value}/text/{segment(field.replace('_', '-'))}")

    def software(self, version: str) -> NamedNode:
        """One release of this software, the agent that made the annotations."""
        return self._id(f"software/jimujigyo-kg/{segment(version)}")

    def source_document(self, code: str, fiscal_year: int, document: str) -> NamedNode:
        """A source document: a file (or `file/sheet` of a workbook), keyed by fiscal year and name."""
        return self._documents[(code, fiscal_year, document)]

    def source_row(self, code: str, fiscal_year: int, document: str, row: int) -> NamedNode:
        """A row of a source document: its line (text) or row number (workbook sheet)."""
        return NamedNode(f"{self.source_document(code, fiscal_year, document).value}/row/{row}")

    def action_plan(self, code: str) -> NamedNode:
        """The municipality's 行政改革アクションプラン as a concept scheme."""
        return self._lg(code, "action-plan")

    def action_plan_item(self, code: str, notation: str) -> NamedNode:
        """One numbered item of the action plan."""
        return self._lg(code, f"action-plan/{segment(notation)}")

    def scheme(self, code: str, name: str) -> NamedNode:
        """One of the municipality's concept schemes (directions, grades, kinds of legal basis)."""
        return self._lg(code, f"scheme/{name}")

    def concept(self, code: str, name: str, key: str) -> NamedNode:
        """A concept of one of the municipality's schemes."""
        return self._lg(code, f"scheme/{name}/{segment(key)}")

    def own_plan(self, code: str, key: str) -> NamedNode:
        """One of the municipality's own plans (named in its list without another body's name), keyed by name."""
        return self._lg(code, f"plan/{segment(key)}")

    def ordinance(self, code: str, key: str) -> NamedNode:
        """One of the municipality's own 条例 or 規則, keyed by its title."""
        return self._lg(code, f"ordinance/{segment(key)}")

    def policy_system(self, code: str, plan: str) -> NamedNode:
        """The policy hierarchy (政策 › 施策 › 基本事業) of one of the municipality's plans, keyed by the plan."""
        return self._lg(code, f"policy/{segment(plan)}")

    def policy(self, code: str, plan: str, path: tuple[str, ...]) -> NamedNode:
        """A 政策, 施策 or 基本事業 of a plan, keyed by its path of notations or names, top first."""
        return NamedNode(self.policy_system(code, plan).value + "/" + "/".join(segment(p) for p in path))

    def amounts(self, code: str) -> NamedNode:
        """The municipality's amounts of money as a Data Cube data set."""
        return self._lg(code, "amounts")

    def indicator_values(self, code: str) -> NamedNode:
        """The municipality's indicator targets and actuals as a Data Cube data set."""
        return self._lg(code, "indicators")

    def amount(self, sheet: NamedNode, kind: str, fiscal_year: int) -> NamedNode:
        """A money amount of a sheet: its kind (決算, 当初予算 …) and fiscal year."""
        return NamedNode(f"{sheet.value}/amount/{kind}/{fiscal_year}")

    def indicator(self, sheet: NamedNode, key: str) -> NamedNode:
        """An indicator of a sheet, keyed by its kind and number (outcome-1)."""
        return NamedNode(f"{sheet.value}/indicator/{segment(key)}")

    def indicator_value(self, indicator: NamedNode, fiscal_year: int, kind: str) -> NamedNode:
        """An indicator's target or actual for one fiscal year."""
        return NamedNode(f"{indicator.value}/{fiscal_year}/{kind}")

    # ------------------------------------------------------------ shared authority resources

    def fiscal_year(self, fiscal_year: int) -> NamedNode:
        """A fiscal year (April to March), shared by every municipality."""
        return self._years[fiscal_year]

    def organization(self, slug: str) -> NamedNode:
        """A partner body shared by every city's graph (a national agency, company, association …)."""
        return self._id(f"org/{slug}")

    def plan(self, slug: str) -> NamedNode:
        """A plan or policy named in the text."""
        return self._id(f"plan/{slug}")

    def law(self, slug: str) -> NamedNode:
        """A law named in the text."""
        return self._id(f"law/{slug}")

    def event(self, slug: str) -> NamedNode:
        """An event or programme named in the text."""
        return self._id(f"event/{slug}")

    # ------------------------------------------------------------ graphs and the dataset

    def year_graph(self, code: str, fiscal_year: int) -> NamedNode:
        """The named graph of one municipality's fiscal year: its sheets (with their amounts, indicators and
        mentions) and its source documents and rows of that year."""
        return self._graphs[(code, fiscal_year)]

    def municipality_graph(self, code: str) -> NamedNode:
        """The named graph of what a municipality has across years: its units, projects, concept schemes,
        policy system, action plan, own plans and ordinances, and its data sets of amounts and indicators."""
        return self._common[code]

    def shared_graph(self) -> NamedNode:
        """The named graph of what every list may name: the municipalities and prefectures themselves, fiscal
        years, partner bodies, laws, plans and events."""
        return self._shared

    def graph_of(self, subject: str) -> NamedNode:
        """The named graph a resource's triples go in (year_graph, municipality_graph or shared_graph), read off
        its IRI: every triple is in the graph of its subject, so each is in exactly one graph."""
        lg = self._lg_base
        if not subject.startswith(lg):
            return self.shared_graph()
        code, _, tail = subject[len(lg) :].partition("/")
        parts = tail.split("/", 3)  # the first three segments decide
        if parts[0] == "project" and len(parts) >= 3 and len(parts[2]) == 4 and parts[2].isdigit():
            return self.year_graph(code, int(parts[2]))  # project/{key}/{FY}/…
        if parts[0] == "source" and len(parts) >= 2 and parts[1].isdigit():
            return self.year_graph(code, int(parts[1]))  # source/{FY}/…
        return self.municipality_graph(code) if tail else self.shared_graph()

    def graph_named(self, rest: str) -> str:
        """The named graph a server path /graph/<rest> (or its description /data/graph/<rest>) stands for."""
        return self.base + "graph/" + quote(rest, safe="/%:@!$&'()*+,;=-._~")

    def graph_document(self, graph: str) -> NamedNode:
        """The document describing a named graph, BASE/graph/… → BASE/data/graph/…."""
        if not graph.startswith(self.base + "graph/"):
            raise ValueError(f"not a graph of this dataset: {graph!r}")
        return NamedNode(self.base + "data/" + graph[len(self.base) :])

    def meta_graph(self) -> NamedNode:
        """The named graph holding the dataset description."""
        return NamedNode(self.base + "graph/meta")

    def vocabulary_graph(self) -> NamedNode:
        """The named graph holding the local vocabulary."""
        return NamedNode(self.base + "graph/vocabulary")

    def dataset(self) -> NamedNode:
        """The dataset (DCAT, VoID)."""
        return NamedNode(self.base + "data/dataset")

    def subset(self, code: str) -> NamedNode:
        """The part of the dataset one municipality's lists make (void:subset)."""
        return NamedNode(self.base + f"data/dataset/lg/{code}")

    def catalog(self) -> NamedNode:
        """The DCAT catalogue listing the dataset and its SPARQL service."""
        return NamedNode(self.base + "data/catalog")

    def rights(self) -> NamedNode:
        """The dataset's rights statement: the attribution (出典) and the notice that it was edited (加工)."""
        return NamedNode(self.base + "data/dataset#rights")

    def contact_point(self) -> NamedNode:
        """The dataset's contact point (a vCard)."""
        return NamedNode(self.base + "data/dataset#contact")

    def linkset(self, predicate: str) -> NamedNode:
        """The void:Linkset of the links one predicate (a prefixed name) makes to resources outside the data."""
        return NamedNode(self.base + "data/dataset#links-" + predicate.replace(":", "-"))

    def link_target(self, predicate: str) -> NamedNode:
        """What a linkset's links point into (its void:objectsTarget)."""
        return NamedNode(self.base + "data/dataset#targets-" + predicate.replace(":", "-"))

    def vocabulary(self) -> str:
        """The local vocabulary's ontology IRI (its namespace without the '#')."""
        return JKG_NS.removesuffix("#")

    def dump(self, file_name: str) -> NamedNode:
        """A dump file, as a DCAT distribution."""
        return NamedNode(self.base + "data/" + file_name)

    def sparql_endpoint(self) -> NamedNode:
        """Where the dataset is served by SPARQL."""
        return NamedNode(self.base + "sparql")

    # ------------------------------------------------------------ a build loaded into another store (jkg publish)

    def engine_graph(self, graph: str, build: str) -> NamedNode:
        """The name one of a build's graphs has in another store: its published name and the build
        (BASE/graph/lg/{code}/{FY}/build/{build}), so that a new build loads beside the one being served."""
        return NamedNode(f"{graph}/build/{segment(build)}")

    def build_manifest(self, build: str) -> NamedNode:
        """The graph, in another store, that lists a build's graphs there (written once they are all loaded)."""
        return NamedNode(self.base + f"graph/build/{segment(build)}")

    def current_build(self) -> NamedNode:
        """The graph, in another store, holding a copy of the manifest of the build published last."""
        return NamedNode(self.base + "graph/current")
