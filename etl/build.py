"""build(): read ─▶ normalise ─▶ extract ─▶ map ─▶ validate ─▶ publish, streaming row by row.

Each step is a function below; build() calls them in that order. Rows stream through read, extract and map
into a staged N-Triples file (and the search index), while batches of them are validated in worker processes.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from pyoxigraph import RdfFormat, Triple, serialize
from tqdm import tqdm

from jkg import __version__, layout, namespace, resources
from jkg.etl import concepts, identifiers, memory, projects, publish, search, staging
from jkg.etl import registry as registry_mod
from jkg.etl.cells import placeholder_warnings, zero_columns
from jkg.etl.errors import DataError, Problem
from jkg.etl.extract import Extractor, Mention, row_mentions
from jkg.etl.mapping import Mapper
from jkg.etl.read import Row, Source, open_source, read_rows
from jkg.etl.validate import BatchValidator, Violation, constrained_predicates, shapes_graph, violations
from jkg.iris import Iris
from jkg.layout import BuildFolder
from jkg.municipalities import LocalGovernment, gazetteer
from jkg.vocab import JKG_NS


class ValidationFailed(Exception):
    """The graph does not conform to the shapes; nothing was published."""

    def __init__(self, found: list[Violation], report: dict[str, Any]) -> None:
        super().__init__(f"{len(found)} SHACL violation(s)")
        self.violations = found
        self.report = report


class Writer(Protocol):
    """Where Batches writes: staging.Staged, or a parallel build's part (parallel.SplitWriter)."""

    def add(self, quads: bytes, triples: bytes) -> None:
        """The same whole statements as N-Quads and as N-Triples."""


