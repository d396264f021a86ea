"""The wheel a user installs holds everything the commands read: bundled data, queries, templates, scripts."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import ROOT


def test_the_wheel_holds_every_bundled_file(tmp_path: Path) -> None:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = [
        *(
            f"jkg/_bundled/{p.relative_to(ROOT)}"
            for d in ("ontology", "shapes", "queries")
            for p in (ROOT / d).glob("*")
        ),
        *(f"jkg/_bundled/{p.relative_to(ROOT)}" for p in (ROOT / "data").rglob("*") if p.is_file()),
        *(
            str(p.relative_to(ROOT))
            for d in ("templates", "static")
            for p in (ROOT / "server" / d).rglob("*")
            if p.is_file()
        ),
    ]
    assert len(expected) > 30
    missing = [name for name in expected if name not in names]
    assert not missing, f"not in the wheel: {missing}"
