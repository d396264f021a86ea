"""Fixtures for the tests against real stores: one Virtuoso and one Oxigraph server per module, builds to publish."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from subprocess import CompletedProcess

import pytest
from flask.testing import FlaskClient

from tests import engines


def need(finder: str) -> None:
    """Skip (or, in CI, fail) when a store's binary is missing."""
    try:
        getattr(engines, finder)()
    except engines.EngineError as e:
        if engines.REQUIRE:
            pytest.fail(f"a store the tests need is missing: {e}")
        pytest.skip(str(e))


def copy_build(data: Path, target: Path, name: str) -> Path:
    """A copy of a data folder whose current build is renamed `name` (a build of its own, to publish)."""
    current = (data / "current").resolve()
    shutil.copytree(current, target / "builds" / name, symlinks=True)
    (target / "current").symlink_to(Path("builds") / name)
    return target


def run_publish(
    store: engines.Store, data: Path, *args: str, env: dict[str, str] | None = None
) -> CompletedProcess[str]:
    """`jkg publish --to` a store as a user would, the writer's credentials in the environment."""
    credentials = {"JKG_ENGINE_USER": store.user, "JKG_ENGINE_PASSWORD": store.password} if store.user else {}
    exe = Path(sys.executable).with_name("jkg")
    command = [str(exe), "publish", "--to", store.gsp_url, "--data", str(data), "--no-progress", *args]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        env={**os.environ, **credentials, **(env or {})},
    )


def publish(store: engines.Store, data: Path, *args: str, env: dict[str, str] | None = None) -> str:
    """Publish and expect success; the summary it prints."""
    done = run_publish(store, data, *args, env=env)
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[engines.Virtuoso]:
    need("find_virtuoso")
    need("find_isql")
    with engines.virtuoso_server(tmp_path_factory.mktemp("virtuoso")) as store:
        yield store


@pytest.fixture(scope="module")
def oxigraph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[engines.Store]:
    need("find_oxigraph")
    with engines.oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as store:
        yield store


@pytest.fixture(scope="module", params=["virtuoso", "oxigraph"])
def store(request: pytest.FixtureRequest) -> engines.Store:
    found = request.getfixturevalue(request.param)
    assert isinstance(found, engines.Store)
    return found


def engine_client(store: engines.Store, data: Path, **conf: object) -> Iterator[FlaskClient]:
    """The real app serving `data`'s build from `store` (published there first), with real check workers."""
    from jkg.server.app import create_app

    publish(store, data)
    app = create_app({"data": str(data), "engine": store.query_url, **conf})
    try:
        yield app.test_client()
    finally:
        app.extensions["jkg_builds"].close()