@dataclass
class Batches:
    """Writes triples to its Writer and hands batches of rows, with the shared resources, to validation.

    A row's triples (and its context) are serialized once, as N-Triples; everything else is read off those
    lines (pyoxigraph's N-Triples writer puts one statement per line, in the order given, its terms separated by
    one space: an IRI holds no space and a literal's line breaks are escaped): each line's subject, which says
    its named graph and whether it is a shared resource's, its predicate, which says whether validation needs
    it, and its object, which says what a batch must hold for its nodes to be validated as in the whole graph.

    A batch holds its rows' lines and those shared resources, with all their lines so far, that its nodes' results
    can depend on. The shapes' paths are single predicates, sh:class looks at a value's rdf:type, and the lines
    of a shared resource that validation sees name only other shared resources (tests/test_validation_batches.py
    checks this of the mapping). So a batch holds each shared resource new or with new lines in it, each one its
    own lines name, and every shared resource those name, and so on. Each node is then validated with everything
    its result depends on, and each shared resource in every state it takes: the batches together report what
    the whole graph does, and a batch does not grow with the number of lists built before it."""

    out: Writer
    validator: BatchValidator
    batch_rows: int
    graph_end: Callable[[bytes], bytes]  # an N-Triples subject (<…>) → the end of its N-Quads line: <graph> .
    checked: frozenset[str] = frozenset()  # predicates validation needs; empty: all
    links: identifiers.OutwardLinks | None = None  # counts the outward links of what is written (linksets)
    shared: dict[bytes, list[bytes]] = field(default_factory=dict)  # a shared resource (<iri>) → its lines
    shared_locations: dict[str, str] = field(default_factory=dict)
    batch: list[bytes] = field(default_factory=list)
    locations: dict[str, str] = field(default_factory=dict)
    _names: dict[bytes, set[bytes]] = field(default_factory=dict)  # a shared resource → the IRIs its lines name
    _changed: set[bytes] = field(default_factory=set)  # shared resources new or with new lines in this batch
    _named: set[bytes] = field(default_factory=set)  # the IRIs this batch's own lines name
    rows: int = 0
    triples: int = 0
    graphs: Counter[bytes] = field(default_factory=Counter)  # the end of an N-Quads line (<graph> .) → triples
    _checked_terms: frozenset[bytes] = field(init=False, default=frozenset())

    def __post_init__(self) -> None:
        self._checked_terms = frozenset(f"<{p}>".encode() for p in self.checked)

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph of the data, by graph IRI."""
        return graph_counts(self.graphs)

    def add(
        self,
        triples: Sequence[Triple],
        shared_nodes: set[str],
        where: str | None = None,
        context: list[Triple] | None = None,
    ) -> None:
        """Append one row's triples (or shared triples when where is None); context is validated, not written.
        The row's own triples are written before the shared resources' (each part in the order given)."""
        if self.links is not None:
            self.links.add(triples)
        data = serialize([*triples, *context] if context else triples, format=RdfFormat.N_TRIPLES) or b""
        lines = data.split(b"\n")
        del lines[-1]  # after the last line break
        context_lines = lines[len(triples) :]
        del lines[len(triples) :]
        subjects = [line[: line.index(b" ")] for line in lines]
        shared = self._shared_subjects(subjects, shared_nodes, where)
        if shared:
            parts = [
                [line for line, s in zip(lines, subjects, strict=True) if s not in shared],
                [line for line, s in zip(lines, subjects, strict=True) if s in shared],
            ]
            subjects = [s for s in subjects if s not in shared] + [s for s in subjects if s in shared]
            lines = parts[0] + parts[1]
        if lines:
            ends = [self.graph_end(s) for s in subjects]
            self.graphs.update(ends)
            quads = b"".join([line[:-1] + end for line, end in zip(lines, ends, strict=True)])
            self.out.add(quads, b"\n".join(lines) + b"\n")
            self.triples += len(lines)
        if shared:
            self._validate(parts[0])
            self._share(parts[1])
        else:
            self._validate(lines)
        self._validate(context_lines)
        if where is not None:
            self.rows += 1
            if self.rows % self.batch_rows == 0:
                self.flush(last=False)

    def _shared_subjects(self, subjects: list[bytes], shared_nodes: set[str], where: str | None) -> set[bytes]:
        """The subjects among a row's that are shared resources; each subject's first row noted (where)."""
        shared = set()
        for subject in dict.fromkeys(subjects):
            iri = subject[1:-1].decode("utf-8") if subject.startswith(b"<") else ""
            if not iri:
                continue
            is_shared = iri in shared_nodes
            if is_shared:
                shared.add(subject)
            if where is not None:
                (self.shared_locations if is_shared else self.locations).setdefault(iri, where)
        return shared

    def _checked(self, lines: list[bytes]) -> list[bytes]:
        """The lines validation needs: those of a checked predicate (or all)."""
        checked = self._checked_terms
        return [line for line in lines if _predicate(line) in checked] if checked else lines

    def _validate(self, lines: list[bytes]) -> None:
        """A row's own lines (or its context) that validation needs into the batch, with the IRIs they name."""
        lines = self._checked(lines)
        if not lines:
            return
        chunk = b"\n".join(lines) + b"\n"
        self._named.update(_IRI_OBJECT.findall(chunk))
        self.batch.append(chunk)

    def _share(self, lines: list[bytes]) -> None:
        """Shared resources' lines that validation needs, kept by resource, with the IRIs each names."""
        for line in self._checked(lines):
            subject, kept = line[: line.index(b" ")], line + b"\n"
            self.shared.setdefault(subject, []).append(kept)
            self._changed.add(subject)
            self._names.setdefault(subject, set()).update(_IRI_OBJECT.findall(kept))

    def _shared_needed(self) -> list[bytes]:
        """The shared resources the pending batch must hold (the class docstring says which), in a fixed order."""
        needed: set[bytes] = set()
        stack = [*self._changed, *self._named]
        while stack:
            node = stack.pop()
            if node in needed or node not in self.shared:
                continue
            needed.add(node)
            stack.extend(self._names.get(node, ()))
        return sorted(needed)

    def flush(self, *, last: bool) -> None:
        """Send the pending batch (with the shared resources it needs) to validation."""
        if not self.batch and not last:
            return
        needed = self._shared_needed()
        data = b"".join(line for node in needed for line in self.shared[node]) + b"".join(self.batch)
        where = self.shared_locations
        located = {iri: where[iri] for iri in (node[1:-1].decode("utf-8") for node in needed) if iri in where}
        self.validator.submit(data, {**located, **self.locations}, last=last)
        self.batch, self.locations = [], {}
        self._changed, self._named = set(), set()


