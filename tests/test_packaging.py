"""The wheel a user installs: one import package (jkg) holding everything the commands read, and it works alone."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    (found,) = out.glob("*.whl")
    return found


def test_the_wheel_holds_every_bundled_file(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = [
        *(
            f"jkg/_bundled/{p.relative_to(ROOT)}"
            for d in ("ontology", "shapes", "queries")
            for p in (ROOT / d).rglob("*")
            if p.is_file()  # ontology/releases/ too
        ),
        *(f"jkg/_bundled/{p.relative_to(ROOT)}" for p in (ROOT / "data").rglob("*") if p.is_file()),
        *(f"jkg/{p.relative_to(ROOT)}" for d in ("etl", "server") for p in (ROOT / d).rglob("*.py")),
        *(
            f"jkg/{p.relative_to(ROOT)}"
            for d in ("templates", "static")
            for p in (ROOT / "server" / d).rglob("*")
            if p.is_file()
        ),
    ]
    assert len(expected) > 60
    missing = [name for name in expected if name not in names]
    assert not missing, f"not in the wheel: {missing}"


def test_the_wheel_installs_one_import_package(wheel: Path) -> None:
    tops = {name.split("/")[0] for name in zipfile.ZipFile(wheel).namelist()}
    assert tops == {"jkg", f"{wheel.name.split('-')[0]}-{wheel.name.split('-')[1]}.dist-info"}


@pytest.mark.slow
def test_the_installed_wheel_works_alone(wheel: Path, tmp_path: Path) -> None:
    """In a fresh virtual environment (no checkout on sys.path): jkg imports, etl and server do not, and the
    bundled list builds and answers a query."""
    env = tmp_path / "venv"
    venv.create(env, with_pip=True)
    python = env / "bin" / "python"
    alone = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # a developer's PYTHONPATH is a checkout
    installed = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel)], capture_output=True, text=True, timeout=600, env=alone
    )
    assert installed.returncode == 0, installed.stderr
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
        env=alone,
    ).stdout.strip()
    ours = {p.name for p in Path(site).iterdir() if p.name == "jkg" or p.name.startswith("jimujigyo_kg")}
    assert ours == {"jkg", "jimujigyo_kg-0.1.0.dist-info"}
    assert not (Path(site) / "etl").exists() and not (Path(site) / "server").exists()
    for bare in ("etl", "server"):
        probe = subprocess.run(
            [str(python), "-c", f"import {bare}"], capture_output=True, text=True, cwd=tmp_path, env=alone
        )
        assert probe.returncode != 0, f"import {bare} should fail outside the checkout"
    jkg = env / "bin" / "jkg"
    built = subprocess.run(
        [str(jkg), "build", "--out", str(tmp_path / "data"), "--no-progress"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        env=alone,
    )
    assert built.returncode == 0, built.stderr
    query = "SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://data.jimujigyo-kg.example/def/jkg#Project> }"
    answered = subprocess.run(
        [str(jkg), "query", query, "--data", str(tmp_path / "data"), "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
        env=alone,
    )
    assert answered.returncode == 0, answered.stderr
    assert answered.stdout.split() == ["n", "47"]
