"""The example queries' tests (tests/test_examples.py), every one of them, against the bundled build served from a
real Virtuoso and a real Oxigraph server (`jkg serve --engine`) instead of the build's own store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask.testing import FlaskClient

import tests.test_examples as local
from jkg.etl.build import build
from tests.conftest import BASE
from tests.enginefixtures import engine_client, oxigraph, store, virtuoso

__all__ = ["oxigraph", "store", "virtuoso"]  # fixtures

for _name, _test in vars(local).items():
    if _name.startswith("test_"):
        globals()[_name] = _test


@pytest.fixture(scope="module")
def client(store: object, bundled_out: Path) -> Iterator[FlaskClient]:
    yield from engine_client(store, bundled_out)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def figures(store: object, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FlaskClient]:
    out = tmp_path_factory.mktemp("figures") / "jkg-data"
    build(local.FIGURES, out, BASE)
    yield from engine_client(store, out)  # type: ignore[arg-type]
