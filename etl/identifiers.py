"""Identifiers written out properly: a verified identifier becomes an `org:identifier` typed by its scheme and an
`adms:Identifier` naming the scheme, the agency that assigns it and where it was verified.

Only identifiers that were verified are written: a 全国地方公共団体コード found in the bundled table of every local
government (its check digit checked, `jkg.municipalities`), an e-Gov 法令番号 written in the text itself. No
`owl:sameAs` is written: no outside IRI can be derived from these codes and checked without the network.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping

from pyoxigraph import Literal, NamedNode, Triple

from jkg.iris import Iris
from jkg.vocab import ADMS, DCTERMS, JKG, JKG_NS, ORG, PREFIXES, RDFS, SKOS, TYPE, VOID, XSD, curie

SOUMU_CODES = (
    "https://www.soumu.go.jp/denshijiti/code.html"  # 総務省「全国地方公共団体コード」, the bundled table's origin
)


def _identifier(node: NamedNode, fragment: str, notation: Literal, agency: str, label: str) -> Iterator[Triple]:
    ident = NamedNode(f"{node.value}#{fragment}")
    yield Triple(node, ADMS.identifier, ident)
    yield Triple(ident, TYPE, ADMS.Identifier)
    yield Triple(ident, SKOS.notation, notation)
    yield Triple(ident, ADMS.schemeAgency, Literal(agency, language="ja"))
    yield Triple(ident, RDFS.label, Literal(label, language="ja"))


def local_government_code(node: NamedNode, code: str) -> Iterator[Triple]:
    """A prefecture's or municipality's 全国地方公共団体コード, as found (check digit verified) in the bundled table."""
    notation = Literal(code, datatype=JKG.LocalGovernmentCode)
    yield Triple(node, ORG.identifier, notation)
    yield from _identifier(node, "lgcode", notation, "総務省", f"全国地方公共団体コード {code}")
    yield Triple(NamedNode(f"{node.value}#lgcode"), DCTERMS.source, NamedNode(SOUMU_CODES))


def law_number(node: NamedNode, number: str, where: NamedNode | None = None) -> Iterator[Triple]:
    """A law's 法令番号 as written in a list's text (where: the sheet it was read from)."""
    notation = Literal(number, datatype=JKG.LawNumber)
    yield from _identifier(node, "law-number", notation, "内閣法制局・e-Gov 法令検索", f"法令番号 {number}")
    if where is not None:
        yield Triple(NamedNode(f"{node.value}#law-number"), DCTERMS.source, where)


class OutwardLinks:
    """Counts, per predicate, the data's links to resources outside it (an IRI object that is neither ours nor a
    term of a vocabulary used, rdf:type aside), as the build writes its triples: counting them afterwards in the
    store took a full scan with string tests of every object (about 20 s of CPU per 20,000 rows). A parallel
    build counts each part's own triples in the part's process and each shared line once, as it is merged."""

    def __init__(self, iris: Iris) -> None:
        self.ours = (iris.base, JKG_NS, *PREFIXES.values())
        self.counts: Counter[str] = Counter()

    def add(self, triples: Iterable[Triple]) -> None:
        ours, counts = self.ours, self.counts
        for t in triples:
            o = t.object
            if isinstance(o, NamedNode) and not o.value.startswith(ours) and t.predicate != TYPE:
                counts[t.predicate.value] += 1


def linksets(links: Mapping[str, int], iris: Iris) -> list[Triple]:
    """Every set of links from the data to resources outside it (OutwardLinks.counts), one void:Linkset per
    predicate, with its count: what a crawler or a link checker can follow off this dataset."""
    ds = iris.dataset()
    t: list[Triple] = []
    for p, count in sorted(links.items()):
        predicate = NamedNode(p)
        linkset, target = iris.linkset(curie(p)), iris.link_target(curie(p))
        t += [
            Triple(ds, VOID.subset, linkset),
            Triple(linkset, TYPE, VOID.Linkset),
            Triple(linkset, VOID.linkPredicate, predicate),
            Triple(linkset, VOID.subjectsTarget, ds),
            Triple(linkset, VOID.objectsTarget, target),
            Triple(linkset, VOID.triples, Literal(str(count), datatype=XSD.integer)),
            Triple(target, TYPE, VOID.Dataset),
            Triple(target, DCTERMS.title, Literal(f"what {curie(p)} links to", language="en")),
        ]
    return t
