"""`jkg publish --to`: load a published build into another SPARQL store through the Graph Store HTTP Protocol.

Each graph of the build goes in under a name of its own (`Iris.engine_graph`: the published name plus
`/build/{build}`), one PUT per graph, beside whatever the store already holds, so that a store whose PUT is not
atomic (Virtuoso clears a graph first, then loads it bit by bit) never shows a half-loaded graph to the fronts
serving the previous build. Every graph's triple count is checked in the store after its PUT. Only then is the
build's manifest written (the graph list `jkg serve --engine` reads), then its copy under `Iris.current_build()`
(for people querying the store directly) — the dataset description last; then the builds older than the newest
`keep` are deleted from the store.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from pyoxigraph import (
    DefaultGraph,
    NamedNode,
    QueryResultsFormat,
    QuerySolution,
    QuerySolutions,
    RdfFormat,
    Store,
    Triple,
    parse_query_results,
    serialize,
)

from jkg import layout, manifest
from jkg.iris import Iris
from jkg.manifest import Manifest
from jkg.sparqlhttp import Client, Reply, Timeout, Unreachable

JSON_RESULTS = "application/sparql-results+json"
Progress = Callable[[Iterable[NamedNode]], Iterable[NamedNode]]


class PublishError(Exception):
    """The store refused or failed a step; the message says which and what to change. What the store already
    served is untouched: the new build's graphs are not named by any manifest yet."""


@dataclass(frozen=True)
class Target:
    gsp: str  # the Graph Store endpoint writes go to (Virtuoso: /sparql-graph-crud-auth; Oxigraph: /store)
    query: str  # the SPARQL query endpoint (Virtuoso: /sparql; Oxigraph: /query)


@dataclass
class Loaded:
    """What a publish did."""

    manifest: Manifest
    already: bool  # the store held this build complete already: only the pointer was written again
    removed: list[str] = field(default_factory=list)  # builds deleted from the store (older than the newest kept)


@dataclass(frozen=True)
class Build:
    """The published build being loaded: its store opened read-only, its name and its graphs."""

    name: str
    built_at: str
    iris: Iris
    store: Store
    graphs: list[NamedNode]

    def engine_name(self, graph: NamedNode) -> str:
        return self.iris.engine_graph(graph.value, self.name).value


def open_build(data: Path) -> Build:
    """The current build of a data folder, ready to be loaded elsewhere."""
    folder = layout.current(data)
    report = folder.report()
    store = Store.read_only(str(folder.store))
    if next(iter(store.quads_for_pattern(None, None, None, DefaultGraph())), None) is not None:
        raise PublishError(
            f"{folder.path}: the store's default graph holds triples; every triple must be in a named graph"
        )
    graphs = sorted((g for g in store.named_graphs() if isinstance(g, NamedNode)), key=lambda g: g.value)
    return Build(folder.path.name, str(report["built_at"]), Iris(str(report["base_iri"])), store, graphs)


def publish(
    build: Build,
    target: Target,
    client: Client,
    *,
    keep: int,
    load: Loader | None = None,
    progress: Progress | None = None,
) -> Loaded:
    """Load `build` into the store, write its manifest and pointer, remove builds older than the newest `keep`."""
    held = manifests(client, target)
    counts = {g.value: _count_local(build.store, g) for g in build.graphs}
    previous = next((m for m in held if m.build == build.name), None)
    already = previous is not None and dict(previous.triples) == counts and _counts_hold(client, target, previous)
    if not already:
        (load or GraphStoreLoader()).load(build, target, client, progress or (lambda gs: gs))
        for graph in build.graphs:
            _check_count(client, target, build.engine_name(graph), graph.value, counts[graph.value])
    loaded = Manifest(
        build.name,
        build.built_at,
        previous.loaded_at if already and previous is not None else _now(),
        {g.value: build.engine_name(g) for g in build.graphs},
        counts,
    )
    body = manifest.triples(build.iris, loaded)
    _put_triples(client, target, build.iris.build_manifest(build.name).value, body)
    _put_triples(client, target, build.iris.current_build().value, body)
    removed = prune(client, target, build.iris, [*(m for m in held if m.build != build.name), loaded], keep)
    return Loaded(loaded, already, removed)


class Loader:
    """How a build's graphs get into the store: by the Graph Store Protocol, or a store's own bulk loader."""

    def load(self, build: Build, target: Target, client: Client, progress: Progress) -> None:
        raise NotImplementedError


class GraphStoreLoader(Loader):
    """One Graph Store Protocol PUT of N-Triples per graph (any SPARQL 1.1 store)."""

    def load(self, build: Build, target: Target, client: Client, progress: Progress) -> None:
        with tempfile.TemporaryDirectory(prefix="jkg-publish-") as tmp:
            body = Path(tmp) / "graph.nt"
            for graph in progress(build.graphs):
                name = build.engine_name(graph)
                with body.open("wb") as out:
                    triples = (
                        Triple(q.subject, q.predicate, q.object)
                        for q in build.store.quads_for_pattern(None, None, None, graph)
                    )
                    serialize(triples, out, RdfFormat.N_TRIPLES)
                reply = _call(lambda: client.put_graph(target.gsp, name, body), target.gsp)  # noqa: B023 - called here
                if not reply.ok:
                    raise PublishError(_refusal(f"PUT of graph <{name}>", target.gsp, reply))


