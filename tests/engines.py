"""Start real SPARQL stores for the tests: Virtuoso 7.2 (Debian `virtuoso-opensource`) and the Oxigraph server
(PyPI `oxigraph`), each on free 127.0.0.1 ports with its own configuration and data in a temporary folder.

    with virtuoso_server(tmp) as v:      # v.query_url (/sparql, anonymous), v.gsp_url (/sparql-graph-crud-auth,
        ...                              # Digest as v.user / v.password), v.isql(sql) as dba (v.dba_password)
    with oxigraph_server(tmp) as o:      # o.query_url (/query), o.gsp_url (/store), no authentication

Each server runs in its own session and is stopped in a `finally` (Virtuoso by `shutdown` over isql first), then
SIGTERM and SIGKILL to its process group; it is also asked (PR_SET_PDEATHSIG) to die with the test process, and an
atexit hook kills any left. Virtuoso's dba password is replaced by a random one at start, and writes go through a
user that only holds SPARQL_UPDATE. When a binary is missing the engine's tests are skipped, unless $CI or
$JKG_REQUIRE_ENGINES is set: then they fail, so that CI cannot pass by skipping them.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REQUIRE = bool(os.environ.get("CI") or os.environ.get("JKG_REQUIRE_ENGINES"))


class EngineError(RuntimeError):
    """A store could not be found, started or driven."""


_LIVE: dict[int, subprocess.Popen[bytes]] = {}


def _kill(proc: subprocess.Popen[bytes], grace: float) -> None:
    if proc.poll() is None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=10)
    _LIVE.pop(proc.pid, None)


atexit.register(lambda: [_kill(p, 2.0) for p in list(_LIVE.values())])


def _die_with_parent() -> None:
    """preexec_fn: SIGTERM the store when the thread that started it dies (start stores from the main thread)."""
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM), 0, 0, 0)  # PR_SET_PDEATHSIG


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _which(name: str, env: str, extra: list[Path]) -> str:
    if os.environ.get(env):
        return os.environ[env]
    for folder in extra:
        if (folder / name).is_file():
            return str(folder / name)
    found = shutil.which(name)
    if found is None:
        raise EngineError(f"{name} not found (set ${env})")
    return found


def find_virtuoso() -> str:
    return _which("virtuoso-t", "VIRTUOSO_BIN", [Path("/usr/bin")])


def find_isql() -> str:
    return _which("isql-vt", "ISQL_BIN", [Path("/usr/bin")])


def find_oxigraph() -> str:
    return _which("oxigraph", "OXIGRAPH_BIN", [Path(sys.executable).parent])


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text("utf-8", "replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def _wait_ready(proc: subprocess.Popen[bytes], url: str, log: Path, timeout: float) -> None:
    deadline, last = time.monotonic() + timeout, "no answer"
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise EngineError(f"the store exited with {proc.returncode} while starting:\n{_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except urllib.error.HTTPError as e:
            last = f"HTTP {e.code}"
        except OSError as e:
            last = repr(e)
        time.sleep(0.1)
    raise EngineError(f"the store was not ready in {timeout:.0f} s ({last}):\n{_tail(log)}")


@dataclass
class Store:
    """A running store: where to query, where to write, as whom."""

    name: str  # "virtuoso" or "oxigraph"
    base_url: str
    query_url: str
    gsp_url: str
    workdir: Path
    process: subprocess.Popen[bytes]
    user: str = ""  # the writer (empty: the store needs none)
    password: str = ""


@dataclass
class Virtuoso(Store):
    isql_port: int = 0
    dba_password: str = "dba"
    load_dir: Path = Path()  # in DirsAllowed: where bulk-load files go

    def isql(self, sql: str, *, timeout: float = 600.0) -> str:
        """SQL as dba through isql-vt; EngineError when a statement fails."""
        command = [find_isql(), f"127.0.0.1:{self.isql_port}", "dba", self.dba_password]
        command += ["VERBOSE=OFF", "BANNER=OFF", "PROMPT=OFF", "ERRORS=STDOUT"]
        done = subprocess.run(
            command, input=(sql.rstrip().rstrip(";") + ";\n").encode(), capture_output=True, timeout=timeout
        )
        out = done.stdout.decode("utf-8", "replace") + done.stderr.decode("utf-8", "replace")
        if done.returncode != 0 or "*** Error" in out:
            raise EngineError(f"isql failed:\n{sql}\n--\n{out}")
        return out


VIRTUOSO_INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{isql_port}
DisableUnixSocket        = 1
MaxClientConnections     = 10
CheckpointInterval       = 60
CaseMode                 = 2
AllowOSCalls             = 0
DirsAllowed              = ., {root}, {load}
MaxQueryMem              = 256M
ThreadsPerQuery          = 2
NumberOfBuffers          = 40000
MaxDirtyBuffers          = 30000

[HTTPServer]
ServerPort               = 127.0.0.1:{http_port}
ServerRoot               = {vsp}
MaxClientConnections     = 10
ServerThreads            = 10
EnabledDavVSP            = 0
HTTPProxyEnabled         = 0
Charset                  = UTF-8

[SPARQL]
ResultSetMaxRows           = {max_rows}
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime      = {max_seconds}
DefaultQuery               = SELECT * WHERE {{ ?s ?p ?o }} LIMIT 10
"""