# A line's object when it is an IRI: the last term, after a space (a datatype IRI follows ^^), before " .". No
# literal holds a line break (they are escaped), and an IRI holds no space.
_IRI_OBJECT = re.compile(rb" (<[^ ]*>) \.\n")


def _predicate(line: bytes) -> bytes:
    """The predicate of a line of pyoxigraph's N-Triples."""
    start = line.index(b" ") + 1
    return line[start : line.index(b" ", start)]


def graph_counts(graphs: Counter[bytes]) -> dict[str, int]:
    """Triples per named graph, by graph IRI, from their counts by the end of an N-Quads line (`<graph> .`)."""
    return {end[1:-4].decode("utf-8"): n for end, n in sorted(graphs.items())}


def graph_end(iris: Iris) -> Callable[[bytes], bytes]:
    """For an N-Triples subject term, the end of the N-Quads line that puts it in its named graph (cached: a
    row's subjects repeat)."""

    @lru_cache(maxsize=8192)
    def end(subject: bytes) -> bytes:
        iri = subject[1:-1].decode("utf-8") if subject.startswith(b"<") else ""
        return b"<" + iris.graph_of(iri).value.encode("utf-8") + b"> .\n"

    return end


def check_unique(row: Row, seen: dict[tuple[str, ...], Row]) -> list[Problem]:
    """The same key twice in one municipality and fiscal year, or the same 通し番号 twice in one list, is an
    error naming both rows."""
    problems = []
    code = row.municipality.code
    key_label = row.key_header or "the key"
    checks = [
        ("E-DUPLICATE-NUMBER", key_label, (code, str(row.fiscal_year), row.key), f"each project its own {key_label}")
    ]
    if row.serial is not None:
        checks.append(
            ("E-DUPLICATE-SERIAL", "通し番号", ("serial", row.document, str(row.serial)), "each row its own 通し番号")
        )
    for code_name, label, slot, advice in checks:
        first = seen.setdefault(slot, row)
        if first is not row:
            value = row.identifier if code_name == "E-DUPLICATE-NUMBER" else str(row.serial)
            problems.append(
                Problem(
                    code_name,
                    row.file,
                    row.line,
                    1,
                    value,
                    f"{label} {value} appears twice in FY{row.fiscal_year} of {row.municipality.local_name}: "
                    f"{first.file} {'row' if first.sheet else 'line'} {first.line} and "
                    f"{row.file} {'row' if row.sheet else 'line'} {row.line}; give {advice}",
                    row.sheet,
                )
            )
    return problems


@dataclass(frozen=True)
class ReadOptions:
    """What the user said about the lists: forced encoding, fiscal year, municipality, sheet, mapping file.

    Fiscal years, municipalities and mapping files are given once for every list or once per list, in order."""

    fiscal_year: tuple[int, ...] = ()
    encoding: str | None = None
    municipality: tuple[LocalGovernment, ...] = ()
    sheet: str | None = None
    mapping: tuple[Path, ...] = ()
    crosswalk: Path | None = None

    def for_source(self, i: int, n: int) -> tuple[int | None, LocalGovernment | None, Path | None]:
        """The fiscal year, municipality and mapping file of the i-th of n lists."""

        def pick(values: tuple[Any, ...], what: str) -> Any:
            if not values:
                return None
            if len(values) == 1:
                return values[0]
            if len(values) != n:
                raise ValueError(f"{what} is given {len(values)} times for {n} lists: give it once, or once per list")
            return values[i]

        return (
            pick(self.fiscal_year, "--fiscal-year"),
            pick(self.municipality, "--municipality"),
            pick(self.mapping, "--mapping"),
        )


@dataclass
class Recipe:
    """What the steps of one build share: its IRIs, the curated registries, the extractor and the mapper."""

    iris: Iris
    registry: registry_mod.Registry
    extractor: Extractor
    mapper: Mapper
    problems: list[Problem] = field(default_factory=list)
    cleaned: list[Problem] = field(default_factory=list)  # what reading cleaned: warnings
    sources: list[Source] = field(default_factory=list)
    placeholders: dict[int, dict[int, int]] = field(default_factory=dict)  # list → all-zero money columns
    dataset: publish.DatasetOptions = field(default_factory=lambda: publish.DatasetOptions())


