"""netwall in a spawn-context worker: nothing reaches the parent's loopback listeners, the Pipe still works."""

from __future__ import annotations

import contextlib
import ctypes
import errno
import multiprocessing
import os
import platform
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

import pyoxigraph
import pytest

from jkg.server import netwall, seccomp

_SPAWN = multiprocessing.get_context("spawn")
_EX = "http://example.org/"


def _ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


@dataclass
class Listeners:
    """TCP (IPv4 and, if there is one, IPv6 loopback) and UDP listeners in the parent, counting arrivals."""

    tcp: socket.socket
    tcp6: socket.socket | None
    udp: socket.socket
    accepted: list[str] = field(default_factory=list)
    datagrams: list[bytes] = field(default_factory=list)
    _stop: threading.Event = field(default_factory=threading.Event)
    _threads: list[threading.Thread] = field(default_factory=list)

    def ports(self) -> tuple[int, int | None, int]:
        return (
            self.tcp.getsockname()[1],
            self.tcp6.getsockname()[1] if self.tcp6 else None,
            self.udp.getsockname()[1],
        )

    def _accept(self, server: socket.socket) -> None:
        server.settimeout(0.1)
        while not self._stop.is_set():
            try:
                conn, peer = server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            with conn:
                conn.settimeout(1)
                try:
                    head = conn.recv(200)
                except OSError:
                    head = b""
                self.accepted.append(f"{peer!r}: {head!r}")

    def _receive(self) -> None:
        self.udp.settimeout(0.1)
        while not self._stop.is_set():
            try:
                self.datagrams.append(self.udp.recv(2048))
            except TimeoutError:
                continue
            except OSError:
                return

    def start(self) -> None:
        servers = [s for s in (self.tcp, self.tcp6) if s is not None]
        self._threads = [threading.Thread(target=self._accept, args=(s,), daemon=True) for s in servers]
        self._threads.append(threading.Thread(target=self._receive, daemon=True))
        for t in self._threads:
            t.start()

    def close(self) -> None:
        """Stop; then count what is still queued (connections not accepted yet, datagrams not read), so that
        everything sent before close() is counted however slowly the threads ran."""
        if self._stop.is_set():
            return
        self._stop.set()
        for t in self._threads:
            t.join()
        for server in (self.tcp, self.tcp6):
            if server is not None:
                server.setblocking(False)
                with contextlib.suppress(BlockingIOError):
                    while True:
                        conn, peer = server.accept()
                        self.accepted.append(f"{peer!r}: (still in the backlog)")
                        conn.close()
        self.udp.setblocking(False)
        with contextlib.suppress(BlockingIOError):
            while True:
                self.datagrams.append(self.udp.recv(2048))
        for s in (self.tcp, self.tcp6, self.udp):
            if s is not None:
                s.close()


@pytest.fixture
def listeners() -> Iterator[Listeners]:
    tcp = socket.create_server(("127.0.0.1", 0))
    tcp6 = socket.create_server(("::1", 0), family=socket.AF_INET6) if _ipv6_loopback() else None
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", 0))
    ls = Listeners(tcp, tcp6, udp)
    ls.start()
    yield ls
    ls.close()


@pytest.fixture
def store_path(tmp_path: Path) -> str:
    path = str(tmp_path / "store")
    store = pyoxigraph.Store(path)
    store.add(
        pyoxigraph.Quad(pyoxigraph.NamedNode(_EX + "s"), pyoxigraph.NamedNode(_EX + "p"), pyoxigraph.Literal("o"))
    )
    store.flush()
    del store
    return path


def _select(store: pyoxigraph.Store, query: str) -> list[pyoxigraph.QuerySolution]:
    solutions = store.query(query)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    return list(solutions)


def _attempt(results: dict[str, str], name: str, action: object) -> None:
    """Run `action` (a callable) and record 'ok' or the exception it raised."""
    assert callable(action)
    try:
        action()
        results[name] = "ok"
    except Exception as e:
        results[name] = f"{type(e).__name__}: {e}"


