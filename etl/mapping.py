"""Map rows to triples: the city, its units, projects, yearly sheets, source rows, action-plan items."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from pyoxigraph import Literal, NamedNode, Triple

from jkg.etl.extract import Mention
from jkg.etl.read import Row, Source
from jkg.etl.registry import Entity, Registry, Unit
from jkg.iris import Iris
from jkg.vocab import DCTERMS, FOAF, JKG, OA, ORG, PROV, RDFS, SCHEMA, SKOS, TYPE, XSD


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
    item_labels: dict[str, set[str]] = field(default_factory=dict)
    shared_nodes: set[str] = field(default_factory=set)
    project_names: dict[int, set[str]] = field(default_factory=dict)
    context: list[Triple] = field(default_factory=list)  # validation-only triples of the last row

    def take_context(self) -> list[Triple]:
        """Triples the last row's validation needs but that were already written (the output has no duplicates)."""
        taken, self.context = self.context, []
        return taken

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

    def row(self, row: Row, src: Source, mentions: list[Mention]) -> Iterator[Triple]:
        """The project, its sheet for the row's year, the source row, the unit, and what its text mentions."""
        city = self.iris.organization(self.registry.city.slug)
        dept_unit = self.registry.department(row.department)
        div_unit = self.registry.division(row.department, row.division)
        dept = self.iris.organization(dept_unit.slug)
        div = self.iris.organization(div_unit.slug)
        yield from self._unit(dept_unit, JKG.Department, None, row)
        yield from self._unit(div_unit, JKG.Division, dept, row)

        yield from self.source(src)
        project = self.iris.project(row.number)
        core = [
            Triple(project, TYPE, JKG.Project),
            Triple(project, TYPE, PROV.Entity),
            Triple(project, DCTERMS.identifier, Literal(str(row.number))),
            Triple(project, JKG.municipality, city),
        ]
        label = Triple(project, RDFS.label, ja(row.name))
        names = self.project_names.setdefault(row.number, set())
        if self._new(project):
            self.classes[JKG.Project.value] += 1
            yield from core
        else:
            # Written with an earlier year's row; this row's validation batch still needs to see it.
            self.context.extend(core)
        if row.name in names:
            self.context.append(label)
        else:
            names.add(row.name)
            yield label

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

        links: set[tuple[str, str]] = set()
        for mention in mentions:
            yield from self._mention(mention, row, sheet, links)

    def target(self, mention: Mention) -> NamedNode | None:
        """The IRI a mention links to (None for dates)."""
        if mention.category == "action_plan_item":
            return self.iris.action_plan_item(mention.notation)
        if mention.entity is None:
            return None
        mint = {
            "partner": self.iris.organization,
            "plan": self.iris.plan,
            "law": self.iris.law,
            "event": self.iris.event,
        }[mention.category]
        return mint(mention.entity.slug)

    def _item(self, mention: Mention, item: NamedNode) -> Iterator[Triple]:
        if self._shared(item):
            yield from self._typed(item, JKG.ActionPlanItem, SKOS.Concept)
            yield Triple(item, SKOS.notation, Literal(mention.notation))
            yield Triple(item, SKOS.prefLabel, ja(mention.canonical))
            yield Triple(item, RDFS.label, ja(f"{mention.notation} {mention.canonical}"))
            yield Triple(item, SKOS.inScheme, self.iris.action_plan())
            yield Triple(self.iris.action_plan(), SKOS.hasTopConcept, item)
            self.item_labels[mention.notation] = {mention.canonical}
        elif mention.canonical and mention.canonical not in self.item_labels[mention.notation]:
            self.item_labels[mention.notation].add(mention.canonical)
            yield Triple(item, SKOS.altLabel, ja(mention.canonical))

    def _entity(self, entity: Entity, node: NamedNode) -> Iterator[Triple]:
        if not self._shared(node):
            return
        classes: tuple[NamedNode, ...] = ENTITY_CLASSES[entity.category]
        if entity.category == "partner":
            classes = (*classes, PARTNER_TYPES.get(entity.type, JKG.PartnerBody))
        yield from self._typed(node, *classes)
        yield Triple(node, RDFS.label, ja(entity.canonical))
        yield Triple(node, SKOS.prefLabel, ja(entity.canonical))
        if entity.en:
            yield Triple(node, RDFS.label, en(entity.en))
        for alias in entity.aliases:
            yield Triple(node, SKOS.altLabel, ja(alias))
        if not entity.registered:
            yield Triple(node, JKG.curated, Literal("false", datatype=XSD.boolean))

    def _mention(self, mention: Mention, row: Row, sheet: NamedNode, links: set[tuple[str, str]]) -> Iterator[Triple]:
        """The linked resource, the sheet's direct link, and the mention as a flattened Web Annotation."""
        target = self.target(mention)
        if mention.category == "action_plan_item" and target is not None:
            yield from self._item(mention, target)
        elif mention.entity is not None and target is not None:
            yield from self._entity(mention.entity, target)
        link = LINK_PROPERTIES.get(mention.category)
        if link is not None and target is not None and (link.value, target.value) not in links:
            links.add((link.value, target.value))
            yield Triple(sheet, link, target)
        node = self.iris.mention(row.number, row.fiscal_year, mention.field, mention.start)
        yield Triple(node, TYPE, OA.Annotation)
        yield Triple(node, TYPE, MENTION_CLASSES[mention.category])
        yield Triple(node, OA.hasTarget, sheet)
        if target is not None:
            yield Triple(node, OA.hasBody, target)
        yield Triple(node, JKG.textField, FIELD_PROPERTIES[mention.field])
        yield Triple(node, JKG.start, Literal(str(mention.start), datatype=XSD.nonNegativeInteger))
        yield Triple(node, JKG.end, Literal(str(mention.end), datatype=XSD.nonNegativeInteger))
        yield Triple(node, JKG.exact, Literal(mention.surface))
        if mention.corrected:
            yield Triple(node, JKG.correctedText, Literal(mention.corrected))
        if mention.category == "date":
            yield from date_value(node, mention.value)
        self.classes[MENTION_CLASSES[mention.category].value] += 1


