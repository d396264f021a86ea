"""The README's commands work as written."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

from tests.conftest import ROOT
from tests.serving import free_port

README = (ROOT / "README.md").read_text(encoding="utf-8")


def block(marker: str) -> str:
    section = README.split(f"<!-- {marker} -->", 1)[1].split(f"<!-- /{marker} -->", 1)[0]
    return re.search(r"```sh\n(.+?)\n```", section, re.DOTALL).group(1).strip()  # type: ignore[union-attr]


def test_readme_opens_with_the_two_commands() -> None:
    head = README[: README.index("## Commands")]
    assert "<!-- main-command -->" in head and "<!-- test-command -->" in head
    assert block("main-command").endswith("jkg serve")
    assert block("test-command").endswith("pytest")
    assert "test-command" in (ROOT / ".ci" / "run").read_text(), ".ci/run must run the README's test command"


def test_main_command_builds_and_serves(tmp_path: Path) -> None:
    """Run the first command exactly as written (in the checkout), on an empty data folder."""
    port = free_port()
    env = {**os.environ, "JKG_DATA": str(tmp_path / "jkg-data"), "JKG_PORT": str(port)}
    process = subprocess.Popen(
        ["bash", "-c", block("main-command")],
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 240
        sheets = "SELECT (COUNT(*) AS ?n) WHERE { ?s a <https://data.jimujigyo-kg.example/def/jkg#ProjectSheet> }"
        query = urllib.parse.urlencode({"query": sheets})
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/sparql?{query}", timeout=5) as r:
                    body = json.load(r)
                break
            except OSError:
                assert process.poll() is None, process.stdout.read() if process.stdout else ""
                assert time.monotonic() < deadline, "the README's main command did not serve in time"
                time.sleep(0.5)
        assert body["results"]["bindings"][0]["n"]["value"] == "47"
        assert (tmp_path / "jkg-data" / "current" / "build.json").is_file()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(30)
        if process.stdout:
            process.stdout.close()
