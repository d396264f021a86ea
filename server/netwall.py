"""A wall below the SPARQL guard: make the current process unable to open network connections.

`forbid_network()` is meant to be the first thing a query worker does, before it opens the store (which
starts RocksDB threads) and before it accepts jobs.  Its main mechanism is a seccomp-bpf filter built
here by hand (stdlib + ctypes, no libseccomp): from then on `socket()` fails with EACCES for every
address family (optionally except AF_UNIX), so no TCP, UDP, raw, netlink, packet or vsock socket can be
made, and therefore nothing can be connected, sent or resolved over the network.  The calls that could
get round that are refused too: io_uring (it can create and connect sockets without `socket()`),
`pidfd_getfd`/`ptrace`/`process_vm_*` (taking a socket or memory from another process of the same user).
Already open descriptors, such as a multiprocessing Pipe (an AF_UNIX socketpair), keep working.

The filter needs no privilege (PR_SET_NO_NEW_PRIVS first), applies to every thread of the process
(SECCOMP_FILTER_FLAG_TSYNC) and to every process it later starts, and cannot be lifted.

If seccomp is not available, a fallback moves the process into a new, empty network namespace
(unshare CLONE_NEWNET, with CLONE_NEWUSER when not privileged); that only works while the process has
a single thread.  If neither works, `NetworkWallUnavailable` is raised: the caller decides whether to
refuse to serve (recommended) or to go on with a loud warning.
"""

from __future__ import annotations

import ctypes
import errno
import os
import socket
from collections.abc import Sequence

from jkg.server import seccomp

__all__ = ["MECHANISMS", "NetworkWallUnavailable", "forbid_network", "network_forbidden"]

MECHANISMS: tuple[str, ...] = ("seccomp", "netns")


class NetworkWallUnavailable(RuntimeError):
    """No mechanism could forbid network access in this process; the message says why each one failed."""


# --- network namespace (fallback) ----------------------------------------------------------------

_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def _write(path: str, text: str) -> None:
    with open(path, "w", encoding="ascii") as f:
        f.write(text)


def _unshare_netns() -> str:
    if os.uname().sysname != "Linux":
        raise OSError(errno.ENOSYS, "network namespaces exist only on Linux")
    # Namespaces belong to a thread, not to the process: unshare() moves only the calling thread, so
    # threads that already exist would keep the network.  (And CLONE_NEWUSER refuses a threaded caller.)
    threads = seccomp.thread_count()
    if threads != 1:
        raise OSError(errno.EINVAL, f"unshare() needs a single-threaded process, this one has {threads} threads")
    libc = seccomp.load_libc()
    uid, gid = os.geteuid(), os.getegid()
    # With a new user namespace too, even root loses its capabilities over the host's namespaces, so it
    # cannot setns() back into the host's network; CLONE_NEWNET alone is the privileged last resort.
    if libc.unshare(ctypes.c_int(_CLONE_NEWUSER | _CLONE_NEWNET)) != 0:
        e = ctypes.get_errno()
        if libc.unshare(ctypes.c_int(_CLONE_NEWNET)) == 0:
            return (
                "network namespace: unshare(CLONE_NEWNET), only a down loopback "
                f"(CLONE_NEWUSER failed: {os.strerror(e)}; a privileged process could setns() back)"
            )
        raise OSError(e, f"unshare(CLONE_NEWUSER|CLONE_NEWNET): {os.strerror(e)}")
    try:  # keep the same ids inside the namespace (file access is checked against the real ids anyway)
        _write("/proc/self/uid_map", f"{uid} {uid} 1\n")
        _write("/proc/self/setgroups", "deny\n")
        _write("/proc/self/gid_map", f"{gid} {gid} 1\n")
    except OSError:
        pass  # ids then show as the overflow id (65534); the namespace is in force all the same
    return "network namespace: unshare(CLONE_NEWUSER|CLONE_NEWNET), only a down loopback"


# --- public API ----------------------------------------------------------------------------------


def forbid_network(*, allow_unix: bool = False, mechanisms: Sequence[str] = MECHANISMS) -> str:
    """Make this process (all its threads, and every process it starts) unable to reach any network.

    Tries each of `mechanisms` in order ("seccomp", then "netns") and returns a description of the one
    that took effect, after checking it with `network_forbidden()`.  `allow_unix` lets seccomp still
    allow new AF_UNIX sockets (local IPC; note that nscd, systemd-resolved or avahi could resolve names
    for the process through one).  Already open descriptors are never affected.  Raises
    `NetworkWallUnavailable` if no mechanism works.
    """
    failures: list[str] = []
    for mechanism in mechanisms:
        try:
            if mechanism == "seccomp":
                description = seccomp.install(allow_unix)
            elif mechanism == "netns":
                description = _unshare_netns()
            else:
                raise ValueError(f"unknown mechanism {mechanism!r}; known: {', '.join(MECHANISMS)}")
        except OSError as e:
            failures.append(f"{mechanism}: {e.strerror or e}")
            continue
        if network_forbidden():
            return description
        failures.append(f"{mechanism}: applied, but a probe could still reach a network")
    raise NetworkWallUnavailable("could not forbid network access: " + "; ".join(failures or ["no mechanism tried"]))


def _family_walled(family: socket.AddressFamily, targets: tuple[str, ...]) -> bool:
    """True if no socket of `family` can be made, or one can but has a route to none of `targets`.

    A UDP connect() only looks up a route and binds a local address: it sends nothing.
    """
    try:
        s = socket.socket(family, socket.SOCK_DGRAM)
    except PermissionError:
        return True
    except OSError as e:
        return e.errno in (errno.EAFNOSUPPORT, errno.EPROTONOSUPPORT)  # e.g. IPv6 disabled in this kernel
    with s:
        for target in targets:
            try:
                s.connect((target, 9))
            except OSError as e:
                if e.errno in (errno.ENETUNREACH, errno.EADDRNOTAVAIL, errno.EHOSTUNREACH):
                    continue
                return False  # some other error: do not claim the network is walled
            return False
    return True


def network_forbidden() -> bool:
    """Probe (without sending anything): True if this process can open no IPv4 or IPv6 socket that goes anywhere."""
    return _family_walled(socket.AF_INET, ("127.0.0.1", "192.0.2.1")) and _family_walled(
        socket.AF_INET6, ("::1", "2001:db8::1")
    )
