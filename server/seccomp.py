"""A seccomp-bpf filter, assembled here (stdlib + ctypes, no libseccomp), that refuses socket() for every
address family (optionally except AF_UNIX), io_uring (which can make and connect sockets without socket()) and
the calls that take another process's sockets or memory (pidfd_getfd, ptrace, process_vm_*). Installed with
PR_SET_NO_NEW_PRIVS (no privilege needed) and SECCOMP_FILTER_FLAG_TSYNC (every thread); it cannot be lifted
and every child inherits it. Used by jkg.server.netwall.
"""

from __future__ import annotations

import ctypes
import errno
import os
import platform
import socket
from dataclasses import dataclass


@dataclass(frozen=True)
class _Arch:
    name: str
    audit_arch: int  # AUDIT_ARCH_* from <linux/audit.h>, checked against seccomp_data.arch
    x32: bool  # x86_64 kernels also accept x32 syscalls (nr | 0x40000000) under the same audit arch
    socket: int
    seccomp: int
    denied: dict[str, int]  # syscalls refused outright (with EPERM, io_uring with ENOSYS)


_IO_URING = {"io_uring_setup": 425, "io_uring_enter": 426, "io_uring_register": 427}
_ARCHES: dict[str, _Arch] = {
    "x86_64": _Arch(
        "x86_64",
        0xC000003E,
        True,
        socket=41,
        seccomp=317,
        denied={"ptrace": 101, "process_vm_readv": 310, "process_vm_writev": 311, "pidfd_getfd": 438} | _IO_URING,
    ),
    "aarch64": _Arch(
        "aarch64",
        0xC00000B7,
        False,
        socket=198,
        seccomp=277,
        denied={"ptrace": 117, "process_vm_readv": 270, "process_vm_writev": 271, "pidfd_getfd": 438} | _IO_URING,
    ),
}
_MACHINE_ALIASES = {"amd64": "x86_64", "arm64": "aarch64"}

_PR_SET_NO_NEW_PRIVS = 38
_PR_SET_SECCOMP = 22
_SECCOMP_MODE_FILTER = 2
_SECCOMP_SET_MODE_FILTER = 1
_SECCOMP_FILTER_FLAG_TSYNC = 1

_RET_ALLOW = 0x7FFF0000
_RET_ERRNO = 0x00050000
_RET_KILL_PROCESS = 0x80000000

_LD_W_ABS = 0x20  # BPF_LD | BPF_W | BPF_ABS
_JEQ_K = 0x15  # BPF_JMP | BPF_JEQ | BPF_K
_JGE_K = 0x35  # BPF_JMP | BPF_JGE | BPF_K
_RET_K = 0x06  # BPF_RET | BPF_K

_OFF_NR = 0  # offsets into struct seccomp_data
_OFF_ARCH = 4
_OFF_ARG0_LOW = 16  # low 32 bits of args[0] on little-endian machines (both supported ones are)
_X32_SYSCALL_BIT = 0x40000000


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


# An instruction before assembly: (code, k, jump-if-true label, jump-if-false label); None = next one.
_Insn = tuple[int, int, str | None, str | None]


def _assemble(program: list[_Insn | str]) -> list[tuple[int, int, int, int]]:
    """Resolve labels (bare strings in the list) into BPF's relative jump offsets."""
    labels: dict[str, int] = {}
    insns: list[_Insn] = []
    for item in program:
        if isinstance(item, str):
            labels[item] = len(insns)
        else:
            insns.append(item)
    out: list[tuple[int, int, int, int]] = []
    for i, (code, k, jt, jf) in enumerate(insns):
        offsets = [0 if label is None else labels[label] - i - 1 for label in (jt, jf)]
        if any(not 0 <= o <= 255 for o in offsets):
            raise ValueError(f"BPF instruction {i} jumps {offsets}: jumps go forward only, 255 at most")
        out.append((code, offsets[0], offsets[1], k))
    return out


