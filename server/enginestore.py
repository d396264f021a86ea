"""What pages read, from another store (jkg serve --engine): the two calls pages make on a pyoxigraph Store —
`query` and `quads_for_pattern` — answered by SPARQL sent to the store, with the build's graphs as the dataset.

Pages only send their own queries (built from a bound IRI, with LIMIT where lists are long), so these go without
the worker's check; the guard still reads each. A result the store may have cut, a timeout or an unreachable store
ends the request with the same error the query endpoint gives. Blank nodes cannot be followed: SPARQL has no way
to name another query's blank node (in this dataset only the description has any).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from flask import abort
from pyoxigraph import (
    BlankNode,
    DefaultGraph,
    Literal,
    NamedNode,
    Quad,
    QueryBoolean,
    QuerySolutions,
    QueryTriples,
    Store,
    Triple,
)

from jkg.server import datasets, engine, errors, guard
from jkg.server.engine import Engine, EngineDown, EngineTimeout
from jkg.server.worker import Answer

Subject = NamedNode | BlankNode | Triple
Object = NamedNode | BlankNode | Literal | Triple


class EngineStore:
    """A stand-in for a read-only pyoxigraph Store whose answers come from `engine`."""

    def __init__(self, store: Engine, timeout: float, max_bytes: int, max_nesting: int) -> None:
        self.engine = store
        self.timeout = timeout
        self.max_bytes = max_bytes
        self.max_nesting = max_nesting

    def query(
        self, query: str, *, use_default_graph_as_union: bool = False, base_iri: str | None = None
    ) -> QuerySolutions | QueryBoolean | QueryTriples:
        """Evaluate a query on the store; without FROM, over the union of the build's graphs when asked."""
        try:
            info = guard.check(query, max_bytes=self.max_bytes, max_nesting=self.max_nesting)
        except guard.Refused as refusal:
            raise ValueError(f"a page's query was refused: {refusal.message}") from None
        graphs = self.engine.graphs
        if info.has_dataset:
            default, named = None, None
        else:
            default, named = (graphs if use_default_graph_as_union else [datasets.ABSENT]), graphs
        result = self._send(query, info.is_graph, default, named, base_iri)
        if isinstance(result, list):
            memory = Store()
            memory.extend(Quad(t.subject, t.predicate, t.object) for t in result)
            found = memory.query("CONSTRUCT WHERE { ?s ?p ?o }")
            assert isinstance(found, QueryTriples)
            return found
        return result

    def quads_for_pattern(
        self,
        subject: Subject | None,
        predicate: NamedNode | None,
        object: Object | None,
        graph_name: NamedNode | BlankNode | DefaultGraph | None = None,
    ) -> Iterator[Quad]:
        """The quads matching a pattern, in the build's named graphs (by their published names)."""
        if isinstance(subject, BlankNode | Triple) or isinstance(object, BlankNode | Triple):
            return iter(())
        if isinstance(graph_name, DefaultGraph | BlankNode):
            return iter(())  # every triple of a build is in a named graph
        terms = [str(t) if t is not None else f"?{v}" for t, v in ((subject, "s"), (predicate, "p"), (object, "o"))]
        named = self.engine.graphs
        if graph_name is not None:
            named = [self.engine.manifest.graphs.get(graph_name.value, datasets.ABSENT)]
        text = f"SELECT * WHERE {{ GRAPH ?g {{ {' '.join(terms)} }} }}"
        result = self._send(text, False, [datasets.ABSENT], named, None)
        assert isinstance(result, QuerySolutions)
        return self._quads(result, subject, predicate, object)

    def _quads(
        self,
        result: QuerySolutions,
        subject: Subject | None,
        predicate: NamedNode | None,
        object: Object | None,
    ) -> Iterator[Quad]:
        for row in result:
            graph = row["g"]  # its published name already (engine.answer gives names back)
            s, p, o = subject or row["s"], predicate or row["p"], object or row["o"]
            if not isinstance(graph, NamedNode) or not isinstance(p, NamedNode) or s is None or o is None:
                continue
            yield Quad(s, p, o, graph)

    def _send(
        self, text: str, graph_form: bool, default: list[str] | None, named: list[str] | None, base: str | None
    ) -> QuerySolutions | QueryBoolean | list[Triple]:
        deadline = time.monotonic() + self.timeout
        try:
            reply = self.engine.send(text, graph_form, default=default, named=named, base=base, deadline=deadline)
            result = engine.answer(self.engine, reply, graph_form)
        except EngineTimeout:
            abort(errors.query_timeout(self.timeout))
        except EngineDown as e:
            abort(errors.store_unavailable(str(e)))
        if isinstance(result, Answer):
            abort(errors.error(result.status, result.code or "query-failed", result.error, result.headers))
        if isinstance(result, engine.Results):
            solutions = result.parse()
            if isinstance(solutions, QuerySolutions) and self.engine.cap is not None:
                if sum(1 for _ in solutions) >= self.engine.cap:
                    capped = engine.capped(self.engine.cap)
                    abort(errors.error(capped.status, "too-many-rows", capped.error, capped.headers))
                solutions = result.parse()
            return solutions
        return result
