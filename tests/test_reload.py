"""A running server follows the builds published into its data folder: new requests go to the new build,
in-flight ones finish on the old one, a build in use is never pruned, and /-/health says when workers cannot
start. Real `jkg serve` and `jkg build` processes; the in-flight request is held by stopping its worker."""

from __future__ import annotations

import json
import os
import shutil
import signal
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from tests.conftest import BUNDLED, jkg
from tests.serving import running_server

PROJECTS = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a <https://data.jimujigyo-kg.example/def/jkg#Project> }"
HEADER = "通し番号\t事業番号\t事務事業名\t課名\t事業の目的\t事業の概要\t成果"


def small_list(path: Path, rows: int) -> Path:
    """A list in the bundled layout with `rows` projects (our own text)."""
    lines = ["つくば市 令和3年度事務事業一覧（再読込テスト）", "", HEADER]
    for n in range(1, rows + 1):
        lines.append(f"{n}\t{900 + n}\t試験事業{n}\t政策イノベーション部 情報政策課\t目的{n}\t概要{n}\t成果{n}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def get(url: str, timeout: float = 60) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def projects(server: str, comment: str = "", timeout: float = 60) -> int:
    """The number of projects; another `comment` is another query text, which the answer cache cannot answer."""
    status, body = get(server + "/sparql?query=" + quote(PROJECTS + comment), timeout)
    assert status == 200, body
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def health(server: str) -> tuple[int, dict[str, object]]:
    status, body = get(server + "/-/health")
    return status, json.loads(body)


def wait_for(predicate: object, what: str, seconds: float = 60) -> None:
    """Poll (bounded) until predicate() is true."""
    deadline = time.monotonic() + seconds
    while not predicate():  # type: ignore[operator]
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.1)


def query_workers(root: int) -> set[int]:
    """The query worker processes under a server process (multiprocessing spawn children)."""
    found: set[int] = set()
    parents = {root}
    for _ in range(4):  # jkg serve → HTTP process → workers
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) in parents:
                parents.add(int(entry))
                if b"spawn_main" in cmdline:
                    found.add(int(entry))
    return found


@contextmanager
def stopped(pids: set[int]) -> Iterator[None]:
    for pid in pids:
        os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        for pid in pids:
            os.kill(pid, signal.SIGCONT)


def test_a_new_build_is_picked_up_and_the_old_one_kept_while_in_use(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert jkg("build", *map(str, BUNDLED), "--out", str(data), "--no-progress").returncode == 0
    small = small_list(tmp_path / "small.txt", 3)
    # The in-flight request waits (its worker stopped) through three builds: neither its time limit nor its
    # client's may end it first, however slow the machine.
    env = {"JKG_RELOAD_INTERVAL": "0.2", "JKG_TIMEOUT": "1200", "JKG_WORKERS": "2"}
    with running_server(data, env=env) as server:
        first = (data / "current").resolve().name
        assert projects(server) == 47
        old_workers = query_workers(server_pid(data))
        assert old_workers, "no query workers found"
        answer: list[int] = []
        with stopped(old_workers):
            in_flight = threading.Thread(target=lambda: answer.append(projects(server, " # in flight", 1200)))
            in_flight.start()
            wait_for(lambda: health(server)[1]["idle_workers"] == 1, "the query to reach a worker")
            for _ in range(3):  # three builds: without a lease, pruning would remove the one in use
                assert jkg("build", str(small), "--out", str(data), "--no-progress").returncode == 0
            newest = (data / "current").resolve().name
            wait_for(lambda: health(server)[1].get("build") == newest, "the server to switch to the newest build")
            assert projects(server) == 3
            assert (data / "builds" / first / "store").is_dir(), "the build in use was pruned"
            status, body = get(server + "/-/version")
            assert status == 200 and json.loads(body)["rows"] == 3
            assert not answer
        in_flight.join(120)
        assert answer == [47], "the in-flight request must finish on the build it began with"
        # Its build is given back once its last request ends; the next build may then prune it.
        assert jkg("build", str(small), "--out", str(data), "--no-progress").returncode == 0
        wait_for(lambda: not (data / "builds" / first).exists(), "the released build to be pruned")
        assert projects(server) == 3
        # Replacement workers open the current build.
        for pid in query_workers(server_pid(data)):
            os.kill(pid, signal.SIGKILL)
        wait_for(lambda: get(server + "/sparql?query=" + quote(PROJECTS))[0] == 200, "replacement workers")
        assert projects(server) == 3


def test_health_is_unhealthy_when_workers_cannot_start(tmp_path: Path, bundled_out: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(bundled_out, data, symlinks=True)
    with running_server(data) as server:
        assert health(server)[0] == 200
        shutil.rmtree(data / "current" / "store")  # an operator's mistake: the store under a running server
        for pid in query_workers(server_pid(data)):
            os.kill(pid, signal.SIGKILL)
        get(server + "/sparql?query=" + quote(PROJECTS))  # finds its worker dead; the replacement cannot start
        wait_for(lambda: health(server)[0] == 503, "/-/health to report the failure")
        _, body = health(server)
        assert body["status"] == "unhealthy" and "cannot open the store" in str(body["error"])


def server_pid(data: Path) -> int:
    """The pid of the `jkg serve` process serving `data` (the one whose command line names it)."""
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"serve" in cmdline and str(data).encode() in cmdline:
                return int(entry)
    raise AssertionError(f"no server process for {data}")


def test_sighup_picks_up_a_new_build_at_once(tmp_path: Path, bundled_out: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(bundled_out, data, symlinks=True)
    small = small_list(tmp_path / "small.txt", 2)
    with running_server(data, env={"JKG_RELOAD_INTERVAL": "0"}) as server:  # no polling: only the signal
        assert projects(server) == 47
        assert jkg("build", str(small), "--out", str(data), "--no-progress").returncode == 0
        newest = (data / "current").resolve().name
        assert health(server)[1]["build"] != newest
        os.kill(server_pid(data), signal.SIGHUP)
        wait_for(lambda: health(server)[1].get("build") == newest, "the server to switch on SIGHUP")
        assert projects(server) == 2
