"""Map a row's coded cells to each municipality's SKOS concepts, and its legal basis to laws and ordinances.

* The evaluation's direction (今後の方向性) and grade (総合評価) and the kind of legal basis (根拠法令区分): a
  concept per wording in the municipality's scheme (`id/lg/{code}/scheme/{direction|grade|legal-basis-kind}`),
  labelled as written (a leading `1_` or `60 ` becomes its skos:notation); a direction or legal-basis kind is
  skos:broadMatch'ed to a common category (categories.py, or the registry's [[category]]).
* The place in the plan (政策 › 施策 › 基本事業): concepts of the municipality's policy system for the plan of
  that year (`id/lg/{code}/policy/{plan}/…`), each level skos:broader the one above; the sheet's
  jkg:placeInPlan is the lowest level it gives.
* The legal basis (根拠法令): the text verbatim, and each law or ordinance it names (legal.py) linked by
  jkg:legalBasis (and jkg:law, as the text's other laws), with a jkg:LawMention locating the name in the text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from pyoxigraph import Literal, NamedNode, Triple

from jkg.etl.categories import SCHEMES
from jkg.etl.cells import Cell
from jkg.etl.extract import Mention
from jkg.etl.legal import legal_items
from jkg.etl.normalise import key
from jkg.etl.read import Row
from jkg.etl.registry import Entity, fallback_slug
from jkg.etl.values import no_value, split_notation
from jkg.vocab import DCTERMS, JKG, RDFS, SKOS

if TYPE_CHECKING:
    from jkg.etl.mapping import Mapper

# role → (scheme name, class, the sheet's property, the scheme's label after the municipality's name)
CODED = {
    "direction": ("direction", JKG.Direction, JKG.direction, "今後の方向性"),
    "grade": ("grade", JKG.Grade, JKG.grade, "総合評価"),
    "legal_basis_kind": ("legal-basis-kind", JKG.LegalBasisKind, JKG.legalBasisKind, "根拠法令区分"),
}
CATEGORY_PREFIX = {"direction": "direction", "legal-basis-kind": "basis"}
LEVELS = (("policy", JKG.Policy), ("measure", JKG.Measure), ("basic_project", JKG.BasicProject))


def _ja(text: str) -> Literal:
    return Literal(text, language="ja")


def _scheme(m: Mapper, node: NamedNode, code: str, label: str, *classes: NamedNode) -> Iterator[Triple]:
    if not m.shared(node):
        return
    yield from m.typed(node, *classes, SKOS.ConceptScheme)
    yield Triple(node, RDFS.label, _ja(label))
    yield Triple(node, SKOS.prefLabel, _ja(label))
    yield Triple(node, DCTERMS.publisher, m.iris.local_government(code))


def _concept(m: Mapper, node: NamedNode, cls: NamedNode, notation: str, label: str) -> Iterator[Triple]:
    yield from m.typed(node, cls, SKOS.Concept)
    yield Triple(node, RDFS.label, _ja(label))
    yield Triple(node, SKOS.prefLabel, _ja(label))
    if notation:
        yield Triple(node, SKOS.notation, Literal(notation))


def coded(m: Mapper, row: Row, sheet: NamedNode) -> Iterator[Triple]:
    """The sheet's direction, grade and kind of legal basis, as concepts of the municipality's schemes."""
    code = row.municipality.code
    for cell in row.cells:
        if cell.role not in CODED or no_value(cell.value):
            continue
        name, cls, link, what = CODED[cell.role]
        notation, label = split_notation(cell.value)
        scheme = m.iris.scheme(code, name)
        yield from _scheme(m, scheme, code, f"{m.municipality_name(code)}の{what}")
        node = m.iris.concept(code, name, key(label))
        if m.shared(node):
            yield from _concept(m, node, cls, notation, label)
            yield Triple(node, SKOS.inScheme, scheme)
            yield Triple(node, SKOS.topConceptOf, scheme)
            yield Triple(scheme, SKOS.hasTopConcept, node)
            yield from _category(m, row, cell, name, node, label)
        yield Triple(sheet, link, node)


def _category(m: Mapper, row: Row, cell: Cell, scheme: str, node: NamedNode, label: str) -> Iterator[Triple]:
    rule = SCHEMES.get(scheme)
    if rule is None:
        return
    given = m.registry.category(row.municipality.code, scheme, label)
    category = given if given is not None else rule(label)
    if category:
        yield Triple(node, SKOS.broadMatch, JKG[f"{CATEGORY_PREFIX[scheme]}-{category}"])
    elif given is None:
        m.warnings.append(
            f"{row.file}:{row.line}: warning [W-CATEGORY] {cell.header} {label!r} of "
            f"{row.municipality.local_name} matches no common category; give it one with a [[category]] entry "
            "in data/registry/organizations.toml"
        )


def policy(m: Mapper, row: Row, sheet: NamedNode) -> Iterator[Triple]:
    """The sheet's place in the municipality's policy system: 政策 › 施策 › 基本事業, each broader the next."""
    code = row.municipality.code
    cells = {c.role: c for c in row.cells if c.role in dict(LEVELS) and not no_value(c.value)}
    if not cells:
        return
    plan = m.registry.policy_plan(code, row.fiscal_year)
    system = m.iris.policy_system(code, plan.key)
    plan_name = plan.ja or f"{m.municipality_name(code)}総合計画"
    yield from _scheme(m, system, code, f"{plan_name}の政策体系", JKG.PolicySystem)
    path: list[str] = []
    above: NamedNode | None = None
    for role, cls in LEVELS:
        cell = cells.get(role)
        if cell is None:
            continue
        notation, label = split_notation(cell.value)
        path.append(notation or key(label))
        node = m.iris.policy(code, plan.key, tuple(path))
        if m.shared(node):
            yield from _concept(m, node, cls, notation, label)
            yield Triple(node, SKOS.inScheme, system)
            if above is None:
                yield Triple(node, SKOS.topConceptOf, system)
                yield Triple(system, SKOS.hasTopConcept, node)
            else:
                yield Triple(node, SKOS.broader, above)
        above = node
    assert above is not None
    yield Triple(sheet, JKG.placeInPlan, above)


def legal_mentions(m: Mapper, row: Row) -> Iterator[tuple[Mention, NamedNode]]:
    """Each law or ordinance a row's legal-basis cell names, as a mention (offsets in the stripped text) and the
    resource it links to: minted as the text's mentions are (Mapper.target), so that a law or an own ordinance is
    one resource whether the legal basis or the overview names it."""
    for cell in row.cells:
        if cell.role != "legal_basis" or no_value(cell.value):
            continue
        text = cell.value.strip()
        for item in legal_items(text, row.municipality):
            if item.kind == "law":
                found = m.entities.lookup("law", item.name, row.municipality.code) if m.entities else None
                entity = found or Entity("law", item.name, fallback_slug("law", item.name), registered=False)
            else:  # an ordinance: under the local government that made it
                entity = Entity("law", item.canonical, "", registered=False, municipality=item.municipality)
            surface = text[item.start : item.end]
            mention = Mention(
                "law",
                "legal_basis",
                item.start,
                item.end,
                surface,
                entity.canonical,
                entity=entity,
                rule="an item of the legal-basis column (根拠法令)",
                evidence="legal-basis",
            )
            target = m.target(mention, row.municipality.code)
            assert target is not None
            yield mention, target


def legal_basis(m: Mapper, row: Row, sheet: NamedNode, links: set[tuple[str, str]]) -> Iterator[Triple]:
    """The legal-basis text, and each law or ordinance it names, linked and located as a law mention."""
    for cell in row.cells:
        if cell.role == "legal_basis" and not no_value(cell.value):
            yield Triple(sheet, JKG.legalBasisText, _ja(cell.value.strip()))
    for mention, target in legal_mentions(m, row):
        yield from m.mention(mention, row, sheet, links, target)
        if ("legalBasis", target.value) not in links:
            links.add(("legalBasis", target.value))
            yield Triple(sheet, JKG.legalBasis, target)
