"""Pick a response format from Accept (with q-values) or a format=/output= short name."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Format:
    name: str  # short name, as in format=
    media_type: str
    kind: str  # "results" (SELECT/ASK) or "graph" (CONSTRUCT/DESCRIBE)
    text: bool = True

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8" if self.text else self.media_type


RESULTS = (
    Format("json", "application/sparql-results+json", "results"),
    Format("xml", "application/sparql-results+xml", "results"),
    Format("csv", "text/csv", "results"),
    Format("tsv", "text/tab-separated-values", "results"),
)
GRAPHS = (
    Format("ttl", "text/turtle", "graph"),
    Format("nt", "application/n-triples", "graph"),
    Format("rdf", "application/rdf+xml", "graph"),
    Format("jsonld", "application/ld+json", "graph"),
)
ALIASES = {
    "application/json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "turtle": "ttl",
    "text/plain": "nt",
    "ntriples": "nt",
    "n-triples": "nt",
    "rdfxml": "rdf",
    "rdf/xml": "rdf",
    "application/x-turtle": "ttl",
    "json-ld": "jsonld",
    "text": "tsv",
}


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


def _matches(media_range: str, media_type: str) -> bool:
    if media_range in {"*/*", "*"}:
        return True
    if media_range.endswith("/*"):
        return media_type.startswith(media_range[:-1])
    return media_range == media_type


def choose(options: tuple[Format, ...], accept: str | None, requested: str | None) -> Format | None:
    """The format named by format=/output=, else the best Accept match (server order breaks ties), else None."""
    if requested:
        wanted = ALIASES.get(requested.lower(), requested.lower())
        for f in options:
            if wanted in {f.name, f.media_type}:
                return f
        return None
    best: tuple[float, int] | None = None
    chosen = None
    for rank, f in enumerate(options):
        q = max((q for media, q in parse_accept(accept) if _matches(media, f.media_type)), default=0.0)
        if q > 0 and (best is None or (q, -rank) > best):
            best, chosen = (q, -rank), f
    return chosen


def by_name(name: str) -> Format:
    return next(f for f in RESULTS + GRAPHS if f.name == name)
