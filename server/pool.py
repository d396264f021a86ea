"""A pool of query worker processes: fair, bounded admission (jkg.server.fairness), a hard time limit (kill
and replace), crash recovery."""

from __future__ import annotations

import logging
import math
import multiprocessing
import select
import shutil
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import Any

from jkg.server import spool, worker
from jkg.server.fairness import ClientOverShare, FairLine, Overloaded, Ticket
from jkg.server.worker import Answer, Job

__all__ = ["ClientOverShare", "Overloaded", "QueryPool", "QueryTimeout", "WorkerCrashed", "WorkersUnavailable"]

log = logging.getLogger(__name__)
_SPAWN = multiprocessing.get_context("spawn")  # never fork a threaded server process


class QueryTimeout(Exception):
    """The query ran past its time limit; its worker was killed."""


class WorkerCrashed(Exception):
    """The worker died while running the query (e.g. it hit its memory cap)."""


class WorkersUnavailable(Exception):
    """No worker is running and none can be started (e.g. the store cannot be opened)."""


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection
    poller: Any = None  # select.poll on the pipe, made once: Connection.poll builds a selector per call

    def answered(self, seconds: float) -> bool:
        """Whether the worker's answer (or its end) arrived within `seconds`."""
        if self.poller is None:
            self.poller = select.poll()
            self.poller.register(self.conn.fileno(), select.POLLIN)
        return bool(self.poller.poll(math.ceil(max(0.0, seconds) * 1000)))


