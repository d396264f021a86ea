"""`jkg serve` fills only the default data folder with the bundled list; any other folder must hold a graph."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from tests.conftest import jkg
from tests.serving import free_port


def test_serve_refuses_a_data_folder_without_a_graph(tmp_path: Path) -> None:
    typo = tmp_path / "pubilc-data"
    result = jkg("serve", "--data", str(typo), "--port", str(free_port()), timeout=60)
    assert result.returncode == 2
    assert f"no published graph in {typo}" in result.stderr
    assert f"jkg build YOUR-LIST.csv --out {typo}" in result.stderr
    assert not (typo / "current").exists(), "nothing may be built into a folder the user named"


def test_serve_refuses_a_folder_whose_build_failed(tmp_path: Path) -> None:
    out = tmp_path / "public"
    bad = tmp_path / "bad.csv"
    header = "通し番号,事業番号,事務事業名,課名,事業の目的,事業の概要,成果\n"
    bad.write_text(header + "1,x,名前,部課,a,b,c\n", encoding="utf-8")
    assert jkg("build", str(bad), "--out", str(out), "--fiscal-year", "2020").returncode != 0
    result = jkg("serve", "--data", str(out), "--port", str(free_port()), timeout=60)
    assert result.returncode == 2 and "no published graph" in result.stderr


def test_serve_fills_the_default_folder_with_the_bundled_list(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "JKG_DATA"}
    exe = Path(sys.executable).with_name("jkg")
    process = subprocess.Popen(
        [str(exe), "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/-/health", timeout=2) as r:
                    assert r.status == 200
                    break
            except OSError:
                assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
                assert time.monotonic() < deadline
                time.sleep(0.3)
        assert (tmp_path / "jkg-data" / "current" / "build.json").is_file()
    finally:
        process.terminate()
        process.wait(30)
        if process.stderr:
            process.stderr.close()
