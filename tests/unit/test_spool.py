"""Where a large answer is kept on its way to the client: a spool folder removed under the server is made again,
and one that cannot be written is the server's 503, never the query's 400."""

from __future__ import annotations

import shutil
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
