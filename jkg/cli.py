"""The `jkg` command: build, validate, query and serve a 事務事業 knowledge graph.

Exit codes (as pySHACL's): 0 ok; 1 the data does not conform; 2 usage error, unreadable input or crash.
"""

from __future__ import annotations

import errno
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

# Nothing imported here may make vocabulary terms (import jkg.vocab): each command first chooses the vocabulary
# namespace of its process (_vocabulary), then imports what it runs. tests/unit/test_namespace.py checks.
from jkg import __version__, namespace, resources, settings

if TYPE_CHECKING:
    from jkg import layout

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


def _vocabulary_option(f: Any) -> Any:
    return click.option(
        "--vocabulary-namespace",
        default=None,
        help="Namespace of the jkg: vocabulary, ending with '#' [default: $JKG_VOCABULARY_NAMESPACE, else the "
        f"build's, else {namespace.CANONICAL}].",
    )(f)


def _vocabulary(flag: str | None = None, data: Path | None = None) -> str:
    """Choose this process's vocabulary namespace, before anything makes a term: a build's own when `data` holds
    one (refused if --vocabulary-namespace or $JKG_VOCABULARY_NAMESPACE names another), else the setting."""
    wanted = str(settings.resolve({"vocabulary_namespace": flag})["vocabulary_namespace"])
    given = "--vocabulary-namespace" if flag is not None else namespace.ENV if os.environ.get(namespace.ENV) else ""
    built = namespace.of_build(data) if data is not None else None
    if built is not None:
        if given and wanted != built:
            fail(
                EXIT_USAGE,
                f"error: {data} was built with the vocabulary namespace {built}, but {given} says {wanted}",
                f"a build is served and read in its own namespace: drop {given}, or rebuild with "
                f"jkg build --vocabulary-namespace '{wanted}' --out {data}",
            )
        wanted = built
    try:
        namespace.choose(wanted)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--vocabulary-namespace") from None
    return wanted


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


def fail(status: int, *lines: str) -> NoReturn:
    """The one exit path for errors: the lines on standard error, then the documented exit code."""
    for line in lines:
        _echo_problem(line)
    sys.exit(status)


@contextmanager
def reported(after_problems: str = "") -> Iterator[None]:
    """Turn every failure a command can meet into its message and exit code (2 usage/unreadable, 1 does not
    conform); anything else is a bug and keeps its traceback."""
    from jkg import layout
    from jkg.etl.build import ValidationFailed
    from jkg.etl.errors import DataError, InputError, summarised
    from jkg.etl.publish import BuildLocked
    from jkg.server.export import NotAGraphQuery

    try:
        yield
    except InputError as e:
        fail(EXIT_USAGE, str(e.problem))
    except DataError as e:
        fail(EXIT_NONCONFORMANT, *summarised(e.problems), f"{len(e.problems)} problem(s){after_problems}.")
    except ValidationFailed as e:
        fail(EXIT_NONCONFORMANT, *map(str, e.violations), f"{len(e.violations)} SHACL violation(s){after_problems}.")
    except SyntaxError as e:
        fail(EXIT_USAGE, f"query syntax error: {e}")
    except (layout.NotPublished, NotAGraphQuery, ValueError, BuildLocked) as e:
        fail(EXIT_USAGE, f"error: {e}")
    except OSError as e:  # a full disk, a read-only or vanished folder: the system's reason, on one line
        fail(EXIT_USAGE, f"error: {_os_error(e)}")


def _os_error(e: OSError) -> str:
    """One line for an operating-system failure: what, where, and what to do when we know."""
    where = f" {e.filename}" if e.filename else ""
    reason = e.strerror.lower() if e.strerror else str(e).splitlines()[0]
    if "no space left" in reason.lower():
        return f"cannot write{where}: no space left on the device; free some space or write elsewhere"
    advice = {
        errno.EROFS: "; choose a writable folder",
        errno.EACCES: "; check the folder's permissions or choose another",
        errno.EPERM: "; check the folder's permissions or choose another",
        errno.EDQUOT: "; free some space or write elsewhere",
    }.get(e.errno or 0, "")
    return f"cannot use{where}: {reason}{advice}"


