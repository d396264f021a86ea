"""What a resource page shows, read from the published store: labels, types, links both ways, sheet texts.

Every query here starts from one bound IRI, so it stays cheap however large the graph is; long link lists are
paged with LIMIT/OFFSET.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pyoxigraph import BlankNode, Literal, NamedNode, QuerySolutions, QueryTriples, RdfFormat, serialize

from jkg.iris import Iris
from jkg.server.store import Readable
from jkg.vocab import JKG_NS, PREFIXES, SPARQL_PREFIXES, curie

PAGE_SIZE = 50
LABEL_PROPERTIES = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    JKG_NS + "exact",  # a mention is shown by its text
)
NAME_PROPERTIES = (  # other names a person may look a resource up by
    "http://www.w3.org/2004/02/skos/core#altLabel",
    "http://www.w3.org/2004/02/skos/core#notation",
)
SHEET = JKG_NS + "ProjectSheet"
PROJECT = JKG_NS + "Project"
UNITS = (JKG_NS + "Division", JKG_NS + "Department")
SHEET_LINKS = ("partner", "plan", "law", "event", "actionPlanItem")
RDF_TYPE = PREFIXES["rdf"] + "type"
ORG_SUB_ORGANIZATION_OF = PREFIXES["org"] + "subOrganizationOf"
TEXT_FIELDS = (
    "http://purl.org/dc/terms/title",
    JKG_NS + "purpose",
    JKG_NS + "overview",
    JKG_NS + "results",
)


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

    def __init__(self, store: Readable, iris: Iris, lang: str = "en", page_size: int = PAGE_SIZE) -> None:
        self.store = store
        self.page_size = page_size
        self.iris = iris
        self.lang = lang
        self._labels: dict[tuple[str, bool], str] = {}

    def select(self, query: str) -> list[dict[str, Any]]:
        result = self.store.query(SPARQL_PREFIXES + "\n" + query, use_default_graph_as_union=True)
        assert isinstance(result, QuerySolutions)
        names = [v.value for v in result.variables]
        return [{n: s[n] for n in names} for s in result]

    def href(self, iri: str) -> str:
        """Where a browser follows an IRI: our own IRIs stay on this server."""
        return self.iris.local_path(iri)

    def _label_values(self, iri: str) -> list[tuple[str, int, str]]:
        """(language, rank of the property, text) of every label the store holds for an IRI."""
        node = NamedNode(iri)
        return [
            (quad.object.language or "", rank, quad.object.value)
            for rank, predicate in enumerate(LABEL_PROPERTIES)
            for quad in self.store.quads_for_pattern(node, NamedNode(predicate), None, None)
            if isinstance(quad.object, Literal)
        ]

    def label(self, iri: str, vocabulary: bool = False) -> str:
        """The best label: the interface language for vocabulary terms, Japanese first for the data."""
        key = (iri, vocabulary)
        if key in self._labels:
            return self._labels[key]
        order = [self.lang, "ja", "en", ""] if vocabulary else ["ja", "en", ""]
        scored = [
            (order.index(language) if language in order else len(order), rank, text)
            for language, rank, text in self._label_values(iri)
        ]
        self._labels[key] = min(scored)[2] if scored else self.short(iri)
        return self._labels[key]

    def names(self, iri: str) -> list[str]:
        """Every name of an IRI, in any language: labels, aliases (skos:altLabel) and notations, best first."""
        found = [text for _language, _rank, text in self._label_values(iri)]
        found += [
            q.object.value
            for predicate in NAME_PROPERTIES
            for q in self.store.quads_for_pattern(NamedNode(iri), NamedNode(predicate), None, None)
            if isinstance(q.object, Literal)
        ]
        best = self.label(iri)
        return [best, *sorted(set(found) - {best})]

    def short(self, iri: str) -> str:
        """A prefixed name, or our own IRI without the base, or the IRI."""
        named = curie(iri)
        if named == iri and iri.startswith(self.iris.base):
            return iri[len(self.iris.base) :]
        return named

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
            jsonld=self.jsonld(iri),
        )
        if SHEET in types:
            page.texts = self._texts(iri)
            page.literals = [link for link in page.literals if link.predicate.iri not in TEXT_FIELDS]
        if PROJECT in types:
            page.sheets = self._rows(f"?sheet prov:specializationOf <{iri}> .", wanted.get("sheets", 1))
        if any(t in UNITS for t in types):
            units = " ".join(f"<{u}>" for u in sorted(self._units_within(iri)))
            page.projects = self._rows(
                f"VALUES ?u {{ {units} }} ?sheet jkg:responsibleUnit ?u .", wanted.get("projects", 1)
            )
        links = " ".join(f"jkg:{p}" for p in SHEET_LINKS)
        pattern = f"VALUES ?link {{ {links} }} ?sheet ?link <{iri}> ."
        page.named_by = self._rows(pattern, wanted.get("named", 1), by_unit=True)
        return page

    def _literals(self, iri: str) -> list[Link]:
        rows = self.select(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o FILTER(isLiteral(?o)) }} ORDER BY ?p ?o")
        return [Link(self.term(r["p"], True), _value(r["o"])) for r in rows]

    # Long lists are read straight from the store's indexes and sorted here: Oxigraph's ORDER BY looks up each
    # term's string as it compares, which took over a second for a partner named by a few thousand sheets.

    def _subjects_linking(self, predicate: str, iri: str) -> set[str]:
        """The subjects that point at `iri` through `predicate` (named nodes only)."""
        return {
            q.subject.value
            for q in self.store.quads_for_pattern(None, NamedNode(predicate), NamedNode(iri), None)
            if isinstance(q.subject, NamedNode)
        }

    def _units_within(self, iri: str) -> set[str]:
        """A unit and every unit under it (org:subOrganizationOf, any depth)."""
        found, todo = {iri}, [iri]
        while todo:
            for unit in self._subjects_linking(ORG_SUB_ORGANIZATION_OF, todo.pop()):
                if unit not in found:
                    found.add(unit)
                    todo.append(unit)
        return found

    def _paged(self, links: set[tuple[Any, Any]], number: int) -> Paged:
        """One page of (predicate, node) links, by predicate then node."""
        ordered = sorted(links, key=lambda link: (link[0].value, str(link[1])))
        pages = max(1, -(-len(ordered) // self.page_size))
        number = min(max(1, number), pages)
        shown = ordered[(number - 1) * self.page_size : number * self.page_size]
        return Paged([Link(self.term(p, True), self.term(node)) for p, node in shown], len(ordered), number, pages)

    def _outgoing(self, iri: str, number: int) -> Paged:
        links = {
            (q.predicate, q.object)
            for q in self.store.quads_for_pattern(NamedNode(iri), None, None, None)
            if isinstance(q.object, NamedNode | BlankNode) and q.predicate.value != RDF_TYPE
        }
        return self._paged(links, number)

    def _incoming(self, iri: str, number: int) -> Paged:
        return self._paged(
            {(q.predicate, q.subject) for q in self.store.quads_for_pattern(None, None, NamedNode(iri), None)}, number
        )

    def _rows(self, pattern: str, number: int, by_unit: bool = False) -> Rows:
        """One page of the projects whose yearly sheets ?sheet match a pattern: newest first, or by division."""
        result = self.store.query(
            f"""{SPARQL_PREFIXES}
            SELECT DISTINCT ?sheet ?year ?unit ?project WHERE {{
                {pattern}
                ?sheet a jkg:ProjectSheet .
                OPTIONAL {{ ?sheet jkg:fiscalYear ?year }}
                OPTIONAL {{ ?sheet jkg:responsibleUnit ?unit }}
                OPTIONAL {{ ?sheet prov:specializationOf ?project }}
            }}""",
            use_default_graph_as_union=True,
        )
        assert isinstance(result, QuerySolutions)
        facts = [
            (s[0].value, s[1].value if s[1] else "", s[2].value if s[2] else "", s[3].value if s[3] else "")
            for s in result
        ]
        newest = sorted(facts, key=lambda f: (f[1], f[0]), reverse=True)
        # By division name, sheets without one last; a stable sort keeps the newest first within each.
        ordered = sorted(newest, key=lambda f: (not f[2], self.label(f[2]) if f[2] else "")) if by_unit else newest
        pages = max(1, -(-len(ordered) // self.page_size))
        number = min(max(1, number), pages)
        listed = [
            Row(
                self.named(project or sheet),
                self.named(sheet),
                year,
                self.named(unit) if unit else None,
            )
            for sheet, year, unit, project in ordered[(number - 1) * self.page_size : number * self.page_size]
        ]
        groups: dict[str, Group] = {}
        if by_unit:
            totals = Counter(f[2] for f in facts)
            for row in listed:
                unit_term = row.unit or Term("", "", "")
                groups.setdefault(unit_term.iri, Group(unit_term, totals[unit_term.iri], [])).rows.append(row)
        return Rows(listed, len(ordered), number, pages, list(groups.values()))

    def _texts(self, iri: str) -> list[tuple[Term, list[Segment]]]:
        """Each text field of a sheet cut into segments, every extracted mention linked."""
        mentions = self.select(
            f"""SELECT ?m ?field ?start ?end ?body ?kind ?iso WHERE {{
                <{iri}> dcterms:isReferencedBy ?m .
                ?m jkg:textField ?field ; jkg:start ?start ; jkg:end ?end ; a ?kind .
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

    def jsonld(self, iri: str) -> str:
        """The resource's own triples as JSON-LD, safe inside a <script> element."""
        result = self.store.query(f"CONSTRUCT WHERE {{ <{iri}> ?p ?o }}", use_default_graph_as_union=True)
        assert isinstance(result, QueryTriples)
        body = serialize(result, format=RdfFormat.JSON_LD) or b"[]"
        return script_json(body.decode("utf-8"))


def script_json(text: str) -> str:
    """JSON made safe inside a <script> element as Flask's tojson does: <, >, & and ' as \\u escapes, so no
    text (</script>, <!--<script>) can end or re-open the element. JSON has these only inside strings."""
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


def _value(node: Any) -> Value:
    if isinstance(node, Literal):
        return Value(node.value, node.language or "", node.datatype.value if not node.language else "")
    return Value(str(node), "", "")


def _kind(type_iri: str) -> str:
    """PartnerMention → partner, ActionPlanItemMention → action-plan-item."""
    local = type_iri[len(JKG_NS) :].removesuffix("Mention")
    return "".join("-" + c.lower() if c.isupper() else c for c in local).lstrip("-")