@contextlib.contextmanager
def virtuoso_server(tmp: Path, *, max_rows: int = 1_000_000, max_seconds: int = 60) -> Iterator[Virtuoso]:
    """A private Virtuoso with [SPARQL] ResultSetMaxRows and MaxQueryExecutionTime as given."""
    binary = find_virtuoso()
    root = Path(tempfile.mkdtemp(prefix="virtuoso-", dir=tmp)).resolve()
    db, vsp, load = root / "db", root / "vsp", root / "load"
    for folder in (db, vsp, load):
        folder.mkdir()
    proc: subprocess.Popen[bytes] | None = None
    store: Virtuoso | None = None
    try:
        http_port, isql_port = free_port(), free_port()
        ini = root / "virtuoso.ini"
        ini.write_text(
            VIRTUOSO_INI.format(
                db=db,
                vsp=vsp,
                root=root,
                load=load,
                isql_port=isql_port,
                http_port=http_port,
                max_rows=max_rows,
                max_seconds=max_seconds,
            ),
            encoding="utf-8",
        )
        with (root / "stdout.log").open("ab") as log:
            proc = subprocess.Popen(
                [binary, "+foreground", "+configfile", str(ini)],
                cwd=db,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        _LIVE[proc.pid] = proc
        base = f"http://127.0.0.1:{http_port}"
        store = Virtuoso(
            "virtuoso",
            base,
            f"{base}/sparql",
            f"{base}/sparql-graph-crud-auth",
            root,
            proc,
            isql_port=isql_port,
            load_dir=load,
        )
        _wait_ready(proc, f"{base}/sparql?query=ASK%7B%7D", db / "virtuoso.log", 120)
        dba = "k" + secrets.token_hex(16)
        store.isql(f"USER_SET_PASSWORD('dba', '{dba}')")
        store.dba_password = dba
        store.user, store.password = "jkg_writer", "k" + secrets.token_hex(16)
        store.isql(f"DB.DBA.USER_CREATE('{store.user}', '{store.password}');\nGRANT SPARQL_UPDATE TO \"{store.user}\";")
        yield store
    finally:
        if store is not None and proc is not None and proc.poll() is None:
            with contextlib.suppress(Exception):
                store.isql("shutdown", timeout=30)
        if proc is not None:
            _kill(proc, 10)
        shutil.rmtree(root, ignore_errors=True)


@contextlib.contextmanager
def oxigraph_server(tmp: Path, *, union_default_graph: bool = False) -> Iterator[Store]:
    """`oxigraph serve` on a free loopback port, with a store on disk."""
    binary = find_oxigraph()
    root = Path(tempfile.mkdtemp(prefix="oxigraph-", dir=tmp)).resolve()
    port = free_port()
    command = [binary, "serve", "--location", str(root / "data"), "--bind", f"127.0.0.1:{port}"]
    if union_default_graph:
        command.append("--union-default-graph")
    log = root / "oxigraph.log"
    proc: subprocess.Popen[bytes] | None = None
    try:
        with log.open("ab") as out:
            proc = subprocess.Popen(
                command,
                cwd=root,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
                preexec_fn=_die_with_parent,
            )
        _LIVE[proc.pid] = proc
        base = f"http://127.0.0.1:{port}"
        _wait_ready(proc, f"{base}/query?query=ASK%7B%7D", log, 60)
        yield Store("oxigraph", base, f"{base}/query", f"{base}/store", root, proc)
    finally:
        if proc is not None:
            _kill(proc, 10)
        shutil.rmtree(root, ignore_errors=True)