def _read_options(f: Any) -> Any:
    """The options every command that reads lists shares (build, extract, inspect)."""
    for option in reversed(
        [
            click.option(
                "--fiscal-year",
                type=click.IntRange(1900, 2200),
                multiple=True,
                help="Fiscal year of the rows, once for all lists or once per list "
                "(default: from the title, the file name, or a 年度 column).",
            ),
            click.option(
                "--municipality",
                multiple=True,
                help="Whose lists: a name (北本市, 東京都府中市) or 全国地方公共団体コード (112330), once for all "
                "lists or once per list [default: from the title or file name].",
            ),
            click.option(
                "--encoding",
                default=None,
                help="Force the input encoding (default: detect UTF-8, UTF-8 with BOM, CP932).",
            ),
            click.option("--sheet", default=None, help="Workbook sheet to read [default: the first with a header]."),
            click.option(
                "--mapping",
                type=click.Path(dir_okay=False, path_type=Path),
                multiple=True,
                help="CSVW metadata naming the columns, once for all lists or once per list "
                "[default: FILE-metadata.json beside FILE, if any].",
            ),
        ]
    ):
        f = option(f)
    return f


def _options(
    fiscal_year: tuple[int, ...],
    municipality: tuple[str, ...],
    encoding: str | None,
    sheet: str | None,
    mapping: tuple[Path, ...],
    crosswalk: Path | None = None,
    sources: int = 1,
) -> Any:
    from jkg.etl.build import ReadOptions
    from jkg.municipalities import gazetteer

    bodies = []
    for name in municipality:
        try:
            bodies.append(gazetteer().resolve(name))
        except ValueError as e:
            raise click.BadParameter(str(e), param_hint="--municipality") from None
    options = ReadOptions(tuple(fiscal_year), encoding, tuple(bodies), sheet, tuple(mapping), crosswalk)
    try:
        options.for_source(0, sources)
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    return options


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
@_read_options
@click.option(
    "--crosswalk",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="CSV saying which sheets whose titles differ are one project.",
)
@click.option("--publisher", default=None, help="Publisher of the dataset: a municipality name or code, or an IRI.")
@click.option("--licence", "--license", "licence", default=None, help="Licence of the dataset: an IRI or CC-BY-4.0 …")
@click.option(
    "--rights-holder", default=None, help="Who holds the rights: a municipality or an IRI [default: the list's]."
)
@click.option("--contact", default=None, help="The dataset's contact point: mailto:… or an https:// page.")
@click.option("--attribution", default=None, help="The 出典 text [default: made from the sources].")
@click.option(
    "--batch-rows", type=click.IntRange(1), default=2000, show_default=True, help="Rows per SHACL validation batch."
)
@click.option(
    "--workers",
    type=click.IntRange(1),
    default=2,
    show_default=True,
    help=(
        "Processes validating batches in parallel (lists of several municipalities with --jobs above 1: each part"
        " validates its own)."
    ),
)
@_vocabulary_option
@click.option(
    "--jobs",
    type=click.IntRange(1),
    default=None,
    help="Processes building lists of several municipalities in parallel [default: the cores].",
)
@click.option(
    "--validator",
    type=click.Choice(["native", "pyshacl"]),
    default="native",
    show_default=True,
    help="SHACL validation: the shapes run as SPARQL by pyoxigraph (tested against pySHACL), or pySHACL itself.",
)
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
def build(
    sources: tuple[Path, ...],
    out: Path | None,
    data_alias: Path | None,
    base_iri: str | None,
    fiscal_year: tuple[int, ...],
    municipality: tuple[str, ...],
    encoding: str | None,
    sheet: str | None,
    mapping: tuple[Path, ...],
    crosswalk: Path | None,
    publisher: str | None,
    licence: str | None,
    rights_holder: str | None,
    contact: str | None,
    attribution: str | None,
    batch_rows: int,
    workers: int,
    vocabulary_namespace: str | None,
    jobs: int | None,
    validator: str,
    progress: bool | None,
) -> None:
    """Build, validate and publish the graph of SOURCE lists (default: the bundled Tsukuba FY2020 list)."""
    _vocabulary(vocabulary_namespace)
    from jkg.etl.build import build as run_build
    from jkg.etl.publish import DatasetOptions, licence_iri

    conf = settings.resolve({"data": out or data_alias, "base_iri": base_iri})
    paths = list(sources) or resources.bundled_sources()
    options = _options(fiscal_year, municipality, encoding, sheet, mapping, crosswalk, len(paths))
    try:
        dataset = DatasetOptions(
            publisher, licence_iri(licence) if licence else None, rights_holder, contact, attribution
        )
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--licence") from None
    if contact and not contact.startswith(("mailto:", "https://", "http://")):
        raise click.BadParameter(
            "give an e-mail as mailto:name@example.jp or a page as https://…", param_hint="--contact"
        )
    with reported("; nothing was published"):
        report = run_build(
            paths,
            Path(conf["data"]),
            conf["base_iri"],
            options=options,
            dataset=dataset,
            batch_rows=batch_rows,
            workers=workers,
            jobs=jobs or len(os.sched_getaffinity(0)),  # the cores this process may run on
            progress=sys.stderr.isatty() if progress is None else progress,
            validate_with=validator,
        )
    for warning in report["warnings"]:
        _echo_problem(f"warning: {warning}")
    click.echo(f"Published {conf['data']}/current  ({report['seconds']} s)")
    click.echo(f"  rows      {report['rows']}")
    click.echo(f"  triples   {report['triples']}")
    for cls, count in report["classes"].items():
        click.echo(f"  {count:>8}  {cls}")
    click.echo(f"  warnings  {len(report['warnings'])}")
    checked = report["validation"]
    click.echo(f"  validated in {checked['batches']} batch(es) by {checked['validator']}: 0 violations")


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
    target = path if path is not None else _data(data)
    _vocabulary(None, target if target.is_dir() else None)
    import rdflib

    from jkg import layout
    from jkg.etl.validate import shapes_graph, violations

    g = rdflib.Graph()
    try:
        if target.is_dir():
            with reported():
                folder = layout.current(target)
            _parse_served(g, folder)
        else:
            g.parse(target)
    except (SyntaxError, ValueError, rdflib.plugin.PluginException) as e:
        fail(EXIT_USAGE, f"{target}: cannot parse as RDF: {e}")
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