def manifests(client: Client, target: Target) -> list[Manifest]:
    """The builds the store holds (their manifests), oldest load first."""
    reply = _call(lambda: client.query(target.query, manifest.query(), JSON_RESULTS), target.query)
    if not reply.ok:
        raise PublishError(_refusal("reading the builds the store holds", target.query, reply))
    return manifest.read(_solutions(reply))


def prune(client: Client, target: Target, iris: Iris, held: list[Manifest], keep: int) -> list[str]:
    """Delete every build but the newest `keep` (its graphs first, its manifest last)."""
    ordered = sorted(held, key=lambda m: (m.loaded_at, m.build))
    removed = []
    for old in ordered[: max(0, len(ordered) - keep)]:
        for graph in [*old.store_graphs, iris.build_manifest(old.build).value]:
            _delete(client, target, graph)
        removed.append(old.build)
    return removed


def _delete(client: Client, target: Target, graph: str) -> None:
    reply = _call(lambda: client.delete_graph(target.gsp, graph), target.gsp)
    if not reply.ok and reply.status != 404:  # Virtuoso has no empty graphs: one it does not hold answers 404
        raise PublishError(_refusal(f"DELETE of graph <{graph}>", target.gsp, reply))


def _count_local(store: Store, graph: NamedNode) -> int:
    return sum(1 for _ in store.quads_for_pattern(None, None, None, graph))


def count_query(graph: str) -> str:
    return f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"


def _count_remote(client: Client, target: Target, graph: str) -> int:
    reply = _call(lambda: client.query(target.query, count_query(graph), JSON_RESULTS), target.query)
    if not reply.ok:
        raise PublishError(_refusal(f"counting the triples of <{graph}>", target.query, reply))
    rows = list(_solutions(reply))
    term = rows[0]["n"] if rows else None
    return int(term.value) if term is not None else 0


def _counts_hold(client: Client, target: Target, held: Manifest) -> bool:
    return all(_count_remote(client, target, held.graphs[g]) == n for g, n in held.triples.items())


def _check_count(client: Client, target: Target, graph: str, public: str, expected: int) -> None:
    found = _count_remote(client, target, graph)
    if found != expected:
        raise PublishError(
            f"the store holds {found} triples in <{graph}> after loading the {expected} of <{public}>: it dropped or "
            "merged some (a store that rewrites ill-typed literals or folds duplicates?). Nothing was switched: the "
            "store's manifest still names the builds it had"
        )


def _put_triples(client: Client, target: Target, graph: str, triples: list[Triple]) -> None:
    with tempfile.TemporaryDirectory(prefix="jkg-publish-") as tmp:
        body = Path(tmp) / "graph.nt"
        with body.open("wb") as out:
            serialize(triples, out, RdfFormat.N_TRIPLES)
        reply = _call(lambda: client.put_graph(target.gsp, graph, body), target.gsp)
    if not reply.ok:
        raise PublishError(_refusal(f"PUT of graph <{graph}>", target.gsp, reply))


def _solutions(reply: Reply) -> list[QuerySolution]:
    result = parse_query_results(reply.body, QueryResultsFormat.JSON)
    if not isinstance(result, QuerySolutions):
        raise PublishError("the store answered a SELECT with a boolean")
    return list(result)


def _call(send: Callable[[], Reply], url: str) -> Reply:
    try:
        return send()
    except Unreachable as e:
        raise PublishError(f"cannot reach the store: {e}; check the URL and that the store is running") from None
    except Timeout as e:
        raise PublishError(f"the store did not answer: {e}") from None


def _refusal(what: str, url: str, reply: Reply) -> str:
    hint = ""
    if reply.status == 401:
        hint = "; give the writer's credentials: --user (or $JKG_ENGINE_USER) and $JKG_ENGINE_PASSWORD"
    elif reply.status == 403:
        hint = "; the user may not write there (Virtuoso: GRANT SPARQL_UPDATE TO the user, and use the -auth endpoint)"
    elif reply.status == 404:
        hint = "; is this the store's Graph Store endpoint (Virtuoso /sparql-graph-crud-auth, Oxigraph /store)?"
    first = reply.text(400).strip().splitlines()
    return f"{what} at {url} failed with HTTP {reply.status}: {first[0] if first else ''}{hint}"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def query_endpoint(gsp: str) -> str | None:
    """The query endpoint beside a known store's Graph Store endpoint (Oxigraph /store → /query, Virtuoso
    /sparql-graph-crud[-auth] → /sparql), or None."""
    parts = urlsplit(gsp)
    for suffix, query in (
        ("/store", "/query"),
        ("/sparql-graph-crud-auth", "/sparql"),
        ("/sparql-graph-crud", "/sparql"),
    ):
        if parts.path.endswith(suffix):
            return urlunsplit((parts.scheme, parts.netloc, parts.path[: -len(suffix)] + query, "", ""))
    return None


def isql_address(gsp: str) -> str:
    """Virtuoso's ISQL listener on the Graph Store endpoint's host, at its default port."""
    return f"{urlsplit(gsp).hostname or '127.0.0.1'}:1111"
