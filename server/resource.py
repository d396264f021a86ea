"""What a resource page shows, read from the published store: labels, types, links both ways, sheet texts.

Every query here starts from one bound IRI, so it stays cheap however large the graph is; long link lists are
paged with LIMIT/OFFSET.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, QueryTriples, RdfFormat, Store, serialize

from etl.vocab import JKG_NS, PREFIXES

PAGE_SIZE = 50
LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "https://data.jimujigyo-kg.example/def/jkg#exact",
)
SHEET = JKG_NS + "ProjectSheet"
PROJECT = JKG_NS + "Project"
UNITS = (JKG_NS + "Division", JKG_NS + "Department")
SHEET_LINKS = ("partner", "plan", "law", "event", "actionPlanItem")
TEXT_FIELDS = (
    "http://purl.org/dc/terms/title",
    JKG_NS + "purpose",
    JKG_NS + "overview",
    JKG_NS + "results",
)
PREFIX_LINES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())


@dataclass(frozen=True)
class Term:
    """An IRI as a page shows it: a label and where to follow it."""

    iri: str
    label: str
    href: str


@dataclass(frozen=True)
class Value:
    """A literal as a page shows it."""

    text: str
    language: str
    datatype: str


@dataclass(frozen=True)
class Link:
    predicate: Term
    node: Term | Value


@dataclass(frozen=True)
class Paged:
    items: list[Link]
    total: int
    page: int
    pages: int


@dataclass(frozen=True)
class Segment:
    """A run of a sheet's text: plain, or a mention linked to what it names."""

    text: str
    kind: str = ""  # partner, plan, law, event, date, action-plan-item; empty for plain text
    href: str = ""
    title: str = ""


@dataclass(frozen=True)
class Row:
    """A project in a list: its sheet's title and year, its unit."""

    project: Term
    sheet: Term
    year: str
    unit: Term | None


@dataclass(frozen=True)
class Group:
    """The rows of one division on a page, and how many it has in all."""

    unit: Term
    total: int
    rows: list[Row]


@dataclass(frozen=True)
class Rows:
    """One page of a project list."""

    rows: list[Row]
    total: int
    page: int
    pages: int
    groups: list[Group] = field(default_factory=list)


NO_ROWS = Rows([], 0, 1, 1)


@dataclass
class Page:
    """Everything a resource page shows."""

    term: Term
    types: list[Term]
    literals: list[Link]
    outgoing: Paged
    incoming: Paged
    texts: list[tuple[Term, list[Segment]]] = field(default_factory=list)
    sheets: Rows = NO_ROWS
    projects: Rows = NO_ROWS
    named_by: Rows = NO_ROWS
    jsonld: str = ""