def _parse_served(g: Any, folder: layout.BuildFolder) -> None:
    """What a server of the build answers with: the store's data graphs and dataset description (the dumps and
    void.ttl are written from the same store)."""
    from pyoxigraph import RdfFormat, Store

    from jkg.iris import Iris

    store = Store.read_only(str(folder.store))
    iris = Iris(folder.report()["base_iri"])
    for graph in store.named_graphs():  # the data graphs and the description, not the vocabulary
        if graph == iris.vocabulary_graph():
            continue
        g.parse(data=store.dump(format=RdfFormat.N_TRIPLES, from_graph=graph) or b"", format="ox-nt")


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
@_vocabulary_option
def query(query: str, data: Path | None, fmt: str, vocabulary_namespace: str | None) -> None:
    """Answer a SPARQL query (or @file.rq) against the published graph."""
    _vocabulary(vocabulary_namespace, _data(data))
    from jkg.server import results
    from jkg.server.store import open_published, run_query

    text = _query_text(query)
    with reported():
        result = run_query(open_published(_data(data)), text)
        sys.stdout.buffer.write(results.render(result, fmt))
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
@_vocabulary_option
def export(
    data: Path | None, fmt: str, query_text: str | None, output: Path | None, vocabulary_namespace: str | None
) -> None:
    """Write the graph as a network for Gephi (GEXF 1.3, GraphML) or Cytoscape (Cytoscape JSON)."""
    _vocabulary(vocabulary_namespace, _data(data))
    from jkg.server import export as exporting
    from jkg.server.store import open_published

    text = exporting.default_query() if query_text is None else _query_text(query_text)
    with reported():
        published = open_published(_data(data))
        graph = exporting.network(exporting.triples_of(published.store, text), published.store, published.iris)
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
@click.option(
    "--engine",
    default=None,
    help="Answer every query from this SPARQL endpoint of another store holding "
    "the build (jkg publish --to) [default: $JKG_ENGINE, else the build's own store].",
)
@_vocabulary_option
def serve(
    data: Path | None,
    host: str | None,
    port: int | None,
    workers: int | None,
    timeout: float | None,
    max_rows: int | None,
    base_iri: str | None,
    engine: str | None,
    vocabulary_namespace: str | None,
) -> None:
    """Serve the published graph: pages, SPARQL endpoint and query UI (the default data folder, when it holds no
    graph yet, is filled with the bundled list first; any other folder must hold a build)."""
    conf = settings.resolve(
        {
            "data": data,
            "host": host,
            "port": port,
            "workers": workers,
            "timeout": timeout,
            "max_rows": max_rows,
            "base_iri": base_iri,
            "engine": engine,
        }
    )
    folder = Path(conf["data"])
    _vocabulary(vocabulary_namespace, folder)
    from jkg import layout
    from jkg.server.serve import run

    if conf["engine"]:
        _check_engine(conf)
    try:
        layout.current(folder)
    except layout.NotPublished:
        default = Path(settings.resolve()["data"])  # $JKG_DATA, else ./jkg-data: what every command reads
        if folder.resolve() != default.resolve():
            # Only the default folder is filled with the bundled list: a --data folder without a graph is a
            # typo or a failed build, and quietly serving Tsukuba's list instead would hide it.
            fail(
                EXIT_USAGE,
                f"error: no published graph in {folder}",
                f"build one first: jkg build YOUR-LIST.csv --out {folder}",
                f"(or jkg build --out {folder} for the bundled Tsukuba list; only the default data folder, {default},"
                " is filled with it automatically)",
            )
        click.echo(f"No graph in {folder} yet: building the bundled list first.", err=True)
        ctx = click.get_current_context()
        ctx.invoke(build, sources=(), out=folder, base_iri=conf["base_iri"], vocabulary_namespace=vocabulary_namespace)
    click.echo(f"Serving {conf['data']} on http://{conf['host']}:{conf['port']}/sparql", err=True)
    run(conf)