def _worker(
    conn: Connection,
    mechanisms: tuple[str, ...],
    ports: tuple[int, int | None, int],
    store_path: str,
    old_thread: bool,
    late_store: bool,
) -> None:
    """The query worker under test: the wall goes up first, as in a real worker, unless the flags say that the
    store (with its RocksDB threads) and/or a Python thread should exist before it; then everything is tried."""
    tcp_port, tcp6_port, udp_port = ports
    results: dict[str, str] = {"threads_at_start": str(len(os.listdir("/proc/self/task")))}
    store = pyoxigraph.Store.read_only(store_path) if late_store else None
    go = threading.Event()

    def thread_body() -> None:  # a thread that already exists when the wall goes up
        go.wait()
        _attempt(results, "tcp_from_old_thread", lambda: socket.create_connection(("127.0.0.1", tcp_port), 2))

    thread = threading.Thread(target=thread_body)
    if old_thread:
        thread.start()
    results["threads_before_wall"] = str(len(os.listdir("/proc/self/task")))
    started = time.perf_counter()
    try:
        results["mechanism"] = netwall.forbid_network(mechanisms=mechanisms)
        results["wall_seconds"] = f"{time.perf_counter() - started:.6f}"
    except netwall.NetworkWallUnavailable as e:
        results["unavailable"] = str(e)
    go.set()
    if old_thread:
        thread.join()
    if "unavailable" in results:
        conn.send(results)
        return
    results["forbidden_probe"] = str(netwall.network_forbidden())

    _attempt(results, "tcp4", lambda: socket.create_connection(("127.0.0.1", tcp_port), 2))
    if tcp6_port is not None:
        _attempt(results, "tcp6", lambda: socket.create_connection(("::1", tcp6_port), 2))
    _attempt(results, "socket_inet6", lambda: socket.socket(socket.AF_INET6, socket.SOCK_STREAM))

    def udp() -> None:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
            s.sendto(b"udp-from-worker", ("127.0.0.1", udp_port))

    _attempt(results, "udp_sendto", udp)

    def in_new_thread() -> None:
        errors: list[str] = []

        def body() -> None:
            try:
                socket.create_connection(("127.0.0.1", tcp_port), 2)
            except OSError as e:
                errors.append(str(e))

        t = threading.Thread(target=body)
        t.start()
        t.join()
        if errors:
            raise OSError(errors[0])

    _attempt(results, "tcp_from_new_thread", in_new_thread)

    def child_process() -> None:
        code = f"import socket; socket.create_connection(('127.0.0.1', {tcp_port}), 2)"
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=30)
        if done.returncode != 0:
            raise OSError(done.stderr.strip().splitlines()[-1])

    _attempt(results, "tcp_from_child_process", child_process)

    if store is None:
        store = pyoxigraph.Store.read_only(store_path)
    results["threads_after_store"] = str(len(os.listdir("/proc/self/task")))
    results["store_rows"] = str(len(_select(store, "SELECT * WHERE { ?s ?p ?o }")))
    for name, iri in {
        "service_ip": f"http://127.0.0.1:{tcp_port}/sparql",
        "service_localhost": f"http://localhost:{tcp_port}/sparql",
        "service_ipv6": f"http://[::1]:{tcp6_port or tcp_port}/sparql",
    }.items():
        t0 = time.perf_counter()
        _attempt(results, name, lambda iri=iri: _select(store, f"SELECT * WHERE {{ SERVICE <{iri}> {{ ?s ?p ?o }} }}"))
        results[name] += f" ({time.perf_counter() - t0:.3f} s)"
    _attempt(results, "memory_200mb", lambda: bytearray(200 * 1024 * 1024))

    conn.send(results)
    while True:  # the AF_UNIX pipe still works both ways
        try:
            message = conn.recv()
        except EOFError:
            return
        conn.send(("echo", message))