def _seccomp_program(arch: _Arch, allow_unix: bool) -> list[tuple[int, int, int, int]]:
    """The filter: native arch only; socket() only for AF_UNIX (if allowed); a few escape hatches closed."""
    program: list[_Insn | str] = [
        (_LD_W_ABS, _OFF_ARCH, None, None),
        (_JEQ_K, arch.audit_arch, None, "kill"),  # a foreign ABI (e.g. int 0x80 on x86_64) has other numbers
        (_LD_W_ABS, _OFF_NR, None, None),
    ]
    if arch.x32:
        program.append((_JGE_K, _X32_SYSCALL_BIT, "eperm", None))
    program.append((_JEQ_K, arch.socket, "socket", None))
    for name, nr in arch.denied.items():
        program.append((_JEQ_K, nr, "enosys" if name.startswith("io_uring") else "eperm", None))
    program += [
        "allow",
        (_RET_K, _RET_ALLOW, None, None),
        "socket",
        (_LD_W_ABS, _OFF_ARG0_LOW, None, None),
    ]
    if allow_unix:
        program += [(_JEQ_K, socket.AF_UNIX, None, "refuse"), (_RET_K, _RET_ALLOW, None, None), "refuse"]
    program += [
        (_RET_K, _RET_ERRNO | errno.EACCES, None, None),
        "eperm",
        (_RET_K, _RET_ERRNO | errno.EPERM, None, None),
        "enosys",
        (_RET_K, _RET_ERRNO | errno.ENOSYS, None, None),
        "kill",
        (_RET_K, _RET_KILL_PROCESS, None, None),
    ]
    return _assemble(program)


def load_libc() -> ctypes.CDLL:
    libc = ctypes.CDLL(None, use_errno=True)
    libc.syscall.restype = ctypes.c_long
    libc.prctl.restype = ctypes.c_int
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    return libc


def _native_arch() -> _Arch:
    if os.uname().sysname != "Linux":
        raise OSError(errno.ENOSYS, f"seccomp exists only on Linux, not {os.uname().sysname}")
    machine = platform.machine().lower()
    machine = _MACHINE_ALIASES.get(machine, machine)
    if machine not in _ARCHES or ctypes.sizeof(ctypes.c_void_p) != 8:
        raise OSError(
            errno.ENOSYS, f"no seccomp filter is defined for {machine} ({ctypes.sizeof(ctypes.c_void_p) * 8}-bit)"
        )
    return _ARCHES[machine]


def install(allow_unix: bool) -> str:
    arch = _native_arch()
    insns = _seccomp_program(arch, allow_unix)
    array = (_SockFilter * len(insns))(*(_SockFilter(code, jt, jf, k) for code, jt, jf, k in insns))
    prog = _SockFprog(len(insns), ctypes.cast(array, ctypes.POINTER(_SockFilter)))
    libc = load_libc()
    if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        e = ctypes.get_errno()
        raise OSError(e, f"prctl(PR_SET_NO_NEW_PRIVS): {os.strerror(e)}")
    # seccomp(2) with TSYNC puts the filter on every thread (RocksDB's too, if the store is already open).
    rc = libc.syscall(
        ctypes.c_long(arch.seccomp),
        ctypes.c_uint(_SECCOMP_SET_MODE_FILTER),
        ctypes.c_uint(_SECCOMP_FILTER_FLAG_TSYNC),
        ctypes.byref(prog),
    )
    if rc != 0:
        e = ctypes.get_errno()
        if e != errno.ENOSYS:  # rc > 0 is the id of a thread that could not be synchronised
            raise OSError(e, f"seccomp(SECCOMP_SET_MODE_FILTER, TSYNC) returned {rc}: {os.strerror(e)}")
        if thread_count() != 1:  # kernel < 3.17: prctl only filters the calling thread
            raise OSError(e, "seccomp(2) is missing and the process already has threads")
        if libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.addressof(prog), 0, 0) != 0:
            e = ctypes.get_errno()
            raise OSError(e, f"prctl(PR_SET_SECCOMP): {os.strerror(e)}")
    refused = "every address family except AF_UNIX" if allow_unix else "every address family"
    return (
        f"seccomp-bpf ({arch.name}): socket() refused with EACCES for {refused}; "
        f"{', '.join(arch.denied)} refused; other ABIs kill the process"
    )


def thread_count() -> int:
    """Threads of this process (0 if unknown)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0
