"""A pool of query worker processes: bounded admission, a hard time limit (kill and replace), crash recovery."""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from jkg.server import worker
from jkg.server.worker import Answer, Job

log = logging.getLogger(__name__)
_SPAWN = multiprocessing.get_context("spawn")  # never fork a threaded server process


class Overloaded(Exception):
    """Every worker is busy and the waiting line is full."""


class QueryTimeout(Exception):
    """The query ran past its time limit; its worker was killed."""


class WorkerCrashed(Exception):
    """The worker died while running the query (e.g. it hit its memory cap)."""


@dataclass
class _Worker:
    process: BaseProcess
    conn: Connection


class QueryPool:
    """Runs jobs in `size` processes; at most `size + waiting` requests are admitted at once."""

    def __init__(self, store_path: str, size: int, waiting: int, memory_mb: int) -> None:
        self.store_path = store_path
        self.size = size
        self.memory_mb = memory_mb
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._admitted = threading.BoundedSemaphore(size + waiting)
        self._lock = threading.Lock()
        self._started = False
        self._closed = False
        self.replaced = 0

    def _spawn(self) -> _Worker:
        parent, child = _SPAWN.Pipe()
        process = _SPAWN.Process(
            target=worker.main, args=(self.store_path, child, self.memory_mb), daemon=True, name="jkg-query"
        )
        process.start()
        child.close()
        if not parent.poll(60) or parent.recv() != "ready":
            process.kill()
            raise RuntimeError(f"a query worker could not open the store {self.store_path}")
        return _Worker(process, parent)

    def start(self) -> None:
        """Start the worker processes (idempotent; called lazily by the first query)."""
        with self._lock:
            if self._started:
                return
            workers = [self._spawn() for _ in range(self.size)]
            for w in workers:
                self._idle.put(w)
            self._started = True

    def _replace(self, dead: _Worker) -> None:
        dead.process.kill()
        dead.process.join(5)
        dead.conn.close()
        self.replaced += 1

        def respawn() -> None:
            if not self._closed:
                self._idle.put(self._spawn())

        threading.Thread(target=respawn, name="jkg-respawn", daemon=True).start()

    def run(self, job: Job, timeout: float) -> Answer:
        """Run a job; raise Overloaded, QueryTimeout or WorkerCrashed."""
        self.start()
        if not self._admitted.acquire(blocking=False):
            raise Overloaded
        deadline = time.monotonic() + timeout
        try:
            try:
                w = self._idle.get(timeout=timeout)
            except queue.Empty:
                raise Overloaded from None
            try:
                w.conn.send(job)
                if not w.conn.poll(max(0.0, deadline - time.monotonic())):
                    log.warning("query exceeded %.1f s; killing worker %s", timeout, w.process.pid)
                    self._replace(w)
                    raise QueryTimeout
                answer: Answer = w.conn.recv()
            except (EOFError, OSError, BrokenPipeError):
                log.error("query worker %s died (exit code %s)", w.process.pid, w.process.exitcode)
                self._replace(w)
                raise WorkerCrashed from None
            self._idle.put(w)
            return answer
        finally:
            self._admitted.release()

    def alive(self) -> int:
        """Idle workers that are alive (busy ones are not counted)."""
        return sum(1 for w in list(self._idle.queue) if w.process.is_alive())

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        while True:
            try:
                w = self._idle.get_nowait()
            except queue.Empty:
                return
            w.process.kill()
            w.conn.close()
