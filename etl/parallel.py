"""Build many municipalities' lists in parallel processes (`jkg build --jobs N`), one municipality at a time each.

Every list is first opened in the pool to learn whose it is; then each municipality's lists (in their order on the
command line) are read, extracted, mapped and validated by one process, exactly as build() does, into a part:
its own N-Quads file, its search-index rows and its report. Everything under the municipality's own IRIs (units,
projects, sheets, sources, schemes, action plan) is made by that process alone; what other municipalities' lists
can name too (the shared authorities, local governments named as partners, fiscal years, plans and ordinances,
the software) goes to a second file, whose lines the parent writes once, the first time it sees them. The parent
merges the parts in municipality order as they finish, so the published build is the same whatever N, and its
memory is bounded by one municipality's lists (a process's state is dropped after each), not by their number.
"""

from __future__ import annotations

import os
import re
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import IO, Any

from pyoxigraph import NamedNode, RdfFormat, Triple, parse
from tqdm import tqdm

from jkg.etl import build as b
from jkg.etl import identifiers, search, staging
from jkg.etl.errors import DataError, Problem
from jkg.etl.extract import row_mentions
from jkg.etl.mapping import Mapper
from jkg.etl.validate import BatchValidator, Violation, _exit_with_parent, constrained_predicates, locate
from jkg.iris import Iris
from jkg.vocab import TYPE

# The parts of a municipality's IRI space (id/lg/{code}/…) that only its own lists make.
OWN_SEGMENTS = "org|project|source|action-plan|scheme|policy|amounts|indicators"


class Ownership:
    """Whether a triple is the municipality's own (made by its lists alone): its subject in the municipality's own
    IRI space, or the municipality linking into it (org:hasUnit, jkg:runs)."""

    def __init__(self, iris: Iris, code: str) -> None:
        lg = iris.local_government(code).value
        self._lg, self._lg_term = lg, f"<{lg}>".encode()
        own = re.escape(lg) + f"/(?:{OWN_SEGMENTS})(?:[/>]|$)"
        self._own = re.compile(own)
        self._own_term = re.compile(b"<" + own.encode())

    def subject(self, iri: str) -> bool:
        """A resource of the municipality's own IRI space."""
        return self._own.match(iri) is not None

    def triple(self, t: Triple) -> bool:
        subject = t.subject.value if isinstance(t.subject, NamedNode) else ""
        if subject == self._lg:
            return isinstance(t.object, NamedNode) and self.subject(t.object.value)
        return self.subject(subject)

    def line(self, line: bytes) -> bool:
        """The same test on a line of N-Quads (pyoxigraph's: one space between terms, an IRI holds none)."""
        if self._own_term.match(line):
            return True
        if line.startswith(self._lg_term + b" "):
            after_predicate = line.index(b" ", len(self._lg_term) + 1) + 1
            return self._own_term.match(line, after_predicate) is not None
        return False


class SplitWriter:
    """Where build.Batches writes a part's N-Quads: each line to the part's own file or to its shared file."""

    def __init__(self, own: IO[bytes], shared: IO[bytes], ownership: Ownership) -> None:
        self.own, self.shared, self.ownership = own, shared, ownership
        self.shared_lines = 0
        self.shared_graphs: Counter[bytes] = Counter()

    def add(self, quads: bytes, triples: bytes) -> None:
        """The N-Quads lines, split (a part's N-Triples are not kept: the parent stages the merged N-Quads)."""
        for line in quads.splitlines(keepends=True):
            if self.ownership.line(line):
                self.own.write(line)
            else:
                self.shared.write(line)
                self.shared_lines += 1
                self.shared_graphs[line[line.rindex(b" <", 0, -3) + 1 :]] += 1


class InlineValidator(BatchValidator):
    """Validates each batch at once in this process (a part's process is one of the build's N)."""

    def submit(self, data: bytes, locations: dict[str, str], *, last: bool = False) -> None:
        self.batches += 1
        self.results.extend(locate(self.run(data), locations))


@dataclass
class PartMapper(Mapper):
    """A Mapper that counts the resources of other municipalities' IRI spaces apart (`foreign`, with the class
    it counts them under), so that the parent counts each once, for the first municipality that made it."""

    ownership: Ownership | None = None
    foreign: list[tuple[str, str]] = field(default_factory=list)

    def _typed(self, node: NamedNode, *classes: NamedNode) -> Iterator[Triple]:
        assert self.ownership is not None
        if self.ownership.subject(node.value):
            yield from super()._typed(node, *classes)
            return
        self.foreign.append((node.value, classes[0].value))
        for cls in classes:
            yield Triple(node, TYPE, cls)


@dataclass(frozen=True)
class Part:
    """One municipality's lists, to build in one process: (position on the command line, path) each."""

    number: int
    code: str
    lists: tuple[tuple[int, Path], ...]
    total: int  # lists in the whole build (per-list options are given for each of them)
    folder: Path
    base_iri: str
    options: b.ReadOptions
    created: str
    batch_rows: int
    validator: str = "native"  # jkg build --validator


