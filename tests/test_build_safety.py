"""Builds that cannot publish say so and leave the published build alone: a second build into the same folder
is refused while one runs, a killed build's validation processes exit with it, and a full disk or a read-only
folder is one line and exit 2. Real `jkg build` processes."""

from __future__ import annotations

import fcntl
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bench.synth import generate
from tests.conftest import jkg

JKG = str(Path(sys.executable).with_name("jkg"))


def test_a_second_build_into_the_same_folder_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with (data / ".build.lock").open("w") as held:  # as a running build holds it
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write(f"{os.getpid()}\n")
        held.flush()
        result = jkg("build", "--out", str(data), "--no-progress")
    assert result.returncode == 2
    assert f"another build is running (pid {os.getpid()})" in result.stderr
    assert not (data / "current").exists()
    assert jkg("build", "--out", str(data), "--no-progress").returncode == 0, "the lock ends with its holder"


def children(pid: int) -> set[int]:
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry))
    return found


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def assert_exit(pids: set[int], what: str, seconds: float) -> None:
    """Wait until every process of pids has exited; fail (killing those left) after seconds."""
    deadline = time.monotonic() + seconds
    while alive := {pid for pid in pids if running(pid)}:
        if time.monotonic() > deadline:
            for pid in alive:
                os.kill(pid, signal.SIGKILL)
            pytest.fail(f"{what} {sorted(alive)} outlived the killed build")
        time.sleep(0.1)


def test_validation_processes_exit_with_a_killed_build(tmp_path: Path) -> None:
    source = generate(3000, tmp_path / "list.txt")
    data = tmp_path / "data"
    assert jkg("build", "--out", str(data), "--no-progress").returncode == 0
    published = (data / "current").resolve()
    build = subprocess.Popen(
        [
            JKG,
            "build",
            str(source),
            "--municipality",
            "082201",
            "--out",
            str(data),
            "--batch-rows",
            "50",
            "--workers",
            "2",
            "--no-progress",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while len(workers := children(build.pid)) < 2:
            assert build.poll() is None and time.monotonic() < deadline, "the validation pool never started"
            time.sleep(0.05)
    finally:
        build.send_signal(signal.SIGKILL)
        build.wait()
    assert_exit(workers, "validation processes", 30)
    assert (data / "current").resolve() == published
    assert jkg("build", "--out", str(data), "--no-progress").returncode == 0, "the killed build left no lock"


def in_small_filesystem(script: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run a shell script with a 6 MiB tmpfs at $MNT (one bundled build fits, a second does not), in a user and mount
    namespace of its own."""
    if shutil.which("unshare") is None or subprocess.run(["unshare", "-Urm", "true"], check=False).returncode:
        pytest.skip("needs user and mount namespaces (util-linux unshare) for a small filesystem")
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    full = f"mount -t tmpfs -o size=6m tmpfs {mnt} && MNT={mnt} JKG={JKG} && {script}"
    return subprocess.run(["unshare", "-Urm", "sh", "-c", full], capture_output=True, text=True, timeout=300)


def test_a_full_disk_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = in_small_filesystem(
        '"$JKG" build --out "$MNT/data" --no-progress >/dev/null 2>&1 || exit 9; readlink "$MNT/data/current"; '
        '"$JKG" build --out "$MNT/data" --no-progress; echo "exit $?"; '
        'readlink "$MNT/data/current"; ls "$MNT/data/builds"; test -f "$MNT/data/current/build.json" && echo ok',
        tmp_path,
    )
    first, status, after, *builds = result.stdout.splitlines()
    assert status == "exit 2", result.stdout + result.stderr
    assert after == first and builds == [first.rsplit("/", 1)[-1], "ok"], "the published build must stay whole"
    assert result.stderr.strip().count("\n") == 0 and "no space left" in result.stderr, result.stderr


def test_a_read_only_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = in_small_filesystem(
        '"$JKG" build --out "$MNT/data" --no-progress >/dev/null 2>&1 || exit 9; mount -o remount,ro "$MNT"; '
        '"$JKG" build --out "$MNT/data" --no-progress; echo "exit $?"',
        tmp_path,
    )
    assert "exit 2" in result.stdout, result.stdout + result.stderr
    assert result.stderr.strip().count("\n") == 0 and "read-only file system" in result.stderr, result.stderr
