"""Namespaces and the terms the mapping writes, as pyoxigraph named nodes."""

from __future__ import annotations

from pyoxigraph import NamedNode

from jkg import namespace

# The local vocabulary is shared by every city's graph, so it does not move with --base-iri; it is the setting
# vocabulary_namespace, fixed for the process when this module is first imported (jkg.namespace).
JKG_NS = namespace.namespace()

PREFIXES: dict[str, str] = {
    "jkg": JKG_NS,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "schema": "https://schema.org/",
    "oa": "http://www.w3.org/ns/oa#",
    "sh": "http://www.w3.org/ns/shacl#",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "adms": "http://www.w3.org/ns/adms#",
    "time": "http://www.w3.org/2006/time#",
    "qb": "http://purl.org/linked-data/cube#",
}


SPARQL_PREFIXES = "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())  # the same prefixes, for queries


def curie(iri: str) -> str:
    """prefix:local for an IRI in one of PREFIXES' namespaces, else the IRI itself."""
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


class _Namespace:
    """Terms of one namespace, each made once (the mapping asks for them for every row): a term asked for as an
    attribute is then an attribute of the namespace, found without calling __getattr__ again (the mapping asked
    for about 115 terms per row)."""

    def __init__(self, base: str) -> None:
        self._base = base
        self._terms: dict[str, NamedNode] = {}

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):  # copy, pickle and friends probe for protocol methods: not terms
            raise AttributeError(name)
        term = self[name]
        self.__dict__[name] = term
        return term

    def __getitem__(self, name: str) -> NamedNode:
        term = self._terms.get(name)
        if term is None:
            term = self._terms[name] = NamedNode(self._base + name)
        return term


JKG = _Namespace(JKG_NS)
RDF = _Namespace(PREFIXES["rdf"])
RDFS = _Namespace(PREFIXES["rdfs"])
OWL = _Namespace(PREFIXES["owl"])
XSD = _Namespace(PREFIXES["xsd"])
ORG = _Namespace(PREFIXES["org"])
PROV = _Namespace(PREFIXES["prov"])
SKOS = _Namespace(PREFIXES["skos"])
DCTERMS = _Namespace(PREFIXES["dcterms"])
DCAT = _Namespace(PREFIXES["dcat"])
VOID = _Namespace(PREFIXES["void"])
SCHEMA = _Namespace(PREFIXES["schema"])
OA = _Namespace(PREFIXES["oa"])
FOAF = _Namespace(PREFIXES["foaf"])
ADMS = _Namespace(PREFIXES["adms"])
TIME = _Namespace(PREFIXES["time"])
QB = _Namespace(PREFIXES["qb"])

TYPE = RDF.type
