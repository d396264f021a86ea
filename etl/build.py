"""build(): read ─▶ normalise ─▶ extract ─▶ map ─▶ validate ─▶ publish, streaming row by row."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pyoxigraph import NamedNode, RdfFormat, Triple, serialize
from tqdm import tqdm

from etl import publish, search
from etl import registry as registry_mod
from etl.errors import DataError, Problem
from etl.extract import Extractor, load_entities
from etl.iris import Iris
from etl.mapping import Mapper
from etl.read import Row, Source, open_source, read_rows
from etl.validate import BatchValidator, Violation, constrained_predicates, shapes_graph, violations
from jkg import __version__, resources


class ValidationFailed(Exception):
    """The graph does not conform to the shapes; nothing was published."""

    def __init__(self, found: list[Violation], report: dict[str, Any]) -> None:
        super().__init__(f"{len(found)} SHACL violation(s)")
        self.violations = found
        self.report = report


@dataclass
class Batches:
    """Writes triples to the data file and hands batches of rows, with the shared resources, to validation."""

    out: IO[bytes]
    validator: BatchValidator
    batch_rows: int
    checked: frozenset[str] = frozenset()  # predicates validation needs; empty: all
    shared: list[bytes] = field(default_factory=list)
    shared_locations: dict[str, str] = field(default_factory=dict)
    batch: list[bytes] = field(default_factory=list)
    locations: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    triples: int = 0

    def add(
        self,
        triples: Iterable[Triple],
        shared_nodes: set[str],
        where: str | None = None,
        context: list[Triple] | None = None,
    ) -> None:
        """Append one row's triples (or shared triples when where is None); context is validated, not written."""
        local: list[Triple] = []
        shared: list[Triple] = []
        for t in triples:
            subject = str(t.subject.value) if isinstance(t.subject, NamedNode) else ""
            (shared if subject in shared_nodes else local).append(t)
            if where is not None and subject:
                target = self.shared_locations if subject in shared_nodes else self.locations
                target.setdefault(subject, where)
        for part, bucket in ((local, self.batch), (shared, self.shared)):
            if part:
                self.out.write(serialize(part, format=RdfFormat.N_TRIPLES) or b"")
                self.triples += len(part)
                bucket.append(self._for_validation(part))
        if context:
            self.batch.append(self._for_validation(context))
        if where is not None:
            self.rows += 1
            if self.rows % self.batch_rows == 0:
                self.flush(last=False)

    def _for_validation(self, triples: list[Triple]) -> bytes:
        if self.checked:
            triples = [t for t in triples if t.predicate.value in self.checked]
        return serialize(triples, format=RdfFormat.N_TRIPLES) or b""

    def flush(self, *, last: bool) -> None:
        """Send the pending batch (with every shared resource so far) to validation."""
        if not self.batch and not last:
            return
        data = b"".join(self.shared) + b"".join(self.batch)
        self.validator.submit(data, {**self.shared_locations, **self.locations}, last=last)
        self.batch, self.locations = [], {}


def check_unique(row: Row, seen: dict[tuple[str, int, int], Row]) -> list[Problem]:
    """The same 事業番号 or 通し番号 twice in one fiscal year is an error naming both lines."""
    problems = []
    for kind, label, value in (("number", "事業番号", row.number), ("serial", "通し番号", row.serial)):
        first = seen.setdefault((kind, row.fiscal_year, value), row)
        if first is not row:
            problems.append(
                Problem(
                    "E-DUPLICATE-NUMBER" if kind == "number" else "E-DUPLICATE-SERIAL",
                    row.file,
                    row.line,
                    1,
                    str(value),
                    f"{label} {value} appears twice in FY{row.fiscal_year}: {first.file} line {first.line} "
                    f"and {row.file} line {row.line}; give each row its own {label}",
                )
            )
    return problems


