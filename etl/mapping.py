"""Map rows to triples: the city, its units, projects, yearly sheets, source rows, action-plan items."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from etl.extract import TEXT_FIELDS, action_plan_items
from etl.iris import Iris
from etl.read import Row, Source
from etl.registry import Registry, Unit
from etl.vocab import DCTERMS, FOAF, JKG, ORG, PROV, RDFS, SKOS, TYPE, XSD


def ja(text: str) -> Literal:
    return Literal(text, language="ja")


def en(text: str) -> Literal:
    return Literal(text, language="en")


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


def year(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.gYear)


@dataclass
class Mapper:
    """Turns rows into triples; resources shared by many rows (city, units, items) are emitted once."""

    iris: Iris
    registry: Registry
    emitted: set[str] = field(default_factory=set)
    classes: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)
    item_labels: dict[str, str] = field(default_factory=dict)
    shared_nodes: set[str] = field(default_factory=set)

    def _shared(self, node: NamedNode) -> bool:
        """Mark a resource that many rows link to; True the first time it is seen."""
        self.shared_nodes.add(node.value)
        return self._new(node)

    def _new(self, node: NamedNode) -> bool:
        if node.value in self.emitted:
            return False
        self.emitted.add(node.value)
        return True

    def _typed(self, node: NamedNode, *classes: NamedNode) -> Iterator[Triple]:
        for cls in classes:
            yield Triple(node, TYPE, cls)
        self.classes[classes[0].value] += 1

    def city(self) -> Iterator[Triple]:
        """The city as an org:FormalOrganization and the action plan as a concept scheme."""
        c = self.registry.city
        node = self.iris.organization(c.slug)
        if self._shared(node):
            yield from self._typed(node, ORG.FormalOrganization, JKG.Municipality)
            yield Triple(node, RDFS.label, ja(c.ja))
            yield Triple(node, RDFS.label, en(c.en))
            yield Triple(node, SKOS.prefLabel, ja(c.ja))
            if c.homepage:
                yield Triple(node, FOAF.homepage, NamedNode(c.homepage))
        scheme = self.iris.action_plan()
        if self._shared(scheme):
            yield from self._typed(scheme, SKOS.ConceptScheme, JKG.ActionPlan)
            yield Triple(scheme, SKOS.prefLabel, ja(c.action_plan_ja))
            yield Triple(scheme, SKOS.prefLabel, en(c.action_plan_en))
            yield Triple(scheme, RDFS.label, ja(c.action_plan_ja))
            yield Triple(scheme, DCTERMS.publisher, node)

    def _unit(self, unit: Unit, kind: NamedNode, parent: NamedNode | None, where: Row) -> Iterator[Triple]:
        node = self.iris.organization(unit.slug)
        if not self._shared(node):
            return
        if not unit.registered:
            self.warnings.append(
                f"{where.file}:{where.line}: unit {unit.ja!r} is not in data/registry/organizations.toml; "
                f"it got the slug {unit.slug!r} — add it with a readable slug before publishing"
            )
        yield from self._typed(node, kind, ORG.OrganizationalUnit, ORG.Organization)
        yield Triple(node, RDFS.label, ja(unit.ja))
        yield Triple(node, SKOS.prefLabel, ja(unit.ja))
        if unit.en:
            yield Triple(node, RDFS.label, en(unit.en))
        yield Triple(node, ORG.unitOf, self.iris.organization(self.registry.city.slug))
        if parent is not None:
            yield Triple(node, ORG.subOrganizationOf, parent)

    def source(self, src: Source) -> Iterator[Triple]:
        """The source file as a prov:Entity with its title, file name and checksum."""
        assert src.fiscal_year is not None
        doc = self.iris.source_document(src.fiscal_year, src.path.name)
        if self._shared(doc):
            yield from self._typed(doc, JKG.SourceDocument, PROV.Entity)
            yield Triple(doc, RDFS.label, Literal(src.title or src.path.name, language="ja"))
            yield Triple(doc, JKG.fileName, Literal(src.path.name))
            yield Triple(doc, JKG.fiscalYear, year(src.fiscal_year))
            yield Triple(doc, JKG.encoding, Literal(src.encoding))
            yield Triple(doc, JKG.sha256, Literal(src.sha256))

    def row(self, row: Row, src: Source) -> Iterator[Triple]:
        """The project, its sheet for the row's year, the source row, the unit and the cited items."""
        city = self.iris.organization(self.registry.city.slug)
        dept_unit = self.registry.department(row.department)
        div_unit = self.registry.division(row.department, row.division)
        dept = self.iris.organization(dept_unit.slug)
        div = self.iris.organization(div_unit.slug)
        yield from self._unit(dept_unit, JKG.Department, None, row)
        yield from self._unit(div_unit, JKG.Division, dept, row)

        yield from self.source(src)
        project = self.iris.project(row.number)
        if self._new(project):
            self.classes[JKG.Project.value] += 1
        # Repeated for every year's row so that each validation batch sees the project whole.
        yield Triple(project, TYPE, JKG.Project)
        yield Triple(project, TYPE, PROV.Entity)
        yield Triple(project, DCTERMS.identifier, Literal(str(row.number)))
        yield Triple(project, JKG.municipality, city)
        yield Triple(project, RDFS.label, ja(row.name))

        sheet = self.iris.sheet(row.number, row.fiscal_year)
        yield from self._typed(sheet, JKG.ProjectSheet, PROV.Entity)
        yield Triple(sheet, PROV.specializationOf, project)
        yield Triple(sheet, RDFS.label, ja(f"{row.name}（{row.fiscal_year}年度）"))
        yield Triple(sheet, DCTERMS.title, ja(row.name))
        yield Triple(sheet, JKG.fiscalYear, year(row.fiscal_year))
        yield Triple(sheet, JKG.responsibleUnit, div)
        for name, text in (("purpose", row.purpose), ("overview", row.overview), ("results", row.results)):
            if text:
                yield Triple(sheet, JKG[name], ja(text))

        source_row = self.iris.source_row(row.fiscal_year, row.serial)
        yield from self._typed(source_row, JKG.SourceRow, PROV.Entity)
        yield Triple(source_row, RDFS.label, Literal(f"{src.path.name} line {row.line} (通し番号 {row.serial})"))
        yield Triple(source_row, DCTERMS.isPartOf, self.iris.source_document(row.fiscal_year, src.path.name))
        yield Triple(source_row, JKG.lineNumber, integer(row.line))
        yield Triple(source_row, JKG.serialNumber, integer(row.serial))
        yield Triple(source_row, JKG.unitText, Literal(row.unit))
        yield Triple(sheet, PROV.wasDerivedFrom, source_row)

        for field_name in TEXT_FIELDS:
            for mention in action_plan_items(field_name, getattr(row, field_name)):
                item = self.iris.action_plan_item(mention.notation)
                if self._shared(item):
                    yield from self._typed(item, JKG.ActionPlanItem, SKOS.Concept)
                    yield Triple(item, SKOS.notation, Literal(mention.notation))
                    yield Triple(item, SKOS.prefLabel, ja(mention.canonical))
                    yield Triple(item, RDFS.label, ja(f"{mention.notation} {mention.canonical}"))
                    yield Triple(item, SKOS.inScheme, self.iris.action_plan())
                    yield Triple(self.iris.action_plan(), SKOS.hasTopConcept, item)
                    self.item_labels[mention.notation] = mention.canonical
                elif self.item_labels[mention.notation] != mention.canonical and mention.canonical:
                    yield Triple(item, SKOS.altLabel, ja(mention.canonical))
                yield Triple(sheet, JKG.actionPlanItem, item)
