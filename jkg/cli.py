"""The `jkg` command: build, validate, query and serve a 事務事業 knowledge graph.

Exit codes (as pySHACL's): 0 ok; 1 the data does not conform; 2 usage error, unreadable input or crash.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from jkg import __version__, resources, settings

EXIT_OK, EXIT_NONCONFORMANT, EXIT_USAGE = 0, 1, 2


def _data_option(f: Any) -> Any:
    return click.option(
        "--data",
        "data",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Published data folder [default: $JKG_DATA or ./jkg-data].",
    )(f)


def _data(data: Path | None) -> Path:
    return Path(settings.resolve({"data": data})["data"])


def _query_text(text: str) -> str:
    """A query given inline, or as @file.rq."""
    if not text.startswith("@"):
        return text
    try:
        return Path(text[1:]).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise click.UsageError(f"cannot read the query file {text[1:]}: {e}") from None


def _echo_problem(line: str) -> None:
    click.echo(line, err=True)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="jkg")
def main() -> None:
    """Turn a municipality's 事務事業一覧 into a validated, served, published knowledge graph."""


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Output data folder [default: $JKG_DATA or ./jkg-data].",
)
@click.option("--data", "data_alias", type=click.Path(file_okay=False, path_type=Path), default=None, hidden=True)
@click.option("--base-iri", default=None, help=f"Base IRI of minted resources [default: {settings.DEFAULT_BASE_IRI}].")
@click.option(
    "--fiscal-year",
    type=click.IntRange(1900, 2200),
    default=None,
    help="Fiscal year of the rows (default: read from the title line, 令和2年度 → 2020).",
)
@click.option(
    "--encoding", default=None, help="Force the input encoding (default: detect UTF-8, UTF-8 with BOM, CP932)."
)
@click.option(
    "--batch-rows", type=click.IntRange(1), default=2000, show_default=True, help="Rows per SHACL validation batch."
)
@click.option(
    "--workers", type=click.IntRange(1), default=2, show_default=True, help="Processes validating batches in parallel."
)
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
def build(
    sources: tuple[Path, ...],
    out: Path | None,
    data_alias: Path | None,
    base_iri: str | None,
    fiscal_year: int | None,
    encoding: str | None,
    batch_rows: int,
    workers: int,
    progress: bool | None,
) -> None:
    """Build, validate and publish the graph of SOURCE lists (default: the bundled Tsukuba FY2020 list)."""
    from etl.build import ValidationFailed
    from etl.build import build as run_build
    from etl.errors import DataError, InputError

    conf = settings.resolve({"data": out or data_alias, "base_iri": base_iri})
    paths = list(sources) or resources.bundled_sources()
    try:
        report = run_build(
            paths,
            Path(conf["data"]),
            conf["base_iri"],
            fiscal_year=fiscal_year,
            encoding=encoding,
            batch_rows=batch_rows,
            workers=workers,
            progress=sys.stderr.isatty() if progress is None else progress,
        )
    except InputError as e:
        _echo_problem(str(e.problem))
        sys.exit(EXIT_USAGE)
    except DataError as e:
        for p in e.problems:
            _echo_problem(str(p))
        _echo_problem(f"{len(e.problems)} problem(s); nothing was published.")
        sys.exit(EXIT_NONCONFORMANT)
    except ValidationFailed as e:
        for v in e.violations:
            _echo_problem(str(v))
        _echo_problem(f"{len(e.violations)} SHACL violation(s); nothing was published.")
        sys.exit(EXIT_NONCONFORMANT)
    except ValueError as e:
        _echo_problem(f"error: {e}")
        sys.exit(EXIT_USAGE)
    for warning in report["warnings"]:
        _echo_problem(f"warning: {warning}")
    click.echo(f"Published {conf['data']}/current  ({report['seconds']} s)")
    click.echo(f"  rows      {report['rows']}")
    click.echo(f"  triples   {report['triples']}")
    for cls, count in report["classes"].items():
        click.echo(f"  {count:>8}  {cls}")
    click.echo(f"  warnings  {len(report['warnings'])}")
    click.echo(f"  validated in {report['validation']['batches']} batch(es): 0 violations")


