"""The build a running server answers from, and the switch to a newer one published into its data folder.

Each build being served is a Generation: the build opened read-only, its own pool of query workers and a lease
that keeps the build's folder from being pruned. A watcher looks at DATA/current every `reload_interval`
seconds (at once on SIGHUP); when it names another complete build, a new generation is opened and its workers
started, then new requests go to it. A request keeps the generation it began with, so in-flight requests
finish on the old build, which is closed (workers stopped, lease given back) when its last request ends.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jkg import layout, lease
from jkg.server.answers import AnswerCache
from jkg.server.enginejobs import open_on_engine
from jkg.server.pool import QueryPool
from jkg.server.runner import Runner
from jkg.server.store import Published, open_build

log = logging.getLogger(__name__)
OPEN_ATTEMPTS = 5  # a build pruned between reading `current` and taking its lease: look again


@dataclass
class Generation:
    """One build being served: opened, with its workers and its lease."""

    published: Published
    pool: Runner
    lease: lease.Lease
    cache: dict[str, Any] = field(default_factory=dict)  # what pages compute once per build
    answers: AnswerCache = field(default_factory=lambda: AnswerCache(0))  # query answers asked again
    users: int = 0
    retired: bool = False

    @property
    def name(self) -> str:
        return self.published.folder.name

    def close(self) -> None:
        self.pool.close()
        self.lease.release()


def open_generation(data: Path, conf: dict[str, Any], *, start: bool) -> Generation:
    """Lease, open and (with `start`) start the workers of the current build of a data folder."""
    for _ in range(OPEN_ATTEMPTS):
        build = layout.current(data)
        held = lease.take(build.path)
        if held is None:
            continue
        if not build.is_complete():
            held.release()
            continue
        try:
            pool: Runner
            if conf.get("engine"):
                published, pool = open_on_engine(build, conf)
            else:
                published = open_build(build)
                pool = QueryPool.configured(str(build.store), conf)
            if start:
                pool.start()
        except BaseException:
            held.release()
            raise
        budget = 0 if conf.get("engine") else int(conf["answer_cache_mb"]) << 20  # the engine may be reloaded
        return Generation(published, pool, held, answers=AnswerCache(budget))
    raise layout.NotPublished(f"the current build of {data} kept changing or disappearing; try again")


class Builds:
    """The current generation, and the older ones still answering requests that began on them."""

    def __init__(self, data: Path, conf: dict[str, Any], *, start: bool) -> None:
        self.data = data
        self.conf = conf
        self.start_workers = start
        self._lock = threading.Lock()
        self._current = open_generation(data, conf, start=start)
        self._wake = threading.Event()
        self._closed = False
        self._watcher: threading.Thread | None = None
        self.switches = 0
        self.last_error = ""

    @property
    def current(self) -> Generation:
        return self._current

    def acquire(self) -> Generation:
        """The current generation, held for one request until release()."""
        with self._lock:
            self._current.users += 1
            return self._current

    def release(self, generation: Generation) -> None:
        with self._lock:
            generation.users -= 1
            done = generation.retired and generation.users == 0
        if done:
            log.info("closing build %s: its last request has ended", generation.name)
            generation.close()

    def check(self) -> bool:
        """Switch to the build DATA/current names if it is another one; True if it switched."""
        try:
            target = layout.current(self.data).path
        except layout.NotPublished as e:
            self.last_error = str(e)
            return False
        if target == self._current.published.folder:
            return False
        try:
            fresh = open_generation(self.data, self.conf, start=self.start_workers)
        except (layout.NotPublished, OSError, RuntimeError, ValueError) as e:
            self.last_error = f"could not open the new build {target.name}: {e}"
            log.error("%s; still serving %s", self.last_error, self._current.name)
            return False
        with self._lock:
            old, self._current = self._current, fresh
            old.retired = True
            idle = old.users == 0
            self.switches += 1
            self.last_error = ""
        log.info("now serving build %s (was %s)", fresh.name, old.name)
        if idle:
            old.close()
        return True

    def watch(self, interval: float) -> None:
        """Check DATA/current every `interval` seconds in a thread (0: never by itself), and at once after
        reload_soon()."""
        if self._watcher is not None:
            return

        def loop() -> None:
            while not self._closed:
                self._wake.wait(interval if interval > 0 else None)
                self._wake.clear()
                if not self._closed:
                    self.check()

        self._watcher = threading.Thread(target=loop, name="jkg-build-watcher", daemon=True)
        self._watcher.start()

    def reload_soon(self) -> None:
        """Look at DATA/current now (the SIGHUP handler calls this; safe from a signal handler)."""
        self._wake.set()

    def close(self) -> None:
        self._closed = True
        self._wake.set()
        with self._lock:
            self._current.close()
