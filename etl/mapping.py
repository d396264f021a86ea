"""Map rows to triples: municipalities, their units, projects, yearly sheets, source rows, action-plan items."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from pyoxigraph import Literal, NamedNode, Triple

from jkg.etl import annotation, concepts, figures, identifiers
from jkg.etl.extract import Mention
from jkg.etl.read import Row, Source
from jkg.etl.registry import Entity, EntityRegistry, Registry, Unit, law_number_slug
from jkg.etl.values import no_value
from jkg.iris import Iris
from jkg.municipalities import LocalGovernment, gazetteer
from jkg.vocab import DCTERMS, FOAF, JKG, OA, ORG, OWL, PROV, RDF, RDFS, SCHEMA, SKOS, TIME, TYPE, XSD


def ja(text: str) -> Literal:
    return Literal(text, language="ja")


def en(text: str) -> Literal:
    return Literal(text, language="en")


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.integer)


@lru_cache(maxsize=256)
def year(value: int) -> Literal:
    return Literal(str(value), datatype=XSD.gYear)


def fiscal_year_label(fy: int) -> str:
    """2024年度（令和6年度）."""
    era = f"令和{fy - 2018 if fy > 2019 else '元'}年度" if fy >= 2019 else f"平成{fy - 1988}年度"
    return f"{fy}年度（{era}）"


@dataclass
class Projects:
    """Which project each (municipality, key, fiscal year) sheet belongs to, decided over the whole build.

    A number keeps one project while its title stays the same (or a crosswalk joins the titles); a number
    reused with another title is a project of its own, `…/project/{key}/from-{FY}`, and a warning."""

    since: dict[tuple[str, str, int], int] = field(default_factory=dict)  # sheets of a reused number → FY
    warnings: list[str] = field(default_factory=list)

    def of(self, code: str, number: str, fiscal_year: int) -> int | None:
        return self.since.get((code, number, fiscal_year))


@dataclass
class Mapper:
    """Turns rows into triples; resources shared by many rows (municipalities, units, items) are emitted once."""

    iris: Iris
    registry: Registry
    projects: Projects = field(default_factory=Projects)
    emitted: set[str] = field(default_factory=set)
    classes: Counter[str] = field(default_factory=Counter)
    by_municipality: dict[str, Counter[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    item_labels: dict[str, set[str]] = field(default_factory=dict)
    shared_nodes: set[str] = field(default_factory=set)
    project_names: dict[str, set[str]] = field(default_factory=dict)
    context: list[Triple] = field(default_factory=list)  # validation-only triples of the last row
    entities: EntityRegistry | None = None  # the extractor's registry: laws named in the legal basis
    created: str = ""  # when the build ran: the annotations' dcterms:created (xsd:dateTime)
    _code: str = ""  # the municipality of the row being mapped, for the counts
    # Made once, not for every mention: the annotations' agent, their dcterms:created, the field texts of the
    # sheet being mapped (a sheet is one row's: a key is unique in its municipality and year)
    _agent: NamedNode | None = None
    _created: tuple[str, Literal | None] = ("", None)
    _texts: tuple[str, set[str]] = ("", set())
    _fields: dict[str, Literal] = field(default_factory=dict)  # the row's text fields as literals (@ja)

    # What the mapping of sheets' figures and concepts (figures.py, concepts.py) uses.
    def shared(self, node: NamedNode) -> bool:
        """Mark a resource many rows link to; True the first time (emit it then)."""
        return self._shared(node)

    def typed(self, node: NamedNode, *classes: NamedNode) -> Iterator[Triple]:
        """The node's types, counted under the first."""
        return self._typed(node, *classes)

    def municipality_name(self, code: str) -> str:
        """A municipality's name as it names itself (北本市, 大阪市北区)."""
        body = gazetteer().by_code(code)
        return body.local_name if body else code

    def mention(
        self, mention: Mention, row: Row, sheet: NamedNode, links: set[tuple[str, str]], target: NamedNode | None
    ) -> list[Triple]:
        """A mention whose target is known (an ordinance) or found as for the text's (a law)."""
        out: list[Triple] = []
        self._mention(out, mention, row, sheet, links, target)
        return out

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
        if self._code:
            self.by_municipality.setdefault(self._code, Counter())[classes[0].value] += 1

    def municipality(self, body: LocalGovernment) -> Iterator[Triple]:
        """A municipality that publishes a list, as org:FormalOrganization with its 団体コード."""
        node = self.iris.local_government(body.code)
        if not self._shared(node):
            return
        info = self.registry.municipality(body.code)
        self._code = body.code
        yield from self._typed(node, JKG.Municipality, ORG.FormalOrganization)
        yield from self._names(node, body)
        if info.en:
            yield Triple(node, RDFS.label, en(info.en))
        if info.homepage:
            yield Triple(node, FOAF.homepage, NamedNode(info.homepage))

    def _names(self, node: NamedNode, body: LocalGovernment) -> Iterator[Triple]:
        """A local government's names and 団体コード, once, whether it publishes a list or is named in one."""
        if node.value + " names" in self.emitted:
            return
        self.emitted.add(node.value + " names")
        yield Triple(node, RDFS.label, ja(body.local_name))
        yield Triple(node, SKOS.prefLabel, ja(body.local_name))
        if body.kind != "prefecture":
            yield Triple(node, SKOS.altLabel, ja(body.full_name))
        yield Triple(node, DCTERMS.identifier, Literal(body.code))
        yield from identifiers.local_government_code(node, body.code)

    def fiscal_year(self, fy: int) -> Iterator[Triple]:
        """A fiscal year as the April–March interval it is."""
        node = self.iris.fiscal_year(fy)
        if self._shared(node):
            yield from self._typed(node, JKG.FiscalYear, TIME.ProperInterval)
            yield Triple(node, RDFS.label, ja(fiscal_year_label(fy)))
            yield Triple(node, RDFS.label, en(f"FY{fy}"))
            yield Triple(node, JKG.startDate, Literal(f"{fy}-04-01", datatype=XSD.date))
            yield Triple(node, JKG.endDate, Literal(f"{fy + 1}-03-31", datatype=XSD.date))
            # OWL-Time's own terms too, so that a time-aware client reads it without knowing jkg: its first and
            # last day as instants, hash IRIs the year's document describes
            for fragment, link, day in (
                ("start", TIME.hasBeginning, f"{fy}-04-01"),
                ("end", TIME.hasEnd, f"{fy + 1}-03-31"),
            ):
                instant = NamedNode(f"{node.value}#{fragment}")
                yield Triple(node, link, instant)
                yield Triple(instant, TYPE, TIME.Instant)
                yield Triple(instant, TIME.inXSDDate, Literal(day, datatype=XSD.date))

    def _action_plan(self, code: str, fiscal_year: int) -> Iterator[Triple]:
        scheme = self.iris.action_plan(code)
        if self._shared(scheme):
            info = self.registry.municipality(code)
            body = gazetteer().by_code(code)
            name = body.local_name if body else code
            yield from self._typed(scheme, SKOS.ConceptScheme, JKG.ActionPlan)
            yield Triple(scheme, SKOS.prefLabel, ja(info.action_plan_ja or f"{name}行政改革アクションプラン"))
            if info.action_plan_en:
                yield Triple(scheme, SKOS.prefLabel, en(info.action_plan_en))
            yield Triple(scheme, RDFS.label, ja(info.action_plan_ja or f"{name}行政改革アクションプラン"))
            yield Triple(scheme, DCTERMS.title, ja(info.action_plan_ja or f"{name}行政改革アクションプラン"))
            # The scheme is rebuilt from the items the lists cite: its version says which year's lists.
            yield Triple(scheme, OWL.versionInfo, Literal(f"FY{fiscal_year}の一覧が挙げる項目", language="ja"))
            yield Triple(scheme, DCTERMS.publisher, self.iris.local_government(code))

    def _unit(self, unit: Unit, parent: NamedNode | None, where: Row) -> Iterator[Triple]:
        node = self.iris.unit(unit.municipality, unit.path, unit.slug)
        if not self._shared(node):
            return
        yield from self._typed(node, UNIT_CLASSES[unit.kind], ORG.OrganizationalUnit, ORG.Organization)
        yield Triple(node, RDFS.label, ja(unit.ja))
        yield Triple(node, SKOS.prefLabel, ja(unit.ja))
        if unit.en:
            yield Triple(node, RDFS.label, en(unit.en))
        yield Triple(node, ORG.unitOf, self.iris.local_government(unit.municipality))
        yield Triple(self.iris.local_government(unit.municipality), ORG.hasUnit, node)  # followed from the top
        if parent is not None:
            yield Triple(node, ORG.subOrganizationOf, parent)
            yield Triple(parent, ORG.hasSubOrganization, node)

    def units(self, row: Row) -> Iterator[Triple | NamedNode]:
        """Every unit of every path the row's unit cell(s) name; yields the deepest unit of each path last."""
        for path in row.units:
            parent: NamedNode | None = None
            for level in range(len(path)):
                unit = self.registry.unit(row.municipality.code, path[: level + 1])
                yield from self._unit(unit, parent, row)
                parent = self.iris.unit(unit.municipality, unit.path, unit.slug)
            assert parent is not None
            yield parent

    def source(self, src: Source, fiscal_year: int) -> Iterator[Triple]:
        """The source document as a prov:Entity with its title, file name, sheet and checksum."""
        code = src.municipality.code
        doc = self.iris.source_document(code, fiscal_year, src.document)
        if self._shared(doc):
            yield from self._typed(doc, JKG.SourceDocument, PROV.Entity)
            yield Triple(doc, RDFS.label, Literal(src.title or src.document, language="ja"))
            yield Triple(doc, JKG.fileName, Literal(src.path.name))
            if src.sheet:
                yield Triple(doc, JKG.sheetName, Literal(src.sheet))
            yield Triple(doc, JKG.fiscalYear, year(fiscal_year))
            yield Triple(doc, JKG.encoding, Literal(src.encoding))
            yield Triple(doc, JKG.sha256, Literal(src.sha256))
            yield Triple(doc, DCTERMS.publisher, self.iris.local_government(code))

    def row(self, row: Row, src: Source, mentions: list[Mention]) -> list[Triple]:
        """The project, its sheet for the row's year, the source row, the units, and what its text mentions."""
        code = row.municipality.code
        self._code = code
        out: list[Triple] = []
        out.extend(self.municipality(row.municipality))
        out.extend(self.fiscal_year(row.fiscal_year))
        responsible: list[NamedNode] = []
        for item in self.units(row):
            if isinstance(item, NamedNode):
                responsible.append(item)
            else:
                out.append(item)
        out.extend(self.source(src, row.fiscal_year))
        since = self.projects.of(code, row.key, row.fiscal_year)
        project = self.iris.project(code, row.key, since)
        municipality = self.iris.local_government(code)
        core = [
            Triple(project, TYPE, JKG.Project),
            Triple(project, TYPE, PROV.Entity),
            Triple(project, DCTERMS.identifier, Literal(row.identifier)),
            Triple(project, JKG.municipality, municipality),
            Triple(municipality, JKG.runs, project),
        ]
        texts = (("name", row.name), ("purpose", row.purpose), ("overview", row.overview), ("results", row.results))
        self._fields = {f: ja(text) for f, text in texts if text}  # made once: the sheet's and its field texts'
        title = self._fields["name"] if "name" in self._fields else ja(row.name)
        label = Triple(project, RDFS.label, title)
        names = self.project_names.setdefault(project.value, set())
        if self._new(project):
            self.classes[JKG.Project.value] += 1
            self.by_municipality.setdefault(code, Counter())[JKG.Project.value] += 1
            out += core
        else:
            # Written with an earlier year's row; this row's validation batch still needs to see it.
            self.context.extend(core)
        if row.name in names:
            self.context.append(label)
        else:
            names.add(row.name)
            out.append(label)

        sheet = self.iris.sheet(code, row.key, row.fiscal_year)
        out.extend(self._typed(sheet, JKG.ProjectSheet, PROV.Entity))
        out += (
            Triple(sheet, PROV.specializationOf, project),
            Triple(project, JKG.sheet, sheet),
            Triple(sheet, RDFS.label, ja(f"{row.name}（{row.fiscal_year}年度）")),
            Triple(sheet, DCTERMS.title, title),
            Triple(sheet, JKG.fiscalYear, year(row.fiscal_year)),
            Triple(sheet, DCTERMS.temporal, self.iris.fiscal_year(row.fiscal_year)),
        )
        if row.evaluation_year is not None:
            out.append(Triple(sheet, JKG.evaluationYear, year(row.evaluation_year)))
        for unit in dict.fromkeys(responsible):
            out.append(Triple(sheet, JKG.responsibleUnit, unit))
        for name in ("purpose", "overview", "results"):
            if name in self._fields:
                out.append(Triple(sheet, FIELD_PROPERTIES[name], self._fields[name]))

        source_row = self.iris.source_row(code, row.fiscal_year, row.document, row.line)
        where = f"{src.path.name}[{row.sheet}] row {row.line}" if row.sheet else f"{src.path.name} line {row.line}"
        out.extend(self._typed(source_row, JKG.SourceRow, PROV.Entity))
        out += (
            Triple(source_row, RDFS.label, Literal(where)),
            Triple(source_row, DCTERMS.isPartOf, self.iris.source_document(code, row.fiscal_year, row.document)),
            Triple(source_row, JKG.lineNumber, integer(row.line)),
        )
        if row.serial is not None:
            out.append(Triple(source_row, JKG.serialNumber, integer(row.serial)))
        out.append(Triple(source_row, JKG.unitText, Literal(row.unit)))
        out.append(Triple(sheet, PROV.wasDerivedFrom, source_row))
        out.extend(self.cells(row, sheet))
        out.extend(figures.amounts(self, row, sheet))
        out.extend(figures.indicators(self, row, sheet))
        out.extend(concepts.coded(self, row, sheet))
        out.extend(concepts.policy(self, row, sheet))

        links: set[tuple[str, str]] = set()
        for mention in mentions:
            self._mention(out, mention, row, sheet, links)
        out.extend(concepts.legal_basis(self, row, sheet, links))
        return out

    def cells(self, row: Row, sheet: NamedNode) -> Iterator[Triple]:
        """Columns the model does not hold (extra), kept as raw cells of the sheet (header and value verbatim)."""
        for cell in row.cells:
            if cell.role != "extra" or not cell.value.strip():
                continue
            node = NamedNode(f"{sheet.value}/cell/{cell.column}")
            yield Triple(node, TYPE, JKG.RawCell)
            yield Triple(node, JKG.columnHeader, Literal(cell.header))
            yield Triple(node, RDF.value, Literal(cell.value))
            yield Triple(sheet, JKG.rawCell, node)

    def target(self, mention: Mention, code: str) -> NamedNode | None:
        """The IRI a mention in a list of municipality `code` links to (None for dates)."""
        if mention.category == "action_plan_item":
            return self.iris.action_plan_item(code, mention.notation)
        entity = mention.entity
        if entity is None:
            return None
        if entity.identifier and entity.category == "partner" and entity.type == "local-government":
            return self.iris.local_government(entity.identifier)  # 団体コード: the same resource in every list
        if entity.identifier and entity.category == "law":
            return self.iris.law(law_number_slug(entity.identifier))  # e-Gov 法令番号
        if entity.municipality and entity.category in ("plan", "law"):  # its own plan, 条例 or 規則
            own = self.iris.own_plan if entity.category == "plan" else self.iris.ordinance
            return own(entity.municipality, entity.slug if entity.registered else entity.canonical)
        mint = {
            "partner": self.iris.organization,
            "plan": self.iris.plan,
            "law": self.iris.law,
            "event": self.iris.event,
        }[mention.category]
        return mint(entity.slug)

    def _item(self, mention: Mention, item: NamedNode, code: str, fiscal_year: int) -> Iterator[Triple]:
        yield from self._action_plan(code, fiscal_year)
        if self._shared(item):
            yield from self._typed(item, JKG.ActionPlanItem, SKOS.Concept)
            yield Triple(item, SKOS.notation, Literal(mention.notation, datatype=JKG.ActionPlanItemNumber))
            yield Triple(item, SKOS.prefLabel, ja(mention.canonical))
            yield Triple(item, RDFS.label, ja(f"{mention.notation} {mention.canonical}"))
            yield Triple(item, SKOS.inScheme, self.iris.action_plan(code))
            yield Triple(self.iris.action_plan(code), SKOS.hasTopConcept, item)
            yield Triple(item, SKOS.topConceptOf, self.iris.action_plan(code))
            self.item_labels[item.value] = {mention.canonical}
        elif mention.canonical and mention.canonical not in self.item_labels[item.value]:
            self.item_labels[item.value].add(mention.canonical)
            yield Triple(item, SKOS.altLabel, ja(mention.canonical))

    def _entity(self, entity: Entity, node: NamedNode) -> Iterator[Triple]:
        lg = entity.type == "local-government" and entity.identifier
        body = gazetteer().by_code(entity.identifier) if lg else None
        if body is not None:  # a local government named as a partner: the same node as when it publishes a list
            self.shared_nodes.add(node.value)
            if node.value + " partner" not in self.emitted:
                self.emitted.add(node.value + " partner")
                yield from self._typed(node, *ENTITY_CLASSES["partner"], JKG.LocalGovernment)
                yield from self._names(node, body)
            return
        if not self._shared(node):
            return
        classes: tuple[NamedNode, ...] = ENTITY_CLASSES[entity.category]
        if entity.category == "partner":
            classes = (*classes, PARTNER_TYPES.get(entity.type, JKG.PartnerBody))
        if entity.category == "law" and entity.municipality:  # a local government's own 条例, 規則 or 要綱
            classes = (JKG.Ordinance, *classes)
            yield Triple(node, DCTERMS.publisher, self.iris.local_government(entity.municipality))
        yield from self._typed(node, *dict.fromkeys(classes))  # a partner of no known type is a PartnerBody once
        yield Triple(node, RDFS.label, ja(entity.canonical))
        yield Triple(node, SKOS.prefLabel, ja(entity.canonical))
        if entity.en:
            yield Triple(node, RDFS.label, en(entity.en))
        for alias in entity.aliases:
            yield Triple(node, SKOS.altLabel, ja(alias))
        if entity.identifier:  # the 法令番号 the IRI was minted from
            yield Triple(node, DCTERMS.identifier, Literal(entity.identifier))
            yield from identifiers.law_number(node, entity.identifier)
        if not entity.registered:
            yield Triple(node, JKG.curated, Literal("false", datatype=XSD.boolean))

    def _mention(
        self,
        out: list[Triple],
        mention: Mention,
        row: Row,
        sheet: NamedNode,
        links: set[tuple[str, str]],
        target: NamedNode | None = None,
    ) -> None:
        """The linked resource, the sheet's direct link, and the mention as a flattened Web Annotation (appended
        to `out`: a mention is some twenty triples, and a list is cheaper than a generator per triple)."""
        code = row.municipality.code
        target = target or self.target(mention, code)
        if mention.category == "action_plan_item" and target is not None:
            out.extend(self._item(mention, target, code, row.fiscal_year))
        elif mention.entity is not None and target is not None:
            out.extend(self._entity(mention.entity, target))
        link = LINK_PROPERTIES.get(mention.category)
        if link is not None and target is not None and (link.value, target.value) not in links:
            links.add((link.value, target.value))
            out.append(Triple(sheet, link, target))
        node = self.iris.mention(code, row.key, row.fiscal_year, mention.field, mention.start, mention.category)
        cls = MENTION_CLASSES[mention.category]
        out += (
            Triple(node, TYPE, OA.Annotation),
            Triple(node, TYPE, cls),
            Triple(sheet, DCTERMS.isReferencedBy, node),  # so that a crawler reaches every annotation
        )
        if target is not None:
            out.append(Triple(node, OA.hasBody, target))
        start, end = annotation.integer(mention.start), annotation.integer(mention.end)
        surface = Literal(mention.surface)
        self._web_annotation(out, node, mention, row, sheet, surface)
        out += (
            Triple(node, JKG.textField, FIELD_PROPERTIES[mention.field]),
            Triple(node, JKG.start, start),
            Triple(node, JKG.end, end),
            Triple(node, JKG.exact, surface),
        )
        if mention.corrected:
            out.append(Triple(node, JKG.correctedText, Literal(mention.corrected)))
        if mention.category == "date":
            out.extend(date_value(node, mention.value))
        self.classes[cls.value] += 1
        self.by_municipality.setdefault(code, Counter())[cls.value] += 1

    def _web_annotation(
        self, out: list[Triple], node: NamedNode, mention: Mention, row: Row, sheet: NamedNode, surface: Literal
    ) -> None:
        """The mention's target as the Web Annotation model has it: a span of the field's text, a resource of its
        own (written once per sheet and field), found by position and by quote; made by this release."""
        text = field_value(row, mention.field)
        source = self.iris.field_text(sheet, mention.field)
        if self._texts[0] != sheet.value:
            self._texts = (sheet.value, set())
        if mention.field not in self._texts[1]:
            self._texts[1].add(mention.field)
            value = self._fields.get(mention.field)
            value = value if value is not None and value.value == text else ja(text)
            out.extend(annotation.field_text(source, sheet, FIELD_PROPERTIES[mention.field], value))
        else:
            self.context.append(Triple(source, TYPE, JKG.FieldText))  # for this row's validation batch
        if self._agent is None:
            self._agent, about = annotation.software(self.iris)
            if self._new(self._agent):
                out += about
        if self._created[0] != self.created:
            self._created = (self.created, Literal(self.created, datatype=XSD.dateTime) if self.created else None)
        exact = surface if surface.value == text[mention.start : mention.end] else None
        out += annotation.annotation(
            node, source, text, mention.start, mention.end, self._agent, self._created[1], exact
        )