@dataclass
class PartResult:
    """What a part's process made: its files, counts, sources, problems and violations."""

    part: Part
    own: Path
    shared: Path
    index: Path
    own_triples: int = 0
    own_graphs: Counter[bytes] = field(default_factory=Counter)
    own_links: Counter[str] = field(default_factory=Counter)  # outward links of its own triples, by predicate
    rows: int = 0
    classes: Counter[str] = field(default_factory=Counter)
    by_municipality: dict[str, Counter[str]] = field(default_factory=dict)
    foreign: list[tuple[str, str]] = field(default_factory=list)
    sources: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    batches: int = 0


def _per_list(values: tuple[Any, ...], indices: list[int], total: int) -> tuple[Any, ...]:
    return tuple(values[i] for i in indices) if len(values) == total and total > 1 else values


def part_options(options: b.ReadOptions, indices: list[int], total: int) -> b.ReadOptions:
    """The options of some of the lists (those given once per list picked for them)."""
    return replace(
        options,
        fiscal_year=_per_list(options.fiscal_year, indices, total),
        municipality=_per_list(options.municipality, indices, total),
        mapping=_per_list(options.mapping, indices, total),
    )


def whose(path: Path, i: int, total: int, base_iri: str, options: b.ReadOptions) -> str:
    """The municipality code of the i-th list (opened as the build opens it)."""
    return b._open(b.prepare(base_iri), path, options, i, total).municipality.code


def build_part(part: Part) -> PartResult:
    """Read, extract, map and validate one municipality's lists into the part's files (runs in a pool process)."""
    recipe = b.prepare(part.base_iri)
    ownership = Ownership(recipe.iris, part.code)
    old = recipe.mapper
    recipe.mapper = PartMapper(old.iris, old.registry, entities=old.entities, ownership=ownership)
    recipe.mapper.created = part.created
    indices = [i for i, _ in part.lists]
    paths = [p for _, p in part.lists]
    options = part_options(part.options, indices, part.total)
    stem = part.folder / f"part-{part.number:05d}"
    result = PartResult(part, stem.with_suffix(".own.nq"), stem.with_suffix(".shared.nq"), stem.with_suffix(".sqlite"))
    index = search.IndexWriter(result.index)
    links = identifiers.OutwardLinks(recipe.iris)
    with result.own.open("wb") as own, result.shared.open("wb") as shared:
        writer = SplitWriter(own, shared, ownership)
        validator = InlineValidator(1, part.validator)
        batches = b.Batches(writer, validator, part.batch_rows, b.graph_end(recipe.iris), constrained_predicates())
        b.index_projects(recipe, paths, options)
        rows = b.read(recipe, paths, options)
        for src, row in rows:
            triples = list(recipe.mapper.row(row, src, row_mentions(recipe.extractor, row)))
            mine = [t for t in triples if ownership.triple(t)]
            index.add(mine)
            links.add(mine)
            batches.add(triples, recipe.mapper.shared_nodes, f"{row.file}:{row.line}", recipe.mapper.take_context())
        if not recipe.problems:
            batches.flush(last=True)
    index.close_part()
    mapper = recipe.mapper
    result.own_triples = batches.triples - writer.shared_lines
    result.own_graphs = batches.graphs - writer.shared_graphs
    result.own_links = links.counts
    result.rows, result.classes, result.by_municipality = batches.rows, mapper.classes, mapper.by_municipality
    result.foreign = mapper.foreign
    result.sources = list(zip(indices, (b.source_record(s) for s in recipe.sources), strict=True))
    result.problems = recipe.problems
    result.warnings = [str(p) for p in recipe.cleaned] + mapper.projects.warnings + mapper.warnings
    result.violations = [v for v in validator.finish() if v.severity == "Violation"]
    result.batches = validator.batches
    return result