@main.command()
@click.argument("sources", nargs=-1, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "json", "table"]),
    default="jsonl",
    show_default=True,
    help="jsonl: one JSON object per mention per line (JSON Lines); json: one JSON array; table: aligned columns.",
)
@click.option(
    "--category",
    "categories",
    multiple=True,
    type=click.Choice(["partner", "plan", "law", "event", "date", "action_plan_item"]),
    help="Only these categories (repeatable).",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Add the rule or registry entry that produced each mention, and its confidence class (evidence).",
)
@click.option("--base-iri", default=None, help="Base IRI of the linked resources.")
@_read_options
def extract(
    sources: tuple[Path, ...],
    fmt: str,
    categories: tuple[str, ...],
    explain: bool,
    base_iri: str | None,
    fiscal_year: tuple[int, ...],
    municipality: tuple[str, ...],
    encoding: str | None,
    sheet: str | None,
    mapping: tuple[Path, ...],
) -> None:
    """Print every mention the build would link in SOURCE lists (default: the bundled list)."""
    _vocabulary()
    from jkg.etl.build import extract_mentions

    conf = settings.resolve({"base_iri": base_iri})
    paths = list(sources) or resources.bundled_sources()
    rows: list[dict[str, Any]] = []
    try:
        with reported("; the mentions of the other rows are listed above"):
            options = _options(fiscal_year, municipality, encoding, sheet, mapping, sources=len(paths))
            for record in extract_mentions(paths, conf["base_iri"], options=options):
                if categories and record["category"] not in categories:
                    continue
                if not explain:
                    del record["rule"], record["evidence"]
                if fmt == "jsonl":
                    click.echo(json.dumps(record, ensure_ascii=False))
                else:
                    rows.append(record)
    finally:  # the good rows are shown even when others have problems
        if fmt == "json":
            click.echo(json.dumps(rows, ensure_ascii=False, indent=1))
        elif fmt == "table":
            _table(rows, explain)


@main.command()
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@_read_options
@click.option("--rows", "show_rows", type=click.IntRange(0), default=5, show_default=True, help="Rows to show as read.")
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True, help="Output format."
)
def inspect(
    source: Path,
    fiscal_year: tuple[int, ...],
    municipality: tuple[str, ...],
    encoding: str | None,
    sheet: str | None,
    mapping: tuple[Path, ...],
    show_rows: int,
    fmt: str,
) -> None:
    """Print how SOURCE will be read: header, column roles, encoding, fiscal year, municipality, first rows, and
    the mapping file (CSVW) that reproduces it."""
    _vocabulary()
    from jkg.etl.inspect import inspect as run_inspect
    from jkg.etl.inspect import render

    with reported():
        found = run_inspect(source, _options(fiscal_year, municipality, encoding, sheet, mapping), show_rows)
    click.echo(json.dumps(found, ensure_ascii=False, indent=2) if fmt == "json" else render(found))


def _table(rows: list[dict[str, Any]], explain: bool) -> None:
    """Mentions as aligned columns (with --explain, the rule of each)."""
    from jkg.server.results import width

    columns = ["serial", "project_number", "category", "field", "start", "surface", "canonical", "value"]
    columns += ["evidence", "rule"] if explain else []
    cells = [[str(r[c] if r[c] is not None else "") for c in columns] for r in rows]
    widths = [max([width(c), *(width(row[i]) for row in cells)]) for i, c in enumerate(columns)]
    for line in [columns, *cells]:
        click.echo("  ".join(v + " " * (w - width(v)) for v, w in zip(line, widths, strict=True)).rstrip())


