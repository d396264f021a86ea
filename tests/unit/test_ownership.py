"""Which triples a municipality's own build process alone makes (etl/parallel.py's Ownership): those the parent
copies as they are, where every other triple is written once however many processes made it."""

from __future__ import annotations

import pytest
from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize

from jkg.etl.parallel import Ownership
from jkg.iris import Iris
from jkg.vocab import JKG, ORG, RDFS, TYPE

BASE = "https://data.example.jp/"
IRIS = Iris(BASE)
OWN = IRIS.local_government("112330")  # 北本市
LG = OWN.value + "/"
OTHER = IRIS.local_government("132047")  # 三鷹市


def n(iri: str) -> NamedNode:
    return NamedNode(iri)


CASES = [
    (Triple(n(LG + "project/101/2024"), RDFS.label, Literal("x")), True),  # a sheet
    (Triple(n(LG + "project/101/2024/mention/overview/3/partner"), TYPE, JKG.PartnerMention), True),
    (Triple(n(LG + "project/101"), TYPE, JKG.Project), True),
    (Triple(n(LG + "org/kikaku"), TYPE, JKG.Division), True),  # a unit
    (Triple(n(LG + "source/2024/list.csv"), TYPE, JKG.SourceDocument), True),
    (Triple(n(LG + "action-plan"), TYPE, JKG.ActionPlan), True),
    (Triple(n(LG + "action-plan/12"), TYPE, JKG.ActionPlanItem), True),
    (Triple(n(LG + "scheme/direction/x"), RDFS.label, Literal("x")), True),
    (Triple(n(LG + "policy/sogo/1"), RDFS.label, Literal("x")), True),
    (Triple(n(LG + "amounts"), TYPE, JKG.Amount), True),
    (Triple(OWN, ORG.hasUnit, n(LG + "org/kikaku")), True),  # the municipality linking into its own space
    (Triple(OWN, JKG.runs, n(LG + "project/101")), True),
    (Triple(OWN, RDFS.label, Literal("北本市", language="ja")), False),  # named by other lists as a partner
    (Triple(OWN, TYPE, JKG.Municipality), False),
    (Triple(n(LG + "plan/sogo"), TYPE, JKG.Plan), False),  # its plans and ordinances: others name them too
    (Triple(n(LG + "ordinance/zei"), TYPE, JKG.Ordinance), False),
    (Triple(n(OTHER.value + "/project/101"), TYPE, JKG.Project), False),  # another municipality's
    (Triple(n(LG + "organization"), TYPE, JKG.Project), False),  # a segment only starting like an own one
    (Triple(n(BASE + "id/org/cabinet-office"), TYPE, JKG.NationalAgency), False),
    (Triple(n(BASE + "id/fiscal-year/2024"), TYPE, JKG.FiscalYear), False),
    (Triple(OTHER, ORG.hasUnit, n(LG + "org/kikaku")), False),
]


@pytest.mark.parametrize(("triple", "own"), CASES, ids=[f"{i}" for i in range(len(CASES))])
def test_ownership(triple: Triple, own: bool) -> None:
    ownership = Ownership(IRIS, "112330")
    assert ownership.triple(triple) is own
    line = (serialize([triple], format=RdfFormat.N_TRIPLES) or b"")[:-2] + b"<" + BASE.encode() + b"graph/x> .\n"
    assert ownership.line(line) is own  # the same answer on the N-Quads line the build writes