def build(
    sources: Sequence[Path],
    out: Path,
    base_iri: str,
    *,
    fiscal_year: int | None = None,
    encoding: str | None = None,
    batch_rows: int = 2000,
    workers: int = 2,
    progress: bool = False,
) -> dict[str, Any]:
    """Build, validate and publish the graph of the given lists into out/current; return the report."""
    started = time.monotonic()
    iris = Iris(base_iri)
    registry = registry_mod.load(resources.registry_dir())
    entities = load_entities(resources.registry_dir() / "entities.toml")
    mapper = Mapper(iris, registry, Extractor(entities, [registry.city.ja]))
    shapes_graph()  # parse shapes before forking the validation pool
    report: dict[str, Any] = {"version": __version__, "built_at": publish.now(), "base_iri": base_iri}
    folder = publish.stage(out, report["built_at"].replace(":", "").replace("-", ""))
    validator = BatchValidator(workers)
    index = search.IndexWriter(folder / search.INDEX_FILE)
    timings: dict[str, float] = {}
    report["timings"] = timings
    try:
        sources_read: list[Source] = []
        problems: list[Problem] = []
        seen: dict[tuple[str, int, int], Row] = {}
        data_nt = folder / "data.nt"
        with data_nt.open("wb") as out_file, tqdm(unit=" rows", disable=not progress, desc="build") as bar:
            batches = Batches(out_file, validator, batch_rows, constrained_predicates())
            city = list(mapper.city())
            index.add(city)
            batches.add(city, mapper.shared_nodes)
            for path in sources:
                src = open_source(Path(path), encoding=encoding, fiscal_year=fiscal_year)
                sources_read.append(src)
                for row in read_rows(src):
                    duplicates = check_unique(row, seen)
                    problems.extend(duplicates)
                    if not duplicates:
                        triples = list(mapper.row(row, src))
                        index.add(triples)
                        batches.add(triples, mapper.shared_nodes, f"{row.file}:{row.line}", mapper.take_context())
                    bar.update()
                problems.extend(src.problems)
            if problems:
                raise DataError(problems)
            batches.flush(last=True)
        timings["read_map"] = round(time.monotonic() - started, 3)
        mark = time.monotonic()
        found = [v for v in dict.fromkeys(validator.finish()) if v.severity == "Violation"]
        report.update(
            sources=[
                {
                    "file": s.name,
                    "encoding": s.encoding,
                    "fiscal_year": s.fiscal_year,
                    "title": s.title,
                    "sha256": s.sha256,
                    "rows": s.rows,
                }
                for s in sources_read
            ],
            rows=batches.rows,
            classes=dict(Counter(mapper.classes).most_common()),
            warnings=mapper.warnings,
            validation={"batches": validator.batches, "violations": len(found)},
        )
        if found:
            raise ValidationFailed(found, report)
        timings["validate"] = round(time.monotonic() - mark, 3)
        mark = time.monotonic()
        # The staged N-Triples file has no duplicate triple, so dumps stream from it at constant memory while
        # the disk store loads in a thread (pyoxigraph releases the GIL).
        report["triples"] = batches.triples
        vocabulary = sorted(resources.ontology_dir().glob("*.ttl"))
        # The search index is built by SQLite's C code, which releases the GIL, beside the store load and dumps.
        with ThreadPoolExecutor(max_workers=2) as loading:
            indexing = loading.submit(index.finish)
            disk = loading.submit(publish.load_store, folder, data_nt, iris, vocabulary)
            report["dumps"] = publish.write_dumps(data_nt, folder)
            timings["dumps"] = round(time.monotonic() - mark, 3)
            store = disk.result()
            report["search"] = {"file": search.INDEX_FILE, "texts": indexing.result()}
        data_nt.unlink()
        timings["store"] = round(time.monotonic() - mark, 3)
        description = publish.describe(iris, registry.city, report, report["dumps"])
        meta_violations = violations(_as_rdflib(description))
        if meta_violations:
            raise ValidationFailed(meta_violations, report)
        publish.write_description(store, folder, iris, description)
        del store
        report["seconds"] = round(time.monotonic() - started, 3)
        publish.write_report(folder, report)
        publish.swap(out, folder)
        return report
    except BaseException:
        validator.cancel()
        index.cancel()
        publish.discard(folder)
        raise


def _as_rdflib(triples: list[Triple]) -> Any:
    import rdflib

    g = rdflib.Graph()
    g.parse(data=serialize(triples, format=RdfFormat.N_TRIPLES) or b"", format="nt")
    return g


def extract_mentions(
    sources: Sequence[Path], base_iri: str, *, fiscal_year: int | None = None, encoding: str | None = None
) -> Iterator[dict[str, Any]]:
    """Every mention the build would link, as records (the same extractor and IRIs as build())."""
    iris = Iris(base_iri)
    registry = registry_mod.load(resources.registry_dir())
    entities = load_entities(resources.registry_dir() / "entities.toml")
    mapper = Mapper(iris, registry, Extractor(entities, [registry.city.ja]))
    seen: dict[tuple[str, int, int], Row] = {}
    problems: list[Problem] = []
    for path in sources:
        src = open_source(Path(path), encoding=encoding, fiscal_year=fiscal_year)
        for row in read_rows(src):
            problems.extend(check_unique(row, seen))
            for m in mapper.mentions(row):
                target = mapper.target(m)
                yield {
                    "fiscal_year": row.fiscal_year,
                    "project_number": row.number,
                    "serial": row.serial,
                    "category": m.category,
                    "surface": m.surface,
                    "canonical": m.notation if m.category == "action_plan_item" else m.canonical or m.value,
                    "type": m.entity.type if m.entity else "",
                    "field": m.field,
                    "start": m.start,
                    "end": m.end,
                    "iri": target.value if target is not None else None,
                    "value": m.value or None,
                    "corrected": m.corrected or None,
                    "file": row.file,
                    "line": row.line,
                }
        problems.extend(src.problems)
    if problems:
        raise DataError(problems)
