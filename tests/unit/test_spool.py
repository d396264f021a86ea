"""Where a large answer is kept on its way to the client: a spool folder removed under the server is made again,
one that cannot be written is the server's 503, never the query's 400, and the folders of servers no longer
running are removed (only those)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from jkg.server import spool, worker

ROWS = "SELECT ?n WHERE { VALUES ?n { " + " ".join(f'"{"x" * 200}{i}"' for i in range(6000)) + " } }"  # ~1.4 MB


def job() -> worker.Job:
    return worker.Job(ROWS, "json", 10_000)


def test_a_large_answer_goes_to_a_spool_folder_made_again(tmp_path: Path) -> None:
    folder = tmp_path / "jkg-answers-x"
    folder.mkdir()
    shutil.rmtree(folder)  # a cleaner of /tmp took it
    answer = worker.execute(ox.Store(), job(), str(folder))
    assert answer.status == 200 and answer.rows == 6000 and answer.spool
    assert Path(answer.spool).parent == folder and Path(answer.spool).stat().st_size == answer.size > spool.IN_MEMORY
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_spool_folder_that_cannot_be_written_is_the_servers_503(tmp_path: Path) -> None:
    target = tmp_path / "spool"
    target.write_text("")  # a file where the folder should be: no answer can be written there
    answer = worker.execute(ox.Store(), job(), str(target))
    assert (answer.status, answer.code, answer.headers) == (503, "unavailable", {"Retry-After": "5"})
    assert "could not keep this answer on its disk" in answer.error
    assert not list(tmp_path.rglob("*.answer"))


def test_only_the_folders_of_servers_no_longer_running_are_removed(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = int(done.stdout)  # a process that ran and was reaped
    gone = tmp_path / f"jkg-answers-{dead}-k3x_9q"
    gone.mkdir()
    (gone / f"{dead + 1}-a1.answer").write_bytes(b"x" * 4096)  # an answer it was sending
    live = tmp_path / f"jkg-answers-{os.getpid()}-m2c8aa"  # this process: running
    live.mkdir()
    legacy = tmp_path / "jkg-answers-zoo6vl8b"  # named before folders carried their server's pid
    legacy.mkdir()
    not_a_folder = tmp_path / f"jkg-answers-{dead}-file"
    not_a_folder.write_text("")
    link = tmp_path / f"jkg-answers-{dead}-link"
    link.symlink_to(live)
    assert spool.remove_orphans(str(tmp_path)) == [str(gone)]
    assert not gone.exists() and live.is_dir() and legacy.is_dir() and not_a_folder.is_file() and link.is_symlink()
    assert spool.remove_orphans(str(tmp_path)) == []
