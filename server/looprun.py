"""A query job run from the front's event loop: QueryPool.run's steps (the fair line, the job sent to a worker,
its time limit, a dead or killed worker replaced) in callbacks, so that no thread waits for the worker and no
thread hand-off is paid. The job goes to the same pool and the same fair line as the jobs of threads, so
fairness, admission (Overloaded, ClientOverShare) and the time limit are the pool's own.

Everything here runs on the loop; the pool waits for the end of a killed worker in a thread of its own.
"""

from __future__ import annotations

import asyncio
import logging
import os
import pickle
import threading
import time
from collections.abc import Callable

from jkg.server.fairness import ClientOverShare, Overloaded, Ticket
from jkg.server.pool import QueryPool, QueryTimeout, WorkerCrashed, WorkersUnavailable, _Worker
from jkg.server.worker import Answer, Job

log = logging.getLogger(__name__)
Done = Callable[[Answer | Exception], None]  # the answer, or the pool's exception for it
LOOK_EVERY = 0.5  # seconds between looks, while waiting, at whether workers can start at all (as run() does)


class LoopRun:
    """One job: start() joins the line; `done` is called once, on the loop, with the answer or the exception
    QueryPool.run would have raised (Overloaded, ClientOverShare, QueryTimeout, WorkerCrashed,
    WorkersUnavailable)."""

    def __init__(
        self, loop: asyncio.AbstractEventLoop, pool: QueryPool, job: Job, timeout: float, client: str, done: Done
    ) -> None:
        self.loop = loop
        self.pool = pool
        self.job = job
        self.timeout = timeout
        self.client = client
        self.done = done
        self.deadline = time.monotonic() + timeout
        self.loop_thread = threading.get_ident()  # made on the loop
        self.ticket: Ticket[_Worker] | None = None
        self.worker: _Worker | None = None
        self.timer: asyncio.TimerHandle | None = None
        self.finished = False

    # ---------------------------------------------------------------- waiting for a worker
    def start(self) -> None:
        try:
            self.ticket = self.pool.join(self.client, self._ready)
        except (Overloaded, ClientOverShare) as e:
            self._end(e)
            return
        if not self.ticket.ready.is_set():
            self.timer = self.loop.call_later(min(LOOK_EVERY, self.deadline - time.monotonic()), self._look)

    def _ready(self) -> None:
        """From whichever thread gave the worker back (under the line's lock): go on, on the loop."""
        if threading.get_ident() == self.loop_thread:
            self.loop.call_soon(self._go)
        else:
            self.loop.call_soon_threadsafe(self._go)

    def _look(self) -> None:
        """While waiting: give up at the deadline (Overloaded) or when no worker can start (WorkersUnavailable)."""
        self.timer = None
        if self.finished or self.ticket is None or self.ticket.ready.is_set():
            return  # a worker came: _go is on its way
        unavailable = self.pool.failing() and self.pool.missing >= self.pool.size
        if not unavailable and time.monotonic() < self.deadline:
            self.timer = self.loop.call_later(min(LOOK_EVERY, self.deadline - time.monotonic()), self._look)
            return
        handed = self.pool.line.leave(self.ticket)
        if handed is not None:  # it came just now: give it on
            self.pool.line.finished(self.client)
            self.pool.line.give(handed)
        self._end(WorkersUnavailable() if unavailable else Overloaded())

    # ---------------------------------------------------------------- running
    def _go(self) -> None:
        if self.finished or self.ticket is None or self.ticket.worker is None:
            return
        self._cancel()
        w = self.worker = self.ticket.worker
        if not w.process.is_alive():
            log.error("query worker %s died while idle (exit code %s)", w.process.pid, w.process.exitcode)
            self.worker = None
            self._settle(w, None)
            if time.monotonic() >= self.deadline:
                self._end(Overloaded())
            else:
                self.start()  # as run() does: wait for another one
            return
        try:
            w.conn.send_bytes(pickle.dumps(self.job, pickle.HIGHEST_PROTOCOL))  # what send() does, less its setup
        except (OSError, ValueError):
            self._crashed(w)
            return
        self.loop.add_reader(w.conn.fileno(), self._answered)
        self.timer = self.loop.call_later(max(0.0, self.deadline - time.monotonic()), self._timed_out)

    def _answered(self) -> None:
        w = self.worker
        if w is None or self.finished:
            return
        self._cancel()
        self._unwatch(w)
        try:
            answer: Answer = w.conn.recv()  # the rest of a long answer is read as it comes, as run() does
        except (EOFError, OSError):
            self._crashed(w)
            return
        self.worker = None
        self._settle(w, answer)
        self._end(answer)

    def _timed_out(self) -> None:
        self.timer = None
        w = self.worker
        if w is None or self.finished:
            return
        self._unwatch(w)
        log.warning("query exceeded %.1f s; killing worker %s", self.timeout, w.process.pid)
        self.worker = None
        self._settle(w, None)
        self._end(QueryTimeout())

    def _crashed(self, w: _Worker) -> None:
        log.error("query worker %s died (exit code %s)", w.process.pid, w.process.exitcode)
        self.worker = None
        self._settle(w, None)
        self._end(WorkerCrashed())

    def _unwatch(self, w: _Worker) -> None:
        """Stop watching the worker's pipe, and make it blocking again: uvloop's add_reader made it non-blocking,
        and a read of a long answer, here or by a thread's run() later, must wait for the rest of it."""
        self.loop.remove_reader(w.conn.fileno())
        os.set_blocking(w.conn.fileno(), True)

    # ---------------------------------------------------------------- ending
    def _settle(self, w: _Worker, answer: Answer | None) -> None:
        """Give the worker back, or kill and replace it (the pool waits for its end in a thread); the job is
        answered even if that fails."""
        try:
            self.pool.settle(w, self.client, answer)
        except Exception:
            log.exception("giving query worker %s back failed", w.process.pid)

    def _cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()
            self.timer = None

    def _end(self, outcome: Answer | Exception) -> None:
        if self.finished:
            return
        self.finished = True
        self._cancel()
        self.done(outcome)