def _run_worker(
    mechanisms: tuple[str, ...], ls: Listeners, store_path: str, old_thread: bool = False, late_store: bool = False
) -> dict[str, str]:
    parent, child = _SPAWN.Pipe()
    args = (child, mechanisms, ls.ports(), store_path, old_thread, late_store)
    process = _SPAWN.Process(target=_worker, args=args, daemon=True)
    process.start()
    child.close()
    try:
        assert parent.poll(120), "the worker did not answer"
        results: dict[str, str] = parent.recv()
        if "unavailable" not in results:
            for i in range(3):
                parent.send(("ping", i))
                assert parent.poll(10)
                assert parent.recv() == ("echo", ("ping", i))
    finally:
        parent.close()
        process.join(10)
        if process.is_alive():
            process.kill()
    print(*(f"{k}: {v}" for k, v in results.items()), sep="\n")
    return results


_ATTEMPTS = (
    "tcp4",
    "socket_inet6",
    "udp_sendto",
    "tcp_from_new_thread",
    "tcp_from_child_process",
)
_SERVICES = ("service_ip", "service_localhost", "service_ipv6")


def _check(results: dict[str, str], ls: Listeners, old_thread: bool = False) -> None:
    ls.close()
    assert ls.accepted == [], f"connections reached the parent: {ls.accepted}"
    assert ls.datagrams == [], f"datagrams reached the parent: {ls.datagrams}"
    assert results["forbidden_probe"] == "True"
    tried = (*_ATTEMPTS, *_SERVICES, *(("tcp6",) if ls.tcp6 else ()), *(("tcp_from_old_thread",) * old_thread))
    for name in tried:
        if name == "socket_inet6" and results["mechanism"].startswith("network namespace"):
            continue  # a namespace allows sockets, it just has nowhere to send them
        assert not results[name].startswith("ok"), f"{name} was allowed: {results[name]}"
    assert results["store_rows"] == "1"
    assert results["memory_200mb"] == "ok"
    assert int(results["threads_after_store"]) > 1, "RocksDB threads were expected"


def test_seccomp_walls_a_spawned_worker(listeners: Listeners, store_path: str) -> None:
    results = _run_worker(("seccomp",), listeners, store_path)
    assert "unavailable" not in results, results.get("unavailable")
    assert results["mechanism"].startswith("seccomp-bpf")
    _check(results, listeners)
    assert results["threads_at_start"] == "1"  # a spawned worker starts single-threaded
    assert results["tcp4"].startswith("PermissionError")
    assert results["udp_sendto"].startswith("PermissionError")
    for name in ("service_ip", "service_localhost"):  # an OSError subclass, which the worker answers with 400
        assert results[name].startswith("PermissionError: Permission denied (os error 13)"), results[name]


def test_seccomp_covers_threads_started_before_it(listeners: Listeners, store_path: str) -> None:
    results = _run_worker(("seccomp",), listeners, store_path, old_thread=True, late_store=True)
    assert "unavailable" not in results, results.get("unavailable")
    assert int(results["threads_before_wall"]) >= 3, "the store's and the test's threads were expected"
    _check(results, listeners, old_thread=True)


def test_network_namespace_walls_a_single_threaded_worker(listeners: Listeners, store_path: str) -> None:
    results = _run_worker(("netns",), listeners, store_path)
    if "unavailable" in results:
        pytest.skip(f"no network namespace to be had here: {results['unavailable']}")
    assert results["mechanism"].startswith("network namespace")
    _check(results, listeners)
    assert results["tcp4"].startswith("OSError: [Errno 101]")  # Network is unreachable
    for name in _SERVICES:
        assert results[name].startswith("OSError"), results[name]


def test_network_namespace_refuses_a_threaded_process(listeners: Listeners, store_path: str) -> None:
    """unshare() would move only the calling thread: older threads would keep the network."""
    results = _run_worker(("netns",), listeners, store_path, old_thread=True)
    assert "single-threaded" in results["unavailable"], results["unavailable"]
    assert "mechanism" not in results


