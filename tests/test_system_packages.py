"""tests/system-packages.sh, part of the README's test command: finds Debian's chromium, fonts-noto-cjk and
virtuoso-opensource, or
installs them with apt-get (as root or through sudo), or says the exact command. apt-get, sudo and id are
stand-ins here that record how they were called, so that the test installs nothing."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "tests" / "system-packages.sh"
TOOLS = ("sh", "sed", "grep", "cat", "echo")


def run(
    tmp_path: Path, *, chromium: bool, fonts: bool, uid: int, sudo: bool, virtuoso: bool = True
) -> tuple[subprocess.CompletedProcess[str], str]:
    """Run the script with a PATH holding only basic tools and the given stand-ins; (result, what apt-get got)."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls"
    for tool in TOOLS:
        found = shutil.which(tool)
        assert found is not None
        (bin_dir / tool).symlink_to(found)

    def stand_in(name: str, body: str) -> None:
        (bin_dir / name).write_text(f"#!/bin/sh\n{body}\n")
        (bin_dir / name).chmod(0o755)

    stand_in("apt-get", f'echo "apt-get $*" >> {log}')
    stand_in("id", f"echo {uid}")
    stand_in("dpkg-query", 'echo "install ok installed"' if fonts else "exit 1")
    if chromium:
        stand_in("chromium", "exit 0")
    if virtuoso:
        stand_in("virtuoso-t", "exit 0")
    if sudo:
        stand_in("sudo", f'echo "sudo $*" >> {log}; [ "$1" = -n ] && exit 0; "$@"')
    result = subprocess.run(
        ["/bin/sh", str(SCRIPT)], capture_output=True, text=True, env={"PATH": str(bin_dir)}, check=False
    )
    return result, log.read_text() if log.exists() else ""


def test_nothing_is_installed_when_both_are_there(tmp_path: Path) -> None:
    result, calls = run(tmp_path, chromium=True, fonts=True, uid=1000, sudo=False)
    assert result.returncode == 0 and calls == "" and result.stderr == ""


@pytest.mark.parametrize(
    ("chromium", "fonts", "wanted"),
    [(False, True, "chromium"), (True, False, "fonts-noto-cjk"), (False, False, "chromium fonts-noto-cjk")],
)
def test_root_installs_what_is_missing(tmp_path: Path, chromium: bool, fonts: bool, wanted: str) -> None:
    result, calls = run(tmp_path, chromium=chromium, fonts=fonts, uid=0, sudo=False)
    assert result.returncode == 0, result.stderr
    assert calls.splitlines() == ["apt-get update -qq", f"apt-get install -y -qq {wanted}"]


def test_virtuoso_is_installed_when_missing(tmp_path: Path) -> None:
    result, calls = run(tmp_path, chromium=True, fonts=True, uid=0, sudo=False, virtuoso=False)
    assert result.returncode == 0, result.stderr
    assert calls.splitlines() == ["apt-get update -qq", "apt-get install -y -qq virtuoso-opensource"]


def test_sudo_is_used_when_it_needs_no_password(tmp_path: Path) -> None:
    result, calls = run(tmp_path, chromium=False, fonts=True, uid=1000, sudo=True)
    assert result.returncode == 0, result.stderr
    assert "apt-get install -y -qq chromium" in calls and calls.startswith("sudo -n true")


def test_without_root_it_says_the_exact_command(tmp_path: Path) -> None:
    result, calls = run(tmp_path, chromium=False, fonts=False, uid=1000, sudo=False)
    assert result.returncode == 1 and calls == ""
    assert "apt-get update && apt-get install -y chromium fonts-noto-cjk" in result.stderr


def test_the_readme_test_command_runs_it_and_ci_runs_that_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("<!-- test-command -->") : readme.index("<!-- /test-command -->")]
    assert "sh tests/system-packages.sh &&" in block
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "apt-get" not in ci, ".ci/run installs nothing of its own: the README's test command does"
    assert os.access(SCRIPT, os.X_OK)