def _check_engine(conf: dict[str, Any]) -> None:
    """Before serving from another store: the data folder's build must be there, complete (its manifest)."""
    from jkg import layout
    from jkg.iris import Iris
    from jkg.server.engine import EngineDown, open_engine

    try:
        build = layout.current(Path(conf["data"]))
    except layout.NotPublished as e:
        fail(
            EXIT_USAGE,
            f"error: {e}",
            "jkg serve --engine serves the build of a data folder from the store it was published to",
        )
    try:
        open_engine(conf["engine"], Iris(str(build.report()["base_iri"])), build.path.name, int(conf["max_rows"]), 30.0)
    except EngineDown as e:
        fail(EXIT_USAGE, f"error: {e}")


@main.command()
@click.option("--to", "to", required=True, help="The store's Graph Store Protocol endpoint (writes go there).")
@click.option("--engine", default=None, help="The store's SPARQL query endpoint [default: derived from --to].")
@_data_option
@click.option(
    "--user", default=None, help="User to write as [default: $JKG_ENGINE_USER]; password in $JKG_ENGINE_PASSWORD."
)
@click.option("--password-file", type=click.File("r"), default=None, help="Read the user's password from this file.")
@click.option("--keep", type=click.IntRange(1), default=2, show_default=True, help="Builds kept in the store.")
@click.option(
    "--bulk-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Virtuoso: load with its bulk loader through this folder (one of its DirsAllowed).",
)
@click.option(
    "--bulk-dir-on-server", default=None, help="The --bulk-dir folder as Virtuoso sees it [default: the same]."
)
@click.option(
    "--isql",
    default=None,
    help="Virtuoso's ISQL host:port for --bulk-dir [default: the --to host, 1111]; "
    "dba password in $JKG_VIRTUOSO_DBA_PASSWORD.",
)
@click.option("--progress/--no-progress", default=None, help="Progress bar (default: on a terminal).")
def publish(
    to: str,
    engine: str | None,
    data: Path | None,
    user: str | None,
    password_file: Any,
    keep: int,
    bulk_dir: Path | None,
    bulk_dir_on_server: str | None,
    isql: str | None,
    progress: bool | None,
) -> None:
    """Load the published build into another SPARQL store (Virtuoso, Oxigraph server, Fuseki …), one named graph
    at a time, beside the build it holds; switch its manifest last; keep the newest --keep builds there."""
    import time

    _vocabulary(None, _data(data))
    from tqdm import tqdm

    from jkg.etl import upload
    from jkg.sparqlhttp import Client, Credentials

    query_url = engine or upload.query_endpoint(to)
    if query_url is None:
        raise click.UsageError(f"cannot tell the query endpoint of {to}: give it with --engine")
    user = user or os.environ.get("JKG_ENGINE_USER")
    password = password_file.read().rstrip("\n") if password_file else os.environ.get("JKG_ENGINE_PASSWORD", "")
    client = Client(Credentials(user, password) if user else None)
    loader = None
    if bulk_dir is not None:
        from jkg.etl.virtuoso import BulkLoader

        dba = os.environ.get("JKG_VIRTUOSO_DBA_PASSWORD")
        if not dba:
            raise click.UsageError("--bulk-dir needs the dba password of Virtuoso in $JKG_VIRTUOSO_DBA_PASSWORD")
        server_folder = bulk_dir_on_server or str(bulk_dir.resolve())
        loader = BulkLoader(bulk_dir, server_folder, isql or upload.isql_address(to), dba)
    show = sys.stderr.isatty() if progress is None else progress
    started = time.monotonic()
    with reported():
        try:
            build = upload.open_build(_data(data))
            done = upload.publish(
                build,
                upload.Target(to, query_url),
                client,
                keep=keep,
                load=loader,
                progress=(lambda gs: tqdm(list(gs), unit="graph", disable=not show, file=sys.stderr)),
            )
        except upload.PublishError as e:
            fail(EXIT_USAGE, f"error: {e}")
    loaded = done.manifest
    how = "already held complete" if done.already else ("bulk-loaded" if loader else "loaded by graph store PUTs")
    click.echo(
        f"build {loaded.build}: {len(loaded.graphs)} graphs, {sum(loaded.triples.values())} triples {how} into {to} "
        f"in {time.monotonic() - started:.1f} s; manifest <{build.iris.build_manifest(loaded.build).value}>",
        err=True,
    )
    if done.removed:
        click.echo(f"removed older builds from the store: {', '.join(done.removed)}", err=True)