class QueryPool:
    """Runs jobs in `size` processes, shared fairly between clients (see jkg.server.fairness)."""

    def __init__(
        self,
        store_path: str,
        size: int,
        waiting: int,
        memory_mb: int,
        wall: bool = True,
        client_waiting: int = 16,
        client_workers: int = 0,
    ) -> None:
        self.spool = spool.new_folder()  # large answers, on their way to the client
        self.store_path = store_path
        self.size = size
        self.memory_mb = memory_mb
        self.wall = wall  # wall each worker off the network (fail to start if that cannot be done)
        self.walled = ""  # how the last worker that started was walled off
        # One client runs on all workers but one (0), so that a newcomer always finds one free.
        self.line: FairLine[_Worker] = FairLine(size, waiting, client_waiting, client_workers or max(1, size - 1))
        self._lock = threading.Lock()
        self._started = False
        self._closed = threading.Event()
        self.replaced = 0
        self.recycled = 0  # workers replaced because they had grown large
        self.missing = 0  # workers killed or dead and not yet running again
        self.last_error = ""  # why the last attempt to start a worker failed ("" once one starts again)

    @classmethod
    def configured(cls, store_path: str, conf: dict[str, Any]) -> QueryPool:
        """A pool over a store (or, with "", an empty one) as the settings say: size, waiting line, memory cap,
        network wall, fair shares."""
        return cls(
            store_path,
            size=conf["workers"],
            waiting=conf["queue"],
            memory_mb=conf["worker_memory_mb"],
            wall=conf["worker_network_wall"],
            client_waiting=conf["client_queue"],
            client_workers=conf["client_workers"],
        )

    def _spawn(self) -> _Worker:
        parent, child = _SPAWN.Pipe()
        process = _SPAWN.Process(
            target=worker.main,
            args=(self.store_path, child, self.memory_mb, self.wall, self.spool),
            daemon=True,
            name="jkg-query",
        )
        process.start()
        child.close()
        try:
            hello = parent.recv() if parent.poll(60) else "no answer in 60 s"
        except (EOFError, OSError):
            hello = "it exited"
        if not (isinstance(hello, tuple) and hello[0] == "ready"):
            process.kill()
            process.join(5)
            parent.close()
            raise RuntimeError(f"a query worker could not start on the store {self.store_path}: {hello}")
        if hello[1] != self.walled:
            (log.info if self.wall else log.warning)("query workers walled off the network by %s", hello[1])
            self.walled = hello[1]
        return _Worker(process, parent)

    def start(self) -> None:
        """Start the worker processes (idempotent; called lazily by the first query)."""
        with self._lock:
            if self._started:
                return
            workers = [self._spawn() for _ in range(self.size)]
            for w in workers:
                self.line.give(w)
            self._started = True

    def _replace(self, dead: _Worker, *, recycle: bool = False) -> None:
        """Kill a worker and start another in its place (waiting for the end of the old one in a thread, so that
        a caller on an event loop is not held up)."""
        dead.process.kill()
        with self._lock:
            if recycle:
                self.recycled += 1
            else:
                self.replaced += 1
            self.missing += 1
        threading.Thread(target=self._respawn, args=(dead,), name="jkg-respawn", daemon=True).start()

    def _respawn(self, dead: _Worker) -> None:
        """Start a worker in place of a dead one, trying again (1 s, 2 s, … up to 30 s apart) while it fails."""
        dead.process.join(5)
        dead.conn.close()
        spool.forget(self.spool, dead.process.pid or 0)
        delay = 1.0
        while not self._closed.is_set():
            try:
                fresh = self._spawn()
            except (RuntimeError, OSError) as e:
                self.last_error = str(e)
                log.error("could not start a query worker: %s; retrying in %.0f s", e, delay)
                self._closed.wait(delay)
                delay = min(delay * 2, 30.0)
                continue
            with self._lock:
                self.missing -= 1
                self.last_error = ""
            if self._closed.is_set():
                fresh.process.kill()
            else:
                self.line.give(fresh)
            return

    def run(self, job: Job, timeout: float, client: str = "", then: Callable[[Answer], Answer] | None = None) -> Answer:
        """Run a job for a client; raise Overloaded, ClientOverShare, WorkersUnavailable, QueryTimeout or
        WorkerCrashed. `then`, given a successful answer, makes the answer returned, while the worker is held (jkg
        serve --engine: the job checked in the worker, then sent to another store in the same fair turn)."""
        self.start()
        deadline = time.monotonic() + timeout
        while True:
            w = self._wait(client, deadline)
            if w.process.is_alive():
                break
            log.error("query worker %s died while idle (exit code %s)", w.process.pid, w.process.exitcode)
            self.settle(w, client, None)
        try:
            w.conn.send(job)
            if not w.answered(deadline - time.monotonic()):
                log.warning("query exceeded %.1f s; killing worker %s", timeout, w.process.pid)
                self.settle(w, client, None)
                raise QueryTimeout
            answer: Answer = w.conn.recv()
        except (EOFError, OSError, BrokenPipeError):
            log.error("query worker %s died (exit code %s)", w.process.pid, w.process.exitcode)
            self.settle(w, client, None)
            raise WorkerCrashed from None
        try:
            if then is not None and answer.status == 200:
                answer = then(answer)  # still holding the worker: its turn in the fair line lasts until this ends
        finally:
            self.settle(w, client, answer)
        return answer

    # ------------------------------------------------------------ run()'s steps, for a caller on an event loop
    # (jkg.server.looprun): the same line, the same kill and replacement, without a thread waiting.

    @property
    def started(self) -> bool:
        return self._started

    def join(self, client: str, on_ready: Callable[[], None]) -> Ticket[_Worker]:
        """Join the fair line (raise Overloaded or ClientOverShare); `on_ready` is called once a worker is held."""
        return self.line.join(client, on_ready)

    def settle(self, w: _Worker, client: str, answer: Answer | None) -> None:
        """A held worker's job is over: give it back, or replace it (no answer: it died or was killed; or it grew
        large), as run() does."""
        self.line.finished(client)
        if answer is None:
            self._replace(w)
        elif self._closed.is_set():
            w.process.kill()
        elif answer.retire:
            log.info("query worker %s grew large; replacing it", w.process.pid)
            self._replace(w, recycle=True)
        else:
            self.line.give(w)

    def _wait(self, client: str, deadline: float) -> _Worker:
        """A worker for this client, in its fair turn, before the deadline."""
        ticket = self.line.join(client)
        while not ticket.ready.wait(max(0.0, min(0.5, deadline - time.monotonic()))):
            unavailable = self.failing() and self.missing >= self.size
            if unavailable or time.monotonic() >= deadline:
                handed = self.line.leave(ticket)
                if handed is not None:  # it came just now: give it on
                    self.line.finished(client)
                    self.line.give(handed)
                raise WorkersUnavailable if unavailable else Overloaded
        assert ticket.worker is not None
        return ticket.worker

    def failing(self) -> bool:
        """Whether workers are missing because they cannot be started (the server cannot answer queries)."""
        return self.missing > 0 and bool(self.last_error)

    def alive(self) -> int:
        """Idle workers that are alive (busy ones are not counted)."""
        return sum(1 for w in list(self.line.idle) if w.process.is_alive())

    def close(self) -> None:
        """Stop every worker (busy ones are killed when their query returns to the pool)."""
        self._closed.set()
        for w in self.line.take_idle():
            w.process.kill()
            w.conn.close()
        shutil.rmtree(self.spool, ignore_errors=True)  # answers being sent are open (and unlinked) already