@main.command()
@click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
@_data_option
@click.option(
    "--shapes",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=None,
    help="Folder of SHACL shapes (Turtle) [default: the bundled shapes/].",
)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
def validate(path: Path | None, data: Path | None, shapes: Path | None, fmt: str) -> None:
    """Validate a built graph (data folder) or any RDF file against the shapes; exit 1 if it does not conform."""
    import rdflib

    from etl.validate import shapes_graph, violations
    from server.store import NotPublished, build_folder

    target = path if path is not None else _data(data)
    g = rdflib.Graph()
    try:
        if target.is_dir():
            folder = build_folder(target)
            _parse_gz(g, folder)
            g.parse(folder / "void.ttl", format="ox-turtle")
        else:
            g.parse(target)
    except NotPublished as e:
        _echo_problem(f"error: {e}")
        sys.exit(EXIT_USAGE)
    except (SyntaxError, ValueError, rdflib.plugin.PluginException) as e:
        _echo_problem(f"{target}: cannot parse as RDF: {e}")
        sys.exit(EXIT_USAGE)
    found = [v for v in violations(g, shapes_graph(shapes)) if v.severity == "Violation"]
    if fmt == "json":
        click.echo(
            json.dumps(
                {"conforms": not found, "triples": len(g), "violations": [v.as_dict() for v in found]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for v in found:
            click.echo(str(v))
        click.echo(f"{target}: {len(g)} triples, {'conforms' if not found else f'{len(found)} violation(s)'}")
    sys.exit(EXIT_NONCONFORMANT if found else EXIT_OK)


def _parse_gz(g: Any, folder: Path) -> None:
    import gzip

    with gzip.open(folder / "dumps" / "data.nt.gz", "rb") as f:
        g.parse(data=f.read(), format="ox-nt")


@main.command()
@click.argument("query")
@_data_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json", "xml", "csv", "tsv", "ttl", "nt"]),
    default="table",
    show_default=True,
)
def query(query: str, data: Path | None, fmt: str) -> None:
    """Answer a SPARQL query (or @file.rq) against the published graph."""
    from server import results
    from server.store import NotPublished, open_published, run_query

    text = _query_text(query)
    try:
        published = open_published(_data(data))
        result = run_query(published, text)
    except NotPublished as e:
        _echo_problem(f"error: {e}")
        sys.exit(EXIT_USAGE)
    except SyntaxError as e:
        _echo_problem(f"query syntax error: {e}")
        sys.exit(EXIT_USAGE)
    try:
        sys.stdout.buffer.write(results.render(result, fmt))
    except ValueError as e:
        _echo_problem(f"error: {e}")
        sys.exit(EXIT_USAGE)
    sys.stdout.flush()


@main.command()
@_data_option
@click.option(
    "--format", "fmt", type=click.Choice(["gexf", "graphml", "cyjs"]), required=True, help="Network file format."
)
@click.option(
    "--query",
    "query_text",
    default=None,
    help="A SPARQL CONSTRUCT or DESCRIBE (or @file.rq) [default: the project network, queries/07-project-network.rq].",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None, help="File [default: stdout]."
)
def export(data: Path | None, fmt: str, query_text: str | None, output: Path | None) -> None:
    """Write the graph as a network for Gephi (GEXF 1.3, GraphML) or Cytoscape (Cytoscape JSON)."""
    from jkg import export as exporting
    from server.store import NotPublished, open_published

    text = exporting.default_query() if query_text is None else _query_text(query_text)
    try:
        published = open_published(_data(data))
        graph = exporting.network(exporting.triples_of(published.store, text), published.store, published.base_iri)
    except (NotPublished, exporting.NotAGraphQuery) as e:
        _echo_problem(f"error: {e}")
        sys.exit(EXIT_USAGE)
    except SyntaxError as e:
        _echo_problem(f"query syntax error: {e}")
        sys.exit(EXIT_USAGE)
    body = exporting.FORMATS[fmt].write(graph)
    if output is None:
        sys.stdout.buffer.write(body)
        sys.stdout.flush()
        return
    partial = output.with_name(output.name + ".partial")
    partial.write_bytes(body)
    partial.replace(output)  # a reader of OUTPUT never sees half a file
    _echo_problem(f"wrote {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges to {output}")


@main.command()
@_data_option
@click.option("--host", default=None, help="Address to listen on [default: $JKG_HOST or 127.0.0.1].")
@click.option("--port", type=click.IntRange(0, 65535), default=None, help="Port [default: $JKG_PORT or 8000].")
@click.option("--workers", type=click.IntRange(1), default=None, help="Query worker processes [default: 2].")
@click.option(
    "--timeout", type=click.FloatRange(0.1), default=None, help="Per-query time limit in seconds [default: 30]."
)
@click.option("--max-rows", type=click.IntRange(1), default=None, help="Result-row cap [default: 100000].")
@click.option("--base-iri", default=None, help="Base IRI to build with when DIR holds no graph yet.")
def serve(
    data: Path | None,
    host: str | None,
    port: int | None,
    workers: int | None,
    timeout: float | None,
    max_rows: int | None,
    base_iri: str | None,
) -> None:
    """Serve the published graph: SPARQL endpoint and query UI (builds the bundled list first if DIR is empty)."""
    from server.serve import run
    from server.store import NotPublished, build_folder

    conf = settings.resolve(
        {
            "data": data,
            "host": host,
            "port": port,
            "workers": workers,
            "timeout": timeout,
            "max_rows": max_rows,
            "base_iri": base_iri,
        }
    )
    try:
        build_folder(Path(conf["data"]))
    except NotPublished:
        click.echo(f"No graph in {conf['data']} yet: building the bundled list first.", err=True)
        ctx = click.get_current_context()
        ctx.invoke(build, sources=(), out=Path(conf["data"]), base_iri=conf["base_iri"])
    click.echo(f"Serving {conf['data']} on http://{conf['host']}:{conf['port']}/sparql", err=True)
    run(conf)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "table"]),
    default="json",
    show_default=True,
    help="json: one JSON object per mention per line; table: aligned columns.",
)
@click.option(
    "--category",
    "categories",
    multiple=True,
    type=click.Choice(["partner", "plan", "law", "event", "date", "action_plan_item"]),
    help="Only these categories (repeatable).",
)
@click.option("--base-iri", default=None, help="Base IRI of the linked resources.")
@click.option("--fiscal-year", type=click.IntRange(1900, 2200), default=None, help="Fiscal year of the rows.")
@click.option("--encoding", default=None, help="Force the input encoding.")
def extract(
    sources: tuple[Path, ...],
    fmt: str,
    categories: tuple[str, ...],
    base_iri: str | None,
    fiscal_year: int | None,
    encoding: str | None,
) -> None:
    """Print every mention the build would link in SOURCE lists (default: the bundled list)."""
    from etl.build import extract_mentions
    from etl.errors import DataError, InputError
    from server.results import width

    conf = settings.resolve({"base_iri": base_iri})
    paths = list(sources) or resources.bundled_sources()
    rows: list[dict[str, Any]] = []
    status = EXIT_OK
    try:
        for record in extract_mentions(paths, conf["base_iri"], fiscal_year=fiscal_year, encoding=encoding):
            if categories and record["category"] not in categories:
                continue
            if fmt == "json":
                click.echo(json.dumps(record, ensure_ascii=False))
            else:
                rows.append(record)
    except InputError as e:
        _echo_problem(str(e.problem))
        sys.exit(EXIT_USAGE)
    except DataError as e:
        for p in e.problems:
            _echo_problem(str(p))
        status = EXIT_NONCONFORMANT
    if fmt == "table":
        columns = ["serial", "project_number", "category", "field", "start", "surface", "canonical", "value"]
        cells = [[str(r[c] if r[c] is not None else "") for c in columns] for r in rows]
        widths = [max([width(c), *(width(row[i]) for row in cells)]) for i, c in enumerate(columns)]
        for line in [columns, *cells]:
            click.echo("  ".join(v + " " * (w - width(v)) for v, w in zip(line, widths, strict=True)).rstrip())
    sys.exit(status)