def prepare(base_iri: str) -> Recipe:
    """The build's IRIs, registries (data/registry/), extractor and mapper."""
    iris = Iris(base_iri)
    registry = registry_mod.load(resources.registry_dir())
    entities = registry_mod.load_entities(resources.registry_dir() / "entities.toml")
    # One extractor serves every municipality's lists: row_mentions() applies the rules of each row's own
    # municipality (Extractor.of); つくば市, the bundled list's, is only its default.
    default = gazetteer().by_code("082201")
    assert default is not None
    return Recipe(iris, registry, Extractor(entities, default), Mapper(iris, registry, entities=entities))


def _open(recipe: Recipe, path: Path, options: ReadOptions, i: int, n: int) -> Source:
    fiscal_year, municipality, mapping = options.for_source(i, n)
    src = open_source(
        Path(path),
        encoding=options.encoding,
        fiscal_year=fiscal_year,
        municipality=municipality,
        sheet=options.sheet,
        mapping=mapping,
    )
    src.unit_override = recipe.registry.override
    return src


def index_projects(recipe: Recipe, paths: Sequence[Path], options: ReadOptions) -> None:
    """A first pass over every list: which sheets are one project (projects.py), and which money columns are
    all-zero placeholders (cells.py)."""
    titles: dict[tuple[str, str], dict[int, str]] = {}
    for i, path in enumerate(paths):
        src = _open(recipe, path, options, i, len(paths))
        cells = []
        for row in read_rows(src):
            titles.setdefault((row.municipality.code, row.key), {}).setdefault(row.fiscal_year, row.name)
            cells.append(row.cells)
        recipe.placeholders[i] = zero_columns(src.columns, cells)
    crosswalk = projects.load_crosswalk(options.crosswalk) if options.crosswalk else {}
    recipe.mapper.projects = projects.decide(titles, crosswalk)


def read(recipe: Recipe, paths: Sequence[Path], options: ReadOptions) -> Iterator[tuple[Source, Row]]:
    """read ▸ normalise: every row of every list, its cells normalised (keys parsed, units split into their
    hierarchy); row problems and duplicate keys are collected in recipe.problems, structural failures raise
    InputError."""
    seen: dict[tuple[str, ...], Row] = {}
    for i, path in enumerate(paths):
        src = _open(recipe, path, options, i, len(paths))
        src.placeholders = recipe.placeholders.get(i, {})
        src.warnings.extend(placeholder_warnings(src))
        recipe.sources.append(src)
        for row in read_rows(src):
            duplicates = check_unique(row, seen)
            recipe.problems.extend(duplicates)
            if not duplicates:
                yield src, row
        recipe.problems.extend(src.problems)
        recipe.cleaned.extend(src.table.cleaned + src.warnings)


def extract(recipe: Recipe, rows: Iterable[tuple[Source, Row]]) -> Iterator[tuple[Source, Row, list[Mention]]]:
    """extract: the partners, plans, laws, events, dates and action-plan items each row's text mentions."""
    for src, row in rows:
        yield src, row, row_mentions(recipe.extractor, row)


def map_rows(recipe: Recipe, rows: Iterable[tuple[Source, Row, list[Mention]]]) -> Iterator[tuple[Row, list[Triple]]]:
    """map: each row's triples (its project, sheet, source row, units, and the resources its mentions name)."""
    for src, row, mentions in rows:
        yield row, recipe.mapper.row(row, src, mentions)


def stage(
    recipe: Recipe, rows: Iterable[tuple[Row, list[Triple]]], batches: Batches, index: search.IndexWriter, bar: Any
) -> None:
    """Write each row's triples to the staged N-Triples file and the search index; hand batches of rows (with
    every shared resource) to validation. Row problems stop the build before anything is published."""
    for row, triples in rows:
        index.add(triples)
        batches.add(triples, recipe.mapper.shared_nodes, f"{row.file}:{row.line}", recipe.mapper.take_context())
        bar.update()
    if recipe.problems:
        raise DataError(recipe.problems)
    batches.flush(last=True)