def field_value(row: Row, name: str) -> str:
    """The verbatim text of one of a row's fields, as its mentions' offsets count it (the legal basis: its
    first cell's text, stripped, as the sheet's jkg:legalBasisText)."""
    if name == "legal_basis":
        cells = (c.value.strip() for c in row.cells if c.role == "legal_basis" and not no_value(c.value))
        return next(cells, "")
    value = getattr(row, name, "")
    return value if isinstance(value, str) else ""


def date_value(node: NamedNode, value: str) -> Iterator[Triple]:
    """A date mention's value: a point (xsd:date, xsd:gYearMonth) or an interval (ISO 8601 start/end), also as
    the annotation's body (oa:bodyValue)."""
    literal = Literal(value)
    yield Triple(node, JKG.isoValue, literal)
    yield Triple(node, OA.bodyValue, literal)
    if "/" in value:
        start, end = value.split("/")
        yield Triple(node, JKG.startDate, _date_literal(start))
        yield Triple(node, JKG.endDate, _date_literal(end))
    else:
        yield Triple(node, JKG.date, _date_literal(value))


def _date_literal(value: str) -> Literal:
    kind = {10: XSD.date, 7: XSD.gYearMonth, 4: XSD.gYear}[len(value)]
    return Literal(value, datatype=kind)


UNIT_CLASSES = {"department": JKG.Department, "division": JKG.Division, "section": JKG.Section}
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
FIELD_PROPERTIES = {
    "name": DCTERMS.title,
    "purpose": JKG.purpose,
    "overview": JKG.overview,
    "results": JKG.results,
    "legal_basis": JKG.legalBasisText,
}