def date_value(node: NamedNode, value: str) -> Iterator[Triple]:
    """A date mention's value: a point (xsd:date, xsd:gYearMonth) or an interval (ISO 8601 start/end)."""
    yield Triple(node, JKG.isoValue, Literal(value))
    if "/" in value:
        start, end = value.split("/")
        yield Triple(node, JKG.startDate, _date_literal(start))
        yield Triple(node, JKG.endDate, _date_literal(end))
    else:
        yield Triple(node, JKG.date, _date_literal(value))


def _date_literal(value: str) -> Literal:
    kind = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(value)]
    return Literal(value, datatype=kind)


ENTITY_CLASSES = {
    "partner": (JKG.PartnerBody, ORG.Organization),
    "plan": (JKG.Plan, DCTERMS.Policy),
    "law": (JKG.Law, SCHEMA.Legislation),
    "event": (JKG.Event, SCHEMA.Event),
}
PARTNER_TYPES = {
    "national-agency": JKG.NationalAgency,
    "local-government": JKG.LocalGovernment,
    "foreign-local-government": JKG.ForeignLocalGovernment,
    "company": JKG.Company,
    "university-or-research-institute": JKG.UniversityOrResearchInstitute,
    "council-or-association": JKG.CouncilOrAssociation,
    "foundation": JKG.Foundation,
}
LINK_PROPERTIES = {
    "partner": JKG.partner,
    "plan": JKG.plan,
    "law": JKG.law,
    "event": JKG.event,
    "action_plan_item": JKG.actionPlanItem,
}
MENTION_CLASSES = {
    "partner": JKG.PartnerMention,
    "plan": JKG.PlanMention,
    "law": JKG.LawMention,
    "event": JKG.EventMention,
    "date": JKG.DateMention,
    "action_plan_item": JKG.ActionPlanItemMention,
}
FIELD_PROPERTIES = {"name": DCTERMS.title, "purpose": JKG.purpose, "overview": JKG.overview, "results": JKG.results}