def validate(validator: BatchValidator, report: dict[str, Any]) -> None:
    """validate: wait for every batch; any SHACL violation stops the build (nothing is published)."""
    found = [v for v in dict.fromkeys(validator.finish()) if v.severity == "Violation"]
    report["validation"] = {"validator": validator.validator, "batches": validator.batches, "violations": len(found)}
    if found:
        raise ValidationFailed(found, report)


def source_record(s: Source) -> dict[str, Any]:
    """The report's account of one list that was read."""
    return {
        "file": s.path.name,
        "sheet": s.sheet or None,
        "document": s.document,
        "encoding": s.encoding,
        "line_ends": s.table.line_ends or None,
        "municipality": s.municipality.code,
        "municipality_from": s.municipality_from,
        "fiscal_year": s.fiscal_year,
        "fiscal_year_from": s.year_from,
        "years": sorted(s.years),
        "evaluation_year": s.evaluation_year,
        "title": s.title,
        "page": s.page or None,
        "columns": [{"header": c.header, "role": c.role} for c in s.columns],
        "sha256": s.sha256,
        "rows": s.rows,
    }


def describe_input(recipe: Recipe, batches: Batches, report: dict[str, Any]) -> None:
    """The report's account of what was read and made: sources, rows, resources per class, warnings."""
    report.update(
        sources=[source_record(s) for s in recipe.sources],
        municipalities={
            code: dict(counts.most_common()) for code, counts in sorted(recipe.mapper.by_municipality.items())
        },
        rows=batches.rows,
        classes=dict(Counter(recipe.mapper.classes).most_common()),
        warnings=[str(p) for p in recipe.cleaned] + recipe.mapper.projects.warnings + recipe.mapper.warnings,
    )


def publish_build(
    recipe: Recipe,
    out: Path,
    folder: Path,
    index: search.IndexWriter,
    report: dict[str, Any],
    started: float,
    links: identifiers.OutwardLinks,
    staged: staging.Staged,
) -> None:
    """publish: the store (filled while staging) and the search index finished side by side, the dumps
    (written while staging) listed, the checked dataset description and the report; then the build is swapped
    in as out/current."""
    timings = report["timings"]
    mark = time.monotonic()
    vocabulary = sorted(resources.ontology_dir().glob("*.ttl"))
    # The vocabulary loads and the store is compacted in a thread while SQLite builds the index in another
    # (both release the GIL).
    with ThreadPoolExecutor(max_workers=2) as loading:
        indexing = loading.submit(index.finish)
        disk = loading.submit(staging.finish_store, staged.store, recipe.iris, vocabulary)
        report["dumps"] = publish.write_dumps(folder, recipe.iris.base)
        timings["dumps"] = round(time.monotonic() - mark, 3)
        store = disk.result()
        report["search"] = {"file": layout.INDEX, "texts": indexing.result()}
    timings["store"] = round(time.monotonic() - mark, 3)
    description = publish.describe(recipe.iris, recipe.registry, report, report["dumps"], recipe.dataset)
    meta_violations = [v for v in violations(_as_rdflib(description)) if v.severity == "Violation"]
    if meta_violations:
        raise ValidationFailed(meta_violations, report)
    publish.write_description(store, folder, recipe.iris, description, links.counts)
    del store
    report["seconds"] = round(time.monotonic() - started, 3)
    publish.write_report(folder, report)
    publish.swap(out, folder)


