"""What runs a query job for a build: the pool of local worker processes (`pool.QueryPool`), or another store
(`enginejobs.EngineRunner`, jkg serve --engine). Both admit a bounded number of jobs, stop a job at its time limit
and raise the pool's exceptions (Overloaded, QueryTimeout, WorkerCrashed, WorkersUnavailable; and StoreUnavailable
for a store that cannot be reached), so `jobs.run_job` answers for either the same way."""

from __future__ import annotations

from typing import Any, Protocol

from jkg.server.fairness import FairLine
from jkg.server.worker import Answer, Job


class StoreUnavailable(Exception):
    """The store the jobs are sent to (jkg serve --engine) cannot be reached; the message says why."""


class Runner(Protocol):
    @property
    def size(self) -> int:
        """Jobs run at once."""

    @property
    def replaced(self) -> int:
        """Workers replaced (killed or dead) so far."""

    @property
    def missing(self) -> int:
        """Workers not running (yet)."""

    @property
    def last_error(self) -> str:
        """Why the last start (or the store) failed; empty when all is well."""

    @property
    def line(self) -> FairLine[Any]:
        """The fair waiting line of the jobs."""

    @property
    def walled(self) -> str:
        """How the workers are walled off the network."""

    def start(self) -> None: ...

    def run(self, job: Job, timeout: float, client: str = "") -> Answer: ...

    def failing(self) -> bool: ...

    def alive(self) -> int: ...

    def close(self) -> None: ...