def _refusing_worker(conn: Connection) -> None:
    try:
        netwall.forbid_network(mechanisms=())
    except netwall.NetworkWallUnavailable as e:
        conn.send(str(e))


def test_no_mechanism_raises() -> None:
    parent, child = _SPAWN.Pipe()
    process = _SPAWN.Process(target=_refusing_worker, args=(child,), daemon=True)
    process.start()
    child.close()
    assert parent.poll(60)
    assert "could not forbid network access" in parent.recv()
    process.join(10)


def test_the_test_process_itself_is_not_walled() -> None:
    assert netwall.network_forbidden() is False
    with pytest.raises(ValueError, match="unknown mechanism"):
        netwall.forbid_network(mechanisms=("landlock",))


def _families_and_hatches_worker(conn: Connection, allow_unix: bool) -> None:
    """Which socket families and which other syscalls the seccomp wall lets through."""
    netwall.forbid_network(allow_unix=allow_unix, mechanisms=("seccomp",))
    out: dict[str, str] = {}
    for name in ("AF_UNIX", "AF_INET", "AF_INET6", "AF_NETLINK", "AF_PACKET", "AF_VSOCK"):
        family = getattr(socket, name, None)
        if family is None:
            continue
        kind = socket.SOCK_RAW if name in ("AF_NETLINK", "AF_PACKET") else socket.SOCK_STREAM
        try:
            socket.socket(family, kind).close()
            out[name] = "ok"
        except OSError as e:
            out[name] = _errno_name(e.errno)
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    arch = seccomp._ARCHES[platform.machine()]
    params = ctypes.create_string_buffer(120)  # struct io_uring_params
    calls: dict[str, tuple[int, ...]] = {
        "io_uring_setup": (arch.denied["io_uring_setup"], 1, ctypes.addressof(params)),
        "pidfd_getfd": (arch.denied["pidfd_getfd"], -1, 0, 0),  # EBADF without the wall
        "process_vm_readv": (arch.denied["process_vm_readv"], 1, 0, 0, 0, 0, 0),
    }
    if arch.x32:
        calls["x32_getpid"] = (0x40000000 | 39,)  # ENOSYS without the wall on most kernels
    for name, args in calls.items():
        rc = libc.syscall(*(ctypes.c_long(a) for a in args))
        out[name] = "ok" if rc >= 0 else _errno_name(ctypes.get_errno())
    out["getpid"] = "ok" if libc.syscall(ctypes.c_long(39 if arch.x32 else 172)) == os.getpid() else "wrong"
    conn.send(out)


def _errno_name(number: int | None) -> str:
    return errno.errorcode.get(number or 0, str(number))


@pytest.mark.parametrize("allow_unix", [False, True])
def test_seccomp_families_and_escape_hatches(allow_unix: bool) -> None:
    parent, child = _SPAWN.Pipe()
    process = _SPAWN.Process(target=_families_and_hatches_worker, args=(child, allow_unix), daemon=True)
    process.start()
    child.close()
    assert parent.poll(60)
    out: dict[str, str] = parent.recv()
    process.join(10)
    print(out)
    assert out.pop("AF_UNIX") == ("ok" if allow_unix else "EACCES")
    assert out.pop("getpid") == "ok"
    for name in ("io_uring_setup",):
        assert out.pop(name) == "ENOSYS"
    assert all(v in ("EACCES", "EPERM") for v in out.values()), out


@pytest.mark.parametrize("arch", sorted(seccomp._ARCHES))
@pytest.mark.parametrize("allow_unix", [False, True])
def test_filter_assembles_for_every_arch(arch: str, allow_unix: bool) -> None:
    program = seccomp._seccomp_program(seccomp._ARCHES[arch], allow_unix)
    assert 10 < len(program) < 40
    assert program[-1] == (seccomp._RET_K, 0, 0, seccomp._RET_KILL_PROCESS)
    assert all(code != seccomp._RET_K or k >> 16 in (0x7FFF, 0x5, 0x8000) for code, _, _, k in program)