@dataclass
class Merged:
    """The parts merged so far: the staged data (the store and the gzipped dumps filled by staging's thread
    while the next parts are still being built), the index, and what the report says of them."""

    out: staging.Staged
    index: search.IndexWriter
    links: identifiers.OutwardLinks  # counted as the parts are merged (each part's own, each shared line once)
    seen: set[bytes] = field(default_factory=set)  # the shared lines written
    counted: set[tuple[str, str]] = field(default_factory=set)
    triples: int = 0
    graphs: Counter[bytes] = field(default_factory=Counter)
    rows: int = 0
    classes: Counter[str] = field(default_factory=Counter)
    by_municipality: dict[str, Counter[str]] = field(default_factory=dict)
    sources: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    batches: int = 0
    parts: int = 0

    def _stage(self, quads: bytes) -> None:
        """Whole N-Quads lines to the staged data, with the same statements as N-Triples."""
        if quads:
            self.out.add(quads, staging.GRAPH_END.sub(b" .\n", quads))

    def add(self, r: PartResult) -> None:
        """Append one part: its shared lines not yet written, then its own lines (copied); then drop its files."""
        new: list[bytes] = []
        with r.shared.open("rb") as f:
            for line in f:
                if line not in self.seen:
                    self.seen.add(line)
                    new.append(line)
                    self.graphs[line[line.rindex(b" <", 0, -3) + 1 :]] += 1
        data = b"".join(new)
        self._stage(data)
        triples = [q.triple for q in parse(data, format=RdfFormat.N_QUADS)]
        self.index.add(triples)
        self.links.add(triples)
        with r.own.open("rb") as f:
            while block := f.read(staging.BLOCK):
                self._stage(block + f.readline())
        self.index.merge(r.index)
        for path in (r.own, r.shared, r.index):
            path.unlink()
        self.triples += len(new) + r.own_triples
        self.graphs.update(r.own_graphs)
        self.links.counts.update(r.own_links)
        self.rows += r.rows
        self.classes.update(r.classes)
        for code, counts in r.by_municipality.items():
            self.by_municipality.setdefault(code, Counter()).update(counts)
        for node, cls in r.foreign:
            if (node, cls) not in self.counted:
                self.counted.add((node, cls))
                self.classes[cls] += 1
                self.by_municipality.setdefault(r.part.code, Counter())[cls] += 1
        self.sources += r.sources
        self.problems += r.problems
        self.warnings += r.warnings
        self.violations += r.violations
        self.batches += r.batches
        self.parts += 1


def parts(paths: list[Path], codes: list[str], template: Part) -> list[Part]:
    """One part per municipality, in the order its first list comes."""
    groups: dict[str, list[tuple[int, Path]]] = {}
    for i, (path, code) in enumerate(zip(paths, codes, strict=True)):
        groups.setdefault(code, []).append((i, path))
    return [replace(template, number=n, code=code, lists=tuple(g)) for n, (code, g) in enumerate(groups.items())]


def run(
    pool: ProcessPoolExecutor, paths: list[Path], merged: Merged, template: Part, options: b.ReadOptions, bar: Any
) -> None:
    """Find whose each list is, build the parts in the pool and merge them in order as they finish."""
    total = len(paths)
    for i in range(total):
        options.for_source(i, total)  # a wrong count of per-list options is a usage error before anything runs
    opened = [pool.submit(whose, p, i, total, template.base_iri, options) for i, p in enumerate(paths)]
    codes = [f.result() for f in opened]
    futures: list[Future[PartResult]] = [pool.submit(build_part, p) for p in parts(paths, codes, template)]
    for future in futures:
        result = future.result()
        merged.add(result)
        bar.update(result.rows)
    if merged.problems:
        raise DataError(merged.problems)


def build_parts(
    recipe: b.Recipe,
    sources: list[Path],
    options: b.ReadOptions,
    folder: Path,
    staged: staging.Staged,
    index: search.IndexWriter,
    links: identifiers.OutwardLinks,
    report: dict[str, Any],
    *,
    jobs: int,
    batch_rows: int,
    progress: bool,
    validate_with: str = "native",
    validated_by: str,
) -> None:
    """Stage the data of many municipalities' lists with `jobs` processes into staged and the index, count their
    outward links into links, and say in the report what was read, made and checked (as build() does); row
    problems and SHACL violations raise."""
    timings = report["timings"]
    started = time.monotonic()
    parts_folder = folder / "parts"
    parts_folder.mkdir()
    template = Part(
        0, "", (), len(sources), parts_folder, recipe.iris.base, options, report["built_at"], batch_rows, validate_with
    )
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=_exit_with_parent, initargs=(os.getpid(),))
    try:
        with tqdm(unit=" rows", disable=not progress, desc="build") as bar:
            merged = Merged(staged, index, links)
            run(pool, sources, merged, template, options, bar)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)
    parts_folder.rmdir()
    timings["read_map"] = round(time.monotonic() - started, 3)
    report.update(
        sources=[record for _, record in sorted(merged.sources, key=lambda s: s[0])],
        municipalities={code: dict(counts.most_common()) for code, counts in sorted(merged.by_municipality.items())},
        rows=merged.rows,
        classes=dict(merged.classes.most_common()),
        warnings=merged.warnings,
    )
    # validated_by: which one ran (build()'s BatchValidator: pySHACL when the shapes do not compile)
    report["validation"] = {"validator": validated_by, "batches": merged.batches, "violations": len(merged.violations)}
    report["parallel"] = {"jobs": jobs, "parts": merged.parts, "shared_lines": len(merged.seen)}
    timings["validate"] = 0.0  # validated in the parts' processes, within read_map
    if merged.violations:
        raise b.ValidationFailed(list(dict.fromkeys(merged.violations)), report)
    report["triples"] = merged.triples
    report["graphs"] = b.graph_counts(merged.graphs)
