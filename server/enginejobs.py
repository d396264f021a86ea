"""Query jobs answered by another store (jkg serve --engine): the same guard, checks, limits and formats as the
local path, with the evaluation sent to the store.

A job is first checked by pyoxigraph in one of the pool's worker processes, over an empty store (walled off the
network, killable like any other, since pyoxigraph evaluates an ASK or an aggregate at once): so the store is only
ever sent what the local path would accept — SPARQL 1.1, no SERVICE, no extension function (Virtuoso's bif:
functions can fetch URLs), no Virtuoso DEFINE pragma. Then the query goes to the store with the build's graphs as
its dataset and the time left as the deadline (no `timeout` parameter: Virtuoso would answer partial results),
and its answer is written in the job's format by the worker's own serializer, its rows counted against the cap.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Sequence
from typing import Any

from jkg.iris import Iris
from jkg.layout import BuildFolder
from jkg.server import datasets, engine
from jkg.server.engine import Engine, EngineDown, EngineTimeout
from jkg.server.enginestore import EngineStore
from jkg.server.fairness import FairLine
from jkg.server.pool import QueryPool, QueryTimeout
from jkg.server.runner import StoreUnavailable
from jkg.server.store import Published, open_build
from jkg.server.worker import GRAPH_FORMATS, Answer, Job, render


class EngineRunner:
    """Runs jobs on `engine`: each is checked in one of the checker pool's workers and sent to the store in that
    worker's turn, so the pool's bounds and fair shares between clients hold for the store as well."""

    def __init__(self, store: Engine, checker: QueryPool, pages: EngineStore) -> None:
        self.engine = store
        self.checker = checker
        self.pages = pages  # what network exports are labelled from
        self.size = checker.size
        self.engine_error = ""

    @property
    def replaced(self) -> int:
        return self.checker.replaced

    @property
    def missing(self) -> int:
        return self.checker.missing

    @property
    def last_error(self) -> str:
        return self.engine_error or self.checker.last_error

    @property
    def line(self) -> FairLine[Any]:
        return self.checker.line

    @property
    def walled(self) -> str:
        return self.checker.walled

    def start(self) -> None:
        self.checker.start()

    def failing(self) -> bool:
        return bool(self.engine_error) or self.checker.failing()

    def alive(self) -> int:
        return self.checker.alive()

    def close(self) -> None:
        self.checker.close()
        self.engine.client.close()

    def run(self, job: Job, timeout: float, client: str = "") -> Answer:
        """Check the job, send it to the store, write its answer; raise the pool's exceptions as it would, and
        StoreUnavailable when the store cannot be reached."""
        deadline = time.monotonic() + timeout
        check = dataclasses.replace(job, evaluate=False, network="")
        return self.checker.run(check, timeout, client, then=lambda _: self._remote(job, deadline))

    def _remote(self, job: Job, deadline: float) -> Answer:
        graph_form = bool(job.network) or job.format in GRAPH_FORMATS
        default, named = dataset(self.engine, job)
        try:
            reply = self.engine.send(
                job.query, graph_form, default=default, named=named, base=job.base_iri, deadline=deadline
            )
            result = engine.answer(self.engine, reply, graph_form)
        except EngineTimeout:
            raise QueryTimeout from None
        except EngineDown as e:
            self.engine_error = str(e)
            raise StoreUnavailable(str(e)) from None
        self.engine_error = ""
        if isinstance(result, Answer):
            return result
        rendered = render(
            result.parse() if isinstance(result, engine.Results) else result, job, self.checker.spool, self.pages
        )
        if rendered.status == 200 and not graph_form:
            return engine.counted(self.engine, rendered.rows) or rendered
        return rendered


def dataset(store: Engine, job: Job) -> tuple[Sequence[str] | None, Sequence[str] | None]:
    """The graphs to send as default-graph-uri and named-graph-uri (None: send none, the query names its own):
    the protocol's graphs in the store's names (a graph outside the build: one that does not exist), else the
    build's graphs when the query names none."""
    if job.default_graphs or job.named_graphs:
        graphs = store.manifest.graphs
        default = [graphs.get(g, datasets.ABSENT) for g in job.default_graphs] or [datasets.ABSENT]
        named = [graphs.get(g, datasets.ABSENT) for g in job.named_graphs] or [datasets.ABSENT]
        return default, named
    if not job.union_default_graph:
        return None, None
    return store.graphs, store.graphs


def open_on_engine(build: BuildFolder, conf: dict[str, Any]) -> tuple[Published, EngineRunner]:
    """A build served from the store at conf["engine"]: pages read it through an EngineStore, jobs run on it (after
    their check in a pool of workers over an empty store). EngineDown when the store lacks the build."""
    iris = Iris(str(build.report()["base_iri"]))
    store = engine.open_engine(conf["engine"], iris, build.path.name, int(conf["max_rows"]), float(conf["timeout"]))
    pages = EngineStore(store, float(conf["timeout"]), int(conf["max_query_bytes"]), int(conf["max_nesting"]))
    checker = QueryPool.configured("", conf)
    return open_build(build, pages), EngineRunner(store, checker, pages)
