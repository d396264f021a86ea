"""Shared fixtures: the bundled build, CLI runs, graph loading. Paths are relative to this file."""

from __future__ import annotations

import gzip
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import rdflib
from flask.testing import FlaskClient

from jkg.etl.build import build

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
BUNDLED = sorted((ROOT / "data" / "sources").glob("*.txt"))
BASE = "https://data.jimujigyo-kg.example/"
JKG = rdflib.Namespace("https://data.jimujigyo-kg.example/def/jkg#")
ID = rdflib.Namespace(BASE + "id/")
TSUKUBA = rdflib.Namespace(BASE + "id/lg/082201/")  # つくば市's own resources: units, projects, sheets, rows


def jkg(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run the installed `jkg` console script as a user would."""
    exe = Path(sys.executable).with_name("jkg")
    return subprocess.run([str(exe), *args], capture_output=True, text=True, cwd=cwd, timeout=timeout, check=False)


def data_graph(out: Path) -> rdflib.Graph:
    """The published data graph, read back from the gzipped N-Triples dump."""
    g = rdflib.Graph()
    with gzip.open(out / "current" / "dumps" / "data.nt.gz", "rb") as f:
        g.parse(data=f.read(), format="nt")
    return g


@pytest.fixture(scope="session")
def bundled_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled list built once for the whole session."""
    out = tmp_path_factory.mktemp("bundled") / "jkg-data"
    build(BUNDLED, out, BASE)
    return out


@pytest.fixture(scope="session")
def figures_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture lists of 三鷹市 with money, directions, legal bases, the policy hierarchy and indicators
    (tests/fixtures/figures: FY2023 and FY2024), built once for the whole session."""
    out = tmp_path_factory.mktemp("figures") / "jkg-data"
    build(sorted((TESTS / "fixtures" / "figures").glob("*.csv")), out, BASE)
    return out


@pytest.fixture(scope="module")
def figures(figures_out: Path) -> Iterator[FlaskClient]:
    from jkg.server.app import create_app

    app = create_app({"data": str(figures_out)})
    yield app.test_client()
    app.extensions["jkg_builds"].close()


@pytest.fixture(scope="session")
def figures_graph(figures_out: Path) -> rdflib.Graph:
    return data_graph(figures_out)


@pytest.fixture(scope="session")
def bundled_graph(bundled_out: Path) -> rdflib.Graph:
    return data_graph(bundled_out)


@pytest.fixture(scope="module")
def client(bundled_out: Path) -> Iterator[FlaskClient]:
    """The real app over the bundled build (real query worker processes), one per test module."""
    from jkg.server.app import create_app

    app = create_app({"data": str(bundled_out)})
    yield app.test_client()
    app.extensions["jkg_builds"].close()