class Reader:
    """Reads pages from a store; labels are looked up once per reader (one per request)."""

    def __init__(self, store: Store, base_iri: str, lang: str = "en", page_size: int = PAGE_SIZE) -> None:
        self.store = store
        self.page_size = page_size
        self.base_iri = base_iri
        self.lang = lang
        self._labels: dict[str, str] = {}

    def select(self, query: str) -> list[dict[str, Any]]:
        result = self.store.query(PREFIX_LINES + "\n" + query, use_default_graph_as_union=True)
        assert isinstance(result, QuerySolutions)
        names = [v.value for v in result.variables]
        return [{n: s[n] for n in names} for s in result]

    def href(self, iri: str) -> str:
        """Where a browser follows an IRI: our own IRIs stay on this server."""
        if iri.startswith(self.base_iri + "id/"):
            return "/doc/" + iri[len(self.base_iri) + 3 :]
        if iri.startswith(JKG_NS):
            return "/def/jkg#" + iri[len(JKG_NS) :]
        if iri.startswith(self.base_iri + "data/"):
            return "/data/" + iri[len(self.base_iri) + 5 :]
        return iri

    def label(self, iri: str, vocabulary: bool = False) -> str:
        """The best label: the interface language for vocabulary terms, Japanese first for the data."""
        if iri in self._labels:
            return self._labels[iri]
        order = [self.lang, "ja", "en", ""] if vocabulary else ["ja", "en", ""]
        best: tuple[int, int, str] | None = None
        node = NamedNode(iri)
        for rank, predicate in enumerate(LABEL_PROPERTIES):
            for quad in self.store.quads_for_pattern(node, NamedNode(predicate), None, None):
                if isinstance(quad.object, Literal):
                    language = quad.object.language or ""
                    score = (order.index(language) if language in order else len(order), rank, quad.object.value)
                    best = score if best is None or score < best else best
        self._labels[iri] = best[2] if best else self.short(iri)
        return self._labels[iri]

    def short(self, iri: str) -> str:
        for prefix, ns in PREFIXES.items():
            if iri.startswith(ns) and len(iri) > len(ns):
                return f"{prefix}:{iri[len(ns) :]}"
        if iri.startswith(self.base_iri):
            return iri[len(self.base_iri) :]
        return iri

    def term(self, node: Any, vocabulary: bool = False) -> Term:
        if isinstance(node, BlankNode):
            return Term("_:" + node.value, "_:" + node.value, "")
        return Term(node.value, self.label(node.value, vocabulary), self.href(node.value))

    def named(self, iri: str, vocabulary: bool = False) -> Term:
        return Term(iri, self.label(iri, vocabulary), self.href(iri))

    def exists(self, iri: str) -> bool:
        node = NamedNode(iri)
        return any(True for _ in self.store.quads_for_pattern(node, None, None, None)) or any(
            True for _ in self.store.quads_for_pattern(None, None, node, None)
        )

    def types(self, iri: str) -> list[str]:
        rows = self.select(f"SELECT DISTINCT ?t WHERE {{ <{iri}> a ?t }} ORDER BY ?t")
        return [r["t"].value for r in rows]

    def page(self, iri: str, numbers: dict[str, int] | None = None) -> Page:
        """The page of one resource; `numbers` picks the page of each long list (out, in, sheets, projects, named)."""
        wanted = numbers or {}
        types = self.types(iri)
        page = Page(
            term=self.term(NamedNode(iri)),
            types=[self.term(NamedNode(t), vocabulary=True) for t in types],
            literals=self._literals(iri),
            outgoing=self._outgoing(iri, wanted.get("out", 1)),
            incoming=self._incoming(iri, wanted.get("in", 1)),
            jsonld=self._jsonld(iri),
        )
        if SHEET in types:
            page.texts = self._texts(iri)
            page.literals = [link for link in page.literals if link.predicate.iri not in TEXT_FIELDS]
        if PROJECT in types:
            page.sheets = self._rows(f"?sheet prov:specializationOf <{iri}> .", wanted.get("sheets", 1))
        if any(t in UNITS for t in types):
            page.projects = self._rows(
                f"?sheet jkg:responsibleUnit ?u . ?u org:subOrganizationOf* <{iri}> .", wanted.get("projects", 1)
            )
        links = " ".join(f"jkg:{p}" for p in SHEET_LINKS)
        pattern = f"VALUES ?link {{ {links} }} ?sheet ?link <{iri}> ."
        named = self._rows(pattern, wanted.get("named", 1), by_unit=True)
        if named.total:
            totals = {
                (r["unit"].value if r["unit"] else ""): int(r["n"].value)
                for r in self.select(
                    f"""SELECT ?unit (COUNT(DISTINCT ?sheet) AS ?n) WHERE {{
                        {pattern} ?sheet a jkg:ProjectSheet . OPTIONAL {{ ?sheet jkg:responsibleUnit ?unit }}
                    }} GROUP BY ?unit"""
                )
            }
            groups: dict[str, Group] = {}
            for row in named.rows:
                unit = row.unit or Term("", "", "")
                groups.setdefault(unit.iri, Group(unit, totals.get(unit.iri, 0), [])).rows.append(row)
            page.named_by = Rows(named.rows, named.total, named.page, named.pages, list(groups.values()))
        return page

    def _literals(self, iri: str) -> list[Link]:
        rows = self.select(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o FILTER(isLiteral(?o)) }} ORDER BY ?p ?o")
        return [Link(self.term(r["p"], True), _value(r["o"])) for r in rows]

    def _paged(self, where: str, node_var: str, number: int) -> Paged:
        total = int(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}")[0]["n"].value)
        pages = max(1, -(-total // self.page_size))
        number = min(max(1, number), pages)
        rows = self.select(
            f"SELECT ?p ?{node_var} WHERE {{ {where} }} ORDER BY ?p ?{node_var} "
            f"LIMIT {self.page_size} OFFSET {(number - 1) * self.page_size}"
        )
        items = [Link(self.term(r["p"], True), self.term(r[node_var])) for r in rows]
        return Paged(items, total, number, pages)

    def _outgoing(self, iri: str, number: int) -> Paged:
        return self._paged(f"<{iri}> ?p ?o FILTER(!isLiteral(?o) && ?p != rdf:type)", "o", number)

    def _incoming(self, iri: str, number: int) -> Paged:
        return self._paged(f"?s ?p <{iri}>", "s", number)

    def _rows(self, pattern: str, number: int, by_unit: bool = False) -> Rows:
        """One page of the projects (through their yearly sheets ?sheet) that match a pattern."""
        total = int(
            self.select(f"SELECT (COUNT(DISTINCT ?sheet) AS ?n) WHERE {{ {pattern} ?sheet a jkg:ProjectSheet }}")[0][
                "n"
            ].value
        )
        pages = max(1, -(-total // self.page_size))
        number = min(max(1, number), pages)
        order = "?unit DESC(?year) ?p" if by_unit else "DESC(?year) ?p"
        rows = self.select(
            f"""SELECT DISTINCT ?sheet ?p ?year ?unit WHERE {{
                {pattern}
                ?sheet a jkg:ProjectSheet ; prov:specializationOf ?p .
                OPTIONAL {{ ?sheet jkg:fiscalYear ?year }}
                OPTIONAL {{ ?sheet jkg:responsibleUnit ?unit }}
            }} ORDER BY {order} LIMIT {self.page_size} OFFSET {(number - 1) * self.page_size}"""
        )
        listed = [
            Row(
                self.term(r["p"]),
                self.term(r["sheet"]),
                r["year"].value if r["year"] else "",
                self.term(r["unit"]) if r["unit"] else None,
            )
            for r in rows
        ]
        return Rows(listed, total, number, pages)

    def _texts(self, iri: str) -> list[tuple[Term, list[Segment]]]:
        """Each text field of a sheet cut into segments, every extracted mention linked."""
        mentions = self.select(
            f"""SELECT ?m ?field ?start ?end ?body ?kind ?iso WHERE {{
                ?m oa:hasTarget <{iri}> ; jkg:textField ?field ; jkg:start ?start ; jkg:end ?end ; a ?kind .
                FILTER(STRSTARTS(STR(?kind), STR(jkg:)))
                OPTIONAL {{ ?m oa:hasBody ?body }}
                OPTIONAL {{ ?m jkg:isoValue ?iso }}
            }} ORDER BY ?field ?start DESC(?end)"""
        )
        out = []
        for field_iri in TEXT_FIELDS:
            values = [
                q.object.value
                for q in self.store.quads_for_pattern(NamedNode(iri), NamedNode(field_iri), None, None)
                if isinstance(q.object, Literal)
            ]
            if not values:
                continue
            text = values[0]
            spans = [m for m in mentions if m["field"].value == field_iri]
            out.append((self.term(NamedNode(field_iri), True), self._segments(text, spans)))
        return out

    def _segments(self, text: str, spans: list[dict[str, Any]]) -> list[Segment]:
        segments: list[Segment] = []
        at = 0
        for span in spans:
            start, end = int(span["start"].value), int(span["end"].value)
            if start < at or end > len(text) or start >= end:
                continue  # overlaps a mention already shown (the longer one wins), or out of range
            if start > at:
                segments.append(Segment(text[at:start]))
            kind = _kind(span["kind"].value)
            target = span["body"] if span["body"] is not None else span["m"]
            title = span["iso"].value if span["iso"] is not None else self.label(target.value)
            segments.append(Segment(text[start:end], kind, self.href(target.value), title))
            at = end
        if at < len(text):
            segments.append(Segment(text[at:]))
        return segments

    def _jsonld(self, iri: str) -> str:
        """The resource's own triples as JSON-LD, safe inside a <script> element."""
        result = self.store.query(f"CONSTRUCT WHERE {{ <{iri}> ?p ?o }}", use_default_graph_as_union=True)
        assert isinstance(result, QueryTriples)
        body = serialize(result, format=RdfFormat.JSON_LD) or b"[]"
        return body.decode("utf-8").replace("</", "<\\/")


def _value(node: Any) -> Value:
    if isinstance(node, Literal):
        return Value(node.value, node.language or "", node.datatype.value if not node.language else "")
    return Value(str(node), "", "")


def _kind(type_iri: str) -> str:
    """PartnerMention → partner, ActionPlanItemMention → action-plan-item."""
    local = type_iri[len(JKG_NS) :].removesuffix("Mention")
    return "".join("-" + c.lower() if c.isupper() else c for c in local).lstrip("-")