def build(
    sources: Sequence[Path],
    out: Path,
    base_iri: str,
    *,
    options: ReadOptions | None = None,
    dataset: publish.DatasetOptions | None = None,
    batch_rows: int = 2000,
    workers: int = 2,
    jobs: int = 1,
    progress: bool = False,
    validate_with: str = "native",
) -> dict[str, Any]:
    """Build, validate and publish the graph of the given lists into out/current; return the report. With
    jobs > 1, lists of several municipalities are built in that many processes (etl/parallel.py)."""
    started = time.monotonic()
    memory.give_back_large_blocks()  # before the validation pool and the parts are forked: they inherit it
    options = options or ReadOptions()
    recipe = prepare(base_iri)
    recipe.dataset = dataset or publish.DatasetOptions()
    shapes_graph()  # parse shapes before forking the validation pool
    built_at = publish.now()
    report: dict[str, Any] = {
        "version": __version__,
        "built_at": publish.xsd_datetime(built_at),
        "base_iri": base_iri,
        namespace.REPORT_KEY: JKG_NS,  # the process's (jkg.namespace): what a server of this build must use
    }
    recipe.mapper.created = report["built_at"]  # the annotations' dcterms:created
    report["timings"] = timings = {}
    lock = publish.BuildLock(out)  # a second build into `out` is refused, never interleaved
    folder = publish.stage(out, built_at)  # builds/<its start to the microsecond>.partial
    validator = BatchValidator(workers, validate_with)
    index = search.IndexWriter(BuildFolder(folder).index)
    links = identifiers.OutwardLinks(recipe.iris)
    staged: staging.Staged | None = None
    try:
        if jobs > 1 and len(sources) > 1:
            from jkg.etl import parallel  # it builds on this module's steps

            staged = staging.Staged(folder)
            parallel.build_parts(
                recipe, list(sources), options, folder, staged, index, links, report,
                jobs=jobs, batch_rows=batch_rows, progress=progress, validate_with=validate_with,
                validated_by=validator.validator,
            )  # fmt: skip
            staged.close()
            publish_build(recipe, out, folder, index, report, started, links, staged)
            return report
        staged = staging.Staged(folder)
        with staged, tqdm(unit=" rows", disable=not progress, desc="build") as bar:
            batches = Batches(staged, validator, batch_rows, graph_end(recipe.iris), constrained_predicates(), links)
            index_projects(recipe, sources, options)
            rows = read(recipe, sources, options)
            stage(recipe, map_rows(recipe, extract(recipe, rows)), batches, index, bar)
        timings["read_map"] = round(time.monotonic() - started, 3)
        describe_input(recipe, batches, report)
        mark = time.monotonic()
        validate(validator, report)
        timings["validate"] = round(time.monotonic() - mark, 3)
        report["triples"] = batches.triples
        report["graphs"] = batches.graph_counts()
        publish_build(recipe, out, folder, index, report, started, links, staged)
        return report
    except BaseException:
        validator.cancel()
        index.cancel()
        if staged is not None:
            staged.cancel()
        publish.discard(folder)
        raise
    finally:
        lock.release()


def _as_rdflib(triples: list[Triple]) -> Any:
    import rdflib

    g = rdflib.Graph()
    g.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES) or b"", format="nt")
    return g


def extract_mentions(
    sources: Sequence[Path], base_iri: str, *, options: ReadOptions | None = None
) -> Iterator[dict[str, Any]]:
    """Every mention the build would link, as records (the same read and extract steps and IRIs as build())."""
    recipe = prepare(base_iri)
    rows = read(recipe, sources, options or ReadOptions())
    for _src, row, mentions in extract(recipe, rows):
        located = [(m, recipe.mapper.target(m, row.municipality.code)) for m in mentions]
        located += list(concepts.legal_mentions(recipe.mapper, row))
        for m, target in located:
            yield {
                "municipality": row.municipality.code,
                "fiscal_year": row.fiscal_year,
                "project_number": row.identifier,
                "serial": row.serial,
                "category": m.category,
                "surface": m.surface,
                "canonical": m.notation if m.category == "action_plan_item" else m.canonical or m.value,
                "type": m.entity.type if m.entity else "",
                "identifier": m.entity.identifier or None if m.entity else None,
                "field": m.field,
                "start": m.start,
                "end": m.end,
                "iri": target.value if target is not None else None,
                "value": m.value or None,
                "corrected": m.corrected or None,
                "file": row.file,
                "line": row.line,
                "rule": m.rule,
                "evidence": m.evidence,
            }
    if recipe.problems:
        raise DataError(recipe.problems)
