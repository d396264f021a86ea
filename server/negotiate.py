"""Pick a response format from Accept (with q-values) or a format=/output= short name."""

from __future__ import annotations

from dataclasses import dataclass

from werkzeug.datastructures import MIMEAccept


@dataclass(frozen=True)
class Format:
    name: str  # short name, as in format=
    media_type: str
    kind: str  # "results" (SELECT/ASK) or "graph" (CONSTRUCT/DESCRIBE)
    aliases: frozenset[str] = frozenset()  # other names clients send in format=/output=
    text: bool = True
    # Generic media types that ask for it when Accept names them exactly (application/json), as Fuseki reads
    # them; a wildcard (*/*, text/*) reaches a format only through its own media type.
    accepts: tuple[str, ...] = ()

    def named(self, wanted: str) -> bool:
        return wanted in {self.name, self.media_type} or wanted in self.aliases

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.text else self.media_type


# Accept: application/json asks for SPARQL JSON of a SELECT or ASK and for JSON-LD of a CONSTRUCT or DESCRIBE;
# application/xml (or text/xml) for SPARQL XML or RDF/XML: what Fuseki answers.
JSON_XML = {"json": ("application/json",), "xml": ("application/xml", "text/xml")}
RESULTS = (
    Format(
        "json",
        "application/sparql-results+json",
        "results",
        frozenset({"application/json", "srj"}),
        accepts=JSON_XML["json"],
    ),
    Format(
        "xml",
        "application/sparql-results+xml",
        "results",
        frozenset({"application/xml", "text/xml", "srx"}),
        accepts=JSON_XML["xml"],
    ),
    Format("csv", "text/csv", "results"),
    Format("tsv", "text/tab-separated-values", "results", frozenset({"text"})),
)
GRAPHS = (
    # N3 is a superset of Turtle, so Turtle answers clients asking for N3 (as Fuseki does).
    Format(
        "ttl", "text/turtle", "graph", frozenset({"turtle", "application/x-turtle", "n3", "text/n3", "text/rdf+n3"})
    ),
    Format("nt", "application/n-triples", "graph", frozenset({"ntriples", "n-triples", "text/plain"})),
    Format(
        "rdf",
        "application/rdf+xml",
        "graph",
        frozenset({"xml", "rdf+xml", "rdfxml", "rdf/xml", "application/xml", "text/xml"}),
        accepts=JSON_XML["xml"],
    ),
    Format(
        "jsonld",
        "application/ld+json",
        "graph",
        frozenset({"json-ld", "json", "application/json"}),
        accepts=JSON_XML["json"],
    ),
)


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges with their q-values, best first; an absent header accepts anything."""
    if not header:
        return [("*/*", 1.0)]
    ranges = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for param in fields[1:]:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((fields[0].lower(), q, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, q) for media, q, _ in ranges]


def _specificity(media_range: str, media_type: str) -> int:
    """How specifically a media range names a type: 3 exactly, 2 as type/*, 1 as */*, 0 not at all."""
    if media_range in {"*/*", "*"}:
        return 1
    if media_range.endswith("/*"):
        return 2 if media_type.startswith(media_range[:-1]) else 0
    return 3 if media_range == media_type else 0


def quality(ranges: list[tuple[str, float]], media_type: str) -> float:
    """The q-value a client gives a media type: that of the most specific range naming it (RFC 9110 §12.5.1),
    so 'application/json;q=0, */*' refuses JSON."""
    best = (0, 0.0)
    for media, q in ranges:
        rank = _specificity(media, media_type)
        if rank and (rank, q) > best:
            best = (rank, q)
    return best[1]


def choose(options: tuple[Format, ...], accept: str | None, requested: list[str] | None = None) -> Format | None:
    """The first servable format named by format=/output=, else the best Accept match, else None.

    Clients send several names (SPARQLWrapper: format=json-ld&format=application/ld+json,…); the first one
    that fits the query form wins. Server order breaks q-value ties in Accept.
    """
    names = [n.split(";")[0].strip().lower() for value in requested or [] for n in value.split(",")]
    names = [n for n in names if n]
    if names:
        for wanted in names:
            for f in options:
                if f.named(wanted):
                    return f
        return None
    best: tuple[float, int] | None = None
    chosen = None
    ranges = parse_accept(accept)
    for rank, f in enumerate(options):
        q = max([quality(ranges, f.media_type), *(q for media, q in ranges if media in f.accepts)])
        if q > 0 and (best is None or (q, -rank) > best):
            best, chosen = (q, -rank), f
    return chosen


def wants_html(accept: MIMEAccept, data: list[str] | None = None, *, on_tie: bool = False) -> bool:
    """The one place that decides HTML or data: HTML when Accept ranks it above every data type offered
    (`data`, default the RDF formats). On a tie (*/*, as curl sends) data wins, unless `on_tie` (the query UI,
    the search page, the dumps list, whose HTML is the first answer)."""
    offered = [f.media_type for f in GRAPHS] if data is None else data
    order = ["text/html", *offered] if on_tie else [*offered, "text/html"]
    if not accept:  # no Accept header: anything will do, as */*
        return on_tie
    return accept.best_match(order) == "text/html"
